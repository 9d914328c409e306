"""GitHub repository links, checked through the REST API with PyGithub (token required).

github.com answers plain HTTP checks with 429s quickly, and HTML cannot tell an archived
or renamed repository from a live one; the API can, at one request per repository.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from yarl import URL

from bot.links.options import LinkOptions
from bot.model import LinkResult, Verdict
from bot.model import Repository as RepositoryFacts
from bot.urls import GITHUB_RESERVED

if TYPE_CHECKING:  # PyGithub is imported only when a token is set: it costs 0.15 s to load
    from github import Github
    from github.GithubException import GithubException
    from github.Repository import Repository

LOG = logging.getLogger(__name__)

HOSTS = frozenset({"github.com", "www.github.com"})
RESERVED = GITHUB_RESERVED
NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


@dataclass(frozen=True, slots=True)
class RepoLink:
    """A github.com link to a repository (or a page under it)."""

    owner: str
    repo: str
    rest: str  # what follows OWNER/REPO in the link: path, query and fragment

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.repo}"

    def moved_to(self, full_name: str) -> str:
        """The same link under the repository's new name."""
        return f"https://github.com/{full_name}{self.rest}"


def repo_link(url: str) -> RepoLink | None:
    """The repository a github.com URL points into, or None for other URLs."""
    try:
        parsed = URL(url)
    except (ValueError, TypeError):
        return None
    if parsed.scheme not in ("http", "https") or (parsed.host or "").lower() not in HOSTS:
        return None
    parts = parsed.raw_path.split("/")
    if len(parts) < 3 or parts[1].lower() in RESERVED:
        return None
    owner, repo = parts[1], parts[2].removesuffix(".git")
    if not (NAME.match(owner) and NAME.match(repo)) or repo in (".", ".."):
        return None
    rest = "/".join(["", *parts[3:]]) if len(parts) > 3 else ""
    rest += f"?{parsed.raw_query_string}" if parsed.raw_query_string else ""
    rest += f"#{parsed.raw_fragment}" if parsed.raw_fragment else ""
    return RepoLink(owner, repo, rest)


class GitHubChecker:
    """Looks repositories up through the API; call `check` from worker threads."""

    def __init__(self, options: LinkOptions) -> None:
        if not options.github_token:
            raise ValueError("GitHubChecker needs a token")
        self._options = options
        self._local = threading.local()  # one client per thread: requests sessions are not shared
        self._lock = threading.Lock()
        self._repos: dict[str, LinkResult] = {}

    def check(self, url: str, link: RepoLink) -> LinkResult:
        """The verdict for `url`, from one API lookup per repository per run."""
        key = link.full_name.lower()
        with self._lock:
            known = self._repos.get(key)
        if known is not None:
            return _for_url(url, link, known, requests=0)
        known = self._lookup(link)
        with self._lock:
            self._repos[key] = known
        return _for_url(url, link, known, requests=known.requests)

    def _client(self) -> Github:
        """This thread's PyGithub client."""
        client: Github | None = getattr(self._local, "client", None)
        if client is None:
            client = _client(self._options)
            self._local.client = client
        return client

    def _lookup(self, link: RepoLink) -> LinkResult:
        """GET /repos/OWNER/REPO and turn the answer into a repository-level result."""
        import requests
        from github import GithubException, RateLimitExceededException

        try:
            repo = self._client().get_repo(link.full_name)
        except RateLimitExceededException:
            return _result(Verdict.UNVERIFIABLE, "the GitHub API rate limit is exhausted")
        except GithubException as exc:
            return _api_error(link, exc)
        except requests.Timeout:
            return _result(Verdict.TIMEOUT, "the GitHub API did not answer in time")
        except requests.RequestException as exc:
            return _result(Verdict.UNVERIFIABLE, f"the GitHub API could not be reached: {exc}")
        return _from_repo(link, repo)


def _client(options: LinkOptions) -> Github:
    """A PyGithub client with bounded retries (PyGithub's default may sleep for an hour)."""
    from github import Auth, Github
    from urllib3.util.retry import Retry

    retry = Retry(
        total=options.retries,
        backoff_factor=options.backoff,
        status_forcelist=(500, 502, 503, 504),
        allowed_methods=frozenset({"GET"}),
        respect_retry_after_header=False,
        raise_on_status=False,
    )
    return Github(
        auth=Auth.Token(options.github_token or ""),
        base_url=options.github_api_url.rstrip("/"),
        user_agent=options.user_agent,
        timeout=max(1, round(options.timeout)),
        retry=retry,
        seconds_between_requests=None,  # pacing is per thread; threads = host_concurrency
    )


def _from_repo(link: RepoLink, repo: Repository) -> LinkResult:
    """Renamed or transferred (full_name differs), archived and fork-of, from the answer."""
    full_name = repo.full_name
    parent = repo.parent.full_name if repo.fork and repo.parent else None
    extra = {"fork_source": repo.source.full_name} if repo.fork and repo.source else {}
    if repo.pushed_at is not None:  # the audit reports repositories nobody pushed to in long
        extra["pushed_at"] = repo.pushed_at.isoformat()
    moved = full_name.lower() != link.full_name.lower()  # names are case-insensitive
    reason = f"repository moved to {full_name} (renamed or transferred)" if moved else ""
    if repo.archived:
        reason = "; ".join(filter(None, [reason, "the repository is archived"]))
    return LinkResult(
        url=link.full_name,
        verdict=Verdict.REDIRECTED if moved else Verdict.OK,
        status=200,
        reason=reason,
        final_url=full_name if moved else None,
        permanent=moved,
        archived=repo.archived,
        fork_of=parent,
        requests=2 if moved else 1,  # the API answers an old name with a 301 first
        extra=extra,
        repository=repository_facts(repo),  # a list's criteria read them too (bot.links.repos)
    )


def repository_facts(repo: Repository) -> RepositoryFacts:
    """What GET /repos/OWNER/REPO tells a list's criteria (nothing asked beyond it)."""
    license_ = repo.raw_data.get("license")  # raw: the attribute would fetch again if absent
    spdx = license_.get("spdx_id") if isinstance(license_, dict) else None
    return RepositoryFacts(
        full_name=repo.full_name,
        stars=repo.stargazers_count or 0,
        created_at=repo.created_at.isoformat() if repo.created_at else "",
        pushed_at=repo.pushed_at.isoformat() if repo.pushed_at else None,
        archived=bool(repo.archived),
        license=str(spdx) if spdx else None,
    )


def _api_error(link: RepoLink, exc: GithubException) -> LinkResult:
    """404 means the repository is gone (or private: the same to a reader); else say why."""
    if exc.status == 404:
        reason = f"the GitHub repository {link.full_name} does not exist (or is private)"
        return _result(Verdict.BROKEN, reason, 404)
    if exc.status == 451:
        return _result(Verdict.UNVERIFIABLE, "GitHub blocks this repository for legal reasons", 451)
    if exc.status == 401:
        LOG.warning("the GitHub token was rejected (401)")
        return _result(Verdict.UNVERIFIABLE, "the GitHub token was rejected (401)", 401)
    if exc.status in (403, 429):
        return _result(Verdict.UNVERIFIABLE, "the GitHub API refused: rate limited", exc.status)
    return _result(Verdict.UNVERIFIABLE, f"the GitHub API answered {exc.status}", exc.status)


def _result(verdict: Verdict, reason: str, status: int | None = None) -> LinkResult:
    """A repository-level result (its url is filled in per link)."""
    return LinkResult(url="", verdict=verdict, status=status, reason=reason, requests=1)


def _for_url(url: str, link: RepoLink, repo: LinkResult, requests: int) -> LinkResult:
    """The repository's result for one link into it; a moved repo's link gets its new URL."""
    final = link.moved_to(repo.final_url) if repo.final_url else None
    return LinkResult(
        url=url,
        verdict=repo.verdict,
        status=repo.status,
        reason=repo.reason,
        final_url=final,
        chain=(final,) if final else (),
        permanent=repo.permanent,
        archived=repo.archived,
        fork_of=repo.fork_of,
        requests=requests,
        extra={**repo.extra, "checked_via": "github-api"},
        repository=repo.repository,
    )
