"""Votes: what an entry shows of a convention, one `aspect=value` string per observation.

Aspects a section's entries vote on, the list-wide ones, and how a vote is written. The
facts of an entry cast them (facts.py); the conventions count them (conventions.py); each
learned format rule names the aspects it judges.
"""

from __future__ import annotations

# aspects; a section's entries vote on these
SHAPE = "shape"  # "bullet" | "row" | "html"
LABEL = "label"  # word before the first link ("code"), "" when the line starts with the link
SUB_LINE = "sub-line"  # label of the first sub-line ("paper"), "[" for a bare link, "" none
SEPARATOR = "separator"  # between the title link and the description: "-", ":", "" ...
PERIOD = "period"  # description ends with . ! ? …: "yes" | "no"
CAPITAL = "capital"  # description starts with a capital: "yes" | "no"
VENUE = "venue"  # the form a venue and year are written in: "VENUE'YY", "VENUE YY" ...
DESCRIPTION = "description"  # a one-line top-level bullet describes its link: "yes" | "no"
# aspects the whole list votes on (a marker or URL habit is the list's, not a section's)
MARKER = "marker"
HTTPS = "https"  # "https" | "http", per link
GIT_SUFFIX = "git-suffix"  # github.com repository links ending in .git: "yes" | "no"
TRAILING_SLASH = "trailing-slash"  # github.com repository links ending in /: "yes" | "no"
VENUE_NAME = "venue-name:"  # + lower-case name; value: the spelling, e.g. "OSDI"
# A description's punctuation is house style: the list has one, or none. A section that
# writes ` — ` while the list writes ` - ` is told to follow the list, and a section's
# habit in a list without one (half its descriptions end with `.`) is no convention.
HOUSE_STYLE = frozenset({SEPARATOR, PERIOD, CAPITAL})
LIST_WIDE = frozenset({MARKER, HTTPS, GIT_SUFFIX, TRAILING_SLASH}) | HOUSE_STYLE
# A marker is the Markdown list's: a section whose bullets all agree keeps its own.
OWN_LIST = frozenset({MARKER})
# Sections may rightly differ in shape (a table of researchers in a list of bullets), so a
# section with entries of its own is never judged by the whole list's shape.
SECTION_ONLY = frozenset({SHAPE})


def vote(aspect: str, value: str) -> str:
    """One observation, 'aspect=value'. Votes are strings, not pairs, because a full audit
    casts tens of thousands and strings cost the garbage collector nothing."""
    return aspect + "=" + value


def split_vote(cast: str) -> tuple[str, str]:
    aspect, _, value = cast.partition("=")
    return aspect, value
