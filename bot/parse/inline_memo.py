"""A paragraph's inline tokens, worked out once per text.

A pull request's base and head, and the next review of the same list, hold mostly the same
entry lines: each line's inline tokens are remembered (bounded, below) instead of
tokenized again. What markdown-it's inline pass makes depends on the text, and on the
reference definitions when a list has any: with definitions, every paragraph is tokenized
as before. The tokens kept are the ones after markdown-it's text join (the core rule after
the inline pass, done by it here), which leaves joined tokens as they are; nothing in
bot.parse changes a token.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_core import inline as tokenize_inlines
from markdown_it.rules_core import text_join
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token

# Bounded by tokens, not texts: a line of links makes hundreds. So many tokens (~350 bytes
# each, ~11 MB) are kept at most, the tokens of a 400 KB list's ~3,500 paragraphs twice
# over; past that the memo starts again. A line longer than a long entry is never kept.
_TOKENS = 1 << 15
_LONGEST = 1024


Shortcut = Callable[[str], tuple[Token, ...] | None]


def remember_inline_tokens(md: MarkdownIt, shortcut: Shortcut | None = None) -> None:
    """Have `md`'s core inline rule remember each paragraph's tokens by its text, made by
    `shortcut` where it knows them (bot.parse.simple_inline), else by markdown-it."""
    after = md.core.ruler.get_active_rules()
    if after[after.index("inline") + 1 :] != ["text_join"]:
        return  # another rule may change the tokens after they are kept: none kept
    remembered: dict[str, tuple[Token, ...]] = {}  # threads share it: at worst one is lost
    kept = [0]  # tokens in `remembered`

    def children(content: str) -> tuple[Token, ...]:
        found = remembered.get(content)
        if found is None:
            found = shortcut(content) if shortcut is not None else None
            if found is None:
                found = _tokenized(md, content)
            size = sum(1 + len(token.children or ()) for token in found)
            if len(content) <= _LONGEST and size <= _TOKENS:
                if kept[0] + size > _TOKENS:
                    remembered.clear()
                    kept[0] = 0
                remembered[content] = found
                kept[0] += size
        return found

    def inline(state: StateCore) -> None:
        """markdown-it's inline pass and text join (the remembered tokens are joined)."""
        if state.env.get("references"):  # labels resolve against the definitions
            tokenize_inlines(state)
            text_join(state)
            return
        joined = True
        for token in state.tokens:
            if token.type == "inline":
                if token.children:  # markdown-it would add to what is there
                    md.inline.parse(token.content, md, state.env, token.children)
                    joined = False
                else:
                    token.children = list(children(token.content))
        if not joined:
            text_join(state)  # leaves the joined ones as they are

    md.core.ruler.at("inline", inline)
    md.core.ruler.disable("text_join")  # done above


def _tokenized(md: MarkdownIt, content: str) -> tuple[Token, ...]:
    """The inline tokens of `content` (no reference definitions), text joined."""
    holder = StateCore(content, md, {})
    holder.tokens = [Token("inline", "", 0, content=content, children=[])]
    tokenize_inlines(holder)
    text_join(holder)
    return tuple(holder.tokens[0].children or ())
