"""What a job carries: ids and SHAs only, so every run can be reproduced.

Three kinds share the review task. A `ReviewJob` reviews a pull request at a head SHA. A
`CommandJob` obeys the commands of one comment: the web process cannot know the PR's SHAs from
a comment, so the worker asks GitHub and, for a recheck, hands a `ReviewJob` to the runner. A
`PushJob` turns a push to the default branch into re-reviews of the open pull requests it
affects. An `AuditJob` (its own task) audits one repository's whole list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import ClassVar, Self, TypeAlias, TypedDict

# A job as JSON (huey's queue and the store keep jobs this way).
JobData: TypeAlias = dict[str, str | int | bool | list[str] | None]


class JobDataError(ValueError):
    """A stored or queued job that is not one this version can run; says which field."""


PUSH = "push"  # the default branch moved: re-review the open PRs changing its lists
BASE_MOVED = "base-moved"  # such a re-review: the PR as merged into the branch as it is now


@dataclass(frozen=True, slots=True)
class ReviewJob:
    installation_id: int | None
    repo: str  # "owner/name" of the base repository
    pr_number: int
    base_sha: str | None  # as the delivery saw it; None when it did not say
    head_sha: str
    trigger: str  # "opened", "synchronize", "recheck", "recheck-links", "rerun", ...
    delivery_id: str
    links_only: bool = False  # `/recheck links`: re-check the links, bypassing the link cache
    comment_id: int | None = None  # the comment that asked for this review: 🚀 when done
    seq: int = 0  # the store's sequence number of the wanted review this job serves
    attempt: int = 0  # retries after GitHub errors so far

    kind: ClassVar[str] = "review"

    @property
    def key(self) -> str:
        """The store key: one wanted review per PR (a newer push or recheck replaces it)."""
        return f"review:{self.repo}#{self.pr_number}"

    def retried(self) -> Self:
        return replace(self, attempt=self.attempt + 1)


@dataclass(frozen=True, slots=True)
class CommandJob:
    installation_id: int | None
    repo: str
    pr_number: int
    delivery_id: str
    comment_id: int  # the comment holding the commands: 👀, then 🚀, 👎 or 😕
    commands: tuple[str, ...]  # names from bot.commands.COMMANDS, in the comment's order
    commenter: str
    pr_author: str | None = None
    seq: int = 0
    attempt: int = 0

    kind: ClassVar[str] = "command"

    @property
    def key(self) -> str:
        """The store key: one record per command comment."""
        return f"command:{self.delivery_id}"

    @property
    def trigger(self) -> str:
        return self.commands[0] if self.commands else "command"

    def retried(self) -> Self:
        return replace(self, attempt=self.attempt + 1)


@dataclass(frozen=True, slots=True)
class PushJob:
    """The default branch moved from `base_sha` to `head_sha`: the worker queues re-reviews
    of the open pull requests changing a list file the push changed (bot/jobs/pushes.py)."""

    installation_id: int | None
    repo: str
    delivery_id: str
    base_sha: str  # the branch before the push
    head_sha: str  # the branch after it
    pr_number: int = 0  # none: a push is no pull request (log lines carry the 0)
    seq: int = 0
    attempt: int = 0

    kind: ClassVar[str] = "push"
    trigger: ClassVar[str] = PUSH

    @property
    def key(self) -> str:
        """The store key: each push is its own record."""
        return f"push:{self.delivery_id}"

    def retried(self) -> Self:
        return replace(self, attempt=self.attempt + 1)


@dataclass(frozen=True, slots=True)
class AuditJob:
    """One repository's scheduled audit: ids only; the worker reads the default branch's head.
    It has its own task (queued behind reviews), so it is not one of `Job`."""

    installation_id: int | None
    repo: str

    kind: ClassVar[str] = "audit"

    def to_dict(self) -> JobData:
        return {"kind": self.kind, "installation_id": self.installation_id, "repo": self.repo}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> AuditJob:
        """The job `to_dict` wrote; JobDataError names a missing or mistyped field."""
        read = _Fields(data)
        kind = read.optional_text("kind") or cls.kind
        if kind != cls.kind:
            raise JobDataError(f"job kind {kind!r} is not 'audit'")
        return cls(read.optional_whole("installation_id"), read.text("repo"))


Job: TypeAlias = ReviewJob | CommandJob | PushJob


def job_to_dict(job: Job) -> JobData:
    data: JobData = {"kind": job.kind}
    for name, value in asdict(job).items():
        data[name] = list(value) if isinstance(value, tuple) else value
    return data


def job_from_dict(data: Mapping[str, object]) -> Job:
    """The job `job_to_dict` wrote; JobDataError names a missing or mistyped field."""
    read = _Fields(data)
    # Jobs written before there were two kinds carry no "kind": a command job had commands.
    kind = read.optional_text("kind") or ("command" if data.get("commands") else "review")
    if kind == "command":
        return CommandJob(
            **_shared(read),
            comment_id=read.whole("comment_id"),
            commands=read.texts("commands"),
            commenter=read.text("commenter"),
            pr_author=read.optional_text("pr_author"),
        )
    if kind == "push":
        return PushJob(
            **_shared(read), base_sha=read.text("base_sha"), head_sha=read.text("head_sha")
        )
    if kind != "review":
        raise JobDataError(f"job kind {kind!r} is not 'review', 'command' or 'push'")
    return ReviewJob(
        **_shared(read),
        base_sha=read.optional_text("base_sha") or None,  # older jobs wrote "" for unknown
        head_sha=read.text("head_sha"),
        trigger=read.text("trigger"),
        links_only=read.flag("links_only"),
        comment_id=read.optional_whole("comment_id"),
    )


class _Shared(TypedDict):
    """The fields both kinds of job have."""

    installation_id: int | None
    repo: str
    pr_number: int
    delivery_id: str
    seq: int
    attempt: int


def _shared(read: _Fields) -> _Shared:
    return _Shared(
        installation_id=read.optional_whole("installation_id"),
        repo=read.text("repo"),
        pr_number=read.whole("pr_number"),
        delivery_id=read.text("delivery_id"),
        seq=read.whole("seq", 0),
        attempt=read.whole("attempt", 0),
    )


class _Fields:
    """Typed reads of a JSON object; a wrong or missing field is a JobDataError naming it."""

    def __init__(self, data: Mapping[str, object]) -> None:
        self.data = data

    def text(self, name: str) -> str:
        value = self.data.get(name)
        if not isinstance(value, str):
            raise JobDataError(f"job field {name!r} is not a string: {value!r}")
        return value

    def optional_text(self, name: str) -> str | None:
        return None if self.data.get(name) is None else self.text(name)

    def whole(self, name: str, default: int | None = None) -> int:
        value = self.data.get(name, default)
        if not isinstance(value, int) or isinstance(value, bool):
            raise JobDataError(f"job field {name!r} is not a whole number: {value!r}")
        return value

    def optional_whole(self, name: str) -> int | None:
        return None if self.data.get(name) is None else self.whole(name)

    def flag(self, name: str) -> bool:
        value = self.data.get(name, False)
        if not isinstance(value, bool):
            raise JobDataError(f"job field {name!r} is not true or false: {value!r}")
        return value

    def texts(self, name: str) -> tuple[str, ...]:
        value = self.data.get(name)
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise JobDataError(f"job field {name!r} is not a list of strings: {value!r}")
        return tuple(value)
