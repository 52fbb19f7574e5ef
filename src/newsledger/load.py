"""The user-facing loader (placeholder; being written)."""

from __future__ import annotations

from typing import Any


class Dataset:
    """A loaded newsledger release."""


def load(version: str | None = None, **kwargs: Any) -> Dataset:
    raise NotImplementedError
