"""The comment command parser: commands at the start of a line, never in code or quotes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.commands import COMMANDS, new_commands, parse_commands

LOGIN = "awesome-review[bot]"
R, RL, H = "recheck", "recheck-links", "help"


@pytest.mark.parametrize(("body", "expected"), [
    ("/recheck", (R,)),
    ("/RECHECK", (R,)),
    ("/Recheck   LINKS", (RL,)),
    ("  /help", (H,)),
    ("LGTM\n/recheck", (R,)),
    ("thanks!\n\n/recheck links\n/help", (RL, H)),
    ("/recheck\n/recheck", (R,)),
    ("@awesome-review recheck", (R,)),
    ("@Awesome-Review[bot] recheck links", (RL,)),
    ("/recheck please", (R,)),
    ("/recheck linksy", (R,)),
])
def test_commands_found(body: str, expected: tuple[str, ...]) -> None:
    assert parse_commands(body, LOGIN) == expected


@pytest.mark.parametrize("body", [
    "",
    "I ran /recheck already",  # not at the start of a line
    "> /recheck",  # a quote
    "> earlier:\n> /recheck\n\nok",
    "`/recheck`",  # inline code
    "```\n/recheck\n```",  # a fenced block
    "~~~md\n/help\n~~~",
    "    /recheck",  # an indented code block
    "<!-- /recheck -->",  # HTML
    "- /recheck",  # a list item does not start the line with the command
    "\\/recheck",  # escaped on purpose
    "/rechecking",
    "/recheck-links",
    "/helpme",
    "@someone-else recheck",
    "| a |\n|---|\n| /recheck |",
])
def test_not_commands(body: str) -> None:
    assert parse_commands(body, LOGIN) == ()


def test_mention_without_a_known_login_is_not_a_command() -> None:
    assert parse_commands("@awesome-review recheck", None) == ()
    assert parse_commands("/recheck", None) == (R,)


def test_edit_gives_only_new_commands() -> None:
    assert new_commands("/recheck\n\nfixed a typo", "/recheck\n\nfixed a tpyo", LOGIN) == ()
    assert new_commands("/recheck\n/help", "/recheck", LOGIN) == (H,)
    assert new_commands("/recheck", "`/recheck`", LOGIN) == (R,)
    assert new_commands("/recheck", None, LOGIN) == (R,)


@given(st.text())
def test_any_text_parses_without_error(body: str) -> None:
    found = parse_commands(body, LOGIN)
    assert set(found) <= {c.name for c in COMMANDS}
    assert len(found) == len(set(found))
