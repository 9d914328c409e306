"""Faults the fake GitHub API injects, per route, a given number of times."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Literal

SECONDARY_MESSAGE = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
)
PRIMARY_MESSAGE = "API rate limit exceeded for installation ID 1."
_REASONS = {
    403: "Forbidden",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


@dataclass
class Fault:
    """One misbehaviour. Without a status the real answer is sent (delayed or truncated)."""

    status: int | None = None
    message: str | None = None
    delay: float = 0.0  # seconds before answering (a slow GitHub; a client timeout)
    truncate: bool = False  # send only the first half of the JSON body
    rate_limit: Literal["primary", "secondary"] | None = None
    retry_after: float | None = None
    reset_in: float | None = None  # primary: X-RateLimit-Reset this many seconds from now
    headers: dict[str, str] = field(default_factory=dict)

    def answer(self) -> tuple[int, bytes, dict[str, str]] | None:
        """The error response to send instead of the real one, if this fault replaces it."""
        status = self.status or (403 if self.rate_limit else None)
        if status is None:
            return None
        headers = dict(self.headers)
        message = self.message or _REASONS.get(status, "Error")
        if self.rate_limit == "primary":
            message = self.message or PRIMARY_MESSAGE
            reset = int(time.time() + (self.reset_in if self.reset_in is not None else 1))
            headers.update({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)})
        elif self.rate_limit == "secondary":
            message = self.message or SECONDARY_MESSAGE
        if self.retry_after is not None:
            headers["Retry-After"] = str(int(self.retry_after))
        body = {"message": message, "documentation_url": "https://docs.github.com/rest"}
        return status, json.dumps(body).encode(), headers


@dataclass
class Armed:
    fault: Fault
    times: int  # how many more requests it hits; -1 for all
