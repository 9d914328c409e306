"""Commands cannot be used to make the App spam a pull request or hammer link targets: one
refusal per person per PR per hour, one "too soon" reply per window, and a budget of fresh
link checks per PR per hour."""

from __future__ import annotations

from bot.jobs.runner import Ran
from jobs.conftest import Rig
from jobs.test_jobs_commanding import command


def test_an_outsiders_repeated_recheck_gets_one_refusal_an_hour(rig: Rig) -> None:
    rig.gateway.roles["stranger"] = "read"
    for i in range(20):
        assert rig.parts.run_job(command(rig, "recheck", commenter="stranger",
                                         delivery=f"c-{i}")) == "refused"
        rig.clock.now += 31
    assert len(rig.gateway.named("comment")) == 1  # not 20
    assert [c[2] for c in rig.gateway.named("reaction")] == ["-1"] * 20  # a reaction only
    rig.clock.now += 3600
    rig.parts.run_job(command(rig, "recheck", commenter="stranger", delivery="c-later"))
    assert len(rig.gateway.named("comment")) == 2  # an hour on, one more
    assert rig.pipeline.runs == []


def test_each_outsider_gets_their_own_refusal(rig: Rig) -> None:
    for who in ("eve", "mallory"):
        rig.parts.run_job(command(rig, "recheck", commenter=who, delivery=f"c-{who}"))
    bodies = [c[2] for c in rig.gateway.named("comment")]
    assert len(bodies) == 2 and "@eve" in bodies[0] and "@mallory" in bodies[1]


def test_too_soon_is_said_once_per_window(rig: Rig) -> None:
    rig.gateway.roles["maint"] = "write"
    assert rig.parts.run_job(command(rig, "recheck", delivery="c-0")) == Ran.DONE
    for i in range(1, 6):
        rig.clock.now += 4
        assert rig.parts.run_job(command(rig, "recheck", delivery=f"c-{i}")) == "rate-limited"
    too_soon = [c for c in rig.gateway.named("comment") if "less than 30 seconds" in c[2]]
    assert len(too_soon) == 1
    assert [c[2] for c in rig.gateway.named("reaction")].count("confused") == 5
    assert len(rig.pipeline.runs) == 1


def test_fresh_link_checks_have_a_budget_per_pr_per_hour(rig: Rig) -> None:
    rig.gateway.roles["maint"] = "write"
    fresh = []
    for i in range(12):  # /recheck links every 31 s for six minutes
        rig.parts.run_job(command(rig, "recheck-links", delivery=f"c-{i}"))
        fresh.append(rig.pipeline.runs[-1].links_only)
        rig.clock.now += 31
    assert fresh[0] and fresh.count(True) == 1  # the rest reviewed with cached link results
    notes = [c[2] for c in rig.gateway.named("comment") if "cached" in c[2]]
    assert len(notes) == 1 and "minutes" in notes[0]
    rig.clock.now += 1200
    rig.parts.run_job(command(rig, "recheck-links", delivery="c-later"))
    assert rig.pipeline.runs[-1].links_only  # the budget comes back
