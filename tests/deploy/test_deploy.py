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
from deploy.serving import DEPLOY, ROOT, free_port, gunicorn_server, wait_healthy

SECRET = "deploy-test-secret"


ASSIGNMENT = re.compile(r"^(# )?([A-Z][A-Z0-9_]+)=(.*)$")


def env_example() -> dict[str, str]:
    """Every variable env.example names, set or commented out, with its example value."""
    lines = (DEPLOY / "env.example").read_text(encoding="utf-8").splitlines()
    return {m[2]: m[3] for m in map(ASSIGNMENT.match, lines) if m}


def env_file(text: str) -> dict[str, str]:
    """What compose's env_file and systemd's EnvironmentFile set from `text`."""
    pairs = [line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#")]
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
        if ASSIGNMENT.match(line):
            above = lines[i - 1]
            assert above.startswith("#") and not ASSIGNMENT.match(above), f"{line}: no comment above"


def test_env_example_values_are_accepted_by_settings() -> None:
    # every example value, uncommented, is one the code accepts (the secret filled in)
    values = {k: v for k, v in env_example().items() if k != "GITHUB_APP_PRIVATE_KEY_PATH"}
    settings = settings_from_env({**values, "GITHUB_WEBHOOK_SECRET": SECRET})
    assert settings.port == 8000 and settings.log_format == "text" and settings.uses_app_auth


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
        "contents": "write", "pull_requests": "write", "issues": "write",
        "checks": "write", "metadata": "read",
    }
    assert sorted(manifest["default_events"]) == [
        "check_run", "issue_comment", "pull_request", "push"
    ]
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
    with gunicorn_server(tmp_path, SECRET, AWESOME_REVIEW_LOG_FORMAT="json",
                         PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "metrics")) as url:
        yield url


def test_gunicorn_with_the_deploy_config_serves_healthz_and_webhooks(gunicorn: str) -> None:
    assert requests.get(f"{gunicorn}/healthz", timeout=5).json() == {"status": "ok"}
    assert requests.get(f"{gunicorn}/readyz", timeout=5).status_code == 200
    body, headers = payloads.signed(SECRET, "pull_request", payloads.pull_request())
    assert requests.post(f"{gunicorn}/webhook", data=body, headers=headers, timeout=5).status_code == 202
    # nothing here has asked GitHub yet: its rate limit is unknown, not 0 (an alert on a low
    # value would fire at every start)
    metrics = requests.get(f"{gunicorn}/metrics", timeout=5).text
    assert "awesome_review_deliveries_total" in metrics
    assert "awesome_review_github_rate_limit_remaining" not in metrics


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


# ------------------------------------------------------- env.example, copied as the docs say


def test_env_example_sets_nothing_but_the_secret_to_fill_in() -> None:
    # an example value left set breaks the deploy it is copied into (an App id without its
    # key), and an empty one overrides the image's value (PROMETHEUS_MULTIPROC_DIR)
    text = (DEPLOY / "env.example").read_text(encoding="utf-8")
    assert env_file(text) == {"GITHUB_WEBHOOK_SECRET": ""}
    done = subprocess.run(["git", "check-ignore", "-q", "deploy/.env"], cwd=ROOT, check=False)
    assert done.returncode == 0, "deploy/.env (where the secrets go) must be git-ignored"


def _gunicorn_from_env_file(tmp_path: Path, text: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**{k: v for k, v in os.environ.items()
              if not k.startswith(("GITHUB_", "AWESOME_REVIEW_", "PROMETHEUS_"))},
           **env_file(text), "AWESOME_REVIEW_QUEUE": str(tmp_path / "queue.db")}
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(DEPLOY / "gunicorn.conf.py"),
         "-b", f"127.0.0.1:{port}"],
        env=env, cwd=tmp_path, stdout=(tmp_path / "gunicorn.log").open("wb"),
        stderr=subprocess.STDOUT,
    ), f"http://127.0.0.1:{port}"


def test_env_example_filled_in_with_a_token_boots_gunicorn(tmp_path: Path) -> None:
    text = (DEPLOY / "env.example").read_text(encoding="utf-8")
    filled = text.replace("\nGITHUB_WEBHOOK_SECRET=\n", f"\nGITHUB_WEBHOOK_SECRET={SECRET}\n")
    filled = filled.replace("# GITHUB_TOKEN=ghp_your_token", "GITHUB_TOKEN=ghp_test")
    process, url = _gunicorn_from_env_file(tmp_path, filled)
    try:
        wait_healthy(url, process, tmp_path / "gunicorn.log")
        assert requests.get(f"{url}/healthz", timeout=5).json() == {"status": "ok"}
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(20)
    log = (tmp_path / "gunicorn.log").read_text(errors="replace")
    assert "Traceback" not in log and "failed to boot" not in log, log


@pytest.mark.parametrize(("setting", "named"), [
    ("", "GITHUB_WEBHOOK_SECRET is not set"),  # copied without filling the secret in
    ("GITHUB_WEBHOOK_SECRET=s\nGITHUB_APP_ID=123456\n", "GITHUB_APP_ID is set but neither"),
    ("GITHUB_WEBHOOK_SECRET=s\nGITHUB_TOKEN=t\nPORT=80a\n", "PORT: expected a number"),
])
def test_a_mis_set_variable_stops_gunicorn_with_one_line(
    tmp_path: Path, setting: str, named: str
) -> None:
    text = (DEPLOY / "env.example").read_text(encoding="utf-8") + setting
    process, _ = _gunicorn_from_env_file(tmp_path, text)
    try:
        assert process.wait(30) != 0
    finally:
        process.kill()
    log = (tmp_path / "gunicorn.log").read_text(errors="replace")
    assert "Traceback" not in log and "failed to boot" not in log, log
    [line] = [line for line in log.splitlines() if line.startswith("awesome-review:")]
    assert named in line, log


def test_a_reload_drops_no_request(tmp_path: Path) -> None:
    """`kill -HUP` on gunicorn's master replaces the web processes; every /healthz and
    delivery sent meanwhile is answered (the old processes answer what they accepted)."""
    with gunicorn_server(tmp_path, SECRET) as url:
        master = int((tmp_path / "gunicorn.pid").read_text())
        answers: list[int | str] = []
        deadline = time.monotonic() + 6
        reloaded = False
        with requests.Session() as session:
            while time.monotonic() < deadline:
                if not reloaded and time.monotonic() > deadline - 5:
                    os.kill(master, signal.SIGHUP)
                    reloaded = True
                body, headers = payloads.signed(SECRET, "pull_request", payloads.pull_request())
                headers["Connection"] = "close"  # a new connection each time, as GitHub sends
                try:
                    answers.append(session.post(f"{url}/webhook", data=body, headers=headers,
                                                timeout=10).status_code)
                except requests.RequestException as exc:
                    answers.append(type(exc).__name__)
                # Paced below the queue's limit (no worker drains it here): on a quiet
                # machine 6 s of back-to-back deliveries fill it and get 503s.
                time.sleep(0.01)
    assert len(answers) > 20
    assert set(answers) == {202}, [a for a in answers if a != 202]
