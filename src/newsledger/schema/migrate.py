"""``newsledger migrate``: move entries from one schema version to the next.

Each step is a function of a round-trip document (:mod:`newsledger.yamledit`), so
comments, key order and quoting stay as the curator wrote them; steps run one
after another (1.0 -> 1.1 -> ...). A migrated entry is migrated again as a no-op.

1.0 -> 1.1 is only the version: everything a 1.0 entry may hold is valid in 1.1
(a single ``mode`` stays a single mode; the new release columns are computed).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsledger.schema.models import SCHEMA_VERSION, SCHEMA_VERSIONS

__all__ = ["migrate_data", "migrate_document", "run_migrate"]


def _to_1_1(doc: Any) -> None:
    doc.set(("schema_version",), "1.1")


def _to_1_1_data(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "schema_version": "1.1"}


#: (from, to) -> (edit of a round-trip document, the same on plain data)
STEPS: dict[tuple[str, str], tuple[Callable[[Any], None], Callable[[dict[str, Any]], dict[str, Any]]]] = {
    ("1.0", "1.1"): (_to_1_1, _to_1_1_data),
}


class MigrateError(Exception):
    pass


def _path(start: str, to: str) -> list[tuple[str, str]]:
    if start not in SCHEMA_VERSIONS:
        raise MigrateError(f"schema_version {start!r} is not one this newsledger knows ({', '.join(SCHEMA_VERSIONS)})")
    if to not in SCHEMA_VERSIONS:
        raise MigrateError(f"--to {to}: not a schema version this newsledger knows ({', '.join(SCHEMA_VERSIONS)})")
    i, j = SCHEMA_VERSIONS.index(start), SCHEMA_VERSIONS.index(to)
    if j < i:
        raise MigrateError(f"cannot migrate from {start} down to {to}")
    return list(zip(SCHEMA_VERSIONS[i:j], SCHEMA_VERSIONS[i + 1 : j + 1], strict=True))


def migrate_data(data: dict[str, Any], to: str) -> dict[str, Any]:
    """Plain entry data moved to version ``to`` (unknown versions are left as they are)."""
    start = data.get("schema_version")
    if not isinstance(start, str) or start not in SCHEMA_VERSIONS or to not in SCHEMA_VERSIONS:
        return data
    if SCHEMA_VERSIONS.index(to) < SCHEMA_VERSIONS.index(start):
        return data
    for step in _path(start, to):
        data = STEPS[step][1](data)
    return data


def migrate_document(doc: Any, to: str) -> list[str]:
    """Edit a :class:`newsledger.yamledit.Document` holding an entry up to version ``to``;
    the steps taken (none when it is already there)."""
    start = doc.get(("schema_version",))
    if not isinstance(start, str):
        raise MigrateError("no schema_version (a quoted string such as \"1.0\") at the top of the entry")
    steps = _path(start, to)
    for step in steps:
        STEPS[step][0](doc)
    return [f"{a} -> {b}" for a, b in steps]


def _files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for spec in paths:
        p = Path(spec)
        if p.is_dir():
            articles = p / "articles"
            out += sorted((articles if articles.is_dir() else p).rglob("*.yaml"))
        elif p.is_file():
            out.append(p)
        else:
            raise FileNotFoundError(f"{spec}: no such file or folder")
    return out


def run_migrate(ns: argparse.Namespace) -> int:
    from newsledger import yamledit

    to = ns.to or SCHEMA_VERSION
    if to not in SCHEMA_VERSIONS:
        print(f"newsledger migrate: --to {to}: not a schema version this newsledger knows ({', '.join(SCHEMA_VERSIONS)})", file=sys.stderr)
        return 2
    try:
        files = _files(ns.paths or ["dataset"])
    except FileNotFoundError as exc:
        print(f"newsledger migrate: {exc}", file=sys.stderr)
        return 2
    failed = changed = 0
    for path in files:
        try:
            doc = yamledit.read(path)
            steps = migrate_document(doc, to)
            if steps and not doc.faithful:
                raise MigrateError(
                    "this file's layout cannot be kept exactly (a %YAML directive, '...', mixed indentation "
                    "or a spelled-out null); change schema_version by hand"
                )
            if not steps or not doc.changed:
                continue
            changed += 1
            if ns.check:
                print(f"{path}: would migrate {', '.join(steps)}")
            else:
                doc.write()
                print(f"{path}: migrated {', '.join(steps)}")
        except yamledit.YamlEditError as exc:
            failed += 1
            print(f"{exc.path or path}:{exc.line}:{exc.col}: {exc.message}", file=sys.stderr)
        except MigrateError as exc:
            failed += 1
            print(f"{path}:1:1: {exc}", file=sys.stderr)
    verb = "would migrate" if ns.check else "migrated"
    print(f"{verb} {changed} of {len(files)} file(s) to schema {to}" + (f"; {failed} could not be read" if failed else ""), file=sys.stderr)
    if failed:
        return 1
    return 1 if (ns.check and changed) else 0
