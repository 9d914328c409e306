"""The worst case: hostile lists at 100 KB, 1 MB and 5 MB, this tree beside a baseline.

    python bench/worst_case.py                      # every case, baseline = git ref `main`
    python bench/worst_case.py --baseline-ref HEAD~5 --cases ')[ [' '*a ' --sizes 0.1 1
    python bench/worst_case.py --no-baseline --cap 30

Each measurement runs the engine (`review_texts(head, base)`: a PR adding the hostile text to
a small list) in a fresh process, so its peak memory (max RSS, the interpreter and imports
included; `idle` is that floor) is its own. The baseline is `git archive REF` unpacked to a
temporary folder and put first on PYTHONPATH. Times are CPU seconds (this machine is shared, so
wall time says more about the neighbours); a run past `--cap` CPU seconds is stopped and shown
as `>cap`; a version stopped at one size is not run at the larger ones. `growth` is the time
at the largest size over the time at the smallest, against the size ratio (50 for 0.1 → 5 MB):
linear is about the size ratio, quadratic its square. `speed-up` is the baseline's CPU time
over ours at each size (`>N`: the baseline was stopped at the cap). With `--repeat N` each
case and size runs N times, the two trees alternating (a shared machine's speed drifts over
minutes), and the table shows the median run; the JSON keeps the fastest too.

Cases: the hostile lines of issue 15 (`)[ [` + a word, `*a *a …` in link texts and headings,
`![` runs), sections that each hold a few entries (placement's memory), a plain list of
entries, a run of every Markdown metacharacter (and the pairs the hostile lines use), and a
real list (the largest of ../shared/corpus/lists) copied with distinct links and titles, reviewed
against the list itself (skipped, with a message, when the corpus is not there).

Output: a table on stdout and bench/out/worst_case.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchutil import save_summary

ROOT = Path(__file__).resolve().parents[1]
BASE = "# Awesome\n\nA list.\n\n## Tools\n\n- [Alpha](https://alpha.example/) - First tool.\n"
MB = 1_000_000
ENTRY = "- [X](https://x.example/) - X.\n"


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


def _sections(per_section: int) -> Callable[[int], str]:
    def make(size: int) -> str:
        out, i, total = [], 0, 0
        while total < size:
            rows = "".join(f"- [Entry {i}x{j}](https://e{i}x{j}.example.com/) - Does thing{i} "
                           f"in way{j}.\n" for j in range(per_section))
            out.append(f"## Section {i}\n\n{rows}\n")
            total += len(out[-1])
            i += 1
        return "".join(out)
    return make


_PLAIN_ENTRY = "- [Tool {i}](https://t{i}.example/) - Tool number {i}.\n"
_HTML_ENTRY = '&nbsp; <a href="https://t{i}.example/"><b>Tool {i}</b></a> - Tool number {i}.<br>\n'
_LABELLED_ENTRY = "* Tool {i}\n  * URL: https://t{i}.example/\n  * About: tool number {i}.\n"


def _entries(size: int, entry: str = _PLAIN_ENTRY, start: str = "") -> str:
    out, i, total = [start], 0, 0
    while total < size:
        out.append(entry.format(i=i))
        total += len(out[-1])
        i += 1
    return "".join(out)


# name -> the text a PR adds to BASE, at about `size` characters
CASES: dict[str, Callable[[int], str]] = {
    ")[ [ + a word": lambda size: ")[ [" + "a" * size + "\n",
    "*a in link text": lambda size: "- [" + _repeat("*a ", size) + "](https://x.example/) - X.\n",
    "*a in a heading": lambda size: "## " + _repeat("*a ", size) + "\n\n" + ENTRY,
    "![ run": lambda size: _repeat("![", size) + "\n",
    "[ run + ]": lambda size: "[" * size + "]\n",
    "a long URL": lambda size: "- [X](https://x.example/" + "a" * size + ") - X.\n",
    "=\\ in link text": lambda size: "- [" + _repeat("=\\", size) + "](https://x.example/) - X.\n",
    "sections of 3 entries": _sections(3),
    "sections of 1 entry": _sections(1),
    "plain entries": _entries,
    "unclosed <a in an HTML block": lambda size: "<p>\n" + _repeat('<a href="x">', size) + "\n",
    "unclosed < in an HTML block": lambda size: "<p>\n" + _repeat("<a ", size) + "\n",
    "HTML entry lines": lambda size: _entries(size, _HTML_ENTRY, "<p>\n"),
    "labelled sub-items": lambda size: _entries(size, _LABELLED_ENTRY),
}
CORPUS_LISTS = ROOT.parent / "shared" / "corpus" / "lists"
REAL_LIST = "a real list, copies with distinct links"


def _largest_corpus_list() -> Path | None:
    lists = sorted(CORPUS_LISTS.glob("*.md"), key=lambda path: path.stat().st_size) \
        if CORPUS_LISTS.is_dir() else []
    return lists[-1] if lists else None


def _real_list_unit(size: int) -> str:
    """The largest corpus list, cut at a line break to `size` characters when it is longer."""
    path = _largest_corpus_list()
    if path is None:
        raise FileNotFoundError(f"no list in {CORPUS_LISTS}")
    text = path.read_text()
    if len(text) > size:
        text = text[:text.rfind("\n", 0, size) + 1] or text[:size]
    return text


def _real_list_copies(size: int) -> str:
    """Copies of a real list, each copy's GitHub links and link texts its own: a PR's head."""
    unit = _real_list_unit(size)
    copies = max(1, size // len(unit.encode()))
    return "".join(unit.replace("https://github.com/", f"https://github.com/c{i}-")
                   .replace("](", f" {i}](") for i in range(copies))


METACHARACTERS = "[]()!*_`#-+>|<&\\~:= \t\"'{}./"
for _char in METACHARACTERS:
    CASES[f"run of {_char!r}"] = lambda size, c=_char: ENTRY[:-2] + " " + c * size + "\n"
CASES[REAL_LIST] = _real_list_copies
# case -> its base (by size) and whether it can run here: the others are BASE + the text
WHOLE_TEXTS: dict[str, tuple[Callable[[int], str], Callable[[], bool]]] = {
    REAL_LIST: (_real_list_unit, lambda: _largest_corpus_list() is not None),
}

WALL_PER_CPU = 20  # a shared machine: a run may take this many times its CPU cap in wall time
EXPORTED: list[Path] = []  # baseline folders, removed at the end
IDLE = "idle"  # imports only: the floor every peak includes
SLOW_CLIENT_CHECKS = 200  # GET /healthz per shape, with none and with the slow clients held


def run_one(case: str, size: int) -> dict[str, float | str]:
    """In the child: review one case at one size; seconds (CPU and wall) and max RSS."""
    import bot
    from bot.engine import review_texts

    if case in WHOLE_TEXTS:
        text, base = CASES[case](size), WHOLE_TEXTS[case][0](size)
    else:
        text, base = (BASE if case == IDLE else BASE + CASES[case](size)), BASE
    started, cpu = time.perf_counter(), time.process_time()
    if case != IDLE:
        review_texts(text, base)
    return {
        "seconds": round(time.perf_counter() - started, 3),
        "cpu": round(time.process_time() - cpu, 3),
        "peak_mb": round(_peak_mb(), 1),
        "bytes": len(text.encode()),
        "bot": str(Path(bot.__file__).parent),
    }


def _peak_mb() -> float:
    """This process's peak RSS: VmHWM (ru_maxrss would keep the forking parent's peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(tree: Path | None, case: str, size: int, cap: float) -> dict[str, float | str]:
    """Run one measurement in a fresh interpreter (`tree` first on PYTHONPATH, if given)."""
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = f"{tree}{os.pathsep}{env.get('PYTHONPATH', '')}"
    command = [sys.executable, __file__, "--one", case, str(size)]

    def limit_cpu() -> None:  # CPU seconds, not wall: the figure must not depend on load
        resource.setrlimit(resource.RLIMIT_CPU, (int(cap), int(cap) + 1))

    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env,
                              timeout=cap * WALL_PER_CPU, cwd=tempfile.gettempdir(),
                              check=False, preexec_fn=limit_cpu)
    except subprocess.TimeoutExpired:
        return {"stopped": f">{cap * WALL_PER_CPU:g}s wall", "cap": cap}
    if done.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return {"stopped": f">{cap:g}s", "cap": cap}
    if done.returncode != 0:
        return {"stopped": f"exit {done.returncode}: {done.stderr.strip().splitlines()[-1:]}"}
    result: dict[str, float | str] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def export(ref: str) -> Path:
    """`git archive REF` unpacked to a temporary folder: the baseline tree."""
    folder = Path(tempfile.mkdtemp(prefix="worst-case-baseline-"))
    EXPORTED.append(folder)
    archive = subprocess.run(["git", "archive", ref, "bot"], cwd=ROOT, capture_output=True,
                             check=True).stdout
    with tempfile.TemporaryFile() as file:
        file.write(archive)
        file.seek(0)
        with tarfile.open(fileobj=file) as tar:
            tar.extractall(folder, filter="data")
    return folder


def _median(runs: list[dict[str, float | str]]) -> dict[str, float | str] | None:
    """The run of median CPU time, with the fastest beside it; a stopped run stands for all."""
    if not runs:
        return None
    stopped = [r for r in runs if "stopped" in r]
    if stopped:
        return stopped[0]
    ordered = sorted(runs, key=lambda r: float(r["cpu"]))
    return {**ordered[(len(ordered) - 1) // 2], "min_cpu": ordered[0]["cpu"], "runs": len(runs)}


def _cell(result: dict[str, float | str] | None) -> str:
    if result is None:
        return "-"
    if "stopped" in result:
        return str(result["stopped"])
    return f"{result['cpu']:.2f}s {result['peak_mb']:.0f}MB"


def _growth(results: list[dict[str, float | str] | None]) -> str:
    first, last = results[0], results[-1]
    if not first or not last or "stopped" in first or "stopped" in last:
        return "-"
    return f"×{float(last['cpu']) / max(float(first['cpu']), 1e-3):.0f}"


def _speedup(ours: dict[str, float | str] | None, base: dict[str, float | str] | None) -> str:
    """Baseline time over ours (CPU): above 1, faster; `>N` when the baseline was stopped."""
    if not ours or not base or "stopped" in ours:
        return "-"
    if "stopped" in base:
        return f">{float(base['cap']) / max(float(ours['cpu']), 1e-3):.1f}"
    return f"{float(base['cpu']) / max(float(ours['cpu']), 1e-3):.1f}"


def bench(args: argparse.Namespace) -> dict[str, object]:
    sizes = [int(float(s) * MB) for s in args.sizes]
    trees: dict[str, Path | None] = {"this tree": None}
    if not args.no_baseline:
        trees[f"baseline {args.baseline_ref}"] = export(args.baseline_ref)
    cases = args.cases or list(CASES)
    rows: dict[str, dict[str, list[dict[str, float | str] | None]]] = {}
    for name, tree in trees.items():
        idle = measure(tree, IDLE, 0, args.cap)
        print(f"{name}: bot from {idle.get('bot')}, idle peak {idle.get('peak_mb')} MB", flush=True)
    for case in cases:
        if case in WHOLE_TEXTS and not WHOLE_TEXTS[case][1]():
            print(f"{case:<24}  skipped: no corpus list in {CORPUS_LISTS}", flush=True)
            continue
        rows[case] = {name: [] for name in trees}
        for size in sizes:
            runs: dict[str, list[dict[str, float | str]]] = {name: [] for name in trees}
            for _ in range(args.repeat):  # the trees alternate, so a drift in speed hits both
                for name, tree in trees.items():
                    if any(r is None or "stopped" in r for r in rows[case][name]):
                        continue  # stopped at a smaller size: not run larger
                    runs[name].append(measure(tree, case, size, args.cap))
            for name in trees:
                rows[case][name].append(_median(runs[name]))
        _print_row(case, rows[case], sizes)
    slow_clients: dict[str, object] = {"measured": False}
    if args.slow_clients:
        import slow_clients as web  # the web servers and fakes load only when asked for

        print(f"slow clients: {args.held} connections held open in each web shape", flush=True)
        slow_clients = web.run(args.held, SLOW_CLIENT_CHECKS)
        web.print_summary(slow_clients)
    return {"sizes_mb": args.sizes, "cap_seconds": args.cap, "cases": rows,
            "slow_clients": slow_clients}


def _print_row(case: str, by_tree: dict[str, list[dict[str, float | str] | None]],
               sizes: list[int]) -> None:
    names = list(by_tree)
    ours = by_tree[names[0]]
    cells = [f"{_cell(r):>16}" for r in ours]
    line = f"{case:<24}" + "".join(cells) + f"  growth {_growth(ours):>5}"
    if len(names) > 1:
        base = by_tree[names[1]]
        line += " | base " + "".join(f"{_cell(r):>16}" for r in base)
        speedups = " ".join(_speedup(o, b) for o, b in zip(ours, base, strict=True))
        line += f"  speed-up (base/ours) {speedups}"
    print(line, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", nargs=2, metavar=("CASE", "SIZE"), help=argparse.SUPPRESS)
    parser.add_argument("--cases", nargs="*", help="case names (default: all)")
    parser.add_argument("--sizes", nargs="*", default=["0.1", "1", "5"], help="sizes in MB")
    parser.add_argument("--cap", type=float, default=60.0, help="CPU seconds one run may take")
    parser.add_argument("--baseline-ref", default="main", help="git ref of the baseline")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each case and size, alternating the trees; the table "
                             "shows the median run")
    parser.add_argument("--slow-clients", action="store_true",
                        help="also /healthz latency while slow clients are held open, in the "
                             "embedded and the deploy shape (bench/slow_clients.py)")
    parser.add_argument("--held", type=int, default=1000,
                        help="connections held open for --slow-clients")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one[0], int(args.one[1]))))
        return 0
    header = "case".ljust(24) + "".join(f"{s + ' MB':>16}" for s in args.sizes)
    print(header + "  (CPU seconds, peak RSS)")
    try:
        summary = bench(args)
    finally:
        for folder in EXPORTED:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"saved {save_summary('worst_case', summary)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
