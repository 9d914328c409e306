"""The gateway's requests and error mapping, with `responses` standing in for GitHub."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator

import pytest
import responses

from bot.github import (
    Forbidden,
    GatewayFactory,
    GatewayOptions,
    GitHubUnavailable,
    NotFound,
    Unauthorized,
    Unprocessable,
)
from bot.github.protocol import Gateway
from bot.github.types import Annotation, InlineComment
from bot.settings import Settings
from tests.fakes.shapes import BODIES

API = "https://ghe.example.com/api/v3"
# PyGithub spells the default port out (https://host:443/...), so the mocks do too.
REPO = "https://ghe.example.com:443/api/v3/repos/octo/awesome"
NO_RETRY = GatewayOptions(retries=0, seconds_between_writes=0, timeout=2)


@pytest.fixture
def mocked() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def gateway() -> Gateway:
    settings = Settings(github_token="ghp_secret", api_url=API, app_login="octo-bot")
    return GatewayFactory(settings, NO_RETRY).for_installation(None)


def _sent(mocked: responses.RequestsMock, index: int = -1) -> dict[str, object]:
    body = mocked.calls[index].request.body
    return json.loads(body) if body else {}


def test_token_auth_and_the_enterprise_base_url(
    mocked: responses.RequestsMock, gateway: Gateway
) -> None:
    mocked.get(
        f"{REPO}/collaborators/bob/permission",
        json={"permission": "write", "role_name": "maintain"},
    )

    role = gateway.permission("octo/awesome", "bob")

    assert role == "maintain"  # role_name keeps what `permission` folds into write
    request = mocked.calls[0].request
    assert request.headers["Authorization"] == "token ghp_secret"
    assert request.url.startswith(f"{REPO}/")


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (404, {"message": "Not Found"}, NotFound),
        (403, {"message": "Resource not accessible by integration"}, Forbidden),
        (401, {"message": "Bad credentials"}, Unauthorized),
        (500, {"message": "Server Error"}, GitHubUnavailable),
        (503, {"message": "Service Unavailable"}, GitHubUnavailable),
    ],
)
def test_github_errors_become_specific_types(
    mocked: responses.RequestsMock, gateway: Gateway, status: int, body: dict[str, str], error: type
) -> None:
    mocked.post(f"{REPO}/issues/3/comments", status=status, json=body)

    with pytest.raises(error) as caught:
        gateway.create_comment("octo/awesome", 3, "hello")

    assert caught.value.status == status
    if status < 500:
        assert body["message"] in str(caught.value)
    else:  # urllib3 gave up retrying; the last status is kept
        assert f"last answer: {status}" in str(caught.value)
    assert "POST /repos/octo/awesome/issues/3/comments" in str(caught.value)


def test_422_keeps_githubs_reasons(mocked: responses.RequestsMock, gateway: Gateway) -> None:
    reason = "pull_request_review_thread.line must be part of the diff"
    mocked.post(
        f"{REPO}/pulls/3/reviews",
        status=422,
        json={"message": "Unprocessable Entity", "errors": [reason]},
    )

    with pytest.raises(Unprocessable) as caught:
        gateway.create_review(
            "octo/awesome", 3, "abc", "body", [InlineComment("README.md", 9, "x")]
        )

    assert caught.value.errors == (reason,)
    assert not caught.value.retryable


def test_a_cut_off_json_body_is_retryable(mocked: responses.RequestsMock, gateway: Gateway) -> None:
    mocked.get(f"{REPO}/pulls/3", body='{"url": "https://ghe.example.com/api/v3/rep', status=200)

    with pytest.raises(GitHubUnavailable) as caught:
        gateway.pull_request("octo/awesome", 3)

    assert caught.value.retryable
    assert "malformed JSON" in str(caught.value)


def test_review_payload(mocked: responses.RequestsMock, gateway: Gateway) -> None:
    mocked.post(f"{REPO}/pulls/3/reviews", json={"id": 80})
    comments = [
        InlineComment("README.md", 12, "one line"),
        InlineComment("README.md", 20, "two lines", start_line=19),
    ]

    review_id = gateway.create_review("octo/awesome", 3, "f" * 40, "summary", comments)

    assert review_id == 80
    assert _sent(mocked) == {
        "commit_id": "f" * 40,
        "body": "summary",
        "event": "COMMENT",
        "comments": [
            {"path": "README.md", "line": 12, "side": "RIGHT", "body": "one line"},
            {
                "path": "README.md",
                "line": 20,
                "side": "RIGHT",
                "body": "two lines",
                "start_line": 19,
                "start_side": "RIGHT",
            },
        ],
    }


def test_a_copy_of_a_review_is_emptied_by_two_documented_calls(
    mocked: responses.RequestsMock, gateway: Gateway
) -> None:
    mocked.put(f"{REPO}/pulls/3/reviews/80", json={"id": 80, "body": "gone"})
    mocked.delete(f"{REPO}/pulls/comments/81", status=204)
    mocked.delete(f"{REPO}/pulls/comments/82", status=404, json={"message": "Not Found"})

    gateway.edit_review("octo/awesome", 3, 80, "gone")
    gateway.delete_review_comment("octo/awesome", 81)

    assert _sent(mocked, 0) == {"body": "gone"}
    assert [c.request.method for c in mocked.calls] == ["PUT", "DELETE"]
    with pytest.raises(NotFound):
        gateway.delete_review_comment("octo/awesome", 82)


def test_check_run_payload(mocked: responses.RequestsMock, gateway: Gateway) -> None:
    mocked.post(f"{REPO}/check-runs", status=201, json={"id": 4, "html_url": "https://ghe/runs/4"})
    note = Annotation("README.md", 3, 4, "failure", "bad", "F101 entry-shape")

    run = gateway.create_check_run(
        "octo/awesome", "a" * 40, "awesome-review", "failure",
        {"title": "1 error", "summary": "s"}, [note], details_url="https://ghe/c/1",
    )  # fmt: skip

    assert (run.id, run.html_url) == (4, "https://ghe/runs/4")
    assert _sent(mocked) == {
        "name": "awesome-review",
        "head_sha": "a" * 40,
        "status": "completed",
        "conclusion": "failure",
        "details_url": "https://ghe/c/1",
        "output": {
            "title": "1 error",
            "summary": "s",
            "annotations": [
                {
                    "path": "README.md",
                    "start_line": 3,
                    "end_line": 4,
                    "annotation_level": "failure",
                    "message": "bad",
                    "title": "F101 entry-shape",
                }
            ],
        },
    }


def test_status_description_fits_githubs_limit(
    mocked: responses.RequestsMock, gateway: Gateway
) -> None:
    mocked.post(f"{REPO}/statuses/{'b' * 40}", status=201, json={"id": 1})

    gateway.create_status("octo/awesome", "b" * 40, "failure", "x" * 500, "awesome-review", None)

    sent = _sent(mocked)
    assert len(str(sent["description"])) == 140
    assert "target_url" not in sent


def _content(data: bytes, encoding: str = "base64") -> dict[str, object]:
    return {
        "type": "file",
        "encoding": encoding,
        "size": len(data),
        "name": "README.md",
        "path": "README.md",
        "content": base64.b64encode(data).decode() if encoding == "base64" else "",
        "sha": "c" * 40,
        "url": f"{REPO}/contents/README.md",
    }


def test_file_content_decodes_base64(mocked: responses.RequestsMock, gateway: Gateway) -> None:
    mocked.get(f"{REPO}/contents/README.md", json=_content("# Awesome ✨\n".encode()))

    found = gateway.file_content("octo/awesome", "README.md", "d" * 40)

    assert found is not None and found.data.decode() == "# Awesome ✨\n"
    assert mocked.calls[0].request.params == {"ref": "d" * 40}


def test_files_over_a_megabyte_come_from_the_blob_api(
    mocked: responses.RequestsMock, gateway: Gateway
) -> None:
    data = b"x" * 2_000_000
    mocked.get(f"{REPO}/contents/README.md", json={**_content(data, "none"), "size": len(data)})
    mocked.get(
        f"{REPO}/git/blobs/{'c' * 40}",
        json={"sha": "c" * 40, "size": len(data), "encoding": "base64",
              "content": base64.b64encode(data).decode(), "url": f"{REPO}/git/blobs/{'c' * 40}"},
    )  # fmt: skip

    found = gateway.file_content("octo/awesome", "README.md", "d" * 40)

    assert found is not None and found.data == data


def test_missing_file_and_directory_are_none(
    mocked: responses.RequestsMock, gateway: Gateway
) -> None:
    mocked.get(f"{REPO}/contents/README.md", status=404, json={"message": "Not Found"})
    mocked.get(f"{REPO}/contents/docs", json=[{**_content(b""), "type": "dir", "path": "docs/a"}])

    assert gateway.file_content("octo/awesome", "README.md", "d" * 40) is None
    assert gateway.file_content("octo/awesome", "docs", "d" * 40) is None


def test_deleted_fork_is_still_a_fork(mocked: responses.RequestsMock, gateway: Gateway) -> None:
    body = json.loads((BODIES / "pulls.get.json").read_text(encoding="utf-8"))
    body["head"]["repo"] = None
    mocked.get(f"{REPO}/pulls/3", json=body)

    pull = gateway.pull_request("octo/awesome", 3)

    assert pull.head_repo is None and pull.is_fork
    assert pull.head_sha == body["head"]["sha"]


def test_a_repository_name_cannot_smuggle_a_path(
    mocked: responses.RequestsMock, gateway: Gateway
) -> None:
    with pytest.raises(NotFound):
        gateway.create_comment("octo/../../user", 1, "x")

    assert len(mocked.calls) == 0


def test_no_credentials_is_a_clear_error() -> None:
    with pytest.raises(Exception, match="GITHUB_TOKEN"):
        GatewayFactory(Settings(api_url=API))
