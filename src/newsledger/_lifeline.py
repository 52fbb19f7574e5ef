"""Child processes that end when their parent does.

Validation forks worker processes (and one child that checks ahead). If the
parent is killed (``kill -9``, an OOM kill) nothing tells them; they would run
on, re-parented to PID 1. :func:`tie_to_parent`, called first thing in a child,
asks Linux to send it SIGKILL when the parent dies (``prctl(PR_SET_PDEATHSIG)``,
through ctypes), and elsewhere starts a daemon thread that watches the parent's
pid twice a second. Either way the child is gone within a second of the parent.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1


def tie_to_parent(parent: int) -> None:
    """End this process when ``parent`` (its parent's pid, as the parent knew it) ends."""
    if not _death_signal():
        threading.Thread(target=_watch, args=(parent,), name="newsledger-lifeline", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def _death_signal() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
