"""The pull request review: inline comments with one-click suggestions, never twice.

Only lines inside the PR's diff can carry a comment (anything else is a 422), so each
finding is placed with the file's patch. Each comment carries a hidden fingerprint of
rule + file + the commented lines' content: a re-run, even after a push that moved the
lines, recognises what it already said and adds nothing.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from bot.github.diffmap import diff_lines
from bot.github.errors import NotFound, Unprocessable
from bot.github.protocol import Gateway
from bot.github.types import InlineComment, Review, ReviewComment
from bot.model import Finding, Severity
from bot.report import templates as t
from bot.report.comment import (
    EntryFix,
    FileReport,
    PullRequestReport,
    combined_inline_body,
    entry_fixes,
    in_place,
    inline_body,
)
from bot.report.summary import fingerprint

LOG = logging.getLogger(__name__)

MAX_INLINE = 30  # per run; the sticky comment lists everything anyway
_FINGERPRINT = re.compile(r"<!-- awesome-review:fp=([0-9a-f]+) -->")


@dataclass(frozen=True, slots=True)
class ReviewResult:
    review_id: int | None = None
    posted: int = 0  # inline comments posted in this run
    already: int = 0  # wanted, but an earlier run had posted them
    refused: int = 0  # dropped after GitHub's 422


def wanted_comments(
    report: PullRequestReport, patches: Mapping[str, str | None]
) -> list[tuple[str, InlineComment]]:
    """(fingerprint, comment) for each finding worth an inline comment on a diff line; an
    entry's fixable findings share one comment whose suggestion applies all their fixes."""
    wanted: dict[str, InlineComment] = {}
    for file in report.files:
        if file.review is None:
            continue
        lines = diff_lines(patches.get(file.path))
        fixes = [fix for fix in entry_fixes(file).values() if lines.covers(fix.first, fix.last)]
        combined = {f for fix in fixes for f in fix.findings}
        for fix in fixes:
            key = _combined_key(file, fix)
            wanted.setdefault(key, _combined_comment(file.path, fix, key))
        for finding in file.findings:
            if finding in combined or not _worth_inline(finding):
                continue
            if not lines.covers(finding.line, finding.last_line):
                continue
            text = file.review.head.lines[finding.line - 1 : finding.last_line]
            key = fingerprint(file.path, finding, text)
            wanted.setdefault(key, _comment(file.path, finding, key))
    return sorted(wanted.items(), key=lambda item: (item[1].path, item[1].line))[:MAX_INLINE]


def _combined_key(file: FileReport, fix: EntryFix) -> str:
    """The fingerprint of the first finding, over the entry's lines, with every rule."""
    assert file.review is not None
    text = file.review.head.lines[fix.first - 1 : fix.last]
    rules = "+".join(sorted({f.rule for f in fix.findings}))
    return fingerprint(file.path, replace(fix.findings[0], rule=rules), text)


def _combined_comment(path: str, fix: EntryFix, key: str) -> InlineComment:
    start = fix.first if fix.last > fix.first else None
    return InlineComment(path, fix.last, combined_inline_body(fix, key), start)


def _worth_inline(finding: Finding) -> bool:
    # Notices (e.g. a deliberate cross-post) stay in the summary unless they carry a fix.
    return finding.severity is not Severity.NOTICE or in_place(finding) is not None


def _comment(path: str, finding: Finding, key: str) -> InlineComment:
    start = finding.line if finding.last_line > finding.line else None
    return InlineComment(path, finding.last_line, inline_body(finding, key), start)


def posted_fingerprints(gateway: Gateway, repo: str, number: int) -> set[str]:
    login = gateway.login
    found: set[str] = set()
    for comment in gateway.review_comments(repo, number):
        if comment.author == login:
            found.update(_FINGERPRINT.findall(comment.body))
    return found


def post_review(
    gateway: Gateway,
    report: PullRequestReport,
    number: int,
    patches: Mapping[str, str | None],
    comment_url: str | None,
) -> ReviewResult:
    """Post one COMMENT review with the inline comments not posted before."""
    wanted = wanted_comments(report, patches)
    if not wanted:
        return ReviewResult()
    done = posted_fingerprints(gateway, report.repo, number)
    new = [comment for key, comment in wanted if key not in done]
    if not new:
        return ReviewResult(already=len(wanted))
    body = t.review_body(len(new), comment_url)
    try:
        review_id = gateway.create_review(report.repo, number, report.head_sha, body, new)
    except Unprocessable as exc:
        LOG.warning("%s#%s: review refused (%s); posting comments one by one",
                    report.repo, number, exc)  # fmt: skip
        return _one_by_one(gateway, report, number, new, len(wanted) - len(new))
    return ReviewResult(review_id, len(new), len(wanted) - len(new))


def _one_by_one(
    gateway: Gateway, report: PullRequestReport, number: int, new: list[InlineComment], already: int
) -> ReviewResult:
    """GitHub's 422 does not say which comment it refused, so try each alone."""
    posted = refused = 0
    for comment in new:
        try:
            gateway.create_review_comment(report.repo, number, report.head_sha, comment)
            posted += 1
        except Unprocessable as exc:
            LOG.warning("%s#%s: inline comment on %s:%d refused: %s",
                        report.repo, number, comment.path, comment.line, exc)  # fmt: skip
            refused += 1
    return ReviewResult(None, posted, already, refused)


def fold_reviews(
    gateway: Gateway, report: PullRequestReport, number: int, result: ReviewResult
) -> None:
    """After publishing, list once more: a dead worker's review POST that landed while we
    published holds the same fingerprints on this head. A submitted review cannot be
    deleted, so each copy loses its comments and its body says which review counts.
    A run that found its comments already posted folds too: a copy that landed after the
    previous run's last listing is caught by the next run on the same head."""
    if not result.posted and not result.already:
        return  # nothing of ours is wanted on this head, so nothing can be here twice
    login = gateway.login
    ours = {
        r.id: r
        for r in gateway.reviews(report.repo, number)
        if r.author == login and r.commit_id == report.head_sha
    }
    comments = [
        c
        for c in gateway.review_comments(report.repo, number)
        if c.author == login and c.review_id in ours and _FINGERPRINT.search(c.body)
    ]
    kept = _kept(comments, result.review_id)
    copies = [c for c in comments if kept[_key(c)].id != c.id]
    if not copies:
        return
    LOG.warning("%s#%s: %d inline comments posted twice; folding into review %s",
                report.repo, number, len(copies), result.review_id)  # fmt: skip
    for copy in copies:
        with contextlib.suppress(NotFound):  # a racing run may have deleted it first
            gateway.delete_review_comment(report.repo, copy.id)
    _supersede(gateway, report.repo, number, ours, copies, kept)


def _key(comment: ReviewComment) -> str:
    found = _FINGERPRINT.search(comment.body)
    assert found is not None
    return found.group(1)


def _kept(comments: list[ReviewComment], review_id: int | None) -> dict[str, ReviewComment]:
    """For each fingerprint, the comment that counts: the one in this run's review, or the
    oldest (a run that posted comments one by one has no review of its own)."""
    kept: dict[str, ReviewComment] = {}
    for comment in sorted(comments, key=lambda c: (c.review_id != review_id, c.id)):
        kept.setdefault(_key(comment), comment)
    return kept


def _supersede(
    gateway: Gateway,
    repo: str,
    number: int,
    ours: dict[int, Review],
    copies: list[ReviewComment],
    kept: dict[str, ReviewComment],
) -> None:
    """A review left with none of its comments says where they are."""
    holding = {c.review_id for c in kept.values()}  # every comment not a copy is kept
    emptied = {c.review_id: c for c in copies if c.review_id not in holding}
    for review_id, copy in emptied.items():
        review = ours.get(review_id or 0)
        keeper = ours.get(kept[_key(copy)].review_id or 0)
        body = t.review_superseded(keeper.html_url if keeper else "")
        if review is not None and review.body != body:
            gateway.edit_review(repo, number, review.id, body)
