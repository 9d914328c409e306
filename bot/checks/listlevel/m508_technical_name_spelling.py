"""M508 technical-name-spelling: `Node.js`, `GitHub`, `macOS` — names written as their owners do."""

from __future__ import annotations

from collections.abc import Iterator, KeysView, Mapping
from itertools import compress
from urllib.parse import urlsplit

from bot.checks.analysis.spelling import Misspelling, may_misspell, misspellings
from bot.checks.base import Rule
from bot.checks.listlevel.view import CHECK_NAME, ListView, without_link_texts
from bot.model import Entry, Finding, Severity

RULE = Rule(
    code="M508",
    name="technical-name-spelling",
    title="A technical name is misspelled (`Github`, `nodejs`, `Mac OS`)",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why="A list is read for its names; `Javascript` or `postgres` where the project writes "
    "`JavaScript` and `PostgreSQL` looks careless. Words that are also plain English "
    "(`spring`, `slack`) are corrected only where they clearly name the product, and never "
    "inside URLs, code or identifiers like `awesome-docker`. Add a list's own names under "
    "`spelling:` in the config.",
    base="# Awesome X\n\n## Tools\n\n- [Alpha](https://alpha.example.org) - Does alpha.\n",
    bad="- [Beta](https://beta.example.org) - A Github bot.\n",
    good="- [Beta](https://beta.example.org) - A GitHub bot.\n",
    fixable=True,
    config="spelling:\n  Zeta: [zeta]\n",
)


def judge(view: ListView, extra: Mapping[str, tuple[str, ...]]) -> Iterator[Finding]:
    names = {entry.line: entry for entry in view.judged_entries()}
    prose_lines, judged = _texts(view, extra)
    named = [entry for number, entry in names.items() if number in prose_lines]
    title_may = dict(
        zip((e.line for e in named), may_misspell([e.title for e in named], extra), strict=True)
    )
    # most lines hold no word a name starts with, in their text or their entry's name
    asked = judged.keys() | {number for number, may in title_may.items() if may}
    for number in sorted(asked):
        text, entry = judged.get(number), names.get(number)
        named_here = entry is not None and title_may[number]
        found = list(misspellings(text, extra)) if text is not None else []
        if entry is not None and named_here:
            in_name = list(misspellings(entry.title, extra, is_name=True))
            if in_name and not _is_package_name(entry):
                found += in_name
        found = [m for m in found
                 if not view.established(m.written) and view.newly_written(m.written, number)]
        if found:
            yield _finding(view, number, found)


def _texts(
    view: ListView, extra: Mapping[str, tuple[str, ...]]
) -> tuple[KeysView[int], dict[int, str]]:
    """The judged lines holding prose, and the prose without link texts of those holding a
    word a name starts with (few of them, found in one pass over all lines)."""
    judged = dict(view.judged_prose())
    # Leaving link texts out only takes words away (a `[…]` becomes a space): a line with no
    # such word is not read again without them.
    may = may_misspell(list(judged.values()), extra)
    kept = [(n, without_link_texts(judged[n])) for n in compress(judged, may)]
    still = may_misspell([text for _, text in kept], extra)
    texts = {number: text for (number, text), maybe in zip(kept, still, strict=True) if maybe}
    return judged.keys(), texts


def _finding(view: ListView, number: int, found: list[Misspelling]) -> Finding:
    words = ", ".join(f"`{m.written}` → `{m.correct}`" for m in _unique(found))
    line = view.doc.line_text(number)
    fixed = line
    for m in _unique(found):
        fixed = _replace_outside_urls(fixed, m.written, m.correct)
    return RULE.finding(
        number,
        f"Write technical names as their projects do: {words}.",
        fixed if fixed != line else None,
    )


def _unique(found: list[Misspelling]) -> list[Misspelling]:
    seen: dict[str, Misspelling] = {}
    for m in found:
        seen.setdefault(m.written, m)
    return list(seen.values())


def _is_package_name(entry: Entry) -> bool:
    """`[slack](https://github.com/slack-go/slack)`: the name is the package's, as published."""
    title = entry.title.strip().lower()
    for link in entry.links:
        path = urlsplit(link.url).path.rstrip("/")
        if path and path.rsplit("/", 1)[-1].lower() == title:
            return True
    return False


def _replace_outside_urls(line: str, written: str, correct: str) -> str:
    """Replace `written` by `correct` where it stands as a word outside `(…)` link targets."""
    out: list[str] = []
    depth = 0
    i = 0
    # The scan acts only where `](`, `)` or `written` stands: it copies the text between
    # them whole. Each one's next place is searched for again only once the scan is past
    # it, so every search starts beyond the last one's find (linear in the line).
    needles = ("](", ")", written)
    ahead = [-1, -1, -1]
    while i < len(line):
        for k, needle in enumerate(needles):
            if ahead[k] < i:
                found = line.find(needle, i)
                ahead[k] = len(line) if found < 0 else found
        stop = min(ahead)
        if stop > i:
            out.append(line[i:stop])
            i = stop
            continue
        if line.startswith("](", i):
            depth += 1
        elif line[i] == ")" and depth:
            depth -= 1
        if not depth and line.startswith(written, i) and _bounded(line, i, len(written)):
            out.append(correct)
            i += len(written)
            continue
        out.append(line[i])
        i += 1
    return "".join(out)


def _bounded(line: str, start: int, size: int) -> bool:
    before = line[start - 1] if start else " "
    after = line[start + size] if start + size < len(line) else " "
    return not (before.isalnum() or before in "-_/@.#") and not (after.isalnum() or after in "-_/@")
