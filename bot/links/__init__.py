"""The link checker: the engine's only outbound HTTP besides the GitHub gateway.

`check_links(urls, options)` returns one LinkResult per distinct URL; the `link` check
turns those results into findings without doing any I/O itself.
"""

from bot.links.cache import LinkCache, SqliteLinkCache, default_cache_path
from bot.links.checker import IGNORED, NO_TOKEN_NOTE, check_links, check_links_async
from bot.links.options import USER_AGENT, LinkOptions

__all__ = [
    "IGNORED",
    "NO_TOKEN_NOTE",
    "USER_AGENT",
    "LinkCache",
    "LinkOptions",
    "SqliteLinkCache",
    "check_links",
    "check_links_async",
    "default_cache_path",
]
