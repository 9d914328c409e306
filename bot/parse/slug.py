"""GitHub's heading anchors (the rules of github-slugger, which github.com follows)."""

from __future__ import annotations

import re
import unicodedata

# github-slugger keeps letters, marks, numbers, connector punctuation ('_'), '-' and spaces,
# and drops everything else (other punctuation, symbols such as emoji).
_KEPT_CATEGORIES = ("L", "M", "N", "Pc")


def _keep(char: str) -> bool:
    return char in " -" or unicodedata.category(char).startswith(_KEPT_CATEGORIES)


def github_slug(text: str) -> str:
    """The anchor GitHub gives a heading with this text (before de-duplication)."""
    lowered = text.strip().lower()
    kept = "".join(c for c in lowered if _keep(c))
    return kept.replace(" ", "-")


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


def normalise_anchor(anchor: str) -> str:
    """How a TOC anchor is compared with heading slugs: GitHub matches it case-insensitively."""
    return _WHITESPACE.sub("-", anchor.strip()).lower()
