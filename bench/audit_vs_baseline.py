"""The full audit of a list with this tree against a baseline revision, side by side.

    python bench/audit_vs_baseline.py [--baseline REV] [--runs N] [--cold] [FILE ...]

The baseline is checked out with `git worktree` into a temporary folder; both trees audit
the same files in fresh interpreters, alternately (so load on the machine hits both alike),
in process (parse + diff + every check, no links), and the medians are compared as a ratio
(> 1: this tree is slower), of wall seconds and of the child's CPU seconds (which other jobs
on a shared machine move less). Defaults: the largest corpus list, baseline = the session's
first commit of this work (eecff34).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "lists"
DEFAULT_FILES = (CORPUS / "avelino__awesome-go.md",)

# Timed in the child: the engine only (imports and reading the file are not the audit).
_CHILD = """
import sys, time
sys.path.insert(0, sys.argv[1])
from bot.engine import review_texts
text = open(sys.argv[2], encoding="utf-8").read()
# Warm first-use caches (regexes, numpy) on another list, so the timed audit meets its own
# lines for the first time, as a scheduled audit does; the same list warms the per-text memos
# too, as a pull request's base warms them for its head.
review_texts(open(sys.argv[3], encoding="utf-8").read() if len(sys.argv) > 3 else text)
start, cpu = time.perf_counter(), time.process_time()
review = review_texts(text)
print(time.perf_counter() - start, time.process_time() - cpu, len(review.findings))
"""


def _time(tree: Path, path: Path, warm: Path | None) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, findings) of one audit in a fresh interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(tree), str(path), *([str(warm)] if warm else [])],
        capture_output=True, text=True, check=True, cwd=tree,
    ).stdout.split()
    return float(out[0]), float(out[1]), int(out[2])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=list(DEFAULT_FILES))
    parser.add_argument("--baseline", default="eecff34")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", action="store_true",
                        help="warm up on another list (awesome-python), not the timed one")
    args = parser.parse_args(argv)
    warm = CORPUS / "vinta__awesome-python.md" if args.cold else None
    with tempfile.TemporaryDirectory(prefix="baseline-") as tmp:
        base = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach",
                        str(base), args.baseline], check=True)
        try:
            print(f"| list | KB | baseline {args.baseline} s | this tree s | ratio "
                  "| CPU s (baseline → now) | CPU ratio | findings (baseline → now) |")
            print("|---|---:|---:|---:|---:|---|---:|---|")
            for path in args.files:
                old: list[tuple[float, float]] = []
                new: list[tuple[float, float]] = []
                for _ in range(args.runs):
                    *seconds, old_count = _time(base, path, warm)
                    old.append((seconds[0], seconds[1]))
                    *seconds, new_count = _time(ROOT, path, warm)
                    new.append((seconds[0], seconds[1]))
                # CPU seconds move less than wall seconds when other jobs share the machine
                a, b = (statistics.median(s for s, _ in runs) for runs in (old, new))
                ca, cb = (statistics.median(c for _, c in runs) for runs in (old, new))
                kb = path.stat().st_size // 1024
                print(f"| {path.name} | {kb} | {a:.3f} | {b:.3f} | {b / a:.2f} "
                      f"| {ca:.3f} → {cb:.3f} | {cb / ca:.2f} | {old_count} → {new_count} |")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)],
                           check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
