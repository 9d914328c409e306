"""The parser: headings, TOC and entries with exact lines, on hand-made and real lists."""

from __future__ import annotations

from pathlib import Path

from bot.parse import parse
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
