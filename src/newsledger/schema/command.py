"""``newsledger schema export|diff|check``: generated files, and the compatibility gate."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import Any


def generated_files(root: Path) -> dict[Path, str]:
    from newsledger.schema.compat import rules_markdown as schema_rules_markdown
    from newsledger.schema.export import artefacts
    from newsledger.validators.rulesdoc import rules_markdown

    out = artefacts(root)
    out[root / "docs" / "rules.md"] = rules_markdown()
    out[root / "docs" / "schema-rules.md"] = schema_rules_markdown()
    return out


def run_export(ns: argparse.Namespace) -> int:
    root = Path(ns.root)
    files = generated_files(root)
    stale = []
    for path, content in files.items():
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == content:
            continue
        stale.append(path)
        if ns.check:
            diff = difflib.unified_diff(
                (current or "").splitlines(keepends=True), content.splitlines(keepends=True),
                f"{path} (committed)", f"{path} (from the models)", n=1,
            )
            sys.stderr.writelines(list(diff)[:40])
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8", newline="\n")
    if ns.check:
        if stale:
            print(
                f"newsledger schema export --check: {len(stale)} generated file(s) are stale: "
                + ", ".join(str(p) for p in stale) + "\nrun 'newsledger schema export' and commit the result",
                file=sys.stderr,
            )
            return 1
        print(f"{len(files)} generated files are up to date.")
        return 0
    print(f"wrote {len(stale)} of {len(files)} generated files" + (": " + ", ".join(str(p) for p in stale) if stale else " (all up to date)"))
    return 0


# --- schema diff / schema check -------------------------------------------------


def _format_text(label_old: str, label_new: str, changes: list[Any], bump: str, checked: int | None) -> str:
    lines = [f"schema diff {label_old} -> {label_new}: {len(changes)} change(s); required bump: {bump}"]
    for c in sorted(changes, key=lambda c: (not c.breaking, c.audience, c.path)):
        flag = "BREAKING" if c.breaking else c.bump
        lines.append(f"  {flag:<8} {c.rule:<22} {c.audience:<8} {c.message}")
    if checked is not None:
        lines.append(f"data: {checked} file(s) of the dataset checked against the new schema")
    return "\n".join(lines) + "\n"


def _as_json(old: Any, new: Any, changes: list[Any], bump: str, checked: int | None) -> str:
    import json

    doc = {
        "old": {"label": old.label, "version": old.version},
        "new": {"label": new.label, "version": new.version},
        "required_bump": bump,
        "breaking": any(c.breaking for c in changes),
        "data_checked": checked,
        "changes": [c.as_dict() for c in changes],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def run_diff(ns: argparse.Namespace) -> int:
    from newsledger.schema.compat import data_changes, diff_sets, required_bump
    from newsledger.schema.published import current_set, load_set

    root = Path(ns.root)
    try:
        old = load_set(ns.old, root)
        new = current_set() if ns.new == "models" else load_set(ns.new, root)
    except (FileNotFoundError, ValueError) as exc:
        print(f"newsledger schema diff: {exc}", file=sys.stderr)
        return 2
    try:
        changes = diff_sets(old, new)
    except (AttributeError, TypeError, KeyError) as exc:  # JSON, but not the shape of a published schema
        print(f"newsledger schema diff: {ns.old} or {ns.new} is not a schema this tool can read ({type(exc).__name__}: {exc})", file=sys.stderr)
        return 2
    checked = None
    dataset = Path(ns.dataset) if ns.dataset else root / "dataset"
    if not ns.no_data and dataset.is_dir():
        found, checked = data_changes(new, dataset)
        changes += found
    bump = required_bump(changes)
    text = _as_json(old, new, changes, bump, checked) if ns.format == "json" else _format_text(old.label, new.label, changes, bump, checked)
    sys.stdout.write(text)
    return 1 if any(c.breaking for c in changes) else 0


def run_check(ns: argparse.Namespace) -> int:
    from newsledger.schema import models
    from newsledger.schema.compat import bump_between, diff_sets, required_bump
    from newsledger.schema.published import current_set, load_set, published_versions, tampered, version_key

    root = Path(ns.root)
    problems = tampered(root)
    versions = sorted(published_versions(root), key=version_key)
    if not versions:
        problems.append(f"no published schema version in {root / 'schema' / 'PUBLISHED.sha256'}")
        latest = None
    else:
        latest = versions[-1]
    declared = models.SCHEMA_VERSION
    summary = ""
    if latest is not None:
        changes = diff_sets(load_set(latest, root), current_set())
        needed = required_bump(changes)
        have = bump_between(latest, declared)
        order = ("none", "patch", "minor", "major")
        summary = f"models {declared} against published {latest}: {len(changes)} change(s), required bump {needed}, declared {have}"
        if have == "downgrade":
            problems.append(f"the models declare schema {declared}, lower than the published {latest}")
        elif order.index(have) < order.index(needed):
            breaking = [c for c in changes if c.bump == needed][:5]
            problems.append(
                f"the models declare schema {declared} ({have} bump from {latest}) but the changes need a {needed} bump: "
                + "; ".join(f"{c.rule} {c.path}" for c in breaking)
            )
    for p in problems:
        print(f"newsledger schema check: {p}", file=sys.stderr)
    if summary:
        print(summary)
    if problems:
        return 1
    print(f"schema check: ok (published: {', '.join(versions)})")
    return 0
