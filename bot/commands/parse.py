"""Finding commands in a comment body: pure, and generic over the table of commands.

The body is read with the same markdown-it-py parser as the lists, so a command quoted in a
code block, in inline code or in a `>` quote (someone explaining the bot, or replying to it)
is never run.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from bot.commands.spec import CommandSpec
from bot.parse import make_markdown

_MD = make_markdown()

_END = r"(?![\w-])"  # "/recheck links" must be the whole word: "/recheck linksfoo" is a recheck
_MENTION = r"@(?P<login>[\w.\-]+(?:\[bot\])?)[ \t,:]+"
_CODE_INDENT = 4  # four spaces make an indented code block (CommonMark)


@dataclass(frozen=True, slots=True)
class _Forms:
    name: str
    slash: re.Pattern[str]
    mention: re.Pattern[str] | None


class CommandFinder:
    """Finds the table's commands at the start of a line of a top-level paragraph."""

    def __init__(self, specs: Sequence[CommandSpec]) -> None:
        self._forms = tuple(
            _Forms(
                spec.name,
                re.compile(f"/(?:{spec.pattern}){_END}", re.I),
                re.compile(f"{_MENTION}(?:{spec.pattern}){_END}", re.I) if spec.mention else None,
            )
            for spec in specs
        )

    def find(self, body: str | None, app_login: str | None = None) -> tuple[str, ...]:
        """The names of the commands in a comment body, in order, each once."""
        if not body:
            return ()
        lines = body.splitlines()
        found: list[str] = []
        for paragraph, inline in _top_level_paragraphs(_MD.parse(body)):
            for line_no, text in _line_starts(paragraph, inline):
                name = self._command_at(text, app_login)
                if name is not None and _starts_raw_line(lines, line_no, text):
                    found.append(name)
        return tuple(dict.fromkeys(found))

    def _command_at(self, text: str, app_login: str | None) -> str | None:
        """The command `text` starts with; of two that match, the longer wins
        (`/recheck links` over `/recheck`)."""
        best: tuple[int, str] | None = None
        for forms in self._forms:
            match = forms.slash.match(text) or self._mention(forms, text, app_login)
            if match and (best is None or match.end() > best[0]):
                best = (match.end(), forms.name)
        return best[1] if best else None

    @staticmethod
    def _mention(forms: _Forms, text: str, app_login: str | None) -> re.Match[str] | None:
        if forms.mention is None or not app_login:
            return None
        match = forms.mention.match(text)
        return match if match and _is_us(match["login"], app_login) else None


def _top_level_paragraphs(tokens: list[Token]) -> list[tuple[Token, Token]]:
    """(paragraph_open, inline) pairs outside quotes, lists and tables.

    Code blocks and HTML (e.g. `<!-- /recheck -->`) are their own token types, so only
    plain paragraphs at nesting level 0 can hold a command.
    """
    pairs: list[tuple[Token, Token]] = []
    for i, token in enumerate(tokens[:-1]):
        if token.type == "paragraph_open" and token.level == 0 and token.map:
            pairs.append((token, tokens[i + 1]))
    return pairs


def _line_starts(paragraph: Token, inline: Token) -> list[tuple[int, str]]:
    """(0-based source line, text) of each text token that begins a line of the paragraph."""
    assert paragraph.map is not None
    line = paragraph.map[0]
    at_start = True
    starts: list[tuple[int, str]] = []
    for child in inline.children or []:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
            at_start = True
            continue
        if at_start and child.type == "text":
            starts.append((line, child.content))
        at_start = False  # inline code, links, emphasis: the line did not start with a command
    return starts


def _is_us(login: str, app_login: str) -> bool:
    """GitHub shows an App as `name[bot]`, but people mention it as `@name`."""
    plain = app_login.lower().removesuffix("[bot]")
    return login.lower().removesuffix("[bot]") == plain


def _starts_raw_line(lines: list[str], line_no: int, text: str) -> bool:
    """The source line itself starts with the command (not `\\/recheck`, which escapes it)."""
    if not 0 <= line_no < len(lines):
        return False
    raw = lines[line_no]
    stripped = raw.lstrip(" ")
    if len(raw) - len(stripped) >= _CODE_INDENT:
        return False
    return stripped[:1] == text[:1]
