"""A list's health → a Markdown report (the `audit` command's output and the audit issue's
body), grouped by section, each problem with a link to its line. Pure."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import groupby

from bot.audit import KINDS, Health, Problem
from bot.report import templates as t
from bot.report.comment import _safe

LineLink = Callable[[int], str]  # line number → the URL that shows it
MAX_REPORT = 60_000  # GitHub refuses issue bodies over 65,536 characters


def render_health(health: Health, line_link: LineLink, marker: bool = True) -> str:
    """The report: a summary line, then the problems grouped by section (`marker`: lead
    with the hidden marker the audit issue is found by)."""
    parts = [t.AUDIT_MARKER] if marker else []
    parts.append(t.audit_heading(health.path))
    if health.healthy:
        parts.append(t.audit_healthy(health.links, health.papers))
        return "\n\n".join(parts) + "\n"
    parts.append(t.audit_summary(health.links, health.papers, _kind_counts(health)))
    body = "\n\n".join([*parts, *_sections(health, line_link)]) + "\n"
    return body if len(body) <= MAX_REPORT else body[: MAX_REPORT - 200] + t.AUDIT_TRUNCATED


def _kind_counts(health: Health) -> list[tuple[str, int]]:
    counts = Counter(p.kind for p in health.problems)
    return [(kind, counts[kind]) for kind in KINDS if counts[kind]]


def _sections(health: Health, line_link: LineLink) -> Iterator[str]:
    by_section = sorted(health.problems, key=lambda p: (p.section, p.line))
    for section, problems in groupby(by_section, key=lambda p: p.section):
        lines = [t.audit_section(" › ".join(section) or t.AUDIT_NO_SECTION)]
        lines += [_line(p, line_link) for p in problems]
        yield "\n".join(lines)


def _line(problem: Problem, line_link: LineLink) -> str:
    fix = t.audit_fix(problem.fix) if problem.fix else ""
    return t.audit_problem(
        t.ICON[problem.severity], line_link(problem.line), problem.line, problem.kind,
        _safe(problem.entry), _safe(problem.message), fix,
    )


def render_health_json(health: Health) -> str:
    """The problems as JSON, for scripts."""
    return json.dumps(
        {
            "file": health.path,
            "links": health.links,
            "papers": health.papers,
            "problems": [
                {"kind": p.kind, "severity": p.severity.value, "section": list(p.section),
                 "entry": p.entry, "line": p.line, "message": p.message, "fix": p.fix}
                for p in health.problems
            ],
        },
        indent=2,
        ensure_ascii=False,
    )
