"""awesome-lint 2.3.0's own test suite through our engine: what it finds we find, and what its
tests call clean we do not flag. The per-rule table is printed at the end of the run."""

from __future__ import annotations

import pytest

from tests.peers.parity import IN_SCOPE, PARITY_TABLE, Parity, score, table

# awesome-lint rules whose every expected line we report (grows as rules land; never shrinks).
FULLY_MATCHED: frozenset[str] = frozenset(
    {
        'awesome-badge',
        'awesome-heading',
        'awesome-list-item',
        'awesome-toc',
        'awesome-license',
        'awesome-no-ci-badge',
        'awesome-spell-check',
        'double-link',
        'balanced-punctuation',
        'no-repeat-item-in-description',
        'no-repeat-punctuation',
        'no-undefined-references',
        'no-multiple-toplevel-headings',
        'emphasis-marker',
    }
)

# Errors and warnings we still raise on fixtures awesome-lint's tests call clean, which its
# default config does not report either. Each one is a false alarm to remove, not to keep.
# (A TOC link `#-routers` to `## ⬆️⬇️ Routers` was one until TOC links were compared with the
# variation selector U+FE0F dropped, as GitHub resolves them.)
STILL_RAISED_ON_CLEAN: frozenset[tuple[str, int, str, str]] = frozenset(
    {
        # `- [Mobile](#mobile)`, `- [Tutorials](#tutorials)`: the fixture's TOC links
        # headings it never has. awesome-lint checks no anchor; on a real list this TOC line
        # leads nowhere, so we keep saying so.
        ("list-item/2.md", 7, "P203", "error"),
        ("list-item/2.md", 8, "P203", "error"),
    }
)


@pytest.fixture(scope="module")
def parity() -> Parity:
    return score()


def test_every_in_scope_rule_is_scored(parity: Parity, request: pytest.FixtureRequest) -> None:
    request.config.stash[PARITY_TABLE] = table(parity)
    assert set(IN_SCOPE) <= set(parity.rules)


def test_claimed_rules_stay_fully_matched(parity: Parity) -> None:
    lost = {rule: sorted(parity.rules[rule].missed) for rule in FULLY_MATCHED
            if parity.rules[rule].missed}
    assert not lost, f"expected lines awesome-lint reports that we no longer do: {lost}"


def test_no_new_error_or_warning_on_a_fixture_awesome_lint_calls_clean(parity: Parity) -> None:
    new = sorted(parity.unexpected - STILL_RAISED_ON_CLEAN)
    assert not new, f"false alarms on awesome-lint's clean fixtures: {new}"

