"""link — what the link checker found, as findings at each line a problem link is written.

The checker (bot/links) does the I/O before the checks run; this module only reads its
results, so it stays pure. Only a link that is really gone is an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from bot.checks.base import Check, Context, Rule
from bot.checks.repository_rules import RepositoryOptions
from bot.config import Config
from bot.model import Change, Diff, Entry, Finding, Link, LinkResult, Severity, Verdict

_ROW = "| Paper | Code |\n|---|---|\n"
_BASE = "# Awesome X\n\n## Tools\n\n- [Alpha](https://alpha.example.org) - Does alpha.\n"

BROKEN = Rule(
    code="L401",
    name="broken-link",
    title="Link is broken (404, 410, no such host, connection refused)",
    severity=Severity.ERROR,
    check="link",
    why="Readers of the list land on an error page; the project or paper has moved or is gone.",
    base=_BASE,
    bad="- [Gone](https://gone.example.org/x) - Vanished.\n",
    good="- [Here](https://here.example.org/x) - Still here.\n",
    link_results=(
        LinkResult("https://gone.example.org/x", Verdict.BROKEN, 404, "404 Not Found"),
        LinkResult("https://here.example.org/x", Verdict.OK, 200),
    ),
)
REDIRECTED = Rule(
    code="L402",
    name="redirected-link",
    title="Link redirects permanently; link the new address",
    severity=Severity.NOTICE,
    check="link",
    why="A permanent redirect (301/308, or a renamed GitHub repository) can break at any time; "
    "the new address is the one to keep.",
    base=_BASE,
    bad="- [Moved](https://old.example.org/) - Moved house.\n",
    good="- [Moved](https://new.example.org/) - Moved house.\n",
    fixable=True,
    link_results=(
        LinkResult(
            "https://old.example.org/",
            Verdict.REDIRECTED,
            301,
            "301 Moved Permanently",
            final_url="https://new.example.org/",
            chain=("https://new.example.org/",),
            permanent=True,
        ),
        LinkResult("https://new.example.org/", Verdict.OK, 200),
    ),
)
UNVERIFIABLE = Rule(
    code="L403",
    name="unverifiable-link",
    title="Link could not be verified (login wall, bot wall or rate limit)",
    severity=Severity.WARNING,
    check="link",
    why="The site refused an automated check (401/403, a Cloudflare challenge, 429 after retries); "
    "a person should open it once.",
    base=_BASE,
    bad="- [Walled](https://walled.example.org/) - Behind a bot wall.\n",
    good="- [Open](https://open.example.org/) - Answers.\n",
    link_results=(
        LinkResult(
            "https://walled.example.org/", Verdict.UNVERIFIABLE, 403, "Cloudflare challenge"
        ),
        LinkResult("https://open.example.org/", Verdict.OK, 200),
    ),
)
TIMEOUT = Rule(
    code="L404",
    name="link-timeout",
    title="Link did not answer in time",
    severity=Severity.WARNING,
    check="link",
    why="A slow server is not a dead one, so this does not block; but readers may give up too.",
    base=_BASE,
    bad="- [Slow](https://slow.example.org/) - Takes ages.\n",
    good="- [Fast](https://fast.example.org/) - Answers.\n",
    link_results=(
        LinkResult("https://slow.example.org/", Verdict.TIMEOUT, None, "no answer within 15 s"),
        LinkResult("https://fast.example.org/", Verdict.OK, 200),
    ),
)
ARCHIVED = Rule(
    code="L405",
    name="archived-repository",
    title="GitHub repository is archived",
    severity=Severity.WARNING,
    check="link",
    why="An archived repository is read-only and unmaintained; lists usually want living projects.",
    base=_BASE,
    bad="- [Old](https://github.com/acme/old) - Unmaintained.\n",
    good="- [Live](https://github.com/acme/live) - Maintained.\n",
    link_results=(
        LinkResult("https://github.com/acme/old", Verdict.OK, 200, "archived", archived=True),
        LinkResult("https://github.com/acme/live", Verdict.OK, 200),
    ),
)
REFUSED = Rule(
    code="L406",
    name="link-not-checked",
    title="Link was not checked (refused by the SSRF guard or not http/https)",
    severity=Severity.NOTICE,
    check="link",
    why="Links to private, loopback or metadata addresses are never requested by the bot; "
    "such a link is useless to readers of a public list anyway.",
    base=_BASE,
    bad="- [Intranet](http://10.0.0.1/wiki) - Internal wiki.\n",
    good="- [Public](https://public.example.org/wiki) - Public wiki.\n",
    link_results=(
        LinkResult("http://10.0.0.1/wiki", Verdict.SKIPPED, None, "resolves to a private address"),
        LinkResult("https://public.example.org/wiki", Verdict.OK, 200),
    ),
)
RULES: tuple[Rule, ...] = (BROKEN, REDIRECTED, UNVERIFIABLE, TIMEOUT, ARCHIVED, REFUSED)

IGNORED_REASON = "ignored by config"
_SCHEMES = ("http://", "https://")


def urls_to_check(diff: Diff, config: Config) -> list[str]:
    """The distinct web URLs of the judged entries, in reading order."""
    seen: dict[str, None] = {}
    for change in diff.judged:
        for link in change.head.links:
            if _checkable(link.url) and not config.ignores(link.url):
                seen.setdefault(link.url, None)
    return list(seen)


def _checkable(url: str) -> bool:
    return url.lower().startswith(_SCHEMES)


def run(ctx: Context) -> Iterator[Finding]:
    if not ctx.link_results:
        return
    # a list that sets `repository.archived` says itself how an archived repository counts
    archived = not ctx.config.option(RepositoryOptions).archived_given
    for change in ctx.diff.judged:
        yield from _entry_findings(change, ctx.link_results, archived)


def _entry_findings(
    change: Change, results: Mapping[str, LinkResult], archived: bool
) -> Iterator[Finding]:
    for link in change.head.links:
        result = results.get(link.url)
        if result is not None:
            yield from _link_findings(change.head, link, result, archived)


def _link_findings(
    entry: Entry, link: Link, result: LinkResult, archived: bool = True
) -> Iterable[Finding]:
    verdict = result.verdict
    if verdict is Verdict.BROKEN:
        yield _finding(BROKEN, entry, link, result, f"{link.url} is broken: {_why(result)}.")
    elif verdict is Verdict.REDIRECTED and result.permanent and result.final_url:
        yield _redirect(entry, link, result)
    elif verdict is Verdict.UNVERIFIABLE:
        message = f"{link.url} could not be verified: {_why(result)}. Please open it once by hand."
        yield _finding(UNVERIFIABLE, entry, link, result, message)
    elif verdict is Verdict.TIMEOUT:
        yield _finding(TIMEOUT, entry, link, result, f"{link.url} timed out: {_why(result)}.")
    elif verdict is Verdict.SKIPPED and result.reason != IGNORED_REASON:
        yield _finding(REFUSED, entry, link, result, f"{link.url} was not checked: {_why(result)}.")
    if result.archived and archived:
        message = f"{link.url} is an archived GitHub repository (read-only, no longer maintained)."
        yield _finding(ARCHIVED, entry, link, result, message)


def _redirect(entry: Entry, link: Link, result: LinkResult) -> Finding:
    new = result.final_url or link.url
    line_text = entry.raw.splitlines()[link.line - entry.line] if entry.raw else ""
    suggestion = line_text.replace(link.url, new) if link.url in line_text else None
    message = f"{link.url} redirects permanently to {new}; link the new address."
    return _finding(REDIRECTED, entry, link, result, message, suggestion)


def _why(result: LinkResult) -> str:
    if result.reason:
        return result.reason
    return f"HTTP {result.status}" if result.status else result.verdict.value


def _finding(
    rule: Rule,
    entry: Entry,
    link: Link,
    result: LinkResult,
    message: str,
    suggestion: str | None = None,
) -> Finding:
    return rule.finding(
        link.line,
        message,
        suggestion,
        entry_line=entry.line,
        url=link.url,
        verdict=result.verdict.value,
    )


CHECK = Check(name="link", title="Links answer and lead where they say", rules=RULES, run=run)
