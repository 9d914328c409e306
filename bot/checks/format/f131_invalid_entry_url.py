"""F131 invalid-entry-url: an entry's link with no address, or one GitHub reads as a file path."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from bot.checks.analysis.facts import Facts
from bot.checks.analysis.quote import short
from bot.checks.base import Rule
from bot.checks.format.examples import BULLETS
from bot.checks.format.state import CHECK_NAME, FormatState, JudgedText
from bot.checks.format.wording import entry_finding, line_of
from bot.model import Entry, Finding, Link, Severity

RULE = Rule(
    code="F131",
    name="invalid-entry-url",
    title="An entry's link has no address, or no scheme, or a space in it",
    severity=Severity.ERROR,
    check=CHECK_NAME,
    why="`[Zeta]()` links nowhere, and `[Zeta](www.zeta.dev)` or `[Zeta](zeta)` is read by "
    "GitHub as a file of the list's own repository: readers get a 404.",
    bad="- [Zeta](www.zeta.dev) - Finds things.\n",
    good="- [Zeta](https://www.zeta.dev) - Finds things.\n",
    base=BULLETS,
    fixable=True,
)

ASPECTS: tuple[str, ...] = ()

# `www.x.y`, or a host with a common top-level domain, written without `https://`
_HOST_WITHOUT_SCHEME = re.compile(
    r"^(?:www\.[\w-]+(?:\.[\w-]+)+|[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|dev|ai|app|co|me|info"
    r"|edu|gov|xyz|so|sh|rs|cc|tv|ly|gg|tech|site|page|cn|jp|de|fr|uk|ru|in|us))(?:[/?#:]|$)",
    re.IGNORECASE,
)
_WEB = ("https://", "http://")
_BARE_WORD = re.compile(r"^[\w-]+$")
_SPACED_IMAGE = re.compile(r"!\[([^\]\n]*)\]\(([^)\n]* [^)\n]*)\)")


def candidates(judged: JudgedText, state: FormatState) -> Sequence[Entry]:
    return [
        entry
        for entry in judged.entries
        for link in entry.links
        if not link.url.startswith(_WEB) and _problem(link, state)  # the first test: _problem's
    ]


def applies(facts: Facts, state: FormatState) -> bool:
    return any(_problem(link, state) for link in facts.entry.links)


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    for link in facts.entry.links:
        problem = _problem(link, state)
        if problem is None:
            continue
        message, fixed_url = problem
        text = line_of(facts, link.line)
        fixed = text.replace(f"]({link.url})", f"]({fixed_url})", 1) if fixed_url else None
        yield entry_finding(
            RULE,
            link.line,
            facts.entry.line,
            message,
            fixed if fixed and fixed != text else None,
        )


def _problem(link: Link, state: FormatState) -> tuple[str, str | None] | None:
    """(what is wrong, the URL that fixes it) for a broken address; None when it is fine."""
    url = link.url.strip()
    if url.startswith(_WEB):
        return None  # nearly every link; neither a bare host nor a bare word
    if not url and link.is_badge:
        return None  # `[![Venue](badge.svg)]()`: a badge shown, not a link followed
    broken_image = _SPACED_IMAGE.match(link.text)
    if not url and broken_image:
        src = broken_image.group(2)
        fixed = src.replace(" ", "%20")
        return (
            f"`{short(link.text)}` shows as text, not an image: its address has a space; "
            f"write `{short(fixed)}`.",
            None,
        )
    if not url:
        return f"`[{link.text}]()` has no address, so it links nowhere; add the URL.", None
    if _HOST_WITHOUT_SCHEME.match(url):
        return (
            f"`{url}` has no `https://`, so GitHub links it as a file of this repository "
            f"(a 404); write `https://{url}`.",
            f"https://{url}",
        )
    # `LICENSE`, `CONTRIBUTING`: the repository's own files, linked on purpose
    if _BARE_WORD.match(url) and not url.isupper() and state.absolute_links_only:
        return (
            f"`{url}` is not a web address (GitHub reads it as a file of this repository, "
            "and every other entry links a full URL); write the project's `https://…` URL.",
            None,
        )
    return None
