"""markdown-it's block rules, each tried only on lines whose first character can start it.

The block parser tries every rule on every line, and a paragraph or a list item tries most
of them again on each following line to see whether it ends there: on a list of 3,000
bullets that is ~70,000 rule calls, most of which look at the line's first character and
give up. Each rule below gives up on the same characters as the original before doing
anything else (no state changes first), so asking the character first yields the same
tokens. The block tokenizer picks a line's rules by that character, and the rules other
rules call to end a paragraph or an item are guarded the same way.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Callable
from typing import TypeAlias

from markdown_it import MarkdownIt
from markdown_it.rules_block.state_block import StateBlock

from bot.parse.rule_chains import rules_by_character

BlockRule: TypeAlias = Callable[[StateBlock, int, int, bool], bool]

# The characters a rule's own first test accepts at the line's first non-space position.
_STARTS: dict[str, frozenset[str]] = {
    "fence": frozenset("`~"),
    "blockquote": frozenset(">"),
    "hr": frozenset("*-_"),
    "list": frozenset("*-+0123456789"),
    "reference": frozenset("["),
    "html_block": frozenset("<"),
    "heading": frozenset("#"),
}
# A thematic break is three markers or more, with nothing but spaces or tabs between them.
_THREE_MARKERS = re.compile(r"([*_-])[ \t]*\1[ \t]*\1")
# GFM: a table's second line (its delimiter row) starts with one of these.
_DELIMITER_ROW_STARTS = frozenset("|-:")
_BULLETS = frozenset("*-+")
_SPACE_OR_TAB = frozenset(" \t")


def guard_block_rules(md: MarkdownIt) -> None:
    """Guard `md`'s block rules by first character and let its tokenizer pick them so."""
    ruler = md.block.ruler
    for name in ruler.get_all_rules():
        found = ruler.__rules__[ruler.__find__(name)]
        guard = _GUARDS.get(name)
        if guard is not None:  # at() resets the chains a rule ends unless given them
            ruler.at(name, guard(found.fn), {"alt": list(found.alt)})
    # the tokenizer below reads the chain at each call: a later enable()/disable() holds
    md.block.tokenize = _dispatching_tokenizer(md)  # type: ignore[method-assign,assignment]


def _starting_with(rule: BlockRule, starts: frozenset[str]) -> BlockRule:
    def guarded(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[line] + state.tShift[line]
        if pos >= len(state.src) or state.src[pos] not in starts:
            return False
        return rule(state, line, end, silent)

    guarded.starts = starts  # type: ignore[attr-defined]
    return guarded


def _list_or_next_item(rule: BlockRule) -> BlockRule:
    """The list rule, answering at once where it is asked (silent) whether a bullet line
    to the left of the current block's indent ends it: the next item of the list around.

    There the list rule would return True after its checks: not code (the line is to the
    left of the indent), not a paragraph continuation (the quirk of a marker 4 columns or
    more right of the list's), not a paragraph's own item (the line is outdented), a
    bullet marker then a space, a tab or the line's end. A tenth of a list's block pass."""
    starts = _STARTS["list"]

    def guarded(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        src, pos = state.src, state.bMarks[line] + state.tShift[line]
        if pos >= len(src) or src[pos] not in starts:
            return False
        if silent and _next_item(state, line, pos):
            return True
        return rule(state, line, end, silent)

    guarded.starts = starts  # type: ignore[attr-defined]
    return guarded


def _next_item(state: StateBlock, line: int, pos: int) -> bool:
    indent = state.sCount[line]
    if indent >= state.blkIndent or state.src[pos] not in _BULLETS:
        return False
    if state.listIndent >= 0 and indent - state.listIndent >= 4:
        return False
    return pos + 1 >= state.eMarks[line] or state.src[pos + 1] in _SPACE_OR_TAB


def _three_markers(rule: BlockRule) -> BlockRule:
    def guarded(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[line] + state.tShift[line]
        if _THREE_MARKERS.match(state.src, pos, state.eMarks[line]) is None:
            return False
        return rule(state, line, end, silent)

    guarded.starts = _STARTS["hr"]  # type: ignore[attr-defined]
    return guarded


def _before_a_label_end(rule: BlockRule) -> BlockRule:
    """A reference definition's label ends in `]:` on one line: none past the text's last."""

    def guarded(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[line] + state.tShift[line]
        if pos >= len(state.src) or state.src[pos] != "[" or pos > _last_label_end(state.src):
            return False
        return rule(state, line, end, silent)

    guarded.starts = _STARTS["reference"]  # type: ignore[attr-defined]
    return guarded


def _last_label_end(src: str) -> int:
    """`src.rfind("]:")`, found once per text (a one-entry cache: another thread's parse
    only misses it)."""
    global _LAST_LABEL_END
    last_src, found = _LAST_LABEL_END
    if last_src is not src:
        found = src.rfind("]:")
        _LAST_LABEL_END = (src, found)
    return found


_LAST_LABEL_END: tuple[str, int] = ("", -1)


def _above_an_underline(rule: BlockRule) -> BlockRule:
    """A setext heading's text: an underline must come before any blank line. markdown-it
    leaves `parentType` at "paragraph" when it finds none; so does this guard."""

    def guarded(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        underlines, blanks = _underlines_and_blanks(state.src)
        at = bisect_right(underlines, line)
        below = underlines[at] if at < len(underlines) else end
        if below >= end or _blank_between(blanks, line, below):
            if not state.is_code_block(line):
                state.parentType = "paragraph"
            return False
        return rule(state, line, end, silent)

    return guarded


def _blank_between(blanks: list[int], line: int, below: int) -> bool:
    at = bisect_right(blanks, line)
    return at < len(blanks) and blanks[at] < below


# A line that may be a setext underline once a quote's `>` are taken off, or a blank line.
_UNDERLINE_OR_BLANK = re.compile(r"^(?:([ \t>]*(?:-+|=+))?[ \t]*)$", re.MULTILINE)


def _underlines_and_blanks(src: str) -> tuple[list[int], list[int]]:
    """The numbers of the lines of `src` that may be underlines, and of its blank lines
    (found once per text: a one-entry cache)."""
    global _LAST_UNDERLINES
    last_src, found = _LAST_UNDERLINES
    if last_src is src:
        return found
    underlines: list[int] = []
    blanks: list[int] = []
    line, counted = 0, 0
    for match in _UNDERLINE_OR_BLANK.finditer(src):
        line += src.count("\n", counted, match.start())
        counted = match.start()
        (underlines if match.group(1) else blanks).append(line)
    _LAST_UNDERLINES = (src, (underlines, blanks))
    return underlines, blanks


_LAST_UNDERLINES: tuple[str, tuple[list[int], list[int]]] = ("", ([], []))


def _before_delimiter_row(rule: BlockRule) -> BlockRule:
    """The table rule's own first tests: a delimiter row below, not outdented (the next
    item of a list), starting `|`, `-` or `:` but not `- ` (a bullet)."""

    def guarded(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        below = line + 1
        if below >= end or state.sCount[below] < state.blkIndent:
            return False
        pos = state.bMarks[below] + state.tShift[below]
        limit = state.eMarks[below]
        if pos >= limit or state.src[pos] not in _DELIMITER_ROW_STARTS:
            return False
        if state.src[pos] == "-" and pos + 1 < limit and state.src[pos + 1] in _SPACE_OR_TAB:
            return False
        return rule(state, line, end, silent)

    return guarded


def _indented(rule: BlockRule) -> BlockRule:
    def guarded(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        if state.sCount[line] - state.blkIndent < 4:
            return False
        return rule(state, line, end, silent)

    return guarded


_GUARDS: dict[str, Callable[[BlockRule], BlockRule]] = {
    **{name: functools.partial(_starting_with, starts=starts) for name, starts in _STARTS.items()},
    "hr": _three_markers,
    "list": _list_or_next_item,
    "reference": _before_a_label_end,
    "table": _before_delimiter_row,
    "lheading": _above_an_underline,
    "code": _indented,
}


def _starting_with_first(rules: list[BlockRule], first: str) -> list[BlockRule]:
    """The rules that may start on a line whose first character is `first`."""
    return [rule for rule in rules if first in getattr(rule, "starts", (first,))]


def _dispatching_tokenizer(md: MarkdownIt) -> Callable[[StateBlock, int, int], None]:
    """`ParserBlock.tokenize`, trying on each line only the rules its first character
    allows (a guarded rule not allowed would return False at once)."""
    block = md.block
    rules_for = rules_by_character(block.ruler, _starting_with_first)

    def tokenize(state: StateBlock, startLine: int, endLine: int) -> None:
        line = startLine
        max_nesting = state.md.options.maxNesting
        has_empty_lines = False
        src = state.src
        while line < endLine:
            state.line = line = state.skipEmptyLines(line)
            if line >= endLine:
                break
            if state.sCount[line] < state.blkIndent:
                break  # the end of a nested block (a quote's or an item's)
            if state.level >= max_nesting:
                state.line = endLine
                break
            pos = state.bMarks[line] + state.tShift[line]
            ok = False
            for rule in rules_for(src[pos] if pos < len(src) else ""):
                ok = rule(state, line, endLine, False)
                if ok:
                    if state.line <= line:
                        raise RuntimeError("block rule didn't increment state.line")
                    break
            if not ok:
                raise RuntimeError("none of the block rules matched")
            state.tight = not has_empty_lines
            line = state.line
            if (line - 1) < endLine and state.isEmpty(line - 1):
                has_empty_lines = True
            if line < endLine and state.isEmpty(line):
                has_empty_lines = True
                line += 1
                state.line = line

    return tokenize
