"""awesome-lint's rule ids and the rules of ours that cover them.

Used three ways: inline controls written for awesome-lint (`<!--lint disable awesome-list-item-->`)
switch off our rules that cover the same ground; docs/rules.md prints the table for people
switching; the parity test scores us against awesome-lint's own test suite rule by rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# awesome-lint id -> our rule codes that report what it reports (in-scope rules only: those
# about the list's content, not the repository around it).
AWESOME_LINT: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "awesome-list-item": (
            "F101", "F102", "F103", "F108", "F109", "F112", "F113", "F114", "F115", "F119", "F131",
            "F132", "F133",
        ),
        "no-repeat-item-in-description": ("F130",),
        "awesome-toc": ("P202", "P203", "M505"),
        "double-link": ("D301", "D302", "D303", "D305"),
        "awesome-heading": ("M501",),
        "no-multiple-toplevel-headings": ("M501",),
        "awesome-badge": ("M502",),
        "awesome-no-ci-badge": ("M503",),
        "awesome-license": ("M504",),
        "no-undefined-references": ("M506",),
        "awesome-spell-check": ("M508",),
        "no-repeat-punctuation": ("M509",),
        "balanced-punctuation": ("M510",),
        "emphasis-marker": ("M511",),
    }
)

# In-scope awesome-lint rules none of ours covers, and why; docs/rules.md prints them under the
# table, with what awesome-lint reports under one rule and we under another.
NOT_COVERED: Mapping[str, str] = MappingProxyType(
    {
        "final-newline": "a file that does not end in a line feed renders the same on GitHub, "
        "and none of awesome-lint's rule tests asserts it",
    }
)
REPORTED_ELSEWHERE: Mapping[str, str] = MappingProxyType(
    {
        "double-link": "two links with no address, which awesome-lint calls duplicates of each "
        "other, are each F131's (a link to nowhere)",
    }
)


def lint_ids_of(code: str) -> frozenset[str]:
    """The awesome-lint ids that cover our rule `code`."""
    return frozenset(lint_id for lint_id, codes in AWESOME_LINT.items() if code in codes)
