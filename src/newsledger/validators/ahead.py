"""Check the files a pre-commit run reports on in a child process, while the parent
finds out what else changed.

On a warm run over one changed entry, half the time is the check of that entry
(most of it importing the models), the other half finding every other file and
comparing it with the cache. The two are independent, so the check starts first,
in a forked child, and the parent collects its result when it needs it. A result
is used only if the file has not changed since the child read it; anything that
goes wrong (no fork on this platform, a child that dies) means the parent checks
the file itself, as it would have anyway.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsledger.validators.result import FileResult

#: More files than this, and the parent checks them itself (with workers if many).
MAX_FILES = 16


class Ahead:
    """Files being checked in a child process, and their results on request.

    ``files`` are (path, display path, kind); a result is matched to a file of the
    dataset by display path and kind, since the paths a user names may be spelt
    differently from the paths found by walking the dataset. ``check`` is what the
    child runs on ``files`` (their results, marshalled), ``unpack`` what turns its
    bytes back into results: the engine's, passed in, so that this module does not
    import the engine that uses it.
    """

    def __init__(
        self, files: list[tuple[str, str, str]], check: Callable[[list[tuple[str, str, str]]], bytes],
        unpack: Callable[[bytes], list[FileResult]],
    ) -> None:
        self.kinds = {display: kind for _, display, kind in files}
        self.check, self.unpack = check, unpack
        self.started = False
        self.pid: int | None = None
        self.fd: int | None = None
        self.results: dict[str, FileResult] | None = None
        if files and _can_fork():
            self._start(files)

    def _start(self, files: list[tuple[str, str, str]]) -> None:
        try:
            rfd, wfd = os.pipe()
        except OSError:
            return
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:
            os.close(rfd)
            os.close(wfd)
            return
        if pid == 0:  # the child: check, write, and leave without running any of the parent's exit code
            try:
                from newsledger._lifeline import tie_to_parent

                tie_to_parent(parent)
                os.close(rfd)
                data = self.check(files)
                with os.fdopen(wfd, "wb") as out:
                    out.write(data)
            finally:
                os._exit(0)
        os.close(wfd)
        self.pid, self.fd, self.started = pid, rfd, True

    def take(self, file: tuple[str, str, str]) -> FileResult | None:
        """The child's result for ``file`` if it is still true of the file on disk."""
        if not self.started or self.kinds.get(file[1]) != file[2]:
            return None
        if self.results is None:
            self.results = self._collect()
        result = self.results.get(file[1])
        if result is None or result.kind != file[2] or result.stat is None:
            return None
        try:
            st = os.stat(file[0])
        except OSError:
            return None
        size, mtime, ctime, ino = result.stat
        # ctime -1: changed just before the child read it (cache.stat_key); the rest must still match.
        same = (st.st_size, st.st_mtime_ns, st.st_ino) == (size, mtime, ino) and ctime in (-1, st.st_ctime_ns)
        return result if same else None

    def _collect(self) -> dict[str, FileResult]:
        assert self.fd is not None and self.pid is not None
        try:
            with os.fdopen(self.fd, "rb") as src:
                data = src.read()
        except OSError:
            data = b""
        finally:
            self.fd = None
            self._reap(kill=False)
        try:
            return {r.path: r for r in self.unpack(data)}
        except Exception:  # noqa: BLE001 - a child that died half-way: check in this process
            return {}

    def close(self) -> None:
        """Stop a child whose results were not needed (the files were cached after all)."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        self._reap(kill=True)

    def _reap(self, kill: bool) -> None:
        if self.pid is None:
            return
        pid, self.pid = self.pid, None
        if kill:
            import signal

            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def _can_fork() -> bool:
    # Forking a process with other threads can deadlock the child (a lock held by a
    # thread that does not exist in it); the CLI has none, a host program might.
    if not hasattr(os, "fork"):
        return False
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() <= 1
