"""Property tests: parse never raises, reported lines exist, a document equals itself."""

from __future__ import annotations

from dataclasses import fields
from typing import Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt, helpers, rules_core
from markdown_it.token import Token

from bot.diff import diff_documents
from bot.engine import review_texts
from bot.parse import make_markdown, parse
from bot.parse.destination import parse_link_destination
from bot.parse.tokens import block_token, new_token

# Pieces awesome lists are made of, so random documents look like lists, not noise.
_PIECES = st.sampled_from(
    [
        "# Awesome X", "## Tools", "### Sub", "## Contents", "- [Tools](#tools)",
        "- [A](https://a.org) - A thing.", "- [B](https://github.com/o/b.git) - b",
        "* [C](http://c.org/) — C.", "  - [D](https://d.org) - Nested.",
        "- code [P OSDI'24](https://github.com/x/p)", "  paper [P](https://arxiv.org/abs/2401.00001)",
        "| Title | Paper | Code |", "|---|---|---|", "| T | [p](https://arxiv.org/pdf/2401.1) | x |",
        "| [![Star](https://img.shields.io/github/stars/a/b.svg)](https://github.com/c/d) |",
        "```", "> quote [q](https://q.org)", "<a href='https://h.org'>h</a>", "", "  ", "\t- [t](t)",
        "[ref]: https://ref.org", "- [R][ref]", "- [](https://empty.org)", "-[M](https://m.org)",
        "- [x](https://x.org) trailing   ", "| a | b |", "1. [n](https://n.org)",
        "<p>", "&nbsp;&nbsp; <a href=\"https://h.org\"><b>H</b></a> - h.<br>", "</p>",
        "<a href='https://u.org'>u", "* Name：", "  * 地址：https://dz.org", "  * 简介：x",
    ]
)
_LISTS = st.lists(st.one_of(_PIECES, st.text(max_size=40)), max_size=40).map("\n".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_LISTS)
def test_parse_never_raises_and_lines_exist(text: str) -> None:
    doc = parse(text)
    count = len(doc.lines)
    for entry in doc.entries:
        assert 1 <= entry.line <= entry.end_line <= max(count, 1)
        assert all(entry.line <= link.line <= entry.end_line for link in entry.links)
    for heading in doc.headings:
        assert 1 <= heading.line <= max(count, 1)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_parse_never_raises_on_any_text(text: str) -> None:
    parse(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_LISTS)
def test_a_document_diffed_with_itself_judges_nothing(text: str) -> None:
    doc = parse(text)
    diff = diff_documents(parse(text), doc)
    assert diff.judged == () and diff.removed == ()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_LISTS, _LISTS)
def test_every_finding_points_at_a_line_of_the_head_file(base: str, head: str) -> None:
    for review in (review_texts(head), review_texts(head, base)):
        lines = max(len(review.head.lines), 1)
        for finding in review.findings:
            assert finding.check != "internal", finding.message
            assert 1 <= finding.line <= finding.last_line <= lines, finding


_DESTINATION_CHARS = st.text(alphabet="ab()\\ <>\x01\x7f\n)x(%", max_size=16)


@settings(max_examples=2000, deadline=None)
@given(_DESTINATION_CHARS, st.integers(0, 16), st.integers(0, 16))
def test_the_fast_link_destination_scanner_reads_as_markdown_it_does(
    text: str, start: int, stop: int
) -> None:
    pos, maximum = min(start, len(text)), min(max(start, stop), len(text))
    ours = parse_link_destination(text, pos, maximum)
    theirs = helpers.parseLinkDestination(text, pos, maximum)
    assert (ours.ok, ours.pos, ours.str) == (theirs.ok, theirs.pos, theirs.str)


# Block syntax in pieces, so random texts start lines with every block rule's markers.
_BLOCK_PIECES = st.lists(
    st.sampled_from([
        "- ", "* ", "+ ", "1. ", "2) ", "> ", ">", "#", "## ", "```", "~~~", "---", "***",
        "___", "===", "- - -", "|", "|---|", ":-:", "[a]: /u", "[a]", "]:", "<div>", "<!--",
        "-->", "    ", "  ", "\t", "\n", "\n\n", "x", "word", " ", "[", "]", "(", ")", "`",
    ]),
    max_size=60,
).map("".join)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_BLOCK_PIECES, _LISTS))
def test_the_guarded_block_rules_read_blocks_as_markdown_it_does(text: str) -> None:
    plain = MarkdownIt("commonmark", {"html": True}).enable("table")
    ours, theirs = _block_tokens(make_markdown(), text), _block_tokens(plain, text)
    assert ours == theirs


def _block_tokens(md: MarkdownIt, text: str) -> list[tuple[object, ...]]:
    tokens: list[Token] = []
    md.block.parse(text, md, {}, tokens)
    return [(t.type, t.map, t.content, t.markup, t.info, t.level, t.hidden) for t in tokens]


_INLINE_PIECES = st.lists(
    st.sampled_from([
        "[", "]", "(", ")", "![", "](", "<", ">", "<a href='x'>", "</a>", "<https://a.org>",
        "&amp;", "&#35;", "&", "\\", "\\[", "`", "``", "*", "_", "\n", "  \n", " ", "x",
        "https://a.org", "\"t\"", "[r]", "[r]: /u\n\n",
    ]),
    max_size=40,
).map("".join)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_INLINE_PIECES, _LISTS))
def test_inline_rules_picked_by_character_read_as_trying_them_all(text: str) -> None:
    every_rule = make_markdown()  # with markdown-it's own loops, states and inline pass
    del every_rule.inline.tokenize, every_rule.inline.skipToken, every_rule.inline.parse
    del every_rule.block.parse
    every_rule.core.ruler.at("inline", rules_core.inline)
    every_rule.core.ruler.enable("text_join")
    theirs = _all_tokens(every_rule.parse(text))
    ours = make_markdown()
    assert _all_tokens(ours.parse(text)) == theirs
    assert _all_tokens(ours.parse(text)) == theirs  # its paragraphs' tokens remembered


@pytest.mark.parametrize("nesting", [-1, 0, 1])
def test_a_new_token_is_the_token_markdown_it_makes(nesting: Literal[-1, 0, 1]) -> None:
    made, theirs = new_token("link_open", "a", nesting), Token("link_open", "a", nesting)
    assert type(made) is Token
    assert [getattr(made, f.name) for f in fields(Token)] == [
        getattr(theirs, f.name) for f in fields(Token)
    ]


@pytest.mark.parametrize("nesting", [-1, 0, 1])
def test_a_block_token_is_the_token_markdown_it_makes(nesting: Literal[-1, 0, 1]) -> None:
    made = block_token("list_item_open", "li", nesting, 3, "*", [1, 2], hidden=True)
    theirs = Token("list_item_open", "li", nesting, map=[1, 2], level=3, markup="*")
    theirs.block = theirs.hidden = True
    assert type(made) is Token
    assert [getattr(made, f.name) for f in fields(Token)] == [
        getattr(theirs, f.name) for f in fields(Token)
    ]


def _all_tokens(tokens: list[Token]) -> list[tuple[object, ...]]:
    return [
        (t.type, t.tag, t.nesting, t.map, t.content, t.markup, t.info, t.meta, t.level,
         t.attrs, t.block, t.hidden, _all_tokens(t.children) if t.children else t.children)
        for t in tokens
    ]
