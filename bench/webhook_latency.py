"""Webhook acknowledgement latency of `awesome-review serve` under a steady stream of deliveries.

    python bench/webhook_latency.py [--rate 200] [--seconds 30] [--prs 50] [--workers 2]

Starts the real server as a subprocess (embedded mode: web app + worker threads on one
SQLite file), the fake GitHub API (tests/fakes) and the shared link farm, all on 127.0.0.1. Sends
`rate` signed `pull_request.synchronize` deliveries per second (open loop: each is sent at
its scheduled time whatever the previous ones do; 5 % are redeliveries of an earlier id)
and measures each answer's latency from its *scheduled* send time, so a stalled server
cannot hide behind a slowed-down client. The workers review the PRs meanwhile, so the
figures include their load. Target: p99 < 50 ms at 200/s for 30 s.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from benchutil import percentile, save_summary  # noqa: E402
from e2e.conftest import (  # noqa: E402  (the shared fakes live under tests/)
    SECRET,
    LinkFarm,
    list_text,
    start_linkfarm,
    start_server,
    stop_server,
)
from web.payloads import pull_request, signed  # noqa: E402

from bot.jobs.store import SqliteStore  # noqa: E402
from tests.fakes.fixtures import (  # noqa: E402
    INSTALLATION_ID,
    REPO,
    GitHubWorld,
    install_app,
    make_rsa_key,
)
from tests.fakes.github_api import FakeGitHub  # noqa: E402


def build_deliveries(
    prs: list[tuple[int, str, str]], count: int
) -> list[tuple[bytes, dict[str, str]]]:
    """Signed deliveries, built before the clock starts (signing is the client's cost)."""
    rng = random.Random(1)
    sent: list[tuple[bytes, dict[str, str]]] = []
    for i in range(count):
        if sent and rng.random() < 0.05:
            sent.append(rng.choice(sent))  # a redelivery: same body, same delivery id
            continue
        number, base, head = prs[i % len(prs)]
        data = pull_request("synchronize", repo=REPO, number=number, head_sha=head,
                            base_sha=base, installation_id=INSTALLATION_ID)
        sent.append(signed(SECRET, "pull_request", data, str(uuid.uuid4())))
    return sent


def fire(
    url: str, deliveries: list[tuple[bytes, dict[str, str]]], rate: float
) -> list[dict[str, float]]:
    """Send each delivery at t0 + i/rate from a pool of threads; record status and latency.

    http.client rather than requests: the client shares two cores with the server, and a
    lighter client disturbs the figure less.
    """
    parts = urlsplit(url)
    results: list[dict[str, float]] = [{} for _ in deliveries]
    t0 = time.perf_counter() + 0.5

    def send(i: int) -> None:
        body, headers = deliveries[i]
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            conn.request("POST", parts.path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
            conn.close()
        except OSError:
            status = 0
        done = time.perf_counter()
        results[i] = {"status": status, "latency": done - (t0 + i / rate),
                      "service": done - started}

    with ThreadPoolExecutor(max_workers=32) as pool:
        for i in range(len(deliveries)):
            delay = t0 + i / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(send, i)
    return results


def drain(db: Path, seconds: float) -> tuple[int, float]:
    """Wait for the workers to finish every wanted review; (still pending, seconds waited)."""
    store = SqliteStore(str(db))
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if store.pending_count() == 0:
            break
        time.sleep(0.25)
    return store.pending_count(), time.monotonic() - start


def fake_github(farm_base: str, prs: int, conn: Connection) -> None:
    """The fake GitHub in its own process, so its work does not slow the measuring client."""
    farm = LinkFarm(None, farm_base)  # type: ignore[arg-type]
    fake = FakeGitHub().start()
    world = install_app(fake, make_rsa_key())
    opened = []
    for n in range(prs):
        base = world.repo.commit({"README.md": list_text(farm)})
        head_text = list_text(farm, f"- [Tool {n}]({farm.url(100 + n)}) - Tool number {n}.\n")
        head = world.repo.commit({"README.md": head_text}, parent=base, branch=None)
        opened.append((fake.open_pull(world.repo, base, head), base, head))
    conn.send((world.settings, opened))
    conn.recv()  # "count"
    conn.send(len(world.repo.check_runs))
    conn.recv()  # "stop"
    fake.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=200.0, help="deliveries per second")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--prs", type=int, default=50, help="distinct pull requests")
    parser.add_argument("--workers", type=int, default=2, help="the server's worker threads")
    args = parser.parse_args()

    farm = start_linkfarm()
    ours, theirs = multiprocessing.Pipe()
    github = multiprocessing.Process(target=fake_github, args=(farm.base, args.prs, theirs))
    github.start()
    settings, prs = ours.recv()
    world = GitHubWorld(fake=None, repo=None, settings=settings)  # type: ignore[arg-type]
    deliveries = build_deliveries(prs, int(args.rate * args.seconds))
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(world, farm, Path(tmp), args=("--workers", str(args.workers)))
        try:
            began = time.perf_counter()
            results = fire(f"{server.url}/webhook", deliveries, args.rate)
            wall = time.perf_counter() - began
            pending, drained_in = drain(Path(tmp) / "awesome-review.store.db", 120)
        finally:
            stop_server(server)
            ours.send("count")
            check_runs = ours.recv()
            ours.send("stop")
            github.join(10)
            farm.process.terminate()
    report(args, results, wall, pending, drained_in, check_runs)
    return 0


def report(args: argparse.Namespace, results: list[dict[str, float]], wall: float,
           pending: int, drained_in: float, check_runs: int) -> None:
    latencies = [r["latency"] * 1000 for r in results if r]
    service = [r["service"] * 1000 for r in results if r]
    statuses: dict[str, int] = {}
    for r in results:
        statuses[str(int(r.get("status", 0)))] = statuses.get(str(int(r.get("status", 0))), 0) + 1
    summary = {
        "deliveries": len(results), "rate_per_s": args.rate, "seconds": args.seconds,
        "achieved_rate_per_s": round(len(results) / wall, 1), "statuses": statuses,
        "p50_ms": round(percentile(latencies, 50), 2),
        "p90_ms": round(percentile(latencies, 90), 2),
        "p99_ms": round(percentile(latencies, 99), 2), "max_ms": round(max(latencies), 2),
        "mean_ms": round(statistics.mean(latencies), 2),
        "service_p99_ms": round(percentile(service, 99), 2),
        "reviews_pending_after_drain": pending, "drain_s": round(drained_in, 1),
        "check_runs_posted": check_runs, "worker_threads": args.workers,
    }
    save_summary("webhook_latency", summary)
    print(json.dumps(summary))
    target = "met" if summary["p99_ms"] < 50 else "MISSED"
    print(f"ack latency at {args.rate:.0f}/s for {args.seconds:.0f}s: p50 {summary['p50_ms']} ms, "
          f"p99 {summary['p99_ms']} ms (target p99 < 50 ms: {target})")


if __name__ == "__main__":
    sys.exit(main())
