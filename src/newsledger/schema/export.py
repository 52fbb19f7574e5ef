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
    return {**head, **body}


def _arrow_type(type_: Any) -> Any:
    import pyarrow as pa

    if pa.types.is_list(type_) or pa.types.is_large_list(type_):
        item = type_.value_field
        return {"list": {"type": _arrow_type(item.type), "nullable": item.nullable}}
    if pa.types.is_struct(type_):
        return {"struct": [_arrow_column(type_.field(i)) for i in range(type_.num_fields)]}
    return str(type_)


def _arrow_column(field: Any, vocabulary: list[str] | None = None) -> dict[str, Any]:
    from newsledger.schema import arrow

    meta = field.metadata or {}
    column: dict[str, Any] = {"name": field.name, "type": _arrow_type(field.type), "nullable": field.nullable}
    text = arrow.description(field)
    if text:
        column["description"] = text
    for key, name in ((arrow.DEPRECATED, "deprecated"), (arrow.MEANING_CHANGED, "meaning_changed")):
        if key in meta:
            column[name] = json.loads(bytes(meta[key]).decode("utf-8"))
    if vocabulary is not None:
        column["vocabulary"] = vocabulary
    return column


def release_document(
    schemas: dict[str, Any], vocabularies: dict[str, dict[str, list[str]]], version: str
) -> dict[str, Any]:
    """``release.schema.json``: the release tables as readers meet them (columns, Arrow
    types, nullability, vocabularies, deprecations), from Arrow schemas."""
    from newsledger.schema import arrow

    return {
        "$comment": "newsledger release tables: generated from the Arrow schema (newsledger.schema.arrow); do not edit by hand.",
        "title": "newsledger release tables",
        "schema_version": version,
        "tables": {
            name: {
                "description": arrow.description_of(schema),
                "columns": [_arrow_column(f, vocabularies.get(name, {}).get(f.name)) for f in schema],
            }
            for name, schema in schemas.items()
        },
    }


def schema_documents() -> dict[str, dict[str, Any]]:
    """File name -> JSON Schema document for the current schema version."""
    from newsledger.schema import arrow

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
        "release.schema.json": release_document(
            arrow.release_table_schemas(),
            {t: arrow.vocabularies(t) for t in arrow.release_table_schemas()},
            models.SCHEMA_VERSION,
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
        f"PLOVER's types and modes are those of its manual ({vocab.PLOVER_MANUAL}, commit "
        f"`{vocab.PLOVER_MANUAL_COMMIT}`). Each event type maps to one PLOVER type, or to none "
        "where PLOVER has no type for it (the release's `plover_event` is null; the deprecated "
        "`plover_type` keeps schema 1.0's value for those types through 1.x), and has default "
        "modes only where they fit every event of the type. An event's `mode` replaces the "
        "default with modes of the same PLOVER type. What has not happened is coded as PLOVER "
        "codes it: a promised retreat is CONCEDE (NL316), promised cooperation AGREE (NL317); "
        "other events keep their type and the release's `plover_factuality` says whether they "
        "happened.",
        "",
        "| type | PLOVER type | default modes | modes allowed by the PLOVER type |",
        "|---|---|---|---|",
    ]
    for name, plover in vocab.PLOVER_CROSSWALK.items():
        modes = ", ".join(sorted(vocab.plover_modes_allowed(name))) or "none"
        lines.append(f"| `{name}` | {plover.type or 'none'} | {', '.join(plover.modes)} | {modes} |")
    lines += [
        "",
        "### PLOVER types",
        "",
        "| PLOVER type | quad category | modes |",
        "|---|---|---|",
    ]
    for plover_type, quad in vocab.PLOVER_QUADS.items():
        lines.append(f"| {plover_type} | {quad} | {', '.join(sorted(vocab.PLOVER_MODES[plover_type])) or 'none'} |")
    lines.append("")
    return "\n".join(lines)


def changes_section(root: Path) -> str:
    """The codebook's "Changes from <previous version>" section, made by ``schema diff``."""
    from newsledger.schema.compat import diff_sets, required_bump
    from newsledger.schema.published import current_set, load_set

    previous = [v for v in models.SCHEMA_VERSIONS if v != models.SCHEMA_VERSION]
    if not previous:
        return ""
    old = previous[-1]
    if not (root / "schema" / old).is_dir():
        return ""  # a root without the published versions (an export into an empty folder)
    changes = diff_sets(load_set(old, root), current_set())
    lines = [
        f"\n## Changes from {old}",
        "",
        f"Generated by `newsledger schema diff {old} models`; required bump: {required_bump(changes)}. "
        f"Entries still written in {old} keep validating under {old}'s rules (with advice NL507); "
        "`newsledger migrate` moves them. The codebook of "
        f"{old} is [codebook-{old}.md](codebook-{old}.md); the rules are explained in "
        "[schema-rules.md](schema-rules.md).",
        "",
        "| rule | audience | breaking | change |",
        "|---|---|---|---|",
    ]
    for c in changes:
        if c.rule == "DESCRIPTION_CHANGED":
            continue
        lines.append(f"| {c.rule} | {c.audience} | {'yes' if c.breaking else 'no'} | {_cell(c.message)} |")
    lines.append("")
    return "\n".join(lines)


def artefacts(root: Path) -> dict[Path, str]:
    """Every generated file under the repository root, with its content. Earlier
    versions' files (``schema/1.0/``, ``docs/codebook-1.0.md``) are published and
    never regenerated."""
    out = {
        root / "schema" / models.SCHEMA_VERSION / name: dumps(doc) for name, doc in schema_documents().items()
    }
    out[root / "docs" / "codebook.md"] = codebook() + changes_section(root)
    return out
