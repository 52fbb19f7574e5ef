"""The on-disk store behind the caches of ``validate`` and ``build``: one folder of
files, each carrying its own integrity check.

Every file is written as a header and a payload::

    b"NLSTORE1" | sha256(key || payload) (32 bytes) | len(payload) (8 bytes, little-endian) | payload

where ``key`` is the fingerprint of the code that wrote it (see
:func:`code_fingerprint`). A file is read back only if it is a regular file (not a
link, FIFO or device), no larger than :data:`MAX_FILE`, and its length and digest
agree: a flipped bit, a truncation, a file written by other code or copied in
from elsewhere is a miss, never an answer. What a store holds is addressed by
content (the sha256 of a dataset file's bytes, plus the path it was checked at
where that counts), so a miss only costs recomputing it.

Writing goes to a temporary file beside the target (named with the writer's
process id) that is renamed over it; an error removes the temporary file and
is raised with the target's path (an environment error, see ``newsledger.cli``).
Temporary files of writers that no longer run (killed) are removed by the next
writer in the same folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import stat
from pathlib import Path
from typing import Any

MAGIC = b"NLSTORE1"
_HEAD = len(MAGIC) + 32 + 8
#: The largest store file that is read at all (a state of 1,000,000 entries is ~300 MB).
MAX_FILE = 1 << 30
_TMP = ".tmp-"


def cache_folder(kind: str, dataset: Path) -> Path:
    """Where the cache ``kind`` of the dataset at ``dataset`` lives: the user's cache
    directory (``NEWSLEDGER_CACHE_DIR`` overrides it), one folder per dataset path.
    Never inside the repository: a cache file committed by a hostile pull request
    must not be loaded by CI."""
    base = os.environ.get("NEWSLEDGER_CACHE_DIR")
    if base:
        parent = Path(base)
    else:
        import platformdirs

        parent = platformdirs.user_cache_path("newsledger")
    key = hashlib.sha256(str(Path(dataset).resolve()).encode()).hexdigest()[:16]
    return parent / kind / key


def code_fingerprint(package: Path | None = None, salt: str = "") -> str:
    """A digest of newsledger's own code (and ``salt``, a cache's format): what other
    code stored is not reused.

    Every ``.py`` file of the package counts, not only the validator's: validation
    imports text folding, the schema and more, and which modules those import in
    turn is not worth tracking by hand (a stale "All checks passed" is). By stat
    only (size, mtime), as an editable install is edited in place.
    """
    import hashlib

    if package is None:
        import newsledger

        package = Path(newsledger.__file__).parent
    h = hashlib.sha256(salt.encode())
    for rel, size, mtime in sources(os.fspath(package)):
        h.update(f"{rel}:{size}:{mtime};".encode())
    h.update(_installed_version().encode())
    return h.hexdigest()


def sources(root: str) -> list[tuple[str, int, int]]:
    """(path relative to ``root``, size, mtime_ns) of every ``.py`` file below it, sorted."""
    out: list[tuple[str, int, int]] = []
    folders = [""]
    while folders:
        rel = folders.pop()
        try:
            entries = list(os.scandir(os.path.join(root, rel) if rel else root))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name.startswith(".") or name == "__pycache__":
                continue
            sub = f"{rel}/{name}" if rel else name
            if entry.is_dir():
                folders.append(sub)
            elif name.endswith(".py"):
                st = entry.stat()
                out.append((sub, st.st_size, st.st_mtime_ns))
    out.sort()
    return out


def _installed_version() -> str:
    """Which newsledger distribution is installed, as cheaply as it can be told.

    The name of its ``.dist-info`` folder carries the version; importlib.metadata
    would find the same folder but costs tens of milliseconds (it parses the
    metadata), a large share of a pre-commit run.
    """
    import sys

    for entry in sys.path:
        try:
            names = [n for n in os.listdir(entry or ".") if n.startswith("newsledger-") and n.endswith(".dist-info")]
        except OSError:
            continue
        if len(names) == 1:
            return names[0]
        if names:
            break
    from newsledger._version import version

    return version()


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes | None:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes; else
    None (also on any error). Never follows a symbolic link, never blocks on a FIFO."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        parts = []
        want = st.st_size + 1  # one byte more: a file that grew since fstat is not trusted
        while want > 0:
            part = os.read(fd, want)
            if not part:
                break
            parts.append(part)
            want -= len(part)
        data = b"".join(parts)
        return data if len(data) == st.st_size else None
    except OSError:
        return None
    finally:
        os.close(fd)


class Store:
    """A folder of checked files (see the module docstring), for code with ``fingerprint``."""

    def __init__(self, directory: Path, fingerprint: str) -> None:
        self.dir = Path(directory)
        self.key = fingerprint.encode()
        self._swept: set[Path] = set()

    def _seal(self, payload: bytes) -> bytes:
        digest = hashlib.sha256(self.key)
        digest.update(payload)
        return MAGIC + digest.digest() + len(payload).to_bytes(8, "little")

    def read(self, name: str) -> bytes | None:
        """The payload stored as ``name``, or None if it is missing or fails its check."""
        data = read_regular(self.dir / name, MAX_FILE)
        if data is None or len(data) < _HEAD or not data.startswith(MAGIC):
            return None
        view = memoryview(data)
        size = int.from_bytes(view[len(MAGIC) + 32 : _HEAD], "little")
        if size != len(data) - _HEAD:
            return None
        payload = view[_HEAD:]
        digest = hashlib.sha256(self.key)
        digest.update(payload)
        if digest.digest() != view[len(MAGIC) : len(MAGIC) + 32]:
            return None
        return bytes(payload)

    def write(self, name: str, payload: bytes) -> None:
        """Store ``payload`` as ``name``, atomically. Raises OSError naming the target."""
        target = self.dir / name
        tmp = None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._sweep(target.parent)
            tmp = target.parent / f".{target.name}{_TMP}{os.getpid()}-{os.urandom(4).hex()}"
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
            try:
                view = memoryview(self._seal(payload) + payload)
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
            os.replace(tmp, target)
            tmp = None
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, os.fspath(target)) from None
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def load(self, name: str) -> Any:
        """The value marshalled into ``name``, or None."""
        payload = self.read(name)
        if payload is None:
            return None
        try:
            return marshal.loads(payload)
        except (ValueError, EOFError, TypeError):
            return None

    def dump(self, name: str, value: Any) -> None:
        self.write(name, marshal.dumps(value))

    def _sweep(self, folder: Path) -> None:
        """Remove the temporary files that writers killed mid-write left in ``folder``."""
        if folder in self._swept:
            return
        self._swept.add(folder)
        with contextlib.suppress(OSError), os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith(".") and _TMP in entry.name and not _alive(entry.name):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


def _alive(name: str) -> bool:
    """Whether the writer whose pid is in a temporary file's ``name`` still runs."""
    try:
        pid = int(name.rsplit(_TMP, 1)[1].split("-", 1)[0])
    except (IndexError, ValueError):
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True
