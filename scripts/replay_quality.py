#!/usr/bin/env python3
"""How far a maintainer can trust the review: precision on real commits of twelve real lists.

    .venv/bin/python scripts/replay_quality.py [--markdown] [--list KEY ...] [--jobs N]

Replays ../shared/corpus/replay (bench/replay_corpus.py) and scores every error and warning
against the maintainer's verdicts in tests/replay/verdicts.jsonl. Per list and in total it prints:
rows and commits replayed, errors and warnings raised, how many are judged true and false,
precision per severity, commits marked failing without a true error, crashes and unjudged
findings; then precision per rule, and the judged findings the engine no longer raises (true ones
missed, false alarms fixed). --markdown prints the same as the tables of docs/quality.md.
Exit status 1 when a finding has no verdict or a row crashed, so the numbers are never partial.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.replay_corpus import (  # noqa: E402
    JUDGED,
    CorpusMissing,
    Hit,
    Key,
    Replayed,
    Verdict,
    add_arguments,
    load_verdicts,
    run,
)

TOTAL = "total"


@dataclass
class Tally:
    """What one list (or all of them) scored."""

    rows: int = 0
    commits: set[str] = field(default_factory=set)
    raised: Counter[str] = field(default_factory=Counter)  # per severity
    true: Counter[str] = field(default_factory=Counter)
    false: Counter[str] = field(default_factory=Counter)
    unjudged: list[Hit] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    failing: set[str] = field(default_factory=set)  # commits with an error
    failing_untrue: set[str] = field(default_factory=set)  # ... none of them judged true

    def precision(self, severity: str) -> float | None:
        judged = self.true[severity] + self.false[severity]
        return self.true[severity] / judged if judged else None


@dataclass
class Quality:
    lists: dict[str, Tally]
    rules: dict[tuple[str, str], Counter[str]]  # (code, severity) -> raised/true/false/unjudged
    missed: list[Verdict]  # true verdicts on replayed rows that are no longer raised
    renamed: list[Verdict]  # true verdicts whose defect another rule reports at the line now
    fixed: list[Verdict]  # false verdicts no longer raised


def score(results: Sequence[Replayed], verdicts: dict[Key, Verdict]) -> Quality:
    """Match every judged finding of a replay to its verdict and count per list and rule."""
    lists: dict[str, Tally] = {TOTAL: Tally()}
    rules: dict[tuple[str, str], Counter[str]] = {}
    raised_keys: set[Key] = set()
    replayed_rows = set()
    errors_per_commit: dict[tuple[str, str], list[bool]] = {}
    for result in results:
        row = result.row
        replayed_rows.add((row.list, row.sha, row.file))
        tallies = (lists.setdefault(row.list, Tally()), lists[TOTAL])
        for tally in tallies:
            tally.rows += 1
            tally.commits.add(f"{row.list}@{row.sha}")
            if result.crash:
                tally.crashes.append(f"{row.sha[:12]} {row.file}: {result.crash.splitlines()[-1]}")
        for hit in (h for h in result.hits if h.severity in JUDGED):
            raised_keys.add(hit.key)
            verdict = verdicts.get(hit.key)
            outcome = "unjudged" if verdict is None else "true" if verdict.true else "false"
            rules.setdefault((hit.code, hit.severity), Counter())["raised"] += 1
            rules[(hit.code, hit.severity)][outcome] += 1
            for tally in tallies:
                tally.raised[hit.severity] += 1
                if verdict is None:
                    tally.unjudged.append(hit)
                elif verdict.true:
                    tally.true[hit.severity] += 1
                else:
                    tally.false[hit.severity] += 1
            if hit.severity == "error":
                errors_per_commit.setdefault((row.list, row.sha), []).append(
                    verdict is not None and verdict.true
                )
    for (name, sha), trues in errors_per_commit.items():
        for tally in (lists[name], lists[TOTAL]):
            tally.failing.add(f"{name}@{sha}")
            if not any(trues):
                tally.failing_untrue.add(f"{name}@{sha}")
    on_replayed = [v for v in verdicts.values() if (v.list, v.sha, v.file) in replayed_rows]
    gone = [v for v in on_replayed if v.key not in raised_keys]
    renamed = [v for v in gone if v.true and v.found_key in raised_keys]
    missed = [v for v in gone if v.true and v not in renamed]
    return Quality(lists, rules, missed, renamed, [v for v in gone if not v.true])


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def _prec(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else "–"


LIST_HEADER = (
    "list",
    "rows",
    "commits",
    "errors",
    "err true/false",
    "err precision",
    "warnings",
    "warn true/false",
    "warn precision",
    "failing w/o true error",
    "crashes",
    "unjudged",
)
RULE_HEADER = ("rule", "severity", "raised", "true", "false", "unjudged", "precision")


def list_rows(quality: Quality) -> list[tuple[str, ...]]:
    ordered = [k for k in quality.lists if k != TOTAL] + [TOTAL]
    rows: list[tuple[str, ...]] = []
    for name in ordered:
        t = quality.lists[name]
        rows.append(
            (
                name,
                str(t.rows),
                str(len(t.commits)),
                str(t.raised["error"]),
                f"{t.true['error']}/{t.false['error']}",
                _prec(t.precision("error")),
                str(t.raised["warning"]),
                f"{t.true['warning']}/{t.false['warning']}",
                _prec(t.precision("warning")),
                f"{len(t.failing_untrue)} ({_pct(len(t.failing_untrue), len(t.commits))})",
                str(len(t.crashes)),
                str(len(t.unjudged)),
            )
        )
    return rows


def rule_rows(quality: Quality) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for (code, severity), c in sorted(quality.rules.items()):
        judged = c["true"] + c["false"]
        rows.append(
            (
                code,
                severity,
                str(c["raised"]),
                str(c["true"]),
                str(c["false"]),
                str(c["unjudged"]),
                _prec(c["true"] / judged if judged else None),
            )
        )
    return rows


def table(header: Sequence[str], rows: Iterable[Sequence[str]], markdown: bool) -> str:
    rows = list(rows)
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]
    fmt = "  ".join(f"{{:{'<' if i == 0 else '>'}{w}}}" for i, w in enumerate(widths))
    return "\n".join(fmt.format(*r) for r in [tuple(header), *rows])


def report(quality: Quality, markdown: bool) -> str:
    out = [table(LIST_HEADER, list_rows(quality), markdown), ""]
    out += [table(RULE_HEADER, rule_rows(quality), markdown), ""]
    total = quality.lists[TOTAL]
    out.append(
        f"judged findings no longer raised: {len(quality.fixed)} false alarms fixed, "
        f"{len(quality.missed)} true findings MISSED"
    )
    for v in quality.missed:
        out.append(f"  missed {v.list} {v.sha[:12]} {v.file}:{v.line} {v.code}: {v.reason}")
    for v in quality.renamed:
        out.append(
            f"  found as {v.found_as}: {v.list} {v.sha[:12]} {v.file}:{v.line} {v.code} (the "
            "same defect, told by the rule that names it)"
        )
    for name, t in quality.lists.items():
        if name == TOTAL:
            continue
        for crash in t.crashes:
            out.append(f"  CRASH {name} {crash}")
    for hit in total.unjudged:
        out.append(
            f"  unjudged {hit.list} {hit.sha[:12]} {hit.file}:{hit.line} {hit.code} "
            f"{hit.severity}: {hit.message[:160]}"
        )
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        done = run(args.list, args.jobs)
    except (CorpusMissing, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 2
    quality = score(done.results, load_verdicts())
    print(report(quality, args.markdown))
    print(f"\nreplayed {len(done.rows)} rows in {done.seconds:.0f} s with {args.jobs} process(es)")
    total = quality.lists[TOTAL]
    return 1 if total.unjudged or total.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
