"""What the download tests share: the seed dataset built once per module as release
HOSTED_VERSION, a fresh host folder serving a copy of it, and an empty cache folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests._release_helpers import HOSTED_VERSION, build_seed_release, copy_release


@pytest.fixture(scope="module")
def seed_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seed_release(tmp_path_factory.mktemp("built"), HOSTED_VERSION)


@pytest.fixture
def host(tmp_path: Path, seed_release: Path) -> Path:
    """A fresh release host folder (safe to tamper with) holding newsledger-1.2.0/."""
    root = tmp_path / "host"
    root.mkdir()
    copy_release(seed_release, root)
    return root


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"
