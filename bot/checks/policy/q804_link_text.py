"""Q804 link-text-not-repo-name: an entry's link text is not the name of the GitHub
repository it links to."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from bot.checks.base import Context, Rule
from bot.checks.policy.options import CHECK_NAME, PolicyOptions, where
from bot.model import Change, Entry, Finding, Link, Severity

RULE = Rule(
    code="Q804",
    name="link-text-not-repo-name",
    title="An entry's link text is not the name of the GitHub repository it links",
    severity=Severity.NOTICE,
    check=CHECK_NAME,
    why="A reader searches for a project by its name; a link text like `Gin Web` for "
    "`github.com/gin-gonic/gin` makes the name harder to find and often carries a slogan. The "
    "name is read from the `github.com/OWNER/NAME` address (no request is made); case and "
    "separators do not matter, and `OWNER/NAME` or the owner alone match too "
    "(`[go-kit](https://github.com/go-kit/kit)`). A notice, as a project may be called "
    "otherwise than its repository. Off unless `policy.link_text_matches_repo` is true.",
    base="# Awesome X\n\n## Web\n\n- [echo](https://github.com/labstack/echo) - Web framework.\n",
    bad="- [Gin Web](https://github.com/gin-gonic/gin) - HTTP web framework.\n",
    good="- [gin](https://github.com/gin-gonic/gin) - HTTP web framework.\n",
    config="policy:\n  link_text_matches_repo: true\n",
)

_SEPARATORS = re.compile(r"[\s\-_.]+")
# github.com/OWNER/… pages that are not repositories
_NOT_OWNERS = frozenset(
    {
        "orgs",
        "topics",
        "sponsors",
        "marketplace",
        "features",
        "apps",
        "collections",
        "users",
        "settings",
        "site",
        "about",
        "enterprise",
        "explore",
        "search",
        "trending",
    }
)


def judge(ctx: Context, options: PolicyOptions) -> Iterator[Finding]:
    if not options.link_text_matches_repo:
        return
    for change in (*ctx.diff.added, *ctx.diff.changed):
        link = _link(change.head)
        if link is None or not _new(change, link):
            continue
        repo = repository_of(link.url)
        if repo is None or _matches(link.text, *repo):
            continue
        yield RULE.finding(
            link.line,
            f"link text `{link.text}` does not match the repository's name `{repo[1]}` "
            f"({where('link_text_matches_repo')}). If the project is called `{link.text}`, "
            f"keep it; otherwise write `[{repo[1]}]({link.url})`.",
            entry_line=change.head.line,
        )


def repository_of(url: str) -> tuple[str, str] | None:
    """(owner, name) of a `https://github.com/OWNER/NAME` address (the repository itself,
    not a page inside it: a folder of a repository is a project of its own)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    if host != "github.com" or len(segments) != 2 or segments[0].lower() in _NOT_OWNERS:
        return None
    return segments[0], segments[1].removesuffix(".git")


def _link(entry: Entry) -> Link | None:
    return entry.primary or next((link for link in entry.links if not link.is_badge), None)


def _new(change: Change, link: Link) -> bool:
    """The PR wrote this link text or address (an edit elsewhere in the entry leaves it be)."""
    before = _link(change.base) if change.base is not None else None
    return before is None or (before.text, before.url) != (link.text, link.url)


def _matches(text: str, owner: str, name: str) -> bool:
    """The name, `OWNER/NAME`, or the owner: a project's organisation is often named after
    it, its repository not (`[go-kit](https://github.com/go-kit/kit)`)."""
    written = _folded(text)
    return bool(written) and written in (_folded(name), _folded(owner), _folded(owner + name))


def _folded(text: str) -> str:
    return _SEPARATORS.sub("", text.replace("/", "")).casefold()
