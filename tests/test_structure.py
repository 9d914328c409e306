"""Structure a pull request breaks: entries that stop rendering although no line of them
was deleted. Tables from awesome-ai-system (ours); bullets shaped like awesome-elixir (MIT)."""

from __future__ import annotations

from bot.diff import diff_documents
from bot.engine import review_texts
from bot.model import Diff
from bot.parse import parse

HEADER = "| Title | Paper | Code | Pub. & Date |\n"
DELIMITER = "|:-----:|:-----:|:------:|:-----------:|\n"
ROWS = (
    "| DistServe: Disaggregating Prefill and Decoding for Goodput-optimized Large Language "
    "Model Serving | [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org"
    "/abs/2401.09670) | [![Star](https://img.shields.io/github/stars/LLMServe/DistServe.svg)]"
    "(https://github.com/LLMServe/DistServe) | OSDI'24 |\n"
    "| Mooncake: A KVCache-centric Disaggregated Architecture for LLM Serving | [![arXiv]"
    "(https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2407.00079) | "
    "[![Star](https://img.shields.io/github/stars/kvcache-ai/Mooncake.svg)](https://github.com"
    "/kvcache-ai/Mooncake.git) | July'24 |\n"
    "|Llumnix: Dynamic Scheduling for Large Language Model Serving | [![arXiv](https://img.shields"
    ".io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2406.03243) | [![Star](https://img.shields"
    ".io/github/stars/AlibabaPAI/llumnix.svg)](https://github.com/AlibabaPAI/llumnix/tree/"
    "osdi24ae) | OSDI'24 |\n"
)
NEW_ROW = (
    "| Sarathi-Serve: Taming Throughput-Latency Tradeoff | [![arXiv](https://img.shields.io/"
    "badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2403.02310) | [![Star](https://img.shields.io"
    "/github/stars/microsoft/sarathi-serve.svg)](https://github.com/microsoft/sarathi-serve) | "
    "OSDI'24 |\n"
)
BULLETS = (
    "## Actors\n*Libraries and tools for working with actors.*\n\n"
    "* [dflow](https://github.com/dalmatinerdb/dflow) - Pipelined flow processing engine.\n"
    "* [exactor](https://github.com/sasa1977/exactor) - Helpers for easier implementation of "
    "actors in Elixir.\n"
    "* [mon_handler](https://github.com/tattdcodemonkey/mon_handler) - A minimal GenServer that "
    "monitors a given GenEvent handler.\n\n"
)
BASE = (
    "# Awesome AI System\n\n## LLM Serving\n\n" + HEADER + DELIMITER + ROWS + "\n" + BULLETS
    + "## Algorithms\n\n* [array](https://github.com/takscape/elixir-array) - An Elixir wrapper.\n"
)


def _diff(head: str) -> Diff:
    return diff_documents(parse(BASE), parse(head))


def test_a_row_pasted_above_the_delimiter_row_takes_over_the_header() -> None:
    # GitHub takes the pasted row as the header: the real header shows as a line of pipes,
    # the three rows sit under the new row's cells, and nothing counts as added
    diff = _diff(BASE.replace(HEADER, HEADER + NEW_ROW))
    assert (diff.added, diff.changed) == ((), ())
    (broken,) = diff.broken
    assert (broken.kind, broken.line, broken.related_line, broken.lost, broken.first_lost) == (
        "row-above-delimiter", 6, 7, 3, 8,
    )
    assert broken.detail == HEADER.strip()


def test_a_pasted_row_with_other_cells_leaves_no_table_at_all() -> None:
    short = NEW_ROW.replace(" | OSDI'24 |", " |")
    diff = _diff(BASE.replace(HEADER, HEADER + short))
    (broken,) = diff.broken
    assert (broken.kind, broken.line, broken.related_line, broken.lost) == (
        "row-above-delimiter", 6, 7, 3,
    )
    assert len(diff.removed) == 3  # the entry diff alone only sees them gone


def test_a_header_that_lost_a_pipe_breaks_its_table() -> None:
    diff = _diff(BASE.replace(HEADER, "| Title | Paper  Code | Pub. & Date |\n"))
    (broken,) = diff.broken
    assert (broken.kind, broken.line, broken.related_line, broken.lost, broken.first_lost) == (
        "header-cells", 5, 6, 3, 7,
    )


def test_an_unclosed_code_fence_swallows_the_rest() -> None:
    head = BASE.replace("## Actors\n", "## Actors\n\n```sh\nmix deps.get\n")
    diff = _diff(head)
    (broken,) = diff.broken
    assert (broken.kind, broken.line, broken.detail, broken.lost) == ("code-fence", 13, "```", 4)


def test_an_unclosed_html_comment_swallows_the_rest() -> None:
    head = BASE.replace("* [exactor]", "<!-- TODO: sort these\n* [exactor]")
    (broken,) = _diff(head).broken
    assert (broken.kind, broken.line, broken.detail, broken.lost, broken.first_lost) == (
        "html-block", 15, "<!-- TODO: sort these", 3, 16,
    )


def test_deleting_entries_or_closing_the_block_breaks_nothing() -> None:
    assert _diff(BASE.replace(ROWS, "")).broken == ()
    fenced = BASE.replace("## Algorithms\n", "```sh\nmix deps.get\n```\n\n## Algorithms\n")
    assert _diff(fenced).broken == ()
    assert _diff(BASE.replace(HEADER, HEADER + NEW_ROW)).broken != ()
    assert diff_documents(parse(BASE.replace(HEADER, HEADER + NEW_ROW)), parse(BASE)).broken == ()


def test_a_blank_line_under_the_delimiter_cuts_the_rows_off() -> None:
    # as commit "add Eurosys'25 and ASPLOS'25" of awesome-ai-system did to 22 rows
    (broken,) = _diff(BASE.replace(DELIMITER, DELIMITER + "\n")).broken
    assert (broken.kind, broken.line, broken.related_line, broken.lost, broken.first_lost) == (
        "cut-off", 7, 5, 3, 8,
    )
    assert broken.detail == HEADER.strip()


def test_a_pr_that_breaks_a_table_fails_with_where_and_what_it_costs() -> None:
    # before: "0 entries added or changed" and a passing review
    review = review_texts(BASE.replace(HEADER, HEADER + NEW_ROW.replace(" | OSDI'24 |", " |")), BASE)
    assert review.failed
    (finding,) = review.findings
    assert (finding.rule, finding.line, finding.end_line) == ("F140", 6, 7)
    assert "renders no table: 3 entries (from line 8) no longer render" in finding.message
    assert finding.suggestion is not None
    assert finding.suggestion.splitlines()[0] == DELIMITER.strip()
