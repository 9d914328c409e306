"""Entries whose link sits on a labelled sub-item, under a parent item that names them:

    * ChatGLM：
      * 地址：https://github.com/THUDM/ChatGLM-6B
      * 简介：…

GitHub links the bare URL (its autolink extension); the label (`地址`, `链接`, `URL`, `Link`,
`Homepage`, in any language) says the URL is the parent's address, and the parent's text is
the entry's name.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from bot.model import Link
from bot.parse.roles import link_role

# `Label: https://…` or `标签：https://…`: a short label of at most three words, a colon
# (ASCII or full-width), a bare URL. Bounded repeats: linear on any text.
_LABELLED = re.compile(
    r"[ \t]*(?P<label>[^\s:：\[\]()<>`*_]{1,20}(?:[ \t][^\s:：\[\]()<>`*_]{1,20}){0,2})"
    r"[ \t]*[:：][ \t]*(?P<url>https?://[^\s<>\[\]`]{1,2000})"
)
# GitHub's autolinks leave trailing punctuation out of the link.
_TRAILING = ".,;:!?*_~'\""


def labelled_link(inline: Token) -> Link | None:
    """The bare URL an item's text gives under a label, as a link; None for other text."""
    found = labelled_url(inline.content)
    if found is None:
        return None
    line = inline.map[0] + 1 if inline.map else 1
    return url_link(*found, line)


def labelled_url(text: str) -> tuple[str, str] | None:
    """(label, URL as GitHub links it) of an item's text `label: url`; None for other text."""
    match = _LABELLED.match(text)
    if match is None:
        return None
    return match.group("label"), _autolink_end(match.group("url"))


def url_link(label: str, url: str, line: int) -> Link:
    """A labelled bare URL as a link: its text the URL, its role told by the label too."""
    return Link(url, url, line, role=link_role(url, None, label, False))


def _autolink_end(url: str) -> str:
    """The URL as GitHub links it: trailing punctuation and unbalanced `)` left out."""
    while url and (url[-1] in _TRAILING or (url[-1] == ")" and url.count(")") > url.count("("))):
        url = url[:-1]
    return url


def item_name(text: str) -> str:
    """The parent item's text as the entry's name: `ChatGLM：` → `ChatGLM`."""
    return " ".join(text.split()).rstrip(" :：")
