"""Which of a head's lines a change wrote, told apart from the base's by counting."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from bot.model import Document


def lines_the_base_lacks(
    base_lines: Iterable[str], head: Document, candidates: list[int]
) -> list[int]:
    """The `candidates` (head line numbers, in order) beyond what the base holds of each
    text: a line the base holds twice is new only at its third copy. Runs of whitespace are
    folded, so a re-indented line is not new."""
    left = Counter(_folded(text) for text in base_lines)
    new = []
    for number in candidates:
        key = _folded(head.line_text(number))
        if left[key] > 0:
            left[key] -= 1
        else:
            new.append(number)
    return new


def _folded(text: str) -> str:
    return " ".join(text.split())
