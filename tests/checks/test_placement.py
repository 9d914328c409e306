"""The placement check through the engine, as a user would meet it: today's
awesome-AI-system TOC defects, real lists that raise no placement error, the category
advice staying rare on them, and a replay of 113 commits. The per-rule fixtures in
fixtures/placement/ run in test_fixtures.py (see fixture_cases.py for their layout).
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.checks.analysis.calibration import lead, leading, leading_entries
from bot.checks.analysis.categories import CategoryModel
from bot.checks.analysis.sections import names_heading
from bot.checks.analysis.words import entry_terms
from bot.config import Config
from bot.engine import Review, load_config, review_texts
from bot.model import Finding, Severity
from bot.parse import parse
from tests.checks.fixture_cases import case_names, load_case
from tests.conftest import LISTS, ReplayedCommit, ai_system

CASES = case_names("placement")
LIST_FILES = sorted(LISTS.glob("*__*.md"))


def _placement(review: Review) -> list[Finding]:
    """This check's findings, and an internal error if this check crashed."""
    mine = "the placement check crashed"
    return [f for f in review.findings if f.check == "placement" or mine in f.message]


def _case(name: str) -> tuple[str, str | None, Config]:
    case = load_case("placement", name)
    return case.head, case.base, case.config



# --------------------------------------------------------------------------- fixtures





def test_a_broken_toc_link_suggests_the_heading_it_meant() -> None:
    head, base, config = _case("P203-toc-anchor-missing")
    (finding,) = _placement(review_texts(head, base, config))
    assert finding.suggestion == "- [Editors](#editors)"
    assert "`#editor`" in finding.message and "`#editors`" in finding.message


def test_a_renamed_heading_is_reported_once_with_its_new_anchor() -> None:
    head, base, config = _case("P203-renamed-heading")
    (finding,) = _placement(review_texts(head, base, config))
    assert finding.rule == "P203" and finding.suggestion == "- [Viewers](#widget-viewers)"
    assert "Widget Viewers" in finding.message


def test_a_missing_toc_line_is_spelled_out_like_its_siblings() -> None:
    head, base, config = _case("P202-heading-not-in-toc")
    (finding,) = _placement(review_texts(head, base, config))
    assert "`- [Converters](#converters)`" in finding.message


def test_category_advice_names_the_category_its_score_and_the_shared_words() -> None:
    head, base, config = _case("P204-moved-into-a-clearly-different-category")
    (finding,) = _placement(review_texts(head, base, config))
    assert finding.severity is Severity.NOTICE
    assert "`axios` may belong in `HTTP` rather than `Hardware`" in finding.message
    assert "*HTTP*" in finding.message and "e.g. `undici` (line 80)" in finding.message
    assert "Fit 0." in finding.message and "of this list's own entries fit" in finding.message


def test_the_same_entry_where_it_belongs_gets_no_advice() -> None:
    head, base, config = _case("P204-added-where-it-belongs")
    assert _placement(review_texts(head, base, config)) == []


def test_a_list_too_small_to_calibrate_gets_no_advice_unless_it_sets_a_margin() -> None:
    head, base, _ = _case("P204-small-list-is-not-judged")
    assert _placement(review_texts(head, base)) == []
    opted_in = load_config("placement:\n  margin: 0.15\n")
    assert [f.rule for f in _placement(review_texts(head, base, opted_in))] == ["P204"]


def test_advice_names_a_second_category_that_fits_nearly_as_well() -> None:
    base = (
        "# Awesome Data\n\n## Databases\n\n"
        "- [Ant](https://ant.example.org) - Embedded key-value store with transactions.\n"
        "- [Bee](https://bee.example.org) - Distributed key-value store for analytics.\n"
        "- [Cat](https://cat.example.org) - Durable key-value store with replication.\n"
        "\n## Caches\n\n"
        "- [Hen](https://hen.example.org) - In-memory cache with expiry.\n"
        "- [Jay](https://jay.example.org) - Distributed cache with expiry and eviction.\n"
        "- [Kit](https://kit.example.org) - Cache with eviction policies.\n"
        "\n## Testing\n\n"
        "- [Dog](https://dog.example.org) - Mock generator for unit tests.\n"
        "- [Eel](https://eel.example.org) - Fuzz testing with coverage feedback.\n"
        "- [Fox](https://fox.example.org) - Load testing harness with reports.\n"
    )
    gnu = "- [Gnu](https://gnu.example.org) - Distributed key-value cache with expiry.\n"
    config = load_config("placement:\n  margin: 0.15\n")
    (finding,) = _placement(review_texts(base + gnu, base, config))
    assert "`Gnu` may belong in `Caches` (or `Databases`) rather than `Testing`" in (
        finding.message
    )
    lone = "- [Gnu](https://gnu.example.org) - Cache with expiry and eviction.\n"
    (finding,) = _placement(review_texts(base + lone, base, config))
    assert "`Gnu` may belong in `Caches` rather than `Testing`" in finding.message


def test_an_entry_outside_any_category_is_told_where_it_fits() -> None:
    text = (
        "# Awesome Data\n\n- [Gnu](https://gnu.example.org) - Graph database with SQL.\n\n"
        "## Databases\n\n"
        "- [Ant](https://ant.example.org) - Embedded key-value database.\n"
        "- [Bee](https://bee.example.org) - Distributed SQL database.\n"
        "- [Cat](https://cat.example.org) - Time-series database with SQL queries.\n"
        "\n## Testing\n\n"
        "- [Dog](https://dog.example.org) - Mock generator for unit tests.\n"
        "- [Eel](https://eel.example.org) - Fuzz testing with coverage.\n"
        "- [Fox](https://fox.example.org) - Load testing harness.\n"
    )
    outside = [f for f in _placement(review_texts(text)) if f.rule == "P201"]
    assert [f.line for f in outside] == [3]
    assert "under the list's title" in outside[0].message
    assert "`Databases` fits it best" in outside[0].message


def test_a_larger_margin_silences_the_category_advice() -> None:
    head, base, _ = _case("P204-moved-into-a-clearly-different-category")
    strict = load_config("placement:\n  margin: 0.9\n")
    assert _placement(review_texts(head, base, strict)) == []


def test_the_category_advice_can_be_switched_off_by_name() -> None:
    head, base, _ = _case("P204-moved-into-a-clearly-different-category")
    config = load_config("rules:\n  better-category: off\n")
    assert _placement(review_texts(head, base, config)) == []


# --------------------------------------------------------------------------- real lists


def _moved(text: str, title: str, into: str) -> tuple[str, str, int]:
    """(head, base, line): the entry titled `title` taken out of the list (the base) and
    added after the last entry of the section headed `into` (the head)."""
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"- [{title}]("))
    entry, base = lines[at], lines[:at] + lines[at + 1 :]
    heading = base.index(into)
    end = next(i for i in range(heading + 1, len(base)) if base[i].startswith("#"))
    last = max(i for i in range(heading, end) if base[i].startswith("- ["))
    head = [*base[: last + 1], entry, *base[last + 1 :]]
    return "\n".join(head) + "\n", "\n".join(base) + "\n", last + 2


@pytest.mark.parametrize("into", ["## Job Scheduler", "## Images", "## Logging"])
def test_an_http_client_added_to_another_category_of_awesome_go_is_sent_back(into: str) -> None:
    text = (LISTS / "avelino__awesome-go.md").read_text("utf-8")
    head, base, line = _moved(text, "resty", into)
    (finding,) = _placement(review_texts(head, base))
    assert finding.rule == "P204" and finding.line == line
    assert f"`resty` may belong in `HTTP Clients` rather than `{into[3:]}`" in finding.message
    # the neighbour it names is an entry of HTTP Clients, quoted with its line in the head
    neighbour = finding.message.split("e.g. `")[1].split("`")[0]
    held = head.splitlines()
    clients = held.index("### HTTP Clients")
    at = next(i for i, row in enumerate(held) if row.startswith(f"- [{neighbour}]("))
    assert clients < at < clients + 60 and f"(line {at + 1})" in finding.message


def test_the_same_http_client_added_back_where_it_was_gets_no_advice() -> None:
    text = (LISTS / "avelino__awesome-go.md").read_text("utf-8")
    _, base, _ = _moved(text, "resty", "## Logging")
    assert [f for f in _placement(review_texts(text, base)) if f.rule == "P204"] == []


@pytest.fixture(scope="module")
def ai_system_audit() -> Review:
    return review_texts((ai_system() / "README.md").read_text(encoding="utf-8"))


def test_ai_system_audit_finds_exactly_the_three_toc_anchors_no_heading_produces(
    ai_system_audit: Review,
) -> None:
    broken = [f for f in _placement(ai_system_audit) if f.rule == "P203"]
    anchors = sorted(f.message.split("`")[1] for f in broken)
    assert anchors == ["#llm-inference-ai-side", "#optimzation", "#schedule"]
    assert [f.line for f in broken] == [17, 27, 28]
    fixes = {f.line: f.suggestion for f in broken}
    assert fixes == {
        17: "  - [LLM Inference AI Side)](#llm-inferenceai-side)",
        27: "  - [Schedule and Resource Management](#schedule-and-resource-management)",
        28: "  - [Optimization](#optimization)",
    }


def test_ai_system_audit_raises_nothing_else_from_placement(ai_system_audit: Review) -> None:
    # each heading the broken links meant is paired with its link, not reported again; one
    # piece of advice, which a maintainer would take: a paper on predicting resource use,
    # out of Misc into the resource-management section
    assert Counter(f.rule for f in _placement(ai_system_audit)) == {"P203": 3, "P204": 1}
    (advice,) = [f.message for f in _placement(ai_system_audit) if f.rule == "P204"]
    assert advice.startswith("`Prediction of the Resource Consumption")
    assert "in `Schedule and Resource Management`" in advice


@pytest.mark.parametrize("path", LIST_FILES, ids=lambda p: p.stem)
def test_real_lists_raise_no_placement_error_and_rare_advice(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    review = review_texts(text)
    found = _placement(review)
    assert [f for f in found if f.severity is not Severity.NOTICE] == []
    advice = [f for f in found if f.rule == "P204"]
    # an audit's bar lets through at most 0.5 % of the list's own entries (calibration)
    assert len(advice) <= 0.006 * len(review.head.entries)


def test_the_advice_on_awesome_go_is_where_a_maintainer_would_agree() -> None:
    review = review_texts((LISTS / "avelino__awesome-go.md").read_text("utf-8"))
    moves = {
        (f.message.split("`")[1], f.message.split("`")[3])
        for f in _placement(review)
        if f.rule == "P204"
    }
    assert ("go-actor", "Actor Model") in moves
    assert ("xj2go", "XML") in moves  # converts XML to Go structs, under Parsers
    assert ("re2dfa", "Regular Expressions") in moves  # under Go Generate Tools
    assert ("commonregex", "Regular Expressions") in moves


# --------------------------------------------------------------------------- replay


def test_replaying_113_commits_raises_only_the_defects_each_commit_introduced(
    replayed_commits: list[ReplayedCommit],
) -> None:
    """Each commit as a pull request: base = its parent's README, head = its own."""
    raised: Counter[tuple[str, str]] = Counter()
    advice = added = 0
    for commit in replayed_commits[1:]:  # the root commit is an audit, not a change
        added += len(commit.review.diff.added)
        for finding in _placement(commit.review):
            if finding.severity is Severity.NOTICE:
                advice += 1
            else:
                raised[(commit.sha, finding.rule)] += 1
    # every one a TOC line that really points nowhere (or a heading left out) in that commit,
    # or an entry left above its parent's sub-sections
    assert raised == {
        ("4ffa15b", "P203"): 1,
        ("54aaf9b", "P203"): 1,
        ("5618c83", "P203"): 1,
        ("fed5c7c", "P203"): 1,
        ("d213fb6", "P203"): 1,
        ("962c7b0", "P202"): 1,
        # `###LLM Serving` is no heading on GitHub: its two papers show right under `Papers`
        ("5618c83", "P206"): 2,
        ("42cfee0", "P203"): 2,
        ("0bb5feb", "P203"): 1,
        ("1796d8b", "P203"): 1,
    }
    # The maintainers placed every one of these entries: advice on them is a false alarm.
    # The bar is learned so that at most 5% of a list's own entries would reach it.
    assert advice <= 0.05 * added, (advice, added)


# --------------------------------------------------------------------------- properties

_PIECES = st.sampled_from(
    [
        "# Awesome X", "## Tools", "## Tools", "### Sub Tools", "## Contents", "## Contributing",
        "## License", "- [Tools](#tools)", "- [Sub](#sub-tools)", "- [Gone](#gone)", "- [x](#)",
        "  - [Deep](#Tools-1)", "- [Enc](#%E4%B8%AD)", "- [U](#user-content-tools)",
        '<a name="gone"></a>', "- [A](https://a.org) - Graph database with SQL.",
        "- [B](https://b.org) - Mock testing for units.", "- [C](https://c.org)",
        "| Title | Description |", "|---|---|", "| [T](https://t.org) | Graph database |",
        "", "text [inline](https://i.org)", "## 🚀 Emoji Tools", "- [E](#-emoji-tools)",
    ]
)
_LISTS = st.lists(st.one_of(_PIECES, st.text(max_size=30)), max_size=40).map("\n".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_LISTS, _LISTS)
def test_placement_never_crashes_and_points_at_real_lines(base: str, head: str) -> None:
    for review in (review_texts(head), review_texts(head, base)):
        found = _placement(review)
        assert all(f.check == "placement" for f in found), found  # no internal error
        lines = head.removeprefix("\ufeff").splitlines()
        assert all(1 <= f.line <= max(1, len(lines)) for f in found)


def test_an_entrys_links_tie_it_by_site_and_owner_and_its_badges_do_not() -> None:
    row = (
        "# A\n\n## Tools\n\n- [Loki](https://github.com/grafana/loki) - Logs. "
        "[![Stars](https://img.shields.io/github/stars/grafana/loki)](https://github.com/grafana/loki)\n"
    )
    found = entry_terms(parse(row).entries[0])
    assert {"@github.com", "@github.com/grafana", "loki"} <= found
    assert not any("shields" in term for term in found)


def test_words_every_category_shares_do_not_hide_a_clear_lead() -> None:
    # both fits lifted by 0.10 from `arXiv` and `Star` cells: the lead is that of the rest
    lifted = lead(np.array([0.25]), np.array([0.10]), np.array([0.10]))
    assert lifted[0] == pytest.approx(lead(np.array([0.15]), np.array([0.0]), np.array([0.0]))[0])
    assert lifted[0] > 3 * lead(np.array([0.25]), np.array([0.10]), np.array([0.0]))[0] / 2


@pytest.mark.parametrize("name", ["avelino__awesome-go.md", "vinta__awesome-python.md"])
@pytest.mark.parametrize("margin", [None, 0.1])
def test_an_audit_takes_its_entries_ranks_from_the_calibration(
    name: str, margin: float | None
) -> None:
    """The ranks the calibration gave the list's own entries are the ones ranking them again
    gives, so an audit ranks again only those leading."""
    doc = parse((LISTS / name).read_text(encoding="utf-8"))
    model = CategoryModel(doc, {})
    judged = [e for e in doc.entries if model._judged(e)]
    bar = model.calibration.audit_bar
    expected = []
    for start in range(0, len(judged), 100):  # blocks unlike the calibration's
        block = judged[start : start + 100]
        _, _, top, current, usual = model._rank(block)
        wanted = leading(top, current, lead(top, current, usual), margin, bar)
        expected += [block[k].line for k in np.flatnonzero(wanted)]
    found = leading_entries(model._calibration_scores, judged, margin, bar)
    assert [e.line for e in found] == expected
    assert expected  # the lists have entries that lead


# --------------------------------------------------------------------------- cost


def _sections_of_three(count: int) -> str:
    rows = (
        f"## Topic {i}\n\n" + "".join(
            f"- [Tool {i}x{j}](https://t{i}x{j}.example/) - Parses topic{i} files {j}.\n"
            for j in range(3)
        ) + "\n"
        for i in range(count)
    )
    return "# Awesome\n\n" + "".join(rows)


def test_a_pull_request_adding_every_category_makes_no_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """P204 learns its bar from the entries a pull request did not add: one adding them
    all leaves none, so it judges nothing and the model is never made."""
    base = "# Awesome\n\n## Tools\n\n- [Alpha](https://alpha.example/) - First tool.\n"
    head = base + _sections_of_three(40)[len("# Awesome\n\n"):]
    made: list[object] = []
    monkeypatch.setattr(CategoryModel, "__init__", lambda *args: made.append(args))
    review = review_texts(head, base)
    assert not made
    assert not [f for f in _placement(review) if f.rule == "P204"]


def test_leaving_out_every_calibrated_entry_is_the_calibration_on_none() -> None:
    model = CategoryModel(parse(_sections_of_three(40)), {})
    every = frozenset(e.line for group in model._members for e in group)
    shortcut = model.calibration_without(every)
    at, own, top, current, leads, advisable = model._calibration_scores
    keep = ~np.isin(at, np.fromiter(every, np.int64, len(every)))
    scored = type(shortcut).of(own[keep], top[keep], current[keep], leads[keep],
                               len(model.sections), advisable[keep])
    assert (shortcut.accuracy, shortcut.bar, shortcut.audit_bar, shortcut.entries) == (
        scored.accuracy, scored.bar, scored.audit_bar, scored.entries)
    assert np.array_equal(shortcut.mixed, scored.mixed)
    assert not shortcut.reliable


def test_names_heading_as_asked_word_by_word() -> None:
    """The heading's words and roots made once answer as the word-by-word test did."""

    def word_by_word(found: list[str], heading: dict[str, float]) -> bool:
        roots = {h[:5] for h in heading if len(h) >= 5}
        return any(t in heading or (len(t) >= 5 and t[:5] in roots) for t in found)

    rng = random.Random(3)
    pieces = ["spars", "sparsity", "spa", "", "a", "model", "models", "mode", "graph", "gr"]
    for _ in range(3000):
        found = rng.sample(pieces, rng.randint(0, 4))
        heading = {w: 1.0 for w in rng.sample(pieces, rng.randint(0, 4))}
        assert names_heading(found, heading) == word_by_word(found, heading), (found, heading)
