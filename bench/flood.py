"""Flood: 1000 signed deliveries per second for 10 s at `awesome-review serve` (embedded mode).

    python bench/flood.py [--rate 1000] [--seconds 10] [--prs 500] [--max-pending 200]
                          [--senders 2] [--workers 2]

Starts the real server as a subprocess (web app + worker threads on one SQLite file) and
the fake GitHub API (tests/fakes) in its own process, all on 127.0.0.1. Sender processes, each an
asyncio loop, send signed `pull_request.synchronize` deliveries on an open-loop schedule:
delivery k goes out at t0 + k/rate on a connection of its own (as GitHub sends them),
whatever the earlier ones are doing. Latency is measured from that scheduled time, so a
stalled server cannot hide behind a slowed client; 2 % are redeliveries of an earlier id.

Then it waits, bounded, for the worker to process every accepted delivery, and reads the
fake GitHub: every PR with an accepted delivery must carry exactly one sticky comment.
Figures: achieved send rate, accepted, refused (503 + Retry-After), processed, p50/p99
latency; written to bench/out/flood.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import random
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from benchutil import percentile, save_summary  # noqa: E402
from e2e.conftest import SECRET, LinkFarm, list_text, start_server, stop_server  # noqa: E402
from huey import SqliteHuey  # noqa: E402
from web.payloads import pull_request, signed  # noqa: E402

from bot.jobs.store import SqliteStore  # noqa: E402
from tests.fakes.fixtures import (  # noqa: E402
    APP_LOGIN,
    INSTALLATION_ID,
    REPO,
    GitHubWorld,
    install_app,
    make_rsa_key,
)
from tests.fakes.github_api import FakeGitHub  # noqa: E402

Delivery = tuple[bytes, dict[str, str]]
DELIVERIES: list[Delivery] = []  # built before the sender processes fork, so they share it
# Log lines of the runner that end one run of a job (anything else re-enqueues it).
FINAL_MARKS = (" reviewed at ", ", not run", "giving up on the review")


@dataclass(frozen=True)
class FloodOptions:
    rate: float = 1000.0
    seconds: float = 10.0
    prs: int = 500
    max_pending: int = 200
    senders: int = 2  # processes, each an asyncio loop
    workers: int = 2
    drain_seconds: float = 600.0


def build_deliveries(prs: list[tuple[int, str, str]], count: int) -> list[Delivery]:
    """Signed deliveries, built before the clock starts (signing is the client's cost)."""
    rng = random.Random(6)
    sent: list[Delivery] = []
    for i in range(count):
        if sent and rng.random() < 0.02:
            sent.append(rng.choice(sent))  # a redelivery: same body, same delivery id
            continue
        number, base, head = prs[i % len(prs)]
        data = pull_request("synchronize", repo=REPO, number=number, head_sha=head,
                            base_sha=base, installation_id=INSTALLATION_ID)
        sent.append(signed(SECRET, "pull_request", data, str(uuid.uuid4())))
    return sent


# ------------------------------------------------------------------------- the senders

Result = tuple[int, int, bool, float, float]  # index, status, Retry-After?, latency, sent at


def _sender(url: str, index: int, options: FloodOptions, t0: float, out: Connection) -> None:
    """One sender process: deliveries index, index + senders, ... each sent at its scheduled
    time on a connection of its own, whatever the earlier ones are doing (open loop)."""
    host, port = url.removeprefix("http://").split(":")
    out.send(asyncio.run(_send_all(host, int(port), index, options, t0)))


async def _send_all(host: str, port: int, index: int, options: FloodOptions,
                    t0: float) -> list[Result]:
    results: list[Result] = []
    tasks = []
    for k in range(index, len(DELIVERIES), options.senders):
        delay = t0 + k / options.rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(_send(host, port, k, options, t0, results)))
    await asyncio.gather(*tasks)
    return results


def _raw(k: int, host: str, port: int) -> bytes:
    """Delivery k as the bytes of one HTTP/1.1 request (GitHub opens a connection for each)."""
    body, headers = DELIVERIES[k]
    lines = ["POST /webhook HTTP/1.1", f"Host: {host}:{port}", f"Content-Length: {len(body)}",
             "Connection: close", *(f"{name}: {value}" for name, value in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _send(host: str, port: int, k: int, options: FloodOptions, t0: float,
                results: list[Result]) -> None:
    sent = time.perf_counter()
    status, retry_after = 0, False
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 30)
        writer.write(_raw(k, host, port))
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
        status = int(head.split(b" ", 2)[1])
        retry_after = b"\r\nretry-after:" in head.lower()
        await asyncio.wait_for(reader.read(), 30)  # the server closes after the answer
        writer.close()
    except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
        status = 0  # refused, reset or timed out: counted as "other"
    results.append((k, status, retry_after, time.perf_counter() - (t0 + k / options.rate),
                    sent - t0))


def fire(url: str, options: FloodOptions) -> tuple[list[Result], float]:
    """Run the senders; each delivery's result, and the seconds over which they were sent."""
    context = multiprocessing.get_context("fork")
    t0 = time.perf_counter() + 1.0
    pipes, processes = [], []
    for i in range(options.senders):
        ours, theirs = context.Pipe()
        process = context.Process(target=_sender, args=(url, i, options, t0, theirs))
        process.start()
        pipes.append(ours)
        processes.append(process)
    results = [r for pipe in pipes for r in pipe.recv()]
    for process in processes:
        process.join(10)
    # The achieved rate is of sending (when each request went out), not of answers.
    send_wall = max(r[4] for r in results) - min(r[4] for r in results)
    return sorted(results), send_wall


# ------------------------------------------------------------------------- fake GitHub


def fake_github(prs: int, conn: Connection) -> None:
    """The fake GitHub in its own process, so its work does not slow the senders."""
    farm = LinkFarm(None, "http://127.0.0.1:9")  # type: ignore[arg-type]  # links not checked
    fake = FakeGitHub().start()
    world = install_app(fake, make_rsa_key())
    base = world.repo.commit({"README.md": list_text(farm)})
    entry = "- [Gamma](http://127.0.0.1:9/gamma) - Third tool.\n"
    head = world.repo.commit({"README.md": list_text(farm, entry)}, parent=base, branch=None)
    opened = [(fake.open_pull(world.repo, base, head), base, head) for _ in range(prs)]
    conn.send((world.settings, opened))
    while conn.recv() == "count":
        conn.send(_stickies(fake, world, [n for n, _, _ in opened]))
    fake.stop()


def _stickies(fake: FakeGitHub, world: GitHubWorld, numbers: list[int]) -> dict[int, int]:
    """Sticky comments of the App per PR number."""
    return {n: sum(1 for c in fake.comments(world.repo, n)
                   if c["login"] == APP_LOGIN and "awesome-review:sticky" in c["body"])
            for n in numbers}


# ------------------------------------------------------------------------- the run


def drain(tmp: Path, server_log: Path, accepted: int, seconds: float) -> tuple[int, float]:
    """Wait until the queue is empty and `accepted` job runs ended; (runs ended, seconds)."""
    huey = SqliteHuey("awesome-review", filename=str(tmp / "awesome-review.db"), results=False)
    store = SqliteStore(str(tmp / "awesome-review.store.db"))
    start = time.monotonic()
    ended = 0
    while time.monotonic() - start < seconds:
        ended = final_runs(server_log)
        if ended >= accepted and huey.pending_count() == 0 and store.pending_count() == 0:
            break
        time.sleep(0.5)
    return ended, time.monotonic() - start


def final_runs(server_log: Path) -> int:
    text = server_log.read_text(encoding="utf-8", errors="replace")
    return sum(1 for line in text.splitlines() if any(mark in line for mark in FINAL_MARKS))


def run_flood(options: FloodOptions, tmp: Path) -> dict[str, Any]:
    """The whole flood: servers up, deliveries sent, drained, counted; the summary."""
    ours, theirs = multiprocessing.get_context("fork").Pipe()
    github = multiprocessing.get_context("fork").Process(target=fake_github,
                                                         args=(options.prs, theirs))
    github.start()
    settings, prs = ours.recv()
    DELIVERIES[:] = build_deliveries(prs, int(options.rate * options.seconds))
    world = GitHubWorld(fake=None, repo=None, settings=settings)  # type: ignore[arg-type]
    farm = LinkFarm(None, "http://127.0.0.1:9")  # type: ignore[arg-type]
    # A long lease: a job waiting in a deep queue must not be swept up and run twice, which
    # would blur "processed exactly once" (the sweep itself is tested elsewhere).
    env = {"AWESOME_REVIEW_MAX_PENDING": str(options.max_pending),
           "AWESOME_REVIEW_LEASE_SECONDS": "3600"}
    server = start_server(world, farm, tmp, args=("--workers", str(options.workers)), **env)
    try:
        results, wall = fire(server.url, options)
        alive_after_flood = server.process.poll() is None
        accepted = sum(1 for r in results if r[1] == 202)
        ended, drained_in = drain(tmp, server.log, accepted, options.drain_seconds)
        ours.send("count")
        stickies: dict[int, int] = ours.recv()
        alive = alive_after_flood and server.process.poll() is None
    finally:
        stop_server(server)
        ours.send("stop")
        github.join(10)
    return summarise(options, results, wall, accepted, ended, drained_in, stickies, alive,
                     server.log_text())


def summarise(options: FloodOptions, results: list[Result], wall: float,
              accepted: int, ended: int, drained_in: float, stickies: dict[int, int],
              alive: bool, log: str) -> dict[str, Any]:
    statuses = Counter(str(r[1]) for r in results)
    latencies = [r[3] * 1000 for r in results]
    answered_wall = max(r[4] + r[3] for r in results) - min(r[4] for r in results)
    accepted_prs = {_pr_of(r[0]) for r in results if r[1] == 202}
    return {
        "deliveries": len(results), "target_rate_per_s": options.rate,
        "achieved_rate_per_s": round(len(results) / wall, 1), "send_wall_s": round(wall, 2),
        "answered_rate_per_s": round(len(results) / answered_wall, 1),
        "statuses": dict(statuses), "accepted_202": accepted,
        "duplicate_200": statuses.get("200", 0), "refused_503": statuses.get("503", 0),
        "refused_503_with_retry_after": sum(1 for r in results if r[1] == 503 and r[2]),
        "other": sum(n for s, n in statuses.items() if s not in ("200", "202", "503")),
        "processed": ended, "drain_s": round(drained_in, 1),
        "prs_accepted": len(accepted_prs),
        "prs_with_one_sticky": sum(1 for n in accepted_prs if stickies.get(n) == 1),
        "prs_with_more_than_one_sticky": sum(1 for n in stickies.values() if n > 1),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "max_ms": round(max(latencies, default=0.0), 1),
        "server_alive": alive, "tracebacks_in_log": log.count("Traceback"),
        "swept_again": log.count("enqueued again"),
        "options": options.__dict__,
    }


def _pr_of(k: int) -> int:
    body = DELIVERIES[k][0]
    return int(json.loads(body)["number"])


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    defaults = FloodOptions()
    for name, value in defaults.__dict__.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=type(value), default=value)
    options = FloodOptions(**vars(parser.parse_args()))
    with tempfile.TemporaryDirectory() as tmp:
        summary = run_flood(options, Path(tmp))
    save_summary("flood", summary)
    print(json.dumps(summary, indent=2))
    ok = (summary["server_alive"] and summary["other"] == 0
          and summary["processed"] == summary["accepted_202"]
          and summary["prs_with_one_sticky"] == summary["prs_accepted"])
    print(f"flood {summary['achieved_rate_per_s']}/s for {summary['send_wall_s']} s: "
          f"{summary['accepted_202']} accepted, {summary['refused_503']} refused (503), "
          f"{summary['processed']} processed, p99 {summary['p99_ms']} ms: "
          f"{'every accepted delivery processed' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
