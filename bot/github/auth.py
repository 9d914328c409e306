"""Who we are on GitHub: a plain token, or a GitHub App acting for one installation.

`GatewayFactory` is built once per process from Settings; it caches installation tokens
(an hour long) and our own login, and hands out one Gateway per job.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypedDict

import jwt
from github import Auth, Github, GithubIntegration, GithubRetry

from bot.github.errors import GitHubError, Unauthorized, translated
from bot.github.gateway import PyGithubGateway
from bot.settings import Settings

LOG = logging.getLogger(__name__)

# Renew an installation token this long before GitHub expires it (they last an hour).
_TOKEN_MARGIN = 300.0


class GithubKwargs(TypedDict):
    """What `Github(...)` and `GithubIntegration(...)` are built with."""

    base_url: str
    timeout: int
    retry: GithubRetry
    per_page: int
    seconds_between_requests: float | None
    seconds_between_writes: float | None
    user_agent: str
    lazy: bool


@dataclass(frozen=True, slots=True)
class GatewayOptions:
    """How hard and how politely the gateway talks to GitHub; tests shrink the waits."""

    timeout: int = 15  # seconds for one HTTP request
    retries: int = 4  # extra attempts after 5xx, 429, rate limits, resets and timeouts
    backoff: float = 0.5  # first retry waits this long, then doubles (urllib3 backoff_factor)
    backoff_max: float = 30.0
    secondary_rate_wait: float = 60.0  # a secondary rate limit without Retry-After
    # A rate limit that resets later than this is not slept through: RateLimited is raised
    # so the job queue can retry it later instead of holding a worker.
    max_rate_limit_wait: float = 120.0
    seconds_between_requests: float = 0.0  # we make few requests, one at a time
    seconds_between_writes: float = 1.0  # GitHub asks for a second between writes
    per_page: int = 100

    def retry(self) -> GithubRetry:
        """PyGithub's Retry: 5xx, 429 and retry-able 403s, POST included."""
        return GithubRetry(
            total=self.retries,
            backoff_factor=self.backoff,
            backoff_max=self.backoff_max,
            status_forcelist=[429, *range(500, 600)],
            secondary_rate_wait=self.secondary_rate_wait,
            max_rate_limit_wait=self.max_rate_limit_wait,
            retry_after_max=max(1, int(self.max_rate_limit_wait)),
        )

    def github_kwargs(self, api_url: str) -> GithubKwargs:
        return {
            "base_url": api_url,
            "timeout": self.timeout,
            "retry": self.retry(),
            "per_page": self.per_page,
            "seconds_between_requests": self.seconds_between_requests or None,
            "seconds_between_writes": self.seconds_between_writes or None,
            "user_agent": "awesome-review",
            "lazy": True,  # no GET for a repository or pull request we only post to
        }


FAST_OPTIONS = GatewayOptions(
    timeout=5, retries=3, backoff=0.01, backoff_max=0.1, secondary_rate_wait=0.05,
    max_rate_limit_wait=3.0, seconds_between_writes=0.0,
)  # fmt: skip


class GatewayFactory:
    """Builds Gateways from Settings; one per process, shared by the worker's threads."""

    def __init__(self, settings: Settings, options: GatewayOptions | None = None) -> None:
        if not settings.uses_app_auth and not settings.github_token:
            raise GitHubError(
                "no GitHub credentials: set GITHUB_TOKEN, or GITHUB_APP_ID with "
                "GITHUB_APP_PRIVATE_KEY or GITHUB_APP_PRIVATE_KEY_PATH"
            )
        self.settings = settings
        self.options = options or GatewayOptions()
        self._lock = threading.Lock()
        self._tokens: dict[int, tuple[str, float]] = {}  # installation id → (token, expiry)
        self._login: str | None = settings.app_login

    def for_installation(self, installation_id: int | None) -> PyGithubGateway:
        """A Gateway acting for `installation_id` (App auth) or for the token's user."""
        token = self._token(installation_id)
        client = Github(auth=Auth.Token(token), **self.options.github_kwargs(self.settings.api_url))
        return PyGithubGateway(client, login=self.login, token=token)

    def installations(self) -> list[int]:
        """The ids of every installation of our App (none with a plain GITHUB_TOKEN)."""
        if not self.settings.uses_app_auth:
            return []
        with _signing(), translated("GET /app/installations"):
            return [int(i.id) for i in self._integration().get_installations()]

    def login(self) -> str:
        """Our own login: `<slug>[bot]` for an App (GET /app), the user's for a token."""
        with self._lock:
            if self._login is None:
                self._login = (
                    self._app_login() if self.settings.uses_app_auth else self._user_login()
                )
            return self._login

    def _token(self, installation_id: int | None) -> str:
        if not self.settings.uses_app_auth:
            assert self.settings.github_token is not None
            return self.settings.github_token
        if installation_id is None:
            raise GitHubError("GitHub App auth needs the installation id from the webhook payload")
        with self._lock:
            cached = self._tokens.get(installation_id)
            if cached and cached[1] - _TOKEN_MARGIN > time.time():
                return cached[0]
            token, expiry = self._new_installation_token(installation_id)
            self._tokens[installation_id] = (token, expiry)
            return token

    def _integration(self) -> GithubIntegration:
        assert self.settings.app_id is not None and self.settings.app_private_key is not None
        auth = Auth.AppAuth(self.settings.app_id, self.settings.app_private_key)
        return GithubIntegration(auth=auth, **self.options.github_kwargs(self.settings.api_url))

    def _new_installation_token(self, installation_id: int) -> tuple[str, float]:
        operation = f"create an access token for installation {installation_id}"
        with _signing(), translated(operation):
            grant = self._integration().get_access_token(installation_id)
            expiry = grant.expires_at.timestamp() if grant.expires_at else time.time() + 3600
            LOG.info("new token for installation %s", installation_id)
            return grant.token, expiry

    def _app_login(self) -> str:
        with _signing(), translated("GET /app (our App's slug)"):
            return f"{self._integration().get_app().slug}[bot]"

    def _user_login(self) -> str:
        with translated("GET /user (the token's login)"):
            client = Github(
                auth=Auth.Token(self.settings.github_token or ""),
                **self.options.github_kwargs(self.settings.api_url),
            )
            return client.get_user().login


@contextmanager
def _signing() -> Iterator[None]:
    """A private key PyJWT cannot sign with is a configuration error, said plainly."""
    try:
        yield
    except (jwt.PyJWTError, ValueError, TypeError) as exc:
        raise Unauthorized(
            f"GITHUB_APP_PRIVATE_KEY cannot sign the App's JWT ({type(exc).__name__}: {exc}); "
            "it must be the PEM private key downloaded from the App's settings"
        ) from exc
