"""The format check's setting: `entry_pattern`, the one shape every entry must have."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar, Self

from bot.config import optional_regex
from bot.userregex import UserPattern


@dataclass(frozen=True)
class FormatOptions:
    """`entry_pattern: '^- \\[…'`: set, it replaces the learned shape rules (F108)."""

    KEYS: ClassVar[tuple[str, ...]] = ("entry_pattern",)

    entry_pattern: UserPattern | None = None

    @classmethod
    def from_yaml(cls, data: Mapping[str, object]) -> Self:
        return cls(optional_regex(data.get("entry_pattern"), "entry_pattern"))
