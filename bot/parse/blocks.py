"""The top-level Markdown blocks of a text, with lines: what a line renders as.

Only asked when entries of a base vanish from the head, to tell what swallowed them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

_KINDS = {
    "fence": "fence",
    "code_block": "code",
    "html_block": "html",
    "paragraph_open": "paragraph",
    "table_open": "table",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "blockquote_open": "quote",
    "heading_open": "heading",
}


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # fence, code, html, paragraph, table, list, quote, heading
    line: int  # 1-based first line
    end_line: int  # 1-based last line
    markup: str  # a fence's backticks or tildes; an HTML block's first line


def top_blocks(md: MarkdownIt, text: str) -> list[Block]:
    """The blocks at the top level of the document, in order."""
    return _top_blocks_in(md.parse(text), _KINDS)


def html_blocks_in(tokens: list[Token]) -> list[Block]:
    """The top-level HTML blocks among a parse's tokens, in order, as `top_blocks` has them."""
    return _top_blocks_in((t for t in tokens if t.type == "html_block"), _KINDS)


def _top_blocks_in(tokens: Iterable[Token], kinds: dict[str, str]) -> list[Block]:
    blocks = []
    for token in tokens:
        kind = kinds.get(token.type)
        if kind is None or token.level != 0 or token.map is None:
            continue
        markup = token.content.split("\n", 1)[0] if kind == "html" else token.markup
        blocks.append(Block(kind, token.map[0] + 1, token.map[1], markup))
    return blocks
