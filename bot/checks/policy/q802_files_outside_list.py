"""Q802 files-outside-list: a pull request touches files the list's policy keeps out of it."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator, Sequence

from bot.checks.base import Context, Rule
from bot.checks.policy.options import CHECK_NAME, PolicyOptions, listed, where
from bot.config import Config
from bot.model import Finding, Severity

RULE = Rule(
    code="Q802",
    name="files-outside-list",
    title="The pull request changes files besides the list that the list's policy does not allow",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why="A submission that also edits the workflow, the license or a script hides those changes "
    "behind an entry; lists like awesome-go ask for them in a pull request of their own. The "
    "list files (`files:`) are always allowed; `policy.allowed_files` names the other files "
    "(globs) a pull request may touch. Known from the pull request in the App, from the "
    "files that differ between the base and the checkout in the Action, from "
    "`--changed-files` on the command line; off unless `policy.allowed_files` is set.",
    base="# Awesome X\n\n## Tools\n\n- [Alpha](https://alpha.example.org) - Does alpha.\n",
    bad="- [Beta](https://beta.example.org) - Does beta.\n",
    good="- [Beta](https://beta.example.org) - Does beta.\n",
    config="policy:\n  allowed_files: []\n",
    bad_files=(".github/workflows/ci.yml",),
)


def judge(ctx: Context, options: PolicyOptions) -> Iterator[Finding]:
    allowed = options.allowed_files
    if allowed is None or ctx.changed_files is None:
        return
    others = [path for path in ctx.changed_files if not _allowed(path, allowed, ctx.config)]
    if not others:
        return
    may = "only the list files" if not allowed else f"the list files and {_quoted(allowed)}"
    yield RULE.finding(
        1,
        f"this list's pull requests change {may} ({where('allowed_files')}); this one also "
        f"changes {_quoted(others)}. Please propose those changes in a pull request of their "
        "own.",
    )


def _allowed(path: str, allowed: tuple[str, ...], config: Config) -> bool:
    return config.is_list_path(path) or any(fnmatch.fnmatchcase(path, glob) for glob in allowed)


def _quoted(paths: Sequence[str]) -> str:
    return listed([f"`{path}`" for path in paths])
