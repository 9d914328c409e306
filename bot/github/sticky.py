"""The one sticky comment per pull request: found by marker and author, edited in place.

Two runs for one PR should never overlap (the job store serialises them), but if they do
both may find no comment and both create one. So after creating, we list again and keep
only the oldest of ours: each racer deletes the younger copies and edits the oldest, and
both end with the same single comment.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable

from bot.github.errors import NotFound
from bot.github.protocol import Gateway
from bot.github.types import Comment
from bot.report.comment import PreviousState, previous_state
from bot.report.templates import STICKY_MARKER

LOG = logging.getLogger(__name__)

Render = Callable[[PreviousState | None], str]


def find_sticky(gateway: Gateway, repo: str, number: int) -> list[Comment]:
    """Our sticky comments on the PR, oldest first (normally zero or one)."""
    login = gateway.login
    ours = [
        c
        for c in gateway.issue_comments(repo, number)
        if c.author == login and STICKY_MARKER in c.body
    ]
    return sorted(ours, key=lambda c: c.id)


def upsert_sticky(
    gateway: Gateway, repo: str, number: int, render: Render, *, create: bool = True
) -> Comment | None:
    """Edit our comment to `render(previous state)`, or create it when `create` is set."""
    ours = find_sticky(gateway, repo, number)
    if not ours:
        if not create:
            return None
        body = render(None)
        created = gateway.create_comment(repo, number, body)
        return _settle(gateway, repo, number, created, body)
    body = render(previous_state(ours[0].body))
    _delete_younger(gateway, repo, ours)
    return _edited(gateway, repo, ours[0], body)


def fold_duplicates(gateway: Gateway, repo: str, number: int, kept: Comment) -> Comment:
    """After publishing, list once more: a write that landed late (the POST of a worker that
    died with it in flight) may have left a second copy. Keep the oldest, with our body."""
    ours = find_sticky(gateway, repo, number)
    if len(ours) <= 1:
        return kept
    LOG.warning("%s#%s: %d sticky comments after publishing; folding into the oldest", repo,
                number, len(ours))
    _delete_younger(gateway, repo, ours)
    return _edited(gateway, repo, ours[0], kept.body)


def _settle(gateway: Gateway, repo: str, number: int, created: Comment, body: str) -> Comment:
    """After creating: if a racing run created one too, keep only the oldest."""
    ours = find_sticky(gateway, repo, number)
    if [c.id for c in ours] in ([], [created.id]):
        return created
    if len(ours) > 1:
        LOG.warning(
            "%s#%s: %d sticky comments after a race; keeping the oldest", repo, number, len(ours)
        )
    _delete_younger(gateway, repo, ours)
    return _edited(gateway, repo, ours[0], body)


def _delete_younger(gateway: Gateway, repo: str, ours: list[Comment]) -> None:
    for extra in ours[1:]:
        with contextlib.suppress(NotFound):  # the other racer may have deleted it first
            gateway.delete_comment(repo, extra.id)


def _edited(gateway: Gateway, repo: str, comment: Comment, body: str) -> Comment:
    if comment.body == body:
        return comment  # nothing new to say; spare GitHub a write and watchers a notification
    return gateway.edit_comment(repo, comment.id, body)
