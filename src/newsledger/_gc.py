"""Pausing Python's cyclic garbage collector around large batches of allocations.

Validation and builds keep every record of the dataset alive (a million small
objects at 10,000 entries). Each collection that new allocations trigger walks
all of them again, which was most of the time spent loading results and
building rows. Those phases create no reference cycles worth collecting
mid-way, so the collector is paused there and restored afterwards. It is not
paused around code whose garbage does hold cycles (a validation error keeps its
traceback), nor around forking workers, which would inherit the pause.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["gc_paused"]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block; restore the caller's setting after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
