"""format — is a new entry written like the entries around it, and is its Markdown sound?

Structural rules need no learning: broken link syntax, empty link text, table rows that
do not fit their header, a star badge for another repository, trailing whitespace, and
the repository's explicit `entry_pattern`. The learned rules compare an entry with what
the list itself does (bot.checks.analysis.conventions): in a pull request the conventions
come from the entries it did not touch; in a full audit from the whole list.

One module per rule (see rule.py for what each provides); `RULES` is their order.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

from bot.checks.analysis.facts import Facts
from bot.checks.base import Check, Context
from bot.checks.format import (
    f101_malformed_link,
    f102_bullet_missing_space,
    f103_empty_link_text,
    f104_row_cells_dropped,
    f105_row_cell_count,
    f106_badge_repo_mismatch,
    f107_trailing_whitespace,
    f108_entry_pattern,
    f109_entry_shape,
    f110_entry_label,
    f111_missing_sub_line,
    f112_bullet_marker,
    f113_description_separator,
    f114_description_period,
    f115_description_capital,
    f116_venue_format,
    f117_link_https,
    f118_github_link_style,
    f119_malformed_url,
    f130_description_repeats_name,
    f131_invalid_entry_url,
    f132_description_punctuation,
    f133_separator_whitespace,
    f134_doubled_bullet,
    f135_impossible_arxiv_id,
    f136_no_description,
    f140_structure_broken,
    f141_almost_link,
    f142_html_link_unclosed,
)
from bot.checks.format.lines import loose_lines
from bot.checks.format.options import FormatOptions
from bot.checks.format.rule import DiffRule, FormatRule, LineRule, ScreenedRule
from bot.checks.format.state import (
    CHECK_NAME,
    FormatState,
    JudgedText,
    judged_text,
    new_problems,
    prepare,
)
from bot.model import Finding

RULES: tuple[FormatRule, ...] = (
    f101_malformed_link,
    f102_bullet_missing_space,
    f103_empty_link_text,
    f104_row_cells_dropped,
    f105_row_cell_count,
    f106_badge_repo_mismatch,
    f107_trailing_whitespace,
    f108_entry_pattern,
    f109_entry_shape,
    f110_entry_label,
    f111_missing_sub_line,
    f112_bullet_marker,
    f113_description_separator,
    f114_description_period,
    f115_description_capital,
    f116_venue_format,
    f117_link_https,
    f118_github_link_style,
    f119_malformed_url,
    f130_description_repeats_name,
    f131_invalid_entry_url,
    f132_description_punctuation,
    f133_separator_whitespace,
    f134_doubled_bullet,
    f135_impossible_arxiv_id,
    f136_no_description,
)
# the rules that also read lines no entry holds (a `-[text](url)` line is no list item)
LINE_RULES: tuple[LineRule, ...] = (f101_malformed_link, f102_bullet_missing_space)
# the rules that judge the change as a whole, not one entry (structure it broke)
DIFF_RULES: tuple[DiffRule, ...] = (
    f140_structure_broken, f141_almost_link, f142_html_link_unclosed
)

# the structural rules that pick, once per review, the judged entries they may apply to (most
# lists: no table rows, no arXiv links, no empty link texts; few entries hold a quote): a rule
# is screened by declaring `candidates` in its own module
SCREENED: tuple[ScreenedRule, ...] = tuple(
    cast(ScreenedRule, rule) for rule in RULES if hasattr(rule, "candidates")
)

_STRUCTURAL = tuple(rule for rule in RULES if not rule.ASPECTS)
_LEARNED = tuple(rule for rule in RULES if rule.ASPECTS)

Rules = tuple[FormatRule, ...]


def run(ctx: Context) -> Iterator[Finding]:
    """Judge every added or changed entry, then the added lines no entry holds."""
    head, base, state = prepare(ctx)
    every, picked = _structural_rules(judged_text(ctx), state)
    deviates = state.conventions.deviates
    for change in ctx.diff.judged:
        rules = picked.get(id(change.head), every)
        facts = head[change.head.line]
        if not rules and change.base is None and not deviates(facts):
            continue  # most added entries: no rule to ask, no call and no list made
        found = _entry_findings(facts, state, rules)
        if change.base is not None:
            rules = picked.get(id(change.base), every)
            before = _entry_findings(base[change.base.line], state, rules)
            found = new_problems(found, change.head, before, change.base)
        yield from found
    yield from loose_lines(ctx, [rule.judge_line for rule in LINE_RULES])
    for diff_rule in DIFF_RULES:
        yield from diff_rule.judge_diff(ctx)


def _structural_rules(judged: JudgedText, state: FormatState) -> tuple[Rules, dict[int, Rules]]:
    """The structural rules (in order) asked of every judged entry, and, by `id` of the
    entry, the rules asked of the entries some screened rule picked besides."""
    every = {rule for rule in _STRUCTURAL if rule not in SCREENED}
    extra: dict[int, set[FormatRule]] = {}
    for rule in SCREENED:
        candidates = rule.candidates(judged, state)
        if candidates is judged.entries:
            every.add(rule)
            continue
        for entry in candidates:
            extra.setdefault(id(entry), set()).add(rule)
    ordered: dict[frozenset[FormatRule], Rules] = {}
    picked: dict[int, Rules] = {}
    for key, rules in extra.items():
        chosen = frozenset(rules | every)
        if chosen not in ordered:
            ordered[chosen] = tuple(rule for rule in _STRUCTURAL if rule in chosen)
        picked[key] = ordered[chosen]
    return tuple(rule for rule in _STRUCTURAL if rule in every), picked


def _entry_findings(facts: Facts, state: FormatState, structural: Rules) -> list[Finding]:
    """The findings of `structural` rules and of the learned ones on one entry. A learned
    rule is asked only when the entry goes against a clear majority on one of its aspects
    (most entries go against none)."""
    found: list[Finding] = []
    for rule in structural:
        if rule.applies(facts, state):
            found.extend(rule.judge(facts, state))
    if state.conventions.deviates(facts):
        deviations = state.conventions.deviations(facts)
        for rule in _LEARNED:
            if not deviations.isdisjoint(rule.ASPECTS) and rule.applies(facts, state):
                found.extend(rule.judge(facts, state))
    return found


CHECK = Check(
    name=CHECK_NAME,
    title="Entries are written like the rest of the list, in sound Markdown",
    rules=(*(rule.RULE for rule in RULES), *(rule.RULE for rule in DIFF_RULES)),
    run=run,
    options=(FormatOptions,),
)
