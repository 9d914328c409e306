"""Benchmark: the paper lookups of a whole-list audit, batched, side by side with one request
per paper (what a naive client sends), against the fake arXiv and Crossref on 127.0.0.1.

    python bench/papers.py [--interval 0.2] [--lists FILE ...]

arXiv asks for one request every 3 s; the fake is asked with `--interval` seconds between
requests instead, so a run takes seconds: the wall-time ratio holds for any interval, and
the real time is requests × 3 s. The fake answers every paper with the title the list gives.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.benchutil import save_summary  # noqa: E402
from bot.audit import audit_urls  # noqa: E402
from bot.config import DEFAULT  # noqa: E402
from bot.links.papers import PaperOptions, Spacing, lookup_papers, paper_key  # noqa: E402
from bot.parse import parse  # noqa: E402
from tests.fakes.papers_api import FakePapers  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
DEFAULT_LISTS = [SHARED / "awesome-ai-system" / "README.md"]


def seed(fake: FakePapers, urls: list[str]) -> None:
    for url in urls:
        key = paper_key(url)
        if key is not None and key.startswith("arxiv:"):
            fake.add_arxiv(key.removeprefix("arxiv:"), f"A paper about {key}")
        elif key is not None:
            fake.add_crossref(key.removeprefix("doi:"), f"A paper about {key}", 2024)


def one_run(fake: FakePapers, urls: list[str], batch: int, interval: float) -> dict[str, float]:
    options = PaperOptions(arxiv_url=fake.arxiv_url, crossref_url=fake.crossref_url,
                           arxiv_interval=interval, crossref_interval=0.0, batch=batch)
    fake.log.clear()
    started = time.perf_counter()
    results = asyncio.run(lookup_papers(urls, options, None, Spacing()))
    seconds = time.perf_counter() - started
    found = sum(1 for r in results.values() if r.paper is not None)
    arxiv = len(fake.requests("arxiv"))
    return {"papers": len(results), "found": found, "arxiv_requests": arxiv,
            "crossref_requests": len(fake.requests("crossref")), "seconds": round(seconds, 3),
            "seconds_at_3s_per_arxiv_request": max(0, arxiv - 1) * 3.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interval", type=float, default=0.2)
    parser.add_argument("--lists", nargs="*", type=Path, default=DEFAULT_LISTS)
    args = parser.parse_args()
    urls = [u for path in args.lists
            for u in audit_urls(parse(path.read_text(encoding="utf-8")), DEFAULT)]
    fake = FakePapers().start()
    try:
        seed(fake, urls)
        batched = one_run(fake, urls, batch=50, interval=args.interval)
        baseline = one_run(fake, urls, batch=1, interval=args.interval)
    finally:
        fake.stop()
    summary = {
        "lists": [str(p.name) for p in args.lists], "interval": args.interval,
        "batched": batched, "one_per_paper": baseline,
        "ratio_arxiv_requests": round(
            baseline["arxiv_requests"] / max(1, batched["arxiv_requests"]), 1
        ),
        "ratio_seconds": round(baseline["seconds"] / max(1e-9, batched["seconds"]), 1),
    }
    for name in ("batched", "one_per_paper"):
        run = summary[name]
        print(f"{name:>14}: {run['papers']} papers, {run['arxiv_requests']} arXiv + "
              f"{run['crossref_requests']} Crossref requests, {run['seconds']:.2f} s "
              f"(at arXiv's 3 s: {run['seconds_at_3s_per_arxiv_request']:.0f} s)")
    print(f"one-per-paper / batched: {summary['ratio_arxiv_requests']}× arXiv requests, "
          f"{summary['ratio_seconds']}× wall time")
    print(f"saved {save_summary('papers', summary)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
