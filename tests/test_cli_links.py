"""`awesome-review check --links` against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from bot.cli import main


class _Handler(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def _answer(self) -> None:
        self.hits.append(self.path)
        if self.path.startswith("/ok"):
            self.send_response(200)
        elif self.path.startswith("/moved"):
            self.send_response(301)
            self.send_header("Location", "/ok/new")
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_HEAD = do_GET = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    _Handler.hits = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("AWESOME_REVIEW_ALLOW_HOSTS", "127.0.0.1")
    monkeypatch.setenv("AWESOME_REVIEW_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _list(tmp_path: Path, base_url: str) -> str:
    text = (
        "# Awesome X\n\n## Tools\n\n"
        f"- [Fine]({base_url}/ok/1) - Answers.\n"
        f"- [Gone]({base_url}/dead/1) - Vanished.\n"
        f"- [Moved]({base_url}/moved/1) - Moved house.\n"
        f"- [Gone again]({base_url}/dead/1) - The same dead link, written twice.\n"
        "- [Private](http://10.0.0.1/wiki) - Never requested.\n"
    )
    path = tmp_path / "README.md"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict], str]:  # type: ignore[type-arg]
    code = main(["check", "--links", "--timeout", "3", "--format", "json", *args])
    out = capsys.readouterr()
    return code, [f for f in json.loads(out.out)["findings"] if f["check"] == "link"], out.err


def test_link_findings_name_url_and_verdict_at_each_line(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, findings, err = _run(capsys, _list(tmp_path, server))
    assert code == 1
    got = [(f["line"], f["rule"], f["verdict"], f["url"]) for f in findings]
    assert got == [
        (6, "L401", "broken", f"{server}/dead/1"),
        (7, "L402", "redirected", f"{server}/moved/1"),
        (8, "L401", "broken", f"{server}/dead/1"),
        (9, "L406", "skipped", "http://10.0.0.1/wiki"),
    ]
    assert findings[1]["suggestion"] == f"- [Moved]({server}/ok/new) - Moved house."
    assert "links: 4 checked (0 from cache)" in err
    assert not any("10.0.0.1" in hit for hit in _Handler.hits)


def test_second_run_is_served_from_the_cache(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _list(tmp_path, server)
    first = _run(capsys, path)
    sent = len(_Handler.hits)
    assert sent > 0
    second = _run(capsys, path)
    assert len(_Handler.hits) == sent, "a cached link was requested again"
    assert second[1] == first[1]
    assert "(3 from cache)" in second[2]  # the refused private link needs no request to skip
    _run(capsys, "--no-cache", path)
    assert len(_Handler.hits) > sent


def test_with_base_only_new_links_are_checked(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    head = _list(tmp_path, server)
    text = Path(head).read_text(encoding="utf-8")
    base = tmp_path / "base.md"
    base.write_text(text.split("- [Moved]")[0], encoding="utf-8")
    _, findings, _ = _run(capsys, "--base", str(base), head)
    assert {f["line"] for f in findings} == {7, 8, 9}
    assert not any(hit.startswith("/ok/1") for hit in _Handler.hits)


def test_the_progress_bar_is_drawn_on_the_terminal_not_into_redirected_output(
    server: str, tmp_path: Path
) -> None:
    # stderr a terminal, stdout a file: `awesome-review check --links --format json > out.json`
    import os
    import pty
    import subprocess
    import sys

    path = _list(tmp_path, server)
    leader, follower = pty.openpty()
    out = tmp_path / "out.json"
    with out.open("wb") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "bot.cli", "check", "--links", "--format", "json", path],
            stdout=stdout, stderr=follower, env={**os.environ, "TERM": "xterm"}, timeout=60,
        )
    os.close(follower)
    terminal = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal's other end is closed: all read
            break
        if not chunk:
            break
        terminal += chunk
    os.close(leader)
    assert done.returncode == 1
    report = json.loads(out.read_text(encoding="utf-8"))  # clean JSON, no escape codes
    assert report["summary"]["errors"] >= 1
    assert b"checking links" in terminal  # the bar was drawn where it was enabled
