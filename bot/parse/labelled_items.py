"""An item of plain words and its `label: value` sub-items, read without tokens.

    * ChatGLM：
      * 地址：https://github.com/THUDM/ChatGLM-6B
      * 简介：…

Labelled lists (most CJK lists) write each entry so: a name, and its link a bare URL on a
labelled sub-item (bot.parse.nested). Read through markdown-it's tokens, such an item is
about twenty tokens (the item, its sub-list, a paragraph and its inline each) that the
walker turns back into the name and the URLs. Where every text of the item (its line and
each sub-item's) is plain words, with nothing an inline rule starts on (no link, code,
escape, entity, HTML or autolink: bot.parse.simple_inline's plain characters), each is one
text token of its content, and what the walker makes of them is known: no link and no
broken link syntax in any, so the item is an entry named by its words (`item_name`) when
some sub-item's text is a labelled URL, with those URLs its links; else nothing. The
bullet run (bot.parse.bullet_runs) then emits one `labelled_item` token holding that. Any
other text keeps the general tokens. A test compares both on every such item of the real
lists and on generated ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.parse.inline import strip_emphasis
from bot.parse.nested import item_name, labelled_url
from bot.parse.simple_inline import PLAIN, PLAINEST

LABELLED_ITEM = "labelled_item"  # the token type, at a list item's place and level

_PLAIN_TEXTS = (re.compile(f"{PLAINEST}*+"), re.compile(f"{PLAIN}*+"))  # one class first

# What the walker needs of such an item: its name, each labelled URL as (label, URL, its
# line's offset below the item's), and the offset of its last line. Offsets, not lines: a
# slice's line maps are shifted after its tokens are made (bot.parse.slices).
LabelledItem = tuple[str, tuple[tuple[str, str, int], ...], int]


def labelled_item(content: str, sub_items: Iterable[str]) -> LabelledItem | None:
    """What the walker reads of an item of one-line text `content` and one-line sub-items
    `sub_items` (their texts, one line each right below it); None when a text is not plain."""
    if not _plain(content):
        return None
    links: list[tuple[str, str, int]] = []
    offset = 0
    for offset, text in enumerate(sub_items, start=1):
        if not _plain(text):
            return None
        found = labelled_url(text)
        if found is not None:
            links.append((*found, offset))
    name = item_name(strip_emphasis(content)) if links else ""
    return name, tuple(links), offset


def _plain(text: str) -> bool:
    return _PLAIN_TEXTS[0].fullmatch(text) is not None or (
        _PLAIN_TEXTS[1].fullmatch(text) is not None)
