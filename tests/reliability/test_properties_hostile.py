"""Property tests that extend tests/test_properties.py (parse never raises, lines exist, a
document diffed with itself judges nothing, findings point at head lines) and
tests/web/test_web_commands.py (any text parses): line endings and BOMs change nothing,
an entry's links are where it says, one added entry is the one judged, and a command inside
code or a quote never runs — on random inputs, hostile characters included.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.commands import parse_commands
from bot.diff import diff_documents
from bot.model import Document
from bot.parse import parse

LOGIN = "awesome-review[bot]"
HOSTILE = st.sampled_from(["\x00", "\x1b", "\u202e", "\ufeff", "\r", "\u2028", "\t", "\\", "`",
                           "|", "<", "]", "(", "*", "\U0001f680", "\u0301"])
PIECES = st.sampled_from([
    "## Tools", "### More", "- [A](https://a.org) - A thing.", "* [C](http://c.org/) — C.",
    "  - [D](https://d.org) - Nested.", "| Name | Link |", "|---|---|", "| N | [n](https://n.org) |",
    "> [q](https://q.org)", "```", "", "[ref]: https://ref.org", "- [R][ref] - Ref.",
    "- <https://auto.org> - Auto.", '- <a href="https://h.org">H</a> - Html.',
])
LINES = st.lists(st.one_of(PIECES, st.text(HOSTILE | st.characters(), max_size=30)), max_size=30)
RELAXED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _shape(doc: Document) -> list[tuple[int, int, str, tuple[str, ...]]]:
    return [(e.line, e.end_line, e.title, tuple(link.url for link in e.links)) for e in doc.entries]


@RELAXED
@given(LINES)
def test_crlf_and_a_bom_change_no_entry(lines: list[str]) -> None:
    # "\r" inside a piece would itself end a line in CRLF form: only whole-line endings differ.
    lines = [line.replace("\r", "") for line in lines]
    plain = parse("\n".join(lines))
    assert _shape(parse("\r\n".join(lines))) == _shape(plain)
    assert _shape(parse("\ufeff" + "\n".join(lines))) == _shape(plain)


@RELAXED
@given(LINES)
def test_an_entry_is_its_lines_and_its_links_are_in_them(lines: list[str]) -> None:
    # A lone "\r" ends a line for Markdown but not for git (GitHub's diff): such files are
    # not counted here (see docs/RELIABILITY.md, "noticed").
    text = "\n".join(lines).replace("\r", "")
    source = text.split("\n")
    for entry in parse(text).entries:
        assert 1 <= entry.line <= entry.end_line <= len(source)
        for link in entry.links:
            assert entry.line <= link.line <= entry.end_line


ENTRY = st.builds(lambda name, n: f"- [{name}](https://new-{n}.example/) - New {name}.",
                  st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=12),
                  st.integers(0, 10**6))
BASE = "# Awesome\n\n## Tools\n\n" + "".join(f"- [T{i}](https://t{i}.example/) - Tool {i}.\n" for i in range(8))


@RELAXED
@given(ENTRY, st.integers(0, 8))
def test_one_added_entry_is_the_one_judged(entry: str, where: int) -> None:
    lines = BASE.rstrip("\n").split("\n")
    at = 4 + where  # between the bullets (line 5 is the first)
    head = "\n".join([*lines[:at], entry, *lines[at:]]) + "\n"
    diff = diff_documents(parse(BASE), parse(head))
    assert [c.head.line for c in diff.judged] == [at + 1]
    assert diff.removed == () and diff.judged[0].head.raw.strip() == entry


COMMAND = st.sampled_from(["/recheck", "/recheck links", "/help", "@awesome-review recheck"])


@RELAXED
@given(COMMAND, st.text(st.characters(blacklist_characters="`~"), max_size=40))
def test_a_command_in_a_fence_or_a_quote_never_runs(command: str, noise: str) -> None:
    assert parse_commands(f"```\n{noise}\n{command}\n```\n", LOGIN) == ()
    assert parse_commands(f"> {command}\n", LOGIN) == ()
    assert parse_commands(f"`{command}`", LOGIN) == ()
    assert parse_commands(f"    {command}\n", LOGIN) == ()


@RELAXED
@given(COMMAND, st.text(st.characters(whitelist_categories=("L", "N", "Zs", "So")), max_size=40))
def test_a_command_on_its_own_line_after_any_paragraph_runs(command: str, words: str) -> None:
    # Words only: punctuation could open a fence (~~~), a list or a table around the command.
    found = parse_commands(f"{words}\n\n{command}\n", LOGIN)
    assert len(found) >= 1
