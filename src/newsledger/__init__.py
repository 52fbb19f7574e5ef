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
    "read_yaml",
    "versions",
]


def read_yaml(source: Any, *, registry: bool = False) -> Any:
    """Read a YAML file (a path, or its bytes) as ``newsledger validate`` does: an object
    with ``.data`` (the values; None when the file cannot be read as data) and
    ``.diagnostics`` (the file-level NL1xx diagnostics, each with line and col).
    See :func:`newsledger.readyaml.read_yaml`."""
    from newsledger.readyaml import read_yaml as _read_yaml

    return _read_yaml(source, registry=registry)


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from newsledger._version import version

        return version()
    raise AttributeError(f"module 'newsledger' has no attribute {name!r}")
