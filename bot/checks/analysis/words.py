"""Words of titles, descriptions and headings, reduced to comparable terms.

Lower case, camel case split ('LoongServe' → loong, serve), a light suffix stemmer
('serving', 'server', 'serves' → serv) and stop words dropped: the words that say nothing
about a category ('library', 'fast', 'go', venue names) in any list we have seen.
"""

from __future__ import annotations

import re
from itertools import chain

from bot.model import Entry

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#]*")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+")
_SUFFIXES = ("ation", "ing", "er", "ed", "ly")
_NOT_PLURAL = ("ss", "us", "is")  # class, status, redis
_ENDINGS = frozenset("sngrdye")  # the last letters of a plural, a suffix or a final 'e'

_MIN_STEM = 3
_STOP_WORDS = """
    a an the and or of for to in on with by from at as is are be this that it its into via
    over using use used based your you we our can not no new all any more most very which who
    how what when where why than then so such also just only other others etc like
    library libraries lib tool tools package packages module modules simple fast easy
    lightweight small tiny written implementation support supports supported awesome list
    github gitlab hub code paper repo repository official project projects
    osdi sosp nsdi atc eurosys asplos isca micro hpca socc mlsys icml iclr neurips nurips
    nips ppopp vldb sigmod sigcomm icpp tpds arxiv sigmetrics kdd aaai acl emnlp cvpr iccv
    eccv pldi popl best
"""
_STOP = frozenset(_STOP_WORDS.split())
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
LINK_MARK = "@"  # starts the terms of an entry's links, which no word starts with
_SITE = re.compile(r"[A-Za-z][\w+.-]*://(?:www\.)?([^/?#\s]+)/*([^/?#\s]*)")


def entry_text(entry: Entry) -> str:
    """What an entry says about itself: title, description, a table row's cells (a row of
    researchers says `UC Berkeley` and `Website` where a row of papers says `arXiv`)."""
    text = f"{entry.title} {entry.description}"
    for _, cell in entry.cells:
        text += " " + _LINK_TARGET.sub("]", cell)  # link texts, not their URLs
    return text


def entry_terms(entry: Entry) -> frozenset[str]:
    """The terms of an entry's words and of where its links point."""
    return frozenset((*entry_words(entry), *link_terms(entry)))


def entry_words(entry: Entry) -> tuple[str, ...]:
    """`terms(entry_text(entry))`, made of its parts' terms, each part's remembered apart:
    a list repeats a description (`Go bindings for ...`) where its titles differ, and a
    pull request's edited entry keeps its other parts. A space joins the parts and no word
    holds one, so the words, and the terms in the order first written, are the whole
    text's."""
    found, described = terms(entry.title), terms(entry.description)
    if not entry.cells:  # most entries: a title and a description
        if found and described:
            return tuple(dict.fromkeys(found + described))
        return found or described
    parts = [found, described, *(terms(_LINK_TARGET.sub("]", cell)) for _, cell in entry.cells)]
    return tuple(dict.fromkeys(chain.from_iterable(parts)))


def link_terms(entry: Entry) -> tuple[str, ...]:
    """Where an entry's links point: each site and its first path segment (`@github.com`,
    `@github.com/grafana`, `@arxiv.org/abs`). Entries of one topic often share an owner or
    a kind of site that their words never name; badges say nothing about the entry.

    A tuple apart from the words' set, and the URL's own cached tuple for an entry of one
    link: merged into one set per entry, they took 25 MB more on 70,000 entries."""
    found: tuple[str, ...] = ()
    for link in entry.links:
        if not link.is_badge:
            sites = _SITES.get(link.url) or _sites(link.url)
            found = sites if not found else tuple(dict.fromkeys(found + sites))
    return found


def _sites(url: str) -> tuple[str, ...]:
    """The terms of one URL (a regex, not urlsplit: a third of building a model's terms)."""
    match = _SITE.match(url)
    found: tuple[str, ...] = ()
    if match:
        host, first = match[1].lower(), match[2].lower()
        found = (LINK_MARK + host, f"{LINK_MARK}{host}/{first}") if first else (LINK_MARK + host,)
    if len(_SITES) >= _CACHE_LIMIT:
        _SITES.clear()
    _SITES[url] = found
    return found


def terms(text: str) -> tuple[str, ...]:
    """The comparable terms of a text, each once in the order first written: stems of its
    words, stop words left out. A tuple, not a set: a model holds one per entry and per
    heading (a small frozenset is three times the size), and sums over a tuple come out the
    same in every run."""
    found = _TEXTS.get(text)
    if found is None:
        found = _TEXTS[text] = tuple(_terms(text))
        if len(_TEXTS) >= _CACHE_LIMIT:
            _TEXTS.clear()
    return found


def _terms(text: str) -> dict[str, None]:
    words = _WORD.findall(text)
    # a new word is stemmed (and cached) where first met; a stop word's stems are an empty
    # tuple, so None is what says unknown. Faster than a set of the new words first.
    get = _CACHE.get
    return dict.fromkeys(chain.from_iterable(
        [stems if (stems := get(w)) is not None else _stems(w) for w in words]
    ))


# word as written → its terms. A plain dict, not lru_cache: this is the hot loop of a full
# audit (20,000 words in awesome-go) and a dict lookup is a third of lru_cache's call.
_CACHE: dict[str, tuple[str, ...]] = {}
_CACHE_LIMIT = 1 << 16
# text → its terms: reviews of one list see the same entries again and again
_TEXTS: dict[str, tuple[str, ...]] = {}
_SITES: dict[str, tuple[str, ...]] = {}  # URL → its terms (link_terms)


def _stems(word: str) -> tuple[str, ...]:
    """A word's terms: its stem, plus its camel-case parts' ('FlashAttention')."""
    if word.islower() or word.isupper():  # most words: `_term` inlined, one call fewer
        lowered = word.lower()
        if len(lowered) < _MIN_STEM or lowered in _STOP:
            stems: tuple[str, ...] = ()
        else:  # a stem is never empty: stripping leaves _MIN_STEM letters at least
            stems = (lowered if lowered[-1] not in _ENDINGS else _stem(lowered),)
    else:
        parts = [word, *_CAMEL.findall(word)]
        stems = tuple(dict.fromkeys(t for t in map(_term, parts) if t))
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()  # bounded: a long-running worker sees many lists
    _CACHE[word] = stems
    return stems


def _term(word: str) -> str:
    """A word's stem, or '' for a stop word or one too short to mean anything."""
    lowered = word.lower()
    if len(lowered) < _MIN_STEM or lowered in _STOP:
        return ""
    return _stem(lowered)


def _stem(word: str) -> str:
    """A light stemmer: the plural, then one suffix, then a final 'e', so 'schedule',
    'schedules', 'scheduler' and 'scheduling' all become 'schedul'."""
    if word[-1] not in _ENDINGS:
        return word  # most words: no plural, suffix or final 'e' to strip
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(_NOT_PLURAL) and len(word) > 3:
        word = word[:-1]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def words_for(text: str, wanted: tuple[str, ...]) -> list[str]:
    """The words of `text` as written that reduce to the `wanted` terms, in `wanted` order."""
    written: dict[str, str] = {}
    for word in _WORD.findall(text):
        parts = [word] if word.islower() or word.isupper() else [word, *_CAMEL.findall(word)]
        for part in parts:
            written.setdefault(_term(part), part)
    return [written[term] for term in wanted if term in written]
