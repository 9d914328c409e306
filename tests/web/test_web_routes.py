"""Routing, sans I/O: the shared octokit payload examples, as GitHub sent them."""

from __future__ import annotations

import pytest

from web.payloads import fixture
from webhooks.router import Delivery, PayloadError, Router
from webhooks.routes import ROUTER


def route(event: str, name: str, app_login: str | None = None) -> object:
    return ROUTER.dispatch(Delivery(event, "d-1", fixture(name), app_login))


def test_opened_example_becomes_a_job_with_the_payloads_ids_and_shas() -> None:
    data = fixture("pull_request.opened.1")
    job = route("pull_request", "pull_request.opened.1")
    assert job is not None
    assert job.repo == "Codertocat/Hello-World" and job.pr_number == 2
    assert job.head_sha == data["pull_request"]["head"]["sha"]
    assert job.base_sha == data["pull_request"]["base"]["sha"]
    assert (job.installation_id, job.trigger, job.delivery_id) == (1, "opened", "d-1")


@pytest.mark.parametrize(("name", "trigger"), [
    ("pull_request.reopened.1", "reopened"),
    ("pull_request.synchronize", "synchronize"),
    ("pull_request.ready_for_review.2", "ready_for_review"),
    ("pull_request.edited.2", "edited"),  # changes.base: a new base branch
])
def test_routed_examples(name: str, trigger: str) -> None:
    job = route("pull_request", name)
    assert job is not None and job.trigger == trigger


def test_payload_without_installation_still_routes() -> None:
    job = route("pull_request", "pull_request.ready_for_review.1")
    assert job is not None and job.installation_id is None  # a plain-token deployment


@pytest.mark.parametrize(("event", "name"), [
    ("pull_request", "pull_request.edited.1"),  # a title edit changes nothing we review
    ("pull_request", "pull_request.closed.1"),
    ("issue_comment", "issue_comment.created.1"),  # on a plain issue, not a PR
    ("check_run", "check_run.rerequested.1"),  # no pull request listed (e.g. a fork)
    ("check_suite", "check_suite.rerequested.1"),
    ("installation", "installation.created.1"),
])
def test_ignored_examples(event: str, name: str) -> None:
    assert route(event, name) is None


def test_handlers_are_named_after_their_event() -> None:
    names = {h.__name__ for h in ROUTER._routes.values()}
    assert names == {
        "pull_request_opened", "pull_request_reopened", "pull_request_synchronize",
        "pull_request_ready_for_review", "pull_request_edited", "issue_comment_created",
        "issue_comment_edited", "check_run_rerequested", "push",
    }


def test_a_route_cannot_be_registered_twice() -> None:
    router = Router()
    router.register("ping")(lambda d: None)
    with pytest.raises(ValueError, match="two handlers"):
        router.register("ping")(lambda d: None)


def test_wrongly_typed_field_names_the_field() -> None:
    data = fixture("pull_request.opened.1")
    data["pull_request"]["number"] = "2"
    with pytest.raises(PayloadError, match=r"pull_request\.number is not a int"):
        ROUTER.dispatch(Delivery("pull_request", "d", data))
