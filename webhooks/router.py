"""Routing by (event, action), sans I/O: a delivery in, a job or nothing out.

Each concern (pull_request, issue_comment, check_run) owns a Router of small handlers named
after the event; `webhooks.routes` combines them. Handlers are pure functions of the payload,
so they are tested with plain dicts and never touch the network.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from bot.jobs.job import Job

__all__ = ["Delivery", "Handler", "PayloadError", "Router", "field"]

T = TypeVar("T")


class PayloadError(ValueError):
    """A signed payload lacks a field its event must have; the message names the field."""


MAX_DELIVERY_ID = 100  # GitHub's delivery ids are GUIDs (36 characters)


@dataclass(frozen=True, slots=True)
class Delivery:
    """One verified webhook delivery."""

    event: str  # X-GitHub-Event
    delivery_id: str  # X-GitHub-Delivery
    data: Mapping[str, Any]
    app_login: str | None = None  # our login, for `@<app-login> recheck`

    @property
    def action(self) -> str | None:
        action = self.data.get("action")
        return action if isinstance(action, str) else None


Handler = Callable[[Delivery], Job | None]


class Router:
    """(event, action) → handler; anything unrouted is acknowledged and ignored."""

    def __init__(self, *routers: Router) -> None:
        self._routes: dict[tuple[str, str | None], Handler] = {}
        for router in routers:
            for key, handler in router._routes.items():
                self._add(key, handler)

    def register(self, event: str, action: str | None = None) -> Callable[[Handler], Handler]:
        def decorator(handler: Handler) -> Handler:
            self._add((event, action), handler)
            return handler

        return decorator

    def _add(self, key: tuple[str, str | None], handler: Handler) -> None:
        if key in self._routes:
            raise ValueError(f"two handlers for {key}")
        self._routes[key] = handler

    def handler(self, delivery: Delivery) -> Handler | None:
        return self._routes.get((delivery.event, delivery.action))

    def dispatch(self, delivery: Delivery) -> Job | None:
        """The job for a delivery, or None when it is not ours to act on."""
        handler = self.handler(delivery)
        return handler(delivery) if handler is not None else None


def field(data: Mapping[str, Any], *path: str, kind: type[T]) -> T:
    """`data[path[0]][path[1]]...`, checked to be a `kind`; PayloadError names what is missing."""
    value: Any = data
    for i, key in enumerate(path):
        if not isinstance(value, Mapping) or key not in value:
            raise PayloadError(f"payload has no {'.'.join(path[: i + 1])}")
        value = value[key]
    # bool is an int in Python; a payload with `"number": true` is still malformed.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise PayloadError(f"payload field {'.'.join(path)} is not a {kind.__name__}")
    return value


def optional_field(data: Mapping[str, Any], *path: str, kind: type[T]) -> T | None:
    """Like `field`, but None when any part of the path is absent or null."""
    try:
        return field(data, *path, kind=kind)
    except PayloadError:
        return None
