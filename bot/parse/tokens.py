"""markdown-it's tokens, made without the dataclass machinery.

`Token(type, tag, nesting)` runs a generated `__init__`, two default factories and a
`__post_init__` that replaces the empty attrs dict with another: 1.2 µs, a tenth of a large
list's audit (30,000 tokens). `new_token` sets the same fields to the same values directly
(a test compares every field). The parser states below are markdown-it's, with their
`push` making tokens so; `use_new_tokens` has a MarkdownIt parse with them.
"""

from __future__ import annotations

from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_inline.state_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType

_blank = Token.__new__


def new_token(ttype: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
    """What `Token(ttype, tag, nesting)` makes."""
    token = _blank(Token)
    token.type = ttype
    token.tag = tag
    token.nesting = nesting
    token.attrs = {}
    token.map = None
    token.level = 0
    token.children = None
    token.content = ""
    token.markup = ""
    token.info = ""
    token.meta = {}
    token.block = False
    token.hidden = False
    return token


def block_token(
    ttype: str,
    tag: str,
    nesting: Literal[-1, 0, 1],
    level: int,
    markup: str,
    line_map: list[int] | None,
    hidden: bool = False,
) -> Token:
    """What the block state's `push` makes, its level given (each field set once: a
    run of items makes most of a large list's tokens)."""
    token = _blank(Token)
    token.type = ttype
    token.tag = tag
    token.nesting = nesting
    token.attrs = {}
    token.map = line_map
    token.level = level
    token.children = None
    token.content = ""
    token.markup = markup
    token.info = ""
    token.meta = {}
    token.block = True
    token.hidden = hidden
    return token


class _BlockState(StateBlock):
    def push(self, ttype: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
        """`StateBlock.push`."""
        token = new_token(ttype, tag, nesting)
        token.block = True
        if nesting < 0:
            self.level -= 1
        token.level = self.level
        if nesting > 0:
            self.level += 1
        self.tokens.append(token)
        return token


class _InlineState(StateInline):
    def pushPending(self) -> Token:
        """`StateInline.pushPending`."""
        token = new_token("text", "", 0)
        token.content = self.pending
        token.level = self.pendingLevel
        self.tokens.append(token)
        self.pending = ""
        return token

    def push(self, ttype: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
        """`StateInline.push`."""
        if self.pending:
            self.pushPending()
        token = new_token(ttype, tag, nesting)
        token_meta = None
        if nesting < 0:
            self.level -= 1
            self.delimiters = self._prev_delimiters.pop()
        token.level = self.level
        if nesting > 0:
            self.level += 1
            self._prev_delimiters.append(self.delimiters)
            self.delimiters = []
            token_meta = {"delimiters": self.delimiters}
        self.pendingLevel = self.level
        self.tokens.append(token)
        self.tokens_meta.append(token_meta)
        return token


def use_new_tokens(md: MarkdownIt) -> None:
    """Have `md`'s block and inline parsers make their tokens with `new_token`."""
    block, inline = md.block, md.inline

    def parse_blocks(
        src: str, md: MarkdownIt, env: EnvType, outTokens: list[Token]
    ) -> list[Token] | None:
        """`ParserBlock.parse` (its parameters' names, should one be passed by name)."""
        if not src:
            return None
        state = _BlockState(src, md, env, outTokens)
        block.tokenize(state, state.line, state.lineMax)
        return state.tokens

    def parse_inline(src: str, md: MarkdownIt, env: EnvType, tokens: list[Token]) -> list[Token]:
        """`ParserInline.parse`."""
        state = _InlineState(src, md, env, tokens)
        inline.tokenize(state)
        for rule in inline.ruler2.getRules(""):
            rule(state)
        return state.tokens

    block.parse = parse_blocks  # type: ignore[method-assign]
    inline.parse = parse_inline  # type: ignore[method-assign]
