"""Builds are reproducible and atomic: same bytes every time, nothing half-written.

Reproducibility is checked by building twice at different times (and with
SOURCE_DATE_EPOCH); atomicity by failing builds in every step and checking that
no release directory, and no temporary directory, is left behind.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsledger.cli import main
from newsledger.errors import DatasetInvalid, ReleaseError
from newsledger.release import build
from newsledger.release.build import build_release, write_release
from newsledger.validators.engine import check_dataset

REPO = Path(__file__).resolve().parents[1]
DATASET = REPO / "dataset"

STEPS = [
    "_write_tables",
    "_write_schemas",
    "_write_metadata",
    "_write_manifest",
    "_write_checksums",
    "_finish_permissions",
    "_publish",
]


@pytest.fixture(scope="module")
def records() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    report = check_dataset(DATASET, use_cache=False)
    assert report.ok
    return report.entries, report.entities


@pytest.fixture
def no_epoch(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    yield


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _invalid_dataset(tmp_path: Path) -> Path:
    copy = shutil.copytree(DATASET, tmp_path / "dataset")
    entry = next((copy / "articles").rglob("*.yaml"))
    text = entry.read_text(encoding="utf-8").replace("kind: direct", "kind: verbatim", 1)
    entry.write_text(text, encoding="utf-8")
    return copy


# --- reproducibility ----------------------------------------------------------


def test_two_builds_at_different_times_are_byte_identical(tmp_path: Path, no_epoch: None) -> None:
    first = build_release(DATASET, tmp_path / "a", "9.9.9")
    time.sleep(1.1)  # a wall-clock timestamp anywhere would now differ
    second = build_release(DATASET, tmp_path / "b", "9.9.9")
    a, b = _tree(first), _tree(second)
    assert list(a) == list(b)
    assert [k for k in a if a[k] != b[k]] == []


def test_source_date_epoch_sets_created_reproducibly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1726531200")
    first = build_release(DATASET, tmp_path / "a", "9.9.9")
    second = build_release(DATASET, tmp_path / "b", "9.9.9")
    assert _tree(first) == _tree(second)
    manifest = json.loads((first / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["created"] == "2024-09-17T00:00:00Z"
    assert json.loads((first / "datapackage.json").read_text(encoding="utf-8"))["created"] == "2024-09-17T00:00:00Z"
    assert json.loads((first / "croissant.json").read_text(encoding="utf-8"))["datePublished"] == "2024-09-17T00:00:00Z"
    assert "year = {2024}" in (first / "README.md").read_text(encoding="utf-8")


def test_bad_source_date_epoch_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ReleaseError, match="SOURCE_DATE_EPOCH"):
        build_release(DATASET, tmp_path, "9.9.9")
    assert list(tmp_path.iterdir()) == []


def test_input_order_does_not_matter(tmp_path: Path, records: Any, no_epoch: None) -> None:
    entries, entities = records
    first = write_release(entries, entities, tmp_path / "a", "1.0.0")
    second = write_release(list(reversed(entries)), list(reversed(entities)), tmp_path / "b", "1.0.0")
    assert _tree(first) == _tree(second)


# --- atomicity ----------------------------------------------------------------


def test_invalid_dataset_writes_nothing(tmp_path: Path) -> None:
    dataset = _invalid_dataset(tmp_path)
    out = tmp_path / "out"
    with pytest.raises(DatasetInvalid) as info:
        build_release(dataset, out, "1.0.0")
    message = str(info.value)
    assert "no release was written" in message
    assert ".yaml:" in message and "NL2" in message  # the rendered diagnostics travel with the error
    assert not out.exists() or list(out.iterdir()) == []


@pytest.mark.parametrize("step", STEPS)
def test_failure_in_any_step_leaves_nothing(
    tmp_path: Path, records: Any, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(f"injected failure in {step}")

    monkeypatch.setattr(build, step, boom)
    with pytest.raises(OSError, match="injected"):
        write_release(*records, tmp_path, "1.0.0")
    assert list(tmp_path.iterdir()) == []


def test_interrupt_leaves_nothing(tmp_path: Path, records: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "_write_metadata", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_release(*records, tmp_path, "1.0.0")
    assert list(tmp_path.iterdir()) == []


def test_existing_release_needs_force(tmp_path: Path, records: Any) -> None:
    target = write_release(*records, tmp_path, "1.0.0")
    before = _tree(target)
    with pytest.raises(ReleaseError, match="already exists"):
        write_release(*records, tmp_path, "1.0.0")
    with pytest.raises(ReleaseError, match="--force"):
        build_release(DATASET, tmp_path, "1.0.0")
    assert _tree(target) == before
    (target / "stray.txt").write_text("left from an older build", encoding="utf-8")
    assert write_release(*records, tmp_path, "1.0.0", force=True) == target
    assert _tree(target) == before  # replaced wholesale: the stray file is gone
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.parametrize("step", ["_write_tables", "_write_checksums"])
def test_failed_forced_build_keeps_the_old_release(
    tmp_path: Path, records: Any, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    target = write_release(*records, tmp_path, "1.0.0")
    before = _tree(target)

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError("injected")

    monkeypatch.setattr(build, step, boom)
    with pytest.raises(OSError):
        write_release(*records, tmp_path, "1.0.0", force=True)
    assert _tree(target) == before
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_failed_final_rename_restores_the_old_release(
    tmp_path: Path, records: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write_release(*records, tmp_path, "1.0.0")
    before = _tree(target)
    real_rename = os.rename

    def rename(src: Any, dst: Any) -> None:
        if Path(src).name.startswith(f".{target.name}.tmp-"):
            raise OSError("injected: disk full")
        real_rename(src, dst)

    monkeypatch.setattr(build.os, "rename", rename)
    monkeypatch.setattr(build, "_exchange", lambda a, b: False)  # the two-rename way, where there is no exchange
    with pytest.raises(OSError, match="disk full"):
        write_release(*records, tmp_path, "1.0.0", force=True)
    assert _tree(target) == before
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.parametrize("version", ["", "../escape", "1.0/2", ".hidden", "a b"])
def test_unsafe_versions_are_refused(tmp_path: Path, records: Any, version: str) -> None:
    with pytest.raises(ReleaseError, match="version"):
        write_release(*records, tmp_path, version)
    assert list(tmp_path.iterdir()) == []


def test_dangling_event_ref_is_a_release_error(tmp_path: Path, records: Any) -> None:
    entries, entities = records
    broken = json.loads(json.dumps(entries))
    broken[0]["events"].append({"ref": "no-such-event", "evidence": ["x"], "note": None})
    with pytest.raises(ReleaseError, match="no-such-event"):
        write_release(broken, entities, tmp_path, "1.0.0")
    assert list(tmp_path.iterdir()) == []


def test_broken_foreign_key_is_a_release_error(tmp_path: Path, records: Any) -> None:
    entries, entities = records
    with pytest.raises(ReleaseError, match=r"articles\.publisher"):
        write_release(
            entries, [e for e in entities if e["id"] != entries[0]["article"]["publisher"]], tmp_path, "1.0.0"
        )
    assert list(tmp_path.iterdir()) == []


# --- command line -------------------------------------------------------------


def test_cli_build(tmp_path: Path, capsys: pytest.CaptureFixture[str], no_epoch: None) -> None:
    assert main(["build", "--dataset", str(DATASET), "--out", str(tmp_path), "--version", "2.0.0"]) == 0
    out, err = capsys.readouterr()
    assert f"wrote {tmp_path / 'newsledger-2.0.0'}" in out
    assert "NL5" in err or err == ""  # curation warnings are shown, never fatal
    assert main(["build", "--dataset", str(DATASET), "--out", str(tmp_path), "--version", "2.0.0"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["build", "--dataset", str(DATASET), "--out", str(tmp_path), "--version", "2.0.0", "--force"]) == 0


def test_cli_build_refuses_an_invalid_dataset(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dataset = _invalid_dataset(tmp_path)
    assert main(["build", "--dataset", str(dataset), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "newsledger: error:" in err and "no release was written" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_cli_build_missing_dataset(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--dataset", str(tmp_path / "nope"), "--out", str(tmp_path)]) == 1
    assert "dataset directory not found" in capsys.readouterr().err


def test_build_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path, records: Any) -> None:
    """Row building pauses the cyclic GC; a caller's setting survives success and failure."""
    import gc

    entries, entities = records
    broken = json.loads(json.dumps(entries))
    broken[0]["events"].append({"ref": "no-such-event", "evidence": ["x"], "note": None})
    assert gc.isenabled()
    write_release(entries, entities, tmp_path / "ok", "1.0.0")
    assert gc.isenabled()
    with pytest.raises(ReleaseError):
        write_release(broken, entities, tmp_path / "bad", "1.0.0")
    assert gc.isenabled()
    gc.disable()
    try:
        write_release(entries, entities, tmp_path / "off", "1.0.0")
        assert not gc.isenabled()
    finally:
        gc.enable()
