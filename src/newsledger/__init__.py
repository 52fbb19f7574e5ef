"""newsledger: hand-curated news articles, quotes and events, and their validator.

>>> import newsledger
>>> ds = newsledger.load()            # the release shipped in this wheel
>>> ds.events.num_rows                # doctest: +SKIP

The public API is what ``__all__`` lists; everything else is internal.
"""

from __future__ import annotations

from typing import Any

from newsledger.errors import (
    ChecksumMismatch,
    DatasetInvalid,
    DownloadFailed,
    FetchError,
    NewsledgerError,
    PinMismatch,
    ReleaseError,
    ReleaseNotFound,
    TruncatedDownload,
)

# Imported eagerly so that the function, not the submodule of the same name, is
# `newsledger.load`. load.py imports pyarrow and pydantic lazily, inside functions,
# to keep `import newsledger` and `newsledger --version` fast.
from newsledger.load import Dataset, load, versions

__all__ = [
    "ChecksumMismatch",
    "Dataset",
    "DatasetInvalid",
    "DownloadFailed",
    "FetchError",
    "NewsledgerError",
    "PinMismatch",
    "ReleaseError",
    "ReleaseNotFound",
    "TruncatedDownload",
    "__version__",
    "load",
    "versions",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from newsledger._version import version

        return version()
    raise AttributeError(f"module 'newsledger' has no attribute {name!r}")
