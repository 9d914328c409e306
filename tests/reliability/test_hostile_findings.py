"""Findings stay few and small on hostile lists: one line of 400,000 unclosed `<a>` tags is
one finding saying how many, not 400,000; a suggestion copies its line once, not once per
link; and no rule lists more than a maintainer can read, however many lines it finds."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot.engine import MOST_PER_RULE, review_documents, review_texts
from bot.model import Finding, Severity
from bot.parse import parse

BASE = "# Awesome\n\nA list.\n\n## Tools\n\n- [Alpha](https://alpha.example/) - First tool.\n"
NAMED = '<a href="x"><b>n</b>'  # an unclosed link with a bold name: F142 can close it
FIRST = BASE.count("\n") + 2  # the line after the block's `<p>`


def html_block(line: str) -> str:
    return BASE + "<p>\n" + line + "\n"


def of_rule(code: str, findings: tuple[Finding, ...]) -> list[Finding]:
    return [f for f in findings if f.rule == code]


def test_a_line_of_unclosed_links_is_one_finding_saying_how_many() -> None:
    review = review_texts(html_block('<a href="x">' * 20_000), BASE)

    [finding] = of_rule("F142", review.findings)
    assert finding.line == FIRST
    assert finding.message.startswith(
        '20000 links on this line are never closed with `</a>` (the first, `<a href="x">`, '
        "at column 1)"
    )


def test_the_suggestion_closes_every_named_link_in_one_copy_of_the_line() -> None:
    # each finding carried its own copy of the line: 5,000 links at 100 KB held 500 MB
    review = review_texts(html_block(NAMED * 2_000), BASE)

    [finding] = of_rule("F142", review.findings)
    assert finding.suggestion == '<a href="x"><b>n</b></a>' * 2_000


def test_a_glued_tag_and_an_unclosed_link_on_one_line_are_one_finding_fixing_both() -> None:
    line = '<ahref="y">why</a> and <a href="x"><b>n</b> - Does things.<br>'
    review = review_texts(html_block(line), BASE)

    [finding] = of_rule("F142", review.findings)
    assert "is no HTML tag" in finding.message
    assert "is never closed" in finding.message
    assert finding.suggestion == '<a href="y">why</a> and <a href="x"><b>n</b></a> - Does things.<br>'


def test_a_rule_lists_its_first_findings_then_one_counting_the_rest() -> None:
    lines = 3 * MOST_PER_RULE
    review = review_texts(html_block("\n".join(['<a href="x">'] * lines)), BASE)

    listed = of_rule("F142", review.findings)
    [more] = of_rule("X003", review.findings)
    assert [f.line for f in listed] == list(range(FIRST, FIRST + MOST_PER_RULE))
    assert more.line == FIRST + MOST_PER_RULE
    assert more.check == "format"  # told beside the findings it counts
    assert more.severity is Severity.WARNING  # as severe as the findings it stands for
    assert more.message.startswith(
        f"… and {lines - MOST_PER_RULE} more F142 findings, from line {FIRST + MOST_PER_RULE} "
        f"to line {FIRST + lines - 1}, not listed"
    )


def test_a_review_under_the_limit_has_no_count() -> None:
    review = review_texts(html_block("\n".join(['<a href="x">'] * MOST_PER_RULE)), BASE)

    assert len(of_rule("F142", review.findings)) == MOST_PER_RULE
    assert not of_rule("X003", review.findings)


PEAK = """
import json, sys
from bot.engine import review_texts
base = "# Awesome\\n\\nA list.\\n\\n## Tools\\n\\n- [Alpha](https://alpha.example/) - First tool.\\n"
unit = sys.argv[1]
review = review_texts(base + "<p>\\n" + unit * (5_000_000 // len(unit)) + "\\n", base)
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        peak = int(line.split()[1]) / 1024
print(json.dumps({"peak": peak, "rules": sorted({f.rule for f in review.findings})}))
"""


@pytest.mark.slow
@pytest.mark.parametrize("unit", ['<a href="x">', NAMED], ids=["unclosed", "unclosed named"])
def test_a_5_mb_line_of_unclosed_links_stays_within_the_memory_limit(unit: str) -> None:
    # A fresh interpreter's peak, imports included; capped so a regression fails, not swaps.
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))\n"
    done = subprocess.run([sys.executable, "-c", limit + PEAK, unit], capture_output=True,
                          text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)

    assert result["rules"] == ["F142"]
    assert result["peak"] <= 300, result


def test_a_review_asked_for_every_finding_lists_them_all() -> None:
    # as an audit does: its report counts problems by kind and links each one
    head = parse(html_block("\n".join(['<a href="x">'] * (MOST_PER_RULE + 5))))

    review = review_documents(head, None, most_per_rule=None)

    assert len(of_rule("F142", review.findings)) == MOST_PER_RULE + 5
    assert not of_rule("X003", review.findings)
