"""The pure middle: text in, findings out. parse → diff → checks, no I/O."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache

from bot import config as config_file
from bot.checks import CHECKS, SCHEMA, Check, Context
from bot.checks.awesome_lint import lint_ids_of
from bot.checks.controls import apply_controls
from bot.checks.internal import STOPPED, crashed, stopped
from bot.config import DEFAULT, Config
from bot.deadline import Deadline, DeadlinePassed
from bot.diff import diff_documents
from bot.model import Diff, Document, Finding, LinkResult, Severity
from bot.parse import parse

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class Review:
    """The outcome of one review: the findings, and what they were found in."""

    findings: tuple[Finding, ...]
    head: Document
    base: Document | None
    diff: Diff

    @property
    def stopped(self) -> bool:
        """The deadline passed before every check ran: findings may be missing."""
        return any(f.rule == STOPPED.code for f in self.findings)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def failed(self) -> bool:
        return self.count(Severity.ERROR) > 0


def load_config(text: str | bytes | None) -> Config:
    """Read a `.github/awesome-review.yml` against what the registered checks accept;
    ConfigError names the key that is wrong."""
    return config_file.load_config(text, SCHEMA)


def review_texts(
    head_text: str,
    base_text: str | None = None,
    config: Config = DEFAULT,
    link_results: Mapping[str, LinkResult] | None = None,
    deadline: Deadline | None = None,
    changed_files: tuple[str, ...] | None = None,
) -> Review:
    """Review `head_text`; with `base_text`, judge only what changed since it."""
    head = parse(head_text)
    base = parse(base_text) if base_text is not None else None
    return review_documents(
        head, base, config, link_results, deadline=deadline, changed_files=changed_files
    )


def review_documents(
    head: Document,
    base: Document | None,
    config: Config = DEFAULT,
    link_results: Mapping[str, LinkResult] | None = None,
    diff: Diff | None = None,
    deadline: Deadline | None = None,
    changed_files: tuple[str, ...] | None = None,
) -> Review:
    """Review parsed documents; `diff` is base × head when the caller already made it;
    `changed_files` are the paths the pull request touches (None: not known).

    Past `deadline` (counted from before parsing, when the caller made it then), the checks
    not yet run are skipped and one finding says which, so the review is never `success`."""
    diff = diff if diff is not None else diff_documents(base, head)
    ctx = Context(
        head=head, base=base, diff=diff, config=config,
        link_results=link_results or {}, deadline=deadline, changed_files=changed_files,
    )
    findings: list[Finding] = []
    cut: list[Finding] = []  # not subject to the list's control comments: the PR wrote those
    for index, check in enumerate(CHECKS):
        try:
            if deadline is not None:
                deadline.check()
            findings.extend(_run_isolated(check, ctx))
        except DeadlinePassed:
            assert deadline is not None
            cut.append(stopped([c.name for c in CHECKS[index:]], deadline))
            break
    findings = apply_controls(findings, head.controls, _rule_ids) + cut
    return Review(tuple(sorted(findings, key=_order)), head, base, diff)


def _run_isolated(check: Check, ctx: Context) -> list[Finding]:
    """Run one check; a crash becomes one internal-error finding and the rest goes on."""
    try:
        raw = list(check.run(ctx))
    except DeadlinePassed:  # a check that polls the deadline gave up part-way: not a crash
        raise
    except Exception as exc:  # a bug in one check must not cost the whole review
        LOG.exception("check %s crashed", check.name)
        return [crashed(check.name, exc)]
    return [f for f in (_configured(f, check, ctx.config) for f in raw) if f is not None]


def _configured(finding: Finding, check: Check, config: Config) -> Finding | None:
    """Apply the repo's on/off and severity overrides to one finding."""
    try:
        rule = check.rule(finding.rule)
    except KeyError:
        return finding
    setting = config.setting(rule.code, rule.name)
    if not setting.enabled:
        return None
    if setting.severity is not None and setting.severity is not finding.severity:
        return replace(finding, severity=setting.severity)
    return finding


@cache
def _rule_ids(code: str) -> frozenset[str]:
    """Every lower-case id a control comment may name rule `code` by."""
    names = {rule.name for check in CHECKS for rule in check.rules if rule.code == code}
    return frozenset({code.lower(), *names, *lint_ids_of(code)})


def _order(finding: Finding) -> tuple[int, int, str]:
    return (finding.line, finding.severity.rank, finding.rule)
