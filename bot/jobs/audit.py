"""The scheduled audit: every installed repository whose config asks for it (`audit: {every:
7d}`) gets its whole list checked once per period, and one issue kept up to date.

A periodic task scans the installations (one worker per scan interval, whatever the number
of workers: the store's `allow` is atomic) and queues one audit job per repository; the job
reads the config at the default branch's head and runs only when the repository's period
has passed — again decided by `allow`, so two workers never run the same audit twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime

from bot.audit import Health, assess, audit_urls
from bot.config import AuditOptions, Config
from bot.fetch import config_at, decode_text
from bot.github.auditissue import IssueAction, sync_audit_issue
from bot.github.protocol import Gateway, Gateways
from bot.jobs.job import AuditJob
from bot.jobs.store import Store
from bot.parse import parse
from bot.pipeline import LinkChecker, installation_asker
from bot.report import templates as t
from bot.report.health import render_health
from bot.settings import Settings

LOG = logging.getLogger(__name__)

SCAN_LOCK = "audit:scan"
MAX_LIST_BYTES = 5 * 1024 * 1024


Enqueue = Callable[[AuditJob], None]


class Auditor:
    """Scans installations for audits to run, and runs one."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        gateways: Gateways,
        link_checker: LinkChecker | None,
        enqueue: Enqueue,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.store = store
        self.gateways = gateways
        self.link_checker = link_checker
        self.enqueue = enqueue
        self.clock = clock
        # A process scans only after one interval: starting (or restarting) workers does not
        # send a burst of GitHub requests; audits are weekly things, an hour does not matter.
        self.not_before = clock() + settings.audit_scan_seconds

    def scan(self) -> int:
        """Queue an audit job for every installed repository (at most once per interval
        across all workers); returns how many were queued."""
        now = self.clock()
        if now < self.not_before or not self.store.allow(
            SCAN_LOCK, now, self.settings.audit_scan_seconds
        ):
            return 0
        queued = 0
        for installation in self.gateways.installations():  # none without App auth
            gateway = self.gateways.for_installation(installation)
            for repo in gateway.installation_repositories():
                self.enqueue(AuditJob(installation, repo))
                queued += 1
        LOG.info("audit scan: %d repositories queued", queued)
        return queued

    def run(self, job: AuditJob) -> str:
        """Audit one repository if its config asks for it and its period has passed."""
        gateway = self.gateways.for_installation(job.installation_id)
        _, sha = gateway.default_branch(job.repo)
        config = self._config(gateway, job.repo, sha)
        audit = config.option(AuditOptions) if config is not None else AuditOptions()
        if config is None or audit.every is None:
            return "off"
        if not self.store.allow(f"audit:{job.repo}", self.clock(), audit.every):
            return "not due"
        asker = installation_asker(job.installation_id)
        healths = [h for h in self._assess(gateway, job.repo, sha, config, asker) if h is not None]
        if not audit.issue:
            return "audited"
        action = sync_audit_issue(gateway, job.repo, self._body(job.repo, sha, healths),
                                  _closing(healths))
        LOG.info("audit of %s at %s: issue %s", job.repo, sha[:7], action.value)
        return f"issue {action.value}" if action is not IssueAction.NONE else "healthy"

    def _config(self, gateway: Gateway, repo: str, sha: str) -> Config | None:
        """The config, or None when there is none or it is broken (the audit is opt-in)."""
        config, problem, found = config_at(gateway, repo, sha)
        return config if found and problem is None else None

    def _assess(
        self, gateway: Gateway, repo: str, sha: str, config: Config, asker: str | None
    ) -> list[Health | None]:
        """The health of each list file named exactly in `files:` (globs are not walked)."""
        return [self._file(gateway, repo, sha, path, config, asker)
                for path in config.files if not any(c in path for c in "*?[")]

    def _file(
        self, gateway: Gateway, repo: str, sha: str, path: str, config: Config, asker: str | None
    ) -> Health | None:
        found = gateway.file_content(repo, path, sha)
        if found is None or len(found.data) > MAX_LIST_BYTES:
            return None
        text, _ = decode_text(found.data)
        if text is None:
            return None
        document = parse(text)
        urls = audit_urls(document, config)
        results = {}
        if self.link_checker is not None and urls:
            results = dict(
                self.link_checker(urls, config, False, github_token=gateway.token, asker=asker)
            )
        return assess(path, document, config, results, datetime.fromtimestamp(self.clock(), UTC))

    def _body(self, repo: str, sha: str, healths: list[Health]) -> str | None:
        """The issue's body, or None when every file is healthy."""
        if all(h.healthy for h in healths):
            return None
        html = html_url(self.settings.api_url)
        parts = [t.AUDIT_MARKER]
        for health in healths:
            def line_link(line: int, path: str = health.path) -> str:
                return f"{html}/{repo}/blob/{sha}/{path}#L{line}"

            parts.append(render_health(health, line_link, marker=False))
        parts.append(t.audit_issue_footer(sha[:7]))
        return "\n\n".join(p.strip() for p in parts) + "\n"


def _closing(healths: list[Health]) -> str:
    return t.audit_issue_closed(sum(h.links for h in healths), sum(h.papers for h in healths))


def html_url(api_url: str) -> str:
    """github.com for api.github.com; https://HOST for GitHub Enterprise's https://HOST/api/v3."""
    if api_url.rstrip("/") == "https://api.github.com":
        return "https://github.com"
    return api_url.rstrip("/").removesuffix("/api/v3")
