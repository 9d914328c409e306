"""What an HTTP answer means for a link: pure functions of the status and headers."""

from __future__ import annotations

import time
from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from http import HTTPStatus

from bot.model import Verdict

PERMANENT_REDIRECTS = frozenset({301, 308})
GONE = frozenset({404, 410})


def phrase(status: int) -> str:
    """`404 Not Found`; just the number for statuses outside the standard."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def is_redirect(status: int) -> bool:
    """A status that sends the client elsewhere (304 Not Modified does not)."""
    return status in (301, 302, 303, 307, 308)


def head_unreliable(status: int) -> bool:
    """True when a HEAD answer must be confirmed with GET before it is believed.

    Many servers answer HEAD wrongly: 405/501 (not implemented), 403 (WAFs that only
    expect browsers), 404 (routes registered for GET only) and 5xx. A red mark blocks a
    pull request, so every failing HEAD is asked again with GET, which decides. 429 is not
    confirmed: it is retried after the wait the server asks for.
    """
    return status >= 400 and status != 429


def should_retry(status: int) -> bool:
    """Statuses worth asking again after a wait: rate limiting and server errors."""
    return status == 429 or status in (500, 502, 503, 504)


def bot_wall(status: int, headers: Mapping[str, str]) -> str | None:
    """The name of the bot wall that produced this answer, if it looks like one."""
    server = headers.get("Server", "").lower()
    if headers.get("cf-mitigated", "").lower() == "challenge":
        return "a Cloudflare challenge"
    if status in (403, 503) and "cloudflare" in server:
        return "Cloudflare's bot protection"
    if headers.get("x-amzn-waf-action", "").lower() in ("captcha", "challenge"):
        return "an AWS WAF challenge"
    if status in (403, 503) and "ddos-guard" in server:
        return "DDoS-Guard"
    return None


def retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds the server asks us to wait (delta-seconds or an HTTP date), if it says."""
    value = headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return None
    return max(0.0, when - (time.time() if now is None else now))


def classify(status: int, headers: Mapping[str, str]) -> tuple[Verdict, str]:
    """The verdict and reason for a final (non-redirect) answer."""
    if 200 <= status < 300:
        return Verdict.OK, ""
    if status in GONE:
        return Verdict.BROKEN, phrase(status)
    wall = bot_wall(status, headers)
    if wall:
        return Verdict.UNVERIFIABLE, (
            f"{phrase(status)} from {wall}: it blocks automated checks; open it in a browser"
        )
    return Verdict.UNVERIFIABLE, _unverifiable_reason(status)


def _unverifiable_reason(status: int) -> str:
    """Words for an answer that neither proves the link alive nor gone."""
    if status == 401:
        return f"{phrase(status)}: the page needs a login"
    if status == 403:
        return f"{phrase(status)}: the site refuses automated checks; open it in a browser"
    if status == 429:
        return f"{phrase(status)}: still rate limited after retrying"
    if status >= 500:
        return f"{phrase(status)}: the server kept failing after retrying"
    if is_redirect(status):
        return f"{phrase(status)} without a Location header"
    return f"unexpected answer {phrase(status)}"
