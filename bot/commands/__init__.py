"""Comment commands: the table of what a comment on a pull request can ask of the bot.

Adding a command is one entry in COMMANDS plus its handler, both in this module. From the
entry the web process finds the command in comments (`pattern`, `mention`), the worker
checks who may run it (`who`) and calls its `handler`, and the `/help` reply lists it
(`usage`, `help`). A handler replies through the `CommandCall` it is given and returns
what else it asks for: a review (`Asked(review=True)`) or nothing more.
"""

from __future__ import annotations

import functools

from bot.commands.parse import CommandFinder
from bot.commands.spec import NOTHING_MORE, Asked, CommandCall, CommandSpec, Handler, Who
from bot.report import templates
from bot.report.machine import DOCS_URL

__all__ = [
    "COMMANDS",
    "NOTHING_MORE",
    "Asked",
    "CommandCall",
    "CommandSpec",
    "Handler",
    "Who",
    "command",
    "new_commands",
    "parse_commands",
]


# ---------------------------------------------------------------------------- handlers


def recheck(call: CommandCall) -> Asked:
    return Asked(review=True)


def recheck_links(call: CommandCall) -> Asked:
    return Asked(review=True, links_only=True)


def fix(call: CommandCall) -> Asked:
    from bot.jobs.fixing import fix_pull  # the review engine: loaded in the worker only

    job = call.job
    pull = call.pull()
    if pull.state != "open" or not call.allowed(f"fix:{job.repo}#{job.pr_number}"):
        return NOTHING_MORE  # closed, or a /fix of this PR within the last 30 s
    outcome = fix_pull(call.gateway, pull, job.commenter)
    call.reply(outcome.reply)
    return Asked(review=True, head_moved=True) if outcome.pushed else NOTHING_MORE


def show_help(call: CommandCall) -> Asked:
    job = call.job
    if call.allowed(f"help:{job.repo}#{job.pr_number}"):  # one reply per PR per 30 s
        rows = [(c.usage, c.help, c.mention) for c in COMMANDS]
        call.reply(templates.help_reply(call.gateway.login, call.list_files(), DOCS_URL, rows))
    return NOTHING_MORE


# ---------------------------------------------------------------------------- the table

COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec(
        name="recheck",
        pattern=r"recheck",
        who=Who.AUTHOR_OR_WRITER,
        handler=recheck,
        usage="/recheck",
        help="Review this pull request again",
        mention=True,
    ),
    CommandSpec(
        name="recheck-links",
        pattern=r"recheck[ \t]+links",
        who=Who.AUTHOR_OR_WRITER,
        handler=recheck_links,
        usage="/recheck links",
        help="Re-check the links, without cached results",
        mention=True,
    ),
    CommandSpec(
        name="fix",
        pattern=r"fix",
        who=Who.WRITER,
        handler=fix,
        usage="/fix",
        help="Commit the review's fixes to this pull request's branch (or say how to apply them)",
    ),
    CommandSpec(
        name="help",
        pattern=r"help",
        who=Who.ANYONE,
        handler=show_help,
        usage="/help",
        help="Show this message",
    ),
)

if len({spec.name for spec in COMMANDS}) != len(COMMANDS):
    raise ValueError("two comment commands share a name")


def command(name: str) -> CommandSpec | None:
    """The table entry of a command a job names (None for one this version does not know)."""
    return next((spec for spec in COMMANDS if spec.name == name), None)


def parse_commands(body: str | None, app_login: str | None = None) -> tuple[str, ...]:
    """The names of the commands in a comment body, in order, each once."""
    return _finder(COMMANDS).find(body, app_login)


@functools.cache
def _finder(table: tuple[CommandSpec, ...]) -> CommandFinder:
    return CommandFinder(table)  # compiles the table's patterns once


def new_commands(
    body: str | None, old_body: str | None, app_login: str | None = None
) -> tuple[str, ...]:
    """Commands in an edited comment that its previous body did not already give."""
    before = set(parse_commands(old_body, app_login))
    return tuple(c for c in parse_commands(body, app_login) if c not in before)
