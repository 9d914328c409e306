"""Read what a pull request did to the list, at exact SHAs, through the gateway.

The config comes from the BASE commit, so a pull request cannot switch its own checks
off. List files are read at the merge base (what GitHub's diff compares against) and at
the head SHA, always from the base repository: GitHub keeps a fork's PR commits there
too (refs/pull/N/head), and an App installed on the base repo may not read the fork.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.config import CONFIG_PATH, DEFAULT, Config, ConfigError
from bot.diff.merge import Merged
from bot.engine import load_config
from bot.github.errors import NotFound, Unprocessable
from bot.github.protocol import Gateway
from bot.github.types import PullFile, PullRequest
from bot.model import Severity
from bot.report import templates as t
from bot.report.comment import FileProblem

LOG = logging.getLogger(__name__)

MAX_LIST_BYTES = 5_000_000  # the largest popular lists are ~0.5 MB; beyond this is an accident


@dataclass(frozen=True, slots=True)
class ListFile:
    """One list file the pull request touches, as text at base and head."""

    path: str  # the head path
    status: str  # GitHub's: added, modified, renamed, removed, ...
    head_text: str | None  # None when it cannot be reviewed (see `problem`)
    base_text: str | None  # None for a new file: every entry is judged
    patch: str | None  # GitHub's unified diff of the file, for inline comments
    problem: FileProblem | None = None
    # Reviewed as merged into the base branch as it is now (after the branch moved):
    # head_text is the merge result, and these map its lines back to the PR's own file.
    merged: Merged | None = None
    pr_text: str | None = None


@dataclass(frozen=True, slots=True)
class PullSnapshot:
    pull: PullRequest
    merge_base: str
    config: Config
    config_problem: str | None
    files: tuple[ListFile, ...]
    # every path the pull request touches (a rename: both names), for the list's policies
    changed_paths: tuple[str, ...] = ()


def fetch_pull_request(gateway: Gateway, pull: PullRequest) -> PullSnapshot:
    """The config and every touched list file of `pull`, read at its SHAs."""
    config, problem = load_base_config(gateway, pull)
    changed = gateway.pull_files(pull.repo, pull.number)
    touched = touched_list_files(changed, config)
    merge_base = _merge_base(gateway, pull) if touched else pull.base_sha
    files = tuple(read_list_file(gateway, pull, merge_base, f, config) for f in touched)
    return PullSnapshot(pull, merge_base, config, problem, files, changed_paths(changed))


def changed_paths(files: list[PullFile]) -> tuple[str, ...]:
    """The paths a pull request touches, in GitHub's order; a renamed file by both names."""
    paths = (path for f in files for path in (f.previous_path, f.path) if path)
    return tuple(dict.fromkeys(paths))


def load_base_config(gateway: Gateway, pull: PullRequest) -> tuple[Config, str | None]:
    """`.github/awesome-review.yml` at the base SHA; a broken one means defaults plus a note."""
    config, problem, _ = config_at(gateway, pull.repo, pull.base_sha)
    return config, problem


def config_at(gateway: Gateway, repo: str, sha: str) -> tuple[Config, str | None, bool]:
    """The config at `sha`: (config, what is wrong with it, whether the file exists); a
    missing or broken file means the defaults."""
    found = gateway.file_content(repo, CONFIG_PATH, sha)
    if found is None:
        return DEFAULT, None, False
    try:
        return load_config(found.data), None, True
    except ConfigError as exc:
        LOG.warning("%s at %s: invalid config: %s", repo, sha[:7], exc)
        return DEFAULT, str(exc), True


def is_list_path(path: str, config: Config) -> bool:
    """Is `path` one of the configured list files (`files:` entries may be globs)?"""
    return config.is_list_path(path)


def touched_list_files(files: list[PullFile], config: Config) -> list[PullFile]:
    """The pull request's files that are list files before or after it (renames count)."""
    return [
        f
        for f in files
        if is_list_path(f.path, config)
        or (f.previous_path is not None and is_list_path(f.previous_path, config))
    ]


def read_list_file(
    gateway: Gateway, pull: PullRequest, merge_base: str, file: PullFile, config: Config
) -> ListFile:
    if file.status == "removed":
        return _unreviewable(file, t.file_deleted(file.path))
    if not is_list_path(file.path, config):
        assert file.previous_path is not None
        return _unreviewable(file, t.file_renamed_away(file.previous_path, file.path))
    head = gateway.file_content(pull.repo, file.path, pull.head_sha)
    if head is None:
        # Listed by GitHub but gone at the head SHA: the branch moved under us.
        raise NotFound(f"{file.path} is missing at {pull.head_sha[:7]}")
    if head.size > MAX_LIST_BYTES or len(head.data) > MAX_LIST_BYTES:
        problem = t.file_too_large(file.path, max(head.size, len(head.data)), MAX_LIST_BYTES)
        return _unreviewable(file, problem)
    text, reason = decode_text(head.data)
    if text is None:
        return _unreviewable(file, t.file_not_text(file.path, reason), Severity.ERROR)
    if not text.strip():
        # An emptied list has no entry to judge, and "no problems found" would hide it.
        return _unreviewable(file, t.file_empty(file.path))
    return ListFile(
        file.path, file.status, text, _base_text(gateway, pull, merge_base, file), file.patch
    )


def _base_text(gateway: Gateway, pull: PullRequest, merge_base: str, file: PullFile) -> str | None:
    if file.status == "added":
        return None
    path = (
        file.previous_path
        if file.status in ("renamed", "copied") and file.previous_path
        else file.path
    )
    base = gateway.file_content(pull.repo, path, merge_base)
    if base is None or len(base.data) > MAX_LIST_BYTES:
        return None
    # A base that is not clean UTF-8 only serves as context; replacement characters do no harm.
    return base.data.decode("utf-8", errors="replace")


def decode_text(data: bytes) -> tuple[str | None, str]:
    """UTF-8 text, or None and the reason it is not text."""
    if b"\x00" in data[:8192]:
        return None, "it is a binary file (it contains NUL bytes)"
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError as exc:
        return None, f"it is not UTF-8 (byte {exc.start} is 0x{data[exc.start]:02x})"


def _merge_base(gateway: Gateway, pull: PullRequest) -> str:
    """GitHub diffs a PR against the merge base; fall back to the base SHA if compare fails."""
    try:
        return gateway.merge_base(pull.repo, pull.base_sha, pull.head_sha)
    except (NotFound, Unprocessable) as exc:
        LOG.info("%s#%s: no merge base (%s); using the base SHA", pull.repo, pull.number, exc)
        return pull.base_sha


def _unreviewable(file: PullFile, message: str, severity: Severity = Severity.WARNING) -> ListFile:
    return ListFile(file.path, file.status, None, None, file.patch, FileProblem(message, severity))
