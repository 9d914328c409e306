"""The paper metadata client against the fake arXiv and Crossref APIs on loopback."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path

from bot.links import SqliteLinkCache
from bot.links.papers import PaperOptions, Spacing, lookup_papers, paper_key
from bot.model import Verdict
from tests.fakes.papers_api import FakePapers

PREGATED = "Pre-gated MoE: An Algorithm-System Co-Design for Fast and Scalable Mixture-of-Expert Inference"
CACHEGEN = "CacheGen: KV Cache Compression and Streaming for Fast Large Language Model Serving"


def options(fake: FakePapers, **changes: object) -> PaperOptions:
    values: dict[str, object] = {
        "arxiv_url": fake.arxiv_url, "crossref_url": fake.crossref_url,
        "arxiv_interval": 0.0, "crossref_interval": 0.0, "mailto": "lists@example.org",
    }
    values.update(changes)
    return PaperOptions(**values)  # type: ignore[arg-type]


def lookup(urls: list[str], opts: PaperOptions, cache: SqliteLinkCache | None = None):  # type: ignore[no-untyped-def]
    return asyncio.run(lookup_papers(urls, opts, cache, Spacing()))


def test_every_arxiv_and_doi_form_names_one_paper() -> None:
    forms = [
        "https://arxiv.org/abs/2308.12066", "https://arxiv.org/abs/2308.12066v3",
        "https://arxiv.org/pdf/2308.12066", "https://arxiv.org/pdf/2308.12066v2.pdf",
        "http://arxiv.org/html/2308.12066v1", "https://export.arxiv.org/abs/2308.12066",
        "https://www.arxiv.org/abs/2308.12066/",
    ]
    assert {paper_key(url) for url in forms} == {"arxiv:2308.12066"}
    dois = [
        "https://doi.org/10.1145/3600006.3613165", "https://dx.doi.org/10.1145/3600006.3613165",
        "https://dl.acm.org/doi/10.1145/3600006.3613165",
        "https://dl.acm.org/doi/pdf/10.1145/3600006.3613165",
        "https://dl.acm.org/doi/abs/10.1145/3600006.3613165",
    ]
    assert {paper_key(url) for url in dois} == {"doi:10.1145/3600006.3613165"}
    assert paper_key("https://arxiv.org/list/cs.DC/recent") is None
    assert paper_key("https://github.com/vllm-project/vllm") is None


def test_titles_come_from_arxiv_and_crossref(fake_papers: FakePapers) -> None:
    fake_papers.add_arxiv("2308.12066", PREGATED, "2023-08-23T13:09:41Z")
    fake_papers.add_crossref("10.1145/3600006.3613165", "Efficient Memory Management for "
                             "Large Language Model Serving with PagedAttention", 2023, "SOSP '23")
    results = lookup(["https://arxiv.org/pdf/2308.12066v2",
                      "https://dl.acm.org/doi/10.1145/3600006.3613165"], options(fake_papers))
    arxiv = results["paper:arxiv:2308.12066"]
    assert arxiv.verdict is Verdict.OK and arxiv.paper is not None
    assert arxiv.paper.title == PREGATED  # arXiv's hard wrap is undone
    assert (arxiv.paper.year, arxiv.paper.source) == (2023, "arXiv")
    doi = results["paper:doi:10.1145/3600006.3613165"]
    assert doi.paper is not None and doi.paper.title.startswith("Efficient Memory Management")
    assert (doi.paper.year, doi.paper.source) == (2023, "Crossref")
    crossref = fake_papers.requests("crossref")[0]
    assert crossref.query == {"mailto": "lists@example.org"}
    assert crossref.path == "/works/10.1145%2F3600006.3613165"
    for request in fake_papers.log:
        assert request.user_agent.startswith("awesome-review/")
        assert "mailto:lists@example.org" in request.user_agent


def test_arxiv_ids_are_batched_and_requests_spaced(fake_papers: FakePapers) -> None:
    ids = [f"2401.{n:05d}" for n in range(1, 8)]
    for ident in ids:
        fake_papers.add_arxiv(ident, f"Paper number {ident} about serving models well")
    urls = [f"https://arxiv.org/abs/{ident}" for ident in ids]
    results = lookup(urls, options(fake_papers, batch=3, arxiv_interval=0.4))
    assert all(results[f"paper:arxiv:{i}"].verdict is Verdict.OK for i in ids)
    asked = fake_papers.requests("arxiv")
    assert [r.query["id_list"].split(",") for r in asked] == [ids[0:3], ids[3:6], ids[6:7]]
    assert [r.query["max_results"] for r in asked] == ["3", "3", "1"]
    gaps = [b.at - a.at for a, b in itertools.pairwise(asked)]
    assert min(gaps) >= 0.38, gaps


def test_spacing_holds_across_runs_sharing_it(fake_papers: FakePapers) -> None:
    fake_papers.add_arxiv("2401.00001", "A paper about serving models well enough")
    spacing = Spacing()
    opts = options(fake_papers, arxiv_interval=0.3)
    for _ in range(3):
        asyncio.run(lookup_papers(["https://arxiv.org/abs/2401.00001"], opts, None, spacing))
    asked = fake_papers.requests("arxiv")
    assert len(asked) == 3
    # Seen at the server, a gap shrinks by however late the earlier request arrived (a
    # loaded machine: 0.279 s was seen); unspaced requests would be milliseconds apart.
    assert min(b.at - a.at for a, b in itertools.pairwise(asked)) >= 0.2


def test_unknown_paper_is_missing_not_an_outage(fake_papers: FakePapers) -> None:
    results = lookup(["https://arxiv.org/abs/2401.99999", "https://doi.org/10.1/none"],
                     options(fake_papers))
    assert results["paper:arxiv:2401.99999"].verdict is Verdict.BROKEN
    assert results["paper:arxiv:2401.99999"].reason == "arXiv has no paper 2401.99999"
    assert results["paper:doi:10.1/none"].verdict is Verdict.BROKEN


def test_rate_limit_and_outage_are_unverifiable(fake_papers: FakePapers) -> None:
    fake_papers.fail("arxiv", 503, body=b"Rate exceeded.", headers={"Retry-After": "5"})
    fake_papers.fail("crossref", 429, headers={"Retry-After": "1"})
    results = lookup(["https://arxiv.org/abs/2401.00001", "https://doi.org/10.1/x"],
                     options(fake_papers))
    arxiv, crossref = results["paper:arxiv:2401.00001"], results["paper:doi:10.1/x"]
    assert arxiv.verdict is Verdict.UNVERIFIABLE and arxiv.reason == "arXiv's API answered 503 (unavailable)"
    assert crossref.verdict is Verdict.UNVERIFIABLE
    assert crossref.reason == "Crossref's API answered 429 (rate limited)"


def test_a_throttle_body_with_200_is_unverifiable(fake_papers: FakePapers) -> None:
    fake_papers.fail("arxiv", 200, body=b"Rate exceeded.")
    result = lookup(["https://arxiv.org/abs/2401.00001"], options(fake_papers))
    assert result["paper:arxiv:2401.00001"].verdict is Verdict.UNVERIFIABLE
    assert "not an Atom feed" in result["paper:arxiv:2401.00001"].reason


def test_service_down_is_unverifiable(fake_papers: FakePapers) -> None:
    port_closed = FakePapers()  # never started: nothing listens on its port
    base = port_closed.base
    port_closed.stop()
    opts = PaperOptions(arxiv_url=f"{base}/api/query", crossref_url=base, timeout=2)
    results = lookup(["https://arxiv.org/abs/2401.00001", "https://doi.org/10.1/x"], opts)
    assert {r.verdict for r in results.values()} == {Verdict.UNVERIFIABLE}
    assert "could not be reached" in results["paper:arxiv:2401.00001"].reason


def test_results_are_cached_but_outages_are_not(fake_papers: FakePapers, tmp_path: Path) -> None:
    fake_papers.add_arxiv("2310.07240", CACHEGEN)
    cache = SqliteLinkCache(tmp_path / "links.db")
    opts = options(fake_papers)
    lookup(["https://arxiv.org/abs/2310.07240"], opts, cache)
    again = lookup(["https://arxiv.org/pdf/2310.07240v4"], opts, cache)
    assert again["paper:arxiv:2310.07240"].cached
    assert again["paper:arxiv:2310.07240"].paper is not None
    assert again["paper:arxiv:2310.07240"].paper.title == CACHEGEN
    assert len(fake_papers.requests("arxiv")) == 1
    fake_papers.fail("crossref", 429)
    lookup(["https://doi.org/10.1/x"], opts, cache)
    lookup(["https://doi.org/10.1/x"], opts, cache)
    assert len(fake_papers.requests("crossref")) == 2


def test_a_hostile_doi_stays_one_path_segment(fake_papers: FakePapers) -> None:
    lookup(["https://doi.org/10.1/../../admin?x=1#y"], options(fake_papers))
    (request,) = fake_papers.requests("crossref")
    assert request.path.startswith("/works/10.1%2F..%2F..%2Fadmin")


def test_title_comparison_of_a_hostile_cell_is_fast() -> None:
    import time

    from bot.checks.analysis.papertitles import Match, compare

    cell = "Serving: " + " ".join(f"word{i}" for i in range(200_000))
    started = time.perf_counter()
    assert compare(cell, PREGATED) is Match.DIFFERENT
    assert time.perf_counter() - started < 1.0


def test_papers_share_the_run_budget_of_links(tmp_path: Path) -> None:
    # A metadata service that takes the connection and never answers must not hold a review
    # past the one budget its links and papers share: the paper is "could not verify".
    import socket
    import time

    from bot.links import LinkOptions, check_links
    from bot.model import LinkResult

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    base = f"http://127.0.0.1:{silent.getsockname()[1]}"
    url = "https://arxiv.org/abs/2401.00001"
    cache = SqliteLinkCache(tmp_path / "links.db")
    cache.put(LinkResult(url, Verdict.OK, 200))  # the link itself answered earlier
    papers = PaperOptions(arxiv_url=f"{base}/api/query", crossref_url=base, timeout=60,
                          arxiv_interval=0.0, crossref_interval=0.0)
    try:
        started = time.monotonic()
        results = check_links([url], LinkOptions(run_budget=1.0, cache=cache, papers=papers))
        took = time.monotonic() - started
    finally:
        silent.close()
    paper = results["paper:arxiv:2401.00001"]
    assert took < 10
    assert paper.verdict is Verdict.UNVERIFIABLE
    assert paper.reason == "not checked: the 1 s one review may spend on links ran out"
    assert results[url].verdict is Verdict.OK
    assert cache.get("paper:arxiv:2401.00001") is None  # running out is not the paper's fault
