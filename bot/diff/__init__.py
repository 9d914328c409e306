"""Base Document × head Document → what a pull request added, changed, removed and moved.

Entries are matched in two passes: first by their text with whitespace collapsed (an
unchanged or merely moved entry, or a whitespace-only edit), then by identity — the same
primary URL or the same title — which makes an edited entry "changed", not "added".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable

from bot.diff.anchors import anchor_shifts
from bot.diff.structure import breakages
from bot.model import Change, Diff, Document, Entry
from bot.urls import canonical_url


def diff_documents(base: Document | None, head: Document) -> Diff:
    """What changed from `base` to `head`; with no base, every head entry counts as added."""
    if base is None:
        return Diff(tuple(Change(e) for e in head.entries), (), (), (), full_audit=True)
    pairs, unmatched_head, unmatched_base = _match(
        list(head.entries), list(base.entries), _text_key
    )
    renamed = _renamed_sections(pairs, base, head)
    moved = tuple(
        Change(h, b)
        for h, b in pairs
        if h.section != b.section and (b.section, h.section) not in renamed
    )
    changed_pairs, added, removed = _match(unmatched_head, unmatched_base, _identity_keys)
    changed = tuple(Change(h, b) for h, b in changed_pairs)
    written_before = _lines_outside_entries(base)
    return Diff(
        added=tuple(Change(e) for e in added if not _lines_existed(e, written_before)),
        changed=changed,
        removed=tuple(removed),
        moved=moved,
        anchor_shifts=anchor_shifts(base, head),
        broken=breakages(base, head, removed),
    )


Section = tuple[str, ...]


def _renamed_sections(
    pairs: list[tuple[Entry, Entry]], base: Document, head: Document
) -> set[tuple[Section, Section]]:
    """(base section, head section) that are one section renamed or moved whole: every entry
    kept from the base section is in the head one, which holds no other kept entry, and the
    base's heading is gone from the head while the head's is new. Its entries kept their place
    among their neighbours; they did not move (`## Tools` → `## 🔧 Tools`)."""
    to_head: dict[Section, set[Section]] = defaultdict(set)
    from_base: dict[Section, set[Section]] = defaultdict(set)
    for h, b in pairs:
        if h.section != b.section:
            to_head[b.section].add(h.section)
            from_base[h.section].add(b.section)
    if not to_head:
        return set()
    for h, b in pairs:  # the entries that stayed count too: a section that keeps some did split
        if h.section == b.section and (b.section in to_head or h.section in from_base):
            to_head[b.section].add(h.section)
            from_base[h.section].add(b.section)
    in_base, in_head = _heading_paths(base), _heading_paths(head)
    return {
        (old, new)
        for old, news in to_head.items()
        if len(news) == 1 and (new := next(iter(news))) != old
        and from_base[new] == {old} and new not in in_base and old not in in_head
    }


def _heading_paths(doc: Document) -> set[Section]:
    """The section path of every heading, as entries name their section (the title left out)."""
    paths: set[Section] = set()
    open_: list[tuple[int, str]] = []
    titled = False
    for heading in doc.headings:
        if heading.level == 1 and not titled and not open_:
            titled = True
            continue
        while open_ and open_[-1][0] >= heading.level:
            open_.pop()
        open_.append((heading.level, heading.text))
        paths.add(tuple(text for _, text in open_))
    return paths


def _match(
    head: list[Entry],
    base: list[Entry],
    keys: Callable[[Entry], Iterable[Hashable]],
) -> tuple[list[tuple[Entry, Entry]], list[Entry], list[Entry]]:
    """Pair head entries with base entries sharing a key; each base entry pairs once."""
    if not base:  # nothing to pair with: a PR of only new entries keys none of them
        return [], list(head), []
    index: dict[Hashable, list[Entry]] = defaultdict(list)
    for entry in base:
        for key in keys(entry):
            index[key].append(entry)
    indexed = index.keys()
    used: set[int] = set()
    pairs: list[tuple[Entry, Entry]] = []
    unmatched: list[Entry] = []
    for entry in head:
        entry_keys = keys(entry)
        # most entries of a PR adding many share no key with the base: asked in C, not listed
        known = not indexed.isdisjoint(entry_keys)
        partner = _first_unused(entry, entry_keys, index, used) if known else None
        if partner is None:
            unmatched.append(entry)
        else:
            used.add(id(partner))
            pairs.append((entry, partner))
    left = [e for e in base if id(e) not in used]
    return pairs, unmatched, left


def _first_unused(
    entry: Entry,
    keys: Iterable[Hashable],
    index: dict[Hashable, list[Entry]],
    used: set[int],
) -> Entry | None:
    candidates = [c for key in keys for c in index.get(key, ()) if id(c) not in used]
    if not candidates:
        return None
    # prefer a partner in the same section, then the nearest one
    return min(candidates, key=lambda c: (c.section != entry.section, abs(c.line - entry.line)))


def _lines_outside_entries(doc: Document) -> set[str]:
    """Normalised lines of `doc` that are not part of any entry (a copy of an existing
    entry is a duplicate to judge, so entry lines must not count as "written before")."""
    inside = {n for e in doc.entries for n in range(e.line, e.end_line + 1)}
    return {" ".join(text.split()) for n, text in enumerate(doc.lines, 1) if n not in inside}


def _lines_existed(entry: Entry, base_lines: set[str]) -> bool:
    """Every line was already in the base file, only not read as an entry there — e.g. a
    table row cut off from its table by a blank line, mended by this change. Not new."""
    lines = entry.raw.splitlines()
    # most added entries: the first line is new, asked without a generator for the rest
    if lines and " ".join(lines[0].split()) not in base_lines:
        return False
    return all(" ".join(line.split()) in base_lines for line in lines[1:])


def _text_key(entry: Entry) -> tuple[Hashable, ...]:
    return (" ".join(entry.raw.split()),)


def _identity_keys(entry: Entry) -> tuple[Hashable, ...]:
    title = " ".join(entry.title.lower().split())
    for link in entry.links:  # the first link that is no badge: the entry's own
        if not link.is_badge:
            url = ("url", canonical_url(link.url))
            return (url, ("title", title)) if title else (url,)
    return (("title", title),) if title else ()
