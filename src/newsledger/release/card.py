"""``README.md``: the dataset card, with a Hugging Face YAML header.

The header lets the Hugging Face Hub (and ``datasets.load_dataset``) show one
configuration per table, each reading its Parquet file; the body tells a reader
what is in the release, under which licence, how to load and cite it, and what
every column means. All of it is generated from the tables, so it is as
reproducible as the data.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import pyarrow as pa

from newsledger.release import about
from newsledger.release.tables import TableShape
from newsledger.schema import arrow
from newsledger.schema.models import SCHEMA_VERSION

__all__ = ["render", "type_name"]

_SIZES = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M"))


def type_name(type_: pa.DataType) -> str:
    """A short, reader-friendly type name (``list<string>``, ``record``, ``date``)."""
    if pa.types.is_list(type_):
        return f"list<{type_name(type_.value_type)}>"
    if pa.types.is_struct(type_):
        return "record"
    if pa.types.is_date32(type_):
        return "date"
    if pa.types.is_float64(type_):
        return "float64"
    if pa.types.is_boolean(type_):
        return "bool"
    return str(type_)


def _size_category(tables: Mapping[str, TableShape]) -> str:
    largest = max((t.num_rows for t in tables.values()), default=0)
    for limit, label in _SIZES:
        if largest < limit:
            return label
    return "1M<n<10M"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _front_matter(tables: Mapping[str, TableShape]) -> list[str]:
    lines = ["---", f"pretty_name: {_q(about.TITLE)}", f"license: {about.LICENSE_ID.lower()}", "language:"]
    lines += [f"- {lang}" for lang in about.languages(tables) or ["en"]]
    lines += ["task_categories:", "- text-classification", "- token-classification", "tags:"]
    lines += [f"- {_q(k)}" for k in about.KEYWORDS]
    lines += ["size_categories:", f"- {_q(_size_category(tables))}", "configs:"]
    for i, name in enumerate(tables):
        lines += [f"- config_name: {name}", "  data_files:", "  - split: train", f"    path: {name}.parquet"]
        if i == 0:
            lines.append("  default: true")
    lines.append("---")
    return lines


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _schema_section(name: str, table: TableShape) -> list[str]:
    lines = [
        f"### `{name}`",
        "",
        arrow.description_of(table.schema),
        "",
        "| column | type | description |",
        "|---|---|---|",
    ]
    lines += [f"| `{f.name}` | {type_name(f.type)} | {_cell(about.column_text(f))} |" for f in table.schema]
    return [*lines, ""]


def render(tables: Mapping[str, TableShape], version: str, created: str | None) -> str:
    """The dataset card as Markdown."""
    lines = _front_matter(tables)
    lines += [
        "",
        f"# newsledger {version}",
        "",
        about.DESCRIPTION,
        "",
        f"- Release version: `{version}`; schema version: `{SCHEMA_VERSION}`"
        + (f"; created {created}" if created else ""),
        f"- Homepage: {about.HOMEPAGE}",
        "- Integrity: `manifest.json` lists the size and SHA-256 of every file; check them with "
        "`sha256sum -c SHA256SUMS`.",
        "- Metadata: `datapackage.json` (Frictionless Data Package v2), `croissant.json` "
        "(MLCommons Croissant 1.1), `schema/` (JSON Schema of the curated YAML entries).",
        "",
        "## Tables",
        "",
        "| table | rows | Parquet | JSON Lines |",
        "|---|---:|---|---|",
    ]
    lines += [f"| `{n}` | {t.num_rows} | `{n}.parquet` | `{n}.jsonl` |" for n, t in tables.items()]
    lines += [
        "",
        "Rows are sorted by `id`. A quote's `id` is `<article_id>/<local_id>`. Dates are kept as "
        "written (EDTF, e.g. `2024-09`, `../2025-09`) next to computed `*_start`/`*_end` days "
        "and a `*_precision`. An event lists in `sources` every article that reports it.",
        "",
        "## Loading",
        "",
        "```python",
        "import pandas as pd",
        'events = pd.read_parquet("events.parquet")',
        "",
        "import duckdb",
        "duckdb.sql(\"SELECT plover_event, count(*) FROM 'events.parquet' GROUP BY ALL\")",
        "",
        "from datasets import load_dataset  # from a directory or Hub repository holding this card",
        'quotes = load_dataset("path/to/release", "quotes", split="train")',
        "```",
        "",
        "Or, with the Python package: `pip install newsledger`, then `newsledger.load()`.",
        "",
        "## License",
        "",
        f"{about.LICENSE_TITLE} ({about.LICENSE_ID}, {about.LICENSE_URL}).",
        "",
        about.LICENSE_NOTE,
        "",
        "## Citation",
        "",
        "```bibtex",
        about.bibtex(version, created).rstrip("\n"),
        "```",
        "",
        "## Schema",
        "",
    ]
    for name, table in tables.items():
        lines += _schema_section(name, table)
    return "\n".join(lines).rstrip("\n") + "\n"
