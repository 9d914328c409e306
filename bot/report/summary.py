"""Counts shared by every output format."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from bot.model import Finding, Severity

CHECK_ORDER = ("format", "list", "placement", "duplicate", "link", "internal")
_SPACE = re.compile(r"\s+")


def fingerprint(path: str, finding: Finding, lines: tuple[str, ...]) -> str:
    """Rule + file + the content of the finding's lines, whitespace-normalised: the same
    finding keeps it when other lines move it up or down (inline comments, SARIF)."""
    content = "\n".join(_SPACE.sub(" ", line).strip() for line in lines)
    digest = hashlib.sha256(f"{finding.rule}\0{path}\0{content}".encode())
    return digest.hexdigest()[:20]


def summarise(findings: Iterable[Finding], judged: int, file: str) -> dict[str, Any]:
    """Counts by severity and by check × severity."""
    findings = list(findings)
    by_severity = Counter(f.severity.value for f in findings)
    by_check: dict[str, dict[str, int]] = {}
    for finding in findings:
        counts = by_check.setdefault(finding.check, {s.value: 0 for s in Severity})
        counts[finding.severity.value] += 1
    return {
        "file": file,
        "entries_judged": judged,
        "errors": by_severity.get("error", 0),
        "warnings": by_severity.get("warning", 0),
        "notices": by_severity.get("notice", 0),
        "by_check": {c: by_check[c] for c in sorted(by_check, key=_check_rank)},
    }


def _check_rank(check: str) -> int:
    return CHECK_ORDER.index(check) if check in CHECK_ORDER else len(CHECK_ORDER)
