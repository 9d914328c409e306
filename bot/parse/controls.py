"""Inline control comments: `<!--lint disable RULE-->` (awesome-lint's, via remark-message-control)
and our own `<!-- awesome-review ignore F114 -->`, read from the token stream.

`disable` switches rules off until an `enable` of the same rules (or the end of the file);
`ignore` switches them off for the next block only: the whole node after the comment, e.g. the
entire list that follows, as remark-message-control does.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from bot.model import Action, Control

_ACTIONS: dict[str, Action] = {"disable": "disable", "enable": "enable", "ignore": "ignore"}

# One comment, one control. Bounded character classes and no nested quantifiers: linear.
_CONTROL = re.compile(
    r"<!--[ \t]*(?P<tool>lint|awesome-review)[ \t]+(?P<action>disable|enable|ignore)"
    r"(?P<rules>[ \t]+[^>\n]*?)?[ \t]*-->"
)
_MAX_COMMENT = 2000  # a control is a short comment; a longer HTML block is never one


def controls_in(index: int, token: Token, tokens: list[Token]) -> list[Control]:
    """The control comments an `html_block` token holds, with the lines each one covers."""
    content = token.content
    if "<!--" not in content or len(content) > _MAX_COMMENT or token.map is None:
        return []
    found: list[Control] = []
    for match in _CONTROL.finditer(content):
        line = token.map[0] + 1 + content.count("\n", 0, match.start())
        action: Action = _ACTIONS[match.group("action")]
        rules = tuple((match.group("rules") or "").split())
        end = _next_block_end(index, tokens) if action == "ignore" else line
        found.append(Control(action, rules, line, max(line, end)))
    return found


def _next_block_end(index: int, tokens: list[Token]) -> int:
    """Last line of the block that follows token `index` at its nesting level (0: none)."""
    level = tokens[index].level
    for token in tokens[index + 1 :]:
        if token.level < level:
            return 0
        if token.level == level and token.nesting >= 0 and token.map is not None:
            return token.map[1]
    return 0
