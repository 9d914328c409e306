"""Machine-readable outputs: JSON, GitHub workflow annotations and SARIF 2.1.0."""

from __future__ import annotations

import json
from typing import Any

from bot import __version__
from bot.checks import RULES
from bot.engine import Review
from bot.model import Finding, Severity
from bot.report.summary import fingerprint, summarise
from bot.report.templates import counts_phrase, plural

DOCS_URL = "https://github.com/awesome-review/awesome-review/blob/main/docs/rules.md"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "note"}


def rule_doc_url(code: str) -> str:
    """Link to a rule's entry in docs/rules.md (headings are `### CODE name`)."""
    rule = RULES.get(code)
    anchor = f"{code}-{rule.name}".lower() if rule else code.lower()
    return f"{DOCS_URL}#{anchor}"


def finding_dict(finding: Finding) -> dict[str, Any]:
    data: dict[str, Any] = {
        "check": finding.check,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "line": finding.line,
        "message": finding.message,
        "suggestion": finding.suggestion,
    }
    if finding.end_line is not None and finding.end_line != finding.line:
        data["end_line"] = finding.end_line
    if finding.check == "link":
        data["url"] = finding.url
        data["verdict"] = finding.verdict
    return data


def render_json(review: Review, file: str) -> str:
    body = {
        "findings": [finding_dict(f) for f in review.findings],
        "summary": summarise(review.findings, len(review.diff.judged), file),
    }
    return json.dumps(body, indent=2, ensure_ascii=False)


def render_github(review: Review, file: str) -> str:
    """GitHub Actions workflow commands: each finding shows as an annotation on the PR."""
    return "\n".join(_annotation(f, file) for f in review.findings)


def render_step_summary(review: Review, file: str) -> str:
    """A job summary (Markdown, for $GITHUB_STEP_SUMMARY): the counts and every finding. GitHub
    shows at most 10 error and 10 warning annotations per step; the summary drops none."""
    errors, warnings, notices = (review.count(s) for s in Severity)
    what = "audited" if review.diff.full_audit else "added or changed"
    head = (
        f"### awesome-review: `{file}` — {counts_phrase(errors, warnings, notices)} "
        f"({plural(len(review.diff.judged), 'entry')} {what})"
    )
    if not review.findings:
        return head + "\n"
    rows = [
        f"| {f.line} | {f.severity.value} | [{_cell(_title(f))}]({rule_doc_url(f.rule)}) "
        f"| {_cell(f.message)} |"
        for f in review.findings
    ]
    return "\n".join([head, "", "| line | severity | rule | message |", "|---:|---|---|---|",
                      *rows, ""])


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _annotation(finding: Finding, file: str) -> str:
    level = {"error": "error", "warning": "warning", "notice": "notice"}[finding.severity.value]
    title = _title(finding)
    props = f"file={_prop(file)},line={finding.line}"
    if finding.end_line and finding.end_line != finding.line:
        props += f",endLine={finding.end_line}"
    message = finding.message
    if finding.suggestion is not None:
        message += f"\nSuggested: {finding.suggestion}"
    return f"::{level} {props},title={_prop(title)}::{_data(message)}"


def _title(finding: Finding) -> str:
    rule = RULES.get(finding.rule)
    return f"{finding.rule} {rule.name}" if rule else finding.rule


def _data(text: str) -> str:
    # the escapes GitHub's runner expects in a workflow command's message
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_sarif(review: Review, file: str) -> str:
    used = sorted({f.rule for f in review.findings})
    run = {
        "tool": {
            "driver": {
                "name": "awesome-review",
                "version": __version__,
                "informationUri": DOCS_URL,
                "rules": [_sarif_rule(code) for code in used],
            }
        },
        "results": [
            _sarif_result(f, file, used.index(f.rule), key)
            for f, key in zip(review.findings, _fingerprints(review, file), strict=True)
        ],
    }
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False)


def _sarif_rule(code: str) -> dict[str, Any]:
    rule = RULES.get(code)
    if rule is None:
        return {"id": code, "name": code, "shortDescription": {"text": code}}
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.why},
        "helpUri": rule_doc_url(code),
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
    }


def _fingerprints(review: Review, file: str) -> list[str]:
    """Each finding's content fingerprint, numbered among equal ones (the same rule on two
    identical lines), so code scanning follows an alert when lines move and keeps both."""
    seen: dict[str, int] = {}
    keys = []
    for finding in review.findings:
        lines = tuple(review.head.line_text(n) for n in range(finding.line, finding.last_line + 1))
        key = fingerprint(file, finding, lines)
        seen[key] = seen.get(key, 0) + 1
        keys.append(f"{key}:{seen[key]}")
    return keys


def _sarif_result(finding: Finding, file: str, rule_index: int, key: str) -> dict[str, Any]:
    region = {"startLine": finding.line, "endLine": finding.last_line}
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _SARIF_LEVEL[finding.severity],
        "message": {"text": finding.message},
        "partialFingerprints": {"awesomeReviewContent/v1": key},
        "locations": [
            {"physicalLocation": {"artifactLocation": {"uri": file}, "region": region}}
        ],
    }
    if finding.suggestion is not None and finding.move_after is None:  # a move is no region
        result["fixes"] = [_sarif_fix(finding, file)]
    return result


def _sarif_fix(finding: Finding, file: str) -> dict[str, Any]:
    first, last = finding.fix_lines
    region = {"startLine": first, "endLine": last}
    replacement = {"deletedRegion": region, "insertedContent": {"text": finding.suggestion}}
    return {
        "description": {"text": "Suggested replacement"},
        "artifactChanges": [{"artifactLocation": {"uri": file}, "replacements": [replacement]}],
    }
