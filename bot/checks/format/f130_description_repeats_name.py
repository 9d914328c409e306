"""F130 description-repeats-name: `- [Redis](…) - Redis: in-memory store.` says the name twice."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from bot.checks.analysis.facts import Facts
from bot.checks.base import Rule
from bot.checks.format.examples import BULLETS
from bot.checks.format.state import CHECK_NAME, FormatState, JudgedText
from bot.checks.format.wording import entry_finding
from bot.model import Entry, Finding, Severity

RULE = Rule(
    code="F130",
    name="description-repeats-name",
    title="The description starts by repeating the entry's name",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why="The name is already the link right before it; the description's first words are "
    "better spent on what the project is. (The name later in the description is fine.)",
    bad="- [Zeta](https://github.com/acme/zeta) - Zeta: finds things.\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=BULLETS,
    fixable=True,
)

ASPECTS: tuple[str, ...] = ()

# a tag written before the separator (`**NEW** - `, `*deprecated* - `, `v2.0 - ` from code)
_LEADING_TAG = re.compile(r"(?:\*\*[^*\n]{1,60}\*\*|[*_][^*_\n]{1,60}[*_]|\S{1,60})\s+[-–—]\s+")
# what may follow a repeated name: a colon or dash (fixable), or the sentence going on
_VERB = re.compile(r"^(?:is|are)\s+")  # `Zeta is a tool` -> `A tool`
_AFTER_NAME = re.compile(r"\s*(?P<sep>[:\-–—])\s+|\s+|$")


def candidates(judged: JudgedText, state: FormatState) -> Sequence[Entry]:
    """The entries applies() holds for, picked in one pass (most: none)."""
    if state.names_repeated_often:
        return ()
    return [entry for entry in judged.entries if _may_repeat(entry)]


def applies(facts: Facts, state: FormatState) -> bool:
    return not state.names_repeated_often and _may_repeat(facts.entry)


def _may_repeat(entry: Entry) -> bool:
    return (
        entry.kind == "bullet"
        and bool(entry.description)
        and len(entry.title) > 1
        and not _name_absent(entry.title.strip(), entry.description)
    )


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    entry = facts.entry
    title = entry.title.strip()
    if _name_absent(title, entry.description):
        return  # most entries: no tag to strip, no name to compare
    description = _without_leading_tag(entry.description, entry.raw)
    if f"`{description[: len(title)]}" in entry.raw:  # a command (`zeta --help`), not prose
        return
    if not description.lower().startswith(title.lower()):
        return
    after = _AFTER_NAME.match(description, len(title))
    if after is None:  # `NodeJS` after `Node`: another word, not the name
        return
    rest = _VERB.sub("", description[after.end() :], count=1)
    fixed = None
    if after.group("sep") and rest and entry.end_line == entry.line:
        fixed = facts.first.replace(description, rest[:1].upper() + rest[1:], 1)
    yield entry_finding(
        RULE,
        entry.line,
        entry.line,
        f'The description starts with the entry\'s name "{title}" again; start with what it '
        f"is instead{_example(rest)}.",
        fixed if fixed and fixed != facts.first else None,
    )


def _name_absent(title: str, description: str) -> bool:
    """The name is nowhere in the description, so no part of it starts with the name. Not
    decided where a capital sigma is: it lowers to `ς` or `σ` by what stands before it."""
    return "Σ" not in description and title.lower() not in description.lower()


def _without_leading_tag(description: str, raw: str) -> str:
    tag = _LEADING_TAG.match(description)
    if tag is None:
        return description
    word = tag.group(0).split()[0]
    emphasised = word[:1] in "*_"
    return description[tag.end() :] if emphasised or f"`{word}`" in raw else description


def _example(rest: str) -> str:
    if not rest or len(rest) > 60:
        return ""
    return f' (e.g. "{rest[:1].upper()}{rest[1:]}")'
