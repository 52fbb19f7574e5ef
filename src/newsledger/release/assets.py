"""A release as flat files, for hosts that hold no folders.

GitHub release assets and Zenodo records keep a flat list of file names, but a
release directory has one folder, ``schema/``. Such a host publishes each file
under its *asset name*: its path in the release with ``/`` written as ``-``
(``schema/entry.schema.json`` becomes ``schema-entry.schema.json``). The
fetcher asks for the path first, as a static host serves it, and for the asset
name when that is not found; either way the file must match the manifest's
sha256, so nothing is trusted for its name.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from newsledger.errors import ReleaseError

__all__ = ["asset_name", "write_assets"]


def asset_name(rel: str) -> str:
    """The flat name a file at ``rel`` in a release is published under."""
    return rel.replace("/", "-")


def write_assets(release: Path, out: Path) -> list[Path]:
    """Copy a verified release into ``out`` under flat asset names, ready to upload.

    ``out`` must not exist (it is created); returns the files written. The
    release is verified first, so what is uploaded is exactly what was built.
    """
    from newsledger.fetch import verify_release

    manifest = verify_release(release)
    names: dict[str, str] = {}
    for rel in ["manifest.json", "SHA256SUMS", *sorted(manifest["files"])]:
        name = asset_name(rel)
        if name in names:
            raise ReleaseError(f"{rel} and {names[name]} would both be published as {name}")
        names[name] = rel
    if out.exists():
        raise ReleaseError(f"{out} already exists; give a new directory for the assets")
    tmp = out.with_name(f".{out.name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        for name, rel in names.items():
            shutil.copyfile(release / rel, tmp / name)
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return [out / name for name in names]
