"""The repo config: every key works, every mistake is named."""

from __future__ import annotations

import pytest

from bot.checks.analysis.categories import CategoryOptions
from bot.checks.duplicates import DuplicateOptions
from bot.checks.format.options import FormatOptions
from bot.checks.placement import PlacementOptions
from bot.config import ConfigError
from bot.engine import load_config, review_texts
from bot.model import Severity

LIST = (
    "# L [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n\n## Tools\n\n"
    "- [Gone](https://gone.example.org) - G.\n"
)


def test_empty_or_missing_config_is_the_default() -> None:
    assert load_config(None) == load_config("") == load_config("# nothing\n")


def test_every_key_is_read() -> None:
    config = load_config(
        """
files: [README.md, docs/list.md]
rules:
  L401: warning
  redirected-link: off
ignore_urls: ['^https://example\\.com/']
categories:
  Serving: [serving, inference]
entry_pattern: '^- \\[.+\\]\\(.+\\) - .+\\.$'
duplicates: {cross_section: off, title_threshold: 88}
placement: {margin: 0.3}
"""
    )
    assert config.files == ("README.md", "docs/list.md")
    assert config.setting("L401", "broken-link").severity is Severity.WARNING
    assert not config.setting("L402", "redirected-link").enabled
    assert config.ignores("https://example.com/x") and not config.ignores("https://a.org")
    assert config.option(CategoryOptions).keywords["Serving"] == ("serving", "inference")
    pattern = config.option(FormatOptions).entry_pattern
    assert pattern is not None and pattern.search("- [a](b) - C.")
    duplicates = config.option(DuplicateOptions)
    assert duplicates.cross_section is None and duplicates.title_threshold == 88
    assert config.option(PlacementOptions).margin == 0.3


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("rulez: {}", "rulez"),
        ("rules: {Z999: off}", "rules.Z999"),
        ("rules: {L401: loud}", "rules.L401"),
        ("ignore_urls: ['(']", "ignore_urls"),
        ("files: 3", "files"),
        ("duplicates: {cross_section: maybe}", "duplicates.cross_section"),
        ("duplicates: {title_threshold: 5}", "duplicates.title_threshold"),
        ("placement: {margin: 2}", "placement.margin"),
        ("placement: {marginn: 0.1}", "placement.marginn"),
        ("categories: {A: 3}", "categories.A"),
        ("duplicates: {cross_sections: off}", "duplicates.cross_sections"),
        ("entry_pattern: '['", "entry_pattern"),
        ("repository: {min_stars: many}", "repository.min_stars"),
        ("repository: {min_age_days: -1}", "repository.min_age_days"),
        ("repository: {max_inactive_days: 1.5}", "repository.max_inactive_days"),
        ("repository: {license_required: yes please}", "repository.license_required"),
        ("repository: {archived: maybe}", "repository.archived"),
        ("repository: {require_releases: true}", "repository.require_releases"),
        ("repository: [min_stars]", "repository"),
        ("- just\n- a list", "mapping"),
        ("key: [unclosed", "not valid YAML"),
    ],
)
def test_a_bad_config_names_the_key(text: str, names: str) -> None:
    with pytest.raises(ConfigError, match=names.replace(".", r"\.").replace("(", r"\(")):
        load_config(text)


def test_repository_criteria_are_read_and_off_unless_set() -> None:
    from bot.checks.repository_rules import RepositoryOptions

    assert not load_config("files: [README.md]").option(RepositoryOptions).active
    criteria = load_config(
        "repository: {min_age_days: 150, archived: error, license_required: true,"
        " require_release: true}"
    ).option(RepositoryOptions)
    assert (criteria.min_age_days, criteria.archived, criteria.license_required) == (
        150, Severity.ERROR, True
    )
    assert criteria.require_release and not criteria.require_ci and criteria.min_stars is None
    off = load_config("repository: {archived: off}").option(RepositoryOptions)
    assert off.archived_given and off.archived is None and not off.active


def test_huge_or_binary_config_is_refused_clearly() -> None:
    with pytest.raises(ConfigError, match="limit"):
        load_config("a: b\n" * 200_000)
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(b"rules: \xff\xfe")


def test_rule_settings_change_what_a_review_reports() -> None:
    from bot.model import LinkResult, Verdict

    results = {"https://gone.example.org": LinkResult("https://gone.example.org", Verdict.BROKEN, 404)}
    default = review_texts(LIST, link_results=results).findings
    assert [(f.rule, f.severity) for f in default] == [("L401", Severity.ERROR)]
    softened = review_texts(LIST, config=load_config("rules: {L401: notice}"), link_results=results)
    assert [(f.rule, f.severity) for f in softened.findings] == [("L401", Severity.NOTICE)]
    off = review_texts(LIST, config=load_config("rules: {broken-link: off}"), link_results=results)
    assert off.findings == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "duplicates: {cross_section: off}\nrules: {D302: error}",
            "duplicates.cross_section: off and rules.D302: error contradict each other",
        ),
        (
            "duplicates: {cross_section: warning}\nrules: {cross-posted: off}",
            "duplicates.cross_section: warning and rules.cross-posted: off contradict each other",
        ),
        (
            "duplicates: {cross_section: off}\nrules: {D302: on}",
            "duplicates.cross_section: off and rules.D302: on contradict each other",
        ),
    ],
)
def test_contradictory_settings_are_refused_naming_both_keys(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as refused:
        load_config(text)
    assert str(refused.value) == (
        f"{message}: both set D302's severity. Keep one of the two."
    )


def test_settings_that_agree_are_accepted() -> None:
    config = load_config("duplicates: {cross_section: warning}\nrules: {D302: warning}")
    assert config.option(DuplicateOptions).cross_section is Severity.WARNING
    assert load_config("duplicates: {cross_section: off}\nrules: {D302: off}").rules


def test_list_files_match_without_regard_to_case() -> None:
    # GitHub shows `readme.md` as the README (sindresorhus/awesome, awesome-nodejs)
    assert load_config(b"").is_list_path("readme.md")
    assert load_config(b"").is_list_path("README.MD")
    assert not load_config(b"").is_list_path("docs/README.md")
    config = load_config(b"files: [docs/*.md]\n")
    assert config.is_list_path("Docs/Tools.MD") and not config.is_list_path("Tools.md")


def test_audit_section() -> None:
    from bot.config import AuditOptions

    assert load_config("files: [README.md]").option(AuditOptions) == AuditOptions()  # off by default
    audit = load_config("audit: {every: 7d, issue: false, inactive: 2w}").option(AuditOptions)
    assert (audit.every, audit.issue, audit.inactive) == (7 * 86400.0, False, 14 * 86400.0)
    assert load_config("audit: off").option(AuditOptions).every is None
    for bad, words in [
        ("audit: {every: 10m}", "audit.every: at least 1h"),
        ("audit: {every: soon}", "audit.every: expected a duration"),
        ("audit: {evry: 7d}", "audit.evry: unknown key"),
        ("audit: {issue: maybe}", "audit.issue: expected true or false"),
        ("audit: 7d", "audit: expected a mapping"),
    ]:
        with pytest.raises(ConfigError, match=words):
            load_config(bad)
