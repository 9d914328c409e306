"""URL normal forms: two URLs that lead to the same project or paper get the same key.

`canonical_url` folds away what does not change the target (scheme, `www.`, case of a
GitHub owner/repo, `.git`, a trailing `/`, tracking parameters, the fragment) and maps the
many addresses of one paper to one identifier: every arXiv form to `arxiv:ID`, every DOI
form (doi.org, a publisher's `/doi/...` page) to `doi:10.x/...`, OpenReview's forum and PDF
to `openreview:ID`, and so on. The key is for comparing, not for visiting.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

# Query parameters that only say where a click came from.
_TRACKING = re.compile(
    r"^(utm_\w+|ref|ref_src|ref_url|source|fbclid|gclid|dclid|msclkid|yclid|mc_cid|mc_eid"
    r"|igshid|si|_ga|_gl|spm)$",
    re.I,
)
_ARXIV_ID = r"(\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[a-z]{2})?/\d{7})"
# arxiv.org/abs/ID, /pdf/ID, /pdf/IDv2, /pdf/ID.pdf, /html/IDv1, even /abs/ID.pdf (seen in lists)
_ARXIV_PATH = re.compile(rf"^/(?:abs|pdf|html|format)/{_ARXIV_ID}(?:v\d+)?(?:\.pdf)?/?$", re.I)
_ARXIV_HOSTS = frozenset({"arxiv.org", "export.arxiv.org", "ar5iv.org", "ar5iv.labs.arxiv.org"})
_HF_PAPER = re.compile(rf"^/papers/{_ARXIV_ID}/?$", re.I)  # huggingface.co/papers/ID is arXiv
_DOI = r"(10\.\d{4,9}/\S+?)"
_DOI_HOSTS = frozenset({"doi.org", "dx.doi.org"})
# ACM, Wiley, Taylor & Francis, SAGE, ACS ...: /doi/10.x, /doi/pdf/10.x, /doi/abs/10.x
_DOI_PATH = re.compile(
    rf"^/doi/(?:(?:abs|full|pdf|epdf|pdfdirect|fullhtml|book|reader|epub)/)?{_DOI}/?$", re.I
)
_SPRINGER_PATH = re.compile(rf"^/(?:article|chapter|content/pdf)/{_DOI}(?:\.pdf)?/?$", re.I)
_OPENREVIEW_PATH = re.compile(r"^/(?:forum|pdf|attachment)/?$")
# proceedings.neurips.cc: /paper/2021/hash/HEX-Abstract.html and .../file/HEX-Paper.pdf
_NEURIPS_PATH = re.compile(r"/(?:hash|file)/([0-9a-f]{32})-", re.I)
_NEURIPS_HOSTS = frozenset({"proceedings.neurips.cc", "papers.nips.cc", "papers.neurips.cc"})
# proceedings.mlr.press/v139/he21a.html and /v139/he21a/he21a.pdf
_PMLR_PATH = re.compile(r"^/(v\d+)/([a-z0-9_\-]+?)(?:\.html|/[a-z0-9_\-]+\.pdf|\.pdf)?/?$", re.I)
# usenix.org/system/files/osdi22-unger.pdf ~ usenix.org/conference/osdi22/presentation/unger
_USENIX_FILE = re.compile(
    r"^/system/files/(?:conference/[^/]+/)?([a-z]+\d{2})[_\-](?:paper[_\-])?(.+?)\.pdf$", re.I
)
_USENIX_PAGE = re.compile(r"^/conference/([a-z]+\d{2})/presentation/([^/]+)/?$", re.I)
_YOUTUBE_HOSTS = frozenset({"youtube.com", "m.youtube.com", "youtube-nocookie.com"})
_YOUTUBE_EMBED = re.compile(r"^/(?:embed|shorts|live|v)/([\w\-]{6,})", re.I)
_PEP503 = re.compile(r"[-_.]+")
# Code hosts where owner and repository names are case-insensitive.
_CASELESS_PATH_HOSTS = frozenset(
    {"github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "pypi.org", "npmjs.com"}
)
# github.com/OWNER/REPO/tree/BRANCH (a branch, nothing deeper) is the repository itself.
_GITHUB_TREE = re.compile(r"^(/[^/]+/[^/]+)/tree/[^/]+$")
_INDEX_PAGE = re.compile(r"/index\.(?:html?|php)$", re.I)
_OTHER_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:(?!\d)", re.I)  # 'host:8080' is a port
_DEFAULT_PORTS = {"http": 80, "https": 443}
_KEY_PREFIXES = ("arxiv:", "doi:", "openreview:", "neurips:", "pmlr:", "usenix:", "pypi:",
                 "npm:", "youtube:")


@lru_cache(maxsize=1 << 17)  # the diff and the duplicate check key the same URLs again
def canonical_url(url: str) -> str:
    """A comparison key: two URLs of the same project or paper get the same key.

    Not a URL to visit: `https://arxiv.org/pdf/2308.12066v2.pdf` → `arxiv:2308.12066`,
    `https://www.GitHub.com/Owner/Repo.git/` → `github.com/owner/repo`.
    """
    raw = url.strip().strip("<>{}\"' ")  # <autolinks>, and `{https://...` typos seen in lists
    plain = _PLAIN_URL.match(raw)
    if plain is not None:  # most links: only the host and the path's ending to fold
        host = _without_www(plain[1].lower().rstrip("."))
        path = plain[2]
        if host not in _SPECIAL_HOSTS and "/10." not in path:
            return _generic(host, path, "", "")
    if raw[:4].lower() == "doi:":
        return f"doi:{_doi(raw[4:])}"
    if raw.startswith(("#", "/", ".", "?")) and not raw.startswith("//"):
        return raw  # an in-page anchor or a path inside the list's own repository
    scheme_name, sep, _ = raw.partition("://")
    if (sep and scheme_name.lower() not in ("http", "https")) or (
        not sep and _OTHER_SCHEME.match(raw)
    ):
        return raw.lower()  # mailto:, ftp://, git://, javascript: ...
    match = _URL.match(raw)
    if match is None:
        return raw.lower()  # text that is not a URL
    scheme, netloc, path, query, fragment = match.groups(default="")
    host, port = _host_port(netloc.lower(), scheme.lower())
    if "%" in path:
        path = unquote(path)
    if "//" in path:
        path = re.sub(r"/{2,}", "/", path)
    special = _paper_or_package(host, path, query)
    if special is not None:
        return special
    return _generic(host + port, path, query, fragment)


# http(s)://host/path with no port, user, query, fragment, escape or empty segment: what the
# general steps below would reduce to `_generic(host, path)` unless the host or a DOI-like
# path is a paper's or a package's
_PLAIN_URL = re.compile(r"https?://([a-z0-9.-]+)((?:/[\w.~+-]+)*/?)\Z", re.I | re.A)
# scheme (http, https or none), authority, path, query, fragment; a bare `example.com/x` too
_URL = re.compile(r"^(?:(https?):)?(?://)?([^/?#\s]+)([^?#]*)(?:\?([^#]*))?(?:#(.*))?$", re.I)


def _without_www(host: str) -> str:
    """`www.example.com` → `example.com`; `www.org` stays: what is left must still be a
    domain, or a second `www.` would fold two different hosts into one key."""
    rest = host[4:]
    return rest if host[:4] == "www." and "." in rest else host


def _host_port(netloc: str, scheme: str) -> tuple[str, str]:
    """('host', ':port') with user info, `www.`, a trailing dot and a default port removed."""
    if "@" not in netloc and ":" not in netloc:
        return _without_www(netloc.rstrip(".")), ""
    netloc = netloc.rpartition("@")[2]
    host, _, port = netloc.partition(":") if not netloc.startswith("[") else (netloc, "", "")
    host = _without_www(host.rstrip("."))
    if not port or port == str(_DEFAULT_PORTS.get(scheme or "https")):
        return host, ""
    return host, ":" + port


_PAGE_ANCHOR = re.compile(r"^[a-z0-9_.%-]*$")  # how pages name their own headings


def _generic(host: str, path: str, query: str, fragment: str) -> str:
    """host[:port]/path?query for any other URL, with the invisible differences removed."""
    if path.endswith((".html", ".htm", ".php")):
        path = _INDEX_PAGE.sub("", path)
    path = path.rstrip("/").removesuffix(".git").rstrip("/")
    if host in _CASELESS_PATH_HOSTS:
        path = path.lower()
        if host == "github.com" and "/tree/" in path:
            path = _GITHUB_TREE.sub(r"\1", path)
    key = host + path
    if query:
        pairs = sorted(
            (k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not _TRACKING.match(k)
        )
        key += "?" + urlencode(pairs) if pairs else ""
    if fragment and not _PAGE_ANCHOR.match(fragment):
        # a single-page app's route or a playground's id lives in the fragment (`#/docs`,
        # `#58I88I#186`): another fragment is another target; `#readme` is the same page
        key += "#" + fragment
    return key


def _paper_or_package(host: str, path: str, query: str) -> str | None:
    """The identifier of a paper, video or package behind any of its addresses."""
    if host in _ARXIV_HOSTS:
        match = _ARXIV_PATH.match(path)
        return f"arxiv:{match.group(1).lower()}" if match else None
    if host in _DOI_HOSTS:
        return f"doi:{_doi(path.strip('/'))}" if path.strip("/") else None
    if host in _NEURIPS_HOSTS:
        neurips = _NEURIPS_PATH.search(path)
        return f"neurips:{neurips.group(1).lower()}" if neurips else None
    by_host = _BY_HOST.get(host)
    if by_host is not None:
        return by_host(path, query)
    if "/10." not in path:  # every DOI starts with '10.'
        return None
    match = _DOI_PATH.match(path) or _SPRINGER_PATH.match(path)
    return f"doi:{_doi(match.group(1))}" if match else None


def _doi(doi: str) -> str:
    """DOIs are case-insensitive; doi.org accepts them percent-encoded too."""
    return unquote(doi).strip().strip("/").lower()


def _huggingface(path: str, query: str) -> str | None:
    match = _HF_PAPER.match(path)
    return f"arxiv:{match.group(1).lower()}" if match else None


def _openreview(path: str, query: str) -> str | None:
    paper = dict(parse_qsl(query)).get("id")
    return f"openreview:{paper}" if paper and _OPENREVIEW_PATH.match(path) else None


def _pmlr(path: str, query: str) -> str | None:
    match = _PMLR_PATH.match(path)
    return f"pmlr:{match.group(1).lower()}/{match.group(2).lower()}" if match else None


def _usenix(path: str, query: str) -> str | None:
    match = _USENIX_FILE.match(path) or _USENIX_PAGE.match(path)
    if match is None:
        return None
    slug = match.group(2).lower().replace("_", "-")
    return f"usenix:{match.group(1).lower()}/{slug}"


def _pypi(path: str, query: str) -> str | None:
    segments = [s for s in path.split("/") if s]
    if len(segments) >= 2 and segments[0] in ("project", "pypi"):
        return f"pypi:{_PEP503.sub('-', segments[1]).lower()}"  # PEP 503 name normalisation
    return None


def _npm(path: str, query: str) -> str | None:
    match = re.match(r"^/package/((?:@[^/]+/)?[^/]+)", path)
    return f"npm:{match.group(1).lower()}" if match else None


def _youtube(path: str, query: str) -> str | None:
    if path.rstrip("/") == "/watch":
        video = dict(parse_qsl(query)).get("v")
        return f"youtube:{video}" if video else None
    match = _YOUTUBE_EMBED.match(path)
    return f"youtube:{match.group(1)}" if match else None


def _youtu_be(path: str, query: str) -> str | None:
    video = path.strip("/")
    return f"youtube:{video}" if video and "/" not in video else None


_BY_HOST = {
    "huggingface.co": _huggingface,
    "openreview.net": _openreview,
    "proceedings.mlr.press": _pmlr,
    "usenix.org": _usenix,
    "pypi.org": _pypi,
    "pypi.python.org": _pypi,
    "npmjs.com": _npm,
    "npmjs.org": _npm,
    "youtu.be": _youtu_be,
    **dict.fromkeys(_YOUTUBE_HOSTS, _youtube),
}


_SPECIAL_HOSTS = frozenset({*_ARXIV_HOSTS, *_DOI_HOSTS, *_NEURIPS_HOSTS, *_BY_HOST})


def describe_key(key: str) -> str:
    """The key in words for a message: 'the arXiv paper 2308.12066', 'the GitHub repository
    a/b', or the key itself ('example.com/page')."""
    kind, _, ident = key.partition(":")
    named = {
        "arxiv": "arXiv paper", "doi": "DOI", "openreview": "OpenReview paper",
        "neurips": "NeurIPS paper", "pmlr": "PMLR paper", "usenix": "USENIX paper",
        "pypi": "PyPI package", "npm": "npm package", "youtube": "YouTube video",
    }
    if key.startswith(_KEY_PREFIXES):
        return f"the {named[kind]} {ident}"
    repo = github_repo("https://" + key)
    if repo is not None and key.count("/") == 2:
        return f"the GitHub repository {repo}"
    return key


# First path segments of github.com pages that are not OWNER/REPO.
_RESERVED_WORDS = """
    about account apps blog codespaces collections contact copilot customer-stories dashboard
    education enterprise events explore features issues join login logout marketplace new
    notifications orgs organizations premium-support pricing pulls readme resources search
    security settings signup site solutions sponsors stars team topics trending users
"""
GITHUB_RESERVED = frozenset(_RESERVED_WORDS.split())
# github.com/OWNER/REPO as canonical_url keys it; `?tab=readme-ov-file` is its README view.
_REPOSITORY_KEY = re.compile(r"^github\.com/([a-z0-9_.-]+)/([a-z0-9_.-]+)(?:\?tab=[a-z-]+)?$")


def github_repository(url: str) -> str | None:
    """'owner/repo' (lower-case) when `url` is a GitHub repository itself — its root, a
    branch (`/tree/main`), `#readme` — not a page inside it (an issue, a file, a wiki)."""
    if not url.lower().startswith(("http://", "https://")):
        return None
    match = _REPOSITORY_KEY.match(canonical_url(url))
    if match is None or match.group(1) in GITHUB_RESERVED or match.group(2) in (".", ".."):
        return None
    return f"{match.group(1)}/{match.group(2)}"


def github_repo(url: str) -> str | None:
    """'owner/repo' (lower-case) for a github.com repository URL or any page inside it."""
    owner_repo = github_owner_repo(url)
    return f"{owner_repo[0]}/{owner_repo[1]}".lower() if owner_repo else None


def github_owner_repo(url: str) -> tuple[str, str] | None:
    """('Owner', 'Repo') as written in a github.com URL or any page inside it, '.git' dropped."""
    if "github.com" not in url.lower():  # its host is in the URL as written
        return None
    if len(url) > _REMEMBERED:
        return _github_owner_repo(url)
    return _remembered_owner_repo(url)


# A link's role, its entry's identity and several rules split the same URL again. Bounded:
# so many URLs, none longer than this.
_REMEMBERED = 1024


@lru_cache(maxsize=1 << 13)
def _remembered_owner_repo(url: str) -> tuple[str, str] | None:
    return _github_owner_repo(url)


def _github_owner_repo(url: str) -> tuple[str, str] | None:
    url = url.strip()
    plain = _PLAIN_GITHUB_REPO.match(url)
    if plain is not None:  # the path's first two segments read off at once
        owner, repo = plain.groups()
        return (owner, repo.removesuffix(".git")) if owner and repo else None
    path = _github_path(url)
    if path is None:
        return None
    segments = [s for s in path.split("/") if s]
    if len(segments) < 2:
        return None
    return segments[0], segments[1].removesuffix(".git")


# `http(s)://[www.]github.com/path`, the way nearly every list writes it: urlsplit's path
# without urlsplit (a tenth of its time). Tabs and newlines, which urlsplit deletes first,
# and any other form (a port, user info, odd characters before the scheme) go to urlsplit.
_GITHUB_HOST = r"https?://(?:www\.)?github\.com(?=[/?#]|\Z)"
_PLAIN_GITHUB = re.compile(_GITHUB_HOST + r"([^?#\t\r\n]*)"
                           r"(?:[?#][^\t\r\n]*)?\Z", re.I | re.A)

# The same URLs, the path read as its leading `/`s, its first segment, more `/`s, its second
# segment and the rest: the first two segments `path.split("/")` leaves once empty ones are
# dropped (either empty: fewer than two). Possessive throughout: one way to read a URL.
_PLAIN_GITHUB_REPO = re.compile(_GITHUB_HOST + r"/*+([^/?#\t\r\n]*+)/*+([^/?#\t\r\n]*+)"
                                r"[^?#\t\r\n]*+(?:[?#][^\t\r\n]*+)?\Z", re.I | re.A)


def _github_path(url: str) -> str | None:
    """The path of a github.com URL (as urlsplit reads it), None for another host."""
    plain = _PLAIN_GITHUB.match(url)
    if plain is not None:
        return plain.group(1)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    return parts.path if host == "github.com" else None
