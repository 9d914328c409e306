"""check_run deliveries: the "Re-run" button on our check run."""

from __future__ import annotations

import logging
from typing import Any

from bot.jobs.job import ReviewJob
from webhooks.router import Delivery, Router, field, optional_field

LOG = logging.getLogger(__name__)

router = Router()


@router.register("check_run", "rerequested")
def check_run_rerequested(delivery: Delivery) -> ReviewJob | None:
    """Re-review the PR the check run belongs to.

    GitHub sends `rerequested` only to the App that created the check run. Its
    `pull_requests` list is empty for PRs from forks (a documented GitHub quirk), and the
    web process never calls GitHub to look them up: those PRs are re-run with `/recheck`.
    """
    data = delivery.data
    head_sha = field(data, "check_run", "head_sha", kind=str)
    pull = _pull_request_for(field(data, "check_run", "pull_requests", kind=list), head_sha)
    if pull is None:
        LOG.info(
            "check_run rerequested for %s lists no pull request (a fork?); ignored",
            head_sha,
            extra={"delivery": delivery.delivery_id},
        )
        return None
    return ReviewJob(
        installation_id=optional_field(data, "installation", "id", kind=int),
        repo=field(data, "repository", "full_name", kind=str),
        pr_number=field(pull, "number", kind=int),
        base_sha=optional_field(pull, "base", "sha", kind=str),
        head_sha=head_sha,
        trigger="rerun",
        delivery_id=delivery.delivery_id,
    )


def _pull_request_for(pulls: list[Any], head_sha: str) -> dict[str, Any] | None:
    """The PR whose head is the check run's SHA (else the first listed)."""
    candidates = [p for p in pulls if isinstance(p, dict)]
    for pull in candidates:
        if optional_field(pull, "head", "sha", kind=str) == head_sha:
            return pull
    return candidates[0] if candidates else None
