"""The repository check's rules and settings: R701–R710 as documented, and `repository:`.

Kept beside the check (repository.py), which reads them: the declarations with their
examples, the `repository:` criteria a list sets, and which entries' repositories a review
asks the GitHub API about (`repositories_to_check`, given to the link checker).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar, Self

from bot.checks.analysis.identity import identity_links
from bot.checks.base import Rule
from bot.config import Config, ConfigError, number, section, severity_or_off
from bot.model import Change, Diff, Entry, LinkResult, Repository, Severity, Verdict
from bot.urls import github_repository
from bot.yamlsafe import short_repr

RESULT_PREFIX = "repository:"  # results of repositories are named so (bot.links.repos)
_KEYS = (
    "min_stars",
    "min_age_days",
    "max_inactive_days",
    "license_required",
    "archived",
    "require_release",
    "require_ci",
    "require_readme",
)
_DAYS = 100 * 366  # a century: anything longer is a typo


@dataclass(frozen=True, slots=True)
class RepositoryOptions:
    """`repository: {min_age_days: 150, archived: error, license_required: true, ...}`: what
    a repository an added entry links must meet (awesome-go's quality check). Off unless set."""

    KEYS: ClassVar[tuple[str, ...]] = ("repository",)

    min_stars: int | None = None
    min_age_days: int | None = None
    max_inactive_days: int | None = None
    license_required: bool = False
    archived: Severity | None = None  # the severity of an archived repository; None: off
    archived_given: bool = False  # `archived:` is set (even to off): R705 speaks, not L405
    require_release: bool = False
    require_ci: bool = False
    require_readme: bool = False

    @property
    def active(self) -> bool:
        """Does the list ask anything of its repositories?"""
        return any(
            (
                self.min_stars is not None,
                self.min_age_days is not None,
                self.max_inactive_days is not None,
                self.license_required,
                self.archived is not None,
                self.require_release,
                self.require_ci,
                self.require_readme,
            )
        )

    @classmethod
    def from_yaml(cls, data: Mapping[str, object]) -> Self:
        raw = data.get("repository", {})
        if raw is False or raw == "off":
            return cls()
        found = section(raw, "repository", _KEYS)
        archived = found.get("archived", "off")
        return cls(
            min_stars=_count(found, "min_stars", 10**9),
            min_age_days=_count(found, "min_age_days", _DAYS),
            max_inactive_days=_count(found, "max_inactive_days", _DAYS),
            license_required=_flag(found, "license_required"),
            archived=severity_or_off(archived, "repository.archived"),
            archived_given="archived" in found,
            require_release=_flag(found, "require_release"),
            require_ci=_flag(found, "require_ci"),
            require_readme=_flag(found, "require_readme"),
        )


def _count(found: Mapping[str, object], key: str, high: int) -> int | None:
    if key not in found:
        return None
    value = found[key]
    if not isinstance(value, int) or isinstance(value, bool):
        raise ConfigError(f"repository.{key}: expected a whole number; got {short_repr(value)}")
    return int(number(value, f"repository.{key}", 0, high))


def _flag(found: Mapping[str, object], key: str) -> bool:
    value = found.get(key, False)
    if not isinstance(value, bool):
        raise ConfigError(f"repository.{key}: expected true or false; got {short_repr(value)}")
    return value


def repositories_to_check(diff: Diff, config: Config) -> list[str]:
    """`repository:owner/repo` for each repository an added entry is, when the list has
    criteria (a full audit asks nothing: the entries were taken under the rules of their day)."""
    if diff.full_audit or not config.option(RepositoryOptions).active:
        return []
    names = (repository_of(change, config) for change in new_repositories(diff, config))
    return list(dict.fromkeys(RESULT_PREFIX + name for name, _ in names if name))


def new_repositories(diff: Diff, config: Config) -> list[Change]:
    """Added entries, and changed ones that now name another repository."""
    changed = [
        change
        for change in diff.changed
        if change.base is None
        or _repository(change.base, config)[0] != _repository(change.head, config)[0]
    ]
    return [*diff.added, *changed]


def repository_of(change: Change, config: Config) -> tuple[str | None, str]:
    """The repository the head entry is ('owner/repo', lower-case) and the URL it is written as."""
    return _repository(change.head, config)


def _repository(entry: Entry, config: Config) -> tuple[str | None, str]:
    for link in identity_links(entry):
        name = github_repository(link.url)
        if name is not None and not config.ignores(link.url):
            return name, link.url
    return None, ""


# ------------------------------------------------------------------------- the rules

_AS_OF = "2026-06-01T00:00:00+00:00"
_BASE = "# Awesome Go\n\n## Tools\n\n- [Alpha](https://github.com/acme/alpha) - Does alpha.\n"
_BAD = "- [Beta](https://github.com/acme/beta) - Does beta.\n"
_GOOD = "- [Gamma](https://github.com/acme/gamma) - Does gamma.\n"


def facts(name: str, **changes: object) -> LinkResult:
    """An example repository that meets every criterion, with `changes` (for rule examples)."""
    values: dict[str, object] = {
        "full_name": name,
        "stars": 900,
        "created_at": "2019-03-04T10:00:00+00:00",
        "pushed_at": "2026-05-20T10:00:00+00:00",
        "archived": False,
        "license": "MIT",
        "release": True,
        "ci": True,
        "readme": True,
        "as_of": _AS_OF,
    }
    values.update(changes)
    repository = Repository(**values)  # type: ignore[arg-type]
    moved = repository.full_name != name
    return LinkResult(
        RESULT_PREFIX + name,
        Verdict.REDIRECTED if moved else Verdict.OK,
        200,
        final_url=repository.full_name if moved else None,
        permanent=moved,
        archived=repository.archived,
        repository=repository,
    )


def _rule(code: str, name: str, title: str, why: str, config: str, **bad: object) -> Rule:
    return Rule(
        code=code,
        name=name,
        title=title,
        severity=Severity.ERROR,
        check="repository",
        why=why,
        base=_BASE,
        bad=_BAD,
        good=_GOOD,
        config=f"repository:\n  {config}\n",
        link_results=(facts("acme/beta", **bad), facts("acme/gamma")),
    )


TOO_YOUNG = _rule(
    "R701",
    "repository-too-young",
    "The repository is younger than the list asks",
    "Lists that take only projects with some history (awesome-go asks for five months) "
    "set `repository.min_age_days`; a project created last week may not be there next year.",
    "min_age_days: 150",
    created_at="2026-04-21T00:00:00+00:00",
)
FEW_STARS = _rule(
    "R702",
    "repository-few-stars",
    "The repository has fewer stars than the list asks",
    "Some lists take only projects others already use; `repository.min_stars` says how "
    "many stargazers that takes.",
    "min_stars: 50",
    stars=12,
)
INACTIVE = _rule(
    "R703",
    "repository-inactive",
    "Nobody pushed to the repository for longer than the list allows",
    "A project without a push for years is likely unmaintained; `repository.max_inactive_days` "
    "says how long a list waits.",
    "max_inactive_days: 365",
    pushed_at="2025-04-27T00:00:00+00:00",
)
NO_LICENSE = _rule(
    "R704",
    "repository-no-license",
    "The repository has no license",
    "Without a license nobody may use, copy or change the code; open-source lists "
    "(`repository.license_required`) take only projects that grant those rights.",
    "license_required: true",
    license=None,
)
ARCHIVED = _rule(
    "R705",
    "repository-archived",
    "The repository is archived",
    "An archived repository is read-only: no fixes, no answers. `repository.archived` sets "
    "how a list takes one (error, warning or off); set, it replaces L405's warning.",
    "archived: error",
    archived=True,
    pushed_at="2024-03-02T12:00:00+00:00",
)
NO_RELEASE = _rule(
    "R706",
    "repository-no-release",
    "The repository has published no release",
    "A release tells users which version to depend on; lists of libraries "
    "(`repository.require_release`) ask for one.",
    "require_release: true",
    release=False,
)
NO_CI = _rule(
    "R707",
    "repository-no-ci",
    "The repository runs no GitHub Actions workflow",
    "Continuous integration shows the project is tested on every change; "
    "`repository.require_ci` asks for a workflow under `.github/workflows`.",
    "require_ci: true",
    ci=False,
)
NO_README = _rule(
    "R708",
    "repository-no-readme",
    "The repository has no README",
    "A reader arriving from the list needs a page that says what the project is and how to "
    "use it; `repository.require_readme` asks for one.",
    "require_readme: true",
    readme=False,
)
MOVED = Rule(
    code="R709",
    name="repository-moved",
    title="The repository moved; link its new name",
    severity=Severity.NOTICE,
    check="repository",
    why="GitHub redirects a renamed or transferred repository, until someone takes the old "
    "name; the criteria are judged on the new one. Said when links are not checked (L402 says "
    "it when they are).",
    base=_BASE,
    bad="- [Beta](https://github.com/old-owner/beta) - Does beta.\n",
    good=_GOOD,
    fixable=True,
    config="repository:\n  min_stars: 50\n",
    link_results=(facts("old-owner/beta", full_name="acme/beta"), facts("acme/gamma")),
)
NOT_CHECKED = Rule(
    code="R710",
    name="repository-not-checked",
    title="The repository could not be checked against the list's criteria",
    severity=Severity.NOTICE,
    check="repository",
    why="Without a GitHub token, with the API rate limit spent, or past the review's budget of "
    "API calls and time, the criteria are not checked: a person should look once. A "
    "repository that does not exist is said too.",
    base=_BASE,
    bad=_BAD,
    good=_GOOD,
    config="repository:\n  min_stars: 50\n",
    link_results=(
        LinkResult(
            RESULT_PREFIX + "acme/beta", Verdict.UNVERIFIABLE, 503, "the GitHub API answered 503"
        ),
        facts("acme/gamma"),
    ),
)
RULES: tuple[Rule, ...] = (
    TOO_YOUNG,
    FEW_STARS,
    INACTIVE,
    NO_LICENSE,
    ARCHIVED,
    NO_RELEASE,
    NO_CI,
    NO_README,
    MOVED,
    NOT_CHECKED,
)
