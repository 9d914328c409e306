"""The rules a markdown-it ruler tries at a character, worked out once per character.

Both dispatchers (bot.parse.block_rules by a line's first character, bot.parse.inline_rules
by the character at the position) keep, per character, the part of the active chain that
may start there. The cache starts again when the chain changes (an enable() or disable()
after the parser was made) and past a few hundred characters: a hostile text may hold
thousands of distinct ones.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from markdown_it.ruler import Ruler

R = TypeVar("R")

_MOST = 256  # characters remembered at most


def rules_by_character(
    ruler: Ruler[R], pick: Callable[[list[R], str], list[R]]
) -> Callable[[str], list[R]]:
    """`rules_for(char)`: `pick(ruler's active rules, char)`, remembered per character."""
    chains: dict[str, list[R]] = {}
    compiled: list[list[R]] = [[]]  # the chain `chains` was made from

    def rules_for(char: str) -> list[R]:
        rules = ruler.getRules("")
        if rules is not compiled[0] or len(chains) > _MOST:
            chains.clear()
            compiled[0] = rules
        chain = chains.get(char)
        if chain is None:
            chain = chains[char] = pick(rules, char)
        return chain

    return rules_for
