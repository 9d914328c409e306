"""One review of one pull request, end to end: fetch → engine → links → publish.

`review_pull_request` is what the worker's task calls. It returns an Outcome for the
expected endings and lets GitHubError out for GitHub failures, so the job runner can
retry retryable ones with backoff and end the rest with a neutral check run.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Protocol, TypeAlias, TypeVar

from bot.checks import CHECKS
from bot.checks.links import urls_to_check
from bot.checks.repository_rules import repositories_to_check
from bot.config import Config
from bot.deadline import REVIEW_SECONDS, Deadline, deadline_after
from bot.diff import diff_documents
from bot.diff.merge import Merged, merge_into
from bot.engine import Review, review_documents
from bot.fetch import ListFile, PullSnapshot, fetch_pull_request
from bot.fix import Fixed, fix_text, fixable
from bot.github.errors import NotFound
from bot.github.protocol import Gateway
from bot.github.publish import Published, publish
from bot.github.types import PullRequest
from bot.jobs.job import BASE_MOVED, ReviewJob
from bot.links.cache import LinkCache
from bot.model import Diff, Finding, LinkResult
from bot.parse import parse
from bot.report.comment import FileReport, PullRequestReport, conclusion
from bot.settings import Settings

LOG = logging.getLogger(__name__)
_T = TypeVar("_T")


class LinkChecker(Protocol):
    """Checks URLs; `fresh` bypasses the cache (`/recheck links`); GitHub links are checked
    through the API with `github_token` (the installation's) when one is given, and what
    the API answered is cached for `asker` alone (`installation:<id>`; None: the token's)."""

    def __call__(
        self,
        urls: Sequence[str],
        config: Config,
        fresh: bool,
        github_token: str | None = None,
        asker: str | None = None,
    ) -> Mapping[str, LinkResult]: ...


def installation_asker(installation_id: int | None) -> str | None:
    """Whom a job's GitHub API answers are cached for: its installation (an installation's
    token lasts an hour, its view of private repositories for as long as it is installed)."""
    return None if installation_id is None else f"installation:{installation_id}"


class OutcomeKind(StrEnum):
    POSTED = "posted"  # the review is on the PR
    STALE = "stale"  # the PR's head moved on (or it closed); a newer job will review it
    NOT_TOUCHING = "not_touching"  # the PR does not change the list
    FAILED = "failed"  # a permanent problem (e.g. the PR is gone); `reason` says which


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: OutcomeKind
    reason: str = ""
    conclusion: str | None = None  # the check run's: success, neutral or failure
    comment_url: str | None = None
    counts: tuple[int, int, int] = (0, 0, 0)  # errors, warnings, notices

    @classmethod
    def failed(cls, reason: str) -> Outcome:
        return cls(OutcomeKind.FAILED, reason)

    def __str__(self) -> str:
        detail = self.reason or self.conclusion or ""
        return f"{self.kind.value}{f' ({detail})' if detail else ''}"


def review_pull_request(
    job: ReviewJob, gateway: Gateway, link_checker: LinkChecker | None, settings: Settings
) -> Outcome:
    """Review `job`'s pull request at `job.head_sha` and publish the result."""
    extra = {"delivery": job.delivery_id, "repo": job.repo, "pr": job.pr_number}
    try:
        pull = gateway.pull_request(job.repo, job.pr_number)
    except NotFound as exc:
        return Outcome.failed(f"pull request {job.repo}#{job.pr_number} not found ({exc})")
    stale = _stale_reason(job, pull)
    if stale:
        LOG.info("%s#%s: %s; dropped", job.repo, job.pr_number, stale, extra=extra)
        return Outcome(OutcomeKind.STALE, stale)
    snapshot = _fetch(gateway, job, pull)
    if snapshot is None:
        return Outcome(OutcomeKind.STALE, "the head moved while its files were read")
    if job.trigger == BASE_MOVED and job.base_sha:
        snapshot = as_merged_into(gateway, snapshot, job.base_sha)
    report = build_report(
        snapshot, gateway.login, link_checker, job.links_only, gateway.token,
        review_seconds=settings.review_seconds, asker=installation_asker(job.installation_id),
    )
    stale = _stale_reason(job, gateway.pull_request(job.repo, job.pr_number))
    if stale:  # a push arrived while we worked: its own job will publish
        return Outcome(OutcomeKind.STALE, stale)
    patches = {f.path: f.patch for f in snapshot.files}
    return _outcome(report, publish(gateway, report, job.pr_number, patches))


def as_merged_into(gateway: Gateway, snapshot: PullSnapshot, base_sha: str) -> PullSnapshot:
    """Each list file as merging the PR into the base branch at `base_sha` would make it,
    judged against the base branch's version there (a re-review after the branch moved)."""
    files = []
    for file in snapshot.files:
        found = gateway.file_content(snapshot.pull.repo, file.path, base_sha)
        if file.head_text is None or file.base_text is None or found is None:
            files.append(file)
            continue
        now = found.data.decode("utf-8", errors="replace")
        merged = merge_into(file.base_text, now, file.head_text)
        if merged is None:  # too far apart to merge quickly: review it as GitHub diffs it
            files.append(file)
            continue
        files.append(replace(file, base_text=now, head_text=merged.text, merged=merged,
                             pr_text=file.head_text))
    return replace(snapshot, files=tuple(files))


def _stale_reason(job: ReviewJob, pull: PullRequest) -> str:
    if pull.head_sha != job.head_sha:
        return f"head is now {pull.head_sha[:7]}, not {job.head_sha[:7]}"
    if pull.state != "open":
        return f"the pull request is {pull.state}"
    return ""


def _fetch(gateway: Gateway, job: ReviewJob, pull: PullRequest) -> PullSnapshot | None:
    """Read the PR's list files; None when a file vanished because the head moved."""
    try:
        return fetch_pull_request(gateway, pull)
    except NotFound:
        if gateway.pull_request(job.repo, job.pr_number).head_sha != job.head_sha:
            return None
        raise


def build_report(
    snapshot: PullSnapshot,
    app_login: str,
    link_checker: LinkChecker | None,
    fresh: bool = False,
    github_token: str | None = None,
    review_seconds: float | None = REVIEW_SECONDS,
    asker: str | None = None,
) -> PullRequestReport:
    """Run the engine (and the link checker) on every list file the PR touches; the engine's
    work on all of them shares one deadline of `review_seconds`."""
    pull = snapshot.pull
    links = _bound(link_checker, fresh, github_token, asker)
    clock = _EngineClock(deadline_after(review_seconds))
    # What the PR touches is one fact about the whole PR: told in the first list file's
    # review only, so a list of several files does not repeat it under each.
    first = next((f.path for f in snapshot.files if f.head_text is not None), None)
    files = tuple(
        _file_report(
            f, snapshot.config, links, clock,
            snapshot.changed_paths if f.path == first else None,
        )
        for f in snapshot.files
    )
    return PullRequestReport(
        repo=pull.repo,
        head_sha=pull.head_sha,
        repo_html_url=pull.repo_html_url,
        base_ref=pull.base_ref,
        list_paths=snapshot.config.files,
        files=tuple(report for report, _ in files),
        app_login=app_login,
        links_checked=link_checker is not None and all(ok for _, ok in files),
        config_problem=snapshot.config_problem,
        checks_off=tuple(c.name for c in CHECKS if not c.switched_on(snapshot.config)),
    )


_Links: TypeAlias = Callable[[Sequence[str], Config], Mapping[str, LinkResult]] | None


def _bound(
    checker: LinkChecker | None, fresh: bool, github_token: str | None, asker: str | None
) -> _Links:
    """The link checker with this job's freshness, token and asker fixed."""
    if checker is None:
        return None

    def check(urls: Sequence[str], config: Config) -> Mapping[str, LinkResult]:
        return checker(urls, config, fresh, github_token=github_token, asker=asker)

    return check


class _EngineClock:
    """The review's deadline, not counting time spent waiting for links (they have their
    own budget): a slow link must not cost the checks their time."""

    def __init__(self, deadline: Deadline | None) -> None:
        self.deadline = deadline

    def excluding(self, wait: Callable[[], _T]) -> _T:
        started = time.monotonic()
        try:
            return wait()
        finally:
            if self.deadline is not None:
                self.deadline = self.deadline.not_counting_since(started)


def _file_report(
    file: ListFile,
    config: Config,
    link_checker: _Links,
    clock: _EngineClock,
    changed_files: tuple[str, ...] | None = None,
) -> tuple[FileReport, bool]:
    """The file's review, and whether its links were checked."""
    if file.head_text is None:
        return FileReport(file.path, problem=file.problem), True
    head = parse(file.head_text)
    base = parse(file.base_text) if file.base_text is not None else None
    diff = diff_documents(base, head)
    results, checked = clock.excluding(lambda: _links(diff, config, link_checker))
    review: Review = review_documents(
        head, base, config, results, diff, clock.deadline, changed_files=changed_files
    )
    if file.merged is not None and file.pr_text is not None:
        # told on the PR's lines; its fixes were made on the merge result's
        return FileReport(file.path, _on_pr_lines(review, file.merged, file.pr_text),
                          file.problem), checked  # fmt: skip
    fixed = fixes_of(review, config, results, clock.deadline, changed_files)
    return FileReport(file.path, review, file.problem, fixed), checked


def fixes_of(
    review: Review,
    config: Config,
    link_results: Mapping[str, LinkResult] | None,
    deadline: Deadline | None = None,
    changed_files: tuple[str, ...] | None = None,
) -> Fixed | None:
    """The review's fixes applied to a fixed point (each round re-checked against the same
    base), or None when no finding carries a fix."""
    if not any(fixable(f) for f in review.findings):
        return None

    def recheck(text: str) -> Sequence[Finding]:
        head = parse(text)
        return review_documents(
            head, review.base, config, link_results, deadline=deadline,
            changed_files=changed_files,
        ).findings  # fmt: skip

    return fix_text(review.head.text, recheck, review.findings)


def _on_pr_lines(review: Review, merged: Merged, pr_text: str) -> Review:
    """A review of the merge result, told on the lines of the PR's own file (what the
    comment links and the inline comments point at); findings on the base's lines go."""
    findings = []
    for finding in review.findings:
        line = merged.pr_line(finding.line)
        if line is None:
            continue
        end = merged.pr_line(finding.end_line) if finding.end_line else None
        entry = merged.pr_line(finding.entry_line) if finding.entry_line else None
        fix_at = finding.fix_at and _pr_span(merged, finding.fix_at)
        suggestion = None if finding.fix_at and not fix_at else finding.suggestion
        findings.append(
            replace(
                finding,
                line=line,
                end_line=end,
                entry_line=entry or line,
                fix_at=fix_at,
                suggestion=suggestion,
            )
        )
    return replace(review, findings=tuple(findings), head=parse(pr_text))


def _pr_span(merged: Merged, span: tuple[int, int]) -> tuple[int, int] | None:
    """A fix's lines on the PR's own file; None when they are not there (its fix goes too)."""
    first, last = merged.pr_line(span[0]), merged.pr_line(span[1])
    return (first, last) if first is not None and last is not None else None


def _links(
    diff: Diff, config: Config, link_checker: _Links
) -> tuple[Mapping[str, LinkResult] | None, bool]:
    if link_checker is None:
        return None, False
    urls = urls_to_check(diff, config) + repositories_to_check(diff, config)
    if not urls:
        return {}, True
    try:
        return link_checker(urls, config), True
    except Exception:  # the link checker failing must not cost the rest of the review
        LOG.exception("link check of %d URLs failed; reviewing without link results", len(urls))
        return None, False


def _outcome(report: PullRequestReport, published: Published) -> Outcome:
    kind = OutcomeKind.POSTED if report.touches_list else OutcomeKind.NOT_TOUCHING
    return Outcome(
        kind,
        conclusion=conclusion(report),
        comment_url=published.comment.html_url if published.comment else None,
        counts=report.counts,
    )


def make_link_checker(
    settings: Settings, cache_path: str | None = None, cache: LinkCache | None = None
) -> LinkChecker:
    """The real link checker (bot.links) with the settings' allow-list and token; its cache
    is `cache` (Redis in scale-out mode) or a SQLite file at `cache_path`."""
    from bot.links import LinkOptions, SqliteLinkCache, check_links
    from bot.links.papers import paper_options
    from bot.links.repos import lookup_for

    if cache is None and cache_path:
        cache = SqliteLinkCache(cache_path)

    def check(
        urls: Sequence[str],
        config: Config,
        fresh: bool,
        github_token: str | None = None,
        asker: str | None = None,
    ) -> Mapping[str, LinkResult]:
        options = LinkOptions(
            allow_hosts=settings.allow_hosts,
            github_token=github_token or settings.github_token,
            asker=asker,
            github_api_url=settings.api_url,
            use_cache=cache is not None and not fresh,
            cache=cache,
            papers=paper_options(settings),
            repositories=lookup_for(config),
        )
        return check_links(urls, options, ignore=config.ignores)

    return check
