"""Hatchling build hook: build the dataset release into the wheel.

``pip install newsledger`` must give ``newsledger.load()`` its data offline, so
the wheel carries a release built from ``dataset/`` at wheel-build time, as
package data under ``newsledger/_data/newsledger-<version>/`` (see
``newsledger.load.embedded_release``). The release is built by newsledger's own
``build_release``, imported from ``src/`` (the package is not installed in the
isolated build environment; its runtime dependencies are, through
``require-runtime-dependencies`` in pyproject.toml), so the embedded release is
exactly what ``newsledger build`` publishes, byte for byte (the manifest's
``generator`` comes from the source tree's version, see ``newsledger._version``),
validation included: a dataset with validation errors fails the wheel build.

The trust root: next to the release the hook writes ``embedded.sha256``, the
sha256 of its ``manifest.json`` (``sha256sum -c`` format), which pins the
embedded release. If the version is already pinned in
``src/newsledger/release/pins.txt`` (it was published) and this build differs
from what was published, the build fails: a published release never changes,
so a changed dataset needs a new version.

Editable installs get no embedded release: there ``load()`` builds from the
checkout's ``dataset/`` on demand, so edits show up without reinstalling.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

DATA_DIR = "newsledger/_data"
EMBEDDED_PIN = "embedded.sha256"  # newsledger.release.pins.EMBEDDED_PIN


class CustomBuildHook(BuildHookInterface):
    """Builds ``dataset/`` into ``newsledger/_data/`` of the wheel."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self._scratch: Path | None = None
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        dataset = root / "dataset"
        if not dataset.is_dir():
            raise RuntimeError(f"newsledger: {dataset} is missing; the wheel embeds the release built from it")
        build_release, invalid = _release_builder(root / "src")
        self._scratch = Path(tempfile.mkdtemp(prefix="newsledger-wheel-"))
        try:
            release = build_release(dataset, self._scratch, version=self.metadata.version)
        except BaseException as exc:
            # hatchling does not call finalize() after a failed initialize(): clean up here.
            shutil.rmtree(self._scratch, ignore_errors=True)
            if not isinstance(exc, invalid):
                raise
            raise RuntimeError(
                f"newsledger: the dataset has validation errors, so the wheel was not built.\n{exc}\n"
                "Run `newsledger validate dataset/` for every diagnostic."
            ) from None  # the message already carries the diagnostics; the chain would print them twice
        try:
            pin = _pin(release, self.metadata.version)
        except BaseException:
            shutil.rmtree(self._scratch, ignore_errors=True)
            raise
        self.app.display_info(f"newsledger: embedding release {release.name} ({DATA_DIR}/{release.name})")
        build_data["force_include"][str(release)] = f"{DATA_DIR}/{release.name}"
        build_data["force_include"][str(pin)] = f"{DATA_DIR}/{EMBEDDED_PIN}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)


def _pin(release: Path, version: str) -> Path:
    """Write ``embedded.sha256`` beside ``release``; refuse a build that differs from a published release."""
    from newsledger.release.pins import registry  # imported from src/ by _release_builder

    digest = hashlib.sha256((release / "manifest.json").read_bytes()).hexdigest()
    published = registry().get(version)
    if published is not None and published != digest:
        raise RuntimeError(
            f"newsledger: release {version} was published with a manifest of sha256 {published} "
            f"(src/newsledger/release/pins.txt), but this source tree builds a different release {version} "
            f"(manifest sha256 {digest}). A published release never changes: give this one a new version "
            "in pyproject.toml."
        )
    pin = release.parent / EMBEDDED_PIN
    pin.write_text(f"{digest}  {release.name}/manifest.json\n", encoding="utf-8")
    return pin


def _release_builder(src: Path) -> tuple[Any, type[Exception]]:
    """Import ``build_release`` from this source tree, never from an installed newsledger."""
    stale = [name for name in sys.modules if name == "newsledger" or name.startswith("newsledger.")]
    for name in stale:
        del sys.modules[name]
    sys.path.insert(0, str(src))
    try:
        from newsledger.errors import DatasetInvalid
        from newsledger.release.build import build_release
    finally:
        sys.path.remove(str(src))
    return build_release, DatasetInvalid
