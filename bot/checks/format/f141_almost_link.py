"""F141 almost-link: a link written so that GitHub shows it as text, or leads nowhere.

`* tidy_frame](https://…)` (no `[`), `[QuantX]](https://…)` (one `]` too many), a URL
pasted twice, and stray text pasted into a line of the table of contents. The parser reads
such an item or row as an entry with the link its author meant (`Entry.problems`), and a
TOC line with what follows its link (`TocLink.stray`); this rule says what is wrong and
gives the line as it should be. (`[x] (https://…)` and `[x](https://…` are F101's.)
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.checks.analysis.quote import short
from bot.checks.base import Context, Rule
from bot.checks.format.examples import BULLETS
from bot.checks.format.state import CHECK_NAME
from bot.model import Document, Entry, Finding, LinkProblem, Severity, TocLink

RULE = Rule(
    code="F141",
    name="almost-link",
    title="A link is written so that GitHub shows text, or a pasted address leads nowhere",
    severity=Severity.ERROR,
    check=CHECK_NAME,
    why=(
        "`name](url)` without its `[`, `[name]](url)` with one `]` too many and an address "
        "pasted twice (`…/a/bhttps://…/a/b`) give readers no working link; text pasted into "
        "a table-of-contents line shows up in the contents."
    ),
    bad="- Zeta](https://github.com/acme/zeta) - Finds things.\n",
    good="- [Zeta](https://github.com/acme/zeta) - Finds things.\n",
    base=BULLETS,
    fixable=True,
)

_OWNED_ELSEWHERE = frozenset({"spaced"})  # F101 says it, for every line


def judge_diff(ctx: Context) -> Iterator[Finding]:
    for change in ctx.diff.judged:
        before = _known(change.base) if change.base is not None else set()
        problems = [
            p for p in change.head.problems
            if p.kind not in _OWNED_ELSEWHERE and (p.kind, p.written) not in before
        ]
        if problems:
            yield _entry_finding(ctx.head, change.head, problems)
    yield from _stray_toc_lines(ctx)


def _known(entry: Entry) -> set[tuple[str, str]]:
    return {(p.kind, p.written) for p in entry.problems}


def _entry_finding(head: Document, entry: Entry, problems: list[LinkProblem]) -> Finding:
    line = problems[0].line
    text = head.line_text(line)
    fixed = text
    for problem in problems:
        if problem.line == line:
            fixed = fixed.replace(problem.written, problem.fixed, 1)
    message = " ".join(dict.fromkeys(_describe(p) for p in problems))
    return RULE.finding(
        line, message, fixed if fixed != text else None, end_line=line, entry_line=entry.line
    )


def _describe(problem: LinkProblem) -> str:
    written, fixed = short(problem.written), short(problem.fixed)
    if problem.kind == "missing-open-bracket":
        return f"`{written}` has no `[` before its text, so GitHub shows text. Write `{fixed}`."
    if problem.kind == "extra-bracket":
        return f"`{written}` has one `]` too many, so GitHub shows text. Write `{fixed}`."
    return (
        f"the address `{written}` is one address pasted twice, so the link leads nowhere. "
        f"Write `{fixed}`."
    )


def _stray_toc_lines(ctx: Context) -> Iterator[Finding]:
    """TOC lines this change wrote text into, after their link."""
    before: set[tuple[str, str]] = set()
    if ctx.base is not None and not ctx.diff.full_audit:
        before = {(link.text, link.stray) for link in ctx.base.toc}
    for link in ctx.head.toc:
        if link.stray and (link.text, link.stray) not in before:
            yield _stray_finding(ctx.head, link)


def _stray_finding(head: Document, link: TocLink) -> Finding:
    text = head.line_text(link.line)
    at = text.rfind(link.stray)
    fixed = text[:at].rstrip() if at > 0 else None
    return RULE.finding(
        link.line,
        f"the table-of-contents line for `{short(link.text)}` also holds "
        f"`{short(link.stray)}`, which was probably meant for another place (an entry, a "
        "section). Keep only the link here.",
        fixed, end_line=link.line, entry_line=link.line,
    )
