"""The spelling matcher's shortcuts find what its one pattern finds, everywhere."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.checks.analysis.spelling import (
    _LOWER_WORDS,
    _NOT_WORD_BYTE,
    _matcher,
    may_misspell,
    misspellings,
)

# Words spellings start with, words near them, and the characters that bound a word.
_PIECES = st.sampled_from([
    "github", "GitHub", "Github", "git hub", "node.js", "Node.JS", "nodejs", "mac os x", "OSX",
    "os x", ".NET", "net", "k8s", "K8S", "docker-compose", "awesome-docker", "@babel/core",
    "vue.js.", "mac", "macos", "spring", "the", "uses", " ", "  ", "-", "_", "/", ".", ",",
    "(", ")", "[", "]", "#", "@", "\n", "é", "İ", "K", "ſ", "日本", "x", "1", "\x1c",
])
_TEXTS = st.lists(_PIECES, max_size=30).map("".join)


def _found(matches: object) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in matches]  # type: ignore[attr-defined]


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_finditer_finds_what_the_pattern_finds(text: str) -> None:
    matcher = _matcher(())
    assert _found(matcher.finditer(text)) == _found(matcher.pattern.finditer(text))


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_a_lists_own_names_are_found_as_the_pattern_finds_them(text: str) -> None:
    matcher = _matcher((("Deno", ("deno",)), ("Über", ("uber",))))
    assert _found(matcher.finditer(text)) == _found(matcher.pattern.finditer(text))


def test_every_ascii_character_beside_a_name_is_judged_as_the_pattern_judges_it() -> None:
    matcher = _matcher(())
    for code in range(128):
        glue = chr(code)
        text = f"a{glue}github{glue}b"
        expected = _found(matcher.pattern.finditer(text))
        assert _found(matcher.finditer(text)) == expected, repr(glue)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXTS, max_size=6))
def test_a_text_left_out_in_one_pass_holds_no_misspelling(texts: list[str]) -> None:
    flags = may_misspell(texts, {})
    assert len(flags) == len(texts)
    for text, maybe in zip(texts, flags, strict=True):
        if not maybe:  # neither as prose nor as a name, nor any match of the pattern
            assert not list(misspellings(text)), text
            assert not list(misspellings(text, is_name=True)), text
            assert not _found(_matcher(()).pattern.finditer(text)), text


def _may_misspell_one_by_one(texts: list[str]) -> list[bool]:
    """may_misspell as it was written first: each text lowered, then its bytes split."""
    words = _matcher(()).words
    return [
        not text.isascii()
        or not words.isdisjoint(text.lower().encode().translate(_NOT_WORD_BYTE).split())
        for text in texts
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXTS, max_size=8))
def test_one_pass_over_all_texts_flags_what_each_text_alone_flags(texts: list[str]) -> None:
    assert may_misspell(texts, {}) == _may_misspell_one_by_one(texts)


def test_the_lowering_table_lowers_as_str_lower_does() -> None:
    for code in range(128):
        text = chr(code)
        assert text.encode().translate(_LOWER_WORDS) == (
            text.lower().encode().translate(_NOT_WORD_BYTE)
        )
