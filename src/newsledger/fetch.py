"""Published releases: verifying release directories, downloading them, caching them.

A release is a directory ``newsledger-<version>/`` whose ``manifest.json`` lists
every other file with its size and sha256, and whose ``SHA256SUMS`` also covers
the manifest. :func:`verify_release` checks all of that; nothing in newsledger
reads a table that has not passed it.

:func:`fetch_release` downloads a published release into a per-version cache
entry. It fetches ``manifest.json`` first, then each file the manifest lists
(with its known sha256), then ``SHA256SUMS``, all into a temporary directory
next to the cache entry; only a release that verifies completely is renamed
into place. So the cache never holds a partial or mismatched release, and a
cached release that stops verifying is fetched again rather than served.

Only the standard library (and newsledger's own manifest reader, which needs
nothing else) is imported at module level: ``import newsledger`` must stay fast,
and pooch/requests are needed only when something is downloaded.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import tempfile
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from newsledger.errors import (
    ChecksumMismatch,
    DownloadFailed,
    FetchError,
    ReleaseError,
    ReleaseNotFound,
    TruncatedDownload,
)
from newsledger.release.manifest import _HEX64, check_relpath, read_manifest

__all__ = [
    "DEFAULT_RELEASES_URL",
    "DEFAULT_TIMEOUT",
    "ENV_CACHE_DIR",
    "ENV_RELEASES_URL",
    "cache_root",
    "cached_releases",
    "check_version",
    "copy_release",
    "fetch_release",
    "file_sha256",
    "read_manifest",
    "release_url",
    "releases_url_template",
    "verify_release",
]

#: Where published releases live unless told otherwise. Must equal
#: ``[tool.newsledger] releases-url`` in pyproject.toml (a test checks it): an
#: installed package cannot read its pyproject.
DEFAULT_RELEASES_URL = "https://github.com/newsledger/newsledger/releases/download/v{version}/"
ENV_RELEASES_URL = "NEWSLEDGER_RELEASES_URL"
ENV_CACHE_DIR = "NEWSLEDGER_CACHE_DIR"
#: Seconds to wait for a connection or for the next bytes of a response.
DEFAULT_TIMEOUT = 30.0

MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
RELEASE_PREFIX = "newsledger-"

# A version becomes part of a URL and of a directory name: letters, digits and
# . + - only, starting with an alphanumeric, so neither ``..`` nor ``/`` get in.
_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.+-]{0,63}")
_CHUNK = 1 << 20

log = logging.getLogger(__name__)


# --- names and places -------------------------------------------------------


def check_version(version: str) -> str:
    """Return ``version`` if it is safe to put in a URL and a directory name."""
    if not isinstance(version, str) or not _VERSION.fullmatch(version):
        raise ValueError(
            f"invalid release version {version!r}: use letters, digits, '.', '+' and '-' only (e.g. '1.2.0')"
        )
    return version


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
    sums = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        digest, sep, rel = line.partition("  ")
        rel = rel.removeprefix("*")
        if not sep or not _HEX64.fullmatch(digest) or not rel:
            raise ReleaseError(f"{path}:{number}: not a 'sha256sum' line; the release is damaged")
        sums[rel] = digest
    return sums


def verify_release(release: Path, *, version: str | None = None, deep: bool = True) -> dict[str, Any]:
    """Check every file of ``release`` against its manifest and SHA256SUMS; return the manifest.

    Raises ReleaseError when the directory is not a usable release (missing files,
    wrong version) and ChecksumMismatch, naming the file, when a file differs
    from what the release was built with. With ``deep=False`` only sizes are
    checked here (and the manifest against SHA256SUMS): the loader hashes each
    table's bytes as it reads them, so opening a release does not read every
    JSON Lines and metadata file it will not use.
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
    expected = {rel: meta["sha256"] for rel, meta in manifest["files"].items()}
    expected[MANIFEST] = file_sha256(release / MANIFEST)
    for rel, digest in sorted(expected.items()):
        if sums.get(rel) != digest:
            raise ChecksumMismatch(
                f"{rel}: its sha256 in {sums_path} does not match the release"
                + (" (manifest.json was edited after the release was built)" if rel == MANIFEST else "")
            )
    return manifest


# --- downloading ------------------------------------------------------------


@contextmanager
def _quiet_pooch() -> Iterator[None]:
    """pooch logs every file it fetches to stderr at INFO; a release is many small files."""
    import pooch

    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


class _Downloader:
    """pooch's HTTPDownloader, plus error translation and a size check.

    The size check runs before pooch compares hashes, so a short file is
    reported as truncated rather than as a checksum mismatch, and pooch's
    temporary file is removed either way. requests errors become newsledger's
    FetchError family here, where the URL and file are known.
    """

    def __init__(self, rel: str, size: int | None, timeout: float) -> None:
        import pooch

        self.rel, self.size, self.timeout = rel, size, timeout
        self._http = pooch.HTTPDownloader(progressbar=False, chunk_size=_CHUNK, timeout=timeout)

    def __call__(self, url: str, output_file: str, pooch: object, check_only: bool = False) -> None:
        import requests
        from urllib3.exceptions import ReadTimeoutError

        try:
            self._http(url, output_file, pooch)
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else "?"
            if status == 404:
                raise ReleaseNotFound(f"{url}: not found (HTTP 404)") from None
            raise DownloadFailed(f"{url}: HTTP error {status}") from None
        except requests.Timeout:
            raise DownloadFailed(f"{url}: no answer within {self.timeout:g} s (timed out)") from None
        except requests.exceptions.ChunkedEncodingError:
            got = _size(output_file)
            of = f" of {self.size}" if self.size is not None else ""
            raise TruncatedDownload(f"{url}: the connection closed after {got}{of} bytes") from None
        except requests.ConnectionError as exc:
            if any(isinstance(arg, ReadTimeoutError) for arg in exc.args):
                raise DownloadFailed(f"{url}: no data within {self.timeout:g} s (timed out)") from None
            raise DownloadFailed(f"{url}: connection failed ({exc})") from None
        except requests.RequestException as exc:
            raise DownloadFailed(f"{url}: {type(exc).__name__}: {exc}") from None
        if self.size is not None:
            got = _size(output_file)
            if got < self.size:
                raise TruncatedDownload(f"{url}: only {got} of {self.size} bytes arrived")
            if got > self.size:
                raise ChecksumMismatch(f"{self.rel}: {url} sent {got} bytes, the release manifest says {self.size}")


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _download(url: str, target: Path, rel: str, size: int | None, sha256: str | None, timeout: float) -> None:
    """Fetch one file with pooch, checking the known hash when there is one."""
    import pooch

    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        pooch.retrieve(
            url,
            known_hash=f"sha256:{sha256}" if sha256 else None,
            fname=target.name,
            path=target.parent,
            downloader=_Downloader(rel, size, timeout),
            progressbar=False,
        )
    except ValueError as exc:  # pooch's hash mismatch; it already deleted the download
        raise ChecksumMismatch(
            f"{rel}: the copy at {url} does not match the release manifest's sha256 {sha256}; "
            "the published file was altered or corrupted. Nothing was cached."
        ) from exc


def _reuse(old: Path | None, rel: str, size: int, sha256: str, target: Path) -> bool:
    """Copy a still-valid file from a previous cache entry instead of downloading it again."""
    if old is None:
        return False
    source = old / rel
    try:
        if source.stat().st_size != size or file_sha256(source) != sha256:
            return False
    except OSError:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return True


def _download_file(base: str, rel: str, target: Path, size: int, sha256: str, timeout: float, version: str) -> None:
    """One file of a release: at its path (a static host), else at its flat asset
    name (GitHub release assets, Zenodo; see :mod:`newsledger.release.assets`)."""
    from newsledger.release.assets import asset_name

    urls = [base + urllib.parse.quote(rel)]
    if asset_name(rel) != rel:
        urls.append(base + urllib.parse.quote(asset_name(rel)))
    missing = ""
    for url in urls:
        try:
            _download(url, target, rel, size, sha256, timeout)
            return
        except ReleaseNotFound as exc:
            missing = str(exc)  # the message only: the exception's frames hold the connection open
    raise DownloadFailed(f"release {version} is incomplete at {base}: {missing}")


def _download_release(base: str, version: str, dest: Path, timeout: float, old: Path | None) -> None:
    dest.mkdir()
    try:
        _download(base + MANIFEST, dest / MANIFEST, MANIFEST, None, None, timeout)
    except ReleaseNotFound:
        raise ReleaseNotFound(
            f"no newsledger release {version} at {base} (HTTP 404 for {MANIFEST}): check the version, "
            f"or the release URL (base_url=, --base-url or ${ENV_RELEASES_URL})"
        ) from None
    try:
        manifest = read_manifest(dest)
    except ReleaseError as exc:
        raise ReleaseError(f"{base}{MANIFEST} is not a usable newsledger release manifest: {exc}") from None
    if manifest["version"] != version:
        raise ReleaseError(f"{base}{MANIFEST} describes version {manifest['version']}, not {version}")
    for rel, meta in sorted(manifest["files"].items()):
        target = dest / check_relpath(rel)
        if not _reuse(old, rel, meta["bytes"], meta["sha256"], target):
            _download_file(base, rel, target, meta["bytes"], meta["sha256"], timeout, version)
    try:
        _download(base + SUMS, dest / SUMS, SUMS, None, None, timeout)
    except ReleaseNotFound as exc:
        raise DownloadFailed(f"release {version} is incomplete at {base}: {exc}") from None


def _install(staged: Path, entry: Path, scratch: Path, version: str) -> None:
    """Rename a verified release into place, replacing a stale entry."""
    if entry.exists():
        entry.rename(scratch / "stale")
    try:
        staged.rename(entry)
    except OSError:
        # Another process installed the same release meanwhile: keep theirs if it verifies.
        verify_release(entry, version=version)


def fetch_release(
    version: str,
    *,
    base_url: str | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Path:
    """Path to a verified local copy of published release ``version``, downloading it if needed.

    A cache entry that verifies is returned without touching the network. One
    that does not (a file edited, truncated or deleted) is logged and fetched
    again; its files that still match the new manifest are reused.
    """
    check_version(version)
    root = _releases_dir(cache_dir)
    entry = root / f"{RELEASE_PREFIX}{version}"
    old: Path | None = None
    if entry.is_dir():
        try:
            verify_release(entry, version=version)
            return entry
        except ReleaseError as exc:
            log.warning("cached release %s no longer verifies (%s); fetching it again", entry, exc)
            old = entry
    base = release_url(version, base_url)
    root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".tmp-{version}-", dir=root))
    try:
        staged = scratch / entry.name
        with _quiet_pooch():
            _download_release(base, version, staged, timeout, old)
        try:
            verify_release(staged, version=version)
        except ReleaseError as exc:
            raise type(exc)(f"release {version} from {base} failed verification: {exc}. Nothing was cached.") from None
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
