"""URL normal forms: two URLs that lead to the same project or paper get the same key."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only say where a click came from.
_TRACKING = re.compile(r"^(utm_\w+|ref|ref_src|source|fbclid|gclid|mc_cid|mc_eid|igshid|si)$", re.I)
_ARXIV = re.compile(r"^/(?:abs|pdf|html)/(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?:\.pdf)?/?$", re.I)
_DOI_HOSTS = ("doi.org", "dx.doi.org")
_CASELESS_PATH_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "pypi.org")


def canonical_url(url: str) -> str:
    """A comparison key: scheme, 'www.', case, '.git', trailing '/', tracking and arXiv
    versions folded away. Not a URL to visit."""
    raw = url.strip()
    try:
        parts = urlsplit(raw if "//" in raw else "//" + raw)
    except ValueError:
        return raw.lower()
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = re.sub(r"/{2,}", "/", parts.path)
    arxiv = _arxiv_id(host, path)
    if arxiv:
        return f"arxiv:{arxiv.lower()}"
    if host in _DOI_HOSTS:
        return f"doi:{path.strip('/').lower()}"
    path = path.rstrip("/").removesuffix(".git")
    if host in _CASELESS_PATH_HOSTS:
        path = path.lower()
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)))
    return urlunsplit(("", host, path, query, ""))[2:]


def _arxiv_id(host: str, path: str) -> str | None:
    if host not in ("arxiv.org", "export.arxiv.org"):
        return None
    match = _ARXIV.match(path)
    return match.group(1) if match else None


def github_repo(url: str) -> str | None:
    """'owner/repo' (lower-case) for a github.com repository URL or any page inside it."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    if host != "github.com":
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2:
        return None
    return f"{segments[0]}/{segments[1].removesuffix('.git')}".lower()
