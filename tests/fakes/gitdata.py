"""The fake's git side: commits as file maps, blob SHAs, merge bases and GitHub-style patches."""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field


def blob_sha(data: bytes) -> str:
    """Git's blob id, as GitHub reports it."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class Commit:
    sha: str
    files: dict[str, bytes]
    parent: str | None


@dataclass
class Network:
    """The commits of a repository and its forks: GitHub serves a fork's PR commits from the
    base repository too (refs/pull/N/head)."""

    commits: dict[str, Commit] = field(default_factory=dict)
    blobs: dict[str, bytes] = field(default_factory=dict)

    def commit(self, files: dict[str, bytes], parent: str | None) -> str:
        # Content-addressed like git (minus author and date), so runs are reproducible.
        tree = sorted((path, blob_sha(data)) for path, data in files.items())
        sha = hashlib.sha1(f"{parent}:{tree}".encode()).hexdigest()
        self.commits[sha] = Commit(sha, dict(files), parent)
        for data in files.values():
            self.blobs[blob_sha(data)] = data
        return sha

    def ancestors(self, sha: str) -> list[str]:
        chain: list[str] = []
        current: str | None = sha
        while current is not None and current in self.commits:
            chain.append(current)
            current = self.commits[current].parent
        return chain

    def merge_base(self, base: str, head: str) -> str | None:
        base_line = set(self.ancestors(base))
        return next((sha for sha in self.ancestors(head) if sha in base_line), None)


@dataclass(frozen=True)
class FileChange:
    path: str
    status: str  # added | removed | modified | renamed
    previous_path: str | None
    sha: str
    additions: int
    deletions: int
    patch: str | None


def changes(old: dict[str, bytes], new: dict[str, bytes], patch_limit: int) -> list[FileChange]:
    """What GET /pulls/N/files lists between two file maps, renames detected by content."""
    removed = {p: d for p, d in old.items() if p not in new}
    added = {p: d for p, d in new.items() if p not in old}
    renames = _renames(removed, added)
    result: list[FileChange] = []
    for path in sorted(set(old) | set(new)):
        if path in renames.values():
            continue  # reported under its new name
        if path in renames:
            result.append(
                _change(path, "renamed", old[renames[path]], new[path], patch_limit, renames[path])
            )
        elif path in added:
            result.append(_change(path, "added", None, new[path], patch_limit))
        elif path in removed:
            result.append(_change(path, "removed", old[path], None, patch_limit))
        elif old[path] != new[path]:
            result.append(_change(path, "modified", old[path], new[path], patch_limit))
    return result


def _renames(removed: dict[str, bytes], added: dict[str, bytes]) -> dict[str, str]:
    """new path → old path, for removed/added pairs at least half alike (like git's -M50%)."""
    renames: dict[str, str] = {}
    for new_path, new_data in added.items():
        for old_path, old_data in removed.items():
            if old_path in renames.values():
                continue
            ratio = difflib.SequenceMatcher(None, old_data[:20000], new_data[:20000]).quick_ratio()
            if ratio >= 0.5:
                renames[new_path] = old_path
                break
    return renames


def _change(
    path: str,
    status: str,
    old: bytes | None,
    new: bytes | None,
    limit: int,
    previous: str | None = None,
) -> FileChange:
    patch, additions, deletions = unified_patch(old, new)
    if patch is not None and len(patch) > limit:
        patch = None  # GitHub leaves the patch out of very large diffs
    sha = blob_sha(new if new is not None else old or b"")
    return FileChange(path, status, previous, sha, additions, deletions, patch)


def unified_patch(old: bytes | None, new: bytes | None) -> tuple[str | None, int, int]:
    """GitHub's `patch`: unified diff hunks (3 lines of context) without ---/+++ headers."""
    try:
        old_lines = (old or b"").decode("utf-8").splitlines()
        new_lines = (new or b"").decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return None, 0, 0  # binary: no patch
    diff = list(difflib.unified_diff(old_lines, new_lines, n=3, lineterm=""))[2:]
    additions = sum(1 for line in diff if line.startswith("+"))
    deletions = sum(1 for line in diff if line.startswith("-"))
    return ("\n".join(diff) if diff else None), additions, deletions
