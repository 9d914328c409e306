"""Replay every real commit of a list as a pull request and report what the review says.

    python bench/replay.py [--list ai-system|awesome-python|awesome-go] [--all]

For awesome-ai-system every commit's full README is stored (readmes.jsonl), so each commit
is reviewed exactly as a PR would be: base = parent's README, head = the commit's.
Prints errors per commit (and, with --all, every finding's rule counts).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READMES = ROOT.parent / "shared" / "corpus" / "awesome-ai-system" / "readmes.jsonl"


@dataclass(frozen=True)
class Replayed:
    sha: str
    subject: str
    findings: tuple  # type: ignore[type-arg]


def replay(path: Path = READMES) -> Iterator[Replayed]:
    """Review each commit against its parent's README (the root commit is an audit)."""
    from bot.engine import review_texts

    readmes: dict[str, str] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            readmes[record["sha"]] = record["readme"]
            base = readmes.get(record["parent"]) if record["parent"] else None
            review = review_texts(record["readme"], base)
            yield Replayed(record["sha"], record["subject"], review.findings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="also count warnings and notices")
    args = parser.parse_args()
    totals: Counter[tuple[str, str]] = Counter()
    commits = with_errors = 0
    for done in replay():
        commits += 1
        errors = [f for f in done.findings if f.severity.value == "error"]
        totals.update((f.severity.value, f.rule) for f in done.findings)
        if errors:
            with_errors += 1
            print(f"{done.sha[:7]} {done.subject[:50]!r}: {len(errors)} errors")
            for f in errors:
                print(f"    line {f.line} {f.rule}: {f.message[:150]}")
    print(f"\n{commits} commits replayed, {with_errors} with errors")
    for (severity, rule), n in sorted(totals.items()):
        if args.all or severity == "error":
            print(f"  {severity:<8} {rule}: {n}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
