"""Publish one run's review: sticky comment first (what people read), then verdict, then review."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from bot.github.checkrun import post_verdict, settle_check_runs
from bot.github.inline import ReviewResult, fold_reviews, post_review
from bot.github.protocol import Gateway
from bot.github.sticky import fold_duplicates, upsert_sticky
from bot.github.types import CheckRunResult, Comment
from bot.report.comment import PreviousState, PullRequestReport, render_comment

LOG = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Published:
    comment: Comment | None  # None: no comment needed (a PR that never touched the list)
    check_run: CheckRunResult | None  # None: a commit status was posted instead
    review: ReviewResult


def publish(
    gateway: Gateway, report: PullRequestReport, number: int, patches: Mapping[str, str | None]
) -> Published:
    """Post or update everything one review run produces."""

    def render(previous: PreviousState | None) -> str:
        return render_comment(report, previous)

    # A PR that never touched the list gets no comment (that would be noise on every
    # unrelated PR); one that no longer does gets its existing comment updated to say so.
    comment = upsert_sticky(gateway, report.repo, number, render, create=report.touches_list)
    comment_url = comment.html_url if comment else None
    check_run = post_verdict(gateway, report, comment_url)
    review = post_review(gateway, report, number, patches, comment_url)
    fold_reviews(gateway, report, number, review)
    if comment is not None:
        comment = fold_duplicates(gateway, report.repo, number, comment)
    if check_run is not None:
        check_run = settle_check_runs(gateway, report, check_run, comment_url)
    LOG.info(
        "%s#%s: published (comment %s, check run %s, %d inline comments)",
        report.repo, number, comment.id if comment else None,
        check_run.id if check_run else "status", review.posted,
    )  # fmt: skip
    return Published(comment, check_run, review)
