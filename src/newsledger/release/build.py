"""Write a release directory, atomically and reproducibly.

``build_release`` validates the curated dataset and refuses to publish when any
error is found; ``write_release`` is the pure core: model dumps in, directory out.

Atomicity: everything is written into a hidden temporary directory beside the
target (same file system, so the final ``os.rename`` is atomic), each file is
fsynced, and only then is the directory renamed to ``newsledger-<version>``. Any
exception (KeyboardInterrupt included) removes the temporary directory, so a
failed build never leaves something that looks like a release. With
``force=True`` an existing release is moved aside first and restored if the
final rename fails.

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
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from newsledger._gc import gc_paused
from newsledger.errors import DatasetInvalid, ReleaseError
from newsledger.release import card, croissant, datapackage
from newsledger.release.manifest import (
    CHECKSUMS,
    MANIFEST,
    FileInfo,
    checksums_text,
    file_info,
    json_bytes,
    manifest_document,
)
from newsledger.release.tables import build_rows, to_arrow
from newsledger.schema.models import SCHEMA_VERSION

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
    "write_page_index": False,
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


def parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, sorting_columns=[pq.SortingColumn(0)], **PARQUET_OPTIONS)
    return bytes(sink.getvalue().to_pybytes())


# JSON leaves these unescaped, but str.splitlines() and JavaScript treat them as
# line breaks; escaped, a row is exactly one line for every reader. Each has one
# UTF-8 encoding, which no other character's encoding contains.
_LINE_BREAKS = ((b"\xe2\x80\xa8", b"\\u2028"), (b"\xe2\x80\xa9", b"\\u2029"), (b"\xc2\x85", b"\\u0085"))


def jsonl_bytes(rows: Iterable[Mapping[str, Any]]) -> bytes:
    """One compact JSON object per row (keys in the order given), dates as ISO strings.

    orjson escapes strings exactly as ``json.dumps(ensure_ascii=False)`` does and
    writes dates as ``YYYY-MM-DD``; it is several times faster, and encoding was
    most of a build's time.
    """
    import orjson

    try:
        data = b"".join(map(functools.partial(orjson.dumps, option=orjson.OPT_APPEND_NEWLINE), rows))
    except orjson.JSONEncodeError as exc:
        raise ReleaseError(f"a row cannot be written as JSON: {exc}") from exc
    for raw, escaped in _LINE_BREAKS:
        if raw in data:
            data = data.replace(raw, escaped)
    return data


# --- writing ----------------------------------------------------------------


class _Writer:
    """Writes files under a root, fsyncs them and remembers their size and digest."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, FileInfo] = {}

    def write(self, rel: str, data: bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        self.files[rel] = file_info(data)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:  # some file systems refuse fsync on directories; the data is already synced
        pass
    finally:
        os.close(fd)


def _write_tables(w: _Writer, tables: Mapping[str, pa.Table], rows: Mapping[str, list[dict[str, Any]]]) -> None:
    from concurrent.futures import ThreadPoolExecutor

    # Parquet encoding releases the GIL and JSON encoding holds it, so the two run
    # side by side: Parquet on one thread of our own (joined before returning),
    # JSON Lines here. Metadata lists files by name, so the order of writes is free.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsledger-parquet") as pool:
        parquet = {name: pool.submit(parquet_bytes, table) for name, table in tables.items()}
        for name in tables:
            w.write(f"{name}.jsonl", jsonl_bytes(rows[name]))
            w.write(f"{name}.parquet", parquet[name].result())


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
    if target.exists() or target.is_symlink():
        if not force:
            raise ReleaseError(f"{target} already exists; use --force to replace it")
        backup = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old-"))
        os.rename(target, backup / target.name)
    try:
        os.rename(tmp, target)
    except BaseException:
        if backup is not None:
            os.rename(backup / target.name, target)
            shutil.rmtree(backup, ignore_errors=True)
        raise
    _fsync_dir(target.parent)
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)


def write_release(
    entries: Iterable[dict[str, Any]],
    entities: Iterable[dict[str, Any]],
    out_parent: Path,
    version: str,
    *,
    source_date_epoch: int | None = None,
    force: bool = False,
) -> Path:
    """Write ``out_parent/newsledger-<version>/`` from validated model dumps.

    ``entries`` are ``Entry.model_dump()`` dicts and ``entities`` are
    ``Entity.model_dump()`` dicts. Returns the release directory.
    """
    target = Path(out_parent) / release_name(version)
    if (target.exists() or target.is_symlink()) and not force:
        raise ReleaseError(f"{target} already exists; use --force to replace it")
    with gc_paused():  # see newsledger._gc: every record is alive while rows are made
        rows = build_rows(entries, entities)
        tables = {name: to_arrow(name, table_rows) for name, table_rows in rows.items()}
    created = _iso(source_date_epoch)
    Path(out_parent).mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out_parent, prefix=f".{target.name}.tmp-"))
    try:
        w = _Writer(tmp)
        _write_tables(w, tables, rows)
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
    return target


def build_release(
    dataset_dir: Path,
    out_parent: Path,
    version: str | None = None,
    force: bool = False,
    *,
    on_warnings: Callable[[str], None] | None = None,
    use_cache: bool = True,
) -> Path:
    """Validate ``dataset_dir`` and write its release; raise :class:`DatasetInvalid`
    (with the rendered diagnostics) when validation finds any error.

    Validation reuses the per-file result cache: its entries are keyed by the
    sha256 of each file's bytes and by a fingerprint of newsledger's own code, so
    a cached record is exactly what validating the file again would produce, and
    the release still depends on nothing but the dataset (``use_cache=False``
    turns it off). Warnings do not stop the build; ``on_warnings`` receives them
    rendered as text.
    """
    from newsledger._version import version as package_version
    from newsledger.validators.engine import check_dataset
    from newsledger.validators.reporters import render_text

    dataset_dir = Path(dataset_dir)
    if not dataset_dir.is_dir():
        raise DatasetInvalid(f"{dataset_dir}: dataset directory not found")
    version = version or package_version()
    target = Path(out_parent) / release_name(version)
    if (target.exists() or target.is_symlink()) and not force:  # fail before the (slower) validation
        raise ReleaseError(f"{target} already exists; use --force to replace it")
    epoch = created_from_env()
    report = check_dataset(dataset_dir, use_cache=use_cache)
    if not report.ok:
        raise DatasetInvalid(
            f"{dataset_dir} has validation errors; no release was written.\n{render_text(report.diagnostics, report.files_checked)}".rstrip()
        )
    if report.diagnostics and on_warnings is not None:
        on_warnings(render_text(report.diagnostics, report.files_checked))
    return write_release(report.entries, report.entities, out_parent, version, source_date_epoch=epoch, force=force)
