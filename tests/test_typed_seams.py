"""The seams are typed: mypy strict passes on bot/, webhooks/ and the test stand-ins of the
gateway, the pipeline and the link checker, which subclass the same protocols as the real
ones — so a stand-in that drifts from the real signature fails here, not in production."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_mypy_strict_passes_on_the_code_and_the_seams_stand_ins() -> None:
    # The files come from pyproject's [tool.mypy]; --no-incremental so a stale cache cannot
    # hide an error.
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental"],
        cwd=ROOT, capture_output=True, text=True, timeout=280, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "tests/fakes/recording.py" in _checked_files(), "the stand-ins left mypy's files"


def _checked_files() -> str:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return " ".join(config["tool"]["mypy"]["files"])
