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
            gc.enable()
