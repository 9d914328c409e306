"""The values of bot.model made by their faster `__init__` are the dataclass's own."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from bot.model import Entry, Link


@pytest.mark.parametrize("cls", [Entry, Link])
def test_init_takes_what_the_dataclass_takes(cls: type) -> None:
    expected = [
        (f.name, inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default)
        for f in dataclasses.fields(cls)
    ]
    params = inspect.signature(cls).parameters.values()
    assert [(p.name, p.default) for p in params] == expected
    assert all(p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD for p in params)


def test_values_are_stored_frozen_and_compared_by_field() -> None:
    link = Link("Zeta", "https://zeta.example.org", 3, role="code")
    entry = Entry("bullet", ("Tools",), 3, 4, "- [Zeta](…)", "Zeta", (link,), depth=1,
                  primary=link)
    assert (link.text, link.url, link.line, link.is_badge, link.role) == (
        "Zeta", "https://zeta.example.org", 3, False, "code")
    assert (entry.end_line, entry.links, entry.depth, entry.primary, entry.cells) == (
        4, (link,), 1, link, ())
    assert entry == dataclasses.replace(entry) and hash(entry) == hash(dataclasses.replace(entry))
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.line = 5  # type: ignore[misc]
    with pytest.raises(TypeError):
        Link("Zeta")  # type: ignore[call-arg]
