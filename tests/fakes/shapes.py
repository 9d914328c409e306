"""Response bodies shaped like GitHub's documented examples (tests/fakes/bodies/)."""

from __future__ import annotations

import base64
import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

BODIES = Path(__file__).parent / "bodies"
HTML = "https://github.com"
_API = "https://api.github.com"


@cache
def _template(name: str) -> Any:
    return json.loads((BODIES / f"{name}.json").read_text(encoding="utf-8"))


def template(name: str, api: str) -> Any:
    """A fresh copy of one documented example, its API URLs pointing at `api`."""
    return _rebased(copy.deepcopy(_template(name)), api)


def _rebased(value: Any, api: str) -> Any:
    if isinstance(value, str):
        return value.replace(_API, api)
    if isinstance(value, list):
        return [_rebased(v, api) for v in value]
    if isinstance(value, dict):
        return {k: _rebased(v, api) for k, v in value.items()}
    return value


def user(api: str, login: str, user_id: int, kind: str = "User") -> dict[str, Any]:
    body = template("issues.create-comment", api)["user"]
    body = json.loads(json.dumps(body).replace("octocat", login))
    body.update(login=login, id=user_id, type=kind, site_admin=False)
    return dict(body)


def repository(api: str, full_name: str, repo_id: int, owner: dict[str, Any], fork: bool) -> Any:
    body = template("repos.get", api)
    text = json.dumps(body).replace("octocat/Hello-World", full_name)
    body = json.loads(text)
    body.update(
        id=repo_id,
        name=full_name.split("/")[1],
        full_name=full_name,
        owner=owner,
        fork=fork,
        private=False,
        html_url=f"{HTML}/{full_name}",
        url=f"{api}/repos/{full_name}",
        default_branch="main",
    )
    for key in ("parent", "source", "template_repository", "organization"):
        body.pop(key, None)
    return body


def content_file(api: str, full_name: str, path: str, sha: str, data: bytes, ref: str) -> Any:
    body = template("repos.get-content", api)
    inline = len(data) <= 1024 * 1024  # GitHub sends 1-100 MB files without content
    body.update(
        type="file",
        encoding="base64" if inline else "none",
        size=len(data),
        name=path.rsplit("/", 1)[-1],
        path=path,
        content=_wrapped_b64(data) if inline else "",
        sha=sha,
        url=f"{api}/repos/{full_name}/contents/{path}?ref={ref}",
        git_url=f"{api}/repos/{full_name}/git/blobs/{sha}",
        html_url=f"{HTML}/{full_name}/blob/{ref}/{path}",
        download_url=f"https://raw.githubusercontent.com/{full_name}/{ref}/{path}",
    )
    body["_links"] = {"git": body["git_url"], "self": body["url"], "html": body["html_url"]}
    return body


def directory_entry(api: str, full_name: str, path: str, kind: str, ref: str) -> Any:
    return {
        "type": kind,
        "size": 0,
        "name": path.rsplit("/", 1)[-1],
        "path": path,
        "sha": "0" * 40,
        "url": f"{api}/repos/{full_name}/contents/{path}?ref={ref}",
        "git_url": None,
        "html_url": f"{HTML}/{full_name}/tree/{ref}/{path}",
        "download_url": None,
        "_links": {"self": f"{api}/repos/{full_name}/contents/{path}?ref={ref}"},
    }


def blob(api: str, full_name: str, sha: str, data: bytes) -> dict[str, Any]:
    return {
        "sha": sha,
        "node_id": "B_" + sha[:12],
        "size": len(data),
        "url": f"{api}/repos/{full_name}/git/blobs/{sha}",
        "content": _wrapped_b64(data),
        "encoding": "base64",
    }


def _wrapped_b64(data: bytes) -> str:
    # GitHub wraps base64 at 60 characters with a newline, like `base64` does.
    text = base64.b64encode(data).decode("ascii")
    return "\n".join(text[i : i + 60] for i in range(0, len(text), 60)) + ("\n" if text else "")


def release(api: str, full_name: str, tag: str) -> Any:
    """A published release (GET /repos/{owner}/{repo}/releases/latest), in GitHub's fields."""
    return {
        "url": f"{api}/repos/{full_name}/releases/1",
        "html_url": f"{HTML}/{full_name}/releases/tag/{tag}",
        "id": 1,
        "tag_name": tag,
        "target_commitish": "main",
        "name": tag,
        "draft": False,
        "prerelease": False,
        "created_at": "2024-01-02T03:04:05Z",
        "published_at": "2024-01-02T03:04:05Z",
        "assets": [],
        "body": "",
    }
