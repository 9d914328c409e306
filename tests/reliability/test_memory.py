"""Bounded memory on large lists: many small categories must not make placement's scoring
matrix (entries × categories) the size of the machine. Peak RSS of a fresh interpreter,
imports included, so the figure is what a worker process would hold."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

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


# The command line on a 5 MB pull request, as a user runs it: `awesome-review check --base`.
# Its peak is read in the child (VmHWM) once the command has returned, so a neighbour's
# memory cannot count; memory, unlike time, does not depend on the machine's load.
CLI_PEAK = """
import sys
from bot.cli import main

code = main(sys.argv[1:])
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        print("peak", int(line.split()[1]) / 1024, "exit", code)
"""
BASE = "# Awesome\n\nA list.\n\n## Tools\n\n- [Alpha](https://alpha.example/) - First tool.\n"
FIVE_MB = 5_000_000


def _one_entry_sections() -> str:
    parts, i, size = [BASE], 0, 0
    while size < FIVE_MB:
        parts.append(f"## Section {i}\n\n- [Entry {i}](https://e{i}.example.com/) - Does thing{i}.\n\n")
        size += len(parts[-1])
        i += 1
    return "".join(parts)


def _run_of_marks() -> str:
    return BASE + "- [Beta](https://beta.example/) - Beta " + "!" * FIVE_MB + "\n"


def _escapes_in_a_link_text() -> str:
    return BASE + "- [" + "=\\" * (FIVE_MB // 2) + "](https://beta.example/) - Beta.\n"


@pytest.mark.slow
@pytest.mark.parametrize(
    "make",
    [_one_entry_sections, _run_of_marks, _escapes_in_a_link_text],
    ids=["sections", "marks", "escapes"],
)
def test_the_cli_reviews_a_5_mb_pull_request_within_the_memory_limit(
    make: Callable[[], str], tmp_path: Path
) -> None:
    (tmp_path / "base.md").write_text(BASE)
    (tmp_path / "README.md").write_text(make())
    done = subprocess.run(
        # A deadline out of reach: a review cut short on a loaded machine skips the checks
        # whose memory this measures, and would pass without measuring it.
        [sys.executable, "-c", CLI_PEAK, "check", "--no-links", "--deadline", "550",
         "--base", "base.md", "README.md"],
        capture_output=True, text=True, timeout=600, check=False, cwd=tmp_path,
    )
    last = done.stdout.strip().splitlines()[-1].split()

    assert last[0] == "peak", done.stderr[-2000:]
    assert last[3] in ("0", "1"), done.stderr[-2000:]  # reviewed: errors or none, not a crash
    assert "X001" not in done.stdout  # no check crashed on the way
    assert "X002" not in done.stdout  # and none was stopped by the deadline
    assert float(last[1]) <= LIMIT_MB, last
