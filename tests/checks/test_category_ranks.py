"""An entry's ranks (its best other category, that fit, its own fit, its usual fit) are the
same bit for bit whichever entries are ranked beside it and in whatever order: the
calibration ranks the list's entries in its own blocks, and P204 takes a pull request's
and an audit's ranks from it rather than ranking them again."""

from __future__ import annotations

import random
from itertools import repeat

import numpy as np
import pytest

from bot.checks.analysis import categories
from bot.checks.analysis.categories import CategoryModel
from bot.checks.analysis.pairs import heaviest_owner
from bot.checks.analysis.sections import heading_roots, names_words
from bot.model import Document, Entry
from bot.parse import parse
from tests.conftest import LISTS

REAL = ["avelino__awesome-go.md", "vinta__awesome-python.md"]


def _varied_list(seed: int) -> str:
    """Categories sharing some words (dense rows) and not others, entries of one term to
    over a hundred (scattered, not added position by position), a few words in every
    category, links to shared and own sites."""
    rng = random.Random(seed)
    common = ["fast", "parser", "client", "server", "async", "stream", "data", "json"]
    rows = []
    categories = rng.randint(3, 12)
    for c in range(categories):
        rows.append(f"\n## Category {c}\n\n")
        for e in range(rng.randint(3, 15)):
            # now and then an entry written like another category's
            like = rng.randrange(categories) if rng.random() < 0.2 else c
            own = [f"topic{like}word{k}" for k in range(6)]
            length = rng.choice([1, 2, 5, 12, 70, 130]) if e else 3
            words = [rng.choice(own + common) if rng.random() < 0.5 else f"rare{c}x{e}x{k}"
                     for k in range(length)]
            site = rng.choice(["github.com/a", "gitlab.com/b", f"own{c}.example"])
            rows.append(f"- [Tool {c} {e}](https://{site}/t{c}x{e}) - {' '.join(words)}.\n")
    return "# Awesome\n" + "".join(rows)


SOURCES = [*REAL, *range(12)]  # real lists, and varied lists by seed


def _document(source: str | int) -> Document:
    if isinstance(source, str):
        return parse((LISTS / source).read_text(encoding="utf-8"))
    return parse(_varied_list(source))


def _ranks(model: CategoryModel, entries: list[Entry]) -> dict[int, bytes]:
    """Each entry's ranks as bytes, ranked in the blocks given."""
    _, best, top, current, usual = model._rank(entries)
    return {e.line: b"".join(np.array(v[k]).tobytes() for v in (best, top, current, usual))
            for k, e in enumerate(entries)}


@pytest.mark.parametrize("source", SOURCES)
def test_an_entrys_ranks_do_not_depend_on_the_entries_ranked_beside_it(
    source: str | int,
) -> None:
    document = _document(source)
    model = CategoryModel(document, {})
    judged = [e for e in document.entries if model._judged(e)]
    assert judged
    alone = _ranks(model, judged)
    rng = random.Random(len(judged))
    for _ in range(4):
        shuffled = rng.sample(judged, len(judged))
        found: dict[int, bytes] = {}
        start = 0
        while start < len(shuffled):
            size = rng.choice([1, 2, 7, 100, 1000])
            found.update(_ranks(model, shuffled[start : start + size]))
            start += size
        assert found == alone


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("margin", [None, 0.0, 0.1])
@pytest.mark.parametrize("audit", [False, True])
def test_taking_the_ranks_from_the_calibration_advises_what_ranking_again_did(
    source: str | int, margin: float | None, audit: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A pull request adding a third of the list (or an audit): the same advice, bit for
    bit, as when every judged entry was ranked again."""
    document = _document(source)
    added = document.entries[::3]
    taken = CategoryModel(document, {}).better(added, margin, audit)
    monkeypatch.setattr(categories, "leading_entries", lambda ranked, judged, *_: judged)
    again = CategoryModel(document, {}).better(added, margin, audit)
    assert taken == again
    if margin == 0.0 and source in REAL:
        assert taken  # there is advice to compare


def _nearest_term_by_term(model: CategoryModel, found: frozenset[str], category: int) -> Entry | None:
    """`_nearest` as it was written first: every entry's every term weighed in turn."""
    weight = {t: float(model._idf2[i]) for t in found if (i := model._vocab.get(t)) is not None}
    return max(model._members[category], default=None,
               key=lambda e: sum(map(weight.get, model._all_terms(e.line), repeat(0.0))))


@pytest.mark.parametrize("source", SOURCES)
def test_the_nearest_entry_is_the_one_weighing_every_term_finds(source: str | int) -> None:
    document = _document(source)
    model = CategoryModel(document, {})
    rng = random.Random(7)
    vocab = list(model._vocab)
    asked = [model._found(e) for e in rng.sample(document.entries, min(60, len(document.entries)))]
    asked += [frozenset(rng.sample(vocab, rng.randint(1, 8))) for _ in range(30)]
    asked += [frozenset(), frozenset({"nowhere-in-the-list", "@nowhere.example"})]
    for found in asked:
        for category in range(len(model.sections)):
            assert model._nearest(found, category) is _nearest_term_by_term(model, found, category)


def test_the_heaviest_owner_is_the_one_sum_finds_even_a_rounding_error_apart() -> None:
    """Entries holding the same weights in other orders: their sums differ in the last bits
    only, and the rough sums that pick the few to sum exactly must not drop the heaviest."""
    rng = np.random.default_rng(3)
    for _ in range(300):
        vocab = int(rng.integers(1, 40))
        weights = rng.random(vocab) * 10 ** rng.uniform(-3, 3, vocab)
        base = rng.choice(vocab, size=int(rng.integers(1, vocab + 1)), replace=False)
        rows = [rng.permutation(base) if rng.random() < 0.6 else
                rng.choice(vocab, size=int(rng.integers(0, vocab + 1)), replace=False)
                for _ in range(int(rng.integers(1, 25)))]
        terms = np.concatenate([np.asarray(r, dtype=np.intp) for r in rows])
        bounds = np.cumsum([0, *map(len, rows)])
        wanted = rng.choice(vocab, size=int(rng.integers(0, vocab + 1)), replace=False)
        weight = {int(t): float(weights[t]) for t in wanted}
        sums = [sum(map(weight.get, map(int, r), repeat(0.0))) for r in rows]
        expected = max(range(len(rows)), key=sums.__getitem__) if any(sums) else None
        assert heaviest_owner(terms, bounds, wanted, weights) == expected


def _movable_one_by_one(model: CategoryModel, entry: Entry) -> bool:
    """`_movable` as it was written first: one entry, its words tested in Python."""
    if categories._AWESOME.search(entry.title):
        return False
    found = model._terms[entry.line]
    own = model._own_terms[model._index[entry.section]]
    has_terms = bool(found) or entry.line in model._links
    return has_terms and not names_words(found, frozenset(own), heading_roots(own))


_NAMING = (  # headings sharing roots with entries' words, pointers to awesome lists
    "# A\n\n## Sparsity and Pruning\n\n"
    "- [SparseGPT](https://github.com/a/sparsegpt) - Sparse pruning of transformers.\n"
    "- [Wanda](https://github.com/b/wanda) - Pruning by weights and activations.\n"
    "- [Awesome Sparsity](https://github.com/c/awesome) - More of it.\n"
    "- [Lottery](https://lottery.example) - Winning tickets.\n"
    "- [Empty](https://empty.example)\n"
    "- [It](./it.md)\n"  # no term at all: a stop word, a link to no site
    "\n## Serving\n\n"
    "- [vLLM](https://github.com/d/vllm) - Serves models with paged attention.\n"
    "- [Orca](https://orca.example) - Iteration scheduling for servers.\n"
    "- [Prune](https://github.com/e/prune) - Pruning as a service, sparsity too.\n"
)


@pytest.mark.parametrize("source", [*SOURCES, "naming"])
def test_the_movable_entries_are_those_tested_one_by_one(source: str | int) -> None:
    document = parse(_NAMING) if source == "naming" else _document(source)
    model = CategoryModel(document, {"Serving": ("inference", "servers")})
    members = [e for group in model._members for e in group]
    expected = [_movable_one_by_one(model, e) for e in members]
    assert model._movable(members).tolist() == expected
    assert model._movable([]).tolist() == []
    if source == "naming":
        assert expected.count(False) == 6  # named by word or root, a pointer, no terms
