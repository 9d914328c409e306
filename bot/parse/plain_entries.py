"""The commonest entry, `- [Tool](https://tool.example/) - Does X.`, read without tokens.

A large list is mostly top-level one-line bullets of one link and plain words after it. For
such a line the tokens are known (bot.parse.bullet_runs: the item and its paragraph;
bot.parse.simple_inline: `link_open`, the label's text, `link_close` and the text after it),
and so is what the walker makes of them: an entry named by its link's text, the words after
the link (code spans' text among them) its description. Building ~9 tokens to read those
three strings back was most of the parse of such a list; the bullet run emits one
`plain_entry` token instead, holding them. A line with anything else (a second link, a
bracket, an escape, an image, an entity, HTML, an autolink, an in-page link, a code span of
two backticks) keeps the general tokens. A test compares both on every corpus list and on
lines mixing the shape with every metacharacter.
"""

from __future__ import annotations

import re

from markdown_it.common.utils import unescapeAll

from bot.parse.inline import strip_emphasis
from bot.parse.simple_inline import DESTINATION, PLAIN, PLAINEST

PLAIN_ENTRY = "plain_entry"  # the token type, at a list item's place and level


# Code in the words after the link (`Extends the standard `flag` package`): one backtick
# each side, no backtick or line break inside and no space at either end (markdown-it
# strips one there), no backtick right after (a run of two is another span's delimiter).
# Its characters are code, so any; the description reads them without the backticks.
_CODE = r"`(?:[^`\s]|[^`\s][^`\n]*[^`\s])`(?!`)"


def _entry(plain: str) -> re.Pattern[str]:
    """A link first, its label plain text (not empty), then plain text and code to the
    end: markdown-it reads one link, then text and code spans.

    The words are taken a run of plain text at a time (`{plain}++`), not a character an
    alternation: the same match (plain text never starts with the backtick code starts
    with, so either reading has one way on at each character), in half the time."""
    return re.compile(rf"\[({plain}++)\]\(({DESTINATION}++)\)((?:{plain}++|{_CODE})*+)")


_ENTRIES = (_entry(PLAINEST), _entry(PLAIN))  # the one-class pattern first: most lines


def plain_entry(content: str) -> tuple[str, str, str] | None:
    """(link text, URL, description) of an item's one-line paragraph `content`, as the
    walker reads them from its tokens; None when it is not that plain."""
    found = _ENTRIES[0].fullmatch(content) or _ENTRIES[1].fullmatch(content)
    if found is None:
        return None
    label, destination, rest = found.groups()
    # as markdown-it's destination scanner gives the href; with no `\` (DESTINATION has
    # none) and no `&`, unescapeAll gives the destination back unchanged
    url = unescapeAll(destination) if "&" in destination else destination
    if url.startswith("#"):
        return None  # an in-page link: a table of contents' line
    if "`" in rest:
        rest = rest.replace("`", "")  # every backtick is a code span's
    return strip_emphasis(label), url, " ".join(rest.split()).lstrip(" -–—:").strip()
