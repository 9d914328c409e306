"""The per-repository configuration, `.github/awesome-review.yml`, validated strictly.

Every key is optional; an unknown key or a bad value raises ConfigError naming the key,
so a typo never silently switches a check off.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import yaml

from bot.model import Severity

CONFIG_PATH = ".github/awesome-review.yml"
MAX_CONFIG_BYTES = 256 * 1024  # a config is a few lines; anything huge is a mistake or an attack

_OFF = "off"
_SEVERITIES = {s.value for s in Severity}


class ConfigError(ValueError):
    """The configuration is not valid; the message names the key."""


@dataclass(frozen=True, slots=True)
class RuleSetting:
    enabled: bool = True
    severity: Severity | None = None  # None: the rule's default


@dataclass(frozen=True)
class Config:
    files: tuple[str, ...] = ("README.md",)
    rules: Mapping[str, RuleSetting] = field(default_factory=lambda: MappingProxyType({}))
    ignore_urls: tuple[re.Pattern[str], ...] = ()
    category_keywords: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    entry_pattern: re.Pattern[str] | None = None
    duplicates_cross_section: Severity | None = Severity.NOTICE  # None: not reported
    duplicates_title_threshold: float = 92.0
    placement_margin: float = 0.15

    def setting(self, code: str, name: str) -> RuleSetting:
        """The user's setting for a rule, looked up by code or by kebab-case name."""
        return self.rules.get(code) or self.rules.get(name) or RuleSetting()

    def ignores(self, url: str) -> bool:
        return any(p.search(url) for p in self.ignore_urls)


DEFAULT = Config()

_TOP_KEYS = {
    "files",
    "rules",
    "ignore_urls",
    "categories",
    "entry_pattern",
    "duplicates",
    "placement",
}


def load_config(text: str | bytes | None) -> Config:
    """Parse and validate the YAML text of a config file (None or empty: the defaults)."""
    if text is None:
        return DEFAULT
    if len(text) > MAX_CONFIG_BYTES:
        raise ConfigError(f"config file is {len(text)} bytes; the limit is {MAX_CONFIG_BYTES}")
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ConfigError(f"config file is not UTF-8 (byte {exc.start})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"config file is not valid YAML: {_yaml_reason(exc)}") from None
    if data is None:
        return DEFAULT
    if not isinstance(data, dict):
        raise ConfigError("config file must be a mapping of keys to values")
    return config_from_mapping(data)


def config_from_mapping(data: Mapping[str, Any]) -> Config:
    unknown = sorted(set(map(str, data)) - _TOP_KEYS)
    if unknown:
        raise ConfigError(
            f"unknown key '{unknown[0]}' (known keys: {', '.join(sorted(_TOP_KEYS))})"
        )
    duplicates = _mapping(data.get("duplicates", {}), "duplicates")
    placement = _mapping(data.get("placement", {}), "placement")
    return Config(
        files=_str_list(data.get("files", ["README.md"]), "files") or ("README.md",),
        rules=MappingProxyType(_rules(data.get("rules", {}))),
        ignore_urls=tuple(
            _regex(p, "ignore_urls") for p in _str_list(data.get("ignore_urls", []), "ignore_urls")
        ),
        category_keywords=MappingProxyType(_categories(data.get("categories", {}))),
        entry_pattern=_optional_regex(data.get("entry_pattern"), "entry_pattern"),
        duplicates_cross_section=_cross_section(duplicates),
        duplicates_title_threshold=_number(
            duplicates, "title_threshold", 92.0, "duplicates.title_threshold", 50, 100
        ),
        placement_margin=_number(placement, "margin", 0.15, "placement.margin", 0, 1),
    )


def _rules(raw: Any) -> dict[str, RuleSetting]:
    from bot.checks import RULES  # late: the registry imports checks that import this module

    known = set(RULES) | {rule.name for rule in RULES.values()}
    rules: dict[str, RuleSetting] = {}
    for key, value in _mapping(raw, "rules").items():
        if key not in known:
            raise ConfigError(f"rules.{key}: unknown rule (see docs/rules.md for the codes)")
        rules[key] = _rule_setting(value, f"rules.{key}")
    return rules


def _rule_setting(value: Any, where: str) -> RuleSetting:
    if value is False or value == _OFF:
        return RuleSetting(enabled=False)
    if value is True or value == "on":
        return RuleSetting()
    if isinstance(value, str) and value in _SEVERITIES:
        return RuleSetting(severity=Severity(value))
    raise ConfigError(
        f"{where}: expected one of off, on, error, warning, notice; got {value!r}"
    )


def _categories(raw: Any) -> dict[str, tuple[str, ...]]:
    result: dict[str, tuple[str, ...]] = {}
    for name, words in _mapping(raw, "categories").items():
        result[name] = _str_list(words, f"categories.{name}")
    return result


def _cross_section(duplicates: Mapping[str, Any]) -> Severity | None:
    unknown = sorted(set(duplicates) - {"cross_section", "title_threshold"})
    if unknown:
        raise ConfigError(f"duplicates.{unknown[0]}: unknown key")
    value = duplicates.get("cross_section", "notice")
    if value is False or value == _OFF:
        return None
    if isinstance(value, str) and value in _SEVERITIES:
        return Severity(value)
    raise ConfigError(
        f"duplicates.cross_section: expected off, error, warning or notice; got {value!r}"
    )


def _number(
    data: Mapping[str, Any], key: str, default: float, where: str, low: float, high: float
) -> float:
    if where.startswith("placement"):
        unknown = sorted(set(data) - {"margin"})
        if unknown:
            raise ConfigError(f"placement.{unknown[0]}: unknown key")
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ConfigError(f"{where}: expected a number from {low} to {high}; got {value!r}")
    return float(value)


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a mapping; got {type(value).__name__}")
    for key in value:
        if not isinstance(key, str):
            raise ConfigError(f"{where}: keys must be text; got {key!r}")
    return value


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{where}: expected a list of non-empty strings; got {value!r}")
    return tuple(value)


def _regex(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ConfigError(
            f"{where}: {pattern!r} is not a valid regular expression ({exc})"
        ) from None


def _optional_regex(value: Any, where: str) -> re.Pattern[str] | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{where}: expected a regular expression; got {value!r}")
    return _regex(value, where)


def _yaml_reason(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return f"{problem} at line {mark.line + 1}" if mark is not None else str(problem)
