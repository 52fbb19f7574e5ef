"""Compare two release directories: what release notes need to say.

Per table: ids added, ids removed, and for ids present in both the columns whose
values changed (old and new value). Removed ids matter most to users (a row they
cite is gone) so both renderings put them first. Records are read from the JSON
Lines files, after checking those files against each release's manifest, so a
corrupted release is reported as such rather than as a surprising diff.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsledger.errors import ReleaseError
from newsledger.release.manifest import read_manifest, verify_files

__all__ = ["FieldChange", "RecordChange", "ReleaseDiff", "TableDiff", "diff_releases", "to_json", "to_markdown"]

Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: Any
    new: Any


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
    removed: list[str] = field(default_factory=list)
    changed: list[RecordChange] = field(default_factory=list)
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)


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
            if row["id"] in rows:
                raise ReleaseError(f"{release / rel}:{number}: duplicate id {row['id']!r}")
            rows[row["id"]] = row
            if not columns:
                columns = list(row)
    return rows, columns


def _table_diff(name: str, old: Path, old_m: dict[str, Any], new: Path, new_m: dict[str, Any]) -> TableDiff:
    before, old_cols = _records(old, old_m, name)
    after, new_cols = _records(new, new_m, name)
    out = TableDiff(name, len(before), len(after))
    out.added = sorted(after.keys() - before.keys())
    out.removed = sorted(before.keys() - after.keys())
    if old_cols and new_cols:
        out.columns_added = [c for c in new_cols if c not in old_cols]
        out.columns_removed = [c for c in old_cols if c not in new_cols]
    common = [c for c in new_cols if c in old_cols]
    for rid in sorted(before.keys() & after.keys()):
        a, b = before[rid], after[rid]
        changes = tuple(FieldChange(c, a.get(c), b.get(c)) for c in common if a.get(c) != b.get(c))
        if changes:
            out.changed.append(RecordChange(rid, changes))
    return out


def _info(path: Path, manifest: dict[str, Any]) -> dict[str, Any]:
    return {"path": str(path), "version": manifest["version"], "schema_version": manifest["schema_version"]}


def diff_releases(old: Path, new: Path) -> ReleaseDiff:
    """Compare release directory ``old`` with ``new``."""
    old, new = Path(old), Path(new)
    old_m, new_m = read_manifest(old), read_manifest(new)
    names = list(old_m["tables"]) + [t for t in new_m["tables"] if t not in old_m["tables"]]
    from newsledger.schema.published import release_schema_changes

    tables = [_table_diff(n, old, old_m, new, new_m) for n in names]
    try:
        schema = release_schema_changes(old, new)
    except (FileNotFoundError, ValueError):  # a release without its schema files: no schema part
        schema = None
    return ReleaseDiff(_info(old, old_m), _info(new, new_m), tables, schema)


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
        "schema": diff.schema,
        "tables": {
            t.name: {
                "rows": {"old": t.old_rows, "new": t.new_rows},
                "added": t.added,
                "removed": t.removed,
                "changed": [
                    {"id": c.id, "fields": {f.field: {"old": f.old, "new": f.new} for f in c.changes}}
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


def _ids(ids: list[str]) -> list[str]:
    return [f"- `{i}`" for i in ids]


def to_markdown(diff: ReleaseDiff) -> str:
    """Release notes in Markdown."""
    old_v, new_v = diff.old["version"], diff.new["version"]
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
                lines += [f"**{t.name}** ({len(t.removed)} removed):", "", *_ids(t.removed), ""]
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
            lines += [f"### Removed ({len(t.removed)})", "", *_ids(t.removed), ""]
        if t.added:
            lines += [f"### Added ({len(t.added)})", "", *_ids(t.added), ""]
        if t.changed:
            lines += [f"### Changed ({len(t.changed)})", ""]
            for c in t.changed:
                lines.append(f"- `{c.id}`")
                lines += [f"  - `{f.field}`: {_change(f.old, f.new)}" for f in c.changes]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
