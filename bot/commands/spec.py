"""What a comment command is: its table entry, and what its handler gets and gives back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Protocol, TypeAlias

if TYPE_CHECKING:
    from bot.github.protocol import Gateway
    from bot.github.types import PullRequest
    from bot.jobs.job import CommandJob


class Who(Enum):
    """Who may run a command. Permission is asked through the API, never guessed from the
    payload's `author_association`."""

    ANYONE = "anyone"
    AUTHOR_OR_WRITER = "author-or-writer"  # the PR's author, or write/maintain/admin access
    WRITER = "writer"  # write, maintain or admin access (the PR's author too only with it)


class CommandCall(Protocol):
    """What a handler can do: the worker's side of one command comment."""

    @property
    def job(self) -> CommandJob: ...

    @property
    def gateway(self) -> Gateway: ...

    def allowed(self, name: str) -> bool:
        """A rate limit per `name`: at most one per 30 seconds; True (and counted) when free."""
        ...

    def reply(self, body: str) -> None:
        """Comment on the pull request."""
        ...

    def list_files(self) -> tuple[str, ...]:
        """The list files the repository's configuration names (defaults when it has none)."""
        ...

    def pull(self) -> PullRequest:
        """The pull request as GitHub has it now (read once per command comment)."""
        ...


@dataclass(frozen=True, slots=True)
class Asked:
    """What a handler leaves to the worker: a review of the PR's current head, or nothing."""

    review: bool = False
    links_only: bool = False  # a review of the links only, bypassing the link cache
    head_moved: bool = False  # the handler pushed a commit: review the PR's new head


NOTHING_MORE = Asked()

Handler: TypeAlias = Callable[[CommandCall], Asked]


@dataclass(frozen=True, slots=True)
class CommandSpec:
    """One row of the table: everything about one comment command."""

    name: str  # kept in the job, e.g. "recheck-links"; unique
    pattern: str  # regex of the words after "/", e.g. r"recheck[ \t]+links" (case-insensitive)
    who: Who
    handler: Handler
    usage: str  # as the /help reply shows it, e.g. "/recheck links"
    help: str  # what it does, one line of the /help reply
    mention: bool = False  # may also be written `@<app-login> <words>`
