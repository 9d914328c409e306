"""Which category an entry fits best, learned from the entries already in each category.

Each category is a bag of the terms of its entries' titles and descriptions, plus its
heading's words and the repo's configured keywords; terms are weighted by TF-IDF over
categories and an entry is scored against every category by cosine similarity (0..1).
The entry's own category is scored without the entry itself (leave-one-out), so an entry
never makes its own category look right. Scoring every entry of a 3000-entry list against
every category is one sparse product, done with numpy (pure Python took 100 ms).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import chain
from types import MappingProxyType
from typing import ClassVar, Self

import numpy as np
import numpy.typing as npt

from bot.checks.analysis.calibration import FLOOR, STRANGER, Calibration
from bot.checks.analysis.words import terms
from bot.config import mapping, str_list
from bot.model import Document, Entry
from bot.yamlsafe import excerpt

LOG = logging.getLogger(__name__)

# Sections that are no category: the TOC, how to contribute, the license, thanks ...
_META_SECTION = re.compile(
    r"^(?:table of contents|contents|toc|contribut(?:e|ing|ions?|ors?)(?: guidelines?)?"
    r"|how to contribute|licen[cs]e|licensing|footnotes?|code of conduct|sponsors?(?:hip)?"
    r"|backers|supporters|acknowledge?ments?|credits|thanks|special thanks|maintainers"
    r"|changelog|star history|citation|how to cite|cite)$"
)
_NAME = re.compile(r"[^\w\s]+")
_AWESOME = re.compile(r"\bawesome\b", re.I)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")

HEADING_WEIGHT = 2.0  # a heading's words count like two entries using them
KEYWORD_WEIGHT = 4.0  # a configured keyword, like four: the maintainers said so
MIN_ENTRIES = 3  # a category with fewer entries has not taught us what it holds
MIN_SHARED = 2  # ... on two terms or more: one shared word is a coincidence
_BLOCK = 4096  # entries scored at once at most ...
_CELLS = 1 << 18  # ... and fewer when there are many categories: block × candidates cells
# Categories an entry is scored against, the largest first: a list of 6,000 three-entry
# sections made the dense block × categories matrix 2 GB. Real lists have a few hundred.
MAX_CANDIDATES = 500

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.intp]


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


def section_name(text: str) -> str:
    """A heading reduced for comparison: lower case, no emoji or punctuation."""
    return " ".join(_NAME.sub(" ", text.lower()).split())


@lru_cache(maxsize=4096)  # asked for every entry; a list has a few hundred sections
def is_meta_section(section: tuple[str, ...]) -> bool:
    """A section that holds no entries by design (Contents, Contributing, License ...).

    Only the heading that directly holds the entries counts: some lists nest every category
    under a `Table of Contents` heading, and their entries are no less in a category for it.
    """
    return bool(section) and bool(_META_SECTION.match(section_name(section[-1])))



def entry_text(entry: Entry) -> str:
    """What an entry says about itself: title, description, a table's description column."""
    text = f"{entry.title} {entry.description}"
    for header, cell in entry.cells:
        if "desc" in header.lower():
            text += " " + _LINK_TARGET.sub("]", cell)  # link texts, not their URLs
    return text


def entry_terms(entry: Entry) -> frozenset[str]:
    return terms(entry_text(entry))


@dataclass(frozen=True, slots=True)
class Fit:
    """How well an entry fits a category, and why."""

    section: tuple[str, ...]
    score: float  # cosine similarity, 0..1
    current: float  # the entry's fit to its own category (0 when it has none)
    shared: tuple[str, ...]  # the terms the entry shares with `section`, most telling first
    example: Entry | None  # the entry of `section` sharing most terms, to quote


class CategoryModel:
    """TF-IDF profiles of a document's categories, and the best fit for an entry.

    Profiles are kept sparse: one sorted key per category × term that occurs, and for
    scoring the candidates' unit-norm weights as postings per term. Entries are the
    document's own, known by their first line (unique within a document).
    """

    def __init__(self, document: Document, keywords: Mapping[str, tuple[str, ...]]) -> None:
        self._terms = {e.line: entry_terms(e) for e in document.entries}
        self.sections: list[tuple[str, ...]] = []
        self._members: list[list[Entry]] = []
        self._index: dict[tuple[str, ...], int] = {}
        for entry in document.entries:
            if entry.section and not is_meta_section(entry.section):
                self._add(entry)
        self._own_terms = [_heading_terms(s, keywords) for s in self.sections]
        self._vocab: dict[str, int] = {}
        self._build()

    def _add(self, entry: Entry) -> None:
        index = self._index.setdefault(entry.section, len(self.sections))
        if index == len(self.sections):
            self.sections.append(entry.section)
            self._members.append([])
        self._members[index].append(entry)

    def _term_ids(self, found: Iterable[str]) -> list[int]:
        return [i for t in found if (i := self._vocab.get(t)) is not None]

    def _build(self) -> None:
        """Count terms per category, weigh them by IDF, and normalise each profile."""
        member_terms = [list(self._terms[e.line]) for members in self._members for e in members]
        heading = [(i, t, w) for i, own in enumerate(self._own_terms) for t, w in own.items()]
        all_terms = list(chain(chain.from_iterable(member_terms), (t for _, t, _ in heading)))
        self._vocab = {t: i for i, t in enumerate(dict.fromkeys(all_terms))}
        size = len(self._vocab)
        categories = np.repeat(np.arange(len(self.sections)), [len(m) for m in self._members])
        rows = np.concatenate((
            np.repeat(categories, [len(t) for t in member_terms]),
            np.array([i for i, _, _ in heading], dtype=np.intp),
        )).astype(np.int64)
        cols = np.fromiter(map(self._vocab.__getitem__, all_terms), np.int64, len(all_terms))
        self._cols = cols  # each member entry's term ids, in turn (see _span)
        ends = np.cumsum([len(t) for t in member_terms], dtype=np.int64)
        members = (e for group in self._members for e in group)
        self._span = {e.line: (int(end) - len(t), int(end))
                      for e, t, end in zip(members, member_terms, ends, strict=True)}
        weights = np.concatenate((np.ones(len(cols) - len(heading)), [w for _, _, w in heading]))
        self._keys, inverse = np.unique(rows * size + cols, return_inverse=True)
        # entries (and heading weight) using each term, per category
        self._n: Floats = np.bincount(inverse, weights=weights).astype(np.float64)
        self._weigh(self._keys // max(size, 1), self._keys % max(size, 1))

    def _weigh(self, rows: Ints, cols: Ints) -> None:
        """IDF over categories, each profile's norm, and the candidates' unit-norm weights."""
        size, total = len(self._vocab), len(self.sections)
        df = np.bincount(cols, minlength=size)
        self._idf2: Floats = np.log1p(total / np.maximum(df, 1)) ** 2
        self._norm2: Floats = np.bincount(
            rows, weights=self._n * self._n * self._idf2[cols], minlength=total
        ).astype(np.float64)
        candidate = self._candidate_mask(total)
        # scores have one column per candidate: _candidates[column] is its category
        self._candidates: Ints = np.flatnonzero(candidate)
        self._column: Ints = np.full(total, -1, dtype=np.intp)
        self._column[self._candidates] = np.arange(len(self._candidates))
        self._block = max(1, min(_BLOCK, _CELLS // max(1, len(self._candidates))))
        keep = candidate[rows]
        by_term = np.argsort(cols[keep], kind="stable")
        # the candidates' unit-norm TF-IDF weights as postings per term (CSR by term):
        # the columns of the categories using term t are _post_cat[_indptr[t]:_indptr[t + 1]]
        self._post_cat = self._column[rows[keep]][by_term]
        self._post_val = (self._n[keep] * self._idf2[cols[keep]]
                          / np.sqrt(self._norm2[rows[keep]]))[by_term]
        self._indptr = np.concatenate(([0], np.cumsum(np.bincount(cols[keep], minlength=size))))

    def _count_of(self, categories: Ints, term_ids: Ints) -> Floats:
        """How many entries of each category use each term (pairwise), from the sparse keys."""
        wanted = categories.astype(np.int64) * len(self._vocab) + term_ids
        if not len(self._keys):
            return np.zeros(len(wanted))
        at = np.minimum(np.searchsorted(self._keys, wanted), len(self._keys) - 1)
        return np.where(self._keys[at] == wanted, self._n[at], 0.0)

    def _candidate_mask(self, total: int) -> npt.NDArray[np.bool_]:
        """The categories scored as destinations: at most MAX_CANDIDATES, the largest first."""
        candidate = np.array([self._is_candidate(i) for i in range(total)], dtype=bool)
        if candidate.sum() > MAX_CANDIDATES:
            sizes = np.array([len(m) for m in self._members]) * candidate
            largest = np.argsort(-sizes, kind="stable")[:MAX_CANDIDATES]
            candidate = np.zeros(total, dtype=bool)
            candidate[largest] = True
        return candidate

    def _is_candidate(self, index: int) -> bool:
        """Can this category be scored as a destination? Enough entries to have taught us
        what it holds. Whether its entries really share words is measured (calibration)."""
        return len(self._members[index]) >= MIN_ENTRIES

    # ------------------------------------------------------------------ scoring

    def better(
        self, entries: Iterable[Entry], margin: float | None = None, audit: bool = False
    ) -> dict[int, Fit]:
        """For each entry (by its first line) another category that fits it clearly better
        than its own, judged by the list's own yardstick (see `calibration`); `margin`, when
        the repository sets one, replaces the learned margin."""
        if margin is None and not self.calibration.reliable:
            return {}  # a repository that sets its margin has opted in: judge anyway
        spans = self._span
        judged = [e for e in entries if (span := spans.get(e.line)) and span[1] > span[0]]
        floor = self.calibration.audit_floor if audit else self.calibration.floor
        fits: dict[int, Fit] = {}
        step = self._block  # bounded memory: block × candidates
        for start in range(0, len(judged), step):
            fits.update(self._better_block(judged[start : start + step], margin, floor))
        return fits

    def _better_block(
        self, judged: list[Entry], margin: float | None, floor: float
    ) -> dict[int, Fit]:
        if not judged or not len(self._post_cat):
            return {}
        _, best, top, current = self._rank(judged)
        if margin is None:  # the list's own yardstick
            wanted = (current <= STRANGER) & (top > floor)
        else:  # the repository's `placement.margin`
            wanted = (top >= FLOOR) & (top >= current + margin)
        fits = {}
        for k in np.flatnonzero(wanted):  # few: the costly tests are left for them
            entry = judged[k]
            if not self._may_move(entry):
                continue
            fit = self._fit(entry, int(best[k]), float(top[k]), float(current[k]))
            if fit is not None:
                fits[entry.line] = fit
        return fits

    def _rank(self, judged: list[Entry]) -> tuple[Ints, Ints, Floats, Floats]:
        """For member entries: own category, best other category, its score, and the fit to
        the own category with the entry taken out of it (leave-one-out)."""
        own = np.array([self._index[e.section] for e in judged], dtype=np.intp)
        pairs = _Pairs.of_spans(self._cols, [self._span[e.line] for e in judged])
        scores, norm2 = self._scores(pairs)
        current = self._current(pairs, own, norm2)
        rows = np.arange(len(judged))
        own_column = self._column[own]
        listed = own_column >= 0
        scores[rows[listed], own_column[listed]] = 0.0
        best = scores.argmax(axis=1)
        return own, self._candidates[best], scores[rows, best], current

    @cached_property
    def calibration(self) -> Calibration:
        """Every entry of the list scored as if it were new: how often the model puts the
        list's own entries where the maintainers did (per category and overall), and how far
        a better fit must lead before it is worth saying — the margin that only a few of the
        list's own, rightly placed entries reach."""
        members = [e for group in self._members for e in group
                   if (span := self._span.get(e.line)) and span[1] > span[0]]
        owns: list[Ints] = []
        tops: list[Floats] = []
        currents: list[Floats] = []
        for start in range(0, len(members), self._block):
            if not len(self._post_cat):
                break
            own, _, top, current = self._rank(members[start : start + self._block])
            owns.append(own)
            tops.append(top)
            currents.append(current)
        if not owns:
            return Calibration.of(np.zeros(0, np.intp), np.zeros(0), np.zeros(0), 0)
        return Calibration.of(
            np.concatenate(owns), np.concatenate(tops), np.concatenate(currents),
            len(self.sections),
        )

    def best(self, entry: Entry) -> Fit | None:
        """The category that fits an entry best (for one outside any category), if any fits."""
        ids = self._term_ids(self._terms.get(entry.line) or entry_terms(entry))
        if not ids or not len(self._post_cat):
            return None
        scores, _ = self._scores(_Pairs.of([ids]))
        own = self._index.get(entry.section)
        if own is not None and self._column[own] >= 0:
            scores[0, self._column[own]] = 0.0
        column = int(scores[0].argmax())
        score = float(scores[0, column])
        best = int(self._candidates[column])
        return self._fit(entry, best, score, 0.0) if score >= FLOOR else None

    def _may_move(self, entry: Entry) -> bool:
        """Only an entry in a topic category, not naming that category, may be advised."""
        own = self._index.get(entry.section)
        if own is None or self.calibration.mixed[own] or _AWESOME.search(entry.title):
            return False  # a pointer to another awesome list is a "see also", not a topic
        found = self._terms[entry.line]
        # an entry carrying its own category's name was put there on purpose
        return bool(found) and found.isdisjoint(self._own_terms[own])

    def _scores(self, pairs: _Pairs) -> tuple[Floats, Floats]:
        """Cosine of each entry (binary TF-IDF) with every candidate category (one column
        each, see `_candidates`), and |e|².

        A sparse product: each (entry, term) pair meets only the categories using the
        term, about 200,000 products for awesome-go instead of 3 million dense ones.
        """
        entries, total = len(pairs.starts), len(self._candidates)
        norm2 = np.add.reduceat(self._idf2[pairs.terms], pairs.starts)
        first = self._indptr[pairs.terms]
        counts = self._indptr[pairs.terms + 1] - first
        offsets = np.cumsum(counts) - counts
        postings = np.arange(int(counts.sum())) + np.repeat(first - offsets, counts)
        cells = np.repeat(pairs.owners, counts) * total + self._post_cat[postings]
        dots = np.bincount(cells, weights=self._post_val[postings], minlength=entries * total)
        return dots.reshape(entries, total) / np.sqrt(norm2)[:, None], norm2

    def _current(self, pairs: _Pairs, own: Ints, norm2: Floats) -> Floats:
        """Each entry's fit to its own category with the entry itself taken out of it."""
        in_own = self._count_of(own[pairs.owners], pairs.terms) * self._idf2[pairs.terms]
        dot = np.add.reduceat(in_own, pairs.starts)
        rest2 = self._norm2[own] - 2 * dot + norm2  # |c - e|², e weighted by idf
        with np.errstate(divide="ignore", invalid="ignore"):
            current = (dot - norm2) / np.sqrt(norm2 * rest2)
        return np.where(rest2 > 1e-9, np.clip(current, 0.0, 1.0), 0.0)

    def _fit(self, entry: Entry, best: int, score: float, current: float) -> Fit | None:
        """The Fit, with the terms that tie the entry to `best`; None on a single term."""
        found = self._terms.get(entry.line) or entry_terms(entry)
        known = [t for t in found if t in self._vocab]
        ids = np.array([self._vocab[t] for t in known], dtype=np.int64)
        weight = self._count_of(np.full(len(ids), best), ids) * self._idf2[ids]
        shared = sorted((-w, t) for t, w in zip(known, weight.tolist(), strict=True) if w > 0)
        if len(shared) < MIN_SHARED:
            return None
        members = self._members[best]
        example = max(members, key=lambda e: len(self._terms[e.line] & found), default=None)
        return Fit(self.sections[best], score, current, tuple(t for _, t in shared), example)


@dataclass(frozen=True, slots=True)
class _Pairs:
    """Entry × term pairs, flattened: term ids, each pair's entry, each entry's first pair."""

    terms: Ints
    owners: Ints
    starts: Ints

    @classmethod
    def of_spans(cls, terms: Ints, spans: list[tuple[int, int]]) -> _Pairs:
        """From (start, end) slices of one long array of term ids, one slice per entry."""
        starts = np.array([a for a, _ in spans], dtype=np.int64)
        lengths = np.array([b for _, b in spans], dtype=np.int64) - starts
        offsets = np.cumsum(lengths) - lengths
        gather = np.arange(int(lengths.sum())) + np.repeat(starts - offsets, lengths)
        owners = np.repeat(np.arange(len(spans), dtype=np.intp), lengths)
        return cls(terms[gather], owners, offsets.astype(np.intp))

    @classmethod
    def of(cls, ids: list[list[int]]) -> _Pairs:
        """From each entry's (non-empty) term ids."""
        lengths = np.array([len(row) for row in ids], dtype=np.intp)
        flat = np.fromiter((t for row in ids for t in row), dtype=np.intp, count=int(lengths.sum()))
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.intp)
        return cls(flat, np.repeat(np.arange(len(ids), dtype=np.intp), lengths), starts)


def _heading_terms(
    section: tuple[str, ...], keywords: Mapping[str, tuple[str, ...]]
) -> dict[str, float]:
    """The terms a category names itself by: its heading's words and configured keywords."""
    own = dict.fromkeys(terms(section[-1]), HEADING_WEIGHT)
    wanted = {section_name(section[-1]), section_name(" > ".join(section))}
    for name, words in keywords.items():
        if section_name(name) in wanted:
            for word in words:
                for term in terms(word):
                    own[term] = own.get(term, 0.0) + KEYWORD_WEIGHT
    return own
