"""order — an added entry goes where the list's order puts it (alphabetical, or by date).

Two rules: an entry out of the alphabetical order its list keeps (O701), a table row out of
its table's date order (O702). Only the entries a pull request adds, renames or moves are
judged; each finding names the entry it belongs after (or before, when it belongs first) and
carries the move (`move_after`) that sorts the run again. The entries already there stay
(the heaviest sorted subsequence, bot.checks.order.sequence.kept) and each newcomer out of
place moves into its gap among them; when several belong in one gap, the first goes after the
entry that stays and each next one after the newcomer before it (its last line, wherever that
entry goes), so that applying every move sorts the run.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TypeVar

from bot.checks.analysis.quote import quote_title
from bot.checks.base import Check, Context
from bot.checks.order.dates import Date, shown
from bot.checks.order.judged import judged_lines
from bot.checks.order.profile import (
    NEWEST_FIRST,
    NEWEST_LAST,
    Profile,
    date_direction,
    learn,
    newer_first,
    run_dates,
)
from bot.checks.order.rules import ALPHABETICAL, DATE, RULES, Mode, OrderOptions
from bot.checks.order.runs import Run, alphabetical_key, runs
from bot.checks.order.sequence import Key, gap, is_sorted, kept
from bot.model import Finding, Severity

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Plan:
    """How one run is judged: by which rule, each member's key, and what to say."""

    alphabetical: bool
    keys: Sequence[Key | None]
    direction: str = ""  # date order: NEWEST_FIRST or NEWEST_LAST
    dates: Sequence[Date | None] = ()


def run(ctx: Context) -> Iterator[Finding]:
    mode = ctx.config.option(OrderOptions).order
    if mode == "none" or (mode == "auto" and ctx.base is None):
        return  # an audit has no order of its own to learn from
    profile = learn(ctx.base) if mode == "auto" and ctx.base is not None else None
    if profile is not None and not (profile.alphabetical.keeps or profile.date.keeps):
        return  # the list keeps no order: nothing to ask of an entry
    head_runs = runs(ctx.head)
    judged = judged_lines(ctx, head_runs)
    if not judged:
        return
    for each in head_runs:
        touched = [m.entry.line in judged for m in each.members]
        if any(touched):
            plan = _plan(each, touched, mode, profile)
            if plan is not None:
                yield from _judge(each, touched, plan, mode, profile)


def _plan(run_: Run, touched: list[bool], mode: Mode, profile: Profile | None) -> Plan | None:
    dates = run_dates(run_) if mode in ("date", "auto") else None
    if dates is not None and (profile is None or profile.date.keeps):
        plan = _date_plan(dates, touched, profile)
        if plan is not None or mode == "date":
            return plan
    if mode == "date" or (profile is not None and not profile.alphabetical.keeps):
        return None
    names = [alphabetical_key(m.entry) for m in run_.members]
    if profile is not None and not is_sorted(_old(names, touched)):
        return None  # the list left this section unsorted
    return Plan(True, names)


def _date_plan(
    dates: list[Date | None], touched: list[bool], profile: Profile | None
) -> Plan | None:
    old = _old(dates, touched)
    direction = date_direction(old)
    if direction is None and profile is not None and is_sorted(_old(_newest(dates), touched)):
        # the table's own rows show no direction (all one date): the list's tables do
        direction = NEWEST_FIRST if profile.newest_first >= profile.newest_last else NEWEST_LAST
    if direction is None:
        if profile is not None:
            return None  # the table is not sorted by date: nothing to keep
        direction = _majority(old)
    keys = _newest(dates) if direction == NEWEST_FIRST else dates
    return Plan(False, keys, direction, dates)


def _newest(dates: Sequence[Date | None]) -> list[Date | None]:
    return [newer_first(d) for d in dates]


def _majority(dates: Sequence[Date | None]) -> str:
    present = [d for d in dates if d is not None]
    pairs = list(pairwise(present))
    rising = sum(b > a for a, b in pairs)
    falling = sum(b < a for a, b in pairs)
    return NEWEST_LAST if rising > falling else NEWEST_FIRST


def _old(keys: Sequence[T], touched: list[bool]) -> list[T]:
    return [key for key, new in zip(keys, touched, strict=True) if not new]


def _judge(
    run_: Run, touched: list[bool], plan: Plan, mode: Mode, profile: Profile | None
) -> Iterator[Finding]:
    members, keys = run_.members, plan.keys
    heavy = len(members) + 1  # an entry already there outweighs every newcomer together
    stay = kept(keys, [1 if new else heavy for new in touched])
    anchors = sorted(stay)
    anchor_keys = [key for i in anchors if (key := keys[i]) is not None]
    # several newcomers bound for one gap go there in order, each after the one before
    by_gap: dict[int, list[int]] = {}
    for i, new in enumerate(touched):
        key = keys[i]
        if new and key is not None and i not in stay:
            by_gap.setdefault(gap(anchor_keys, key), []).append(i)
    moving = {
        n
        for group in by_gap.values()
        for i in group
        for n in range(members[i].entry.line, members[i].block_end + 1)
    }
    why = _because(plan, mode, profile)
    severity = Severity.WARNING if mode == "auto" else Severity.ERROR
    for slot, group in by_gap.items():
        group.sort(key=lambda i: (keys[i] or (), i))
        before = anchors[slot - 1] if slot else None
        for i in group:
            if before is not None:
                where = f"after {_named(run_, plan, before)}"
                move_after = members[before].block_end
            else:
                first = anchors[0]
                alone = all(touched[:first])  # nothing that stays comes before it
                where = f"before {_named(run_, plan, first)}" + (
                    f", first in its {_kind(run_)}" if alone else ""
                )
                move_after = _line_before(members[first].entry.line, moving)
            yield _finding(run_, plan, i, where, why, severity, move_after)
            before = i


def _line_before(line: int, moving: set[int]) -> int:
    """The last line above `line` that stays where it is."""
    line -= 1
    while line in moving:
        line -= 1
    return line


def _finding(
    run_: Run, plan: Plan, index: int, where: str, why: str, severity: Severity, move_after: int
) -> Finding:
    member = run_.members[index]
    entry = member.entry
    rule = ALPHABETICAL if plan.alphabetical else DATE
    message = (
        f"{quote_title(entry)} is out of alphabetical order: it belongs {where}. "
        if plan.alphabetical
        else f"{quote_title(entry)} ({_date_of(plan, index)}) is out of date order: this "
        f"table lists the {plan.direction}, so it belongs {where}. "
    )
    return rule.finding(
        entry.line,
        message + why,
        end_line=member.block_end,
        entry_line=entry.line,
        severity=severity,
        move_after=move_after,
    )


def _kind(run_: Run) -> str:
    return "list" if run_.table is None else "table"


def _named(run_: Run, plan: Plan, index: int) -> str:
    entry = run_.members[index].entry
    if plan.alphabetical:
        return f"{quote_title(entry)} (line {entry.line})"
    return f"{quote_title(entry)} ({_date_of(plan, index)}, line {entry.line})"


def _date_of(plan: Plan, index: int) -> str:
    date = plan.dates[index]
    return shown(date) if date is not None else "no date"


def _because(plan: Plan, mode: Mode, profile: Profile | None) -> str:
    if profile is None:
        return f"The configuration asks for this order (`order: {mode}`)."
    if plan.alphabetical:
        tally = profile.alphabetical
        return (
            "This list keeps its entries in alphabetical order: "
            f"{tally} lists of three or more entries are sorted."
        )
    tally = profile.date
    return f"This list keeps its tables in date order: {tally} dated tables are sorted."


CHECK = Check(
    name="order",
    title="An added entry goes where the list's alphabetical or date order puts it",
    rules=RULES,
    run=run,
    options=(OrderOptions,),
)

__all__ = ["CHECK", "NEWEST_LAST", "RULES", "OrderOptions"]
