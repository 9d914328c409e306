"""Heading anchors exactly as GitHub makes them, HTML anchors, and which links are the TOC."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.diff import diff_documents
from bot.engine import review_texts
from bot.parse import parse
from bot.parse.slug import Slugger, _keep, anchor_key, github_slug

SLUGGER_CASES = json.loads(
    (Path(__file__).parent / "fixtures" / "github-slugger" / "fixtures.json").read_text("utf-8")
)


def test_every_github_slugger_case_in_file_order() -> None:
    slugger = Slugger()  # one document: repeats get -1, -2 as upstream's test runs them
    got = [(case["name"], slugger.slug(case["input"])) for case in SLUGGER_CASES]
    assert got == [(case["name"], case["expected"]) for case in SLUGGER_CASES]
    assert len(got) == 78


def test_repeated_headings_are_numbered_in_page_order() -> None:
    doc = parse("# L\n\n## Misc\n\n## Misc\n\n### Misc\n")
    assert [h.slug for h in doc.headings] == ["l", "misc", "misc-1", "misc-2"]


def test_a_badge_after_the_heading_leaves_a_trailing_dash() -> None:
    # the first lines of h4cc/awesome-elixir (MIT): its TOC links the title as written
    text = (
        "# Awesome Elixir [![CI Badge](https://github.com/h4cc/awesome-elixir/actions/workflows"
        "/ci.yml/badge.svg)](https://github.com/h4cc/awesome-elixir) [![Awesome](https://cdn.rawgit"
        ".com/sindresorhus/awesome/d7305f3/media/badge.svg)](https://github.com/sindresorhus/awesome)\n"
        "A curated list of amazingly awesome Elixir libraries.\n\n"
        "- [Awesome Elixir  ](#awesome-elixir--)\n"
        "  - [Actors](#actors)\n"
        "  - [Algorithms and Data structures](#algorithms-and-data-structures)\n\n"
        "## Actors\n*Libraries and tools for working with actors.*\n\n"
        "* [dflow](https://github.com/dalmatinerdb/dflow) - Pipelined flow processing engine.\n\n"
        "## Algorithms and Data structures\n\n"
        "* [array](https://github.com/takscape/elixir-array) - An Elixir wrapper library.\n"
    )
    doc = parse(text)
    assert (doc.headings[0].text, doc.headings[0].slug) == ("Awesome Elixir", "awesome-elixir--")
    review = review_texts(text)
    assert [f.rule for f in review.findings if f.rule.startswith("P20")] == []


def test_an_emoji_variation_selector_does_not_break_a_toc_link() -> None:
    # `⚙️` is U+2699 U+FE0F; GitHub keeps the selector, copied links often lose it
    doc = parse("# L\n\n## ⚙️ Project\n")
    assert doc.headings[1].slug == "\ufe0f-project"
    assert anchor_key("-project") == anchor_key(doc.headings[1].slug)
    assert anchor_key("%EF%B8%8F-project") == anchor_key("-project")


HTML_ANCHORS = """\
# Awesome Things

## Contents

- [CLI Tools](#cli-tools-toc)
- [Web Tools](#web)
- [Systems](#systems)

<a name="cli-tools-toc"></a>
## :wrench: CLI Tools

- [fd](https://github.com/sharkdp/fd) - Find files.

<div id="web"></div>

## Web Tools

- [curl](https://github.com/curl/curl) - Transfer data.

## Systems <a id="systems"></a>

- [htop](https://github.com/htop-dev/htop) - Process viewer.
"""


def test_an_html_anchor_just_above_or_inside_a_heading_is_its_anchor() -> None:
    doc = parse(HTML_ANCHORS)
    assert [(h.text, h.slug, h.anchors) for h in doc.headings[2:]] == [
        (":wrench: CLI Tools", "wrench-cli-tools", ("cli-tools-toc",)),
        ("Web Tools", "web-tools", ("web",)),
        ("Systems", "systems-", ("systems",)),
    ]


def test_toc_links_to_html_anchors_are_valid_and_list_their_headings() -> None:
    added = HTML_ANCHORS + "\n## Shells\n\n- [fish](https://github.com/fish-shell/fish-shell) - Shell.\n"
    review = review_texts(added, HTML_ANCHORS)
    placement = [(f.rule, f.line, f.fix_lines) for f in review.findings if f.check == "placement"]
    # only the new heading (line 24) lacks a TOC line: its fix goes after the TOC's last line
    assert placement == [("P202", 24, (7, 7))]


def test_an_html_anchor_after_text_is_not_the_headings() -> None:
    doc = parse('# L\n\nSee <a name="x"></a> below.\n\n## Tools\n')
    assert doc.headings[1].anchors == ()


# a section of vsouza/awesome-ios (MIT): one entry points to another section of the page
CROSS_REFERENCE = """\
# Awesome iOS

## Payments

- [Stripe](https://github.com/stripe/stripe-ios) Stripe bindings for iOS and macOS.

## SDK

- [Venmo](#payments)
- [AWS](https://github.com/aws-amplify/aws-sdk-ios) Amazon Web Services Mobile SDK for iOS.

## Security

- [cocoapods-keys](https://github.com/orta/cocoapods-keys) Keep secrets out of source.
"""


def test_a_cross_reference_among_entries_is_no_table_of_contents() -> None:
    doc = parse(CROSS_REFERENCE)
    assert doc.toc == ()
    assert doc.toc_line is None
    assert [(t.text, t.anchor) for t in doc.in_page_links] == [("Venmo", "payments")]
    added = CROSS_REFERENCE + "\n## Testing\n\n- [Quick](https://github.com/Quick/Quick) BDD.\n"
    assert [f.rule for f in review_texts(added, CROSS_REFERENCE).findings] == []


# the shape of trimstray/the-book-of-secret-knowledge (MIT): the page's TOC under a
# contents heading, and a chapter's own longer "Table of Contents" further down
CHAPTER_CONTENTS = """\
# The Book

## :anger: &nbsp;Table of Contents

- **[CLI Tools](#cli-tools-toc)**
- **[One-liners](#one-liners-toc)**

## :trident: &nbsp;The Book of Secret Knowledge (Chapters)

#### CLI Tools &nbsp;[<sup>[TOC]</sup>](#anger-table-of-contents)

- [fd](https://github.com/sharkdp/fd) - Find files.

#### One-liners &nbsp;[<sup>[TOC]</sup>](#anger-table-of-contents)

##### Table of Contents

- [terminal](#tool-terminal)
- [busybox](#tool-busybox)
- [mount](#tool-mount)
- [fuser](#tool-fuser)

###### Tool: [terminal](https://en.wikipedia.org/wiki/Linux_console)
"""


def test_the_page_toc_is_the_block_under_the_first_contents_heading() -> None:
    doc = parse(CHAPTER_CONTENTS)
    assert [t.anchor for t in doc.toc] == ["cli-tools-toc", "one-liners-toc"]
    assert doc.toc_line == 5
    assert [t.anchor for t in doc.in_page_links][:2] == ["tool-terminal", "tool-busybox"]
    assert [h.slug for h in doc.headings][1:5] == [
        "anger-table-of-contents",
        "trident-the-book-of-secret-knowledge-chapters",
        "cli-tools-toc",
        "one-liners-toc",
    ]


SHIFT_BASE = """\
# Awesome Python

## Contents

- [Web](#web)
  - [Testing](#testing)
- [Tools](#tools)
  - [Testing](#testing-1)

## Web

### Testing

- [Selenium](https://github.com/SeleniumHQ/selenium) - Browser automation.

## Tools

### Testing

- [pytest](https://github.com/pytest-dev/pytest) - Test framework.
"""


def test_a_new_heading_repeating_an_old_one_shifts_the_later_anchors() -> None:
    head = SHIFT_BASE.replace(
        "## Web\n",
        "## Data\n\n### Testing\n\n- [Hypothesis](https://github.com/HypothesisWorks/hypothesis)"
        " - Property tests.\n\n## Web\n",
    )
    shifts = diff_documents(parse(SHIFT_BASE), parse(head)).anchor_shifts
    assert [(s.link.line, s.link.anchor, s.meant.line, s.meant.slug, s.lands.line)
            for s in shifts] == [
        (6, "testing", 18, "testing-1", 12),
        (8, "testing-1", 24, "testing-2", 18),
    ]


def test_a_repeated_heading_added_last_shifts_nothing() -> None:
    head = SHIFT_BASE + "\n## Data\n\n### Testing\n\n- [Hypothesis](https://h.org) - Tests.\n"
    assert diff_documents(parse(SHIFT_BASE), parse(head)).anchor_shifts == ()


@pytest.mark.parametrize("anchor", ["Testing", "user-content-testing", "%74esting"])
def test_anchors_compare_as_github_does(anchor: str) -> None:
    assert anchor_key(anchor) == "testing"


def test_a_heading_of_plain_characters_takes_the_short_way_to_the_same_slug() -> None:
    """Every ASCII character alone and beside the plain ones: the per-character rule and
    the short way agree."""
    for code in range(128):
        for text in (chr(code), f"Ab 1_{chr(code)}-z", f"{chr(code)}{chr(code)} X"):
            slow = "".join(c for c in text.lower() if _keep(c)).replace(" ", "-")
            assert github_slug(text) == slow, repr(text)
