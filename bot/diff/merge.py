"""A pull request's list as it would be once merged into the base branch as it is now.

When the default branch moves, an open pull request is judged against what merging it
would produce: two PRs that each add the same entry are fine alone, and a duplicate once
both are merged. `merge_into` replays the base branch's changes since the merge base onto
the PR's version, line by line (difflib: linear in practice, no git needed). Where both
sides changed the same lines the PR's version is kept; where both inserted at one place the
base branch's lines come first, as if the PR had been rebased.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

Ops = Sequence[tuple[str, int, int, int, int]]  # SequenceMatcher's opcodes
# Lines between the common prefix and suffix of two versions above which they are not diffed
# (difflib is quadratic or worse there); real merges change a few dozen.
MAX_DIFFERING_LINES = 4000


@dataclass(frozen=True, slots=True)
class Merged:
    """The merged text, and for each of its lines the PR's line it is (None: from the base)."""

    text: str
    pr_lines: tuple[int | None, ...]  # 1-based line of the PR's file, per merged line

    def pr_line(self, line: int) -> int | None:
        """The PR's 1-based line for merged 1-based `line` (None when the base wrote it)."""
        return self.pr_lines[line - 1] if 1 <= line <= len(self.pr_lines) else None


def merge_into(ancestor: str, base_now: str, pr: str) -> Merged | None:
    """`pr` with the changes `ancestor` → `base_now` replayed onto it; None when the changes
    are too spread out to merge in bounded time (hostile input must not stall a worker)."""
    old, new, ours = ancestor.splitlines(True), base_now.splitlines(True), pr.splitlines(True)
    pr_ops, base_ops = _opcodes(old, ours), _opcodes(old, new)
    if pr_ops is None or base_ops is None:
        return None
    edits: list[tuple[int, int, list[str]]] = []  # (start, end) in the PR's lines, new lines
    for tag, a1, a2, b1, b2 in base_ops:
        if tag == "equal":
            continue
        span = _span(pr_ops, a1, a2, len(ours))
        if span is not None:  # None: the PR changed those lines too; its version wins
            edits.append((span[0], span[1], new[b1:b2]))
    lines: list[tuple[str, int | None]] = [(text, i + 1) for i, text in enumerate(ours)]
    for start, end, added in sorted(edits, key=lambda e: e[0], reverse=True):
        lines[start:end] = [(text, None) for text in added]
    text = "".join(_ended(line) for line, _ in lines)
    return Merged(text, tuple(source for _, source in lines))


def _opcodes(a: list[str], b: list[str]) -> Ops | None:
    """difflib's opcodes a → b, computed only between the common prefix and suffix (linear),
    and None when what lies between is too large to diff quickly."""
    start = 0
    limit = min(len(a), len(b))
    while start < limit and a[start] == b[start]:
        start += 1
    end = 0
    while end < limit - start and a[-1 - end] == b[-1 - end]:
        end += 1
    middle_a, middle_b = a[start : len(a) - end], b[start : len(b) - end]
    if len(middle_a) + len(middle_b) > MAX_DIFFERING_LINES:
        return None
    ops: list[tuple[str, int, int, int, int]] = []
    if start:
        ops.append(("equal", 0, start, 0, start))
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, middle_a, middle_b).get_opcodes():
        ops.append((tag, i1 + start, i2 + start, j1 + start, j2 + start))
    if end:
        ops.append(("equal", len(a) - end, len(a), len(b) - end, len(b)))
    return ops


def _span(ops: Ops, a1: int, a2: int, size: int) -> tuple[int, int] | None:
    """Where the ancestor's lines a1:a2 are in the PR's file, if the PR left them alone."""
    if a1 == a2:
        return _insertion_point(ops, a1, size)
    for tag, i1, i2, j1, _ in ops:
        if tag == "equal" and i1 <= a1 and a2 <= i2:
            return j1 + (a1 - i1), j1 + (a2 - i1)
    return None


def _insertion_point(ops: Ops, a: int, size: int) -> tuple[int, int] | None:
    """The PR's position for an insertion at ancestor position `a` (before the PR's own
    insertions there)."""
    for tag, i1, i2, j1, _ in ops:
        if tag == "insert" and i1 == a:
            return j1, j1
        if tag == "equal" and i1 <= a < i2:
            return j1 + (a - i1), j1 + (a - i1)
        if tag in ("replace", "delete") and i1 < a < i2:
            return None
        if tag in ("replace", "delete") and i1 == a:
            return j1, j1
    return (size, size) if not ops or a >= ops[-1][2] else None


def _ended(line: str) -> str:
    """Every line ends with a newline in the merged text, so lines cannot run together."""
    return line if line.endswith(("\n", "\r")) else line + "\n"
