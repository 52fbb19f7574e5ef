"""Where the installed JSON Schemas are (``newsledger schema path``), and the editor modeline.

A wheel carries ``schema/<version>/`` as package data (``newsledger/_schema/``);
an editable install reads the checkout's ``schema/``. Editors that speak the YAML
language server protocol find an entry's schema from its first line::

    # yaml-language-server: $schema=../../../schema/1.0/entry.schema.json
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

__all__ = ["MODELINE", "modeline_for", "run_path", "schema_dir", "schema_file", "versions"]

MODELINE = "# yaml-language-server: $schema="


def _roots() -> list[Path]:
    here = Path(__file__).resolve().parent.parent  # the newsledger package
    return [here / "_schema", here.parent.parent / "schema"]  # wheel; checkout (src layout)


def versions() -> list[str]:
    found: set[str] = set()
    for root in _roots():
        if root.is_dir():
            found.update(p.name for p in root.iterdir() if (p / "entry.schema.json").is_file())
    return sorted(found, key=lambda v: tuple(int(x) if x.isdigit() else 0 for x in v.split(".")))


def schema_dir(version: str | None = None) -> Path | None:
    """The directory of schema ``version`` (default: the models' version)."""
    if version is None:
        from newsledger.schema.models import SCHEMA_VERSION

        version = SCHEMA_VERSION
    for root in _roots():
        if (root / version / "entry.schema.json").is_file():
            return root / version
    return None


def schema_file(version: str | None = None, name: str = "entry.schema.json") -> Path | None:
    d = schema_dir(version)
    return d / name if d is not None and (d / name).is_file() else None


def modeline_for(target: Path, version: str | None = None, name: str = "entry.schema.json") -> str:
    """The modeline for a file written at ``target``: a path relative to it when the file
    is in a checkout that has ``schema/<version>/``, else the installed schema's path."""
    if version is None:
        from newsledger.schema.models import SCHEMA_VERSION

        version = SCHEMA_VERSION
    folder = target.resolve().parent
    for cand in (folder, *folder.parents):
        published = cand / "schema" / version / name
        if published.is_file() and (cand / "dataset").is_dir():
            return MODELINE + Path(os.path.relpath(published, folder)).as_posix()
    installed = schema_file(version, name)
    return MODELINE + (installed.as_posix() if installed else f"schema/{version}/{name}")


def run_path(ns: argparse.Namespace) -> int:
    d = schema_dir(ns.schema_version)
    if d is None:
        known = ", ".join(versions()) or "none"
        print(f"newsledger schema path: error: no installed schema {ns.schema_version!r} (installed: {known})", file=sys.stderr)
        return 1
    name = "entities.schema.json" if ns.entities else "entry.schema.json"
    print(d / name)
    return 0
