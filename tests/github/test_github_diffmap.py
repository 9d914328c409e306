"""Which head lines a GitHub patch shows (the only lines a review comment may sit on)."""

from __future__ import annotations

from bot.github.diffmap import diff_lines

# GitHub writes a blank context line as a single space; spelled out so editors keep it.
PATCH = "\n".join(
    [
        "@@ -3,7 +3,8 @@ A curated list",
        " ## Serving",
        " ",
        " - [vLLM](https://github.com/vllm-project/vllm) - Fast.",
        "-- [TGI](https://github.com/huggingface/tgi) - Old.",
        "+- [TGI](https://github.com/huggingface/text-generation-inference) - New.",
        "+- [LightLLM](https://github.com/ModelTC/lightllm) - Light.",
        " ",
        " ## Training",
        "",  # some tools strip the space: still a context line
        "@@ -40,3 +41,4 @@ A curated list",
        " - [A](https://a.org) - A.",
        " - [B](https://b.org) - B.",
        "+- [C](https://c.org) - C.",
        "\\ No newline at end of file",
    ]
)


def test_context_and_added_lines_per_hunk() -> None:
    lines = diff_lines(PATCH)

    assert lines.hunks == (frozenset(range(3, 11)), frozenset({41, 42, 43}))
    assert lines.added == frozenset({6, 7, 43})


def test_a_range_must_stay_inside_one_hunk() -> None:
    lines = diff_lines(PATCH)

    assert lines.covers(6, 7)
    assert lines.covers(3, 3)
    assert not lines.covers(10, 41)  # spans the gap between hunks
    assert not lines.covers(2, 3)  # starts before the diff
    assert not lines.covers(11, 11)  # a line GitHub does not show


def test_no_patch_means_no_line() -> None:
    assert diff_lines(None).hunks == ()
    assert not diff_lines("").covers(1, 1)


def test_new_file_and_one_line_hunk_headers() -> None:
    new_file = diff_lines("@@ -0,0 +1,2 @@\n+# Awesome\n+")
    one_line = diff_lines("@@ -5 +5 @@\n-old\n+new")

    assert new_file.hunks == (frozenset({1, 2}),)
    assert one_line.added == frozenset({5})
