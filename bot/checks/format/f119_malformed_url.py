"""F119 malformed-url: an address such as `{https://…` or `https:/…` leads nowhere."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from bot.checks.analysis.facts import Facts
from bot.checks.analysis.quote import short
from bot.checks.base import Rule
from bot.checks.format.examples import BULLETS
from bot.checks.format.state import CHECK_NAME, FormatState, JudgedText
from bot.checks.format.wording import entry_finding, line_of
from bot.model import Entry, Finding, Severity

RULE = Rule(
    code="F119",
    name="malformed-url",
    title="A link's address is not a valid URL",
    severity=Severity.ERROR,
    check=CHECK_NAME,
    why=(
        "An address such as `{https://…`, `https:/…` or one with a space in it is not a web "
        "address: GitHub turns it into a link to a missing page of the list's own repository."
    ),
    bad="- [Zeta]({https://github.com/acme/zeta) - Finds things.\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=BULLETS,
    fixable=True,
)

ASPECTS: tuple[str, ...] = ()


# A web address, an in-page anchor, a relative path or another scheme (mailto:, ftp:) — all
# fine. What is left is an address mangled while typing: junk before the scheme, one slash,
# a space inside, or a whole Markdown link pasted where its address goes (`](` never
# belongs to an address).
_WELL_FORMED_URL = re.compile(
    r"^(?!.*\]\()(?:[a-zA-Z][a-zA-Z0-9+.-]*:(?://)?[^\s/]|#|/|\.{0,2}/?[\w.-]+(?:[/?#]|$)|$)\S*$"
)
# The address to suggest stops where Markdown's own brackets start, so a pasted
# `[https://a/b](https://a/b)` gives `https://a/b`; parentheses inside it stay when balanced
# (`…/wiki/Foo_(bar)`).
_SCHEME_IN_URL = re.compile(r"(?:https?|ftp)://[^\s\[\]()<>]+(?:\([^\s\[\]()<>]*\)[^\s\[\]()<>]*)*")
_ONE_SLASH = re.compile(r"^(https?):/(?=[^/])")


def candidates(judged: JudgedText, state: FormatState) -> Sequence[Entry]:
    malformed = any(not _WELL_FORMED_URL.match(url) for url in judged.urls)
    return judged.entries if malformed else ()


def applies(facts: Facts, state: FormatState) -> bool:
    return any(not _WELL_FORMED_URL.match(link.url) for link in facts.entry.links)


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    for link in facts.entry.links:
        if _WELL_FORMED_URL.match(link.url):
            continue
        text = line_of(facts, link.line)
        inner = _SCHEME_IN_URL.search(_ONE_SLASH.sub(r"\1://", link.url))
        fixed = text.replace(f"]({link.url})", f"]({inner.group(0)})", 1) if inner else None
        hint = f" Write `{inner.group(0)}`." if inner else ""
        yield entry_finding(
            RULE, link.line, facts.entry.line,
            f"`{short(link.url)}` is not a valid web address, so the link leads nowhere.{hint}",
            fixed if fixed != text else None,
        )
