"""Ids stable across releases: tombstones, ``build --previous`` and the diff that reports them.

Each scenario edits a copy of the seed dataset as a curator would (an event id
renamed in the YAML), builds with the real CLI against the previous release,
and reads what a user would: the exit code, the message, the ``retired`` table,
``newsledger diff``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsledger import Dataset
from newsledger.cli import main
from tests._release_helpers import DATASET

SEED = "articles/2024/antiwar-2024-09-17-iraqi-pm-coalition-end-date.yaml"
OLD_ID = "israel-military-campaign-gaza"
NEW_ID = "israel-gaza-military-campaign"
TOMBSTONE = f"""\
- id: {OLD_ID}
  table: events
  reason: renamed
  successor: {NEW_ID}
  retired_in: 0.2.0
  note: A clearer slug.
"""


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLEDGER_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("v1")
    assert main(["build", "--dataset", str(DATASET), "--out", str(out), "--version", "0.1.0", "--previous", "none", "-q"]) == 0
    return out / "newsledger-0.1.0"


def _dataset(tmp_path: Path, *, rename: bool = True, tombstone: str | None = None) -> Path:
    ds = tmp_path / "dataset"
    shutil.copytree(DATASET, ds)
    if rename:
        entry = ds / SEED
        text = entry.read_text(encoding="utf-8")
        assert text.count(f"id: {OLD_ID}\n") == 1
        entry.write_text(text.replace(f"id: {OLD_ID}\n", f"id: {NEW_ID}\n"), encoding="utf-8")
    if tombstone is not None:
        (ds / "retired.yaml").write_text(tombstone, encoding="utf-8")
    return ds


def _build(ds: Path, out: Path, version: str, previous: Path | str) -> int:
    return main(["build", "--dataset", str(ds), "--out", str(out), "--version", version, "--previous", str(previous), "-q"])


def test_a_removed_id_without_a_tombstone_fails_the_build(
    first: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ds = _dataset(tmp_path)
    assert _build(ds, tmp_path / "out", "0.2.0", first) == 1
    err = capsys.readouterr().err
    assert f"events of 0.1.0 missing without a tombstone: {OLD_ID}" in err
    assert "retired.yaml" in err
    assert not (tmp_path / "out" / "newsledger-0.2.0").exists()
    # Comparing with nothing, the same dataset builds: the check is what refused it.
    assert _build(ds, tmp_path / "out", "0.2.0", "none") == 0


def test_with_a_tombstone_it_builds_and_ships_the_retired_table(
    first: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ds = _dataset(tmp_path, tombstone=TOMBSTONE)
    assert _build(ds, tmp_path / "out", "0.2.0", first) == 0
    assert f"ids checked against 0.1.0 ({first.resolve()})" in capsys.readouterr().out
    release = Dataset.open(tmp_path / "out" / "newsledger-0.2.0")
    assert "retired" in release and release["retired"].num_rows == 1
    (tomb,) = release.iter_retired()
    assert (tomb.id, tomb.table, tomb.reason, tomb.successor, tomb.retired_in) == (OLD_ID, "events", "renamed", NEW_ID, "0.2.0")
    assert NEW_ID in release["events"].column("id").to_pylist()
    assert list(Dataset.open(first).iter_retired()) == []  # a release without tombstones has an empty table

    # The diff says where the record went, in every format.
    capsys.readouterr()
    new = tmp_path / "out" / "newsledger-0.2.0"
    assert main(["diff", str(first), str(new), "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("newsledger 0.1.0 -> 0.2.0")
    assert f"removed {OLD_ID}: renamed {NEW_ID} (retired in 0.2.0)" in text
    assert f"added {NEW_ID}" in text
    assert main(["diff", str(first), str(new)]) == 0
    assert f"- `{OLD_ID}`: renamed `{NEW_ID}` (retired in 0.2.0)" in capsys.readouterr().out
    assert main(["diff", str(first), str(new), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["tables"]["events"]["tombstones"][OLD_ID]["successor"] == NEW_ID
    assert doc["removed_without_tombstone"] == {}

    # A later release may not drop the tombstone, nor give the id to a record again.
    later = _dataset(tmp_path / "later", tombstone="[]\n")
    assert _build(later, tmp_path / "out", "0.3.0", new) == 1
    assert f"tombstones of 0.2.0 dropped (a tombstone is never removed): {OLD_ID} (events)" in capsys.readouterr().err
    reused = _dataset(tmp_path / "reused", rename=False, tombstone=TOMBSTONE.replace(f"successor: {NEW_ID}", "successor: rocket-drone-attacks-us-bases"))
    assert _build(reused, tmp_path / "out", "0.3.0", new) == 1
    err = capsys.readouterr().err
    assert "NL410" in err and f"event id '{OLD_ID}' is retired" in err


def test_diff_without_a_tombstone_says_so(first: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ds = _dataset(tmp_path)
    assert _build(ds, tmp_path / "out", "0.2.0", "none") == 0
    capsys.readouterr()
    assert main(["diff", str(first), str(tmp_path / "out" / "newsledger-0.2.0"), "--format", "text"]) == 0
    assert f"removed {OLD_ID}: no tombstone: removed without a trace" in capsys.readouterr().out


def test_same_version_diff_tells_the_two_apart(first: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ds = _dataset(tmp_path, tombstone=TOMBSTONE)
    assert _build(ds, tmp_path / "out", "0.1.0", first) == 0
    capsys.readouterr()
    other = tmp_path / "out" / "newsledger-0.1.0"
    assert main(["diff", str(first), str(other), "--format", "text"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert str(first) in header and str(other) in header and "manifest sha256" in header
    assert header.count("0.1.0 (") == 2


def test_previous_by_version_uses_the_cache_and_auto_finds_nothing_here(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from newsledger.release.ids import previous_release

    assert previous_release("none") is None
    assert previous_release("auto") is None  # editable install, empty cache: nothing to compare with
    assert main(["build", "--dataset", str(DATASET), "--out", str(tmp_path / "o"), "--version", "0.1.0"]) == 0
    assert "ids not checked: no previous release on this machine" in capsys.readouterr().out
    assert main(["build", "--dataset", str(DATASET), "--out", str(tmp_path), "--previous", "./missing"]) == 1
    assert "no such release directory" in capsys.readouterr().err


# --- the rule, as a property ---------------------------------------------------------

@pytest.fixture(scope="module")
def first_ids(first: Path) -> dict[str, list[str]]:
    ds = Dataset.open(first)
    return {name: ds[name].column("id").to_pylist() for name in ("articles", "quotes", "events", "entities")}


def _lines(ids: list[str]) -> bytes:
    return b"".join(json.dumps({"id": i}).encode() + b"\n" for i in ids)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_check_ids_fails_exactly_when_a_dropped_id_has_no_tombstone(
    first: Path, first_ids: dict[str, list[str]], data: st.DataObject
) -> None:
    """Whatever subset of the previous ids survives and whichever of the dropped ones
    are retired, the build fails iff one dropped id is neither kept nor retired."""
    from newsledger.errors import ReleaseError
    from newsledger.release.ids import RETIRED, check_ids

    kept = {name: data.draw(st.sets(st.sampled_from(ids)) if ids else st.just(set()), label=f"kept {name}") for name, ids in first_ids.items()}
    dropped = [(name, i) for name, ids in first_ids.items() for i in ids if i not in kept[name]]
    retired = data.draw(st.sets(st.sampled_from(dropped)) if dropped else st.just(set()), label="retired")
    jsonl = {name: _lines(sorted(ids)) for name, ids in kept.items()}
    jsonl[RETIRED] = b"".join(
        json.dumps({"id": i, "table": t, "reason": "withdrawn", "successor": None, "retired_in": "0.2.0", "note": None}).encode() + b"\n"
        for t, i in sorted(retired)
    )
    retired_articles = {i for t, i in retired if t == "articles"}
    unexplained = [
        (t, i) for t, i in dropped
        if (t, i) not in retired and not (t == "quotes" and i.split("/", 1)[0] in retired_articles)
    ]
    if unexplained:
        with pytest.raises(ReleaseError, match="missing without a tombstone") as caught:
            check_ids(first, jsonl)
        assert all(i in str(caught.value) for _, i in unexplained[:5])
    else:
        check_ids(first, jsonl)
