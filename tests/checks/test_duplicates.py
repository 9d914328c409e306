"""The duplicate check through the engine, as a user would meet it: today's
awesome-AI-system defects, real lists that may raise only their real duplicates, and a
replay of the list's 113 commits as pull requests. The per-rule fixtures in
fixtures/duplicates/ run in test_fixtures.py (see fixture_cases.py for their layout).
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.config import Config
from bot.engine import Review, load_config, review_texts
from bot.model import Finding, Severity
from tests.checks.fixture_cases import FIXTURES as CASES_ROOT
from tests.checks.fixture_cases import case_names, load_case
from tests.conftest import LISTS, ReplayedCommit, ai_system

FIXTURES = CASES_ROOT / "duplicates"
CASES = case_names("duplicates")


def _duplicates(review: Review) -> list[Finding]:
    """This check's findings, and an internal error if this check crashed."""
    mine = "the duplicate check crashed"
    return [f for f in review.findings if f.check == "duplicate" or mine in f.message]


def _review(name: str, config: Config | None = None) -> Review:
    return load_case("duplicates", name).review(config)



# --------------------------------------------------------------------------- fixtures





def test_a_copy_names_the_other_line_its_section_and_the_shared_link() -> None:
    first, second = _duplicates(_review("D301-url-variants"))
    assert first.severity is Severity.ERROR
    assert "already listed at line 5, in the same section `Serving`" in first.message
    assert "the GitHub repository vllm-project/vllm" in first.message
    assert "line 7" in second.message and "the arXiv paper 2312.12456" in second.message


def test_two_copies_added_by_one_pull_request_say_so() -> None:
    (finding,) = _duplicates(_review("D301-added-twice-in-the-pr"))
    assert "line 8" in finding.message and "both are added by this pull request" in finding.message


def test_a_shared_paper_id_under_two_titles_says_one_link_is_wrong() -> None:
    (finding,) = _duplicates(_review("D303-two-papers-one-arxiv-id"))
    assert finding.severity is Severity.ERROR
    assert "the arXiv paper 2310.07240" in finding.message
    assert "The titles differ, so one of the two links is probably wrong" in finding.message


def test_a_fork_is_named_as_one() -> None:
    (finding,) = _duplicates(_review("D301-fork-of-a-listed-repo"))
    assert "fork" in finding.message and "gin-gonic/gin" in finding.message


def test_cross_posting_is_a_notice_unless_the_repo_says_otherwise() -> None:
    (notice,) = _duplicates(_review("D302-cross-posted"))
    assert notice.severity is Severity.NOTICE
    assert "also listed at line 5, in `Serving`" in notice.message
    stricter = load_config("duplicates:\n  cross_section: warning\n")
    (warning,) = _duplicates(_review("D302-cross-posted", stricter))
    assert warning.severity is Severity.WARNING


def test_the_title_threshold_is_the_repos_to_set() -> None:
    strict = load_config("duplicates:\n  title_threshold: 100\n")
    assert _duplicates(_review("D301-same-title-other-link", strict)) != []  # identical once normalised
    looser = (FIXTURES / "D301-same-title-other-link" / "head.md").read_text("utf-8").replace(
        "deep learning (OSDI 2022)", "deep-learning systems (OSDI 2022)"
    )
    base = (FIXTURES / "D301-same-title-other-link" / "base.md").read_text("utf-8")
    assert _duplicates(review_texts(looser, base, strict)) == []
    assert [f.rule for f in _duplicates(review_texts(looser, base))] == ["D301"]


# --------------------------------------------------------------------------- real lists


@pytest.fixture(scope="module")
def ai_system_audit() -> Review:
    return review_texts((ai_system() / "README.md").read_text(encoding="utf-8"))


def test_ai_system_audit_finds_the_two_shared_arxiv_ids(ai_system_audit: Review) -> None:
    shared = {f.line: f for f in _duplicates(ai_system_audit) if f.rule == "D303"}
    for line, other, paper in ((130, 129, "2308.12066"), (137, 136, "2310.07240")):
        message = shared[line].message
        assert f"the arXiv paper {paper}" in message and f"line {other}" in message
        assert "The titles differ, so one of the two links is probably wrong" in message


def test_ai_system_audit_reports_each_pair_once_and_only_real_defects(
    ai_system_audit: Review,
) -> None:
    errors = sorted((f.line, f.rule) for f in _duplicates(ai_system_audit)
                    if f.severity is Severity.ERROR)
    assert errors == [
        (130, "D303"),  # PLLMCompass (129) and Pre-gated MoE share arXiv 2308.12066
        (137, "D303"),  # Parrot (136) and CacheGen share arXiv 2310.07240
        (142, "D301"),  # SGLang twice in LLM Inference (System Side) (138)
        (166, "D303"),  # OdinANN (165) and the next paper share one USENIX PDF and repo
        (187, "D303"),  # FastVideo links xDiT's arXiv paper (186)
    ]
    notices = sorted(f.line for f in _duplicates(ai_system_audit)
                     if f.severity is Severity.NOTICE)
    assert notices == [209, 284, 292, 557]  # Pre-gated MoE, Alpa, Unity, Hidet cross-posted


# Each error here is a real defect of the list, checked by hand.
REAL_ERRORS: dict[str, list[tuple[int, str]]] = {
    "avelino__awesome-go": [],
    "awesome-selfhosted__awesome-selfhosted": [],
    "public-apis__public-apis": [
        (17, "D303"),  # `Markestack` (14) links mediastack: Marketstack's link is wrong
        (614, "D303"),  # `DownStatus` (577) and `isitdownstatus`: one site, listed twice
        (1118, "D301"),  # ipstack twice in Geocoding (1064)
    ],
    "sindresorhus__awesome": [],
    "sindresorhus__awesome-nodejs": [],
    "vinta__awesome-python": [],
}


@pytest.mark.parametrize("stem", sorted(REAL_ERRORS))
def test_real_lists_raise_only_their_real_duplicates(stem: str) -> None:
    review = review_texts((LISTS / f"{stem}.md").read_text(encoding="utf-8"))
    errors = [(f.line, f.rule) for f in _duplicates(review) if f.severity is Severity.ERROR]
    assert errors == REAL_ERRORS[stem]


# --------------------------------------------------------------------------- replay


def test_replaying_113_commits_raises_only_real_duplicates(
    replayed_commits: list[ReplayedCommit],
) -> None:
    """Each commit as a pull request: base = its parent's README, head = its own."""
    raised: Counter[tuple[str, str]] = Counter(
        (commit.sha, finding.rule)
        for commit in replayed_commits
        for finding in _duplicates(commit.review)
        if finding.severity is Severity.ERROR
    )
    # each checked by hand in that commit's README
    assert raised == {
        ("58d0d0b", "D301"): 1,  # HET twice in Training (a fork's repo and the original's)
        ("9633b14", "D301"): 1,  # TC-GNN added beside its existing copy
        ("adf2181", "D301"): 1,  # Flash-LLM twice, one PDF
        ("4830a14", "D301"): 1,  # PowerInfer twice, one PDF
        ("e128ff4", "D301"): 1,  # Punica added twice by one commit
        ("72c859c", "D301"): 1,  # SGLang twice (still in today's list)
        ("e66162a", "D303"): 1,  # PLLMCompass given Pre-gated MoE's arXiv id
        ("a631fc4", "D303"): 1,  # FastVideo given xDiT's arXiv id
        ("28b67f0", "D303"): 1,  # OdinANN given the next paper's PDF and repo
        ("0be37d0", "D303"): 1,  # Aegaeon given DiffKV's repository
    }


# --------------------------------------------------------------------------- properties

_PIECES = st.sampled_from(
    [
        "# Awesome X", "## Serving", "## Training", "## Serving",
        "- [vLLM](https://github.com/vllm-project/vllm) - Serving.",
        "- [vllm](http://www.github.com/VLLM-project/vllm.git/) - Again.",
        "- [P: A Long Paper Title About Serving Systems OSDI'24](https://arxiv.org/abs/2401.00001)",
        "- [Q: A Long Paper Title About Serving Systems](https://arxiv.org/pdf/2401.00001v2)",
        "  paper [P](https://doi.org/10.1145/1.2)", "- [](https://empty.org)", "- [x](#x)",
        "| Title | Paper | Code |", "|---|---|---|",
        "| T | [![a](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/1) | - |",
        "| U | [![a](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/1) | - |",
        "- [L](https://l.org) [MIT](https://opensource.org/licenses/MIT)", "- [Bad](http://[::1)",
        "- [Port](https://p.org:99999/)", "",
    ]
)
_LISTS = st.lists(st.one_of(_PIECES, st.text(max_size=30)), max_size=40).map("\n".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_LISTS, _LISTS)
def test_duplicates_never_crash_and_point_at_real_lines(base: str, head: str) -> None:
    for review in (review_texts(head), review_texts(head, base)):
        found = _duplicates(review)
        assert all(f.check == "duplicate" for f in found), found  # no internal error
        lines = head.removeprefix("\ufeff").splitlines()
        assert all(1 <= f.line <= max(1, len(lines)) for f in found)
