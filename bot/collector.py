"""The cycle collector, paused while a list is parsed and judged.

Parsing and the checks make hundreds of thousands of small objects and no reference cycles
(a review of awesome-go leaves none for the collector to find), so its passes over them are
wasted work: ~15% of parsing a 400 KB list, and one full pass over every object alive, the
parsed documents included, during its checks. Reference counting still frees what they drop.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No cycle collection inside the block; the collector's state as it was after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:  # another thread's review may have paused it: it re-enables it
            _promote_young()
            gc.enable()


def _promote_young() -> None:
    """Move the objects made during the block to the oldest generation, unexamined.

    Re-enabled as it stood, the collector's first act is a pass over every object the block
    made and still holds (the review and its documents: 6 ms, 2% of an audit of awesome-go)
    only to find no cycle; the oldest generation is examined in full now and then, as it
    is anyway. freeze() then unfreeze() moves lists without visiting objects; skipped when
    the process froze objects of its own (a forking server before fork): those stay frozen.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
