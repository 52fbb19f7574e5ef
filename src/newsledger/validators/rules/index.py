"""The index dataset-scope rules read: a small summary of each file.

Built per file as it is checked (in worker processes, and kept by the cache),
so that re-checking one changed file does not re-read the others.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from newsledger.validators.diagnostics import Loc

if TYPE_CHECKING:
    from newsledger.validators.retired import RetiredIndex

__all__ = [
    "ANY_ID", "EntityIndex", "EntryIndex", "Index", "canonical_url", "canonical_url_general", "index_entities", "index_entry",
    "maybe_defined",
]

#: In what a broken file may define (:func:`maybe_defined`): any id at all (the file
#: could not be read as text). Not a slug, so no real id is equal to it.
ANY_ID = "*"


@dataclass(slots=True)
class EntryIndex:
    """What dataset-scope rules need from one entry."""

    path: str
    article_id: str
    url: str
    entity_refs: list[tuple[Loc, str, str]] = field(default_factory=list)  # (loc, entity id, role)
    event_ids: list[tuple[Loc, str]] = field(default_factory=list)
    event_refs: list[tuple[Loc, str]] = field(default_factory=list)
    #: article.published as written (NL409 reads it for entries with refs).
    published: str = ""
    #: For each of ``event_ids``: the earliest day (ordinal) of an occurred or ongoing
    #: event's date, 0 when the event has none (or has not occurred).
    event_starts: list[int] = field(default_factory=list)


@dataclass(slots=True)
class EntityIndex:
    path: str
    loc: Loc
    id: str
    kind: str
    parent: str | None


@dataclass(slots=True)
class Index:
    entries: list[EntryIndex] = field(default_factory=list)
    entities: list[EntityIndex] = field(default_factory=list)
    complete: bool = True  # False when some file could not be indexed (invalid)
    #: When set, only findings in these files are wanted (pre-commit passes the
    #: changed files): rules still read the whole index, but skip work whose
    #: findings would fall in other files.
    focus: frozenset[str] | None = None
    #: Set when ``entries`` holds only some of the dataset's entries (the others are
    #: unchanged and not reported on): every event id defined in the dataset.
    #: Only rules that read no entry's references but the reported ones' can run
    #: on such an index.
    all_event_ids: set[str] | None = None
    #: Entity and event ids that files which could not be (fully) indexed may define
    #: (:data:`ANY_ID` among them: any id). A reference to one of them is not
    #: reported as unknown: the error is in that file, not in every file naming it.
    maybe_entities: set[str] = field(default_factory=set)
    maybe_events: set[str] = field(default_factory=set)
    #: The valid tombstones of ``retired.yaml`` (NL410, NL411).
    retired: list[RetiredIndex] = field(default_factory=list)

    def wanted(self, path: str) -> bool:
        return self.focus is None or path in self.focus


def index_entry(path: str, entry: dict[str, Any]) -> EntryIndex:
    art = entry["article"]
    idx = EntryIndex(path, art["id"], canonical_url(art["url"]), published=art["published"])
    refs = idx.entity_refs
    # Locations and entity ids are shared objects (a few dozen locations and a few
    # hundred ids recur across 10,000 entries): marshal then writes each once per
    # batch of results, and the process reading them builds each once.
    loc, ident = _shared_loc, _shared_id
    refs.append((loc(("article", "publisher")), ident(art["publisher"]), "publisher"))
    refs.extend((loc(("article", "authors", i)), ident(a), "author") for i, a in enumerate(art.get("authors", [])))
    refs.extend((loc(("article", "cites", i, "source")), ident(c["source"]), "source") for i, c in enumerate(art.get("cites", [])))
    for i, q in enumerate(entry.get("quotes", [])):
        refs.append((loc(("quotes", i, "speaker")), ident(q["speaker"]), "speaker"))
        if q.get("via"):
            refs.append((loc(("quotes", i, "via")), ident(q["via"]), "via"))
    for i, ev in enumerate(entry.get("events", [])):
        if "ref" in ev:
            idx.event_refs.append((loc(("events", i, "ref")), ev["ref"]))
            continue
        idx.event_ids.append((loc(("events", i, "id")), ev["id"]))
        idx.event_starts.append(_start_day(ev))
        where = ev.get("location") or {}
        if where.get("place"):
            refs.append((loc(("events", i, "location", "place")), ident(where["place"]), "place"))
        refs.extend((loc(("events", i, "actors", j, "entity")), ident(a["entity"]), "actor") for j, a in enumerate(ev.get("actors", [])))
        refs.extend(
            (loc(("events", i, "casualties", j, "group")), ident(c["group"]), "group")
            for j, c in enumerate(ev.get("casualties", []))
            if c.get("group")
        )
    return idx


def _start_day(event: dict[str, Any]) -> int:
    """The earliest day (ordinal) an occurred or ongoing event can have started; 0 if none."""
    if event.get("status") not in ("occurred", "ongoing") or event.get("date") is None:
        return 0
    start = _parse_edtf()(event["date"]).start
    return start.toordinal() if start is not None else 0


@cache
def _parse_edtf() -> Any:
    """parse_edtf, imported on first use and then at the cost of a call (an import
    statement costs a microsecond, and this runs for every event)."""
    from newsledger.schema.edtf import parse_edtf

    return parse_edtf


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def maybe_defined(text: str) -> tuple[str, ...]:
    """Every id a file that could not be validated may define: each slug in its text.

    A superset, whatever the file's damage (a syntax error, a misspelt key, an
    invalid field): an id is a slug, and a definition writes it out between
    characters that are not part of a slug (quotes, spaces, commas...).
    """
    return tuple(sorted(set(_SLUG.findall(text))))


_LOCS: dict[Loc, Loc] = {}
_SHARED_MAX = 4096  # a hostile file with 100,000 actors must not grow these for ever


def _shared_loc(loc: Loc) -> Loc:
    if len(_LOCS) < _SHARED_MAX:
        return _LOCS.setdefault(loc, loc)
    return _LOCS.get(loc, loc)


def _shared_id(value: str) -> str:
    return sys.intern(value) if type(value) is str and len(value) < 256 else value


def index_entities(path: str, entities: list[dict[str, Any]]) -> list[EntityIndex]:
    return [EntityIndex(path, (i,), e["id"], e["kind"], e.get("parent")) for i, e in enumerate(entities)]


def canonical_url(url: str) -> str:
    """The URL two entries must not share: case-folded host, no www., fragment or trailing slash."""
    if url.startswith("https://") and not any(c in url for c in "#@%\\"):
        # The common case (no fragment, user info or escapes, at most a plain
        # query) by string operations; the same result as the general path below.
        url, mark, query = url.partition("?")
        host, _, path = url[8:].partition("/")
        if ":" not in host and (not mark or _PLAIN_QUERY.fullmatch(query)):
            tail = "?" + "&".join("=".join(pair) for pair in sorted(p.split("=", 1) for p in query.split("&"))) if mark else ""
            return "https://" + host.lower().removeprefix("www.") + (("/" + path).rstrip("/") or "/") + tail
        url += mark + query
    return canonical_url_general(url)


#: A query of name=value pairs that percent-decoding and -encoding leave as they are.
_PLAIN_QUERY = re.compile(r"[A-Za-z0-9_.~-]+=[A-Za-z0-9_.~-]*(?:&[A-Za-z0-9_.~-]+=[A-Za-z0-9_.~-]*)*")


def canonical_url_general(url: str) -> str:
    """:func:`canonical_url` for any URL, by parsing it."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port != 443:
        host = f"{host}:{parts.port}"
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return urlunsplit(("https", host, parts.path.rstrip("/") or "/", query, ""))
