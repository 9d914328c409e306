"""The queue bound of the web process (AWESOME_REVIEW_MAX_PENDING): past it a delivery is
answered 503 with Retry-After and nothing is recorded, so a redelivery later is reviewed."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from web import payloads
from web.conftest import LiveApp, start

from webhooks.app import BUSY_RETRY_AFTER, DEPTH_TTL


@pytest.fixture
def bounded(tmp_path: Path) -> Iterator[LiveApp]:
    yield from start(tmp_path, max_pending=3)


def test_past_the_bound_deliveries_get_503_with_retry_after(bounded: LiveApp) -> None:
    for number in (1, 2, 3):
        assert bounded.post("pull_request", payloads.pull_request("synchronize", number=number)).status_code == 202
    refused = bounded.post("pull_request", payloads.pull_request("synchronize", number=4), "late-1")
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == str(BUSY_RETRY_AFTER)
    assert "3 jobs are waiting (the limit is 3)" in refused.json()["error"]
    assert [j.pr_number for j in bounded.queued()] == [1, 2, 3]
    assert bounded.store.wanted("review:octo/awesome#4") is None  # nothing recorded


def test_a_refused_delivery_is_accepted_when_redelivered_after_the_queue_drains(bounded: LiveApp) -> None:
    for number in (1, 2, 3):
        bounded.post("pull_request", payloads.pull_request("synchronize", number=number))
    data = payloads.pull_request("synchronize", number=4)
    assert bounded.post("pull_request", data, "late-2").status_code == 503
    bounded.queue.huey.flush()  # a worker took every waiting job
    time.sleep(DEPTH_TTL * 2)
    again = bounded.post("pull_request", data, "late-2")  # GitHub's "Redeliver" keeps the id
    assert again.status_code == 202 and again.json()["status"] == "queued"


def test_deliveries_that_queue_nothing_are_answered_even_when_full(bounded: LiveApp) -> None:
    for number in (1, 2, 3):
        bounded.post("pull_request", payloads.pull_request("synchronize", number=number))
    assert bounded.post("ping", {"zen": "Keep it simple."}).status_code == 200
    ignored = bounded.post("pull_request", payloads.pull_request("labeled", number=9))
    assert ignored.status_code == 200 and ignored.json()["status"] == "ignored"


def test_the_bound_is_a_setting_read_from_the_environment() -> None:
    from bot.settings import SettingsError, settings_from_env

    assert settings_from_env({}).max_pending == 1000
    assert settings_from_env({"AWESOME_REVIEW_MAX_PENDING": "0"}).max_pending == 0  # no bound
    with pytest.raises(SettingsError, match="AWESOME_REVIEW_MAX_PENDING: expected a whole number"):
        settings_from_env({"AWESOME_REVIEW_MAX_PENDING": "lots"})
