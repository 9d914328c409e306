"""The audit's one issue per repository: found by its hidden marker among the issues we
opened, created when there is something to report, edited in place, closed with a comment
when the list is healthy again — never a second one."""

from __future__ import annotations

import logging
from enum import StrEnum

from bot.github.protocol import Gateway
from bot.github.types import Issue
from bot.report import templates as t

LOG = logging.getLogger(__name__)


class IssueAction(StrEnum):
    CREATED = "created"
    EDITED = "edited"
    UNCHANGED = "unchanged"
    CLOSED = "closed"
    NONE = "none"  # healthy, and no issue open


def sync_audit_issue(gateway: Gateway, repo: str, body: str | None, closing: str) -> IssueAction:
    """Make the repository's audit issue say `body`; `body=None` (healthy) closes it."""
    ours = _our_issues(gateway, repo)
    if body is None:
        for issue in ours:
            gateway.create_comment(repo, issue.number, closing)
            gateway.edit_issue(repo, issue.number, state="closed")
        return IssueAction.CLOSED if ours else IssueAction.NONE
    if not ours:
        gateway.create_issue(repo, t.AUDIT_ISSUE_TITLE, body)
        _close_extras(gateway, repo, _our_issues(gateway, repo))  # a racing run's twin
        return IssueAction.CREATED
    keep = _close_extras(gateway, repo, ours)
    if keep.body.strip() == body.strip():
        return IssueAction.UNCHANGED
    gateway.edit_issue(repo, keep.number, body=body)
    return IssueAction.EDITED


def _our_issues(gateway: Gateway, repo: str) -> list[Issue]:
    """Open issues we opened that carry the audit marker, oldest first."""
    return [i for i in gateway.open_issues(repo, gateway.login) if t.AUDIT_MARKER in i.body]


def _close_extras(gateway: Gateway, repo: str, ours: list[Issue]) -> Issue:
    """Keep the oldest of our audit issues; close any other (two runs raced)."""
    for extra in ours[1:]:
        LOG.warning("%s: closing a second audit issue #%d", repo, extra.number)
        gateway.edit_issue(repo, extra.number, state="closed")
    return ours[0]
