"""Release tables are parsed from their JSON Lines: the same values, the same types,
and a row that breaks the schema is refused with its column named."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsledger.errors import ReleaseError
from newsledger.release.tables import arrow_table, release_jsonl
from newsledger.schema import arrow
from newsledger.validators.engine import check_dataset

DATASET = Path(__file__).resolve().parents[1] / "dataset"

ENTITY = {"id": "x", "kind": "place", "name": "X", "aliases": [], "wikidata": None, "country": None,
          "parent": None, "description": None, "lat": None, "lon": None, "geonames": None}


def _lines(*rows: dict[str, Any]) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in rows)


def _python_values(name: str, data: bytes) -> pa.Table:
    """The same rows through the other Arrow door: Python values, dates as dates."""
    schema = arrow.table_schema(name)
    dates = {f.name for f in schema if pa.types.is_date(f.type)}
    rows = [json.loads(line) for line in data.splitlines()]
    for row in rows:
        for key in dates:
            if row[key] is not None:
                row[key] = date.fromisoformat(row[key])
    return pa.Table.from_pylist(rows, schema=schema)


@pytest.fixture(scope="module")
def seed_jsonl() -> dict[str, bytes]:
    report = check_dataset(DATASET, use_cache=False)
    assert report.ok
    return release_jsonl(report.entries, report.entities)


@pytest.mark.parametrize("name", ["articles", "quotes", "events", "entities"])
def test_parsed_table_equals_the_rows_as_python_values(seed_jsonl: dict[str, bytes], name: str) -> None:
    parsed = arrow_table(name, seed_jsonl[name])
    assert parsed.schema.equals(arrow.table_schema(name), check_metadata=True)
    assert parsed.equals(_python_values(name, seed_jsonl[name]))


def test_a_null_struct_with_required_fields_is_read(seed_jsonl: dict[str, bytes]) -> None:
    events = arrow_table("events", seed_jsonl["events"])
    assert events.column("location").null_count > 0  # the seed has events without a place


def test_an_empty_table_keeps_its_schema() -> None:
    table = arrow_table("entities", b"")
    assert table.num_rows == 0 and table.schema.equals(arrow.table_schema("entities"), check_metadata=True)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"name": None}, "entities.name"),
        ({"aliases": ["a", None]}, "entities.aliases"),
        ({"lat": "north"}, "entities"),
        ({"colour": "red"}, "entities"),
        ({"geonames": 1.5}, "entities"),
    ],
)
def test_a_row_that_breaks_the_schema_is_refused(change: dict[str, Any], named: str) -> None:
    with pytest.raises(ReleaseError, match=named):
        arrow_table("entities", _lines(ENTITY, {**ENTITY, "id": "y", **change}))


def test_a_required_field_of_a_present_struct_must_not_be_null(seed_jsonl: dict[str, bytes]) -> None:
    rows = [json.loads(line) for line in seed_jsonl["events"].splitlines()]
    placed = next(r for r in rows if r["location"] is not None)
    placed["location"]["precision"] = None
    with pytest.raises(ReleaseError, match=r"events\.location\.precision"):
        arrow_table("events", _lines(*rows))


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=20),
       st.lists(st.integers(min_value=-(2**63), max_value=2**63 - 1), min_size=1, max_size=20))
def test_numbers_survive_exactly(floats: list[float], ints: list[int]) -> None:
    rows = [{**ENTITY, "id": f"e{i}", "lat": f, "geonames": ints[i % len(ints)]} for i, f in enumerate(floats)]
    table = arrow_table("entities", _lines(*rows))
    assert table.column("lat").to_pylist() == floats
    assert table.column("geonames").to_pylist() == [r["geonames"] for r in rows]


def test_line_breaks_json_leaves_raw_are_escaped_and_read_back() -> None:
    """U+2028, U+2029 and U+0085 end a line for str.splitlines() and JavaScript: the
    release escapes them in every row (entities, and an event's sources, here)."""
    report = check_dataset(DATASET, use_cache=False)
    entries = copy.deepcopy(report.entries)
    event = next(e for e in entries[0]["events"] if "ref" not in e)
    event["summary"] = "one\u2028two\u2029three\x85four"
    event["evidence"] = [*event["evidence"], "with\u2028a break"]
    entities = [{**report.entities[0], "description": "a\u2028b"}, *report.entities[1:]]
    jsonl = release_jsonl(entries, entities)
    for name, data in jsonl.items():
        text = data.decode("utf-8")
        assert "\u2028" not in text and "\u2029" not in text and "\x85" not in text
        rows = [json.loads(line) for line in text.splitlines()]
        assert len(rows) == arrow_table(name, data).num_rows
    events = arrow_table("events", jsonl["events"]).to_pylist()
    row = next(r for r in events if r["id"] == event["id"])
    assert row["summary"] == "one\u2028two\u2029three\x85four"
    assert row["sources"][0]["evidence"][-1] == "with\u2028a break"
    assert "a\u2028b" in arrow_table("entities", jsonl["entities"]).column("description").to_pylist()
