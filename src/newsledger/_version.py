"""The package version: the source tree's pyproject.toml, else the installed distribution's metadata.

Code run from a source tree (an editable install, or the wheel build hook, which
imports newsledger from ``src/`` without installing it) reports the version the
tree declares, so a release built there says the same ``generator`` as one
built by the installed package of that version.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def version() -> str:
    from_source = _source_tree_version()
    if from_source is not None:
        return from_source
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as _dist_version

    try:
        return _dist_version("newsledger")
    except PackageNotFoundError:  # a source tree without a readable pyproject.toml
        return "0+unknown"


def _source_tree_version() -> str | None:
    """``[project] version`` of ``<root>/pyproject.toml`` when this file is ``<root>/src/newsledger/_version.py``."""
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    if not pyproject.is_file():
        return None
    import tomllib

    try:
        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    found = project.get("version") if isinstance(project, dict) and project.get("name") == "newsledger" else None
    return found if isinstance(found, str) else None
