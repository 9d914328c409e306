"""The worst-case bench reports what it ran: with `--repeat`, each size's median run of the
alternating trees and the fastest beside it; with `--slow-clients`, both web shapes' figures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench" / "worst_case.py"


def _run(out: Path, *args: str) -> tuple[str, dict]:
    env = {**os.environ, "AWESOME_REVIEW_BENCH_OUT": str(out)}
    done = subprocess.run([sys.executable, str(BENCH), *args], capture_output=True, text=True,
                          timeout=240, check=True, cwd=out, env=env)
    return done.stdout, json.loads(Path(saved_in(done.stdout)).read_text())


def saved_in(stdout: str) -> str:
    return stdout.strip().splitlines()[-1].removeprefix("saved ")


def test_repeated_runs_report_the_median_and_the_fastest(tmp_path: Path) -> None:
    stdout, summary = _run(tmp_path, "--no-baseline", "--sizes", "0.01", "--repeat", "3",
                           "--cases", "plain entries")
    assert "plain entries" in stdout
    (cell,) = summary["cases"]["plain entries"]["this tree"]
    assert cell["runs"] == 3
    assert 0 < cell["min_cpu"] <= cell["cpu"]
    assert summary["slow_clients"] == {"measured": False}
    assert Path(saved_in(stdout)).parent == tmp_path


def test_slow_clients_are_measured_in_both_web_shapes(tmp_path: Path) -> None:
    stdout, summary = _run(tmp_path, "--no-baseline", "--sizes", "0.01", "--cases",
                           "plain entries", "--slow-clients", "--held", "20")
    for shape in ("embedded", "deploy"):
        figures = summary["slow_clients"][shape]
        assert figures["held"] == figures["still_open"] == 20
        assert figures["deliveries_accepted"] == figures["deliveries"]
        assert figures["held_open"]["p99_ms"] < 1000
        assert f"{shape:9} 20 held (20 still open)" in stdout
