"""How format findings are worded: who the majority is, and a line of the list to follow."""

from __future__ import annotations

from collections.abc import Callable

from bot.checks.analysis.conventions import MANIFESTO_SCOPE, Majority
from bot.checks.analysis.facts import Facts, github_root
from bot.checks.analysis.quote import short
from bot.checks.base import Rule
from bot.model import Finding, Link

_QUOTE_WIDTH = 90


def entry_finding(
    rule: Rule,
    line: int,
    entry_line: int,
    message: str,
    suggestion: str | None = None,
    end_line: int | None = None,
) -> Finding:
    """A finding on `line` (to `end_line`) of the entry starting at `entry_line`."""
    return rule.finding(
        line,
        message,
        suggestion,
        end_line=end_line if end_line is not None else line,
        entry_line=entry_line,
    )


def url_finding(rule: Rule, facts: Facts, link: Link, url: str, message: str) -> Finding:
    """A finding on a link's line, suggesting the line with `url` in place of the link's."""
    text = line_of(facts, link.line)
    fixed = text.replace(link.url, url, 1)
    return entry_finding(
        rule, link.line, facts.entry.line, message, fixed if fixed != text else None
    )


def share(major: Majority, things: str = "entries") -> str:
    """'14 of 15 entries in 'LLM MoE'' / '40 of 41 bullets in this list'."""
    if major.scope == MANIFESTO_SCOPE:
        return f"The list is too small for a style of its own, and the awesome manifesto's {things}"
    where = "this list" if major.scope == "this list" else major.scope
    return f"{major.count} of {major.total} {things} in {where}"


def example(major: Majority, quote: str = "line") -> str:
    """', e.g. line 210: `…`' quoting an entry that follows the majority: its first `line`,
    its `venue`, its GitHub `url` or its `sub-line`."""
    facts = major.example
    if facts is None:
        return ""
    text, line = _QUOTES[quote](facts)
    where = f"line {line}: " if facts.in_head else ""
    return f", e.g. {where}`{text}`"


def _quote_line(facts: Facts) -> tuple[str, int]:
    return short(facts.first.strip(), _QUOTE_WIDTH), facts.entry.line


def _quote_venue(facts: Facts) -> tuple[str, int]:
    venue = facts.venue
    if venue is None:
        return _quote_line(facts)
    return facts.first[venue.start : venue.end], facts.entry.line


def _quote_url(facts: Facts) -> tuple[str, int]:
    links = facts.entry.links
    hit = next((k for k in links if github_root(k.url) and not dressed(k.url)), None)
    return (hit.url, hit.line) if hit is not None else _quote_line(facts)


def _quote_sub_line(facts: Facts) -> tuple[str, int]:
    offset = next((i for i, text in enumerate(facts.lines) if i and "](" in text), 0)
    return short(facts.lines[offset].strip(), _QUOTE_WIDTH), facts.entry.line + offset


_QUOTES: dict[str, Callable[[Facts], tuple[str, int]]] = {
    "line": _quote_line,
    "venue": _quote_venue,
    "url": _quote_url,
    "sub-line": _quote_sub_line,
}


def dressed(url: str) -> bool:
    """A GitHub repository URL ending in `/` or `.git`."""
    return url.endswith(("/", ".git"))


def columns(headers: tuple[str, ...]) -> str:
    """A table header's columns, quoted: "'Title', 'Github'"."""
    return ", ".join(f"'{h}'" for h in headers) if headers else "none"


def line_of(facts: Facts, line: int) -> str:
    """The text of one of the entry's lines (its first when `line` is not the entry's)."""
    offset = line - facts.entry.line
    return facts.lines[offset] if 0 <= offset < len(facts.lines) else facts.first
