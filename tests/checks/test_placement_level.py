"""P206 through the engine, as a maintainer meets it: how loud it is follows the list's own
convention (a warning where no parent keeps entries of its own, a notice on awesome-go, which
keeps some above its sub-sections), and the sub-section named when the model is sure. The
rule's fixtures (fixtures/placement/P206-*) run in test_fixtures.py."""

from __future__ import annotations

from bot.engine import review_texts
from bot.model import Finding, Severity
from tests.checks.fixture_cases import load_case
from tests.conftest import LISTS


def _above(head: str, base: str) -> list[Finding]:
    return [f for f in review_texts(head, base).findings if f.rule == "P206"]


def _insert_after(text: str, line: str, new: str) -> str:
    at = text.index(line + "\n") + len(line) + 1
    return text[:at] + new + text[at:]


def test_a_list_whose_parents_hold_no_entries_is_warned() -> None:
    case = load_case("placement", "P206-above-sub-sections")
    (finding,) = _above(case.head, case.base or "")
    assert finding.severity is Severity.WARNING


def test_a_list_keeping_entries_above_sub_sections_elsewhere_gets_a_notice() -> None:
    case = load_case("placement", "P206-other-parent-holds-entries-notice")
    (finding,) = _above(case.head, case.base or "")
    assert finding.severity is Severity.NOTICE
    assert "as the entries right under `Testing` do" in finding.message


def test_awesome_go_which_keeps_entries_above_sub_sections_gets_a_notice() -> None:
    base = (LISTS / "avelino__awesome-go.md").read_text(encoding="utf-8")
    new = "\n- [pgwatch](https://github.com/cybertec/pgwatch) - PostgreSQL monitoring.\n"
    (finding,) = _above(_insert_after(base, "## Database", new), base)
    assert finding.severity is Severity.NOTICE
    assert finding.message.startswith("`pgwatch` is directly under `Database`, whose entries")


def test_awesome_go_entry_above_networking_own_entries_raises_nothing() -> None:
    base = (LISTS / "avelino__awesome-go.md").read_text(encoding="utf-8")
    new = "\n- [quic-go](https://github.com/quic-go/quic-go) - QUIC protocol in Go.\n"
    assert _above(_insert_after(base, "## Networking", new), base) == []


def test_awesome_python_entry_under_projects_is_warned_and_sent_to_a_sub_section() -> None:
    base = (LISTS / "vinta__awesome-python.md").read_text(encoding="utf-8")
    new = (
        "\n- [blacksheep](https://github.com/Neoteroi/BlackSheep) - An asynchronous web "
        "framework for building APIs, with routing, middleware and dependency injection.\n"
    )
    (finding,) = _above(_insert_after(base, "## Projects", new), base)
    assert finding.severity is Severity.WARNING
    assert "(`AI and Agents`, `Deep Learning`, `Machine Learning`, `Natural Language" in (
        finding.message
    )
    assert "`Web APIs` fits it best" in finding.message  # where the list keeps fastapi
