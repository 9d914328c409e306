"""Regular expressions a repository writes in its config, run in time linear in the text.

`entry_pattern` and `ignore_urls` are matched against contributor text (an entry's line,
every link of a PR). On Python's backtracking `re`, a pattern such as `(a+)+$` takes 2^n
steps on n `a`s and a `!`, holding the interpreter lock all the while. RE2 (google-re2)
runs any pattern in time linear in the text and refuses the constructs that only
backtracking can run (backreferences, lookarounds): those are a config error.
"""

from __future__ import annotations

from typing import Protocol, cast

import re2  # type: ignore[import-untyped]

MAX_PATTERN = 1000  # characters: a shape or a URL pattern is a line, not a program
_MAX_MEMORY = 8 << 20  # bytes RE2 may spend on one compiled pattern (its own default)


class _Compiled(Protocol):
    def search(self, text: str) -> object | None: ...


class PatternError(ValueError):
    """The pattern cannot be run in linear time (or is not a pattern at all)."""


class UserPattern:
    """One compiled pattern from the config; compares by its text, like `re.Pattern`."""

    __slots__ = ("_compiled", "pattern")

    def __init__(self, pattern: str) -> None:
        if len(pattern) > MAX_PATTERN:
            raise PatternError(f"longer than {MAX_PATTERN} characters")
        options = re2.Options()
        options.log_errors = False  # the error is the ConfigError, not a line on stderr
        options.max_mem = _MAX_MEMORY
        try:
            self._compiled = cast(_Compiled, re2.compile(pattern, options))
        except re2.error as exc:
            raise PatternError(_reason(exc)) from None
        self.pattern = pattern

    def search(self, text: str) -> bool:
        """Does the pattern match anywhere in `text` (as `re.search` would)?"""
        return self._compiled.search(text) is not None

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UserPattern) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(self.pattern)

    def __repr__(self) -> str:
        return f"UserPattern({self.pattern!r})"


def _reason(exc: Exception) -> str:
    detail = exc.args[0] if exc.args else exc
    text = detail.decode(errors="replace") if isinstance(detail, bytes) else str(detail)
    return text[:200]
