"""The exported schemas carry examples and a description per enum value, and every
example is valid for its own field."""

from __future__ import annotations

import json
from pathlib import Path

from jsonschema import Draft202012Validator

from newsledger.schema.annotate import EXAMPLES
from newsledger.schema.models import SCHEMA_VERSION
from newsledger.schema.vocab import Genre

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = sorted((ROOT / "schema").glob("*/*.schema.json"))


def test_every_example_is_valid_for_its_field() -> None:
    used = set()
    for path in SCHEMAS:
        doc = json.loads(path.read_text(encoding="utf-8"))
        for name, sub in doc.get("$defs", {}).items():
            for field, prop in sub.get("properties", {}).items():
                for example in prop.get("examples", []):
                    schema = {"$schema": doc["$schema"], "$defs": doc["$defs"], **prop}
                    errors = [e.message for e in Draft202012Validator(schema, format_checker=None).iter_errors(example)]
                    assert not errors, f"{path.name} {name}.{field}: example {example!r}: {errors}"
                    used.add((name, field))
    assert used == set(EXAMPLES)  # every example in the table lands on a field


def test_each_enum_value_has_its_description() -> None:
    doc = json.loads((ROOT / "schema" / SCHEMA_VERSION / "entry.schema.json").read_text(encoding="utf-8"))
    genre = doc["$defs"]["Genre"]
    assert dict(zip(genre["enum"], genre["enumDescriptions"], strict=True)) == Genre.describe()
    for name, sub in doc["$defs"].items():
        if "enum" in sub:
            assert len(sub["enumDescriptions"]) == len(sub["enum"]), name
