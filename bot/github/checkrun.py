"""The `awesome-review` check run, or a commit status when the token may not write checks.

Only an App can create check runs; a personal or Actions token gets 403 and we fall back
to a commit status with the same verdict. Annotations go 50 per call (GitHub's limit):
the first 50 with the create, the rest appended by updates.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence

from bot.checks import RULES
from bot.github.errors import Forbidden
from bot.github.protocol import Gateway
from bot.github.types import Annotation, CheckRunResult
from bot.model import Finding, Severity
from bot.report import templates as t
from bot.report.comment import PullRequestReport, check_output, conclusion, failure_output

LOG = logging.getLogger(__name__)

ANNOTATIONS_PER_CALL = 50
MAX_ANNOTATIONS = 1000  # past this the summary comment and the CLI are the better read
_LEVEL = {Severity.ERROR: "failure", Severity.WARNING: "warning", Severity.NOTICE: "notice"}
# A commit status has no "neutral": warnings only still pass, as the check run would.
_STATUS_STATE = {"failure": "failure", "neutral": "success", "success": "success"}


def post_verdict(
    gateway: Gateway, report: PullRequestReport, comment_url: str | None
) -> CheckRunResult | None:
    """Create the check run (None when it fell back to a commit status)."""
    result = conclusion(report)
    output = check_output(report, comment_url)
    notes = build_annotations(report)
    try:
        run = gateway.create_check_run(
            report.repo, report.head_sha, t.CHECK_NAME, result, output,
            notes[:ANNOTATIONS_PER_CALL], details_url=comment_url,
        )  # fmt: skip
    except Forbidden as exc:
        LOG.info("%s: cannot write check runs (%s); posting a commit status", report.repo, exc)
        errors, warnings, notices = report.counts
        description = t.status_description(errors, warnings, notices)
        gateway.create_status(
            report.repo, report.head_sha, _STATUS_STATE[result], description, t.CHECK_NAME,
            comment_url,
        )  # fmt: skip
        return None
    for batch in _batches(notes[ANNOTATIONS_PER_CALL:]):
        gateway.add_annotations(report.repo, run.id, output, batch)
    return run


def settle_check_runs(
    gateway: Gateway, report: PullRequestReport, kept: CheckRunResult, comment_url: str | None
) -> CheckRunResult:
    """Leave one verdict on the commit: our other check runs of this name on it (a dead
    worker's POST that landed late, an earlier run's) are concluded `neutral`, superseded.

    GitHub cannot delete a check run, and shows (and branch protection reads) the latest of
    each name: so the latest must be ours. One that landed after ours is outranked by
    posting ours once more."""
    for _ in range(2):
        seen = gateway.check_runs(report.repo, report.head_sha, t.CHECK_NAME)
        others = [run for run in seen if run.id != kept.id]
        if others and max(run.id for run in others) > kept.id:
            LOG.warning("%s@%s: a check run landed after ours; posting ours again",
                        report.repo, report.head_sha[:7])  # fmt: skip
            again = post_verdict(gateway, report, comment_url)
            if again is None:
                return kept
            kept = again
            continue
        output = {"title": t.SUPERSEDED_TITLE, "summary": t.superseded_summary(kept.html_url)}
        for run in others:
            if run.title != t.SUPERSEDED_TITLE:
                gateway.conclude_check_run(report.repo, run.id, "neutral", output)
        break
    return kept


def post_failure(gateway: Gateway, repo: str, head_sha: str, reason: str) -> None:
    """A neutral check run (or an `error` status) saying the review could not finish."""
    output = failure_output(reason)
    try:
        gateway.create_check_run(repo, head_sha, t.CHECK_NAME, "neutral", output)
    except Forbidden:
        gateway.create_status(repo, head_sha, "error", output["title"], t.CHECK_NAME, None)


def build_annotations(report: PullRequestReport) -> list[Annotation]:
    """One annotation per finding, worst first, at most MAX_ANNOTATIONS."""
    pairs = [(file.path, f) for file in report.files for f in file.findings]
    pairs.sort(key=lambda pair: pair[1].severity.rank)  # stable: file and line order kept
    return [annotation(path, finding) for path, finding in pairs[:MAX_ANNOTATIONS]]


def annotation(path: str, finding: Finding) -> Annotation:
    rule = RULES.get(finding.rule)
    title = f"{finding.rule} {rule.name}" if rule else finding.rule
    message = finding.message
    if finding.suggestion is not None:
        message += f"\n\nSuggested:\n{finding.suggestion}"
    return Annotation(
        path, finding.line, finding.last_line, _LEVEL[finding.severity], message[:60_000], title
    )


def _batches(notes: Sequence[Annotation]) -> Iterator[Sequence[Annotation]]:
    for start in range(0, len(notes), ANNOTATIONS_PER_CALL):
        yield notes[start : start + ANNOTATIONS_PER_CALL]
