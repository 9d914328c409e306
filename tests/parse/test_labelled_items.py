"""A labelled item read from one token (bot.parse.labelled_items) gives the Document
markdown-it's own tokens give: on every distinct item with sub-items of the corpus lists,
of every version of awesome-ai-system and of the replay bundle, and on generated items
whose texts sit just inside or just outside the shape."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable, Iterator

import pytest

from bot.parse import make_markdown, parse, parse_generic
from bot.parse.labelled_items import LABELLED_ITEM, labelled_item
from tests.conftest import CORPUS, ai_system, replay_files
from tests.parse.test_plain_entries import PIECES
from tests.parse.test_shortcuts import _assert_same

ENTRIES = make_markdown(entries=True)
# An item at the margin and the lines two spaces in right below it: a labelled item's
# shape, and the ones near it. Anchored on the newline before it: a search for `^` under
# re.M tries every position, this one only the newlines.
_ITEM_WITH_SUB_ITEMS = re.compile(rb"\n[-*+] [^\n]*+(?:\n  [-*+] [^\n]*+)++")


def _lists(items: Iterable[str], per_list: int) -> str:
    """The items in lists of `per_list`, each ended by a heading right below its last line
    (a blank line after sub-items leaves the list to markdown-it's list rule; so does any
    item not read directly, for its whole list), every other one after a label paragraph."""
    items = list(items)
    parts = ["# List\n\n## Tools\n\n**Label**\n\n"]
    for count, at in enumerate(range(0, len(items), per_list)):
        parts.append("\n".join(items[at : at + per_list]))
        parts.append(f"\n## Part {at}\n\n" + ("**Group**\n\n" if count % 2 else ""))
    return "".join(parts)


def _labelled_items(text: str) -> int:
    return sum(token.type == LABELLED_ITEM for token in ENTRIES.parse(text))


def _items_in(texts: Iterable[bytes]) -> list[str]:
    found: dict[str, None] = {}
    for text in texts:
        for match in _ITEM_WITH_SUB_ITEMS.finditer(text):
            found[match[0][1:].decode("utf-8", errors="replace").replace("\r", "")] = None
    return list(found)


def test_corpus_items_with_sub_items_parse_the_same() -> None:
    texts = [path.read_bytes() for path in sorted((CORPUS / "lists").glob("*.md"))]
    with (ai_system() / "readmes.jsonl").open(encoding="utf-8") as lines:
        texts.extend(b"\n" + json.loads(line)["readme"].encode() for line in lines)
    text = _lists(_items_in(texts), 1)
    _assert_same(parse(text), parse_generic(text), "corpus items with sub-items")  # links all


def test_replay_bundle_items_with_sub_items_parse_the_same() -> None:
    text = _lists(_items_in(b"\n" + path.read_bytes() for path in replay_files()), 1)
    _assert_same(parse(text), parse_generic(text), "replay items with sub-items")
    assert _labelled_items(text) > 100  # the CJK lists' `地址：` items among them


ITEM_TEXTS = [
    "Tool", "**Tool**", "ChatGLM：", "Name:", "Name :", "名前", "Tool *x*", "a & b", "a < b",
    "100%!", ":", "：", "**", "__a__", "a_b", "Tool https://x.example/", "URL: https://i.example/",
    "Tool [x]", "Tool `x`", "Tool <b>", "Tool &amp;", "Tool \\*", "[A](https://a.example/)",
    "Tool\u00a0", "\u3000Tool", "a ~~b~~", "Tool - about it",
]
LABELS = [
    "URL", "地址", "Link", "Home page", "a b c", "a b c d", "x" * 20, "x" * 21, "", "[L]",
    "L*", "`L`", "L_", "Paper", "Code", "链接 地址",
]
SEPARATORS = [":", "：", " : ", ":  ", "\t:", " ", ":\u00a0", "::"]
URLS = [
    "https://u.example/", "http://u.example/a_(b)", "https://u.example/a)", "https://u.example/x.",
    "https://u.example/?a=1&b=2", "https://u.example/?a=1&amp;b=2", "https://github.com/o/r",
    "https://arxiv.org/abs/2301.00001", "https://u.example/<b>", "https://u.example/`x`",
    "ftp://u.example/", "https://u.example/\\_x", "https://u.example/[x]", "https://x.example/p.pdf",
    "https://", "https://u.example/" + "a" * 2001,
]
TAILS = ["", ".", " - words", "!", "*", "**", "'", '"', ")", ";", "_", "~", " ", "。"]


def _random_items(count: int) -> Iterator[str]:
    rng = random.Random(20261130)

    def noise() -> str:
        return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 6)))

    def sub_text() -> str:
        if rng.random() < 0.2:
            return rng.choice(["About: words", "简介：说明。", noise()])
        return "".join(rng.choice(options) for options in (LABELS, SEPARATORS, URLS, TAILS))

    for _ in range(count):
        name = rng.choice(ITEM_TEXTS) if rng.random() < 0.9 else noise()
        sub_marker = rng.choice("-*+")
        subs = [
            f"  {sub_marker if rng.random() < 0.95 else rng.choice('-*+')} {sub_text()}"
            for _ in range(rng.choice([0, 1, 1, 2, 2, 3, 4]))
        ]
        yield "\n".join([f"{rng.choice('-*+')} {name}", *subs])


def test_generated_labelled_items_parse_the_same() -> None:
    text = _lists(_random_items(3000), 3)
    document = parse(text)
    _assert_same(document, parse_generic(text), "generated labelled items")
    assert _labelled_items(text) > 600  # many take the one-token read
    assert len(document.entries) > 1000


@pytest.mark.parametrize(("content", "sub_items"), [
    ("Tool [x]", ["URL: https://u.example/"]), ("Tool", ["URL: https://u.example/?a&b"]),
    ("Tool", ["[URL](https://u.example/)"]), ("Tool", ["URL: `https://u.example/`"]),
    ("Tool", ["URL: <https://u.example/>"]), ("Tool", ["About: a \\* b"]), ("&amp;", []),
])
def test_other_items_keep_their_tokens(content: str, sub_items: list[str]) -> None:
    assert labelled_item(content, sub_items) is None


def test_labelled_item_reads_what_the_walker_reads() -> None:
    assert labelled_item("**ChatGLM**：", ["地址：https://g.example/a.", "简介：x", "URL: u"]) == (
        "ChatGLM", (("地址", "https://g.example/a", 1),), 3)
    assert labelled_item("Tool", ["About: words"]) == ("", (), 1)
    assert labelled_item("Plain words", []) == ("", (), 0)
