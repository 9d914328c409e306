"""The App end to end: signed deliveries to the real `awesome-review serve`, real PyGithub
talking to the fake GitHub API, links checked against the loopback link farm."""

from __future__ import annotations

import json
import uuid

import requests
from web import payloads

from e2e import conftest as e2e
from e2e.conftest import AppServer, list_text, wait_for
from tests.fakes.fixtures import REPO

GOOD = e2e.GOOD_ROW


def posted(app: AppServer, number: int, head: str) -> dict:  # type: ignore[type-arg]
    """Wait for our check run on `head`, and return it."""
    return wait_for(lambda: app.check_runs(head) and app.check_runs(head)[-1], 30,
                    f"a check run on PR #{number}")  # type: ignore[no-any-return]


def test_good_new_entry_gets_success(app: AppServer) -> None:
    number, base, head = app.open_pull({"README.md": list_text(app.farm, GOOD.format(url=app.farm.url(3)))})
    assert app.post("pull_request", app.pr_event("opened", number, base, head)).status_code == 202
    run = posted(app, number, head)
    assert run["conclusion"] == "success"
    [comment] = wait_for(lambda: app.sticky(number), 10, "the sticky comment")
    assert "No problems found" in comment["body"]


def test_duplicate_entry_fails_naming_the_other_line(app: AppServer) -> None:
    dup = f"- [Alpha]({app.farm.url(1)}) - First tool.\n"
    number, base, head = app.open_pull({"README.md": list_text(app.farm, dup)})
    app.post("pull_request", app.pr_event("opened", number, base, head))
    assert posted(app, number, head)["conclusion"] == "failure"
    [comment] = wait_for(lambda: app.sticky(number), 10, "the sticky comment")
    assert "already listed at line 11" in comment["body"]


def test_second_push_edits_the_same_comment(app: AppServer) -> None:
    number, base, head = app.open_pull({"README.md": list_text(app.farm, f"- [Alpha]({app.farm.url(1)}) - First tool.\n")})
    app.post("pull_request", app.pr_event("opened", number, base, head))
    posted(app, number, head)
    [first] = wait_for(lambda: app.sticky(number), 10, "the first sticky comment")
    fixed = app.repo.commit({"README.md": list_text(app.farm, GOOD.format(url=app.farm.url(4)))},
                            parent=head, branch=None)
    app.fake.push(app.repo, number, fixed)
    app.post("pull_request", app.pr_event("synchronize", number, base, fixed))
    assert posted(app, number, fixed)["conclusion"] == "success"
    [second] = wait_for(lambda: [c for c in app.sticky(number) if fixed[:7] in c["body"]], 10,
                        "the comment edited for the new head")
    assert second["id"] == first["id"]
    assert len(app.fake.comments(app.repo, number)) == 1


def test_redelivery_posts_no_second_comment_or_check(app: AppServer) -> None:
    number, base, head = app.open_pull({"README.md": list_text(app.farm, GOOD.format(url=app.farm.url(5)))})
    event = app.pr_event("opened", number, base, head)
    delivery = str(uuid.uuid4())
    assert app.post("pull_request", event, delivery).status_code == 202
    posted(app, number, head)
    again = app.post("pull_request", event, delivery)
    assert again.status_code == 200 and again.json()["status"] == "duplicate"
    # Another delivery of the same head (e.g. `reopened`) reruns, but edits the same comment.
    app.post("pull_request", app.pr_event("reopened", number, base, head))
    wait_for(lambda: len(app.check_runs(head)) == 2, 30, "the reopened run")
    assert len(app.sticky(number)) == 1


def _comment(app: AppServer, number: int, login: str, body: str) -> dict:  # type: ignore[type-arg]
    """A comment written by `login` through the fake's API, as GitHub would store it."""
    token = app.fake.add_token(login=login)
    answer = requests.post(f"{app.fake.url}/repos/{REPO}/issues/{number}/comments",
                           json={"body": body}, headers={"Authorization": f"token {token}"},
                           timeout=5)
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


def _comment_event(app: AppServer, number: int, comment: dict, login: str,  # type: ignore[type-arg]
                   user_type: str = "User") -> dict:  # type: ignore[type-arg]
    return payloads.issue_comment(comment["body"], repo=REPO, number=number,
                                      comment_id=comment["id"], login=login, user_type=user_type,
                                      pr_author="alice", installation_id=e2e.INSTALLATION_ID)


def test_recheck_by_a_maintainer_reruns_with_reactions(app: AppServer) -> None:
    number, base, head = app.open_pull({"README.md": list_text(app.farm, GOOD.format(url=app.farm.url(6)))})
    app.post("pull_request", app.pr_event("opened", number, base, head))
    posted(app, number, head)
    app.fake.set_permission(app.repo, "maint", "maintain")
    comment = _comment(app, number, "maint", "Looks fine.\n\n/recheck")
    assert app.post("issue_comment", _comment_event(app, number, comment, "maint")).status_code == 202
    wait_for(lambda: "rocket" in app.fake.reactions_of(app.repo, comment["id"]), 30, "🚀")
    assert app.fake.reactions_of(app.repo, comment["id"]) == ["eyes", "rocket"]
    assert len(app.check_runs(head)) == 2  # it really ran again
    assert len(app.sticky(number)) == 1


def test_recheck_by_an_outsider_is_refused_politely(app: AppServer) -> None:
    number, _base, head = app.open_pull({"README.md": list_text(app.farm, GOOD.format(url=app.farm.url(7)))})
    comment = _comment(app, number, "stranger", "/recheck")
    assert app.post("issue_comment", _comment_event(app, number, comment, "stranger")).status_code == 202
    wait_for(lambda: "-1" in app.fake.reactions_of(app.repo, comment["id"]), 30, "👎")
    assert app.fake.reactions_of(app.repo, comment["id"]) == ["-1"]  # the refusal answers it: no 👀
    refusal = [c for c in app.fake.comments(app.repo, number) if c["login"] == e2e.APP_LOGIN]
    assert len(refusal) == 1 and refusal[0]["body"].startswith("Sorry @stranger")
    assert app.check_runs(head) == []


def test_comment_by_a_bot_is_ignored(app: AppServer) -> None:
    number, _, _head = app.open_pull({"README.md": list_text(app.farm)})
    comment = _comment(app, number, "other-bot[bot]", "/recheck")
    answer = app.post("issue_comment", _comment_event(app, number, comment, "other-bot[bot]", "Bot"))
    assert answer.status_code == 200 and answer.json()["status"] == "ignored"
    assert app.fake.reactions_of(app.repo, comment["id"]) == []


def test_unsigned_delivery_is_refused(app: AppServer) -> None:
    number, base, head = app.open_pull({"README.md": list_text(app.farm)})
    body = json.dumps(app.pr_event("opened", number, base, head)).encode()
    answer = requests.post(f"{app.url}/webhook", data=body, timeout=5, headers={
        "X-GitHub-Event": "pull_request", "X-GitHub-Delivery": "forged",
        "Content-Type": "application/json"})
    assert answer.status_code == 401
    assert "refused delivery 'forged'" in wait_for(lambda: "forged" in app.log_text() and app.log_text(), 5, "the log line")


def test_pr_not_touching_the_list_says_so(app: AppServer) -> None:
    number, base, head = app.open_pull({"README.md": e2e.LIST, "CONTRIBUTING.md": "Be kind.\n"})
    app.post("pull_request", app.pr_event("opened", number, base, head))
    run = posted(app, number, head)
    assert run["conclusion"] == "success" and run["output"]["title"] == "Nothing to review"
    assert app.sticky(number) == []  # no comment on a PR that has nothing to do with the list


def test_fork_pr_is_reviewed(app: AppServer) -> None:
    head_files = {"README.md": list_text(app.farm, GOOD.format(url=app.farm.url(8)))}
    number, base, head = app.open_pull(head_files, fork="alice/awesome")
    app.post("pull_request", app.pr_event("opened", number, base, head, head_repo="alice/awesome"))
    assert posted(app, number, head)["conclusion"] == "success"
    assert len(app.sticky(number)) == 1


def test_list_file_deleted(app: AppServer) -> None:
    number, base, head = app.open_pull({"CONTRIBUTING.md": "x\n"})
    app.post("pull_request", app.pr_event("opened", number, base, head))
    posted(app, number, head)
    [comment] = wait_for(lambda: app.sticky(number), 10, "the sticky comment")
    assert "README.md" in comment["body"] and "delete" in comment["body"].lower()


def test_github_502_then_success_still_posts_the_review(app: AppServer) -> None:
    number, base, head = app.open_pull({"README.md": list_text(app.farm, GOOD.format(url=app.farm.url(9)))})
    app.fake.fail("POST /repos/{owner}/{repo}/issues/{number}/comments", status=502, times=1)
    app.fake.fail("GET /repos/{owner}/{repo}/pulls/{number}", status=502, times=1)
    app.post("pull_request", app.pr_event("opened", number, base, head))
    assert posted(app, number, head)["conclusion"] == "success"
    assert len(wait_for(lambda: app.sticky(number), 10, "the sticky comment")) == 1
