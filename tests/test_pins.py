"""constraints.txt pins what CI, the Docker image and the Action install; a scheduled
workflow tries the newest versions."""

from __future__ import annotations

import re
import tomllib

import yaml

from tests.conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+)$")


def _name(requirement: str) -> str:
    return re.split(r"[<>=\[;! ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_dependency_has_a_pinned_version() -> None:
    lines = (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pins = {m[1].lower().replace("_", "-"): m[2] for m in map(PIN.match, lines) if m}
    assert all(PIN.match(line) or line.startswith("#") for line in lines if line)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *(r for extra in project["optional-dependencies"].values()
                                           for r in extra if not r.startswith("awesome-review"))]
    assert {_name(r) for r in wanted} <= set(pins), {_name(r) for r in wanted} - set(pins)


def test_ci_the_image_and_the_action_install_the_pins() -> None:
    assert 'PIP_CONSTRAINT="$PWD/constraints.txt"' in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "-c constraints.txt" in (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    assert "/constraints.txt" in (ROOT / "action.yml").read_text(encoding="utf-8")


def test_a_scheduled_workflow_tries_the_latest_versions() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "latest.yml").read_text(encoding="utf-8"))
    assert workflow[True]["schedule"]  # YAML 1.1 reads the key `on` as True
    steps = workflow["jobs"]["test"]["steps"]
    run = next(s for s in steps if s.get("run") == "bash .ci/run")
    assert run["env"]["AWESOME_REVIEW_LATEST"] == "true"
