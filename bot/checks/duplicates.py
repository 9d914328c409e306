"""duplicate — the same project or paper listed twice, or one link under two titles.

Two entries are the same when they share an identity link (after URL normalisation: arXiv
abs/pdf/vN, DOI forms, GitHub case, `.git`, tracking parameters ...), when one is a GitHub
fork of the other, or when their long titles match fuzzily. Entries sharing a link under
clearly different titles are reported apart: one of the two links is probably wrong.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import partial

from bot.checks import duplicate_anchors
from bot.checks.analysis.identity import (
    FuzzyTitles,
    Identity,
    IdentityIndex,
    carries_name,
    extends_name,
    identity_of,
    is_paper_key,
    names_neither,
    part_of,
    same_title,
)
from bot.checks.analysis.quote import quote_title
from bot.checks.base import Check, Context, Rule
from bot.checks.duplicate_rules import (
    CROSS_POSTED,
    DUPLICATE,
    RULES,
    SAME_SITE,
    SHARED_LINK,
    DuplicateOptions,
    validate_settings,
)
from bot.model import Change, Entry, Finding, Severity
from bot.urls import describe_key, github_repo

LOG = logging.getLogger(__name__)

@dataclass(frozen=True, slots=True)
class _Match:
    """Another entry with the judged entry's identity, and how they met."""

    other: Identity
    how: str  # "link" | "fork" | "title" | "model" (a repository and a demo, see one_model)
    key: str  # the shared link key ('' for a title match)
    same_title: bool


@dataclass(frozen=True)
class _Scope:
    """What judging one entry needs: the index, the fuzzy titles, and who else is judged."""

    ctx: Context
    index: IdentityIndex
    titles: FuzzyTitles
    judged: frozenset[int]  # first lines of the judged entries


def run(ctx: Context) -> Iterator[Finding]:
    index = ctx.identities
    scope = _Scope(
        ctx=ctx,
        index=index,
        titles=FuzzyTitles(index, ctx.config.option(DuplicateOptions).title_threshold),
        judged=frozenset(change.head.line for change in ctx.diff.judged),
    )
    sites: _Sites | None = None  # made when an entry first links a page below a site
    for change in ctx.diff.judged:
        identity = index.of(change.head)
        if index.may_match(identity):
            found = list(_judge(change, scope))
            yield from found
            if found:
                continue
        if _links_a_page(identity):  # a home page has no site above it
            sites = sites or _Sites(index)
            yield from _same_site(identity, change, sites, scope)
    yield from duplicate_anchors.judge(ctx)


def _judge(change: Change, scope: _Scope) -> Iterator[Finding]:
    """The duplicate findings of one judged entry: at most one per rule."""
    identity = scope.index.of(change.head)
    matches = [m for m in _matches(identity, scope) if _is_new_here(identity, m, change, scope)]
    copies = [m for m in matches if m.same_title or m.how != "link"]
    conflicts = _conflicts(identity, matches, copies)
    wrong = [m for m in conflicts if _wrong_link(identity, m)]
    same_section = [m for m in copies if _same_section(identity, m)]
    elsewhere = [m for m in copies + conflicts if not _same_section(identity, m)]
    elsewhere = [m for m in elsewhere if m not in wrong]
    if same_section:
        yield _duplicate(identity, _nearest(identity, same_section), scope)
    elif elsewhere and scope.ctx.config.option(DuplicateOptions).cross_section is not None:
        yield _cross_posted(identity, _nearest(identity, elsewhere), scope)
    if wrong:
        yield _shared_link(identity, _nearest(identity, wrong), scope)


def _matches(identity: Identity, scope: _Scope) -> list[_Match]:
    """Every other entry sharing a link key, forked from it, or with a matching long title,
    but those reported from the other side: each pair once, on the later line when both
    are judged. Left out before their titles are compared (copies of a list: every judged
    entry shares a link with a dozen others, half of them later)."""
    threshold = scope.ctx.config.option(DuplicateOptions).title_threshold
    line, judged = identity.entry.line, scope.judged
    found: dict[int, _Match] = {}  # by the other entry's first line
    for key, other in scope.index.sharing_keys(identity):
        if _reported_later(other, line, judged):
            continue
        same = same_title(identity, other, threshold) or extends_name(identity, other)
        if not _resource_only(identity, other, key, same):
            found.setdefault(other.entry.line, _Match(other, "link", key, same))
    for key, other in scope.index.forks(identity):
        found.setdefault(other.entry.line, _Match(other, "fork", key, True))
    later = partial(_reported_later, line=line, judged=judged)
    for other, _score in scope.titles.similar(identity, later):
        found.setdefault(other.entry.line, _Match(other, "title", "", True))
    for key, other in scope.index.one_model(identity):
        found.setdefault(other.entry.line, _Match(other, "model", key, True))
    return [m for m in found.values() if not _reported_later(m.other, line, judged)]


def _reported_later(other: Identity, line: int, judged: frozenset[int]) -> bool:
    """The other entry is judged too, on a later line: the pair is reported there."""
    return other.entry.line > line and other.entry.line in judged


def _resource_only(identity: Identity, other: Identity, key: str, same: bool) -> bool:
    """The two share a resource, not an identity.

    The shared link names neither entry (a code repository, a demo site, the list's own
    repository beside their titles) and either each has its own paper, or it is all they
    share under two titles that both carry its name: a vendor's repository or demo that
    its models share (`MiniCPM-o 4.5` and `MiniCPM-V 4.5` on `OpenBMB/MiniCPM-o`). A
    report and a blog post sharing the repository *and* the demo are one model; a paper
    given another paper's repository (whose name it does not carry) has a wrong link.
    """
    if not names_neither(identity, other, key):
        return False
    if _own_papers(identity, other):
        return True
    if same or len(identity.keys.keys() & other.keys.keys()) > 1:
        return False
    return carries_name(identity, key) and carries_name(other, key)


def _is_new_here(identity: Identity, match: _Match, change: Change, scope: _Scope) -> bool:
    """An added entry's every match; a changed entry's those its edit created."""
    return change.base is None or _is_new(match, identity, change.base, scope)


def _is_new(match: _Match, identity: Identity, base: Entry, scope: _Scope) -> bool:
    """A changed entry is reported only for a match its edit created, not one it always had."""
    before = identity_of(base, scope.ctx.link_results)
    if match.how == "link":
        return match.key not in before.keys
    if match.how == "fork":
        return match.key not in before.forks and match.key not in before.keys
    if match.how == "model":
        return match.key not in before.resources
    return before.title != identity.title


def _conflicts(identity: Identity, matches: list[_Match], copies: list[_Match]) -> list[_Match]:
    """Links shared under another title, minus the innocent and the ones owed elsewhere.

    Innocent: two papers, each with its own paper link, sharing one code repository; and
    the parts of one project in one repository ('uv', 'uv-build'). Owed elsewhere: when a
    true copy of this entry shares the link too, the clash is between the other two.
    """
    different = [m for m in matches if m.how == "link" and not m.same_title]
    parts = {m.key for m in different if part_of(identity, m.other)}
    taken = {key for copy in copies for key in copy.other.keys}
    return [
        m for m in different
        if m.key not in parts and m.key not in taken and not _own_papers(identity, m.other)
    ]


def _own_papers(identity: Identity, other: Identity) -> bool:
    """Both entries have paper links, none shared: different papers (sharing, say, code)."""
    mine, theirs = identity.paper_keys, other.paper_keys
    return bool(mine and theirs and not mine & theirs)


def _wrong_link(identity: Identity, match: _Match) -> bool:
    """Under another title, a shared paper id is a wrong link anywhere; a shared project
    link is a double listing in the same section but a deliberate cross-post elsewhere."""
    return is_paper_key(match.key) or _same_section(identity, match)


def _same_section(identity: Identity, match: _Match) -> bool:
    """Same heading and same sub-group: a list that labels groups within a section (bold
    label paragraphs, link-less parent bullets) cross-posts between them like sections."""
    mine, theirs = identity.entry, match.other.entry
    return mine.section == theirs.section and mine.group == theirs.group


def _nearest(identity: Identity, matches: list[_Match]) -> _Match:
    line = identity.entry.line
    return min(matches, key=lambda m: (abs(m.other.entry.line - line), m.other.entry.line))


# ----------------------------------------------------------------------------- D304


class _Sites:
    """Entries whose own link is a site's home page, by host; and how many entries link each
    of those hosts. A host many entries link (github.com, a blog platform) is no one site."""

    def __init__(self, index: IdentityIndex) -> None:
        self.roots: dict[str, list[Identity]] = {}
        self.limit = index.limit
        for identity in index.identities:
            for key in identity.primary:
                if "/" not in key and _is_web(key):
                    self.roots.setdefault(key, []).append(identity)
        # counted only for hosts with a home page entry: no other host is ever looked up
        self.uses: Counter[str] = Counter(_linked_hosts(index.identities, self.roots))

    def home_of(self, identity: Identity) -> Identity | None:
        """Another entry linking the home page of the site one of this entry's pages is on."""
        primary = identity.primary
        for key in sorted(primary) if len(primary) > 1 else primary:  # most: one key
            if "/" not in key:
                continue
            host = key.partition("/")[0]  # in `roots` a web host, and so is this page's then
            if host not in self.roots or self.uses[host] >= self.limit:
                continue
            others = [o for o in self.roots[host] if o is not identity]
            if others:
                return others[0]
        return None


def _linked_hosts(identities: list[Identity], hosts: Mapping[str, object]) -> Iterator[str]:
    """Each of `hosts` once for every entry whose own links are on it. Written out for an
    entry of one own link (most), which makes no set of its hosts: every entry is asked."""
    for identity in identities:
        primary = identity.primary
        if len(primary) == 1:
            for key in primary:
                if (host := key.partition("/")[0]) in hosts:
                    yield host
        else:
            yield from (host for host in {_host(key) for key in primary} if host in hosts)


def _links_a_page(identity: Identity) -> bool:
    """Is one of the entry's own links a page below a site (a key with a path)?"""
    return "/" in "".join(identity.primary)  # in C: most entries have one key


def _is_web(key: str) -> bool:
    return ":" not in key.partition("/")[0] and "." in key.partition("/")[0]


def _host(key: str) -> str:
    return key.partition("/")[0]


def _same_site(
    identity: Identity, change: Change, sites: _Sites, scope: _Scope
) -> Iterator[Finding]:
    home = sites.home_of(identity)
    if home is None or _had_site(change, _host_of(identity, home), scope):
        return
    other = home.entry
    message = (
        f"{quote_title(identity.entry)} links a page of the site that line {other.line} "
        f"({quote_title(other)}) links as a whole{_both_new(other, scope)}. If it is the same "
        "resource, keep one entry; if the page is a resource of its own, say what it adds."
    )
    entry = identity.entry
    yield SAME_SITE.finding(entry.line, message, end_line=entry.end_line, entry_line=entry.line)


def _host_of(identity: Identity, home: Identity) -> str:
    return next(key for key in home.primary if key in {_host(k) for k in identity.primary})


def _had_site(change: Change, host: str, scope: _Scope) -> bool:
    """A changed entry whose base version already linked that site: nothing new."""
    if change.base is None:
        return False
    before = identity_of(change.base, scope.ctx.link_results)
    return any(_host(key) == host for key in before.primary)


# ----------------------------------------------------------------------------- findings


def _duplicate(identity: Identity, match: _Match, scope: _Scope) -> Finding:
    other = match.other.entry
    advice = (
        "List one of the two; keep a fork only if its description says what it adds."
        if match.how == "fork"
        else f"Remove this copy, or merge what it adds into line {other.line}."
    )
    message = (
        f"{quote_title(identity.entry)} is already listed at line {other.line}, in the same "
        f"section `{_section(other)}`{_because(match, identity)}{_both_new(other, scope)}. {advice}"
    )
    return _finding(DUPLICATE, identity, match, message, DUPLICATE.severity)


def _cross_posted(identity: Identity, match: _Match, scope: _Scope) -> Finding:
    other = match.other.entry
    renamed = "" if match.same_title else f" under another title, {quote_title(other)}"
    message = (
        f"{quote_title(identity.entry)} is also listed at line {other.line}, in `{_section(other)}`"
        f"{renamed}{_because(match, identity)}{_both_new(other, scope)}. Cross-posting is fine "
        "when it is deliberate; otherwise keep the copy in the section that fits best."
    )
    severity = scope.ctx.config.option(DuplicateOptions).cross_section or CROSS_POSTED.severity
    return _finding(CROSS_POSTED, identity, match, message, severity)


def _shared_link(identity: Identity, match: _Match, scope: _Scope) -> Finding:
    other = match.other.entry
    where = "the same section" if _same_section(identity, match) else f"`{_section(other)}`"
    what = describe_key(match.key)
    message = (
        f"{quote_title(identity.entry)} points to {what}, and so does line {other.line} "
        f"({quote_title(other)}, in {where}){_both_new(other, scope)}. The titles differ, so one "
        f"of the two links is probably wrong: check which entry {what} belongs to and fix "
        "the other one's link."
    )
    return _finding(SHARED_LINK, identity, match, message, SHARED_LINK.severity)


def _finding(
    rule: Rule, identity: Identity, match: _Match, message: str, severity: Severity
) -> Finding:
    entry = identity.entry
    return rule.finding(
        _line_of(identity, match),
        message,
        end_line=entry.end_line,
        entry_line=entry.line,
        severity=severity,
    )


def _line_of(identity: Identity, match: _Match) -> int:
    """The line holding the shared link (a `paper` sub-line, say), else the entry's first."""
    url = identity.keys.get(match.key) or identity.forks.get(match.key)
    link = next((link for link in identity.entry.links if link.url.strip() == url), None)
    return link.line if link is not None else identity.entry.line


def _because(match: _Match, identity: Identity) -> str:
    if match.how == "link":
        return f" (both point to {describe_key(match.key)})"
    if match.how == "fork":
        forks = identity.forks if match.key in identity.forks else match.other.forks
        fork = github_repo(forks.get(match.key, "")) or "one"
        original = github_repo("https://" + match.key) or describe_key(match.key)
        return f" ({fork} is a GitHub fork of {original})"
    if match.how == "model":
        others = match.other.resources.keys() & identity.resources.keys() - {match.key}
        also = f", and {describe_key(min(others))}" if others else ""
        return f" (both link {describe_key(match.key)}, which both titles name{also})"
    return " (the titles match, the links differ)"


def _both_new(other: Entry, scope: _Scope) -> str:
    if scope.ctx.diff.full_audit or other.line not in scope.judged:
        return ""
    return "; both are added by this pull request"


def _section(entry: Entry) -> str:
    section = entry.category or "(no section)"
    return f"{section} › {entry.group}" if entry.group else section


CHECK = Check(
    name="duplicate",
    title="Every project and paper is listed once, under its own link",
    rules=RULES,
    run=run,
    options=(DuplicateOptions,),
    validate=validate_settings,
)
