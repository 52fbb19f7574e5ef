"""``datapackage.json``: the release as a Frictionless Data Package (v2).

Every table is described twice, once per file format:

* ``<table>``: the JSON Lines file, a tabular resource. Frictionless reads it
  natively, so ``frictionless validate datapackage.json`` checks every row
  against its Table Schema, the primary key and the foreign keys. An empty
  table is described inline, as a header row without data (frictionless cannot
  read an empty JSON Lines file).
* ``<table>-parquet``: the Parquet file with the same rows, the same Table
  Schema and keys (its foreign keys point at the other Parquet resources). It is
  declared ``"type": "file"``: frictionless's Parquet reader goes through pandas
  and rejects list columns and nullable integers, so it checks these files by
  size and sha256 only, and their rows through their JSON Lines twins.

Foreign keys are declared for every top-level reference column
(``FOREIGN_KEYS``). References nested in lists or records (authors, cited
sources, actors, casualty groups, places, an event's sources) cannot be keys in
Table Schema v2, which compares whole field values; their descriptions name
the table they point into, and validation (NL402, NL403), which ``build`` runs
first, checks every one of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyarrow as pa

from newsledger.release import about
from newsledger.release.manifest import FileInfo
from newsledger.release.tables import FOREIGN_KEYS, PRIMARY_KEY, TableShape
from newsledger.schema import arrow

__all__ = ["PARQUET_SUFFIX", "PRIMARY_KEYS", "PROFILE", "document", "field_type"]

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


def field_type(type_: pa.DataType) -> str:
    """Table Schema type of an Arrow type (nested values are JSON arrays/objects)."""
    if pa.types.is_string(type_) or pa.types.is_large_string(type_):
        return "string"
    if pa.types.is_integer(type_):
        return "integer"
    if pa.types.is_floating(type_):
        return "number"
    if pa.types.is_boolean(type_):
        return "boolean"
    if pa.types.is_date(type_):
        return "date"
    if pa.types.is_list(type_):
        return "array"
    if pa.types.is_struct(type_):
        return "object"
    raise TypeError(f"no Table Schema type for Arrow {type_}")


def _field(field: pa.Field, enum: list[str] | None) -> dict[str, Any]:
    out: dict[str, Any] = {"name": field.name, "type": field_type(field.type), "description": about.column_text(field)}
    constraints: dict[str, Any] = {}
    if not field.nullable:
        constraints["required"] = True
    if enum:
        constraints["enum"] = enum
    if constraints:
        out["constraints"] = constraints
    return out


#: Primary keys other than ``id``: a tombstone is unique per table.
PRIMARY_KEYS: dict[str, list[str]] = {"retired": ["id", "table"]}

#: Resource name suffix of the Parquet twins.
PARQUET_SUFFIX = "-parquet"


def _foreign_keys(table: str, suffix: str = "") -> list[dict[str, Any]]:
    keys = []
    for (source, column), target in FOREIGN_KEYS.items():
        if source != table:
            continue
        reference: dict[str, Any] = {"fields": [PRIMARY_KEY]}
        if target != table:  # v2: a reference without "resource" points at the same resource
            reference = {"resource": target + suffix, **reference}
        keys.append({"fields": [column], "reference": reference})
    return keys


def _schema(name: str, table: TableShape, suffix: str = "") -> dict[str, Any]:
    vocab = arrow.vocabularies(name)
    schema: dict[str, Any] = {
        "fields": [_field(f, vocab.get(f.name)) for f in table.schema],
        "primaryKey": PRIMARY_KEYS.get(name, [PRIMARY_KEY]),
    }
    foreign = _foreign_keys(name, suffix)
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def _parquet_resource(name: str, table: TableShape, info: FileInfo) -> dict[str, Any]:
    return {
        "name": name + PARQUET_SUFFIX,
        "type": "file",
        "path": f"{name}.parquet",
        "format": "parquet",
        "mediatype": about.MEDIATYPE["parquet"],
        "bytes": info.bytes,
        "hash": f"sha256:{info.sha256}",
        "description": f"{arrow.description_of(table.schema)} Parquet (zstd) twin of {name}.jsonl: the same rows "
        "and columns, with typed dates and column statistics.",
        "schema": _schema(name, table, PARQUET_SUFFIX),
    }


def _resource(name: str, table: TableShape, info: FileInfo) -> dict[str, Any]:
    schema = _schema(name, table)
    doc = arrow.description_of(table.schema)
    if table.num_rows == 0:
        # frictionless cannot read an empty JSON Lines file (nor an empty inline
        # list); a header-only inline table states "no rows" in a form it accepts.
        return {
            "name": name,
            "type": "table",
            "data": [list(table.schema.names)],
            "description": f"{doc} No rows in this release ({name}.jsonl and {name}.parquet are empty).",
            "schema": schema,
        }
    return {
        "name": name,
        "type": "table",
        "path": f"{name}.jsonl",
        "format": "jsonl",
        "mediatype": about.MEDIATYPE["jsonl"],
        "encoding": "utf-8",
        "bytes": info.bytes,
        "hash": f"sha256:{info.sha256}",
        "description": f"{doc} The same rows and columns are in {name}.parquet.",
        "schema": schema,
    }


def document(
    tables: Mapping[str, TableShape], files: Mapping[str, FileInfo], version: str, created: str | None
) -> dict[str, Any]:
    """The Data Package descriptor as a JSON-ready dict."""
    doc: dict[str, Any] = {
        "$schema": PROFILE,
        "name": about.NAME,
        "title": about.TITLE,
        "description": about.DESCRIPTION,
        "version": version,
        "homepage": about.HOMEPAGE,
        "keywords": about.KEYWORDS,
        "licenses": [{"name": about.LICENSE_ID, "path": about.LICENSE_URL, "title": about.LICENSE_TITLE}],
        "contributors": [{"title": about.CREATOR, "roles": ["creator"]}],
    }
    if created:
        doc["created"] = created
    doc["resources"] = [
        *(_resource(name, t, files[f"{name}.jsonl"]) for name, t in tables.items()),
        *(_parquet_resource(name, t, files[f"{name}.parquet"]) for name, t in tables.items()),
    ]
    return doc
