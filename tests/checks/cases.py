"""Per-rule fixture cases, shared by the check tests (awesome-lint's fixture habit).

A case is a folder fixtures/<check>/<case>/ holding head.md, base.md (absent: a full audit
of head.md), config.yml and link_results.json (optional: what the link checker said about
a URL) and expected.txt, one `LINE RULE` per expected finding, in order.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from bot.config import Config
from bot.engine import Review, load_config, review_texts
from bot.model import LinkResult, Verdict

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass(frozen=True)
class Case:
    folder: Path
    head: str
    base: str | None
    config: Config
    link_results: dict[str, LinkResult] = field(default_factory=dict)

    @property
    def expected(self) -> list[str]:
        return (self.folder / "expected.txt").read_text(encoding="utf-8").splitlines()

    def review(self, config: Config | None = None) -> Review:
        return review_texts(self.head, self.base, config or self.config, self.link_results)


def case_names(check: str) -> list[str]:
    return sorted(p.name for p in (FIXTURES / check).iterdir() if p.is_dir())


def load_case(check: str, name: str) -> Case:
    folder = FIXTURES / check / name
    return Case(
        folder=folder,
        head=(folder / "head.md").read_text(encoding="utf-8"),
        base=_optional_text(folder / "base.md"),
        config=load_config(_optional_text(folder / "config.yml")),
        link_results=_link_results(folder / "link_results.json"),
    )


def rules_covered(check: str) -> set[str]:
    """Every rule code some case of `check` expects."""
    return {
        line.split()[1] for name in case_names(check) for line in load_case(check, name).expected
    }


def _optional_text(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


def _link_results(path: Path) -> dict[str, LinkResult]:
    rows = json.loads(path.read_text("utf-8")) if path.exists() else []
    return {
        r["url"]: LinkResult(
            r["url"], Verdict(r["verdict"]), r.get("status"), fork_of=r.get("fork_of")
        )
        for r in rows
    }
