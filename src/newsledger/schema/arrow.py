"""The Arrow schema of release tables, derived from the pydantic models.

Every column of ``articles``, ``quotes``, ``events`` and ``entities`` comes either
from a model field (same name, same meaning, the field's description in the Arrow
field metadata) or from a short list of computed columns declared here. Deriving
the schema keeps the release in step with the models: a field added to a model
shows up in the next release without touching this module.

Only plain Arrow types are used (string, int64, float64, bool, date32, list,
struct) so that every Parquet reader understands the files as they are. Two
shapes differ from the YAML on purpose:

* an ``inferred`` mapping becomes ``list<struct<field, reason>>`` sorted by field,
  because Arrow maps are read inconsistently (polars and Hugging Face ``datasets``
  have no map type);
* every top-level EDTF column ``X`` gains ``X_start``/``X_end`` (date32, null for
  an open or unknown end) and ``X_precision``; a publication date ``X`` gains
  ``X_date``. EDTF dates nested in structs (a citation's ``date``) stay strings.
"""

from __future__ import annotations

import enum
import functools
import types
import typing
from collections.abc import Callable, Iterable
from typing import Any

import pyarrow as pa
from pydantic import AfterValidator, BaseModel, StringConstraints
from pydantic.fields import FieldInfo

from newsledger.schema import checks, models

__all__ = [
    "DEPRECATED",
    "DESCRIPTION",
    "MEANING_CHANGED",
    "TABLES",
    "conform",
    "description",
    "description_of",
    "edtf_columns",
    "published_columns",
    "table_schema",
    "table_schemas",
    "vocabularies",
]

#: Arrow field metadata key holding a column's human description.
DESCRIPTION = b"description"

#: Table names in release order.
TABLES: tuple[str, ...] = ("articles", "quotes", "events", "entities")

_INFERRED = pa.struct(
    [
        pa.field("field", pa.string(), nullable=False, metadata={DESCRIPTION: b"Name of the inferred field."}),
        pa.field("reason", pa.string(), nullable=False, metadata={DESCRIPTION: b"Why and how it was inferred."}),
    ]
)


#: Arrow field metadata keys a schema change leaves on a column (JSON values), read by
#: ``newsledger schema diff``: ``{"since": "1.1", "use": "char_start", "note": "..."}``
#: for a column kept but deprecated, ``{"since": "1.1", "note": "..."}`` for a column whose
#: values mean something else than in earlier versions with the same type.
DEPRECATED = b"newsledger.deprecated"
MEANING_CHANGED = b"newsledger.meaning_changed"


def _field(
    name: str,
    type_: pa.DataType,
    nullable: bool,
    text: str,
    *,
    deprecated: dict[str, str] | None = None,
    meaning_changed: dict[str, str] | None = None,
) -> pa.Field:
    import json

    meta = {DESCRIPTION: text.encode("utf-8")}
    if deprecated is not None:
        meta[DEPRECATED] = json.dumps(deprecated, sort_keys=True).encode("utf-8")
    if meaning_changed is not None:
        meta[MEANING_CHANGED] = json.dumps(meaning_changed, sort_keys=True).encode("utf-8")
    return pa.field(name, type_, nullable=nullable, metadata=meta)


def description(field: pa.Field) -> str:
    """The description stored in an Arrow field's metadata ('' when absent)."""
    return bytes((field.metadata or {}).get(DESCRIPTION, b"")).decode("utf-8")


def description_of(schema: pa.Schema) -> str:
    """The table description stored in an Arrow schema's metadata ('' when absent)."""
    return bytes((schema.metadata or {}).get(DESCRIPTION, b"")).decode("utf-8")


# --- annotation walking -----------------------------------------------------


def _strip(annotation: Any) -> tuple[Any, list[Any], bool]:
    """Peel ``Annotated`` and ``X | None``: (core type, metadata found, optional?)."""
    meta: list[Any] = []
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            base, *extra = typing.get_args(annotation)
            meta.extend(extra)
            annotation = base
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                raise TypeError(f"cannot map the union {annotation!r} to one Arrow type")
            optional = optional or len(args) < len(typing.get_args(annotation))
            annotation = args[0]
        else:
            return annotation, meta, optional


def _arrow_type(annotation: Any) -> pa.DataType:
    core, _, _ = _strip(annotation)
    origin = typing.get_origin(core)
    if origin is list:
        (item,) = typing.get_args(core)
        item_core, _, item_optional = _strip(item)
        return pa.list_(pa.field("element", _arrow_type(item_core), nullable=item_optional))
    if origin is dict:
        return pa.list_(pa.field("element", _INFERRED, nullable=False))
    if origin is typing.Literal:
        return pa.string()
    if isinstance(core, type):
        if issubclass(core, BaseModel):
            return pa.struct(_model_fields(core))
        if issubclass(core, enum.Enum) or core is str:
            return pa.string()
        if core is bool:
            return pa.bool_()
        if core is int:
            return pa.int64()
        if core is float:
            return pa.float64()
    raise TypeError(f"no Arrow type for {core!r}")


def _metadata(info: FieldInfo) -> list[Any]:
    try:
        _, nested, _ = _strip(info.annotation)
    except TypeError:  # a union of several types (an event's mode): no date, no single type
        return list(info.metadata)
    return [*info.metadata, *nested]


def _describe(model: type[BaseModel], name: str, info: FieldInfo) -> str:
    """The field's description, falling back to the type's own documentation.

    pydantic does not lift a ``Field(description=...)`` out of ``Annotated[...] | None``
    (e.g. ``country: Country | None``), nor do enum-typed fields always carry one.
    """
    if info.description:
        return info.description
    for item in _metadata(info):
        if isinstance(item, FieldInfo) and item.description:
            return item.description
    core, _, _ = _strip(info.annotation)
    if isinstance(core, type) and issubclass(core, enum.Enum):
        return f"One of: {', '.join(m.value for m in core)} (vocabulary {core.__name__})."
    if isinstance(core, type) and issubclass(core, BaseModel):
        return (core.__doc__ or core.__name__).strip().splitlines()[0]
    raise ValueError(f"{model.__name__}.{name} has no description; add one to the model")


def _nullable(info: FieldInfo) -> bool:
    _, _, optional = _strip(info.annotation)
    return optional


def _model_fields(model: type[BaseModel], exclude: Iterable[str] = ()) -> list[pa.Field]:
    skip = set(exclude)
    return [
        _field(name, _arrow_type(info.annotation), _nullable(info), _describe(model, name, info))
        for name, info in model.model_fields.items()
        if name not in skip
    ]


def _is_edtf(info: FieldInfo) -> bool:
    return any(isinstance(m, StringConstraints) and m.pattern == models.EDTF_PATTERN for m in _metadata(info))


def _is_published(info: FieldInfo) -> bool:
    return any(isinstance(m, AfterValidator) and m.func is checks.published for m in _metadata(info))


@functools.cache
def edtf_columns(model: type[BaseModel]) -> list[str]:
    """Top-level fields of ``model`` holding an EDTF date."""
    return [name for name, info in model.model_fields.items() if _is_edtf(info)]


@functools.cache
def published_columns(model: type[BaseModel]) -> list[str]:
    """Top-level fields of ``model`` holding an ISO publication date or datetime."""
    return [name for name, info in model.model_fields.items() if _is_published(info)]


def _with_dates(model: type[BaseModel], fields: list[pa.Field]) -> list[pa.Field]:
    """Insert the computed date columns right after the column they derive from."""
    edtf, published = set(edtf_columns(model)), set(published_columns(model))
    out: list[pa.Field] = []
    for f in fields:
        out.append(f)
        if f.name in edtf:
            out += [
                _field(
                    f"{f.name}_start",
                    pa.date32(),
                    True,
                    f"Earliest day `{f.name}` can mean; null when open or unknown.",
                ),
                _field(
                    f"{f.name}_end", pa.date32(), True, f"Latest day `{f.name}` can mean; null when open or unknown."
                ),
                _field(
                    f"{f.name}_precision",
                    pa.string(),
                    True,
                    f"Precision of `{f.name}`: day, month, year, decade, century or interval; null when absent.",
                ),
            ]
        elif f.name in published:
            out.append(
                _field(
                    f"{f.name}_date",
                    pa.date32(),
                    f.nullable,
                    f"Calendar day of `{f.name}` as printed (local to its offset).",
                )
            )
    return out


def _replace(fields: list[pa.Field], name: str, new: pa.Field) -> list[pa.Field]:
    return [new if f.name == name else f for f in fields]


def _insert_after(fields: list[pa.Field], anchor: str, extra: list[pa.Field]) -> list[pa.Field]:
    i = [f.name for f in fields].index(anchor) + 1
    return [*fields[:i], *extra, *fields[i:]]


# --- tables ---------------------------------------------------------------


_BODY_NOTE = (
    "Schema 1.0 included the line break that ends a YAML block scalar (`body: |`), so the hash "
    "and length differed from the article's own text; 1.1 leaves it out. Hashes of 1.0 and 1.1 "
    "releases of the same body differ."
)


def _articles() -> list[pa.Field]:
    fields = _with_dates(models.Article, _model_fields(models.Article))
    body = next(f for f in fields if f.name == "body")
    fields = _replace(
        fields,
        "body",
        _field(
            "body",
            pa.string(),
            True,
            description(body) + " Without the final line break that a YAML block adds. Null when `rights.text` is `withheld`.",
            meaning_changed={"since": "1.1", "note": _BODY_NOTE},
        ),
    )
    fields = _insert_after(
        fields,
        "body",
        [
            _field(
                "body_sha256",
                pa.string(),
                False,
                "SHA-256 (hex) of the UTF-8 body without the final line break that a YAML block adds "
                "(the article's text as published), shipped even when the body is withheld.",
                meaning_changed={"since": "1.1", "note": _BODY_NOTE},
            ),
            _field(
                "body_chars",
                pa.int64(),
                False,
                "Length in Unicode code points of the body without the final line break that a YAML block adds.",
                meaning_changed={"since": "1.1", "note": _BODY_NOTE},
            ),
        ],
    )
    return [
        *fields,
        _field("quote_count", pa.int64(), False, "Number of quotes the entry records."),
        _field("event_count", pa.int64(), False, "Number of events the entry reports (defined or `ref`)."),
    ]


_OFFSET_NOTE = (
    "`start`/`end` read like the dates `said_start`/`said_end` and `end` is an SQL keyword; "
    "kept through schema 1.x, removed in 2.0."
)


def _quotes() -> list[pa.Field]:
    fields = _with_dates(models.Quote, _model_fields(models.Quote, exclude=["id"]))
    local = models.Quote.model_fields["id"]
    fields = _insert_after(
        fields,
        "text",
        [
            _field(
                "start",
                pa.int64(),
                True,
                "Deprecated: use `char_start` (same values). Offset (code points) of the quote's first "
                "character in the body; null for paraphrases and quotes not found verbatim.",
                deprecated={"since": "1.1", "use": "char_start", "note": _OFFSET_NOTE},
            ),
            _field(
                "end",
                pa.int64(),
                True,
                "Deprecated: use `char_end` (same values). Offset (code points, exclusive) of the "
                "quote's end in the body; null like `start`.",
                deprecated={"since": "1.1", "use": "char_end", "note": _OFFSET_NOTE},
            ),
            _field(
                "char_start",
                pa.int64(),
                True,
                "Offset (code points) of the quote's first character in the body; "
                "null for paraphrases and quotes not found verbatim.",
            ),
            _field(
                "char_end",
                pa.int64(),
                True,
                "Offset (code points, exclusive) of the quote's end in the body; null like `char_start`.",
            ),
        ],
    )
    return [
        _field("id", pa.string(), False, "Release id `<article_id>/<local_id>`, unique across the release."),
        _field("article_id", pa.string(), False, "Id of the article that carries the quote."),
        _field("local_id", pa.string(), False, _describe(models.Quote, "id", local)),
        *fields,
    ]


_SPAN = pa.struct(
    [
        _field("char_start", pa.int64(), True, "Offset (code points) of the sentence's first character in the body."),
        _field("char_end", pa.int64(), True, "Offset (code points, exclusive) of the sentence's end in the body."),
    ]
)


def _sources() -> pa.Field:
    ref = models.EventRef.model_fields
    item = pa.struct(
        [
            _field("article_id", pa.string(), False, "Id of an article that reports the event."),
            _field("defined", pa.bool_(), False, "True for the entry that curates the event, false for a `ref`."),
            _field(
                "evidence",
                _arrow_type(ref["evidence"].annotation),
                False,
                _describe(models.EventRef, "evidence", ref["evidence"]),
            ),
            _field(
                "note",
                pa.string(),
                True,
                _describe(models.EventRef, "note", ref["note"]) + " Null for the defining entry.",
            ),
            _field(
                "evidence_offsets",
                pa.list_(pa.field("element", _SPAN, nullable=False)),
                False,
                "Where each evidence sentence is in that article's body, in the order of `evidence`: "
                "code-point offsets `char_start`/`char_end` (end exclusive), null when not found verbatim.",
            ),
        ]
    )
    return _field(
        "sources",
        pa.list_(pa.field("element", item, nullable=False)),
        False,
        "Every article reporting the event: the defining entry first, then those listing it with `ref`, by article id.",
    )


def _events() -> list[pa.Field]:
    names = list(models.Event.model_fields)
    fields = _model_fields(models.Event, exclude=["mode"])
    # `mode` is one mode or a list of them in an entry; the column keeps 1.0's string.
    mode = _field(
        "mode",
        pa.string(),
        True,
        "Deprecated: use `plover_modes`. The curator's PLOVER mode override; the first one when "
        "the entry lists several; null when none.",
        deprecated={"since": "1.1", "use": "plover_modes", "note": "an event may have several modes since 1.1"},
    )
    fields.insert(names.index("mode"), mode)
    fields = _with_dates(models.Event, fields)
    fields = _insert_after(
        fields,
        "id",
        [_field("article_id", pa.string(), False, "Id of the article whose entry defines (curates) the event.")],
    )
    fields = _insert_after(
        fields,
        "type",
        [
            _field(
                "plover_type",
                pa.string(),
                False,
                "Deprecated: use `plover_event`. PLOVER event type the newsledger type maps to, as in "
                "schema 1.0: for `statement` and `policy_change`, which have no PLOVER type, it keeps "
                "1.0's CONSULT and CONCEDE.",
                deprecated={
                    "since": "1.1",
                    "use": "plover_event",
                    "note": "statement and policy_change have no PLOVER type; this column cannot be null in 1.x",
                },
            ),
            _field(
                "plover_event",
                pa.string(),
                True,
                "PLOVER event type (PLOVER's `event`) the newsledger type maps to; null for a type PLOVER "
                "has none for (statement, policy_change).",
            ),
            _field(
                "plover_mode",
                pa.string(),
                True,
                "Deprecated: use `plover_modes`. PLOVER mode: the curator's (first) `mode`, else the "
                "type's default; null when none.",
                deprecated={"since": "1.1", "use": "plover_modes", "note": "an event may have several modes since 1.1"},
            ),
            _field(
                "plover_modes",
                pa.list_(pa.field("element", pa.string(), nullable=False)),
                False,
                "PLOVER modes: the curator's `mode` (one or several), else the type's default; empty when none.",
            ),
            _field(
                "plover_factuality",
                pa.string(),
                False,
                "Whether the event happened, in the spirit of PLOVER's future, hypothetical and negation "
                "markers, derived from `status`: asserted (occurred, ongoing), future (planned, expected, "
                "announced), unconfirmed (reported), negated (denied).",
            ),
            _field(
                "plover_actors",
                pa.list_(pa.field("element", pa.string(), nullable=False)),
                False,
                "Entity ids of PLOVER's actor: the `actors` with role initiator or participant (PLOVER codes every party of a reciprocal event as actor), in entry order.",
            ),
            _field(
                "plover_recipients",
                pa.list_(pa.field("element", pa.string(), nullable=False)),
                False,
                "Entity ids of PLOVER's recipient: the `actors` with role target, in entry order.",
            ),
        ],
    )
    return [*fields, _sources()]


def _entities() -> list[pa.Field]:
    return _model_fields(models.Entity)


def _retired() -> list[pa.Field]:
    from newsledger.schema.retired import Retired

    return _model_fields(Retired)


_BUILDERS = {"articles": _articles, "quotes": _quotes, "events": _events, "entities": _entities, "retired": _retired}

_DOCS = {
    "articles": "One row per news report (entry), sorted by id.",
    "quotes": "One row per quote, sorted by release id `<article_id>/<local_id>`.",
    "events": "One row per event, with every article that reports it, sorted by `date_start` "
    "(open or unknown starts last), then id.",
    "entities": "The entity registry: people, organisations and places, sorted by id.",
    "retired": "Tombstones: ids of earlier releases that left the dataset, why, and what replaced them; "
    "a retired id is never used again. Sorted by id, then table.",
}


@functools.cache
def table_schema(table: str) -> pa.Schema:
    """The Arrow schema of one release table, with column descriptions."""
    meta = {DESCRIPTION: _DOCS[table].encode("utf-8"), b"newsledger.schema_version": models.SCHEMA_VERSION.encode()}
    return pa.schema(_BUILDERS[table](), metadata=meta)


def release_table_schemas() -> dict[str, pa.Schema]:
    """Every table a release ships (the four record tables, then ``retired``) -> Arrow schema."""
    return {name: table_schema(name) for name in _BUILDERS}


def table_schemas() -> dict[str, pa.Schema]:
    """Table name -> Arrow schema, in release order."""
    return {name: table_schema(name) for name in TABLES}


_MODELS: dict[str, type[BaseModel]] = {
    "articles": models.Article,
    "quotes": models.Quote,
    "events": models.Event,
    "entities": models.Entity,
}


def _model_of(table: str) -> type[BaseModel]:
    if table == "retired":
        from newsledger.schema.retired import Retired

        return Retired
    return _MODELS[table]


def vocabularies(table: str) -> dict[str, list[str]]:
    """Column -> allowed values, for top-level columns typed by a vocabulary.

    Metadata writers (Data Package ``constraints.enum``) use it; the Arrow type
    itself stays a plain string so that readers need no dictionary or enum type.
    """
    from newsledger.schema.vocab import PLOVER_MODES

    out: dict[str, list[str]] = {}
    columns = set(table_schema(table).names)
    for name, info in _model_of(table).model_fields.items():
        try:
            core, _, _ = _strip(info.annotation)
        except TypeError:  # an event's mode: one PLOVER mode or a list, no vocabulary of its own
            continue
        if isinstance(core, type) and issubclass(core, enum.Enum) and name in columns:
            out[name] = [m.value for m in core]
    if table == "events":
        from newsledger.schema.vocab import PLOVER_FACTUALITY

        out["plover_type"] = sorted(PLOVER_MODES)
        out["plover_event"] = sorted(PLOVER_MODES)
        out["plover_factuality"] = list(PLOVER_FACTUALITY)
    return out


def conform(value: Any, type_: pa.DataType, where: str = "value") -> Any:
    """Reshape a model-dump value for an Arrow column of ``type_``.

    ``inferred`` mappings (at any depth) become sorted ``[{field, reason}]``
    lists; struct values must not carry keys the struct lacks, so a model field
    missing from the Arrow schema fails loudly instead of being dropped.
    """
    try:
        return shaper(type_)(value)
    except (KeyError, TypeError) as exc:
        raise type(exc)(f"{where}: {exc.args[0] if exc.args else exc}") from None


_SHAPERS: dict[pa.DataType, Callable[[Any], Any]] = {}


def _identity(value: Any) -> Any:
    return value


def shaper(type_: pa.DataType) -> Callable[[Any], Any]:
    """A function that reshapes values for ``type_``, built once per type.

    Building a release shapes hundreds of thousands of nested values; asking
    pyarrow for a struct's field names at every value costs more than the rest
    of the build.
    """
    found = _SHAPERS.get(type_)
    if found is None:
        found = _SHAPERS[type_] = _make_shaper(type_)
    return found


def _make_shaper(type_: pa.DataType) -> Callable[[Any], Any]:
    if pa.types.is_list(type_):
        inner = shaper(type_.value_type)

        def shape_list(value: Any) -> Any:
            if value is None:
                return None
            if isinstance(value, dict):  # an `inferred` mapping
                return [{"field": k, "reason": value[k]} for k in sorted(value)]
            if inner is _identity:
                return value if type(value) is list else list(value)
            return [inner(v) for v in value]

        return shape_list
    if pa.types.is_struct(type_):
        return _struct_shaper(type_)
    return _identity


def _struct_shaper(type_: pa.StructType) -> Callable[[Any], Any]:
    fields = [(type_.field(i).name, shaper(type_.field(i).type)) for i in range(type_.num_fields)]
    names = frozenset(name for name, _ in fields)
    keys = tuple(name for name, _ in fields)
    # Keys come out in field order: JSON Lines is written from these dicts, and
    # its keys follow the columns.
    order = [(name, None if f is _identity else f) for name, f in fields]
    nested = [(name, f) for name, f in fields if f is not _identity]

    def shape_struct(value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, dict):
            raise TypeError(f"expected a record, got {type(value).__name__}")
        if tuple(value) == keys:
            # The common case, a model dump: every field, in order (the schema is
            # derived from the models). Copy only when something inside changes.
            if not nested:
                return value
            out = dict(value)
            for name, f in nested:
                out[name] = f(out[name])
            return out
        if not names.issuperset(value):
            unknown = ", ".join(sorted(set(value) - names))
            raise KeyError(f"no Arrow field for {unknown}; the Arrow schema is out of date")
        get = value.get
        return {name: get(name) if f is None else f(get(name)) for name, f in order}

    return shape_struct
