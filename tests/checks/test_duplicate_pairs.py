"""Each pair of duplicates is judged once: the entries a later judged line reports are left
out before their titles are compared, with the same matches as comparing them all first."""

from __future__ import annotations

import random
from collections import Counter
from types import SimpleNamespace

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


def _home_of_sorted(sites: duplicates._Sites, identity: Identity) -> Identity | None:
    for key in sorted(identity.primary):
        host = key.partition("/")[0]
        if "/" in key and host in sites.roots and sites.uses[host] < sites.limit:
            others = [o for o in sites.roots[host] if o is not identity]
            if others:
                return others[0]
    return None


def test_sites_counted_as_with_a_set_of_hosts_per_entry() -> None:
    rng = random.Random(6)
    pages = ["https://gin.dev", "https://gin.dev/docs", "https://zeta.org/a", "https://zeta.org",
             "https://b.io/x", "https://github.com/a/b"]
    for _ in range(150):
        rows = [f"| [T{n}]({rng.choice(pages)}) | [P{n}]({rng.choice(pages)}) |"
                for n in range(rng.randint(0, 4))]
        bullets = [f"- [B{n}]({rng.choice(pages)}) - x." for n in range(rng.randint(1, 8))]
        text = "# A\n\n## One\n\n" + "\n".join(bullets) + "\n\n## Two\n\n| Name | Paper |\n" \
            "| --- | --- |\n" + "\n".join(rows) + "\n"
        index = Context(head=parse(text), base=None, diff=diff_documents(None, parse(text)),
                        config=DEFAULT).identities
        sites = duplicates._Sites(index)
        expected = Counter(host for i in index.identities
                           for host in {k.partition("/")[0] for k in i.primary}
                           if host in sites.roots)
        assert sites.uses == expected
        for identity in index.identities:
            assert sites.home_of(identity) is _home_of_sorted(sites, identity)


def test_sites_of_entries_with_several_own_links() -> None:
    """Made directly: a parsed entry names itself by one link (several own links are rows
    the parser gives no title link, rare)."""
    rng = random.Random(8)
    keys = ["gin.dev", "gin.dev/docs", "zeta.org", "zeta.org/a", "b.io/x", "b.io", "arxiv:1"]
    entry = parse("- [a](https://a.org)\n").entries[0]
    for _ in range(300):
        identities = [Identity(entry, {}, "t", "", {}, frozenset(rng.sample(keys, rng.randint(1, 3))))
                      for _ in range(rng.randint(1, 8))]
        index = SimpleNamespace(identities=identities, limit=rng.randint(1, 4))
        sites = duplicates._Sites(index)  # type: ignore[arg-type]
        expected = Counter(host for i in identities
                           for host in {k.partition("/")[0] for k in i.primary}
                           if host in sites.roots)
        assert sites.uses == expected
        for identity in identities:
            assert sites.home_of(identity) is _home_of_sorted(sites, identity)
