"""repository — does each repository a pull request adds meet the list's criteria?

The criteria are the list's own (`repository:` — stars, age, last push, license, archived,
a release, CI, a README; off unless set). The link checker reads the repositories through
the GitHub API before the checks run (bot.links.repos) and hands the facts over as results
named `repository:OWNER/REPO`; this module only compares them, one finding per unmet
criterion with the number it measured. What could not be read is a notice, never an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from bot.checks.base import Check, Context, Rule
from bot.checks.repository_rules import (
    ARCHIVED,
    FEW_STARS,
    INACTIVE,
    MOVED,
    NO_CI,
    NO_LICENSE,
    NO_README,
    NO_RELEASE,
    NOT_CHECKED,
    RESULT_PREFIX,
    RULES,
    TOO_YOUNG,
    RepositoryOptions,
    new_repositories,
    repository_of,
)
from bot.model import Entry, Finding, LinkResult, Repository, Severity, Verdict

_Added = tuple[Entry, str, str, LinkResult]  # entry, 'owner/repo', its URL, the result


def run(ctx: Context) -> Iterator[Finding]:
    criteria = ctx.config.option(RepositoryOptions)
    if ctx.diff.full_audit or not criteria.active:
        return
    added = list(_added(ctx))
    unread: dict[str, list[_Added]] = {}  # why, and the repositories it kept from being read
    for item in added:
        entry, name, url, result = item
        if result.repository is not None:
            yield from _judged(entry, name, url, result.repository, criteria)
            yield from _moved(ctx, entry, url, result.repository)
        elif result.verdict is Verdict.BROKEN:
            yield NOT_CHECKED.finding(
                entry.line,
                f"{_why(result)}, so this list's repository criteria could not be "
                "checked; is the link right?",
                entry_line=entry.line,
                url=url,
            )
        else:
            unread.setdefault(_why(result), []).append(item)
    for why, items in unread.items():
        yield _not_read(why, items)


def _added(ctx: Context) -> Iterator[_Added]:
    """The added entries' repositories that have a result, each once."""
    seen: set[str] = set()
    for change in new_repositories(ctx.diff, ctx.config):
        name, url = repository_of(change, ctx.config)
        result = ctx.link_results.get(RESULT_PREFIX + name) if name else None
        if name and result is not None and name not in seen:
            seen.add(name)
            yield change.head, name, url, result


def _judged(
    entry: Entry, name: str, url: str, repo: Repository, criteria: RepositoryOptions
) -> Iterator[Finding]:
    named = _named(name, repo)
    now = _when(repo.as_of)
    unmet: list[tuple[Rule, str, Severity | None]] = []
    age = _days(repo.created_at, now)
    if criteria.min_age_days is not None and age is not None and age < criteria.min_age_days:
        unmet.append(
            (
                TOO_YOUNG,
                f"{named} was created {_ago(age)}; this list asks for "
                f"{criteria.min_age_days} days (`repository.min_age_days`).",
                None,
            )
        )
    if criteria.min_stars is not None and repo.stars < criteria.min_stars:
        unmet.append(
            (
                FEW_STARS,
                f"{named} has {_stars(repo.stars)}; this list asks for "
                f"{criteria.min_stars} (`repository.min_stars`).",
                None,
            )
        )
    idle = _days(repo.pushed_at, now) if repo.pushed_at else None
    limit = criteria.max_inactive_days
    if limit is not None and idle is not None and idle > limit:
        unmet.append(
            (
                INACTIVE,
                f"{named} had its last push {_ago(idle)}; this list asks for "
                f"one within {limit} days (`repository.max_inactive_days`).",
                None,
            )
        )
    if criteria.license_required and repo.license is None:
        unmet.append(
            (
                NO_LICENSE,
                f"{named} has no license (none GitHub recognises in it); this "
                "list asks for one (`repository.license_required`).",
                None,
            )
        )
    if criteria.archived is not None and repo.archived:
        last = f", last push on {repo.pushed_at[:10]}" if repo.pushed_at else ""
        unmet.append(
            (
                ARCHIVED,
                f"{named} is archived (read-only{last}); this list does not "
                "take archived repositories (`repository.archived`).",
                criteria.archived,
            )
        )
    unmet += _missing(named, repo, criteria)
    for rule, message, severity in unmet:
        yield rule.finding(entry.line, message, entry_line=entry.line, url=url, severity=severity)


def _missing(
    named: str, repo: Repository, criteria: RepositoryOptions
) -> Iterator[tuple[Rule, str, Severity | None]]:
    """The things the list asks a repository to have that it lacks."""
    if criteria.require_release and repo.release is False:
        yield (
            NO_RELEASE,
            (
                f"{named} has published no release; this list asks for one "
                "(`repository.require_release`)."
            ),
            None,
        )
    if criteria.require_ci and repo.ci is False:
        yield (
            NO_CI,
            (
                f"{named} has no GitHub Actions workflow (`.github/workflows`); this list "
                "asks for CI (`repository.require_ci`)."
            ),
            None,
        )
    if criteria.require_readme and repo.readme is False:
        yield (
            NO_README,
            (f"{named} has no README; this list asks for one (`repository.require_readme`)."),
            None,
        )


def _moved(ctx: Context, entry: Entry, url: str, repo: Repository) -> Iterator[Finding]:
    """A renamed or transferred repository, unless the link check says so (L402)."""
    old = re.search(r"github\.com/([^/?#]+)/([^/?#]+)", url, re.I)
    if old is None or repo.full_name.lower() in (
        f"{old.group(1)}/{old.group(2)}".lower(),
        f"{old.group(1)}/{old.group(2)}.git".lower(),
    ):
        return
    known = ctx.link_results.get(url)
    if known is not None and known.verdict is Verdict.REDIRECTED:
        return
    new = url[: old.start()] + f"github.com/{repo.full_name}" + url[old.end() :]
    lines = entry.raw.splitlines()
    index = next((i for i, text in enumerate(lines) if url in text), 0)
    text = lines[index] if lines else ""
    suggestion = text.replace(url, new) if url in text else None
    message = f"{url} moved to {repo.full_name} (renamed or transferred); link the new address."
    yield MOVED.finding(entry.line + index, message, suggestion, entry_line=entry.line, url=url)


def _not_read(why: str, items: list[_Added]) -> Finding:
    """One notice for every repository one cause kept from being read."""
    entry, name, url, _ = items[0]
    others = len(items) - 1
    more = f" and {others} other repositor{'y' if others == 1 else 'ies'}" if others else ""
    message = (
        f"{name}{more} could not be checked against this list's repository criteria "
        f"(`repository:`): {why}."
    )
    return NOT_CHECKED.finding(entry.line, message, entry_line=entry.line, url=url)


def _named(name: str, repo: Repository) -> str:
    if repo.full_name.lower() == name:
        return repo.full_name
    return f"{repo.full_name} (moved from {name})"


def _when(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None
    except ValueError:
        return None


def _days(text: str | None, now: datetime | None) -> int | None:
    then = _when(text or "")
    if then is None or now is None or then.tzinfo is None or now.tzinfo is None:
        return None
    return max(0, (now - then).days)


def _ago(days: int) -> str:
    return "today" if days == 0 else f"{days} day{'' if days == 1 else 's'} ago"


def _stars(count: int) -> str:
    return f"{count} star{'' if count == 1 else 's'}"


def _why(result: LinkResult) -> str:
    if result.reason:
        return result.reason
    return f"HTTP {result.status}" if result.status else result.verdict.value


CHECK = Check(
    name="repository",
    title="Added repositories meet the list's criteria",
    rules=RULES,
    run=run,
    options=(RepositoryOptions,),
)
