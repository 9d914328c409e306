"""markdown-it's inline rules, each tried only where the character can start it.

At each stop of the text rule, markdown-it tries every inline rule in turn, and reading a
link's label tries them all again at each stop inside it: on a list of 3,000 links, a dozen
calls a link that look at one character and give up. Each rule named below gives up on any
other character before doing anything else, so picking the rules by the character yields
the same tokens; a rule not named (a plugin's) is tried everywhere, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

from bot.parse.rule_chains import rules_by_character

InlineRule: TypeAlias = Callable[[StateInline, bool], bool]

# The character a rule's own first test requires at `state.pos`.
_STARTS: dict[str, str] = {
    "newline": "\n",
    "escape": "\\",
    "backticks": "`",
    "link": "[",
    "image": "!",
    "autolink": "<",
    "html_inline": "<",
    "entity": "&",
}


def dispatch_inline_rules(md: MarkdownIt) -> None:
    """Let `md`'s inline tokenizer and its label scanner pick rules by character."""
    inline = md.inline

    def starting_with(rules: list[InlineRule], char: str) -> list[InlineRule]:
        starts = {rule.fn: _STARTS.get(rule.name) for rule in inline.ruler.__rules__}
        return [rule for rule in rules if starts.get(rule) in (None, char)]

    rules_for = rules_by_character(inline.ruler, starting_with)

    def tokenize(state: StateInline) -> None:
        """`ParserInline.tokenize`, with the rules `rules_for` the character."""
        end = state.posMax
        max_nesting = state.md.options["maxNesting"]
        src = state.src
        while state.pos < end:
            pos = state.pos
            ok = False
            if state.level < max_nesting:
                for rule in rules_for(src[pos]):
                    ok = rule(state, False)
                    if ok:
                        if state.pos <= pos:
                            raise RuntimeError("inline rule didn't increment state.pos")
                        break
            if ok:
                if state.pos >= end:
                    break
                continue
            state.append_pending(src[state.pos])
            state.pos += 1
        if state.pending:
            state.pushPending()

    def skip_token(state: StateInline) -> None:
        """`ParserInline.skipToken`, with the rules `rules_for` the character."""
        ok = False
        pos = state.pos
        cache = state.cache
        if pos in cache:
            state.pos = cache[pos]
            return
        if state.level < state.md.options["maxNesting"]:
            for rule in rules_for(state.src[pos] if pos < len(state.src) else ""):
                state.level += 1  # no tokens are made: this only limits recursion
                ok = rule(state, True)
                state.level -= 1
                if ok:
                    if state.pos <= pos:
                        raise RuntimeError("inline rule didn't increment state.pos")
                    break
        else:
            state.pos = state.posMax  # too deep: skip to the paragraph's end
        if not ok:
            state.pos += 1
        cache[pos] = state.pos

    inline.tokenize = tokenize  # type: ignore[method-assign]
    inline.skipToken = skip_token  # type: ignore[method-assign]
