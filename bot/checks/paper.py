"""paper — does an arXiv or DOI link lead to the paper the entry names?

A pasted id of another paper answers 200 like the right one, so only the paper's metadata
can tell: the link checker fetches the titles (bot.links.papers) before the checks run, and
this module compares them with the titles the entry writes (bot.checks.analysis.papertitles).
Runs only when links are checked; a metadata service that did not answer is a notice, never
an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from bot.checks.analysis.identity import identity_links
from bot.checks.analysis.papertitles import Match, compare_all, written_titles
from bot.checks.base import Check, Context, Rule
from bot.model import Entry, Finding, Link, LinkResult, Paper, Severity, Verdict
from bot.urls import canonical_url

RESULT_PREFIX = "paper:"  # link results of papers are named `paper:<key>` (bot.links.papers)
# "Arxiv'23", "arXiv 2024", "arXiv, 2024" — not "arXiv 2310.07240" (an id)
_ARXIV_YEAR = re.compile(r"\barxiv\s*[',’]?\s*(\d{4}|\d{2})\b(?![.\d])", re.I)

_ROW = "| Paper | Link | Venue |\n|---|---|---|\n"
_BASE = (
    "# Awesome Systems\n\n## Serving\n\n" + _ROW
    + "| Orca: A Distributed Serving System for Transformer-Based Generative Models "
    "| [Paper](https://www.usenix.org/conference/osdi22/presentation/yu) | OSDI'22 |\n"
)
_PREGATED = (
    "Pre-gated MoE: An Algorithm-System Co-Design for Fast and Scalable Mixture-of-Expert "
    "Inference"
)


def _paper(ident: str, title: str, year: int) -> LinkResult:
    key = f"arxiv:{ident}"
    return LinkResult(RESULT_PREFIX + key, Verdict.OK, 200, paper=Paper(key, title, year, "arXiv"))


WRONG_PAPER = Rule(
    code="A601",
    name="wrong-paper",
    title="A paper link leads to another paper than the entry names",
    severity=Severity.ERROR,
    check="paper",
    why="A pasted arXiv id or DOI of another paper still answers 200, so no link check sees "
    "it; readers following the link read the wrong paper. The paper's metadata (arXiv's API, "
    "Crossref) says which paper the link really is.",
    base=_BASE,
    bad="| LLMCompass: Enabling Efficient Hardware Design for Large Language Model Inference "
    "| [arXiv](https://arxiv.org/pdf/2308.12066) | ISCA'24 |\n",
    good="| Pre-gated MoE: An Algorithm-System Co-Design for Fast and Scalable Mixture-of-Expert"
    " Inference | [arXiv](https://arxiv.org/pdf/2308.12066) | ISCA'24 |\n",
    link_results=(_paper("2308.12066", _PREGATED, 2023),),
)
PAPER_YEAR = Rule(
    code="A602",
    name="paper-year",
    title="An entry's arXiv year disagrees with the preprint's",
    severity=Severity.NOTICE,
    check="paper",
    why="`Arxiv'23` on a preprint first posted in 2024 misdates the paper; arXiv's API gives "
    "the date of the first version.",
    base=_BASE,
    bad="| CacheGen: KV Cache Compression and Streaming for Fast Large Language Model Serving "
    "| [arXiv](https://arxiv.org/abs/2310.07240) | Arxiv'24 |\n",
    good="| CacheGen: KV Cache Compression and Streaming for Fast Large Language Model Serving "
    "| [arXiv](https://arxiv.org/abs/2310.07240) | Arxiv'23 |\n",
    link_results=(
        _paper(
            "2310.07240",
            "CacheGen: KV Cache Compression and Streaming for Fast Large Language Model Serving",
            2023,
        ),
    ),
)
UNVERIFIED = Rule(
    code="A603",
    name="paper-not-verified",
    title="A paper's metadata could not be fetched, so its title was not compared",
    severity=Severity.NOTICE,
    check="paper",
    why="arXiv's API or Crossref was down or rate-limited us; the link may be right, nobody "
    "knows. The next review asks again.",
    base=_BASE,
    bad="| Some Paper About Serving Large Models Quickly | [arXiv](https://arxiv.org/abs/2401.00001)"
    " | Arxiv'24 |\n",
    good="| Some Paper About Serving Large Models Quickly | [arXiv](https://arxiv.org/abs/2401.00002)"
    " | Arxiv'24 |\n",
    link_results=(
        LinkResult(
            RESULT_PREFIX + "arxiv:2401.00001",
            Verdict.UNVERIFIABLE,
            429,
            "arXiv's API answered 429 (rate limited)",
        ),
        _paper("2401.00002", "Some Paper About Serving Large Models Quickly", 2024),
    ),
)
RULES: tuple[Rule, ...] = (WRONG_PAPER, PAPER_YEAR, UNVERIFIED)
_SERVICES = {"arxiv": "arXiv", "doi": "DOI"}


def run(ctx: Context) -> Iterator[Finding]:
    papers = {k: r for k, r in ctx.link_results.items() if k.startswith(RESULT_PREFIX)}
    if not papers:
        return
    for change in ctx.diff.judged:
        yield from _entry_findings(change.head, papers)


def _entry_findings(entry: Entry, papers: Mapping[str, LinkResult]) -> Iterator[Finding]:
    seen: set[str] = set()
    for link in identity_links(entry):
        key = canonical_url(link.url)
        result = papers.get(RESULT_PREFIX + key)
        if result is None or key in seen:
            continue
        seen.add(key)
        if result.verdict is Verdict.UNVERIFIABLE:
            message = f"{_named(key)} could not be verified: {result.reason or 'no answer'}."
            yield _finding(UNVERIFIED, entry, link, message)
        elif result.paper is not None:
            yield from _compared(entry, link, result.paper)


def _compared(entry: Entry, link: Link, paper: Paper) -> Iterator[Finding]:
    match, written = compare_all(written_titles(entry, link), paper.title)
    if match is Match.DIFFERENT:
        message = (
            f"{_named(paper.key)} is *{paper.title}*, not *{written}*; the entry's link "
            "probably points at the wrong paper."
        )
        yield _finding(WRONG_PAPER, entry, link, message)
        return
    year = _arxiv_year(entry.raw)
    if paper.key.startswith("arxiv:") and paper.year and year and year != paper.year:
        message = (
            f"The entry says arXiv {year}, but {_named(paper.key)} was first posted in "
            f"{paper.year}."
        )
        yield _finding(PAPER_YEAR, entry, link, message)


def _arxiv_year(text: str) -> int | None:
    """The year an entry gives its arXiv version: "Arxiv'23", "arXiv 2024"."""
    match = _ARXIV_YEAR.search(text)
    if match is None:
        return None
    year = int(match.group(1))
    year = year + 2000 if year < 100 else year
    return year if 1991 <= year <= 2100 else None  # arXiv began in 1991


def _named(key: str) -> str:
    kind, _, ident = key.partition(":")
    return f"{_SERVICES.get(kind, kind)} {ident}"


def _finding(rule: Rule, entry: Entry, link: Link, message: str) -> Finding:
    return rule.finding(link.line, message, entry_line=entry.line, url=link.url)


CHECK = Check(
    name="paper", title="Paper links lead to the paper the entry names", rules=RULES, run=run
)
