"""An entry's terms made of its parts' terms are the terms of its whole text, in the same
order: the category model reads them part by part, each part remembered apart."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.checks.analysis.words import entry_text, entry_words, terms
from bot.model import Entry
from bot.parse import parse
from tests.conftest import LISTS

_BASE = parse("# A\n\n## Tools\n\n- [Alpha](https://alpha.example) - Does alpha.\n").entries[0]
# letters of both cases (camel case), digits, the word characters + and #, link syntax
_TEXT = st.text(alphabet="aAbBzZ09+#]()[ .-_\t\nxyLoongServeÅ", max_size=40)


@pytest.mark.parametrize("path", sorted(LISTS.glob("*__*.md")), ids=lambda path: path.stem)
def test_a_real_lists_entries_terms_are_those_of_their_whole_text(path: Path) -> None:
    for entry in parse(path.read_text(encoding="utf-8")).entries:
        assert entry_words(entry) == terms(entry_text(entry))


@settings(max_examples=400)
@given(title=_TEXT, description=_TEXT,
       cells=st.lists(st.tuples(st.just("Name"), _TEXT), max_size=3))
def test_an_entrys_terms_are_those_of_its_whole_text(
    title: str, description: str, cells: list[tuple[str, str]]
) -> None:
    entry: Entry = replace(_BASE, title=title, description=description, cells=tuple(cells))
    assert entry_words(entry) == terms(entry_text(entry))
