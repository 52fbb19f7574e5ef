"""Compare two release directories: what release notes need to say.

Per table: records added (with their fields), ids removed, and for ids present in
both the columns whose values changed (old and new value); a column the new
release adds is shown with its value in every record that has one. Removed ids matter most to users (a row they
cite is gone) so every rendering puts them first, each with the tombstone the
new release ships for it (its ``retired`` table: reason, successor, the release
that retired it) or a warning that it has none. Records are read from the JSON
Lines files, after checking those files against each release's manifest, so a
corrupted release is reported as such rather than as a surprising diff.

Renderings: plain text (a terminal), Markdown (release notes) and JSON. The
header names both releases; two releases of the same version are told apart by
their directory and the sha256 of their manifest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsledger.errors import ReleaseError
from newsledger.release.manifest import MANIFEST, read_manifest, verify_files

__all__ = [
    "FieldChange", "RecordChange", "ReleaseDiff", "TableDiff", "diff_releases", "to_json", "to_markdown", "to_text",
]

Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: Any
    new: Any
    #: the column is new in the new release: ``old`` is absent, not null
    new_column: bool = False


@dataclass(frozen=True, slots=True)
class RecordChange:
    id: str
    changes: tuple[FieldChange, ...]


@dataclass(slots=True)
class TableDiff:
    name: str
    old_rows: int
    new_rows: int
    added: list[str] = field(default_factory=list)
    #: Added id -> its row in the new release.
    added_rows: dict[str, Record] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    changed: list[RecordChange] = field(default_factory=list)
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)
    #: Removed id -> its tombstone in the new release (reason, successor, retired_in, note).
    tombstones: dict[str, Record] = field(default_factory=dict)


@dataclass(slots=True)
class ReleaseDiff:
    old: dict[str, Any]
    new: dict[str, Any]
    tables: list[TableDiff]
    #: the schema change between the two releases (newsledger.schema.published.release_schema_changes)
    schema: dict[str, Any] | None = None

    @property
    def removed_total(self) -> int:
        return sum(len(t.removed) for t in self.tables)

    @property
    def unchanged(self) -> bool:
        return not any(t.added or t.removed or t.changed or t.columns_added or t.columns_removed for t in self.tables)


def _records(release: Path, manifest: dict[str, Any], table: str) -> tuple[dict[str, Record], list[str]]:
    """Rows of ``table`` by id, and its column names (empty when the table is absent)."""
    entry = manifest["tables"].get(table)
    if entry is None:
        return {}, []
    rel = entry.get("jsonl")
    if not isinstance(rel, str):
        raise ReleaseError(f"{release / 'manifest.json'}: table {table!r} names no jsonl file")
    verify_files(release, manifest, [rel])
    rows: dict[str, Record] = {}
    columns: list[str] = []
    with open(release / rel, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ReleaseError(f"{release / rel}:{number}: not JSON: {exc}") from None
            if not isinstance(row, dict) or not isinstance(row.get("id"), str):
                raise ReleaseError(f"{release / rel}:{number}: a row must be an object with a string id")
            key = row["id"] if table != "retired" else f"{row.get('table')}:{row['id']}"  # an id per table
            if key in rows:
                raise ReleaseError(f"{release / rel}:{number}: duplicate id {row['id']!r}")
            rows[key] = row
            if not columns:
                columns = list(row)
    return rows, columns


def _table_diff(name: str, old: Path, old_m: dict[str, Any], new: Path, new_m: dict[str, Any]) -> TableDiff:
    before, old_cols = _records(old, old_m, name)
    after, new_cols = _records(new, new_m, name)
    out = TableDiff(name, len(before), len(after))
    out.added = sorted(after.keys() - before.keys(), key=_natural)
    out.added_rows = {rid: after[rid] for rid in out.added}
    out.removed = sorted(before.keys() - after.keys(), key=_natural)
    if old_cols and new_cols:
        out.columns_added = [c for c in new_cols if c not in old_cols]
        out.columns_removed = [c for c in old_cols if c not in new_cols]
    common = [c for c in new_cols if c in old_cols]
    for rid in sorted(before.keys() & after.keys(), key=_natural):
        a, b = before[rid], after[rid]
        changes = tuple(FieldChange(c, a.get(c), b.get(c)) for c in common if a.get(c) != b.get(c))
        changes += tuple(FieldChange(c, None, b[c], new_column=True) for c in out.columns_added if _has(b.get(c)))
        if changes:
            out.changed.append(RecordChange(rid, changes))
    return out


def _natural(key: str) -> list[Any]:
    """Sort key reading runs of digits as numbers: q2 before q10."""
    import re

    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", key)]


def _has(value: Any) -> bool:
    """A value worth showing: not null and not an empty list, object or text."""
    return value not in (None, [], {}, "")


def _info(path: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    import hashlib

    return {
        "path": str(path),
        "version": manifest["version"],
        "schema_version": manifest["schema_version"],
        "manifest_sha256": hashlib.sha256((path / MANIFEST).read_bytes()).hexdigest(),
    }


def diff_releases(old: Path, new: Path) -> ReleaseDiff:
    """Compare release directory ``old`` with ``new``."""
    old, new = Path(old), Path(new)
    old_m, new_m = read_manifest(old), read_manifest(new)
    names = list(old_m["tables"]) + [t for t in new_m["tables"] if t not in old_m["tables"]]
    tables = [_table_diff(n, old, old_m, new, new_m) for n in names]
    by_key: dict[tuple[str, str], Record] = {}
    if "retired" in new_m["tables"]:
        by_key = {(str(t.get("table")), str(t.get("id"))): t for t in _rows(new, new_m, "retired")}
    for t in tables:
        for rid in t.removed:
            tomb = by_key.get((t.name, rid))
            if tomb is None and t.name == "quotes":  # retired with its article
                tomb = by_key.get(("articles", rid.split("/", 1)[0]))
            if tomb is not None:
                t.tombstones[rid] = {k: tomb.get(k) for k in ("table", "id", "reason", "successor", "retired_in", "note")}
    from newsledger.schema.published import release_schema_changes

    try:
        schema = release_schema_changes(old, new)
    except (FileNotFoundError, ValueError):  # a release without its schema files: no schema part
        schema = None
    return ReleaseDiff(_info(old, old_m), _info(new, new_m), tables, schema)


def _rows(release: Path, manifest: dict[str, Any], table: str) -> list[Record]:
    """Every row of ``table`` (checked against the manifest), in file order."""
    rel = manifest["tables"][table].get("jsonl")
    if not isinstance(rel, str):
        raise ReleaseError(f"{release / 'manifest.json'}: table {table!r} names no jsonl file")
    verify_files(release, manifest, [rel])
    rows = []
    with open(release / rel, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ReleaseError(f"{release / rel}:{number}: not JSON: {exc}") from None
            if not isinstance(row, dict):
                raise ReleaseError(f"{release / rel}:{number}: a row must be an object")
            rows.append(row)
    return rows


# --- renderings -----------------------------------------------------------


def to_json(diff: ReleaseDiff) -> dict[str, Any]:
    """A JSON-ready dict of the diff."""
    return {
        "old": diff.old,
        "new": diff.new,
        "summary": {
            "added": sum(len(t.added) for t in diff.tables),
            "removed": diff.removed_total,
            "changed": sum(len(t.changed) for t in diff.tables),
        },
        "removed_ids": {t.name: t.removed for t in diff.tables if t.removed},
        "removed_without_tombstone": {
            t.name: [i for i in t.removed if i not in t.tombstones] for t in diff.tables
            if any(i not in t.tombstones for i in t.removed)
        },
        "schema": diff.schema,
        "tables": {
            t.name: {
                "rows": {"old": t.old_rows, "new": t.new_rows},
                "added": t.added,
                "added_rows": t.added_rows,
                "removed": t.removed,
                "tombstones": t.tombstones,
                "changed": [
                    {
                        "id": c.id,
                        "fields": {
                            f.field: {"new": f.new, "new_column": True} if f.new_column else {"old": f.old, "new": f.new}
                            for f in c.changes
                        },
                    }
                    for c in t.changed
                ],
                "columns_added": t.columns_added,
                "columns_removed": t.columns_removed,
            }
            for t in diff.tables
        },
    }


def _excerpt(text: str, start: int, limit: int) -> str:
    out = text[start : start + limit]
    if start > 0:
        out = "…" + out
    if start + limit < len(text):
        out += "…"
    return "`" + out.replace("`", "'") + "`"


def _change(old: Any, new: Any, limit: int = 100) -> str:
    """``old → new`` for release notes; long values are cut to a window around
    their first difference, so the two sides never read the same."""
    a, b = json.dumps(old, ensure_ascii=False), json.dumps(new, ensure_ascii=False)
    start = 0
    if max(len(a), len(b)) > limit:
        common = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
        start = max(0, common - limit // 4)
    return f"{_excerpt(a, start, limit)} → {_excerpt(b, start, limit)}"


def _value(value: Any, limit: int = 100) -> str:
    """A field's value for release notes, cut after ``limit`` characters."""
    return _excerpt(json.dumps(value, ensure_ascii=False), 0, limit)


def _fields(row: Record) -> list[tuple[str, str]]:
    """An added record's fields that hold a value, id first left out (it heads the record)."""
    return [(name, _value(value)) for name, value in row.items() if name != "id" and _has(value)]


def _field_change(f: FieldChange) -> str:
    if f.new_column:
        return f"(new column) {_value(f.new)}"
    return _change(f.old, f.new)


def _why(tomb: Record | None, code: str = "`") -> str:
    """What the tombstone of a removed id says, in a few words."""
    if tomb is None:
        return "no tombstone: removed without a trace"
    out = str(tomb.get("reason"))
    if tomb.get("successor"):
        out += f" {code}{tomb['successor']}{code}"
    out += f" (retired in {tomb.get('retired_in')})"
    return out


def _removed(t: TableDiff, code: str = "`") -> list[str]:
    return [f"- {code}{i}{code}: {_why(t.tombstones.get(i), code)}" for i in t.removed]


def labels(diff: ReleaseDiff) -> tuple[str, str]:
    """How the header names the two releases: the versions, and when they are the
    same, each one's directory and manifest sha256 (first 12 digits) too."""
    old, new = diff.old, diff.new
    if old["version"] != new["version"]:
        return str(old["version"]), str(new["version"])
    return tuple(  # type: ignore[return-value]
        f"{r['version']} ({r['path']}, manifest sha256 {r['manifest_sha256'][:12]})" for r in (old, new)
    )


def to_text(diff: ReleaseDiff) -> str:
    """A plain-text summary for a terminal: counts per table, removed ids with
    their tombstones, then added ids and changed fields."""
    old_l, new_l = labels(diff)
    lines = [f"newsledger {old_l} -> {new_l}"]
    if diff.old["schema_version"] != diff.new["schema_version"]:
        lines.append(f"schema version {diff.old['schema_version']} -> {diff.new['schema_version']}")
    lines.append("")
    width = max(len(t.name) for t in diff.tables) if diff.tables else 0
    for t in diff.tables:
        lines.append(
            f"{t.name:<{width}}  {t.old_rows:>7} -> {t.new_rows:<7}  +{len(t.added)} -{len(t.removed)} ~{len(t.changed)}"
        )
    if diff.unchanged:
        return "\n".join([*lines, "", "No records changed."]) + "\n"
    for t in diff.tables:
        if not (t.added or t.removed or t.changed or t.columns_added or t.columns_removed):
            continue
        lines += ["", f"{t.name}:"]
        if t.columns_added or t.columns_removed:
            lines.append(f"  columns: +{', '.join(t.columns_added) or 'none'} -{', '.join(t.columns_removed) or 'none'}")
        lines += [f"  removed {line[2:]}" for line in _removed(t, "")]
        for i in t.added:
            lines.append(f"  added {i}")
            lines += [f"    {name}: {value.replace('`', '')}" for name, value in _fields(t.added_rows[i])]
        for c in t.changed:
            lines.append(f"  changed {c.id}")
            lines += [f"    {f.field}: {_field_change(f).replace('`', '')}" for f in c.changes]
    return "\n".join(lines) + "\n"


def to_markdown(diff: ReleaseDiff) -> str:
    """Release notes in Markdown."""
    old_v, new_v = labels(diff)
    lines = [f"# newsledger {old_v} → {new_v}", ""]
    if diff.old["schema_version"] != diff.new["schema_version"]:
        lines += [f"Schema version {diff.old['schema_version']} → {diff.new['schema_version']}.", ""]
    if diff.schema is not None:
        from newsledger.schema.published import schema_changes_markdown

        lines += schema_changes_markdown(diff.schema)
    if diff.removed_total:
        lines += [
            f"> **Removed: {diff.removed_total} record(s) of {old_v} no longer exist in {new_v}.** "
            "Anything citing these ids must be updated.",
            "",
        ]
        for t in diff.tables:
            if t.removed:
                lines += [f"**{t.name}** ({len(t.removed)} removed):", "", *_removed(t), ""]
    lines += ["| table | rows before | rows after | added | removed | changed |", "|---|---:|---:|---:|---:|---:|"]
    lines += [
        f"| {t.name} | {t.old_rows} | {t.new_rows} | {len(t.added)} | {len(t.removed)} | {len(t.changed)} |"
        for t in diff.tables
    ]
    lines.append("")
    if diff.unchanged:
        lines += ["No records changed.", ""]
    for t in diff.tables:
        if not (t.added or t.removed or t.changed or t.columns_added or t.columns_removed):
            continue
        lines += [f"## {t.name}", ""]
        if t.columns_added or t.columns_removed:
            lines += [
                f"New columns: {', '.join(f'`{c}`' for c in t.columns_added) or 'none'}; "
                f"removed columns: {', '.join(f'`{c}`' for c in t.columns_removed) or 'none'}.",
                "",
            ]
        if t.removed:
            lines += [f"### Removed ({len(t.removed)})", "", *_removed(t), ""]
        if t.added:
            lines += [f"### Added ({len(t.added)})", ""]
            for i in t.added:
                lines.append(f"- `{i}`")
                lines += [f"  - `{name}`: {value}" for name, value in _fields(t.added_rows[i])]
            lines.append("")
        if t.changed:
            lines += [f"### Changed ({len(t.changed)})", ""]
            for c in t.changed:
                lines.append(f"- `{c.id}`")
                lines += [f"  - `{f.field}`: {_field_change(f)}" for f in c.changes]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
