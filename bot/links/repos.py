"""Repository facts for a list's criteria (`repository:`), read through the GitHub API.

The entries a pull request adds name their repositories as `repository:OWNER/REPO` among
the URLs the link checker is given (bot.checks.repository_rules.repositories_to_check);
this module reads each once with PyGithub — GET /repos/OWNER/REPO, and only when the list
asks, /releases/latest, /contents/.github/workflows and /readme — and answers results under
the same names, cached like link results (kept apart per token: bot.links.cache.ScopedCache).

Bounded like links: one review spends at most `max_calls` API calls and what is left of the
link run's time on repositories; a repository past either is "could not check" (not cached),
never a wait. Without a token nothing is asked: the check says once that nothing was checked.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.config import Config
from bot.links.cache import LinkCache
from bot.links.github import _client, repo_link, repository_facts
from bot.links.options import LinkOptions
from bot.model import LinkResult, Repository, Verdict

if TYPE_CHECKING:
    from github import Github

LOG = logging.getLogger(__name__)

RESULT_PREFIX = "repository:"
NO_TOKEN = "there is no GitHub token to read them with (set GITHUB_TOKEN)"
MAX_CALLS = 60  # API calls one review may spend on repositories (4 per repository at most)


_KEPT = frozenset({Verdict.OK, Verdict.REDIRECTED, Verdict.BROKEN})


@dataclass(frozen=True)
class RepoLookup:
    """What the list's criteria need beyond GET /repos, and the calls one review may spend."""

    release: bool = False
    ci: bool = False
    readme: bool = False
    max_calls: int = MAX_CALLS

    @property
    def calls(self) -> int:
        """The API calls one repository takes."""
        return 1 + self.release + self.ci + self.readme

    def covers(self, facts: Repository) -> bool:
        """Does a stored answer hold everything this lookup would ask?"""
        wanted = ((self.release, facts.release), (self.ci, facts.ci), (self.readme, facts.readme))
        return all(known is not None for asked, known in wanted if asked)


def lookup_for(config: Config) -> RepoLookup:
    """The lookup the config's `repository:` criteria need."""
    from bot.checks.repository_rules import RepositoryOptions

    criteria = config.option(RepositoryOptions)
    return RepoLookup(
        release=criteria.require_release, ci=criteria.require_ci, readme=criteria.require_readme
    )


def is_repository_name(url: str) -> bool:
    return url.startswith(RESULT_PREFIX)


async def lookup_repositories(
    names: Iterable[str],
    options: LinkOptions,
    cache: LinkCache | None,
    left: float,
    links: Mapping[str, LinkResult] | None = None,
) -> dict[str, LinkResult]:
    """One result per `repository:OWNER/REPO` name, within `left` seconds; `links`: the run's
    link results, whose GitHub API answers spare a second GET /repos."""
    wanted = list(dict.fromkeys(names))
    if not options.github_token:
        return {name: LinkResult(name, Verdict.SKIPPED, reason=NO_TOKEN) for name in wanted}
    lookup = options.repositories or RepoLookup()
    now = datetime.now(UTC).isoformat(timespec="seconds")
    results: dict[str, LinkResult] = {}
    for name in wanted:
        hit = cache.get(name) if cache is not None else None
        if hit is not None and (
            hit.verdict is Verdict.BROKEN
            or (hit.repository is not None and lookup.covers(hit.repository))
        ):
            results[name] = hit
    todo = [name for name in wanted if name not in results]
    if todo:
        fetched = await _read_all(todo, options, lookup, left, _read_by_links(links or {}))
        for result in fetched.values():
            if cache is not None and result.verdict in _KEPT:
                cache.put(result)  # a refusal or a budget run out is asked again next time
        results.update(fetched)
    return {name: _as_of(results[name], now) for name in wanted}


def _as_of(result: LinkResult, now: str) -> LinkResult:
    """The result with the time ages are counted to: now, also for a cached answer."""
    if result.repository is None:
        return result
    return replace(result, repository=replace(result.repository, as_of=now))


def _read_by_links(links: Mapping[str, LinkResult]) -> dict[str, Repository]:
    """The repositories the link check read through the API, by result name."""
    read: dict[str, Repository] = {}
    for url, result in links.items():
        link = repo_link(url)
        if link is not None and result.repository is not None:
            read.setdefault(RESULT_PREFIX + link.full_name.lower(), result.repository)
    return read


async def _read_all(
    names: list[str],
    options: LinkOptions,
    lookup: RepoLookup,
    left: float,
    known: Mapping[str, Repository],
) -> dict[str, LinkResult]:
    reader = _Reader(options, lookup)
    pool = ThreadPoolExecutor(max_workers=max(1, options.host_concurrency))
    jobs = {
        name: asyncio.wrap_future(pool.submit(reader.read, name, known.get(name))) for name in names
    }
    try:
        await asyncio.wait(jobs.values(), timeout=max(left, 0.0))
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    out_of_time = (
        f"not checked: the {options.run_budget:g} s one review may spend on links and "
        "repositories ran out"
    )
    results: dict[str, LinkResult] = {}
    for name, job in jobs.items():
        if job.done() and not job.cancelled() and job.exception() is None:
            results[name] = job.result()
        else:
            if job.done() and not job.cancelled() and job.exception() is not None:
                LOG.error("reading %s crashed", name, exc_info=job.exception())
            job.cancel()
            results[name] = LinkResult(name, Verdict.UNVERIFIABLE, reason=out_of_time)
    return results


class _Budget:
    """The API calls left to this review, shared by the reading threads."""

    def __init__(self, calls: int) -> None:
        self._left = calls
        self._lock = threading.Lock()

    def take(self, calls: int) -> bool:
        """Book `calls` at once: a repository is read whole or not at all."""
        with self._lock:
            if self._left < calls:
                return False
            self._left -= calls
            return True


class _Reader:
    """Reads repositories through the API from worker threads (one client per thread)."""

    def __init__(self, options: LinkOptions, lookup: RepoLookup) -> None:
        self._options = options
        self._lookup = lookup
        self._budget = _Budget(lookup.max_calls)
        self._local = threading.local()

    def _client(self) -> Github:
        client: Github | None = getattr(self._local, "client", None)
        if client is None:
            client = _client(self._options)
            self._local.client = client
        return client

    def read(self, name: str, known: Repository | None = None) -> LinkResult:
        """The facts of `repository:OWNER/REPO`, or why there are none; `known`: what the
        link check's GET /repos answered, so only the extras are asked."""
        import requests
        from github import GithubException, RateLimitExceededException

        full_name = name.removeprefix(RESULT_PREFIX)
        if not self._budget.take(self._lookup.calls - (known is not None)):
            reason = (
                f"not checked: the {self._lookup.max_calls} GitHub API calls one review may "
                "spend on repositories ran out"
            )
            return LinkResult(name, Verdict.UNVERIFIABLE, reason=reason)
        try:
            facts = self._facts(full_name, known)
        except RateLimitExceededException:
            return _refused(name, "the GitHub API rate limit is exhausted", 403)
        except GithubException as exc:
            return _api_error(name, full_name, exc.status)
        except requests.Timeout:
            return LinkResult(name, Verdict.TIMEOUT, reason="the GitHub API did not answer in time")
        except requests.RequestException as exc:
            return _refused(name, f"the GitHub API could not be reached ({type(exc).__name__})")
        moved = facts.full_name.lower() != full_name.lower()
        return LinkResult(
            name,
            Verdict.REDIRECTED if moved else Verdict.OK,
            200,
            reason=f"moved to {facts.full_name}" if moved else "",
            final_url=facts.full_name if moved else None,
            permanent=moved,
            archived=facts.archived,
            repository=facts,
        )

    def _facts(self, full_name: str, known: Repository | None) -> Repository:
        """What the link check already read of the repository, or GET /repos, with what
        else the list's criteria ask."""
        facts = known or repository_facts(self._client().get_repo(full_name))
        return replace(
            facts,
            release=self._exists(facts.full_name, "releases/latest")
            if self._lookup.release
            else None,
            ci=self._exists(facts.full_name, "contents/.github/workflows")
            if self._lookup.ci
            else None,
            readme=self._exists(facts.full_name, "readme") if self._lookup.readme else None,
        )

    def _exists(self, full_name: str, path: str) -> bool:
        """Does GET /repos/OWNER/REPO/`path` answer (404: no; other errors go up)?"""
        from github import GithubException

        try:
            _, found = self._client().requester.requestJsonAndCheck(
                "GET", f"/repos/{full_name}/{path}"
            )
        except GithubException as exc:
            if exc.status == 404:
                return False
            raise
        return not isinstance(found, list) or bool(found)  # an empty workflows folder: none


def _api_error(name: str, full_name: str, status: int) -> LinkResult:
    """404: gone (or private, the same to a reader); anything else: could not check."""
    if status == 404:
        reason = f"{full_name} was not found on GitHub (deleted, or private)"
        return LinkResult(name, Verdict.BROKEN, 404, reason, requests=1)
    if status == 401:
        LOG.warning("the GitHub token was rejected (401)")
        return _refused(name, "the GitHub token was rejected (401)", 401)
    if status in (403, 429):
        return _refused(name, f"the GitHub API refused ({status}: rate limited)", status)
    return _refused(name, f"the GitHub API answered {status}", status)


def _refused(name: str, reason: str, status: int | None = None) -> LinkResult:
    return LinkResult(name, Verdict.UNVERIFIABLE, status, reason, requests=1)
