"""A URL pasted twice is found by bot.parse.malformed's pattern; the count of `://` that
skips it for most URLs never skips one it would match."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.parse.malformed import _DOUBLED, doubled_url

# Pieces of URLs: schemes whole and cut, slashes, colons, spaces at either end.
_PIECES = ["https://", "http://", "http:/", "https:", "://", ":/", "//", "/", ":", "a.org",
           "a", "h", "http", " ", "\t", "\n", "x/y", "?q=1", "#f"]


def _by_pattern(url: str) -> str | None:
    """doubled_url as first written: the pattern asked of every URL."""
    match = _DOUBLED.match(url.strip())
    if match is None:
        return None
    first, second = match["first"], match["second"]
    return first if first.rstrip("/") == second.rstrip("/") else None


@settings(max_examples=3000)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_the_count_skips_no_doubled_url(url: str) -> None:
    assert doubled_url(url) == _by_pattern(url)


@pytest.mark.parametrize(("url", "meant"), [
    ("https://a.org/xhttps://a.org/x", "https://a.org/x"),
    ("https://a.org/x/https://a.org/x", "https://a.org/x/"),
    (" http://a.orghttp://a.org ", "http://a.org"),
    ("https://a.org/?u=https://b.org", None),
    ("https://a.org/x", None),
    ("a.org://b://c", None),
])
def test_doubled_urls(url: str, meant: str | None) -> None:
    assert doubled_url(url) == meant == _by_pattern(url)
