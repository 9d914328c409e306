"""Parsing a slice of top-level blocks at a time makes the Document one parse of the whole
text makes, with markdown-it's own inline terminators: on every real list, every fixture's
head, Markdown shapes whose blocks reach past a blank line, and random lists. The slice is
made tiny (a cut at every block and item) so that each boundary is exercised."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.parser_inline import _default_terminator_re
from markdown_it.rules_core.normalize import NEWLINES_RE, NULL_RE

import bot.parse.slices as slices
from bot.parse import blocks, html_blocks, make_markdown, parse, parse_whole
from tests.conftest import LISTS, ROOT, ai_system

REFERENCE = make_markdown()
REFERENCE.inline.terminator_re = _default_terminator_re()  # markdown-it's own text rule

TRICKY = {
    "a fence with blank lines": "# T\n\n```\n- [A](https://a.org)\n\n- [B](https://b.org)\n```\n\n- [C](https://c.org)\n",
    "an unclosed fence": "- [A](https://a.org)\n\n```\n\n- [B](https://b.org)\n",
    "a fence in an item, then one at the margin": "- [A](https://a.org)\n  ```\n  x\n- [B](https://b.org)\n```\n\n- [C](https://c.org)\n```\n- [D](https://d.org)\n",
    "a comment over blank lines": "<!--\n\n- [A](https://a.org)\n\n-->\n\n- [B](https://b.org)\n",
    "an ignore control before a list": "# T\n\n<!-- awesome-review ignore F101 -->\n- [A](https://a.org)\n- [B](https://b.org)\n\n- [C](https://c.org)\n",
    "an ignore control before a blank": "<!-- awesome-review ignore -->\n\n- [A](https://a.org)\n- [B](https://b.org)\n",
    "an HTML block swallowing a list": "<div>\n- [A](https://a.org)\n- [B](https://b.org)\n</div>\n\n- [C](https://c.org)\n",
    "a reference used before its definition": "- [A][a]\n- [B][b]\n\n## Refs\n\n[a]: https://a.org\n> [b]: https://b.org\n",
    "a reference whose title runs on": "- [A][a]\n\n[a]: https://a.org\n'title'\n- [B](https://b.org)\n",
    "setext headings": "Tools\n=====\n\n- [A](https://a.org)\nMore\n---\n- [B](https://b.org)\n",
    "a loose list": "- [A](https://a.org)\n\n- [B](https://b.org)\n\n  More on B.\n- [C](https://c.org)\n",
    "nested and ordered lists": "1. [A](https://a.org)\n   - [A1](https://a1.org)\n2. [B](https://b.org)\n - [B1](https://b1.org)\n",
    "a table then an item": "| Name | Link |\n|---|---|\n| A | [a](https://a.org) |\n- [B](https://b.org)\n",
    "an anchor above a heading": '- [X](#x)\n\n<a name="x"></a>\n\n## X\n\n- [A](https://a.org)\n',
    "indented code": "- [A](https://a.org)\n\n      - [not](https://n.org)\n\n- [B](https://b.org)\n",
    "a lazy quote": "> [A](https://a.org)\nlazy\n- [B](https://b.org)\n",
    "entities, autolinks and raw HTML": "- [A](https://a.org) &amp; & &#35; &x; <https://b.org> <a@b.org> << <b>x</b> <!-- c --> <?p?> &&#\n",
    "HTML table rows": "<table>\n<tr>\n\n- [A](https://a.org)\n\n<tr>\n</table>\n\n```\n<tr>\n```\n<div>\n<tr>\n",
    "CR line ends and a NUL": "- [A](https://a.org)\r- [B](https://b.org)\r\n\r\n- [C](https://c\x00.org)",
}


def _as_whole(text: str) -> bool:
    """The sliced parse makes the whole parse's Document, and the top-level HTML blocks it
    remembers are those of a parse of the whole text."""
    same = parse(text) == parse_whole(text, REFERENCE)
    return same and html_blocks(text) == [b for b in blocks(text) if b.kind == "html"]


def _lists() -> Iterator[Path]:
    yield from sorted(LISTS.glob("*.md"))
    yield from sorted((ROOT / "tests" / "checks" / "fixtures").glob("*/*/head.md"))


@pytest.fixture(params=[1, 300])
def tiny_slices(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(slices, "_SLICE", request.param)
    return int(request.param)


@pytest.mark.parametrize("name", list(TRICKY))
def test_slices_add_up_to_the_whole_parse_on_tricky_shapes(name: str, tiny_slices: int) -> None:
    text = TRICKY[name]
    assert _as_whole(text)


def test_slices_add_up_to_the_whole_parse_on_real_lists_and_fixtures(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(slices, "_SLICE", 300)  # a few entries: a cut every few lines
    for path in _lists():
        text = path.read_text(encoding="utf-8")
        assert _as_whole(text), path


def test_slices_add_up_to_the_whole_parse_on_the_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    folder = ai_system()
    monkeypatch.setattr(slices, "_SLICE", 2000)
    paths = [*sorted(folder.glob("README*.md")), *sorted((folder.parent / "lists").glob("*.md"))]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert _as_whole(text), path


_PIECES = st.sampled_from(
    [
        "# T",
        "## S",
        "- [A](https://a.org) - A.",
        "  - [B](https://b.org)",
        "* [C](c)",
        "1. [D](d)",
        "",
        "",
        "```",
        "~~~",
        "    code",
        "<!--",
        "-->",
        "<!-- awesome-review ignore -->",
        "<div>",
        "</div>",
        '<a name="s"></a>',
        "[r]: https://r.org",
        "- [R][r]",
        "| a | b |",
        "|---|---|",
        "| [x](x) | y |",
        "> [q](q)",
        "===",
        "---",
        "- ",
        "text *a *b _c_ [d]",
        "![i](i) ![[",
        "\\[e\\]",
    ]
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=st.lists(_PIECES, max_size=30).map("\n".join))
def test_slices_add_up_to_the_whole_parse_on_random_lists(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(slices, "_SLICE", 1)
    assert _as_whole(text)


_LINE_BREAKS = ["\r", "\n", "\r\n", "\n\r", "\0", "a", " ", "\u2028", "\x85", "\ufffd"]


@given(st.lists(st.sampled_from(_LINE_BREAKS), max_size=40).map("".join))
def test_the_text_is_normalized_as_markdown_it_normalizes_it(text: str) -> None:
    # the substitutions are skipped where there is nothing for them to replace
    for written in (text, "- [A](https://a.org)\n" * 3 + text):
        wanted = NULL_RE.sub("\ufffd", NEWLINES_RE.sub("\n", written))
        assert slices._normalized(written) == wanted
