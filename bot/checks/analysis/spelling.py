"""How technical names are spelled: `Node.js`, `GitHub`, `macOS`, `PostgreSQL` ….

Two kinds of names. Most are never plain English, so any other spelling is a misspelling.
Some are also everyday words (`spring`, `notion`, `slack`, `python`): those are corrected only
where the text is clearly about the product — a product noun follows (`spring framework`,
`notion api`), a verb of use comes before (`uses babel`, `deploy with parcel`), or the word is
the whole name of an entry. Words that are part of an identifier (`awesome-docker`,
`@babel/core`, `vue-cli`) are names of other things and are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

# canonical spelling -> the other spellings seen in the wild (compared case-insensitively,
# whitespace folded); the canonical form itself, in any other case, is a misspelling too.
NAMES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "Node.js": ("nodejs", "node.js"),
        "Stack Overflow": ("stackoverflow", "stack overflow"),
        "JavaScript": ("javascript",),
        "macOS": ("macos", "mac os", "mac os x", "mac osx", "osx", "os x"),
        "YouTube": ("youtube", "you tube"),
        "GitHub": ("github", "git hub"),
        "GitLab": ("gitlab", "git lab"),
        "TypeScript": ("typescript",),
        "Vue.js": ("vuejs", "vue.js"),
        "PostgreSQL": ("postgres", "postgresql"),
        "MySQL": ("mysql",),
        "MongoDB": ("mongodb", "mongo db"),
        "Docker": ("docker",),
        "Kubernetes": ("kubernetes", "k8s"),
        "WebAssembly": ("webassembly", "web assembly", "wasm"),
        "GraphQL": ("graphql", "graph ql"),
        "FFmpeg": ("ffmpeg",),
        "TensorFlow": ("tensorflow",),
        "PyTorch": ("pytorch",),
        "VSCode": ("vscode",),
        "Linux": ("linux",),
        "Redis": ("redis",),
        "Webpack": ("webpack",),
        "Elasticsearch": ("elasticsearch", "elastic search"),
        "SQLite": ("sqlite",),
        "WordPress": ("wordpress",),
        "jQuery": ("jquery",),
    }
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Names that are also everyday words: corrected only in a product context.
AMBIGUOUS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        name: (name.lower(),)
        for name in _words(
            """React Angular Python Jest Notion Spring Unity Sketch Atom Discord Zoom Asana
            Obsidian Babel Parcel Mocha Slack Blender Jasmine Alpine Rider Eclipse Mercurial
            Insomnia"""
        )
    }
    | {"LLaMA": ("llama",), ".NET": ("net",)}
)

# A product noun right after an everyday word makes it the product's name.
_PRODUCT_NOUNS = frozenset(
    _words(
        """api apis app apps application framework engine editor ide server servers meeting
        meetings project projects vault component components language plugin plugins extension
        extensions library libraries package packages module modules bindings wrapper client
        sdk cli bot bots integration testing bundler database orchestration runtime theme
        themes workspace channel core"""
    )
)
# ... and so does a verb of use right before it.
_USE_WORDS = frozenset(_words("use uses using with via"))

_WORD = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True, slots=True)
class Misspelling:
    written: str
    correct: str
    start: int  # offset in the text


def misspellings(
    text: str, extra: Mapping[str, tuple[str, ...]] = MappingProxyType({}), *, is_name: bool = False
) -> Iterator[Misspelling]:
    """The misspelled technical names in `text` (plain text: no URLs, no code).

    `is_name`: `text` is an entry's name, so an everyday word that is the whole name is meant
    as the product. `extra`: a list's own names (canonical -> other spellings) from its config.
    """
    key = tuple(sorted(extra.items()))
    if len(text) > _REMEMBERED:
        return _find(text, _matcher(key), is_name)
    return iter(_misspellings(text, key, is_name))


def may_misspell(texts: Sequence[str], extra: Mapping[str, tuple[str, ...]]) -> list[bool]:
    """For each text, whether `misspellings` may find anything in it: False for a text with
    no word a spelling starts with. The ASCII texts are lowered and split into words in one
    pass over all of them, not one call per text (most lines of a list hold no name)."""
    matcher = _matcher(tuple(sorted(extra.items())))
    if matcher.scan_all:
        return [True] * len(texts)
    joined = "\n".join(texts)
    if joined.isascii():  # most lists: every text is read in the one pass
        flags, plain = [False] * len(texts), texts
    else:
        flags = [not text.isascii() for text in texts]  # the others, read one by one
        plain = [texts[i] for i, maybe in enumerate(flags) if not maybe]
        joined = "\n".join(plain)
    # Each text asked on its own words at once: asking first whether any word of all the
    # texts is a start cost as much again whenever one is (most lists name one somewhere).
    words = joined.encode().translate(_LOWER_WORDS_KEEP_LINES)
    disjoint = matcher.words.isdisjoint
    pieces = words.split(b"\n")
    if len(pieces) != len(plain):  # a text holds a line break of its own
        pieces = [text.encode().translate(_LOWER_WORDS) for text in plain]
    found = iter([not disjoint(piece.split()) for piece in pieces])
    return [maybe or next(found) for maybe in flags]


# A pull request's base and head hold mostly the same lines: each is read once. Bounded:
# so many texts, none longer than this.
_REMEMBERED = 1024


@lru_cache(maxsize=1 << 13)
def _misspellings(
    text: str, extra: tuple[tuple[str, tuple[str, ...]], ...], is_name: bool
) -> tuple[Misspelling, ...]:
    return tuple(_find(text, _matcher(extra), is_name))


def _find(text: str, matcher: _Matcher, is_name: bool) -> Iterator[Misspelling]:
    canonical, ambiguous = matcher.canonical, matcher.ambiguous
    for match in matcher.finditer(text):
        written = match.group(0)
        correct = canonical[_fold(written)]
        if written == correct:
            continue
        whole_name = is_name and written == text.strip()
        if correct in ambiguous and not whole_name and not _in_product_context(text, match):
            continue
        yield Misspelling(written, correct, match.start())


def _fold(words: str) -> str:
    return " ".join(words.lower().split())


_RUN = re.compile(r"\w+")
_LEADING = re.compile(r"(\W*)(\w+)")
# Every byte that is not an ASCII word character (`\w`) to a space: what `split` leaves of an
# ASCII text's bytes is then its runs of `\w`.
_NOT_WORD_BYTE = bytes(c if c < 128 and _RUN.match(chr(c)) else 32 for c in range(256))
# ... and A-Z lowered, as `str.lower` lowers an ASCII text (one pass, not two)
_LOWER_WORDS = bytes(
    _NOT_WORD_BYTE[c | 32] if 65 <= c <= 90 else b for c, b in enumerate(_NOT_WORD_BYTE)
)
# ... with line breaks kept, to split again the texts joined by them
_LOWER_WORDS_KEEP_LINES = bytes(10 if c == 10 else b for c, b in enumerate(_LOWER_WORDS))


@dataclass(frozen=True, slots=True)
class _Matcher:
    """Every spelling as one pattern, and where in a text a match of it can start."""

    pattern: re.Pattern[str]
    canonical: dict[str, str]
    ambiguous: frozenset[str]
    # first word of a spelling (lower-case) -> what may stand right before it (".NET": ".")
    starts: dict[str, tuple[str, ...]]
    scan_all: bool  # a spelling with no word in it: try every position
    # any of `starts` as a whole word (a run of \w): one search in C decides for most lines
    any_start: re.Pattern[str]
    words: frozenset[bytes]  # the ASCII keys of `starts`, encoded

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """`pattern.finditer(text)`, tried only where a word a spelling starts with begins:
        a match starts with its spelling's first word (the boundaries see to it), so the
        alternation of every spelling is not tried at every character (4x faster)."""
        if self.scan_all:
            yield from self.pattern.finditer(text)
            return
        end = 0
        for at, word in self._candidates(text):
            prefixes = self.starts.get(word)
            if prefixes is None:
                continue
            for prefix in prefixes:  # longest first: the leftmost start wins, as in finditer
                start = at - len(prefix)
                if start < end or text[start:at].lower() != prefix:
                    continue
                match = self.pattern.match(text, start)
                if match is not None:
                    end = match.end()
                    yield match
                    break

    def _candidates(self, text: str) -> list[tuple[int, str]]:
        """(offset, lowered) of the runs of `\\w` in `text` that may be a key of `starts`, in
        order; most lines have none."""
        if not text.isascii():
            if self.any_start.search(text.lower()) is None:
                return []
            return [(run.start(), run.group().lower()) for run in _RUN.finditer(text)]
        # An ASCII text's words by splitting its bytes, not by trying `any_start` at every
        # character (8x faster); lowered, they sit at the same offsets.
        spaced = b" " + text.encode().translate(_LOWER_WORDS) + b" "
        found = self.words.intersection(spaced.split())
        if not found:
            return []
        candidates: list[tuple[int, str]] = []
        for word in found:  # each whole word, where spaces stand on both sides of it
            needle = b" " + word + b" "
            at = spaced.find(needle)
            while at >= 0:
                candidates.append((at, word.decode()))  # `spaced` is one byte ahead
                at = spaced.find(needle, at + len(needle) - 1)
        return sorted(candidates)


@lru_cache(maxsize=8)
def _matcher(extra: tuple[tuple[str, tuple[str, ...]], ...]) -> _Matcher:
    """One alternation of every spelling, longest first, with identifier-aware boundaries."""
    canonical: dict[str, str] = {}
    for table in (AMBIGUOUS, NAMES, dict(extra)):
        for name, spellings in table.items():
            for spelling in (name, *spellings):
                canonical[_fold(spelling)] = name
    alternatives = sorted(canonical, key=len, reverse=True)
    # Grouped by first character, each group behind a one-character lookahead: a position
    # no spelling starts at costs one test, not one per spelling (a 5 MB run of `![` took
    # 45 s). At any position one group at most can match, and within it the order (longest
    # first) is kept, so the match is the one the flat alternation finds.
    groups: dict[str, list[str]] = {}
    for spelling in alternatives:
        groups.setdefault(spelling[0], []).append(r"\s+".join(map(re.escape, spelling.split())))
    body = "|".join(
        f"(?={re.escape(first)})(?:{'|'.join(group)})" for first, group in groups.items()
    )
    # Not part of an identifier: no word character, '-', '_', '/', '@', '#' or '.' glued on
    # either side (a full stop ending the sentence is fine).
    pattern = re.compile(rf"(?<![\w\-/@#.])(?:{body})(?![\w\-/@]|\.\w)", re.IGNORECASE)
    starts: dict[str, set[str]] = {}
    scan_all = False
    for spelling in canonical:
        lead = _LEADING.match(spelling)
        if lead is None or lead.group(1).strip() != lead.group(1) or not lead.group(1).isascii():
            scan_all = True  # no word, or an odd lead: no shortcut
            continue
        starts.setdefault(lead.group(2), set()).add(lead.group(1))
    ordered = {word: tuple(sorted(p, key=len, reverse=True)) for word, p in starts.items()}
    any_start = re.compile(rf"\b(?:{'|'.join(map(re.escape, sorted(ordered)))})\b")
    return _Matcher(
        pattern, canonical, frozenset(AMBIGUOUS), ordered, scan_all, any_start,
        frozenset(word.encode() for word in ordered if word.isascii()),
    )


def _in_product_context(text: str, match: re.Match[str]) -> bool:
    start, end = match.start(), match.end()
    before = _WORD.findall(text[max(0, start - 20) : start])
    after = _WORD.search(text, end, min(len(text), end + 40))
    if before and before[-1].lower() in _USE_WORDS:
        return True
    if after is None:
        return False
    following = after.group(0).lower()
    return following in _PRODUCT_NOUNS or following.isdigit()
