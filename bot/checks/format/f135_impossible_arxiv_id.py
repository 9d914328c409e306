"""F135 impossible-arxiv-id: an arXiv address whose identifier no paper can have."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from urllib.parse import urlsplit

from bot.checks.analysis.facts import Facts
from bot.checks.base import Rule
from bot.checks.format.examples import BULLETS
from bot.checks.format.state import CHECK_NAME, FormatState, JudgedText
from bot.checks.format.wording import entry_finding
from bot.model import Entry, Finding, Link, Severity

RULE = Rule(
    code="F135",
    name="impossible-arxiv-id",
    title="An arXiv link's identifier cannot exist",
    severity=Severity.ERROR,
    check=CHECK_NAME,
    why=(
        "arXiv numbers papers `YYMM.NNNNN`: the year and month, then five digits (four before "
        "2015). A sixth digit, a missing one or a month 13 is a typo, and the link is a 404."
    ),
    bad="- [Zeta](https://arxiv.org/abs/2412.167192) - Finds things.\n",
    good="- [Zeta](https://arxiv.org/abs/2412.16719) - Finds things.\n",
    base=BULLETS,
)

ASPECTS: tuple[str, ...] = ()

_HOSTS = frozenset({"arxiv.org", "export.arxiv.org"})
# /abs/2412.16719, /pdf/2412.16719v2.pdf, /html/2412.16719v1: the identifier as written
_PATH = re.compile(
    r"^/(?:abs|pdf|html)/(?P<id>(?P<yy>\d\d)(?P<mm>\d\d)\.(?P<n>\d+))(?:v\d+)?(?:\.pdf)?/?$"
)
_FIRST_YEAR = 7  # new-style identifiers began in April 2007 (0704.0001)
_FIVE_DIGITS_FROM = 1501  # YYMM from which the number after the dot has five digits


def candidates(judged: JudgedText, state: FormatState) -> Sequence[Entry]:
    return [entry for entry in judged.entries for link in entry.links if "arxiv.org/" in link.url]


def applies(facts: Facts, state: FormatState) -> bool:
    return any("arxiv.org/" in link.url and _problem(link) for link in facts.entry.links)


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    said: set[str] = set()  # a row's title and its Paper column often repeat one address
    for link in facts.entry.links:
        problem = _problem(link) if "arxiv.org/" in link.url else None
        if problem is not None and problem not in said:
            said.add(problem)
            yield entry_finding(RULE, link.line, facts.entry.line, problem)


def _problem(link: Link) -> str | None:
    """Why the link's arXiv identifier cannot exist, or None (not arXiv, or possible)."""
    try:
        parts = urlsplit(link.url.strip())
    except ValueError:
        return None
    if (parts.hostname or "").lower().removeprefix("www.") not in _HOSTS:
        return None
    match = _PATH.match(parts.path)
    if match is None:
        return None
    year, month, number = int(match["yy"]), int(match["mm"]), match["n"]
    paper = match["id"]
    if not 1 <= month <= 12 or year < _FIRST_YEAR:
        return (
            f"the arXiv identifier `{paper}` names no month (`YYMM` is `{match['yy']}` "
            f"`{match['mm']}`), so the link leads to no paper. Copy the identifier again "
            "from the paper's arXiv page."
        )
    digits = 5 if year * 100 + month >= _FIVE_DIGITS_FROM else 4
    if len(number) == digits:
        return None
    return (
        f"the arXiv identifier `{paper}` has {len(number)} digits after the dot, but papers "
        f"of {2000 + year}-{month:02d} have {digits}, so the link leads to no paper. Copy the "
        "identifier again from the paper's arXiv page."
    )
