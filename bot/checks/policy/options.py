"""The `policy:` section: what a list asks of every pull request, each policy off unless set.

```yaml
policy:
  max_entries_added: 1           # entries one pull request may add to a list file
  allowed_files: []              # globs a PR may touch besides the list files ([]: none)
  min_category_entries: 3        # entries a category the PR touches keeps
  link_text_matches_repo: true   # a GitHub entry's link text is the repository's name
  promotional_words: true        # no "best", "fastest", "blazing" … in a description
  extra_promotional_words: [unbeatable]
  description_required: true     # every added entry describes what it links
```

Every finding names the key it comes from (`where`), so a contributor knows it is this list's
policy and a maintainer knows where to change it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, Self

from bot.config import CONFIG_PATH, ConfigError, section, str_list
from bot.yamlsafe import short_repr

CHECK_NAME = "policy"
_KEYS = (
    "max_entries_added",
    "allowed_files",
    "min_category_entries",
    "link_text_matches_repo",
    "promotional_words",
    "extra_promotional_words",
    "description_required",
)
_MAX_COUNT = 10_000


def where(key: str) -> str:
    """`policy.KEY` in the config file: the words every finding ends its policy with."""
    return f"`policy.{key}` in {CONFIG_PATH}"


def listed(words: Sequence[str], shown: int = 10) -> str:
    """'a, b and c', or the first `shown` and how many more."""
    if len(words) > shown:
        return f"{', '.join(words[:shown])} and {len(words) - shown} more"
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


@dataclass(frozen=True)
class PolicyOptions:
    """The list's pull-request policies; the defaults switch every one off."""

    KEYS: ClassVar[tuple[str, ...]] = ("policy",)

    max_entries_added: int | None = None
    allowed_files: tuple[str, ...] | None = None  # None: any file; (): only the list files
    min_category_entries: int | None = None
    link_text_matches_repo: bool = False
    promotional_words: bool = False
    extra_promotional_words: tuple[str, ...] = ()
    description_required: bool = False

    @classmethod
    def from_yaml(cls, data: Mapping[str, object]) -> Self:
        raw = data.get("policy", {})
        if raw is False or raw == "off" or raw is None:
            return cls()
        policy = section(raw, "policy", _KEYS)
        allowed = policy.get("allowed_files")
        extra = policy.get("extra_promotional_words", [])
        promotional = _flag(policy, "promotional_words")
        if extra and not promotional:
            raise ConfigError(
                "policy.extra_promotional_words: takes effect with `promotional_words: true`, "
                "which this file does not set"
            )
        return cls(
            max_entries_added=_count(policy, "max_entries_added"),
            allowed_files=(
                None
                if allowed is None
                else (() if allowed == [] else str_list(allowed, "policy.allowed_files"))
            ),
            min_category_entries=_count(policy, "min_category_entries"),
            link_text_matches_repo=_flag(policy, "link_text_matches_repo"),
            promotional_words=promotional,
            extra_promotional_words=(
                str_list(extra, "policy.extra_promotional_words") if extra else ()
            ),
            description_required=_flag(policy, "description_required"),
        )


def _count(policy: Mapping[str, object], key: str) -> int | None:
    """A whole number from 1, or None when the key is absent (or `off`)."""
    value = policy.get(key)
    if value is None or value is False or value == "off":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= _MAX_COUNT:
        raise ConfigError(
            f"policy.{key}: expected a whole number from 1 to {_MAX_COUNT} (or off); "
            f"got {short_repr(value)}"
        )
    return value


def _flag(policy: Mapping[str, object], key: str) -> bool:
    value = policy.get(key, False)
    if not isinstance(value, bool):
        raise ConfigError(f"policy.{key}: expected true or false; got {short_repr(value)}")
    return value
