"""Per-rule fixture cases, one runner for every check (awesome-lint's fixture habit).

A case is a folder `fixtures/<check>/<CODE>-<slug>/` (or a descriptive name for a case
that must raise nothing, or several rules) holding:

- `head.md`: the list under review;
- `base.md` (optional): the list before the pull request; absent, a full audit of head.md;
- `config.yml` (optional): the repository's `.github/awesome-review.yml`;
- `changed.txt` (optional): the paths the pull request touches, one a line (unknown without);
- `links.json` (optional): what the link checker said, a list of LinkResult fields
  (`url`, `verdict`, `status`, `reason`, `final_url`, `permanent`, `archived`, `fork_of`,
  and for a paper's metadata under `url: paper:<key>` a `paper` object: key, title, year;
  for a repository under `url: repository:<owner/repo>` a `repository` object: full_name,
  stars, created_at, pushed_at, archived, license, release, ci, readme, as_of);
- `expected.txt`: the check's findings in order, one `LINE CODE message` per line.

`pytest --update-fixtures` rewrites every expected.txt from what the checks say now; read
the diff before committing it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from bot.checks import CHECKS, Check
from bot.config import Config
from bot.engine import Review, load_config, review_texts
from bot.model import Finding, LinkResult, Paper, Repository, Verdict

FIXTURES = Path(__file__).parent / "fixtures"
# the folder of each check's cases: the module that holds the check
_BY_NAME = {check.name: check for check in CHECKS}
FOLDERS: dict[str, Check] = {
    "format": _BY_NAME["format"],
    "list": _BY_NAME["list"],
    "placement": _BY_NAME["placement"],
    "duplicates": _BY_NAME["duplicate"],
    "order": _BY_NAME["order"],
    "links": _BY_NAME["link"],
    "paper": _BY_NAME["paper"],
    "repository": _BY_NAME["repository"],
    "policy": _BY_NAME["policy"],
}
_LINK_FIELDS = {f.name for f in fields(LinkResult)} - {"extra", "chain"}


@dataclass(frozen=True)
class Case:
    check: Check
    folder: Path
    head: str
    base: str | None
    config: Config
    link_results: dict[str, LinkResult] = field(default_factory=dict)
    changed_files: tuple[str, ...] | None = None

    @property
    def expected_path(self) -> Path:
        return self.folder / "expected.txt"

    @property
    def expected(self) -> list[str]:
        return self.expected_path.read_text(encoding="utf-8").splitlines()

    def review(self, config: Config | None = None) -> Review:
        return review_texts(
            self.head,
            self.base,
            config or self.config,
            self.link_results,
            changed_files=self.changed_files,
        )

    def findings(self, config: Config | None = None) -> list[Finding]:
        """This check's findings, and the internal error if this check crashed."""
        crashed = f"the {self.check.name} check crashed"
        return [
            f
            for f in self.review(config).findings
            if f.check == self.check.name or (f.rule == "X001" and crashed in f.message)
        ]

    def write_expected(self) -> None:
        """Rewrite expected.txt with what the check says now (`--update-fixtures`)."""
        self.expected_path.write_text("".join(f"{line}\n" for line in self.found()), "utf-8")

    def found(self) -> list[str]:
        """The findings as expected.txt writes them."""
        return [as_line(f) for f in self.findings()]


def as_line(finding: Finding) -> str:
    return f"{finding.line} {finding.rule} {finding.message}"


def case_names(folder: str) -> list[str]:
    return sorted(p.name for p in (FIXTURES / folder).iterdir() if p.is_dir())


def all_cases() -> list[tuple[str, str]]:
    """(folder, case) for every case of every check."""
    return [(folder, name) for folder in FOLDERS for name in case_names(folder)]


def load_case(folder: str, name: str, root: Path = FIXTURES) -> Case:
    path = root / folder / name
    return Case(
        check=FOLDERS[folder],
        folder=path,
        head=(path / "head.md").read_text(encoding="utf-8"),
        base=_optional_text(path / "base.md"),
        config=load_config(_optional_text(path / "config.yml")),
        link_results=_link_results(path / "links.json"),
        changed_files=_changed_files(path / "changed.txt"),
    )


def rules_covered() -> set[str]:
    """Every rule code some case expects."""
    return {
        line.split()[1]
        for folder, name in all_cases()
        for line in load_case(folder, name).expected
    }


def _optional_text(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


def _changed_files(path: Path) -> tuple[str, ...] | None:
    text = _optional_text(path)
    return None if text is None else tuple(line for line in text.splitlines() if line.strip())


def _link_results(path: Path) -> dict[str, LinkResult]:
    rows: list[dict[str, Any]] = json.loads(path.read_text("utf-8")) if path.exists() else []
    results = {}
    for row in rows:
        unknown = set(row) - _LINK_FIELDS
        if unknown:
            raise ValueError(f"{path}: unknown LinkResult field(s) {sorted(unknown)}")
        paper = Paper(**row["paper"]) if row.get("paper") else None
        repository = Repository(**row["repository"]) if row.get("repository") else None
        results[row["url"]] = LinkResult(
            **{**row, "verdict": Verdict(row["verdict"]), "paper": paper, "repository": repository}
        )
    return results
