"""Almost-links: lines GitHub shows as text although their author meant a link. The parser
reads them as entries with problems (and the link meant), so they are judged at all.
Bullets shaped like awesome-R/awesome-rust lists, rows like a quantization paper table."""

from __future__ import annotations

from bot.diff import diff_documents
from bot.engine import review_texts
from bot.model import Entry
from bot.parse import parse

BASE = """\
# Awesome R

## Contents

- [Data](#data)
- [Models](#models)

## Data

* [dplyr](https://github.com/tidyverse/dplyr) - A grammar of data manipulation.
* [tidyr](https://github.com/tidyverse/tidyr) - Tidy messy data.
* [readr](https://github.com/tidyverse/readr) - Read flat files.

## Models

| Title | Paper | Code |
|---|---|---|
| QLoRA: Efficient Finetuning | [arXiv](https://arxiv.org/abs/2305.14314) | [Github](https://github.com/artidoro/qlora) |
| GPTQ: Accurate Quantization | [arXiv](https://arxiv.org/abs/2210.17323) | [Github](https://github.com/IST-DASLab/gptq) |
"""


def _added(head: str) -> list[Entry]:
    return [change.head for change in diff_documents(parse(BASE), parse(head)).added]


def _problems(entry: Entry) -> list[tuple[str, int, str, str]]:
    return [(p.kind, p.line, p.written, p.fixed) for p in entry.problems]


def test_a_bullet_missing_its_opening_bracket_is_an_entry_with_a_problem() -> None:
    line = "* tidy_frame](https://github.com/acme/tidy_frame) - Tidy data frames.\n"
    (entry,) = _added(BASE.replace("* [readr]", line + "* [readr]"))
    assert (entry.line, entry.title, entry.urls) == (
        12, "tidy_frame", ("https://github.com/acme/tidy_frame",),
    )
    assert _problems(entry) == [(
        "missing-open-bracket", 12, "tidy_frame](https://github.com/acme/tidy_frame)",
        "[tidy_frame](https://github.com/acme/tidy_frame)",
    )]


def test_a_cell_with_one_bracket_too_many_is_read_with_the_link_meant() -> None:
    row = (
        "|[QuantX]](https://github.com/acme/quantx) | [arXiv](https://arxiv.org/abs/2401.00001)"
        " | - |\n"
    )
    (entry,) = _added(BASE.replace("| GPTQ", row + "| GPTQ"))
    assert entry.title == "QuantX"
    assert _problems(entry) == [(
        "extra-bracket", 19, "[QuantX]](https://github.com/acme/quantx)",
        "[QuantX](https://github.com/acme/quantx)",
    )]


def test_a_space_before_the_url_and_a_url_pasted_twice() -> None:
    spaced = "* [tibble] (https://github.com/tidyverse/tibble) - Simple data frames.\n"
    (entry,) = _added(BASE.replace("* [readr]", spaced + "* [readr]"))
    assert (entry.title, _problems(entry)[0][0]) == ("tibble", "spaced")
    twice = "* [vroom](https://github.com/r-lib/vroomhttps://github.com/r-lib/vroom) - Fast.\n"
    (entry,) = _added(BASE.replace("* [readr]", twice + "* [readr]"))
    assert _problems(entry) == [(
        "doubled-url", 12, "https://github.com/r-lib/vroomhttps://github.com/r-lib/vroom",
        "https://github.com/r-lib/vroom",
    )]


def test_stray_text_pasted_into_a_toc_line_stays_a_toc_line() -> None:
    pasted = "- [Models](#models) * [pillar](https://github.com/r-lib/pillar) - Colours.\n"
    head = parse(BASE.replace("- [Models](#models)\n", pasted))
    assert [(t.anchor, t.stray) for t in head.toc] == [
        ("data", ""), ("models", "* [pillar](https://github.com/r-lib/pillar) - Colours."),
    ]
    assert len(head.entries) == len(parse(BASE).entries)  # not an entry under `Contents`


def test_decorated_toc_lines_have_no_stray_text() -> None:
    doc = parse("# L\n\n## Contents\n\n- **[CLI Tools](#cli-tools)**\n- [A](#a) · [B](#b) (12)\n")
    assert [t.stray for t in doc.toc] == ["", ""]


def test_well_formed_links_have_no_problems() -> None:
    doc = parse(
        "# L\n\n## Papers\n\n- [[pdf]](https://x.org/a.pdf) A paper.\n"
        "- [High-throughput Generative Inference of Large Language Model\n"
        "with a Single GPU](https://github.com/MachineLearningSystem/FlexGen)\n"
        "- [Wayback](https://web.archive.org/web/2020/https://example.org) - Archived.\n"
        "- [(v2) Tool (beta)](https://github.com/a/b) - Parens in the text.\n"
    )
    assert [e.problems for e in doc.entries] == [(), (), (), ()]


def test_almost_links_fail_the_review_with_the_line_fixed() -> None:
    line = "* tidy_frame](https://github.com/acme/tidy_frame) - Tidy data frames.\n"
    review = review_texts(BASE.replace("* [readr]", line + "* [readr]"), BASE)
    assert review.failed
    (finding,) = review.findings
    assert (finding.rule, finding.line) == ("F141", 12)
    assert finding.suggestion == "* [tidy_frame](https://github.com/acme/tidy_frame) - Tidy data frames."
    pasted = "- [Models](#models) * [pillar](https://github.com/r-lib/pillar) - Colours.\n"
    review = review_texts(BASE.replace("- [Models](#models)\n", pasted), BASE)
    assert [(f.rule, f.line, f.suggestion) for f in review.findings] == [
        ("F141", 6, "- [Models](#models)"),
    ]
