"""The format check's fast paths give what the plain ways gave: an entry's votes looked up
in tables rather than joined and interned for each entry, and the verdicts table of the
section asked last kept at hand."""

from __future__ import annotations

import random
from collections import Counter
from itertools import chain
from types import SimpleNamespace

from bot.checks.analysis import facts as facts_module
from bot.checks.analysis.conventions import _votes_of, learn
from bot.checks.analysis.facts import (
    Facts,
    ends_sentence,
    read_bullet,
    read_entry,
    starts_capital,
)
from bot.checks.analysis.votes import CAPITAL, DESCRIPTION, PERIOD, vote
from bot.checks.format import (
    f101_malformed_link,
    f130_description_repeats_name,
    f134_doubled_bullet,
)
from bot.checks.format.state import FormatState, JudgedText
from bot.config import DEFAULT
from bot.parse import parse

_MARKERS = ("-", "*", "+")
_LABELS = ("", "code ", "Lib ", "x-y ", "paper ", "a" * 16 + " ")
_SEPARATORS = (" - ", " – ", " — ", ": ", " ", " -- ", "  -  ", " : ", " -: ", "")
_DESCRIPTIONS = (
    "Finds things.", "finds things", "`beta` tool.", "npm helper", "Zeta again!", "ünïcode.",
    "i18n for go", " spaced", "(beta).", "Ends with a quote\"", "日本語。", "x", "",
)
_SUB_LINES = ("", "\n  - [Docs](https://d.example.org)", "\n  docs [Docs](https://d.example)",
              "\n  plain text line", "\n  - nested [a](b)")
_URLS = ("https://github.com/a/b", "http://x.example.org/", "https://github.com/a/b.git/",
         "https://github.com/a/b/", "relative/path.md", "https://gitlab.com/a/b")


def _old_read_bullet(facts: Facts, votes: list[str], venues: bool) -> None:
    """The bullet votes as they were cast before the tables: each joined and interned."""
    bullet = facts.bullet = read_bullet(facts.first)
    if bullet is None:
        return
    votes.append("marker=" + bullet.marker)
    if bullet.label is None:
        return
    if len(facts.lines) > 1:
        facts.sub_label = facts_module._sub_label(facts)
    if venues:
        facts.venue = facts_module._bullet_venue(facts)
    votes.append("label=" + bullet.label)
    votes.append("sub-line=" + (facts.sub_label or ""))
    if facts.entry.depth == 0 and len(facts.lines) == 1:
        votes.append(vote(DESCRIPTION, "no" if bullet.separator is None else "yes"))
    if bullet.separator is None:
        return
    votes.append("separator=" + bullet.separator.strip())
    description = facts.entry.description
    if not description:
        return
    ended = description[-1] in facts_module._TERMINAL or ends_sentence(description)
    votes.append(vote(PERIOD, "yes" if ended else "no"))
    word = facts_module._first_word(facts.first, bullet.description_start)
    capital = True if word[:1].isupper() else starts_capital(word, facts.entry.title)
    if capital is not None:
        votes.append(vote(CAPITAL, "yes" if capital else "no"))


def _varied_list(seed: int, entries: int = 400) -> str:
    rng = random.Random(seed)
    lines = ["# Awesome X", ""]
    for index in range(entries):
        if index % 25 == 0 or rng.random() < 0.05:
            lines += ["", f"## Section {rng.randrange(40)}", ""]
        title = rng.choice(("Zeta", "npm", "go-kit", "Alpha Beta", f"T{index}"))
        line = (
            rng.choice(("", "  ")) + rng.choice(_MARKERS) + " " + rng.choice(_LABELS)
            + f"[{title}]({rng.choice(_URLS)})" + rng.choice(("", " `x`", " ![b](i.svg)"))
            + rng.choice(_SEPARATORS) + rng.choice(_DESCRIPTIONS)
        )
        lines.append(line + rng.choice(_SUB_LINES))
    return "\n".join(lines) + "\n"


def test_votes_from_tables_equal_the_joined_votes(monkeypatch) -> None:
    for seed in range(6):
        entries = parse(_varied_list(seed)).entries
        fast = [read_entry(entry, True).observations for entry in entries]
        monkeypatch.setattr(facts_module, "_read_bullet", _old_read_bullet)
        plain = [read_entry(entry, True).observations for entry in entries]
        monkeypatch.undo()
        assert fast == plain
        assert len({cast for votes in fast for cast in votes if cast.startswith("label=")}) > 3


def test_vote_tables_stay_bounded() -> None:
    for table in (facts_module._LABEL_VOTES, facts_module._SEPARATOR_VOTES):
        for index in range(facts_module._MOST_VOTES * 2):
            facts_module._remembered_vote(table, "label=", f"w{index}")
        assert len(table) <= facts_module._MOST_VOTES
        table.clear()
    assert facts_module._remembered_vote({}, "", " -: ") == "separator=-:"


def test_last_section_table_gives_the_verdicts_of_a_fresh_count() -> None:
    """Entries asked about in any order, across small and large sections: the same answers as
    conventions learned anew for each question."""
    for seed in range(4):
        entries = parse(_varied_list(seed, 300)).entries
        examples = [read_entry(entry, True) for entry in entries]
        judged = [read_entry(entry, True) for entry in entries]
        random.Random(seed).shuffle(judged)
        judged += judged[:50]  # the same sections asked again, after others
        kept = learn(examples)
        for facts in judged:
            fresh = learn(examples)
            assert kept.deviates(facts) == fresh.deviates(facts)
            assert kept.deviations(facts) == fresh.deviations(facts)


def _votes_one_by_one(pool: list[SimpleNamespace]) -> list[tuple[str, list[tuple[str, int]]]]:
    """Every vote of every entry counted in turn: per aspect, in order of first appearance."""
    counts = Counter(chain.from_iterable(facts.observations for facts in pool))
    votes: dict[str, dict[str, int]] = {}
    for cast, count in counts.items():
        aspect, _, value = cast.partition("=")
        votes.setdefault(aspect, {})[value] = count
    return [(aspect, list(values.items())) for aspect, values in votes.items()]


def test_votes_counted_per_distinct_set_equal_votes_counted_one_by_one() -> None:
    rng = random.Random(7)
    casts = ["a=1", "a=2", "b=x", "b=y", "b=", "c=yes", "a=3", "d=-", "d=:"]
    shapes = [tuple(rng.choices(casts, k=rng.randrange(0, 6))) for _ in range(12)]
    for size in (0, 1, 4, 5, 6, 30, 300):
        pool = [SimpleNamespace(observations=rng.choice(shapes)) for _ in range(size)]
        counted = _votes_of(pool)  # type: ignore[arg-type]
        as_listed = [(aspect, list(values.items())) for aspect, values in counted.items()]
        assert as_listed == _votes_one_by_one(pool)
        assert _votes_of(iter(pool)) == counted  # type: ignore[arg-type]


_LINE_SHAPES = (
    "- [Zeta](https://z.example.org) - Zeta: finds things.",
    "- [Zeta] (https://z.example.org) - Spaced.",
    "- [Zeta](https://z.example.org - unclosed",
    "- (https://z.example.org)[Zeta] - Reversed.",
    "- [Zeta](https://z.example.org) - Two [links](https://b.example.org) ![i](i.png).",
    "- [Zeta](https://z.example.org) - <a href='x'>html</a>",
    "  - - [Zeta](https://z.example.org) - Doubled nested.",
    "  * [Zeta](https://z.example.org) - Nested zeta.",
    "- [Go](https://g.example.org) - go go.",
    "- [Σx](https://s.example.org) - ΣX again.",
    "- [Zeta](https://z.example.org) - Finds\n  [Zeta]\n  (https://y.example.org)",
    "-[Glued](https://g.example.org) - Glued.",
    "| [Zeta](https://z.example.org) | Row zeta |",
)


def test_screened_rules_pick_every_entry_they_apply_to() -> None:
    """candidates() of the rules once asked of every entry hold each entry applies() holds
    for (the others are never asked)."""
    rng = random.Random(3)
    for repeated in (False, True):
        lines = ["# X", "", "## A", ""]
        lines += [rng.choice(_LINE_SHAPES) for _ in range(200)]
        text = "\n".join(lines) + "\n"
        entries = parse(text).entries
        judged = JudgedText(tuple(entries))
        state = FormatState(learn([]), DEFAULT, names_repeated_often=repeated)
        for rule in (f101_malformed_link, f130_description_repeats_name, f134_doubled_bullet):
            picked = {id(entry) for entry in rule.candidates(judged, state)}
            applying = [e for e in entries if rule.applies(read_entry(e, True), state)]
            assert all(id(entry) in picked for entry in applying), rule.__name__
            assert applying or (repeated and rule is f130_description_repeats_name)
