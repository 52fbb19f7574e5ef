"""Generate the published artefacts of a schema version from the models.

* ``schema/<version>/entry.schema.json`` and ``entities.schema.json``: JSON
  Schema draft 2020-12 with ``$id``, titles and descriptions;
* ``docs/codebook.md``: every record type, field, type, requirement and allowed
  value with its meaning.

Output is byte-stable (fixed key order, ``\\n`` line ends), so a committed copy
can be checked for drift with ``newsledger schema export --check``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema

from newsledger.schema import models, vocab
from newsledger.schema.retired import Retired, RetiredReason

SCHEMA_BASE_URL = "https://raw.githubusercontent.com/newsledger/newsledger/main/schema"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


class _Generator(GenerateJsonSchema):
    """Pins the dialect; enum descriptions come from the vocabularies' docstrings."""


def _document(obj: Any, name: str, title: str, description: str) -> dict[str, Any]:
    adapter = obj if isinstance(obj, TypeAdapter) else TypeAdapter(obj)
    body = adapter.json_schema(schema_generator=_Generator, ref_template="#/$defs/{model}")
    head = {
        "$schema": DIALECT,
        "$id": f"{SCHEMA_BASE_URL}/{models.SCHEMA_VERSION}/{name}",
        "title": title,
        "description": description,
    }
    body.pop("title", None)
    body.pop("description", None)
    from newsledger.schema.annotate import annotate

    return annotate({**head, **body})


def schema_documents() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema document for the current schema version."""
    return {
        "entry.schema.json": _document(
            models.Entry,
            "entry.schema.json",
            "newsledger entry",
            "One YAML file under dataset/articles/: an article with the quotes it carries "
            f"and the events it reports (newsledger schema {models.SCHEMA_VERSION}).",
        ),
        "entities.schema.json": _document(
            TypeAdapter(list[models.Entity]),
            "entities.schema.json",
            "newsledger entity registry file",
            "One YAML file under dataset/entities/: a list of people, organisations and "
            f"places (newsledger schema {models.SCHEMA_VERSION}).",
        ),
        "retired.schema.json": _document(
            TypeAdapter(list[Retired]),
            "retired.schema.json",
            "newsledger tombstones",
            "dataset/retired.yaml: the ids that left the dataset, why, and what replaced them; "
            f"a retired id is never used again (newsledger schema {models.SCHEMA_VERSION}).",
        ),
    }


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


# --- codebook -------------------------------------------------------------

_RECORDS: tuple[type[BaseModel], ...] = (
    models.Entry,
    models.Article,
    models.Rights,
    models.Citation,
    models.Quote,
    models.Event,
    models.EventRef,
    models.Location,
    models.Actor,
    models.Casualty,
    models.Entity,
    Retired,
)

#: Vocabularies shown in the codebook: the schema's, and the tombstones' reasons.
_VOCABULARIES: tuple[type[vocab._Documented], ...] = (*vocab.ALL_VOCABULARIES, RetiredReason)


def _type_name(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})" if name not in _vocab_names() else f"{name} (vocabulary)"
    if "anyOf" in prop:
        parts = [_type_name(p) for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(parts)
    if "oneOf" in prop:
        return " or ".join(_type_name(p) for p in prop["oneOf"])
    if "const" in prop:
        return f"`{json.dumps(prop['const'])}`"
    kind = str(prop.get("type", "any"))
    if kind == "array":
        return f"list of {_type_name(prop.get('items', {}))}"
    if kind == "object":
        extra = prop.get("additionalProperties")
        return f"mapping to {_type_name(extra)}" if isinstance(extra, dict) else "mapping"
    detail = []
    if "format" in prop:
        detail.append(prop["format"])
    if "pattern" in prop and prop.get("format") != "edtf":
        detail.append(f"pattern `{prop['pattern']}`")
    for key, label in (("minimum", ">="), ("maximum", "<="), ("minItems", "items >=")):
        if key in prop:
            detail.append(f"{label} {prop[key]}")
    return kind + (f" ({', '.join(detail)})" if detail else "")


def _vocab_names() -> set[str]:
    return {v.__name__ for v in _VOCABULARIES}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def codebook() -> str:
    """The codebook as Markdown."""
    docs = schema_documents()
    defs = {name: d for doc in docs.values() for name, d in doc.get("$defs", {}).items()}
    lines = [
        "# newsledger codebook",
        "",
        f"Schema version {models.SCHEMA_VERSION}. Generated from the pydantic models by "
        "`newsledger schema export`; do not edit by hand.",
        "",
        "Conventions: unknown values are absent, never 0 or a guess; values the curator "
        "inferred are named in the record's `inferred` mapping with a reason. Dates are "
        "EDTF strings (`2024-09-17`, `2024-09`, `2024?`, `../2025-09`). Ids are lower-case "
        "slugs (`a-z`, `0-9`, single hyphens).",
        "",
        "## Records",
        "",
    ]
    for model in _RECORDS:
        name = model.__name__
        schema = defs.get(name) or model.model_json_schema(schema_generator=_Generator)
        required = set(schema.get("required", []))
        doc = (model.__doc__ or "").strip().splitlines()[0]
        lines += [f"### {name}", "", doc, "", "| field | type | required | description |", "|---|---|---|---|"]
        for field, prop in schema.get("properties", {}).items():
            desc = prop.get("description") or model.model_fields[field].description or ""
            if "$ref" in prop and not desc:
                desc = ""
            lines.append(
                f"| `{field}` | {_cell(_type_name(prop))} | {'yes' if field in required else 'no'} | {_cell(desc)} |"
            )
        lines.append("")
    lines += ["## Vocabularies", ""]
    for enum in _VOCABULARIES:
        lines += [f"### {enum.__name__}", "", "| value | meaning |", "|---|---|"]
        lines += [f"| `{k}` | {_cell(v)} |" for k, v in enum.describe().items()]
        lines.append("")
    lines += [
        "## Event types and PLOVER",
        "",
        "Each event type maps to a PLOVER type and, where one applies, a default mode. "
        "An event's `mode` field may override the mode with another of the same PLOVER type.",
        "",
        "| type | PLOVER type | default mode | modes allowed by the PLOVER type |",
        "|---|---|---|---|",
    ]
    for name, plover in vocab.PLOVER_CROSSWALK.items():
        modes = ", ".join(sorted(vocab.PLOVER_MODES[plover.type])) or "none"
        lines.append(f"| `{name}` | {plover.type} | {plover.mode or ''} | {modes} |")
    lines.append("")
    return "\n".join(lines)


def artefacts(root: Path) -> dict[Path, str]:
    """Every generated file under the repository root, with its content."""
    out = {
        root / "schema" / models.SCHEMA_VERSION / name: dumps(doc) for name, doc in schema_documents().items()
    }
    out[root / "docs" / "codebook.md"] = codebook()
    return out
