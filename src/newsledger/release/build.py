"""Write a release directory, atomically and reproducibly.

``build_release`` validates the curated dataset and refuses to publish when any
error is found; ``write_release`` is the pure core: model dumps in, directory out.

Atomicity: everything is written into a hidden temporary directory beside the
target (same file system, so the final ``os.rename`` is atomic), each file is
fsynced, and only then is the directory renamed to ``newsledger-<version>``. Any
exception (KeyboardInterrupt included) removes the temporary directory, so a
failed build never leaves something that looks like a release. With
``force=True`` the new release takes the old one's place in one atomic
exchange (``renameat2(RENAME_EXCHANGE)``), so the release path is never empty;
where that is not available the old release is moved aside first, restored if
the final rename fails, and restored by the next build if this one is killed
in between.

A build holds an exclusive ``flock`` on its temporary directory while it writes
it. A build that is killed (``kill -9``) cannot clean up; the next build of the
same release removes the temporary directories that no running build holds.

Reproducibility: no wall clock (``created`` comes only from SOURCE_DATE_EPOCH),
rows and keys in a fixed order, fixed Parquet writer settings. The same inputs
and the same library versions give byte-identical files.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from newsledger._gc import gc_paused
from newsledger.errors import DatasetInvalid, ReleaseError
from newsledger.release import card, croissant, datapackage, ids
from newsledger.release.index import update_index
from newsledger.release.manifest import (
    CHECKSUMS,
    MANIFEST,
    FileInfo,
    checksums_text,
    file_info,
    json_bytes,
    manifest_document,
)
from newsledger.release.tables import (
    EntryParts,
    arrow_table,
    assemble,
    check_references,
    entry_parts,
    escape_line_breaks,
    release_jsonl,
)
from newsledger.schema.models import SCHEMA_VERSION
from newsledger.validators.retired import retired_records

if TYPE_CHECKING:
    from newsledger.release.rows import RowCache
    from newsledger.validators.engine import Report

__all__ = ["PARQUET_OPTIONS", "build_release", "created_from_env", "release_name", "write_release"]

#: Parquet writer settings; part of the reproducibility contract, change deliberately.
PARQUET_OPTIONS: dict[str, Any] = {
    "compression": "zstd",
    "compression_level": 3,  # zstd's default: 1/3 the time of 9 for files ~14% larger (benchmarks/RESULTS.md)
    "use_dictionary": True,
    "write_statistics": True,
    "version": "2.6",
    "data_page_version": "1.0",
    "row_group_size": 1_000_000,
    "store_schema": True,
    "write_page_index": True,  # column and offset indexes: readers skip pages by min/max (Spark, parquet-java)
    "write_page_checksum": False,
    "use_content_defined_chunking": False,
}

_VERSION_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$")


def release_name(version: str) -> str:
    """The release directory name, ``newsledger-<version>``."""
    if not _VERSION_RE.match(version):
        raise ReleaseError(
            f"release version {version!r} is not usable as a directory name "
            "(letters, digits, '.', '+', '_', '-'; e.g. 1.2.0)"
        )
    return f"newsledger-{version}"


def created_from_env(environ: Mapping[str, str] | None = None) -> int | None:
    """SOURCE_DATE_EPOCH as an int, or None when unset (reproducible-builds.org)."""
    raw = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise ReleaseError(f"SOURCE_DATE_EPOCH must be a non-negative integer (seconds since 1970), got {raw!r}")
    return int(raw)


def _iso(epoch: int | None) -> str | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- encoders -----------------------------------------------------------------


#: Row order of each table's Parquet file (default: by id), declared in the file's
#: ``sorting_columns``. Events by start day, so that a date-range query reads few
#: row groups and pages (their min/max statistics are written); open or unknown
#: starts last.
SORT_KEYS: dict[str, tuple[str, ...]] = {"events": ("date_start", "id"), "retired": ("id", "table")}
#: Rows per row group, where not PARQUET_OPTIONS' one million: events in groups
#: small enough for their statistics to rule most of them out of a lookup.
ROW_GROUP_ROWS: dict[str, int] = {"events": 16_384}
#: Rows per data page of events: the page index then lets a reader that uses it
#: (Spark, parquet-java, DuckDB's filter pushdown) skip most pages of a group.
EVENT_PAGE_ROWS = 2_048
#: False-positive rate of the Bloom filter on the events' ``id``: an id lookup
#: skips the row groups whose filter rules the id out (DuckDB, Spark).
ID_BLOOM_FPP = 0.01


def _table_options(name: str, rows: int) -> dict[str, Any]:
    """PARQUET_OPTIONS for table ``name``, with the per-table settings above; the
    page-row limit and Bloom filters only where this pyarrow can write them."""
    import inspect

    options = {**PARQUET_OPTIONS, "row_group_size": ROW_GROUP_ROWS.get(name, PARQUET_OPTIONS["row_group_size"])}
    if name == "events":
        known = inspect.signature(pq.write_table).parameters
        if "max_rows_per_page" in known:
            options["max_rows_per_page"] = EVENT_PAGE_ROWS
        if "bloom_filter_options" in known and rows:
            options["bloom_filter_options"] = {"id": {"ndv": rows, "fpp": ID_BLOOM_FPP}}
    return options


def release_order(name: str, table: pa.Table) -> pa.Array | None:
    """The row indices that put ``table`` in its release order (:data:`SORT_KEYS`),
    or None when its rows (sorted by id) already are."""
    import pyarrow.compute as pc

    keys = SORT_KEYS.get(name)
    if keys is None:
        return None
    return pc.sort_indices(table, sort_keys=[(key, "ascending") for key in keys])  # nulls last: Arrow's default


def parquet_bytes(table: pa.Table, name: str = "") -> bytes:
    """Table ``name`` (already in :func:`release_order`) as Parquet bytes."""
    sink = pa.BufferOutputStream()
    sorting = [pq.SortingColumn(table.schema.get_field_index(key)) for key in SORT_KEYS.get(name, ("id",))]
    pq.write_table(table, sink, sorting_columns=sorting, **_table_options(name, table.num_rows))
    return bytes(sink.getvalue().to_pybytes())


def jsonl_bytes(rows: Iterable[Mapping[str, Any]]) -> bytes:
    """One compact JSON object per row (keys in the order given), dates as ISO strings,
    exactly as the release's JSON Lines are encoded (see :mod:`newsledger.release.tables`)."""
    import orjson

    try:
        data = b"".join(map(functools.partial(orjson.dumps, option=orjson.OPT_APPEND_NEWLINE), rows))
    except orjson.JSONEncodeError as exc:
        raise ReleaseError(f"a row cannot be written as JSON: {exc}") from exc
    return escape_line_breaks(data)


# --- writing ----------------------------------------------------------------


class _Writer:
    """Writes files under a root, fsyncs them and remembers their size and digest."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, FileInfo] = {}

    def write(self, rel: str, data: bytes) -> None:
        path = self.root / rel
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "xb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:  # a full disk: say which file (newsledger.cli, exit 3)
            if exc.filename is None:
                raise OSError(exc.errno, exc.strerror, os.fspath(path)) from None
            raise
        self.files[rel] = file_info(data)

    def scratch(self, rel: str, data: bytes) -> Path:
        """Write ``data`` to a file that is not part of the release (removed by the caller)."""
        path = self.root / rel
        try:
            with open(path, "xb") as fh:
                fh.write(data)
        except OSError as exc:
            if exc.filename is None:
                raise OSError(exc.errno, exc.strerror, os.fspath(path)) from None
            raise
        return path

    def write_lines(self, rel: str, source: Path, order: list[int] | None) -> None:
        """Write the lines of file ``source`` as ``rel``, in ``order`` (indices of its
        lines; None: as they are), reading them one at a time."""
        import hashlib

        path = self.root / rel
        digest = hashlib.sha256()
        size = 0
        try:
            with open(source, "rb") as src, open(path, "xb") as out:
                offsets = _line_offsets(src)
                fd = src.fileno()
                for i in range(len(offsets) - 1) if order is None else order:
                    line = os.pread(fd, offsets[i + 1] - offsets[i], offsets[i])
                    out.write(line)
                    digest.update(line)
                    size += len(line)
                out.flush()
                os.fsync(out.fileno())
        except OSError as exc:
            if exc.filename is None:
                raise OSError(exc.errno, exc.strerror, os.fspath(path)) from None
            raise
        self.files[rel] = FileInfo(size, digest.hexdigest())


def _line_offsets(fh: Any) -> list[int]:
    """Where each line of the open file starts, and its end (one line per ``\\n``)."""
    offsets = [0]
    base = 0
    while block := fh.read(1 << 22):
        at = block.find(b"\n")
        while at != -1:
            offsets.append(base + at + 1)
            at = block.find(b"\n", at + 1)
        base += len(block)
    if offsets[-1] != base:  # a last line without a newline
        offsets.append(base)
    return offsets


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:  # some file systems refuse fsync on directories; the data is already synced
        pass
    finally:
        os.close(fd)


def _arrow_and_parquet(name: str, data: Path) -> tuple[pa.Table, bytes, list[int] | None]:
    """Table ``name`` (JSON Lines in the file ``data``) in release order, as Arrow and
    Parquet, and that order of the lines when it is not the file's."""
    table = arrow_table(name, data)
    order = release_order(name, table)
    if order is None:
        return table, parquet_bytes(table, name), None
    table = table.take(order)
    return table, parquet_bytes(table, name), order.to_pylist()


def _write_tables(w: _Writer, jsonl: dict[str, bytes]) -> dict[str, pa.Table]:
    """Write each table as JSON Lines and Parquet; return the Arrow tables.

    ``jsonl`` is emptied: every table's JSON Lines are written, and let go, before
    any is parsed, and Arrow parses them back from the written files; at 100,000
    entries the lines are some 700 MB, which need not be held beside the Arrow
    tables. A table in another order than its lines' (:data:`SORT_KEYS`) is first
    written to a scratch file, and copied line by line in the order its parse
    told, never held whole. Two threads of our own (joined before returning;
    parsing and encoding release the GIL) each parse a table and encode its
    Parquet. Parquet files are written only once the foreign keys are checked.
    Metadata lists files by name, so the order of writes is free.
    """
    from concurrent.futures import ThreadPoolExecutor

    names = list(jsonl)  # the tables in their order (metadata lists them so)
    # The largest table first, so that the two threads finish close together.
    order = sorted(jsonl, key=lambda name: -len(jsonl[name]))
    sources: dict[str, Path] = {}
    for name in order:
        if name in SORT_KEYS:
            sources[name] = w.scratch(f".{name}.unsorted.jsonl", jsonl.pop(name))
        else:
            w.write(f"{name}.jsonl", jsonl.pop(name))
            sources[name] = w.root / f"{name}.jsonl"
    _trim_heap()
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="newsledger-arrow") as pool:
        done = {name: pool.submit(_arrow_and_parquet, name, sources[name]) for name in order}
        results = {name: done[name].result() for name in order}
    tables = {name: results[name][0] for name in names}
    check_references(tables)
    for name in order:
        _, parquet, lines = results.pop(name)
        if name in SORT_KEYS:  # in the Parquet file's order, which only the parse told
            w.write_lines(f"{name}.jsonl", sources[name], lines)
            sources[name].unlink()
        w.write(f"{name}.parquet", parquet)
    return tables


def _write_schemas(w: _Writer) -> None:
    from newsledger.schema.export import dumps, schema_documents

    for name, doc in sorted(schema_documents().items()):
        w.write(f"schema/{name}", dumps(doc).encode("utf-8"))


def _write_metadata(w: _Writer, tables: Mapping[str, pa.Table], version: str, created: str | None) -> None:
    data_files = dict(w.files)
    w.write("datapackage.json", json_bytes(datapackage.document(tables, data_files, version, created)))
    w.write("croissant.json", json_bytes(croissant.document(tables, data_files, version, created)))
    w.write("README.md", card.render(tables, version, created).encode("utf-8"))


def _write_manifest(w: _Writer, tables: Mapping[str, pa.Table], version: str, created: str | None) -> None:
    from newsledger._version import version as package_version

    doc = manifest_document(
        version=version,
        schema_version=SCHEMA_VERSION,
        generator=f"newsledger {package_version()}",
        created=created,
        tables={name: t.num_rows for name, t in tables.items()},
        files=w.files,
    )
    w.write(MANIFEST, json_bytes(doc))


def _write_checksums(w: _Writer) -> None:
    w.write(CHECKSUMS, checksums_text(w.files).encode("utf-8"))


def _finish_permissions(root: Path) -> None:
    """mkdtemp makes a 0700 directory; a published release should follow the umask."""
    umask = os.umask(0)
    os.umask(umask)
    for path in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        path.chmod(0o777 & ~umask)


def _publish(tmp: Path, target: Path, force: bool) -> None:
    """Rename ``tmp`` to ``target``; with ``force`` replace an existing target safely."""
    backup: Path | None = None
    lock: int | None = None
    if target.exists() or target.is_symlink():
        if not force:
            raise ReleaseError(f"{target} already exists; use --force to replace it")
        if target.is_dir() and not target.is_symlink() and _exchange(tmp, target):
            _fsync_dir(target.parent)
            shutil.rmtree(tmp, ignore_errors=True)  # the old release, now
            return
        backup = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old-"))
        lock = _lock_dir(backup)  # held: the next build restores it only if this one died
        os.rename(target, backup / target.name)
    try:
        os.rename(tmp, target)
    except BaseException:
        if backup is not None:
            os.rename(backup / target.name, target)
            shutil.rmtree(backup, ignore_errors=True)
        raise
    finally:
        if lock is not None:
            os.close(lock)
    _fsync_dir(target.parent)
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap the names ``a`` and ``b`` atomically (Linux ``renameat2(RENAME_EXCHANGE)``,
    through ctypes); False where the system or file system does not offer it."""
    import errno
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), os.fspath(b))


def _lock_dir(path: Path | str) -> int | None:
    """A descriptor of directory ``path`` holding an exclusive flock on it, or None when
    another process holds it (or it cannot be opened). The lock ends with the process."""
    import fcntl

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _sweep_leftovers(out_parent: Path, name: str) -> None:
    """Clean up after killed builds of release ``name`` in ``out_parent``: remove their
    temporary directories, and put back a release that a ``--force`` build had moved
    aside when it was killed. Directories a running build holds are left alone."""
    target = out_parent / name
    try:
        entries = [e for e in os.scandir(out_parent) if e.name.startswith((f".{name}.tmp-", f".{name}.old-"))]
    except OSError:
        return
    for entry in entries:
        if not entry.is_dir(follow_symlinks=False):
            continue
        fd = _lock_dir(entry.path)
        if fd is None:
            continue
        try:
            kept = Path(entry.path) / name
            if entry.name.startswith(f".{name}.old-") and kept.is_dir() and not (target.exists() or target.is_symlink()):
                os.rename(kept, target)
                _fsync_dir(out_parent)
            shutil.rmtree(entry.path, ignore_errors=True)
        finally:
            os.close(fd)


def write_release(
    entries: Iterable[dict[str, Any]],
    entities: Iterable[dict[str, Any]],
    out_parent: Path,
    version: str,
    *,
    source_date_epoch: int | None = None,
    force: bool = False,
    retired: Iterable[dict[str, Any]] = (),
) -> Path:
    """Write ``out_parent/newsledger-<version>/`` from validated model dumps.

    ``entries`` are ``Entry.model_dump()`` dicts, ``entities`` are
    ``Entity.model_dump()`` dicts and ``retired`` ``Retired.model_dump()`` dicts
    (the tombstones). Returns the release directory.
    """
    _sweep_leftovers(Path(out_parent), release_name(version))
    _refuse_existing(Path(out_parent) / release_name(version), force)
    with gc_paused():  # see newsledger._gc: every record is alive while rows are made
        jsonl = {**release_jsonl(entries, entities), ids.RETIRED: ids.retired_jsonl(retired)}
    return _write_release(jsonl, Path(out_parent), version, source_date_epoch, force)


def _refuse_existing(target: Path, force: bool) -> None:
    if (target.exists() or target.is_symlink()) and not force:
        raise ReleaseError(f"{target} already exists; use --force to replace it")


def _write_release(
    jsonl: dict[str, bytes], out_parent: Path, version: str, source_date_epoch: int | None, force: bool
) -> Path:
    """Write the release of the tables' JSON Lines (from ``tables.assemble``)."""
    target = out_parent / release_name(version)
    _refuse_existing(target, force)
    created = _iso(source_date_epoch)
    out_parent.mkdir(parents=True, exist_ok=True)
    _sweep_leftovers(out_parent, target.name)
    tmp = Path(tempfile.mkdtemp(dir=out_parent, prefix=f".{target.name}.tmp-"))
    lock = _lock_dir(tmp)  # while held, no other build takes it for a killed one's leftovers
    try:
        w = _Writer(tmp)
        tables = _write_tables(w, jsonl)
        _write_schemas(w)
        _write_metadata(w, tables, version, created)
        _write_manifest(w, tables, version, created)
        _write_checksums(w)
        for directory in [tmp / "schema", tmp]:
            _fsync_dir(directory)
        _finish_permissions(tmp)
        _publish(tmp, target, force)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        if lock is not None:
            os.close(lock)
    return target


def build_release(
    dataset_dir: Path,
    out_parent: Path,
    version: str | None = None,
    force: bool = False,
    *,
    on_warnings: Callable[[str], None] | None = None,
    use_cache: bool = True,
    previous: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """Validate ``dataset_dir`` and write its release; raise :class:`DatasetInvalid`
    (with the rendered diagnostics) when validation finds any error.

    Each valid entry's release rows are encoded by the validation workers, as
    they check it (``check_dataset(encode=entry_parts)``): no record of the
    dataset is held whole. Validation reuses its result cache, and the build its
    own cache of encoded rows (:mod:`newsledger.release.rows`); both are keyed by
    the sha256 of the file's bytes and by a fingerprint of newsledger's own code,
    and sealed (:mod:`newsledger.store`), so a cached result is exactly what
    checking or encoding the file again would produce, and the release depends
    on nothing but the dataset (``use_cache=False`` turns the caches off; the
    release is the same byte for byte). Warnings do not stop the build;
    ``on_warnings`` receives them rendered as text.
    With ``previous`` (a release directory) every id of that release must still
    be there or have a tombstone in ``retired.yaml``
    (:func:`newsledger.release.ids.check_ids`). ``progress(done, total)`` follows
    the validation of the files.
    """
    from newsledger._version import version as package_version

    dataset_dir = Path(dataset_dir)
    if not dataset_dir.is_dir():
        raise DatasetInvalid(f"{dataset_dir}: dataset directory not found")
    version = version or package_version()
    _sweep_leftovers(Path(out_parent), release_name(version))  # a release a killed --force build moved aside is back
    _refuse_existing(Path(out_parent) / release_name(version), force)  # before the (slower) validation
    epoch = created_from_env()
    rows = None
    if use_cache:
        from newsledger.release.rows import RowCache

        rows = RowCache.open(dataset_dir)
    def tables(rows: RowCache | None) -> dict[str, bytes]:
        jsonl = _validated_jsonl(dataset_dir, rows, on_warnings, progress)
        jsonl[ids.RETIRED] = ids.retired_jsonl(retired_records(dataset_dir))
        if previous is not None:
            ids.check_ids(previous, jsonl)
        return jsonl

    try:
        release = _write_release(tables(rows), Path(out_parent), version, epoch, force)
    except ReleaseError:
        if rows is None:
            raise
        # Cached rows that the release schema refuses (they passed their seal and
        # shape checks): encoded afresh, never published as they were.
        on_warnings = None  # said once already
        release = _write_release(tables(None), Path(out_parent), version, epoch, force)
    update_index(release.parent)  # releases.json beside the releases: published with each one
    return release


def _validated_jsonl(
    dataset_dir: Path, rows: RowCache | None, on_warnings: Callable[[str], None] | None, progress: Callable[[int, int], None] | None = None,
) -> dict[str, bytes]:
    """Validate the dataset, encoding the entries ``rows`` lacks; the tables' JSON Lines."""
    from newsledger.validators.engine import check_dataset
    from newsledger.validators.reporters import render_text

    report = check_dataset(
        dataset_dir, use_cache=rows is not None, want_records=False, encode=entry_parts, encoded=rows.has if rows is not None else None,
        progress=progress,
    )
    if not report.ok:
        raise DatasetInvalid(
            f"{dataset_dir} has validation errors; no release was written.\n{render_text(report.diagnostics, report.files_checked)}".rstrip()
        )
    if report.diagnostics and on_warnings is not None:
        on_warnings(render_text(report.diagnostics, report.files_checked))
    with gc_paused():  # see newsledger._gc: every entry's rows are alive while tables are made
        parts = _parts(report, rows)
        if parts is None:  # a cached row lost since validation looked: check again without the cache
            if rows is None:  # a worker could not encode an entry: again here, where the error is raised
                full = check_dataset(dataset_dir, use_cache=False)
                return assemble(map(entry_parts, full.entries), full.entities)
            return _validated_jsonl(dataset_dir, None, None)
        if rows is not None:
            rows.save({digest for _, kind, digest in report.sources if kind == "entry" and digest is not None})
        entities, report.entities = report.entities, []
        del report
        _trim_heap()  # the validation results are gone
        jsonl = assemble(parts, entities)
    _trim_heap()  # and so are the entries' lines, joined into the tables
    return jsonl


def _trim_heap() -> None:
    """Hand the C heap's free pages back to the system (glibc ``malloc_trim``).

    A build frees the validation results, then each table's lines once joined:
    millions of small objects whose pages the allocator keeps, so the process
    would stay at its high-water mark while Arrow allocates the tables on top.
    """
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        pass


def _parts(report: Report, rows: RowCache | None) -> list[EntryParts] | None:
    """Every entry's encoded rows: made in this run, or from the cache (``rows``); None
    when one is missing. What was made in this run is added to the cache."""
    made, report.encoded = report.encoded, {}
    parts: list[EntryParts] = []
    for _, kind, digest in report.sources:
        if kind != "entry":
            continue
        if digest is None:
            return None
        found = made.get(digest)
        if found is not None:
            if rows is not None:
                rows.put(digest, found)
        elif rows is not None:
            found = rows.get(digest)
        if found is None:
            return None
        parts.append(found)
    return parts
