"""The GitHub gateway: every REST call the App makes, and the only module using PyGithub.

Reads go through PyGithub's objects (pagination, parsing); writes go through its
Requester with the REST paths spelled out, so each write is exactly one documented call.
Every method raises a bot.github.errors type on failure, never a PyGithub one.
"""

from __future__ import annotations

import base64
import logging
import re
import urllib.parse
from collections.abc import Callable, Mapping, Sequence

from github import Github
from github.ContentFile import ContentFile
from github.PullRequestComment import PullRequestComment
from github.PullRequestReview import PullRequestReview

from bot.github.errors import GitHubUnavailable, NotFound, translated
from bot.github.protocol import Gateway
from bot.github.types import (
    Annotation,
    CheckRunResult,
    CheckRunSeen,
    Comment,
    FileContent,
    InlineComment,
    Issue,
    OpenPull,
    PullFile,
    PullRequest,
    Review,
    ReviewComment,
)

LOG = logging.getLogger(__name__)

_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
MAX_PULL_FILES = 3000  # GitHub lists at most 3000 files of a pull request
MAX_PAGES = 50  # of 100 items: more issues, pulls or repositories than this are not read


class PyGithubGateway(Gateway):
    """The Gateway (bot/github/protocol.py) on PyGithub; build one per job (GatewayFactory)."""

    def __init__(self, client: Github, login: Callable[[], str], token: str | None = None) -> None:
        self._client = client
        self._login = login
        self._token = token

    @property
    def token(self) -> str | None:
        """The token this gateway acts with (an installation's, or GITHUB_TOKEN): the link
        checker asks GitHub's API about repositories with it."""
        return self._token

    @property
    def login(self) -> str:
        """Our own login, e.g. `awesome-review[bot]`, to tell our comments from others'."""
        return self._login()

    def rate_limit_remaining(self) -> int | None:
        """X-RateLimit-Remaining of PyGithub's latest answer (no request is made)."""
        remaining = self._client.requester.rate_limiting[0]
        return remaining if remaining >= 0 else None  # -1: no answer yet

    # ------------------------------------------------------------------ reads

    def pull_request(self, repo: str, number: int) -> PullRequest:
        with translated(f"GET pull request {repo}#{number}"):
            pull = self._client.get_repo(_checked(repo)).get_pull(number)
            head_repo = pull.head.repo
            result = PullRequest(
                repo=repo,
                number=number,
                state=pull.state,
                author=pull.user.login,
                head_sha=pull.head.sha,
                base_sha=pull.base.sha,
                base_ref=pull.base.ref,
                head_repo=head_repo.full_name if head_repo is not None else None,
                html_url=pull.html_url,
                repo_html_url=pull.base.repo.html_url,
                head_ref=pull.head.ref,
                maintainer_can_modify=bool(pull.maintainer_can_modify),
            )
        if not result.head_sha or not result.base_sha:
            raise GitHubUnavailable("GitHub's answer has no head or base SHA", operation="GET pull")
        return result

    def pull_files(self, repo: str, number: int) -> list[PullFile]:
        """The files a pull request changes (paginated; GitHub stops at 3000)."""
        files: list[PullFile] = []
        with translated(f"GET files of {repo}#{number}"):
            for item in self._client.get_repo(_checked(repo)).get_pull(number).get_files():
                files.append(
                    PullFile(item.filename, item.status, item.previous_filename, item.patch)
                )
                if len(files) >= MAX_PULL_FILES:
                    break
        return files

    def merge_base(self, repo: str, base_sha: str, head_sha: str) -> str:
        """The commit GitHub diffs a pull request against (base and head's common ancestor)."""
        with translated(f"GET compare {base_sha[:7]}...{head_sha[:7]}"):
            compare = self._client.get_repo(_checked(repo)).compare(base_sha, head_sha)
            return str(compare.merge_base_commit.sha)

    def file_content(self, repo: str, path: str, ref: str) -> FileContent | None:
        """`path` at commit `ref`; None when it does not exist there (or is a directory)."""
        operation = f"GET {path} at {ref[:7]}"
        try:
            with translated(operation):
                found = self._client.get_repo(_checked(repo)).get_contents(path, ref=ref)
                if isinstance(found, list) or found.type != "file":
                    return None
                return FileContent(path, found.sha, found.size, self._decoded(repo, found))
        except NotFound:
            return None

    def _decoded(self, repo: str, found: ContentFile) -> bytes:
        # The contents API sends files of 1-100 MB with encoding "none" and no content;
        # the blob API still has them.
        if found.encoding == "base64" and (found.content or found.size == 0):
            return base64.b64decode(found.content or "")
        LOG.info("%s is %d bytes; reading it through the blob API", found.path, found.size)
        blob = self._client.get_repo(_checked(repo)).get_git_blob(found.sha)
        if blob.encoding != "base64":
            raise GitHubUnavailable(f"blob {found.sha} came back as {blob.encoding!r}")
        return base64.b64decode(blob.content or "")

    def issue_comments(self, repo: str, number: int) -> list[Comment]:
        with translated(f"GET comments of {repo}#{number}"):
            issue = self._client.get_repo(_checked(repo)).get_issue(number)
            return [
                Comment(c.id, c.user.login if c.user else "", c.body or "", c.html_url)
                for c in issue.get_comments()
            ]

    def review_comments(self, repo: str, number: int) -> list[ReviewComment]:
        with translated(f"GET review comments of {repo}#{number}"):
            pull = self._client.get_repo(_checked(repo)).get_pull(number)
            return [_review_comment(c) for c in pull.get_review_comments()]

    def reviews(self, repo: str, number: int) -> list[Review]:
        """The PR's reviews, in the order GitHub lists them (oldest first)."""
        with translated(f"GET reviews of {repo}#{number}"):
            pull = self._client.get_repo(_checked(repo)).get_pull(number)
            return [_review(r) for r in pull.get_reviews()]

    def permission(self, repo: str, user: str) -> str:
        """A user's permission on the repo: admin, maintain, write, triage, read or none."""
        with translated(f"GET permission of {user} on {repo}"):
            path = f"/repos/{_checked(repo)}/collaborators/{_quote(user)}/permission"
            _, data = self._client.requester.requestJsonAndCheck("GET", path)
        # `permission` folds maintain into write and triage into read; role_name keeps them.
        role = data.get("role_name") or data.get("permission") or "none"
        return str(role)

    # ------------------------------------------------------------------ writes

    def create_comment(self, repo: str, number: int, body: str) -> Comment:
        data = self._write(
            "POST", f"/repos/{_checked(repo)}/issues/{number}/comments", {"body": body}
        )
        return _comment(data)

    def edit_comment(self, repo: str, comment_id: int, body: str) -> Comment:
        path = f"/repos/{_checked(repo)}/issues/comments/{comment_id}"
        return _comment(self._write("PATCH", path, {"body": body}))

    def delete_comment(self, repo: str, comment_id: int) -> None:
        self._write("DELETE", f"/repos/{_checked(repo)}/issues/comments/{comment_id}", None)

    def add_reaction(self, repo: str, comment_id: int, content: str) -> None:
        """React to an issue comment: +1, -1, laugh, confused, heart, hooray, rocket, eyes."""
        path = f"/repos/{_checked(repo)}/issues/comments/{comment_id}/reactions"
        self._write("POST", path, {"content": content})

    def create_check_run(
        self,
        repo: str,
        head_sha: str,
        name: str,
        conclusion: str,
        output: dict[str, str],
        annotations: Sequence[Annotation] = (),
        details_url: str | None = None,
    ) -> CheckRunResult:
        payload: dict[str, object] = {
            "name": name,
            "head_sha": head_sha,
            "status": "completed",
            "conclusion": conclusion,
            "output": {**output, "annotations": [a.as_payload() for a in annotations]},
        }
        if details_url:
            payload["details_url"] = details_url
        data = self._write("POST", f"/repos/{_checked(repo)}/check-runs", payload)
        return CheckRunResult(_id(data), str(data.get("html_url") or ""))

    def add_annotations(
        self,
        repo: str,
        check_run_id: int,
        output: dict[str, str],
        annotations: Sequence[Annotation],
    ) -> None:
        """Append annotations to a check run (GitHub takes at most 50 per call)."""
        payload = {"output": {**output, "annotations": [a.as_payload() for a in annotations]}}
        self._write("PATCH", f"/repos/{_checked(repo)}/check-runs/{check_run_id}", payload)

    def check_runs(self, repo: str, head_sha: str, name: str) -> list[CheckRunSeen]:
        """Our check runs named `name` on `head_sha` (filter=all: GitHub's default lists
        only the latest of each name), oldest first."""
        slug = self.login.removesuffix("[bot]")
        path = f"/repos/{_checked(repo)}/commits/{_quote(head_sha)}/check-runs"
        params: dict[str, str | int] = {"check_name": name, "filter": "all", "per_page": 100}
        found: list[CheckRunSeen] = []
        for page in range(1, MAX_PAGES + 1):
            data = self._get_json(path, {**params, "page": page})
            runs = data.get("check_runs") if isinstance(data, dict) else None
            if not isinstance(runs, list) or not runs:
                break
            found += [_check_run_seen(r) for r in runs if _made_by(r, slug)]
            if len(runs) < 100:
                break
        return sorted(found, key=lambda run: run.id)

    def conclude_check_run(
        self, repo: str, check_run_id: int, conclusion: str, output: dict[str, str]
    ) -> None:
        """Complete a check run with a new conclusion and output (its annotations stay)."""
        payload = {"status": "completed", "conclusion": conclusion, "output": output}
        self._write("PATCH", f"/repos/{_checked(repo)}/check-runs/{check_run_id}", payload)

    def create_status(
        self,
        repo: str,
        sha: str,
        state: str,
        description: str,
        context: str,
        target_url: str | None,
    ) -> None:
        """A commit status: the fallback when a plain token may not write check runs."""
        payload = {"state": state, "description": description[:140], "context": context}
        if target_url:
            payload["target_url"] = target_url
        self._write("POST", f"/repos/{_checked(repo)}/statuses/{_quote(sha)}", payload)

    def create_review(
        self,
        repo: str,
        number: int,
        commit_id: str,
        body: str,
        comments: Sequence[InlineComment],
        event: str = "COMMENT",
    ) -> int:
        payload = {
            "commit_id": commit_id,
            "body": body,
            "event": event,
            "comments": [c.as_payload() for c in comments],
        }
        data = self._write("POST", f"/repos/{_checked(repo)}/pulls/{number}/reviews", payload)
        return _id(data)

    def create_review_comment(
        self, repo: str, number: int, commit_id: str, comment: InlineComment
    ) -> int:
        """One inline comment on its own (used when a whole review was refused)."""
        payload = {"commit_id": commit_id, **comment.as_payload()}
        data = self._write("POST", f"/repos/{_checked(repo)}/pulls/{number}/comments", payload)
        return _id(data)

    def edit_review(self, repo: str, number: int, review_id: int, body: str) -> None:
        """PUT /pulls/N/reviews/ID: a submitted review's body, replaced."""
        path = f"/repos/{_checked(repo)}/pulls/{number}/reviews/{review_id}"
        self._write("PUT", path, {"body": body})

    def delete_review_comment(self, repo: str, comment_id: int) -> None:
        self._write("DELETE", f"/repos/{_checked(repo)}/pulls/comments/{comment_id}", None)

    def update_file(
        self, repo: str, path: str, branch: str, message: str, data: bytes, blob_sha: str
    ) -> str:
        """PUT /repos/{repo}/contents/{path}: one commit on `branch` replacing the file whose
        blob is `blob_sha`; the new commit's SHA."""
        payload = {
            "message": message,
            "content": base64.b64encode(data).decode("ascii"),
            "sha": blob_sha,
            "branch": branch,
        }
        url = f"/repos/{_checked(repo)}/contents/{urllib.parse.quote(path, safe='/')}"
        commit = _inner(self._write("PUT", url, payload), "commit")
        sha = commit.get("sha")
        if not isinstance(sha, str) or not sha:
            raise GitHubUnavailable("GitHub's answer has no commit SHA", operation=f"PUT {url}")
        return sha

    # ------------------------------------------------------------------ the audit and pushes

    def installation_repositories(self) -> list[str]:
        """The repositories this installation may see (GET /installation/repositories)."""
        names: list[str] = []
        for page in range(1, MAX_PAGES + 1):
            data = self._get_json("/installation/repositories", {"per_page": 100, "page": page})
            repos = data.get("repositories") if isinstance(data, dict) else None
            if not isinstance(data, dict) or not isinstance(repos, list) or not repos:
                break
            names += [str(r["full_name"]) for r in repos if isinstance(r, dict)]
            total = data.get("total_count")
            if len(names) >= (total if isinstance(total, int) else 0):
                break
        return names

    def default_branch(self, repo: str) -> tuple[str, str]:
        """The repository's default branch and the SHA it points at."""
        data = self._get_json(f"/repos/{_checked(repo)}", {})
        branch = str(data.get("default_branch") or "main") if isinstance(data, dict) else "main"
        commit = self._get_json(f"/repos/{_checked(repo)}/commits/{_quote(branch)}", {})
        sha = commit.get("sha") if isinstance(commit, dict) else None
        if not isinstance(sha, str) or not sha:
            raise GitHubUnavailable("GitHub's answer has no commit SHA", operation="GET commit")
        return branch, sha

    def open_issues(self, repo: str, creator: str) -> list[Issue]:
        """Open issues `creator` opened, oldest first (pull requests left out)."""
        issues: list[Issue] = []
        params: dict[str, str | int] = {"state": "open", "creator": creator, "per_page": 100}
        for page in range(1, MAX_PAGES + 1):
            data = self._get_json(f"/repos/{_checked(repo)}/issues", {**params, "page": page})
            if not isinstance(data, list) or not data:
                break
            issues += [_issue(i) for i in data if isinstance(i, dict) and "pull_request" not in i]
            if len(data) < 100:
                break
        return sorted(issues, key=lambda i: i.number)

    def create_issue(self, repo: str, title: str, body: str) -> Issue:
        path = f"/repos/{_checked(repo)}/issues"
        return _issue(self._write("POST", path, {"title": title, "body": body}))

    def edit_issue(
        self, repo: str, number: int, body: str | None = None, state: str | None = None
    ) -> Issue:
        """Change an issue's body and/or close it (`state="closed"`) or reopen it."""
        payload: dict[str, str] = {}
        if body is not None:
            payload["body"] = body
        if state is not None:
            payload["state"] = state
            if state == "closed":
                payload["state_reason"] = "completed"
        return _issue(self._write("PATCH", f"/repos/{_checked(repo)}/issues/{number}", payload))

    def open_pulls(self, repo: str, base: str, limit: int) -> list[OpenPull]:
        """Open pull requests into `base`, newest first, at most `limit`."""
        pulls: list[OpenPull] = []
        per_page = min(100, max(1, limit))
        params: dict[str, str | int] = {"state": "open", "base": base, "per_page": per_page}
        for page in range(1, MAX_PAGES + 1):
            data = self._get_json(f"/repos/{_checked(repo)}/pulls", {**params, "page": page})
            if not isinstance(data, list) or not data:
                break
            pulls += [_open_pull(p) for p in data if isinstance(p, dict)]
            if len(pulls) >= limit or len(data) < per_page:
                break
        return pulls[:limit]

    def _get_json(self, path: str, params: Mapping[str, str | int]) -> object:
        with translated(f"GET {path}"):
            _, data = self._client.requester.requestJsonAndCheck(
                "GET", path, parameters=dict(params)
            )
        result: object = data
        return result

    def _write(
        self, verb: str, path: str, payload: Mapping[str, object] | None
    ) -> Mapping[str, object]:
        with translated(f"{verb} {path}"):
            _, data = self._client.requester.requestJsonAndCheck(verb, path, input=payload)
        if verb != "DELETE" and not isinstance(data, dict):
            raise GitHubUnavailable(
                "GitHub's answer is not a JSON object", operation=f"{verb} {path}"
            )
        return data if isinstance(data, dict) else {}


def _made_by(run: object, slug: str) -> bool:
    app = run.get("app") if isinstance(run, dict) else None
    return isinstance(app, dict) and app.get("slug") == slug


def _check_run_seen(run: dict[str, object]) -> CheckRunSeen:
    output = run.get("output")
    title = output.get("title") if isinstance(output, dict) else None
    conclusion = run.get("conclusion")
    return CheckRunSeen(
        _id(run), conclusion if isinstance(conclusion, str) else None, str(title or "")
    )


def _checked(repo: str) -> str:
    """`owner/name`, refused when it could smuggle a path into the URL."""
    if not _REPO.match(repo) or ".." in repo:
        raise NotFound(f"{repo!r} is not an owner/name repository")
    return repo


def _quote(part: str) -> str:
    return urllib.parse.quote(part, safe="")


def _id(data: Mapping[str, object]) -> int:
    """The `id` of a created object; a body without one is a broken answer."""
    value = data.get("id")
    if not isinstance(value, int) or isinstance(value, bool):
        raise GitHubUnavailable(f"GitHub's answer has no id (got {value!r})")
    return value


def _comment(data: Mapping[str, object]) -> Comment:
    user = data.get("user")
    login = user.get("login", "") if isinstance(user, dict) else ""
    return Comment(
        _id(data), str(login), str(data.get("body") or ""), str(data.get("html_url") or "")
    )


def _review_comment(c: PullRequestComment) -> ReviewComment:
    author = c.user.login if c.user else ""
    return ReviewComment(c.id, author, c.body or "", c.path, c.line, c.pull_request_review_id)


def _review(r: PullRequestReview) -> Review:
    author = r.user.login if r.user else ""
    return Review(r.id, author, r.body or "", r.commit_id or "", r.html_url or "")


def _text(data: Mapping[str, object], name: str) -> str:
    value = data.get(name)
    return value if isinstance(value, str) else ""


def _number(data: Mapping[str, object]) -> int:
    """The `number` of an issue or pull request; a body without one is a broken answer."""
    value = data.get("number")
    if not isinstance(value, int) or isinstance(value, bool):
        raise GitHubUnavailable(f"GitHub's answer has no number (got {value!r})")
    return value


def _inner(data: Mapping[str, object], name: str) -> Mapping[str, object]:
    value = data.get(name)
    return value if isinstance(value, dict) else {}


def _issue(data: Mapping[str, object]) -> Issue:
    return Issue(
        number=_number(data),
        title=_text(data, "title"),
        body=_text(data, "body"),
        state=_text(data, "state"),
        author=_text(_inner(data, "user"), "login"),
        html_url=_text(data, "html_url"),
    )


def _open_pull(data: Mapping[str, object]) -> OpenPull:
    head, base = _inner(data, "head"), _inner(data, "base")
    return OpenPull(_number(data), _text(head, "sha"), _text(base, "sha"), _text(base, "ref"))
