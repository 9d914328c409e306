"""Remembered pure functions: worked out once per text, and never keeping a long one."""

from __future__ import annotations

from bot.memo import per_text


def test_a_text_is_worked_out_once_and_a_long_one_each_time() -> None:
    calls: list[str] = []

    @per_text(longest=8, entries=2)
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert [shout("abc"), shout("abc")] == ["ABC", "ABC"]
    assert calls == ["abc"]
    long = "x" * 9
    assert [shout(long), shout(long)] == [long.upper()] * 2
    assert calls == ["abc", long, long]


def test_only_so_many_texts_are_kept() -> None:
    calls: list[str] = []

    @per_text(longest=8, entries=2)
    def same(text: str) -> str:
        calls.append(text)
        return text

    for text in ("a", "b", "c", "a"):  # "a" was pushed out by "b" and "c"
        same(text)
    assert calls == ["a", "b", "c", "a"]
