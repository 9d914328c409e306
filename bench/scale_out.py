"""Scale-out on Redis, as a benchmark: the scenario of tests/scale/test_scale_out.py
(2 gunicorn web processes, 3 worker processes, 500 signed deliveries for 50 PRs with
redeliveries), printing its figures. Needs the Redis server at 127.0.0.1:6379; flushes DB 13
(AWESOME_REVIEW_SCALE_REDIS to change it). Everything runs on 127.0.0.1.

    python bench/scale_out.py [--prs 50] [--pushes 4] [--redeliveries 6] [--workers 3] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from scale.scaleout import REDIS_URL, Plan, redis_client, run, start_cluster  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prs", type=int, default=50)
    parser.add_argument("--pushes", type=int, default=4, help="head SHAs per PR")
    parser.add_argument("--redeliveries", type=int, default=6, help="per PR")
    parser.add_argument("--web", type=int, default=2, help="gunicorn web processes")
    parser.add_argument("--workers", type=int, default=3, help="worker processes")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker process")
    parser.add_argument("--pause", type=float, default=1.0,
                        help="up to this many seconds between a PR's pushes")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    plan = Plan(prs=args.prs, pushes=args.pushes, redeliveries=args.redeliveries,
                web=args.web, workers=args.workers, threads=args.threads,
                pause=args.pause)
    try:
        redis_client().ping()
    except Exception as exc:
        print(f"Redis at {REDIS_URL} is unreachable ({exc}); start redis-server", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        cluster = start_cluster(plan, Path(tmp))
        try:
            figures = run(plan, cluster)
        finally:
            cluster.stop()
    print(f"plan: {plan.prs} PRs × {plan.pushes} pushes + {plan.redeliveries} redeliveries each; "
          f"{plan.web} web processes (gunicorn), {plan.workers} workers × {plan.threads} threads")
    print("\n".join(figures.lines()))
    for problem in figures.problems:
        print("problem:", problem)
    if args.json:
        data = {**vars(figures), "answers": dict(figures.answers)}
        args.json.write_text(json.dumps(data, indent=2) + "\n")
    return 1 if figures.problems else 0


if __name__ == "__main__":
    sys.exit(main())
