"""``newsledger schema diff``: what changed between two schema versions, for whom.

A schema version is published as three documents: ``entry.schema.json`` and
``entities.schema.json`` (JSON Schema of what curators write: the **writers**)
and ``release.schema.json`` (the columns, Arrow types, nullability and
vocabularies of the release tables: what analysts read, the **readers**). Each
difference found is a :class:`Change` with a stable rule name from :data:`RULES`,
judged for its audience: *breaking* (an entry valid before becomes invalid; a
reader's query or code may fail or silently read something else) or not, and the
version bump it needs. ``docs/schema-rules.md`` documents every rule with an
example; it is generated from :data:`RULES`.

Column order is not part of the contract (select columns by name).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "BUMPS",
    "RULES",
    "Change",
    "Rule",
    "SchemaSet",
    "bump_between",
    "diff_sets",
    "required_bump",
    "rules_markdown",
]

#: Version bumps, weakest first.
BUMPS: tuple[str, ...] = ("none", "patch", "minor", "major")


@dataclass(frozen=True)
class Rule:
    name: str
    audience: str  # writers, readers or both
    breaking: bool | None  # None: depends on the direction (see doc)
    bump: str
    doc: str
    example: str


def _r(name: str, audience: str, breaking: bool | None, bump: str, doc: str, example: str) -> Rule:
    return Rule(name, audience, breaking, bump, doc, example)


#: Every rule, by name. Names are stable: scripts may match on them.
RULES: dict[str, Rule] = {
    r.name: r
    for r in (
        _r("FIELD_REMOVED", "writers", True, "major",
           "A field entries could hold is gone. Entries are closed (unknown keys are errors), so an entry that has it becomes invalid.",
           "`article.archive_url` removed from Article"),
        _r("REQUIRED_FIELD_ADDED", "writers", True, "major",
           "A new field every entry must have: existing entries lack it.",
           "`article.section` added and required"),
        _r("OPTIONAL_FIELD_ADDED", "writers", False, "minor",
           "A new field entries may have. Existing entries stay valid.",
           "`events[].location.admin2` added, optional"),
        _r("FIELD_MADE_REQUIRED", "writers", True, "major",
           "An optional field became required: entries without it become invalid.",
           "`quotes[].said` required"),
        _r("FIELD_MADE_OPTIONAL", "writers", False, "minor",
           "A required field became optional.",
           "`article.subheadline` no longer required"),
        _r("ENUM_VALUE_REMOVED", "both", None, "major",
           "A vocabulary lost a value. Writers: breaking (entries using it become invalid). Readers: not breaking "
           "(the value no longer appears in new rows), minor.",
           "`EventStatus` loses `reported`"),
        _r("ENUM_VALUE_ADDED", "both", False, "minor",
           "A vocabulary gained a value. Writers may use it; readers may meet it in new rows (code that "
           "lists every value should handle it).",
           "`Genre` gains `review`"),
        _r("TYPE_NARROWED", "writers", True, "major",
           "A field accepts fewer kinds of value (a type alternative removed, null no longer allowed, number to integer).",
           "`events[].mode`: string or list of strings -> string"),
        _r("TYPE_WIDENED", "writers", False, "minor",
           "A field accepts more kinds of value (a type alternative added, null allowed, integer to number).",
           "`events[].mode`: string -> string or list of strings"),
        _r("TYPE_CHANGED", "writers", True, "major",
           "A field's type was replaced by an unrelated one.",
           "`casualties[].best`: integer -> string"),
        _r("CONSTRAINT_TIGHTENED", "writers", True, "major",
           "A constraint on values got stricter (pattern added or changed, smaller maximum, larger minimum, "
           "unknown keys forbidden).",
           "`article.headline` maxLength 2000 -> 200"),
        _r("CONSTRAINT_LOOSENED", "writers", False, "minor",
           "A constraint on values got looser (pattern removed, larger maximum, smaller minimum).",
           "`events[].evidence` minItems 1 -> 0"),
        _r("FILE_ADDED", "writers", False, "minor",
           "A new kind of curated file with its own schema; nothing existing has to change.",
           "`retired.schema.json` (tombstones in `dataset/retired.yaml`) added"),
        _r("FILE_REMOVED", "writers", True, "major",
           "A kind of curated file is no longer read: the files curators keep become invalid or ignored.",
           "`retired.schema.json` removed"),
        _r("TABLE_REMOVED", "readers", True, "major", "A release table is gone.", "`entities` table removed"),
        _r("TABLE_ADDED", "readers", False, "minor", "A new release table.", "`sources` table added"),
        _r("COLUMN_REMOVED", "readers", True, "major",
           "A column (or a field of a struct column) is gone: queries naming it fail.",
           "`quotes.start` removed (planned for 2.0)"),
        _r("COLUMN_ADDED", "readers", False, "minor",
           "A new column (or struct field). Queries by name are unaffected.",
           "`quotes.char_start` added"),
        _r("COLUMN_TYPE_CHANGED", "readers", True, "major",
           "A column's Arrow type changed: readers' casts and code break.",
           "`events.mode`: string -> list<string>"),
        _r("NULLABILITY_CHANGED", "readers", None, "major",
           "A column may now be null (breaking: readers may rely on a value), or may no longer be null (not "
           "breaking, minor).",
           "`articles.body_sha256`: not null -> nullable"),
        _r("DEPRECATED", "readers", False, "minor",
           "A column is kept but deprecated, with its replacement; it stays through the major version that "
           "deprecated it and its removal will be a COLUMN_REMOVED (major).",
           "`quotes.start` deprecated, use `char_start`"),
        _r("MEANING_CHANGED", "readers", False, "minor",
           "Same column, same type, other meaning: values are computed differently (declared in the column's "
           "`meaning_changed`). Not breaking in shape, but values differ from older releases: read the note.",
           "`articles.body_sha256` of the body without its final line break"),
        _r("DESCRIPTION_CHANGED", "both", False, "patch",
           "Only documentation changed.", "a field's description reworded"),
        _r("ENTRY_INVALID", "writers", True, "major",
           "An entry of the dataset, moved to the new version as `newsledger migrate` would, is invalid "
           "under the new version's schema: the data shows a writers' break the rules above did not.",
           "`dataset/articles/2024/x.yaml`: events[0].mode is not a valid mode"),
    )
}


@dataclass(frozen=True)
class Change:
    rule: str
    audience: str  # writers or readers
    path: str
    breaking: bool
    bump: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _change(rule: str, audience: str, path: str, message: str, breaking: bool | None = None) -> Change:
    spec = RULES[rule]
    broken = spec.breaking if breaking is None else breaking
    if broken is None:
        raise ValueError(f"rule {rule} needs a direction")
    bump = "major" if broken else ("minor" if spec.bump == "major" else spec.bump)
    return Change(rule, audience, path, broken, bump, message)


def required_bump(changes: list[Change]) -> str:
    """The least version bump that covers every change."""
    return max((c.bump for c in changes), key=BUMPS.index, default="none")


def bump_between(old: str, new: str) -> str:
    """The bump from version ``old`` to ``new`` (``major.minor``); ``none`` when equal,
    ``downgrade`` when lower."""
    o = tuple(int(x) for x in old.split("."))
    n = tuple(int(x) for x in new.split("."))
    if n == o:
        return "none"
    if n < o:
        return "downgrade"
    if n[0] > o[0]:
        return "major"
    if len(n) > 1 and len(o) > 1 and n[1] > o[1]:
        return "minor"
    return "patch"


# --- schema sets -----------------------------------------------------------------


@dataclass
class SchemaSet:
    """One version's published schemas (any may be missing: then that side is not compared)."""

    label: str
    version: str | None
    entry: dict[str, Any] | None
    entities: dict[str, Any] | None
    release: dict[str, Any] | None
    #: other writers' documents (``retired.schema.json``...), by file name
    others: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: made from the installed models (entries are then also checked by the models)
    from_models: bool = False


# --- writers: JSON Schema ---------------------------------------------------------


class _Defs:
    def __init__(self, doc: dict[str, Any]) -> None:
        self.defs: dict[str, Any] = doc.get("$defs", {})

    def resolve(self, node: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
        name = None
        seen = 0
        while "$ref" in node and seen < 32:
            name = str(node["$ref"]).rsplit("/", 1)[-1]
            node = {**self.defs.get(name, {}), **{k: v for k, v in node.items() if k != "$ref"}}
            seen += 1
        return node, name


def _alternatives(node: dict[str, Any], defs: _Defs) -> dict[str, dict[str, Any]]:
    """A schema node as its alternatives, keyed by kind (``string``, ``integer``,
    ``array``, ``null``, ``object:Name``...)."""
    node, name = defs.resolve(node)
    out: dict[str, dict[str, Any]] = {}
    for key in ("anyOf", "oneOf"):
        if key in node:
            for sub in node[key]:
                out.update(_alternatives(sub, defs))
            return out
    kind = node.get("type")
    if "const" in node:
        kind = kind or type(node["const"]).__name__.replace("str", "string")
        node = {**node, "enum": [node["const"]]}
    if isinstance(kind, list):
        for k in kind:
            out.update(_alternatives({**node, "type": k}, defs))
        return out
    if kind == "object" or "properties" in node:
        kind = f"object:{name}" if name else "object"
    out[str(kind or "any")] = node
    return out


_TIGHTER_WHEN_HIGHER = ("minLength", "minimum", "exclusiveMinimum", "minItems")
_TIGHTER_WHEN_LOWER = ("maxLength", "maximum", "exclusiveMaximum", "maxItems")


#: Deeper than any real schema (entries nest 5 levels); stops a self-referencing $ref.
MAX_DEPTH = 40


def _writer_diff(old: dict[str, Any], new: dict[str, Any], odefs: _Defs, ndefs: _Defs, path: str) -> Iterator[Change]:
    if path.count(".") + path.count("[]") > MAX_DEPTH:
        return
    oalts, nalts = _alternatives(old, odefs), _alternatives(new, ndefs)
    okinds, nkinds = set(oalts), set(nalts)
    numeric = {"integer", "number"}
    if okinds and nkinds and not (okinds & nkinds) and not (okinds <= numeric and nkinds <= numeric):
        yield _change("TYPE_CHANGED", "writers", path, f"{path}: {' or '.join(sorted(okinds))} -> {' or '.join(sorted(nkinds))}")
        return
    removed, added = okinds - nkinds, nkinds - okinds
    if "integer" in removed and "number" in added:
        yield _change("TYPE_WIDENED", "writers", path, f"{path}: integer -> number")
        removed, added = removed - {"integer"}, added - {"number"}
    if "number" in removed and "integer" in added:
        yield _change("TYPE_NARROWED", "writers", path, f"{path}: number -> integer")
        removed, added = removed - {"number"}, added - {"integer"}
    for kind in sorted(removed):
        what = "null is no longer allowed" if kind == "null" else f"no longer accepts {kind}"
        yield _change("TYPE_NARROWED", "writers", path, f"{path}: {what}")
    for kind in sorted(added):
        what = "null is now allowed" if kind == "null" else f"now also accepts {kind}"
        yield _change("TYPE_WIDENED", "writers", path, f"{path}: {what}")
    for kind in sorted(okinds & nkinds):
        yield from _writer_same_kind(oalts[kind], nalts[kind], odefs, ndefs, path)


def _writer_same_kind(old: dict[str, Any], new: dict[str, Any], odefs: _Defs, ndefs: _Defs, path: str) -> Iterator[Change]:
    if "enum" in old or "enum" in new:
        ovals, nvals = list(old.get("enum", [])), list(new.get("enum", []))
        if path.endswith("schema_version"):
            return  # the version itself; entries are read by the rules of the version they declare
        if "enum" not in old:
            yield _change("CONSTRAINT_TIGHTENED", "writers", path, f"{path}: now limited to {', '.join(map(str, nvals))}")
        elif "enum" not in new:
            yield _change("CONSTRAINT_LOOSENED", "writers", path, f"{path}: no longer limited to a vocabulary")
        else:
            for v in ovals:
                if v not in nvals:
                    yield _change("ENUM_VALUE_REMOVED", "writers", path, f"{path}: value {v!r} removed", breaking=True)
            for v in nvals:
                if v not in ovals:
                    yield _change("ENUM_VALUE_ADDED", "writers", path, f"{path}: value {v!r} added")
    for key in ("pattern", "format"):
        if old.get(key) != new.get(key):
            if key not in old:
                yield _change("CONSTRAINT_TIGHTENED", "writers", path, f"{path}: {key} {new[key]!r} added")
            elif key not in new:
                yield _change("CONSTRAINT_LOOSENED", "writers", path, f"{path}: {key} {old[key]!r} removed")
            else:
                yield _change("CONSTRAINT_TIGHTENED", "writers", path, f"{path}: {key} {old[key]!r} -> {new[key]!r}")
    for key in (*_TIGHTER_WHEN_HIGHER, *_TIGHTER_WHEN_LOWER):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        higher = key in _TIGHTER_WHEN_HIGHER
        tighter = (a is None) or (b is not None and ((b > a) if higher else (b < a)))
        rule = "CONSTRAINT_TIGHTENED" if tighter else "CONSTRAINT_LOOSENED"
        yield _change(rule, "writers", path, f"{path}: {key} {a if a is not None else 'none'} -> {b if b is not None else 'none'}")
    if "items" in old or "items" in new:
        yield from _writer_diff(old.get("items", {}), new.get("items", {}), odefs, ndefs, f"{path}[]")
    if "properties" in old or "properties" in new:
        yield from _writer_object(old, new, odefs, ndefs, path)
    elif isinstance(old.get("additionalProperties"), dict) and isinstance(new.get("additionalProperties"), dict):
        yield from _writer_diff(old["additionalProperties"], new["additionalProperties"], odefs, ndefs, f"{path}{{}}")


def _writer_object(old: dict[str, Any], new: dict[str, Any], odefs: _Defs, ndefs: _Defs, path: str) -> Iterator[Change]:
    oprops, nprops = old.get("properties", {}), new.get("properties", {})
    oreq, nreq = set(old.get("required", [])), set(new.get("required", []))
    prefix = f"{path}." if path else ""
    for name in oprops:
        if name not in nprops:
            yield _change("FIELD_REMOVED", "writers", prefix + name, f"{prefix}{name}: removed")
    for name in nprops:
        if name not in oprops:
            rule = "REQUIRED_FIELD_ADDED" if name in nreq else "OPTIONAL_FIELD_ADDED"
            yield _change(rule, "writers", prefix + name, f"{prefix}{name}: added ({'required' if name in nreq else 'optional'})")
    for name in oprops:
        if name not in nprops:
            continue
        where = prefix + name
        if name in nreq and name not in oreq:
            yield _change("FIELD_MADE_REQUIRED", "writers", where, f"{where}: now required")
        elif name in oreq and name not in nreq:
            yield _change("FIELD_MADE_OPTIONAL", "writers", where, f"{where}: no longer required")
        od, nd = odefs.resolve(oprops[name])[0].get("description"), ndefs.resolve(nprops[name])[0].get("description")
        if od != nd and od is not None and nd is not None:
            yield _change("DESCRIPTION_CHANGED", "writers", where, f"{where}: description changed")
        yield from _writer_diff(oprops[name], nprops[name], odefs, ndefs, where)
    if old.get("additionalProperties") is False and new.get("additionalProperties") is not False:
        yield _change("CONSTRAINT_LOOSENED", "writers", path, f"{path}: unknown keys now allowed")
    if old.get("additionalProperties") is not False and new.get("additionalProperties") is False:
        yield _change("CONSTRAINT_TIGHTENED", "writers", path, f"{path}: unknown keys now forbidden")


def writer_changes(old: dict[str, Any], new: dict[str, Any], root: str) -> list[Change]:
    """Changes between two JSON Schema documents, paths starting at ``root``."""
    return list(_writer_diff(old, new, _Defs(old), _Defs(new), root))


# --- readers: release tables ---------------------------------------------------------


def _reader_column(old: dict[str, Any], new: dict[str, Any], path: str) -> Iterator[Change]:
    otype, ntype = old.get("type"), new.get("type")
    if isinstance(otype, dict) and isinstance(ntype, dict) and set(otype) == set(ntype):
        if "list" in otype:
            yield from _reader_column(otype["list"], ntype["list"], f"{path}[]")
        elif "struct" in otype:
            yield from _reader_fields(otype["struct"], ntype["struct"], path)
    elif otype != ntype:
        yield _change("COLUMN_TYPE_CHANGED", "readers", path, f"{path}: {_type_text(otype)} -> {_type_text(ntype)}")
    if old.get("nullable") != new.get("nullable"):
        now_null = bool(new.get("nullable"))
        text = "may now be null" if now_null else "is no longer null"
        yield _change("NULLABILITY_CHANGED", "readers", path, f"{path}: {text}", breaking=now_null)
    if new.get("deprecated") and not old.get("deprecated"):
        dep = new["deprecated"]
        use = f"; use {dep['use']}" if dep.get("use") else ""
        yield _change("DEPRECATED", "readers", path, f"{path}: deprecated since {dep.get('since', '?')}{use}. {dep.get('note', '')}".rstrip())
    if new.get("meaning_changed") != old.get("meaning_changed"):
        mc = new.get("meaning_changed") or old.get("meaning_changed") or {}
        back = "" if new.get("meaning_changed") else " (NEW is older: the change is undone)"
        yield _change("MEANING_CHANGED", "readers", path, f"{path}: meaning changed in {mc.get('since', '?')}{back}: {mc.get('note', '')}".rstrip())
    ovocab, nvocab = old.get("vocabulary"), new.get("vocabulary")
    if ovocab is not None and nvocab is not None:
        for v in ovocab:
            if v not in nvocab:
                yield _change("ENUM_VALUE_REMOVED", "readers", path, f"{path}: value {v!r} no longer occurs", breaking=False)
        for v in nvocab:
            if v not in ovocab:
                yield _change("ENUM_VALUE_ADDED", "readers", path, f"{path}: value {v!r} may occur")
    if old.get("description") != new.get("description") and old.get("description") and new.get("description"):
        yield _change("DESCRIPTION_CHANGED", "readers", path, f"{path}: description changed")


def _reader_fields(old: list[dict[str, Any]], new: list[dict[str, Any]], path: str) -> Iterator[Change]:
    ocols, ncols = {c["name"]: c for c in old}, {c["name"]: c for c in new}
    for name in ocols:
        if name not in ncols:
            yield _change("COLUMN_REMOVED", "readers", f"{path}.{name}", f"{path}.{name}: removed")
    for name in ncols:
        if name not in ocols:
            yield _change("COLUMN_ADDED", "readers", f"{path}.{name}", f"{path}.{name}: added ({_type_text(ncols[name].get('type'))})")
    for name in ocols:
        if name in ncols:
            yield from _reader_column(ocols[name], ncols[name], f"{path}.{name}")


def _type_text(type_: Any) -> str:
    if isinstance(type_, dict):
        if "list" in type_:
            return f"list<{_type_text(type_['list'].get('type'))}>"
        if "struct" in type_:
            return "struct<" + ", ".join(f"{c['name']}: {_type_text(c.get('type'))}" for c in type_["struct"]) + ">"
    return str(type_)


def reader_changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Changes between two ``release.schema.json`` documents."""
    out: list[Change] = []
    otables, ntables = old.get("tables", {}), new.get("tables", {})
    for name in otables:
        if name not in ntables:
            out.append(_change("TABLE_REMOVED", "readers", name, f"{name}: table removed"))
    for name in ntables:
        if name not in otables:
            out.append(_change("TABLE_ADDED", "readers", name, f"{name}: table added"))
        else:
            out += _reader_fields(otables[name].get("columns", []), ntables[name].get("columns", []), name)
    return out


def diff_sets(old: SchemaSet, new: SchemaSet) -> list[Change]:
    """Every change from ``old`` to ``new``: writers' first, then readers'."""
    out: list[Change] = []
    if old.entry is not None and new.entry is not None:
        out += writer_changes(old.entry, new.entry, "entry")
    if old.entities is not None and new.entities is not None:
        out += writer_changes(old.entities, new.entities, "entities")
    for name in sorted(old.others.keys() | new.others.keys()):
        root = name.removesuffix(".schema.json")
        if name not in new.others:
            out.append(_change("FILE_REMOVED", "writers", root, f"{name}: removed"))
        elif name not in old.others:
            out.append(_change("FILE_ADDED", "writers", root, f"{name}: added"))
        else:
            out += writer_changes(old.others[name], new.others[name], root)
    if old.release is not None and new.release is not None:
        out += reader_changes(old.release, new.release)
    return out


# --- documentation ------------------------------------------------------------------


def rules_markdown() -> str:
    """``docs/schema-rules.md``: every rule of ``schema diff``."""
    lines = [
        "# Schema change rules",
        "",
        "Generated from `newsledger.schema.compat.RULES` by `newsledger schema export`; do not edit by hand.",
        "",
        "`newsledger schema diff OLD NEW` names every change between two schema versions with one of these "
        "rules and judges it for its audience: **writers** (curators' YAML entries, checked against "
        "`entry.schema.json` and `entities.schema.json`) and **readers** (the release tables, described by "
        "`release.schema.json`: columns, Arrow types, nullability, vocabularies). A change breaking for either "
        "audience needs a major version; an addition a minor one; a documentation change a patch. "
        "`schema diff` exits 1 when a change is breaking. Column order is not part of the contract.",
        "",
        "| rule | audience | breaking | bump |",
        "|---|---|---|---|",
    ]
    for rule in RULES.values():
        breaking = {True: "yes", False: "no", None: "depends"}[rule.breaking]
        bump = "major" if rule.breaking else rule.bump if rule.breaking is False else "major or minor"
        lines.append(f"| [`{rule.name}`](#{rule.name.lower()}) | {rule.audience} | {breaking} | {bump} |")
    lines.append("")
    for rule in RULES.values():
        lines += [f"## {rule.name}", "", rule.doc, "", f"Example: {rule.example}.", ""]
    lines += [
        "## Output",
        "",
        "`--format json` prints one object: `old`, `new` (labels and versions), `required_bump` (`none`, "
        "`patch`, `minor` or `major`), `breaking` (a boolean) and `changes`, a list of objects with `rule`, "
        "`audience`, `path`, `breaking`, `bump` and `message`. The text form prints one change a line, "
        "`BREAKING` first, then the bump.",
        "",
    ]
    return "\n".join(lines)


def dumps(obj: Any) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON object from ``path``; None when there is no such file. ``ValueError``
    naming the file when it is not a JSON object."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: not JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a JSON object")
    return data


# --- judging on the data -------------------------------------------------------------


def data_changes(new: SchemaSet, dataset: Path) -> tuple[list[Change], int]:
    """Every entry and entity file under ``dataset`` checked against ``new``, each entry
    moved to ``new``'s version first (as ``newsledger migrate`` would): one ENTRY_INVALID
    per file that fails, and how many files were checked. Files that are not YAML are
    left to ``newsledger validate``."""
    import jsonschema

    from newsledger.schema import models
    from newsledger.schema.migrate import migrate_data
    from newsledger.validators.yamldecode import MAX_REGISTRY_NODES
    from newsledger.validators.yamlread import read

    out: list[Change] = []
    checked = 0
    use_models = new.from_models and new.version == models.SCHEMA_VERSION
    kinds = (("articles", "**/*.yaml", new.entry), ("entities", "*.yaml", new.entities))
    for folder, pattern, schema in kinds:
        if schema is None:
            continue
        validator = jsonschema.Draft202012Validator(schema)
        for path in sorted((dataset / folder).glob(pattern)):
            reading = read(path.read_bytes(), max_nodes=MAX_REGISTRY_NODES)
            if not reading.readable:
                continue
            checked += 1
            data = reading.data
            if folder == "articles" and isinstance(data, dict) and new.version is not None:
                data = migrate_data(data, new.version)
            problem = _first_problem(data, folder, use_models, validator)
            if problem:
                out.append(_change("ENTRY_INVALID", "writers", str(path), f"{path}: {problem}"))
    return out, checked


def _first_problem(data: Any, folder: str, use_models: bool, validator: Any) -> str | None:
    if use_models:
        from pydantic import TypeAdapter, ValidationError

        from newsledger.schema import models

        try:
            if folder == "articles":
                version = data.get("schema_version") if isinstance(data, dict) else None
                models.entry_model(version).model_validate(data)
            else:
                TypeAdapter(list[models.Entity]).validate_python(data)
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in err["loc"]) or "(top)"
            return f"{where}: {err['msg']} ({exc.error_count()} error(s))"
        return None
    error = next(iter(validator.iter_errors(data)), None)
    if error is None:
        return None
    where = ".".join(str(p) for p in error.absolute_path) or "(top)"
    return f"{where}: {error.message[:200]}"
