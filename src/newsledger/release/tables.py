"""Turn validated entries and entities into the four release tables.

Input is what validation hands over: ``Entry.model_dump()`` and
``Entity.model_dump()`` dicts (enum values as plain strings). Output is one
``pyarrow.Table`` per table, typed by :mod:`newsledger.schema.arrow`, rows sorted
by id. Everything here is a pure function of its input, which is what makes a
release reproducible.

The referential promises the release metadata makes (``FOREIGN_KEYS``, declared
in ``datapackage.json``) are checked here too: a release never states a key that
its own rows break.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import pairwise
from typing import Any

import pyarrow as pa
from pydantic import BaseModel

from newsledger.errors import ReleaseError
from newsledger.release.text import Locator
from newsledger.schema import arrow, models
from newsledger.schema.edtf import parse_edtf, parse_published
from newsledger.schema.vocab import plover_for

__all__ = ["FOREIGN_KEYS", "PRIMARY_KEY", "build_rows", "build_tables", "to_arrow"]

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


def _article_row(entry: Record) -> Record:
    article = entry["article"]
    row = _with_dates(models.Article, article)
    body: str = article["body"]
    row["body_sha256"] = hashlib.sha256(body.encode("utf-8")).hexdigest()
    row["body_chars"] = len(body)
    if article["rights"]["text"] == "withheld":
        row["body"] = None
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
        row["start"], row["end"] = span if span else (None, None)
        yield row


def _event_rows(entries: list[Record]) -> list[Record]:
    defined: dict[str, tuple[str, Record]] = {}
    refs: dict[str, list[Record]] = defaultdict(list)
    for entry in entries:
        article_id = entry["article"]["id"]
        for item in entry.get("events", []):
            if "ref" in item:
                refs[item["ref"]].append(
                    {
                        "article_id": article_id,
                        "defined": False,
                        "evidence": list(item["evidence"]),
                        "note": item.get("note"),
                    }
                )
            elif item["id"] in defined:
                raise ReleaseError(
                    f"event {item['id']!r} is defined by both {defined[item['id']][0]!r} and {article_id!r}; "
                    "define it once and list it elsewhere with `ref:`"
                )
            else:
                defined[item["id"]] = (article_id, item)
    dangling = sorted(set(refs) - set(defined))
    if dangling:
        raise ReleaseError(f"events listed with `ref:` but defined by no entry: {', '.join(dangling)}")
    rows = []
    for event_id, (article_id, event) in defined.items():
        row = _with_dates(models.Event, event)
        plover = plover_for(event["type"], event.get("mode"))
        row["article_id"] = article_id
        row["plover_type"], row["plover_mode"] = plover.type, plover.mode
        own = {"article_id": article_id, "defined": True, "evidence": list(event["evidence"]), "note": None}
        row["sources"] = [own, *sorted(refs.get(event_id, []), key=lambda s: s["article_id"])]
        rows.append(row)
    return rows


def _entity_row(entity: Record) -> Record:
    return dict(entity)


def _shape(name: str, rows: list[Record]) -> list[Record]:
    """Sort ``rows`` by id and reshape each for the table's Arrow schema.

    The result is what both writers use: Arrow builds the Parquet table from it
    and JSON Lines is encoded from it, so the two files hold the same values.
    """
    schema = arrow.table_schema(name)
    rows = sorted(rows, key=lambda r: r["id"])
    ids = [r["id"] for r in rows]
    duplicates = sorted({i for i, j in pairwise(ids) if i == j})
    if duplicates:
        raise ReleaseError(f"{name}: duplicate ids {', '.join(duplicates)}")
    # A row as a struct of the whole schema: unknown keys (a model field the
    # Arrow schema lacks) fail here instead of being dropped silently.
    row_type = pa.struct(list(schema))
    shape = arrow.shaper(row_type)
    try:
        return [shape(row) for row in rows]
    except (KeyError, TypeError):
        pass
    for row in rows:  # again, slower, to name the row that does not fit
        try:
            arrow.conform(row, row_type, f"{name}[{row['id']}]")
        except (KeyError, TypeError) as exc:
            raise ReleaseError(f"{name}: rows do not fit the release schema: {exc.args[0]}") from None
    raise AssertionError("unreachable: a row failed to shape once but not twice")


def to_arrow(name: str, rows: list[Record]) -> pa.Table:
    """The Arrow table of shaped ``rows`` (from :func:`build_rows`)."""
    try:
        return pa.Table.from_pylist(rows, schema=arrow.table_schema(name))
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise ReleaseError(f"{name}: rows do not fit the release schema: {exc}") from exc


def check_references(rows: Mapping[str, list[Record]]) -> None:
    """Raise :class:`ReleaseError` when a row breaks a declared foreign key."""
    ids = {name: {r[PRIMARY_KEY] for r in table} for name, table in rows.items()}
    problems = []
    for (table, column), target in FOREIGN_KEYS.items():
        missing = sorted({v for r in rows[table] if (v := r[column]) is not None and v not in ids[target]})
        if missing:
            problems.append(f"{table}.{column} names {', '.join(missing)}, not found in {target}")
    if problems:
        raise ReleaseError("the release would break its own foreign keys: " + "; ".join(problems))


def build_rows(entries: Iterable[Record], entities: Iterable[Record]) -> dict[str, list[Record]]:
    """Table name -> shaped rows sorted by id, from entry and entity model dumps."""
    entries = sorted(entries, key=lambda e: e["article"]["id"])
    rows = {
        "articles": _shape("articles", [_article_row(e) for e in entries]),
        "quotes": _shape("quotes", [row for e in entries for row in _quote_rows(e)]),
        "events": _shape("events", _event_rows(entries)),
        "entities": _shape("entities", [_entity_row(e) for e in entities]),
    }
    check_references(rows)
    return rows


def build_tables(entries: Iterable[Record], entities: Iterable[Record]) -> dict[str, pa.Table]:
    """Table name -> Arrow table, from entry and entity model dumps."""
    return {name: to_arrow(name, rows) for name, rows in build_rows(entries, entities).items()}
