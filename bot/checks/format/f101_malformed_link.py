"""F101 malformed-link: `[text] (url)`, `[text](url` or `(url)[text]` is not a link."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from bot.checks.analysis.facts import Facts
from bot.checks.analysis.quote import short
from bot.checks.base import Rule
from bot.checks.format.examples import BULLETS
from bot.checks.format.lines import entry_lines, suspect
from bot.checks.format.state import CHECK_NAME, FormatState, JudgedText
from bot.checks.format.wording import entry_finding, line_of
from bot.model import Entry, Finding, LinkProblem, Severity

RULE = Rule(
    code="F101",
    name="malformed-link",
    title="Markdown link syntax is broken",
    severity=Severity.ERROR,
    check=CHECK_NAME,
    why=(
        "`[text] (url)`, an unclosed `[text](url` or `(url)[text]` is shown as plain text, "
        "so the entry has no working link."
    ),
    bad="- [Zeta] (https://github.com/acme/zeta) - Finds things.\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=BULLETS,
    fixable=True,
)

ASPECTS: tuple[str, ...] = ()

# Each pattern only looks at http(s)/www URLs so prose like "[1] (see below)" is left alone.
# The link text (no brackets, one non-space at least) is written as "spaces, the first
# non-space, the rest": one way to match, so a `[` before a long bracketless run costs that
# run once, not its square (`)[ [` + 100,000 letters took 28 s).
# A bracketed word may stand in the text (`[[pdf]] (url)`), taken whole and possessively.
_SPACED_LINK = re.compile(
    r"(?<![!\]])\[(?P<text>[^\S\n]*(?:[^\[\]\s]|\[[^\[\]\n]*+\])(?:[^\[\]\n]++|\[[^\[\]\n]*+\])*+)\]"
    r"[ \t]+\((?P<url>(?:https?://|www\.)[^()\s]*)\)"
)
# `[text](url` with nothing closing it: the URL runs into a space or the end of the line
# (a space then a quote would be a valid link title, `[text](url "title")`).
_UNCLOSED_LINK = re.compile(
    r"\[(?P<text>[^\[\]\n]+)\]\((?P<url>(?:https?://|www\.)[^()\s]*)(?=[ \t]+[^\s\"'()]|[ \t]*$)"
)
_REVERSED_LINK = re.compile(r"\((?P<url>https?://[^()\s]+)\)\[(?P<text>[^\[\]\n]+)\](?!\()")


def candidates(judged: JudgedText, state: FormatState) -> Sequence[Entry]:
    """The entries applies() holds for, picked in one pass (most: none)."""
    return [entry for entry in judged.entries if _suspect(entry)]


def applies(facts: Facts, state: FormatState) -> bool:
    return _suspect(facts.entry)


def _suspect(entry: Entry) -> bool:
    if suspect(entry):
        return True
    problems = entry.problems  # most entries: none, and no generator made for them
    return bool(problems) and any(p.kind == "spaced" for p in problems)


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    yield from entry_lines(facts, judge_line)
    for problem in facts.entry.problems:
        if problem.kind == "spaced" and "\n" in problem.written:
            yield _split_finding(facts, problem)


def _split_finding(facts: Facts, problem: LinkProblem) -> Finding:
    """`[text]` ending one line and `(url)` opening the next: one link split in two."""
    first = line_of(facts, problem.line)
    second = line_of(facts, problem.line + 1)
    head, tail = problem.written.split("\n", 1)
    at, rest = first.rfind(head), second.find(tail.strip())
    fixed = None
    if at >= 0 and rest >= 0:
        fixed = first[:at] + problem.fixed + second[rest + len(tail.strip()) :]
    message = (
        f"`{short(head.strip())}` ends line {problem.line} and its address "
        f"`({short(problem.url)})` opens the next, so GitHub shows both as text: a link's "
        f"`]` and `(` must touch. Write `{short(problem.fixed)}`."
    )
    return entry_finding(RULE, problem.line, facts.entry.line, message, fixed, problem.line + 1)


def judge_line(text: str, scan: str, line: int, entry_line: int) -> Finding | None:
    """All of a line's malformed links, reported once with one corrected line."""
    fixes: list[tuple[int, int, str]] = []
    messages: list[str] = []
    for pattern, describe in _MALFORMED:
        for match in pattern.finditer(scan):
            fixes.append((match.start(), match.end(), f"[{match['text']}]({match['url']})"))
            messages.append(describe(text[match.start() : match.end()], match))
    if not fixes:
        return None
    fixed = _apply(text, fixes)
    return entry_finding(RULE, line, entry_line, " ".join(dict.fromkeys(messages)), fixed)


def _apply(text: str, fixes: list[tuple[int, int, str]]) -> str:
    """Replace non-overlapping spans of `text`, left to right."""
    out, at = [], 0
    for start, end, replacement in sorted(fixes):
        if start < at:
            continue
        out.append(text[at:start] + replacement)
        at = end
    return "".join(out) + text[at:]


def _spaced(written: str, match: re.Match[str]) -> str:
    return (
        f"`{short(written)}` is not a link: Markdown allows no space between `]` and `(`. "
        f"Write `[{match['text']}]({short(match['url'])})`."
    )


def _unclosed(written: str, match: re.Match[str]) -> str:
    return (
        f"the link `{short(written)}` is never closed with `)`, so GitHub shows it as plain "
        f"text. Write `[{match['text']}]({short(match['url'])})`."
    )


def _reversed(written: str, match: re.Match[str]) -> str:
    return (
        f"`{short(written)}` has the URL and the text the wrong way round. "
        f"Write `[{match['text']}]({short(match['url'])})`."
    )


_MALFORMED: tuple[tuple[re.Pattern[str], Callable[[str, re.Match[str]], str]], ...] = (
    (_SPACED_LINK, _spaced),
    (_UNCLOSED_LINK, _unclosed),
    (_REVERSED_LINK, _reversed),
)
