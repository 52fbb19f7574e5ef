"""The trust root: which release manifests this installation of newsledger vouches for.

A release's ``manifest.json`` lists the size and sha256 of every other file, and
``SHA256SUMS`` repeats them, so a release checked only against itself proves it
is intact, not that it is *the* release: a host (or anyone who can write the
cache) that alters a file and rewrites both lists to match passes that check.
A *pin* closes the gap: the sha256 of a published release's ``manifest.json``,
shipped inside the package, so a release of a pinned version verifies only if
its manifest is byte for byte the published one.

Pins come from two places, both inside the installed package:

* ``pins.txt`` beside this module, the registry kept in the repository: every
  release published before this package was built. The release procedure adds
  a line when a release is published (see SECURITY.md).
* ``newsledger/_data/embedded.sha256``, written by the wheel build hook
  (``hatch_build.py``): the release the wheel embeds, in ``sha256sum -c`` format.

A release of a version pinned in neither is *self-consistent* only.
"""

from __future__ import annotations

import functools
import re
from importlib.resources import files
from pathlib import Path

from newsledger.errors import PinMismatch, ReleaseError

__all__ = ["EMBEDDED_PIN", "REGISTRY", "check_pin", "embedded_pin", "parse_pins", "pinned_sha256", "registry"]

REGISTRY = "pins.txt"
EMBEDDED_PIN = "embedded.sha256"
_LINE = re.compile(r"(?P<version>[0-9A-Za-z][0-9A-Za-z.+-]{0,63})\s+(?P<sha>[0-9a-f]{64})")
_EMBEDDED = re.compile(r"(?P<sha>[0-9a-f]{64}) [ *]newsledger-(?P<version>[0-9A-Za-z][0-9A-Za-z.+-]{0,63})/manifest\.json")


def parse_pins(text: str, source: str) -> dict[str, str]:
    """Version -> manifest sha256 from the registry format (``<version>  <sha256>``, ``#`` comments)."""
    pins: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        found = _LINE.fullmatch(line)
        if found is None:
            raise ReleaseError(f"{source}:{number}: not a pin ('<version>  <sha256 of manifest.json>'): {raw!r}")
        version, sha = found["version"], found["sha"]
        if pins.get(version, sha) != sha:
            raise ReleaseError(f"{source}:{number}: version {version} is pinned twice, to different hashes")
        pins[version] = sha
    return pins


@functools.cache
def registry() -> dict[str, str]:
    """The pins of every release published before this package (``pins.txt``)."""
    resource = files("newsledger.release") / REGISTRY
    return parse_pins(resource.read_text(encoding="utf-8"), f"newsledger/release/{REGISTRY}")


@functools.cache
def embedded_pin() -> tuple[str, str] | None:
    """(version, manifest sha256) of the release embedded in the wheel, or None (no embedded release)."""
    path = Path(str(files("newsledger") / "_data" / EMBEDDED_PIN))
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8").strip()
    found = _EMBEDDED.fullmatch(text)
    if found is None:
        raise ReleaseError(f"{path}: damaged ({text[:80]!r}); reinstall newsledger")
    return found["version"], found["sha"]


def pinned_sha256(version: str) -> str | None:
    """The manifest sha256 this package pins ``version`` to, or None when it pins none."""
    pinned = registry().get(version)
    if pinned is not None:
        return pinned
    embedded = embedded_pin()
    return embedded[1] if embedded is not None and embedded[0] == version else None


def check_pin(version: str, manifest_sha256: str, where: str) -> bool:
    """True when ``version`` is pinned and its manifest matches; False when it is not pinned.

    Raises :class:`~newsledger.errors.PinMismatch` when it is pinned to another
    hash: the release at ``where`` is not the one that was published.
    """
    pinned = pinned_sha256(version)
    if pinned is None:
        return False
    if manifest_sha256 != pinned:
        raise PinMismatch(
            f"release {version} at {where} is not the published release {version}: its manifest.json has "
            f"sha256 {manifest_sha256}, but this installation of newsledger pins {version} to {pinned}. "
            "Its files were altered and its manifest and SHA256SUMS rewritten to match; it was refused."
        )
    return True
