"""``croissant.json``: the release as MLCommons Croissant 1.1 metadata.

Every release file is a ``cr:FileObject`` (relative ``contentUrl``, sha256);
each table is a ``cr:RecordSet`` whose fields read the Parquet columns. Nested
columns follow the Croissant pattern for Parquet structs: a parent field with
``subField``s, each extracting the parent column and selecting its key with a
``jsonPath`` transform; list columns are ``isArray`` (Croissant 1.1).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pyarrow as pa

from newsledger.release import about
from newsledger.release.datapackage import PRIMARY_KEYS
from newsledger.release.manifest import FileInfo
from newsledger.release.tables import FOREIGN_KEYS, PRIMARY_KEY, TableShape
from newsledger.schema import arrow

__all__ = ["CONFORMS_TO", "CONTEXT", "NESTED_REFERENCES", "document"]

CONFORMS_TO = "http://mlcommons.org/croissant/1.1"

#: The standard Croissant 1.1 JSON-LD context (mlcroissant warns on any other).
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "arrayShape": "cr:arrayShape",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "containedIn": "cr:containedIn",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isArray": "cr:isArray",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}

_ENCODING = {
    "parquet": "application/x-parquet",
    "jsonl": "application/jsonlines",
    "json": "application/json",
    "md": "text/markdown",
}


def _data_type(type_: pa.DataType) -> str:
    if pa.types.is_list(type_):
        type_ = type_.value_type
    if pa.types.is_string(type_):
        return "sc:Text"
    if pa.types.is_int64(type_):
        return "cr:Int64"
    if pa.types.is_integer(type_):
        return "sc:Integer"
    if pa.types.is_float64(type_):
        return "cr:Float64"
    if pa.types.is_boolean(type_):
        return "sc:Boolean"
    if pa.types.is_date(type_):
        return "sc:Date"
    raise TypeError(f"no Croissant dataType for Arrow {type_}")


def _array(field: dict[str, Any], type_: pa.DataType) -> dict[str, Any]:
    if pa.types.is_list(type_):
        field["isArray"] = True
        field["arrayShape"] = "-1"
    return field


#: References that Table Schema cannot express (a list of ids, a key inside
#: records): (table, column, key...) -> the table whose ``id`` they name.
NESTED_REFERENCES: dict[tuple[str, ...], str] = {
    ("articles", "authors"): "entities",
    ("articles", "cites", "source"): "entities",
    ("events", "location", "place"): "entities",
    ("events", "actors", "entity"): "entities",
    ("events", "casualties", "group"): "entities",
    ("events", "sources", "article_id"): "articles",
}


def _references(path: tuple[str, ...]) -> dict[str, Any] | None:
    target = NESTED_REFERENCES.get(path) or (FOREIGN_KEYS.get((path[0], path[1])) if len(path) == 2 else None)
    if target is None or target == path[0]:  # a self-reference makes mlcroissant's graph cyclic
        return None
    return {"field": {"@id": f"{target}/{PRIMARY_KEY}"}}


def _sub_fields(parent_id: str, column: str, field: pa.Field, file_id: str, path: str) -> list[dict[str, Any]]:
    """Sub-fields of a nested column; ``path`` is the JSON path of ``field`` inside
    the column (``""`` at the top). mlcroissant reads a list nested in a list
    with ``name[*].key``."""
    out = []
    for child in about.subfields(field.type):
        json_path = f"{path}{child.name}"
        entry: dict[str, Any] = {
            "@type": "cr:Field",
            "@id": f"{parent_id}/{child.name}",
            "name": child.name,
            "description": arrow.description(child) or child.name,
        }
        if about.subfields(child.type):
            sep = "[*]." if pa.types.is_list(child.type) else "."
            entry["subField"] = _sub_fields(entry["@id"], column, child, file_id, json_path + sep)
        else:
            entry["dataType"] = _data_type(child.type)
            entry["source"] = {
                "fileObject": {"@id": file_id},
                "extract": {"column": column},
                "transform": {"jsonPath": json_path},
            }
            reference = _references(tuple(entry["@id"].split("/")))
            if reference is not None:
                entry["references"] = reference
        out.append(_array(entry, child.type))
    return out


def _field(table: str, column: pa.Field, file_id: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "@type": "cr:Field",
        "@id": f"{table}/{column.name}",
        "name": column.name,
        "description": arrow.description(column) or column.name,
    }
    if about.subfields(column.type):
        out["subField"] = _sub_fields(out["@id"], column.name, column, file_id, "")
    else:
        out["dataType"] = _data_type(column.type)
        out["source"] = {"fileObject": {"@id": file_id}, "extract": {"column": column.name}}
    reference = _references((table, column.name))
    if reference is not None:
        out["references"] = reference
    return _array(out, column.type)


def _record_set(name: str, table: TableShape) -> dict[str, Any]:
    file_id = f"{name}.parquet"
    return {
        "@type": "cr:RecordSet",
        "@id": name,
        "name": name,
        "description": arrow.description_of(table.schema),
        "key": [{"@id": f"{name}/{k}"} for k in keys] if len(keys := PRIMARY_KEYS.get(name, [PRIMARY_KEY])) > 1
        else {"@id": f"{name}/{keys[0]}"},
        "field": [_field(name, column, file_id) for column in table.schema],
    }


def _file_object(path: str, info: FileInfo) -> dict[str, Any]:
    suffix = path.rsplit(".", 1)[-1]
    return {
        "@type": "cr:FileObject",
        "@id": path,
        "name": path,
        "description": f"{path} ({info.bytes} bytes).",
        "contentUrl": path,
        "contentSize": f"{info.bytes} B",
        "encodingFormat": _ENCODING[suffix],
        "sha256": info.sha256,
    }


def document(
    tables: Mapping[str, TableShape], files: Mapping[str, FileInfo], version: str, created: str | None
) -> dict[str, Any]:
    """The Croissant JSON-LD document as a JSON-ready dict."""
    data_files = [p for name in tables for p in (f"{name}.parquet", f"{name}.jsonl")]
    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "name": about.NAME,
        "description": about.DESCRIPTION,
        "conformsTo": CONFORMS_TO,
        "alternateName": about.TITLE,
        "version": version,
        "license": about.LICENSE_URL,
        "url": about.HOMEPAGE,
        "creator": {"@type": "sc:Organization", "name": about.CREATOR, "url": about.HOMEPAGE},
        "keywords": about.KEYWORDS,
        "inLanguage": about.languages(tables),
        "citeAs": about.bibtex(version, created),
        "isLiveDataset": False,
    }
    if created:
        doc["datePublished"] = created
    doc["distribution"] = [_file_object(p, files[p]) for p in data_files]
    doc["recordSet"] = [_record_set(name, t) for name, t in tables.items()]
    return doc
