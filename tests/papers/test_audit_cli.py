"""`awesome-review audit FILE --links --format markdown` against servers on loopback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli import main
from tests.fakes.papers_api import FakePapers
from tests.links.conftest import LinkServer, Reply

VLLM = "Efficient Memory Management for Large Language Model Serving with PagedAttention"


def _route(method: str, path: str, n: int) -> Reply:
    if path.startswith("/moved"):
        return Reply(301, {"Location": "/ok/new-home"})
    if path.startswith("/dead"):
        return Reply(404)
    return Reply(200)


@pytest.fixture
def site(
    serve: Callable[..., LinkServer], fake_papers: FakePapers, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> LinkServer:
    monkeypatch.setenv("AWESOME_REVIEW_ALLOW_HOSTS", "127.0.0.1")
    monkeypatch.setenv("AWESOME_REVIEW_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("AWESOME_REVIEW_ARXIV_API_URL", fake_papers.arxiv_url)
    monkeypatch.setenv("AWESOME_REVIEW_CROSSREF_API_URL", fake_papers.crossref_url)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    fake_papers.add_crossref("10.1145/3600006.3613165", VLLM, 2023, "SOSP '23")
    return serve(_route)


def _list(tmp_path: Path, server: LinkServer) -> Path:
    text = (
        "# Awesome Serving\n\n## Tools\n\n"
        f"- [Fine]({server.url('/ok/1')}) - Answers.\n"
        f"- [Gone]({server.url('/dead/1')}) - Vanished.\n\n"
        "## Papers\n\n"
        f"- [Moved]({server.url('/moved/1')}) - Moved house.\n"
        f"- [Orca: A Distributed Serving System for Transformer-Based Generative Models]"
        f"({server.url('/doi/10.1145/3600006.3613165')}) - A paper.\n"
    )
    path = tmp_path / "README.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_markdown_health_report_grouped_by_section(
    site: LinkServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _list(tmp_path, site)
    code = main(["audit", str(path), "--links", "--format", "markdown", "--timeout", "3"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == (
        "<!-- awesome-review:audit -->\n\n"
        f"## Health of `{path}`\n\n"
        "Checked 4 links and 1 paper: found 1 wrong paper, 1 broken link, 1 moved link.\n\n"
        "### Papers\n\n"
        f"- ℹ️ [line 10](README.md#L10) **moved link** · Moved: {site.url('/moved/1')} redirects "
        f"permanently to {site.url('/ok/new-home')}; link the new address. "
        f"Fix: link `{site.url('/ok/new-home')}`.\n"
        f"- ❌ [line 11](README.md#L11) **wrong paper** · Orca: A Distributed Serving System for "
        f"Transformer-Based Generative Models: DOI 10.1145/3600006.3613165 is *{VLLM}*, not "
        "*Orca: A Distributed Serving System for Transformer-Based Generative Models*; the "
        "entry's link probably points at the wrong paper.\n\n"
        "### Tools\n\n"
        f"- ❌ [line 6](README.md#L6) **broken link** · Gone: {site.url('/dead/1')} is broken: "
        "404 Not Found.\n"
    )
    assert "papers: 1 looked up, 1 found" in err


def test_healthy_list_and_json(
    site: LinkServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "README.md"
    path.write_text(f"# A\n\n## B\n\n- [Fine]({site.url('/ok/1')}) - Answers.\n", encoding="utf-8")
    assert main(["audit", str(path)]) == 0
    assert "✅ Everything is healthy (1 link checked)." in capsys.readouterr().out
    assert main(["audit", str(path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "file": str(path), "links": 1, "papers": 0, "problems": []
    }
