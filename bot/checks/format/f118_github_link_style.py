"""F118 github-link-style: a GitHub repository link ending in `.git` or `/`."""

from __future__ import annotations

from collections.abc import Iterator

from bot.checks.analysis.facts import Facts, github_root
from bot.checks.analysis.quote import short
from bot.checks.analysis.votes import GIT_SUFFIX, TRAILING_SLASH
from bot.checks.base import Rule
from bot.checks.format.examples import BULLETS
from bot.checks.format.state import CHECK_NAME, FormatState
from bot.checks.format.wording import dressed, example, url_finding
from bot.model import Finding, Severity

RULE = Rule(
    code="F118",
    name="github-link-style",
    title="A GitHub link ends in `.git` or `/` where the list's do not",
    severity=Severity.NOTICE,
    check=CHECK_NAME,
    why=(
        "`https://github.com/o/r.git` is a clone URL, not a page; the list links repositories "
        "as `https://github.com/o/r`."
    ),
    bad="- [Zeta](https://github.com/acme/zeta.git) - Finds things.\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=BULLETS,
    fixable=True,
)

ASPECTS: tuple[str, ...] = (GIT_SUFFIX, TRAILING_SLASH)


def applies(facts: Facts, state: FormatState) -> bool:
    return True


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    for link in facts.entry.links:
        if not github_root(link.url) or not dressed(link.url) or state.config.ignores(link.url):
            continue
        reasons, clean = _github_reasons(link.url, facts, state)
        if reasons:
            yield url_finding(
                RULE, facts, link, clean,
                f"{' and '.join(reasons)}; write `{short(clean)}` instead of "
                f"`{short(link.url)}`.",
            )


def _github_reasons(url: str, facts: Facts, state: FormatState) -> tuple[list[str], str]:
    clean, reasons = url, []
    for aspect, suffix in ((TRAILING_SLASH, "/"), (GIT_SUFFIX, ".git")):
        if not clean.endswith(suffix):
            continue
        major = state.deviation(aspect, facts, "yes")
        if major is not None:
            clean = clean[: -len(suffix)]
            reasons.append(
                f"{major.count} of {major.total} GitHub repository links in this list do not "
                f"end in `{suffix}`{example(major, quote='url')}"
            )
    return reasons, clean
