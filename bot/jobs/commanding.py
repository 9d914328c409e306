"""Comment commands in the worker: 👀 at once, who may ask, `/help`, and the recheck itself.

The web process could not call GitHub, so the 👀 acknowledgement is the first thing the
job does. Permission is asked through the API (write, maintain or admin), never guessed
from `author_association`; the PR's author may always recheck their own PR.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from bot.commands import Command
from bot.github.errors import GitHubError, NotFound
from bot.github.protocol import Gateway
from bot.jobs.job import CommandJob, ReviewJob
from bot.jobs.runner import Ran, Runner
from bot.jobs.store import DONE, FAILED, PENDING

LOG = logging.getLogger(__name__)

ALLOWED_ROLES = frozenset({"admin", "maintain", "write"})
RECHECK_EVERY_SECONDS = 30.0  # at most one recheck (and one /help reply) per PR per 30 s

EYES, ROCKET, THUMBS_DOWN, CONFUSED = "eyes", "rocket", "-1", "confused"


class CommandTexts(Protocol):
    """The replies a command can get; part A's templates own the words."""

    def help_reply(self, app_login: str) -> str: ...

    def refusal(self, user: str, command: str, repo: str) -> str: ...

    def too_soon(self, user: str, seconds: int) -> str: ...


@dataclass(frozen=True)
class CommandRunner:
    """Runs a command comment's job; the review it asks for goes through the Runner."""

    runner: Runner
    texts: CommandTexts

    def run(self, job: CommandJob) -> str:
        wanted = self.runner.store.wanted(job.key)
        if wanted is not None and wanted.state != PENDING:
            return Ran.ALREADY_DONE.value  # the sweep found it after it finished
        try:
            gateway = self.runner.gateways.for_installation(job.installation_id)
            gateway.add_reaction(job.repo, _comment_id(job), EYES)
            result, review = self._obey(job, gateway)
        except GitHubError as exc:
            return self._failed(job, exc)
        self.runner.store.finish(job.key, job.seq, DONE, self.runner.clock())
        if review is not None:  # recorded as wanted: from here the Runner owns it
            return self.runner.run(review, gateway).value
        return result

    def _obey(self, job: CommandJob, gateway: Gateway) -> tuple[str, ReviewJob | None]:
        commands = {Command(c) for c in job.commands}
        if Command.HELP in commands:
            self._help(job, gateway)
        if not commands & {Command.RECHECK, Command.RECHECK_LINKS}:
            gateway.add_reaction(job.repo, _comment_id(job), ROCKET)
            return "help", None
        if not self._may_recheck(job, gateway):
            command = "/recheck links" if _links_only(job) else "/recheck"
            text = self.texts.refusal(job.commenter, command, job.repo)
            gateway.create_comment(job.repo, job.pr_number, text)
            gateway.add_reaction(job.repo, _comment_id(job), THUMBS_DOWN)
            LOG.info("%s#%d: %s may not recheck; refused", job.repo, job.pr_number,
                     job.commenter, extra={"delivery": job.delivery_id})
            return "refused", None
        return self._recheck(job, gateway)

    def _help(self, job: CommandJob, gateway: Gateway) -> None:
        if self._allowed(f"help:{job.repo}#{job.pr_number}"):
            gateway.create_comment(job.repo, job.pr_number, self.texts.help_reply(gateway.login))

    def _may_recheck(self, job: CommandJob, gateway: Gateway) -> bool:
        commenter = (job.commenter).lower()
        if commenter and commenter == (job.pr_author or "").lower():
            return True
        try:
            role = gateway.permission(job.repo, job.commenter)
        except NotFound:  # not a collaborator of a private repository
            role = "none"
        return str(role) in ALLOWED_ROLES

    def _recheck(self, job: CommandJob, gateway: Gateway) -> tuple[str, ReviewJob | None]:
        pull = gateway.pull_request(job.repo, job.pr_number)
        if pull.state != "open":
            return "closed", None
        if not self._allowed(f"recheck:{job.repo}#{job.pr_number}"):
            text = self.texts.too_soon(job.commenter, int(RECHECK_EVERY_SECONDS))
            gateway.create_comment(job.repo, job.pr_number, text)
            gateway.add_reaction(job.repo, _comment_id(job), CONFUSED)
            LOG.info("%s#%d: recheck within %.0fs of the last; skipped", job.repo,
                     job.pr_number, RECHECK_EVERY_SECONDS, extra={"delivery": job.delivery_id})
            return "rate-limited", None
        review = ReviewJob(
            installation_id=job.installation_id, repo=job.repo, pr_number=job.pr_number,
            base_sha=pull.base_sha, head_sha=pull.head_sha, trigger=job.trigger,
            delivery_id=job.delivery_id, links_only=_links_only(job), comment_id=job.comment_id,
        )
        now = self.runner.clock()
        lease_until = now + self.runner.settings.lease_seconds
        return "recheck", self.runner.store.want(review, now, lease_until)

    def _allowed(self, name: str) -> bool:
        return self.runner.store.allow(name, self.runner.clock(), RECHECK_EVERY_SECONDS)

    def _failed(self, job: CommandJob, exc: GitHubError) -> str:
        runner = self.runner
        if exc.retryable and job.attempt + 1 < runner.retry.attempts:
            delay = runner.retry.delay(job.attempt, getattr(exc, "retry_after", None))
            LOG.warning("%s#%d: command %s: GitHub failed (%s); retry in %.1fs", job.repo,
                        job.pr_number, ",".join(job.commands), exc, delay,
                        extra={"delivery": job.delivery_id})
            runner.enqueue_again(job.retried(), delay)
            return Ran.RETRY.value
        LOG.error("%s#%d: gave up on command %s: %s", job.repo, job.pr_number,
                  ",".join(job.commands), exc, extra={"delivery": job.delivery_id})
        runner.store.finish(job.key, job.seq, FAILED, runner.clock())
        return Ran.GAVE_UP.value


def _comment_id(job: CommandJob) -> int:
    return job.comment_id


def _links_only(job: CommandJob) -> bool:
    """`/recheck links` alone re-checks only the links; with `/recheck` it is a full review."""
    return Command.RECHECK_LINKS in job.commands and Command.RECHECK not in job.commands
