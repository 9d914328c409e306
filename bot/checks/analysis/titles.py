"""What a title says: its normalised words (no case, punctuation or venue suffix), and how
alike two normalised titles are.

The first step of an entry's identity (bot.checks.analysis.identity), and of matching a
paper's title against its venue's (bot.checks.analysis.papertitles). Pure functions.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz

# Conference and journal names that paper titles carry as a suffix: "Alpa: ... OSDI'22".
_VENUES = (
    "osdi|sosp|nsdi|atc|eurosys|asplos|isca|micro|hpca|sc|socc|mlsys|icml|iclr|neurips|nurips"
    "|nips|ppopp|vldb|pvldb|sigmod|sigcomm|fast|icpp|tpds|arxiv|sigmetrics|kdd|aaai|acl|emnlp"
    "|naacl|cvpr|iccv|eccv|www|pldi|popl|oopsla|icde|cidr|hotos|hotnets|middleware|ipdps|hpdc"
    "|ics|cgo|dac|iccad|infocom|mobicom|mobisys|sensys|ijcai|uai|colm|tmlr"
)
_VENUE_NAMES = frozenset(_VENUES.split("|"))
# one word with its year: osdi'22, eurosys'24, sc21, neurips'2023 (any word'YY counts too)
_VENUE_WORD = re.compile(rf"(?:(?:{_VENUES})'?(?:\d{{4}}|\d{{2}})|[a-z]+'\d{{2}})")
_WORDS = re.compile(r"[^\w']+|_+")
_PLAIN_WORDS = re.compile(r"[^\W_]+")
_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d+")
# Below this a title is a name: names are compared exactly, since different projects share
# names ("jwt", "env", "Transport for The Netherlands") where papers do not share titles.
_LONG_TITLE_WORDS = 5


@lru_cache(maxsize=1 << 16)  # every entry's title, review after review of the same list
def normalise_title(title: str) -> str:
    """Lower case, without venue suffixes or punctuation: 'Hidet: Task-Mapping … ASPLOS'23'
    → 'hidet task mapping …'."""
    lowered = title.lower()
    if "'" not in lowered:  # the words are plain runs then, with nothing to clean in them
        words = _PLAIN_WORDS.findall(lowered)
        if _DIGIT.search(lowered):  # a venue suffix ("SC21", "OSDI 22") needs a digit
            words = _without_venue(words)
        return " ".join(words)
    words = [w.strip("'") for w in _WORDS.split(lowered)]
    words = _without_venue([w for w in words if w])
    return " ".join(" ".join(words).replace("'", " ").split())


def _without_venue(words: list[str]) -> list[str]:
    """Drop a trailing venue: "OSDI'22", "NeurIPS '22", "SC21", "Eurosys'25 Best Paper"."""
    while words:
        if _VENUE_WORD.fullmatch(words[-1]):
            words = words[:-1]
        elif words[-2:] == ["best", "paper"] or (
            len(words) > 1 and words[-1].isdigit() and words[-2] in _VENUE_NAMES
        ):
            words = words[:-2]
        else:
            return words
    return words


def compact(title: str) -> str:
    """A normalised title without spaces, so 'go-cache' and 'gocache' meet."""
    return title.replace(" ", "")


def is_long(title: str) -> bool:
    """Long enough (a paper's title) for fuzzy matching to mean something."""
    return title.count(" ") + 1 >= _LONG_TITLE_WORDS

def similarity(a: str, b: str, threshold: float) -> float:
    """rapidfuzz's ratio of two normalised titles (0 below `threshold`); numbers must agree,
    since 'GNU General Public License 2.0' and '... 3.0' differ in nothing else."""
    if not same_numbers(a, b):
        return 0.0
    return float(fuzz.ratio(a, b, score_cutoff=threshold))



def same_numbers(a: str, b: str) -> bool:
    """Do two titles carry the same numbers, in the same order ('Vista-2.5' and 'Vista-3'
    do not)?"""
    return _NUMBER.findall(a) == _NUMBER.findall(b)
