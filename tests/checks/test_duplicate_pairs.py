"""Each pair of duplicates is judged once: the entries a later judged line reports are left
out before their titles are compared, with the same matches as comparing them all first."""

from __future__ import annotations

import random

from bot.checks import duplicates
from bot.checks.analysis.identity import FuzzyTitles, Identity, extends_name, same_title
from bot.checks.base import Context
from bot.checks.duplicate_rules import DuplicateOptions
from bot.config import DEFAULT
from bot.diff import diff_documents
from bot.parse import parse

_TITLES = ["Gin", "Gin Web Framework", "Echo", "Fiber fast web framework for Go",
           "Fiber fast web framework for Golang", "uv", "uv-build", "Zeta: a tool", "Zeta: tools"]
_LINKS = ["https://github.com/a/gin", "https://gin.dev", "https://gin.dev/docs",
          "https://arxiv.org/abs/2101.00001", "https://github.com/a/uv", "https://zeta.org"]


def _entry(rng: random.Random) -> str:
    links = " ".join(f"[{w}]({rng.choice(_LINKS)})" for w in rng.sample(["code", "demo"], 1))
    return f"- [{rng.choice(_TITLES)}]({rng.choice(_LINKS)}) - A tool, {links}."


def _list(rng: random.Random, entries: list[str]) -> str:
    half = len(entries) // 2
    return "# A\n\n## One\n\n" + "\n".join(entries[:half]) + "\n\n## Two\n\n" + \
        "\n".join(entries[half:]) + "\n"


def _all_matches(identity: Identity, scope: duplicates._Scope) -> list[duplicates._Match]:
    """The matches as found before: every other entry's title compared, then the pairs a
    later judged line reports left out."""
    threshold = scope.ctx.config.option(DuplicateOptions).title_threshold
    found: dict[int, duplicates._Match] = {}
    for key, other in scope.index.sharing_keys(identity):
        same = same_title(identity, other, threshold) or extends_name(identity, other)
        if not duplicates._resource_only(identity, other, key, same):
            found.setdefault(other.entry.line, duplicates._Match(other, "link", key, same))
    for key, other in scope.index.forks(identity):
        found.setdefault(other.entry.line, duplicates._Match(other, "fork", key, True))
    for other, _score in scope.titles.similar(identity):
        found.setdefault(other.entry.line, duplicates._Match(other, "title", "", True))
    for key, other in scope.index.one_model(identity):
        found.setdefault(other.entry.line, duplicates._Match(other, "model", key, True))
    line = identity.entry.line
    return [m for m in found.values()
            if not (m.other.entry.line in scope.judged and m.other.entry.line > line)]


def test_pairs_left_out_early_as_when_compared_first() -> None:
    rng = random.Random(5)
    compared = left_out = 0
    for _ in range(150):
        base_entries = [_entry(rng) for _ in range(rng.randint(0, 8))]
        head_entries = [e if rng.random() < 0.6 else _entry(rng) for e in base_entries]
        head_entries += [_entry(rng) for _ in range(rng.randint(1, 8))]
        rng.shuffle(head_entries)
        base, head = parse(_list(rng, base_entries)), parse(_list(rng, head_entries))
        ctx = Context(head=head, base=base, diff=diff_documents(base, head), config=DEFAULT,
                      link_results={}, deadline=None, changed_files=None)
        index = ctx.identities
        scope = duplicates._Scope(ctx, index, FuzzyTitles(index, DEFAULT.option(DuplicateOptions).title_threshold),
                                  frozenset(c.head.line for c in ctx.diff.judged))
        for change in ctx.diff.judged:
            identity = index.of(change.head)
            found = duplicates._matches(identity, scope)
            assert found == _all_matches(identity, scope)
            compared += len(found)
            left_out += sum(o.entry.line > identity.entry.line for _, o in
                            index.sharing_keys(identity) if o.entry.line in scope.judged)
    assert compared > 100 and left_out > 100  # both kinds of pair met
