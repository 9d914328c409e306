"""Time from a webhook to the review comment, for a one-entry PR on awesome-ai-system.

    python bench/webhook_to_comment.py [--runs 20] [--latency-ms 100]

Everything on 127.0.0.1: the real `awesome-review serve` (embedded mode, SQLite), the
fake GitHub API (tests/fakes) (real PyGithub, App auth with a JWT and an installation token) and the
shared link farm answering every link after `--latency-ms`. Each run opens a new PR that
adds one table row to today's ../shared/corpus/awesome-ai-system/README.md, sends the signed
`pull_request.opened` delivery, and stops the clock when the sticky comment exists.
Target: p50 < 1.5 s with the link farm at 100 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from benchutil import save_summary  # noqa: E402
from e2e.conftest import AppServer, start_linkfarm, start_server, stop_server  # noqa: E402

from tests.fakes.fixtures import install_app, make_rsa_key  # noqa: E402
from tests.fakes.github_api import FakeGitHub  # noqa: E402

README = ROOT.parent / "shared" / "corpus" / "awesome-ai-system" / "README.md"
SECTION = "### LLM Evaluation Platform"


def with_new_row(text: str, n: int, farm_url: str) -> str:
    """The list with one new row at the end of the LLM Evaluation Platform table."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(SECTION))
    end = start + 1
    while end < len(lines) and not lines[end].startswith("|"):
        end += 1
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    row = (
        f"| BenchEval{n} | [![Star](https://img.shields.io/github/stars/bench/eval{n}.svg)]"
        f"({farm_url}/ok/{2 * n}) | [![Website](https://img.shields.io/badge/Website-9cf)]"
        f"({farm_url}/ok/{2 * n + 1}) |\n"
    )
    return "".join([*lines[:end], row, *lines[end:]])


def one_run(app: AppServer, base_text: str, n: int) -> tuple[float, float]:
    """(seconds to the sticky comment, seconds to the check run) for one new PR."""
    number, base, head = app.open_pull({"README.md": with_new_row(base_text, n, app.farm.base)},
                                       base_files={"README.md": base_text})
    event = app.pr_event("opened", number, base, head)
    started = time.perf_counter()
    answer = app.post("pull_request", event)
    if answer.status_code != 202:
        raise RuntimeError(f"delivery refused: {answer.status_code} {answer.text}")
    comment_at = check_at = 0.0
    while time.perf_counter() - started < 60 and not (comment_at and check_at):
        if not comment_at and app.sticky(number):
            comment_at = time.perf_counter() - started
        if not check_at and app.check_runs(head):
            check_at = time.perf_counter() - started
        time.sleep(0.005)
    if not comment_at:
        raise RuntimeError(f"no comment on PR #{number} within 60 s; see {app.log}")
    return comment_at, check_at


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--latency-ms", type=int, default=100, help="the link farm's latency")
    args = parser.parse_args()
    base_text = README.read_text(encoding="utf-8")
    farm = start_linkfarm(args.latency_ms)
    fake = FakeGitHub().start()
    world = install_app(fake, make_rsa_key())
    with tempfile.TemporaryDirectory() as tmp:
        app = start_server(world, farm, Path(tmp))
        try:
            runs = [one_run(app, base_text, n) for n in range(1, args.runs + 1)]
            farm_requests = _farm_requests(farm.base)
            sample = app.sticky(args.runs)[0]["body"]
        finally:
            stop_server(app)
            fake.stop()
            farm.process.terminate()
    report(args, runs, farm_requests)
    (ROOT / "bench" / "out" / "webhook_to_comment.sample.md").write_text(sample)
    return 0


def _farm_requests(base: str) -> int:
    """Requests the link farm answered: proof the links were really checked."""
    with urllib.request.urlopen(f"{base}/stats", timeout=5) as answer:
        return int(json.load(answer)["requests_total"])


def report(args: argparse.Namespace, runs: list[tuple[float, float]], farm_requests: int) -> None:
    comments = [c for c, _ in runs]
    checks = [c for _, c in runs if c]
    summary = {
        "runs": len(runs), "linkfarm_latency_ms": args.latency_ms,
        "list": "awesome-ai-system/README.md", "list_lines": len(README.read_text().splitlines()),
        "comment_p50_s": round(statistics.median(comments), 3),
        "comment_max_s": round(max(comments), 3), "comment_first_s": round(comments[0], 3),
        "comment_min_s": round(min(comments), 3),
        "check_run_p50_s": round(statistics.median(checks), 3) if checks else None,
        "linkfarm_requests": farm_requests,
    }
    save_summary("webhook_to_comment", summary)
    print(json.dumps(summary))
    target = "met" if summary["comment_p50_s"] < 1.5 else "MISSED"
    print(f"webhook → comment: p50 {summary['comment_p50_s']} s over {len(runs)} runs "
          f"(first {summary['comment_first_s']} s; target p50 < 1.5 s: {target})")


if __name__ == "__main__":
    sys.exit(main())
