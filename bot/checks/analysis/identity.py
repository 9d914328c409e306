"""What an entry *is*: the keys of the links that name it, and its normalised title (see
bot.checks.analysis.titles); and the index of a document's entries by those.

Shared by the duplicate check (two entries, one identity) and the placement check (a
deliberately cross-posted entry is not misplaced). Pure functions over parsed entries.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from bot.checks.analysis.titles import compact, is_long, normalise_title, same_numbers, similarity
from bot.model import Document, Entry, Link, LinkResult, Verdict
from bot.urls import canonical_url, github_repo

# Bullet links that name the entry itself, beside its title link: `([Source Code](...))`.
_ROLE_TEXT = re.compile(
    r"^(?:source(?: code)?|code|github|gitlab|repo(?:sitory)?|paper|pdf|arxiv|home ?page"
    r"|website|project(?: page)?|official site)$",
    re.I,
)
# Table columns whose links point elsewhere (to what the entry is compared with, say).
_ALNUM_RUN = re.compile(r"[^0-9a-z]+")  # what a name loses when compared: case, `-`, spaces
_DESCRIPTION_COLUMN = re.compile(r"desc|about|summary|note|comment|remark", re.I)
# Table columns whose links are a resource of the entry, not the entry itself: a vendor's
# repository or demo site is shared by several rows (two models, one repository).
_RESOURCE_COLUMN = re.compile(
    r"\b(?:code|source|github|gitlab|repo(?:sitory)?|demo|home ?page|website|dataset"
    r"|weights|checkpoints?|hugging ?face|slides|video)s?\b",
    re.I,
)
# Words of a link key that name a project or vendor, and the ones that name no one.
_KEY_WORD = re.compile(r"[a-z][a-z0-9]{2,}")
_URL_WORDS = frozenset((
    "http", "https", "www", "com", "org", "net", "dev", "app", "github", "gitlab",
    "huggingface", "spaces", "datasets", "tree", "blob", "main", "master", "chat", "demo",
    "blog", "docs", "html", "index",
))
# Identifiers of a paper rather than of a project page (see bot.urls.canonical_url).
PAPER_PREFIXES = ("arxiv:", "doi:", "openreview:", "neurips:", "pmlr:", "usenix:")
GENERIC_MIN = 5  # a key or title on at least this many entries names nothing in particular
GENERIC_SHARE = 0.02  # ... or on this share of all entries, whichever is larger


def is_paper_key(key: str) -> bool:
    return key.startswith(PAPER_PREFIXES)


@dataclass(slots=True)  # not frozen: built for every entry, and frozen init is slow
class Identity:
    """One entry's identity: its link keys (key → URL as written) and its normalised title."""

    entry: Entry
    keys: Mapping[str, str]
    title: str
    name: str  # the part of the title before ':' ("Alpa" of "Alpa: Automating ..."), or ''
    forks: Mapping[str, str]  # key of the original repository → URL of the fork
    primary: frozenset[str] = frozenset()  # keys of the links that name the entry itself
    # a table row's other links (its Code, Demo … cells): no identity alone, see one_model
    resources: Mapping[str, str] = field(default_factory=dict)

    @property
    def paper_keys(self) -> frozenset[str]:
        return frozenset(k for k in self.keys if is_paper_key(k))


def identity_links(entry: Entry) -> list[Link]:
    """The links that name the entry itself, not the ones its description mentions.

    A bullet's description often links related projects ("a wrapper for [pgx](...)"), so
    only the title link, links with the title as text (the `paper [Title](...)` sub-line)
    and role links (`[Source Code](...)`, star badges) count. A table row is its primary
    link (its title's, else its paper's, else its code's) and its paper links: rows of one
    lab share a code repository, a demo site or a vendor's homepage and are still
    different entries.
    """
    links = [link for link in entry.links if link.url.strip() and not link.url.startswith("#")]
    if entry.kind == "row":
        links = [
            link for link in links
            if not (link.column and _DESCRIPTION_COLUMN.search(link.column))
        ]
        named = [link for link in links if link is entry.primary or link.role == "paper"]
        return named or links
    if len(links) == 1:
        return links
    title_link = next((link for link in links if not link.is_badge), None)
    title = normalise_title(entry.title)
    star_badges = {url for _, url in entry.badge_repos}
    return [
        link for link in links
        if link is title_link
        or link.url in star_badges
        or _ROLE_TEXT.match(link.text.strip())
        or (not link.is_badge and normalise_title(link.text) == title)
    ]


def primary_links(entry: Entry) -> list[Link]:
    """The links that *are* the entry: the parser's primary link; without one, a bullet's
    first link or a row's links outside its resource columns (Code, Demo, Website ...),
    which several rows may share."""
    if entry.primary is not None:
        return [entry.primary]
    links = [link for link in entry.links if not link.is_badge and link.url.strip()]
    if entry.kind == "row":
        return [link for link in links
                if not (link.column and _RESOURCE_COLUMN.search(link.column))]
    return links[:1]


def identity_of(entry: Entry, link_results: Mapping[str, LinkResult]) -> Identity:
    links = entry.links
    if len(links) == 1 and entry.primary is links[0] and entry.kind != "row" and not (
        link_results
    ):
        url = links[0].url.strip()
        if url and not url.startswith("#"):
            return _one_link(entry, url)
    keys: dict[str, str] = {}
    forks: dict[str, str] = {}
    for link in identity_links(entry):  # Link.url is the target; a badge image is never used
        url = link.url.strip()
        keys.setdefault(canonical_url(url), url)
        result = link_results.get(url) if link_results else None
        if result is None:
            continue
        renamed = _renamed_repo(result)
        if renamed is not None:
            keys.setdefault(renamed, url)
        if result.fork_of:
            forks.setdefault(canonical_url(f"https://github.com/{result.fork_of}"), url)
    name = normalise_title(entry.title.partition(":")[0]) if ":" in entry.title else ""
    primary = frozenset([canonical_url(link.url) for link in primary_links(entry)])
    resources = _resources(entry, keys) if entry.kind == "row" else _NONE
    return Identity(entry, keys, normalise_title(entry.title), name, forks or _NONE, primary,
                    resources)


def _one_link(entry: Entry, url: str) -> Identity:
    """The identity of a bullet whose one link is its title's (most entries), as the general
    steps make it with no link results: that link keys it and is its primary link."""
    key = canonical_url(url)
    title = entry.title
    name = normalise_title(title.partition(":")[0]) if ":" in title else ""
    return Identity(entry, {key: url}, normalise_title(title), name, _NONE, frozenset((key,)),
                    _NONE)


# shared by every identity without forks or resources (most): one empty dict less per entry
_NONE: Mapping[str, str] = MappingProxyType({})


def _resources(entry: Entry, keys: Mapping[str, str]) -> dict[str, str]:
    """A row's web links that are not its identity (code, demo, project page), by key."""
    found: dict[str, str] = {}
    for link in entry.links:
        url = link.url.strip()
        if not link.is_badge and url.startswith(("http://", "https://")):
            key = canonical_url(url)
            if key not in keys:
                found.setdefault(key, url)
    return found


def _renamed_repo(result: LinkResult | None) -> str | None:
    """A renamed or transferred GitHub repository (a permanent redirect) is the same one."""
    if result is None or result.verdict is not Verdict.REDIRECTED or not result.permanent:
        return None
    final = result.final_url or ""
    return canonical_url(final) if github_repo(final) is not None else None


class IdentityIndex:
    """Every entry of a document by identity key and by compact title; generic ones left out.

    A key or title on very many entries (a license page, a `-` placeholder, "Website")
    names nothing in particular and is not an identity.
    """

    def __init__(self, document: Document, link_results: Mapping[str, LinkResult]) -> None:
        self.identities = [identity_of(e, link_results) for e in document.entries]
        self._by_entry = {i.entry.line: i for i in self.identities}
        limit = max(GENERIC_MIN, int(GENERIC_SHARE * len(self.identities)))
        self.by_key = _by_key_without_generic(self.identities, limit)
        self.limit = limit
        self._by_title: dict[str, list[Identity]] | None = None  # built when first asked
        self.forks_of = _without_generic(
            ((k, i) for i in self.identities if i.forks for k in i.forks), limit
        )
        self._shared = {k for k, group in self.by_key.items() if len(group) > 1}
        self._shared.update(self.forks_of)
        self.by_resource = _without_generic(
            ((k, i) for i in self.identities for k in i.resources), limit
        )

    def of(self, entry: Entry) -> Identity:
        """The identity of one of the document's entries (an entry's first line is unique
        within its document: one list item or table row starts on each)."""
        return self._by_entry[entry.line]

    def may_match(self, identity: Identity) -> bool:
        """Cheap pre-test: could this entry have a twin at all (a shared key, a fork, a long
        title to match fuzzily)? Most entries of a list cannot."""
        return (
            is_long(identity.title)
            or bool(identity.forks)
            or not self._shared.isdisjoint(identity.keys)
            or (len(identity.resources) >= 2 and any(self.one_model(identity)))
        )

    def one_model(self, identity: Identity) -> Iterable[tuple[str, Identity]]:
        """(repository key, other row) for a row of the same section that shares two or more
        resources with this one (its code repository *and* its demo), whose repository both
        titles name: a model's report and its blog post listed twice (`Qwen3-VL Technical
        Report` and `Qwen3-VL: Sharper Vision …`, both on `QwenLM/Qwen3-VL` and one demo).
        Rows of one vendor share a repository or a demo, rarely both under its name, and
        versions of a model (other numbers in their titles) are not one."""
        if len(identity.resources) < 2:
            return
        shared: dict[int, list[str]] = defaultdict(list)
        others: dict[int, Identity] = {}
        for key in identity.resources:
            for other in self.by_resource.get(key, ()):
                if other is not identity and other.entry.section == identity.entry.section:
                    shared[other.entry.line].append(key)
                    others[other.entry.line] = other
        for line, keys in shared.items():
            other = others[line]
            if len(keys) < 2 or not same_numbers(identity.title, other.title):
                continue  # `Vista-2.5` and `Vista-3`: two versions in one repository
            named = [k for k in keys if _names_repo(identity, k) and _names_repo(other, k)]
            if named:
                yield named[0], other

    def sharing_keys(self, identity: Identity) -> Iterable[tuple[str, Identity]]:
        """(key, other entry) for every other entry sharing one of this one's keys."""
        for key in identity.keys:
            for other in self.by_key.get(key, ()):
                if other is not identity:
                    yield key, other

    def forks(self, identity: Identity) -> Iterable[tuple[str, Identity]]:
        """(key, other) where one of the two is a GitHub fork of the other's repository."""
        for key in identity.forks:
            for other in self.by_key.get(key, ()):
                yield key, other
        for key in identity.keys:
            for other in self.forks_of.get(key, ()):
                if other is not identity:
                    yield key, other

    @property
    def by_title(self) -> dict[str, list[Identity]]:
        if self._by_title is None:
            self._by_title = _without_generic(
                ((compact(i.title), i) for i in self.identities if i.title), self.limit
            )
        return self._by_title

    def sharing_title(self, identity: Identity) -> list[Identity]:
        """Other entries whose compact title is exactly this one's."""
        same = self.by_title.get(compact(identity.title), ()) if identity.title else ()
        return [other for other in same if other is not identity]


def _without_generic(
    pairs: Iterable[tuple[str, Identity]], limit: int
) -> dict[str, list[Identity]]:
    groups: dict[str, list[Identity]] = defaultdict(list)
    for key, identity in pairs:
        groups[key].append(identity)
    return _smaller_than(groups, limit)


def _by_key_without_generic(
    identities: list[Identity], limit: int
) -> dict[str, list[Identity]]:
    """_without_generic() of every (key, identity) pair, looped over directly: a pair made
    and taken apart for each of a long list's entries cost a third of the index."""
    groups: dict[str, list[Identity]] = defaultdict(list)
    for identity in identities:
        for key in identity.keys:
            groups[key].append(identity)
    return _smaller_than(groups, limit)


def _smaller_than(groups: dict[str, list[Identity]], limit: int) -> dict[str, list[Identity]]:
    """The groups of fewer than `limit`: a key shared that widely tells nothing apart."""
    return {key: group for key, group in groups.items() if len(group) < limit}


def cross_posted(index: IdentityIndex, entry: Entry) -> bool:
    """The entry's link or its exact title is also listed in another section.

    Looser than a duplicate (a short name counts): it only spares a cross-posted entry the
    advice to move, where a false duplicate error would cost a contributor's time.
    """
    identity = index.of(entry)
    others = [other for _, other in index.sharing_keys(identity)]
    others.extend(index.sharing_title(identity))
    return any(other.entry.section != entry.section for other in others)


def same_title(a: Identity, b: Identity, threshold: float) -> bool:
    """Do two entries carry the same title (or one has none, so cannot contradict)?"""
    if not a.title or not b.title or compact(a.title) == compact(b.title):
        return True
    if a.name and a.name == b.name:
        return True  # "Hidet: Task Mapping ..." and "Hidet: Task-Mapping ..."
    return similarity(a.title, b.title, threshold) > 0


def names_neither(a: Identity, b: Identity, key: str) -> bool:
    """A shared link that is no paper id and neither entry's own link (a code repository or
    a demo site beside their titles): weak evidence that the two are one thing."""
    return not is_paper_key(key) and key not in a.primary and key not in b.primary


def carries_name(identity: Identity, key: str) -> bool:
    """Does the entry's title carry a name the link key is made of ('qwen' of
    `chat.qwen.ai` in 'Qwen3.5: …', 'minicpm' of `github.com/openbmb/minicpm-o`)?"""
    names = {w for w in _KEY_WORD.findall(key) if w not in _URL_WORDS}
    return any(word.startswith(name) for word in identity.title.split() for name in names)


def _names_repo(identity: Identity, key: str) -> bool:
    """Does the title hold the whole name of the GitHub repository `key` ('Qwen3-VL' of
    `qwenlm/qwen3-vl`; 'MiniCPM-V 4.5' does not hold `minicpm-o`)?"""
    repo = github_repo("https://" + key)
    name = _ALNUM_RUN.sub("", repo.partition("/")[2]) if repo else ""
    return len(name) >= 3 and name in _ALNUM_RUN.sub("", identity.entry.title.lower())


def extends_name(a: Identity, b: Identity) -> bool:
    """One title is the other with words added ('Gin' and 'Gin Web Framework', 'Example'
    and 'Example Again'): on one link, the same project named twice. A part of a project
    joins its name without a space ('uv-build', 'hatchling'): see part_of."""
    short, long = sorted((a.entry.title.strip().casefold(), b.entry.title.strip().casefold()),
                         key=len)
    return bool(short) and len(long) > len(short) and long.startswith(short) and (
        long[len(short)].isspace()
    )


def part_of(a: Identity, b: Identity) -> bool:
    """One title extends the other's ('uv' and 'uv-build', 'hatch' and 'hatchling'): a part
    of the same project, which may well live in the same repository."""
    short, long = sorted((compact(a.title), compact(b.title)), key=len)
    return bool(short) and long.startswith(short)


class FuzzyTitles:
    """Long titles filed under their rarest words, so a fuzzy match compares a handful of
    candidates instead of every pair (3000 entries would be 4.5 million comparisons)."""

    _BLOCK_WORDS = 3  # near-identical titles share at least one of their three rarest words
    _COMMON = 200  # a word in more long titles than this blocks nothing: not filed under it
    _MAX_CANDIDATES = 500  # per word: bounds a pathological list of identical titles

    def __init__(self, index: IdentityIndex, threshold: float) -> None:
        self.threshold = threshold
        long = [i for i in index.identities if is_long(i.title)]
        uses = Counter(compact(i.title) for i in long)
        long = [i for i in long if uses[compact(i.title)] < index.limit]  # not generic
        self._df = Counter(word for i in long for word in set(i.title.split()))
        self._by_word: dict[str, list[Identity]] = defaultdict(list)
        for identity in long:
            for word in self._rare_words(identity.title):
                self._by_word[word].append(identity)

    def _rare_words(self, title: str) -> list[str]:
        words = sorted(set(title.split()), key=lambda w: (self._df.get(w, 0), w))
        rare = [w for w in words[: self._BLOCK_WORDS] if self._df.get(w, 0) <= self._COMMON]
        return rare or words[:1]  # a title of common words only: its rarest one will do

    def similar(
        self, identity: Identity, unwanted: Callable[[Identity], bool] | None = None
    ) -> list[tuple[Identity, float]]:
        """Other long titles at least `threshold` similar (rapidfuzz ratio, 0-100), but the
        `unwanted` ones, never compared."""
        if not is_long(identity.title):
            return []
        seen: dict[int, Identity] = {}
        for word in self._rare_words(identity.title):
            for other in self._by_word.get(word, ())[: self._MAX_CANDIDATES]:
                if other is not identity:
                    seen[other.entry.line] = other
        if unwanted is not None:
            seen = {line: other for line, other in seen.items() if not unwanted(other)}
        scored = [
            (other, similarity(identity.title, other.title, self.threshold))
            for other in seen.values()
        ]
        return [(other, score) for other, score in scored if score > 0]
