"""Exceptions raised by newsledger.

::

    NewsledgerError
     ├── DatasetInvalid        validation found errors (build refuses to publish)
     ├── ReleaseError          a release directory or file is missing, malformed or altered
     │    └── ChecksumMismatch a file's sha256 or size differs from its manifest
     │         └── PinMismatch a release's manifest is not the one this package pins
     └── FetchError            a published release could not be downloaded
          ├── ReleaseNotFound  no release of that version at the base URL (HTTP 404)
          ├── DownloadFailed   HTTP error, timeout or connection failure
          └── TruncatedDownload fewer bytes arrived than the manifest promises

Every message names the file or URL concerned and what to do about it.
"""

from __future__ import annotations

__all__ = [
    "ChecksumMismatch",
    "DatasetInvalid",
    "DownloadFailed",
    "FetchError",
    "NewsledgerError",
    "PinMismatch",
    "ReleaseError",
    "ReleaseNotFound",
    "TruncatedDownload",
]


class NewsledgerError(Exception):
    """Base class of every error newsledger raises on purpose."""


class DatasetInvalid(NewsledgerError):
    """The curated dataset has validation errors."""


class ReleaseError(NewsledgerError):
    """A release is missing, malformed or was altered after it was built."""


class ChecksumMismatch(ReleaseError):
    """A file's sha256 or byte size differs from the manifest."""


class PinMismatch(ChecksumMismatch):
    """A release of a pinned version whose manifest differs from the pinned sha256 (the trust root)."""


class FetchError(NewsledgerError):
    """A published release could not be fetched."""


class ReleaseNotFound(FetchError):
    """No release of the requested version exists at the base URL."""


class DownloadFailed(FetchError):
    """The download failed: HTTP error, timeout or connection failure."""


class TruncatedDownload(FetchError):
    """Fewer bytes arrived than the release's manifest promises."""
