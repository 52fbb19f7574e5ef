"""``releases.json``: the list of published releases, beside them on the host.

``newsledger build --out ROOT`` writes (or updates) ``ROOT/releases.json`` next
to ``ROOT/newsledger-<version>/``, and ``newsledger assets`` puts it among the
flat files to upload, so the index is published with every release. It is what
``newsledger.versions()``, ``newsledger info --remote`` and
``load(version="latest")`` read::

    {"name": "newsledger", "latest": "0.2.0",
     "releases": [{"version": "0.1.0", "schema_version": "1.0", "created": null,
                   "manifest_sha256": "<hex>"}, ...]}

Releases are listed oldest first (by version). The index is a convenience, not
a trust anchor: every release it names is still verified, and checked against
the pins this package ships, when it is downloaded.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from newsledger.errors import ReleaseError

__all__ = ["INDEX", "parse_index", "update_index", "version_key"]

INDEX = "releases.json"
_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+-]{0,63}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_PARTS = re.compile(r"(\d+)|([A-Za-z]+)")


def version_key(version: str) -> tuple[Any, ...]:
    """Sort key for release versions: numeric parts as numbers, a pre-release
    (``2.0.0rc1``, ``2.0.0-beta``) before its release; build metadata (``+...``) ignored."""
    main = version.split("+", 1)[0]
    release, sep, pre = main.partition("-")
    numbers = re.match(r"\d+(?:\.\d+)*", release)
    head = tuple(int(n) for n in numbers.group().split(".")) if numbers else ()
    rest = (release[numbers.end():] if numbers else release) + (sep + pre if sep else "")
    tail = tuple((0, int(d)) if d else (1, w.lower()) for d, w in _PARTS.findall(rest))
    # A final release (no tail) sorts after its pre-releases: (1,) > (0, ...).
    return (head, (0, tail) if tail else (1,))


def _entry(release: Path) -> dict[str, Any] | None:
    manifest_path = release / "manifest.json"
    try:
        data = manifest_path.read_bytes()
        manifest = json.loads(data)
    except (OSError, ValueError):
        return None
    version = manifest.get("version") if isinstance(manifest, dict) else None
    if not isinstance(version, str) or release.name != f"newsledger-{version}":
        return None
    return {
        "version": version,
        "schema_version": manifest.get("schema_version"),
        "created": manifest.get("created"),
        "manifest_sha256": hashlib.sha256(data).hexdigest(),
    }


def update_index(root: Path) -> Path:
    """Write ``root/releases.json``: the releases it already listed, updated with
    every ``newsledger-<version>/`` now in ``root``. Written atomically."""
    path = root / INDEX
    entries: dict[str, dict[str, Any]] = {}
    if path.is_file():
        try:
            entries = {e["version"]: e for e in parse_index(path.read_bytes(), str(path))}
        except ReleaseError:
            entries = {}  # rebuilt from the releases present
    for release in sorted(root.glob("newsledger-*")):
        entry = _entry(release) if release.is_dir() else None
        if entry is not None:
            entries[entry["version"]] = entry
    releases = [entries[v] for v in sorted(entries, key=version_key)]
    doc = {"name": "newsledger", "latest": releases[-1]["version"] if releases else None, "releases": releases}
    _sweep(root)
    tmp = root / f".{INDEX}.{os.getpid()}.tmp"
    try:
        with tmp.open("wb") as fh:
            fh.write((json.dumps(doc, indent=2) + "\n").encode("utf-8"))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def _sweep(root: Path) -> None:
    """Remove the temporary index files of builds that were killed (their process is gone)."""
    for stale in root.glob(f".{INDEX}.*.tmp"):
        pid = stale.name.removeprefix(f".{INDEX}.").removesuffix(".tmp")
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            stale.unlink(missing_ok=True)
        except OSError:  # alive, another user's
            pass


def parse_index(data: bytes, source: str) -> list[dict[str, Any]]:
    """The releases an index lists, oldest first; ReleaseError naming ``source`` when malformed."""
    try:
        doc = json.loads(data)
    except ValueError as exc:
        raise ReleaseError(f"{source}: not a releases index, not JSON ({exc})") from None
    if not isinstance(doc, dict) or doc.get("name") != "newsledger" or not isinstance(doc.get("releases"), list):
        raise ReleaseError(f'{source}: not a newsledger releases index (needs "name": "newsledger" and "releases")')
    releases = []
    for number, entry in enumerate(doc["releases"], 1):
        ok = isinstance(entry, dict) and isinstance(entry.get("version"), str) and _VERSION.fullmatch(entry["version"])
        sha = entry.get("manifest_sha256") if isinstance(entry, dict) else None
        if not ok or not (sha is None or (isinstance(sha, str) and _HEX64.fullmatch(sha))):
            raise ReleaseError(f"{source}: release #{number} needs a 'version' (and a hex 'manifest_sha256')")
        releases.append(entry)
    return sorted(releases, key=lambda e: version_key(e["version"]))
