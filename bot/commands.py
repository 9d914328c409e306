"""Comment commands: `/recheck`, `/recheck links`, `/help` and `@<app-login> recheck`.

Pure: a comment body in, the commands it gives out. The body is read with the same
markdown-it-py parser as the lists, so a command quoted in a code block, in inline code or
in a `>` quote (someone explaining the bot, or replying to it) is never run.
"""

from __future__ import annotations

import re
from enum import StrEnum

from markdown_it.token import Token

from bot.parse import make_markdown

__all__ = ["Command", "new_commands", "parse_commands"]


class Command(StrEnum):
    RECHECK = "recheck"  # everything again
    RECHECK_LINKS = "recheck-links"  # only the links, bypassing the link cache
    HELP = "help"


_MD = make_markdown()

# `/recheck links` must be the whole word "links": "/recheck linksfoo" is a plain recheck.
_SLASH = re.compile(r"/(?P<verb>recheck|help)(?![\w-])(?:[ \t]+(?P<arg>links)(?![\w-]))?", re.I)
_MENTION = r"@(?P<login>[\w.\-]+(?:\[bot\])?)[ \t,:]+(?P<verb>recheck)(?![\w-])"
_MENTION_ARG = r"(?:[ \t]+(?P<arg>links)(?![\w-]))?"
_MENTION_RE = re.compile(_MENTION + _MENTION_ARG, re.I)
_CODE_INDENT = 4  # four spaces make an indented code block (CommonMark)


def parse_commands(body: str | None, app_login: str | None = None) -> tuple[Command, ...]:
    """The commands in a comment body, in order, each once."""
    if not body:
        return ()
    lines = body.splitlines()
    found: list[Command] = []
    for paragraph, inline in _top_level_paragraphs(_MD.parse(body)):
        for line_no, text in _line_starts(paragraph, inline):
            command = _command_at(text, app_login)
            if command is not None and _starts_raw_line(lines, line_no, text):
                found.append(command)
    return tuple(dict.fromkeys(found))


def new_commands(
    body: str | None, old_body: str | None, app_login: str | None = None
) -> tuple[Command, ...]:
    """Commands in an edited comment that its previous body did not already give."""
    before = set(parse_commands(old_body, app_login))
    return tuple(c for c in parse_commands(body, app_login) if c not in before)


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


def _command_at(text: str, app_login: str | None) -> Command | None:
    slash = _SLASH.match(text)
    if slash:
        if slash["verb"].lower() == "help":
            return Command.HELP
        return Command.RECHECK_LINKS if slash["arg"] else Command.RECHECK
    mention = _MENTION_RE.match(text)
    if mention and app_login and _is_us(mention["login"], app_login):
        return Command.RECHECK_LINKS if mention["arg"] else Command.RECHECK
    return None


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
