"""Placement recall and false alarms on real lists: entries moved between clearly different
sections, and the same entries added where they belong.

    python bench/placement_moves.py [--per-list N] [--seed S] [FILE ...]

For each list, N entries (seeded sample, from categories of at least 3 entries) are each
turned into two pull requests against the list without them:
- *moved*: the entry is added to a clearly different category (another leaf section whose
  heading shares no word with its own, and that is neither its parent nor its child) —
  P204 should fire and name the entry's real category (recall);
- *in place*: the entry is added back where it was — P204 must stay quiet (false alarms).
Prints a Markdown table per list and the totals (docs/quality.md quotes it).
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.checks.analysis.categories import is_meta_section, section_name
from bot.engine import review_texts
from bot.model import Document, Entry
from bot.parse import parse

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
DEFAULT_LISTS = (
    SHARED / "awesome-ai-system" / "README.md",
    SHARED / "lists" / "vinta__awesome-python.md",
    SHARED / "lists" / "sindresorhus__awesome-nodejs.md",
)


@dataclass
class Score:
    moved: int = 0
    found: int = 0  # P204 on the moved entry, naming its real category
    found_elsewhere: int = 0  # P204 on the moved entry, naming a third category
    found_second: int = 0  # of `found`, those naming the real category as the runner-up
    in_place: int = 0
    false_alarms: int = 0  # P204 on an entry added where it belongs


def _words(section: tuple[str, ...]) -> set[str]:
    return set(section_name(section[-1]).split())


def _clearly_different(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    related = a[: len(b)] == b or b[: len(a)] == a
    return not related and not (_words(a) & _words(b))


def _categories(doc: Document) -> dict[tuple[str, ...], list[Entry]]:
    found: dict[tuple[str, ...], list[Entry]] = {}
    for entry in doc.entries:
        if entry.section and not is_meta_section(entry.section):
            found.setdefault(entry.section, []).append(entry)
    return {s: es for s, es in found.items() if len(es) >= 3}


def _without(lines: list[str], entry: Entry) -> list[str]:
    return lines[: entry.line - 1] + lines[entry.end_line :]


def _insert_into(lines: list[str], target: list[Entry], entry_lines: list[str]) -> list[str]:
    """Lines with the entry's lines after the target category's last entry (same kind)."""
    last = target[-1]
    return lines[: last.end_line] + entry_lines + lines[last.end_line :]


def _p204(head: str, base: str) -> list[tuple[int, str]]:
    return [(f.line, f.message) for f in review_texts(head, base).findings if f.rule == "P204"]


def measure(path: Path, per_list: int, seed: int) -> Score:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    doc = parse(text)
    categories = _categories(doc)
    rng = random.Random(seed)
    pool = [e for es in categories.values() for e in es if e.end_line == e.line]
    rng.shuffle(pool)
    score = Score()
    for entry in pool[: per_list]:
        own = entry.section
        targets = [s for s in categories if _clearly_different(s, own)
                   and categories[s][0].kind == entry.kind]
        if not targets:
            continue
        target = rng.choice(targets)
        base_lines = _without(lines, entry)
        base = "\n".join(base_lines) + "\n"
        shift = entry.end_line - entry.line + 1
        entry_lines = lines[entry.line - 1 : entry.end_line]
        target_entries = [
            e if e.line < entry.line else _shifted(e, shift) for e in categories[target]
            if e.line != entry.line
        ]
        moved = "\n".join(_insert_into(base_lines, target_entries, entry_lines)) + "\n"
        at = target_entries[-1].end_line + 1
        hits = [m for line, m in _p204(moved, base) if line == at]
        score.moved += 1
        if hits:
            named = hits[0].split(" rather than ")[0]
            if f"`{own[-1]}`" in named:
                score.found += 1
                score.found_second += f"(or `{own[-1]}`)" in named
            else:
                score.found_elsewhere += 1
        in_place = [m for line, m in _p204(text, base) if line == entry.line]
        score.in_place += 1
        score.false_alarms += bool(in_place)
    return score


def _shifted(entry: Entry, by: int) -> Entry:
    from dataclasses import replace

    return replace(entry, line=entry.line - by, end_line=entry.end_line - by)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=list(DEFAULT_LISTS))
    parser.add_argument("--per-list", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rows = []
    total = Score()
    for path in args.files:
        s = measure(path, args.per_list, args.seed)
        rows.append((path.name if path.name != "README.md" else path.parent.name, s))
        for f in vars(total):
            setattr(total, f, getattr(total, f) + getattr(s, f))
    rows.append(("all", total))
    print("| list | moved | found (right category) | found (other) | recall | in place "
          "| false alarms | rate |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, s in rows:
        recall = s.found / s.moved if s.moved else 0.0
        rate = s.false_alarms / s.in_place if s.in_place else 0.0
        print(f"| {name} | {s.moved} | {s.found} | {s.found_elsewhere} | {recall:.2f} | "
              f"{s.in_place} | {s.false_alarms} | {rate:.3f} |")
    print(f"\nOf the {total.found} found, {total.found_second} name the real category as the "
          "runner-up (`may belong in `A` (or `B`)`).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
