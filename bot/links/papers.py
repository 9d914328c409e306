"""Paper metadata: the title behind an arXiv or DOI link, from arXiv's API and Crossref's.

Every link answers 200 whether or not it is the paper the entry names, so the only place
the true title lives is the paper's metadata. arXiv takes many ids per request (its Atom
feed for `id_list=`) and asks for at most one request every three seconds; Crossref
answers one DOI per request (`works/{doi}`) and puts callers that give a `mailto` into its
polite pool. Results are cached like link results, under `paper:<key>` names.

The base URLs are the operator's settings, not text from a pull request, so these requests
do not go through the SSRF guard (tests point them at loopback); no redirect is followed, and
a DOI is sent percent-encoded as one path segment, so a hostile DOI cannot leave the API.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import aiohttp
from yarl import URL

from bot.links.cache import LinkCache
from bot.links.options import USER_AGENT
from bot.model import LinkResult, Paper, Verdict
from bot.settings import DEFAULT_ARXIV_API_URL, DEFAULT_CROSSREF_API_URL, Settings
from bot.urls import canonical_url

LOG = logging.getLogger(__name__)

RESULT_PREFIX = "paper:"
MAX_BODY = 4 << 20  # an answer for 50 papers is ~150 KB; anything far larger is not one
_ATOM = "{http://www.w3.org/2005/Atom}"
# An entry's <id> is the abstract page with a version: http://arxiv.org/abs/2308.12066v3
_ABS_ID = re.compile(r"/abs/(.+?)(?:v\d+)?$")
_TAGS = re.compile(r"<[^>]{0,200}>")  # Crossref titles may carry JATS/HTML markup: <i>…</i>


@dataclass(frozen=True)
class PaperOptions:
    """Where the metadata services are and how politely they are asked."""

    arxiv_url: str = DEFAULT_ARXIV_API_URL
    crossref_url: str = DEFAULT_CROSSREF_API_URL
    mailto: str | None = None  # Crossref's polite pool wants a contact address
    arxiv_interval: float = 3.0  # arXiv: "no more than one request every three seconds"
    crossref_interval: float = 0.5
    batch: int = 50  # arXiv ids per request
    timeout: float = 20.0
    user_agent: str = USER_AGENT

    def agent(self) -> str:
        """Our User-Agent, with the contact address Crossref asks for when there is one."""
        return f"{self.user_agent} mailto:{self.mailto}" if self.mailto else self.user_agent


def paper_options(settings: Settings) -> PaperOptions:
    """The services and contact address the settings name."""
    return PaperOptions(
        arxiv_url=settings.arxiv_api_url,
        crossref_url=settings.crossref_api_url,
        mailto=settings.contact_email,
    )


def paper_key(url: str) -> str | None:
    """'arxiv:2308.12066' or 'doi:10.1145/…' for a link whose metadata can be asked for."""
    key = canonical_url(url)
    return key if key.startswith(("arxiv:", "doi:")) else None


def result_name(key: str) -> str:
    """The name a paper's result goes by among link results: 'paper:arxiv:2308.12066'."""
    return RESULT_PREFIX + key


class Spacing:
    """A minimum gap between two requests to one host, shared by every run in the process
    (reviews run in several worker threads, each with its own event loop)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    async def wait(self, host: str, interval: float) -> None:
        """Sleep until this caller's turn at `host`, booking the turn after it."""
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, 0.0))
            self._next[host] = start + interval
        if start > now:
            await asyncio.sleep(start - now)


SPACING = Spacing()


async def lookup_papers(
    urls: Iterable[str],
    options: PaperOptions,
    cache: LinkCache | None = None,
    spacing: Spacing = SPACING,
) -> dict[str, LinkResult]:
    """One result per paper behind `urls`, named by `result_name(key)`."""
    keys = list(dict.fromkeys(k for url in urls if (k := paper_key(url)) is not None))
    results: dict[str, LinkResult] = {}
    for key in keys:
        hit = cache.get(result_name(key)) if cache is not None else None
        if hit is not None:
            results[key] = hit
    todo = [key for key in keys if key not in results]
    if todo:
        fetched = await _fetch(todo, options, spacing)
        for result in fetched.values():
            if cache is not None and result.verdict is not Verdict.UNVERIFIABLE:
                cache.put(result)  # a refusal is asked again next time, not remembered
        results.update(fetched)
    return {result_name(key): results[key] for key in keys}


async def _fetch(keys: list[str], options: PaperOptions, spacing: Spacing) -> dict[str, LinkResult]:
    timeout = aiohttp.ClientTimeout(total=options.timeout)
    headers = {"User-Agent": options.agent()}
    async with aiohttp.ClientSession(
        timeout=timeout, headers=headers, trust_env=False, cookie_jar=aiohttp.DummyCookieJar()
    ) as session:
        client = _Client(session, options, spacing)
        arxiv = [k for k in keys if k.startswith("arxiv:")]
        dois = [k for k in keys if k.startswith("doi:")]
        found = await asyncio.gather(client.arxiv(arxiv), client.crossref(dois))
    return {**found[0], **found[1]}


class _Client:
    """The two services, asked in turn (each is one host with its own interval)."""

    def __init__(self, session: aiohttp.ClientSession, options: PaperOptions, spacing: Spacing):
        self._session = session
        self._options = options
        self._spacing = spacing

    async def arxiv(self, keys: list[str]) -> dict[str, LinkResult]:
        results: dict[str, LinkResult] = {}
        size = max(1, self._options.batch)
        for start in range(0, len(keys), size):
            results.update(await self._arxiv_batch(keys[start : start + size]))
        return results

    async def _arxiv_batch(self, keys: list[str]) -> dict[str, LinkResult]:
        ids = [key.removeprefix("arxiv:") for key in keys]
        # max_results: the API answers 10 entries unless told otherwise.
        query = {"id_list": ",".join(ids), "start": "0", "max_results": str(len(ids))}
        answer = await self._get(self._options.arxiv_url, query, "arXiv")
        if isinstance(answer, LinkResult):
            return {key: _named(answer, key) for key in keys}
        try:
            papers = parse_arxiv_feed(answer)
        except (ET.ParseError, ValueError) as exc:
            # arXiv signals throttling with a bare "Rate exceeded." body, not a feed.
            reason = f"arXiv's API answered something that is not an Atom feed ({exc})"
            return {key: _unverifiable(key, reason) for key in keys}
        return {key: _found_or_missing(key, papers.get(key), "arXiv", len(keys)) for key in keys}

    async def crossref(self, keys: list[str]) -> dict[str, LinkResult]:
        results: dict[str, LinkResult] = {}
        for key in keys:
            results[key] = await self._crossref_one(key)
        return results

    async def _crossref_one(self, key: str) -> LinkResult:
        doi = key.removeprefix("doi:")
        base = self._options.crossref_url.rstrip("/")
        url = f"{base}/works/{quote(doi, safe='')}"
        query = {"mailto": self._options.mailto} if self._options.mailto else {}
        answer = await self._get(url, query, "Crossref")
        if isinstance(answer, LinkResult):
            return _named(answer, key)
        try:
            paper = parse_crossref_work(answer, key)
        except ValueError as exc:
            return _unverifiable(key, f"Crossref answered something that is not a work ({exc})")
        return _found_or_missing(key, paper, "Crossref", 1)

    async def _get(self, url: str, query: Mapping[str, str], service: str) -> str | LinkResult:
        """The body of a 200 answer, or a result saying why there is none (url left blank)."""
        target = URL(url, encoded="%" in url).update_query(dict(query))
        # Spaced per service and host (tests serve both services from one loopback port).
        turn = f"{service}@{target.host}:{target.port}"
        await self._spacing.wait(turn, _interval(self._options, service))
        try:
            async with self._session.get(target, allow_redirects=False) as response:
                body = await response.content.read(MAX_BODY)
                if response.status == 404 and service == "Crossref":
                    return LinkResult("", Verdict.BROKEN, 404, "not in Crossref", requests=1)
                if response.status != 200:
                    return _refused(service, response.status)
                return body.decode(response.charset or "utf-8", errors="replace")
        except TimeoutError:
            return LinkResult("", Verdict.UNVERIFIABLE, None, f"{service} did not answer in time")
        except aiohttp.ClientError as exc:
            reason = f"{service} could not be reached ({type(exc).__name__})"
            return LinkResult("", Verdict.UNVERIFIABLE, None, reason, requests=1)


def _interval(options: PaperOptions, service: str) -> float:
    return options.arxiv_interval if service == "arXiv" else options.crossref_interval


def _refused(service: str, status: int) -> LinkResult:
    why = "rate limited" if status == 429 else "unavailable"
    reason = f"{service}'s API answered {status} ({why})"
    return LinkResult("", Verdict.UNVERIFIABLE, status, reason, requests=1)


def _named(result: LinkResult, key: str) -> LinkResult:
    """A service-level answer as the result of one paper."""
    return LinkResult(
        result_name(key), result.verdict, result.status, result.reason, requests=result.requests
    )


def _unverifiable(key: str, reason: str) -> LinkResult:
    return LinkResult(result_name(key), Verdict.UNVERIFIABLE, 200, reason, requests=1)


def _found_or_missing(key: str, paper: Paper | None, service: str, shared: int) -> LinkResult:
    """`shared`: how many papers the request served, so only the first counts it."""
    requests = 1 if shared == 1 else 0
    if paper is None:
        ident = key.partition(":")[2]
        reason = f"{service} has no paper {ident}"
        return LinkResult(result_name(key), Verdict.BROKEN, 200, reason, requests=requests)
    return LinkResult(result_name(key), Verdict.OK, 200, requests=requests, paper=paper)


def parse_arxiv_feed(text: str) -> dict[str, Paper]:
    """Papers by key from an arXiv API Atom feed. Error entries (their <id> is not an
    abstract page: `…/api/errors#incorrect_id_format_for_…`) are left out.

    ElementTree never fetches external entities, and the expat it runs on (2.4+) refuses
    entity-expansion bombs; the body is bounded before it gets here.
    """
    root = ET.fromstring(text)
    if root.tag != f"{_ATOM}feed":
        raise ValueError(f"the root element is {root.tag!r}, not an Atom feed")
    papers: dict[str, Paper] = {}
    for entry in root.iter(f"{_ATOM}entry"):
        match = _ABS_ID.search((entry.findtext(f"{_ATOM}id") or "").strip())
        title = " ".join((entry.findtext(f"{_ATOM}title") or "").split())
        if match is None or not title:
            continue
        key = f"arxiv:{match.group(1).lower()}"
        papers[key] = Paper(key, title, _year(entry.findtext(f"{_ATOM}published")), "arXiv")
    return papers


def parse_crossref_work(text: str, key: str) -> Paper | None:
    """The paper of a Crossref `works/{doi}` answer: `{"status": "ok", "message": {...}}`."""
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc.msg}") from None
    message = data.get("message") if isinstance(data, dict) else None
    if not isinstance(message, dict) or data.get("status") != "ok":
        raise ValueError("no message in the envelope")
    title = _first_text(message.get("title"))
    if not title:
        return None
    subtitle = _first_text(message.get("subtitle"))
    if subtitle and subtitle.lower() not in title.lower():
        title = f"{title}: {subtitle}"
    return Paper(key, title, _issued_year(message), "Crossref")


def _first_text(value: object) -> str:
    if isinstance(value, list) and value and isinstance(value[0], str):
        return " ".join(_TAGS.sub("", value[0]).split())
    return ""


def _issued_year(message: Mapping[str, Any]) -> int | None:
    """The year of `issued` (Crossref's earliest known publication date)."""
    try:
        year = message["issued"]["date-parts"][0][0]
    except (KeyError, IndexError, TypeError):
        return None
    return year if isinstance(year, int) else None


def _year(text: str | None) -> int | None:
    """The year of an Atom date such as 2023-08-23T13:09:41Z."""
    head = (text or "").strip()[:4]
    return int(head) if head.isdigit() else None
