"""Which real lists keep an order: per list, the share of runs sorted, as `order: auto` learns it.

    python -m bench.order_survey [FILE ...]
    python -m bench.order_survey --moves 20 FILE ...


With no files, surveys ../shared/corpus/lists/*.md and the newest version of every list file
in the replay bundle (cloned into bench/out/replay-corpus by bench/replay_corpus.py). Prints,
per file, the runs that can show an order (three or more entries of two or more names or
dates), how many are sorted alphabetically and by date, and what `auto` concludes.

With `--moves N`, on each list `auto` finds sorted: N single-line entries of sorted lists
(seeded sample) are taken out and added back in two pull requests, **in place** (O701 must
stay quiet) and **appended** at the end of their list where that is not their place (O701
must fire and name the entry before it in the list).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from bench.replay_corpus import CACHE, SHARED, corpus_dir
from bot.checks.base import Context
from bot.checks.order import run
from bot.checks.order.profile import learn
from bot.checks.order.runs import Member, alphabetical_key, runs
from bot.checks.order.sequence import is_sorted
from bot.config import DEFAULT
from bot.diff import diff_documents
from bot.model import Finding
from bot.parse import parse


def newest_replay_files() -> list[Path]:
    """The list files of each replayed list at its newest commit."""
    root = corpus_dir()
    newest: dict[tuple[str, str], Path] = {}
    for line in (root / "commits.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        newest[(row["list"], row["file"])] = root / row["head"]
    return list(newest.values())


def survey(path: Path) -> str:
    profile = learn(parse(path.read_text(encoding="utf-8")))
    alpha, dated = profile.alphabetical, profile.date
    verdicts = [name for name, tally in (("alphabetical", alpha), ("date", dated)) if tally.keeps]
    share = f"{alpha.sorted_runs / alpha.runs:.0%}" if alpha.runs else "–"
    return (
        f"{_name(path):70} alphabetical {alpha!s:>9} ({share:>4}, {alpha.entries:5} entries) "
        f"date {dated!s:>7} (first {profile.newest_first}, last {profile.newest_last}) "
        f"-> {' + '.join(verdicts) or 'no order'}"
    )


def _name(path: Path) -> str:
    for root in (CACHE / "v", SHARED / "corpus" / "lists"):
        if path.is_relative_to(root):
            return str(path.relative_to(root))
    return str(path)


def moves(path: Path, count: int, seed: int = 7) -> str:
    """In-place and appended re-additions of `count` sampled entries: (quiet, found right)."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    head = parse(text)
    if not learn(head).alphabetical.keeps:
        return f"{_name(path)}: not sorted, no moves"
    candidates = [
        (member, each.members)
        for each in runs(head)
        if len(each.members) >= 3 and is_sorted([alphabetical_key(m.entry) for m in each.members])
        for member in each.members
        if member.entry.line == member.block_end  # one line, no nested list
    ]
    sample = random.Random(seed).sample(candidates, min(count, len(candidates)))
    quiet = found = appended = 0
    for member, siblings in sample:
        line = member.entry.line
        base = "".join(lines[: line - 1] + lines[line:])
        quiet += not _order(base, text)
        last = siblings[-1]
        if last is member:
            continue
        moved = lines[: line - 1] + lines[line : last.block_end] + [lines[line - 1]]
        appended += 1
        findings = _order(base, "".join(moved + lines[last.block_end :]))
        found += any(_names_neighbour(f, member, siblings) for f in findings)
    return (
        f"{_name(path)}: in place {len(sample)}, quiet {quiet}; appended {appended}, "
        f"found naming the right neighbour {found}"
    )


def _order(base: str, head: str) -> list[Finding]:
    before, after = parse(base), parse(head)
    return list(run(Context(after, before, diff_documents(before, after), DEFAULT)))


def _names_neighbour(finding: Finding, member: Member, siblings: tuple[Member, ...]) -> bool:
    """Does the finding name the entry before it in the list (or one of the same name)?"""
    at = siblings.index(member)
    twins = [
        f"after `{s.entry.title[:30]}"
        for s in siblings
        if s is not member and alphabetical_key(s.entry) == alphabetical_key(member.entry)
    ]
    named = (
        f"before `{siblings[1].entry.title[:30]}"
        if at == 0
        else f"after `{siblings[at - 1].entry.title[:30]}"
    )
    return any(said in finding.message for said in [named, *twins])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--moves", type=int, default=0, help="entries to re-add per list")
    args = parser.parse_args(argv)
    paths = args.files or [
        *sorted((SHARED / "corpus" / "lists").glob("*__*.md")),
        *newest_replay_files(),
    ]
    for path in paths:
        print(moves(path, args.moves) if args.moves else survey(path))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
