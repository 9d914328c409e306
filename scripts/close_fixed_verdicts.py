"""After a fix lands: close the false alarms the engine no longer raises, and list what is new.

    python scripts/close_fixed_verdicts.py [--findings FILE] [--unjudged OUT]

Replays the corpus (or reads the JSON lines `bench/replay_corpus.py --out` wrote) and rewrites
tests/replay/verdicts.jsonl with the `open` marker removed from every false verdict whose
finding is gone: that false alarm is fixed, and the replay test now holds it gone. Verdicts
are otherwise kept as written (a true finding that is gone stays, and the test fails on it:
a lost true finding is a regression to look at, not a line to delete). Findings with no
verdict are written to OUT as verdict lines to fill in (`"verdict"`/`"reason"` left empty).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.replay_corpus import (  # noqa: E402
    VERDICTS,
    add_arguments,
    corpus_dir,
    judged,
    load_rows,
    replay,
)


def _raised(args: argparse.Namespace) -> dict[tuple[str, str, str, int, str], dict[str, Any]]:
    if args.findings:
        records = [json.loads(line) for line in args.findings.read_text("utf-8").splitlines()]
        return {
            (r["list"], r["sha"], r["file"], r["line"], r["code"]): r
            for r in records if r["severity"] in ("error", "warning")
        }
    corpus = corpus_dir()
    results = replay(corpus, load_rows(corpus, args.list), jobs=args.jobs)
    return {hit.key: hit.__dict__ for hit in judged(results)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=Path, help="findings from replay_corpus.py --out")
    parser.add_argument("--unjudged", type=Path, default=ROOT / "bench" / "out" / "unjudged.jsonl")
    add_arguments(parser)
    args = parser.parse_args(argv)
    raised = _raised(args)
    lines = VERDICTS.read_text("utf-8").splitlines()
    closed = 0
    known = set()
    out = []
    for line in lines:
        record = json.loads(line)
        key = (record["list"], record["sha"], record["file"], record["line"], record["code"])
        known.add(key)
        if record.get("open") and key not in raised:
            del record["open"]
            closed += 1
            line = json.dumps(record, ensure_ascii=False)
        out.append(line)
    VERDICTS.write_text("\n".join(out) + "\n", encoding="utf-8")
    new = [r for key, r in raised.items() if key not in known]
    args.unjudged.parent.mkdir(parents=True, exist_ok=True)
    with args.unjudged.open("w", encoding="utf-8") as sink:
        for r in new:
            record = {k: r[k] for k in ("list", "sha", "file", "line", "code", "severity")}
            record |= {"line_text": r["line_text"], "message": r["message"], "verdict": "",
                       "reason": ""}
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"closed {closed} fixed false alarms; {len(new)} findings without a verdict -> "
          f"{args.unjudged}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
