"""`pip install awesome-review` is the command line alone; the App's server is `[app]`."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from tests.conftest import LISTS, ROOT

APP_ONLY = ("flask", "huey", "redis", "prometheus_client", "gunicorn", "waitress")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

# Python run as if only `pip install awesome-review` had been done: the App's packages cannot
# be imported (they are installed in the test environment).
WITHOUT_APP = f"""
import importlib.abc, sys
class NotInstalled(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {APP_ONLY!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
sys.meta_path.insert(0, NotInstalled())
from bot.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", WITHOUT_APP, *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def _names(requirements: list[str]) -> set[str]:
    return {r.split(">")[0].split("[")[0].split("=")[0].strip().lower() for r in requirements}


def test_the_base_install_leaves_the_servers_packages_to_the_app_extra() -> None:
    base = _names(PYPROJECT["dependencies"])
    app = _names(PYPROJECT["optional-dependencies"]["app"])
    assert {"flask", "huey", "redis", "prometheus-client", "gunicorn", "waitress"} <= app
    assert not base & app
    assert "awesome-review[app]" in PYPROJECT["optional-dependencies"]["test"]


def test_check_runs_without_the_apps_packages(tmp_path: Path) -> None:
    (tmp_path / "readme.md").write_bytes((LISTS / "sindresorhus__awesome-nodejs.md").read_bytes())
    done = _run("check", "--format", "json", "--no-links", "readme.md", cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert '"entries_judged"' in done.stdout


def test_serve_without_the_app_extra_says_how_to_install_it(tmp_path: Path) -> None:
    for command in ("serve", "worker"):
        done = _run(command, cwd=tmp_path)
        assert done.returncode == 2
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
        assert f"`awesome-review {command}` runs the GitHub App" in done.stderr
        assert "pip install 'awesome-review[app]'" in done.stderr
