"""Links and entries made without their frozen dataclass `__init__`.

A frozen dataclass's `__init__` sets each field through `object.__setattr__` (looked up
and called per field): a tenth of parsing a large list goes to the `Link` and `Entry` of
each item. A slot's own descriptor sets it at half the cost or less. The values made are
the classes' own, field for field (a test compares them with the constructor's).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any

from bot.model import Entry, Link, LinkProblem


def _maker(cls: type, order: tuple[str, ...]) -> Callable[..., Any]:
    """A function of every field of `cls`, positionally in `order`, making a `cls`."""
    names = tuple(field.name for field in fields(cls))
    if names != order or "__post_init__" in vars(cls):  # the model changed: say so at once
        raise TypeError(f"{cls.__name__} has fields {names}, not {order}")
    setters = tuple(vars(cls)[name].__set__ for name in names)
    new = object.__new__

    def make(*values: Any) -> Any:
        made: Any = new(cls)
        for set_field, value in zip(setters, values, strict=True):
            set_field(made, value)
        return made

    return make


# `Link(text, url, line, is_badge, image_url, column, role)`
new_link: Callable[[str, str, int, bool, str | None, str | None, str], Link] = _maker(
    Link, ("text", "url", "line", "is_badge", "image_url", "column", "role")
)

_new_entry = _maker(Entry, (
    "kind", "section", "line", "end_line", "raw", "title", "links", "description", "cells",
    "header", "cell_count", "depth", "marker", "badge_repos", "group", "primary", "problems",
))


def new_bullet(
    *, section: tuple[str, ...], line: int, end_line: int, raw: str, title: str,
    links: tuple[Link, ...], description: str, depth: int, marker: str,
    badge_repos: tuple[tuple[str, str], ...], group: str, primary: Link,
    problems: tuple[LinkProblem, ...],
) -> Entry:
    """`Entry(kind="bullet", …)` with these fields, the table's ones left empty."""
    entry: Entry = _new_entry(
        "bullet", section, line, end_line, raw, title, links, description, (), (), 0, depth,
        marker, badge_repos, group, primary, problems,
    )
    return entry
