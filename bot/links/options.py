"""How the link checker behaves: limits, timeouts, retries, the allow-list and the cache."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiohttp.abc import AbstractResolver

    from bot.links.cache import LinkCache
    from bot.links.papers import PaperOptions
    from bot.links.repos import RepoLookup


def _version() -> str:
    """The installed package version, or the source tree's when running uninstalled."""
    try:
        return version("awesome-review")
    except PackageNotFoundError:
        return "0.1.0"


USER_AGENT = f"awesome-review/{_version()} (+https://github.com/awesome-review/awesome-review)"


@dataclass(frozen=True)
class LinkOptions:
    """Every knob of one link-checking run; the defaults are the documented ones."""

    concurrency: int = 64  # requests in flight, all hosts together
    host_concurrency: int = 4  # requests in flight to one host
    # Minimum gap between two request starts to one host. At 4 in flight it only binds on
    # hosts answering in under 80 ms, i.e. it caps a fast host at 50 requests/s.
    host_interval: float = 0.02
    connect_timeout: float = 5.0
    timeout: float = 15.0  # one request, connect to last byte read
    max_redirects: int = 10
    retries: int = 2  # extra attempts after 429, 5xx, resets and connect timeouts
    backoff: float = 0.5  # first retry waits this long, then doubles
    max_retry_after: float = 30.0  # a longer Retry-After is not waited for: unverifiable
    # Time budgets, redirects and retries included: past `link_budget` one link is "could
    # not verify"; past `run_budget` the links not yet answered are too (not cached). A
    # tarpit answering each of 10 redirects after 14 s held one link 155 s without them.
    link_budget: float = 45.0
    run_budget: float = 120.0
    allow_hosts: tuple[str, ...] = ()  # hosts, host:port or CIDRs the SSRF guard lets through
    user_agent: str = USER_AGENT
    github_token: str | None = None
    # Whom the token's GitHub API answers are cached for: the App's installation
    # (`installation:<id>`); None: the token itself (the CLI's, the Action's).
    asker: str | None = None
    github_api_url: str = "https://api.github.com"
    use_cache: bool = True
    cache: LinkCache | None = None
    # The name resolver the SSRF guard wraps (default: the system's getaddrinfo). Tests
    # pass one that maps names to loopback without sending DNS queries.
    resolver_factory: Callable[[], AbstractResolver] | None = None
    # Where to ask for the titles of the papers behind arXiv and DOI links (None: not asked).
    papers: PaperOptions | None = None
    # What the list's repository criteria read beyond GET /repos (None: GET /repos only).
    repositories: RepoLookup | None = None
