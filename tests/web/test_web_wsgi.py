"""The WSGI entry point a gunicorn deployment uses."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from bot.settings import SettingsError
from web import payloads
from web.conftest import serve
from webhooks.signature import sign
from webhooks.wsgi import application


def test_application_from_the_environment_serves_and_enqueues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_WEBHOOK_SECRET", "wsgi-secret")
    monkeypatch.setenv("AWESOME_REVIEW_QUEUE", str(tmp_path / "q.db"))
    for url in serve(application()):
        assert requests.get(f"{url}/readyz", timeout=5).status_code == 200
        body, headers = payloads.signed("wsgi-secret", "pull_request", payloads.pull_request())
        assert requests.post(f"{url}/webhook", data=body, headers=headers, timeout=5).status_code == 202
        headers["X-Hub-Signature-256"] = sign("other", body)
        assert requests.post(f"{url}/webhook", data=body, headers=headers, timeout=5).status_code == 403
    assert (tmp_path / "q.store.db").is_file()  # the store sits beside the queue


def test_application_refuses_to_start_without_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_WEBHOOK_SECRET", raising=False)
    with pytest.raises(SettingsError, match="GITHUB_WEBHOOK_SECRET"):
        application()
