"""Fencing: a worker writes to GitHub only while it still holds its PR's lock.

A worker that stalls past its lease (a long pause, a lost connection to the store) may wake
up after another worker has taken the review over. Every write it then attempts is refused
here, before it is sent: the lock's owner token is the fencing token, checked (and renewed)
before each write. A write already in flight when a worker dies cannot be called back; the
sweep waits IN_FLIGHT_SECONDS past a lease before handing the review on (runner.sweep), and
publishing folds any duplicate of our sticky comment it still finds (github/sticky.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from bot.github.auth import GatewayOptions
from bot.github.forwarding import ForwardingGateway
from bot.github.protocol import Gateway

# The longest a write sent under a lease can take to land or fail: one HTTP request's timeout.
IN_FLIGHT_SECONDS = float(GatewayOptions().timeout)

P = ParamSpec("P")
R = TypeVar("R")


class Superseded(Exception):
    """This worker no longer holds the review: another one has taken it over."""


class FencedGateway(ForwardingGateway):
    """A Gateway whose writes first ask `still_ours()`; reads pass through unchanged."""

    def __init__(self, gateway: Gateway, still_ours: Callable[[], bool]) -> None:
        super().__init__(gateway)
        self._still_ours = still_ours

    def _write(self, name: str, call: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        if not self._still_ours():
            raise Superseded(f"lost the lock before {name}; another worker has the review")
        return call(*args, **kwargs)
