"""F106 badge-repo-mismatch: a star badge counting another repository's stars."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from bot.checks.analysis.facts import Facts
from bot.checks.base import Rule
from bot.checks.format.examples import TABLE
from bot.checks.format.state import CHECK_NAME, FormatState, JudgedText
from bot.checks.format.wording import entry_finding, line_of
from bot.model import Entry, Finding, Severity
from bot.urls import github_owner_repo, github_repo

RULE = Rule(
    code="F106",
    name="badge-repo-mismatch",
    title="A star badge names another repository than its link",
    severity=Severity.ERROR,
    check=CHECK_NAME,
    why="The badge shows the stars of a different (often misspelt or missing) repository.",
    bad=(
        "| Zeta | [![Star](https://img.shields.io/github/stars/acme/zetta.svg)]"
        "(https://github.com/acme/zeta) | OSDI'24 |\n"
    ),
    good=(
        "| Zeta | [![Star](https://img.shields.io/github/stars/acme/zeta.svg)]"
        "(https://github.com/acme/zeta) | OSDI'24 |\n"
    ),
    base=TABLE,
    fixable=True,
)

ASPECTS: tuple[str, ...] = ()

_GITHUB_URL = re.compile(r"https?://(?:www\.)?github\.com/[^\s\[\]()<>]+", re.IGNORECASE)


def candidates(judged: JudgedText, state: FormatState) -> Sequence[Entry]:
    return [entry for entry in judged.entries if entry.badge_repos]


def applies(facts: Facts, state: FormatState) -> bool:
    return bool(facts.entry.badge_repos)


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    for badge, url in facts.entry.badge_repos:
        target = _linked_url(url, facts.in_head)
        owner_repo = github_owner_repo(target) if target else None
        if owner_repo is None:
            continue
        linked = "/".join(owner_repo).lower()
        if linked == badge.lower():
            continue
        right = "/".join(owner_repo)
        line = _badge_line(facts, url)
        text = line_of(facts, line)
        fixed = text.replace(f"stars/{badge}", f"stars/{right}", 1)
        yield entry_finding(
            RULE, line, facts.entry.line, _badge_message(badge, linked, right),
            fixed if fixed != text else None,
        )


def _linked_url(url: str, in_head: bool) -> str | None:
    """The GitHub address a badge links. A mangled address
    (`([https://github.com/a/b](https://github.com/a/b))`) is F119's to report, so the head's
    badge is judged once its link is sound; in the base the address pasted inside it counts,
    so a badge already wrong there is no news when a pull request repairs its link."""
    if github_repo(url) is not None:
        return url
    inside = None if in_head else _GITHUB_URL.search(url)
    return inside.group(0) if inside else None


def _badge_message(badge: str, linked: str, right: str) -> str:
    if badge.lower() == linked + ".git":
        # shields.io reads `.git` as the image format it should render, and fails
        return (
            f"the star badge asks shields.io for `stars/{badge}`, which it cannot render (it "
            f"takes `.git` for an image format). Write `stars/{right}` as the badge's repository."
        )
    return (
        f"the star badge counts the stars of `{badge}` but links to `{right}`, so readers see "
        f"another repository's stars (or none). Make the badge say `{right}`, or fix the link "
        "if the badge is the right one."
    )


def _badge_line(facts: Facts, url: str) -> int:
    return next((link.line for link in facts.entry.links if link.url == url), facts.entry.line)
