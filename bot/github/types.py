"""Plain values the gateway hands out, so callers never touch PyGithub objects."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PullRequest:
    repo: str  # "owner/name" of the base repository
    number: int
    state: str  # "open" | "closed"
    author: str
    head_sha: str
    base_sha: str
    base_ref: str
    head_repo: str | None  # "owner/name" of the head repository; None when the fork was deleted
    html_url: str  # https://github.com/OWNER/REPO/pull/N
    repo_html_url: str  # https://github.com/OWNER/REPO (a GitHub Enterprise host included)
    head_ref: str = ""  # the head branch's name, in `head_repo`
    maintainer_can_modify: bool = False  # "Allow edits by maintainers" on a fork's PR

    @property
    def pushable(self) -> bool:
        """May the base repository's maintainers (and so its App) push to the head branch:
        a branch of the same repository, or a fork's whose author allows edits."""
        if self.head_repo is None or not self.head_ref:
            return False
        return not self.is_fork or self.maintainer_can_modify

    @property
    def is_fork(self) -> bool:
        return self.head_repo is None or self.head_repo.lower() != self.repo.lower()


@dataclass(frozen=True, slots=True)
class PullFile:
    """One entry of GET /pulls/N/files."""

    path: str
    status: str  # added | removed | modified | renamed | copied | changed | unchanged
    previous_path: str | None  # renames only
    patch: str | None  # GitHub leaves it out for binary files and very large diffs


@dataclass(frozen=True, slots=True)
class FileContent:
    path: str
    sha: str  # the blob's SHA
    size: int
    data: bytes


@dataclass(frozen=True, slots=True)
class Comment:
    """An issue comment (the sticky comment and command comments are issue comments)."""

    id: int
    author: str
    body: str
    html_url: str


@dataclass(frozen=True, slots=True)
class ReviewComment:
    """An inline comment on a pull request's diff."""

    id: int
    author: str
    body: str
    path: str
    line: int | None
    review_id: int | None = None  # the review it belongs to (GitHub makes one for a lone comment)


@dataclass(frozen=True, slots=True)
class Review:
    """A submitted pull request review, as listing a PR's reviews shows it."""

    id: int
    author: str
    body: str
    commit_id: str  # the head it reviewed
    html_url: str


@dataclass(frozen=True, slots=True)
class InlineComment:
    """An inline comment we want to post in a review (RIGHT side = the head file)."""

    path: str
    line: int  # last line of the range
    body: str
    start_line: int | None = None  # first line, for a multi-line comment

    def as_payload(self) -> dict[str, str | int]:
        """The comment as GitHub's create-review API takes it."""
        payload: dict[str, str | int] = {
            "path": self.path,
            "line": self.line,
            "side": "RIGHT",
            "body": self.body,
        }
        if self.start_line is not None and self.start_line < self.line:
            payload["start_line"] = self.start_line
            payload["start_side"] = "RIGHT"
        return payload


@dataclass(frozen=True, slots=True)
class Annotation:
    """A check-run annotation (the line marks in the "Files changed" tab)."""

    path: str
    start_line: int
    end_line: int
    level: str  # notice | warning | failure
    message: str
    title: str

    def as_payload(self) -> dict[str, str | int]:
        return {
            "path": self.path,
            "start_line": self.start_line,
            "end_line": self.end_line,
            "annotation_level": self.level,
            "message": self.message,
            "title": self.title,
        }


@dataclass(frozen=True, slots=True)
class CheckRunResult:
    id: int
    html_url: str


@dataclass(frozen=True, slots=True)
class CheckRunSeen:
    """One of our check runs on a commit, as listing them shows it."""

    id: int
    conclusion: str | None
    title: str


@dataclass(frozen=True, slots=True)
class Issue:
    """An issue (never a pull request) as the audit sees it."""

    number: int
    title: str
    body: str
    state: str  # "open" | "closed"
    author: str
    html_url: str


@dataclass(frozen=True, slots=True)
class OpenPull:
    """One line of GET /pulls: enough to queue a review of it."""

    number: int
    head_sha: str
    base_sha: str
    base_ref: str
