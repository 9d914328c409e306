"""Seeded maintainer tidy-ups and contributor defects on every real list we hold, reviewed as PRs.

    python bench/maintainer_edits.py [--instances N] [--list NAME ...] [--kind KIND ...]
                                     [--jobs N] [--show] [--json FILE]

Each list file — ../shared/corpus/lists/*.md, awesome-ai-system's README.md and the newest
version of every file of the twelve lists in ../shared/corpus/replay/lists.bundle — gets N
seeded instances of every edit kind of bench/edit_kinds.py (tidy-ups) and bench/edit_defects.py
(defects). Each is reviewed the way `awesome-review check --base LIST --no-links EDITED` does
(bench/replay_corpus.py's parse → diff → review_documents, default config). A tidy-up must raise
no error (and ideally no warning); a defect must raise an error or a warning on its lines. P204
(better-category, a notice calibrated elsewhere) is left out. Prints per kind the instances, the
errors and warnings on tidy-ups, the defects found and missed; `--show` prints each of them.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from multiprocessing import Pool
from pathlib import Path

from bench.edit_defects import DEFECTS, kinds
from bench.edit_kinds import Edit, Kind, Source
from bench.replay_corpus import SHARED, CorpusMissing, corpus_dir, load_rows
from bot.cli import read_list
from bot.diff import diff_documents
from bot.engine import review_documents
from bot.parse import parse

IGNORED = frozenset({"P204"})  # judged by bench/placement_moves.py
JUDGED = ("error", "warning")
# Defects no rule finds as an error or a warning, and why (tests/replay holds them missed).
KNOWN_MISSES: dict[str, str] = {
    "trailing_space": (
        "a notice (F107): spaces after the last word of an entry do not show on GitHub"
    ),
}


@dataclass(frozen=True)
class Raised:
    code: str
    severity: str
    line: int
    message: str
    text: str


@dataclass(frozen=True)
class Outcome:
    """One seeded edit of one list and what its review raised (errors and warnings)."""

    list: str
    kind: str
    seed: int
    defect: bool
    where: str
    lines: tuple[int, int] | None
    raised: tuple[Raised, ...]

    @property
    def found(self) -> bool:
        """A defect with an error or a warning on one of its lines."""
        return any(r.severity in JUDGED for r in self._on_defect())

    @property
    def noticed(self) -> bool:
        """A defect with a finding of any severity on one of its lines."""
        return any(self._on_defect())

    def _on_defect(self) -> Iterator[Raised]:
        assert self.lines is not None
        first, last = self.lines
        return (r for r in self.raised if first <= r.line <= last)


def list_files(bundle_lists: bool = True) -> list[tuple[str, Path]]:
    """(name, path) of every list file held; CorpusMissing without ../shared."""
    lists = SHARED / "corpus" / "lists"
    if not lists.is_dir():
        raise CorpusMissing(f"the list corpus is missing at {lists}")
    files = [(p.stem, p) for p in sorted(lists.glob("*.md")) if p.name != "SOURCE.md"]
    files.append(("awesome-ai-system", SHARED / "corpus" / "awesome-ai-system" / "README.md"))
    if bundle_lists:
        corpus = corpus_dir()
        newest = {(r.list, r.file): r.head for r in load_rows(corpus)}  # rows are oldest first
        files += [(f"{name}/{file}", corpus / head) for (name, file), head in newest.items()]
    return files


def _source(name: str, path: Path) -> Source:
    """The list as the base of every edit: its lines joined back, so edits change nothing else."""
    doc = parse(read_list(str(path)))
    return Source(name, parse("\n".join(doc.lines) + "\n"))


def draw(source: Source, kind: Kind, seed: int) -> Edit | None:
    """The seeded edit of this kind on this list; None when the list has no place for it."""
    return kind(source, random.Random(f"{source.name}|{kind.__name__}|{seed}"))


def review_edit(source: Source, edit: Edit, seed: int, defect: bool) -> Outcome:
    """The edit reviewed as a pull request against the list: its errors and warnings."""
    head = parse(edit.head)
    review = review_documents(head, source.doc, diff=diff_documents(source.doc, head))
    raised = tuple(
        Raised(f.rule, f.severity.value, f.line, f.message, head.line_text(f.line))
        for f in review.findings
        if f.rule not in IGNORED
    )
    return Outcome(source.name, edit.kind, seed, defect, edit.where, edit.lines, raised)


def _run_list(args: tuple[str, Path, tuple[str, ...], int]) -> list[Outcome]:
    name, path, names, instances = args
    source = _source(name, path)
    out = []
    for kind in kinds(names):
        heads: set[str] = set()
        for seed in range(instances):
            edit = draw(source, kind, seed)
            if edit is None or edit.head in heads:  # the same edit drawn twice counts once
                continue
            heads.add(edit.head)
            out.append(review_edit(source, edit, seed, kind in DEFECTS))
    return out


def run(
    files: Sequence[tuple[str, Path]], names: Sequence[str], instances: int, jobs: int
) -> list[Outcome]:
    """Every edit of every list, over `jobs` processes, in the files' order."""
    work = [(n, p, tuple(names), instances) for n, p in files]
    # the biggest lists first, so the last one to finish is a small one
    order = sorted(range(len(work)), key=lambda i: -work[i][1].stat().st_size)
    if jobs <= 1:
        done = {i: _run_list(work[i]) for i in order}
    else:
        with Pool(jobs) as pool:
            results = pool.map(_run_list, [work[i] for i in order], chunksize=1)
        done = dict(zip(order, results, strict=True))
    return [o for i in range(len(work)) for o in done[i]]


def table(outcomes: Sequence[Outcome]) -> list[str]:
    """Per kind: lists, instances, errors and warnings (tidy-ups), found and missed (defects)."""
    rows = [
        "| kind | lists | instances | errors | warnings | found | notice only | missed |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind in kinds():
        mine = [o for o in outcomes if o.kind == kind.__name__]
        if not mine:
            continue
        head = f"| {kind.__name__} | {len({o.list for o in mine})} | {len(mine)} |"
        if kind in DEFECTS:
            found = sum(o.found for o in mine)
            noticed = sum(o.noticed and not o.found for o in mine)
            rows.append(f"{head} – | – | {found} | {noticed} | {len(mine) - found - noticed} |")
        else:
            sev = Counter(r.severity for o in mine for r in o.raised)
            rows.append(f"{head} {sev['error']} | {sev['warning']} | – | – | – |")
    return rows


def problems(outcomes: Sequence[Outcome]) -> list[str]:
    """Each error or warning on a tidy-up and each defect missed, one line each."""
    out = []
    for o in outcomes:
        if o.defect and not o.found:
            out.append(f"MISSED {o.kind} {o.list} #{o.seed} lines {o.lines} ({o.where})")
        elif not o.defect:
            out += [
                f"{r.severity.upper()} {o.kind} {o.list} #{o.seed} {r.line} {r.code}: "
                f"{r.message[:160]} | {r.text[:100]}"
                for r in o.raised
                if r.severity in JUDGED
            ]
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--instances", type=int, default=2, help="seeded instances per list and kind"
    )
    parser.add_argument(
        "--list", action="append", default=[], help="only lists whose name has this"
    )
    parser.add_argument(
        "--kind", action="append", default=[], help="only this edit kind (repeatable)"
    )
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--show", action="store_true", help="print every finding on a tidy-up and every miss"
    )
    parser.add_argument("--json", type=Path, help="write every outcome as JSON lines here")
    args = parser.parse_args(argv)
    try:
        files = list_files()
    except CorpusMissing as exc:
        print(exc, file=sys.stderr)
        return 2
    files = [(n, p) for n, p in files if not args.list or any(w in n for w in args.list)]
    started = time.perf_counter()
    outcomes = run(files, args.kind, args.instances, args.jobs)
    print("\n".join(table(outcomes)))
    if args.show:
        print("\n".join(problems(outcomes)))
    if args.json:
        with args.json.open("w", encoding="utf-8") as out:
            out.writelines(json.dumps(asdict(o), ensure_ascii=False) + "\n" for o in outcomes)
    took = time.perf_counter() - started
    print(f"{len(files)} list files, {len(outcomes)} edits reviewed in {took:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
