"""Facts about the dataset that every metadata file repeats.

One place for the title, licence, citation and per-column summaries, so that
``datapackage.json``, ``croissant.json`` and the ``README.md`` card cannot drift
apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import pyarrow as pa

from newsledger.schema import arrow

if TYPE_CHECKING:
    from newsledger.release.tables import TableShape

NAME = "newsledger"
TITLE = "newsledger: hand-curated news articles, quotes and events"
DESCRIPTION = (
    "Hand-curated records of news reports: the articles, the quotes they carry and the events "
    "they report (coded with a PLOVER crosswalk), plus a registry of the people, organisations "
    "and places they name. Every record is validated against newsledger schema 1.0. Article "
    "bodies whose rights are withheld ship as null with their SHA-256 and length."
)
HOMEPAGE = "https://github.com/newsledger/newsledger"
CREATOR = "newsledger developers"
KEYWORDS = ["news", "event data", "quotes", "PLOVER", "media", "conflict"]
LICENSE_ID = "CC-BY-4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_TITLE = "Creative Commons Attribution 4.0 International"
LICENSE_NOTE = (
    "The curation (records, codings, summaries) is licensed CC BY 4.0. Article bodies are "
    "shipped only when `rights.text` is `redistributable`, under the licence in "
    "`rights.license`; otherwise `body` is null. Quotes and evidence sentences are short "
    "excerpts included for research."
)

MEDIATYPE = {"parquet": "application/vnd.apache.parquet", "jsonl": "application/jsonl"}


def citation_key(version: str) -> str:
    return f"newsledger_{version.replace('.', '_').replace('+', '_').replace('-', '_')}"


def bibtex(version: str, created: str | None) -> str:
    """A BibTeX entry; the year comes only from SOURCE_DATE_EPOCH (never the clock)."""
    lines = [
        f"@misc{{{citation_key(version)},",
        f"  title = {{{{newsledger}}: hand-curated news articles, quotes and events (version {version})}},",
        f"  author = {{{{{CREATOR}}}}},",
    ]
    if created:
        lines.append(f"  year = {{{created[:4]}}},")
    lines += [
        f"  version = {{{version}}},",
        f"  howpublished = {{\\url{{{HOMEPAGE}}}}},",
        f"  note = {{Licensed {LICENSE_ID}}}",
        "}",
    ]
    return "\n".join(lines) + "\n"


def subfields(type_: pa.DataType) -> list[pa.Field]:
    """Children of a struct, or of the struct items of a list; else []."""
    if pa.types.is_list(type_):
        type_ = type_.value_type
    if pa.types.is_struct(type_):
        return [type_.field(i) for i in range(type_.num_fields)]
    return []


def column_text(field: pa.Field) -> str:
    """A column's description, with the keys of its nested records spelled out."""
    text = arrow.description(field)
    children = subfields(field.type)
    if children:
        kind = "list of records" if pa.types.is_list(field.type) else "record"
        text += f" ({kind} with keys: " + ", ".join(c.name for c in children) + ")"
    return text


def languages(tables: Mapping[str, TableShape]) -> list[str]:
    """Primary language subtags of the articles (``en`` from ``en-GB``), sorted."""
    values = tables["articles"].column("language").to_pylist()
    return sorted({v.split("-")[0].lower() for v in values if v})
