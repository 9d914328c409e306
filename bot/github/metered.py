"""Gateways that count their GitHub API calls for /metrics.

A wrapper around any `Gateways`, so the gateway itself stays one documented call per
method: each call is counted once, by name and outcome (`ok` or the GitHubError type), and
the rate limit GitHub reported in its latest answer is recorded. PyGithub's transport
retries and extra pages of a list are inside one call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from bot import metrics
from bot.github.errors import GitHubError
from bot.github.forwarding import ForwardingGateway
from bot.github.protocol import Gateways

LOG = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


class MeteredGateways(Gateways):
    """`for_installation` hands out gateways whose calls are counted."""

    def __init__(self, factory: Gateways) -> None:
        self.factory = factory

    def for_installation(self, installation_id: int | None) -> MeteredGateway:
        return MeteredGateway(self.factory.for_installation(installation_id))

    def installations(self) -> list[int]:
        return self.factory.installations()


class MeteredGateway(ForwardingGateway):
    """A Gateway whose calls, reads and writes alike, count themselves."""

    def _read(self, name: str, call: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        outcome = "ok"
        try:
            return call(*args, **kwargs)
        except GitHubError as exc:
            outcome = type(exc).__name__
            raise
        finally:
            metrics.count_github_call(name, outcome, self.rate_limit_remaining())
