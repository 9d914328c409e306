"""The list's health between pull requests: every link, repository and paper of the whole list.

Pure, like the engine: the link checker's results (and the metadata of the papers) come in as
data; `assess` reviews the whole list with them and keeps what says something about the
list's health — broken and moved links, archived, renamed and missing repositories,
repositories nobody pushed to in a long time, papers whose metadata disagrees.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.checks.links import urls_to_check
from bot.config import AuditOptions, Config
from bot.diff import diff_documents
from bot.engine import review_documents
from bot.model import Document, Entry, Finding, LinkResult, Severity
from bot.urls import github_repo

HEALTH_CHECKS = frozenset({"link", "paper"})
# What each finding is, as the report's reader thinks of it (in the order they matter).
KINDS = (
    "wrong paper",
    "missing repository",
    "broken link",
    "renamed repository",
    "moved link",
    "archived repository",
    "inactive repository",
    "paper date",
    "not verified",
)
_KIND_OF_RULE = {
    "A601": "wrong paper",
    "A602": "paper date",
    "L405": "archived repository",
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One line of the health report."""

    kind: str  # one of KINDS
    severity: Severity
    section: tuple[str, ...]
    entry: str  # the entry's title
    line: int
    message: str
    fix: str | None = None  # the address to link instead, when there is one


@dataclass(frozen=True)
class Health:
    """The health of one list file."""

    path: str
    problems: tuple[Problem, ...]
    links: int  # distinct links checked
    papers: int  # distinct papers looked up

    @property
    def healthy(self) -> bool:
        return not self.problems

    @property
    def failed(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)


def audit_urls(document: Document, config: Config) -> list[str]:
    """Every web link of every entry, in reading order (an audit judges the whole list)."""
    return urls_to_check(diff_documents(None, document), config)


def assess(
    path: str,
    document: Document,
    config: Config,
    link_results: Mapping[str, LinkResult],
    now: datetime,
) -> Health:
    """Review the whole list with the link results; keep what concerns the list's health."""
    # every problem, however many: the report counts them by kind and links each one
    review = review_documents(document, None, config, link_results, most_per_rule=None)
    entries = {entry.line: entry for entry in document.entries}
    problems = [
        _problem(f, entries[f.entry_line or f.line], link_results)
        for f in review.findings
        if f.check in HEALTH_CHECKS and (f.entry_line or f.line) in entries
    ]
    problems += _inactive(document, link_results, now, config.option(AuditOptions).inactive)
    problems.sort(key=lambda p: (p.line, KINDS.index(p.kind)))
    papers = sum(1 for url in link_results if url.startswith("paper:"))
    return Health(path, tuple(problems), len(link_results) - papers, papers)


def _problem(finding: Finding, entry: Entry, results: Mapping[str, LinkResult]) -> Problem:
    result = results.get(finding.url or "")
    kind = _KIND_OF_RULE.get(finding.rule) or _kind_of_verdict(finding, result)
    fix = result.final_url if result is not None and finding.rule == "L402" else None
    return Problem(kind, finding.severity, entry.section, entry.title, finding.line,
                   finding.message, fix)


def _kind_of_verdict(finding: Finding, result: LinkResult | None) -> str:
    repository = github_repo(finding.url or "") is not None
    via_api = result is not None and result.extra.get("checked_via") == "github-api"
    if finding.rule == "L401":
        return "missing repository" if repository and via_api else "broken link"
    if finding.rule == "L402":
        return "renamed repository" if repository and via_api else "moved link"
    return "not verified"


def _inactive(
    document: Document, results: Mapping[str, LinkResult], now: datetime, limit: float
) -> list[Problem]:
    """Repositories whose last push is older than `limit` seconds, once per repository."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for entry in document.entries:
        for link in entry.links:
            repo = github_repo(link.url)
            pushed = _pushed_at(results.get(link.url))
            if repo is None or pushed is None or repo in seen:
                continue
            seen.add(repo)
            idle = (now - pushed).total_seconds()
            if idle > limit:
                days = int(idle // 86400)
                message = f"{repo} has had no push since {pushed:%Y-%m-%d} ({days} days)."
                problems.append(
                    Problem("inactive repository", Severity.NOTICE, entry.section,
                            entry.title, link.line, message)
                )
    return problems


def _pushed_at(result: LinkResult | None) -> datetime | None:
    text = result.extra.get("pushed_at") if result is not None else None
    if not text:
        return None
    try:
        pushed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return pushed if pushed.tzinfo is not None else pushed.replace(tzinfo=UTC)
