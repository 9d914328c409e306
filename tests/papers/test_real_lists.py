"""Tuned on real lists: every paper link of awesome-ai-system and of the replay corpus's paper
lists, compared with titles the lists themselves give the same paper, finds exactly the
known wrong-paper rows and reports no other paper link."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.audit import assess, audit_urls
from bot.checks.analysis.identity import identity_links
from bot.checks.analysis.papertitles import Match, compare_all, split_title, written_titles
from bot.config import DEFAULT
from bot.links.papers import PaperOptions, Spacing, lookup_papers, paper_key
from bot.model import LinkResult, Verdict
from bot.parse import parse
from bot.report.health import render_health
from tests.fakes.papers_api import FakePapers

# The titles arXiv gives today, where a list writes another variant or another paper's title
# (the rest of the fake's answers are the titles the list itself writes).
ARXIV_TITLES = {
    "2308.12066": "Pre-gated MoE: An Algorithm-System Co-Design for Fast and Scalable "
    "Mixture-of-Expert Inference",
    "2310.07240": "CacheGen: KV Cache Compression and Streaming for Fast Large Language Model "
    "Serving",
    "2303.06865": "FlexGen: High-Throughput Generative Inference of Large Language Models with "
    "a Single GPU",
    "2401.10774": "Medusa: Simple LLM Inference Acceleration Framework with Multiple Decoding "
    "Heads",
    "2305.09781": "SpecInfer: Accelerating Generative Large Language Model Serving with "
    "Tree-based Speculative Inference and Verification",
    "2308.04152": "Fine-tuning Multimodal LLMs to Follow Zero-shot Demonstrative Instructions",
    "2406.12335": "Attention Score is not All You Need for Token Importance Indicator in KV "
    "Cache Reduction: Value Also Matters",
}
PAPER_LISTS = ("horseee__", "BradyFU__", "terryum__", "October2001__")


def _seed(fake: FakePapers, text: str) -> None:
    """The fake answers each paper of the list with the title the list gives it."""
    document = parse(text)
    for entry in document.entries:
        for link in identity_links(entry):
            key = paper_key(link.url)
            titles = [t for t in written_titles(entry, link) if split_title(t).long]
            if key is None or not titles:
                continue
            ident = key.partition(":")[2]
            if key.startswith("arxiv:") and ident not in fake.arxiv:
                fake.add_arxiv(ident, ARXIV_TITLES.get(ident, titles[0]))
            elif key.startswith("doi:") and ident not in fake.crossref:
                fake.add_crossref(ident, titles[0], 2024)


def test_audit_finds_the_two_wrong_papers_of_awesome_ai_system(
    corpus: Path, fake_papers: FakePapers
) -> None:
    text = (corpus / "awesome-ai-system" / "README.md").read_text(encoding="utf-8")
    _seed(fake_papers, text)
    document = parse(text)
    urls = audit_urls(document, DEFAULT)
    options = PaperOptions(arxiv_url=fake_papers.arxiv_url, crossref_url=fake_papers.crossref_url,
                           arxiv_interval=0.05, crossref_interval=0.0)
    results: dict[str, LinkResult] = {u: LinkResult(u, Verdict.OK, 200) for u in urls}
    results.update(asyncio.run(lookup_papers(urls, options, None, Spacing())))
    health = assess("README.md", document, DEFAULT, results, datetime.now(UTC))
    assert health.papers > 90
    found = [(p.kind, p.line) for p in health.problems]
    assert found == [("wrong paper", 129), ("wrong paper", 136)]
    assert "is *Pre-gated MoE: An Algorithm-System Co-Design" in health.problems[0].message
    assert "not *Parrot: Efficient Serving of LLM-based Application" in health.problems[1].message
    assert len(fake_papers.requests("arxiv")) == 2  # 66 ids … in batches of 50
    report = render_health(health, lambda line: f"README.md#L{line}")
    assert "[line 129](README.md#L129) **wrong paper**" in report


@pytest.fixture(scope="module")
def replay_lists(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import CORPUS

    bundle = CORPUS / "replay" / "lists.bundle"
    if not bundle.is_file():
        # as every test of the shared corpus: one skip line on a bare clone, a failure in CI
        missing = f"the replay corpus is missing at {bundle}; put the project beside shared/"
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    target = tmp_path_factory.mktemp("replay") / "lists"
    subprocess.run(["git", "clone", "-q", str(bundle), str(target)], check=True)
    return target


def _latest_paper_lists(root: Path) -> dict[str, str]:
    latest: dict[str, str] = {}
    for line in (root / "commits.jsonl").read_text(encoding="utf-8").splitlines():
        commit = json.loads(line)
        if commit["list"].startswith(PAPER_LISTS):
            latest[f"{commit['list']}/{commit['file']}"] = commit["head"]
    return {name: (root / head).read_text(encoding="utf-8") for name, head in latest.items()}


def test_paper_lists_of_the_replay_corpus_raise_only_the_known_wrong_row(
    replay_lists: Path,
) -> None:
    """Each paper link's titles against the title the other entries (in any list) give the
    same paper: variants (published and preprint titles, system names added or dropped,
    authors in the cell) must all pass."""
    written: dict[str, list[tuple[str, int, list[str]]]] = defaultdict(list)
    for name, text in _latest_paper_lists(replay_lists).items():
        for entry in parse(text).entries:
            for link in identity_links(entry):
                key = paper_key(link.url)
                if key is not None:
                    written[key].append((name, entry.line, written_titles(entry, link)))
    verdicts: Counter[Match] = Counter()
    wrong = []
    for key, uses in written.items():
        common = Counter(t for _, _, titles in uses for t in titles if split_title(t).long)
        if not common:
            continue
        real = ARXIV_TITLES.get(key.partition(":")[2]) or common.most_common(1)[0][0]
        for name, line, titles in uses:
            match, _ = compare_all(titles, real)
            verdicts[match] += 1
            if match is Match.DIFFERENT:
                wrong.append((key, name.split("__")[0], line))
    assert verdicts[Match.SAME] > 2000
    # arXiv 2406.12335 is "Attention Score is not All You Need …"; the row at line 77 names
    # "On the Efficacy of Eviction Policy …" (arXiv 2402.06262): a real wrong-paper row.
    assert wrong == [("arxiv:2406.12335", "October2001", 77)]
