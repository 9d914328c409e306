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
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import chain, pairwise

import numpy as np
import numpy.typing as npt

from bot.checks.analysis.calibration import FLOOR, Calibration, lead, leading, leading_entries
from bot.checks.analysis.naming import Naming
from bot.checks.analysis.pairs import Pairs, heaviest_owner
from bot.checks.analysis.product import Product
from bot.checks.analysis.sections import CategoryOptions as CategoryOptions
from bot.checks.analysis.sections import heading_terms
from bot.checks.analysis.sections import is_meta_section as is_meta_section
from bot.checks.analysis.sections import section_name as section_name
from bot.checks.analysis.words import LINK_MARK, entry_terms, entry_words, link_terms
from bot.checks.analysis.words import entry_text as entry_text
from bot.model import Document, Entry

LOG = logging.getLogger(__name__)

_AWESOME = re.compile(r"\bawesome\b", re.I)

MIN_ENTRIES = 3  # a category with fewer entries has not taught us what it holds
# ... and as a destination, as many as a judged entry's own category keeps without it: an
# entry moved out of a category of three belongs to the two left
MIN_DESTINATION = MIN_ENTRIES - 1
MIN_SHARED = 2  # ... on two terms or more: one shared word is a coincidence
# A runner-up fitting nearly as well as the best is named too: where two categories are
# close the model cannot tell them apart, and a maintainer can.
RUNNER_UP = 0.7
_BLOCK = 4096  # entries scored at once at most ...
_CELLS = 1 << 18  # ... and fewer when there are many categories: block × candidates cells
# Categories an entry is scored against, the largest first: a list of 6,000 three-entry
# sections made the dense block × categories matrix 2 GB. Real lists have a few hundred.
MAX_CANDIDATES = 500

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.intp]
Bools = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Fit:
    """How well an entry fits a category, and why."""

    section: tuple[str, ...]
    score: float  # cosine similarity, 0..1
    current: float  # the entry's fit to its own category (0 when it has none)
    shared: tuple[str, ...]  # the terms the entry shares with `section`, most telling first
    example: Entry | None  # the entry of `section` sharing most terms, to quote
    runner_up: tuple[str, ...] = ()  # another category fitting nearly as well, if any


class CategoryModel:
    """TF-IDF profiles of a document's categories, and the best fit for an entry.

    Profiles are kept sparse: one sorted key per category × term that occurs, and for
    scoring the candidates' unit-norm weights as postings per term. Entries are the
    document's own, known by their first line (unique within a document).
    """

    def __init__(self, document: Document, keywords: Mapping[str, tuple[str, ...]]) -> None:
        # an entry's words, and apart from them (see `link_terms`) where its links point
        self._terms = {e.line: entry_words(e) for e in document.entries}
        self._links = {e.line: found for e in document.entries if (found := link_terms(e))}
        self.sections: list[tuple[str, ...]] = []
        self._members: list[list[Entry]] = []
        self._index: dict[tuple[str, ...], int] = {}
        for entry in document.entries:
            if entry.section and not is_meta_section(entry.section):
                self._add(entry)
        self._own_terms = [heading_terms(s, keywords) for s in self.sections]
        self._vocab: dict[str, int] = {}
        self._build()

    def _add(self, entry: Entry) -> None:
        index = self._index.setdefault(entry.section, len(self.sections))
        if index == len(self.sections):
            self.sections.append(entry.section)
            self._members.append([])
        self._members[index].append(entry)

    def _all_terms(self, line: int) -> list[str]:
        """The terms of a document entry (by its first line): words, then links' sites."""
        return [*self._terms[line], *self._links.get(line, ())]

    def _found(self, entry: Entry) -> frozenset[str]:
        """All the terms of an entry, of the document or not."""
        if entry.line in self._terms:
            return frozenset(self._all_terms(entry.line))
        return entry_terms(entry)

    def _term_ids(self, found: Iterable[str]) -> list[int]:
        return [i for t in found if (i := self._vocab.get(t)) is not None]

    def _build(self) -> None:
        """Count terms per category, weigh them by IDF, and normalise each profile."""
        member_terms = [self._all_terms(e.line) for members in self._members for e in members]
        heading = [(i, t, w) for i, own in enumerate(self._own_terms) for t, w in own.items()]
        all_terms = list(chain(chain.from_iterable(member_terms), (t for _, t, _ in heading)))
        self._vocab = {t: i for i, t in enumerate(dict.fromkeys(all_terms))}
        size = len(self._vocab)
        self._is_word = np.fromiter((t[0] != LINK_MARK for t in self._vocab), bool, size)
        categories = np.repeat(np.arange(len(self.sections)), [len(m) for m in self._members])
        rows = np.concatenate((
            np.repeat(categories, [len(t) for t in member_terms]),
            np.array([i for i, _, _ in heading], dtype=np.intp),
        )).astype(np.int64)
        cols = np.fromiter(map(self._vocab.__getitem__, all_terms), np.int64, len(all_terms))
        self._cols = cols  # each member entry's term ids, in turn (see _span)
        # where each member's terms start in _cols (and the last ends), category by category
        self._bounds: Ints = np.cumsum([0, *map(len, member_terms)], dtype=np.int64)
        self._first_member: Ints = np.cumsum([0, *map(len, self._members)])
        lines = (e.line for group in self._members for e in group)
        self._span = dict(zip(lines, pairwise(self._bounds.tolist()), strict=True))
        weights = np.concatenate((np.ones(len(cols) - len(heading)), [w for _, _, w in heading]))
        self._keys, inverse = np.unique(rows * size + cols, return_inverse=True)
        # entries (and heading weight) using each term, per category
        self._n: Floats = np.bincount(inverse, weights=weights).astype(np.float64)
        # the terms as lists and strings are not needed to weigh: on a list of 70,000
        # one-entry sections they held 30 MB at the peak
        del member_terms, all_terms, heading, rows, weights, inverse, categories
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
        self._product = Product(self._post_cat, self._post_val, self._indptr,
                                len(self._candidates))

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
        return len(self._members[index]) >= MIN_DESTINATION

    # ------------------------------------------------------------------ scoring

    def better(
        self, entries: Iterable[Entry], margin: float | None = None, audit: bool = False
    ) -> dict[int, Fit]:
        """For each entry (by its first line) another category that fits it clearly better
        than its own, judged by the list's own yardstick (see `calibration`); `margin`, when
        the repository sets one, replaces the learned margin."""
        judged = [e for e in entries if self._judged(e)]
        # an audit judges the list's own entries: it is calibrated on all of them
        calibration = self.calibration if audit else self.calibration_without(
            frozenset(e.line for e in judged))
        if margin is None and not calibration.reliable:
            return {}  # a repository that sets its margin has opted in: judge anyway
        bar = calibration.audit_bar if audit else calibration.bar
        if audit or calibration.entries:  # it ranked them: only the leading are again
            judged = leading_entries(self._calibration_scores, judged, margin, bar)
        fits: dict[int, Fit] = {}
        step = self._block  # bounded memory: block × candidates
        for start in range(0, len(judged), step):
            block = judged[start : start + step]
            fits.update(self._better_block(block, margin, bar, calibration.mixed))
        return fits

    def _better_block(
        self, judged: list[Entry], margin: float | None, bar: float, mixed: Bools
    ) -> dict[int, Fit]:
        if not judged or not len(self._post_cat):
            return {}
        scores, best, top, current, usual = self._rank(judged)
        wanted = np.flatnonzero(leading(top, current, lead(top, current, usual), margin, bar))
        movable = self._movable([judged[k] for k in wanted])  # few: the costly tests are theirs
        fits = {}
        for k in wanted[movable]:
            entry = judged[k]
            if mixed[self._index[entry.section]]:  # only an entry in a topic category
                continue
            fit = self._fit(entry, int(best[k]), float(top[k]), float(current[k]))
            if fit is not None:
                fits[entry.line] = self._with_runner_up(fit, scores[k], int(best[k]))
        return fits

    def _rank(self, judged: list[Entry]) -> tuple[Floats, Ints, Floats, Floats, Floats]:
        """For member entries: the scores of the other categories (one column per
        candidate), the best one, its score, the fit to the own category with the entry
        taken out of it (leave-one-out), and the entry's mean fit over all candidates: what
        words every category shares (`arXiv`, `Star` in rows of paper tables) give it
        anywhere, and no sign of where it belongs."""
        own = np.array([self._index[e.section] for e in judged], dtype=np.intp)
        pairs = Pairs.of_spans(self._cols, [self._span[e.line] for e in judged])
        scores, norm2 = self._scores(pairs)
        current = self._current(pairs, own, norm2)
        rows = np.arange(len(judged))
        own_column = self._column[own]
        listed = own_column >= 0
        scores[rows[listed], own_column[listed]] = 0.0
        best = scores.argmax(axis=1)
        usual = (scores.sum(axis=1) + np.where(listed, current, 0.0)) / scores.shape[1]
        return scores, self._candidates[best], scores[rows, best], current, usual

    @cached_property
    def calibration(self) -> Calibration:
        """Every entry of the list scored as if it were new: how often the model puts the
        list's own entries where the maintainers did (per category and overall), and how far
        a better fit must lead before it is worth saying — the margin that only a few of the
        list's own, rightly placed entries reach."""
        return self.calibration_without(frozenset())

    def calibration_without(self, lines: frozenset[int]) -> Calibration:
        """The calibration on the list's own entries, those at `lines` (the entries a pull
        request adds) left out: a new entry in the wrong category leads far more than the
        list's own, and counted among them it raised the bar over itself (one such row lifted
        awesome-ai-system's bar from 2.4 to 2.8)."""
        if lines and lines.issuperset(e.line for e in self._calibrated):
            return Calibration.on_none(len(self.sections))  # nothing left: not scored
        at, own, top, current, leads, advisable = self._calibration_scores
        keep = ~np.isin(at, np.fromiter(lines, np.int64, len(lines)))
        return Calibration.of(own[keep], top[keep], current[keep], leads[keep],
                              len(self.sections), advisable[keep])

    @cached_property
    def _calibrated(self) -> list[Entry]:  # with terms, in a category of MIN_ENTRIES or more
        spans = self._span
        return [e for group in self._members if len(group) >= MIN_ENTRIES
                for e in group if (span := spans[e.line])[1] > span[0]]

    @cached_property
    def _calibration_scores(self) -> tuple[Ints, Ints, Floats, Floats, Floats, Bools]:
        """Each member entry's line and category, its best other fit, its own fit
        (leave-one-out), the lead of the one over the other, and whether P204 could advise
        it at all (`_advisable`)."""
        members = self._calibrated
        ranked: list[tuple[Ints, Floats, Floats, Floats]] = []  # best, top, current, usual
        for start in range(0, len(members), self._block):
            if not len(self._post_cat):
                break
            ranked.append(self._rank(members[start : start + self._block])[1:])
        at = np.array([e.line for e in members], dtype=np.int64)
        own = np.array([self._index[e.section] for e in members], dtype=np.intp)
        if not ranked:
            return at[:0], own[:0], np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0, bool)
        best, top, current, usual = (np.concatenate(column) for column in zip(*ranked, strict=True))
        leads = lead(top, current, usual)
        advisable = self._advisable(members, best, leads)
        return at, own, top, current, leads, advisable

    def best(self, entry: Entry) -> Fit | None:
        """The category that fits an entry best (for one outside any category), if any fits."""
        ids = self._term_ids(self._found(entry))
        if not ids or not len(self._post_cat):
            return None
        scores, _ = self._scores(Pairs.of([ids]))
        own = self._index.get(entry.section)
        if own is not None and self._column[own] >= 0:
            scores[0, self._column[own]] = 0.0
        column = int(scores[0].argmax())
        score = float(scores[0, column])
        best = int(self._candidates[column])
        return self._fit(entry, best, score, 0.0) if score >= FLOOR else None

    def _with_runner_up(self, fit: Fit, scores: Floats, best: int) -> Fit:
        """The fit naming also the next category, when it fits nearly as well."""
        ranked = scores.copy()
        ranked[self._column[best]] = 0.0
        column = int(ranked.argmax())
        if ranked[column] < max(RUNNER_UP * fit.score, FLOOR):
            return fit
        return replace(fit, runner_up=self.sections[int(self._candidates[column])])

    def _judged(self, entry: Entry) -> bool:
        """An entry with terms, in a category of MIN_ENTRIES or more (a smaller one has not
        taught us what it holds: its entries are neither judged nor calibrated on)."""
        span = self._span.get(entry.line)
        return bool(span and span[1] > span[0]) and (
            len(self._members[self._index[entry.section]]) >= MIN_ENTRIES
        )

    def _movable(self, members: list[Entry]) -> Bools:
        """Which member entries have terms, and are neither a pointer to another awesome
        list (a "see also", not a topic) nor carrying their own category's name (put there
        on purpose): `names_words` asked of all at once (see `Naming`)."""
        own = np.array([self._index[e.section] for e in members], dtype=np.intp)
        pairs = Pairs.of_spans(self._cols, [self._span[e.line] for e in members])
        named = pairs.owners[self._naming.names(own[pairs.owners], pairs.terms)]
        plain = np.fromiter((not _AWESOME.search(e.title) for e in members), bool, len(members))
        has_terms = np.bincount(pairs.owners, minlength=len(members)) > 0
        movable: Bools = plain & has_terms & (np.bincount(named, minlength=len(members)) == 0)
        return movable

    @cached_property
    def _naming(self) -> Naming:
        return Naming(self._vocab, self._own_terms)

    def _scores(self, pairs: Pairs) -> tuple[Floats, Floats]:
        """Cosine of each entry (binary TF-IDF) with every candidate category (one column
        each, see `_candidates`), and |e|².

        A sparse product: each (entry, term) pair meets only the categories using the
        term, about 200,000 products for awesome-go instead of 3 million dense ones.
        """
        norm2 = np.add.reduceat(self._idf2[pairs.terms], pairs.starts)
        return self._product.dots(pairs) / np.sqrt(norm2)[:, None], norm2

    def _current(self, pairs: Pairs, own: Ints, norm2: Floats) -> Floats:
        """Each entry's fit to its own category with the entry itself taken out of it."""
        in_own = self._count_of(own[pairs.owners], pairs.terms) * self._idf2[pairs.terms]
        dot = np.add.reduceat(in_own, pairs.starts)
        rest2 = self._norm2[own] - 2 * dot + norm2  # |c - e|², e weighted by idf
        with np.errstate(divide="ignore", invalid="ignore"):
            current = (dot - norm2) / np.sqrt(norm2 * rest2)
        return np.where(rest2 > 1e-9, np.clip(current, 0.0, 1.0), 0.0)

    def _fit(self, entry: Entry, best: int, score: float, current: float) -> Fit | None:
        """The Fit, with the terms that tie the entry to `best`; None on a single term."""
        found = self._found(entry)
        shared = self._shared(found, best)
        if len(shared) < MIN_SHARED:
            return None
        return Fit(self.sections[best], score, current, shared, self._nearest(found, best))

    def _nearest(self, found: frozenset[str], category: int) -> Entry | None:
        """The entry of a category most like `found`: the most telling terms in common."""
        members = self._members[category]
        first, last = self._first_member[category], self._first_member[category + 1]
        wanted = self._term_ids(found)
        heaviest = heaviest_owner(self._cols, self._bounds[first : last + 1], wanted, self._idf2)
        return members[heaviest or 0] if members else None

    def _shared(self, found: frozenset[str], category: int) -> tuple[str, ...]:
        """The words `found` shares with a category, the most telling (weighed) first; the
        sites its links point to tie entries too, but are no words to show."""
        known = [t for t in found if t in self._vocab and not t.startswith(LINK_MARK)]
        ids = np.array([self._vocab[t] for t in known], dtype=np.int64)
        weight = self._count_of(np.full(len(ids), category), ids) * self._idf2[ids]
        shared = sorted((-w, t) for t, w in zip(known, weight.tolist(), strict=True) if w > 0)
        return tuple(t for _, t in shared)

    def _advisable(self, members: list[Entry], best: Ints, leads: Floats) -> Bools:
        """Which of the list's own entries P204 could advise at all: movable, and sharing
        MIN_SHARED terms with the best other category (as `_fit` demands). The others spend
        none of the false alarms the bar allows. Only the leading fifth is tested for terms:
        a bar allowing a few percent is never set below it."""
        movable = self._movable(members)
        tested = np.flatnonzero(movable & (leads >= np.quantile(leads, 0.8)))
        pairs = Pairs.of_spans(self._cols, [self._span[members[k].line] for k in tested])
        shared = (self._count_of(best[tested][pairs.owners], pairs.terms) > 0) & (
            self._is_word[pairs.terms])
        counts = np.bincount(pairs.owners[shared], minlength=len(tested))
        movable[tested] = counts >= MIN_SHARED
        return movable
