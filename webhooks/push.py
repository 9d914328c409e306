"""push deliveries: the default branch moved, so open pull requests changing a list file
are reviewed again against it (the worker decides which; see bot.jobs.pushes)."""

from __future__ import annotations

import logging
from typing import Any

from bot.jobs.job import PushJob
from webhooks.router import Delivery, Router, field, optional_field

LOG = logging.getLogger(__name__)

router = Router()

_LIST_SUFFIXES = (".md", ".markdown")  # lists are Markdown; the worker reads the config
_NO_COMMIT = "0" * 40


@router.register("push")
def push(delivery: Delivery) -> PushJob | None:
    """A push to the default branch that may touch a list file."""
    data = delivery.data
    branch = field(data, "repository", "default_branch", kind=str)
    before, after = field(data, "before", kind=str), field(data, "after", kind=str)
    if field(data, "ref", kind=str) != f"refs/heads/{branch}" or _NO_COMMIT in (before, after):
        return None  # another branch, a tag, or the branch created or deleted
    if not _may_touch_a_list(data.get("commits")):
        return None
    return PushJob(
        installation_id=optional_field(data, "installation", "id", kind=int),
        repo=field(data, "repository", "full_name", kind=str),
        delivery_id=delivery.delivery_id,
        base_sha=before,
        head_sha=after,
    )


def _may_touch_a_list(commits: Any) -> bool:
    """True unless the payload shows that no Markdown file changed (GitHub lists at most 20
    commits and their files; without them, assume it may)."""
    if not isinstance(commits, list) or not commits:
        return True
    for commit in commits:
        if not isinstance(commit, dict):
            return True
        for key in ("added", "modified", "removed"):
            paths = commit.get(key)
            if not isinstance(paths, list):
                return True
            if any(isinstance(p, str) and p.lower().endswith(_LIST_SUFFIXES) for p in paths):
                return True
    return False
