"""The flood, CI-sized: bench/flood.py's run (the real `awesome-review serve` subprocess, the
fake GitHub, open-loop senders at 1000 deliveries/s) for 3 s with a small queue bound, so
the 503 path is taken. The full 10 s run is `python bench/flood.py` (docs/RELIABILITY.md).

No timing is asserted here (figures come from the bench): only what a user would see —
the server stayed up, every delivery was answered 2xx or 503 with Retry-After, and every
accepted one was processed, leaving each PR exactly one sticky comment.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from flood import FloodOptions, run_flood

CI = FloodOptions(rate=1000.0, seconds=3.0, prs=100, max_pending=30, drain_seconds=240.0)


@pytest.mark.slow
@pytest.mark.timeout(420)
def test_a_flood_is_answered_2xx_or_503_and_every_accepted_delivery_is_processed(
    tmp_path: Path,
) -> None:
    summary = run_flood(CI, tmp_path)
    print(summary)  # the figures, for the CI log
    assert summary["server_alive"] and summary["tracebacks_in_log"] == 0
    assert summary["deliveries"] == 3000 and summary["other"] == 0  # 2xx or 503, nothing else
    assert summary["refused_503"] > 0  # the bound was reached ...
    assert summary["refused_503_with_retry_after"] == summary["refused_503"]  # ... and said when
    assert summary["accepted_202"] >= CI.max_pending  # ... but not before it
    assert summary["processed"] == summary["accepted_202"]  # none lost, none run twice
    assert summary["prs_with_one_sticky"] == summary["prs_accepted"]
    assert summary["prs_with_more_than_one_sticky"] == 0
