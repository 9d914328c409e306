"""M506 undefined-reference: an entry's `[name]` or `[text][label]` with no `[label]: url`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.checks.base import Rule
from bot.checks.listlevel.view import CHECK_NAME, ListView, matching_lines
from bot.model import Finding, Severity

RULE = Rule(
    code="M506",
    name="undefined-reference",
    title="A reference link has no definition, so it renders as plain text",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why="`[gtkada]` or `[GTKAda][gtkada]` is a link only when the file defines `[gtkada]: url`; "
    "without it GitHub shows the brackets and links nowhere.",
    base="# Awesome X\n\n## Tools\n\n- [Alpha][alpha] - Does alpha.\n\n"
    "[alpha]: https://alpha.example.org\n",
    bad="- [Beta][beta] - Does beta.\n",
    good="- [Beta](https://beta.example.org) - Does beta.\n",
)

# `[text][label]` anywhere; a bare `[label]` only where an entry's name goes (first on the
# bullet), since prose uses brackets for other things (`[WIP]`, `[x]`).
_FULL = re.compile(r"\[([^\[\]\n]{1,999})\]\[([^\[\]\n]{0,999})\](?!\()")
_LEADING = re.compile(r"\s*(?:[-*+]|\d{1,9}[.)])\s+\[([^\[\]\n]{1,999})\](?![(\[:])")
_DEFINITION = re.compile(r" {0,3}\[([^\]\n]{1,999})\]:")
_CODE = re.compile(r"`+[^`\n]*`+")


# What a line needs for `_references` to find anything: a `]` that closes no inline link
# or definition (a `][`, the end of a leading `[name]`), or a code span (blanking one may
# bring brackets together). Entries' lines mostly hold `](` only.
_MAY_REFER = re.compile(r"\](?![(:])|`")
_DEFINITIONS = re.compile(r"^" + _DEFINITION.pattern, re.M)  # every line's, in one search


def judge(view: ListView) -> Iterator[Finding]:
    lines = view.doc.lines
    text = "\n".join(lines)
    found = _DEFINITIONS.finditer(text) if "]:" in text else ()
    defined = {_label(m.group(1)) for m in found}
    for index in matching_lines(_MAY_REFER, text):  # most lines hold no reference at all
        number, line = index + 1, lines[index]
        if not view.judges(number) or number in view.code_lines or "[" not in line:
            continue
        for label in _references(_CODE.sub(" ", line) if "`" in line else line):
            established = view.established(f"[{label}]")  # `**[Free][Paid]**` tags
            if _label(label) not in defined and not _special(label) and not established:
                yield RULE.finding(
                    number,
                    f"`[{label}]` refers to no link definition, so it shows as plain text; add "
                    f"`[{label}]: https://…` at the end of the file or write the link inline.",
                )
                break


def _references(text: str) -> Iterator[str]:
    if "][" in text:  # what every `[text][label]` holds
        for match in _FULL.finditer(text):
            yield match.group(2) or match.group(1)
    leading = _LEADING.match(text)
    if leading and not _FULL.match(text, leading.start(1) - 1):
        yield leading.group(1)


def _special(label: str) -> bool:
    """Brackets that are no reference: alerts (`[!NOTE]`), footnotes, task boxes."""
    return label.startswith(("!", "^")) or label.strip().lower() in {"", "x"}


def _label(label: str) -> str:
    return " ".join(label.lower().split())  # CommonMark matches labels case- and space-folded
