"""Turn validated entries and entities into the four release tables.

Input is what validation hands over: ``Entry.model_dump()`` and
``Entity.model_dump()`` dicts (enum values as plain strings). A release is made
in three steps, each a pure function of its input (which is what makes a
release reproducible):

1. :func:`entry_parts`: one entry's rows, shaped for the Arrow schema and
   encoded as JSON lines. This is most of the work, and it depends on the entry
   alone, so ``build`` caches it by the entry file's content.
2. :func:`assemble`: every entry's parts joined into each table's JSON Lines,
   rows sorted by id, each event's ``sources`` gathered from every entry that
   reports it.
3. :func:`arrow_table`: JSON Lines parsed into ``pyarrow.Table``, typed by
   :mod:`newsledger.schema.arrow`. JSON Lines and Parquet thus hold the same
   values by construction.

The referential promises the release metadata makes (``FOREIGN_KEYS``, declared
in ``datapackage.json``) are checked too (:func:`check_references`): a release
never states a key that its own rows break.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from itertools import pairwise
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj
from pydantic import BaseModel

from newsledger.errors import ReleaseError
from newsledger.release.text import Locator
from newsledger.schema import arrow, models
from newsledger.schema.edtf import parse_edtf, parse_published
from newsledger.schema.vocab import plover_factuality, plover_for, plover_role, plover_type_1_0

__all__ = [
    "FOREIGN_KEYS",
    "PRIMARY_KEY",
    "SPOOLED",
    "EntryParts",
    "Spool",
    "TableShape",
    "arrow_table",
    "assemble",
    "build_tables",
    "check_references",
    "entities_jsonl",
    "entry_parts",
    "escape_line_breaks",
    "release_jsonl",
    "tables_of",
]

Record = dict[str, Any]

#: Every table's primary key.
PRIMARY_KEY = "id"

#: (table, column) -> referenced table (its ``id``). Nulls are allowed.
FOREIGN_KEYS: dict[tuple[str, str], str] = {
    ("articles", "publisher"): "entities",
    ("quotes", "article_id"): "articles",
    ("quotes", "speaker"): "entities",
    ("quotes", "via"): "entities",
    ("quotes", "event"): "events",
    ("events", "article_id"): "articles",
    ("entities", "parent"): "entities",
}


class TableShape(NamedTuple):
    """What a release's metadata and :func:`check_references` read of a table, as of a
    ``pyarrow.Table``: its schema, how many rows it has and some of its columns
    (:data:`KEPT_COLUMNS`). ``build`` keeps this, not the table."""

    schema: pa.Schema
    num_rows: int
    kept: pa.Table

    def column(self, name: str) -> pa.ChunkedArray:
        return self.kept.column(name)

    @classmethod
    def of(cls, name: str, table: pa.Table) -> TableShape:
        keep = [c for c in table.schema.names if c == PRIMARY_KEY or (name, c) in FOREIGN_KEYS or c in KEPT_COLUMNS.get(name, ())]
        return cls(table.schema, table.num_rows, table.select(keep))


#: Columns besides the keys that a release's metadata reads (languages of the articles).
KEPT_COLUMNS: dict[str, tuple[str, ...]] = {"articles": ("language",)}


def _with_dates(model: type[BaseModel], dump: Record) -> Record:
    """Copy a model dump and add the computed date columns the schema declares."""
    row = dict(dump)
    for name in arrow.edtf_columns(model):
        value = row.get(name)
        parsed = parse_edtf(value) if value is not None else None
        row[f"{name}_start"] = parsed.start if parsed else None
        row[f"{name}_end"] = parsed.end if parsed else None
        row[f"{name}_precision"] = parsed.precision if parsed else None
    for name in arrow.published_columns(model):
        value = row.get(name)
        row[f"{name}_date"] = parse_published(value)[0] if value is not None else None
    return row


def article_text(body: str) -> str:
    """The article's text: the curated body without the line break that ends a YAML
    block scalar (``body: |``). ``body_sha256`` and ``body_chars`` are of this text
    (schema 1.1; 1.0 included the line break). Offsets are the same in both."""
    return body.removesuffix("\n")


def _article_row(entry: Record) -> Record:
    article = entry["article"]
    row = _with_dates(models.Article, article)
    body = article_text(article["body"])
    row["body_sha256"] = hashlib.sha256(body.encode("utf-8")).hexdigest()
    row["body_chars"] = len(body)
    row["body"] = None if article["rights"]["text"] == "withheld" else body
    row["quote_count"] = len(entry.get("quotes", []))
    row["event_count"] = len(entry.get("events", []))
    return row


def _quote_rows(entry: Record) -> Iterable[Record]:
    article_id = entry["article"]["id"]
    locator = Locator(entry["article"]["body"])
    for quote in entry.get("quotes", []):
        row = _with_dates(models.Quote, quote)
        row["local_id"] = quote["id"]
        row["id"] = f"{article_id}/{quote['id']}"
        row["article_id"] = article_id
        span = None if quote["kind"] == "paraphrase" else locator.find(quote["text"])
        row["char_start"], row["char_end"] = span if span else (None, None)
        row["start"], row["end"] = row["char_start"], row["char_end"]  # deprecated names (1.0), kept through 1.x
        yield row


def _entity_row(entity: Record) -> Record:
    return dict(entity)


# --- encoding ---------------------------------------------------------------------

# JSON leaves these unescaped, but str.splitlines() and JavaScript treat them as
# line breaks; escaped, a row is exactly one line for every reader. Each has one
# UTF-8 encoding, which no other character's encoding contains.
_LINE_BREAKS = ((b"\xe2\x80\xa8", b"\\u2028"), (b"\xe2\x80\xa9", b"\\u2029"), (b"\xc2\x85", b"\\u0085"))


def escape_line_breaks(data: bytes) -> bytes:
    """``data`` (JSON text) with U+2028, U+2029 and U+0085 written as escapes."""
    for raw, escaped in _LINE_BREAKS:
        if raw in data:
            data = data.replace(raw, escaped)
    return data


def _dumps(value: Any, newline: bool = False) -> bytes:
    """Compact JSON: orjson escapes strings exactly as ``json.dumps(ensure_ascii=False)``
    does and writes dates as ``YYYY-MM-DD``, several times faster."""
    try:
        return orjson.dumps(value, option=orjson.OPT_APPEND_NEWLINE if newline else None)
    except orjson.JSONEncodeError as exc:
        raise ReleaseError(f"a row cannot be written as JSON: {exc}") from exc


def _shape_one(shape: Callable[[Any], Any], type_: pa.DataType, row: Record, where: str) -> Record:
    try:
        shaped: Record = shape(row)
    except (KeyError, TypeError):
        try:  # again, slower, to name the place that does not fit
            arrow.conform(row, type_, where)
        except (KeyError, TypeError) as exc:
            raise ReleaseError(f"rows do not fit the release schema: {exc.args[0]}") from None
        raise AssertionError("unreachable: a row failed to shape once but not twice") from None
    return shaped


class _Encoder:
    """Shapes rows of one table for its Arrow schema and encodes them as JSON lines.

    Shaped rows have the columns' key order (so JSON Lines keys follow the
    columns) and ``inferred`` mappings as ``[{field, reason}]`` lists; a key the
    schema lacks fails instead of being dropped.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.row_type = pa.struct(list(arrow.table_schema(name)))
        self.shape = arrow.shaper(self.row_type)  # once: hashing a struct type costs more than shaping a row
        if name == "events":
            self.source_type = self.row_type.field("sources").type.value_type
            self.shape_source = arrow.shaper(self.source_type)

    def line(self, row: Record) -> bytes:
        shaped = _shape_one(self.shape, self.row_type, row, f"{self.name}[{row.get('id')}]")
        return escape_line_breaks(_dumps(shaped, newline=True))

    def source(self, event_id: str, source: Record) -> bytes:
        """One item of an event's ``sources``, encoded."""
        shaped = _shape_one(self.shape_source, self.source_type, source, f"events[{event_id}].sources")
        return escape_line_breaks(_dumps(shaped))


_ENCODERS: dict[str, _Encoder] = {}


def _encoder(name: str) -> _Encoder:
    found = _ENCODERS.get(name)
    if found is None:
        found = _ENCODERS[name] = _Encoder(name)
    return found


#: The tail of an event line encoded with no sources; ``sources`` is the last column.
_NO_SOURCES = b'"sources":[]}\n'


#: One entry's share of the release, encoded: (article id, article line,
#: ((quote id, line), ...), ((event id, line head, own source), ...) for the
#: events it defines, ((event id, article id, source), ...) for those it lists
#: with ``ref:``). A line head is an event's line up to its ``sources`` value,
#: which only the whole dataset can complete. Made by :func:`entry_parts`,
#: joined by :func:`assemble`; plain tuples of str and bytes, so a build can
#: cache them by the entry file's content.
EntryParts = tuple[
    str,
    bytes,
    tuple[tuple[str, bytes], ...],
    tuple[tuple[str, bytes, bytes], ...],
    tuple[tuple[str, str, bytes], ...],
]


def _plover_columns(row: Record, event: Record) -> None:
    """The PLOVER columns of an event row: type, modes, factuality, actor and recipient."""
    mode = event.get("mode")
    modes = [mode] if isinstance(mode, str) else list(mode or [])
    default = plover_for(event["type"])
    row["plover_event"] = default.type
    row["plover_type"] = plover_type_1_0(event["type"])  # deprecated: never null in 1.x
    row["plover_modes"] = modes or list(default.modes)
    row["plover_mode"] = row["plover_modes"][0] if row["plover_modes"] else None  # deprecated (1.0's one mode)
    row["mode"] = modes[0] if modes else None  # deprecated: a list does not fit 1.0's string column
    row["plover_factuality"] = plover_factuality(event["status"])
    roles = [(a["entity"], plover_role(a["role"])) for a in event.get("actors", [])]
    row["plover_actors"] = [entity for entity, role in roles if role == "actor"]
    row["plover_recipients"] = [entity for entity, role in roles if role == "recipient"]


def _source(article_id: str, defined: bool, item: Record, note: str | None, locator: Locator) -> Record:
    """One item of an event's ``sources``: an article reporting it, with its evidence located."""
    evidence = list(item["evidence"])
    offsets = []
    for sentence in evidence:
        span = locator.find(sentence)
        offsets.append({"char_start": span[0], "char_end": span[1]} if span else {"char_start": None, "char_end": None})
    return {"article_id": article_id, "defined": defined, "evidence": evidence, "note": note, "evidence_offsets": offsets}


def entry_parts(entry: Record) -> EntryParts:
    """Encode what one entry (an ``Entry.model_dump()``) contributes to the tables."""
    article_id = entry["article"]["id"]
    article = _encoder("articles").line(_article_row(entry))
    quotes = _encoder("quotes")
    quote_lines = tuple((row["id"], quotes.line(row)) for row in _quote_rows(entry))
    events = _encoder("events")
    locator = Locator(entry["article"]["body"])
    defined: list[tuple[str, bytes, bytes]] = []
    refs: list[tuple[str, str, bytes]] = []
    for item in entry.get("events", []):
        if "ref" in item:
            source = _source(article_id, False, item, item.get("note"), locator)
            refs.append((item["ref"], article_id, events.source(item["ref"], source)))
            continue
        row = _with_dates(models.Event, item)
        row["article_id"] = article_id
        _plover_columns(row, item)
        row["sources"] = []
        line = events.line(row)
        if not line.endswith(_NO_SOURCES):
            raise AssertionError("the events schema must end with its sources column")
        own = _source(article_id, True, item, None, locator)
        defined.append((item["id"], line[: -len(b"[]}\n")], events.source(item["id"], own)))
    return article_id, article, quote_lines, tuple(defined), tuple(refs)


def _no_duplicates(name: str, ids: list[str]) -> None:
    duplicates = sorted({i for i, j in pairwise(ids) if i == j})
    if duplicates:
        raise ReleaseError(f"{name}: duplicate ids {', '.join(duplicates)}")


def assemble(parts: Iterable[EntryParts], entities: Iterable[Record]) -> dict[str, bytes]:
    """Table name -> its JSON Lines, rows sorted by id, from every entry's parts and
    the entity dumps: what a :class:`Spool` writes, held in memory (for small
    datasets and tests; ``build`` writes the spool's files instead). Raises
    :class:`ReleaseError` on a repeated id, an event defined twice or a ``ref:``
    to an event no entry defines."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="newsledger-spool-") as folder:
        spool = Spool(Path(folder))
        try:
            for item in parts:
                spool.add(item)
            spool.check()
            out = {name: b"".join(spool.lines(name)) for name in SPOOLED}
        finally:
            spool.close()
    out["entities"] = entities_jsonl(entities)
    return out


def entities_jsonl(entities: Iterable[Record]) -> bytes:
    """The ``entities`` table's JSON Lines, rows sorted by id."""
    entity_encoder = _encoder("entities")
    entity_rows = sorted((_entity_row(e) for e in entities), key=lambda r: r["id"])
    _no_duplicates("entities", [r["id"] for r in entity_rows])
    return b"".join(map(entity_encoder.line, entity_rows))


_NO_START = 1 << 62  # after every day: Arrow sorts nulls last
_START_KEY = b'"date_start":'


def _start_day(head: bytes) -> int:
    """The day of an event's ``date_start`` (an ordinal), read from its encoded line
    (which ``build`` verifies: it sorts the parsed table, and rewrites the lines if
    the order differs)."""
    at = head.find(_START_KEY)
    if at < 0 or head[at + len(_START_KEY) : at + len(_START_KEY) + 1] != b'"':
        return _NO_START
    at += len(_START_KEY) + 1
    try:
        return date.fromisoformat(head[at : at + 10].decode("ascii")).toordinal()
    except (ValueError, UnicodeDecodeError):
        return _NO_START


#: The tables made of entries' parts, in the order a release lists them.
SPOOLED = ("articles", "quotes", "events")


class Spool:
    """Every entry's parts joined into the tables' JSON Lines without holding them.

    :meth:`add` appends an entry's lines to one scratch file per table in
    ``folder`` (``.<table>.spool``), in the order given, and keeps only each
    row's id and where its line ends, and the events' ``ref:`` sources (a few
    per cent of the data). :meth:`lines` then reads a table's lines back in id
    order, an event's line completed with the ``sources`` gathered from every
    entry that lists it. The order of :meth:`add` calls changes nothing in what
    is written (rows are sorted by id; an event's sources by article id, then as
    its entry lists them). :meth:`close` removes the scratch files.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._files: dict[str, Any] = {}
        self._ids: dict[str, list[str]] = {name: [] for name in SPOOLED}
        self._ends: dict[str, array[int]] = {name: array("q", [0]) for name in SPOOLED}
        self._owner = array("q")  # events: the row (in articles) of the entry defining each
        self._starts = array("q")  # events: the day ``date_start`` is (an ordinal; none: last)
        self._refs: dict[str, list[tuple[str, bytes]]] = defaultdict(list)
        self._sorted: dict[str, list[int]] = {}
        for name in SPOOLED:
            self._files[name] = open(folder / f".{name}.spool", "xb+")  # noqa: SIM115 - closed by close()

    def _put(self, name: str, row_id: str, data: bytes) -> None:
        try:
            self._files[name].write(data)
        except OSError as exc:  # a full disk: say which file (newsledger.cli, exit 3)
            raise OSError(exc.errno, exc.strerror, os.fspath(self.folder / f".{name}.spool")) from None
        self._ids[name].append(row_id)
        ends = self._ends[name]
        ends.append(ends[-1] + len(data))

    def add(self, parts: EntryParts) -> None:
        """Add one entry's parts (from :func:`entry_parts`)."""
        self._sorted.clear()
        article_id, article, quote_lines, events, listed = parts
        owner = len(self._ids["articles"])
        self._put("articles", article_id, article)
        for quote_id, line in quote_lines:
            self._put("quotes", quote_id, line)
        for event_id, head, own in events:
            self._put("events", event_id, head + b"[" + own)
            self._owner.append(owner)
            self._starts.append(_start_day(head))
        for event_id, by, source in listed:
            self._refs[event_id].append((by, source))

    def ids(self, name: str) -> list[str]:
        """The ids of table ``name``'s rows, in the order added."""
        return self._ids[name]

    def _order(self, name: str) -> list[int]:
        found = self._sorted.get(name)
        if found is None:
            ids = self._ids[name]
            found = self._sorted[name] = sorted(range(len(ids)), key=ids.__getitem__)
        return found

    def check(self) -> None:
        """Raise :class:`ReleaseError` on a repeated id, an event defined twice or a
        ``ref:`` to an event no entry defines."""
        events = self._ids["events"]
        order = self._order("events")
        articles = self._ids["articles"]
        for i, j in pairwise(order):
            if events[i] == events[j]:
                first, second = sorted((articles[self._owner[i]], articles[self._owner[j]]))
                raise ReleaseError(
                    f"event {events[i]!r} is defined by both {first!r} and {second!r}; "
                    "define it once and list it elsewhere with `ref:`"
                )
        dangling = sorted(set(self._refs) - set(events))
        if dangling:
            raise ReleaseError(f"events listed with `ref:` but defined by no entry: {', '.join(dangling)}")
        for name in ("articles", "quotes"):
            _no_duplicates(name, sorted(self._ids[name]))

    def lines(self, name: str, release_order: bool = False, chunk: int = 1 << 20) -> Iterator[bytes]:
        """Table ``name``'s JSON Lines, rows sorted by id (with ``release_order``, events
        by start day, then id, as their Parquet file), in pieces of about ``chunk``
        bytes (:meth:`check` first: this assumes ids are unique)."""
        order = self._order(name)
        if release_order and name == "events":  # (a stable sort: by id within a day)
            order = sorted(order, key=self._starts.__getitem__)
        fh = self._files[name]
        try:
            fh.flush()
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, os.fspath(self.folder / f".{name}.spool")) from None
        fd, ends, ids = fh.fileno(), self._ends[name], self._ids[name]
        refs = self._refs if name == "events" else None
        first = itemgetter(0)
        pieces: list[bytes] = []
        size = 0
        for i in order:
            line = os.pread(fd, ends[i + 1] - ends[i], ends[i])
            if refs is not None:  # head + b"[" + own source: the other sources, and the end
                listed = refs.get(ids[i])
                if listed:
                    line += b"".join(b"," + source for _, source in sorted(listed, key=first))
                line += b"]}\n"
            pieces.append(line)
            size += len(line)
            if size >= chunk:
                yield b"".join(pieces)
                pieces, size = [], 0
        if pieces:
            yield b"".join(pieces)

    def close(self) -> None:
        """Close and remove the scratch files."""
        for name, fh in self._files.items():
            with contextlib.suppress(OSError):  # (what is left to write is not wanted)
                fh.close()
            with contextlib.suppress(OSError):
                (self.folder / f".{name}.spool").unlink()
        self._files = {}


def _parse_type(type_: pa.DataType) -> pa.DataType:
    """``type_`` as Arrow's JSON reader can read it, for a cast back to ``type_`` after.

    Dates become strings (the reader reads no dates), and fields become nullable
    (columns too, in :func:`arrow_table`): the reader rejects a null struct
    (``location: null``) whose fields are required, and names no field when it
    finds a null; :func:`_retype` checks required fields instead.
    """
    if pa.types.is_date(type_):
        return pa.string()
    if pa.types.is_list(type_):
        item = type_.value_field
        return pa.list_(pa.field(item.name, _parse_type(item.type), True, item.metadata))
    if pa.types.is_struct(type_):
        return pa.struct([pa.field(f.name, _parse_type(f.type), True, f.metadata) for f in type_])
    return type_


_PARSE_SCHEMAS: dict[str, pa.Schema] = {}

#: JSON parsed per block of this size (a row never spans two): one block for a
#: whole table allocates buffers of its size, 2-3x slower in a fresh process.
_BLOCK = 4 << 20


# Arrow values are made from Arrow values here, never from Python ones: pyarrow's
# conversion of a Python value imports pandas when it is installed, 0.3 s of a build.


def _all_true(n: int) -> pa.Array:
    return pa.nulls(n, pa.bool_()).is_null()


_PLACEHOLDERS: dict[pa.DataType, pa.Scalar] = {}


def _placeholder(type_: pa.DataType) -> pa.Scalar:
    """A non-null value of ``type_`` for a slot no reader sees: "", 0, false, 1970-01-01."""
    found = _PLACEHOLDERS.get(type_)
    if found is None:
        true = _all_true(1)
        if pa.types.is_string(type_) or pa.types.is_large_string(type_):
            value = pc.utf8_slice_codeunits(true.cast(pa.string()), 0, 0).cast(type_)
        elif pa.types.is_boolean(type_):
            value = pc.invert(true)
        elif pa.types.is_date(type_):
            value = pc.invert(true).cast(pa.int32()).cast(type_)
        else:  # numbers
            one = true.cast(type_)
            value = pc.subtract(one, one)
        found = _PLACEHOLDERS[type_] = value[0]
    return found


def _retype(array: pa.Array, type_: pa.DataType, where: str, parent: pa.Array | None = None) -> pa.Array:
    """``array`` (as the JSON reader made it, see :func:`_parse_type`) as ``type_``.

    ``parent`` is the validity (a boolean array) of the struct holding a required
    field; ``None`` means the field is nullable, or required with no such excuse
    (a column, a list item). Rebuilt, not cast: a required field can be null
    where its struct is null (``location: null``), and a cast refuses those
    nulls. Like ``pa.Table.from_pylist``, these slots get a placeholder (empty
    string, zero, empty list) that Parquet does not store; a null anywhere else
    in a required field raises ``pa.ArrowInvalid``.
    """
    required = parent is not None
    if array.null_count and required and pc.any(pc.and_(array.is_null(), parent)).as_py():
        raise pa.ArrowInvalid(f"{where} is required but null")
    mask = array.is_null() if array.null_count and not required else None
    if pa.types.is_struct(type_):
        valid = array.is_valid()
        children = [
            _retype(array.field(i), f.type, f"{where}.{f.name}", None if f.nullable else valid)
            for i, f in enumerate(type_)
        ]
        return pa.StructArray.from_arrays(children, fields=list(type_), mask=mask)
    if pa.types.is_list(type_):
        item = type_.value_field
        values = array.values
        items = None if item.nullable else _all_true(len(values))
        return pa.ListArray.from_arrays(array.offsets, _retype(values, item.type, f"{where}[]", items), type=type_, mask=mask)
    if pa.types.is_date(type_):
        array = array.cast(type_)
    if required and array.null_count:
        array = pc.fill_null(array, _placeholder(type_))
    return array


def arrow_table(name: str, data: bytes | Path) -> pa.Table:
    """The Arrow table of table ``name``'s JSON Lines ``data`` (from :func:`assemble`),
    given as bytes or as the path of a file holding them (read block by block).

    Equal to ``pa.Table.from_pylist`` of the shaped rows, byte for byte once
    written as Parquet, and about twice as fast: Arrow's JSON reader parses in
    C++ without holding the GIL, so a build parses tables on two threads. One
    thread per call and no Arrow pool (see :func:`newsledger.load._parse_parquet`
    for why). Raises :class:`ReleaseError` when the lines do not fit the schema.
    """
    schema = arrow.table_schema(name)
    if not (data.stat().st_size if isinstance(data, Path) else data):
        return schema.empty_table()
    parse = _PARSE_SCHEMAS.get(name)
    if parse is None:
        parse = _PARSE_SCHEMAS[name] = pa.schema([f.with_type(_parse_type(f.type)).with_nullable(True) for f in schema])
    try:
        table = pj.read_json(
            pa.OSFile(str(data)) if isinstance(data, Path) else pa.BufferReader(data),
            read_options=pj.ReadOptions(use_threads=False, block_size=_BLOCK),
            parse_options=pj.ParseOptions(explicit_schema=parse, unexpected_field_behavior="error"),
        )
        every = _all_true(table.num_rows)
        columns = []
        pool = pa.default_memory_pool()
        for f in schema:  # one column at a time, each let go once joined: not the whole table twice
            column = table.column(0).combine_chunks()
            table = table.remove_column(0)
            columns.append(_retype(column, f.type, f"{name}.{f.name}", None if f.nullable else every))
            pool.release_unused()  # the column's blocks, freed: else the allocator keeps them resident
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise ReleaseError(f"{name}: rows do not fit the release schema: {exc}") from exc
    return pa.Table.from_arrays(columns, schema=schema)


def check_references(tables: Mapping[str, pa.Table | TableShape]) -> None:
    """Raise :class:`ReleaseError` when a row breaks a declared foreign key."""
    problems = []
    for (table, column), target in FOREIGN_KEYS.items():
        values = tables[table].column(column).drop_null()
        missing = values.filter(pc.invert(pc.is_in(values, value_set=tables[target].column(PRIMARY_KEY))))
        if len(missing):
            names = sorted(set(missing.to_pylist()))
            problems.append(f"{table}.{column} names {', '.join(names)}, not found in {target}")
    if problems:
        raise ReleaseError("the release would break its own foreign keys: " + "; ".join(problems))


def release_jsonl(entries: Iterable[Record], entities: Iterable[Record]) -> dict[str, bytes]:
    """Table name -> JSON Lines, from entry and entity model dumps."""
    return assemble(map(entry_parts, entries), entities)


def tables_of(jsonl: Mapping[str, bytes]) -> dict[str, pa.Table]:
    """Table name -> Arrow table of the JSON Lines from :func:`assemble`, foreign keys checked."""
    tables = {name: arrow_table(name, data) for name, data in jsonl.items()}
    check_references(tables)
    return tables


def build_tables(entries: Iterable[Record], entities: Iterable[Record]) -> dict[str, pa.Table]:
    """Table name -> Arrow table, from entry and entity model dumps."""
    return tables_of(release_jsonl(entries, entities))
