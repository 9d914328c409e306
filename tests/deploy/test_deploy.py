"""deploy/: what can be checked without Docker — the files parse, name real paths and
commands, env.example names every variable the code reads, and gunicorn with deploy/'s
config really serves the app (with /metrics summed over its processes)."""

from __future__ import annotations

import configparser
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import yaml
from prometheus_client.parser import text_string_to_metric_families
from web import payloads

from bot.cli import build_parser
from bot.settings import settings_from_env

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SECRET = "deploy-test-secret"


def env_example() -> dict[str, str]:
    lines = (DEPLOY / "env.example").read_text(encoding="utf-8").splitlines()
    pairs = [line.split("=", 1) for line in lines if line and not line.startswith("#")]
    return {name: value for name, value in pairs}


def variables_read_by_the_code() -> set[str]:
    """Every NAME in env.get("NAME"), environ.get/[...], _seconds(env, "NAME") and the like."""
    pattern = re.compile(r"""(?:env|environ)(?:\.get\(|\[)\s*["']([A-Z][A-Z0-9_]+)["']"""
                         r"""|\(env, ["']([A-Z][A-Z0-9_]+)["']|["']([A-Z][A-Z0-9_]+)["'] (?:not )?in os\.environ""")
    sources = [*ROOT.joinpath("bot").rglob("*.py"), *ROOT.joinpath("webhooks").rglob("*.py"),
               DEPLOY / "gunicorn.conf.py"]
    names = set()
    for path in sources:
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            names.add(next(group for group in match.groups() if group))
    return names


def test_env_example_names_every_variable_the_code_reads_and_no_other() -> None:
    read = variables_read_by_the_code() | {"PROMETHEUS_MULTIPROC_DIR"}  # read by prometheus-client
    assert {"GITHUB_WEBHOOK_SECRET", "AWESOME_REVIEW_QUEUE", "AWESOME_REVIEW_LOG_FORMAT"} <= read
    assert set(env_example()) == read


def test_env_example_documents_each_variable_with_a_comment() -> None:
    lines = (DEPLOY / "env.example").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line and not line.startswith("#"):
            assert lines[i - 1].startswith("#"), f"{line.split('=')[0]} has no comment above it"


def test_env_example_values_are_accepted_by_settings() -> None:
    values = {k: v for k, v in env_example().items() if k != "GITHUB_APP_PRIVATE_KEY_PATH"}
    settings = settings_from_env(values)
    assert settings.webhook_secret and settings.port == 8000 and settings.log_format == "text"


def test_compose_file_parses_and_names_real_files_and_commands() -> None:
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert {"web", "worker", "redis", "app"} <= set(services)
    for name in ("web", "worker", "app"):
        build = services[name]["build"]
        assert (DEPLOY / build["context"] / build["dockerfile"]).is_file()
    assert services["web"]["command"][0] == "gunicorn"
    assert services["web"]["environment"]["AWESOME_REVIEW_QUEUE"].startswith("redis://redis:")
    assert services["worker"]["environment"] == services["web"]["environment"]
    assert "data:/data" in services["app"]["volumes"] and "data" in compose["volumes"]
    parser = build_parser()
    for name in ("worker", "app"):
        command = services[name]["command"]
        assert command[0] == "awesome-review"
        parser.parse_args(command[1:])  # exits (fails the test) on an unknown option


def test_dockerfile_is_slim_non_root_with_a_healthcheck() -> None:
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert all("-slim" in line for line in text.splitlines() if line.startswith("FROM"))
    user = re.search(r"^USER (\S+)", text, re.M)
    assert user and user.group(1) not in {"root", "0"}
    assert re.search(r"^HEALTHCHECK .*\n.*/healthz", text, re.M)
    assert '"gunicorn", "-c", "/etc/awesome-review/gunicorn.conf.py"' in text
    for source in re.findall(r"^COPY (?!--from)(.+) \S+$", text, re.M):
        for path in source.split():
            assert (ROOT / path).exists(), f"COPY {path}: no such file"


def test_app_manifest_asks_exactly_the_permissions_and_events() -> None:
    manifest = json.loads((DEPLOY / "github-app-manifest.json").read_text(encoding="utf-8"))
    assert manifest["default_permissions"] == {
        "contents": "read", "pull_requests": "write", "issues": "write",
        "checks": "write", "metadata": "read",
    }
    assert sorted(manifest["default_events"]) == ["check_run", "issue_comment", "pull_request"]
    assert manifest["hook_attributes"]["url"].endswith("/webhook")


@pytest.mark.parametrize("unit", ["awesome-review-web.service", "awesome-review-worker.service"])
def test_systemd_units_run_as_a_user_with_the_env_file(unit: str) -> None:
    config = configparser.ConfigParser(strict=False, interpolation=None)
    config.read(DEPLOY / unit)
    service = config["Service"]
    assert service["User"] not in {"root", ""}
    assert service["EnvironmentFile"] == "/etc/awesome-review/env"
    command = service["ExecStart"].split()
    assert command[0].startswith("/opt/awesome-review/bin/")
    if command[0].endswith("awesome-review"):
        build_parser().parse_args(command[1:])
    else:
        assert command[1:] == ["-c", "/etc/awesome-review/gunicorn.conf.py"]


# ---------------------------------------------------------------------- gunicorn for real


@pytest.fixture
def gunicorn(tmp_path: Path) -> Iterator[str]:
    """gunicorn with deploy/gunicorn.conf.py, 2 web processes, on a SQLite queue."""
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "AWESOME_REVIEW_"))},
        "GITHUB_WEBHOOK_SECRET": SECRET,
        "AWESOME_REVIEW_QUEUE": str(tmp_path / "queue.db"),
        "AWESOME_REVIEW_LOG_FORMAT": "json",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
        "WEB_CONCURRENCY": "2",
    }
    log = (tmp_path / "gunicorn.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py"),
         "-b", f"127.0.0.1:{port}"],
        env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process, tmp_path / "gunicorn.log")
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(20)
        print((tmp_path / "gunicorn.log").read_text(errors="replace")[-3000:])


def test_gunicorn_with_the_deploy_config_serves_healthz_and_webhooks(gunicorn: str) -> None:
    assert requests.get(f"{gunicorn}/healthz", timeout=5).json() == {"status": "ok"}
    assert requests.get(f"{gunicorn}/readyz", timeout=5).status_code == 200
    body, headers = payloads.signed(SECRET, "pull_request", payloads.pull_request())
    assert requests.post(f"{gunicorn}/webhook", data=body, headers=headers, timeout=5).status_code == 202


def test_metrics_sum_every_gunicorn_process_and_logs_are_json(gunicorn: str, tmp_path: Path) -> None:
    # Deliveries over fresh connections land on either process; whichever answers a scrape
    # must count all of them (multiprocess mode), not only its own.
    for n in range(40):
        body, headers = payloads.signed(SECRET, "pull_request",
                                        payloads.pull_request("synchronize", number=n + 1))
        answer = requests.post(f"{gunicorn}/webhook", data=body,
                               headers={**headers, "Connection": "close"}, timeout=5)
        assert answer.status_code == 202
    unsigned = requests.post(f"{gunicorn}/webhook", data=b"{}", headers={"X-GitHub-Event": "push"}, timeout=5)
    assert unsigned.status_code == 401
    for _ in range(6):
        answer = requests.get(f"{gunicorn}/metrics", headers={"Connection": "close"}, timeout=5)
        assert answer.headers["Content-Type"].startswith("text/plain; version=")
        samples = scrape(answer.text)
        assert samples[("awesome_review_deliveries_total", "pull_request", "queued")] == 40
        assert samples[("awesome_review_deliveries_total", "other", "unsigned")] == 1
        assert samples[("awesome_review_queue_depth",)] == 40
    lines = [json.loads(line) for line in (tmp_path / "gunicorn.log").read_text().splitlines()
             if line.startswith("{")]
    queued = [line for line in lines if line["message"].startswith("queued synchronize")]
    assert len(queued) == 40
    assert {line["pr"] for line in queued} == set(range(1, 41))
    assert all(line["repo"] == "octo/awesome" and line["delivery"] for line in queued)
    print("deliveries per web process:", Counter(line["process"] for line in queued))


def scrape(text: str) -> dict[tuple[str, ...], float]:
    """Prometheus text → {(sample name, *label values): value}, parsed by prometheus-client."""
    return {(sample.name, *sample.labels.values()): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or still importing the app
            time.sleep(0.1)
    pytest.fail(f"gunicorn did not answer /healthz within 30 s:\n{log.read_text(errors='replace')}")
