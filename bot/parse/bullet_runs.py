"""A top-level run of one-line bullets, read into the tokens markdown-it's list rule makes.

Most of a list is runs of `- [Tool](https://tool.example/) - Does X.`, one line an item.
markdown-it reads each item by tokenizing its content as a nested block (every block rule
tried on its line, the paragraph's and the list's terminators tried on the next one): a
fifth of a large list's audit. For a run of lines that each can only be one paragraph in
their item, and that ends where the list ends for certain, the tokens are known: the list,
and per item its paragraph of the line's text. What markdown-it decides, and why a line
of the run decides it the same way:

- An item line is the run's marker at the margin, one space and text that starts no block
  in the item: not a fence, quote, heading, HTML, nested list or ordered list marker, not
  a reference definition's label (`[label]:`), and not only `*`, `-`, `_` and spaces (a
  thematic break, in the item or of the whole line). A table needs its delimiter row at
  the item's indent and a setext heading its underline there: the line below is at the
  margin. So the item holds the one paragraph, and the paragraph ends at the next line,
  another item, a blank line or the end (the list rule answers that a bullet line left of
  the item's indent ends it).
- Items are separated by nothing (a tight list) or by blank lines (if any, a loose one:
  the paragraphs are not hidden). An item's line map runs to the next item's line.
- The list ends at the end of the text, or at a margin line after blank lines that is no
  bullet of the same marker (blank lines end a paragraph and the item; the list then ends
  there whatever the line starts), or right below an item at a bullet of another marker,
  an ordered list marker or an ATX heading (each ends the paragraph, then the list).

- An item may hold a tight list of one-line sub-items (`  * URL: https://…`, the shape of
  labelled lists): each line two spaces in (the item's content indent), one marker for all
  of them, its text an item line's. The line above each (the item's or a sub-item's) ends
  its paragraph there: a bullet with text interrupts a paragraph in its item, and one left
  of a sub-item's indent ends the sub-item; the next item line, or a line ending the list,
  ends the sub-list and the item. A blank line after sub-items is left to the list rule
  (which of the lists it loosens depends on what follows).

Anything else (a line that may continue the paragraph lazily, an indented line after a
blank that may belong to the item, a same-marker bullet that is not an item line, tabs,
a marker off the margin, other nesting, a list in a quote or an item) is left to the list
rule, which reads the whole list as before. A test compares both on every corpus list
and on lists mixing the run with every block construct.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.token import Token

from bot.parse.labelled_items import LABELLED_ITEM, labelled_item
from bot.parse.plain_entries import PLAIN_ENTRY, plain_entry
from bot.parse.tokens import block_token

_MARKERS = frozenset("-*+")
# The text after the marker (matched from the character after it to the line's end).
_ITEM_TEXT = re.compile(
    r" (?=[*\-_ \t]*[^*\-_ \t])"  # one space; then some character no thematic break holds
    r"(?:[^ \t`~>#<\[0-9*+\-]"  # a character no block rule starts on (`_`: only a break)
    r"|[*+\-](?![ \t]|\Z)"  # emphasis or a dash, not a nested bullet
    r"|[0-9](?![0-9]*[.)])"  # a number, not an ordered list's marker
    # a link's label, not a definition's: markdown-it's reference rule gives up at a
    # second `[` or at a `]` not followed by `:` (no `\` before either, to be plain)
    r"|\[[^\[\]\\]*+(?:\[|\](?!:)))"
)
# A line right below an item that ends its paragraph and then the list for certain.
_ENDS_THE_LIST = re.compile(r"(?:[*+\-]|[0-9]{1,9}[.)]|#{1,6})(?:[ \t]|\Z)")


# The block rules the reasoning above is about (CommonMark's and GFM's table), in order.
_KNOWN_RULES = [
    "table", "code", "fence", "blockquote", "hr", "list", "reference", "html_block", "heading",
    "lheading", "paragraph",
]


def add_bullet_runs(md: MarkdownIt, entries: bool = False) -> None:
    """Have `md` read runs of one-line bullets directly, before its list rule; not when
    its block rules are others (another rule may end or continue an item). With `entries`,
    an item of one plain link and words is one `plain_entry` token (bot.parse.plain_entries),
    one of plain words and sub-items one `labelled_item` (bot.parse.labelled_items)."""
    if md.block.ruler.get_active_rules() == _KNOWN_RULES:
        rule = bullet_run_of_entries if entries else bullet_run
        md.block.ruler.before("list", "bullet_run", rule)


def bullet_run(state: StateBlock, start: int, end_line: int, silent: bool) -> bool:
    """markdown-it's list rule on a run of one-line bullets at the top level; False (the
    list rule then reads it) for anything else."""
    return _bullet_run(state, start, end_line, silent, entries=False)


def bullet_run_of_entries(state: StateBlock, start: int, end_line: int, silent: bool) -> bool:
    """`bullet_run`, its plain entries' and labelled items each one token."""
    return _bullet_run(state, start, end_line, silent, entries=True)


def _bullet_run(state: StateBlock, start: int, end_line: int, silent: bool, entries: bool) -> bool:
    if silent or state.level or state.blkIndent or state.listIndent >= 0:
        return False
    if state.md.options.get("tasklists", False):
        return False
    src, begin = state.src, state.bMarks[start]
    marker = src[begin] if begin < len(src) else ""
    if marker not in _MARKERS or not _item_line(state, start, marker):
        return False
    found = _run(state, start, end_line, marker)
    if found is None:
        return False
    items, subs, end, tight = found
    _emit(state, marker, items, subs, end, tight, entries)
    return True


bullet_run.starts = _MARKERS  # type: ignore[attr-defined]  # tried on these lines only
bullet_run_of_entries.starts = _MARKERS  # type: ignore[attr-defined]


def _item_line(state: StateBlock, line: int, marker: str) -> bool:
    begin = state.bMarks[line]
    return (
        state.src[begin] == marker
        and _ITEM_TEXT.match(state.src, begin + 1, state.eMarks[line]) is not None
    )


def _run(
    state: StateBlock, start: int, end_line: int, marker: str
) -> tuple[list[int], dict[int, list[int]], int, bool] | None:
    """(the items' lines, each item's sub-items' lines, the line the list ends at, tight),
    or None: not for certain."""
    items, line, tight = [start], start + 1, True
    subs: dict[int, list[int]] = {}
    while line < end_line:
        if not state.isEmpty(line):  # right below an item or a sub-item
            if _item_line(state, line, marker):
                items.append(line)
                line += 1
                continue
            if _sub_item_line(state, line, subs.setdefault(items[-1], [])):
                line += 1
                continue
            if _ends_the_list(state, line, marker):
                return items, subs, line, tight
            return None  # maybe a lazy continuation of the item's paragraph
        if subs.get(items[-1]):
            return None  # a blank line after sub-items
        after = line + 1
        while after < end_line and state.isEmpty(after):
            after += 1
        if after >= end_line:
            break
        if state.sCount[after]:  # may belong to the item
            return None
        if _item_line(state, after, marker):
            items.append(after)
            line, tight = after + 1, False
            continue
        if _bullet(state, after, marker):  # another item or a break: the list goes on
            return None
        return items, subs, after, tight
    return items, subs, end_line, tight


def _sub_item_line(state: StateBlock, line: int, siblings: list[int]) -> bool:
    """A one-line sub-item of the item above, with its siblings' marker; added to them."""
    begin = state.bMarks[line]
    src = state.src
    sub_marker = src[begin + 2 : begin + 3]
    if (
        src[begin : begin + 2] != "  "
        or sub_marker not in _MARKERS
        or (siblings and src[state.bMarks[siblings[0]] + 2] != sub_marker)
        or _ITEM_TEXT.match(src, begin + 3, state.eMarks[line]) is None
    ):
        return False
    siblings.append(line)
    return True


def _ends_the_list(state: StateBlock, line: int, marker: str) -> bool:
    begin = state.bMarks[line]
    return (
        state.src[begin] != marker
        and _ENDS_THE_LIST.match(state.src, begin, state.eMarks[line]) is not None
    )


def _bullet(state: StateBlock, line: int, marker: str) -> bool:
    """A bullet of `marker` at the margin: the list rule would read it as the next item."""
    begin, end = state.bMarks[line], state.eMarks[line]
    src = state.src
    return src[begin] == marker and (begin + 1 >= end or src[begin + 1] in " \t")


def _emit(
    state: StateBlock,
    marker: str,
    items: list[int],
    subs: dict[int, list[int]],
    end: int,
    tight: bool,
    entries: bool,
) -> None:
    """The list rule's tokens: each item one paragraph of its line's text, then its
    sub-items' list (with `entries`, a plain entry's or labelled item one token instead)."""
    src, e_marks = state.src, state.eMarks
    level = state.level
    tokens = state.tokens
    append = tokens.append
    append(block_token("bullet_list_open", "ul", 1, level, marker, [items[0], end]))
    following = items[1:]
    following.append(end)
    for line, next_line in zip(items, following, strict=True):
        content = mdTrim(src[state.bMarks[line] + 2 : e_marks[line]])
        below = subs.get(line)
        if entries and (item := _entry_item(state, content, below)) is not None:
            item.level, item.markup, item.map = level + 1, marker, [line, next_line]
            append(item)
            continue
        append(block_token("list_item_open", "li", 1, level + 1, marker, [line, next_line]))
        _paragraph(tokens, content, line, level + 2, tight)
        if below:
            _sub_list(state, below, next_line, level + 2)
        append(block_token("list_item_close", "li", -1, level + 1, marker, None))
    append(block_token("bullet_list_close", "ul", -1, level, marker, None))
    state.line = end


def _entry_item(state: StateBlock, content: str, below: list[int] | None) -> Token | None:
    """The one token an item of a plain entry (bot.parse.plain_entries) or a labelled item
    (bot.parse.labelled_items) is read as, its level, marker and map left to set; None for
    another item."""
    if not below and (entry := plain_entry(content)) is not None:
        token = block_token(PLAIN_ENTRY, "li", 0, 0, "", None)
        token.content = content
        token.meta["entry"] = entry
        return token
    src, b_marks, e_marks = state.src, state.bMarks, state.eMarks
    texts = (mdTrim(src[b_marks[line] + 4 : e_marks[line]]) for line in below or ())
    if (labelled := labelled_item(content, texts)) is not None:
        token = block_token(LABELLED_ITEM, "li", 0, 0, "", None)
        token.content = content
        token.meta["labelled"] = labelled
        return token
    return None


def _sub_list(state: StateBlock, lines: list[int], end: int, level: int) -> None:
    """A tight list of one-line items at `lines`, ending at `end`, at `level`."""
    src, b_marks, e_marks = state.src, state.bMarks, state.eMarks
    tokens = state.tokens
    marker = src[b_marks[lines[0]] + 2]
    tokens.append(block_token("bullet_list_open", "ul", 1, level, marker, [lines[0], end]))
    following = lines[1:]
    following.append(end)
    for line, next_line in zip(lines, following, strict=True):
        content = mdTrim(src[b_marks[line] + 4 : e_marks[line]])
        tokens.append(
            block_token("list_item_open", "li", 1, level + 1, marker, [line, next_line]))
        _paragraph(tokens, content, line, level + 2, True)
        tokens.append(block_token("list_item_close", "li", -1, level + 1, marker, None))
    tokens.append(block_token("bullet_list_close", "ul", -1, level, marker, None))


def _paragraph(tokens: list[Token], content: str, line: int, level: int, tight: bool) -> None:
    """A one-line paragraph's tokens (hidden in a tight list)."""
    paragraph = block_token("paragraph_open", "p", 1, level, "", [line, line + 1], tight)
    inline = block_token("inline", "", 0, level + 1, "", [line, line + 1])
    inline.content = content
    inline.children = []
    closing = block_token("paragraph_close", "p", -1, level, "", None, tight)
    tokens += (paragraph, inline, closing)
