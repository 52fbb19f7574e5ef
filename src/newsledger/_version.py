"""The package version, read from the installed distribution's metadata."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as _dist_version

    try:
        return _dist_version("newsledger")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"
