"""``newsledger fmt [PATHS] [--check]``: write entries and registry files in the canonical layout."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def yaml_files(paths: list[Path]) -> Iterator[Path]:
    """The YAML files named or under the directories named, in order."""
    for p in paths:
        if p.is_dir():
            yield from sorted(x for x in p.rglob("*") if x.suffix in (".yaml", ".yml") and x.is_file() and not x.name.startswith("."))
        else:
            yield p


def run_fmt(ns: argparse.Namespace) -> int:
    from newsledger.fmt.layout import FormatError, format_text
    from newsledger.yamledit import write_atomic

    paths = [Path(p) for p in ns.paths] or [Path("dataset")]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        print(f"newsledger fmt: error: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    changed = unchanged = failed = 0
    for path in yaml_files(paths):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            print(f"{path}: cannot format: not UTF-8 (byte {exc.start})", file=sys.stderr)
            failed += 1
            continue
        try:
            out = format_text(text, path)
        except FormatError as exc:
            print(f"{path}:{exc}", file=sys.stderr)
            failed += 1
            continue
        if out == text:
            unchanged += 1
            continue
        changed += 1
        if ns.check:
            print(f"would reformat {path}")
        else:
            write_atomic(path, out)
            print(f"reformatted {path}")
    verb = "would be reformatted" if ns.check else "reformatted"
    summary = f"{changed} file{'s' * (changed != 1)} {verb}, {unchanged} unchanged"
    if failed:
        summary += f", {failed} could not be formatted (left as they were)"
    print(summary, file=sys.stderr)
    return EXIT_FAIL if failed or (ns.check and changed) else EXIT_OK
