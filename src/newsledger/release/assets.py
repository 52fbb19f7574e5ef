"""A release as flat files, for hosts that hold no folders.

GitHub release assets and Zenodo records keep a flat list of file names, but a
release directory has one folder, ``schema/``. Such a host publishes each file
under its *asset name*: its path in the release with ``/`` written as ``-``
(``schema/entry.schema.json`` becomes ``schema-entry.schema.json``). The flat
``SHA256SUMS`` lists the asset names, so ``sha256sum -c SHA256SUMS`` works in
the flat folder; ``manifest.json`` is the release's own, unchanged (its sha256
is what pins the release). The releases index (``releases.json``) beside the
release, when there is one, is added, so it is published with every release.

The fetcher asks for each file at its path first, as a static host serves it,
and at its asset name when that is not found; either way the file must match
the manifest's sha256, so nothing is trusted for its name. It maps the flat
``SHA256SUMS`` back to the release's own before caching.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from newsledger.errors import ReleaseError

__all__ = ["asset_name", "write_assets"]


def asset_name(rel: str) -> str:
    """The flat name a file at ``rel`` in a release is published under."""
    return rel.replace("/", "-")


def _flat_sums(text: str) -> str:
    """SHA256SUMS with every path written as its asset name."""
    lines = []
    for line in text.splitlines():
        digest, _, rel = line.partition("  ")
        lines.append(f"{digest}  {asset_name(rel)}\n")
    return "".join(lines)


def write_assets(release: Path, out: Path) -> list[Path]:
    """Copy a verified release into ``out`` under flat asset names, ready to upload.

    ``out`` must not exist (it is created); returns the files written. The
    release is verified first, so what is uploaded is exactly what was built.
    """
    from newsledger.fetch import verify_release
    from newsledger.release.index import INDEX

    manifest = verify_release(release)
    names: dict[str, str] = {}
    for rel in ["manifest.json", "SHA256SUMS", *sorted(manifest["files"])]:
        name = asset_name(rel)
        if name in names or name == INDEX:
            raise ReleaseError(f"{rel} and {names.get(name, INDEX)} would both be published as {name}")
        names[name] = rel
    if out.exists():
        raise ReleaseError(f"{out} already exists; give a new directory for the assets")
    index = release.parent / INDEX
    tmp = out.with_name(f".{out.name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        for name, rel in names.items():
            if rel == "SHA256SUMS":
                (tmp / name).write_text(_flat_sums((release / rel).read_text(encoding="utf-8")), encoding="utf-8")
            else:
                shutil.copyfile(release / rel, tmp / name)
        if index.is_file():
            shutil.copyfile(index, tmp / INDEX)
            names[INDEX] = INDEX
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [out / name for name in names]
