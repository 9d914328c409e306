"""Bounded memory on large lists: many small categories must not make placement's scoring
matrix (entries × categories) the size of the machine. Peak RSS of a fresh interpreter,
imports included, so the figure is what a worker process would hold."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

LIMIT_MB = 300

MEASURE = """
import json, sys, time
from bot.engine import review_texts

def peak_mb():  # VmHWM: this process's own peak (ru_maxrss keeps the forking parent's)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

sections, per_section = int(sys.argv[1]), int(sys.argv[2])
head = "# Awesome\\n\\n" + "".join(
    f"## Section {i}\\n\\n" + "".join(
        f"- [Entry {i}x{j}](https://e{i}x{j}.example.com/) - Does thing{i} in way{j}.\\n"
        for j in range(per_section)) + "\\n"
    for i in range(sections))
base = "# Awesome\\n\\n## Section 0\\n\\n- [Entry 0x0](https://e0x0.example.com/) - Does thing0 in way0.\\n"
started = time.process_time()
review = review_texts(head, base)
print(json.dumps({"mb": len(head) / 1e6, "cpu": time.process_time() - started,
                  "peak": peak_mb(),
                  "crashed": [f.message for f in review.findings if f.rule == "X001"]}))
"""


def peak(sections: int, per_section: int) -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", MEASURE, str(sections), str(per_section)],
                          capture_output=True, text=True, timeout=300, check=True)
    result: dict[str, float] = json.loads(done.stdout)
    return result


@pytest.mark.slow
@pytest.mark.parametrize(("sections", "per_section"), [(6_000, 3), (20_000, 1)])
def test_many_small_categories_stay_within_the_memory_limit(sections: int, per_section: int) -> None:
    result = peak(sections, per_section)

    assert result["mb"] > 1.3  # the size that took 2 GB (3 a section) before
    assert not result["crashed"]
    assert result["peak"] <= LIMIT_MB, result
