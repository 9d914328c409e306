"""issue_comment deliveries: comment commands on pull requests.

The web process only reads the commands out of the comment. Everything that needs GitHub
(the 👀 reaction, the commenter's permission, the PR's SHAs) happens in the worker.
"""

from __future__ import annotations

import logging

from bot.commands import new_commands, parse_commands
from bot.jobs.job import CommandJob
from webhooks.router import Delivery, Router, field, optional_field

LOG = logging.getLogger(__name__)

router = Router()


@router.register("issue_comment", "created")
def issue_comment_created(delivery: Delivery) -> CommandJob | None:
    if not _on_open_pull_request(delivery) or _by_bot(delivery):
        return None
    body = optional_field(delivery.data, "comment", "body", kind=str)
    return command_job(delivery, parse_commands(body, delivery.app_login))


@router.register("issue_comment", "edited")
def issue_comment_edited(delivery: Delivery) -> CommandJob | None:
    """Only commands the edit added: fixing a typo must not re-run an old `/recheck`."""
    if not _on_open_pull_request(delivery) or _by_bot(delivery):
        return None
    body = optional_field(delivery.data, "comment", "body", kind=str)
    old = optional_field(delivery.data, "changes", "body", "from", kind=str)
    return command_job(delivery, new_commands(body, old, delivery.app_login))


def command_job(delivery: Delivery, commands: tuple[str, ...]) -> CommandJob | None:
    """A job carrying the comment's commands; the worker looks up the PR's SHAs."""
    if not commands:
        return None
    data = delivery.data
    return CommandJob(
        installation_id=optional_field(data, "installation", "id", kind=int),
        repo=field(data, "repository", "full_name", kind=str),
        pr_number=field(data, "issue", "number", kind=int),
        delivery_id=delivery.delivery_id,
        comment_id=field(data, "comment", "id", kind=int),
        commands=commands,
        commenter=field(data, "comment", "user", "login", kind=str),
        pr_author=optional_field(data, "issue", "user", "login", kind=str),
    )


def _on_open_pull_request(delivery: Delivery) -> bool:
    """GitHub sends PR conversation comments as issue_comment; only PRs carry
    `issue.pull_request`."""
    issue = field(delivery.data, "issue", kind=dict)
    return "pull_request" in issue and issue.get("state") != "closed"


def _by_bot(delivery: Delivery) -> bool:
    """Bots (ours included) are never obeyed: two bots could otherwise talk forever."""
    user = field(delivery.data, "comment", "user", kind=dict)
    login = str(user.get("login", ""))
    ours = bool(delivery.app_login) and login.lower() == str(delivery.app_login).lower()
    return user.get("type") == "Bot" or login.lower().endswith("[bot]") or ours
