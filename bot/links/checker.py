"""The entry point: check a set of URLs, each once, with cache, ignore rules and progress."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

import aiohttp
from aiohttp.resolver import ThreadedResolver

from bot.links.cache import LinkCache, ScopedCache, asker_of
from bot.links.github import GitHubChecker, RepoLink, repo_link
from bot.links.guard import AllowList, GuardedResolver
from bot.links.http import NEVER, HttpChecker, tracing
from bot.links.limits import Gate
from bot.links.options import LinkOptions
from bot.links.repos import RESULT_PREFIX as REPOSITORY_PREFIX
from bot.links.repos import lookup_repositories
from bot.model import LinkResult, Verdict

LOG = logging.getLogger(__name__)

NO_TOKEN_NOTE = "no GITHUB_TOKEN: GitHub links checked over plain HTTP"
IGNORED = "ignored by config"

Progress = Callable[[int, int], None]
Ignore = Callable[[str], bool]


def check_links(
    urls: Iterable[str],
    options: LinkOptions,
    progress: Progress | None = None,
    ignore: Ignore | None = None,
) -> dict[str, LinkResult]:
    """Check every distinct URL once; runs its own event loop (in a thread if one is running)."""
    job = check_links_async(urls, options, progress, ignore)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(job)
    # Called from inside a running loop (a notebook, an async worker): asyncio.run would
    # refuse, so the check gets a loop of its own in a helper thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, job).result()


async def check_links_async(
    urls: Iterable[str],
    options: LinkOptions,
    progress: Progress | None = None,
    ignore: Ignore | None = None,
) -> dict[str, LinkResult]:
    """The same as check_links, for callers that already run an event loop."""
    started = time.monotonic()
    every = list(dict.fromkeys(urls))
    # `repository:OWNER/REPO` names ask for a repository's facts (the list's criteria)
    names = [url for url in every if url.startswith(REPOSITORY_PREFIX)]
    distinct = [url for url in every if not url.startswith(REPOSITORY_PREFIX)]
    cache = _cache_for(options)
    results = _known(distinct, cache, ignore)
    todo = [url for url in distinct if url not in results]
    tick = _ticker(len(distinct), len(results), progress)
    if todo:
        async for result in _check_all(todo, options):
            results[result.url] = result
            if cache is not None:
                cache.put(result)
            tick()
    for url in todo:  # left when the run's budget ran out: not the link's fault, not cached
        results.setdefault(url, LinkResult(url, Verdict.UNVERIFIABLE, reason=_out_of_run(options)))
    ordered = {url: results[url] for url in distinct}
    if options.papers is not None:
        wanted = [url for url in distinct if ordered[url].reason != IGNORED]
        left = options.run_budget - (time.monotonic() - started)
        ordered.update(await _papers_within(wanted, options, cache, left))
    if names:
        left = options.run_budget - (time.monotonic() - started)
        ordered.update(await lookup_repositories(names, options, cache, left, ordered))
    return ordered


async def _papers_within(
    urls: list[str], options: LinkOptions, cache: LinkCache | None, left: float
) -> dict[str, LinkResult]:
    """The papers' metadata, asked within what is left of the run's link budget: a review
    spends one budget on links and papers together; a paper not answered in it is "could
    not verify", like a link (and, like one, not cached)."""
    from bot.links.papers import lookup_papers, paper_key, result_name

    assert options.papers is not None
    try:
        return await asyncio.wait_for(lookup_papers(urls, options.papers, cache), max(left, 0.0))
    except TimeoutError:
        keys = dict.fromkeys(k for url in urls if (k := paper_key(url)) is not None)
        reason = _out_of_run(options)
        return {
            result_name(key): LinkResult(result_name(key), Verdict.UNVERIFIABLE, reason=reason)
            for key in keys
        }


def _cache_for(options: LinkOptions) -> LinkCache | None:
    """The cache, with GitHub API answers kept apart per asker (the App's installation, or
    the token) when a token asks them."""
    if not options.use_cache or options.cache is None:
        return None
    if not options.github_token:
        return options.cache  # every request is anonymous: anyone may read its result
    asker = options.asker or f"token:{asker_of(options.github_token)}"
    return ScopedCache(options.cache, asker, _asked_with_token)


def _asked_with_token(url: str) -> bool:
    """Results the GitHub API answered: what a token sees is its installation's to read."""
    return url.startswith(REPOSITORY_PREFIX) or repo_link(url) is not None


def _out_of_run(options: LinkOptions) -> str:
    return f"not checked: the {options.run_budget:g} s one review may spend on links ran out"


def _out_of_budget(options: LinkOptions) -> str:
    return (
        f"no final answer within {options.link_budget:g} s, the time one link may take "
        "(redirects and retries included)"
    )


def _known(
    urls: list[str], cache: LinkCache | None, ignore: Ignore | None
) -> dict[str, LinkResult]:
    """Results that need no request: ignored by config, or fresh in the cache."""
    known: dict[str, LinkResult] = {}
    for url in urls:
        if ignore is not None and ignore(url):
            known[url] = LinkResult(url, Verdict.SKIPPED, reason=IGNORED)
        elif cache is not None and (hit := cache.get(url)) is not None:
            known[url] = hit
    return known


def _ticker(total: int, done: int, progress: Progress | None) -> Callable[[], None]:
    """A callable that counts one more URL done and reports it (reports the start at once)."""
    state = [done]

    def tick() -> None:
        state[0] += 1
        if progress is not None:
            progress(state[0], total)

    if progress is not None:
        progress(done, total)
    return tick


async def _check_all(urls: list[str], options: LinkOptions) -> AsyncIterator[LinkResult]:
    """Yield each URL's result as soon as it is known."""
    github = _github_links(urls, options)
    async with _http(options) as http, _github(options) as (checker, pool):
        jobs = []
        for url in urls:
            link = github.get(url)
            job: Awaitable[LinkResult]
            if link is not None and checker is not None and pool is not None:
                job = asyncio.wrap_future(pool.submit(checker.check, url, link))
            else:
                job = http.check(url)
            jobs.append(asyncio.ensure_future(_contained(url, _within_budget(url, job, options))))
        try:
            for done in asyncio.as_completed(jobs, timeout=options.run_budget):
                yield await done
        except TimeoutError:
            LOG.warning("link budget of %g s ran out; %d links not checked",
                        options.run_budget, sum(not job.done() for job in jobs))
        finally:
            for job in jobs:
                job.cancel()


async def _within_budget(url: str, job: Awaitable[LinkResult], options: LinkOptions) -> LinkResult:
    """The link's result, or "could not verify" once its own budget is spent."""
    try:
        return await asyncio.wait_for(job, options.link_budget)
    except TimeoutError:
        return LinkResult(url, Verdict.UNVERIFIABLE, reason=_out_of_budget(options))


async def _contained(url: str, job: Awaitable[LinkResult]) -> LinkResult:
    """A bug while checking one URL becomes its verdict; the other results still arrive."""
    try:
        return await job
    except Exception as exc:  # a crash must not cost the whole run
        LOG.exception("checking %s crashed", url)
        reason = f"internal error while checking ({type(exc).__name__}: {exc}); please report it"
        return LinkResult(url, Verdict.UNVERIFIABLE, reason=reason)


def _github_links(urls: list[str], options: LinkOptions) -> dict[str, RepoLink]:
    """The URLs that point into a GitHub repository; warns once when there is no token."""
    found = {url: link for url in urls if (link := repo_link(url)) is not None}
    if found and not options.github_token:
        LOG.warning(NO_TOKEN_NOTE)
    return found


@asynccontextmanager
async def _http(options: LinkOptions) -> AsyncIterator[HttpChecker]:
    """An HttpChecker on a session whose every connection goes through the SSRF guard."""
    base = options.resolver_factory() if options.resolver_factory else ThreadedResolver()
    resolver = GuardedResolver(base, AllowList.parse(options.allow_hosts))
    connector = aiohttp.TCPConnector(
        resolver=resolver, limit=max(1, options.concurrency), timeout_ceil_threshold=NEVER
    )
    # trust_env=False: a proxy from the environment would connect on our behalf, past the guard.
    async with aiohttp.ClientSession(
        connector=connector,
        trust_env=False,
        cookie_jar=aiohttp.DummyCookieJar(),
        trace_configs=[tracing()],
    ) as session:
        gate = Gate(options.concurrency, options.host_concurrency, options.host_interval)
        yield HttpChecker(session, options, gate)
    await resolver.close()


@asynccontextmanager
async def _github(
    options: LinkOptions,
) -> AsyncIterator[tuple[GitHubChecker | None, ThreadPoolExecutor | None]]:
    """The API checker and its threads when a token is set (PyGithub blocks), else Nones."""
    if not options.github_token:
        yield None, None
        return
    # api.github.com is one host, so it gets the per-host limit like any other.
    pool = ThreadPoolExecutor(max_workers=max(1, options.host_concurrency))
    try:
        yield GitHubChecker(options), pool
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
