"""markdown-it's ATX heading rule (`## Tools`), making its three tokens directly.

A list of many small sections reads a heading every few lines: markdown-it's rule logs
each call, finds the characters one by one in `try` blocks and pushes its tokens through
the state (a fifth of the block pass of a list of one-entry sections). `atx_heading` gives
up on the same lines and makes the same tokens; a test compares its block tokens with
markdown-it's on heading lines of every shape, at the top level and nested.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import mdTrim
from markdown_it.rules_block.state_block import StateBlock

from bot.parse.tokens import block_token

# One to six `#`, then a space, a tab or the line's end (the match's endpos): seven or
# more are no heading, nor `#x`. Bounded: at most seven characters are looked at.
_OPENING = re.compile(r"#{1,6}(?=[ \t]|\Z)")
_MARKUPS = ("", "#", "##", "###", "####", "#####", "######")
_TAGS = ("", "h1", "h2", "h3", "h4", "h5", "h6")


def use_atx_heading(md: MarkdownIt) -> None:
    """Have `md` read ATX headings with `atx_heading` (after its rules are guarded)."""
    ruler = md.block.ruler
    found = ruler.__rules__[ruler.__find__("heading")]
    ruler.at("heading", atx_heading, {"alt": list(found.alt)})


def atx_heading(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's `heading` rule."""
    src = state.src
    pos = state.bMarks[start] + state.tShift[start]
    maximum = state.eMarks[start]
    if pos >= maximum or src[pos] != "#" or state.is_code_block(start):
        return False
    opening = _OPENING.match(src, pos, maximum)
    if opening is None:
        return False
    if silent:
        return True
    level = opening.end() - pos
    pos = opening.end()
    # markdown-it cuts trailing spaces, then a closing run of `#` after a space or tab
    text = src[pos:maximum].rstrip(" \t")
    unclosed = text.rstrip("#")
    if len(unclosed) < len(text) and unclosed[-1:] in (" ", "\t"):
        text = unclosed
    line_map = [start, start + 1]
    level_now = state.level
    tokens = state.tokens
    tokens.append(block_token("heading_open", _TAGS[level], 1, level_now, _MARKUPS[level],
                              line_map))
    inline = block_token("inline", "", 0, level_now + 1, "", [start, start + 1])
    inline.content = mdTrim(text)
    inline.children = []
    tokens.append(inline)
    tokens.append(block_token("heading_close", _TAGS[level], -1, level_now, _MARKUPS[level],
                              None))
    state.line = start + 1
    return True


atx_heading.starts = frozenset("#")  # type: ignore[attr-defined]  # tried on these lines only
