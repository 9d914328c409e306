"""The parse's ATX heading rule makes markdown-it's block tokens on every heading shape."""

from __future__ import annotations

import itertools
import random

from markdown_it import MarkdownIt

from bot.parse import make_markdown
from bot.parse.headings import atx_heading
from tests.parse.test_shortcuts import CONTEXTS, _block_pass

PLAIN = MarkdownIt("commonmark", {"html": True}).enable("table")
HEADING_LINES = [
    "# H", "## Tools", "###### h6", "####### h7", "#", "##", "#\t", "# ", "#  ", "#x",
    "#\tx", "## x ##", "## x ##  ", "## x##", "## x #", "## x\t#", "## x \t##\t ", "# #",
    "# ##", "##  #  ", "### ###", "# x # y", "#  lead  ", " # one", "  ## two",
    "   ### three", "    # four: code", "\t# tab", "# x \\#", "# x\\ #", "# *e* `c` [l](u)",
    "# \u00a0x\u00a0", "# x\u3000", "#\u00a0x", "## 中文 ##", "# x ####### ", "#" * 7 + " x",
    "- # in item", "> # quoted", "#5", "# 5", "Text", "", "===", "---", "- [A](a) - x",
]


def test_the_rule_is_the_parsers_only_with_shortcuts() -> None:
    chain = make_markdown().block.ruler.getRules("")
    assert atx_heading in chain
    generic = make_markdown(shortcuts=False).block.ruler.getRules("")
    assert atx_heading not in generic


def test_every_two_heading_lines_have_markdown_its_tokens() -> None:
    md, differ = make_markdown(), []
    for first, second in itertools.product(HEADING_LINES, repeat=2):
        for wrap in CONTEXTS.values():
            text = "\n".join(wrap([first, second, "# end"])) + "\n"
            if _block_pass(md, text) != _block_pass(PLAIN, text):
                differ.append(text)
    assert differ == []


def test_random_heading_lines_have_markdown_its_tokens() -> None:
    rng = random.Random(20261129)
    md, differ = make_markdown(), []
    for index in range(3000):
        lines = [
            "".join(rng.choice("##### \t\tx\\*") for _ in range(rng.randint(0, 12)))
            for _ in range(rng.randint(1, 6))
        ]
        wrap = list(CONTEXTS.values())[index % len(CONTEXTS)]
        text = "\n".join(wrap(lines)) + ("\n" if index % 2 else "")
        if _block_pass(md, text) != _block_pass(PLAIN, text):
            differ.append(text)
    assert differ == []
