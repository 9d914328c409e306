"""The scale-out scenario, shared by tests/scale/test_scale_out.py and bench/scale_out.py.

Real processes on 127.0.0.1: 2 web processes (gunicorn with deploy/gunicorn.conf.py, one
process each, like two hosts), 3 `awesome-review worker` processes, the Redis server, one
fake GitHub API (in this process; the workers reach it through GITHUB_API_URL) and the
shared link farm. 50 PRs get several pushes each; every push is followed by its signed
`opened`/`synchronize` delivery, and redeliveries of earlier ones are mixed in, sent to
either web process at random.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import redis
import requests
from e2e.conftest import LinkFarm, free_port, list_text, start_linkfarm
from web import payloads

from bot.jobs.redis_store import RedisStore
from tests.fakes.fixtures import APP_LOGIN, INSTALLATION_ID, REPO, install_app, make_rsa_key
from tests.fakes.github_api import FakeGitHub

ROOT = Path(__file__).resolve().parents[2]
# A Redis database no other test uses (the store tests use 15, the e2e test 14); flushed first.
REDIS_URL = os.environ.get("AWESOME_REVIEW_SCALE_REDIS", "redis://127.0.0.1:6379/13")
SECRET = "scale-out-secret"
MARKER = "awesome-review:sticky"


@dataclass(frozen=True)
class Plan:
    prs: int = 50
    pushes: int = 4  # head SHAs per PR: `opened`, then a `synchronize` per push
    redeliveries: int = 6  # per PR: 50 × (4 + 6) = 500 deliveries
    web: int = 2
    workers: int = 3
    threads: int = 2  # worker threads per worker process
    senders: int = 10
    # Up to this long between a PR's pushes, so a push often lands while the review of the
    # previous head runs: the new job then meets the PR's lock (or a stale head) mid-review.
    pause: float = 1.0
    seed: int = 5
    timeout: float = 90.0  # for the last review after the last delivery


@dataclass
class Figures:
    deliveries: int = 0
    answers: Counter[str] = field(default_factory=Counter)  # "202 queued", "200 duplicate", …
    comments: int = 0
    prs_with_one_comment: int = 0
    duplicate_comments: int = 0
    stale_comments: int = 0  # the sticky comment does not reflect the PR's last head SHA
    lost_jobs: int = 0  # PRs whose last push was never reviewed, plus pending records
    reviews_run: int = 0
    overlaps: int = 0  # two reviews of one PR running at once
    deliver_seconds: float = 0.0
    wall_seconds: float = 0.0
    metrics: dict[str, float] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"deliveries sent: {self.deliveries} "
            f"({', '.join(f'{n} × {k}' for k, n in sorted(self.answers.items()))})",
            f"sticky comments: {self.comments} on {self.prs_with_one_comment} PRs with exactly one; "
            f"duplicate comments: {self.duplicate_comments}; not at the last head SHA: "
            f"{self.stale_comments}",
            f"lost jobs: {self.lost_jobs}; reviews run: {self.reviews_run}; "
            f"overlapping reviews of one PR: {self.overlaps}",
            f"review jobs by outcome: {self.job_outcomes() or 'none counted'}",
            f"wall time: {self.wall_seconds:.1f} s (deliveries sent in {self.deliver_seconds:.1f} s)",
        ]

    def job_outcomes(self) -> str:
        """From /metrics: how the workers' review jobs ended (done, stale, locked…)."""
        prefix = "awesome_review_jobs_total{kind=review,outcome="
        return ", ".join(f"{value:.0f} {key[len(prefix):-1]}"
                         for key, value in sorted(self.metrics.items()) if key.startswith(prefix))


@dataclass
class Cluster:
    """The running processes and the fake, torn down by `stop()`."""

    tmp: Path
    fake: FakeGitHub
    farm: LinkFarm
    webs: list[str] = field(default_factory=list)
    processes: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)

    def stop(self) -> None:
        for _name, process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for _name, process in self.processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        self.fake.stop()
        self.farm.process.terminate()
        self.farm.process.wait(5)

    def log(self, name: str) -> Path:
        return self.tmp / f"{name}.log"

    def worker_lines(self) -> list[dict[str, Any]]:
        lines = []
        for name, _process in self.processes:
            if name.startswith("worker"):
                text = self.log(name).read_text(encoding="utf-8", errors="replace")
                lines += [json.loads(line) for line in text.splitlines() if line.startswith("{")]
        return lines

    def tails(self) -> str:
        return "\n".join(f"--- {name}\n" + self.log(name).read_text(errors="replace")[-1500:]
                         for name, _ in self.processes)


def redis_client() -> redis.Redis:
    return redis.Redis.from_url(REDIS_URL, socket_timeout=5)


def start_cluster(plan: Plan, tmp: Path) -> Cluster:
    redis_client().flushdb()
    fake = FakeGitHub().start()
    world = install_app(fake, make_rsa_key())
    cluster = Cluster(tmp, fake, start_linkfarm())
    env = _env(world.settings.app_id or "", world.settings.app_private_key or "", fake.url, tmp)
    try:
        for n in range(plan.web):
            port = free_port()
            _spawn(cluster, f"web{n}", [sys.executable, "-m", "gunicorn", "-c",
                                        str(ROOT / "deploy" / "gunicorn.conf.py"),
                                        "-b", f"127.0.0.1:{port}"], {**env, "WEB_CONCURRENCY": "1"})
            cluster.webs.append(f"http://127.0.0.1:{port}")
        for n in range(plan.workers):
            _spawn(cluster, f"worker{n}", [sys.executable, "-m", "bot.cli", "worker",
                                           "--workers", str(plan.threads)], env)
        for url in cluster.webs:
            _wait_ready(url, cluster)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def _env(app_id: str, key: str, api_url: str, tmp: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "AWESOME_REVIEW_"))},
        "GITHUB_WEBHOOK_SECRET": SECRET,
        "GITHUB_API_URL": api_url,
        "GITHUB_APP_ID": app_id,
        "GITHUB_APP_PRIVATE_KEY": key,
        "AWESOME_REVIEW_QUEUE": REDIS_URL,
        "AWESOME_REVIEW_ALLOW_HOSTS": "127.0.0.1",  # the link farm is on loopback
        "AWESOME_REVIEW_APP_LOGIN": APP_LOGIN,
        "AWESOME_REVIEW_LOG_FORMAT": "json",
        # One directory for all five processes, as on one host: /metrics on either web
        # process sums the workers' jobs too.
        "PROMETHEUS_MULTIPROC_DIR": str(tmp / "metrics"),
        "PYTHONPATH": str(ROOT),
    }


def _spawn(cluster: Cluster, name: str, command: list[str], env: dict[str, str]) -> None:
    with cluster.log(name).open("wb") as out:
        process = subprocess.Popen(command, env=env, cwd=cluster.tmp, stdout=out,
                                   stderr=subprocess.STDOUT)
    cluster.processes.append((name, process))


def _wait_ready(url: str, cluster: Cluster) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        for name, process in cluster.processes:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}:\n{cluster.tails()}")
        try:
            if requests.get(f"{url}/readyz", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} not ready within 30 s:\n{cluster.tails()}")


# ---------------------------------------------------------------------- the run


@dataclass
class Pull:
    number: int
    base: str
    heads: list[str]


def run(plan: Plan, cluster: Cluster) -> Figures:
    """Open the PRs, send the deliveries, wait for the reviews, and measure."""
    figures = Figures()
    rng = random.Random(plan.seed)
    pulls = [_open(cluster, rng, n, plan.pushes) for n in range(plan.prs)]
    started = time.monotonic()
    lock = threading.Lock()
    with ThreadPoolExecutor(plan.senders) as pool:
        seeds = [rng.random() for _ in pulls]
        list(pool.map(lambda args: _deliver(cluster, plan, *args, figures, lock),
                      zip(pulls, seeds, strict=True)))
    figures.deliver_seconds = time.monotonic() - started
    _wait_done(cluster, pulls, started + figures.deliver_seconds + plan.timeout)
    figures.wall_seconds = time.monotonic() - started
    _measure(cluster, pulls, figures)
    return figures


def _open(cluster: Cluster, rng: random.Random, n: int, pushes: int) -> Pull:
    """A PR whose pushes each add a differently named entry (each head SHA differs)."""
    repo = cluster.fake.repos[REPO]
    base = repo.commit({"README.md": list_text(cluster.farm)})
    heads = []
    for k in range(pushes):
        row = f"- [Gamma {n}.{k}]({cluster.farm.url(1000 + 10 * n + k)}) - Third tool.\n"
        heads.append(repo.commit({"README.md": list_text(cluster.farm, row)}, parent=base,
                                 branch=None))
    number = cluster.fake.open_pull(repo, base, heads[0], author=f"contributor{n}")
    return Pull(number, base, heads)


def _deliver(cluster: Cluster, plan: Plan, pull: Pull, seed: float, figures: Figures,
             lock: threading.Lock) -> None:
    """Push by push, as GitHub does: the push, then its delivery; redeliveries between."""
    rng = random.Random(seed)
    session = requests.Session()
    sent: list[tuple[bytes, dict[str, str]]] = []
    redeliver = _spread(plan.redeliveries, plan.pushes, rng)
    for k, head in enumerate(pull.heads):
        if k:
            time.sleep(rng.uniform(0, plan.pause))
            cluster.fake.push(cluster.fake.repos[REPO], pull.number, head)
        action = "opened" if k == 0 else "synchronize"
        data = payloads.pull_request(action, repo=REPO, number=pull.number, head_sha=head,
                                     base_sha=pull.base, installation_id=INSTALLATION_ID)
        sent.append(payloads.signed(SECRET, "pull_request", data, f"scale-{pull.number}-{k}"))
        for body, headers in [sent[-1], *(rng.choice(sent) for _ in range(redeliver[k]))]:
            answer = session.post(f"{rng.choice(cluster.webs)}/webhook", data=body,
                                  headers=headers, timeout=10)
            status = answer.json().get("status", answer.json().get("error", ""))
            with lock:
                figures.deliveries += 1
                figures.answers[f"{answer.status_code} {status}"] += 1


def _spread(total: int, parts: int, rng: random.Random) -> list[int]:
    counts = [0] * parts
    for _ in range(total):
        counts[rng.randrange(parts)] += 1
    return counts


def _wait_done(cluster: Cluster, pulls: list[Pull], deadline: float) -> None:
    """Until every PR's sticky comment is at its last head SHA and nothing is pending."""
    store = RedisStore.from_url(REDIS_URL)
    while time.monotonic() < deadline:
        if all(_at_last_head(cluster, pull) for pull in pulls) and store.pending_count() == 0:
            return
        time.sleep(0.25)


def _stickies(cluster: Cluster, pull: Pull) -> list[dict[str, Any]]:
    return [c for c in cluster.fake.comments(cluster.fake.repos[REPO], pull.number)
            if c["login"] == APP_LOGIN and MARKER in c["body"]]


def _at_last_head(cluster: Cluster, pull: Pull) -> bool:
    stickies = _stickies(cluster, pull)
    return len(stickies) == 1 and f"Updated for {pull.heads[-1][:7]}" in stickies[0]["body"]


def _measure(cluster: Cluster, pulls: list[Pull], figures: Figures) -> None:
    store = RedisStore.from_url(REDIS_URL)
    for pull in pulls:
        stickies = _stickies(cluster, pull)
        figures.comments += len(stickies)
        figures.prs_with_one_comment += len(stickies) == 1
        figures.duplicate_comments += max(0, len(stickies) - 1)
        if not _at_last_head(cluster, pull):
            figures.stale_comments += 1
            figures.problems.append(f"PR #{pull.number}: {len(stickies)} sticky comment(s), "
                                    f"none at {pull.heads[-1][:7]}")
        wanted = store.wanted(f"review:{REPO}#{pull.number}")
        if wanted is None or wanted.state != "done" or wanted.job.head_sha != pull.heads[-1]:
            figures.lost_jobs += 1
            figures.problems.append(f"PR #{pull.number}: wanted review {wanted}")
    figures.lost_jobs += store.pending_count()
    figures.reviews_run, figures.overlaps = _overlaps(cluster.worker_lines(), figures.problems)
    figures.metrics = _scrape(cluster.webs[0])


def _overlaps(lines: list[dict[str, Any]], problems: list[str]) -> tuple[int, int]:
    """Reviews run, and how many of them started while another of the same PR ran."""
    spans: dict[int, list[tuple[str, str]]] = {}
    open_: dict[tuple[int, str, int], list[str]] = {}
    for line in sorted(lines, key=lambda line: line["ts"]):
        key = (line.get("process", 0), line.get("thread", ""), line.get("pr", 0))
        if line.get("event") == "review-started":
            open_.setdefault(key, []).append(line["ts"])
        elif line.get("event") == "review-ended" and open_.get(key):
            spans.setdefault(line["pr"], []).append((open_[key].pop(0), line["ts"]))
    overlaps = 0
    for pr, runs in spans.items():
        runs.sort()
        for (_, end), (start, _) in pairwise(runs):
            if start < end:
                overlaps += 1
                problems.append(f"PR #{pr}: a review started at {start} before one ended at {end}")
    return sum(len(runs) for runs in spans.values()), overlaps


def _scrape(url: str) -> dict[str, float]:
    """Sums of the interesting samples on one web process's /metrics (all processes')."""
    from prometheus_client.parser import text_string_to_metric_families

    text = requests.get(f"{url}/metrics", timeout=10).text
    sums: Counter[str] = Counter()
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            label = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()) if k != "le")
            if not sample.name.endswith("_bucket") and not sample.name.endswith("_created"):
                sums[f"{sample.name}{{{label}}}"] += sample.value
    return dict(sums)
