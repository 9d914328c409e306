"""What each link of an entry is for, and which table column names the entry.

A paper table's row links a paper, its code, a demo and badges; a bullet links its
project and maybe `[Paper]`/`[Code]`. The duplicate check must tell them apart: two rows
sharing a demo site or a vendor's code repository are two entries, two sharing a paper
link are one paper. A link's role comes from its target first (an arXiv id or a DOI is a
paper wherever it sits), then from its column's header or its own text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal, cast
from urllib.parse import urlsplit

from bot.memo import per_text
from bot.urls import canonical_url, github_owner_repo

Role = Literal["paper", "code", "website", "demo", "badge"]

# Keys bot.urls gives the addresses of a paper (arXiv, DOI, OpenReview, proceedings ...).
_PAPER_KEYS = ("arxiv:", "doi:", "openreview:", "neurips:", "pmlr:", "usenix:")
_PAPER_HOSTS = frozenset({
    "aclanthology.org", "openaccess.thecvf.com", "ieeexplore.ieee.org", "dl.acm.org",
    "semanticscholar.org", "www.semanticscholar.org", "papers.nips.cc", "link.springer.com",
})
# In a lowered URL, a paper host or `.pdf`: one search instead of a test per host.
_PAPER_HINT = re.compile("|".join(re.escape(hint) for hint in (".pdf", *sorted(_PAPER_HOSTS))))
_WORD = r"(?:^|\b)(?:{})(?:\b|$)"
_COLUMN_ROLES: tuple[tuple[Role, re.Pattern[str]], ...] = (
    ("paper", re.compile(_WORD.format(r"papers?|arxiv|pdf|publications?|articles?"), re.I)),
    ("code", re.compile(
        _WORD.format(r"code|github|gitlab|repo(?:sitory)?|source|implementations?"), re.I)),
    ("demo", re.compile(_WORD.format(r"demos?|playground|try it|spaces?"), re.I)),
    ("badge", re.compile(_WORD.format(r"stars?|badges?"), re.I)),
)  # a `Links`/`Website` column says nothing its links' targets and texts do not say better
# Link texts that name a role instead of the entry: `[Paper]`, `[[pdf]]`, `[🌟 Project]`.
_TEXT_ROLES: tuple[tuple[Role, re.Pattern[str]], ...] = (
    ("paper", re.compile(r"^(?:paper|pdf|arxiv|preprint|publication)$", re.I)),
    ("code", re.compile(r"^(?:(?:source )?code|github|gitlab|repo(?:sitory)?|source)$", re.I)),
    ("demo", re.compile(r"^(?:(?:local |online )?demo|playground|try it)$", re.I)),
    ("website", re.compile(
        r"^(?:project(?: page)?|home ?page|website|official site|blog|site)$", re.I)),
)
# The patterns above as one, tried in their order (each anchored at both ends, so the first
# to match the whole text wins, as the loop over them would find): one match, not four.
_ANY_TEXT_ROLE = re.compile(
    "|".join(f"(?P<{role}>{pattern.pattern})" for role, pattern in _TEXT_ROLES), re.I)
# Every text of _TEXT_ROLES holds one of these, in any case: an ASCII link text holding none
# names no role. (Not a test for other texts: `re.I` matches `ſ` to `s`, `K` to `k` ….)
_ROLE_HINTS = (
    "paper", "pdf", "arxiv", "preprint", "publication", "code", "git", "repo", "source", "demo",
    "playground", "try", "project", "page", "site", "blog",
)
_ROLE_HINT = re.compile("|".join(map(re.escape, _ROLE_HINTS)))  # one search for any of them
_NOT_WORDS = re.compile(r"[^\w\s]+|_", re.UNICODE)
# Columns whose cell is the entry's name, best first: `Title & Authors`, `Model`, `API`.
_TITLE_COLUMNS = tuple(
    re.compile(_WORD.format(words), re.I)
    for words in (
        r"title|name",
        r"paper|model|project|method|tool|library|framework|system|package|api|app"
        r"|software|dataset|benchmark|resource|work|approach|algorithm",
    )
)
# Columns that never name an entry, even when they come first.
_NOT_TITLE = re.compile(
    _WORD.format(r"date|time|year|month|venue|conference|journal|pub|published|release|when"),
    re.I,
)


def link_role(url: str, column: str | None, text: str, is_badge: bool) -> Role:
    """The role of one link: its target, then its column, then its text decide; a link
    to none of paper, code or demo is a website (or a badge, when it wraps an image)."""
    if len(url) + len(text) > _REMEMBERED:
        return _link_role(url, column, text, is_badge)
    return _remembered_role(url, column, text, is_badge)


# A pull request's base and head hold mostly the same links: each is judged once (bounded
# like bot.memo: so many links, none longer than this).
_REMEMBERED = 1024


@lru_cache(maxsize=1 << 13)
def _remembered_role(url: str, column: str | None, text: str, is_badge: bool) -> Role:
    return _link_role(url, column, text, is_badge)


def _link_role(url: str, column: str | None, text: str, is_badge: bool) -> Role:
    target = url.strip()
    if target and _is_paper(target):
        return "paper"
    if column:
        for role, pattern in _COLUMN_ROLES:
            if pattern.search(column):
                return "code" if role == "badge" and github_owner_repo(target) else role
    named = text_role(text)
    if named is not None:
        return named
    # on github.com (github_repo is not None): asked of the parts, not of the 'owner/repo'
    # string made of them, which nothing here reads
    if github_owner_repo(target) is not None:
        return "code"
    return "badge" if is_badge else "website"


@per_text()  # a bullet's title is a link text asked again
def text_role(text: str) -> Role | None:
    """The role a link text names ('Paper', '[pdf]', '💻 Code'), or None for a name."""
    if text.isascii() and _ROLE_HINT.search(text.lower()) is None:
        return None  # most link texts: a project's name
    words = " ".join(_NOT_WORDS.sub(" ", text).split())
    if not words or len(words) > 20:
        return None
    found = _ANY_TEXT_ROLE.match(words)
    # each group is named after its role
    return None if found is None else cast(Role | None, found.lastgroup)


def _is_paper(url: str) -> bool:
    if canonical_url(url).startswith(_PAPER_KEYS):
        return True
    lowered = url.lower()  # a paper host or a .pdf path is in the URL as written
    if _PAPER_HINT.search(lowered) is None:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.hostname in _PAPER_HOSTS or parts.path.lower().endswith(".pdf")


def title_columns(header: tuple[str, ...]) -> list[int]:
    """Indexes of the columns that may hold the entry's name, best first."""
    ranked: list[int] = []
    for pattern in _TITLE_COLUMNS:
        ranked.extend(
            i for i, name in enumerate(header)
            if i not in ranked and pattern.search(name) and not _NOT_TITLE.search(name)
        )
    return ranked


def never_title(column: str) -> bool:
    """A Date or Venue column: its cell is never an entry's name."""
    return bool(_NOT_TITLE.search(column))
