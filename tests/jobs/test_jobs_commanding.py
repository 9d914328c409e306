"""Comment commands in the worker: 👀 first, permission from the API, replies, 🚀 / 👎."""

from __future__ import annotations

import pytest

from bot import commands
from bot.commands import COMMANDS, NOTHING_MORE, Asked, CommandCall, CommandSpec, Who
from bot.github.errors import GitHubUnavailable, NotFound
from bot.jobs.job import CommandJob, ReviewJob
from bot.jobs.runner import Ran
from bot.jobs.store import DONE
from jobs.conftest import Rig, command_job
from tests.fakes.recording import NoGateways


def command(rig: Rig, *commands: str, commenter: str = "maint", author: str = "alice",
            delivery: str = "c-1") -> CommandJob:
    return rig.want(command_job(*commands, delivery_id=delivery, commenter=commenter,
                                pr_author=author))


def test_maintainer_recheck_reacts_reviews_the_current_head_then_rockets(rig: Rig) -> None:
    rig.gateway.roles["maint"] = "maintain"
    rig.gateway.head_sha = "9" * 40
    assert rig.parts.run_job(command(rig, "recheck")) == Ran.DONE
    writes = [call for call in rig.gateway.calls if call[0] != "permission"]
    assert writes[0] == ("reaction", 77, "eyes")  # the acknowledgement is the first write
    assert rig.gateway.named("reaction")[-1] == ("reaction", 77, "rocket")
    [review] = rig.pipeline.runs
    assert isinstance(review, ReviewJob)
    assert (review.head_sha, review.base_sha) == ("9" * 40, "e" * 40)
    assert review.trigger == "recheck" and review.comment_id == 77 and not review.links_only
    wanted = rig.store.wanted(review.key)
    assert wanted is not None and wanted.state == DONE


def test_recheck_links_asks_for_fresh_links(rig: Rig) -> None:
    rig.gateway.roles["maint"] = "write"
    rig.parts.run_job(command(rig, "recheck-links"))
    assert rig.pipeline.runs[0].links_only


def test_recheck_with_recheck_links_is_one_full_review(rig: Rig) -> None:
    rig.gateway.roles["maint"] = "write"
    assert rig.parts.run_job(command(rig, "recheck-links", "recheck")) == Ran.DONE
    [review] = rig.pipeline.runs
    assert not review.links_only


def test_the_prs_author_may_recheck_without_write_access(rig: Rig) -> None:
    assert rig.parts.run_job(command(rig, "recheck", commenter="Alice", author="alice")) == Ran.DONE
    assert rig.gateway.named("permission") == []


def test_outsider_is_refused_politely_with_a_thumbs_down(rig: Rig) -> None:
    rig.gateway.roles["stranger"] = "triage"
    assert rig.parts.run_job(command(rig, "recheck", commenter="stranger")) == "refused"
    assert rig.pipeline.runs == []
    [(_, number, body)] = rig.gateway.named("comment")
    assert number == 7 and body.startswith("Sorry @stranger")
    assert "write, maintain or admin" in body
    assert [c[2] for c in rig.gateway.named("reaction")] == ["-1"]  # the refusal answers it


def test_private_repo_non_collaborator_is_refused(rig: Rig) -> None:
    rig.gateway.fail["permission"] = NotFound("Not Found", status=404)
    assert rig.parts.run_job(command(rig, "recheck", commenter="stranger")) == "refused"


def test_second_recheck_within_30_seconds_is_not_run(rig: Rig) -> None:
    rig.gateway.roles["maint"] = "admin"
    assert rig.parts.run_job(command(rig, "recheck", delivery="c-1")) == Ran.DONE
    rig.clock.now += 10
    assert rig.parts.run_job(command(rig, "recheck", delivery="c-2")) == "rate-limited"
    assert len(rig.pipeline.runs) == 1
    assert "less than 30 seconds" in rig.gateway.named("comment")[-1][2]
    rig.clock.now += 25
    assert rig.parts.run_job(command(rig, "recheck", delivery="c-3")) == Ran.DONE


def test_help_replies_to_anyone(rig: Rig) -> None:
    assert rig.parts.run_job(command(rig, "help", commenter="stranger")) == "help"
    [(_, _, body)] = rig.gateway.named("comment")
    assert "/recheck links" in body and "@awesome-review recheck" in body
    assert [c[2] for c in rig.gateway.named("reaction")] == ["eyes", "rocket"]
    assert rig.pipeline.runs == []


def test_github_failure_in_a_command_is_retried(rig: Rig) -> None:
    rig.gateway.fail["reaction"] = GitHubUnavailable("502", status=502)
    job = command(rig, "recheck")
    assert rig.parts.run_job(job) == Ran.RETRY
    [(again, _)] = rig.scheduled()
    assert again == job.retried()
    del rig.gateway.fail["reaction"]
    rig.gateway.roles["maint"] = "write"
    assert rig.parts.run_job(again) == Ran.DONE


def test_a_finished_command_is_not_run_again_by_the_sweep(rig: Rig) -> None:
    rig.gateway.roles["maint"] = "write"
    job = command(rig, "recheck")
    rig.parts.run_job(job)
    assert rig.parts.run_job(job) == Ran.ALREADY_DONE
    assert len(rig.pipeline.runs) == 1


def test_no_gateway_for_the_installation_is_given_up_not_crashed(rig: Rig) -> None:
    rig.parts.runner.gateways = NoGateways()
    job = command(rig, "recheck")
    assert rig.parts.run_job(job) == Ran.GAVE_UP
    wanted = rig.store.wanted(job.key)
    assert wanted is not None and wanted.state == "failed"


def test_help_lists_every_command_of_the_table(rig: Rig) -> None:
    rig.parts.run_job(command(rig, "help"))
    [(_, _, body)] = rig.gateway.named("comment")
    for spec in COMMANDS:
        assert f"| `{spec.usage}` | {spec.help} |" in str(body)
    assert "| `@awesome-review recheck links` | The same as `/recheck links` |" in str(body)


def test_help_beside_a_refused_recheck_still_answers_then_refuses(rig: Rig) -> None:
    rig.gateway.roles["stranger"] = "read"
    assert rig.parts.run_job(command(rig, "help", "recheck-links", commenter="stranger")) == "refused"
    replies = [str(c[2]) for c in rig.gateway.named("comment")]
    assert "| Command | What it does |" in replies[0]
    assert replies[1].startswith("Sorry @stranger") and "`/recheck links`" in replies[1]
    assert len(rig.gateway.named("permission")) == 1  # asked once for the job
    assert rig.pipeline.runs == []


def test_a_command_this_version_does_not_know_is_skipped(rig: Rig) -> None:
    assert rig.parts.run_job(command(rig, "frobnicate", "help")) == "help"
    assert [c[2] for c in rig.gateway.named("reaction")] == ["eyes", "rocket"]


def test_a_command_added_to_the_table_is_found_obeyed_and_listed(
    rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One entry and its handler are all a new command needs."""
    def ping(call: CommandCall) -> Asked:
        call.reply("pong")
        return NOTHING_MORE

    spec = CommandSpec(name="ping", pattern=r"ping", who=Who.AUTHOR_OR_WRITER, handler=ping,
                       usage="/ping", help="Answer pong")
    monkeypatch.setattr(commands, "COMMANDS", (*commands.COMMANDS, spec))
    assert commands.parse_commands("/ping\n/help") == ("ping", "help")
    rig.gateway.roles["maint"] = "write"
    assert rig.parts.run_job(command(rig, *commands.parse_commands("/ping\n/help"))) == "ping"
    pong, listing = (str(c[2]) for c in rig.gateway.named("comment"))
    assert pong == "pong" and "| `/ping` | Answer pong |" in listing
    rig.gateway.roles["outsider"] = "read"
    assert rig.parts.run_job(command(rig, "ping", commenter="outsider", delivery="c-2")) == "refused"
