"""GitHub's heading anchors: the rules of github-slugger, which github.com follows.

github-slugger lower-cases the heading's text, deletes every character of the Unicode
categories below unless it is alphabetic (circled letters `Ⓔ` are symbols *and* letters),
keeps spaces and `-`, and turns each space into `-`. Nothing is trimmed: a heading whose
text ends in a space before a badge image gets an anchor ending in `-`, and maintainers
link it that way. Repeats get `-1`, `-2` … in document order.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import unquote

# Other_Number, all punctuation but Connector_Punctuation, all symbols, controls, formats,
# private use, unassigned and separators (github-slugger's script/generate-regex.mjs).
_REMOVED_CATEGORIES = frozenset(
    {"No", "Ps", "Pe", "Pf", "Pi", "Po", "Pd", "Sm", "Sc", "Sk", "So",
     "Cc", "Co", "Cf", "Cn", "Zs", "Zl", "Zp"}
)
# The alphabetic characters of those categories (Unicode's Other_Alphabetic symbols):
# circled and squared Latin letters. Python's unicodedata has no Alphabetic property.
_ALPHABETIC_SYMBOLS = ((0x24B6, 0x24E9), (0x1F130, 0x1F149), (0x1F150, 0x1F169), (0x1F170, 0x1F189))


@lru_cache(maxsize=4096)
def _keep(char: str) -> bool:
    if char in " -":
        return True
    if unicodedata.category(char) not in _REMOVED_CATEGORIES:
        return True
    code = ord(char)
    return any(low <= code <= high for low, high in _ALPHABETIC_SYMBOLS)


# Characters `_keep` keeps (letters, digits, the connector `_`, space and `-`): a heading
# of these alone (most are) needs no test per character.
_ALL_KEPT = re.compile(r"[a-z0-9 _\-]*")


def github_slug(text: str) -> str:
    """The anchor GitHub gives a heading with this rendered text (before de-duplication)."""
    lowered = text.lower()
    if _ALL_KEPT.fullmatch(lowered):
        return lowered.replace(" ", "-")
    return "".join(c for c in lowered if _keep(c)).replace(" ", "-")


class Slugger:
    """Hands out anchors like github.com: a repeated slug gets -1, -2, ... appended."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def slug(self, text: str) -> str:
        original = result = github_slug(text)
        while result in self._seen:
            self._seen[original] += 1
            result = f"{original}-{self._seen[original]}"
        self._seen[result] = 0
        return result


_WHITESPACE = re.compile(r"\s+")
# U+FE0F asks for the emoji form of the character before it; editors and copied URLs drop
# or add it freely, so a TOC link is matched with or without it.
_VARIATION_SELECTOR = "\ufe0f"


def normalise_anchor(anchor: str) -> str:
    """How a TOC anchor is compared with heading slugs: GitHub matches it case-insensitively."""
    return _WHITESPACE.sub("-", anchor.strip()).lower().replace(_VARIATION_SELECTOR, "")


def anchor_key(anchor: str) -> str:
    """How GitHub compares a fragment with heading anchors: decoded, case-insensitive, with
    or without its `user-content-` prefix."""
    return normalise_anchor(unquote(anchor)).removeprefix("user-content-")
