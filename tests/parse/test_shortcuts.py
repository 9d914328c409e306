"""The parse's shortcuts change nothing: the Document (every entry, section, link and
heading) and each paragraph's inline tokens are the ones markdown-it's own inline pass
gives, on every corpus list and on the commonest line mixed with every Markdown
metacharacter, emphasis, HTML, escapes, entities, autolinks, nested brackets, trailing
spaces, tabs, CR line ends, NBSP and CJK."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.token import Token

from bot.model import Document, Entry
from bot.parse import make_markdown, parse, parse_generic
from bot.parse.bullet_runs import bullet_run
from bot.parse.inline_memo import _tokenized
from bot.parse.simple_inline import simple_inline_tokens
from tests.conftest import CORPUS, ai_system

GENERIC = make_markdown(shortcuts=False)
SIMPLE = "[Tool 1](https://t1.example/) - Tool number 1."
METACHARACTERS = "*_[]()!<>&\\`|#~"
# Each inserted at every place in the simple line: before, in and after the label, in the
# destination, in the description.
INSERTS = [
    *METACHARACTERS,
    "![", "](", "] (", "[x]", "[[x]]", "[x](y)", "![i](https://i.example/i.png)", "()",
    "*em*", "**strong**", "_em_", "__strong__", "~~del~~", "`code`", "``", "\\[", "\\]",
    "\\*", "\\\\", "\\a", "&amp;", "&#35;", "&#x41;", "&nbsp;", "&x;", "& ", "&&", "<b>",
    "</b>", "<br/>", "<!-- c -->", '<a href="https://h.example/">h</a>', "< ",
    "<https://auto.example/>", "<a@b.example>", "<?p?>", "  ", "\t", "\u00a0", "中文",
    "「」", "\u3000", "\r\n", "\r", "\n", "  \n", "\\\n", " \"title\"", " 'title'", "#x",
    "\x00", "\x7f", " ", ")", "((a))", "(a)",
]


def _corpus() -> Iterator[Path]:
    yield from sorted((CORPUS / "lists").glob("*.md"))
    yield from sorted(ai_system().glob("README*.md"))


def _mixed_lines() -> Iterator[str]:
    """The simple line with one insert at each character boundary, and pairs of inserts."""
    for insert in INSERTS:
        for at in range(len(SIMPLE) + 1):
            yield SIMPLE[:at] + insert + SIMPLE[at:]
    for first, second in itertools.product(INSERTS[:20], repeat=2):
        yield f"{first}[A{second}B](https://a.example/{first}) {second} x"
    yield "[A](https://a.example/) and [B](https://b.example/?q=1&amp;r=2) | [C](c)"
    yield "**[A](https://a.example/)** - bold around it (`lang`)"
    yield ""


def _mixed_list() -> str:
    bullets = [f"- {line}" for line in _mixed_lines()]
    return "# Mixed\n\n## Tools\n\n" + "\n".join(bullets) + "\n"


def _assert_same(ours: Document, theirs: Document, where: str) -> None:
    """Field by field, so a failure names what differs."""
    for name in ("headings", "toc", "in_page_links", "tables", "controls", "title"):
        assert getattr(ours, name) == getattr(theirs, name), (where, name)
    assert len(ours.entries) == len(theirs.entries), where
    for mine, expected in zip(ours.entries, theirs.entries, strict=True):
        for field in fields(Entry):
            assert getattr(mine, field.name) == getattr(expected, field.name), (
                where, expected.line, field.name)
    assert ours == theirs, where


@pytest.mark.parametrize("path", list(_corpus()), ids=lambda path: path.name)
def test_corpus_lists_parse_the_same_with_shortcuts(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    _assert_same(parse(text), parse_generic(text), path.name)


def test_mixed_lines_parse_the_same_with_shortcuts() -> None:
    text = _mixed_list()
    document = parse(text)
    _assert_same(document, parse_generic(text), "mixed lines")
    assert len(document.entries) > 1000


def test_mixed_lines_have_markdown_its_tokens() -> None:
    differ = []
    for line in _mixed_lines():
        content = line.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")
        tokens = simple_inline_tokens(content)
        if tokens is not None and tokens != _tokenized(GENERIC, content):
            differ.append(content)
    assert differ == []


def test_corpus_paragraphs_have_markdown_its_tokens() -> None:
    taken = seen = 0
    for path in _corpus():
        for token in GENERIC.parse(path.read_text(encoding="utf-8")):
            if token.type != "inline":
                continue
            seen += 1
            tokens = simple_inline_tokens(token.content)
            if tokens is not None:
                taken += 1
                assert tokens == _tokenized(GENERIC, token.content), (path.name, token.content)
    assert taken > seen // 2  # the commonest lines do take the shortcut


@pytest.mark.parametrize("line", [
    SIMPLE,
    "**Bold** [A](https://a.example/) & [B](https://b.example/?a=1&amp;b=2) < c!",
    "[Tool](https://t.example/)",
    "before [中文](https://z.example/) after\u00a0",
])
def test_the_simple_shapes_take_the_shortcut(line: str) -> None:
    tokens = simple_inline_tokens(line)
    assert tokens is not None
    assert tokens == _tokenized(GENERIC, line)


@pytest.mark.parametrize("line", [
    "[A](https://a.example/ \"title\")", "[](https://a.example/)", "[A]()", "\\[A](u)",
    "[A](<u>)", "![A](u)", "[A](u) `x`", "[A](u) <b>", "[A](u) &amp;", "a\nb", "[A] (u)",
])
def test_other_shapes_are_left_to_markdown_it(line: str) -> None:
    assert simple_inline_tokens(line) is None


NESTED = [
    "- [A](a)\n  - [B](b)\n    - [C](c)\n  - [D](d)\n- [E](e)\n",
    "* [A](a)\n+ [B](b)\n- [C](c)\n-\n- \n-\t[D](d)\n",
    "- a\n - b\n  - c\n   - d\n    - e\n     - f\n",  # markers drifting right: the quirk
    "1. a\n   - b\n2. c\n- d\n10) e\n",
    "- a\n\n  - b\n\n- c\n  lazy\n-d\n- e\n***\n- - -\n",
    "> - a\n> - b\n>\n- c\n  > - d\n  - e\n",
    "- a\n  | x | y |\n  - b\n  |---|---|\n- c\n  |---|\n",
    "\t- a\n\t\t- b\n\t- c\n- d\n    - e\n",
]


@pytest.mark.parametrize("text", [
    *NESTED, *(path.read_text(encoding="utf-8") for path in _corpus()), _mixed_list()])
def test_block_tokens_are_markdown_its(text: str) -> None:
    plain = MarkdownIt("commonmark", {"html": True}).enable("table")
    assert _block_tokens(make_markdown(), text) == _block_tokens(plain, text)


def _block_tokens(md: MarkdownIt, text: str) -> list[tuple[object, ...]]:
    return _block_tokens_of(md.parse(text))


# Lines a run of bullets meets: its items with each marker, and every block construct that
# may end it, continue it lazily, nest in it or change its looseness.
BLOCK_LINES = [
    "- [A](https://a.example/) - A.", "* [S](https://s.example/) - S.", "+ [P](p) - P.",
    "- **[B](https://b.example/)** - bold.", "- plain words", "- _x_", "- +x", "- *x*",
    "- 2019 was", "- 12) x", "- 3. x", "- 1.x", "- 1234567890. x", "- |a|", "- \\# x",
    "", "   ", "\t", "lazy text", "  indented continuation", "   three", "    four: code",
    "\ttab", "  - nested", " - one space", "   - three spaces", "    - four spaces",
    "\t- tab", "  * nested star", "- - -", "- - x", "- * x", "- + x", "- 1. x", "-", "- ",
    "-  ", "-  two spaces", "-     five spaces", "-\tx", "- \tx", "- ***", "- ___",
    "- _ _ _", "- -- x", "- **", "***", "---", "___", "* * *", "===", "-x", "*x*", "+",
    "1. one", "2) two", "10. ten", "1234567890. big", "1.", "# H", "#nospace", "###### h6",
    "####### h7", "#", "- # h", "```", "~~~", "- ```", "- ~~~ x", "> q", ">", "- > q",
    "<div>", "</div>", "<!-- c -->", "- <b>x</b>", "<b>inline</b> html", "<?php ?>",
    "<br>", "| a | b |", "|---|---|", "- a | b", "-|-", "--|--", "  |---|---|", ":-:|:-:",
    "[ref]: https://r.example/", "- [ref]: https://r.example/", "- [ref]", "- [ref",
    "- [a]b]: x", "- [a[b]](c)", "- \\[x]: y", "- [x\\]: y", "- [ ] task", "- [x] done",
    "- x  ", "- x\\", "- [a](b)\u00a0", "- \u3000x", "- x\x0b",
    # sub-items under an item (a labelled list's shape), and lines near them
    "  * URL: https://u.example/", "  - 地址：https://d.example/", "  + About: words",
    "  - [N](https://n.example/) - nested", "  * | x", "  - # h", "  - 1. x", "  *  two",
    "  * ", "  - - -", "  -|-", "  - |---|", "  * > q", "  * <b>", "  * [r]: x",
    "   * three", "    * four", "  \t* tab", "\t  * tab", "    lazy in the sub-item",
]
CONTEXTS = {  # where the lines stand: the run's shortcut reads the top level only
    "top": lambda lines: lines,
    "after text": lambda lines: ["Some text.", *lines],
    "quote": lambda lines: [f"> {line}" for line in lines],
    "item": lambda lines: ["- parent", *(f"  {line}" for line in lines)],
    "ordered item": lambda lines: ["1. parent", *(f"   {line}" for line in lines)],
}
PLAIN = MarkdownIt("commonmark", {"html": True}).enable("table")


def _pairs() -> Iterator[str]:
    """Every two block lines, each after an item of a run."""
    for first, second in itertools.product(BLOCK_LINES, repeat=2):
        yield f"- [A](a) - x\n{first}\n- [B](b) - y\n{second}\n- [C](c) - z\n"


def _random_lists(count: int) -> Iterator[str]:
    """Lists of items and block lines at random, in every context, ends with and without
    a final newline."""
    rng = random.Random(20261128)
    items = BLOCK_LINES[:5]
    for index in range(count):
        lines = [
            rng.choice(items) if rng.random() < 0.6 else rng.choice(BLOCK_LINES)
            for _ in range(rng.randint(1, 12))
        ]
        context = list(CONTEXTS.values())[index % len(CONTEXTS)]
        yield "\n".join(context(lines)) + ("\n" if index % 3 else "")


@pytest.mark.parametrize("context", ["top", "after text"])  # nested ones: the random lists
def test_runs_of_bullets_beside_every_block_have_markdown_its_tokens(context: str) -> None:
    md, differ = make_markdown(), []
    for text in _pairs():
        text = "\n".join(CONTEXTS[context](text.splitlines())) + "\n"
        if _block_pass(md, text) != _block_pass(PLAIN, text):
            differ.append(text)
    assert differ == []


def test_random_lists_of_bullets_and_blocks_have_markdown_its_tokens() -> None:
    md = make_markdown()
    differ = [
        text for text in _random_lists(4000)
        if _block_pass(md, text) != _block_pass(PLAIN, text)
    ]
    assert differ == []


def test_runs_of_bullets_beside_every_block_parse_the_same() -> None:
    """The same lines as one document: the parse's slices cut inside and after runs."""
    text = "# Runs\n\n## Tools\n\n" + "\n## Next\n\n".join(
        [*_pairs(), *_random_lists(1000)])
    assert len(text) > 2 * 64 * 1024  # several slices
    _assert_same(parse(text), parse_generic(text), "runs")


@pytest.mark.parametrize("text", [
    "- [A](a) - x\n- [B](b) - y\n",
    "* [A](a)\n\n* [B](b)\n\n\n* **[C](c)** - z\n\nText.\n",
    "- [A](a)\n- [B](b)\n* [C](c)\n",
    "- [A](a)\n- [B](b)\n# Heading\n",
    "- [A](a)\n- [B](b)\n1. one\n",
    "- [A](a)\n   \n---\n",
    "+ x",
    "- [A](a)\n  - nested\n",
    "* Tool 1\n  * URL: https://t1.example/\n  * About: tool 1.\n* Tool 2\n  - 地址：https://t2.example/\n",
    "* A\n  + x\n* B\n\n* C\n  * y\n# H\n",
])
def test_the_commonest_lists_take_the_run(text: str) -> None:
    state = StateBlock(text, make_markdown(), {}, [])
    assert bullet_run(state, 0, state.lineMax, False)
    tokens = PLAIN.parse(text)
    assert _block_tokens_of(state.tokens) == _block_tokens_of(tokens[: len(state.tokens)])
    assert state.line == next(
        (t.map[0] for t in tokens[len(state.tokens) :] if t.map), state.lineMax)


@pytest.mark.parametrize("text", [
    "- [A](a)\nlazy\n", "- [A](a)\n\n  more\n", "- [A](a)\n- - -\n",
    "* A\n  * URL: u\n  - About: x\n", "* A\n  * URL: u\n\n* B\n", "* A\n  * URL: u\n  lazy\n",
    "* A\n   * three\n", "* A\n  *  two\n", "* A\n  * u\n    * deeper\n", "* A\n\t* tab\n",
    "- [A](a)\n\n- \n", "- [A](a)\n-\n", "- [A](a)\n<div>\n", "- [A](a)\n***\n",
    "- [A](a)\n\t- b\n", "- - x\n", "-  two\n", "- [a]: b\n", "- [a\n", " - [A](a)\n",
    "- 1. x\n", "- # x\n", "- > x\n", "- <b>\n", "- ```\n", "- * * *\n",
])
def test_other_lists_are_left_to_the_list_rule(text: str) -> None:
    state = StateBlock(text, make_markdown(), {}, [])
    assert not bullet_run(state, 0, state.lineMax, False)
    assert state.tokens == [] and state.line == 0


def _block_pass(md: MarkdownIt, text: str) -> list[tuple[object, ...]]:
    """The block tokens alone (the texts need no normalizing: no CR, no NUL)."""
    tokens: list[Token] = []
    md.block.parse(text, md, {}, tokens)
    return _block_tokens_of(tokens)


def _block_tokens_of(tokens: list[Token]) -> list[tuple[object, ...]]:
    return [
        (t.type, t.tag, t.map, t.content, t.markup, t.info, t.level, t.hidden, t.attrs,
         t.block, t.nesting, t.meta)
        for t in tokens
    ]


def test_the_run_is_read_by_the_parser_only_with_shortcuts() -> None:
    assert "bullet_run" in make_markdown().block.ruler.get_active_rules()
    assert "bullet_run" not in GENERIC.block.ruler.get_active_rules()


SUB_ITEM_LINES = BLOCK_LINES[BLOCK_LINES.index("  * URL: https://u.example/") :]
ITEM_LINES = ["* Tool", "- [A](https://a.example/) - x", "* [B](b)", "+ Plain", "- 名前："]


def _random_labelled_lists(count: int) -> Iterator[str]:
    """Items with sub-items at random, some other lines among them, in every context."""
    rng = random.Random(20261129)
    for index in range(count):
        lines: list[str] = []
        for _ in range(rng.randint(1, 6)):
            lines.append(rng.choice(ITEM_LINES))
            lines += [rng.choice(SUB_ITEM_LINES[:3]) for _ in range(rng.randint(0, 3))]
            if rng.random() < 0.3:
                lines.append(rng.choice(BLOCK_LINES if rng.random() < 0.5 else SUB_ITEM_LINES))
        context = list(CONTEXTS.values())[index % len(CONTEXTS)]
        yield "\n".join(context(lines)) + ("\n" if index % 3 else "")


def test_random_lists_with_sub_items_have_markdown_its_tokens() -> None:
    md = make_markdown()
    differ = [
        text for text in _random_labelled_lists(4000)
        if _block_pass(md, text) != _block_pass(PLAIN, text)
    ]
    assert differ == []


def test_random_lists_with_sub_items_parse_the_same() -> None:
    text = "# Runs\n\n## Tools\n\n" + "\n## Next\n\n".join(_random_labelled_lists(3000))
    assert len(text) > 2 * 64 * 1024  # several slices
    _assert_same(parse(text), parse_generic(text), "labelled runs")
