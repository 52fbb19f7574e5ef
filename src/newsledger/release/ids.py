"""Ids stable across releases: the ``retired`` table and the check against the previous release.

A published id keeps meaning the same record. So a release may drop an id of
the previous release only when ``dataset/retired.yaml`` holds its tombstone
(:mod:`newsledger.schema.retired`), tombstones are never dropped, and a retired
id never names a live record again. :func:`check_ids` enforces all three when
``newsledger build`` compares the new release with the previous one
(``--previous``; :func:`previous_release` finds it). A quote belongs to its
article: retiring an article retires its quotes with it.

The tombstones ship in every release as the ``retired`` table (an empty one when
there are none), so that users and ``newsledger diff`` can tell where a record
went.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import orjson

from newsledger.errors import ReleaseError

__all__ = ["AUTO", "NONE", "RETIRED", "check_ids", "check_live_ids", "manifest_version", "previous_release", "retired_jsonl"]

#: The release table of tombstones.
RETIRED = "retired"
#: ``--previous`` values: find it on this machine; compare with nothing.
AUTO, NONE = "auto", "none"

_TABLES = ("articles", "quotes", "events", "entities")
#: Problems listed per kind before "and N more".
_SHOWN = 20


def retired_jsonl(records: Iterable[Mapping[str, Any]]) -> bytes:
    """The ``retired`` table's JSON Lines: ``Retired.model_dump()`` rows sorted by id, then table."""
    from newsledger.release.tables import escape_line_breaks

    rows = sorted(records, key=lambda r: (r["id"], r["table"]))
    return escape_line_breaks(b"".join(orjson.dumps(dict(r), option=orjson.OPT_APPEND_NEWLINE) for r in rows))


def previous_release(spec: str | None) -> Path | None:
    """The release to compare a new build with, verified; None for none.

    ``spec`` is a release directory, a published version or ``"latest"`` (found
    as ``newsledger.load(version=...)`` finds it: the embedded release when it is
    that version, the cache, else a download), ``"none"``, or ``"auto"``/None: the
    release embedded in this installation, else the newest release in the
    download cache, else none. ``auto`` never uses the network.
    """
    from newsledger.load import Dataset, embedded_release, load

    if spec == NONE:
        return None
    if spec is None or spec == AUTO:
        found = embedded_release() or _newest_cached()
        return Dataset.open(found, source="previous").path if found is not None else None
    if Path(spec).is_dir():
        return Dataset.open(spec, source="previous").path
    if "/" in spec or spec.startswith("."):
        raise ReleaseError(f"--previous {spec}: no such release directory")
    return load(version=spec).path


def manifest_version(release: Path) -> str:
    """The version a (verified) release directory's manifest states."""
    return str(orjson.loads((release / "manifest.json").read_bytes())["version"])


def _newest_cached() -> Path | None:
    from newsledger.fetch import cached_releases

    cached = cached_releases()
    if not cached:
        return None
    return cached[max(cached, key=_version_key)]


def _version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Orders 0.10.0 after 0.9.0 (numbers as numbers, the rest as text)."""
    import re

    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.+-]", version))


def _ids(jsonl: bytes) -> set[str]:
    return {orjson.loads(line)["id"] for line in jsonl.splitlines() if line}


def check_ids(previous: Path, jsonl: Mapping[str, bytes]) -> None:
    """Raise :class:`ReleaseError` when the new release (its tables' JSON Lines,
    ``retired`` included) drops an id of ``previous`` without a tombstone, drops a
    tombstone, or gives a retired id to a live record."""
    check_live_ids(previous, {name: _ids(jsonl.get(name, b"")) for name in _TABLES}, jsonl.get(RETIRED, b""))


def check_live_ids(previous: Path, ids: Mapping[str, Iterable[str]], retired_lines: bytes) -> None:
    """:func:`check_ids` of a release given as the ids of its tables' rows and the
    ``retired`` table's JSON Lines."""
    from newsledger.load import Dataset

    old = Dataset.open(previous, source="previous")
    tombs = [orjson.loads(line) for line in retired_lines.splitlines() if line]
    retired = {(t["table"], t["id"]) for t in tombs}
    retired_articles = {i for table, i in retired if table == "articles"}
    live = {name: set(ids.get(name, ())) for name in _TABLES}
    problems: list[str] = []

    def listed(items: list[str], what: str) -> None:
        if items:
            more = f" and {len(items) - _SHOWN} more" if len(items) > _SHOWN else ""
            problems.append(f"{what}: {', '.join(items[:_SHOWN])}{more}")

    for name in _TABLES:
        if name not in old:
            continue
        gone = set(old[name].column("id").to_pylist()) - live[name]
        if name == "quotes":
            gone = {q for q in gone if q.split("/", 1)[0] not in retired_articles}
        listed(sorted(i for i in gone if (name, i) not in retired),
               f"{name} of {old.version} missing without a tombstone")
    if RETIRED in old:
        dropped = {(r["table"], r["id"]) for r in old[RETIRED].select(["table", "id"]).to_pylist()} - retired
        listed([f"{i} ({t})" for t, i in sorted(dropped)], f"tombstones of {old.version} dropped (a tombstone is never removed)")
    reused = sorted(f"{i} ({t})" for t, i in retired if i in live.get(t, set()))
    listed(reused, "retired ids used again by live records")
    if problems:
        raise ReleaseError(
            f"ids are not stable against the previous release {old.version} ({previous}):\n  "
            + "\n  ".join(problems)
            + "\nA published id keeps its meaning: for each record removed on purpose add a tombstone to "
            "dataset/retired.yaml (id, table, reason, successor, retired_in); see docs/codebook.md (Retired)."
        )
