"""M511 emphasis-marker: `*emphasis*` where the list writes `_emphasis_` (or the reverse).

The list's marker is the one nine in ten of its emphasis uses (in a pull request, on the lines
it did not touch; at least three times); a pull request is told when it writes the other. A
list with no marker of its own is, in an audit, pointed to awesome-lint's `_` as a notice (the
linter lists in the awesome index run); a pull request adding to such a list follows one of its
ways and is told nothing. Only single emphasis counts (`**strong**` is another thing), read as
CommonMark does: an underscore inside a word (`snake_case`) or a star between spaces (`2 * 3`)
is not emphasis.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token

from bot.checks.base import Rule
from bot.checks.listlevel.view import CHECK_NAME, ESTABLISHED, ListView, matching_lines
from bot.memo import per_text
from bot.model import Finding, Severity

RULE = Rule(
    code="M511",
    name="emphasis-marker",
    title="Emphasis is written with `*` where the list uses `_` (or the reverse)",
    severity=Severity.NOTICE,
    check=CHECK_NAME,
    why="One marker reads as one list in the source; awesome-lint reports the other one (as an "
    "error: set `rules: {M511: error}` to match). Both render alike, so it is a notice. An audit "
    "points a list with no marker of its own to awesome-lint's `_`.",
    base="# Awesome X\n\n## Books\n\n"
    "- [Alpha](https://alpha.example.org) - A book. _(Japanese)_\n"
    "- [Beta](https://beta.example.org) - A book. _(Korean)_\n"
    "- [Gamma](https://gamma.example.org) - A book. _(French)_\n",
    bad="- [Delta](https://delta.example.org) - A book. *(German)*\n",
    good="- [Delta](https://delta.example.org) - A book. _(German)_\n",
)

DEFAULT = "_"  # awesome-lint's `remark-lint-emphasis-marker` setting
OWN_SHARE = 0.9  # a cosmetic habit: the list's own only when it is nearly all its emphasis
# Inline parsing of one line with nothing on but emphasis, escapes and code spans: the
# review's own parse leaves emphasis out (it costs a sixth of parsing a large list).
_INLINE = MarkdownIt("zero").enable(["emphasis", "escape", "backticks"])
_MAY_EMPHASISE = re.compile(r"[*_]\S")
# Inline parsing costs ~5 µs a character: a line longer than this is no entry or sentence a
# reader reads (a pasted blob, a hostile line) and is not worth a second parse.
_LONGEST = 5_000


Emphasis = tuple[str, str]  # (marker, the emphasised text)


def markers(view: ListView) -> list[tuple[int, tuple[Emphasis, ...]]]:
    """(line, its single emphasis as written) for every line with emphasis."""
    found: list[tuple[int, tuple[Emphasis, ...]]] = []
    for index in matching_lines(_MAY_EMPHASISE, view.prose_text):
        prose = view.prose[index]
        if len(prose) <= _LONGEST and (used := _used(prose)):
            found.append((index + 1, used))
    return found


@per_text()
def _used(prose: str) -> tuple[Emphasis, ...]:
    return tuple(e for token in _INLINE.parseInline(prose) for e in _emphasis(token))


def _emphasis(inline: Token) -> Iterator[Emphasis]:
    """Each single emphasis of an inline token: its marker and its text."""
    children = inline.children or []
    for at, child in enumerate(children):
        if child.type != "em_open":
            continue
        depth, text = 0, []
        for inner in children[at + 1 :]:
            depth += {"em_open": 1, "em_close": -1}.get(inner.type, 0)
            if depth < 0:
                break
            text.append(inner.markup if inner.type.endswith(("_open", "_close")) else inner.content)
        yield child.markup, "".join(text)


def judge(view: ListView) -> Iterator[Finding]:
    written = markers(view)
    if not any(view.judges(number) for number, _ in written):
        return
    learned = Counter(m for n, used in written if not _touched(view, n) for m, _ in used)
    own = max(learned, key=learned.__getitem__) if learned else None
    if own is not None and learned[own] >= max(ESTABLISHED, OWN_SHARE * learned.total()):
        expected = own
        why = f"this list writes it with `{own}` ({learned[own]} of {learned.total()} times)"
    elif view.added is None:
        expected = DEFAULT
        counts = ", ".join(f"{count} `{m}`" for m, count in sorted(learned.items()))
        why = f"this list has no marker of its own ({counts}), so follow awesome-lint's `{DEFAULT}`"
    else:
        return
    for number, used in written:
        other = next(((m, text) for m, text in used if m != expected), None)
        if other is None or not view.judges(number):
            continue
        marker, text = other
        yield RULE.finding(
            number,
            f"`{marker}{text}{marker}` is emphasised with `{marker}`, but {why}: "
            f"`{expected}{text}{expected}`.",
        )


def _touched(view: ListView, line: int) -> bool:
    """A line the review judges in a pull request (an audit learns from every line)."""
    return view.added is not None and line in view.added
