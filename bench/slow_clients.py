"""Slow clients: /healthz latency while 1000 connections are held open, in both web shapes.

    python bench/slow_clients.py [--held 1000] [--checks 200]

For the embedded shape (the real `awesome-review serve` with its worker threads, a fake
GitHub API and the link farm) and the deploy shape (gunicorn with deploy/gunicorn.conf.py, 2
processes), all on 127.0.0.1: first `--checks` GET /healthz with nothing else connected (the
baseline), then the same while `--held` connections are open — half idle, half stopped in the
middle of their headers — and 20 signed deliveries. Prints p50/p99/max for both and their
ratio, how many of the held connections were still open at the end and how many deliveries
were accepted; writes bench/out/slow_clients.json.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import requests  # noqa: E402
from benchutil import percentile, save_summary  # noqa: E402
from deploy.serving import gunicorn_server  # noqa: E402
from e2e.conftest import SECRET, start_linkfarm, start_server, stop_server  # noqa: E402
from reliability.slowclients import healthz_latencies, slow_connections, still_open  # noqa: E402
from web.payloads import pull_request, signed  # noqa: E402

from tests.fakes.fixtures import install_app, make_rsa_key  # noqa: E402
from tests.fakes.github_api import FakeGitHub  # noqa: E402

DELIVERIES = 20


@contextmanager
def embedded(tmp: Path) -> Iterator[str]:
    farm = start_linkfarm()
    fake = FakeGitHub().start()
    try:
        server = start_server(install_app(fake, make_rsa_key()), farm, tmp)
        try:
            yield server.url
        finally:
            stop_server(server)
    finally:
        fake.stop()
        farm.process.terminate()


def measure(url: str, held: int, checks: int) -> dict[str, Any]:
    port = int(url.rsplit(":", 1)[1])
    baseline = healthz_latencies(port, checks)
    with slow_connections(port, held) as sockets:
        time.sleep(0.5)
        loaded = healthz_latencies(port, checks)
        accepted = sum(deliver(url) == 202 for _ in range(DELIVERIES))
        still = still_open(sockets)
    return {"held": held, "still_open": still, "deliveries_accepted": accepted,
            "deliveries": DELIVERIES, "baseline": figures(baseline), "held_open": figures(loaded),
            "p99_ratio": round(percentile(loaded, 99) / max(percentile(baseline, 99), 1e-6), 2)}


def deliver(url: str) -> int:
    body, headers = signed(SECRET, "pull_request", pull_request())
    try:
        return requests.post(f"{url}/webhook", data=body, headers=headers, timeout=5).status_code
    except requests.RequestException:
        return 0


def figures(latencies: list[float]) -> dict[str, float]:
    return {name: round(percentile(latencies, p) * 1000, 2)
            for name, p in (("p50_ms", 50), ("p99_ms", 99), ("max_ms", 100))}


def run(held: int, checks: int) -> dict[str, Any]:
    """Both web shapes, one after the other: the figures `measure` gives for each."""
    summary: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "serve").mkdir()
        Path(tmp, "deploy").mkdir()
        with embedded(Path(tmp, "serve")) as url:
            summary["embedded"] = measure(url, held, checks)
        with gunicorn_server(Path(tmp, "deploy"), SECRET) as url:
            summary["deploy"] = measure(url, held, checks)
    return summary


def print_summary(summary: dict[str, Any]) -> None:
    for shape, result in summary.items():
        base, held = result["baseline"], result["held_open"]
        print(f"{shape:9} {result['held']} held ({result['still_open']} still open): /healthz "
              f"p50 {held['p50_ms']} ms, p99 {held['p99_ms']} ms, max {held['max_ms']} ms; "
              f"none held: p99 {base['p99_ms']} ms; p99 ratio {result['p99_ratio']}; "
              f"deliveries accepted {result['deliveries_accepted']}/{result['deliveries']}",
              flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--held", type=int, default=1000)
    parser.add_argument("--checks", type=int, default=200)
    args = parser.parse_args()
    summary = run(args.held, args.checks)
    print_summary(summary)
    print(f"wrote {save_summary('slow_clients', summary)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
