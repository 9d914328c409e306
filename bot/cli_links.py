"""The command line's link step: which URLs, checked how, with progress and a summary."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from bot.checks.links import urls_to_check
from bot.checks.repository_rules import repositories_to_check
from bot.config import Config
from bot.links import LinkOptions, SqliteLinkCache, check_links, default_cache_path
from bot.links.papers import RESULT_PREFIX as PAPER_PREFIX
from bot.links.papers import paper_options
from bot.links.repos import RESULT_PREFIX as REPOSITORY_PREFIX
from bot.links.repos import lookup_for
from bot.model import Diff, LinkResult
from bot.settings import settings_from_env


def check_review_links(
    args: argparse.Namespace, diff: Diff, config: Config
) -> Mapping[str, LinkResult]:
    """Check the links the review will judge, and read the repositories the list's criteria
    ask about; print a verdict summary on stderr."""
    names = repositories_to_check(diff, config)
    return check_urls(args, urls_to_check(diff, config) + names, config)


def check_review_repositories(
    args: argparse.Namespace, diff: Diff, config: Config
) -> Mapping[str, LinkResult] | None:
    """Without `--links`, only the repositories the list's criteria ask about (None: none)."""
    names = repositories_to_check(diff, config)
    return check_urls(args, names, config) if names else None


def check_urls(
    args: argparse.Namespace, urls: list[str], config: Config
) -> Mapping[str, LinkResult]:
    """Check `urls` and the papers behind them; print a verdict summary on stderr."""
    options = link_options(args, os.environ, config)
    with _progress(len(urls)) as tick:
        results = check_links(urls, options, progress=tick, ignore=config.ignores)
    print(verdict_summary(results), file=sys.stderr)
    return results


def link_options(
    args: argparse.Namespace, env: Mapping[str, str], config: Config | None = None
) -> LinkOptions:
    settings = settings_from_env(env)
    cache = None if args.no_cache else SqliteLinkCache(_cache_path(env))
    return LinkOptions(
        concurrency=args.concurrency,
        host_concurrency=args.host_concurrency,
        timeout=args.timeout,
        connect_timeout=min(5.0, args.timeout),
        allow_hosts=settings.allow_hosts,
        github_token=settings.github_token,
        github_api_url=settings.api_url,
        use_cache=not args.no_cache,
        cache=cache,
        papers=paper_options(settings),
        repositories=lookup_for(config) if config is not None else None,
    )


def _cache_path(env: Mapping[str, str]) -> str:
    path = default_cache_path(env.get("AWESOME_REVIEW_CACHE_DIR") or None)
    path.parent.mkdir(parents=True, exist_ok=True)
    return str(path)


def verdict_summary(results: Mapping[str, LinkResult]) -> str:
    named = (PAPER_PREFIX, REPOSITORY_PREFIX)
    links = [r for url, r in results.items() if not url.startswith(named)]
    counts = Counter(result.verdict.value for result in links)
    cached = sum(1 for result in links if result.cached)
    parts = ", ".join(f"{n} {verdict}" for verdict, n in sorted(counts.items()))
    summary = f"links: {len(links)} checked ({cached} from cache): {parts or 'none'}"
    papers = [r for url, r in results.items() if url.startswith(PAPER_PREFIX)]
    if papers:
        found = sum(1 for r in papers if r.paper is not None)
        summary += f"; papers: {len(papers)} looked up, {found} found"
    repos = [r for url, r in results.items() if url.startswith(REPOSITORY_PREFIX)]
    if repos:
        read = sum(1 for r in repos if r.repository is not None)
        summary += f"; repositories: {len(repos)} asked about, {read} read"
    return summary


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on a terminal; nothing when output is piped or in CI."""
    if not sys.stderr.isatty() or total == 0:
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    # stderr, the terminal it was enabled by: stdout may be a file (`--format json > out`)
    with Progress(transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task("checking links", total=total)

        def tick(done: int, all_: int) -> None:
            bar.update(task, completed=done, total=all_)

        yield tick
