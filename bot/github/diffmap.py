"""Which head-file lines a pull request's diff shows: the only lines GitHub lets us comment on.

GitHub's `patch` (from GET /pulls/N/files) is a unified diff without the ---/+++ header.
A review comment on the RIGHT side must sit on an added or context line of one hunk, and a
multi-line comment must start and end in the same hunk; anything else is a 422.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@")


@dataclass(frozen=True, slots=True)
class DiffLines:
    """The head lines a patch shows, by hunk."""

    hunks: tuple[frozenset[int], ...] = ()
    added: frozenset[int] = frozenset()

    def hunk_of(self, line: int) -> int | None:
        for index, lines in enumerate(self.hunks):
            if line in lines:
                return index
        return None

    def covers(self, first: int, last: int) -> bool:
        """Can one inline comment span head lines first..last?"""
        hunk = self.hunk_of(first)
        if hunk is None:
            return False
        return all(line in self.hunks[hunk] for line in range(first, last + 1))


def diff_lines(patch: str | None) -> DiffLines:
    """Parse a file's patch; no patch (binary, too large) means no commentable line."""
    if not patch:
        return DiffLines()
    hunks: list[set[int]] = []
    added: set[int] = set()
    line = 0
    for text in patch.splitlines():
        header = _HUNK.match(text)
        if header:
            line = int(header.group(1))
            hunks.append(set())
        elif hunks and text.startswith(("+", " ")):
            hunks[-1].add(line)
            if text.startswith("+"):
                added.add(line)
            line += 1
        elif hunks and text == "":
            # Some tools strip the single space of an empty context line.
            hunks[-1].add(line)
            line += 1
        # '-' lines and '\ No newline at end of file' do not exist on the head side.
    return DiffLines(tuple(frozenset(h) for h in hunks), frozenset(added))
