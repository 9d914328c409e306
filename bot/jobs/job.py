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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReviewJob:
        return cls(**data)
