"""The `paper` check end to end: the link checker asks the fake arXiv and Crossref APIs on
loopback for the titles, the check compares them with the entries' titles."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.checks.links import urls_to_check
from bot.config import DEFAULT
from bot.diff import diff_documents
from bot.engine import review_texts
from bot.links import LinkOptions, check_links
from bot.links.papers import PaperOptions
from bot.model import Finding, Severity
from bot.parse import parse
from tests.fakes.papers_api import FakePapers
from tests.links.conftest import LinkServer, MapResolver, Reply

PREPRINT = "CacheGen: Fast Context Loading for Language Model Applications via KV Cache Streaming"
PUBLISHED = "CacheGen: KV Cache Compression and Streaming for Fast Large Language Model Serving"
PREGATED = (
    "Pre-gated MoE: An Algorithm-System Co-Design for Fast and Scalable Mixture-of-Expert "
    "Inference"
)
BASE = "# Awesome Systems\n\n## Serving\n\n| Paper | Link | Venue |\n|---|---|---|\n"

Review = Callable[[str], list[Finding]]


@pytest.fixture
def review_pr(fake_papers: FakePapers, serve: Callable[..., LinkServer]) -> Review:
    """Review a PR adding `rows` to BASE, links checked on loopback (arxiv.org and doi.org
    resolve to a server answering 200; the metadata comes from the fakes)."""
    site = serve(lambda method, path, n: Reply(200))
    hosts = {name: ["127.0.0.1"] for name in ("arxiv.org", "doi.org")}
    options = LinkOptions(
        allow_hosts=("127.0.0.1",), use_cache=False, retries=0,
        resolver_factory=lambda: MapResolver(hosts),
        papers=PaperOptions(arxiv_url=fake_papers.arxiv_url, crossref_url=fake_papers.crossref_url,
                            arxiv_interval=0.0, crossref_interval=0.0, timeout=3),
    )

    def review(rows: str) -> list[Finding]:
        head = BASE + rows.replace("PORT", str(site.port))
        urls = urls_to_check(diff_documents(parse(BASE), parse(head)), DEFAULT)
        results = check_links(urls, options)
        return [f for f in review_texts(head, BASE, link_results=results).findings
                if f.check in ("paper", "link")]

    return review


def test_wrong_paper_is_an_error_naming_the_real_title(
    fake_papers: FakePapers, review_pr: Review
) -> None:
    fake_papers.add_arxiv("2308.12066", PREGATED)
    findings = review_pr(
        "| LLMCompass: Enabling Efficient Hardware Design for Large Language Model Inference "
        "| [arXiv](http://arxiv.org:PORT/pdf/2308.12066) | ISCA'24 |\n"
    )
    assert [(f.rule, f.severity, f.line) for f in findings] == [("A601", Severity.ERROR, 7)]
    assert findings[0].message == (
        f"arXiv 2308.12066 is *{PREGATED}*, not *LLMCompass: Enabling Efficient Hardware Design "
        "for Large Language Model Inference*; the entry's link probably points at the wrong paper."
    )


def test_same_paper_under_its_published_title_is_clean(
    fake_papers: FakePapers, review_pr: Review
) -> None:
    fake_papers.add_arxiv("2310.07240", PREPRINT, "2023-10-11T00:00:00Z")
    fake_papers.add_crossref("10.1145/3651890.3672274", PUBLISHED, 2024, "ACM SIGCOMM 2024")
    findings = review_pr(
        f"| {PUBLISHED} | [arXiv](http://arxiv.org:PORT/abs/2310.07240v4) | SIGCOMM'24 |\n"
        f"| {PREPRINT} | [DOI](http://doi.org:PORT/10.1145/3651890.3672274) | Arxiv'23 |\n"
    )
    assert findings == []
    assert len(fake_papers.requests("arxiv")) == 1 and len(fake_papers.requests("crossref")) == 1


def test_doi_of_another_paper_is_an_error(fake_papers: FakePapers, review_pr: Review) -> None:
    fake_papers.add_crossref("10.1145/3600006.3613165", "Efficient Memory Management for Large "
                             "Language Model Serving with PagedAttention", 2023, "SOSP '23")
    findings = review_pr(
        f"| {PUBLISHED} | [DOI](http://doi.org:PORT/10.1145/3600006.3613165) | SIGCOMM'24 |\n"
    )
    assert [f.rule for f in findings] == ["A601"]
    assert "DOI 10.1145/3600006.3613165 is *Efficient Memory Management" in findings[0].message


@pytest.mark.parametrize("status", [429, 503])
def test_metadata_service_trouble_is_a_notice(
    fake_papers: FakePapers, review_pr: Review, status: int
) -> None:
    fake_papers.fail("arxiv", status, body=b"Rate exceeded.")
    findings = review_pr(
        "| LLMCompass: Enabling Efficient Hardware Design for Large Language Model Inference "
        "| [arXiv](http://arxiv.org:PORT/pdf/2308.12066) | ISCA'24 |\n"
    )
    assert [(f.rule, f.severity) for f in findings] == [("A603", Severity.NOTICE)]
    assert findings[0].message.startswith("arXiv 2308.12066 could not be verified: arXiv's API")


def test_metadata_service_down_is_a_notice(review_pr: Review, fake_papers: FakePapers) -> None:
    fake_papers.stop()
    findings = review_pr(
        f"| {PUBLISHED} | [arXiv](http://arxiv.org:PORT/abs/2310.07240) | SIGCOMM'24 |\n"
    )
    assert [(f.rule, f.severity) for f in findings] == [("A603", Severity.NOTICE)]


def test_arxiv_year_that_disagrees_is_a_notice(fake_papers: FakePapers, review_pr: Review) -> None:
    fake_papers.add_arxiv("2404.09221", "Some Preprint About Serving Models Fast", "2024-04-14T00:00:00Z")
    findings = review_pr(
        "| Some Preprint About Serving Models Fast | [arXiv](http://arxiv.org:PORT/abs/2404.09221) "
        "| Arxiv'23 |\n"
    )
    assert [(f.rule, f.severity) for f in findings] == [("A602", Severity.NOTICE)]
    assert findings[0].message == (
        "The entry says arXiv 2023, but arXiv 2404.09221 was first posted in 2024."
    )


def test_unchanged_entries_are_not_looked_up(fake_papers: FakePapers, review_pr: Review) -> None:
    review_pr("")
    assert fake_papers.log == []
