"""What the engine keeps about one checked file (:class:`FileResult`), and its form
as plain tuples, for the cache (marshal) and for results coming back from worker
processes: plain tuples serialise several times faster than dataclasses.

Its own module so that the cache, the check-ahead child and the engine can all
use it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newsledger.validators.diagnostics import Diagnostic, Related, Severity
from newsledger.validators.rules.index import EntityIndex, EntryIndex

__all__ = ["FileResult", "pack_result", "unpack_result"]


@dataclass(slots=True)
class FileResult:
    """Everything the engine keeps about one file."""

    path: str
    kind: str  # "entry" | "entities"
    diagnostics: list[Diagnostic] = field(default_factory=list)
    index: EntryIndex | list[EntityIndex] | None = None
    record: Any = None  # model_dump of the Entry, or list of Entity dumps
    digest: str | None = None  # sha256 of the bytes that were checked
    #: (size, mtime_ns, ctime_ns, inode) of the file when read (``cache.stat_key``);
    #: None when it cannot be told that the bytes checked are the file's as of that stat.
    stat: tuple[int, ...] | None = None
    #: Set when the file could not be (fully) indexed: the ids it may define that the
    #: index lacks (``ANY_ID``: any). References to them elsewhere are not errors.
    maybe: tuple[str, ...] | None = None
    #: What the caller's ``encode`` made of a valid entry's record (``check_dataset``),
    #: in the worker that checked it (``build``: its release rows).
    parts: Any = None
    #: A valid entry's article.language, as checked in this run (the cache remembers
    #: the tags seen valid); None for results read from the cache.
    language: str | None = None



# --- as plain tuples ----------------------------------------------------------------


def _pack_diag(d: Diagnostic) -> tuple[Any, ...]:
    return (d.path, d.line, d.col, d.code, int(d.severity), d.message, d.hint, d.field_path,
            tuple((r.path, r.line, r.col, r.message) for r in d.related))


_SEVERITY = {int(s): s for s in Severity}  # a dict lookup: Severity(n) costs a call into enum


def _unpack_diag(t: tuple[Any, ...]) -> Diagnostic:
    return Diagnostic(t[0], t[1], t[2], t[3], _SEVERITY[t[4]], t[5], t[6], t[7], tuple(Related(*r) for r in t[8]) if t[8] else ())


def _pack_index(index: Any) -> Any:
    if isinstance(index, EntryIndex):
        return (
            "entry", index.path, index.article_id, index.url, tuple(index.entity_refs), tuple(index.event_ids), tuple(index.event_refs),
            index.published, tuple(index.event_starts),
        )
    if isinstance(index, list):
        return ("entities", tuple((x.path, x.loc, x.id, x.kind, x.parent) for x in index))
    return None


def _unpack_index(t: Any) -> Any:
    if t is None:
        return None
    if t[0] == "entry":
        return EntryIndex(t[1], t[2], t[3], list(t[4]), list(t[5]), list(t[6]), t[7], list(t[8]))
    return [EntityIndex(*x) for x in t[1]]


def pack_result(r: FileResult) -> tuple[Any, ...]:
    return (r.path, r.kind, tuple(_pack_diag(d) for d in r.diagnostics), _pack_index(r.index), r.digest, r.stat, r.maybe)


def unpack_result(t: tuple[Any, ...]) -> FileResult:
    return FileResult(t[0], t[1], [_unpack_diag(d) for d in t[2]], _unpack_index(t[3]), None, t[4], t[5], t[6])
