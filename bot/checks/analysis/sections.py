"""What a section's heading says: whether it is a category at all, and the words it names
itself by (its heading's and the repository's configured keywords)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import ClassVar, Self

from bot.checks.analysis.words import terms
from bot.config import mapping, str_list
from bot.yamlsafe import excerpt

# Sections that are no category: the TOC, how to contribute, the license, thanks ...
_META_SECTION = re.compile(
    r"^(?:table of contents|contents|toc|contribut(?:e|ing|ions?|ors?)(?: guidelines?)?"
    r"|how to contribute|licen[cs]e|licensing|footnotes?|code of conduct|sponsors?(?:hip)?"
    r"|backers|supporters|acknowledge?ments?|credits|thanks|special thanks|maintainers"
    r"|changelog|star history|citation|how to cite|cite)$"
)
# Words that name a block of promotion rather than a topic: a sponsor's banner, an ad, a
# donation button, paid resources. Searched as whole words anywhere in the heading.
_PROMOTION = re.compile(
    r"\b(?:sponsor\w*|premium|advert\w*|ads|promot\w*|backers?|patrons?|supporters?"
    r"|supported by|donat\w*|buy me a coffee)\b"
)
# A run of letters that each name _META_SECTION matches holds; section_name keeps the runs
# of word characters of the lowered heading as they are, so a heading holding none of these
# is no meta section, and is not reduced to find that out (a long list has thousands).
_META_HINT = re.compile(
    r"cont|toc|licen|footnote|code|sponsor|backers|supporters|acknowledg|credits|thanks"
    r"|maintainers|changelog|star|cit"
)
_NAME = re.compile(r"[^\w\s]+")
HEADING_WEIGHT = 2.0  # a heading's words count like two entries using them
KEYWORD_WEIGHT = 4.0  # a configured keyword, like four: the maintainers said so


def section_name(text: str) -> str:
    """A heading reduced for comparison: lower case, no emoji or punctuation."""
    return " ".join(_NAME.sub(" ", text.lower()).split())


def names_promotion(text: str) -> bool:
    """A heading that names a sponsor, ad or donation block (`🔥 Premium Resources | Follow`,
    `Our Sponsors`): whether the block is one, its contents decide (see analysis/toc.py)."""
    return _PROMOTION.search(section_name(text)) is not None


@lru_cache(maxsize=4096)  # asked for every entry; a list has a few hundred sections
def is_meta_section(section: tuple[str, ...]) -> bool:
    """A section that holds no entries by design (Contents, Contributing, License ...).

    Only the heading that directly holds the entries counts: some lists nest every category
    under a `Table of Contents` heading, and their entries are no less in a category for it.
    """
    if not section or _META_HINT.search(section[-1].lower()) is None:
        return False
    return _META_SECTION.match(section_name(section[-1])) is not None


def heading_terms(
    section: tuple[str, ...], keywords: Mapping[str, tuple[str, ...]]
) -> dict[str, float]:
    """The terms a category names itself by: its heading's words and configured keywords."""
    own = dict.fromkeys(terms(section[-1]), HEADING_WEIGHT)
    if not keywords:  # the usual case: no need to reduce the heading (a 1 MB one takes 0.6 s)
        return own
    wanted = {section_name(section[-1]), section_name(" > ".join(section))}
    for name, words in keywords.items():
        if section_name(name) in wanted:
            for word in words:
                for term in terms(word):
                    own[term] = own.get(term, 0.0) + KEYWORD_WEIGHT
    return own


@dataclass(frozen=True)
class CategoryOptions:
    """`categories: {Serving: [serving, inference]}`: words that mark an entry as belonging
    to a category, on top of what its entries and heading say."""

    KEYS: ClassVar[tuple[str, ...]] = ("categories",)

    keywords: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))

    @classmethod
    def from_yaml(cls, data: Mapping[str, object]) -> Self:
        raw = mapping(data.get("categories", {}), "categories")
        words = {
            name: str_list(value, f"categories.{excerpt(name)}") for name, value in raw.items()
        }
        return cls(MappingProxyType(words))


SAME_ROOT = 5  # `spars` (SparseGPT) and `sparsity`: the light stemmer keeps `-ity`


def names_heading(found: Iterable[str], heading: Iterable[str]) -> bool:
    """Does the entry carry a word of its category's heading? A shared root of five letters
    or more counts: an entry named after its topic was put there on purpose."""
    words = frozenset(heading)
    return names_words(found, words, heading_roots(words))


def heading_roots(heading: Iterable[str]) -> frozenset[str]:
    """The roots `names_heading` compares: the first letters of a heading's long words."""
    return frozenset(h[:SAME_ROOT] for h in heading if len(h) >= SAME_ROOT)


def names_words(found: Iterable[str], words: frozenset[str], roots: frozenset[str]) -> bool:
    """`names_heading` with the heading's words and roots made once (a category's entries
    all ask it). A word shorter than a root cuts to itself, which no root equals, so each
    word's cut is asked without testing its length."""
    found = tuple(found)
    return not words.isdisjoint(found) or not roots.isdisjoint(t[:SAME_ROOT] for t in found)
