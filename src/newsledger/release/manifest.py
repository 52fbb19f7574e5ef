"""``manifest.json`` and ``SHA256SUMS``: what a release contains, and proof of it.

The manifest is the release's table of contents, read by ``newsledger.load()``,
``newsledger diff`` and the wheel build hook::

    {"name": "newsledger", "version": "1.2.0", "schema_version": "1.0",
     "generator": "newsledger 1.2.0", "created": "2024-...Z" | null,
     "tables": {"articles": {"rows": 1, "parquet": "articles.parquet", "jsonl": "articles.jsonl"}, ...},
     "files": {"<relative path>": {"bytes": n, "sha256": "<hex>"}, ...}}

``files`` lists every file of the release except ``manifest.json`` itself and
``SHA256SUMS``; ``SHA256SUMS`` (``sha256sum -c`` format) covers every file,
the manifest included, so either can be checked without the other.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from newsledger.errors import ChecksumMismatch, ReleaseError

__all__ = [
    "CHECKSUMS",
    "MANIFEST",
    "METADATA_CAP",
    "FileInfo",
    "check_relpath",
    "checksums_text",
    "file_info",
    "manifest_document",
    "read_manifest",
    "verify_files",
]

MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"
_RELPATH = re.compile(r"[0-9A-Za-z_][0-9A-Za-z._-]*(?:/[0-9A-Za-z_][0-9A-Za-z._-]*)*")
_HEX64 = re.compile(r"[0-9a-f]{64}")
#: Most bytes a manifest.json, SHA256SUMS or releases.json may have. A release's
#: are a few kB; the cap keeps a hostile host or cache from filling the memory.
METADATA_CAP = 4 << 20


@dataclass(frozen=True, slots=True)
class FileInfo:
    """Size and digest of one release file."""

    bytes: int
    sha256: str


def file_info(data: bytes) -> FileInfo:
    return FileInfo(len(data), hashlib.sha256(data).hexdigest())


def json_bytes(doc: Any) -> bytes:
    """The one JSON style of release metadata: sorted keys only where the caller
    sorted them, indent 2, UTF-8, trailing newline."""
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def manifest_document(
    *,
    version: str,
    schema_version: str,
    generator: str,
    created: str | None,
    tables: dict[str, int],
    files: dict[str, FileInfo],
) -> dict[str, Any]:
    """The manifest as a JSON-ready dict (``tables`` maps table name -> row count)."""
    listed = {p: info for p, info in files.items() if p not in (MANIFEST, CHECKSUMS)}
    return {
        "name": "newsledger",
        "version": version,
        "schema_version": schema_version,
        "generator": generator,
        "created": created,
        "tables": {
            name: {"rows": rows, "parquet": f"{name}.parquet", "jsonl": f"{name}.jsonl"}
            for name, rows in tables.items()
        },
        "files": {p: {"bytes": listed[p].bytes, "sha256": listed[p].sha256} for p in sorted(listed)},
    }


def checksums_text(files: dict[str, FileInfo]) -> str:
    """``SHA256SUMS`` content: ``<hex>  <path>`` per file, sorted by path."""
    return "".join(f"{files[p].sha256}  {p}\n" for p in sorted(files) if p != CHECKSUMS)


def check_relpath(rel: str) -> PurePosixPath:
    """A manifest path, refused unless it stays inside the release directory."""
    if not isinstance(rel, str) or not _RELPATH.fullmatch(rel) or ".." in rel.split("/"):
        raise ReleaseError(f"the release manifest lists an unsafe file path {rel!r}; refusing to use this release")
    return PurePosixPath(rel)


def read_manifest(release: Path) -> dict[str, Any]:
    """Read and check ``release/manifest.json`` (its files are not hashed here).

    Raises :class:`ReleaseError`, naming the directory, when it is not a newsledger
    release or its manifest is malformed: a missing key, a file entry without a
    size and hex sha256, a path that would leave the directory, a table whose
    Parquet file is not listed.
    """
    if not release.is_dir():
        raise ReleaseError(f"{release}: not a directory (expected a release such as release/newsledger-1.0.0/)")
    path = release / MANIFEST
    try:
        if path.stat().st_size > METADATA_CAP:
            raise ReleaseError(f"{path}: more than {METADATA_CAP} bytes; not the manifest of a newsledger release")
        doc = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise ReleaseError(f"{release} is not a newsledger release: it has no {MANIFEST}") from None
    except (OSError, ValueError) as exc:
        raise ReleaseError(f"{path}: unreadable manifest, not JSON ({exc}); the release is damaged") from None
    if not isinstance(doc, dict) or doc.get("name") != "newsledger":
        raise ReleaseError(f'{path}: not a newsledger manifest (missing "name": "newsledger")')
    for key, kind in (("version", str), ("schema_version", str), ("tables", dict), ("files", dict)):
        if not isinstance(doc.get(key), kind):
            raise ReleaseError(f"{path}: malformed manifest: {key!r} must be a {kind.__name__}")
    files = doc["files"]
    for rel, meta in files.items():
        check_relpath(rel)
        ok = isinstance(meta, dict) and isinstance(meta.get("bytes"), int) and meta["bytes"] >= 0
        if not ok or not isinstance(meta.get("sha256"), str) or not _HEX64.fullmatch(meta["sha256"]):
            raise ReleaseError(f"{path}: the entry for {rel!r} needs 'bytes' and a hex 'sha256'")
    for name, table in doc["tables"].items():
        if not isinstance(table, dict) or not isinstance(table.get("rows"), int):
            raise ReleaseError(f"{path}: malformed manifest: table {name!r} needs an integer 'rows'")
        if table.get("parquet") not in files:
            raise ReleaseError(f"{path}: table {name!r} names a parquet file that is not in 'files'")
    return doc


def verify_files(release: Path, manifest: dict[str, Any], paths: list[str] | None = None) -> None:
    """Check size and sha256 of the listed files (default: all) against the manifest."""
    files: dict[str, Any] = manifest["files"]
    for rel in sorted(files if paths is None else paths):
        expected = files.get(rel)
        if expected is None:
            raise ReleaseError(f"{release / MANIFEST}: {rel} is not listed in the manifest")
        path = release / rel
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ReleaseError(f"{path}: missing or unreadable ({exc.strerror or exc})") from None
        actual = file_info(data)
        if (actual.bytes, actual.sha256) != (expected.get("bytes"), expected.get("sha256")):
            raise ChecksumMismatch(
                f"{path}: {actual.bytes} bytes, sha256 {actual.sha256}; the manifest says "
                f"{expected.get('bytes')} bytes, sha256 {expected.get('sha256')}. The file was altered or "
                "truncated: download or rebuild the release"
            )
