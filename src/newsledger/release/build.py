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

import contextlib
import functools
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

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
    SPOOLED,
    EntryParts,
    Spool,
    TableShape,
    arrow_table,
    check_references,
    entities_jsonl,
    entry_parts,
    escape_line_breaks,
)
from newsledger.schema.models import SCHEMA_VERSION
from newsledger.validators.retired import retired_records

if TYPE_CHECKING:
    from newsledger.release.rows import RowCache
    from newsledger.release.spill import Reader, Spilled
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


@contextlib.contextmanager
def _naming(path: Path) -> Iterator[None]:
    """An OSError without a file name (a full disk on write) gets ``path``'s: the
    command line says which file (newsledger.cli, exit 3)."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None:
            raise OSError(exc.errno, exc.strerror, os.fspath(path)) from None
        raise


class _Writer:
    """Writes files under a root, fsyncs them and remembers their size and digest."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, FileInfo] = {}

    def write(self, rel: str, data: bytes) -> None:
        path = self.root / rel
        with _naming(path):
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "xb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        self.files[rel] = file_info(data)

    def write_chunks(self, rel: str, chunks: Iterable[bytes], scratch: bool = False) -> Path:
        """Write the pieces ``chunks`` one after the other as ``rel``; with ``scratch``, a
        file that is not part of the release (removed by the caller)."""
        import hashlib

        path = self.root / rel
        digest = hashlib.sha256()
        size = 0
        with _naming(path), open(path, "xb") as fh:
            for chunk in chunks:
                fh.write(chunk)
                if not scratch:
                    digest.update(chunk)
                size += len(chunk)
            if not scratch:
                fh.flush()
                os.fsync(fh.fileno())
        if not scratch:
            self.files[rel] = FileInfo(size, digest.hexdigest())
        return path

    def table_lines(self, name: str, chunks: Iterable[bytes]) -> Path:
        """Write table ``name``'s JSON Lines (in release order) as the release's file."""
        return self.write_chunks(f"{name}.jsonl", chunks)

    def write_lines(self, rel: str, source: Path, order: list[int] | None) -> None:
        """Write the lines of file ``source`` as ``rel``, in ``order`` (indices of its
        lines; None: as they are), reading them one at a time."""
        import hashlib

        path = self.root / rel
        digest = hashlib.sha256()
        size = 0
        with _naming(path), open(source, "rb") as src, open(path, "xb") as out:
            offsets = _line_offsets(src)
            fd = src.fileno()
            for i in range(len(offsets) - 1) if order is None else order:
                line = os.pread(fd, offsets[i + 1] - offsets[i], offsets[i])
                out.write(line)
                digest.update(line)
                size += len(line)
            out.flush()
            os.fsync(out.fileno())
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


def _arrow_and_parquet(name: str, data: Path) -> tuple[TableShape, bytes, list[int] | None]:
    """Table ``name`` (JSON Lines in the file ``data``, written in release order) as
    Parquet; its shape (with the key columns, for :func:`check_references`, and what
    the metadata reads), so that the rest of the table is let go; and the order of the lines
    if they turn out not to be in release order after all (the Parquet is in it)."""
    table = arrow_table(name, data)
    order = release_order(name, table)
    lines = None
    if order is not None and len(order) > 1 and not pc.all(pc.greater(order[1:], order[:-1])).as_py():
        table = table.take(order)
        lines = order.to_pylist()
    return TableShape.of(name, table), parquet_bytes(table, name), lines


def _write_tables(w: _Writer, sources: dict[str, Path]) -> dict[str, TableShape]:
    """Write each table as Parquet; return the tables' shapes.

    ``sources`` holds each table's JSON Lines, already written as the release's
    file in release order (rows by id, or by :data:`SORT_KEYS`), in the order the
    metadata lists the tables. Two threads of our own (joined before returning;
    parsing and encoding release the GIL) each parse a table and encode its
    Parquet, and keep of it only its key columns: no table is held beyond its
    turn. Parquet files are written only once the foreign keys are checked.
    Metadata lists files by name, so the order of writes is free. Lines that
    were not in release order after all are written again in it.
    """
    from concurrent.futures import ThreadPoolExecutor

    names = list(sources)
    # The largest table first, so that the two threads finish close together.
    order = sorted(names, key=lambda name: -sources[name].stat().st_size)
    _trim_heap()
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="newsledger-arrow") as pool:
        done = {name: pool.submit(_arrow_and_parquet, name, sources[name]) for name in order}
        results = {name: done[name].result() for name in order}
    shapes = {name: results[name][0] for name in names}
    check_references(shapes)
    for name in order:
        _, parquet, lines = results.pop(name)
        if lines is not None:
            scratch = f".{name}.ordered.jsonl"
            w.write_lines(scratch, sources[name], lines)
            os.replace(w.root / scratch, sources[name])
            w.files[f"{name}.jsonl"] = w.files.pop(scratch)
        w.write(f"{name}.parquet", parquet)
    return shapes


def _write_schemas(w: _Writer) -> None:
    from newsledger.schema.export import dumps, schema_documents

    for name, doc in sorted(schema_documents().items()):
        w.write(f"schema/{name}", dumps(doc).encode("utf-8"))


def _write_metadata(w: _Writer, tables: Mapping[str, TableShape], version: str, created: str | None) -> None:
    data_files = dict(w.files)
    w.write("datapackage.json", json_bytes(datapackage.document(tables, data_files, version, created)))
    w.write("croissant.json", json_bytes(croissant.document(tables, data_files, version, created)))
    w.write("README.md", card.render(tables, version, created).encode("utf-8"))


def _write_manifest(w: _Writer, tables: Mapping[str, TableShape], version: str, created: str | None) -> None:
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

    def fill(w: _Writer) -> dict[str, Path]:
        spool = Spool(w.root)
        try:
            for entry in entries:
                spool.add(entry_parts(entry))
            return _spooled_tables(w, spool, entities, ids.retired_jsonl(retired))
        finally:
            spool.close()

    return _write_release(fill, Path(out_parent), version, source_date_epoch, force)


def _spooled_tables(w: _Writer, spool: Spool, entities: Iterable[dict[str, Any]], retired: bytes, previous: Path | None = None) -> dict[str, Path]:
    """Write the tables' JSON Lines (rows by id) from ``spool`` and the entity dumps,
    after checking ids (and with ``previous``, their stability); the files, by table."""
    spool.check()
    entity_lines = entities_jsonl(entities)
    if previous is not None:
        live = {name: spool.ids(name) for name in SPOOLED}
        live["entities"] = [orjson.loads(line)["id"] for line in entity_lines.splitlines()]
        ids.check_live_ids(previous, live, retired)
    files = {name: w.table_lines(name, spool.lines(name, release_order=True)) for name in SPOOLED}
    files["entities"] = w.table_lines("entities", [entity_lines])
    files[ids.RETIRED] = w.table_lines(ids.RETIRED, [retired])
    return files


def _refuse_existing(target: Path, force: bool) -> None:
    if (target.exists() or target.is_symlink()) and not force:
        raise ReleaseError(f"{target} already exists; use --force to replace it")


def _write_release(
    fill: Callable[[_Writer], dict[str, Path]], out_parent: Path, version: str, source_date_epoch: int | None, force: bool
) -> Path:
    """Write a release in a temporary directory beside its target and publish it.
    ``fill`` writes the tables' JSON Lines there (see :func:`_spooled_tables`)."""
    target = out_parent / release_name(version)
    _refuse_existing(target, force)
    created = _iso(source_date_epoch)
    out_parent.mkdir(parents=True, exist_ok=True)
    _sweep_leftovers(out_parent, target.name)
    tmp = Path(tempfile.mkdtemp(dir=out_parent, prefix=f".{target.name}.tmp-"))
    lock = _lock_dir(tmp)  # while held, no other build takes it for a killed one's leftovers
    try:
        w = _Writer(tmp)
        tables = _write_tables(w, fill(w))
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
    they check it (``check_dataset(encode=...)``), and written to a scratch file
    there (:mod:`newsledger.release.spill`): no record of the dataset, and no
    table, is held whole. Validation reuses its result cache, and the build its
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
    out_parent = Path(out_parent)
    _sweep_leftovers(out_parent, release_name(version))  # a release a killed --force build moved aside is back
    _refuse_existing(out_parent / release_name(version), force)  # before the (slower) validation
    epoch = created_from_env()
    rows = None
    if use_cache:
        from newsledger.release.rows import RowCache

        rows = RowCache.open(dataset_dir)

    def fill(rows: RowCache | None, on_warnings: Callable[[str], None] | None) -> Callable[[_Writer], dict[str, Path]]:
        return functools.partial(_validated_tables, dataset_dir=dataset_dir, rows=rows, on_warnings=on_warnings, progress=progress, previous=previous)

    try:
        release = _write_release(fill(rows, on_warnings), out_parent, version, epoch, force)
    except ReleaseError:
        if rows is None:
            raise
        # Cached rows that the release schema refuses (they passed their seal and
        # shape checks): encoded afresh, never published as they were.
        release = _write_release(fill(None, None), out_parent, version, epoch, force)  # warnings said once already
    update_index(release.parent)  # releases.json beside the releases: published with each one
    return release


def _validated_tables(
    w: _Writer, *, dataset_dir: Path, rows: RowCache | None, on_warnings: Callable[[str], None] | None,
    progress: Callable[[int, int], None] | None, previous: Path | None,
) -> dict[str, Path]:
    """Validate the dataset, encoding the entries ``rows`` lacks (in the workers, which
    spill them to ``w.root``), and write the tables' JSON Lines there."""
    from newsledger.release import spill
    from newsledger.validators.engine import check_dataset
    from newsledger.validators.reporters import render_text

    folder = w.root / ".parts"
    folder.mkdir()
    encode = functools.partial(spill.spill, os.fspath(folder), entry_parts)
    try:
        report = check_dataset(
            dataset_dir, use_cache=rows is not None, want_records=False, encode=encode, encoded=rows.has if rows is not None else None,
            progress=progress,
        )
    finally:
        spill.close(os.fspath(folder))
    if not report.ok:
        raise DatasetInvalid(
            f"{dataset_dir} has validation errors; no release was written.\n{render_text(report.diagnostics, report.files_checked)}".rstrip()
        )
    if report.diagnostics and on_warnings is not None:
        on_warnings(render_text(report.diagnostics, report.files_checked))
    made, entities, sources = _compacted(report)
    reader = spill.Reader(folder)
    spool = Spool(w.root)
    try:
        current = {digest for _, kind, digest in sources if kind == "entry" and digest is not None}
        missing = _spool_parts(spool, sources, made, reader, rows, current)
        if missing:  # a cached encoding lost since validation looked (a damaged shard): made again
            again = check_dataset(
                dataset_dir, use_cache=rows is not None, want_records=False, encode=encode, encoded=lambda d: d not in missing,
            ) if rows is not None else None
            spill.close(os.fspath(folder))
            found = {} if again is None else again.encoded
            if any(d is None or d not in found for d in missing):
                _encode_error(dataset_dir)
            _spool_parts(spool, [(p, k, d) for p, k, d in sources if d in missing], found, reader, rows, current)
        if rows is not None:
            rows.finish(current)
        return _spooled_tables(w, spool, entities, ids.retired_jsonl(retired_records(dataset_dir)), previous)
    finally:
        spool.close()
        reader.close()
        shutil.rmtree(folder, ignore_errors=True)


def _compacted(report: Report) -> tuple[dict[str, Spilled], list[dict[str, Any]], list[tuple[str, str, str | None]]]:
    """What the build keeps of the validation ``report`` (the entries' spilled rows,
    the entity records, every file's digest), copied out of the heap it shares.

    The report is let go first. What the build keeps (a few per cent of it) was
    allocated among the validation results, and the arenas of Python's allocator
    are only handed back when no object in them is alive: at 100,000 entries,
    keeping it in place kept some 350 MB of freed results resident beside the
    Arrow tables. So it is marshalled, the report dropped, and read back.
    """
    import gc
    import marshal

    kept = marshal.dumps((report.encoded, report.entities, report.sources))
    report.encoded, report.entities, report.sources, report.diagnostics, report.files = {}, [], [], [], []
    gc.collect()
    _trim_heap()
    made, entities, sources = marshal.loads(kept)
    return made, entities, sources


def _spool_parts(
    spool: Spool, sources: list[tuple[str, str, str | None]], made: Mapping[str, Spilled], reader: Reader, rows: RowCache | None,
    current: set[str],
) -> list[str | None]:
    """Add every entry of ``sources`` to ``spool``: its rows made in this run (``made``,
    read back with ``reader``), or else from the cache (``rows``), which is given
    what was made; its shards are visited one at a time, and let go, keeping the
    rows of the ``current`` digests only. Returns the digests of the entries whose rows were found in neither."""
    from collections import defaultdict

    wanted: dict[str, list[str]] = defaultdict(list)
    missing: list[str | None] = []
    for _, kind, digest in sources:
        if kind != "entry":
            continue
        if digest is None:
            missing.append(None)
        else:
            wanted[digest[:2]].append(digest)
    for key in sorted(wanted):
        stored = rows.shard(key) if rows is not None else {}
        changed = False
        for digest in wanted[key]:
            where = made.get(digest)
            parts: EntryParts | None
            if where is not None:
                parts = reader.read(where)
                if rows is not None:
                    stored[digest] = parts
                    changed = True
            else:
                parts = stored.get(digest)
            if parts is None:
                missing.append(digest)
            else:
                spool.add(parts)
        if rows is not None:
            kept = {d: v for d, v in stored.items() if d in current}
            rows.replace(key, kept, changed or len(kept) < len(stored))
        del stored
    return missing


def _encode_error(dataset_dir: Path) -> None:
    """An entry's rows could not be made in a worker: made here, from every record, where
    the problem is raised. Rare (a bug, or a file edited during the build), and it
    holds every record: raises what encoding an entry raises, else ReleaseError."""
    from newsledger.validators.engine import check_dataset

    full = check_dataset(dataset_dir, use_cache=False)
    for entry in full.entries:
        entry_parts(entry)
    raise ReleaseError(f"{dataset_dir}: entries changed while the release was built; build it again")


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
