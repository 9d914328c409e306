"""Pure functions of one line of text, remembered: a pull request's base and head, and the
next review of the same list, hold mostly the same lines.

Bounded both ways, so hostile input cannot grow memory: at most `entries` texts are kept,
and a text longer than `longest` is worked out again each time, never kept.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

T = TypeVar("T")


def per_text(
    longest: int = 1024, entries: int = 1 << 13
) -> Callable[[Callable[[str], T]], Callable[[str], T]]:
    """Remember a pure `str -> T` function's results (T must be immutable: results are shared)."""

    def decorate(func: Callable[[str], T]) -> Callable[[str], T]:
        remembered = lru_cache(maxsize=entries)(func)

        @wraps(func)
        def call(text: str) -> T:
            return remembered(text) if len(text) <= longest else func(text)

        return call

    return decorate
