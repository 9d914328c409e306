"""A list's tokens, a slice of top-level blocks at a time: what one parse holds stays small.

markdown-it's token list of a 5 MB list is about 280 MB; the walker needs only the blocks it
is reading. So the text is parsed a slice at a time: the block parser reads the next lines
(at least `_SLICE` characters), the slice ends where its last top-level block starts (or its
last item of a top-level list, at the margin), and that block is read again at the start of
the next slice, since it may go on past the lines read. Block structure is decided line by
line going down, so every block before that cut is the block a parse of the whole text
makes, and the walker (which ignores list looseness and list boundaries) builds the same
Document. Two exceptions keep a cut away: a block right after an HTML comment (an `ignore`
control covers the whole next block), and an item of a list right after one.

Reference definitions (`[label]: url`) are the one thing that reaches backwards: a label may
be used above its definition. Where any line could define one, a first pass reads the
blocks only and collects them, as markdown-it's own block pass would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from markdown_it import MarkdownIt
from markdown_it.rules_core.normalize import NEWLINES_RE, NULL_RE
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token

from bot.parse.labelled_items import LABELLED_ITEM
from bot.parse.plain_entries import PLAIN_ENTRY

_ITEM_STARTS = frozenset({"list_item_open", PLAIN_ENTRY, LABELLED_ITEM})
_SLICE = 64 * 1024  # characters a slice reads at least: about a thousand entries


def sliced(md: MarkdownIt, text: str) -> Iterator[list[Token]]:
    """The tokens of `text`, slice by slice, with line maps of the whole text."""
    src = _normalized(text)
    starts = _line_starts(src)
    env: dict[str, object] = {}
    if "]:" in src:  # a definition may follow its use (in a quote or an item too)
        for _ in _slices(md, src, starts, env, inline=False):
            pass  # the block pass fills env["references"], first definition first
    yield from _slices(md, src, starts, env, inline=True)


def _normalized(text: str) -> str:
    """The text as markdown-it normalizes it: every line break a line feed, every NUL
    character U+FFFD.

    Its line break pattern matches each line feed too, to put a line feed back (100,000
    replacements in a 5 MB list): a text with no carriage return (a search in C) has none
    to replace; nor one with no NUL."""
    if "\r" in text:
        text = NEWLINES_RE.sub("\n", text)
    if "\0" in text:
        text = NULL_RE.sub("\ufffd", text)
    return text


def _line_starts(src: str) -> list[int]:
    starts = [0]
    at = src.find("\n")
    while at >= 0:
        starts.append(at + 1)
        at = src.find("\n", at + 1)
    if starts[-1] == len(src) and len(starts) > 1:
        starts.pop()  # a final newline ends the last line, it starts none
    return starts


def _slices(
    md: MarkdownIt, src: str, starts: list[int], env: dict[str, object], inline: bool
) -> Iterator[list[Token]]:
    after_block = _rules_after_block(md) if inline else []
    first, count = 0, len(starts)

    def at_margin(line: int) -> bool:
        return src[starts[first + line] : starts[first + line] + 1] not in (" ", "\t")

    while first < count:
        end = _end_line(starts, first, _SLICE)
        while True:
            tokens: list[Token] = []
            chunk = src[starts[first] : starts[end] if end < count else len(src)]
            # the definitions a cut-off tail would misread must not reach the real env
            md.block.parse(chunk, md, env if inline else _scratch(env), tokens)
            cut = _last_cut(tokens, at_margin) if end < count else None
            if cut is not None or end >= count:
                break
            end = _end_line(starts, end, max(_SLICE, starts[end] - starts[first]))  # grow
        kept, lines = (tokens, end - first) if cut is None else (tokens[: cut[0]], cut[1])
        if not inline:
            kept_text = chunk if cut is None else src[starts[first] : starts[first + lines]]
            md.block.parse(kept_text, md, env, [])
        else:
            state = StateCore(chunk, md, env)
            state.tokens = kept
            for rule in after_block:
                rule(state)
            _shift(kept, first)
            yield kept
        first += lines


def _scratch(env: dict[str, object]) -> dict[str, object]:
    references = env.get("references")
    return {"references": dict(references) if isinstance(references, dict) else {}}


def _rules_after_block(md: MarkdownIt) -> list[Callable[[StateCore], None]]:
    names = md.core.ruler.get_active_rules()
    rules = md.core.ruler.getRules("")
    return list(rules[names.index("block") + 1 :])


def _end_line(starts: list[int], first: int, size: int) -> int:
    """The line after `first` where at least `size` characters have been read."""
    goal = starts[first] + size
    low, high = first + 1, len(starts)
    while low < high:
        middle = (low + high) // 2
        if starts[middle] < goal:
            low = middle + 1
        else:
            high = middle
    return low


def _last_cut(tokens: list[Token], at_margin: Callable[[int], bool]) -> tuple[int, int] | None:
    """(token index, line) of the last place a slice may end; None if there is none."""
    cut = None
    previous: Token | None = None  # the top-level block before the current one
    current: Token | None = None
    for index, token in enumerate(tokens):
        if token.map is None or token.nesting < 0:
            continue
        line = token.map[0]
        if token.level == 0:
            previous, current = current, token
            if line > 0 and not _comment(previous):
                cut = (index, line)
        elif (
            token.type in _ITEM_STARTS
            and token.level == 1
            and line > 0
            and not _comment(previous)
            and at_margin(line)
        ):
            cut = (index, line)
    return cut


def _comment(token: Token | None) -> bool:
    """An HTML block with a comment: a control may cover the block after it."""
    return token is not None and token.type == "html_block" and "<!--" in token.content


def _shift(tokens: list[Token], lines: int) -> None:
    if not lines:
        return
    for token in tokens:
        if token.map is not None:
            token.map = [token.map[0] + lines, token.map[1] + lines]
