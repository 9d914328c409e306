"""`/fix`: the review's fixes committed to the pull request's branch, or how to apply them.

The fixes are the ones `awesome-review check --fix` makes (bot.fix, to a fixed point),
judged as the review judges: the PR's list files at its head against the merge base, with
the base branch's configuration. Each changed file is one commit through the contents API
on the head branch, guarded by the blob SHA we read, so a branch that moved meanwhile is
refused rather than overwritten. GitHub lets the base repository's maintainers (and so its
App) push to a fork only when the author allowed edits by maintainers; otherwise the reply
says how to apply the fixes.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass

from bot.config import Config
from bot.engine import review_documents
from bot.fetch import ListFile, fetch_pull_request
from bot.github.errors import Forbidden, GitHubError
from bot.github.protocol import Gateway
from bot.github.types import PullRequest
from bot.parse import parse
from bot.pipeline import fixes_of
from bot.report import templates

LOG = logging.getLogger(__name__)

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class FileFix:
    """One list file as the fixes leave it, and the blob it replaces."""

    path: str
    data: bytes
    blob_sha: str
    rules: tuple[str, ...]  # the rule of every fix made, once per fixed place


@dataclass(frozen=True, slots=True)
class FixOutcome:
    """What `/fix` did: the reply to post, and whether it pushed a new head."""

    reply: str
    pushed: bool = False


def fix_pull(gateway: Gateway, pull: PullRequest, user: str) -> FixOutcome:
    """Commit the fixes when we may push to the head branch; else say how to apply them."""
    fixes = planned_fixes(gateway, pull)
    if not fixes:
        return FixOutcome(templates.fix_nothing(user))
    if not pull.pushable:
        return FixOutcome(templates.fix_cannot_push(user, _how(pull, fixes)))
    try:
        commit = commit_fixes(gateway, pull, fixes, user)
    except GitHubError as exc:
        if exc.retryable:
            raise
        LOG.warning("%s#%d: /fix could not push: %s", pull.repo, pull.number, exc)
        reason = templates.FIX_NOT_ALLOWED if isinstance(exc, Forbidden) else str(exc)
        return FixOutcome(templates.fix_push_refused(user, reason, _how(pull, fixes)))
    return FixOutcome(templates.fix_committed(user, commit, pull.head_ref, _counted(fixes)), True)


def planned_fixes(gateway: Gateway, pull: PullRequest) -> list[FileFix]:
    """Every list file the PR touches whose findings' fixes change it, fixed."""
    snapshot = fetch_pull_request(gateway, pull)
    fixes = []
    for file in snapshot.files:
        fixed = _fixed_text(file, snapshot.config) if file.head_text is not None else None
        if fixed is None:
            continue
        text, rules = fixed
        found = gateway.file_content(pull.repo, file.path, pull.head_sha)
        if found is None:
            continue
        bom = _BOM if found.data.startswith(_BOM) else b""
        fixes.append(FileFix(file.path, bom + text.encode("utf-8"), found.sha, rules))
    return fixes


def _fixed_text(file: ListFile, config: Config) -> tuple[str, tuple[str, ...]] | None:
    """The file's head text with its fixes made, and their rules; None when none changes it."""
    assert file.head_text is not None
    base = parse(file.base_text) if file.base_text is not None else None
    review = review_documents(parse(file.head_text), base, config)
    fixed = fixes_of(review, config, None)
    if fixed is None or not fixed.changed:
        return None
    return fixed.text, tuple(rule for hunk in fixed.hunks() for rule in hunk.rules)


def commit_fixes(gateway: Gateway, pull: PullRequest, fixes: list[FileFix], user: str) -> str:
    """One commit per file on the PR's head branch; the SHA of the last."""
    assert pull.head_repo is not None
    commit = ""
    for fix in fixes:
        message = templates.fix_commit_message(fix.path, _counted([fix]), user, pull.number)
        commit = gateway.update_file(
            pull.head_repo, fix.path, pull.head_ref, message, fix.data, fix.blob_sha
        )
    return commit


def _counted(fixes: list[FileFix]) -> str:
    rules = Counter(rule for fix in fixes for rule in fix.rules)
    return ", ".join(f"`{r}` ×{n}" if n > 1 else f"`{r}`" for r, n in sorted(rules.items()))


def _how(pull: PullRequest, fixes: list[FileFix]) -> str:
    """The command line that makes the same fixes in a clone of the PR's branch."""
    files = " ".join(fix.path for fix in fixes)
    return f"awesome-review check --fix --base-ref origin/{pull.base_ref} {files}"
