"""A plain entry's item read from one token (bot.parse.plain_entries) gives the Document
markdown-it's own tokens give: on every distinct bullet line of the corpus lists, of every
version of awesome-ai-system, of the replay bundle, and on lines built to sit just inside
or just outside the shape."""

from __future__ import annotations

import itertools
import json
import random
import re
from collections.abc import Iterable, Iterator

import pytest

from bot.parse import make_markdown, parse, parse_generic
from bot.parse.plain_entries import _CODE, _ENTRIES, PLAIN_ENTRY, plain_entry
from bot.parse.simple_inline import DESTINATION, PLAIN, PLAINEST
from tests.conftest import CORPUS, ai_system, replay_files
from tests.parse.test_shortcuts import INSERTS, _assert_same

ENTRIES = make_markdown(entries=True)
SIMPLE = "[Tool 1](https://t1.example/) - Tool number 1."
# Descriptions and labels the reading of the words must get right: separators, spaces of
# every kind, emphasis in the label, entities and escapes in the destination.
TRICKY = [
    SIMPLE, "[Tool](https://t.example/)", "[Tool](https://t.example/) ", "[ ](https://t.example/)",
    "[ Tool ](https://t.example/)  -  Spaced.  ", "[Tool](https://t.example/) — Dash.",
    "[Tool](https://t.example/) – Dash.", "[Tool](https://t.example/): Colon.",
    "[Tool](https://t.example/) -– —: mixed", "[Tool](https://t.example/)-nospace",
    "[Tool](https://t.example/) - - two", "[Tool](https://t.example/)\u00a0- nbsp",
    "[Tool](https://t.example/) \u3000ideographic", "[Tool](https://t.example/) a\u2028b",
    "[Tool](https://t.example/) a\u2029b", "[Tool](https://t.example/) a\x0bb\x0cc\x1cd\x85e",
    "[**Tool**](https://t.example/) - bold", "[*Tool*](https://t.example/) - em",
    "[_Tool_](https://t.example/) - em", "[Tool](https://t.example/) - **bold** words",
    "[Tool](https://t.example/?a=1&b=2) - amp", "[Tool](https://t.example/?a=1&amp;b=2)",
    "[Tool](&#35;anchor) - entity hash", "[Tool](#anchor) - in page", "[Tool](#)",
    "[Tool](https://arxiv.org/abs/2301.00001) - paper", "[Paper](https://t.example/x.pdf)",
    "[Code](https://github.com/o/r) - role text", "[GitHub](https://github.com/o/r)",
    "[Tool](https://t.example/https://t.example/) - doubled", "[Tool](t.example) - bare",
    "[Tool](mailto:a@b.example)", "[Tool](javascript:alert(1)) - js",
    "[Tool](https://t.example/) - 100% & more!", "[Tool](https://t.example/) - a < b",
    "[Tool](https://t.example/) - a<b", "[Tool](https://t.example/) - a&b", "[Tool!](u) - x",
    "[Tool](https://t.example/) - ends!", "[中文](https://z.example/) - 中文说明。",
    "[Tool](https://t.example/) - x ~~y~~ z", "[Tool](https://t.example/) - a | b",
    "[Tool](https://t.example/) - (parenthesised)", "[Tool](https://t.example/) - a_b_c",
    # code spans in the words: the delimiters' corner cases
    "[T](u) - the `flag` package", "[T](u) - `a` `b`", "[T](u) - `a``b`", "[T](u) - ``a``",
    "[T](u) - ` a `", "[T](u) - ` a`", "[T](u) - `a `", "[T](u) - ` `", "[T](u) - `",
    "[T](u) - `a", "[T](u) - a`b`c", "[T](u) - `[x](y)`", "[T](u) - `<b>` &amp; `\\*`",
    "[T](u) - `a\\`b`", "[T](u) - `a`b`", "[T](u) `x`", "[T](u)`x`", "[T](u) - `\u00a0a`",
    "[T](u) - `a\u00a0`", "[T](u) - `a\tb`", "[T](u) - `a]` x", "[`T`](u) - code label",
    "[T](u) - ```a```", "[T](u) - `a` ``b`` `c`", "[T](u) - `&#35;`", "[T](u) - `\u2028`",
]


def _bullets(lines: Iterable[str]) -> str:
    """The lines as items of lists of ten (a line that is no one-line item leaves its
    list to markdown-it's list rule), under a section, after a label paragraph."""
    items = [f"- {line}" for line in lines]
    lists = "\n\nText.\n\n".join(
        "\n".join(items[at : at + 10]) for at in range(0, len(items), 10))
    return f"# List\n\n## Tools\n\n**Label**\n\n{lists}\n\n## After\n\n{lists}\n"


def _variants() -> Iterator[str]:
    """The tricky lines, and the simple one with every insert at every place."""
    yield from TRICKY
    for insert in INSERTS:
        for at in range(len(SIMPLE) + 1):
            yield SIMPLE[:at] + insert + SIMPLE[at:]
    for first, second in itertools.product(TRICKY[:12], INSERTS[:30]):
        yield first + second


def test_tricky_lines_parse_the_same() -> None:
    text = _bullets(_variants())
    document = parse(text)
    _assert_same(document, parse_generic(text), "tricky lines")
    assert _plain_items(text) > 500  # many take the one-token read


@pytest.mark.parametrize("marker", ["-", "*", "+"])
@pytest.mark.parametrize("around", [
    "{items}\n",
    "{items_loose}\n",
    "<!-- lint ignore -->\n{items}\n\ntext\n",
    "<!--lint disable double-link-->\n\n{items}\n<!--lint enable double-link-->\n",
    "{items}\n## Heading below\n\n- parent\n  {items_nested}\n",
    "> **Quoted label**\n\n{items}\n\n1. one\n{items}\n",
    "| A | B |\n|---|---|\n| [x](https://x.example/) | y |\n\n{items}\n",
])
def test_entries_in_every_surrounding_parse_the_same(marker: str, around: str) -> None:
    lines = [f"{marker} {line}" for line in TRICKY]
    body = around.format(
        items="\n".join(lines), items_loose="\n\n".join(lines),
        items_nested="\n  ".join(lines))
    text = f"# List\n\n## Tools\n\n{body}"
    _assert_same(parse(text), parse_generic(text), around)


# Pieces of random lines: Markdown's metacharacters, entities, spaces of every kind.
PIECES = [
    *"ab [](){}`*_\\!<>&#;:-x1\t", "\u00a0", "中", "&amp;", "&#35;", " - ", "–", "``", "](",
    "http://", ".pdf", "\u2028",
]


def test_random_lines_parse_the_same() -> None:
    rng = random.Random(20261128)

    def piece(most: int) -> str:
        return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, most)))

    lines = [f"[{piece(4) or 'a'}]({piece(3) or 'u'}){piece(8)}" for _ in range(4000)]
    text = _bullets(lines)
    _assert_same(parse(text), parse_generic(text), "random lines")
    assert _plain_items(text) > 500


# The entry patterns as first written, the words a character an alternation at a time.
_BY_CHARACTER = tuple(
    re.compile(rf"\[({plain}++)\]\(({DESTINATION}++)\)((?:{plain}|{_CODE})*+)")
    for plain in (PLAINEST, PLAIN)
)


def test_the_entry_patterns_match_as_the_character_by_character_ones() -> None:
    rng = random.Random(20261129)

    def piece(most: int) -> str:
        return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, most)))

    lines = [*TRICKY, *_variants()]
    lines += [f"[{piece(4) or 'a'}]({piece(3) or 'u'}){piece(12)}" for _ in range(20000)]
    matched = 0
    for line in lines:
        for fast, slow in zip(_ENTRIES, _BY_CHARACTER, strict=True):
            found, wanted = fast.fullmatch(line), slow.fullmatch(line)
            assert (found and found.groups()) == (wanted and wanted.groups()), line
            matched += found is not None
    assert matched > 3000  # not only lines neither pattern takes


def test_corpus_bullet_lines_parse_the_same() -> None:
    """Every distinct bullet line of the corpus lists and of each awesome-ai-system
    version, as one list: the lines a real list holds, each read both ways."""
    texts = [path.read_text(encoding="utf-8") for path in sorted((CORPUS / "lists").glob("*.md"))]
    with (ai_system() / "readmes.jsonl").open(encoding="utf-8") as lines:
        texts.extend(json.loads(line)["readme"] for line in lines)
    text = _bullets(_bullet_lines(texts))
    _assert_same(parse(text), parse_generic(text), "corpus bullet lines")
    assert _plain_items(text) > 5000


def test_replay_bundle_bullet_lines_parse_the_same() -> None:
    texts = (path.read_text(encoding="utf-8", errors="replace") for path in replay_files())
    text = _bullets(_bullet_lines(texts))
    _assert_same(parse(text), parse_generic(text), "replay bullet lines")


def _bullet_lines(texts: Iterable[str]) -> list[str]:
    """The distinct texts after `- `, `* ` or `+ ` of the texts' lines at the margin."""
    found: dict[str, None] = {}
    for text in texts:
        for line in text.splitlines():
            if line[:2] in ("- ", "* ", "+ "):
                found[line[2:]] = None
    return list(found)


def _plain_items(text: str) -> int:
    return sum(token.type == PLAIN_ENTRY for token in ENTRIES.parse(text))


@pytest.mark.parametrize("content", [
    "[A](#a)", "[A](&#35;a)", "[A](a) [B](b)", "[A](a) <b>", "x [A](a)",
    "[A](a \"t\")", "[](a)", "[A]()", "![A](a)", "[A](a) ![b](c)", "[A](a) \\*", "[A](a)]",
    "[A](a) ` x `", "[A](a) `a``b`", "[A](a) ``a``", "[A](a) `a",
])
def test_other_items_keep_their_tokens(content: str) -> None:
    assert plain_entry(content) is None


def test_plain_entry_reads_what_the_walker_reads() -> None:
    assert plain_entry(SIMPLE) == ("Tool 1", "https://t1.example/", "Tool number 1.")
    assert plain_entry("[**A**](u?a=1&amp;b=2) -– : x  y ") == ("A", "u?a=1&b=2", "x y")
    assert plain_entry("[A](u) - the `x[y]` and `z`.") == ("A", "u", "the x[y] and z.")
