"""Encoded rows made in the validation workers, written to a scratch file there.

``build`` has each valid entry's release rows made where the entry is checked
(``check_dataset(encode=...)``). Sent back to the main process, the rows of
100,000 entries (some 700 MB) would be held there until validation ends, beside
its results; instead :func:`spill` writes them, marshalled, to a file of the
worker's own in a scratch folder of the release being built, and the worker
sends back only where they are: ``(file name, offset, size)``. :class:`Reader`
reads an entry's rows back.

A problem writing the file (a full disk) comes back as ``("oserror", errno,
message, path)``, raised again in the main process by :class:`Reader`, so the
build reports it as the environment error it is.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsledger.release.tables import EntryParts

__all__ = ["Reader", "Spilled", "close", "spill"]

#: Where a worker wrote one entry's rows: (file name in the folder, offset, size),
#: or ("oserror", errno, message, path).
Spilled = tuple[Any, ...]

_OPEN: dict[tuple[int, str], list[Any]] = {}  # (pid, folder) -> [fd, size]: one file per process


def spill(folder: str, encode: Callable[[dict[str, Any]], EntryParts], record: dict[str, Any]) -> Spilled:
    """Encode ``record`` (an ``Entry.model_dump()``) with ``encode`` (build's
    :func:`~newsledger.release.tables.entry_parts`) and append the rows to this
    process's file in ``folder``."""
    data = marshal.dumps(encode(record))
    pid = os.getpid()
    name = f"{pid}.parts"
    found = _OPEN.get((pid, folder))
    if found is not None and found[0] is None:  # this file failed: so does every later write
        failed: Spilled = found[1]
        return failed
    try:
        if found is None:  # (a forked worker never writes to its parent's file)
            # Appended to: a later pass of the same build (or a process given the
            # same pid) adds to what an earlier one wrote, which is still read.
            fd = os.open(os.path.join(folder, name), os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0), 0o600)
            found = _OPEN[(pid, folder)] = [fd, os.fstat(fd).st_size]
        fd, at = found
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        found[1] = at + len(data)
    except OSError as exc:
        error = ("oserror", exc.errno, exc.strerror, exc.filename or os.path.join(folder, name))
        if found is not None:
            os.close(found[0])
        _OPEN[(pid, folder)] = [None, error]
        return error
    return (name, at, len(data))


def close(folder: str) -> None:
    """Close this process's file in ``folder`` (the main process's, after validation)."""
    found = _OPEN.pop((os.getpid(), folder), None)
    if found is not None and found[0] is not None:
        os.close(found[0])


class Reader:
    """Reads back what :func:`spill` wrote in ``folder``; raises the OSError it met, if any."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._fds: dict[str, int] = {}

    def read(self, where: Spilled) -> EntryParts:
        if where[0] == "oserror":
            raise OSError(where[1], where[2], where[3])
        name, at, size = where
        fd = self._fds.get(name)
        if fd is None:
            fd = self._fds[name] = os.open(self.folder / name, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        parts: EntryParts = marshal.loads(os.pread(fd, size, at))
        return parts

    def close(self) -> None:
        for fd in self._fds.values():
            os.close(fd)
        self._fds = {}
