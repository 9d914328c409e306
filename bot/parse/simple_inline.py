"""The inline tokens of the commonest entry, made without markdown-it's inline rules.

Most paragraphs of a list are one line of plain words and inline links:
`[Tool](https://tool.example/) - Does X.`. For them markdown-it's inline pass (the text
rule stopping at each `[`, the label scanned token by token, the destination, the title
attempt, pending text pushed and joined) is ~70 µs a line on a large list. Where the line
holds nothing any enabled inline rule could start on besides those links, the tokens are
known: text, and `link_open` (its href unescaped as the destination scanner does), the
label's text and `link_close` for each link. Anything else (an escape, code, an image, an
entity, raw HTML or an autolink, a line break, a bracket outside a link, an empty label or
destination, a title) goes to markdown-it. A test compares both on every real list and on
lines mixing this shape with every metacharacter.
"""

from __future__ import annotations

import re

from markdown_it.common.utils import unescapeAll
from markdown_it.token import Token

from bot.parse.tokens import new_token

# A character no enabled inline rule starts on (emphasis is off, so `*` `_` `~` are text;
# bot.parse._text's terminators): not a newline, escape, backtick or bracket; `!` not
# before `[` (an image), `&` not before `#` or a letter (an entity), `<` not before what
# starts raw HTML or an autolink. One character an alternative, each by its first
# character: the possessive runs below take them without backtracking.
PLAIN = r"(?:[^\n\\`\[\]!<&]|!(?!\[)|&(?![#A-Za-z])|<(?![A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]))"
# The same without `!`, `&` and `<`: one character class, matched ~5 times faster than the
# alternation; most lines hold none of the three.
PLAINEST = r"[^\n\\`\[\]!<&]"
# A destination the scanner takes whole (no space, control character, parenthesis,
# backslash or `<`), closed at once: no title.
DESTINATION = r"[^\x00-\x20\x7f()\\<]"


def _piece(plain: str) -> re.Pattern[str]:
    """Plain text, then a `[label](destination)` (a label of plain text, not empty) or the
    end."""
    return re.compile(rf"({plain}*+)(?:\[({plain}++)\]\(({DESTINATION}++)\)|\Z)")


_PIECES = (_piece(PLAINEST), _piece(PLAIN))


def simple_inline_tokens(content: str) -> tuple[Token, ...] | None:
    """markdown-it's joined inline tokens of `content`, or None when it is not that simple."""
    tokens: list[Token] = []
    at = 0
    while True:
        piece = _PIECES[0].match(content, at) or _PIECES[1].match(content, at)
        if piece is None:
            return None
        text, label, destination = piece.groups()
        if text:
            tokens.append(_text(text, 0))
        if label is None:  # the end
            return tuple(tokens)
        tokens.extend(_link(label, destination))
        at = piece.end()


def _text(content: str, level: int) -> Token:
    token = new_token("text", "", 0)
    token.content = content
    token.level = level
    return token


def _link(label: str, destination: str) -> tuple[Token, Token, Token]:
    opening = new_token("link_open", "a", 1)
    opening.attrs = {"href": unescapeAll(destination)}
    return opening, _text(label, 1), new_token("link_close", "a", -1)
