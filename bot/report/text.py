"""The report for people: findings grouped by entry, colours on a terminal."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

from bot.engine import Review
from bot.model import Entry, Finding, Severity
from bot.report.templates import plural

_COLOUR = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.NOTICE: "36"}


def render_text(review: Review, file: str, colour: bool = False) -> str:
    """Findings grouped under the entry they concern, then a one-line summary."""
    entries = {entry.line: entry for entry in review.head.entries}
    blocks = [
        _block(file, entries.get(line), line, list(group), colour)
        for line, group in groupby(sorted(review.findings, key=_group_key), key=_group_line)
    ]
    blocks.append(_summary_line(review, colour))
    return "\n\n".join(blocks)


def _group_line(finding: Finding) -> int:
    return finding.entry_line or finding.line


def _group_key(finding: Finding) -> tuple[int, int, int]:
    return (_group_line(finding), finding.line, finding.severity.rank)


def _block(
    file: str, entry: Entry | None, line: int, findings: Iterable[Finding], colour: bool
) -> str:
    heading = f"{file}:{line}"
    if entry is not None:
        where = " › ".join(entry.section) or "(no section)"
        heading += f"  {_shorten(entry.title, 70)}  [{where}]"
    lines = [_bold(heading, colour)]
    for finding in findings:
        lines.extend(_finding_lines(finding, colour))
    return "\n".join(lines)


def _finding_lines(finding: Finding, colour: bool) -> list[str]:
    severity = _paint(f"{finding.severity.value:<7}", _COLOUR[finding.severity], colour)
    out = [f"  {severity} {finding.rule:<5} line {finding.line}: {finding.message}"]
    if finding.suggestion is not None:
        for i, text in enumerate(finding.suggestion.splitlines() or [""]):
            label = "suggest:" if i == 0 else "        "
            out.append(f"          {label} {text}")
    return out


def _summary_line(review: Review, colour: bool) -> str:
    errors, warnings, notices = (review.count(s) for s in Severity)
    what = "audited" if review.diff.full_audit else "added or changed"
    kinds = ((errors, "error"), (warnings, "warning"), (notices, "notice"))
    counts = ", ".join(plural(n, word) for n, word in kinds)
    text = f"{plural(len(review.diff.judged), 'entry')} {what}: {counts}"
    return _bold(text, colour) if errors else text


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def _bold(text: str, colour: bool) -> str:
    return _paint(text, "1", colour)
