"""A per-file result cache, so re-validating after one change re-checks one file.

Entries are keyed by the file's display path and the sha256 of its content. A
run may skip re-reading a file only when its stat is the one recorded when its
content was hashed, compared on size, modification time, inode number *and*
change time (ctime): ``cp -p``, ``tar x`` and ``rsync -t`` can restore a
modification time but not a change time, and they write a new inode or a new
ctime. A file whose ctime was within two seconds of its reading (a later edit in
the same clock tick would not move it) is hashed again on the next run. Any
other difference and the file is hashed; the result is reused only if the digest
is the one it was computed from. The whole cache is invalidated when
newsledger's own code changes (a fingerprint of its source files).

Three kinds of file, so that each run loads only what it needs:

- ``state.marshal``: for every file its stat, digest and kind, and for a valid
  entry the values cross-record rules read from entries that are not being
  reported (article id, canonical URL, event ids), stored column by column (a
  few large objects load far faster than 10,000 small ones). A pre-commit run
  on one file loads this and nothing else about the others.
- ``results/XX.marshal``: each entry's full result (diagnostics, index), in 256
  shards by path, so one changed file rewrites one small shard; the results of
  all entity files in ``results/entities.marshal``, as every run reads them.
- ``records/XX.marshal``: the validated records of entity files, in 256 shards by
  content digest (``build`` reads the registry from them). Entries' records are
  not kept: at 100,000 entries they would cost gigabytes to hold and store, and
  ``build`` caches what it needs of an entry, its encoded rows, itself.

(What ``build`` makes of an entry, its encoded release rows, is cached by
:mod:`newsledger.release.rows`, through the same store.)

A result is used only if its digest is the one the state has for that path, so
shards and state written by different (or interrupted) runs cannot be mixed up.

The cache lives in the user's cache directory (``NEWSLEDGER_CACHE_DIR``
overrides it), one folder per dataset path; never inside the repository. Every
file goes through :class:`newsledger.store.Store`: written atomically, read only
as a regular file under a size cap, and checked against its sha256; a file
that fails is a miss (recomputed), never an error and never a different
answer. A cache that cannot be *written* (a full disk, no permission) is an
environment error: ``OSError`` naming the file.
"""

from __future__ import annotations

import os
import zlib
from array import array
from pathlib import Path
from typing import Any

from newsledger.store import Store, cache_folder, code_fingerprint, sources
from newsledger.validators.diagnostics import Loc
from newsledger.validators.result import FileResult
from newsledger.validators.result import pack_result as _pack
from newsledger.validators.result import unpack_result as _unpack
from newsledger.validators.rules.index import EntryIndex

FORMAT = 6

# Stored as plain tuples (result.pack_result) with marshal: several times faster
# to load than pickled objects, and loading runs no code from the file.

#: What cross-record rules need from an entry that is not being reported:
#: (article id, canonical URL, ((event position, event id, start day), ...), the
#: event ids it refers to); the start day as in EntryIndex.event_starts (NL409
#: reads it). The refs tell which entries a change to an event id affects.
Summary = tuple[str, str, tuple[tuple[int, str, int], ...], tuple[str, ...]]
#: What a file's stat must still be for its content to be taken as unchanged
#: (size, mtime_ns, ctime_ns, inode); see :func:`stat_key`.
StatKey = tuple[int, int, int, int]
#: One file's state: (size, mtime_ns, ctime_ns, inode, sha256 digest (32 bytes), kind, summary or None).
Item = tuple[int, int, int, int, bytes, str, Summary | None]
_NSTAT = 4
#: A ctime this close to the reading (ns) may not move on a further edit: not trusted.
RACY_NS = 2_000_000_000


def stat_key(st: os.stat_result, now_ns: int | None = None) -> StatKey:
    """The stat of a file whose content was just read, as the cache compares it.

    A ctime within :data:`RACY_NS` of now is recorded as -1, which no later stat
    matches: the next run hashes the file (an edit within the same clock tick as
    the reading would not have moved the ctime).
    """
    import time

    now = time.time_ns() if now_ns is None else now_ns
    ctime = st.st_ctime_ns if now - st.st_ctime_ns >= RACY_NS else -1
    return (st.st_size, st.st_mtime_ns, ctime, st.st_ino)


def _same(st: os.stat_result, stats: array[int], row: int) -> bool:
    at = _NSTAT * row
    return bool(
        st.st_size == stats[at] and st.st_mtime_ns == stats[at + 1] and st.st_ctime_ns == stats[at + 2] and st.st_ino == stats[at + 3]
    )

_KIND_CODES = {"entry": "e", "entities": "n"}
_KINDS = {v: k for k, v in _KIND_CODES.items()}


def _fingerprint(package: Path | None = None) -> str:
    """newsledger's code and this cache's format (:func:`newsledger.store.code_fingerprint`)."""
    return code_fingerprint(package, f"validate {FORMAT}")


_sources = sources


def summarize(index: Any) -> Summary | None:
    if not isinstance(index, EntryIndex):
        return None
    events = tuple((int(loc[1]), ev, start) for (loc, ev), start in zip(index.event_ids, index.event_starts, strict=True))
    return (index.article_id, index.url, events, tuple(ref for _, ref in index.event_refs))


def _shard_key(display: str, kind: str) -> str:
    # Entity files all share one shard: a pre-commit run reads every entity file's
    # result (cross-record rules need the registry) but only its own entries'
    # results, and a registry of many small files would otherwise load them all.
    if kind == "entities":
        return "entities"
    return f"{zlib.crc32(display.encode()) & 0xFF:02x}"


class _State:
    """Every file's :data:`Item`, stored as columns; rows are looked up by display path.

    A run that changes a few files edits the columns in place (``set``), so saving
    does not rebuild 10,000 rows.
    """

    def __init__(self, data: Any = None) -> None:
        self.paths: list[str] = []
        self.stats = array("q")  # size, mtime_ns, ctime_ns, inode per row
        self.digests = bytearray()  # 32 bytes per row
        self.kinds: list[str] = []  # one letter per row
        self.aids: list[str | None] = []  # article id per row; None: no summary
        self.urls: list[str | None] = []
        self.ev_start = array("q", [0])  # row r's events are ev_ids[ev_start[r]:ev_start[r + 1]]
        self.ev_ids: list[str] = []
        self.ev_pos = array("q")
        self.ev_days = array("q")  # start day (ordinal, 0: none) of each of ev_ids
        self.rf_start = array("q", [0])  # row r's event refs are rf_ids[rf_start[r]:rf_start[r + 1]]
        self.rf_ids: list[str] = []
        if data is not None:
            self._load(data)
        self.rows = {p: r for r, p in enumerate(self.paths)}

    def _load(self, data: dict[str, Any]) -> None:
        paths, stats, digests, kinds = data["paths"], array("q", data["stats"]), bytearray(data["digests"]), data["kinds"]
        aids, urls, ev_start, ev_ids, ev_pos = data["aids"], data["urls"], array("q", data["ev_start"]), data["ev_ids"], array("q", data["ev_pos"])
        ev_days = array("q", data["ev_days"])
        rf_start, rf_ids = array("q", data["rf_start"]), data["rf_ids"]
        n = len(paths)
        # A truncated or inconsistent state is no state (the caller treats ValueError as a miss).
        if not (
            isinstance(paths, list) and isinstance(kinds, str) and set(kinds) <= set(_KINDS)
            and isinstance(aids, list) and isinstance(urls, list) and isinstance(ev_ids, list)
            and len(stats) == _NSTAT * n and len(digests) == 32 * n and len(kinds) == n and len(aids) == n
            and len(urls) == n and len(ev_start) == n + 1 and ev_start[0] == 0
            and len(ev_ids) == len(ev_pos) == len(ev_days) == ev_start[-1] and len(set(paths)) == n
            and isinstance(rf_ids, list) and len(rf_start) == n + 1 and rf_start[0] == 0 and len(rf_ids) == rf_start[-1]
            and all(type(x) is str for x in rf_ids)
        ):
            raise ValueError("inconsistent cache state")
        self.paths, self.stats, self.digests, self.kinds = paths, stats, digests, list(kinds)
        self.aids, self.urls, self.ev_start, self.ev_ids, self.ev_pos = aids, urls, ev_start, ev_ids, ev_pos
        self.ev_days = ev_days
        self.rf_start, self.rf_ids = rf_start, rf_ids

    def item(self, row: int) -> Item:
        aid, url = self.aids[row], self.urls[row]
        summary = None
        if aid is not None and url is not None:
            a, b = self.ev_start[row], self.ev_start[row + 1]
            refs = tuple(self.rf_ids[self.rf_start[row] : self.rf_start[row + 1]])
            summary = (aid, url, tuple(zip(self.ev_pos[a:b], self.ev_ids[a:b], self.ev_days[a:b], strict=True)), refs)
        at = _NSTAT * row
        size, mtime, ctime, ino = self.stats[at : at + _NSTAT]
        return (size, mtime, ctime, ino, bytes(self.digests[32 * row : 32 * row + 32]), _KINDS[self.kinds[row]], summary)

    def set(self, path: str, item: Item | None) -> None:
        """Replace, add (``path`` is new) or, with ``None``, remove a row."""
        row = self.rows.get(path)
        if row is None:
            if item is None:
                return
            row = len(self.paths)
            self.paths.append(path)
            self.stats.extend((0,) * _NSTAT)
            self.digests += bytes(32)
            self.kinds.append("e")
            self.aids.append(None)
            self.urls.append(None)
            self.ev_start.append(self.ev_start[-1])
            self.rf_start.append(self.rf_start[-1])
            self.rows[path] = row
        a, b = self.ev_start[row], self.ev_start[row + 1]
        events = item[6][2] if item is not None and item[6] is not None else ()
        self.ev_ids[a:b] = [ev for _, ev, _ in events]
        self.ev_pos[a:b] = array("q", [i for i, _, _ in events])
        self.ev_days[a:b] = array("q", [day for _, _, day in events])
        shift = len(events) - (b - a)
        if shift:
            ev_start = self.ev_start
            for r in range(row + 1, len(ev_start)):
                ev_start[r] += shift
        a, b = self.rf_start[row], self.rf_start[row + 1]
        refs = item[6][3] if item is not None and item[6] is not None else ()
        self.rf_ids[a:b] = list(refs)
        shift = len(refs) - (b - a)
        if shift:
            rf_start = self.rf_start
            for r in range(row + 1, len(rf_start)):
                rf_start[r] += shift
        if item is None:
            del self.paths[row], self.kinds[row], self.aids[row], self.urls[row], self.ev_start[row + 1], self.rf_start[row + 1]
            del self.stats[_NSTAT * row : _NSTAT * row + _NSTAT], self.digests[32 * row : 32 * row + 32]
            self.rows = {p: r for r, p in enumerate(self.paths)}
            return
        *key, digest, kind, summary = item
        self.stats[_NSTAT * row : _NSTAT * row + _NSTAT] = array("q", key)
        self.digests[32 * row : 32 * row + 32] = digest
        self.kinds[row] = _KIND_CODES[kind]
        self.aids[row], self.urls[row] = (summary[0], summary[1]) if summary is not None else (None, None)

    def dump(self) -> dict[str, Any]:
        return {
            "paths": self.paths,
            "stats": self.stats.tobytes(),
            "digests": bytes(self.digests),
            "kinds": "".join(self.kinds),
            "aids": self.aids,
            "urls": self.urls,
            "ev_start": self.ev_start.tobytes(),
            "ev_ids": self.ev_ids,
            "ev_pos": self.ev_pos.tobytes(),
            "ev_days": self.ev_days.tobytes(),
            "rf_start": self.rf_start.tobytes(),
            "rf_ids": self.rf_ids,
        }


class Cache:
    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.fingerprint = _fingerprint()
        self.store = Store(directory, self.fingerprint)
        self.state = _State()
        self.changed: dict[str, Item] = {}  # rows replaced (or added) since loading
        self.kept: set[str] | None = None  # when set, the files still in the dataset
        self.results: dict[str, dict[str, tuple[str, Any]]] = {}  # shard -> display -> (digest, packed)
        self.records: dict[str, dict[str, Any]] = {}  # shard -> digest -> record
        self.dirty = False
        self.dirty_results: set[str] = set()
        self.dirty_records: set[str] = set()
        self.stale_records: set[str] = set()  # record shards holding a replaced file's old digest
        #: Language tags of valid entries: a pre-commit run that finds its entry's tag
        #: here need not import langcodes (tens of ms) to check it again.
        self.languages: set[str] = set()
        data = self._read("state.marshal")
        if isinstance(data, dict) and data.get("fingerprint") == self.fingerprint:
            try:
                self.state = _State(data)
            except (KeyError, TypeError, ValueError):  # damaged: start afresh
                self.state = _State()
            langs = data.get("languages")
            if isinstance(langs, list) and all(type(t) is str for t in langs):
                self.languages = set(langs)

    @classmethod
    def open(cls, root: Path) -> Cache:
        return cls(cache_folder("validate", root))

    def _read(self, name: str) -> Any:
        return self.store.load(name)  # a broken cache file is a missing one

    def _shard(self, store: dict[str, dict[str, Any]], folder: str, key: str) -> dict[str, Any]:
        shard = store.get(key)
        if shard is None:
            data = self._read(f"{folder}/{key}.marshal")
            ok = isinstance(data, dict) and data.get("fingerprint") == self.fingerprint and isinstance(data.get("items"), dict)
            shard = store[key] = data["items"] if ok else {}
        return shard

    def fresh_row(self, path: str, display: str, kind: str) -> int | None:
        """The state row of ``display`` if the file on disk is unchanged since it was
        cached and nothing replaced the row in this run; else ``None``."""
        row = self.state.rows.get(display)
        if row is None or display in self.changed or _KINDS.get(self.state.kinds[row]) != kind:
            return None
        stats = self.state.stats
        try:
            st = os.stat(path)
        except OSError:
            return None
        if st.st_size != stats[_NSTAT * row]:  # different content; and never hash a file that grew huge
            return None
        if not _same(st, stats, row):
            digest = bytes(self.state.digests[32 * row : 32 * row + 32])
            if _sha256_of(path) != digest:
                return None
            _, _, _, _, digest_, kind_, summary = self.state.item(row)
            self.changed[display] = (*stat_key(st), digest_, kind_, summary)
            self.dirty = True
        return row

    def summarized(self, files: list[tuple[str, str, str]], focus: frozenset[str]) -> tuple[list[int], list[tuple[str, str, str]]]:
        """Split ``files`` (path, display, kind) into the state rows of entries outside
        ``focus`` that are valid and unchanged (in the order given), and the rest.

        :meth:`fresh_row` for each file, as one loop: it runs for every file of the
        dataset on a pre-commit run.
        """
        rows_of, changed, kinds, aids, stats = self.state.rows, self.changed, self.state.kinds, self.state.aids, self.state.stats
        stat = os.stat
        rows: list[int] = []
        rest: list[tuple[str, str, str]] = []
        for file in files:
            path, display, kind = file
            row = rows_of.get(display)
            if row is None or kind != "entry" or display in focus or kinds[row] != "e" or aids[row] is None or display in changed:
                rest.append(file)
                continue
            try:
                st = stat(path)
            except OSError:
                rest.append(file)
                continue
            if _same(st, stats, row) or self.fresh_row(path, display, kind) is not None:  # touched: compare digests
                rows.append(row)
            else:
                rest.append(file)
        return rows, rest

    def _item(self, path: str, display: str, kind: str) -> Item | None:
        if display in self.changed:
            item = self.changed[display]
            try:
                st = os.stat(path)
            except OSError:
                return None
            # Hashed or checked in this run: a ctime of -1 (too recent to trust next
            # time, see stat_key) is no reason to hash it again now.
            ok = item[5] == kind and (st.st_size, st.st_mtime_ns, st.st_ino) == (item[0], item[1], item[3]) and item[2] in (-1, st.st_ctime_ns)
            return item if ok else None
        row = self.fresh_row(path, display, kind)
        if row is None:
            return None
        return self.changed.get(display) or self.state.item(row)

    def digest(self, path: str, display: str, kind: str) -> str | None:
        """The content digest (hex) the cache has for the file, if it is unchanged;
        what :meth:`get` would check its result against, without loading any."""
        item = self._item(path, display, kind)
        return None if item is None else item[4].hex()

    def get(self, path: str, display: str, kind: str, want_records: bool) -> FileResult | None:
        item = self._item(path, display, kind)
        if item is None:
            return None
        digest = item[4].hex()
        stored = self._shard(self.results, "results", _shard_key(display, kind)).get(display)
        if not isinstance(stored, tuple) or len(stored) != 2 or stored[0] != digest:
            return None
        result = _unpack(stored[1])
        if result.kind != kind or result.path != display:
            return None
        if want_records and result.index is not None and result.maybe is None:  # partly invalid: no record
            records = self._shard(self.records, "records", digest[:2])
            if digest not in records:
                return None
            result.record = records[digest]
        result.stat = item[:4]
        return result

    def put(self, result: FileResult) -> None:
        if result.digest is None or result.stat is None:
            return
        digest = result.digest
        row = self.state.rows.get(result.path)
        before = self.changed[result.path][4] if result.path in self.changed else None if row is None else self.state.digests[32 * row : 32 * row + 32]
        if before is not None and before.hex() != digest:
            self.stale_records.add(before.hex()[:2])  # its old record goes when the shard is rewritten
        size, mtime, ctime, ino = result.stat
        self.changed[result.path] = (size, mtime, ctime, ino, bytes.fromhex(digest), result.kind, summarize(result.index))
        self.dirty = True
        key = _shard_key(result.path, result.kind)
        self._shard(self.results, "results", key)[result.path] = (digest, _pack(result))
        self.dirty_results.add(key)
        if result.record is not None and result.kind == "entities":  # entries' records are not kept: see get()
            self._shard(self.records, "records", digest[:2])[digest] = result.record
            self.dirty_records.add(digest[:2])

    def record(self, digest: str) -> Any:
        """The validated record of the file with this content digest, or None."""
        return self._shard(self.records, "records", digest[:2]).get(digest)

    def add_languages(self, tags: set[str]) -> None:
        """Remember the language tags of entries that validated."""
        if not tags <= self.languages:
            self.languages |= tags
            self.dirty = True

    def retain(self, displays: set[str]) -> None:
        """Forget files that are no longer in the dataset (deleted or renamed)."""
        self.kept = displays
        if any(p not in displays for p in self.state.paths) or any(p not in displays for p in self.changed):
            self.dirty = True

    def light_entries(self, rows: list[int], full: list[EntryIndex]) -> tuple[list[EntryIndex], set[str], list[int]]:
        """What cross-record rules need from the unchanged entries at ``rows`` (in
        discovery order) when only the ``full`` entries are reported on, with the
        errors their ids cause elsewhere (see ``engine._effects``).

        Returned: indexes without references of the entries that define an article
        id, event id or URL that a full entry also has (every such entry: a repeat
        is reported wherever it is), and the first definition of each event a full
        entry refers to (NL409 reads its date); every event id the ``rows`` define
        (for NL403's "is it defined anywhere" and its suggestions); and the rows
        whose own references a change can break, which the caller loads whole:
        those that refer to an event a full entry defines, or to an event defined
        nowhere.

        The few values of the full entries are looked up by C-level list scans, not
        a Python loop over every row.
        """
        import bisect

        s = self.state
        position = {row: i for i, row in enumerate(rows)}
        picked: set[int] = set()

        def every(column: list[Any], value: str, row_of: Any, first_only: bool = False) -> None:
            best = None
            at = -1
            while True:
                try:
                    at = column.index(value, at + 1)
                except ValueError:
                    break
                row = row_of(at)
                if row in position:
                    if not first_only:
                        picked.add(row)
                    elif best is None or position[row] < position[best]:
                        best = row
            if best is not None:
                picked.add(best)

        def event_row(at: int) -> int:
            return bisect.bisect_right(s.ev_start, at) - 1

        for value in {e.article_id for e in full}:
            every(s.aids, value, int)
        for value in {e.url for e in full}:
            every(s.urls, value, int)
        defined_here = {ev for e in full for _, ev in e.event_ids}
        for value in defined_here:
            every(s.ev_ids, value, event_row)
        # The definitions the full entries' refs name (NL409 reads their dates).
        for value in {ref for e in full for _, ref in e.event_refs}:
            every(s.ev_ids, value, event_row, first_only=True)
        # Every event id of the given rows: the rows not given are few (the changed
        # and reported files), so whole runs of rows are taken at once.
        events: set[str] = set()
        start = 0
        for row in sorted(set(range(len(s.paths))) - position.keys()):
            events.update(s.ev_ids[s.ev_start[start] : s.ev_start[row]])
            start = row + 1
        events.update(s.ev_ids[s.ev_start[start] :])
        known = events | defined_here
        whole = []
        rf_start, rf_ids = s.rf_start, s.rf_ids
        for row in rows:
            refs = rf_ids[rf_start[row] : rf_start[row + 1]]
            if refs and any(ref in defined_here or ref not in known for ref in refs):
                whole.append(row)
        out = []
        loaded = set(whole)
        for row in sorted(picked - loaded, key=position.__getitem__):
            aid, url, evs, _ = s.item(row)[6]  # type: ignore[misc]
            ids: list[tuple[Loc, str]] = [(("events", i, "id"), ev) for i, ev, _ in evs]
            out.append(EntryIndex(s.paths[row], aid, url, [], ids, [], "", [day for _, _, day in evs]))
        return out, events, whole

    def path_of(self, row: int) -> str:
        """The display path of a state row."""
        return self.state.paths[row]

    def save(self) -> None:
        # Results first: a result is only trusted when the state agrees on its digest,
        # so an interruption between the writes costs a re-check, never a stale answer.
        for key in sorted(self.dirty_results):
            shard = {d: v for d, v in self.results[key].items() if self._kept(d)}
            self._write(f"results/{key}.marshal", {"fingerprint": self.fingerprint, "items": shard})
        # Record shards keep only what belongs to the files as they are now:
        # the shards that hold an edited or deleted file's old record are rewritten
        # without it (sharded by the digest's first byte).
        deleted = {
            self.state.digests[32 * row : 32 * row + 32].hex()[:2] for row, path in enumerate(self.state.paths) if not self._kept(path)
        }
        stale = self.stale_records | deleted
        touched = self.dirty_records | stale
        current = self._current_digests(touched) if touched else set()
        for key in sorted(self.dirty_records | stale):
            shard = self._shard(self.records, "records", key)
            items = {d: v for d, v in shard.items() if d in current}
            if key in self.dirty_records or len(items) < len(shard):
                self._write(f"records/{key}.marshal", {"fingerprint": self.fingerprint, "items": items})
        self.dirty_results.clear()
        self.dirty_records.clear()
        self.stale_records.clear()
        if self.dirty:
            state = self.state
            gone = [p for p in state.paths if not self._kept(p)]
            if len(self.changed) + len(gone) <= 64:  # a few edits: in place
                for path, item in self.changed.items():
                    state.set(path, item if self._kept(path) else None)
                for path in gone:
                    state.set(path, None)
            else:  # each in-place edit costs up to a pass over the rows: rebuild
                fresh = _State()
                for row, path in enumerate(state.paths):
                    if self._kept(path) and path not in self.changed:
                        fresh.set(path, state.item(row))
                for path, item in self.changed.items():
                    if self._kept(path):
                        fresh.set(path, item)
                state = self.state = fresh
            self._write("state.marshal", {"fingerprint": self.fingerprint, **state.dump(), "languages": sorted(self.languages)})
            self.dirty = False

    def _current_digests(self, shards: set[str]) -> set[str]:
        """The content digests (hex) of the files in the dataset as of this run that
        fall in the record ``shards`` (their first two hex digits)."""
        firsts = {int(key, 16) for key in shards}
        digests = self.state.digests
        current = {
            digests[32 * row : 32 * row + 32].hex()
            for row, path in enumerate(self.state.paths)
            if digests[32 * row] in firsts and path not in self.changed and self._kept(path)
        }
        current.update(item[4].hex() for path, item in self.changed.items() if item[4][0] in firsts and self._kept(path))
        return current

    def _kept(self, display: str) -> bool:
        return self.kept is None or display in self.kept

    def _write(self, name: str, data: Any) -> None:
        self.store.dump(name, data)


#: Files larger than this are not hashed to be matched with the cache (checked again instead).
MAX_HASHED = 1 << 22


def _sha256_of(path: str) -> bytes | None:
    import hashlib

    from newsledger.store import read_regular

    data = read_regular(path, MAX_HASHED)
    return None if data is None else hashlib.sha256(data).digest()
