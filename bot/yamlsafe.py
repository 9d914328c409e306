"""YAML read with bounds: size, nesting depth, nodes after alias expansion, scalar length.

PyYAML's safe loader builds whatever the text describes: a 509-byte "billion laughs" (anchors
of aliases of anchors) is a tree of a billion nodes once anything walks it (an error message
quoting it took 12 GB), 100,000 nested brackets exhaust the recursion limit, a 100,000-digit
integer raises ValueError. So the event stream, which PyYAML produces without recursion, is
measured first; only text within every bound is built into Python values, and every failure
is one BoundedYamlError with the line it is at.
"""

from __future__ import annotations

import reprlib
from dataclasses import dataclass
from typing import Any

import yaml

MAX_DEPTH = 16  # nested mappings and lists; a config uses 3
MAX_NODES = 10_000  # every value, aliases counted as the nodes they repeat
MAX_SCALAR = 4_096  # characters in one key or value (a long regex fits)
EXCERPT = 60  # characters of a value quoted back in an error message


class BoundedYamlError(ValueError):
    """The text is not YAML, or it is YAML beyond a bound; the message says which and where."""


@dataclass
class _Collection:
    anchor: str | None
    nodes: int = 1


def load_bounded(text: str) -> Any:
    """The YAML document in `text` as Python values (SafeLoader's types), within the bounds."""
    try:
        _measure(text)
        return yaml.load(text, Loader=yaml.SafeLoader)
    except BoundedYamlError:
        raise
    except yaml.YAMLError as exc:
        raise BoundedYamlError(f"not valid YAML: {_yaml_reason(exc)}") from None
    except (ValueError, OverflowError, RecursionError, TypeError) as exc:  # a scalar's value
        reason = f"{type(exc).__name__}: {excerpt(str(exc))}"
        raise BoundedYamlError(f"a value cannot be read ({reason})") from None


def _measure(text: str) -> None:
    """Walk the events once; raise at the first bound passed."""
    open_: list[_Collection] = []
    anchors: dict[str, int] = {}  # anchor -> nodes it stands for, once it is finished
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            open_.append(_Collection(event.anchor))
            if len(open_) > MAX_DEPTH:
                _fail(event, f"nested more than {MAX_DEPTH} levels deep")
            continue
        size = _size(event, open_, anchors)
        if size and open_:
            open_[-1].nodes += size
        if size > MAX_NODES or sum(c.nodes for c in open_) > MAX_NODES:
            _fail(event, f"more than {MAX_NODES} values once aliases are expanded")


def _size(event: yaml.Event, open_: list[_Collection], anchors: dict[str, int]) -> int:
    """How many nodes `event` finishes (0 for events that finish none)."""
    if isinstance(event, yaml.CollectionEndEvent):
        closed = open_.pop()
        if closed.anchor is not None:
            anchors[closed.anchor] = closed.nodes
        return closed.nodes
    if isinstance(event, yaml.ScalarEvent):
        if len(event.value) > MAX_SCALAR:
            _fail(event, f"a value of {len(event.value)} characters (the limit is {MAX_SCALAR})")
        if event.anchor is not None:
            anchors[event.anchor] = 1
        return 1
    if isinstance(event, yaml.AliasEvent):
        name = str(event.anchor)
        if name not in anchors:  # undefined, or inside its own anchor: a cycle
            _fail(event, f"the alias *{excerpt(name)} refers to no finished anchor")
        return anchors[name]
    return 0


def _fail(event: yaml.Event, problem: str) -> None:
    mark = event.start_mark
    raise BoundedYamlError(f"{problem} at line {mark.line + 1}" if mark else problem)


def _yaml_reason(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = excerpt(str(getattr(exc, "problem", None) or str(exc).splitlines()[0]))
    return f"{problem} at line {mark.line + 1}" if mark is not None else problem


def excerpt(text: str) -> str:
    """`text` cut to a short excerpt: an error message never echoes a whole value."""
    if len(text) <= EXCERPT:
        return text
    return f"{text[: EXCERPT - 1]}… ({len(text)} characters)"


_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = _SHORT.maxlong = EXCERPT
_SHORT.maxlist = _SHORT.maxdict = _SHORT.maxtuple = _SHORT.maxset = 4
_SHORT.maxlevel = 3


def short_repr(value: object) -> str:
    """A value as Python writes it, cut short without ever building the whole: for messages."""
    return _SHORT.repr(value)
