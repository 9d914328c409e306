"""The order check as a user meets it: `awesome-review check --base BASE HEAD` on real lists'
fixtures, the moves it suggests (applied, they sort the list), and which real lists `auto`
finds sorted. The per-rule fixtures in fixtures/order/ run in test_fixtures.py.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.checks.order.profile import learn
from bot.config import ConfigError
from bot.engine import load_config, review_texts
from bot.model import Finding
from bot.parse import parse
from tests.checks.fixture_cases import FIXTURES, case_names, load_case
from tests.conftest import LISTS

ORDER = FIXTURES / "order"


def _check(case: str, *extra: str) -> subprocess.CompletedProcess[str]:
    folder = ORDER / case
    config = ["--config", str(folder / "config.yml")] if (folder / "config.yml").exists() else []
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "bot.cli",
            "check",
            "--no-links",
            *config,
            *extra,
            "--base",
            str(folder / "base.md"),
            str(folder / "head.md"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _order(findings: tuple[Finding, ...] | list[Finding]) -> list[Finding]:
    return [f for f in findings if f.check == "order" or "order check crashed" in f.message]


# --------------------------------------------------------------------------- the CLI


def test_sorted_list_and_an_entry_appended_out_of_place_names_its_neighbour() -> None:
    result = _check("O701-out-of-alphabetical-order")
    assert result.returncode == 0, result.stderr  # a warning: the review does not fail
    assert (
        "warning O701  line 36: `TG` is out of alphabetical order: it belongs after "
        "`telegram-bot-api` (line 32). This list keeps its entries in alphabetical order: "
        "2 of its 2 lists of three or more entries are sorted." in result.stdout
    )


def test_an_unsorted_list_is_never_asked_to_sort() -> None:
    result = _check("unsorted-list-is-silent")
    assert result.returncode == 0, result.stderr
    assert "O70" not in result.stdout and "1 entry added or changed" in result.stdout


def test_a_list_that_asks_for_the_order_fails_on_it() -> None:
    result = _check("O701-configured-on-an-unsorted-list")
    assert result.returncode == 1
    assert (
        "error   O701  line 98: `aardvark` is out of alphabetical order: it belongs "
        "before `got` (line 86), first in its list. The configuration asks" in result.stdout
    )


def test_a_date_sorted_table_newest_first() -> None:
    result = _check("O702-newest-first")
    assert result.returncode == 0, result.stderr
    assert (
        "(2024-08-28) is out of date order: this table lists the newest first, so it "
        "belongs after `Insight-V: Exploring Long-Chain" in result.stdout
    )


def test_a_nested_list_is_sorted_on_its_own_level() -> None:
    result = _check("O701-nested-list")
    assert (
        "`joamag/boytacean` is out of alphabetical order: it belongs after "
        "`Gekkio/mooneye-gb` (line 84)." in result.stdout
    )


def test_order_none_switches_the_check_off() -> None:
    result = _check("order-none-is-off")
    assert result.returncode == 0 and "O70" not in result.stdout


@pytest.mark.parametrize(
    ("text", "wanted"),
    [("order: date\n", "date"), ("order: off\n", "none"), ("order: none\n", "none")],
)
def test_the_setting_reads_every_mode(text: str, wanted: str) -> None:
    from bot.checks.order import OrderOptions

    assert load_config(text).option(OrderOptions).order == wanted


def test_an_unknown_mode_names_the_key_and_the_choices() -> None:
    with pytest.raises(ConfigError, match="order: expected one of auto, alphabetical, date, none"):
        load_config("order: sorted\n")


# --------------------------------------------------------------------------- the moves


def apply_moves(text: str, findings: list[Finding]) -> str:
    """Each finding's lines moved right after its `move_after` line; when that line moves
    too (two newcomers bound for one gap), after it in its new place."""
    lines = text.splitlines(keepends=True)
    after: dict[int, list[Finding]] = {}
    moving: set[int] = set()
    for finding in findings:
        assert finding.move_after is not None
        after.setdefault(finding.move_after, []).append(finding)
        moving.update(range(finding.line, finding.last_line + 1))
    assert all(len(found) == 1 for found in after.values()), "one block per place"
    out: list[str] = []

    def emit(number: int) -> None:  # what belongs right after line `number`
        for finding in after.get(number, []):
            out.extend(lines[finding.line - 1 : finding.last_line])
            emit(finding.last_line)

    emit(0)
    for number, line in enumerate(lines, start=1):
        if number not in moving:
            out.append(line)
            emit(number)
    return "".join(out)


@pytest.mark.parametrize("case", [c for c in case_names("order") if c.startswith("O7")])
def test_applying_the_suggested_moves_sorts_the_list(case: str) -> None:
    fixture = load_case("order", case)
    found = _order(fixture.review().findings)
    assert found and all(f.move_after is not None for f in found)
    fixed = apply_moves(fixture.head, found)
    assert sorted(fixed.splitlines()) == sorted(fixture.head.splitlines())  # nothing else
    again = review_texts(fixed, fixture.base, fixture.config)
    assert _order(again.findings) == []


NAMES = st.lists(
    st.text(alphabet="abcdefgXYZ", min_size=1, max_size=4), min_size=0, max_size=8, unique=True
)


@settings(max_examples=60, deadline=None)
@given(old=NAMES, new=NAMES, seed=st.randoms(use_true_random=False))
def test_moves_sort_any_additions_to_a_sorted_section(
    old: list[str], new: list[str], seed: object
) -> None:
    import random

    assert isinstance(seed, random.Random)
    kept_names = sorted({n for n in old} - set(new), key=str.lower)
    filler = [f"zz{i}" for i in range(10)]  # a second sorted section: evidence of the order
    base = _doc(kept_names, filler)
    mixed = list(kept_names)
    for name in new:
        mixed.insert(seed.randint(0, len(mixed)), name)
    head = _doc(mixed, filler)
    found = _order(review_texts(head, base).findings)
    fixed = apply_moves(head, found)
    names = [e.title for e in parse(fixed).entries if e.section == ("One",)]
    assert [n.lower() for n in names] == sorted(n.lower() for n in names)


def _doc(one: list[str], two: list[str]) -> str:
    def section(title: str, names: list[str]) -> str:
        items = "".join(f"- [{n}](https://example.org/{n}) - Does it.\n" for n in names)
        return f"\n## {title}\n\n{items}"

    return "# Awesome X\n" + section("One", one) + section("Two", two)


# --------------------------------------------------------------------------- real lists


@pytest.mark.parametrize(
    ("name", "keeps"),
    [
        ("avelino__awesome-go.md", True),  # 125 of its 126 lists are sorted
        ("awesome-selfhosted__awesome-selfhosted.md", True),  # 78 of 85
        ("public-apis__public-apis.md", False),  # 29 of 54: sponsors' tables first
        ("sindresorhus__awesome-nodejs.md", False),
        ("sindresorhus__awesome.md", False),
        ("vinta__awesome-python.md", False),
    ],
)
def test_auto_finds_the_lists_that_keep_alphabetical_order(name: str, keeps: bool) -> None:
    assert learn(parse((LISTS / name).read_text(encoding="utf-8"))).alphabetical.keeps is keeps


def test_putting_back_any_entry_of_awesome_go_in_its_place_is_silent() -> None:
    lines = (LISTS / "avelino__awesome-go.md").read_text(encoding="utf-8").splitlines(True)
    head = "".join(lines)
    entries = [e for e in parse(head).entries if e.end_line == e.line]
    for entry in entries[:: max(1, len(entries) // 25)]:  # 25 across the list
        base = "".join(lines[: entry.line - 1] + lines[entry.line :])
        assert _order(review_texts(head, base).findings) == [], entry.title
