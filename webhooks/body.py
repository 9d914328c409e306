"""A delivery's body, read so that unsigned traffic cannot hold memory.

The signature is computed while the body streams through in chunks; until it is known good,
at most SPOOL_BYTES of the body are in memory (the rest waits in a temporary file), and a
refused body is dropped unread by anything else. Only a body that GitHub signed is read
whole and parsed, and large ones take turns: LargeBodies lets a few in at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from tempfile import SpooledTemporaryFile
from typing import IO

from webhooks.signature import Signature, compare, header_problem, signer

CHUNK = 64 * 1024
SPOOL_BYTES = 256 * 1024  # a body past this waits in a temporary file, not in memory
LARGE_BYTES = 1024 * 1024  # GitHub's usual payloads are tens of KB; past this, take turns
LARGE_AT_ONCE = 2
LARGE_WAIT = 5.0  # seconds a large delivery waits for its turn (GitHub waits 10 for an answer)


@dataclass
class Body:
    verdict: Signature
    size: int
    spool: IO[bytes] | None  # positioned at the start; None unless the verdict is VALID

    def read(self) -> bytes:
        return self.spool.read() if self.spool is not None else b""


@contextmanager
def signed_body(stream: IO[bytes], secret: str, header: str | None) -> Iterator[Body]:
    """Stream `stream` through the HMAC; a missing or malformed header reads nothing."""
    refused = header_problem(header)
    if refused is not None:
        yield Body(refused, 0, None)
        return
    mac = signer(secret)
    size = 0
    with SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        while chunk := stream.read(CHUNK):
            mac.update(chunk)
            spool.write(chunk)
            size += len(chunk)
        verdict = compare(mac, header or "")
        if verdict is not Signature.VALID:
            yield Body(verdict, size, None)
            return
        spool.seek(0)
        yield Body(verdict, size, spool)


class LargeBodies:
    """At most `at_once` bodies over LARGE_BYTES are read whole and parsed at the same time."""

    def __init__(self, at_once: int = LARGE_AT_ONCE, wait: float = LARGE_WAIT) -> None:
        self.slots = threading.BoundedSemaphore(at_once)
        self.wait = wait

    @contextmanager
    def turn(self, size: int) -> Iterator[bool]:
        """Yields False when a large body did not get its turn within `wait` seconds."""
        if size <= LARGE_BYTES:
            yield True
            return
        if not self.slots.acquire(timeout=self.wait):
            yield False
            return
        try:
            yield True
        finally:
            self.slots.release()
