"""Comment commands in the worker: 👀 at once, who may ask, each command's handler, and the
review they ask for.

The web process could not call GitHub, so the 👀 acknowledgement is the first thing the
job does. What each command does is its handler's business (bot/commands); this module runs
them the same way for every command: permission from the API (write, maintain or admin;
the PR's author may always act on their own PR), one polite refusal for commands the
commenter may not run, and at most one review however many commands asked for one.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.commands import Asked, CommandSpec, Who, command
from bot.fetch import load_base_config
from bot.github.errors import GitHubError, NotFound
from bot.github.protocol import Gateway
from bot.github.types import PullRequest
from bot.jobs.job import CommandJob, ReviewJob
from bot.jobs.quota import FRESH_LINKS_EVERY_SECONDS, RECHECK_EVERY_SECONDS, Quota
from bot.jobs.runner import Ran, Runner
from bot.jobs.store import DONE, FAILED, PENDING
from bot.report import templates

LOG = logging.getLogger(__name__)

ALLOWED_ROLES = frozenset({"admin", "maintain", "write"})

EYES, ROCKET, THUMBS_DOWN, CONFUSED = "eyes", "rocket", "-1", "confused"


@dataclass
class Call:
    """One command comment as its handlers see it: a bot.commands.CommandCall (mypy checks
    it where the handlers are called)."""

    runner: Runner
    job: CommandJob
    gateway: Gateway
    _role: str | None = field(default=None, repr=False)
    _pull: PullRequest | None = field(default=None, repr=False)

    def allowed(self, name: str) -> bool:
        return self.runner.store.allow(name, self.runner.clock(), RECHECK_EVERY_SECONDS)

    def quota(self) -> Quota:
        return Quota(self.runner.store, self.runner.clock, self.job.repo, self.job.pr_number)

    def reply(self, body: str) -> None:
        self.gateway.create_comment(self.job.repo, self.job.pr_number, body)

    def list_files(self) -> tuple[str, ...]:
        """From `.github/awesome-review.yml` at the PR's base, as its review reads them."""
        config, _ = load_base_config(self.gateway, self.pull())
        return config.files

    def pull(self, fresh: bool = False) -> PullRequest:
        """The pull request, read once per job (again when `fresh`: after we pushed to it)."""
        if self._pull is None or fresh:
            self._pull = self.gateway.pull_request(self.job.repo, self.job.pr_number)
        return self._pull

    def react(self, content: str) -> None:
        self.gateway.add_reaction(self.job.repo, self.job.comment_id, content)

    def may(self, spec: CommandSpec) -> bool:
        if spec.who is Who.ANYONE:
            return True
        job = self.job
        author = job.commenter.lower() == (job.pr_author or "").lower()
        if author and spec.who is Who.AUTHOR_OR_WRITER:
            return True
        return self.role() in ALLOWED_ROLES

    def role(self) -> str:
        """The commenter's permission on the repo, asked once per job."""
        if self._role is None:
            try:
                self._role = self.gateway.permission(self.job.repo, self.job.commenter)
            except NotFound:  # not a collaborator of a private repository
                self._role = "none"
        return self._role


@dataclass(frozen=True)
class CommandRunner:
    """Runs a command comment's job; the review it asks for goes through the Runner."""

    runner: Runner

    def run(self, job: CommandJob) -> str:
        wanted = self.runner.store.wanted(job.key)
        if wanted is not None and wanted.state != PENDING:
            return Ran.ALREADY_DONE.value  # the sweep found it after it finished
        try:
            gateway = self.runner.gateways.for_installation(job.installation_id)
            result, review = self._obey(Call(self.runner, job, gateway))
        except GitHubError as exc:
            return self._failed(job, exc)
        self.runner.store.finish(job.key, job.seq, DONE, self.runner.clock())
        if review is not None:  # recorded as wanted: from here the Runner owns it
            return self.runner.run(review, gateway).value
        return result

    def _obey(self, call: Call) -> tuple[str, ReviewJob | None]:
        specs = _known(call.job)
        refused = [spec for spec in specs if not call.may(spec)]
        if not refused:
            call.react(EYES)  # a refused command gets 👎 only: the refusal answers it
        asked = [(spec, spec.handler(call)) for spec in specs if spec not in refused]
        if refused:
            self._refuse(call, refused)
            return "refused", None
        reviews = [(spec, a) for spec, a in asked if a.review]
        if not reviews:
            call.react(ROCKET)
            return (specs[0].name if specs else "nothing"), None
        return self._review(call, reviews)

    def _refuse(self, call: Call, refused: Sequence[CommandSpec]) -> None:
        job = call.job
        if call.quota().refusal_reply(job.commenter):  # once per person per PR an hour
            author_may = refused[0].who is not Who.WRITER
            call.reply(
                templates.refusal_reply(job.commenter, refused[0].usage, job.repo, author_may)
            )
        call.react(THUMBS_DOWN)
        LOG.info("%s#%d: %s may not run %s; refused", job.repo, job.pr_number, job.commenter,
                 ", ".join(s.usage for s in refused), extra={"delivery": job.delivery_id})

    def _review(
        self, call: Call, reviews: Sequence[tuple[CommandSpec, Asked]]
    ) -> tuple[str, ReviewJob | None]:
        job = call.job
        pull = call.pull(fresh=any(asked.head_moved for _, asked in reviews))
        if pull.state != "open":
            return "closed", None
        quota = call.quota()
        if not quota.recheck():
            if quota.too_soon_reply():  # one reply per window, however often it is asked
                call.reply(templates.recheck_too_soon(job.commenter, int(RECHECK_EVERY_SECONDS)))
            call.react(CONFUSED)
            LOG.info("%s#%d: recheck within %.0fs of the last; skipped", job.repo,
                     job.pr_number, RECHECK_EVERY_SECONDS, extra={"delivery": job.delivery_id})
            return "rate-limited", None
        review = ReviewJob(
            installation_id=job.installation_id, repo=job.repo, pr_number=job.pr_number,
            base_sha=pull.base_sha, head_sha=pull.head_sha, trigger=reviews[0][0].name,
            delivery_id=job.delivery_id, comment_id=job.comment_id,
            # A links-only recheck beside a full one is covered by the full one.
            links_only=all(asked.links_only for _, asked in reviews) and _fresh_links(call, quota),
        )
        now = self.runner.clock()
        lease_until = now + self.runner.settings.lease_seconds
        return "recheck", self.runner.store.want(review, now, lease_until)

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


def _fresh_links(call: Call, quota: Quota) -> bool:
    """Links are fetched afresh within the PR's budget; past it, from the cache."""
    if quota.fresh_links():
        return True
    job = call.job
    if quota.cached_links_reply():
        minutes = int(FRESH_LINKS_EVERY_SECONDS // 60)
        call.reply(templates.links_recheck_cached(job.commenter, minutes))
    LOG.info("%s#%d: fresh link checks spent for now; cached results used", job.repo,
             job.pr_number, extra={"delivery": job.delivery_id})
    return False


def _known(job: CommandJob) -> list[CommandSpec]:
    """The job's commands from the table; a name it does not know (a job queued by another
    version) is logged and skipped."""
    specs = []
    for name in job.commands:
        spec = command(name)
        if spec is None:
            LOG.warning("%s#%d: unknown command %r skipped", job.repo, job.pr_number, name,
                        extra={"delivery": job.delivery_id})
        else:
            specs.append(spec)
    return specs
