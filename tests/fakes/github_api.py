"""A fake GitHub REST API: a real HTTP server on 127.0.0.1 that real PyGithub talks to.

Stateful (repositories with commits, pull requests, comments, check runs, statuses,
reviews, reactions, permissions, tokens, an App with installations), with bodies shaped
like GitHub's documented examples, per-route fault injection and per-route counters.
See docs/ARCHITECTURE.md ("The fake GitHub") for the API tests use.
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import json
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import jwt
from flask import Flask, Response, request
from werkzeug.serving import WSGIRequestHandler, make_server

from tests.fakes import shapes
from tests.fakes.faults import Armed, Fault
from tests.fakes.gitdata import FileChange, Network, blob_sha, changes

Answer = tuple[int, Any, dict[str, str]]
_PERMISSION_FIELD = {"admin": "admin", "maintain": "write", "write": "write", "triage": "read"}
_NOT_IN_DIFF = "pull_request_review_thread.line must be part of the diff"


@dataclass
class Identity:
    """Who a token belongs to."""

    login: str
    kind: str = "User"  # "Bot" for an App installation
    checks: bool = True  # may create check runs (a plain token may not)
    repos: set[str] | None = None  # an installation token sees only these


@dataclass
class FakeApp:
    app_id: int
    slug: str
    public_key: str  # PEM, to verify the JWTs PyGithub signs
    installations: dict[int, set[str]] = field(default_factory=dict)
    tokens_issued: int = 0


@dataclass
class FakePull:
    number: int
    repo: str
    base_sha: str
    head_sha: str
    author: str
    head_repo: str | None
    head_ref: str = "patch-1"
    base_ref: str = "main"
    state: str = "open"
    title: str = "Add an entry"
    merge_base: str | None = None
    maintainer_can_modify: bool = False  # "Allow edits by maintainers" (forks)


@dataclass
class FakeRepo:
    """A repository in the fake; `commit` adds a commit to its network."""

    full_name: str
    repo_id: int
    network: Network
    fork_of: str | None = None
    branches: dict[str, str] = field(default_factory=dict)
    pulls: dict[int, FakePull] = field(default_factory=dict)
    permissions: dict[str, str] = field(default_factory=dict)
    comments: list[dict[str, Any]] = field(default_factory=list)
    check_runs: list[dict[str, Any]] = field(default_factory=list)
    statuses: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)
    review_comments: list[dict[str, Any]] = field(default_factory=list)
    reactions: list[dict[str, Any]] = field(default_factory=list)
    issues: dict[int, dict[str, Any]] = field(default_factory=dict)  # number → issue
    contents_commits: list[dict[str, Any]] = field(default_factory=list)  # PUT /contents

    def commit(
        self, files: dict[str, str | bytes], parent: str | None = None, branch: str | None = "main"
    ) -> str:
        """A commit holding exactly `files` (str is UTF-8 encoded); moves `branch` to it."""
        data = {p: c.encode() if isinstance(c, str) else c for p, c in files.items()}
        sha = self.network.commit(data, parent)
        if branch:
            self.branches[branch] = sha
        return sha


@dataclass
class RepoProfile:
    """What GET /repos says of a listed repository, relative to now; None: no release."""

    stars: int = 900
    age_days: float = 2000.0
    pushed_days: float | None = 3.0
    archived: bool = False
    license: str | None = "MIT"  # an SPDX id; "NOASSERTION": a file GitHub cannot name
    release: str | None = "v1.2.0"
    workflows: bool = True
    readme: bool = True

    def applied(self, body: dict[str, Any]) -> dict[str, Any]:
        now = dt.datetime.now(dt.UTC)
        body.update(
            stargazers_count=self.stars,
            watchers_count=self.stars,
            archived=self.archived,
            created_at=_stamp(now - dt.timedelta(days=self.age_days)),
            pushed_at=_stamp(now - dt.timedelta(days=self.pushed_days))
            if self.pushed_days is not None
            else None,
        )
        if self.license is None:
            body["license"] = None
        else:
            key = self.license.lower() if self.license != "NOASSERTION" else "other"
            body["license"] = {"key": key, "name": self.license, "spdx_id": self.license,
                               "url": None, "node_id": "MDc6TGljZW5zZW1pdA=="}
        return body


def _stamp(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


class FakeGitHub:
    """The fake API. `start()` serves it; `url` is the base URL to give PyGithub."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix.rstrip("/")  # e.g. "/api/v3" to look like GitHub Enterprise
        self.lock = threading.RLock()
        self.ids = itertools.count(1000)
        self.repos: dict[str, FakeRepo] = {}
        self.tokens: dict[str, Identity] = {}
        self.apps: dict[int, FakeApp] = {}
        self.faults: dict[str, list[Armed]] = {}
        self.calls: Counter[str] = Counter()
        self.log: list[tuple[str, str, int]] = []  # (route, path, status) of every request
        self.patch_limit = 1_000_000
        # Public repositories a list links to (any token may read them), and their renames.
        self.profiles: dict[str, RepoProfile] = {}
        self.renamed: dict[str, str] = {}  # old full name (lower-case) → the repository now
        self.app = self._flask()
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self.url = ""

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FakeGitHub:
        self._server = make_server(
            "127.0.0.1", 0, self.app, threaded=True, request_handler=_QuietHandler
        )
        self.url = f"http://127.0.0.1:{self._server.server_port}{self.prefix}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    # ------------------------------------------------------------------ arranging state

    def add_repo(self, full_name: str, fork_of: FakeRepo | None = None) -> FakeRepo:
        with self.lock:
            network = fork_of.network if fork_of else Network()
            repo = FakeRepo(
                full_name, next(self.ids), network, fork_of.full_name if fork_of else None
            )
            self.repos[full_name.lower()] = repo
            return repo

    def add_listed_repo(self, full_name: str, profile: RepoProfile | None = None) -> FakeRepo:
        """A public repository a list links to, with the facts the list's criteria read;
        its default branch holds a README and a CI workflow when the profile says so."""
        profile = profile or RepoProfile()
        repo = self.add_repo(full_name)
        files: dict[str, str | bytes] = {"main.go": "package main\n"}
        if profile.readme:
            files["README.md"] = f"# {full_name}\n"
        if profile.workflows:
            files[".github/workflows/ci.yml"] = "on: push\n"
        repo.commit(files)
        with self.lock:
            self.profiles[full_name.lower()] = profile
        return repo

    def rename_repo(self, old: str, new: FakeRepo) -> None:
        """GitHub answers `old` with a 301 to the repository now named `new`."""
        with self.lock:
            self.renamed[old.lower()] = new.full_name.lower()

    def open_pull(
        self,
        repo: FakeRepo,
        base_sha: str,
        head_sha: str,
        author: str = "contributor",
        fork: str | None = None,
        head_repo_deleted: bool = False,
        maintainer_can_modify: bool = False,
    ) -> int:
        """Open a PR from `head_sha` onto `base_sha`; `fork` names the head repo if not `repo`."""
        with self.lock:
            number = max([0, *repo.pulls, *repo.issues]) + 1  # one sequence, as on GitHub
            if fork and fork.lower() not in self.repos:
                self.add_repo(fork, fork_of=repo)
            head_repo = None if head_repo_deleted else (fork or repo.full_name)
            repo.pulls[number] = FakePull(
                number, repo.full_name, base_sha, head_sha, author, head_repo,
                maintainer_can_modify=maintainer_can_modify,
            )  # fmt: skip
            return number

    def push(self, repo: FakeRepo, number: int, head_sha: str) -> None:
        with self.lock:
            repo.pulls[number].head_sha = head_sha

    def add_comment(self, repo: FakeRepo, number: int, login: str, body: str) -> int:
        """An issue comment written by `login` (a person, or a bot like `x[bot]`)."""
        with self.lock:
            now = _now()
            comment = {
                "id": next(self.ids),
                "_number": number,
                "body": body,
                "login": login,
                "created_at": now,
                "updated_at": now,
                "edits": 0,
            }
            repo.comments.append(comment)
            return int(comment["id"])

    def set_permission(self, repo: FakeRepo, login: str, role: str) -> None:
        repo.permissions[login] = role

    def add_token(
        self, login: str = "octo-bot", checks: bool = False, token: str | None = None
    ) -> str:
        """A plain token: a personal one (403 on check runs), or with `checks` like Actions'."""
        token = token or f"ghp_{next(self.ids)}"
        self.tokens[token] = Identity(login, "User", checks)
        return token

    def add_app(self, app_id: int, slug: str, public_key: str) -> FakeApp:
        self.apps[app_id] = FakeApp(app_id, slug, public_key)
        return self.apps[app_id]

    def add_installation(self, app_id: int, installation_id: int, repos: list[str]) -> None:
        self.apps[app_id].installations[installation_id] = {r.lower() for r in repos}

    def fail(self, route: str, times: int = 1, **fault: Any) -> Fault:
        """Arm a fault on `route` ("METHOD /pattern" as in `calls`, or "*") for `times` hits."""
        armed = Armed(Fault(**fault), times)
        with self.lock:
            self.faults.setdefault(route, []).append(armed)
        return armed.fault

    # ------------------------------------------------------------------ reading state

    def repo(self, full_name: str) -> FakeRepo:
        return self.repos[full_name.lower()]

    def comments(self, repo: FakeRepo, number: int) -> list[dict[str, Any]]:
        return [c for c in repo.comments if c["_number"] == number]

    def review_comments_of(self, repo: FakeRepo, number: int) -> list[dict[str, Any]]:
        return [c for c in repo.review_comments if c["_number"] == number]

    def reviews_of(self, repo: FakeRepo, number: int) -> list[dict[str, Any]]:
        return [r for r in repo.reviews if r["_number"] == number]

    def reactions_of(self, repo: FakeRepo, comment_id: int) -> list[str]:
        return [r["content"] for r in repo.reactions if r["_comment"] == comment_id]

    # ------------------------------------------------------------------ the HTTP app

    def _flask(self) -> Flask:
        app = Flask("fake-github")
        for method, pattern, handler, auth in self._routes():
            rule = self.prefix + re.sub(r"\{(\w+)\}", _converter, pattern)
            key = f"{method} {pattern}"
            app.add_url_rule(
                rule,
                endpoint=key,
                view_func=self._view(key, handler, auth),
                methods=[method],
            )
        app.register_error_handler(404, lambda _e: _json(404, {"message": "Not Found"}))
        app.register_error_handler(405, lambda _e: _json(404, {"message": "Not Found"}))
        return app

    def _routes(self) -> list[tuple[str, str, Callable[..., Answer], str]]:
        r = "/repos/{owner}/{repo}"
        return [
            ("GET", "/app", self._get_app, "jwt"),
            ("POST", "/app/installations/{installation_id}/access_tokens", self._token, "jwt"),
            ("GET", "/app/installations", self._installations, "jwt"),
            ("GET", "/installation/repositories", self._installation_repos, "token"),
            ("GET", "/user", self._get_user, "token"),
            ("GET", r, self._get_repo, "token"),
            ("GET", "/repositories/{repo_id}", self._get_repo_by_id, "token"),
            ("GET", r + "/releases/latest", self._latest_release, "token"),
            ("GET", r + "/readme", self._readme, "token"),
            ("GET", r + "/pulls/{number}", self._get_pull, "token"),
            ("GET", r + "/pulls/{number}/files", self._pull_files, "token"),
            ("GET", r + "/compare/{basehead}", self._compare, "token"),
            ("GET", r + "/commits/{sha}", self._get_commit, "token"),
            ("GET", r + "/contents/{path}", self._contents, "token"),
            ("PUT", r + "/contents/{path}", self._put_contents, "push"),
            ("GET", r + "/git/blobs/{sha}", self._blob, "token"),
            ("GET", r + "/pulls", self._list_pulls, "token"),
            ("GET", r + "/issues", self._list_issues, "token"),
            ("POST", r + "/issues", self._create_issue, "token"),
            ("PATCH", r + "/issues/{number}", self._edit_issue, "token"),
            ("GET", r + "/issues/{number}/comments", self._list_comments, "token"),
            ("POST", r + "/issues/{number}/comments", self._create_comment, "token"),
            ("GET", r + "/issues/comments/{comment_id}", self._get_comment, "token"),
            ("PATCH", r + "/issues/comments/{comment_id}", self._edit_comment, "token"),
            ("DELETE", r + "/issues/comments/{comment_id}", self._delete_comment, "token"),
            ("POST", r + "/issues/comments/{comment_id}/reactions", self._react, "token"),
            ("POST", r + "/check-runs", self._create_check_run, "token"),
            ("PATCH", r + "/check-runs/{check_run_id}", self._update_check_run, "token"),
            ("GET", r + "/commits/{sha}/check-runs", self._list_check_runs, "token"),
            ("POST", r + "/statuses/{sha}", self._create_status, "token"),
            ("GET", r + "/pulls/{number}/reviews", self._list_reviews, "token"),
            ("POST", r + "/pulls/{number}/reviews", self._create_review, "token"),
            ("PUT", r + "/pulls/{number}/reviews/{review_id}", self._edit_review, "token"),
            ("GET", r + "/pulls/{number}/comments", self._list_review_comments, "token"),
            ("POST", r + "/pulls/{number}/comments", self._create_review_comment, "token"),
            ("DELETE", r + "/pulls/comments/{comment_id}", self._delete_review_comment, "token"),
            ("GET", r + "/collaborators/{username}/permission", self._permission, "token"),
        ]

    def _view(self, key: str, handler: Callable[..., Answer], auth: str) -> Callable[..., Response]:
        def view(**params: str) -> Response:
            with self.lock:
                self.calls[key] += 1
                fault = self._take_fault(key)
            if fault and fault.delay:
                time.sleep(fault.delay)
            response = self._answer(key, handler, auth, params, fault)
            with self.lock:
                self.log.append((key, request.path, response.status_code))
            return response

        view.__name__ = key
        return view

    def _answer(
        self,
        key: str,
        handler: Callable[..., Answer],
        auth: str,
        params: dict[str, str],
        fault: Fault | None,
    ) -> Response:
        injected = fault.answer() if fault else None
        if injected is not None:
            status, body, headers = injected
            merged = _rate_headers() | headers  # a primary limit's Remaining: 0 wins
            return Response(body, status, headers=merged, mimetype="application/json")
        who = self._authenticate(auth, params)
        if isinstance(who, Response):
            return who
        with self.lock:
            status, body, headers = handler(who, **params)
        response = _json(status, body, headers)
        if fault and fault.truncate and body is not None:
            text = response.get_data()
            response.set_data(text[: max(1, len(text) // 2)])
        return response

    def _take_fault(self, key: str) -> Fault | None:
        for route in (key, "*"):
            queue = self.faults.get(route, [])
            while queue:
                armed = queue[0]
                if armed.times == 0:
                    queue.pop(0)
                    continue
                if armed.times > 0:
                    armed.times -= 1
                return armed.fault
        return None

    # ------------------------------------------------------------------ auth

    def _authenticate(self, auth: str, params: dict[str, str]) -> Identity | FakeApp | Response:
        header = request.headers.get("Authorization", "")
        scheme, _, credential = header.partition(" ")
        if auth == "jwt":
            return self._verify_jwt(scheme, credential)
        identity = self.tokens.get(credential) if scheme.lower() in ("token", "bearer") else None
        if identity is None:
            return _json(401, {"message": "Bad credentials"})
        repo = f"{params.get('owner')}/{params.get('repo')}".lower()
        public = repo in self.profiles or repo in self.renamed  # any token reads these
        # "push": the handler decides, as GitHub lets maintainers push to a fork's PR branch
        hidden = identity.repos is not None and repo not in identity.repos and not public
        if "owner" in params and hidden and auth != "push":
            return _json(404, {"message": "Not Found"})  # GitHub hides what a token cannot see
        return identity

    def _verify_jwt(self, scheme: str, token: str) -> FakeApp | Response:
        if scheme.lower() != "bearer":
            return _json(401, {"message": "A JSON web token could not be decoded"})
        try:
            claims = jwt.decode(token, options={"verify_signature": False})
            app = self.apps.get(int(claims.get("iss", 0)))
            if app is None:
                return _json(401, {"message": "Integration not found"})
            jwt.decode(token, app.public_key, algorithms=["RS256"], leeway=60)
        except (jwt.PyJWTError, ValueError) as exc:
            return _json(401, {"message": f"A JSON web token could not be decoded ({exc})"})
        return app

    # ------------------------------------------------------------------ handlers: apps, users

    def _get_app(self, app: FakeApp) -> Answer:
        body = shapes.template("checks.create", self.url)["app"]
        body.update(
            id=app.app_id, slug=app.slug, name=app.slug, html_url=f"{shapes.HTML}/apps/{app.slug}"
        )
        return 200, body, {}

    def _token(self, app: FakeApp, installation_id: str) -> Answer:
        repos = app.installations.get(int(installation_id))
        if repos is None:
            return 404, {"message": "Not Found"}, {}
        token = f"ghs_{next(self.ids)}_{installation_id}"
        self.tokens[token] = Identity(f"{app.slug}[bot]", "Bot", True, set(repos))
        app.tokens_issued += 1
        body = shapes.template("apps.create-installation-access-token", self.url)
        expires = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
        body.update(token=token, expires_at=expires.strftime("%Y-%m-%dT%H:%M:%SZ"))
        body["permissions"] = {
            "checks": "write",
            "contents": "read",
            "issues": "write",
            "pull_requests": "write",
        }
        body.pop("repositories", None)
        return 201, body, {}

    def _installations(self, app: FakeApp) -> Answer:
        body = [
            {"id": number, "app_id": app.app_id, "target_type": "Organization",
             "account": self._user(sorted(repos)[0].split("/")[0] if repos else "nobody"),
             "repository_selection": "selected", "permissions": {"issues": "write"},
             "events": ["pull_request", "push"], "created_at": _now(), "updated_at": _now()}
            for number, repos in sorted(app.installations.items())
        ]
        return self._page(body)

    def _installation_repos(self, who: Identity) -> Answer:
        if who.repos is None:
            return 403, {"message": "This endpoint requires an installation token"}, {}
        repos = [self.repos[name] for name in sorted(who.repos) if name in self.repos]
        status, page, headers = self._page([self._repo_body(r) for r in repos])
        return status, {"total_count": len(repos), "repositories": page}, headers

    def _get_user(self, who: Identity) -> Answer:
        if who.kind == "Bot":
            return 403, {"message": "Resource not accessible by integration"}, {}
        return 200, self._user(who.login), {}

    def _user(self, login: str, kind: str | None = None) -> dict[str, Any]:
        kind = kind or ("Bot" if login.endswith("[bot]") else "User")
        return shapes.user(self.url, login, abs(hash(login)) % 10_000_000, kind)

    # ------------------------------------------------------------------ handlers: repos, pulls

    def _repo(self, owner: str, repo: str) -> FakeRepo | None:
        return self.repos.get(f"{owner}/{repo}".lower())

    def _repo_body(self, repo: FakeRepo) -> Any:
        owner = self._user(repo.full_name.split("/")[0])
        body = shapes.repository(
            self.url, repo.full_name, repo.repo_id, owner, repo.fork_of is not None
        )
        profile = self.profiles.get(repo.full_name.lower())
        return profile.applied(body) if profile else body

    def _get_repo(self, who: Identity, owner: str, repo: str) -> Answer:
        found = self._repo(owner, repo)
        new = self.renamed.get(f"{owner}/{repo}".lower())
        if found is None and new is not None:  # GitHub's answer for a renamed repository
            location = f"{self.url}/repositories/{self.repos[new].repo_id}"
            return 301, {"message": "Moved Permanently", "url": location}, {"Location": location}
        return (200, self._repo_body(found), {}) if found else _not_found()

    def _get_repo_by_id(self, who: Identity, repo_id: str) -> Answer:
        found = next((r for r in self.repos.values() if str(r.repo_id) == repo_id), None)
        return (200, self._repo_body(found), {}) if found else _not_found()

    def _latest_release(self, who: Identity, owner: str, repo: str) -> Answer:
        found = self._repo(owner, repo)
        profile = self.profiles.get(f"{owner}/{repo}".lower())
        if found is None or profile is None or not profile.release:
            return _not_found()
        return 200, shapes.release(self.url, found.full_name, profile.release), {}

    def _readme(self, who: Identity, owner: str, repo: str) -> Answer:
        found = self._repo(owner, repo)
        sha = found.branches.get("main") if found else None
        data = found.network.commits[sha].files.get("README.md") if found and sha else None
        if found is None or sha is None or data is None:
            return _not_found()
        body = shapes.content_file(self.url, found.full_name, "README.md", blob_sha(data), data, sha)
        return 200, body, {}

    def _pull(self, owner: str, repo: str, number: str) -> tuple[FakeRepo, FakePull] | None:
        found = self._repo(owner, repo)
        if found is None or not number.isdigit() or int(number) not in found.pulls:
            return None
        return found, found.pulls[int(number)]

    def _get_pull(self, who: Identity, owner: str, repo: str, number: str) -> Answer:
        pair = self._pull(owner, repo, number)
        if pair is None:
            return _not_found()
        found, pull = pair
        return 200, self._pull_body(found, pull), {}

    def _pull_body(self, repo: FakeRepo, pull: FakePull) -> Any:
        body = shapes.template("pulls.get", self.url)
        text = (
            json.dumps(body)
            .replace("octocat/Hello-World", repo.full_name)
            .replace("/1347", f"/{pull.number}")
        )
        body = json.loads(text)
        body.update(
            number=pull.number,
            id=repo.repo_id * 1000 + pull.number,
            state=pull.state,
            title=pull.title,
            user=self._user(pull.author),
            merged=False,
            draft=False,
            maintainer_can_modify=pull.maintainer_can_modify,
            html_url=f"{shapes.HTML}/{repo.full_name}/pull/{pull.number}",
            url=f"{self.url}/repos/{repo.full_name}/pulls/{pull.number}",
        )
        body["head"] = self._ref(pull.head_repo, pull.head_ref, pull.head_sha, pull.author)
        body["base"] = self._ref(
            repo.full_name, pull.base_ref, pull.base_sha, repo.full_name.split("/")[0]
        )
        return body

    def _ref(self, full_name: str | None, ref: str, sha: str, owner: str) -> dict[str, Any]:
        head_repo = self.repos.get(full_name.lower()) if full_name else None
        return {
            "label": f"{owner}:{ref}",
            "ref": ref,
            "sha": sha,
            "user": self._user(owner),
            "repo": self._repo_body(head_repo) if head_repo else None,
        }

    def _pull_files(self, who: Identity, owner: str, repo: str, number: str) -> Answer:
        pair = self._pull(owner, repo, number)
        if pair is None:
            return _not_found()
        found, pull = pair
        items = [self._file_body(found, pull, c) for c in self.pull_changes(found, pull)][:3000]
        return self._page(items)

    def pull_changes(self, repo: FakeRepo, pull: FakePull) -> list[FileChange]:
        """The PR's diff, as GitHub computes it: merge base → head."""
        network = repo.network
        base = pull.merge_base or network.merge_base(pull.base_sha, pull.head_sha) or pull.base_sha
        old = network.commits[base].files if base in network.commits else {}
        return changes(old, network.commits[pull.head_sha].files, self.patch_limit)

    def _file_body(self, repo: FakeRepo, pull: FakePull, change: FileChange) -> dict[str, Any]:
        body = shapes.template("pulls.list-files", self.url)[0]
        name = repo.full_name
        body.update(
            sha=change.sha,
            filename=change.path,
            status=change.status,
            additions=change.additions,
            deletions=change.deletions,
            changes=change.additions + change.deletions,
            blob_url=f"{shapes.HTML}/{name}/blob/{pull.head_sha}/{change.path}",
            raw_url=f"{shapes.HTML}/{name}/raw/{pull.head_sha}/{change.path}",
            contents_url=f"{self.url}/repos/{name}/contents/{change.path}?ref={pull.head_sha}",
        )
        if change.patch is None:
            body.pop("patch", None)
        else:
            body["patch"] = change.patch
        if change.previous_path:
            body["previous_filename"] = change.previous_path
        return body

    def _compare(self, who: Identity, owner: str, repo: str, basehead: str) -> Answer:
        found = self._repo(owner, repo)
        base, _, head = basehead.partition("...")
        if found is None or base not in found.network.commits or head not in found.network.commits:
            return _not_found()
        merge_base = found.network.merge_base(base, head)
        if merge_base is None:
            return 404, {"message": f"No common ancestor between {base} and {head}."}, {}
        url = f"{self.url}/repos/{found.full_name}"
        commit = {
            "sha": merge_base,
            "url": f"{url}/commits/{merge_base}",
            "commit": {"message": ""},
        }
        ahead = found.network.ancestors(head).index(merge_base)
        body = {
            "url": f"{url}/compare/{basehead}",
            "html_url": f"{shapes.HTML}/{found.full_name}/compare/{basehead}",
            "status": "ahead" if ahead else "identical",
            "ahead_by": ahead,
            "behind_by": 0,
            "total_commits": ahead,
            "base_commit": commit,
            "merge_base_commit": commit,
            "commits": [],
            "files": [],
        }
        return 200, body, {}

    def _get_commit(self, who: Identity, owner: str, repo: str, sha: str) -> Answer:
        found = self._repo(owner, repo)
        resolved = self._resolve(found, sha) if found else None
        if found is None or resolved is None:
            return _not_found()
        sha, commit = resolved, found.network.commits[resolved]
        url = f"{self.url}/repos/{found.full_name}/commits/{sha}"
        parents = [
            {
                "sha": commit.parent,
                "url": f"{self.url}/repos/{found.full_name}/commits/{commit.parent}",
            }
        ]
        body = {
            "sha": sha,
            "node_id": f"C_{sha[:12]}",
            "url": url,
            "html_url": f"{shapes.HTML}/{found.full_name}/commit/{sha}",
            "commit": {"message": "", "tree": {"sha": sha}, "url": url},
            "parents": parents if commit.parent else [],
            "files": [],
        }
        return 200, body, {}

    # ------------------------------------------------------------------ handlers: contents

    def _resolve(self, repo: FakeRepo, ref: str | None) -> str | None:
        ref = ref or "main"
        if ref in repo.branches:
            return repo.branches[ref]
        return ref if ref in repo.network.commits else None

    def _contents(self, who: Identity, owner: str, repo: str, path: str) -> Answer:
        found = self._repo(owner, repo)
        sha = self._resolve(found, request.args.get("ref")) if found else None
        if found is None or sha is None:
            return _not_found()
        files = found.network.commits[sha].files
        if path in files:
            data = files[path]
            return (
                200,
                shapes.content_file(self.url, found.full_name, path, blob_sha(data), data, sha),
                {},
            )
        entries = sorted(
            {p[len(path) + 1 :].split("/")[0] for p in files if p.startswith(path + "/")}
        )
        if not entries:
            return _not_found()
        body = [
            shapes.directory_entry(
                self.url,
                found.full_name,
                f"{path}/{e}",
                "file" if f"{path}/{e}" in files else "dir",
                sha,
            )
            for e in entries
        ]
        return 200, body, {}

    def _put_contents(self, who: Identity, owner: str, repo: str, path: str) -> Answer:
        """Create or update a file: one commit on `branch`, which moves (and with it the head
        of every open pull request from that branch)."""
        found = self._repo(owner, repo)
        data = _input()
        branch = data.get("branch") or "main"
        if found is None or not self._may_push(who, found, branch):
            return _not_found()
        message, content, sha = data.get("message"), data.get("content"), data.get("sha")
        if not isinstance(message, str) or not message or not isinstance(content, str):
            return _unprocessable("message and content are required")
        try:
            new = base64.b64decode(content, validate=True)
        except ValueError:
            return _unprocessable("content is not valid Base64")
        head = self._branch_head(found, branch)
        if head is None:
            return 404, {"message": f"Branch {branch} not found"}, {}
        files = found.network.commits[head].files
        if path in files and not sha:
            return _unprocessable('Invalid request.\n\n"sha" wasn\'t supplied.')
        if path in files and sha != blob_sha(files[path]):
            return 409, {"message": f"{path} does not match {sha}"}, {}
        commit = found.commit({**files, path: new}, parent=head, branch=None)
        self._move_branch(found, branch, commit)
        found.contents_commits.append({"path": path, "branch": branch, "message": message,
                                       "sha": commit, "login": who.login})  # fmt: skip
        return (200 if path in files else 201), self._put_body(found, path, new, commit), {}

    def _may_push(self, who: Identity, repo: FakeRepo, branch: str) -> bool:
        """The token's own repositories, or a fork's branch an open pull request into one of
        them comes from, when its author allows edits by maintainers."""
        if who.repos is None or repo.full_name.lower() in who.repos:
            return True
        return any(
            pull.head_repo is not None and pull.head_repo.lower() == repo.full_name.lower()
            and pull.head_ref == branch and pull.maintainer_can_modify and pull.state == "open"
            for name in who.repos if name in self.repos for pull in self.repos[name].pulls.values()
        )  # fmt: skip

    def _heads(self, repo: FakeRepo, branch: str) -> list[FakePull]:
        """Open pull requests (into any repository) whose head is `repo`'s `branch`."""
        return [
            pull for other in self.repos.values() for pull in other.pulls.values()
            if pull.head_repo is not None and pull.head_repo.lower() == repo.full_name.lower()
            and pull.head_ref == branch and pull.state == "open"
        ]  # fmt: skip

    def _branch_head(self, repo: FakeRepo, branch: str) -> str | None:
        pulls = self._heads(repo, branch)
        return pulls[0].head_sha if pulls else repo.branches.get(branch)

    def _move_branch(self, repo: FakeRepo, branch: str, sha: str) -> None:
        repo.branches[branch] = sha
        for pull in self._heads(repo, branch):
            pull.head_sha = sha

    def _put_body(self, repo: FakeRepo, path: str, data: bytes, commit: str) -> dict[str, Any]:
        """Shaped like GitHub's documented answer of "Create or update file contents"."""
        name, parent = repo.full_name, repo.network.commits[commit].parent
        content = shapes.content_file(self.url, name, path, blob_sha(data), data, commit)
        for key in ("content", "encoding"):  # the answer describes the file, without it
            content.pop(key, None)
        url = f"{self.url}/repos/{name}/git/commits/{commit}"
        person = {"date": _now(), "name": "awesome-review[bot]", "email": "bot@example.com"}
        return {"content": content, "commit": {
            "sha": commit, "node_id": f"C_{commit[:12]}", "url": url,
            "html_url": f"{shapes.HTML}/{name}/commit/{commit}", "author": person,
            "committer": person, "message": repo.contents_commits[-1]["message"]
            if repo.contents_commits else "",
            "tree": {"url": f"{self.url}/repos/{name}/git/trees/{commit}", "sha": commit},
            "parents": [{"url": f"{self.url}/repos/{name}/git/commits/{parent}",
                         "html_url": f"{shapes.HTML}/{name}/commit/{parent}", "sha": parent}],
            "verification": {"verified": False, "reason": "unsigned", "signature": None,
                             "payload": None},
        }}  # fmt: skip

    def _blob(self, who: Identity, owner: str, repo: str, sha: str) -> Answer:
        found = self._repo(owner, repo)
        if found is None or sha not in found.network.blobs:
            return _not_found()
        return 200, shapes.blob(self.url, found.full_name, sha, found.network.blobs[sha]), {}

    # ------------------------------------------------------------------ handlers: comments

    def _comment_body(self, repo: FakeRepo, comment: dict[str, Any]) -> dict[str, Any]:
        body = shapes.template("issues.create-comment", self.url)
        name = repo.full_name
        body.update(
            id=comment["id"],
            body=comment["body"],
            user=self._user(comment["login"]),
            url=f"{self.url}/repos/{name}/issues/comments/{comment['id']}",
            html_url=f"{shapes.HTML}/{name}/pull/{comment['_number']}#issuecomment-{comment['id']}",
            issue_url=f"{self.url}/repos/{name}/issues/{comment['_number']}",
            created_at=comment["created_at"],
            updated_at=comment["updated_at"],
            author_association="NONE" if comment["login"].endswith("[bot]") else "CONTRIBUTOR",
        )
        return body

    def _list_comments(self, who: Identity, owner: str, repo: str, number: str) -> Answer:
        found = self._repo(owner, repo)
        if found is None:
            return _not_found()
        return self._page([self._comment_body(found, c) for c in self.comments(found, int(number))])

    def _create_comment(self, who: Identity, owner: str, repo: str, number: str) -> Answer:
        found = self._repo(owner, repo)
        text = _input().get("body")
        if found is None or not number.isdigit():
            return _not_found()
        if not isinstance(text, str) or not text:
            return _unprocessable("body is missing")
        if len(text) > 65536:
            return _unprocessable("Body is too long (maximum is 65536 characters)")
        now = _now()
        comment = {
            "id": next(self.ids),
            "_number": int(number),
            "body": text,
            "login": who.login,
            "created_at": now,
            "updated_at": now,
            "edits": 0,
        }
        found.comments.append(comment)
        return 201, self._comment_body(found, comment), {}

    def _find_comment(
        self, owner: str, repo: str, comment_id: str
    ) -> tuple[FakeRepo, dict[str, Any]] | None:
        found = self._repo(owner, repo)
        for comment in found.comments if found else []:
            if str(comment["id"]) == comment_id:
                assert found is not None
                return found, comment
        return None

    def _get_comment(self, who: Identity, owner: str, repo: str, comment_id: str) -> Answer:
        pair = self._find_comment(owner, repo, comment_id)
        return (200, self._comment_body(*pair), {}) if pair else _not_found()

    def _edit_comment(self, who: Identity, owner: str, repo: str, comment_id: str) -> Answer:
        pair = self._find_comment(owner, repo, comment_id)
        if pair is None:
            return _not_found()
        found, comment = pair
        if comment["login"] != who.login:
            return 403, {"message": "Resource not accessible by integration"}, {}
        text = _input().get("body")
        if not isinstance(text, str) or len(text) > 65536:
            return _unprocessable("body is missing or too long")
        comment.update(body=text, updated_at=_now(), edits=comment["edits"] + 1)
        return 200, self._comment_body(found, comment), {}

    def _delete_comment(self, who: Identity, owner: str, repo: str, comment_id: str) -> Answer:
        pair = self._find_comment(owner, repo, comment_id)
        if pair is None:
            return _not_found()
        found, comment = pair
        found.comments.remove(comment)
        return 204, None, {}

    def _react(self, who: Identity, owner: str, repo: str, comment_id: str) -> Answer:
        pair = self._find_comment(owner, repo, comment_id)
        content = _input().get("content")
        if pair is None:
            return _not_found()
        if content not in ("+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"):
            return _unprocessable(f"content {content!r} is not a reaction")
        found, _ = pair
        body = shapes.template("reactions.create-for-issue-comment", self.url)
        for reaction in found.reactions:
            if (
                reaction["_comment"] == int(comment_id)
                and reaction["content"] == content
                and reaction["login"] == who.login
            ):
                body.update(id=reaction["id"], content=content, user=self._user(who.login))
                return 200, body, {}
        reaction = {
            "id": next(self.ids),
            "_comment": int(comment_id),
            "content": content,
            "login": who.login,
        }
        found.reactions.append(reaction)
        body.update(
            id=reaction["id"], content=content, user=self._user(who.login), created_at=_now()
        )
        return 201, body, {}

    # ------------------------------------------------------------------ handlers: checks, statuses

    def _check_body(self, repo: FakeRepo, run: dict[str, Any]) -> dict[str, Any]:
        body = shapes.template("checks.create", self.url)
        url = f"{self.url}/repos/{repo.full_name}/check-runs/{run['id']}"
        body.update(
            id=run["id"],
            head_sha=run["head_sha"],
            name=run["name"],
            status=run["status"],
            conclusion=run["conclusion"],
            url=url,
            details_url=run.get("details_url"),
            html_url=f"{shapes.HTML}/{repo.full_name}/runs/{run['id']}",
            pull_requests=[],
        )
        body["app"] = {**body["app"], "slug": run.get("app", body["app"]["slug"])}
        body["output"] = {
            "title": run["output"].get("title"),
            "summary": run["output"].get("summary"),
            "text": run["output"].get("text"),
            "annotations_count": len(run["annotations"]),
            "annotations_url": url + "/annotations",
        }
        return body

    def _create_check_run(self, who: Identity, owner: str, repo: str) -> Answer:
        found = self._repo(owner, repo)
        if found is None:
            return _not_found()
        if not who.checks:  # only an App (or the Actions token) may write check runs
            return 403, {"message": "Resource not accessible by personal access token"}, {}
        data = _input()
        output = data.get("output") or {}
        problem = _check_problem(data, output)
        if problem:
            return _unprocessable(problem)
        run = {
            "id": next(self.ids),
            "name": data["name"],
            "head_sha": data["head_sha"],
            "status": data.get("status", "queued"),
            "conclusion": data.get("conclusion"),
            "details_url": data.get("details_url"),
            "output": output,
            "annotations": list(output.get("annotations") or []),
            "updates": 0,
            "app": who.login.removesuffix("[bot]"),
        }
        found.check_runs.append(run)
        return 201, self._check_body(found, run), {}

    def _list_check_runs(self, who: Identity, owner: str, repo: str, sha: str) -> Answer:
        """GET …/commits/{sha}/check-runs: by name; `filter=latest` (GitHub's default) keeps
        only the most recent run of each name."""
        found = self._repo(owner, repo)
        if found is None:
            return _not_found()
        name = request.args.get("check_name")
        runs = [r for r in found.check_runs
                if r["head_sha"] == sha and (name is None or r["name"] == name)]
        if request.args.get("filter", "latest") == "latest":
            latest = {r["name"]: r for r in runs}  # ids grow: the last of each name wins
            runs = list(latest.values())
        status, page, headers = self._page([self._check_body(found, r) for r in runs])
        return status, {"total_count": len(runs), "check_runs": page}, headers

    def _update_check_run(self, who: Identity, owner: str, repo: str, check_run_id: str) -> Answer:
        found = self._repo(owner, repo)
        run = (
            next((r for r in found.check_runs if str(r["id"]) == check_run_id), None)
            if found
            else None
        )
        if found is None or run is None:
            return _not_found()
        data = _input()
        output = data.get("output") or {}
        problem = _check_problem({**run, **data}, output)
        if problem:
            return _unprocessable(problem)
        run["annotations"].extend(output.get("annotations") or [])
        run["output"] = {**run["output"], **{k: v for k, v in output.items() if k != "annotations"}}
        run.update(
            {k: data[k] for k in ("status", "conclusion") if k in data}, updates=run["updates"] + 1
        )
        return 200, self._check_body(found, run), {}

    def _create_status(self, who: Identity, owner: str, repo: str, sha: str) -> Answer:
        found = self._repo(owner, repo)
        data = _input()
        if found is None or sha not in found.network.commits:
            return _not_found()
        if data.get("state") not in ("error", "failure", "pending", "success"):
            return _unprocessable(f"state {data.get('state')!r} is not valid")
        status = {
            "id": next(self.ids),
            "sha": sha,
            **{k: data.get(k) for k in ("state", "description", "context", "target_url")},
        }
        found.statuses.append(status)
        body = shapes.template("repos.create-commit-status", self.url)
        body.update({k: v for k, v in status.items() if k != "sha"}, creator=self._user(who.login))
        body["url"] = f"{self.url}/repos/{found.full_name}/statuses/{sha}"
        return 201, body, {}

    # ------------------------------------------------------------------ handlers: reviews

    def _review_body(self, repo: FakeRepo, review: dict[str, Any]) -> dict[str, Any]:
        body = shapes.template("pulls.create-review", self.url)
        name, number = repo.full_name, review["_number"]
        body.update(
            id=review["id"],
            user=self._user(review["login"]),
            body=review["body"],
            state=review["state"],
            commit_id=review["commit_id"],
            submitted_at=_now(),
            html_url=f"{shapes.HTML}/{name}/pull/{number}#pullrequestreview-{review['id']}",
            pull_request_url=f"{self.url}/repos/{name}/pulls/{number}",
        )
        body["_links"] = {
            "html": {"href": body["html_url"]},
            "pull_request": {"href": body["pull_request_url"]},
        }
        return body

    def _list_reviews(self, who: Identity, owner: str, repo: str, number: str) -> Answer:
        pair = self._pull(owner, repo, number)
        if pair is None:
            return _not_found()
        found, pull = pair
        return self._page(
            [self._review_body(found, r) for r in self.reviews_of(found, pull.number)]
        )

    def _create_review(self, who: Identity, owner: str, repo: str, number: str) -> Answer:
        pair = self._pull(owner, repo, number)
        if pair is None:
            return _not_found()
        found, pull = pair
        data = _input()
        comments = data.get("comments") or []
        event = data.get("event")
        if event not in (None, "COMMENT", "APPROVE", "REQUEST_CHANGES"):
            return _unprocessable(f"event {event!r} is not valid")
        if any(not self._in_diff(found, pull, c) for c in comments):
            return 422, {"message": "Unprocessable Entity", "errors": [_NOT_IN_DIFF]}, {}
        state = {
            "COMMENT": "COMMENTED",
            "APPROVE": "APPROVED",
            "REQUEST_CHANGES": "CHANGES_REQUESTED",
        }
        review = self._new_review(
            found, pull, who, data.get("body") or "", state.get(event or "", "PENDING"),
            data.get("commit_id") or pull.head_sha,
        )  # fmt: skip
        for comment in comments:
            self._store_review_comment(found, pull, who, comment, review["id"], review["commit_id"])
        return 200, self._review_body(found, review), {}

    def _new_review(
        self, repo: FakeRepo, pull: FakePull, who: Identity, body: str, state: str, commit: str
    ) -> dict[str, Any]:
        review = {
            "id": next(self.ids),
            "_number": pull.number,
            "login": who.login,
            "body": body,
            "state": state,
            "commit_id": commit,
        }
        repo.reviews.append(review)
        return review

    def _create_review_comment(self, who: Identity, owner: str, repo: str, number: str) -> Answer:
        pair = self._pull(owner, repo, number)
        if pair is None:
            return _not_found()
        found, pull = pair
        data = _input()
        if not self._in_diff(found, pull, data):
            return 422, {"message": "Validation Failed", "errors": [_NOT_IN_DIFF]}, {}
        # GitHub files a lone comment under a review of its own, with no body.
        commit = data.get("commit_id") or pull.head_sha
        review = self._new_review(found, pull, who, "", "COMMENTED", commit)
        comment = self._store_review_comment(found, pull, who, data, review["id"], commit)
        return 201, self._review_comment_body(found, comment), {}

    def _edit_review(
        self, who: Identity, owner: str, repo: str, number: str, review_id: str
    ) -> Answer:
        pair = self._pull(owner, repo, number)
        ours = self.reviews_of(pair[0], pair[1].number) if pair else []
        review = next((r for r in ours if str(r["id"]) == review_id), None)
        if pair is None or review is None:
            return _not_found()
        if review["login"] != who.login:
            return 403, {"message": "Resource not accessible by integration"}, {}
        text = _input().get("body")
        if not isinstance(text, str) or not text:
            return _unprocessable("body is missing")
        review["body"] = text
        return 200, self._review_body(pair[0], review), {}

    def _delete_review_comment(
        self, who: Identity, owner: str, repo: str, comment_id: str
    ) -> Answer:
        found = self._repo(owner, repo)
        listed = found.review_comments if found else []
        comment = next((c for c in listed if str(c["id"]) == comment_id), None)
        if found is None or comment is None:
            return _not_found()
        found.review_comments.remove(comment)
        return 204, None, {}

    def _in_diff(self, repo: FakeRepo, pull: FakePull, comment: dict[str, Any]) -> bool:
        """Is the comment's line range on the RIGHT side of one hunk of the file's patch?"""
        from bot.github.diffmap import (
            diff_lines,
        )  # the fake reuses the parser it is checked against

        change = next(
            (c for c in self.pull_changes(repo, pull) if c.path == comment.get("path")), None
        )
        line = comment.get("line")
        if change is None or not isinstance(line, int) or comment.get("side", "RIGHT") != "RIGHT":
            return False
        start = comment.get("start_line") or line
        return diff_lines(change.patch).covers(start, line)

    def _store_review_comment(
        self,
        repo: FakeRepo,
        pull: FakePull,
        who: Identity,
        data: dict[str, Any],
        review_id: int | None,
        commit: str,
    ) -> dict[str, Any]:
        comment = {
            "id": next(self.ids),
            "_number": pull.number,
            "login": who.login,
            "body": data.get("body", ""),
            "path": data.get("path"),
            "line": data.get("line"),
            "start_line": data.get("start_line"),
            "review_id": review_id,
            "commit_id": commit,
        }
        repo.review_comments.append(comment)
        return comment

    def _review_comment_body(self, repo: FakeRepo, comment: dict[str, Any]) -> dict[str, Any]:
        name, number, cid = repo.full_name, comment["_number"], comment["id"]
        url = f"{self.url}/repos/{name}/pulls/comments/{cid}"
        html = f"{shapes.HTML}/{name}/pull/{number}#discussion_r{cid}"
        return {
            "url": url,
            "id": cid,
            "node_id": f"PRRC_{cid}",
            "pull_request_review_id": comment["review_id"],
            "diff_hunk": "",
            "path": comment["path"],
            "position": None,
            "original_position": None,
            "commit_id": comment["commit_id"],
            "original_commit_id": comment["commit_id"],
            "user": self._user(comment["login"]),
            "body": comment["body"],
            "created_at": _now(),
            "updated_at": _now(),
            "html_url": html,
            "pull_request_url": f"{self.url}/repos/{name}/pulls/{number}",
            "author_association": "NONE",
            "_links": {"self": {"href": url}, "html": {"href": html}},
            "start_line": comment["start_line"],
            "original_start_line": comment["start_line"],
            "start_side": "RIGHT" if comment["start_line"] else None,
            "line": comment["line"],
            "original_line": comment["line"],
            "side": "RIGHT",
        }

    def _list_review_comments(self, who: Identity, owner: str, repo: str, number: str) -> Answer:
        pair = self._pull(owner, repo, number)
        if pair is None:
            return _not_found()
        found, pull = pair
        return self._page(
            [
                self._review_comment_body(found, c)
                for c in self.review_comments_of(found, pull.number)
            ]
        )

    # ------------------------------------------------------------------ handlers: permissions

    def _permission(self, who: Identity, owner: str, repo: str, username: str) -> Answer:
        found = self._repo(owner, repo)
        if found is None:
            return _not_found()
        role = found.permissions.get(username, "read")  # anyone may read a public repository
        body = shapes.template("repos.get-collaborator-permission-level", self.url)
        body.update(
            permission=_PERMISSION_FIELD.get(role, role), role_name=role, user=self._user(username)
        )
        return 200, body, {}

    # ------------------------------------------------------------------ handlers: issues

    def add_issue(self, repo: FakeRepo, login: str, title: str, body: str) -> int:
        """An issue opened by `login` (a person, or a bot like `x[bot]`)."""
        with self.lock:
            return self._new_issue(repo, login, title, body)["number"]

    def issues_of(self, repo: FakeRepo) -> list[dict[str, Any]]:
        """Every issue of `repo` (open and closed), oldest first."""
        with self.lock:
            return [dict(issue) for _, issue in sorted(repo.issues.items())]

    def _new_issue(self, repo: FakeRepo, login: str, title: str, body: str) -> dict[str, Any]:
        number = max([0, *repo.pulls, *repo.issues]) + 1
        now = _now()
        issue = {"number": number, "id": next(self.ids), "title": title, "body": body,
                 "login": login, "state": "open", "state_reason": None, "created_at": now,
                 "updated_at": now, "edits": 0}
        repo.issues[number] = issue
        return issue

    def _issue_body(self, repo: FakeRepo, issue: dict[str, Any]) -> dict[str, Any]:
        name, number = repo.full_name, issue["number"]
        return {
            "id": issue["id"], "node_id": f"I_{issue['id']}", "number": number,
            "url": f"{self.url}/repos/{name}/issues/{number}",
            "repository_url": f"{self.url}/repos/{name}",
            "html_url": f"{shapes.HTML}/{name}/issues/{number}",
            "comments_url": f"{self.url}/repos/{name}/issues/{number}/comments",
            "title": issue["title"], "body": issue["body"], "state": issue["state"],
            "state_reason": issue["state_reason"], "user": self._user(issue["login"]),
            "labels": [], "assignees": [], "locked": False,
            "comments": len(self.comments(repo, number)),
            "created_at": issue["created_at"], "updated_at": issue["updated_at"],
            "closed_at": issue["updated_at"] if issue["state"] == "closed" else None,
            "author_association": "NONE",
        }

    def _list_issues(self, who: Identity, owner: str, repo: str) -> Answer:
        """Issues and pull requests, as GitHub lists them (`state`, `creator` filters)."""
        found = self._repo(owner, repo)
        if found is None:
            return _not_found()
        state = request.args.get("state", "open")
        creator = request.args.get("creator")
        issues = [
            self._issue_body(found, i) for _, i in sorted(found.issues.items())
            if state in ("all", i["state"]) and creator in (None, i["login"])
        ]
        pulls = [
            {**self._issue_body(found, self._pull_as_issue(p)),
             "pull_request": {"url": f"{self.url}/repos/{found.full_name}/pulls/{p.number}"}}
            for p in found.pulls.values()
            if state in ("all", p.state) and creator in (None, p.author)
        ]
        items = sorted(issues + pulls, key=lambda i: -int(i["number"]))  # newest first
        return self._page(items)

    def _pull_as_issue(self, pull: FakePull) -> dict[str, Any]:
        return {"number": pull.number, "id": pull.number, "title": pull.title, "body": "",
                "login": pull.author, "state": pull.state, "state_reason": None,
                "created_at": _now(), "updated_at": _now()}

    def _create_issue(self, who: Identity, owner: str, repo: str) -> Answer:
        found = self._repo(owner, repo)
        data = _input()
        if found is None:
            return _not_found()
        title, body = data.get("title"), data.get("body", "")
        if not isinstance(title, str) or not title:
            return _unprocessable("title is missing")
        if not isinstance(body, str) or len(body) > 65536:
            return _unprocessable("Body is too long (maximum is 65536 characters)")
        return 201, self._issue_body(found, self._new_issue(found, who.login, title, body)), {}

    def _edit_issue(self, who: Identity, owner: str, repo: str, number: str) -> Answer:
        found = self._repo(owner, repo)
        issue = found.issues.get(int(number)) if found and number.isdigit() else None
        if found is None or issue is None:
            return _not_found()
        data = _input()
        if "body" in data and (not isinstance(data["body"], str) or len(data["body"]) > 65536):
            return _unprocessable("Body is too long (maximum is 65536 characters)")
        if data.get("state") not in (None, "open", "closed"):
            return _unprocessable("state must be open or closed")
        for key in ("title", "body", "state", "state_reason"):
            if key in data:
                issue[key] = data[key]
        issue["edits"] += 1
        issue["updated_at"] = _now()
        return 200, self._issue_body(found, issue), {}

    def _list_pulls(self, who: Identity, owner: str, repo: str) -> Answer:
        found = self._repo(owner, repo)
        if found is None:
            return _not_found()
        state, base = request.args.get("state", "open"), request.args.get("base")
        pulls = [
            self._pull_body(found, p) for n, p in sorted(found.pulls.items(), reverse=True)
            if state in ("all", p.state) and base in (None, p.base_ref)
        ]
        return self._page(pulls)

    # ------------------------------------------------------------------ pagination

    def _page(self, items: list[Any]) -> Answer:
        per_page = min(100, max(1, int(request.args.get("per_page", 30))))
        page = max(1, int(request.args.get("page", 1)))
        last = max(1, -(-len(items) // per_page))
        chunk = items[(page - 1) * per_page : page * per_page]
        links = [(page + 1, "next"), (last, "last")] if page < last else []
        if page > 1:
            links += [(page - 1, "prev"), (1, "first")]
        base = f"http://{request.host}{request.path}"
        header = ", ".join(
            f'<{base}?{urlencode({**request.args, "page": p, "per_page": per_page})}>; rel="{rel}"'
            for p, rel in links
        )
        return 200, chunk, ({"Link": header} if header else {})


class _QuietHandler(WSGIRequestHandler):
    """No access log on stderr: `log` and the counters say what happened."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def _converter(match: re.Match[str]) -> str:
    name = match.group(1)
    return f"<path:{name}>" if name in ("path", "basehead") else f"<{name}>"


def _check_problem(data: dict[str, Any], output: dict[str, Any]) -> str:
    if not data.get("name") or not data.get("head_sha"):
        return "name and head_sha are required"
    if data.get("status") == "completed" and data.get("conclusion") not in (
        "success",
        "failure",
        "neutral",
        "cancelled",
        "skipped",
        "timed_out",
        "action_required",
    ):
        return "a completed check run needs a valid conclusion"
    annotations = output.get("annotations") or []
    if annotations and not (output.get("title") and output.get("summary")):
        return "output.title and output.summary are required with annotations"
    if len(annotations) > 50:
        return "Only 50 annotations can be sent per request"
    for text in (output.get("summary") or "", output.get("text") or ""):
        if len(text) > 65535:
            return "output.summary and output.text are limited to 65535 characters"
    return ""


def _input() -> dict[str, Any]:
    data = request.get_json(silent=True)
    return data if isinstance(data, dict) else {}


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _not_found() -> Answer:
    return 404, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}, {}


def _unprocessable(message: str) -> Answer:
    return 422, {"message": "Validation Failed", "errors": [message]}, {}


_remaining = itertools.count(4999, -1)


def _rate_headers() -> dict[str, str]:
    return {
        "X-RateLimit-Limit": "5000",
        "X-RateLimit-Remaining": str(max(1, next(_remaining))),
        "X-RateLimit-Reset": str(int(time.time()) + 3600),
        "X-RateLimit-Resource": "core",
    }


def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    data = b"" if body is None else json.dumps(body).encode()
    merged = _rate_headers() | (headers or {})
    return Response(data, status, headers=merged, mimetype="application/json")
