"""Findings' fixes as edits of a text's lines: which can go in together, and applying them.

A fix replaces the finding's `fix_lines` (its own lines unless it says otherwise) with its
`suggestion` or, for a finding with `move_after`, takes those lines (as suggested, or as they
are) to just after that line.
Edits that touch the same lines cannot all be applied at once: the first wins and the others
wait for the next round, where the re-check suggests them again against the new text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from bot.model import Finding


@dataclass(frozen=True, slots=True)
class Piece:
    """One line of the text being fixed, and where it came from in the original text."""

    text: str  # with its line ending, as written
    first: int  # the original lines it stands for (a replacement spans all it replaced)
    last: int
    rules: frozenset[str] = frozenset()  # the rules whose fixes made it
    moved: bool = False


@dataclass(frozen=True, slots=True)
class Edit:
    """What one fixable finding asks of lines `first`..`last` of the current text."""

    first: int
    last: int
    rules: tuple[str, ...]
    lines: tuple[str, ...] | None  # the new lines, without endings; None: keep them (a move)
    after: int | None = None  # a move: the line they belong after (0 = the top)

    @property
    def is_move(self) -> bool:
        return self.after is not None


def edit_of(finding: Finding, current: Sequence[str]) -> Edit | None:
    """The edit a finding's fix makes of `current` (lines without endings); None when it has
    no fix, points outside the text, or would change nothing."""
    if finding.suggestion is None and finding.move_after is None:
        return None
    first, last = finding.fix_lines
    if not 1 <= first <= last <= len(current):
        return None
    lines = None if finding.suggestion is None else _split(finding.suggestion)
    edit = Edit(first, last, (finding.rule,), lines, finding.move_after)
    if edit.is_move:
        after = edit.after if edit.after is not None else 0
        if not 0 <= after <= len(current) or first - 1 <= after <= last:
            return None  # it is where it belongs already, or would land inside itself
    elif lines == tuple(current[first - 1 : last]):
        return None
    return edit


def _split(suggestion: str) -> tuple[str, ...]:
    # As in a GitHub suggestion block, an empty suggestion removes the lines.
    return tuple(suggestion.split("\n")) if suggestion else ()


def compatible(edits: Iterable[Edit]) -> list[Edit]:
    """The edits that can be applied together, in line order; one edit per span (two rules
    asking the same change of the same lines are one edit naming both)."""
    chosen: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.first, e.last, e.is_move)):
        same = next((i for i, c in enumerate(chosen) if _same(c, edit)), None)
        if same is not None:
            chosen[same] = replace(chosen[same], rules=chosen[same].rules + edit.rules)
        elif all(_apart(edit, other) for other in chosen):
            chosen.append(edit)
    return chosen


def _same(a: Edit, b: Edit) -> bool:
    return (a.first, a.last, a.lines, a.after) == (b.first, b.last, b.lines, b.after)


def _apart(a: Edit, b: Edit) -> bool:
    """Can `a` and `b` both apply: spans disjoint, and no move lands inside or right after
    lines another edit takes away, or beside another move (their order would be a guess)."""
    if a.first <= b.last and b.first <= a.last:
        return False
    return (
        _lands_clear(a, b)
        and _lands_clear(b, a)
        and not (a.is_move and b.is_move and a.after == b.after)
    )


def _lands_clear(move: Edit, other: Edit) -> bool:
    if move.after is None:
        return True
    if other.is_move:
        return not other.first <= move.after <= other.last
    return not other.first <= move.after < other.last


def apply(pieces: Sequence[Piece], edits: Sequence[Edit]) -> list[Piece]:
    """`pieces` with `edits` (from `compatible`) made; lines outside them are kept as they are."""
    starts = {edit.first: edit for edit in edits}
    landing: dict[int, list[Edit]] = {}
    for edit in edits:
        if edit.after is not None:
            landing.setdefault(edit.after, []).append(edit)
    out = [p for e in landing.get(0, []) for p in _made(e, pieces)]
    index = 1
    while index <= len(pieces):
        starting = starts.get(index)
        if starting is None:
            out.append(pieces[index - 1])
            end = index
        else:
            out.extend(() if starting.is_move else _made(starting, pieces))
            end = starting.last
        out.extend(p for e in landing.get(end, []) for p in _made(e, pieces))
        index = end + 1
    return out


def _made(edit: Edit, pieces: Sequence[Piece]) -> list[Piece]:
    """The pieces an edit puts in place of (or, moving, after) its lines."""
    old = pieces[edit.first - 1 : edit.last]
    rules = frozenset(edit.rules).union(*(p.rules for p in old))
    moved = edit.is_move or any(p.moved for p in old)
    if edit.lines is None:
        return [replace(p, rules=rules, moved=moved) for p in old]
    first, last = min(p.first for p in old), max(p.last for p in old)
    ending = _ending(old[-1].text) or _ending(old[0].text)
    inner = _ending(old[0].text) or ending or "\n"
    texts = [line + inner for line in edit.lines[:-1]] + [line + ending for line in edit.lines[-1:]]
    return [Piece(text, first, last, rules, moved) for text in texts]


def _ending(text: str) -> str:
    """The line ending `text` carries ('' for a last line without one)."""
    lines = text.splitlines()  # the separators the parser splits on (bot.parse)
    return text[len(lines[0]) :] if lines else text
