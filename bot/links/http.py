"""Checking one URL over HTTP: HEAD then GET, retries, redirects followed by hand."""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
import ssl
from dataclasses import dataclass, field, replace
from types import SimpleNamespace

import aiohttp
from multidict import CIMultiDict, CIMultiDictProxy
from yarl import URL

from bot.links.guard import AllowList, RefusedAddress, refusal
from bot.links.limits import Gate
from bot.links.options import LinkOptions
from bot.links.verdicts import (
    PERMANENT_REDIRECTS,
    classify,
    head_unreliable,
    is_redirect,
    phrase,
    retry_after,
    should_retry,
)
from bot.model import LinkResult, Verdict

LOG = logging.getLogger(__name__)

MAX_BODY = 1 << 20  # read at most this much of a GET body (only to reuse the connection)
CHUNK = 64 * 1024
HANG_UP_GRACE = 0.5  # seconds a host slot stays taken after we time a request out
NEVER = float("inf")
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
NXDOMAIN = frozenset(
    code for code in (getattr(socket, n, None) for n in ("EAI_NONAME", "EAI_NODATA")) if code
)


@dataclass(slots=True)
class Sent:
    """Requests whose headers went out for one exchange (aiohttp may resend once)."""

    count: int = 0


async def _count_sent(
    session: aiohttp.ClientSession,
    ctx: SimpleNamespace,
    params: aiohttp.TraceRequestHeadersSentParams,
) -> None:
    """Trace hook: one more request sent for the exchange that passed `trace_request_ctx`."""
    if isinstance(ctx.trace_request_ctx, Sent):
        ctx.trace_request_ctx.count += 1


def tracing() -> aiohttp.TraceConfig:
    """The trace config a checker's session needs to count the requests it really sends."""
    config = aiohttp.TraceConfig()
    config.on_request_headers_sent.append(_count_sent)
    return config


@dataclass(frozen=True, slots=True)
class Answer:
    """The parts of one HTTP answer the checker looks at."""

    status: int
    headers: CIMultiDictProxy[str]


@dataclass(frozen=True, slots=True)
class Failure:
    """A hop that ended without a usable answer; `retry` marks transient causes."""

    verdict: Verdict
    reason: str
    retry: bool = False


@dataclass(slots=True)
class Trail:
    """What one URL's check has done so far."""

    method: str = "HEAD"
    requests: int = 0
    chain: list[str] = field(default_factory=list)
    permanent: bool = True


class HttpChecker:
    """Checks URLs through one aiohttp session, within the Gate's limits."""

    def __init__(self, session: aiohttp.ClientSession, options: LinkOptions, gate: Gate) -> None:
        self._session = session
        self._options = options
        self._gate = gate
        self._allow = AllowList.parse(options.allow_hosts)
        # ceil_threshold: aiohttp rounds longer timeouts up to a whole second by default.
        self._timeout = aiohttp.ClientTimeout(
            total=options.timeout, sock_connect=options.connect_timeout, ceil_threshold=NEVER
        )

    async def check(self, url: str) -> LinkResult:
        """Check `url`, following its redirects; never raises for network trouble."""
        try:
            target = URL(url)
        except (ValueError, TypeError) as exc:
            return LinkResult(url, Verdict.BROKEN, reason=f"not a valid URL: {exc}")
        reason = refusal(target, self._allow)
        if reason:
            return LinkResult(url, Verdict.SKIPPED, reason=reason)
        return await self._follow(url, target, Trail())

    async def _follow(self, url: str, target: URL, trail: Trail) -> LinkResult:
        """Request `target` and each redirect hop after it until a final answer."""
        seen = {str(target)}
        while True:
            outcome = await self._hop(target, trail)
            if isinstance(outcome, Failure):
                return self._result(url, trail, outcome.verdict, outcome.reason)
            location = outcome.headers.get("Location")
            if not (is_redirect(outcome.status) and location):
                verdict, reason = classify(outcome.status, outcome.headers)
                return self._result(url, trail, verdict, reason, outcome.status)
            nxt = _join(target, location)
            if nxt is None:
                return self._result(url, trail, Verdict.BROKEN, f"bad redirect to {location!r}")
            trail.chain.append(str(nxt))
            trail.permanent = trail.permanent and outcome.status in PERMANENT_REDIRECTS
            stop = self._stop_redirect(nxt, seen, trail)
            if stop is not None:
                return self._result(url, trail, stop[0], stop[1], outcome.status)
            if outcome.status == 303:
                trail.method = "GET"  # 303 See Other means: GET the new location
            seen.add(str(nxt))
            target = nxt

    def _stop_redirect(self, nxt: URL, seen: set[str], trail: Trail) -> tuple[Verdict, str] | None:
        """Why the chain must stop at `nxt` (loop, too long, refused), or None."""
        if str(nxt) in seen:
            return Verdict.BROKEN, "redirect loop: " + " → ".join(trail.chain)
        if len(trail.chain) > self._options.max_redirects:
            return Verdict.BROKEN, f"more than {self._options.max_redirects} redirects"
        reason = refusal(nxt, self._allow)
        if reason:
            return Verdict.SKIPPED, f"redirects to {nxt}, {reason}"
        return None

    def _result(
        self, url: str, trail: Trail, verdict: Verdict, reason: str, status: int | None = None
    ) -> LinkResult:
        """Assemble the LinkResult; a permanent chain ending ok is `redirected`."""
        permanent = bool(trail.chain) and trail.permanent
        if verdict is Verdict.OK and permanent:
            verdict = Verdict.REDIRECTED
            reason = f"moved permanently to {trail.chain[-1]}"
        return LinkResult(
            url=url,
            verdict=verdict,
            status=status,
            reason=reason,
            final_url=trail.chain[-1] if trail.chain else None,
            chain=tuple(trail.chain),
            permanent=permanent,
            requests=trail.requests,
        )

    async def _hop(self, target: URL, trail: Trail) -> Answer | Failure:
        """One hop: HEAD (or GET) with GET fallback and retries; an answer or a failure."""
        attempt = 0
        while True:
            outcome, sent = await self._exchange(trail.method, target)
            trail.requests += sent
            # aiohttp resends once at once after a reset (stale keep-alive connections);
            # that resend counts against our retries, so `retries` bounds what is sent.
            attempt += max(0, sent - 1)
            if _confirm_with_get(outcome, trail):
                trail.method = "GET"  # and GET for the rest of the chain
                continue
            wait = self._retry_wait(outcome, attempt)
            if wait is None:
                return _attempts(outcome, attempt)
            if isinstance(wait, Failure):
                return wait
            LOG.debug("retrying %s in %.2f s", target, wait)
            await asyncio.sleep(wait)
            attempt += 1

    def _retry_wait(self, outcome: Answer | Failure, attempt: int) -> float | Failure | None:
        """Seconds to wait before retrying, None to stop here, or a Failure to stop with."""
        retry = outcome.retry if isinstance(outcome, Failure) else should_retry(outcome.status)
        if not retry or attempt >= self._options.retries:
            return None
        backoff: float = self._options.backoff * 2**attempt
        if isinstance(outcome, Failure):
            return backoff
        asked = retry_after(outcome.headers)
        if asked is None:
            return backoff
        if asked > self._options.max_retry_after:
            return Failure(
                Verdict.UNVERIFIABLE,
                f"{phrase(outcome.status)}: asks to wait {asked:.0f} s, "
                f"more than the {self._options.max_retry_after:g} s we wait",
            )
        return asked

    async def _exchange(self, method: str, target: URL) -> tuple[Answer | Failure, int]:
        """Send one request inside the Gate: the answer or failure, and requests really sent."""
        sent = Sent()
        async with self._gate.slot((target.host or "").lower()) as slot:
            try:
                return await self._send(method, target, sent), sent.count
            except Exception as exc:  # every client error is a verdict, never a crash
                failure = _failure(exc, self._options)
                if failure.verdict is Verdict.TIMEOUT and sent.count:
                    # The server goes on working for a moment after we hang up; keeping the
                    # slot that long keeps the load it sees within the per-host limit.
                    slot.linger = HANG_UP_GRACE
                return failure, sent.count

    async def _send(self, method: str, target: URL, sent: Sent) -> Answer:
        """The request itself; GET bodies are read (up to MAX_BODY) so the connection is reused."""
        headers = {"User-Agent": self._options.user_agent, "Accept": ACCEPT}
        async with self._session.request(
            method,
            target,
            headers=headers,
            allow_redirects=False,
            timeout=self._timeout,
            trace_request_ctx=sent,
        ) as resp:
            if method == "GET":
                await _drain(resp)
            return Answer(resp.status, CIMultiDictProxy(CIMultiDict(resp.headers)))


def _confirm_with_get(outcome: Answer | Failure, trail: Trail) -> bool:
    """A failing HEAD answer is asked again with GET before it is believed."""
    return (
        isinstance(outcome, Answer) and trail.method == "HEAD" and head_unreliable(outcome.status)
    )


def _attempts(outcome: Answer | Failure, attempt: int) -> Answer | Failure:
    """Say in a retried failure's reason how often it was tried."""
    if isinstance(outcome, Failure) and outcome.retry and attempt:
        return replace(outcome, reason=f"{outcome.reason} ({attempt + 1} attempts)")
    return outcome


async def _drain(resp: aiohttp.ClientResponse) -> None:
    """Read the body up to MAX_BODY; a longer one is cut off (its connection is then closed)."""
    read = 0
    while read < MAX_BODY:
        chunk = await resp.content.read(CHUNK)
        if not chunk:
            return
        read += len(chunk)


def _join(base: URL, location: str) -> URL | None:
    """The absolute URL a (maybe relative) Location points to, without its fragment."""
    try:
        return base.join(URL(location)).with_fragment(None)
    except (ValueError, TypeError):
        return None


def _failure(exc: BaseException, options: LinkOptions) -> Failure:
    """Translate a client exception into a verdict, a reason and whether to retry."""
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return _dns_failure(exc)
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return Failure(
            Verdict.TIMEOUT,
            f"could not connect within {options.connect_timeout:g} s",
            retry=True,
        )
    if isinstance(exc, asyncio.TimeoutError):
        # Not retried: a server that let the full timeout pass rarely answers the second
        # time, and retrying would double the wait for every slow link.
        return Failure(Verdict.TIMEOUT, f"no answer within {options.timeout:g} s")
    if isinstance(exc, aiohttp.ClientSSLError | ssl.SSLError):
        return Failure(Verdict.UNVERIFIABLE, f"TLS error: {_short(exc)}")
    if isinstance(exc, aiohttp.ClientConnectorError):
        return _connect_failure(exc)
    if isinstance(exc, aiohttp.ServerDisconnectedError | aiohttp.ClientPayloadError):
        return Failure(Verdict.BROKEN, "the server closed the connection without answering", True)
    if isinstance(exc, aiohttp.ClientOSError):
        return Failure(Verdict.BROKEN, f"connection error: {_short(exc)}", retry=True)
    if isinstance(exc, aiohttp.InvalidURL):
        return Failure(Verdict.BROKEN, f"not a valid URL: {exc}")
    if isinstance(exc, aiohttp.ClientResponseError):
        return Failure(Verdict.UNVERIFIABLE, f"invalid HTTP answer: {_short(exc)}")
    LOG.warning("unexpected error checking a link: %r", exc)
    return Failure(Verdict.UNVERIFIABLE, f"unexpected error: {type(exc).__name__}: {exc}")


def _dns_failure(exc: aiohttp.ClientConnectorDNSError) -> Failure:
    """A refused address (SSRF guard), a name that does not exist, or a DNS hiccup."""
    cause = exc.os_error
    if isinstance(cause, RefusedAddress):
        return Failure(Verdict.SKIPPED, str(cause))
    host = exc.host
    if isinstance(cause, socket.gaierror) and cause.errno in NXDOMAIN:
        return Failure(Verdict.BROKEN, f"no such host: {host}")
    return Failure(Verdict.UNVERIFIABLE, f"DNS lookup of {host} failed", retry=True)


def _connect_failure(exc: aiohttp.ClientConnectorError) -> Failure:
    """Connection refused is final; other connect errors (unreachable ...) are retried."""
    if exc.os_error.errno == errno.ECONNREFUSED:
        return Failure(Verdict.BROKEN, "connection refused")
    return Failure(Verdict.BROKEN, f"cannot connect: {_short(exc)}", retry=True)


def _short(exc: BaseException) -> str:
    """An exception's message without aiohttp's connection-key preamble."""
    text = str(exc.args[-1] if isinstance(exc, aiohttp.ClientConnectorError) else exc)
    return text.strip() or type(exc).__name__
