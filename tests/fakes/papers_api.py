"""A fake arXiv API and a fake Crossref REST API on loopback, shaped like the real ones.

arXiv: `GET /api/query?id_list=ID,ID&start=0&max_results=N` answers an Atom feed
(`<feed xmlns="http://www.w3.org/2005/Atom">` with opensearch counts and one `<entry>` per
known id, its `<id>` the versioned abstract page, its `<title>` hard-wrapped as arXiv wraps
them); an id it does not know has no entry; a malformed id gets arXiv's error entry.
Crossref: `GET /works/{doi}` answers `{"status": "ok", "message-type": "work",
"message-version": "1.0.0", "message": {...}}`, an unknown DOI the plain-text 404
"Resource not found.". Every request is logged with its time, query and User-Agent, so
tests can assert batching and spacing.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit
from xml.sax.saxutils import escape

_ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[a-z]{2})?/\d{7})(v\d+)?$", re.I)


@dataclass(frozen=True)
class Request:
    service: str  # "arxiv" | "crossref"
    path: str
    query: dict[str, str]
    user_agent: str
    at: float  # time.monotonic() when it arrived


@dataclass
class Failure:
    status: int
    body: bytes
    times: int  # -1: forever
    headers: dict[str, str] = field(default_factory=dict)


class FakePapers:
    """Both services on one loopback server: arXiv under /api/query, Crossref under /works."""

    def __init__(self) -> None:
        self.arxiv: dict[str, tuple[str, str]] = {}  # id → (title, published ISO date)
        self.crossref: dict[str, dict[str, object]] = {}  # lower-case DOI → message
        self.log: list[Request] = []
        self._failures: dict[str, Failure] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # ------------------------------------------------------------------ set-up

    def add_arxiv(self, ident: str, title: str, published: str | None = None) -> None:
        """A paper; first posted in the month its id names (YYMM.NNNNN) unless told."""
        if published is None:
            yymm = ident[:4] if ident[:4].isdigit() else "0701"
            published = f"20{yymm[:2]}-{yymm[2:]}-15T12:00:00Z"
        self.arxiv[ident.lower()] = (title, published)

    def add_crossref(self, doi: str, title: str, year: int, container: str = "") -> None:
        self.crossref[doi.lower()] = _work(doi, title, year, container)

    def fail(self, service: str, status: int, times: int = -1, body: bytes = b"",
             headers: dict[str, str] | None = None) -> None:
        """Answer `service`'s next `times` requests with `status` (arXiv throttles with a
        plain-text 'Rate exceeded.' body)."""
        self._failures[service] = Failure(status, body, times, headers or {})

    @property
    def arxiv_url(self) -> str:
        return f"{self.base}/api/query"

    @property
    def crossref_url(self) -> str:
        return self.base

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def requests(self, service: str) -> list[Request]:
        return [r for r in self.log if r.service == service]

    def start(self) -> FakePapers:
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()

    # ------------------------------------------------------------------ answers

    def answer(self, path: str, query: dict[str, str], agent: str) -> tuple[int, str, bytes, dict[str, str]]:
        service = "arxiv" if path == "/api/query" else "crossref" if path.startswith("/works/") else ""
        with self._lock:
            self.log.append(Request(service, path, query, agent, time.monotonic()))
            failure = self._failures.get(service)
            if failure is not None and failure.times != 0:
                failure.times -= 1 if failure.times > 0 else 0
                return failure.status, "text/plain", failure.body, failure.headers
        if service == "arxiv":
            return 200, "application/atom+xml; charset=utf-8", self._feed(query), {}
        if service == "crossref":
            work = self.crossref.get(unquote(path.removeprefix("/works/")).lower())
            if work is None:
                return 404, "text/plain", b"Resource not found.", {}
            envelope = {"status": "ok", "message-type": "work", "message-version": "1.0.0",
                        "message": work}
            return 200, "application/json", json.dumps(envelope).encode(), {}
        return 404, "text/plain", b"not found", {}

    def _feed(self, query: dict[str, str]) -> bytes:
        ids = [i for i in query.get("id_list", "").split(",") if i]
        limit = int(query.get("max_results", "10"))
        bad = [i for i in ids if not _ARXIV_ID.match(i)]
        entries = [_error_entry(bad[0])] if bad else list(self._entries(ids))[:limit]
        return _FEED.format(
            ids=escape(",".join(ids)), limit=limit, total=len(entries),
            entries="".join(entries),
        ).encode()

    def _entries(self, ids: list[str]) -> Iterator[str]:
        for ident in ids:
            known = self.arxiv.get(ident.lower())
            if known is not None:
                yield _entry(ident, *known)


def _handler(fake: FakePapers) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            status, kind, body, headers = fake.answer(
                parts.path, query, self.headers.get("User-Agent", "")
            )
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def _wrapped(title: str) -> str:
    """arXiv hard-wraps titles: a newline and two spaces after about 70 characters."""
    words, lines, line = title.split(), [], ""
    for word in words:
        if line and len(line) + len(word) > 70:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n  ".join(lines)


def _entry(ident: str, title: str, published: str) -> str:
    return f"""
  <entry>
    <id>http://arxiv.org/abs/{escape(ident)}v2</id>
    <title>{escape(_wrapped(title))}</title>
    <updated>{published}</updated>
    <link href="https://arxiv.org/abs/{escape(ident)}v2" rel="alternate" type="text/html"/>
    <link href="https://arxiv.org/pdf/{escape(ident)}v2" rel="related" type="application/pdf" title="pdf"/>
    <summary>An abstract.</summary>
    <category term="cs.DC" scheme="http://arxiv.org/schemas/atom"/>
    <published>{published}</published>
    <arxiv:primary_category term="cs.DC"/>
    <author>
      <name>A. Author</name>
    </author>
  </entry>"""


def _error_entry(ident: str) -> str:
    return f"""
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_{escape(ident)}</id>
    <title>Error</title>
    <summary>incorrect id format for {escape(ident)}</summary>
    <updated>2025-11-11T00:00:00-05:00</updated>
    <link href="http://arxiv.org/api/errors#incorrect_id_format_for_{escape(ident)}" rel="alternate" type="text/html"/>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>"""


_FEED = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/SkuXkYxumgL1drFIL7NufdnpkFc</id>
  <title>arXiv Query: search_query=&amp;id_list={ids}&amp;start=0&amp;max_results={limit}</title>
  <updated>2025-11-11T18:34:08Z</updated>
  <link href="https://arxiv.org/api/query?search_query=&amp;start=0&amp;max_results={limit}&amp;id_list={ids}" type="application/atom+xml"/>
  <opensearch:itemsPerPage>{limit}</opensearch:itemsPerPage>
  <opensearch:totalResults>{total}</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>{entries}
</feed>
"""


def _work(doi: str, title: str, year: int, container: str) -> dict[str, object]:
    """A Crossref work message with the fields the real one always has."""
    parts = {"date-parts": [[year, 10, 23]]}
    return {
        "indexed": {"date-parts": [[2025, 1, 1]], "date-time": "2025-01-01T00:00:00Z",
                    "timestamp": 1735689600000},
        "publisher": "ACM",
        "content-domain": {"domain": ["dl.acm.org"], "crossmark-restriction": True},
        "published-print": parts,
        "DOI": doi,
        "type": "proceedings-article",
        "created": {"date-parts": [[year, 10, 2]]},
        "source": "Crossref",
        "is-referenced-by-count": 3,
        "title": [title],
        "prefix": doi.split("/")[0],
        "member": "320",
        "container-title": [container] if container else [],
        "original-title": [],
        "link": [],
        "deposited": {"date-parts": [[year, 10, 3]]},
        "score": 1,
        "subtitle": [],
        "short-title": [],
        "issued": parts,
        "references-count": 40,
        "URL": f"https://doi.org/{doi}",
        "relation": {},
        "published": parts,
    }
