"""``newsledger schema export [--check]``: write or drift-check generated files."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path


def generated_files(root: Path) -> dict[Path, str]:
    from newsledger.schema.export import artefacts
    from newsledger.validators.rulesdoc import rules_markdown

    out = artefacts(root)
    out[root / "docs" / "rules.md"] = rules_markdown()
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
