"""``newsledger build`` and ``newsledger diff``: argument handling and output only.

The work happens in :mod:`newsledger.release.build` and
:mod:`newsledger.release.diff`; failures are raised as NewsledgerError
subclasses, which the CLI prints without a traceback and turns into exit code 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

__all__ = ["run_assets", "run_build", "run_diff"]


def run_build(ns: argparse.Namespace) -> int:
    from newsledger.release.build import build_release
    from newsledger.release.ids import manifest_version, previous_release

    previous = previous_release(ns.previous)
    from newsledger.progress import terminal_progress

    with terminal_progress("build: validate", quiet=ns.quiet) as progress:
        target = build_release(
            Path(ns.dataset),
            Path(ns.out),
            ns.release_version,
            force=ns.force,
            on_warnings=lambda text: print(text, file=sys.stderr),
            use_cache=not ns.no_cache,
            previous=previous,
            progress=progress,
        )
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    counts = ", ".join(f"{t['rows']} {name}" for name, t in manifest["tables"].items())
    if previous is not None:
        compared = f"; ids checked against {manifest_version(previous)} ({previous})"
    elif ns.previous == "none":
        compared = ""
    else:  # said after the work, on the line that reports it: errors stay one line
        compared = "; ids not checked: no previous release on this machine (--previous DIR|VERSION)"
    print(f"wrote {target} ({counts}){compared}")
    return 0


def run_diff(ns: argparse.Namespace) -> int:
    from newsledger.release.diff import diff_releases, to_json, to_markdown, to_text

    diff = diff_releases(Path(ns.old), Path(ns.new))
    if ns.format == "json":
        text = json.dumps(to_json(diff), indent=2, ensure_ascii=False) + "\n"
    elif ns.format == "text":
        text = to_text(diff)
    else:
        text = to_markdown(diff)
    if ns.output:
        Path(ns.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def run_assets(ns: argparse.Namespace) -> int:
    from newsledger.release.assets import write_assets

    files = write_assets(Path(ns.release), Path(ns.out))
    print(f"wrote {len(files)} files to {ns.out}; upload them all (e.g. gh release upload TAG {ns.out}/*)")
    return 0
