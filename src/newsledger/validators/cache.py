"""A per-file result cache, so re-validating after one change re-checks one file.

Entries are keyed by the file's display path and validated by its size and
modification time, falling back to a sha256 of the content when the stat
changed (a checkout or ``touch`` without edits). The whole cache is invalidated
when newsledger's own code changes (a fingerprint of its source files). Cached
records (needed by ``build``) are stored apart from diagnostics and indexes, so
a plain ``validate`` does not load them.

The cache lives in the user's cache directory (``NEWSLEDGER_CACHE_DIR``
overrides it), one folder per dataset path; never inside the repository. It is
written atomically (temporary file, then rename); a cache that cannot be read
or written is ignored, never an error.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any

from newsledger.validators.engine import FileResult
from newsledger.validators.engine import pack_result as _pack
from newsledger.validators.engine import unpack_result as _unpack

FORMAT = 2

# Stored as plain tuples (engine.pack_result) with marshal: several times faster
# to load than pickled objects (the warm pre-commit run loads every file's entry),
# and loading runs no code from the file.


def _fingerprint() -> str:
    import newsledger

    pkg = Path(newsledger.__file__).parent
    h = hashlib.sha256(str(FORMAT).encode())
    for sub in ("schema", "validators", "validators/rules"):
        for f in sorted((pkg / sub).glob("*.py")):
            st = f.stat()
            h.update(f"{f.name}:{st.st_size}:{st.st_mtime_ns};".encode())
    from newsledger._version import version

    h.update(version().encode())
    return h.hexdigest()


class Cache:
    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.fingerprint = _fingerprint()
        self.files: dict[str, tuple[int, int, str, Any]] = {}
        # Records (what build needs) are content-addressed by sha256 and sharded
        # into 256 files, so one changed entry rewrites one small shard.
        self.shards: dict[str, dict[str, Any]] = {}
        self.dirty = False
        self.dirty_shards: set[str] = set()
        data = self._read("index.marshal")
        if isinstance(data, dict) and data.get("fingerprint") == self.fingerprint:
            self.files = data["files"]

    @classmethod
    def open(cls, root: Path) -> Cache:
        # In the user's cache directory, never in the repository: a cache file committed
        # by a hostile pull request must not be loaded by CI.
        base = os.environ.get("NEWSLEDGER_CACHE_DIR")
        if base:
            parent = Path(base)
        else:
            import platformdirs

            parent = platformdirs.user_cache_path("newsledger")
        key = hashlib.sha256(str(Path(root).resolve()).encode()).hexdigest()[:16]
        return cls(parent / "validate" / key)

    def _read(self, name: str) -> Any:
        try:
            return marshal.loads((self.dir / name).read_bytes())
        except (OSError, ValueError, EOFError, TypeError):  # a broken cache is a missing cache
            return None

    def _shard(self, digest: str) -> dict[str, Any]:
        key = digest[:2]
        shard = self.shards.get(key)
        if shard is None:
            data = self._read(f"records/{key}.marshal")
            ok = isinstance(data, dict) and data.get("fingerprint") == self.fingerprint
            shard = self.shards[key] = data["records"] if ok else {}
        return shard

    def get(self, path: str, display: str, kind: str, want_records: bool) -> FileResult | None:
        item = self.files.get(display)
        if item is None:
            return None
        size, mtime, digest, packed = item
        try:
            st = os.stat(path)
        except OSError:
            return None
        if st.st_size != size:  # different content; and never hash a file that grew huge
            return None
        if st.st_mtime_ns != mtime:
            from newsledger.validators.yamlload import MAX_BYTES

            try:
                with open(path, "rb") as fh:
                    current = hashlib.sha256(fh.read(MAX_BYTES + 1)).hexdigest()
            except OSError:
                return None
            if current != digest:
                return None
            self.files[display] = (st.st_size, st.st_mtime_ns, digest, packed)
            self.dirty = True
        if packed[1] != kind:
            return None
        result = _unpack(packed)
        if want_records and result.index is not None:
            if digest not in self._shard(digest):
                return None
            return FileResult(result.path, result.kind, result.diagnostics, result.index, self._shard(digest)[digest], digest, result.stat)
        return result

    def put(self, result: FileResult) -> None:
        if result.digest is None or result.stat is None:
            return
        digest = result.digest
        self.files[result.path] = (*result.stat, digest, _pack(result))
        self.dirty = True
        if result.record is not None:
            self._shard(digest)[digest] = result.record
            self.dirty_shards.add(digest[:2])

    def save(self) -> None:
        if self.dirty:
            self._write("index.marshal", {"fingerprint": self.fingerprint, "files": self.files})
        for key in sorted(self.dirty_shards):
            self._write(f"records/{key}.marshal", {"fingerprint": self.fingerprint, "records": self.shards[key]})

    def _write(self, name: str, data: Any) -> None:
        try:
            target = self.dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(marshal.dumps(data))
                os.replace(tmp, target)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            pass
