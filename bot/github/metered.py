"""Gateways that count their GitHub API calls for /metrics.

A wrapper around `GatewayFactory`, so the gateway itself stays one documented call per
method: each public method call is counted once, by name and outcome (`ok` or the
GitHubError type), and the rate limit GitHub reported in its latest answer is recorded.
PyGithub's transport retries and extra pages of a list are inside one call.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from bot import metrics
from bot.github.errors import GitHubError

LOG = logging.getLogger(__name__)


class MeteredGateways:
    """`for_installation` hands out gateways whose calls are counted."""

    def __init__(self, factory: Any) -> None:
        self.factory = factory

    def for_installation(self, installation_id: int | None) -> MeteredGateway:
        return MeteredGateway(self.factory.for_installation(installation_id))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.factory, name)  # login() and the rest, unchanged


class MeteredGateway:
    """A Gateway whose public methods count themselves."""

    def __init__(self, gateway: Any) -> None:
        self._gateway = gateway

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._gateway, name)
        if name.startswith("_") or not callable(value):  # `login` is a property
            return value
        return self._metered(name, value)

    def _metered(self, name: str, call: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(call)
        def metered(*args: Any, **kwargs: Any) -> Any:
            outcome = "ok"
            try:
                return call(*args, **kwargs)
            except GitHubError as exc:
                outcome = type(exc).__name__
                raise
            finally:
                metrics.count_github_call(name, outcome, self.rate_limit_remaining())

        return metered

    def rate_limit_remaining(self) -> int | None:
        """X-RateLimit-Remaining of PyGithub's latest answer (no request is made)."""
        try:
            remaining = self._gateway._client.requester.rate_limiting[0]
        except (AttributeError, IndexError, TypeError):
            return None
        return int(remaining) if remaining >= 0 else None  # -1: no answer yet
