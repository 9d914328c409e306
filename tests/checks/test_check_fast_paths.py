"""The checks' and the diff's fast paths give what the plain ways gave: lines read without a
memo, the identity index grouped without pairs, a link's GitHub test screened by a substring,
an added entry with nothing to judge passed over, and the diff's keys made without lists."""

from __future__ import annotations

import random
import re
from collections.abc import Hashable, Iterator
from pathlib import Path

from bot.checks import format as format_check
from bot.checks.analysis.facts import Facts, read_bullet, read_entry
from bot.checks.analysis.identity import IdentityIndex, _by_key_without_generic, _without_generic
from bot.checks.analysis.votes import GIT_SUFFIX, HTTPS, TRAILING_SLASH, vote
from bot.checks.base import Context
from bot.checks.format.state import judged_text, new_problems, prepare
from bot.checks.listlevel import view
from bot.config import DEFAULT
from bot.diff import _identity_keys, _lines_existed, _lines_outside_entries, diff_documents
from bot.memo import per_text
from bot.model import Entry, Finding
from bot.parse import parse
from bot.urls import canonical_url

LISTS = sorted((Path(__file__).parents[1] / "data" / "lists").glob("*.md"))
_URLS = (
    "https://github.com/a/b", "https://github.com/a/b.git/", "https://www.github.com/a/b/",
    "http://github.com/a/b/tree/main", "https://GitHub.com/a/b", "https://github.com",
    "https://x.example.org/github.com/a/b", "https://gitlab.com/a/b", "relative/github.com/",
    "https://github.com/a", "#anchor", "https://e.example.com/",
)
_TITLES = ("Zeta", "zeta", "Zeta: a tool", "", "Go  Kit", "`x`", "Ünï")
_GITHUB_ROOT = re.compile(r"https?://(?:www\.)?github\.com/[^/?#\s]+/[^/?#\s]+/*$")
_BADGE = "[![b](https://img.shields.io/x.svg)](https://github.com/a/b)"


def _varied_list(rng: random.Random, entries: int = 120) -> str:
    lines = ["# Awesome X", "", "Some prose with a `code` span and <b>tag</b>.", ""]
    for index in range(entries):
        if rng.random() < 0.15:
            lines += ["", f"## Section {rng.randrange(6)}", ""]
        badge = _BADGE + " " if rng.random() < 0.2 else ""
        title = rng.choice(_TITLES) or ""
        line = (f"{rng.choice('-*+')} {badge}[{title}]({rng.choice(_URLS)})"
                f"{rng.choice(('', ' - Does it.', ' - see https://x.example/a', ' `b` - B.'))}")
        if rng.random() < 0.1:
            line += "\n  - [Docs](https://d.example.org)"
        lines.append(line if rng.random() < 0.9 else f"{index} plain line, no link")
    return "\n".join(lines) + "\n"


def _documents() -> Iterator[str]:
    for path in LISTS:
        yield path.read_text(encoding="utf-8")
    rng = random.Random(7)
    for _ in range(12):
        yield _varied_list(rng)


def test_lines_read_without_a_memo_as_with_one() -> None:
    remembered_bullet = per_text()(read_bullet)
    remembered_blank = per_text()(view._blank)
    for text in _documents():
        for line in text.split("\n"):
            assert read_bullet(line) == remembered_bullet(line) == remembered_bullet(line)
            assert view._blank(line) == remembered_blank(line) == remembered_blank(line)


def _old_link_votes(facts: Facts) -> list[str]:
    votes = []
    for link in facts.entry.links:
        url = link.url
        if url.startswith("https://"):
            votes.append(vote(HTTPS, "https"))
        elif url.startswith("http://"):
            votes.append(vote(HTTPS, "http"))
        if _GITHUB_ROOT.match(url):
            votes.append(vote(GIT_SUFFIX, "yes" if url.rstrip("/").endswith(".git") else "no"))
            votes.append(vote(TRAILING_SLASH, "yes" if url[-1] == "/" else "no"))
    return votes


def test_github_links_screened_by_substring_vote_as_matched_alone() -> None:
    for text in _documents():
        for entry in parse(text).entries:
            facts = read_entry(entry, True)
            aspects = tuple(a + "=" for a in (HTTPS, GIT_SUFFIX, TRAILING_SLASH))
            link_votes = [v for v in facts.observations if v.startswith(aspects)]
            assert link_votes == _old_link_votes(facts)


def test_identity_keys_grouped_without_pairs_as_with_them() -> None:
    for text in _documents():
        index = IdentityIndex(parse(text), {})
        for limit in (2, 5, 1000):
            pairs = ((k, i) for i in index.identities for k in i.keys)
            old = _without_generic(pairs, limit)
            new = _by_key_without_generic(index.identities, limit)
            assert list(old) == list(new)
            assert all(list(map(id, old[k])) == list(map(id, new[k])) for k in old)


def _old_identity_keys(entry: Entry) -> tuple[Hashable, ...]:
    keys: list[Hashable] = []
    primary = next((link for link in entry.links if not link.is_badge), None)
    if primary is not None:
        keys.append(("url", canonical_url(primary.url)))
    title = " ".join(entry.title.lower().split())
    if title:
        keys.append(("title", title))
    return tuple(keys)


def test_diff_keys_and_old_lines_as_made_before() -> None:
    for text in _documents():
        doc = parse(text)
        outside = _lines_outside_entries(doc)
        outside |= {" ".join(e.raw.splitlines()[0].split()) for e in doc.entries[::3]}
        for entry in doc.entries:
            assert _identity_keys(entry) == _old_identity_keys(entry)
            lines = entry.raw.splitlines()
            assert _lines_existed(entry, outside) == all(
                " ".join(line.split()) in outside for line in lines
            )


def _old_run(ctx: Context) -> list[Finding]:
    """The format check's entry loop as it was: every judged entry asked in full."""
    head, base, state = prepare(ctx)
    every, picked = format_check._structural_rules(judged_text(ctx), state)
    found_all: list[Finding] = []
    for change in ctx.diff.judged:
        found = format_check._entry_findings(head[change.head.line], state,
                                             picked.get(id(change.head), every))
        if change.base is not None:
            rules = picked.get(id(change.base), every)
            before = format_check._entry_findings(base[change.base.line], state, rules)
            found = new_problems(found, change.head, before, change.base)
        found_all.extend(found)
    found_all.extend(format_check.loose_lines(
        ctx, [rule.judge_line for rule in format_check.LINE_RULES]))
    for diff_rule in format_check.DIFF_RULES:
        found_all.extend(diff_rule.judge_diff(ctx))
    return found_all


def test_format_passes_over_entries_with_nothing_to_judge_as_asking_them() -> None:
    rng = random.Random(11)
    for text in _documents():
        head = parse(text)
        kept = [line for line in text.split("\n") if rng.random() < 0.7]
        for base in (None, parse("\n".join(kept) + "\n")):
            ctx = Context(head=head, base=base, diff=diff_documents(base, head), config=DEFAULT,
                          link_results={}, deadline=None, changed_files=None)
            assert list(format_check.run(ctx)) == _old_run(ctx)
