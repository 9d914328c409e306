"""Webhook signature checking, sans I/O: GitHub signs the raw body with the shared secret."""

from __future__ import annotations

import hashlib
import hmac
from enum import Enum

PREFIX = "sha256="


class Signature(Enum):
    VALID = "valid"
    MISSING = "missing"  # no X-Hub-Signature-256 header (an unsigned or sha1-only hook)
    MALFORMED = "malformed"  # not `sha256=<64 hex digits>`
    WRONG = "wrong"  # well-formed, but not this body signed with our secret


def check_signature(secret: str, body: bytes, header: str | None) -> Signature:
    """Check `X-Hub-Signature-256` against HMAC-SHA256 of the raw `body`.

    Must run on the raw bytes before any parsing: re-serialised JSON would not match, and
    nothing from an unverified body should be trusted (or even parsed).
    """
    refused = header_problem(header)
    if refused is not None:
        return refused
    mac = signer(secret)
    mac.update(body)
    return compare(mac, header or "")


def header_problem(header: str | None) -> Signature | None:
    """MISSING or MALFORMED when the header alone refuses the delivery (no body read)."""
    if not header:
        return Signature.MISSING
    if not header.startswith(PREFIX) or len(header) != len(PREFIX) + 64:
        return Signature.MALFORMED
    return None


def signer(secret: str) -> hmac.HMAC:
    """An HMAC to feed the body to, in one piece or chunk by chunk as it streams."""
    return hmac.new(secret.encode("utf-8"), digestmod=hashlib.sha256)


def compare(mac: hmac.HMAC, header: str) -> Signature:
    """VALID when `header` is the digest `mac` has computed over the whole body."""
    expected = PREFIX + mac.hexdigest()
    # compare_digest: the time taken does not leak how many leading characters matched.
    if hmac.compare_digest(expected.encode("ascii"), header.lower().encode("ascii", "replace")):
        return Signature.VALID
    return Signature.WRONG


def sign(secret: str, body: bytes) -> str:
    """The header value GitHub would send for `body` (for tests, benchmarks and replay)."""
    return PREFIX + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
