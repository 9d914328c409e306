"""The web process end to end over HTTP: signatures, headers, routing, de-duplication."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from urllib.parse import urlencode

import pytest
import requests
from huey import RedisHuey

from bot.jobs.job import CommandJob, ReviewJob
from bot.jobs.queue import HueyQueue
from bot.jobs.store import DONE, FAILED, PENDING
from web import payloads
from web.conftest import SECRET, LiveApp, start
from webhooks.signature import sign


def test_unsigned_delivery_is_refused_401_and_logged(live: LiveApp, caplog: pytest.LogCaptureFixture) -> None:
    body = json.dumps(payloads.pull_request()).encode()
    headers = {"X-GitHub-Event": "pull_request", "X-GitHub-Delivery": "d-unsigned",
               "Content-Type": "application/json"}
    with caplog.at_level(logging.WARNING, logger="webhooks.app"):
        answer = requests.post(f"{live.url}/webhook", data=body, headers=headers, timeout=5)
    assert answer.status_code == 401
    assert "X-Hub-Signature-256" in answer.json()["error"]
    assert live.queued() == []
    assert any("d-unsigned" in r.getMessage() and "missing" in r.getMessage()
               for r in caplog.records)


@pytest.mark.parametrize("header", [
    sign("another-secret", b"{}"),  # wrong secret
    "sha1=" + "0" * 40,  # the legacy SHA-1 header format only
    sign(SECRET, b"{}")[:-4],  # truncated
    "sha256=" + "z" * 64,  # not hex
])
def test_wrong_signature_is_refused_403(live: LiveApp, header: str) -> None:
    body = json.dumps(payloads.pull_request()).encode()
    headers = {"X-GitHub-Event": "pull_request", "X-GitHub-Delivery": "d-forged",
               "X-Hub-Signature-256": header, "Content-Type": "application/json"}
    answer = requests.post(f"{live.url}/webhook", data=body, headers=headers, timeout=5)
    assert answer.status_code == 403
    assert live.queued() == []


def test_signature_of_another_body_is_refused(live: LiveApp) -> None:
    body = json.dumps(payloads.pull_request()).encode()
    other = json.dumps(payloads.pull_request(number=8)).encode()
    headers = {"X-GitHub-Event": "pull_request", "X-GitHub-Delivery": "d-swap",
               "X-Hub-Signature-256": sign(SECRET, other), "Content-Type": "application/json"}
    answer = requests.post(f"{live.url}/webhook", data=body, headers=headers, timeout=5)
    assert answer.status_code == 403


def test_signature_is_checked_before_the_body_is_parsed(live: LiveApp) -> None:
    headers = {"X-GitHub-Event": "pull_request", "X-GitHub-Delivery": "d-junk",
               "X-Hub-Signature-256": sign("wrong", b"not json"), "Content-Type": "application/json"}
    answer = requests.post(f"{live.url}/webhook", data=b"not json", headers=headers, timeout=5)
    assert answer.status_code == 403  # not 400: nothing of an unverified body is looked at


def test_missing_event_or_delivery_header_is_400(live: LiveApp) -> None:
    for dropped in ("X-GitHub-Event", "X-GitHub-Delivery"):
        body, headers = payloads.signed(SECRET, "pull_request", payloads.pull_request())
        del headers[dropped]
        answer = requests.post(f"{live.url}/webhook", data=body, headers=headers, timeout=5)
        assert answer.status_code == 400
        assert dropped in answer.json()["error"]


def test_malformed_json_is_400(live: LiveApp) -> None:
    answer = live.post("pull_request", b'{"action": "opened", ')
    assert answer.status_code == 400
    assert "not valid JSON" in answer.json()["error"]
    assert live.post("pull_request", b"[1, 2]").status_code == 400


def test_payload_missing_a_field_is_400_naming_it(live: LiveApp) -> None:
    data = payloads.pull_request()
    del data["pull_request"]["head"]["sha"]
    answer = live.post("pull_request", data)
    assert answer.status_code == 400
    assert "pull_request.head.sha" in answer.json()["error"]


def test_ping_is_answered(live: LiveApp) -> None:
    answer = live.post("ping", payloads.fixture("ping.1"))
    assert answer.status_code == 200
    assert answer.json() == {"status": "pong"}


def test_opened_pr_is_recorded_and_queued_with_its_shas(live: LiveApp) -> None:
    data = payloads.pull_request("opened", repo="octo/list", number=12,
                                 head_sha="1" * 40, base_sha="2" * 40, installation_id=99)
    answer = live.post("pull_request", data, delivery="d-open")
    assert answer.status_code == 202
    assert answer.json()["status"] == "queued"
    [job] = live.queued()
    assert (job.repo, job.pr_number, job.head_sha, job.base_sha) == ("octo/list", 12, "1" * 40, "2" * 40)
    assert (job.installation_id, job.trigger, job.delivery_id, job.seq) == (99, "opened", "d-open", 1)
    wanted = live.store.wanted("review:octo/list#12")
    assert wanted is not None and wanted.state == PENDING and wanted.job == job


def test_redelivery_is_acknowledged_but_not_queued_twice(live: LiveApp) -> None:
    data = payloads.pull_request("synchronize")
    first = live.post("pull_request", data, delivery="d-same")
    second = live.post("pull_request", data, delivery="d-same")
    assert (first.status_code, second.status_code) == (202, 200)
    assert second.json()["status"] == "duplicate"
    assert len(live.queued()) == 1


def test_a_second_push_supersedes_the_first(live: LiveApp) -> None:
    live.post("pull_request", payloads.pull_request("opened", head_sha="1" * 40))
    live.post("pull_request", payloads.pull_request("synchronize", head_sha="2" * 40))
    jobs = live.queued()
    assert [j.seq for j in jobs] == [1, 2]
    wanted = live.store.wanted(jobs[0].key)
    assert wanted is not None and wanted.job.head_sha == "2" * 40


@pytest.mark.parametrize(("wanted", "state", "answer"), [
    ("recheck", PENDING, "covered"),  # `/fix` pushed and asked for the review of its head
    ("recheck", DONE, "covered"),
    ("recheck", FAILED, "queued"),  # it could not finish: the push runs it again
    ("recheck-links", DONE, "queued"),  # links only: the push wants the whole review
])
def test_a_push_of_a_head_already_wanted_is_not_reviewed_twice(
    live: LiveApp, wanted: str, state: str, answer: str
) -> None:
    asked = ReviewJob(1, "octo/awesome", 7, "b" * 40, "a" * 40, wanted, "c-1",
                      links_only=wanted == "recheck-links")
    numbered = live.store.want(asked, 0.0, 60.0)
    live.store.finish(asked.key, numbered.seq, state, 1.0)
    pushed = live.post("pull_request", payloads.pull_request("synchronize"))
    assert pushed.json()["status"] == answer
    assert len(live.queued()) == (answer == "queued")
    elsewhere = live.post("pull_request", payloads.pull_request("synchronize", head_sha="c" * 40))
    assert elsewhere.json()["status"] == "queued"  # another head is another review


@pytest.mark.parametrize("action", ["opened", "reopened", "synchronize", "ready_for_review", "edited"])
def test_routed_pull_request_actions(live: LiveApp, action: str) -> None:
    answer = live.post("pull_request", payloads.pull_request(action))
    assert answer.status_code == 202
    assert [j.trigger for j in live.queued()] == [action]


def test_title_edit_and_other_actions_are_ignored(live: LiveApp) -> None:
    title_edit = payloads.pull_request("edited")
    title_edit["changes"] = {"title": {"from": "old title"}}
    for event, data in [
        ("pull_request", title_edit),
        ("pull_request", payloads.pull_request("closed", state="closed")),
        ("pull_request", payloads.pull_request("labeled")),
        ("installation", payloads.fixture("installation.created.1")),
        ("check_suite", payloads.fixture("check_suite.rerequested.1")),
        ("issue_comment", payloads.fixture("issue_comment.deleted.1")),
    ]:
        answer = live.post(event, data)
        assert answer.status_code == 200, (event, answer.text)
        assert answer.json()["status"] == "ignored"
    assert live.queued() == []


def test_recheck_comment_on_a_pr_is_queued_for_the_worker(live: LiveApp) -> None:
    data = payloads.issue_comment("Thanks!\n\n/recheck links", login="maint", comment_id=55,
                                  pr_author="alice", number=3)
    answer = live.post("issue_comment", data, delivery="d-cmd")
    assert answer.status_code == 202
    [job] = live.queued()
    assert isinstance(job, CommandJob) and job.commands == ("recheck-links",)
    assert (job.comment_id, job.commenter, job.pr_author, job.pr_number) == (55, "maint", "alice", 3)
    assert not hasattr(job, "head_sha")  # a comment carries no SHAs: the worker asks GitHub


@pytest.mark.parametrize("data", [
    payloads.issue_comment("/recheck", on_pull_request=False),  # a plain issue
    payloads.issue_comment("/recheck", user_type="Bot", login="dependabot[bot]"),
    payloads.issue_comment("/recheck", login="other-app[bot]"),
    payloads.issue_comment("/recheck", login="awesome-review[bot]"),  # ourselves
    payloads.issue_comment("> /recheck\n\n`/recheck`\n\n    /recheck"),
    payloads.issue_comment("I will /recheck later"),
])
def test_comments_that_are_not_commands_are_ignored(live: LiveApp, data: dict[str, object]) -> None:
    answer = live.post("issue_comment", data)
    assert answer.status_code == 200 and answer.json()["status"] == "ignored"
    assert live.queued() == []


def test_edited_comment_runs_only_new_commands(live: LiveApp) -> None:
    same = payloads.issue_comment("/recheck (typo fixed)", action="edited", old_body="/recheck")
    assert live.post("issue_comment", same).json()["status"] == "ignored"
    added = payloads.issue_comment("/recheck\n/help", action="edited", old_body="/recheck")
    assert live.post("issue_comment", added).status_code == 202
    assert [j.commands for j in live.queued()] == [("help",)]


def test_mention_command_needs_our_login(live: LiveApp) -> None:
    ours = payloads.issue_comment("@awesome-review recheck")
    theirs = payloads.issue_comment("@alice recheck")
    assert live.post("issue_comment", ours).status_code == 202
    assert live.post("issue_comment", theirs).json()["status"] == "ignored"


def test_check_run_rerun_button_queues_a_review(live: LiveApp) -> None:
    answer = live.post("check_run", payloads.check_run_rerequested(number=9, head_sha="3" * 40))
    assert answer.status_code == 202
    [job] = live.queued()
    assert (job.trigger, job.pr_number, job.head_sha) == ("rerun", 9, "3" * 40)
    # A fork PR's check run lists no pull request; the web process does not ask GitHub.
    fork = live.post("check_run", payloads.check_run_rerequested(number=None))
    assert fork.json()["status"] == "ignored"


def test_form_encoded_delivery_is_accepted(live: LiveApp) -> None:
    body = urlencode({"payload": json.dumps(payloads.pull_request())}).encode()
    answer = live.post("pull_request", body,
                       **{"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 202


def test_body_over_the_limit_is_413(live: LiveApp) -> None:
    body = b"{" + b" " * (26 * 1024 * 1024) + b"}"
    answer = live.post("pull_request", body)
    assert answer.status_code == 413
    assert live.queued() == []


def test_health_and_readiness(live: LiveApp) -> None:
    assert requests.get(f"{live.url}/healthz", timeout=5).json() == {"status": "ok"}
    ready = requests.get(f"{live.url}/readyz", timeout=5)
    assert ready.status_code == 200 and ready.json()["status"] == "ready"


def test_not_ready_when_the_queue_is_unreachable(tmp_path: Path) -> None:
    # A real Redis client pointed at a closed port: the queue cannot be reached.
    dead = HueyQueue(RedisHuey("awesome-review", url="redis://127.0.0.1:9/0", results=False))
    for app in start(tmp_path, queue=dead):
        ready = requests.get(f"{app.url}/readyz", timeout=10)
        assert ready.status_code == 503
        assert "queue unreachable" in ready.json()["error"]
        # Recorded in the store, the review is not lost: the sweep enqueues it later.
        answer = app.post("pull_request", payloads.pull_request(), delivery="d-lost")
        assert answer.status_code == 202
        assert app.store.wanted("review:octo/awesome#7") is not None


def test_a_bug_in_a_handler_is_a_500_and_the_server_stays_up(tmp_path: Path) -> None:
    from webhooks.router import Router

    broken = Router()

    @broken.register("pull_request", "opened")
    def pull_request_opened(delivery: object) -> None:
        raise RuntimeError("a bug")

    db = str(tmp_path / "q.db")
    from huey import SqliteHuey

    from bot.jobs.store import SqliteStore
    from bot.settings import Settings
    from web.conftest import serve
    from webhooks.app import create_app

    app = create_app(Settings(webhook_secret=SECRET, queue=db),
                     queue=HueyQueue(SqliteHuey("t", filename=db)), store=SqliteStore(db + ".s"),
                     router=broken)
    for url in serve(app):
        body, headers = payloads.signed(SECRET, "pull_request", payloads.pull_request())
        answer = requests.post(f"{url}/webhook", data=body, headers=headers, timeout=5)
        assert answer.status_code == 500 and "RuntimeError" in answer.json()["error"]
        assert requests.get(f"{url}/healthz", timeout=5).status_code == 200
