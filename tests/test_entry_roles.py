"""Entries read by their structure: the title from the right column, links by role.

The tables are modelled on real paper lists (rows shaped like BradyFU's multimodal list,
horseee's efficient-LLM list and a model table led by a Date column), with made-up rows.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine import review_texts
from bot.parse import parse, roles

MULTIMODAL = """\
# Awesome Multimodal Models

## Multimodal Instruction Tuning

|  Title  |   Venue  |   Date   |   Code   |   Demo   |
|:--------|:--------:|:--------:|:--------:|:--------:|
| ![Star](https://img.shields.io/github/stars/acme-lab/Vista.svg?style=social&label=Star) <br> [**Vista-2 Technical Report**](https://arxiv.org/pdf/2511.00001) <br> | arXiv | 2025-11-26 | [Github](https://github.com/acme-lab/Vista) | [Demo](https://huggingface.co/spaces/acme/vista) |
| [**Vista-2.5: Sharper Vision**](https://acme.ai/blog?id=vista2.5) | Blog | 2025-09-23 | [Github](https://github.com/acme-lab/Vista) | [Demo](https://chat.acme.ai/) |
| [**Introducing Nova 3**](https://nova.example.com/news/nova-3) | Blog | 2025-12-02 | - | [Demo](https://chat.acme.ai/) |
"""


def test_a_rows_title_is_its_title_cells_link_text_and_links_have_roles() -> None:
    first, second, third = parse(MULTIMODAL).entries
    assert first.title == "Vista-2 Technical Report"
    assert first.primary is not None
    assert first.primary.url == "https://arxiv.org/pdf/2511.00001"
    assert [link.url for link in first.papers] == ["https://arxiv.org/pdf/2511.00001"]
    assert first.link_roles == (
        ("paper", "https://arxiv.org/pdf/2511.00001"),
        ("code", "https://github.com/acme-lab/Vista"),
        ("demo", "https://huggingface.co/spaces/acme/vista"),
    )
    assert (second.title, second.primary and second.primary.role) == (
        "Vista-2.5: Sharper Vision", "website",
    )
    assert third.papers == ()


DATED_MODELS = """\
# Awesome Open Models

## Models

| Date | Model | Institution | Paper |
|---|---|---|---|
| 2022-05 | Model-X | Lab One | [Model-X: An Open Model for Everyone](https://arxiv.org/abs/2205.01068) |
| 2023-02 | Orca-7B | Lab Two | [Orca: Small Models That Think](https://arxiv.org/abs/2302.13971) |
"""


def test_a_date_column_is_never_the_title() -> None:
    first, second = parse(DATED_MODELS).entries
    assert (first.title, second.title) == ("Model-X", "Orca-7B")
    assert first.primary is not None and first.primary.role == "paper"


LINK_FIRST = """\
# Awesome APIs

## Animals

| Added | API | Description | Auth |
|---|---|---|---|
| 2021 | [Cat Facts](https://alexwohlbrahs.github.io/cat-facts/) | Daily cat facts | No |
"""


def test_without_a_title_header_the_first_text_link_names_the_row() -> None:
    (entry,) = parse(LINK_FIRST.replace("| Added | API |", "| Added | Service |")).entries
    assert entry.title == "Cat Facts"


EFFICIENT = """\
# Awesome Efficient LLM

## Inference Acceleration

| Title & Authors | Introduction | Links |
|:--|  :----: | :---:|
|[![Publish](https://img.shields.io/badge/Conference-ICCAD'24-blue)]()<br>[Alise: Speculative Scheduling for LLM Serving](https://arxiv.org/abs/2410.00001) <br> Ann Author, Bo Writer |<img width="1002" alt="image" src="https://arxiv.org/html/2410.00001v1/x1.png"> |[Paper](https://arxiv.org/abs/2410.00001)|[//]: #11/17
|[![Star](https://img.shields.io/github/stars/lab/tpi.svg?style=social&label=Star)](https://github.com/lab/tpi)<br>[TPI: Serving 70B Models on Edge Devices](https://arxiv.org/abs/2410.00002) <br> Cy Coder |<img width="1002" alt="image" src="https://arxiv.org/html/2410.00002v1/x4.png"> |[Github](https://github.com/lab/tpi) <br> [Paper](https://arxiv.org/abs/2410.00002)|[//]: #10/02
"""


def test_badge_first_cells_with_authors_give_the_papers_title() -> None:
    first, second = parse(EFFICIENT).entries
    assert first.title == "Alise: Speculative Scheduling for LLM Serving"
    assert second.title == "TPI: Serving 70B Models on Edge Devices"
    assert [link.role for link in first.links] == ["badge", "paper", "paper"]
    assert [link.role for link in second.links] == ["code", "paper", "code", "paper"]


def test_a_trailing_comment_cell_is_not_a_dropped_cell() -> None:
    # every row of that list ends in `|[//]: #MM/DD`, a note GitHub hides on purpose
    row = (
        "|[SpecBatch: Batched Speculation](https://arxiv.org/abs/2410.00003) <br> Di Dev "
        "|<img width=\"1002\" alt=\"image\" src=\"https://arxiv.org/html/2410.00003v1/x2.png\"> "
        "|[Paper](https://arxiv.org/abs/2410.00003)|[//]: #11/18\n"
    )
    head = EFFICIENT + row
    review = review_texts(head, EFFICIENT)
    assert [(f.rule, f.line) for f in review.findings if f.severity.value == "error"] == []
    (entry,) = [change.head for change in review.diff.added]
    assert entry.cell_count == 3
    dropped = EFFICIENT + row.replace("[//]: #11/18", "NeurIPS'24")
    review = review_texts(dropped, EFFICIENT)
    assert [f.rule for f in review.findings] == ["F104"]


SURVEYS = """\
# Awesome Multimodal Models

## Highlights

- 🌟 **Eval-Survey: A Survey on Evaluating Multimodal Models**<br>
arXiv 2025, [Paper](https://arxiv.org/pdf/2411.00001.pdf), [Project](https://github.com/acme/awesome-mm/tree/Benchmarks)

- **A Survey on Multimodal Large Language Models**\
NSR 2024, [Paper](https://arxiv.org/pdf/2306.00002.pdf), [Project](https://github.com/acme/awesome-mm)
"""


def test_a_bullet_whose_links_only_name_roles_is_titled_by_its_bold_text() -> None:
    first, second = parse(SURVEYS).entries
    assert first.title == "Eval-Survey: A Survey on Evaluating Multimodal Models"
    assert second.title == "A Survey on Multimodal Large Language Models"
    assert second.primary is not None and second.primary.role == "paper"
    added = SURVEYS + (
        "\n- **Token Pruning for Video Models**\\\n"
        "arXiv 2025, [Paper](https://arxiv.org/pdf/2501.00003.pdf), "
        "[Project](https://github.com/acme/awesome-mm)\n"
    )
    review = review_texts(added, SURVEYS)
    assert [f.rule for f in review.findings if f.check == "duplicate"] == []


def test_rows_sharing_a_code_repository_or_demo_site_are_not_one_entry() -> None:
    # the same lab's technical report and blog post share its repository and its chat demo
    added = MULTIMODAL + (
        "| [**Vista-3: Native Multimodal Agents**](https://acme.ai/blog?id=vista3) | Blog | "
        "2026-02-16 | [Github](https://github.com/acme-lab/Vista) | [Demo](https://chat.acme.ai/) |\n"
    )
    review = review_texts(added, MULTIMODAL)
    assert [f.rule for f in review.findings if f.check == "duplicate"] == []
    copied = MULTIMODAL + (
        "| [**Vista-3: Native Multimodal Agents**](https://arxiv.org/pdf/2511.00001) | arXiv | "
        "2026-02-16 | - | - |\n"
    )
    review = review_texts(copied, MULTIMODAL)
    assert [(f.rule, f.line) for f in review.findings if f.check == "duplicate"] == [("D303", 10)]


_ROLE_TEXT_PIECES = st.sampled_from([
    "paper", "PDF", "arXiv", "preprint", "publication", "source code", "Code", "GitHub",
    "gitlab", "repo", "Repository", "source", "demo", "local demo", "Online Demo", "playground",
    "try it", "Try-It", "project", "Project Page", "home page", "homepage", "website",
    "official site", "blog", "site", "x", "💻", "[", "]", "-", "_", " ", "  ", "\u212a", "ſ",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(_ROLE_TEXT_PIECES, min_size=1, max_size=4).map("".join))
def test_a_link_texts_role_is_the_one_its_words_name(text: str) -> None:
    """The shortcut for texts that name no role gives what the patterns give."""
    words = " ".join(roles._NOT_WORDS.sub(" ", text).split())
    expected = None
    if words and len(words) <= 20:
        expected = next((r for r, p in roles._TEXT_ROLES if p.match(words)), None)
    assert roles.text_role(text) == expected


def test_the_one_pattern_of_roles_finds_what_the_loop_over_them_finds() -> None:
    """Every text of one or two pieces (and with trailing newline or case changes)."""
    pieces = list(_ROLE_TEXT_PIECES.elements)  # type: ignore[attr-defined]
    texts = [a + b for a in pieces for b in ("", *pieces)]
    texts += [t.upper() for t in texts] + [t + "\n" for t in texts] + ["", "sit", "sitee"]
    for words in texts:
        expected = next((r for r, p in roles._TEXT_ROLES if p.match(words)), None)
        found = roles._ANY_TEXT_ROLE.match(words)
        assert (found.lastgroup if found else None) == expected, words
