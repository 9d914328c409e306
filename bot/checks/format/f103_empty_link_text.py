"""F103 empty-link-text: `[](url)` is invisible on the page."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from bot.checks.analysis.facts import Facts
from bot.checks.analysis.quote import short
from bot.checks.base import Rule
from bot.checks.format.examples import BULLETS
from bot.checks.format.state import CHECK_NAME, FormatState, JudgedText
from bot.checks.format.wording import entry_finding, line_of
from bot.model import Entry, Finding, Severity
from bot.urls import github_owner_repo

RULE = Rule(
    code="F103",
    name="empty-link-text",
    title="A link has no text",
    severity=Severity.ERROR,
    check=CHECK_NAME,
    why="A link written `[](url)` is invisible on the rendered page.",
    bad="- [](https://github.com/acme/zeta) - Finds things.\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=BULLETS,
    fixable=True,
)

ASPECTS: tuple[str, ...] = ()


def candidates(judged: JudgedText, state: FormatState) -> Sequence[Entry]:
    return judged.holding("[](", "[ ](", "</a>")


def applies(facts: Facts, state: FormatState) -> bool:
    raw = facts.entry.raw
    return "[](" in raw or "[ ](" in raw or ("<" in raw and "</a>" in raw)


def judge(facts: Facts, state: FormatState) -> Iterator[Finding]:
    for link in facts.entry.links:
        if link.is_badge or link.text.strip():
            continue
        name = _link_name(link.url)
        text = line_of(facts, link.line)
        fixed = text.replace(f"[]({link.url})", f"[{name}]({link.url})", 1) if name else None
        example = f"`[{name}]({short(link.url)})`" if name else "`[Project name](url)`"
        yield entry_finding(
            RULE, link.line, facts.entry.line,
            f"the link to {short(link.url)} has no text, so readers cannot see or click it. "
            f"Put the project's name between the brackets, e.g. {example}.",
            fixed if fixed != text else None,
        )


def _link_name(url: str) -> str | None:
    owner_repo = github_owner_repo(url)
    return owner_repo[1] if owner_repo else None
