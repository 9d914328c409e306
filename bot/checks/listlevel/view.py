"""What the list-level rules read: the lines a review judges, as prose a reader sees.

In a pull request the rules judge the lines it added (a line whose text the base holds fewer
times than the head); in a full audit every line. Prose is a line with what is not prose
blanked out: code (fenced and inline), HTML comments and tags, link targets and bare URLs,
images, and reference definitions — a rule about words or punctuation must never read a URL
or a code sample.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from types import MappingProxyType
from typing import ClassVar, Self

from rapidfuzz import fuzz, process

from bot.checks.analysis.changes import added_lines
from bot.checks.base import Context
from bot.config import ConfigError, mapping, str_list
from bot.memo import per_text
from bot.model import Document, Entry

CHECK_NAME = "list"
_SAME_LINE = 60  # rapidfuzz ratio above which a removed base line is the edited line's old self
_END = 24  # characters of a line's end that pick the removed line scored first
ESTABLISHED = 3  # untouched lines that make a way of writing the list's own

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_DEFINITION = re.compile(r" {0,3}\[[^\]\n]{1,999}\]:\s*\S")
# the same at any line's start of a text of lines (its `\s*` kept to the line)
_DEFINITION_LINE = re.compile(r"^ {0,3}\[[^\]\n]{1,999}\]:[^\S\n]*\S", re.MULTILINE)
# `(url)`, where the URL may hold one level of balanced parentheses (`void(0)`, Wikipedia).
# Runs of plain characters are one repeat, never a group per character: `re` saves its
# state for every turn of a group, ~90 bytes each (600 MB for a 5 MB URL). Possessive: the
# character sets cannot end where `(` or `)` is, so giving characters back never helps.
_TARGET = r"\([^()\n]*+(?:\([^()\n]*+\)[^()\n]*+)*+\)"
# Each pattern, with the character every match of it ends on (its last `]`, `>` …; None: no
# single one). One attempt is linear, but `re` attempts every start: from each of 100,000
# `[` (or `![`, `<`) with no closer after it, it scans to the end of the line. So each is
# run only over the line up to its closer's last occurrence (and the target an image's `]`
# may have after it), where any start finds a closer and the first match takes the run.
# The third of each: text every match holds, so a line without it is left as it is.
_BLANKED: tuple[tuple[re.Pattern[str], str | None, str], ...] = (
    (re.compile(r"`+[^`\n]*`+"), "`", "`"),  # inline code
    (re.compile(rf"!\[[^\]\n]*\](?:{_TARGET})?"), "]", "!["),  # images, with their target
    (re.compile(rf"\]{_TARGET}"), ")", "]("),  # link targets (the text stays)
    (re.compile(r"<[^>\n]*>"), ">", "<"),  # HTML tags and autolinks
    # bare URLs; a `)` closing a parenthesis around the URL is prose
    (re.compile(r"\bhttps?://[^\s()<>]+(?:\([^\s()<>]*\)[^\s()<>]*)*"), None, "://"),
)
_ANY_BLANKED = re.compile("|".join(re.escape(needle) for _, _, needle in _BLANKED))
_AFTER_TARGET = re.compile(_TARGET)
# `[text]` left by a blanked target: `[`, no `]` or line end, `]`, then this (a lookahead)
_AFTER_LINK_TEXT = re.compile(r"\s|$|[^\w(\[:]")
_CLOSING = re.compile(r"[\]\n]")


@dataclass(frozen=True)
class ListView:
    """The head document, which of its lines a review judges, and those lines as prose."""

    doc: Document
    added: frozenset[int] | None  # 1-based line numbers; None: a full audit (every line)
    base: Document | None = None  # the pull request's base (None in a full audit)

    def judges(self, line: int) -> bool:
        return self.added is None or line in self.added

    def judges_any(self, first: int, last: int) -> bool:
        return self.added is None or not self.added.isdisjoint(range(first, last + 1))

    @cached_property
    def _scanned(self) -> tuple[tuple[str, ...], frozenset[int]]:
        lines = self.doc.lines
        text = "\n".join(lines)
        if "```" not in text and "~~~" not in text and "<!--" not in text:
            return _plain_prose(lines, text), frozenset()
        prose: list[str] = []
        code: set[int] = set()
        for number, (line, is_code) in enumerate(_prose_lines(lines, text), start=1):
            prose.append(line)
            if is_code:
                code.add(number)
        return tuple(prose), frozenset(code)

    @property
    def prose(self) -> tuple[str, ...]:
        """Every line of the head as prose ('' for code, comments and definitions)."""
        return self._scanned[0]

    @cached_property
    def prose_text(self) -> str:
        """Every line of the head as prose, a line each (prose holds no line break)."""
        return "\n".join(self.prose)

    @property
    def code_lines(self) -> frozenset[int]:
        """Lines inside fenced code blocks (examples, not the list)."""
        return self._scanned[1]

    def judged_prose(self) -> list[tuple[int, str]]:
        """(line, prose) of the judged lines that hold any prose (read by several rules)."""
        return self._judged_prose

    @cached_property
    def _judged_prose(self) -> list[tuple[int, str]]:
        numbered = enumerate(self.prose, start=1)
        if self.added is None:
            return [(number, text) for number, text in numbered if text.strip()]
        added = self.added  # not judges(): one call a line
        return [(number, text) for number, text in numbered if text.strip() and number in added]

    @cached_property
    def judged_text(self) -> str:
        """The judged prose, a line each: one substring test says whether any line holds
        a mark (prose holds no line break of its own)."""
        return "\n".join(text for _, text in self._judged_prose)

    @cached_property
    def _untouched(self) -> str:
        if self.added is None:
            return ""
        added = self.added
        return "\n".join(t for n, t in enumerate(self.doc.lines, start=1) if n not in added)

    def established(self, written: str) -> bool:
        """In a pull request: the list itself writes `written` on three or more lines the PR
        did not touch, so it is the list's way (a `[Github]` label, `**[Free][Paid]**` tags),
        not the contributor's slip. A full audit has no such yardstick: never."""
        return self._untouched.count(written) >= ESTABLISHED

    def newly_written(self, written: str, line: int) -> bool:
        """In a pull request: the PR wrote `written` on this line — its version before the
        edit (the removed base line most like it) holds it fewer times. A touched line keeps
        its old text: a misspelling the PR left beside its own edit is not the contributor's.
        A full audit: always."""
        if self.base is None:
            return True
        text = self.doc.lines[line - 1]
        before = self._before(text)
        return before is None or text.count(written) > before.count(written)

    def _before(self, text: str) -> str | None:
        """Remembered by text: a line with several misspellings asks once for each."""
        known = self._befores
        if text not in known:
            known[text] = self._search_before(text)
        return known[text]

    @cached_property
    def _befores(self) -> dict[str, str | None]:
        return {}

    def _search_before(self, text: str) -> str | None:
        if not self._removed:
            return None
        cutoff = self._cutoff_for(text)
        found = process.extractOne(text, self._removed_near(len(text), cutoff),
                                   scorer=fuzz.ratio, score_cutoff=cutoff)
        return found[0] if found is not None else None

    def _removed_near(self, size: int, cutoff: float) -> list[str]:
        """The removed lines, in order, whose length lets them reach `cutoff` against a line
        of `size` characters: the ratio is at most 200·shorter/(both lengths), as the lines
        differ by at least the difference of their lengths. Usually a tenth of them: the
        search then scores those only, and finds the same first line of the highest score."""
        shortest = int(cutoff * size / (200 - cutoff))  # rounded down: never one too few
        longest = int(size * (200 - cutoff) / cutoff) + 1
        lengths, positions = self._removed_by_length
        near = lengths[bisect_left(lengths, shortest):bisect_right(lengths, longest)]
        picked = sorted(chain.from_iterable(map(positions.__getitem__, near)))
        removed = self._removed
        return [removed[index] for index in picked]

    @cached_property
    def _removed_by_length(self) -> tuple[list[int], dict[int, list[int]]]:
        """The removed lines' lengths, in order, and their positions by length."""
        positions: dict[int, list[int]] = {}
        for index, line in enumerate(self._removed):
            positions.setdefault(len(line), []).append(index)
        return sorted(positions), positions

    def _cutoff_for(self, text: str) -> float:
        """The score the most like removed line reaches at least: a removed line ending as
        `text` does (an edit rarely touches a line's end) is scored first, so the search
        skips the lines that cannot beat it. Lowered by a point, as the score a cutoff lets
        through is rounded: the best line, the first of the highest score, is still found."""
        guess = self._removed_by_end.get(text[-_END:])
        if guess is None:
            return _SAME_LINE
        return max(_SAME_LINE, fuzz.ratio(text, guess) - 1)

    @cached_property
    def _removed_by_end(self) -> dict[str, str]:
        ends: dict[str, str] = {}
        for line in self._removed:
            ends.setdefault(line[-_END:], line)
        return ends

    @cached_property
    def _removed(self) -> list[str]:
        """Base lines the head holds fewer times: what the PR deleted or rewrote."""
        if self.base is None:
            return []
        gone = added_lines(self.doc.lines, self.base.lines)
        return [t for n, t in enumerate(self.base.lines, start=1) if n in gone and t.strip()]

    def judged_entries(self) -> Iterator[Entry]:
        """The entries holding a judged line: judges_any() written out, its first line
        asked alone (most entries are one line, and 36,000 of them a 5 MB list)."""
        added = self.added
        if added is None:
            yield from self.doc.entries
            return
        for entry in self.doc.entries:
            first, last = entry.line, entry.end_line
            if first in added or (last > first and not added.isdisjoint(range(first, last + 1))):
                yield entry


def matching_lines(pattern: re.Pattern[str], text: str) -> Iterator[int]:
    """Indices of the lines of `text` (joined by line breaks) that `pattern` matches on, in
    order: one search a matching line over the whole text, so the other lines are passed
    over in C, not asked one by one. `pattern` never matches a line break."""
    index, counted, start = 0, 0, 0
    while (match := pattern.search(text, start)) is not None:
        index += text.count("\n", counted, match.start())
        counted = match.start()
        yield index
        end = text.find("\n", counted)
        if end < 0:
            return
        start = end + 1


def view_of(ctx: Context) -> ListView:
    """The view of `ctx`'s head: judged lines are the added ones, or all in a full audit."""
    if ctx.base is None or ctx.diff.full_audit:
        return ListView(ctx.head, None)
    return ListView(ctx.head, added_lines(ctx.base.lines, ctx.head.lines), ctx.base)


def _plain_prose(lines: tuple[str, ...], text: str) -> tuple[str, ...]:
    """_prose_lines' prose of lines with no code fence and no comment: a line is its own
    prose but for the lines holding anything _BLANKED blanks and definitions, both found
    in one search over `text` (the lines joined) each, so the others are not looked at."""
    prose = list(lines)
    for index in matching_lines(_ANY_BLANKED, text):
        prose[index] = _blank(lines[index])
    if "]:" in text:
        for index in matching_lines(_DEFINITION_LINE, text):
            prose[index] = ""
    return tuple(prose)


def _prose_lines(lines: tuple[str, ...], text: str) -> Iterator[tuple[str, bool]]:
    """(prose, inside a code fence) for each line."""
    fence: str | None = None
    in_comment = False
    # the lines holding anything _BLANKED blanks, found in one search: the others are their
    # own prose (a part of one, between comments, holds none either), not looked up one by one
    blanked = matching_lines(_ANY_BLANKED, text)
    next_blanked = next(blanked, -1)
    for index, line in enumerate(lines):
        held = index == next_blanked
        if held:
            next_blanked = next(blanked, -1)
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            yield "", True
            continue
        if opened:
            fence = opened.group(1)
            yield "", True
            continue
        text = line
        if in_comment or "<!--" in line:
            text, in_comment = _without_comments(line, in_comment)
        yield ("" if _DEFINITION.match(text) else _blank(text) if held else text), False


def _without_comments(line: str, in_comment: bool) -> tuple[str, bool]:
    """`line` without the parts inside `<!-- … -->`, and whether a comment is still open."""
    out: list[str] = []
    position = 0
    while position < len(line):
        if in_comment:
            end = line.find("-->", position)
            if end < 0:
                return "".join(out), True
            position, in_comment = end + 3, False
        else:
            start = line.find("<!--", position)
            if start < 0:
                out.append(line[position:])
                break
            out.append(line[position:start])
            position, in_comment = start + 4, True
    return "".join(out), in_comment


def _blank(text: str) -> str:
    """The line with code, images, link targets, tags and bare URLs blanked. Not remembered
    by text: each line of the head is blanked once a review, and a long list's lines are all
    distinct, so a remembered miss costs half as much again as blanking the line."""
    for pattern, closer, needle in _BLANKED:
        if needle in text:
            text = _sub_up_to(pattern, closer, text)
    return text


def _sub_up_to(pattern: re.Pattern[str], closer: str | None, text: str) -> str:
    """`pattern.sub(" ", text)`, attempted only where a match can end (see _BLANKED)."""
    if closer is None:
        return pattern.sub(" ", text)
    last = text.rfind(closer)
    if last < 0:
        return text
    end = last + 1
    if closer == "]" and (target := _AFTER_TARGET.match(text, end)) is not None:
        end = target.end()
    return pattern.sub(" ", text[:end]) + text[end:]


@per_text()
def without_link_texts(prose: str) -> str:
    """Prose with the `[text]` of links left out: a link's text is judged as a name.

    Every `[` before the same `]` ends its scan there, and the lookahead after that `]`
    decides for all of them: one test per `]`, not one scan per `[` (quadratic on `[[[…`)."""
    out: list[str] = []
    kept = 0
    start = prose.find("[")
    while start != -1:
        closing = _CLOSING.search(prose, start + 1)
        if closing is None:
            break
        end = closing.start()
        if prose[end] == "]" and _AFTER_LINK_TEXT.match(prose, end + 1):
            out.append(prose[kept:start] + " ")
            kept = end + 1
        start = prose.find("[", end + 1)
    out.append(prose[kept:])
    return "".join(out)


@dataclass(frozen=True)
class SpellingOptions:
    """`spelling: {Deno: [deno], FastAPI: [fastapi, fast api]}`: a list's own technical names
    and the other ways people write them (matched ignoring case), for M508."""

    KEYS: ClassVar[tuple[str, ...]] = ("spelling",)

    names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_yaml(cls, data: Mapping[str, object]) -> Self:
        raw = mapping(data.get("spelling", {}), "spelling")
        names: dict[str, tuple[str, ...]] = {}
        for name, spellings in raw.items():
            if not isinstance(name, str) or not name.strip():
                raise ConfigError(f"spelling: a name must be text, got {str(name)[:40]!r}")
            where = f"spelling.{name[:40]}"
            names[name] = str_list(spellings, where) if spellings is not None else ()
        return cls(names=MappingProxyType(names))
