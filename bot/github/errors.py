"""What can go wrong talking to GitHub, as exception types a caller can act on.

PyGithub raises its own exceptions, requests raises others and a cut-off body raises
a JSON error; the gateway turns every one of them into one of these, so nothing outside
bot/github needs to know PyGithub exists.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

import requests
from github.GithubException import (
    BadCredentialsException,
    GithubException,
    RateLimitExceededExceedsMaxWait,
    RateLimitExceededException,
    UnknownObjectException,
)

LOG = logging.getLogger(__name__)


class GitHubError(Exception):
    """A GitHub API call failed; `retryable` says whether trying later may help."""

    retryable = False

    def __init__(self, message: str, *, status: int | None = None, operation: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.operation = operation  # what we were doing, e.g. "GET pull request 12"

    def __str__(self) -> str:
        where = f"{self.operation}: " if self.operation else ""
        code = f" (HTTP {self.status})" if self.status else ""
        return f"{where}{self.message}{code}"


class GitHubUnavailable(GitHubError):
    """GitHub answered 5xx, timed out, dropped the connection or sent a broken body."""

    retryable = True


class RateLimited(GitHubUnavailable):
    """A primary or secondary rate limit outlasted the retries; try again after `retry_after`."""

    def __init__(
        self, message: str, *, retry_after: float | None = None, status: int | None = None,
        operation: str = "",
    ) -> None:  # fmt: skip
        super().__init__(message, status=status, operation=operation)
        self.retry_after = retry_after


class NotFound(GitHubError):
    """404: the repository, pull request, file or comment does not exist (or is hidden from us)."""


class Forbidden(GitHubError):
    """403 without a rate limit: our token lacks a permission (e.g. checks: write)."""


class Unauthorized(GitHubError):
    """401: the token or the App's JWT was refused; a configuration problem, not a blip."""


class Unprocessable(GitHubError):
    """422: GitHub refused the request's content, e.g. a review comment outside the diff."""

    def __init__(
        self, message: str, *, errors: tuple[str, ...] = (), status: int | None = None,
        operation: str = "",
    ) -> None:  # fmt: skip
        super().__init__(message, status=status, operation=operation)
        self.errors = errors


@contextmanager
def translated(operation: str) -> Iterator[None]:
    """Run a block of PyGithub calls; re-raise whatever fails as a GitHubError."""
    try:
        yield
    except GitHubError:
        raise
    except GithubException as exc:
        raise from_github_exception(exc, operation) from exc
    except requests.RequestException as exc:
        # Retries exhausted (RetryError), timeouts, resets: GitHub may be back in a minute.
        raise GitHubUnavailable(
            _network_reason(exc), status=_last_status(exc), operation=operation
        ) from exc
    except json.JSONDecodeError as exc:
        # PyGithub hands a body that starts like JSON but is cut off straight to json.loads.
        raise GitHubUnavailable(
            f"GitHub sent a malformed JSON body ({exc.msg} at char {exc.pos})", operation=operation
        ) from exc


def from_github_exception(exc: GithubException, operation: str) -> GitHubError:
    """The GitHubError for one PyGithub exception."""
    message = _message(exc)
    status = exc.status
    if isinstance(exc, RateLimitExceededExceedsMaxWait):
        return RateLimited(message, retry_after=exc.wait, status=status, operation=operation)
    if isinstance(exc, RateLimitExceededException) or status == 429:
        return RateLimited(
            message, retry_after=_retry_after(exc), status=status, operation=operation
        )
    if isinstance(exc, BadCredentialsException) or status == 401:
        return Unauthorized(message, status=status, operation=operation)
    if isinstance(exc, UnknownObjectException) or status == 404:
        return NotFound(message, status=status, operation=operation)
    if status == 403:
        return Forbidden(message, status=status, operation=operation)
    if status == 422:
        return Unprocessable(message, errors=_errors(exc), status=status, operation=operation)
    if status is None or status >= 500:
        return GitHubUnavailable(message, status=status, operation=operation)
    return GitHubError(message, status=status, operation=operation)


def _message(exc: GithubException) -> str:
    data = exc.data
    if isinstance(data, dict) and isinstance(data.get("message"), str):
        return str(data["message"])
    return exc.message or f"GitHub answered {exc.status}"


def _errors(exc: GithubException) -> tuple[str, ...]:
    """GitHub's `errors` list of a 422, as text (items are strings or {message: ...} objects)."""
    data = exc.data if isinstance(exc.data, dict) else {}
    items = data.get("errors") or []
    if not isinstance(items, list):
        return ()
    return tuple(str(i.get("message", i)) if isinstance(i, dict) else str(i) for i in items)


def _retry_after(exc: GithubException) -> float | None:
    headers = {k.lower(): v for k, v in (exc.headers or {}).items()}
    value = headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _network_reason(exc: requests.RequestException) -> str:
    if isinstance(exc, requests.exceptions.RetryError):
        status = _last_status(exc)
        answer = f" (last answer: {status})" if status else ""
        return f"GitHub kept failing after every retry{answer}"
    if isinstance(exc, requests.Timeout):
        return "GitHub did not answer in time"
    return f"could not talk to GitHub ({type(exc).__name__})"


def _last_status(exc: requests.RequestException) -> int | None:
    """The HTTP status urllib3 gave up on ("too many 502 error responses"), if any."""
    match = re.search(r"too many (\d{3}) error responses", str(exc))
    return int(match.group(1)) if match else None
