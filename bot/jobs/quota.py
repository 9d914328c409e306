"""How often a pull request's commenters can make the App write, or fetch every link again.

Each command costs GitHub writes (a reply, reactions) and, for `/recheck links`, a request to
every link of the PR without the cache. Without these bounds one commenter turns the App into
a spam channel: 20 comments, 20 replies. The windows live in the store, so every worker
process shares them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.jobs.store import Store

RECHECK_EVERY_SECONDS = 30.0  # one recheck (and one /help reply) per PR per 30 s
REFUSAL_EVERY_SECONDS = 3600.0  # one refusal reply per person per PR per hour; then 👎 only
# `/recheck links` skips the link cache at most this often per PR (3 an hour); past it the
# recheck runs on cached link results.
FRESH_LINKS_EVERY_SECONDS = 1200.0


@dataclass(frozen=True)
class Quota:
    """The rate limits of one PR's commands, each True (and counted) when allowed now."""

    store: Store
    clock: Callable[[], float]
    repo: str
    pr: int

    def recheck(self) -> bool:
        return self._allow("recheck", RECHECK_EVERY_SECONDS)

    def help_reply(self) -> bool:
        return self._allow("help", RECHECK_EVERY_SECONDS)

    def too_soon_reply(self) -> bool:
        return self._allow("too-soon", RECHECK_EVERY_SECONDS)

    def refusal_reply(self, user: str) -> bool:
        return self._allow(f"refusal:{user.lower()}", REFUSAL_EVERY_SECONDS)

    def fresh_links(self) -> bool:
        return self._allow("fresh-links", FRESH_LINKS_EVERY_SECONDS)

    def cached_links_reply(self) -> bool:
        return self._allow("cached-links", FRESH_LINKS_EVERY_SECONDS)

    def _allow(self, what: str, per: float) -> bool:
        # "recheck:" and "help:" keep the names the store already holds limits under.
        return self.store.allow(f"{what}:{self.repo}#{self.pr}", self.clock(), per)
