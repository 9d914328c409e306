"""What the App benchmarks share: percentiles and saving a run's figures to bench/out/."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

# a test of a bench points this elsewhere, so it leaves the figures of a real run alone
OUT = Path(os.environ.get("AWESOME_REVIEW_BENCH_OUT") or Path(__file__).resolve().parent / "out")


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile by nearest rank (0.0 for no values)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else 0.0


def save_summary(name: str, summary: dict[str, Any]) -> Path:
    """Write bench/out/<name>.json and return its path."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return path
