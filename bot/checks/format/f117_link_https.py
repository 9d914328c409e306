"""F117 link-https: `http://` where the list's links use https."""

from __future__ import annotations

from collections.abc import Iterator

from bot.checks.analysis.facts import Facts
from bot.checks.analysis.quote import short
from bot.checks.analysis.votes import HTTPS
from bot.checks.base import Rule
from bot.checks.format.examples import BULLETS
from bot.checks.format.state import CHECK_NAME, FormatState
from bot.checks.format.wording import url_finding
from bot.model import Finding, Severity

RULE = Rule(
    code="F117",
    name="link-https",
    title="A link uses http:// where the list uses https://",
    severity=Severity.NOTICE,
    check=CHECK_NAME,
    why="Plain http is open to tampering; most sites serve https today.",
    bad="- [Zeta](http://zeta.example.org) - Finds things.\n",
    good="- [Zeta](https://zeta.example.org) - Finds things.\n",
    base=BULLETS,
    fixable=True,
)

ASPECTS: tuple[str, ...] = (HTTPS,)


def applies(facts: Facts, state: FormatState) -> bool:
    return True


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    ignores = state.config.ignores  # a URL the maintainers told us to ignore is left as it is
    plain = [k for k in facts.entry.links if k.url.startswith("http://") and not ignores(k.url)]
    if not plain:
        return
    major = state.deviation(HTTPS, facts, "http")
    if major is None:
        return
    for link in plain:
        secure = "https://" + link.url[7:]
        yield url_finding(
            RULE, facts, link, secure,
            f"{major.count} of {major.total} links in this list use https; this one is "
            f"`{short(link.url)}`. Use `{short(secure)}` if the site serves it (most do).",
        )
