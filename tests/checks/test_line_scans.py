"""The one-search scans of the lines a review judges agree with the line-by-line ones."""

from __future__ import annotations

import random
import re
from collections import Counter

from rapidfuzz import fuzz, process

from bot.checks.analysis.changes import _added_lines
from bot.checks.listlevel.view import ListView, _plain_prose, _prose_lines
from bot.parse import parse

_MARKER = re.compile(r"^(\s*)[*+-](?= )")


def _key(line: str) -> str:
    line = line.rstrip()
    marker = _MARKER.match(line)
    return line if marker is None else f"{marker.group(1)}-{line[marker.end():]}"


def _added_one_by_one(base: tuple[str, ...], head: tuple[str, ...]) -> frozenset[int]:
    left = Counter(map(_key, base))
    added = set()
    for number, key in enumerate(map(_key, head), start=1):
        if left.get(key, 0) > 0:
            left[key] -= 1
        else:
            added.add(number)
    return frozenset(added)


def test_added_lines_as_counted_line_by_line() -> None:
    rng = random.Random(1)
    lines = ["- a", "* a", "+ a", "  * a ", "a", "", " ", "-a", "*\ta", "\t+ a", "x * a", "\t- b  "]
    for _ in range(3000):
        base = tuple(rng.choice(lines) for _ in range(rng.randint(0, 8)))
        head = tuple(rng.choice(lines) for _ in range(rng.randint(0, 8)))
        assert _added_lines(base, head) == _added_one_by_one(base, head), (base, head)


def test_plain_prose_as_scanned_line_by_line() -> None:
    rng = random.Random(2)
    parts = ["[x]:", " [a]: b", "[a]:", "   [q]:\t", "    [d]: x", "\t", " ", "a", "](u)",
             "![i](p)", "`c`", "<b>", "http://x.y/z", "]", "[", ":", "(", ")", "\r", "<", ">"]
    for _ in range(3000):
        lines = tuple("".join(rng.choice(parts) for _ in range(rng.randint(0, 5)))
                      for _ in range(rng.randint(1, 6)))
        text = "\n".join(lines)
        expected = tuple(prose for prose, _ in _prose_lines(lines, text))
        assert _plain_prose(lines, text) == expected, lines


def test_line_before_the_edit_as_searched_from_the_bar() -> None:
    """The removed line most like an edited one is the one extractOne finds from the bar
    (60), whichever removed line is scored first: the first of the highest score."""
    rng = random.Random(2)
    words = ["Go", "tool", "fast", "a", "library", "for", "JSON", "Github", "x", "(CLI)."]
    for _ in range(300):
        removed = [f"- [{rng.choice(words)}](https://e.org/{rng.randint(0, 3)}) - "
                   + " ".join(rng.choices(words, k=rng.randint(1, 6))) for _ in range(12)]
        view = ListView(parse("# A\n"), frozenset(), parse("\n".join(removed)))
        view.__dict__["_removed"] = removed
        for line in [*rng.sample(removed, 3), removed[0] + " Go", "- " + removed[1][3:]]:
            found = process.extractOne(line, removed, scorer=fuzz.ratio, score_cutoff=60)
            assert view._before(line) == (found[0] if found is not None else None)


def test_line_before_the_edit_found_among_lines_of_near_length() -> None:
    """Searching only the removed lines whose length lets them reach the cutoff finds the
    line a search of all of them finds, for lines of very different lengths and ties."""
    rng = random.Random(3)
    words = ["Go", "tool", "a", "library", "for", "JSON", "Github", "x", "é", "(CLI).", "データ"]
    for _ in range(400):
        removed = ["- " + " ".join(rng.choices(words, k=rng.randint(0, 14)))
                   for _ in range(rng.randint(1, 20))]
        removed += rng.sample(removed, min(3, len(removed)))  # the same line twice: a tie
        view = ListView(parse("# A\n"), frozenset(), parse("\n".join(removed)))
        view.__dict__["_removed"] = removed
        asked = [*rng.sample(removed, 2), removed[0] + " Go", removed[-1][:-1] or "-",
                 "- " + " ".join(rng.choices(words, k=rng.randint(1, 14)))]
        for line in asked:
            found = process.extractOne(line, removed, scorer=fuzz.ratio,
                                       score_cutoff=view._cutoff_for(line))
            assert view._before(line) == (found[0] if found is not None else None)
            assert view._before(line) == view._search_before(line)  # remembered the same


def test_judged_entries_as_asked_line_by_line() -> None:
    rng = random.Random(4)
    lines = ["- [a](https://a.org)", "  more text", "- [b](https://b.org) - b.", "", "# H"]
    for _ in range(300):
        text = "\n".join(rng.choice(lines) for _ in range(rng.randint(1, 12))) + "\n"
        doc = parse(text)
        count = len(doc.lines)
        for added in (None, frozenset(n for n in range(1, count + 1) if rng.random() < 0.4)):
            view = ListView(doc, added)
            expected = [e for e in doc.entries if view.judges_any(e.line, e.end_line)]
            assert list(view.judged_entries()) == expected
