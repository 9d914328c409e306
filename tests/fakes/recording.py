"""Stand-ins for the seams a worker runs with — the GitHub gateway, the gateways per
installation, the pipeline and the link checker — for tests of the job layer, where the fake GitHub server
would only slow them down. Each subclasses its protocol, so mypy (its `files` include this
module) holds it to the real one's signatures."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from bot.config import Config
from bot.github.errors import GitHubError, NotFound
from bot.github.protocol import Gateway, Gateways
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
from bot.jobs.job import ReviewJob
from bot.jobs.runner import Pipeline
from bot.model import LinkResult
from bot.pipeline import LinkChecker, Outcome, OutcomeKind
from bot.settings import Settings


@dataclass
class RecordingGateway(Gateway):
    """Records the calls the runner makes; `fail` makes a method raise. Declared against the
    Gateway protocol, so mypy holds it to the real gateway's signatures."""

    login: str = "awesome-review[bot]"
    token: str | None = None
    roles: dict[str, str] = field(default_factory=dict)
    head_sha: str = "f" * 40
    files: dict[str, bytes] = field(default_factory=dict)  # path → content at every ref
    calls: list[tuple[object, ...]] = field(default_factory=list)
    fail: dict[str, GitHubError] = field(default_factory=dict)
    rate_limit: int | None = None  # X-RateLimit-Remaining of the "latest answer"
    repositories: list[str] = field(default_factory=list)  # what the installation sees
    issues: list[Issue] = field(default_factory=list)  # open issues, whoever opened them
    pulls: list[OpenPull] = field(default_factory=list)  # open pull requests into main

    def _call(self, name: str, *args: object) -> None:
        self.calls.append((name, *args))
        if name in self.fail:
            raise self.fail[name]

    def named(self, name: str) -> list[tuple[object, ...]]:
        return [c for c in self.calls if c[0] == name]

    def rate_limit_remaining(self) -> int | None:
        return self.rate_limit

    def pull_request(self, repo: str, number: int) -> PullRequest:
        self._call("pull_request", number)
        return PullRequest(repo, number, "open", "alice", self.head_sha, "e" * 40, "main",
                           repo, "", "")

    def pull_files(self, repo: str, number: int) -> list[PullFile]:
        self._call("pull_files", number)
        return []

    def merge_base(self, repo: str, base_sha: str, head_sha: str) -> str:
        self._call("merge_base", base_sha, head_sha)
        return base_sha

    def file_content(self, repo: str, path: str, ref: str) -> FileContent | None:
        self._call("file_content", path, ref)
        data = self.files.get(path)
        return None if data is None else FileContent(path, "0" * 40, len(data), data)

    def issue_comments(self, repo: str, number: int) -> list[Comment]:
        self._call("issue_comments", number)
        return []

    def review_comments(self, repo: str, number: int) -> list[ReviewComment]:
        self._call("review_comments", number)
        return []

    def reviews(self, repo: str, number: int) -> list[Review]:
        self._call("reviews", number)
        return []

    def permission(self, repo: str, user: str) -> str:
        self._call("permission", user)
        return self.roles.get(user, "read")

    def create_comment(self, repo: str, number: int, body: str) -> Comment:
        self._call("comment", number, body)
        return Comment(1, self.login, body, "")

    def edit_comment(self, repo: str, comment_id: int, body: str) -> Comment:
        self._call("edit_comment", comment_id, body)
        return Comment(comment_id, self.login, body, "")

    def delete_comment(self, repo: str, comment_id: int) -> None:
        self._call("delete_comment", comment_id)

    def add_reaction(self, repo: str, comment_id: int, content: str) -> None:
        self._call("reaction", comment_id, content)

    def create_check_run(
        self, repo: str, head_sha: str, name: str, conclusion: str, output: dict[str, str],
        annotations: Sequence[Annotation] = (), details_url: str | None = None,
    ) -> CheckRunResult:
        self._call("check_run", head_sha, name, conclusion, output)
        return CheckRunResult(1, "")

    def add_annotations(self, repo: str, check_run_id: int, output: dict[str, str],
                        annotations: Sequence[Annotation]) -> None:
        self._call("add_annotations", check_run_id, len(annotations))

    def check_runs(self, repo: str, head_sha: str, name: str) -> list[CheckRunSeen]:
        self._call("check_runs", head_sha, name)
        return []

    def conclude_check_run(self, repo: str, check_run_id: int, conclusion: str,
                           output: dict[str, str]) -> None:
        self._call("conclude_check_run", check_run_id, conclusion)

    def create_status(self, repo: str, sha: str, state: str, description: str, context: str,
                      target_url: str | None) -> None:
        self._call("status", repo, sha, state, description, context, target_url)

    def create_review(self, repo: str, number: int, commit_id: str, body: str,
                      comments: Sequence[InlineComment], event: str = "COMMENT") -> int:
        self._call("review", number, commit_id, len(comments))
        return 1

    def create_review_comment(self, repo: str, number: int, commit_id: str,
                              comment: InlineComment) -> int:
        self._call("review_comment", number, commit_id)
        return 1

    def edit_review(self, repo: str, number: int, review_id: int, body: str) -> None:
        self._call("edit_review", number, review_id, body)

    def delete_review_comment(self, repo: str, comment_id: int) -> None:
        self._call("delete_review_comment", comment_id)

    def update_file(self, repo: str, path: str, branch: str, message: str, data: bytes,
                    blob_sha: str) -> str:
        self._call("update_file", repo, path, branch, message, data, blob_sha)
        self.files[path] = data
        return "c" * 40

    def installation_repositories(self) -> list[str]:
        self._call("installation_repositories")
        return list(self.repositories)

    def default_branch(self, repo: str) -> tuple[str, str]:
        self._call("default_branch", repo)
        return "main", self.head_sha

    def open_issues(self, repo: str, creator: str) -> list[Issue]:
        self._call("open_issues", creator)
        return [i for i in self.issues if i.author == creator and i.state == "open"]

    def create_issue(self, repo: str, title: str, body: str) -> Issue:
        self._call("create_issue", title, body)
        number = max((i.number for i in self.issues), default=0) + 1
        issue = Issue(number, title, body, "open", self.login, f"https://github.com/{repo}/issues/{number}")
        self.issues.append(issue)
        return issue

    def edit_issue(
        self, repo: str, number: int, body: str | None = None, state: str | None = None
    ) -> Issue:
        self._call("edit_issue", number, body, state)
        for index, issue in enumerate(self.issues):
            if issue.number == number:
                self.issues[index] = replace(
                    issue, body=issue.body if body is None else body,
                    state=issue.state if state is None else state,
                )  # fmt: skip
                return self.issues[index]
        raise NotFound(f"no issue #{number}")

    def open_pulls(self, repo: str, base: str, limit: int) -> list[OpenPull]:
        self._call("open_pulls", base, limit)
        return [p for p in self.pulls if p.base_ref == base][:limit]


@dataclass
class FixedGateways(Gateways):
    """Hands out the one recording gateway, whatever the installation."""

    gateway: Gateway

    def for_installation(self, installation_id: int | None) -> Gateway:
        return self.gateway

    def installations(self) -> list[int]:
        return [1]


def no_links(urls: Sequence[str], config: Config, fresh: bool,
             github_token: str | None = None, asker: str | None = None) -> Mapping[str, LinkResult]:
    """A link checker for tests whose pipeline never asks one."""
    return {}


class NoGateways(Gateways):
    """An installation no gateway can be had for (App auth without an installation id)."""

    def for_installation(self, installation_id: int | None) -> Gateway:
        raise GitHubError("GitHub App auth needs the installation id from the webhook payload")

    def installations(self) -> list[int]:
        return []


@dataclass
class ScriptedPipeline(Pipeline):
    """Stands in for review_pull_request: raises the scripted errors, then succeeds."""

    errors: list[BaseException] = field(default_factory=list)
    runs: list[ReviewJob] = field(default_factory=list)
    during: Callable[[ReviewJob], None] | None = None

    def __call__(self, job: ReviewJob, gateway: Gateway, link_checker: LinkChecker | None,
                 settings: Settings) -> Outcome:
        self.runs.append(job)
        if self.during is not None:
            self.during(job)
        if self.errors:
            raise self.errors.pop(0)
        return Outcome(OutcomeKind.POSTED)
