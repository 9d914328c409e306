"""The pure middle: text in, findings out. parse → diff → checks, no I/O."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import cache

from bot import collector
from bot import config as config_file
from bot.checks import CHECKS, SCHEMA, Check, Context
from bot.checks.awesome_lint import lint_ids_of
from bot.checks.controls import apply_controls
from bot.checks.internal import MOST_PER_RULE, STOPPED, crashed, more, stopped
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
    with collector.paused():  # not once between parsing and judging: see bot.collector
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
    most_per_rule: int | None = MOST_PER_RULE,
) -> Review:
    """Review parsed documents; `diff` is base × head when the caller already made it;
    `changed_files` are the paths the pull request touches (None: not known); past
    `most_per_rule` findings of one rule, one finding counts the rest (None: all listed).

    Past `deadline` (counted from before parsing, when the caller made it then), the checks
    not yet run are skipped and one finding says which, so the review is never `success`."""
    with collector.paused():
        diff = diff if diff is not None else diff_documents(base, head)
        findings, cut = _run_checks(Context(
            head=head, base=base, diff=diff, config=config,
            link_results=link_results or {}, deadline=deadline, changed_files=changed_files,
        ))
    findings = _listed(apply_controls(findings, head.controls, _rule_ids), most_per_rule) + cut
    return Review(tuple(sorted(findings, key=_order)), head, base, diff)


def _run_checks(ctx: Context) -> tuple[list[Finding], list[Finding]]:
    """Every check's findings, and the one saying which were skipped past the deadline."""
    findings: list[Finding] = []
    for index, check in enumerate(CHECKS):
        try:
            if ctx.deadline is not None:
                ctx.deadline.check()
            findings.extend(_run_isolated(check, ctx))
        except DeadlinePassed:
            assert ctx.deadline is not None
            # not subject to the list's control comments: the PR wrote those
            return findings, [stopped([c.name for c in CHECKS[index:]], ctx.deadline)]
    return findings, []


def _run_isolated(check: Check, ctx: Context) -> list[Finding]:
    """Run one check; a crash becomes one internal-error finding and the rest goes on."""
    try:
        raw = list(check.run(ctx))
    except DeadlinePassed:  # a check that polls the deadline gave up part-way: not a crash
        raise
    except Exception as exc:  # a bug in one check must not cost the whole review
        LOG.exception("check %s crashed", check.name)
        return [crashed(check.name, exc)]
    configured = _configurer(check, ctx.config)
    return [f for f in map(configured, raw) if f is not None]


Setting = tuple[bool, Severity | None]  # a rule's (enabled, severity override)


def _configurer(check: Check, config: Config) -> Callable[[Finding], Finding | None]:
    """Applies the repo's on/off and severity overrides to one finding of `check`; each
    rule's setting is looked up once, not once per finding (a check may make 100,000)."""
    settings: dict[str, Setting | None] = {}

    def configured(finding: Finding) -> Finding | None:
        if finding.rule not in settings:
            settings[finding.rule] = _setting(check, config, finding.rule)
        setting = settings[finding.rule]
        if setting is None:
            return finding
        enabled, severity = setting
        if not enabled:
            return None
        if severity is not None and severity is not finding.severity:
            return replace(finding, severity=severity)
        return finding

    return configured


def _setting(check: Check, config: Config, code: str) -> Setting | None:
    """Rule `code`'s setting in `config`; None for a code the check does not own."""
    try:
        rule = check.rule(code)
    except KeyError:
        return None
    setting = config.setting(rule.code, rule.name)
    return setting.enabled, setting.severity


def _listed(findings: list[Finding], most: int | None) -> list[Finding]:
    """At most `most` findings of each rule, the first by line, and for a rule with more,
    one finding counting the rest: a maintainer never reads 10,000 copies of one finding."""
    if most is None:
        return findings
    by_rule: defaultdict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_rule[finding.rule].append(finding)
    if all(len(same) <= most for same in by_rule.values()):
        return findings
    listed: list[Finding] = []
    for same in by_rule.values():
        if len(same) > most:
            same = sorted(same, key=_order)
            listed += [*same[:most], more(same[most:], most)]
        else:
            listed += same
    return listed


@cache
def _rule_ids(code: str) -> frozenset[str]:
    """Every lower-case id a control comment may name rule `code` by."""
    names = {rule.name for check in CHECKS for rule in check.rules if rule.code == code}
    return frozenset({code.lower(), *names, *lint_ids_of(code)})


_RANK = {severity: severity.rank for severity in Severity}


def _order(finding: Finding) -> tuple[int, int, str]:
    return (finding.line, _RANK[finding.severity], finding.rule)
