"""M501 main-heading: the list opens with one top-level heading, in Title Case."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.checks.base import Rule
from bot.checks.listlevel.view import CHECK_NAME, ListView
from bot.model import Finding, Severity

RULE = Rule(
    code="M501",
    name="main-heading",
    title="The list has one main heading, level 1, in Title Case",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why="The main heading is the list's name on GitHub and in the awesome index: one `#` "
    "heading, first, in Title Case (`# Awesome Node.js`). A second `#` heading splits the page "
    "and its table of contents.",
    bad="# Awesome X\n\n## Tools\n\n# More Tools\n",
    good="# Awesome X\n\n## Tools\n\n## More Tools\n",
)

# Words Title Case leaves in lower case, unless they open the title.
_MINOR = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "en", "for", "from", "if", "in", "into", "nor"}
    | {"of", "on", "or", "per", "the", "to", "vs", "via", "with"}
)
_WORD = re.compile(r"[^\s/]+")
_HTML_TOP = re.compile(r"\s*<(h1|div|p|a|img|picture)\b", re.IGNORECASE)


def judge(view: ListView) -> Iterator[Finding]:
    headings = view.doc.headings
    tops = [h for h in headings if h.level == 1]
    if not headings or headings[0].level != 1:
        if _html_title(view):
            return
        if not tops:
            yield from _missing(view, headings[0].line if headings else 1)
            return
    first = tops[0]
    if view.judges(first.line) and not is_title_case(first.text):
        yield RULE.finding(
            first.line,
            f"The main heading `{first.text}` is not in Title Case; write it like "
            f"`{title_case(first.text)}`.",
        )
    for extra in tops[1:]:
        if view.judges(extra.line):
            yield RULE.finding(
                extra.line,
                f"`# {extra.text}` is a second main heading; a list has one. Make it a `##` "
                "section heading.",
                "#" + view.doc.line_text(extra.line),
            )


def _missing(view: ListView, line: int) -> Iterator[Finding]:
    # reported at line 1, where the main heading belongs
    if not (view.judges(1) or view.judges(line)):
        return
    headings = view.doc.headings
    if headings:
        yield RULE.finding(
            1,
            f"The list's first heading `{headings[0].text}` is level {headings[0].level}; "
            "the main heading is level 1: `# Awesome Topic`.",
        )
    else:
        yield RULE.finding(1, "The list has no main heading; open it with `# Awesome Topic`.")


def _html_title(view: ListView) -> bool:
    """An HTML title block (a logo in `<h1>` or `<div>`) opens the list before any heading."""
    first = next((line for line in view.doc.lines[:10] if line.strip()), "")
    return bool(_HTML_TOP.match(first)) or any(
        "<h1" in line.lower() for line in view.doc.lines[:10]
    )


def is_title_case(text: str) -> bool:
    """Every word capitalised but minor ones; words with no cased letter pass (CJK, `2.0`)."""
    for index, word in enumerate(_WORD.findall(text)):
        first = next((c for c in word if c.isalpha()), "")
        if not first or not first.islower():
            continue
        if index > 0 and word.lower().strip("()[]") in _MINOR:
            continue
        if any(c.isupper() for c in word):  # `macOS`, `iOS`: a name's own casing
            continue
        return False
    return True


def title_case(text: str) -> str:
    words = text.replace("-", " ").split()
    return " ".join(
        w if (i > 0 and w.lower() in _MINOR) else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )
