"""pull_request deliveries: a new or updated PR gets a review of its head SHA."""

from __future__ import annotations

import logging

from bot.jobs.job import ReviewJob
from webhooks.router import Delivery, Router, field, optional_field

LOG = logging.getLogger(__name__)

router = Router()


@router.register("pull_request", "opened")
def pull_request_opened(delivery: Delivery) -> ReviewJob | None:
    return review_job(delivery)


@router.register("pull_request", "reopened")
def pull_request_reopened(delivery: Delivery) -> ReviewJob | None:
    return review_job(delivery)


@router.register("pull_request", "synchronize")
def pull_request_synchronize(delivery: Delivery) -> ReviewJob | None:
    return review_job(delivery)


@router.register("pull_request", "ready_for_review")
def pull_request_ready_for_review(delivery: Delivery) -> ReviewJob | None:
    return review_job(delivery)


@router.register("pull_request", "edited")
def pull_request_edited(delivery: Delivery) -> ReviewJob | None:
    """Only a new base branch changes what the PR adds; title and body edits do not."""
    changes = delivery.data.get("changes")
    if not isinstance(changes, dict) or "base" not in changes:
        return None
    return review_job(delivery)


def review_job(delivery: Delivery) -> ReviewJob | None:
    """The review job for a pull_request delivery (None for a closed PR)."""
    data = delivery.data
    if field(data, "pull_request", "state", kind=str) == "closed":
        return None  # e.g. a base edit on a closed PR: nothing to review any more
    return ReviewJob(
        installation_id=optional_field(data, "installation", "id", kind=int),
        repo=field(data, "repository", "full_name", kind=str),
        pr_number=field(data, "pull_request", "number", kind=int),
        base_sha=field(data, "pull_request", "base", "sha", kind=str),
        head_sha=field(data, "pull_request", "head", "sha", kind=str),
        trigger=delivery.action or "pull_request",
        delivery_id=delivery.delivery_id,
    )
