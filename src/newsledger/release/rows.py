"""The cache of encoded release rows: what ``build`` made of each entry
(:func:`newsledger.release.tables.entry_parts`), by the sha256 of the entry
file's bytes, so that a build after an edit encodes only the edited entries.

Stored through :class:`newsledger.store.Store` (the one integrity mechanism the
validation cache uses too), in the user's cache directory beside the validation
cache: ``rows/XX.marshal`` (256 shards by the digest's first byte) and
``index.marshal`` (every digest stored), so that what a build needs to know
before it reads any rows (is this entry's encoding stored?) costs one small
file. A build visits the shards one at a time (:meth:`RowCache.shard`, then
:meth:`RowCache.replace` with what the shard should now hold) and lets each go:
at 100,000 entries they hold some 700 MB. Rows read back are used only if they
have the shape of ``EntryParts``; a digest the index lists but its shard lacks
(a damaged or swapped shard) is a miss the build encodes again, and the release
built from cached rows is parsed against the release schema before anything is
published.
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
        index = self.store.load("index.marshal")
        self.index: set[str] = set(index) if isinstance(index, list) and all(type(d) is str for d in index) else set()
        self._written: set[str] = set()  # shards visited by replace()
        self._held: set[str] = set()  # digests the shards hold after replace()

    @classmethod
    def open(cls, dataset: Path) -> RowCache:
        return cls(cache_folder("rows", dataset))

    def has(self, digest: str) -> bool:
        """Whether the index lists the rows of this content (its shard may still turn
        out to lack them: :meth:`shard` says)."""
        return digest in self.index

    def shard(self, key: str) -> dict[str, EntryParts]:
        """The rows stored in shard ``key`` (two hex digits) that have their shape."""
        data = self.store.load(f"rows/{key}.marshal")
        if not isinstance(data, dict):
            return {}
        return {d: v for d, v in data.items() if type(d) is str and d[:2] == key and _shaped(v)}

    def replace(self, key: str, items: dict[str, EntryParts], changed: bool) -> None:
        """Shard ``key`` is to hold ``items`` (rows of current digests only): written when
        ``changed``; otherwise the file holds exactly them already."""
        self._written.add(key)
        self._held |= items.keys()
        if changed:
            self.store.dump(f"rows/{key}.marshal", items)

    def finish(self, current: set[str]) -> None:
        """Drop the rows of digests not in ``current`` (the entries as built) from the
        shards not visited, and write the index of what the shards hold."""
        for key in sorted({d[:2] for d in self.index - current} - self._written):
            shard = self.shard(key)
            kept = {d: v for d, v in shard.items() if d in current}
            self.replace(key, kept, len(kept) < len(shard))
        held = self._held | {d for d in self.index & current if d[:2] not in self._written}
        if held != self.index:
            self.store.dump("index.marshal", sorted(held))
            self.index = held


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
