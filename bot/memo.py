"""Pure functions of one line of text, remembered: a pull request's base and head, and the
next review of the same list, hold mostly the same lines.

Bounded both ways, so hostile input cannot grow memory: at most `entries` texts are kept
(all are forgotten at once when that many are), and a text longer than `longest` is worked
out again each time, never kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class _Remembered(dict[str, T]):
    """text → result; a text not yet known is worked out by `__missing__`.

    A dict subclass rather than lru_cache behind a wrapper: a known text (most calls: a
    1 MB list asks 100,000 times) is then one lookup in C, no Python frame at all.
    """

    def __init__(self, func: Callable[[str], T], longest: int, entries: int) -> None:
        super().__init__()
        self._func, self._longest, self._entries = func, longest, entries

    def __missing__(self, text: str) -> T:
        result = self._func(text)
        if len(text) <= self._longest:
            if len(self) >= self._entries:
                self.clear()
            self[text] = result
        return result


def per_text(
    longest: int = 1024, entries: int = 1 << 13
) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    """Remember a pure `str -> T` function's results (T must be immutable: results are shared)."""

    def decorate(func: Callable[[str], T]) -> Callable[[str], T]:
        return _Remembered(func, longest, entries).__getitem__

    return decorate
