"""Is the paper behind a link the one the entry names? Pure comparison of written titles with
the title the paper's metadata gives.

Titles of one paper legitimately differ: the published title is not the preprint's, lists
drop or add the system name before the colon ("FlexGen: High-throughput …" and
"High-throughput …"), abbreviate ("LLM" for "Large Language Model"), and title cells carry
authors, badges' alt text and venues. So a written title is judged *different* only on
strong evidence: long enough to be a title rather than a name, and either naming another
system before its colon or sharing almost no words with the real title.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz

from bot.checks.analysis.titles import normalise_title
from bot.model import Entry, Link


class Match(StrEnum):
    SAME = "same"  # the written title is the paper's, or a variant of it
    DIFFERENT = "different"  # clearly another paper
    UNSURE = "unsure"  # too little written, or too close to call: say nothing


# Words that carry no meaning of their own in a title.
_STOP_WORDS = """
    a an the of for with via in on and to by from at is are be as its it into through
    towards toward using under over your you we our not all
"""
_STOP = frozenset(_STOP_WORDS.split())
# "LLM" and "Large Language Model" are the same words to a reader.
_ABBREVIATIONS = ((re.compile(r"\blarge language models?\b"), "llm"),)
# Link texts and cells that name a role, not the paper: "[pdf]", "Paper", "arXiv".
_ROLE = re.compile(
    r"^\W*(?:paper|pdf|arxiv|doi|link|code|github|project(?: page)?|website|acm|ieee|html"
    r"|abs(?:tract)?|preprint|publication|full text|here|openreview)\W*$",
    re.I,
)
_BOLD = re.compile(r"\*\*([^*\n]{8,300}?)\*\*")
MAX_TITLE = 400  # characters compared: titles are short, a hostile cell must not cost more
_MIN_WORDS = 4  # fewer content words: a name ("vLLM", "DeepSpeed"), not a title
_NAME_WORDS = 3  # a part before ':' of at most this many words is a system's name
# At least this share of the shorter title's content words (or a token_sort_ratio of 80):
# the same paper.
_SAME_SHARE = 0.5
_NAMED_DIFFERENT_SHARE = 0.4  # other name and below this share: another paper
_DIFFERENT_SHARE = 0.2  # no name to go by: below this share only
_NAMED_SAME_SHARE = 0.75  # ... when the two name different systems before their colons
_SAME_NAME_RATIO = 80  # rapidfuzz ratio of two names at or above: one name, misspelt


@dataclass(frozen=True, slots=True)
class Title:
    """A title taken apart: its name (before a short ':' prefix), and its content words."""

    text: str
    name: str
    words: frozenset[str]
    flat: str  # normalised words in order, for containment tests

    @property
    def long(self) -> bool:
        return len(self.words) >= _MIN_WORDS


def split_title(text: str) -> Title:
    """'Alpa: Automating Inter- and Intra-Operator Parallelism' → name 'alpa', its words."""
    text = text[:MAX_TITLE]
    name, sep, rest = text.partition(":")
    name_flat = normalise_title(name) if sep else ""
    if not name_flat or len(name_flat.split()) > _NAME_WORDS:
        name_flat, rest = "", text
    flat = _abbreviated(normalise_title(text))
    body = _abbreviated(normalise_title(rest))
    return Title(text, name_flat.replace(" ", ""), frozenset(_content(body)), flat)


def _abbreviated(flat: str) -> str:
    for pattern, short in _ABBREVIATIONS:
        flat = pattern.sub(short, flat)
    return flat


def _content(flat: str) -> Iterable[str]:
    """Content words, crudely singular ('models' and 'model' meet)."""
    for word in flat.split():
        if word in _STOP:
            continue
        plural = len(word) > 3 and word.endswith("s") and not word.endswith("ss")
        yield word[:-1] if plural else word


def compare(written: str, real: str) -> Match:
    """Whether one written title names the paper whose metadata title is `real`."""
    mine, theirs = split_title(written), split_title(real)
    if theirs.flat and (theirs.flat in mine.flat or (mine.long and mine.flat in theirs.flat)):
        return Match.SAME  # a cell with authors after the title; a title cut short
    if not (mine.long and theirs.long):
        return Match.UNSURE
    if mine.name and theirs.name and fuzz.ratio(mine.name, theirs.name) >= _SAME_NAME_RATIO:
        return Match.SAME  # "PLLMCompass" for "LLMCompass" is a slip, not another system
    # A system's name on one side that the other never mentions counts like two names.
    named_apart = bool(mine.name and theirs.name) or _name_unmentioned(mine, theirs)
    share = len(mine.words & theirs.words) / min(len(mine.words), len(theirs.words))
    close = fuzz.token_sort_ratio(" ".join(sorted(mine.words)), " ".join(sorted(theirs.words)))
    # Two systems' names: their shared field ("multimodal LLMs") must not make them one.
    same_share, close_ratio = (_NAMED_SAME_SHARE, 90) if named_apart else (_SAME_SHARE, 80)
    if share >= same_share or close >= close_ratio:
        return Match.SAME
    if share < (_NAMED_DIFFERENT_SHARE if named_apart else _DIFFERENT_SHARE):
        return Match.DIFFERENT
    return Match.UNSURE


def _name_unmentioned(mine: Title, theirs: Title) -> bool:
    """Only one of the two titles has a name, and the other does not contain it."""
    named, other = (mine, theirs) if mine.name else (theirs, mine)
    return bool(named.name) and not other.name and named.name not in other.flat.replace(" ", "")


def compare_all(written: Iterable[str], real: str) -> tuple[Match, str]:
    """The verdict over every title the entry writes, with the one it rests on.

    One matching title is enough; the entry is another paper only when no title long
    enough to judge is a close call.
    """
    different = ""
    for title in written:
        match = compare(title, real)
        if match is Match.SAME:
            return match, title
        if match is Match.UNSURE and split_title(title).long:
            return Match.UNSURE, title
        if match is Match.DIFFERENT and not different:
            different = title
    return (Match.DIFFERENT, different) if different else (Match.UNSURE, "")


def written_titles(entry: Entry, link: Link) -> list[str]:
    """The titles an entry gives the paper behind `link`: the link's own text, the entry's
    title (a table's title cell), and bold text in a bullet ("- **Title** (2016) [[pdf]]")."""
    own = [] if link.is_badge else [link.text]  # a badge's text is its image's alt text
    candidates = [*own, entry.title, *_BOLD.findall(entry.raw)]
    seen: dict[str, None] = {}
    for text in candidates:
        text = " ".join(text.replace("**", "").split())
        if text and not _ROLE.match(text):
            seen.setdefault(text, None)
    return list(seen)
