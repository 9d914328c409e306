"""Fixing a list to a fixed point: apply every fix that fits, re-check, repeat.

Like `ruff --fix`: the fixes of one round never overlap; the re-check of the new text
suggests the ones that had to wait (against the lines as they now are), so several fixes of
one line end as one new line. Lines no fix touched are kept byte for byte, line endings and
the final newline included. Each line remembers which original lines it stands for, so the
result can say what became of any span of the original: a hunk to print, or one combined
suggestion for an entry.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from bot.fix.edits import Edit, Piece, apply, compatible, edit_of
from bot.model import Finding

MAX_ROUNDS = 10  # a fix that keeps asking for another is a rule's bug, not a reason to loop

Recheck = Callable[[str], Sequence[Finding]]


def fixable(finding: Finding) -> bool:
    """Does the finding carry a fix: replacement lines, or where its lines belong."""
    return finding.suggestion is not None or finding.move_after is not None


@dataclass(frozen=True, slots=True)
class Hunk:
    """Original lines `first`..`last` and what the fixes made of them."""

    first: int
    last: int
    old: tuple[str, ...]
    new: tuple[str, ...]  # () when the fixes removed the lines
    rules: tuple[str, ...]
    moved: bool = False
    at: int | None = None  # the line of the fixed text where `new` starts


@dataclass(frozen=True)
class Fixed:
    """The outcome of fixing a text: the new text, and what the re-check still finds in it."""

    original: str
    text: str
    pieces: tuple[Piece, ...]
    removed: tuple[Hunk, ...]  # original lines the fixes took out
    rounds: int  # rounds that changed the text
    findings: tuple[Finding, ...]  # the re-check of `text`

    @property
    def changed(self) -> bool:
        return self.text != self.original

    @property
    def left(self) -> tuple[Finding, ...]:
        """Fixable findings the re-check still raises (a fix that did not hold, or waits on
        another fix of the same lines past MAX_ROUNDS)."""
        return tuple(f for f in self.findings if fixable(f))

    def hunks(self) -> list[Hunk]:
        """What changed, in the order of the fixed text (removed lines last)."""
        old = self.original.splitlines()
        hunks: list[Hunk] = []
        for at, piece in enumerate(self.pieces, 1):
            if not piece.rules:
                continue
            last = hunks[-1] if hunks else None
            if last is not None and (last.first, last.last) == (piece.first, piece.last):
                hunks[-1] = replace(last, new=(*last.new, _bare(piece.text)))
                continue
            if last is not None and _moved_on(last, piece, at):  # a moved entry's next line
                old_line = old[piece.first - 1]
                hunks[-1] = replace(last, last=piece.last, old=(*last.old, old_line),
                                    new=(*last.new, _bare(piece.text)))  # fmt: skip
                continue
            hunks.append(
                Hunk(
                    piece.first,
                    piece.last,
                    tuple(old[piece.first - 1 : piece.last]),
                    (_bare(piece.text),),
                    tuple(sorted(piece.rules)),
                    piece.moved,
                    at,
                )
            )
        return hunks + list(self.removed)

    def replacement(self, first: int, last: int) -> str | None:
        """The text the fixes make of original lines `first`..`last`, as one suggestion for
        them; None when they changed nothing there, or changed more than those lines, or
        moved some of them (a suggestion replaces lines where they are)."""
        inside = [(i, p) for i, p in enumerate(self.pieces) if p.first <= last and p.last >= first]
        if any(p.first < first or p.last > last or p.moved for _, p in inside):
            return None
        indices = [i for i, _ in inside]
        if indices and indices != list(range(indices[0], indices[0] + len(indices))):
            return None  # something else landed among them
        removed = any(first <= h.first and h.last <= last for h in self.removed)
        if not removed and not any(p.rules for _, p in inside):
            return None
        return "\n".join(_bare(p.text) for _, p in inside)

    def rules_in(self, first: int, last: int) -> tuple[str, ...]:
        """The rules whose fixes changed original lines `first`..`last`."""
        rules = {r for p in self.pieces if p.first <= last and p.last >= first for r in p.rules}
        rules.update(
            r for h in self.removed if h.first <= last and h.last >= first for r in h.rules
        )
        return tuple(sorted(rules))


def fix_text(
    text: str,
    recheck: Recheck,
    findings: Sequence[Finding] | None = None,
    max_rounds: int = MAX_ROUNDS,
) -> Fixed:
    """Fix `text` until its re-check (`recheck`) has no fix left that changes it.

    `findings` are those of `text` when the caller has them already (saves one check)."""
    pieces = [Piece(t, n, n) for n, t in enumerate(text.splitlines(keepends=True), 1)]
    found = tuple(recheck(text) if findings is None else findings)
    current, seen, removed, rounds = text, {text}, [], 0
    while rounds < max_rounds:
        lines = [_bare(p.text) for p in pieces]
        edits = compatible(e for f in found if (e := edit_of(f, lines)) is not None)
        if not edits:
            break
        made = _settled(apply(pieces, edits), _ends_with_newline(text), _eol(text))
        after = "".join(p.text for p in made)
        if after in seen:  # two fixes undoing each other: stop at the first text of the cycle
            break
        removed += _removals(pieces, edits, text.splitlines())
        pieces, current, rounds = made, after, rounds + 1
        seen.add(after)
        found = tuple(recheck(current))
    return Fixed(text, current, tuple(pieces), tuple(removed), rounds, found)


def _moved_on(hunk: Hunk, piece: Piece, at: int) -> bool:
    """Is `piece` (at line `at`) the line after `hunk`'s, moved along with it unchanged?"""
    return (
        hunk.moved and piece.moved and piece.first == piece.last == hunk.last + 1
        and hunk.at is not None and at == hunk.at + len(hunk.new)
        and set(hunk.rules) == piece.rules and len(hunk.old) == len(hunk.new)
    )  # fmt: skip


def _removals(pieces: Sequence[Piece], edits: Sequence[Edit], lines: list[str]) -> list[Hunk]:
    """The original lines (`lines`) this round's edits remove (an empty suggestion)."""
    hunks = []
    for edit in edits:
        if edit.lines == ():
            old = pieces[edit.first - 1 : edit.last]
            first, last = min(p.first for p in old), max(p.last for p in old)
            rules = frozenset(edit.rules).union(*(p.rules for p in old))
            hunks.append(
                Hunk(first, last, tuple(lines[first - 1 : last]), (), tuple(sorted(rules)))
            )
    return hunks


def _settled(pieces: list[Piece], final_newline: bool, eol: str) -> list[Piece]:
    """Every line but the last ends with a line ending; the last as the original's did (a
    move may have taken the last line, which had none, into the middle)."""
    out = []
    for index, piece in enumerate(pieces):
        bare = _bare(piece.text)
        ending = piece.text[len(bare) :]
        ending = (ending or eol) if index < len(pieces) - 1 or final_newline else ""
        out.append(piece if bare + ending == piece.text else replace(piece, text=bare + ending))
    return out


def _bare(text: str) -> str:
    lines = text.splitlines()
    return lines[0] if lines else ""


def _ends_with_newline(text: str) -> bool:
    return (
        bool(text)
        and _bare(text.splitlines(keepends=True)[-1]) != (text.splitlines(keepends=True)[-1])
    )


def _eol(text: str) -> str:
    """The text's line ending, by its first line ('\\n' for a one-line text)."""
    first = text.splitlines(keepends=True)[:1]
    return (first[0][len(_bare(first[0])) :] if first else "") or "\n"
