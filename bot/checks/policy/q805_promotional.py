"""Q805 promotional-description: an entry's description advertises ("best", "fastest",
"blazing") instead of saying what the project does."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from bot.checks.base import Context, Rule
from bot.checks.policy.options import CHECK_NAME, PolicyOptions, where
from bot.model import Finding, Severity

# awesome-go's list (its pull-request check), and the superlatives other lists reject
DEFAULT_WORDS = (
    "best",
    "fastest",
    "ultimate",
    "world-class",
    "blazing",
    "blazingly",
    "revolutionary",
    "cutting-edge",
    "enterprise-grade",
    "next-generation",
    "state-of-the-art",
    "unparalleled",
    "unmatched",
    "superior",
    "number one",
    "#1",
    "award-winning",
    "top-rated",
    "most advanced",
    "most powerful",
    "game-changing",
    "game changer",
    "world's first",
)
# technical terms holding a default word: "best practices", "best-effort delivery"
_TERMS = re.compile(r"\bbest[\s\-]+(?:practices?|effort|fit|match(?:es|ing)?)\b", re.I)
# What is not description: links and images with their text (a name, judged by Q804),
# reference links, inline code, HTML, bare addresses. No `[` inside a text, no `(` inside a
# target: each attempt stops at the next one, so a line of 100,000 `[` stays linear.
_NOT_PROSE = re.compile(
    r"!?\[[^\[\]\n]*\](?:\([^()\n]*+(?:\([^()\n]*+\)[^()\n]*+)*+\)|\[[^\[\]\n]*\])"
    r"|`+[^`\n]*`+|<[^<>\n]*>|\b(?:https?://|www\.)\S+"
)

RULE = Rule(
    code="Q805",
    name="promotional-description",
    title="A description advertises the project instead of saying what it does",
    severity=Severity.WARNING,
    check=CHECK_NAME,
    why="A list is trusted because its descriptions are plain: `The fastest, best router` says "
    "nothing a reader can check, and every project would say it. Words are matched whole and "
    "ignoring case, in the description only (not in link texts, addresses or code); "
    f"the default words are {', '.join(f'`{w}`' for w in DEFAULT_WORDS)} (not `best "
    "practices` or `best-effort`), and `policy.extra_promotional_words` adds a list's own. Off "
    "unless `policy.promotional_words` is true.",
    base="# Awesome X\n\n## Routers\n\n- [mux](https://github.com/gorilla/mux) - Request router.\n",
    bad="- [chi](https://github.com/go-chi/chi) - The fastest, blazing router ever.\n",
    good="- [chi](https://github.com/go-chi/chi) - Composable router for HTTP services.\n",
    config="policy:\n  promotional_words: true\n",
)


def judge(ctx: Context, options: PolicyOptions) -> Iterator[Finding]:
    if not options.promotional_words:
        return
    pattern = _pattern((*DEFAULT_WORDS, *options.extra_promotional_words))
    for change in (*ctx.diff.added, *ctx.diff.changed):
        found = _words(pattern, [description_prose(change.head.raw)])
        if change.base is not None:  # an edited entry: only the words the edit brought
            before = set(_words(pattern, [description_prose(change.base.raw)]))
            found = [w for w in found if w not in before]
        if not found:
            continue
        said = ", ".join(f"`{word}`" for word in found)
        yield RULE.finding(
            change.head.line,
            f"the description says {said}: this list asks for plain descriptions "
            f"({where('promotional_words')}). Say what the project does instead, without "
            "praise.",
            entry_line=change.head.line,
        )


def description_prose(raw: str) -> str:
    """An entry's words a reader takes as its description: no link or image (text and
    address), no code, HTML or bare address, no technical term holding a default word."""
    return _TERMS.sub(" ", _NOT_PROSE.sub(" ", raw))


def _words(pattern: re.Pattern[str], texts: Iterable[str]) -> list[str]:
    """The promotional words in `texts`, lower-case, each once, in order."""
    found = (m.group(0).casefold() for text in texts for m in pattern.finditer(text))
    return list(dict.fromkeys(" ".join(word.split()) for word in found))


@lru_cache(maxsize=32)
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for all `words`, whole words only; a space matches any run of spaces."""
    longest_first = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    spelled = (r"\s+".join(re.escape(part) for part in w.split()) for w in longest_first)
    return re.compile(rf"(?<!\w)(?:{'|'.join(spelled)})(?!\w)", re.I)
