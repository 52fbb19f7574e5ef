"""The cache of encoded release rows: what ``build`` made of each entry
(:func:`newsledger.release.tables.entry_parts`), by the sha256 of the entry
file's bytes, so that a build after an edit encodes only the edited entries.

Stored through :class:`newsledger.store.Store` (the one integrity mechanism the
validation cache uses too), in the user's cache directory beside the validation
cache: ``rows/XX.marshal`` (256 shards by the digest's first byte) and
``index.marshal`` (every digest stored), so that the rows of files that are
gone are dropped without reading every shard. Rows read back are used only if
they have the shape of ``EntryParts``; the release built from them is parsed
against the release schema before anything is published.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newsledger.release.tables import EntryParts
from newsledger.store import Store, cache_folder, code_fingerprint

__all__ = ["RowCache"]

FORMAT = 1


class RowCache:
    """Encoded rows by content digest (hex)."""

    def __init__(self, directory: Path) -> None:
        self.store = Store(directory, code_fingerprint(salt=f"rows {FORMAT}"))
        self.shards: dict[str, dict[str, EntryParts]] = {}
        self.dirty: set[str] = set()
        index = self.store.load("index.marshal")
        self.index: set[str] = set(index) if isinstance(index, list) and all(type(d) is str for d in index) else set()

    @classmethod
    def open(cls, dataset: Path) -> RowCache:
        return cls(cache_folder("rows", dataset))

    def _shard(self, key: str) -> dict[str, EntryParts]:
        shard = self.shards.get(key)
        if shard is None:
            data = self.store.load(f"rows/{key}.marshal")
            shard = self.shards[key] = {d: v for d, v in data.items() if type(d) is str and _shaped(v)} if isinstance(data, dict) else {}
        return shard

    def has(self, digest: str) -> bool:
        """Whether the rows of this content are stored (and intact)."""
        return digest in self.index and digest in self._shard(digest[:2])

    def get(self, digest: str) -> EntryParts | None:
        return self._shard(digest[:2]).get(digest)

    def put(self, digest: str, parts: EntryParts) -> None:
        self._shard(digest[:2])[digest] = parts
        self.dirty.add(digest[:2])

    def save(self, current: set[str]) -> None:
        """Write what changed, keeping only the rows of ``current`` digests (the entries
        of the dataset as built): an edited or deleted entry's old rows are dropped."""
        stored = self.index | {d for key in self.dirty for d in self.shards[key]}
        touched = self.dirty | {d[:2] for d in stored - current}
        for key in sorted(touched):
            shard = self._shard(key)
            kept = {d: v for d, v in shard.items() if d in current}
            if key in self.dirty or len(kept) < len(shard):
                self.store.dump(f"rows/{key}.marshal", kept)
                self.shards[key] = kept
        index = sorted(stored & current)
        if set(index) != self.index or touched:
            self.store.dump("index.marshal", index)
            self.index = set(index)
        self.dirty.clear()


def _shaped(value: Any) -> bool:
    """Whether ``value`` has the shape of :data:`~newsledger.release.tables.EntryParts`."""
    if not (type(value) is tuple and len(value) == 5 and type(value[0]) is str and type(value[1]) is bytes):
        return False
    quotes, events, refs = value[2], value[3], value[4]
    return (
        type(quotes) is tuple and all(type(q) is tuple and len(q) == 2 and type(q[0]) is str and type(q[1]) is bytes for q in quotes)
        and type(events) is tuple and all(type(e) is tuple and len(e) == 3 and type(e[0]) is str and type(e[1]) is bytes and type(e[2]) is bytes for e in events)
        and type(refs) is tuple and all(type(r) is tuple and len(r) == 3 and type(r[0]) is str and type(r[1]) is str and type(r[2]) is bytes for r in refs)
    )
