"""The per-character rule chains both dispatchers use: made once a character, made again
when the ruler's chain changes, and bounded however many characters a text holds."""

from __future__ import annotations

from markdown_it import MarkdownIt

from bot.parse import make_markdown
from bot.parse.rule_chains import rules_by_character


def _counting_picker() -> tuple[list[str], object]:
    asked: list[str] = []

    def pick(rules: list[object], char: str) -> list[object]:
        asked.append(char)
        return [rule for rule in rules if char != "x"]

    return asked, pick


def test_a_chain_is_picked_once_per_character_until_the_rules_change() -> None:
    md = MarkdownIt("commonmark")
    asked, pick = _counting_picker()
    rules_for = rules_by_character(md.inline.ruler, pick)  # type: ignore[arg-type]
    everything = md.inline.ruler.getRules("")
    assert rules_for("a") == everything and rules_for("a") == everything
    assert rules_for("x") == []
    assert asked == ["a", "x"]
    md.disable("entity")
    assert len(rules_for("a")) == len(everything) - 1
    assert asked == ["a", "x", "a"]


def test_many_distinct_characters_keep_the_cache_bounded() -> None:
    md = MarkdownIt("commonmark")
    asked, pick = _counting_picker()
    rules_for = rules_by_character(md.block.ruler, pick)  # type: ignore[arg-type]
    for code in range(0x4E00, 0x4E00 + 2000):
        rules_for(chr(code))
    rules_for(chr(0x4E00))  # long forgotten: picked again
    assert len(asked) == 2001


def test_the_dispatchers_still_follow_a_disabled_rule() -> None:
    md = make_markdown()
    assert "<b>" in md.render("<b>x</b>")
    md.disable("html_inline")
    assert "&lt;b&gt;" in md.render("a <b>x</b>")
