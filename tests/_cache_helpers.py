"""Reading and writing the caches' sealed files from tests (see newsledger.store)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsledger.store import Store


def _store(path: Path) -> Store:
    """The store that wrote ``path``: the release rows cache, or the validation cache."""
    if "rows" in path.relative_to(path.parents[2]).parts or path.name == "index.marshal":
        from newsledger.release.rows import FORMAT
        from newsledger.store import code_fingerprint

        return Store(path.parent, code_fingerprint(salt=f"rows {FORMAT}"))
    from newsledger.validators.cache import _fingerprint

    return Store(path.parent, _fingerprint())


def load_sealed(path: Path) -> Any:
    """The value in a cache file written by this code (None if it fails its check)."""
    return _store(path).load(path.name)


def write_sealed(path: Path, value: Any) -> None:
    """Replace a cache file with ``value``, sealed as this code seals it."""
    _store(path).dump(path.name, value)


def stored_digests(cache: Path, folder: str) -> set[str]:
    """The content digests held in the ``folder`` ("rows", "records") shards under ``cache``."""
    found: set[str] = set()
    for shard in cache.rglob(f"{folder}/*.marshal"):
        data = load_sealed(shard)
        found |= set(data["items"] if folder == "records" else data)
    return found
