"""A pull request's review → the sticky comment, the check run's output and inline comments.

Pure: values in, Markdown out. The words come from bot/report/templates.py; this module
arranges them, keeps each body under GitHub's size limits and never lets text quoted
from a pull request ping people or forge our hidden markers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby

from bot.checks import CHECKS, RULES
from bot.engine import Review
from bot.fix import Fixed
from bot.model import Entry, Finding, Severity
from bot.report import templates as t
from bot.report.machine import rule_doc_url

MAX_COMMENT = 60_000  # GitHub refuses bodies over 65,536 characters; keep a margin
MAX_CHECK_TEXT = 60_000  # the same limit holds for a check run's summary and text
OPEN_GROUPS = 10  # entries shown open; the rest fold into <details>

_STATE = re.compile(
    r"<!-- awesome-review:state errors=(\d+) warnings=(\d+) notices=(\d+)(?: fixed=(\d+))? -->"
)
_MENTION = re.compile(r"@(?=[A-Za-z0-9])")
_BACKTICKS = re.compile(r"`+")


@dataclass(frozen=True, slots=True)
class FileProblem:
    """Why a list file could not be reviewed (deleted, not text, too large)."""

    message: str
    severity: Severity = Severity.WARNING


@dataclass(frozen=True)
class FileReport:
    path: str
    review: Review | None = None
    problem: FileProblem | None = None
    fixed: Fixed | None = None  # the review's fixes applied to a fixed point (bot.fix)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.review.findings if self.review is not None else ()


@dataclass(frozen=True, slots=True)
class EntryFix:
    """Every fix of one entry's findings as one suggestion for its lines: applying the
    findings' own suggestions one by one cannot work (each rewrites the whole line)."""

    first: int
    last: int
    text: str
    findings: tuple[Finding, ...]  # the findings whose suggestions it replaces


def entry_fixes(file: FileReport) -> dict[int, EntryFix]:
    """The combined fix of each group of findings (keyed as `_grouped` keys them) whose
    fixes stay within its lines; a group without one keeps its findings' suggestions."""
    if file.review is None or file.fixed is None:
        return {}
    entries = {entry.line: entry for entry in file.review.head.entries}
    fixes = {}
    for line, findings in _grouped(file.findings):
        suggested = [f for f in findings if in_place(f) is not None]
        span = _span(entries.get(line), suggested)
        if span is None:
            continue
        first, last = span
        inside = tuple(f for f in suggested if first <= f.line and f.last_line <= last)
        text = file.fixed.replacement(first, last)
        if inside and text is not None:
            fixes[line] = EntryFix(first, last, text, inside)
    return fixes


def _span(entry: Entry | None, suggested: Sequence[Finding]) -> tuple[int, int] | None:
    """The lines one suggestion may replace: the entry's, or else the one span every
    suggestion of the group replaces (findings on a heading, a TOC line ...)."""
    if entry is not None:
        return entry.line, entry.end_line
    spans = {(f.line, f.last_line) for f in suggested}
    return spans.pop() if len(spans) == 1 else None


@dataclass(frozen=True)
class PullRequestReport:
    """Everything one run found in one pull request, ready to render."""

    repo: str
    head_sha: str
    repo_html_url: str  # https://github.com/OWNER/REPO
    base_ref: str
    list_paths: tuple[str, ...]  # the configured list files (`files:`), for "no longer changes"
    files: tuple[FileReport, ...]  # the list files this PR touches
    app_login: str
    links_checked: bool = False
    config_problem: str | None = None
    checks_off: tuple[str, ...] = ()  # checks the config leaves off: no row in the summary

    @property
    def touches_list(self) -> bool:
        return bool(self.files)

    def count(self, severity: Severity) -> int:
        findings = sum(1 for f in self.files for x in f.findings if x.severity is severity)
        problems = sum(1 for f in self.files if f.problem and f.problem.severity is severity)
        return findings + problems

    @property
    def counts(self) -> tuple[int, int, int]:
        return (
            self.count(Severity.ERROR),
            self.count(Severity.WARNING),
            self.count(Severity.NOTICE),
        )

    @property
    def short_sha(self) -> str:
        return self.head_sha[:7]

    def line_url(self, path: str, first: int, last: int) -> str:
        """A link to lines of the head file; it stays right after later pushes."""
        anchor = f"#L{first}" if last <= first else f"#L{first}-L{last}"
        return f"{self.repo_html_url}/blob/{self.head_sha}/{path}{anchor}"


@dataclass(frozen=True, slots=True)
class PreviousState:
    """What an earlier run's sticky comment reported (read back from its hidden marker)."""

    errors: int
    warnings: int
    notices: int
    fixed: int = 0  # the problems an "everything fixed" comment was celebrating

    @property
    def total(self) -> int:
        return self.errors + self.warnings + self.notices

    @property
    def to_celebrate(self) -> int:
        """Problems a clean run now reports fixed; a re-run keeps saying so, not flip-flopping."""
        return self.total or self.fixed


def previous_state(body: str) -> PreviousState | None:
    match = _STATE.search(body)
    if match is None:
        return None
    errors, warnings, notices, fixed = (int(g or 0) for g in match.groups())
    return PreviousState(errors, warnings, notices, fixed)


def _fixed(report: PullRequestReport, previous: PreviousState | None) -> int:
    """How many earlier problems this clean run reports fixed (0: not a fix)."""
    if previous is None or not report.touches_list or any(report.counts):
        return 0
    return previous.to_celebrate


def conclusion(report: PullRequestReport) -> str:
    """The check run's conclusion: failure on errors, neutral on warnings only."""
    errors, warnings, _ = report.counts
    if errors:
        return "failure"
    return "neutral" if warnings else "success"


# --------------------------------------------------------------------------- sticky comment


def render_comment(report: PullRequestReport, previous: PreviousState | None = None) -> str:
    """The sticky comment's whole body, markers included."""
    errors, warnings, notices = report.counts
    parts = [
        t.STICKY_MARKER,
        t.STATE_MARKER.format(
            errors=errors, warnings=warnings, notices=notices, fixed=_fixed(report, previous)
        ),
    ]
    parts.append(_headline(report, previous))
    if report.config_problem:
        parts.append(t.config_problem(_safe(report.config_problem), report.base_ref))
    if report.touches_list:
        parts.append(summary_table(report))
        parts.extend(_file_sections(report, MAX_COMMENT - 4_000))
    parts.append("---\n" + t.footer(report.app_login, report.short_sha))
    return "\n\n".join(parts) + "\n"


def _headline(report: PullRequestReport, previous: PreviousState | None) -> str:
    errors, warnings, notices = report.counts
    if not report.touches_list:
        return (
            t.headline(t.OK_ICON, "nothing to review") + "\n\n" + t.not_touching(report.list_paths)
        )
    if errors or warnings or notices:
        return t.headline(_worst_icon(report), t.counts_phrase(errors, warnings, notices))
    fixed = _fixed(report, previous)
    if fixed:
        return t.headline(t.OK_ICON, "everything fixed") + "\n\n" + t.everything_fixed(fixed)
    return t.headline(t.OK_ICON, "no problems found") + "\n\n" + t.NO_PROBLEMS


def _worst_icon(report: PullRequestReport) -> str:
    for severity in Severity:
        if report.count(severity):
            return t.ICON[severity]
    return t.OK_ICON


def summary_table(report: PullRequestReport) -> str:
    """Check → ❌/⚠️/ℹ️ counts, one row per check, in the registry's order."""
    findings = [f for file in report.files for f in file.findings]
    said = {f.check for f in findings}
    names = [c.name for c in CHECKS if c.name not in report.checks_off or c.name in said]
    if any(f.check == "internal" for f in findings):
        names.append("internal")
    rows = [t.TABLE_HEADER]
    for name in names:
        if name == "repository" and not any(f.check == name for f in findings):
            continue  # off unless a list sets criteria: no row to say it found nothing
        if name == "link" and not report.links_checked:
            rows.append(t.table_row_skipped(name, t.LINKS_NOT_CHECKED))
            continue
        counts = [sum(1 for f in findings if f.check == name and f.severity is s) for s in Severity]
        rows.append(t.table_row(_icon(counts), name, *counts))
    return "\n".join(rows)


def _icon(counts: Sequence[int]) -> str:
    for severity, count in zip(Severity, counts, strict=True):
        if count:
            return t.ICON[severity]
    return t.OK_ICON


def _file_sections(report: PullRequestReport, budget: int) -> Iterator[str]:
    for file in report.files:
        section = _file_section(report, file, budget)
        budget -= len(section)
        yield section


def _file_section(report: PullRequestReport, file: FileReport, budget: int) -> str:
    lines = [t.file_heading(file.path)]
    if file.problem is not None:
        lines.append(f"{t.ICON[file.problem.severity]} {_safe(file.problem.message)}")
    if file.review is not None:
        review = file.review
        lines.append(
            t.reviewed_line(
                len(review.diff.judged), review.diff.full_audit, file.path, report.short_sha
            )
        )
        lines.extend(_groups(report, file, budget - sum(len(x) for x in lines)))
    return "\n\n".join(lines)


def _groups(report: PullRequestReport, file: FileReport, budget: int) -> Iterator[str]:
    """Findings grouped per entry; past OPEN_GROUPS folded away, past the budget cut off."""
    assert file.review is not None
    groups = _grouped(file.findings)
    entries = {entry.line: entry for entry in file.review.head.entries}
    fixes = entry_fixes(file)
    shown = 0
    for index, (line, findings) in enumerate(groups):
        text = _group(report, file.path, entries.get(line), line, findings, budget,
                      fixes.get(line))  # fmt: skip
        if len(text) + 200 > budget:
            yield t.truncated(sum(len(g[1]) for g in groups[index:]))
            break
        if index == OPEN_GROUPS:
            yield t.more_entries(len(groups) - OPEN_GROUPS)
        yield text
        budget -= len(text) + 2
        shown = index + 1
    if shown > OPEN_GROUPS:
        yield "</details>"


def _grouped(findings: Sequence[Finding]) -> list[tuple[int, list[Finding]]]:
    def key(f: Finding) -> int:
        return f.entry_line or f.line

    ordered = sorted(findings, key=lambda f: (key(f), f.line, f.severity.rank, f.rule))
    return [(line, list(group)) for line, group in groupby(ordered, key=key)]


def _group(
    report: PullRequestReport,
    path: str,
    entry: Entry | None,
    line: int,
    findings: list[Finding],
    budget: int,
    fix: EntryFix | None = None,
) -> str:
    first, last = (entry.line, entry.end_line) if entry else (line, findings[0].last_line)
    label = f"Line {first}" if last <= first else f"Lines {first}–{last}"
    title = _safe(_shorten(entry.title, 80)) if entry else ""
    section = _safe(" › ".join(entry.section)) if entry else ""
    heading = t.entry_heading(report.line_url(path, first, last), label, title, section)
    combined = fix.findings if fix is not None else ()
    with_suggestions = "\n".join(
        [heading, *(_finding(f, f not in combined) for f in findings), *_combined(fix)]
    )
    if len(with_suggestions) + 200 <= budget:
        return with_suggestions
    return "\n".join([heading, *(_finding(f, False) for f in findings)])


def _finding(finding: Finding, suggestion: bool) -> str:
    code, name, url = _rule(finding.rule)
    message = _safe(finding.message).replace("\n", "\n  ")
    text = t.finding_line(t.ICON[finding.severity], code, name, url, message)
    replacement = in_place(finding)
    if suggestion and replacement is not None:
        text += "\n" + t.suggestion_block(_fence(replacement), replacement)
    return text


def in_place(finding: Finding) -> str | None:
    """The finding's suggestion when it replaces its lines where they are; a move's lines,
    or a fix told at one place and made at another, belong elsewhere, which a suggestion
    cannot say (its message names the place; --fix and /fix make it)."""
    return finding.suggestion if finding.move_after is None and finding.fix_at is None else None


def _combined(fix: EntryFix | None) -> list[str]:
    """The one suggestion for an entry's fixes, naming the rules it fixes."""
    if fix is None:
        return []
    rules = tuple(dict.fromkeys(f.rule for f in fix.findings))
    return [t.suggestion_block(_fence(fix.text), fix.text, rules)]


def _rule(code: str) -> tuple[str, str, str]:
    rule = RULES.get(code)
    return (code, rule.name, rule_doc_url(code)) if rule else (code, "", rule_doc_url(code))


# --------------------------------------------------------------------------- check run


def check_output(report: PullRequestReport, comment_url: str | None) -> dict[str, str]:
    """The check run's output: a title, a summary with the table and a text with details."""
    errors, warnings, notices = report.counts
    if not report.touches_list:
        return {
            "title": t.CHECK_TITLE_NOTHING,
            "summary": t.never_touched(report.list_paths),
        }
    summary = t.check_summary_intro(comment_url) + "\n\n" + summary_table(report)
    if report.config_problem:
        summary += "\n\n" + t.config_problem(_safe(report.config_problem), report.base_ref)
    text = "\n\n".join(_file_sections(report, MAX_CHECK_TEXT))
    return {"title": t.check_title(errors, warnings, notices), "summary": summary, "text": text}


def failure_output(reason: str) -> dict[str, str]:
    return {"title": t.failure_title(), "summary": t.failure_summary(_safe(reason))}


# --------------------------------------------------------------------------- inline comments


def inline_body(finding: Finding, fingerprint: str) -> str:
    """One inline review comment: the finding, a one-click suggestion, our fingerprint."""
    parts = [_inline_line(finding)]
    replacement = in_place(finding)
    if replacement is not None:
        parts.append(t.inline_suggestion(_fence(replacement), replacement))
    parts.append(t.FINGERPRINT_MARKER.format(fingerprint=fingerprint))
    return "\n\n".join(parts)


def combined_inline_body(fix: EntryFix, fingerprint: str) -> str:
    """One inline comment for an entry's fixable findings: each finding, then one
    suggestion that fixes them all (a click applies every fix at once)."""
    parts = [
        "\n".join(f"- {_inline_line(f)}" for f in fix.findings),
        t.inline_suggestion(_fence(fix.text), fix.text),
        t.FINGERPRINT_MARKER.format(fingerprint=fingerprint),
    ]
    return "\n\n".join(parts)


def _inline_line(finding: Finding) -> str:
    code, name, url = _rule(finding.rule)
    return t.inline_comment(t.ICON[finding.severity], code, name, url, _safe(finding.message))


# --------------------------------------------------------------------------- helpers


def _safe(text: str) -> str:
    """Text quoted from a PR, made harmless: no @-mention pings, no forged hidden markers."""
    text = text.replace("<!--", "&lt;!--")
    return _MENTION.sub("@\u200b", text)


def _fence(text: str) -> str:
    """A code fence longer than any run of backticks inside `text`."""
    longest = max((len(m.group()) for m in _BACKTICKS.finditer(text)), default=0)
    return "`" * max(3, longest + 1)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
