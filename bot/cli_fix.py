"""The command line's fix step: `check --fix` writes the fixed file and says what it changed."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from bot.engine import Review
from bot.fix import Fixed, Hunk, fix_text
from bot.model import Finding
from bot.report.templates import plural

_BOM = b"\xef\xbb\xbf"


def fix_file(path: str, review: Review, recheck: Callable[[str], Review], out: TextIO) -> Review:
    """Fix `path` to a fixed point, write it when anything changed, print what changed to
    `out`, and return the review of the file as written."""
    reviews = {review.head.text: review}

    def again(text: str) -> Sequence[Finding]:
        reviews[text] = recheck(text)
        return reviews[text].findings

    fixed = fix_text(review.head.text, again, review.findings)
    if fixed.changed:
        _write(path, fixed.text)
    print(fix_report(path, fixed), file=out)
    return reviews[fixed.text]


def _write(path: str, text: str) -> None:
    """Write `text` back as the file was encoded: UTF-8, with its byte-order mark if it had one."""
    file = Path(path)
    bom = _BOM if file.read_bytes().startswith(_BOM) else b""
    file.write_bytes(bom + text.encode("utf-8"))


def fix_report(path: str, fixed: Fixed) -> str:
    """What the fixes changed, hunk by hunk: the rules, the old lines and the new ones."""
    hunks = fixed.hunks()
    if not hunks:
        return f"{path}: nothing to fix"
    rules = Counter(rule for hunk in hunks for rule in hunk.rules)
    counted = ", ".join(f"{rule} ×{n}" if n > 1 else rule for rule, n in sorted(rules.items()))
    lines = [f"{path}: fixed {plural(len(hunks), 'place')} ({counted}):"]
    for hunk in hunks:
        lines.extend(_hunk_lines(path, hunk))
    for finding in fixed.left:
        lines.append(f"{path}:{finding.line}: {finding.rule} not fixed (its fix did not hold)")
    return "\n".join(lines) + "\n"


def _hunk_lines(path: str, hunk: Hunk) -> list[str]:
    where = f"{hunk.first}" if hunk.last == hunk.first else f"{hunk.first}-{hunk.last}"
    what = ", ".join(hunk.rules)
    if hunk.moved:
        what += f" (moved to line {hunk.at})"
    elif not hunk.new:
        what += " (removed)"
    return (
        [f"{path}:{where}: {what}"]
        + [f"  - {line}" for line in hunk.old]
        + [f"  + {line}" for line in hunk.new]
    )


def report_stream(fmt: str) -> TextIO:
    """Where the list of changes goes: stdout with the text report, else stderr (so JSON,
    SARIF and workflow commands stay machine-readable)."""
    return sys.stdout if fmt == "text" else sys.stderr
