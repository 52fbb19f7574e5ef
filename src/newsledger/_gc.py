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
    thawed = gc.get_freeze_count() == 0
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if thawed:
                _age_young_objects()
            gc.enable()


def _age_young_objects() -> None:
    """Count everything the collector tracks as long-lived, without walking it.

    What a paused block allocated is still "young" when the collector is enabled
    again, and the next allocation would start a collection that walks all of it
    (0.2 s for two million objects). Freezing and thawing moves them to the oldest
    generation in constant time, where only a full collection visits them, as it
    would have once they survived the first. Skipped when something is frozen
    already (a caller's ``gc.freeze()`` before forking): thawing would undo it.
    """
    gc.freeze()
    gc.unfreeze()
