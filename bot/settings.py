"""Settings: one frozen object, built once from the environment by `settings_from_env`.

Nothing else reads os.environ; the app factory, the worker and the CLI take a Settings
argument, so tests pass their own straight in.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.deadline import REVIEW_SECONDS

DEFAULT_QUEUE = "./awesome-review.db"
DEFAULT_API_URL = "https://api.github.com"
DEFAULT_ARXIV_API_URL = "https://export.arxiv.org/api/query"
DEFAULT_CROSSREF_API_URL = "https://api.crossref.org"


class SettingsError(ValueError):
    """A setting is missing or invalid; the message names the variable."""


@dataclass(frozen=True, slots=True)
class Settings:
    webhook_secret: str = ""
    github_token: str | None = None
    app_id: str | None = None
    app_private_key: str | None = None  # PEM text (from the variable or the file it names)
    api_url: str = DEFAULT_API_URL
    queue: str = DEFAULT_QUEUE  # a SQLite path, or a redis:// URL to scale out
    allow_hosts: tuple[str, ...] = ()  # hosts or CIDRs the SSRF guard lets through (tests)
    port: int = 8000
    app_login: str | None = None  # our login when known up front, e.g. "awesome-review[bot]"
    # Jobs: a wanted review whose lease runs out (a killed worker, a lost enqueue) is enqueued
    # again by the sweep, which runs every `sweep_seconds`; running jobs keep renewing theirs.
    lease_seconds: float = 120.0
    sweep_seconds: float = 30.0
    # The web process answers 503 with Retry-After instead of queueing a job once this many
    # are waiting: a flood must not grow the queue without bound (0: no bound).
    max_pending: int = 1000
    log_format: str = "text"  # "json": one JSON object per log line, for log shippers
    # A review's engine work (parse, diff, checks; not link checking, which has its own
    # budget) stops here and posts what it has; see bot.deadline.
    review_seconds: float = REVIEW_SECONDS
    # Paper metadata: where to ask for the titles behind arXiv and DOI links, and the
    # contact address Crossref's polite pool asks for.
    arxiv_api_url: str = DEFAULT_ARXIV_API_URL
    crossref_api_url: str = DEFAULT_CROSSREF_API_URL
    contact_email: str | None = None
    # How often one worker looks for repositories whose scheduled audit is due.
    audit_scan_seconds: float = 3600.0
    # A push to the default branch re-reviews at most this many open pull requests.
    push_rereview_max: int = 20

    @property
    def uses_redis(self) -> bool:
        return self.queue.startswith(("redis://", "rediss://", "unix://"))

    @property
    def uses_app_auth(self) -> bool:
        return bool(self.app_id and self.app_private_key)


def settings_from_env(env: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from `env` (default: os.environ)."""
    env = os.environ if env is None else env
    app_id, key = _app_credentials(env)
    return Settings(
        webhook_secret=env.get("GITHUB_WEBHOOK_SECRET", ""),
        github_token=env.get("GITHUB_TOKEN") or None,
        app_id=app_id,
        app_private_key=key,
        api_url=(env.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/"),
        queue=env.get("AWESOME_REVIEW_QUEUE") or DEFAULT_QUEUE,
        allow_hosts=_csv(env.get("AWESOME_REVIEW_ALLOW_HOSTS", "")),
        port=_port(env.get("PORT", "8000")),
        app_login=env.get("AWESOME_REVIEW_APP_LOGIN") or None,
        lease_seconds=_seconds(env, "AWESOME_REVIEW_LEASE_SECONDS", 120.0),
        sweep_seconds=_seconds(env, "AWESOME_REVIEW_SWEEP_SECONDS", 30.0),
        max_pending=_count(env, "AWESOME_REVIEW_MAX_PENDING", 1000),
        log_format=_choice(env, "AWESOME_REVIEW_LOG_FORMAT", ("text", "json")),
        review_seconds=_seconds(env, "AWESOME_REVIEW_REVIEW_SECONDS", REVIEW_SECONDS),
        arxiv_api_url=_url(env, "AWESOME_REVIEW_ARXIV_API_URL", DEFAULT_ARXIV_API_URL),
        crossref_api_url=_url(env, "AWESOME_REVIEW_CROSSREF_API_URL", DEFAULT_CROSSREF_API_URL),
        contact_email=env.get("AWESOME_REVIEW_CONTACT_EMAIL") or None,
        audit_scan_seconds=_seconds(env, "AWESOME_REVIEW_AUDIT_SCAN_SECONDS", 3600.0),
        push_rereview_max=_count(env, "AWESOME_REVIEW_PUSH_REREVIEW_MAX", 20),
    )


def _app_credentials(env: Mapping[str, str]) -> tuple[str | None, str | None]:
    """The App's id and key: both or neither (half of them is a mistake, not token auth)."""
    app_id = env.get("GITHUB_APP_ID") or None
    key = _private_key(env)
    if app_id and not key:
        raise SettingsError(
            "GITHUB_APP_ID is set but neither GITHUB_APP_PRIVATE_KEY nor "
            "GITHUB_APP_PRIVATE_KEY_PATH is: set one, or unset GITHUB_APP_ID to use GITHUB_TOKEN"
        )
    if key and not app_id:
        raise SettingsError("the App's private key is set but GITHUB_APP_ID is not: set it too")
    if app_id and not app_id.isdigit():
        raise SettingsError(f"GITHUB_APP_ID: expected the App's number, got {app_id!r}")
    return app_id, key


def require_webhook_secret(settings: Settings) -> None:
    """The server refuses to start without a secret: unsigned webhooks would be accepted."""
    if not settings.webhook_secret:
        raise SettingsError(
            "GITHUB_WEBHOOK_SECRET is not set: the server refuses to start without it, "
            "because it could not tell GitHub's deliveries from forged ones"
        )


def _private_key(env: Mapping[str, str]) -> str | None:
    if env.get("GITHUB_APP_PRIVATE_KEY"):
        return env["GITHUB_APP_PRIVATE_KEY"].replace("\\n", "\n")
    path = env.get("GITHUB_APP_PRIVATE_KEY_PATH")
    if not path:
        return None
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SettingsError(f"GITHUB_APP_PRIVATE_KEY_PATH: cannot read {path}: {exc}") from None


def _csv(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise SettingsError(f"PORT: expected a number, got {value!r}") from None
    if not 0 < port < 65536:
        raise SettingsError(f"PORT: {port} is not a TCP port")
    return port


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    value = env.get(name)
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        raise SettingsError(f"{name}: expected a number of seconds, got {value!r}") from None
    if not seconds > 0:
        raise SettingsError(f"{name}: must be more than 0 seconds, got {value!r}")
    return seconds


def _count(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name)
    if not value:
        return default
    try:
        count = int(value)
    except ValueError:
        raise SettingsError(f"{name}: expected a whole number, got {value!r}") from None
    if count < 0:
        raise SettingsError(f"{name}: must be 0 or more, got {value!r}")
    return count


def _url(env: Mapping[str, str], name: str, default: str) -> str:
    """An http(s) base URL (without a trailing '/')."""
    value = (env.get(name) or default).strip().rstrip("/")
    if not value.startswith(("http://", "https://")) or len(value) < 10:
        raise SettingsError(f"{name}: expected an http:// or https:// URL, got {value!r}")
    return value


def _choice(env: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str:
    """One of `choices` (the first by default), case-insensitive."""
    value = (env.get(name) or choices[0]).strip().lower()
    if value not in choices:
        raise SettingsError(f"{name}: expected one of {', '.join(choices)}, got {value!r}")
    return value
