"""``datapackage.json``: the release as a Frictionless Data Package (v2).

Resources are the JSON Lines files: Frictionless reads them natively, so
``frictionless validate datapackage.json`` checks every row against its Table
Schema, the primary keys and the foreign keys. (Its Parquet reader goes through
pandas and rejects list columns and nullable integers, so the Parquet twins are
named in each resource's description instead of being resources themselves.)
An empty table is described inline, as a header row without data.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyarrow as pa

from newsledger.release import about
from newsledger.release.manifest import FileInfo
from newsledger.release.tables import FOREIGN_KEYS, PRIMARY_KEY
from newsledger.schema import arrow

__all__ = ["PROFILE", "document", "field_type"]

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


def _foreign_keys(table: str) -> list[dict[str, Any]]:
    keys = []
    for (source, column), target in FOREIGN_KEYS.items():
        if source != table:
            continue
        reference: dict[str, Any] = {"fields": [PRIMARY_KEY]}
        if target != table:  # v2: a reference without "resource" points at the same resource
            reference = {"resource": target, **reference}
        keys.append({"fields": [column], "reference": reference})
    return keys


def _resource(name: str, table: pa.Table, info: FileInfo) -> dict[str, Any]:
    vocab = arrow.vocabularies(name)
    schema: dict[str, Any] = {
        "fields": [_field(f, vocab.get(f.name)) for f in table.schema],
        "primaryKey": [PRIMARY_KEY],
    }
    foreign = _foreign_keys(name)
    if foreign:
        schema["foreignKeys"] = foreign
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
    tables: Mapping[str, pa.Table], files: Mapping[str, FileInfo], version: str, created: str | None
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
    doc["resources"] = [_resource(name, t, files[f"{name}.jsonl"]) for name, t in tables.items()]
    return doc
