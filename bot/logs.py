"""Log lines for operators: text on a terminal, or one JSON object per line for a log shipper.

Every line logged while a delivery is taken in or a job runs carries that delivery id, repo
and PR, whether the caller passed them in `extra` or not: `context()` binds them for the
current thread (contextvars), and a filter copies them onto each record.
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from types import MappingProxyType
from typing import Any

LOG = logging.getLogger(__name__)

FIELDS = ("delivery", "repo", "pr", "sha", "event")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s%(where)s"
FORMATS = ("text", "json")

_CONTEXT: contextvars.ContextVar[Mapping[str, Any]] = contextvars.ContextVar(
    "awesome_review_log_context", default=MappingProxyType({})
)


@contextmanager
def context(**fields: Any) -> Iterator[None]:
    """Bind delivery/repo/pr to every log line of this thread until the block ends."""
    token = _CONTEXT.set({**_CONTEXT.get(), **{k: v for k, v in fields.items() if v}})
    try:
        yield
    finally:
        _CONTEXT.reset(token)


def bind(**fields: Any) -> None:
    """Add fields to the current context (e.g. the repo and PR once a payload is routed)."""
    _CONTEXT.set({**_CONTEXT.get(), **{k: v for k, v in fields.items() if v}})


def clear() -> None:
    """Forget the current thread's fields (a web thread moves on to another delivery)."""
    _CONTEXT.set({})


class ContextFilter(logging.Filter):
    """Copy the bound fields onto each record, unless the caller passed them in `extra`."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, value in _CONTEXT.get().items():
            if not hasattr(record, name):
                setattr(record, name, value)
        record.where = _where(record)
        return True


def _where(record: logging.LogRecord) -> str:
    """` [delivery=… repo=… pr=…]` for text lines, or nothing."""
    parts = [f"{name}={getattr(record, name)}" for name in FIELDS if hasattr(record, name)]
    return f" [{' '.join(parts)}]" if parts else ""


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, message, process, the FIELDS present, exc."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.datetime.fromtimestamp(record.created, datetime.UTC)
            .isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
            "thread": record.threadName,
        }
        for name in FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


def make_handler(log_format: str, stream: Any = None) -> logging.Handler:
    """A stream handler (stderr by default) in `log_format`, with the context filter."""
    handler = logging.StreamHandler(stream or sys.stderr)
    formatter = JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)
    handler.setFormatter(formatter)
    handler.addFilter(ContextFilter())
    return handler


def configure(log_format: str = "text", level: int = logging.INFO) -> None:
    """Send the root logger's lines to stderr in `log_format` ("text" or "json")."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "awesome_review", False)]:
        root.removeHandler(old)  # configured twice (tests, gunicorn reloads): one handler
    handler = make_handler(log_format)
    handler.awesome_review = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)


class Throttle:
    """One log line per `interval` for an event that may repeat thousands of times a second
    (forged deliveries, a full queue): the lines a flood writes stay bounded, and each says
    how many it stands for."""

    def __init__(self, interval: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self.clock = clock
        self.lock = threading.Lock()
        self.count = 0
        self.logged_at = float("-inf")

    def due(self) -> int:
        """Note one event; the number of events to report now, or 0 when not yet due."""
        with self.lock:
            self.count += 1
            now = self.clock()
            if now - self.logged_at < self.interval:
                return 0
            count, self.count, self.logged_at = self.count, 0, now
            return count
