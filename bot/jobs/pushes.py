"""Re-reviews after the default branch moved: the open pull requests that change a list file
the push changed are reviewed again, as merged into the branch as it is now — so a duplicate
that only exists because two pull requests were merged in turn is caught before the second
merge. Bounded: at most `push_rereview_max` pull requests per push, queued behind other work,
one wanted review per pull request (a newer push or commit supersedes it).
"""

from __future__ import annotations

import logging

from bot.config import Config
from bot.fetch import config_at
from bot.github.errors import GitHubError
from bot.github.protocol import Gateway
from bot.jobs.job import BASE_MOVED, PushJob, ReviewJob
from bot.jobs.runner import Runner
from bot.jobs.store import DONE, FAILED

LOG = logging.getLogger(__name__)

REREVIEW_DELAY = 2.0  # seconds: re-reviews wait behind reviews a person is waiting for
REREVIEW_PRIORITY = -10


class PushRunner:
    """Turns one push to the default branch into re-review jobs."""

    def __init__(self, runner: Runner) -> None:
        self.runner = runner

    def run(self, job: PushJob) -> str:
        store, now = self.runner.store, self.runner.clock()
        wanted = store.wanted(job.key)
        if wanted is not None and wanted.state != "pending" and wanted.seq == job.seq:
            return "already done"
        try:
            queued = self._rereview(job)
        except GitHubError as exc:
            if exc.retryable and job.attempt + 1 < self.runner.retry.attempts:
                delay = self.runner.retry.delay(job.attempt, None)
                self.runner.enqueue_again(job.retried(), delay)
                return "retry"
            LOG.error("%s: re-reviews after push %s failed: %s", job.repo, job.head_sha[:7], exc)
            store.finish(job.key, job.seq, FAILED, now)
            return "failed"
        store.finish(job.key, job.seq, DONE, self.runner.clock())
        LOG.info("%s: push %s: %d pull requests to review again", job.repo, job.head_sha[:7],
                 queued, extra={"delivery": job.delivery_id})
        return f"{queued} re-reviews"

    def _rereview(self, job: PushJob) -> int:
        gateway = self.runner.gateways.for_installation(job.installation_id)
        config, _, _ = config_at(gateway, job.repo, job.head_sha)  # broken: the defaults
        changed = _changed_lists(gateway, job, config)
        if not changed:
            return 0
        branch, _ = gateway.default_branch(job.repo)
        limit = self.runner.settings.push_rereview_max
        queued = 0
        for pull in gateway.open_pulls(job.repo, branch, limit):
            files = gateway.pull_files(job.repo, pull.number)
            if not any(f.path in changed or f.previous_path in changed for f in files):
                continue
            self._queue(job, pull.number, pull.head_sha)
            queued += 1
        return queued

    def _queue(self, push: PushJob, number: int, head_sha: str) -> None:
        """The PR's wanted review becomes this re-review (one per PR), queued last."""
        now = self.runner.clock()
        review = ReviewJob(
            installation_id=push.installation_id, repo=push.repo, pr_number=number,
            base_sha=push.head_sha, head_sha=head_sha, trigger=BASE_MOVED,
            delivery_id=f"{push.delivery_id}:{number}",
        )
        numbered = self.runner.store.want(review, now, now + self.runner.settings.lease_seconds)
        self.runner.queue.enqueue(numbered, REREVIEW_DELAY, REREVIEW_PRIORITY)


def _changed_lists(gateway: Gateway, job: PushJob, config: Config) -> set[str]:
    """The list files (named exactly in `files:`) whose content the push changed."""
    changed: set[str] = set()
    for path in config.files:
        if any(c in path for c in "*?["):
            continue
        before = gateway.file_content(job.repo, path, job.base_sha)
        after = gateway.file_content(job.repo, path, job.head_sha)
        if after is not None and (before is None or before.data != after.data):
            changed.add(path)
    return changed
