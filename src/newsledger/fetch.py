"""Published releases: verifying release directories, downloading them, caching them.

A release is a directory ``newsledger-<version>/`` whose ``manifest.json`` lists
every other file with its size and sha256, and whose ``SHA256SUMS`` also covers
the manifest. :func:`verify_release` checks all of that; nothing in newsledger
reads a table that has not passed it. A release of a version this package pins
(:mod:`newsledger.release.pins`) must also have exactly the pinned manifest.

:func:`fetch_release` downloads a published release into a per-version cache
entry. It fetches ``manifest.json`` first (and refuses it at once if it differs
from the pin), then each file the manifest lists (with its known size and
sha256), then ``SHA256SUMS``, all into a temporary directory next to the cache
entry, each within the limits of :mod:`newsledger._download`; only a release
that verifies completely is renamed into place. So the cache never holds a
partial or mismatched release, and a cached release that stops verifying is
fetched again rather than served.

:func:`versions` and :func:`latest_version` read the releases index
(``releases.json``, :mod:`newsledger.release.index`) the host publishes with
every release.

Only the standard library (and newsledger's own manifest reader, which needs
nothing else) is imported at module level: ``import newsledger`` must stay fast,
and requests is needed only when something is downloaded.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import tempfile
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsledger.errors import ChecksumMismatch, DownloadFailed, FetchError, PinMismatch, ReleaseError, ReleaseNotFound
from newsledger.release.manifest import _HEX64, METADATA_CAP, check_relpath, read_manifest

__all__ = [
    "DEFAULT_INDEX_URL",
    "DEFAULT_RELEASES_URL",
    "DEFAULT_TIMEOUT",
    "ENV_CACHE_DIR",
    "ENV_INDEX_URL",
    "ENV_RELEASES_URL",
    "cache_root",
    "cached_releases",
    "check_version",
    "copy_release",
    "fetch_index",
    "fetch_release",
    "file_sha256",
    "index_url",
    "latest_version",
    "normalize_version",
    "read_manifest",
    "release_trust",
    "release_url",
    "releases_url_template",
    "verify_release",
    "versions",
]

#: Where published releases live unless told otherwise. Must equal
#: ``[tool.newsledger] releases-url`` in pyproject.toml (a test checks it): an
#: installed package cannot read its pyproject.
DEFAULT_RELEASES_URL = "https://github.com/newsledger/newsledger/releases/download/v{version}/"
#: The releases index of the newest GitHub release (GitHub redirects "latest").
DEFAULT_INDEX_URL = "https://github.com/newsledger/newsledger/releases/latest/download/releases.json"
ENV_RELEASES_URL = "NEWSLEDGER_RELEASES_URL"
ENV_INDEX_URL = "NEWSLEDGER_INDEX_URL"
ENV_CACHE_DIR = "NEWSLEDGER_CACHE_DIR"
#: Seconds to wait for a connection or for the next bytes of a response; each
#: file must also arrive within this plus its size at 64 KiB/s (see newsledger._download).
DEFAULT_TIMEOUT = 30.0

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
RELEASE_PREFIX = "newsledger-"

# A version becomes part of a URL and of a directory name: letters, digits and
# . + - only, starting with an alphanumeric, so neither ``..`` nor ``/`` get in.
_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+-]{0,63}")
_V_PREFIX = re.compile(r"[vV](?=[0-9])")

#: Called with (bytes done, bytes expected in all) as a release downloads.
Progress = Callable[[int, int], None]

log = logging.getLogger(__name__)


# --- names and places -------------------------------------------------------


def check_version(version: str) -> str:
    """Return ``version`` if it is safe to put in a URL and a directory name."""
    if not isinstance(version, str) or not _VERSION.fullmatch(version):
        raise ValueError(
            f"invalid release version {version!r}: use letters, digits, '.', '+' and '-' only (e.g. '1.2.0')"
        )
    return version


def normalize_version(version: str) -> str:
    """``v0.2.0`` and ``0.2.0`` name the same release: drop a ``v`` before a digit, then check it.

    ``"latest"`` is returned as is (see :func:`latest_version`).
    """
    if isinstance(version, str) and _V_PREFIX.match(version):
        version = version[1:]
    return check_version(version)


def releases_url_template(base_url: str | None = None) -> str:
    """The URL template to fetch from: the argument, else $NEWSLEDGER_RELEASES_URL, else the default."""
    template = base_url or os.environ.get(ENV_RELEASES_URL) or DEFAULT_RELEASES_URL
    if "{version}" not in template:
        raise ValueError(
            f"release URL template {template!r} has no '{{version}}' placeholder "
            "(e.g. https://example.org/releases/newsledger-{version}/)"
        )
    return template


def release_url(version: str, base_url: str | None = None) -> str:
    """The URL of the directory holding release ``version``, ending with '/'."""
    url = releases_url_template(base_url).replace("{version}", check_version(version))
    return url if url.endswith("/") else url + "/"


def index_url(base_url: str | None = None) -> str:
    """Where the releases index is: $NEWSLEDGER_INDEX_URL (unless ``base_url`` is given),
    else beside the release directories of the URL template.

    For a static host serving ``ROOT/newsledger-{version}/`` that is
    ``ROOT/releases.json``; for GitHub release assets (``.../releases/download/v{version}/``)
    it is ``.../releases/latest/download/releases.json``.
    """
    from newsledger.release.index import INDEX

    if base_url is None and os.environ.get(ENV_INDEX_URL):
        return os.environ[ENV_INDEX_URL]
    template = releases_url_template(base_url)
    if template == DEFAULT_RELEASES_URL:
        return DEFAULT_INDEX_URL
    head = template.split("{version}", 1)[0]
    github = re.match(r"(https://github\.com/[^/]+/[^/]+/releases/)download/", head)
    if github:
        return f"{github.group(1)}latest/download/{INDEX}"
    return head[: head.rfind("/") + 1] + INDEX


def cache_root(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """newsledger's cache directory: the argument, else $NEWSLEDGER_CACHE_DIR, else the user cache dir."""
    if cache_dir is not None:
        return Path(cache_dir).expanduser()
    env = os.environ.get(ENV_CACHE_DIR)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_cache_path("newsledger", appauthor=False)


def _releases_dir(cache_dir: str | os.PathLike[str] | None) -> Path:
    return cache_root(cache_dir) / "releases"


def cached_releases(cache_dir: str | os.PathLike[str] | None = None) -> dict[str, Path]:
    """Version -> cache entry of every downloaded release (not verified here)."""
    root = _releases_dir(cache_dir)
    if not root.is_dir():
        return {}
    out = {}
    for entry in sorted(root.iterdir()):
        version = entry.name.removeprefix(RELEASE_PREFIX)
        if entry.name.startswith(RELEASE_PREFIX) and _VERSION.fullmatch(version) and (entry / MANIFEST).is_file():
            out[version] = entry
    return out


# --- integrity --------------------------------------------------------------


def file_sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def check_file(path: Path, rel: str, size: int, sha256: str, *, hash_content: bool = True) -> None:
    """Raise unless ``path`` has exactly ``size`` bytes and (if asked) the sha256 ``sha256``."""
    try:
        actual = path.stat().st_size
    except FileNotFoundError:
        raise ReleaseError(f"{rel} is missing from the release at {path.parent}") from None
    if actual != size:
        raise ChecksumMismatch(
            f"{rel} has {actual} bytes but the release manifest says {size}: the file at {path} "
            "was altered or damaged after the release was built"
        )
    if not hash_content:
        return
    digest = file_sha256(path)
    if digest != sha256:
        raise ChecksumMismatch(
            f"{rel}: sha256 {digest} differs from the release manifest's {sha256}: the file at {path} "
            "was altered or damaged after the release was built"
        )


def _parse_sums(path: Path) -> dict[str, str]:
    if path.stat().st_size > METADATA_CAP:
        raise ReleaseError(f"{path}: more than {METADATA_CAP} bytes; not a SHA256SUMS of a newsledger release")
    sums = {}
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        digest, sep, rel = line.partition("  ")
        rel = rel.removeprefix("*")
        if not sep or not _HEX64.fullmatch(digest) or not rel:
            raise ReleaseError(f"{path}:{number}: not a 'sha256sum' line; the release is damaged")
        sums[rel] = digest
    return sums


def _expected_sums(release: Path, manifest: dict[str, Any]) -> dict[str, str]:
    expected = {rel: meta["sha256"] for rel, meta in manifest["files"].items()}
    expected[MANIFEST] = file_sha256(release / MANIFEST)
    return expected


def verify_release(release: Path, *, version: str | None = None, deep: bool = True) -> dict[str, Any]:
    """Check every file of ``release`` against its manifest and SHA256SUMS; return the manifest.

    Raises ReleaseError when the directory is not a usable release (missing files,
    wrong version) and ChecksumMismatch, naming the file, when a file differs
    from what the release was built with. With ``deep=False`` only sizes are
    checked here (and the manifest against SHA256SUMS): the loader hashes each
    table's bytes as it reads them, so opening a release does not read every
    JSON Lines and metadata file it will not use. Pins are checked by
    :func:`release_trust`, not here: any directory can be verified.
    """
    manifest = read_manifest(release)
    if version is not None and manifest["version"] != version:
        raise ReleaseError(f"{release / MANIFEST} is for version {manifest['version']}, not {version}")
    for rel, meta in sorted(manifest["files"].items()):
        check_file(release / rel, rel, meta["bytes"], meta["sha256"], hash_content=deep)
    sums_path = release / SUMS
    if not sums_path.is_file():
        raise ReleaseError(f"{release} has no {SUMS}; the release is incomplete")
    sums = _parse_sums(sums_path)
    for rel, digest in sorted(_expected_sums(release, manifest).items()):
        if sums.get(rel) != digest:
            raise ChecksumMismatch(
                f"{rel}: its sha256 in {sums_path} does not match the release"
                + (" (manifest.json was edited after the release was built)" if rel == MANIFEST else "")
            )
    return manifest


def release_trust(release: Path, version: str) -> bool:
    """True when this package pins ``version`` and ``release`` has the pinned manifest;
    False when the version is not pinned (the release is then only self-consistent).

    Raises PinMismatch when the version is pinned to another manifest.
    """
    from newsledger.release.pins import check_pin

    return check_pin(version, file_sha256(release / MANIFEST), str(release))


# --- the releases index -------------------------------------------------------


def fetch_index(base_url: str | None = None, *, timeout: float = DEFAULT_TIMEOUT) -> list[dict[str, Any]]:
    """The releases the host publishes (its ``releases.json``), oldest first."""
    from newsledger._download import get_file
    from newsledger.release.index import INDEX, parse_index

    url = index_url(base_url)
    scratch = Path(tempfile.mkdtemp(prefix="newsledger-index-"))
    try:
        try:
            get_file(url, scratch / INDEX, name=INDEX, timeout=timeout, cap=METADATA_CAP)
        except ReleaseNotFound:
            raise ReleaseNotFound(
                f"no releases index at {url} (HTTP 404): the host publishes no {INDEX}; "
                f"ask for a version by number, or set ${ENV_INDEX_URL}"
            ) from None
        return parse_index((scratch / INDEX).read_bytes(), url)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def versions(base_url: str | None = None, *, timeout: float | None = None) -> list[str]:
    """Versions of the releases the host publishes, oldest first (reads the releases index)."""
    return [entry["version"] for entry in fetch_index(base_url, timeout=_timeout(timeout))]


def latest_version(base_url: str | None = None, *, timeout: float | None = None) -> str:
    """The newest published release's version, from the releases index."""
    found = versions(base_url, timeout=timeout)
    if not found:
        raise ReleaseNotFound(f"the releases index at {index_url(base_url)} lists no release")
    return found[-1]


def _timeout(timeout: float | None) -> float:
    if timeout is None:
        return DEFAULT_TIMEOUT
    if not timeout > 0:
        raise ValueError(f"timeout must be a positive number of seconds, not {timeout!r}")
    return float(timeout)


# --- downloading ------------------------------------------------------------


class _Counter:
    """Adds up bytes for a Progress callback."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.done, self.total, self.progress = 0, total, progress

    def __call__(self, n: int) -> None:
        self.done += n
        if self.progress is not None:
            self.progress(self.done, self.total)


def _reuse(old: Path | None, rel: str, size: int, sha256: str, target: Path) -> bool:
    """Copy a still-valid file from a previous cache entry instead of downloading it again."""
    if old is None:
        return False
    source = old / rel
    try:
        if not source.is_file() or source.stat().st_size != size or file_sha256(source) != sha256:
            return False
    except OSError:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return True


def _download_file(base: str, rel: str, target: Path, size: int, sha256: str, timeout: float, version: str, count: _Counter) -> None:
    """One file of a release: at its path (a static host), else at its flat asset
    name (GitHub release assets, Zenodo; see :mod:`newsledger.release.assets`)."""
    from newsledger._download import get_file
    from newsledger.release.assets import asset_name

    urls = [base + urllib.parse.quote(rel)]
    if asset_name(rel) != rel:
        urls.append(base + urllib.parse.quote(asset_name(rel)))
    target.parent.mkdir(parents=True, exist_ok=True)
    missing = ""
    for url in urls:
        try:
            get_file(url, target, name=rel, timeout=timeout, size=size, sha256=sha256, progress=count)
            return
        except ReleaseNotFound as exc:
            missing = str(exc)  # the message only: the exception's frames hold the connection open
    raise DownloadFailed(f"release {version} is incomplete at {base}: {missing}")


def _canonical_sums(dest: Path, manifest: dict[str, Any], url: str) -> None:
    """Check the downloaded SHA256SUMS against the manifest and store the release's own.

    A flat upload (``newsledger assets``) lists files under their asset names so
    that ``sha256sum -c`` works in the flat folder; each name is mapped back to
    its path. Every file must be listed, with the manifest's digest; then the
    cache gets SHA256SUMS exactly as the release directory has it.
    """
    from newsledger.release.assets import asset_name
    from newsledger.release.manifest import FileInfo, checksums_text

    path = dest / SUMS
    listed = _parse_sums(path)
    expected = _expected_sums(dest, manifest)
    flat = {asset_name(rel): rel for rel in expected}
    got = {rel if rel in expected else flat.get(rel, rel): digest for rel, digest in listed.items()}
    for rel in sorted(set(expected) | set(got)):
        if got.get(rel) != expected.get(rel):
            raise ChecksumMismatch(
                f"{SUMS} at {url} does not match the release manifest for {rel}"
                + (" (manifest.json was edited after the release was built)" if rel == MANIFEST else "")
            )
    sizes = {rel: meta["bytes"] for rel, meta in manifest["files"].items()} | {MANIFEST: (dest / MANIFEST).stat().st_size}
    canonical = checksums_text({rel: FileInfo(sizes[rel], digest) for rel, digest in expected.items()}).encode()
    if path.read_bytes() != canonical:
        path.write_bytes(canonical)


def _download_release(
    base: str, version: str, dest: Path, timeout: float, old: Path | None, progress: Progress | None
) -> bool:
    """Download release ``version`` into ``dest``; return whether it is pinned (PinMismatch if it differs)."""
    from newsledger._download import get_file
    from newsledger.release.pins import check_pin

    dest.mkdir()
    try:
        get_file(base + MANIFEST, dest / MANIFEST, name=MANIFEST, timeout=timeout, cap=METADATA_CAP)
    except ReleaseNotFound:
        raise ReleaseNotFound(
            f"no newsledger release {version} at {base} (HTTP 404 for {MANIFEST}): check the version, "
            f"or the release URL (base_url=, --base-url or ${ENV_RELEASES_URL})"
        ) from None
    pinned = check_pin(version, file_sha256(dest / MANIFEST), base + MANIFEST)  # before any other byte
    try:
        manifest = read_manifest(dest)
    except ReleaseError as exc:
        raise ReleaseError(f"{base}{MANIFEST} is not a usable newsledger release manifest: {exc}") from None
    if manifest["version"] != version:
        raise ReleaseError(f"{base}{MANIFEST} describes version {manifest['version']}, not {version}")
    files = sorted(manifest["files"].items())
    count = _Counter(sum(meta["bytes"] for _, meta in files), progress)
    for rel, meta in files:
        target = dest / check_relpath(rel)
        if _reuse(old, rel, meta["bytes"], meta["sha256"], target):
            count(meta["bytes"])
        else:
            _download_file(base, rel, target, meta["bytes"], meta["sha256"], timeout, version, count)
    try:
        get_file(base + SUMS, dest / SUMS, name=SUMS, timeout=timeout, cap=METADATA_CAP)
    except ReleaseNotFound as exc:
        raise DownloadFailed(f"release {version} is incomplete at {base}: {exc}") from None
    _canonical_sums(dest, manifest, base + SUMS)
    return pinned


def _install(staged: Path, entry: Path, scratch: Path, version: str) -> None:
    """Rename a verified release into place, replacing a stale entry."""
    if entry.exists():
        entry.rename(scratch / "stale")
    try:
        staged.rename(entry)
    except OSError:
        # Another process installed the same release meanwhile: keep theirs if it verifies.
        verify_release(entry, version=version)
        release_trust(entry, version)


def fetch_release(
    version: str,
    *,
    base_url: str | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    timeout: float | None = None,
    progress: Progress | None = None,
) -> Path:
    """Path to a verified local copy of published release ``version``, downloading it if needed.

    A cache entry that verifies (and matches its pin, when the version is
    pinned) is returned without touching the network. One that does not (a
    file edited, truncated or deleted; a manifest that is not the pinned one)
    is logged and fetched again; its files that still match the new manifest are
    reused. ``timeout`` (seconds, default 30) bounds each wait for the server,
    and each file must arrive within it plus its size at 64 KiB/s. ``progress``
    is called with (bytes done, bytes in all) while files download.
    """
    check_version(version)
    timeout = _timeout(timeout)
    root = _releases_dir(cache_dir)
    entry = root / f"{RELEASE_PREFIX}{version}"
    old: Path | None = None
    rejected = ""
    if entry.is_dir():
        try:
            verify_release(entry, version=version)
            release_trust(entry, version)
            return entry
        except ReleaseError as exc:
            log.warning("cached release %s no longer verifies (%s); fetching it again", entry, exc)
            old, rejected = entry, f"the cached copy at {entry} was refused ({exc}); "
    base = release_url(version, base_url)
    root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".tmp-{version}-", dir=root))
    try:
        staged = scratch / entry.name
        try:
            _download_release(base, version, staged, timeout, old, progress)
            verify_release(staged, version=version)
        except FetchError as exc:
            raise type(exc)(f"{rejected}{exc}") from None
        except PinMismatch as exc:
            raise PinMismatch(f"{rejected}{exc} Nothing was cached.") from None
        except ReleaseError as exc:
            raise type(exc)(f"{rejected}release {version} from {base} failed verification: {exc}. Nothing was cached.") from None
        _install(staged, entry, scratch, version)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return entry


def copy_release(release: Path, parent: Path) -> Path:
    """Copy a verified release to ``parent/<its name>`` atomically; return the copy."""
    parent.mkdir(parents=True, exist_ok=True)
    target = parent / release.name
    if target.exists():
        verify_release(target)
        if file_sha256(target / MANIFEST) == file_sha256(release / MANIFEST):
            return target
        raise FetchError(f"{target} already exists and holds a different release; remove it first")
    scratch = Path(tempfile.mkdtemp(prefix=".tmp-", dir=parent))
    try:
        shutil.copytree(release, scratch / release.name)
        verify_release(scratch / release.name)
        (scratch / release.name).rename(target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target
