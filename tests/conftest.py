"""Shared test setup: an isolated validation cache and hypothesis profiles."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[1]
DATASET = REPO / "dataset"
SEED = DATASET / "articles" / "2024" / "antiwar-2024-09-17-iraqi-pm-coalition-end-date.yaml"

settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests never read or write the user's validation or download cache."""
    old = os.environ.get("NEWSLEDGER_CACHE_DIR")
    os.environ["NEWSLEDGER_CACHE_DIR"] = str(tmp_path_factory.mktemp("newsledger-cache"))
    yield
    if old is None:
        os.environ.pop("NEWSLEDGER_CACHE_DIR", None)
    else:
        os.environ["NEWSLEDGER_CACHE_DIR"] = old
