"""What a review job carries: ids and SHAs only, so every run can be reproduced."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ReviewJob:
    installation_id: int | None
    repo: str  # "owner/name" of the base repository
    pr_number: int
    base_sha: str
    head_sha: str
    trigger: str  # "opened", "synchronize", "recheck", "recheck-links", "rerun", "sweep", ...
    delivery_id: str
    links_only: bool = False  # `/recheck links`: re-check the links, bypassing the link cache
    comment_id: int | None = None  # the command comment to react to when the run ends
    # Comment commands (issue_comment deliveries): what was asked, by whom, on whose PR.
    # The web process cannot know the PR's SHAs from a comment; the worker asks GitHub.
    commands: tuple[str, ...] = ()  # bot.commands.Command values, e.g. ("recheck", "help")
    commenter: str | None = None
    pr_author: str | None = None
    seq: int = 0  # the store's sequence number of the wanted review this job serves
    attempt: int = 0  # retries after GitHub errors so far

    @property
    def key(self) -> str:
        """The store key: one wanted review per PR, one record per command comment."""
        if self.commands:
            return f"command:{self.delivery_id}"
        return f"review:{self.repo}#{self.pr_number}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReviewJob:
        fields = dict(data)
        fields["commands"] = tuple(fields.get("commands") or ())  # JSON turns tuples to lists
        return cls(**fields)
