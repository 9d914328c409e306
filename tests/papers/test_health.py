"""The health report's kinds from link results (pure: no I/O)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.audit import assess
from bot.engine import load_config
from bot.model import LinkResult, Verdict
from bot.parse import parse
from bot.report.health import render_health, render_health_json

LIST = """\
# Awesome Things

## Tools

- [Old](https://github.com/acme/old) - Quiet for years.
- [Gone](https://github.com/acme/gone) - Deleted.
- [Moved](https://github.com/acme/moved) - Renamed.
- [Frozen](https://github.com/acme/frozen) - Archived.
- [Busy](https://github.com/acme/busy) - Pushed yesterday.
"""
API = {"checked_via": "github-api"}
NOW = datetime(2026, 11, 28, tzinfo=UTC)


def _results() -> dict[str, LinkResult]:
    def repo(name: str, **fields: object) -> LinkResult:
        extra = {**API, "pushed_at": str(fields.pop("pushed_at", "2026-11-27T10:00:00+00:00"))}
        return LinkResult(f"https://github.com/acme/{name}", extra=extra, **fields)  # type: ignore[arg-type]

    return {r.url: r for r in (
        repo("old", verdict=Verdict.OK, status=200, pushed_at="2023-01-02T00:00:00+00:00"),
        repo("gone", verdict=Verdict.BROKEN, status=404, reason="the GitHub repository "
             "acme/gone does not exist (or is private)"),
        repo("moved", verdict=Verdict.REDIRECTED, status=200, permanent=True,
             final_url="https://github.com/acme/renamed", chain=("https://github.com/acme/renamed",)),
        repo("frozen", verdict=Verdict.OK, status=200, archived=True),
        repo("busy", verdict=Verdict.OK, status=200),
    )}


def test_repository_kinds_and_inactivity() -> None:
    config = load_config("audit: {inactive: 365d}")
    health = assess("README.md", parse(LIST), config, _results(), NOW)
    assert [(p.line, p.kind) for p in health.problems] == [
        (5, "inactive repository"),
        (6, "missing repository"),
        (7, "renamed repository"),
        (8, "archived repository"),
    ]
    assert health.problems[0].message == "acme/old has had no push since 2023-01-02 (1426 days)."
    assert health.problems[2].fix == "https://github.com/acme/renamed"
    assert health.failed  # a missing repository is an error
    report = render_health(health, lambda line: f"#L{line}")
    assert "found 1 missing repository, 1 renamed repository, 1 archived repository, " \
           "1 inactive repository." in report
    assert '"kind": "renamed repository"' in render_health_json(health)


def test_a_longer_inactivity_limit_reports_nothing_quiet() -> None:
    config = load_config("audit: {inactive: 2000d}")
    health = assess("README.md", parse(LIST), config, _results(), NOW)
    assert "inactive repository" not in [p.kind for p in health.problems]
