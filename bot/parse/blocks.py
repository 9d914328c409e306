"""The top-level Markdown blocks of a text, with lines: what a line renders as.

Only asked when entries of a base vanish from the head, to tell what swallowed them.
"""

from __future__ import annotations

from dataclasses import dataclass

from markdown_it import MarkdownIt

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
    blocks = []
    for token in md.parse(text):
        kind = _KINDS.get(token.type)
        if kind is None or token.level != 0 or token.map is None:
            continue
        markup = token.content.split("\n", 1)[0] if kind == "html" else token.markup
        blocks.append(Block(kind, token.map[0] + 1, token.map[1], markup))
    return blocks
