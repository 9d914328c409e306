"""Forged and replayed deliveries, counted, against the real web app on loopback.

One of each kind is in tests/web/test_web_intake.py (unsigned, wrong secret, `sha1=` in the
SHA-256 header, truncated, not hex, another body's signature, a redelivery). Here: many of
each, mixed with valid ones, the legacy `X-Hub-Signature` (SHA-1) header alone, and a
replay under a fresh delivery id — and what reaches the queue is counted.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from web import payloads
from web.conftest import SECRET, LiveApp, start

from webhooks.signature import sign

ROUNDS = 25  # of each kind of forgery

Forgery = Callable[[bytes], dict[str, str]]


def _headers(signature: str | None, delivery: str | None = None, **extra: str) -> dict[str, str]:
    headers = {"X-GitHub-Event": "pull_request", "Content-Type": "application/json",
               "X-GitHub-Delivery": delivery or str(uuid.uuid4()), **extra}
    if signature is not None:
        headers["X-Hub-Signature-256"] = signature
    return headers


FORGERIES: dict[str, Forgery] = {
    "unsigned": lambda body: _headers(None),
    "wrong secret": lambda body: _headers(sign("not-our-secret", body)),
    "another body's signature": lambda body: _headers(sign(SECRET, body + b" ")),
    "truncated header": lambda body: _headers(sign(SECRET, body)[:40]),
    "header with the prefix only": lambda body: _headers("sha256="),
    # A hook configured before SHA-256 existed sends only the SHA-1 header: not accepted.
    "sha1= only": lambda body: {**_headers(None), "X-Hub-Signature": "sha1=" + hmac.new(
        SECRET.encode(), body, hashlib.sha1).hexdigest()},
    "sha1 digest in the sha256 header": lambda body: _headers("sha1=" + hmac.new(
        SECRET.encode(), body, hashlib.sha1).hexdigest()),
    "uppercase prefix, wrong digest": lambda body: _headers("SHA256=" + "0" * 64),
}


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveApp]:
    yield from start(tmp_path, app_login="awesome-review[bot]")


def _body(number: int) -> bytes:
    return json.dumps(payloads.pull_request("synchronize", number=number)).encode()


def test_forged_deliveries_are_refused_and_none_is_queued(live: LiveApp) -> None:
    answers: Counter[tuple[str, int]] = Counter()
    with requests.Session() as session:
        for round_ in range(ROUNDS):
            for kind, forge in FORGERIES.items():
                body = _body(1000 + round_)
                answer = session.post(f"{live.url}/webhook", data=body, headers=forge(body), timeout=5)
                answers[kind, answer.status_code] += 1
            # a valid delivery between the forged ones: the server is still serving real work
            assert live.post("pull_request", payloads.pull_request("synchronize", number=round_ + 1)).status_code == 202
    expected = {(kind, 401 if kind in ("unsigned", "sha1= only") else 403): ROUNDS for kind in FORGERIES}
    assert dict(answers) == expected  # counted: 8 kinds x 25, every one refused
    assert sorted(j.pr_number for j in live.queued()) == list(range(1, ROUNDS + 1))


def test_replayed_delivery_is_de_duplicated_every_time(live: LiveApp) -> None:
    data = payloads.pull_request("synchronize", number=7)
    statuses = Counter(live.post("pull_request", data, "replayed-id").json()["status"]
                       for _ in range(ROUNDS))
    assert statuses == {"queued": 1, "duplicate": ROUNDS - 1}
    assert len(live.queued()) == 1


@pytest.mark.parametrize(("action", "answers", "seq"), [
    # a push of a head already wanted asks for nothing new
    ("synchronize", {"queued": 1, "covered": ROUNDS - 1}, 1),
    # the store keeps one wanted review per PR: the older jobs are dropped as stale
    ("opened", {"queued": ROUNDS}, ROUNDS),
])
def test_replay_under_a_fresh_delivery_id_only_asks_for_the_same_review(
    live: LiveApp, action: str, answers: dict[str, int], seq: int
) -> None:
    # GitHub does not sign X-GitHub-Delivery, so a captured body can be replayed with a new
    # id. It passes the signature, but it can only ask for a review GitHub already asked for:
    # the review is of the SHAs in the signed body, and the queue bound caps the flood.
    data = payloads.pull_request(action, number=7, head_sha="c" * 40)
    statuses = Counter(live.post("pull_request", data, str(uuid.uuid4())).json()["status"]
                       for _ in range(ROUNDS))
    assert statuses == answers
    wanted = live.store.wanted("review:octo/awesome#7")
    assert wanted is not None and wanted.seq == seq
    assert {j.head_sha for j in live.queued()} == {"c" * 40}
