"""Reading and writing the cache's sealed files from tests (see newsledger.store)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsledger.store import Store


def _store(path: Path) -> Store:
    from newsledger.validators.cache import _fingerprint

    return Store(path.parent, _fingerprint())


def load_sealed(path: Path) -> Any:
    """The value in a cache file written by this code (None if it fails its check)."""
    return _store(path).load(path.name)


def write_sealed(path: Path, value: Any) -> None:
    """Replace a cache file with ``value``, sealed as this code seals it."""
    _store(path).dump(path.name, value)
