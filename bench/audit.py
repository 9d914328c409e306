"""Benchmark: full audit (no links) of every corpus list, side by side with awesome-lint.

    python bench/audit.py [--runs 3] [--lists DIR ...]

awesome-lint is installed from npm into bench/out/ for the benchmark only (never a project
dependency). Each tool runs as a process on the same file in a scratch directory that is not
a git repository (so awesome-lint's GitHub rule makes no network call); we also report our
in-process time (parse + diff + checks, warm), the figure the 300 ms target is about.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
SHARED = ROOT.parent / "shared" / "corpus"
# The six popular lists are in the repository (tests/data/lists); awesome-ai-system, which has
# no license to copy it, only in the shared data beside the clone.
DEFAULT_LISTS = [
    *[p for p in [SHARED / "awesome-ai-system" / "README.md"] if p.exists()],
    *sorted((ROOT / "tests" / "data" / "lists").glob("*__*.md")),
]


def awesome_lint() -> Path:
    """The awesome-lint binary, installed from npm into bench/out on first use."""
    binary = OUT / "node_modules" / ".bin" / "awesome-lint"
    if not binary.exists():
        OUT.mkdir(exist_ok=True)
        subprocess.run(
            ["npm", "install", "--silent", "--prefix", str(OUT), "awesome-lint@2"], check=True
        )
    return binary


def timed(cmd: list[str], cwd: Path, runs: int) -> tuple[float, int]:
    """Median wall seconds over `runs` runs, and the last exit code."""
    times, code = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        code = done.returncode
    return statistics.median(times), code


def in_process_ms(text: str, runs: int) -> tuple[float, int]:
    from bot.engine import review_texts

    review_texts(text)  # warm: imports, regex compilation
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        review = review_texts(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, len(review.findings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("lists", nargs="*", type=Path, default=DEFAULT_LISTS)
    args = parser.parse_args()
    lint = awesome_lint()
    ours = [sys.executable, "-m", "bot.cli", "check", "--format", "json", "readme.md"]
    print(f"{'list':<42} {'KB':>5} {'entries':>7} {'awesome-lint s':>14} {'ours s':>7} "
          f"{'ratio':>6} {'in-process ms':>13} {'findings':>8}")
    worst = float("inf")
    with tempfile.TemporaryDirectory(prefix="awesome-bench-") as scratch:
        work = Path(scratch)
        for path in args.lists:
            shutil.copy(path, work / "readme.md")
            text = path.read_text(encoding="utf-8")
            theirs, _ = timed([str(lint), "readme.md"], work, args.runs)
            mine, code = timed(ours, work, args.runs)
            if code not in (0, 1):
                print(f"awesome-review failed on {path} (exit {code})", file=sys.stderr)
                return 2
            ms, findings = in_process_ms(text, max(args.runs, 5))
            entries = _entries(text)
            worst = min(worst, theirs / mine)
            print(f"{_name(path):<42} {len(text.encode()) / 1024:>5.0f} {entries:>7} "
                  f"{theirs:>14.2f} {mine:>7.2f} {theirs / mine:>5.1f}x {ms:>13.0f} {findings:>8}")
    print(f"\nslowest ratio (awesome-lint / ours, whole process): {worst:.1f}x  (target ≥ 3x)")
    return 0


def _entries(text: str) -> int:
    from bot.parse import parse

    return len(parse(text).entries)


def _name(path: Path) -> str:
    return path.name if path.parent.name == "lists" else f"{path.parent.name}/{path.name}"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
