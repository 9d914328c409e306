"""The per-repository configuration, `.github/awesome-review.yml`, validated strictly.

Every key is optional; an unknown key or a bad value raises ConfigError naming the key,
so a typo never silently switches a check off. This module knows the keys every check
shares (`files`, `rules`, `ignore_urls`) and how to read a value; each check declares its
own keys as an `Options` class, and the registry gathers them into the `Schema` a file is
read against (bot.checks.SCHEMA; bot.engine.load_config reads a file with it).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import ClassVar, Protocol, Self, TypeVar

from bot.model import Severity
from bot.userregex import PatternError, UserPattern
from bot.yamlsafe import BoundedYamlError, excerpt, load_bounded, short_repr

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


class Options(Protocol):
    """A check's own settings: the top-level YAML keys it reads, parsed into one value.

    `from_yaml` gets only the check's keys that the file sets and raises ConfigError naming
    the key; `cls()` is the check's defaults.
    """

    KEYS: ClassVar[tuple[str, ...]]

    @classmethod
    def from_yaml(cls, data: Mapping[str, object]) -> Self: ...


OptionsT = TypeVar("OptionsT")


@dataclass(frozen=True)
class Config:
    """The repository's settings: what every check shares, and each check's own options."""

    files: tuple[str, ...] = ("README.md",)
    rules: Mapping[str, RuleSetting] = field(default_factory=lambda: MappingProxyType({}))
    ignore_urls: tuple[UserPattern, ...] = ()
    options: Mapping[type, object] = field(default_factory=lambda: MappingProxyType({}))

    def setting(self, code: str, name: str) -> RuleSetting:
        """The user's setting for a rule, looked up by code or by kebab-case name."""
        return self.rules.get(code) or self.rules.get(name) or RuleSetting()

    def given(self, code: str, name: str) -> str | None:
        """The `rules.` key the file sets for a rule (its code or its name), if any."""
        return next((key for key in (code, name) if key in self.rules), None)

    def ignores(self, url: str) -> bool:
        return any(p.search(url) for p in self.ignore_urls)

    def option(self, kind: type[OptionsT]) -> OptionsT:
        """A check's options as the file sets them, or the check's defaults."""
        found = self.options.get(kind)
        return found if isinstance(found, kind) else kind()

    def is_list_path(self, path: str) -> bool:
        """Is `path` (relative to the repository's root, `/`-separated) one of the list files?
        `files:` entries may be globs. Case does not matter: GitHub shows `readme.md` as the
        README (sindresorhus/awesome is named so), and a list named either way is the list."""
        folded = path.casefold()
        return any(fnmatch.fnmatchcase(folded, pattern.casefold()) for pattern in self.files)


DEFAULT = Config()

_SHARED_KEYS = ("files", "rules", "ignore_urls")


@dataclass(frozen=True)
class Schema:
    """What a config file may say: the checks' options, the rule codes and names, and a
    last look at the whole (settings that contradict each other)."""

    options: tuple[type[Options], ...] = ()
    rules: frozenset[str] = frozenset()
    validate: Callable[[Config], None] = lambda config: None


def load_config(text: str | bytes | None, schema: Schema) -> Config:
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
        data = load_bounded(text)
    except BoundedYamlError as exc:
        raise ConfigError(f"config file is {exc}") from None
    if data is None:
        return DEFAULT
    if not isinstance(data, dict):
        raise ConfigError("config file must be a mapping of keys to values")
    config = config_from_mapping(data, schema)
    schema.validate(config)
    return config


def config_from_mapping(data: Mapping[str, object], schema: Schema) -> Config:
    known = {*_SHARED_KEYS, *(key for kind in schema.options for key in kind.KEYS)}
    unknown = sorted(set(map(str, data)) - known)
    if unknown:
        raise ConfigError(
            f"unknown key '{excerpt(unknown[0])}' (known keys: {', '.join(sorted(known))})"
        )
    options = {
        kind: kind.from_yaml({key: data[key] for key in kind.KEYS if key in data})
        for kind in schema.options
        if any(key in data for key in kind.KEYS)
    }
    return Config(
        files=str_list(data.get("files", ["README.md"]), "files") or ("README.md",),
        rules=MappingProxyType(_rules(data.get("rules", {}), schema.rules)),
        ignore_urls=tuple(
            regex(p, "ignore_urls") for p in str_list(data.get("ignore_urls", []), "ignore_urls")
        ),
        options=MappingProxyType(options),
    )


def _rules(raw: object, known: frozenset[str]) -> dict[str, RuleSetting]:
    rules: dict[str, RuleSetting] = {}
    for key, value in mapping(raw, "rules").items():
        if key not in known:
            raise ConfigError(
                f"rules.{excerpt(key)}: unknown rule (see docs/rules.md for the codes)"
            )
        rules[key] = _rule_setting(value, f"rules.{key}")
    return rules


def _rule_setting(value: object, where: str) -> RuleSetting:
    if value is False or value == _OFF:
        return RuleSetting(enabled=False)
    if value is True or value == "on":
        return RuleSetting()
    if isinstance(value, str) and value in _SEVERITIES:
        return RuleSetting(severity=Severity(value))
    raise ConfigError(
        f"{where}: expected one of off, on, error, warning, notice; got {short_repr(value)}"
    )


def severity_or_off(value: object, where: str) -> Severity | None:
    """A severity, or None for `off` (`false`)."""
    if value is False or value == _OFF:
        return None
    if isinstance(value, str) and value in _SEVERITIES:
        return Severity(value)
    raise ConfigError(f"{where}: expected off, error, warning or notice; got {short_repr(value)}")


def number(value: object, where: str, low: float, high: float) -> float:
    """A number from `low` to `high`."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise ConfigError(
            f"{where}: expected a number from {low} to {high}; got {short_repr(value)}"
        )
    return float(value)


def section(value: object, where: str, keys: tuple[str, ...]) -> Mapping[str, object]:
    """A mapping holding only `keys`; another key is named as unknown."""
    found = mapping(value, where)
    unknown = sorted(set(found) - set(keys))
    if unknown:
        raise ConfigError(f"{where}.{excerpt(unknown[0])}: unknown key")
    return found


def mapping(value: object, where: str) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a mapping; got {type(value).__name__}")
    for key in value:
        if not isinstance(key, str):
            raise ConfigError(f"{where}: keys must be text; got {short_repr(key)}")
    return value


def str_list(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{where}: expected a list of non-empty strings; got {short_repr(value)}")
    return tuple(value)


def regex(pattern: str, where: str) -> UserPattern:
    """A pattern from the config, compiled for RE2: linear in the text it is matched on."""
    try:
        return UserPattern(pattern)
    except PatternError as exc:
        raise ConfigError(
            f"{where}: {short_repr(pattern)} is not a regular expression a linear-time engine "
            f"(RE2) can run ({exc}); backreferences and lookarounds are not supported"
        ) from None


def optional_regex(value: object, where: str) -> UserPattern | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise ConfigError(f"{where}: expected a regular expression; got {short_repr(value)}")
    return regex(value, where)


# --------------------------------------------------------------------------- the audit

_AUDIT_KEYS = ("every", "issue", "inactive")
_MIN_AUDIT_EVERY = 3600.0  # a whole-list audit costs hundreds of requests: at most hourly
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


@dataclass(frozen=True, slots=True)
class AuditOptions:
    """`audit: {every: 7d, issue: true, inactive: 365d}`: the App's scheduled audit of the
    whole list (off unless `every` is set; `audit: off` too)."""

    KEYS: ClassVar[tuple[str, ...]] = ("audit",)

    every: float | None = None  # seconds between audits; None: no scheduled audit
    issue: bool = True  # keep one issue with the report up to date
    inactive: float = 365 * 86400.0  # a repository without a push for longer is reported

    @classmethod
    def from_yaml(cls, data: Mapping[str, object]) -> Self:
        raw = data.get("audit", {})
        if raw is False or raw == _OFF:
            return cls()
        audit = section(raw, "audit", _AUDIT_KEYS)
        every = None
        if audit.get("every") not in (None, False, _OFF):
            every = duration(audit["every"], "audit.every")
            if every < _MIN_AUDIT_EVERY:
                raise ConfigError(
                    f"audit.every: at least 1h between audits; got {short_repr(audit['every'])}"
                )
        issue = audit.get("issue", True)
        if not isinstance(issue, bool):
            raise ConfigError(f"audit.issue: expected true or false; got {short_repr(issue)}")
        inactive = duration(audit.get("inactive", "365d"), "audit.inactive")
        return cls(every=every, issue=issue, inactive=inactive)


def duration(value: object, where: str) -> float:
    """'7d', '12h', '90m', '2w' or a number of seconds."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value)
    match = _DURATION.match(value) if isinstance(value, str) else None
    if match is None or float(match.group(1)) <= 0:
        raise ConfigError(
            f"{where}: expected a duration such as 7d, 12h or 2w; got {short_repr(value)}"
        )
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
