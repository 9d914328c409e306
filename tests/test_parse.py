"""The parser: headings, TOC and entries with exact lines, on hand-made and real lists."""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path

from bot.parse import make_markdown, parse
from bot.parse.slug import Slugger, github_slug

SEED_STYLE = """\
# Awesome AI System

## Contents

- [Paper-Code](#paper-code)
  - [LLM Serving](#llm-serving)

## Paper-Code

### LLM Serving

- code [Flash-LLM: Unstructured Sparsity vldb'24](https://github.com/MLSys/24vldb-flash-llm)

  paper [Flash-LLM: Unstructured Sparsity vldb'24](https://www.vldb.org/pvldb/vol17/p211-xia.pdf)

- [Zeus: Understanding GPU Energy](https://github.com/MLSys/Zeus) NSDI'23
"""

TABLE_STYLE = """\
# List

### LLM MoE
| Title | Paper | Github | Pub. & Date |
|:-----:|:-----:|:------:|:-----------:|
| MoE-Lightning | [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2411.11217) | [![Star](https://img.shields.io/github/stars/caoshiyi/artifacts.svg)](https://github.com/caoshiyi/artifacts) | ASPLOS'25 |
| Too | many | cells | here | ! |
| Short | [x](https://x.org) |
"""


def test_headings_get_githubs_anchors_and_lines() -> None:
    doc = parse(SEED_STYLE)
    assert doc.title == "Awesome AI System"
    assert [(h.level, h.text, h.slug, h.line) for h in doc.headings] == [
        (1, "Awesome AI System", "awesome-ai-system", 1),
        (2, "Contents", "contents", 3),
        (2, "Paper-Code", "paper-code", 8),
        (3, "LLM Serving", "llm-serving", 10),
    ]


def test_slugs_follow_github_rules() -> None:
    assert github_slug("LLM Inference(AI Side)") == "llm-inferenceai-side"
    assert github_slug("LLM Inference (System Side)") == "llm-inference-system-side"
    assert github_slug("C++ & Rust!") == "c--rust"
    assert github_slug("Emoji 🚀 Tools") == "emoji--tools"
    slugger = Slugger()
    assert [slugger.slug(t) for t in ("Misc", "Misc", "Misc")] == ["misc", "misc-1", "misc-2"]


def test_toc_lines_are_collected_with_depth() -> None:
    doc = parse(SEED_STYLE)
    assert [(t.text, t.anchor, t.line, t.depth) for t in doc.toc] == [
        ("Paper-Code", "paper-code", 5, 0),
        ("LLM Serving", "llm-serving", 6, 1),
    ]
    assert doc.toc_line == 5


def test_a_paper_sub_line_belongs_to_its_entry() -> None:
    doc = parse(SEED_STYLE)
    first, second = doc.entries
    assert first.kind == "bullet"
    assert (first.line, first.end_line) == (12, 14)
    assert first.section == ("Paper-Code", "LLM Serving")
    assert first.title == "Flash-LLM: Unstructured Sparsity vldb'24"
    assert [link.line for link in first.links] == [12, 14]
    assert first.urls[1] == "https://www.vldb.org/pvldb/vol17/p211-xia.pdf"
    assert first.raw.splitlines()[-1].strip().startswith("paper [")
    assert (second.line, second.title, second.description) == (
        16, "Zeus: Understanding GPU Energy", "NSDI'23"
    )


def test_table_rows_are_entries_with_cells_keyed_by_header() -> None:
    doc = parse(TABLE_STYLE)
    row = doc.entries[0]
    assert row.kind == "row" and row.line == 6 and row.end_line == 6
    assert row.title == "MoE-Lightning"
    assert row.header == ("Title", "Paper", "Github", "Pub. & Date")
    assert row.cell("pub. & date") == "ASPLOS'25"
    assert row.cell_count == 4
    assert [(link.url, link.is_badge, link.column) for link in row.links] == [
        ("https://arxiv.org/abs/2411.11217", True, "Paper"),
        ("https://github.com/caoshiyi/artifacts", True, "Github"),
    ]
    assert row.badge_repos == (("caoshiyi/artifacts", "https://github.com/caoshiyi/artifacts"),)


def test_rows_without_links_are_not_entries_and_cell_counts_are_as_written() -> None:
    doc = parse(TABLE_STYLE)
    assert [e.line for e in doc.entries] == [6, 8]  # line 7 has no link
    assert doc.entries[1].cell_count == 2
    assert doc.tables[0].header[0] == "Title"


def test_every_kind_of_link_is_seen() -> None:
    text = """\
# L

## Tools

- [Ref][ref] - Reference style.
- <https://auto.example.org> - Autolink.
- <a href="https://html.example.org/?a=1&amp;b=2">HTML</a> - Raw HTML.
- ![logo](https://img.example.org/logo.png) [Name](https://name.example.org) - Image first.

[ref]: https://ref.example.org
"""
    urls = [e.urls for e in parse(text).entries]
    assert urls == [
        ("https://ref.example.org",),
        ("https://auto.example.org",),
        ("https://html.example.org/?a=1&b=2",),
        ("https://name.example.org",),
    ]


def test_nested_bullets_are_entries_with_their_group() -> None:
    text = "# L\n\n## AI\n\n- Skills\n  - [a](https://a.org) - A.\n  - [b](https://b.org) - B.\n"
    entries = parse(text).entries
    assert [(e.line, e.depth, e.group, e.title) for e in entries] == [
        (6, 1, "Skills", "a"),
        (7, 1, "Skills", "b"),
    ]


def test_code_blocks_and_quotes_hold_no_entries() -> None:
    text = "# L\n\n```\n- [x](https://x.org)\n```\n\n    - [y](https://y.org)\n"
    assert parse(text).entries == ()


def test_bom_and_crlf_keep_line_numbers() -> None:
    text = "\ufeff# L\r\n\r\n## A\r\n\r\n- [x](https://x.org) - X.\r\n"
    doc = parse(text)
    assert doc.entries[0].line == 5
    assert doc.line_text(5) == "- [x](https://x.org) - X."


def test_todays_ai_system_list(corpus: Path) -> None:
    doc = parse((corpus / "awesome-ai-system" / "README.md").read_text(encoding="utf-8"))
    kinds = [e.kind for e in doc.entries]
    assert kinds.count("row") > 100 and kinds.count("bullet") > 100
    assert len(doc.toc) == 28
    row = next(e for e in doc.entries if e.line == 100)
    assert row.badge_repos == (("hashwatj07/SageServe", "https://github.com/shashwatj07/SageServe"),)
    assert row.section == ("Paper-Code", "LLM Inference (System Side)")
    for entry in doc.entries:
        assert 1 <= entry.line <= entry.end_line <= len(doc.lines)
        assert all(entry.line <= link.line <= entry.end_line for link in entry.links)


# Modelled on HqWu-HITCS/Awesome-Chinese-LLM: the name on the item, its address on a labelled
# sub-item (a bare URL GitHub links), a star badge as a lazy line, then a description item.
LABELLED_SUB_ITEMS = """\
# Awesome Chinese LLM

## 模型

* ChatGLM：
  * 地址：https://github.com/THUDM/ChatGLM-6B
  ![](https://img.shields.io/github/stars/THUDM/ChatGLM-6B.svg)
  * 简介：中文领域效果最好的开源底座模型之一。
* **Qwen**
  * 地址: https://github.com/QwenLM/Qwen.
  * 简介：通义千问。

## Tools

- Gin
  - Homepage: https://gin-gonic.com/
- Only a description
  - Note: no address here
- Homepage: https://example.org/
- [Echo](https://echo.labstack.com/)
  - Website: https://echo.labstack.com/docs
"""


def test_an_item_named_by_its_text_takes_the_link_of_its_labelled_sub_item() -> None:
    doc = parse(LABELLED_SUB_ITEMS)
    read = [(e.kind, e.title, e.urls, e.line, e.end_line, e.category) for e in doc.entries]
    assert read == [
        ("bullet", "ChatGLM", ("https://github.com/THUDM/ChatGLM-6B",), 5, 8, "模型"),
        ("bullet", "Qwen", ("https://github.com/QwenLM/Qwen",), 9, 11, "模型"),
        ("bullet", "Gin", ("https://gin-gonic.com/",), 15, 16, "Tools"),
        ("bullet", "Echo", ("https://echo.labstack.com/",), 20, 20, "Tools"),
    ]
    chatglm = doc.entries[0]
    assert chatglm.primary is chatglm.links[0] and chatglm.links[0].line == 6
    assert chatglm.raw.splitlines()[0] == "* ChatGLM：" and chatglm.marker == "*"


# Modelled on trimstray/the-book-of-secret-knowledge (MIT): entries as raw HTML in a `<p>`.
HTML_ENTRIES = """\
<p align="center">
  <a href="https://example.org/site">Website</a>
</p>

# The Book

## Tools

<p>
&nbsp;&nbsp; <a href="https://www.gnu.org/software/bash/"><b>GNU Bash</b></a> - is an sh-compatible shell.<br>
&nbsp;&nbsp; <a href="https://github.com/nabla-c0d3/sslyze"><b>sslyze
</b></a> - fast and powerful SSL/TLS server scanning library.<br>
&nbsp;&nbsp; <a href="https://bezpieka.org/dict"><b>Polish Dictionary</b></a> - official dictionary.<b>*</b> <sup><a href="https://sourceforge.net/w/">1</sup><br>
&nbsp;&nbsp; <a href="https://github.com/insidetrust/names"><b>names</b></a> - username lists &amp; more.<br>
<!-- &nbsp;&nbsp; <a href="https://hidden.example/"><b>Hidden</b></a> - commented out.<br> -->
</p>

<p align="center"><a href="https://a.example/">Home</a> · <a href="https://b.example/">Docs</a></p>
<a href="https://github.com/user"><img src="https://avatars.example/u.png"><br><sub><b>User</b></sub></a>

<ul>
  <li><a href="#tools">Back to the tools</a></li>
  <li><a href="https://zsh.org/">Zsh</a>: a shell.</li>
</ul>
"""


def test_raw_html_lines_that_open_with_a_link_are_entries() -> None:
    doc = parse(HTML_ENTRIES)
    read = [(e.kind, e.title, e.urls[0], e.line, e.end_line, e.description) for e in doc.entries]
    assert read == [
        ("html", "GNU Bash", "https://www.gnu.org/software/bash/", 10, 10,
         "is an sh-compatible shell."),
        ("html", "sslyze", "https://github.com/nabla-c0d3/sslyze", 11, 12,
         "fast and powerful SSL/TLS server scanning library."),
        ("html", "Polish Dictionary", "https://bezpieka.org/dict", 13, 13,
         "official dictionary.*"),
        ("html", "names", "https://github.com/insidetrust/names", 14, 14,
         "username lists & more."),
        ("html", "Zsh", "https://zsh.org/", 23, 23, "a shell."),
    ]
    assert doc.entries[2].urls == ("https://bezpieka.org/dict", "https://sourceforge.net/w/")
    assert doc.entries[0].raw.startswith("&nbsp;&nbsp; <a href=")
    assert all(e.category == "Tools" for e in doc.entries)


def test_remembered_inline_tokens_stay_bounded_on_lines_of_many_links() -> None:
    make_markdown().parse("warm up: the parser's own first-use state is not what we measure")
    md = make_markdown()
    lines = ("- " + "".join(f"[n{line}x{j}](u{j})" for j in range(60)) for line in range(500))
    text = "\n".join(lines)  # 90,000 inline tokens, each line short enough to be kept
    gc.collect()
    tracemalloc.start()
    try:
        md.parse(text)
        gc.collect()
        retained, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert retained < 16_000_000  # all of them kept: ~32 MB
