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
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from newsledger.validators.engine import FileResult

FORMAT = 1


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
        self.files: dict[str, tuple[int, int, str, FileResult]] = {}
        self.records: dict[str, tuple[str, Any]] | None = None
        self.dirty = False
        self.records_dirty = False
        data = self._read("index.pickle")
        if isinstance(data, dict) and data.get("fingerprint") == self.fingerprint:
            self.files = data["files"]

    @classmethod
    def open(cls, root: Path) -> Cache:
        # In the user's cache directory, never in the repository: a pickle committed
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
            with open(self.dir / name, "rb") as fh:
                return pickle.load(fh)
        except Exception:  # noqa: BLE001 - a broken cache is a missing cache
            return None

    def _records(self) -> dict[str, tuple[str, Any]]:
        if self.records is None:
            data = self._read("records.pickle")
            ok = isinstance(data, dict) and data.get("fingerprint") == self.fingerprint
            self.records = data["records"] if ok else {}
        return self.records

    def get(self, path: Path, display: str, kind: str, want_records: bool) -> FileResult | None:
        item = self.files.get(display)
        if item is None:
            return None
        size, mtime, digest, result = item
        try:
            st = path.stat()
        except OSError:
            return None
        if (st.st_size, st.st_mtime_ns) != (size, mtime):
            try:
                current = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                return None
            if current != digest:
                return None
            self.files[display] = (st.st_size, st.st_mtime_ns, digest, result)
            self.dirty = True
        if result.kind != kind:
            return None
        if want_records and result.index is not None:
            rec = self._records().get(display)
            if rec is None or rec[0] != digest:
                return None
            return FileResult(result.path, result.kind, result.diagnostics, result.index, rec[1], digest, result.stat)
        return result

    def put(self, result: FileResult) -> None:
        if result.digest is None or result.stat is None:
            return
        digest = result.digest
        slim = FileResult(result.path, result.kind, result.diagnostics, result.index, None, digest, result.stat)
        self.files[result.path] = (*result.stat, digest, slim)
        self.dirty = True
        if result.record is not None:
            self._records()[result.path] = (digest, result.record)
            self.records_dirty = True

    def save(self) -> None:
        if self.dirty:
            self._write("index.pickle", {"fingerprint": self.fingerprint, "files": self.files})
        if self.records_dirty and self.records is not None:
            self._write("records.pickle", {"fingerprint": self.fingerprint, "records": self.records})

    def _write(self, name: str, data: Any) -> None:
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.dir, prefix=f".{name}.")
            try:
                with os.fdopen(fd, "wb") as fh:
                    pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, self.dir / name)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError:
            pass
