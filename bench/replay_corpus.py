"""Replay the real commits of ../shared/corpus/replay as pull requests, in process.

    python bench/replay_corpus.py [--list KEY ...] [--jobs N] [--out FILE]

Each row of the bundle's commits.jsonl is reviewed the way `awesome-review check --base BASE
--no-links HEAD` reviews it (same parse → diff → review_documents, default config): base = the
list file at the commit's parent, head = the file at the commit. Every finding comes back as a
plain record (list, sha, file, line, code, severity, message and the head line's text), so the
verdicts in tests/replay/verdicts.jsonl can be matched against it and the quality script
(scripts/replay_quality.py) can count it.

The bundle is cloned once into bench/out/replay-corpus (git-ignored) and cloned again only when
the bundle changes. Prints the rows, findings per severity, crashes and the wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
import traceback
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from multiprocessing import Pool
from pathlib import Path
from typing import Any

from bot.cli import read_list
from bot.diff import diff_documents
from bot.engine import review_documents
from bot.model import Document
from bot.parse import parse

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("AWESOME_REVIEW_SHARED", ROOT.parent / "shared"))
BUNDLE = SHARED / "corpus" / "replay" / "lists.bundle"
CACHE = ROOT / "bench" / "out" / "replay-corpus"
VERDICTS = ROOT / "tests" / "replay" / "verdicts.jsonl"
JUDGED = ("error", "warning")  # the severities every finding of which gets a verdict


Key = tuple[str, str, str, int, str]  # list, sha, file, line, rule code


class CorpusMissing(Exception):
    """The replay bundle is not beside the project (../shared is absent)."""


class VerdictError(Exception):
    """A line of the verdicts file is not a valid verdict."""


@dataclass(frozen=True)
class Row:
    """One (commit, list file) of commits.jsonl."""

    list: str
    sha: str
    file: str
    subject: str
    base: str  # path of the parent's version inside the clone
    head: str  # path of the commit's version


@dataclass(frozen=True)
class Place:
    """Where a finding is and which rule raised it: what a verdict is matched on."""

    list: str
    sha: str
    file: str
    line: int
    code: str

    @property
    def key(self) -> Key:
        return (self.list, self.sha, self.file, self.line, self.code)


@dataclass(frozen=True)
class Hit(Place):
    """One finding of one replayed row, as the verdicts file names it."""

    severity: str
    message: str
    line_text: str


@dataclass(frozen=True)
class Verdict(Place):
    """A maintainer's judgement of one finding: a true problem the commit made, or a false alarm.

    `lost` says why a true finding is no longer raised (a miss, counted against recall); the
    test fails once it is found again, so the marker goes with the fix. `found_as` names the
    rule that now reports the same defect at the same line, under the name that fits it (a
    duplicate once told as a wrong link): not a miss, as long as that rule raises it.
    `open` says why a false alarm is still raised; the replay test holds it to that (see
    tests/replay/test_replay_verdicts.py)."""

    severity: str
    line_text: str
    true: bool
    reason: str
    open: str | None = None
    lost: str | None = None  # a true finding the engine no longer raises, and why (a known miss)
    found_as: str | None = None  # the code that reports the same defect at this line now

    @property
    def found_key(self) -> Key | None:
        """Where the defect is found now, when another rule reports it."""
        if self.found_as is None:
            return None
        return (self.list, self.sha, self.file, self.line, self.found_as)


_VERDICT_FIELDS = (
    *("list", "sha", "file", "line", "code", "severity", "line_text"),
    *("verdict", "reason"),
)


def load_verdicts(path: Path = VERDICTS) -> dict[Key, Verdict]:
    """The verdicts file, one judged finding a line; a malformed line is a VerdictError."""
    verdicts: dict[Key, Verdict] = {}
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            verdict = _verdict(line, f"{path.name}:{number}")
            if verdict.key in verdicts:
                raise VerdictError(f"{path.name}:{number}: a second verdict for {verdict.key}")
            verdicts[verdict.key] = verdict
    return verdicts


def _verdict(line: str, where: str) -> Verdict:
    try:
        record = json.loads(line)
    except ValueError as exc:
        raise VerdictError(f"{where}: not JSON ({exc})") from None
    missing = [name for name in _VERDICT_FIELDS if name not in record]
    if missing:
        raise VerdictError(f"{where}: missing {', '.join(missing)}")
    if record["verdict"] not in ("true", "false"):
        raise VerdictError(f'{where}: verdict is {record["verdict"]!r}, not "true" or "false"')
    if not str(record["reason"]).startswith(f"{record['verdict']}: "):
        raise VerdictError(f"{where}: the reason must start with `{record['verdict']}: `")
    if record["severity"] not in JUDGED:
        raise VerdictError(f"{where}: severity {record['severity']!r} is not judged")
    if record.get("open") is not None and record["verdict"] == "true":
        raise VerdictError(f"{where}: only a false alarm can be open")
    if record.get("lost") is not None and record["verdict"] == "false":
        raise VerdictError(f"{where}: only a true finding can be lost")
    if record.get("found_as") is not None and (
        record["verdict"] == "false" or record.get("lost") is not None
    ):
        raise VerdictError(f"{where}: only a true finding not lost can be found as another")
    if not isinstance(record["line"], int):
        raise VerdictError(f"{where}: line is not a number ({record['line']!r})")
    return Verdict(
        record["list"],
        record["sha"],
        record["file"],
        record["line"],
        record["code"],
        record["severity"],
        record["line_text"],
        record["verdict"] == "true",
        record["reason"],
        record.get("open"),
        record.get("lost"),
        record.get("found_as"),
    )


@dataclass(frozen=True)
class Replayed:
    """The outcome of one row: its findings, or the crash that stopped its review."""

    row: Row
    hits: tuple[Hit, ...]
    crash: str | None = None


def corpus_dir(bundle: Path = BUNDLE, cache: Path = CACHE) -> Path:
    """A checkout of the bundle, cloned once per bundle version into `cache`."""
    if not bundle.is_file():
        raise CorpusMissing(
            f"the replay corpus is missing at {bundle}; put the project beside shared/ "
            "(or set AWESOME_REVIEW_SHARED) to replay it"
        )
    stamp = _bundle_stamp(bundle)
    marker = cache / ".bundle-stamp"
    if marker.is_file() and marker.read_text(encoding="utf-8") == stamp:
        return cache
    shutil.rmtree(cache, ignore_errors=True)
    cache.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["git", "-c", "advice.detachedHead=false", "clone", "-q", str(bundle), str(cache)],
        check=True,
    )
    marker.write_text(stamp, encoding="utf-8")
    return cache


def _bundle_stamp(bundle: Path) -> str:
    """The bundle's identity: its heads (a new bundle has a new commit) and its size."""
    heads = subprocess.run(
        ["git", "bundle", "list-heads", str(bundle)], capture_output=True, text=True, check=True
    ).stdout
    return f"{bundle.stat().st_size}\n{heads}"


def load_rows(corpus: Path, lists: Iterable[str] = ()) -> list[Row]:
    """The rows of commits.jsonl, only those of `lists` (owner__name or owner/name) if given."""
    wanted = set(lists)
    rows = []
    with (corpus / "commits.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            r = json.loads(line)
            if wanted and r["list"] not in wanted and r["repo"] not in wanted:
                continue
            rows.append(Row(r["list"], r["sha"], r["file"], r["subject"], r["base"], r["head"]))
    return rows


class Parsed:
    """The lists one worker has read and parsed, by path inside the clone.

    A commit's parent version is usually the previous row's head (same path in `v/`), so each
    file is parsed once instead of twice; parsing is most of a review's time. Documents are
    immutable, so sharing one between two reviews changes nothing. Holds the last `keep` files.
    """

    def __init__(self, corpus: Path, keep: int = 16) -> None:
        self.corpus = corpus
        self.keep = keep
        self._files: dict[str, tuple[str, Document]] = {}

    def __call__(self, path: str) -> tuple[str, Document]:
        if path not in self._files:
            text = read_list(str(self.corpus / path))
            self._files[path] = (text, parse(text))
            if len(self._files) > self.keep:
                del self._files[next(iter(self._files))]
        return self._files[path]


def replay_row(corpus: Path, row: Row, parsed: Parsed | None = None) -> Replayed:
    """Review one row as `check --base BASE --no-links HEAD` does; a crash is caught and told."""
    read = parsed or Parsed(corpus)
    try:
        head_text, head = read(row.head)
        _, base = read(row.base)
        review = review_documents(head, base, diff=diff_documents(base, head))
    except Exception:  # a crash is a result to report, not a reason to stop the replay
        return Replayed(row, (), traceback.format_exc(limit=4).strip())
    lines = head_text.splitlines()
    hits = tuple(
        Hit(
            row.list,
            row.sha,
            row.file,
            f.line,
            f.rule,
            f.severity.value,
            f.message,
            lines[f.line - 1] if 0 < f.line <= len(lines) else "",
        )
        for f in review.findings
    )
    internal = [h.message for h in hits if h.code == "X001"]
    return Replayed(row, hits, "; ".join(internal) or None)


def _replay_list(args: tuple[Path, list[Row]]) -> list[Replayed]:
    """One list's rows, oldest first, in one process so each version is parsed once."""
    corpus, rows = args
    parsed = Parsed(corpus)
    return [replay_row(corpus, row, parsed) for row in rows]


def replay(corpus: Path, rows: Sequence[Row], jobs: int = 2) -> list[Replayed]:
    """Every row replayed, in the rows' order; over `jobs` processes when more than one."""
    per_list: dict[str, list[Row]] = {}
    for row in rows:
        per_list.setdefault(row.list, []).append(row)
    # the biggest lists first, so the last one to finish is a small one
    work = sorted(((corpus, rs) for rs in per_list.values()), key=lambda w: -len(w[1]))
    if jobs <= 1:
        done = [_replay_list(w) for w in work]
    else:
        with Pool(jobs) as pool:
            done = pool.map(_replay_list, work, chunksize=1)
    by_row = {_row_id(r.row): r for results in done for r in results}
    return [by_row[_row_id(row)] for row in rows]


def _row_id(row: Row) -> tuple[str, str, str]:
    return (row.list, row.sha, row.file)


def judged(results: Iterable[Replayed]) -> list[Hit]:
    """The errors and warnings of a replay (notices are not judged)."""
    return [h for r in results for h in r.hits if h.severity in JUDGED]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every replay command takes."""
    parser.add_argument("--list", action="append", default=[], help="only this list (repeatable)")
    parser.add_argument("--jobs", type=int, default=2, help="processes (default 2)")


@dataclass(frozen=True)
class Run:
    rows: list[Row]
    results: list[Replayed]
    seconds: float


def run(lists: Sequence[str], jobs: int) -> Run:
    """Replay the rows of `lists` (all when empty), timed; CorpusMissing or ValueError if none."""
    corpus = corpus_dir()
    rows = load_rows(corpus, lists)
    if not rows:
        raise ValueError(f"no rows of commits.jsonl match {list(lists)}")
    started = time.perf_counter()
    results = replay(corpus, rows, jobs)
    return Run(rows, results, time.perf_counter() - started)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--out", type=Path, help="write every finding as JSON lines here")
    args = parser.parse_args(argv)
    try:
        done = run(args.list, args.jobs)
    except (CorpusMissing, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 2
    counts: Counter[str] = Counter(h.severity for r in done.results for h in r.hits)
    crashes = [r for r in done.results if r.crash]
    print(
        f"{len(done.rows)} rows ({len({(r.list, r.sha) for r in done.rows})} commits), "
        f"{counts['error']} errors, {counts['warning']} warnings, {counts['notice']} notices, "
        f"{len(crashes)} crashes; {done.seconds:.1f} s with {args.jobs} process(es)"
    )
    for r in crashes:
        print(f"CRASH {r.row.list} {r.row.sha[:12]} {r.row.file}: {r.crash}", file=sys.stderr)
    if args.out:
        with args.out.open("w", encoding="utf-8") as out:
            for r in done.results:
                for h in r.hits:
                    out.write(json.dumps(_record(h, r.row), ensure_ascii=False) + "\n")
    return 0


def _record(hit: Hit, row: Row) -> dict[str, Any]:
    return {**asdict(hit), "subject": row.subject, "base": row.base, "head": row.head}


if __name__ == "__main__":
    sys.exit(main())
