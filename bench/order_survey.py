"""Which real lists keep an order: per list, the share of runs sorted, as `order: auto` learns it.

    python bench/order_survey.py [FILE ...]

With no files, surveys ../shared/corpus/lists/*.md and the newest version of every list file
in the replay bundle (cloned into bench/out/replay-corpus by bench/replay_corpus.py). Prints,
per file, the runs that can show an order (three or more entries of two or more names or
dates), how many are sorted alphabetically and by date, and what `auto` concludes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.replay_corpus import CACHE, SHARED, corpus_dir
from bot.checks.order.profile import learn
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


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or [
        *sorted((SHARED / "corpus" / "lists").glob("*__*.md")),
        *newest_replay_files(),
    ]
    for path in paths:
        print(survey(path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
