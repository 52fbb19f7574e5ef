"""``build`` reuses each entry's encoded release rows from the cache, and the
release is the same byte for byte as a build without any cache.

An entry's rows depend on that entry alone, except each event's ``sources``,
which gather every entry that lists the event; so edits are made both to an
entry's own rows and to a ``ref:`` that changes an event defined elsewhere.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml_rs

from newsledger.release import build
from newsledger.release.build import build_release
from tests._cache_helpers import load_sealed, stored_digests, write_sealed

ROOT = Path(__file__).resolve().parents[1]
GENERATE = ROOT / "benchmarks" / "generate.py"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("newsledger_bench_generate_cache", GENERATE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


gen = _generator()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "dataset"
    subprocess.run(
        [sys.executable, str(GENERATE), "--entries", "40", "--out", str(out), "--seed", "7"],
        check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    return out


@pytest.fixture
def dataset(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSLEDGER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return Path(shutil.copytree(corpus, tmp_path / "dataset"))


def _tree(release: Path) -> dict[str, bytes]:
    return {p.relative_to(release).as_posix(): p.read_bytes() for p in sorted(release.rglob("*")) if p.is_file()}


def _build(dataset: Path, out: Path, use_cache: bool = True) -> dict[str, bytes]:
    return _tree(build_release(dataset, out, "1.0.0", use_cache=use_cache))


def _entries(dataset: Path) -> list[Path]:
    return sorted((dataset / "articles").rglob("*.yaml"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _with_ref(dataset: Path) -> tuple[Path, str]:
    """An entry listing an event with ``ref:`` and other events, and the first such event's id."""
    for path in _entries(dataset):
        events = yaml_rs.loads(path.read_text("utf-8"))["events"]
        refs = [e["ref"] for e in events if "ref" in e]
        if refs and len(events) > 1:
            return path, refs[0]
    raise AssertionError("the generated corpus has no ref")


def _article_id(path: Path) -> str:
    return str(yaml_rs.loads(path.read_text("utf-8"))["article"]["id"])


def _count_encodes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = build.entry_parts

    def counting(entry: dict[str, Any]) -> Any:
        seen.append(entry["article"]["id"])
        return real(entry)

    monkeypatch.setattr(build, "entry_parts", counting)
    return seen


def test_cold_warm_and_uncached_builds_are_identical(dataset: Path, tmp_path: Path) -> None:
    cold = _build(dataset, tmp_path / "cold")
    warm = _build(dataset, tmp_path / "warm")
    plain = _build(dataset, tmp_path / "plain", use_cache=False)
    assert cold == warm == plain
    assert (tmp_path / "cache").is_dir() and any((tmp_path / "cache").rglob("rows/*.marshal"))


def test_a_warm_build_encodes_only_the_edited_entry(dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _build(dataset, tmp_path / "first")
    seen = _count_encodes(monkeypatch)
    _build(dataset, tmp_path / "again")
    assert seen == []
    target = _entries(dataset)[3]
    summary = yaml_rs.loads(target.read_text("utf-8"))["events"][-1]["summary"]
    _edit(target, f"summary: {summary}\n", "summary: A summary written again by a curator.\n")
    warm = _build(dataset, tmp_path / "edited")
    assert seen == [_article_id(target)]
    assert warm == _build(dataset, tmp_path / "plain", use_cache=False)
    assert b"A summary written again by a curator." in warm["events.jsonl"]


def test_dropping_a_ref_changes_the_sources_of_an_event_defined_elsewhere(dataset: Path, tmp_path: Path) -> None:
    before = _build(dataset, tmp_path / "before")
    entry, ref = _with_ref(dataset)
    article_id = _article_id(entry)
    text = entry.read_text("utf-8")
    start = text.index(f"  - ref: {ref}\n")
    end = text.index("\n  - ", start + 1) + 1 if "\n  - " in text[start + 1 :] else len(text)
    text = text[:start] + text[end:]
    entry.write_text(text.replace(f"    event: {ref}\n", ""), encoding="utf-8")  # quotes pointing at it
    assert ref not in entry.read_text("utf-8")
    after = _build(dataset, tmp_path / "after")
    assert after == _build(dataset, tmp_path / "plain", use_cache=False)
    assert after["events.jsonl"] != before["events.jsonl"]
    assert f'"article_id":"{article_id}","defined":false'.encode() in before["events.jsonl"]
    assert f'"article_id":"{article_id}","defined":false'.encode() not in after["events.jsonl"]


@pytest.mark.parametrize("damage", ["rows", "records", "garbage"])
def test_a_damaged_cache_still_builds_the_same_release(dataset: Path, tmp_path: Path, damage: str) -> None:
    first = _build(dataset, tmp_path / "first")
    cache = tmp_path / "cache"
    if damage == "garbage":
        for shard in cache.rglob("rows/*.marshal"):
            shard.write_bytes(b"\x00not marshal")
    else:
        for folder in cache.rglob(damage):
            shutil.rmtree(folder)
    assert _build(dataset, tmp_path / "second") == first
    assert _build(dataset, tmp_path / "third") == first


def test_an_edit_that_breaks_a_ref_fails_the_warm_build_too(dataset: Path, tmp_path: Path) -> None:
    from newsledger.errors import DatasetInvalid

    _build(dataset, tmp_path / "first")
    entry, ref = _with_ref(dataset)
    _edit(entry, f"- ref: {ref}\n", "- ref: no-such-event-anywhere\n")
    with pytest.raises(DatasetInvalid, match="no-such-event-anywhere"):
        _build(dataset, tmp_path / "second")
    assert not (tmp_path / "second").exists() or list((tmp_path / "second").iterdir()) == []


def test_cli_build_no_cache_writes_the_same_release_and_no_cache(dataset: Path, tmp_path: Path) -> None:
    from newsledger.cli import main

    assert main(["build", "--dataset", str(dataset), "--out", str(tmp_path / "plain"), "--version", "1.0.0", "--no-cache"]) == 0
    assert not (tmp_path / "cache").exists()
    assert main(["build", "--dataset", str(dataset), "--out", str(tmp_path / "cached"), "--version", "1.0.0"]) == 0
    assert (tmp_path / "cache").exists()
    assert _tree(tmp_path / "plain" / "newsledger-1.0.0") == _tree(tmp_path / "cached" / "newsledger-1.0.0")


def test_rows_made_by_workers_and_after_a_validate_run_give_the_same_release(
    dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The validation workers encode the rows ``build`` asks for; a ``validate`` run
    before (which encodes nothing: rows are the release's business) changes nothing."""
    from newsledger.validators import engine
    from newsledger.validators.engine import check_dataset

    plain = _build(dataset, tmp_path / "plain", use_cache=False)
    monkeypatch.setattr(engine, "PARALLEL_THRESHOLD", 1)  # the corpus is small; use workers anyway
    assert check_dataset(dataset, jobs=2, want_records=False).ok
    assert stored_digests(tmp_path / "cache", "rows") == set()
    assert _build(dataset, tmp_path / "cached") == plain
    assert _build(dataset, tmp_path / "workers-no-cache", use_cache=False) == plain


def test_rows_of_the_wrong_shape_in_the_cache_are_a_miss(dataset: Path, tmp_path: Path) -> None:
    """A rows shard that passes its seal but holds something else is ignored."""

    first = _build(dataset, tmp_path / "first")
    for shard in (tmp_path / "cache").rglob("rows/*.marshal"):
        data = load_sealed(shard)
        write_sealed(shard, {digest: ("x", "not bytes", (), (), ()) for digest in data})
    assert _build(dataset, tmp_path / "second") == first


def test_rows_that_the_release_schema_refuses_are_encoded_again(dataset: Path, tmp_path: Path) -> None:
    """Rows of the right shape that are not what the entry makes (sealed by this code,
    so no check of the file can tell): the release schema refuses them, and the
    build encodes afresh instead of publishing them or failing."""
    first = _build(dataset, tmp_path / "first")
    for shard in (tmp_path / "cache").rglob("rows/*.marshal"):
        data = load_sealed(shard)
        write_sealed(shard, {d: (p[0], b'{"unexpected":1}\n', *p[2:]) for d, p in data.items()})
    assert _build(dataset, tmp_path / "second") == first


def test_the_cache_keeps_rows_and_records_of_the_files_as_they_are(dataset: Path, tmp_path: Path) -> None:
    """Edits, deletions and warm builds leave in the cache only what the current files
    have: it must not grow with every save of a curator's clone."""
    import hashlib

    def stored(folder: str) -> set[str]:
        return stored_digests(tmp_path / "cache", folder)

    def current(entries_only: bool) -> set[str]:
        files = _entries(dataset) if entries_only else [*_entries(dataset), *sorted((dataset / "entities").rglob("*.yaml"))]
        return {hashlib.sha256(p.read_bytes()).hexdigest() for p in files}

    _build(dataset, tmp_path / "first")
    assert stored("rows") == current(entries_only=True)
    editable = [p for p in _entries(dataset) if "summary" in yaml_rs.loads(p.read_text("utf-8"))["events"][-1]]
    for n, target in enumerate(editable[:3]):
        summary = yaml_rs.loads(target.read_text("utf-8"))["events"][-1]["summary"]
        _edit(target, f"summary: {summary}\n", f"summary: Rewritten by a curator, edit {n}.\n")
        _build(dataset, tmp_path / f"edit-{n}")
    texts = {p: p.read_text("utf-8") for p in _entries(dataset)}

    def unreferenced(path: Path) -> bool:
        ids = [e["id"] for e in yaml_rs.loads(texts[path])["events"] if "id" in e]
        return not any(i in text for other, text in texts.items() if other != path for i in ids)

    next(p for p in editable[3:] if unreferenced(p)).unlink()  # no other entry lists its events
    _build(dataset, tmp_path / "after-delete")
    assert stored("rows") == current(entries_only=True)
    assert stored("records") <= current(entries_only=False)


def test_a_worker_filled_cache_keeps_no_records_of_entries(dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers send back no record of an entry (holding 100,000 of them is what costs):
    the entities' records and the entries' language tags are still kept."""
    import hashlib

    from newsledger.validators import engine
    from newsledger.validators.cache import Cache
    from newsledger.validators.engine import check_dataset

    monkeypatch.setattr(engine, "PARALLEL_THRESHOLD", 1)  # the corpus is small; use workers anyway
    assert check_dataset(dataset, jobs=2, want_records=False).ok
    entities = {hashlib.sha256(p.read_bytes()).hexdigest() for p in (dataset / "entities").rglob("*.yaml")}
    assert stored_digests(tmp_path / "cache", "records") == entities
    tags = {yaml_rs.loads(p.read_text("utf-8"))["article"]["language"] for p in _entries(dataset)}
    assert tags <= Cache.open(dataset).languages


def test_partly_damaged_rows_are_encoded_again_and_only_they(dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Shards that fail their check (the index still lists their rows): the build
    encodes again the entries whose rows were in them, and only those, and the
    release is the one a build without the cache writes."""
    import hashlib

    plain = _build(dataset, tmp_path / "plain", use_cache=False)
    _build(dataset, tmp_path / "first")
    shards = sorted((tmp_path / "cache").rglob("rows/*.marshal"))
    assert len(shards) > 4
    damaged = {shard.stem for shard in shards[::3]}
    for shard in shards[::3]:
        data = shard.read_bytes()
        shard.write_bytes(data[: len(data) // 2])
    lost = {_article_id(p) for p in _entries(dataset) if hashlib.sha256(p.read_bytes()).hexdigest()[:2] in damaged}
    edited = next(p for p in _entries(dataset) if _article_id(p) not in lost)  # encoded in the first pass
    _edit(edited, "\n", "\n# an edit\n")
    plain = _build(dataset, tmp_path / "plain-edited", use_cache=False)
    seen = _count_encodes(monkeypatch)
    assert _build(dataset, tmp_path / "second") == plain
    assert lost and sorted(seen) == sorted({*lost, _article_id(edited)})
    seen.clear()
    assert _build(dataset, tmp_path / "third") == plain  # and the cache holds them again
    assert seen == []


def test_events_written_out_of_release_order_are_put_in_it(dataset: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The events' lines are written in release order (start day, then id) as they are
    joined, read from their encoded lines; the parsed table is sorted again, and
    lines found in another order are written again in it: the same release."""
    from newsledger.release import tables

    plain = _build(dataset, tmp_path / "plain", use_cache=False)
    monkeypatch.setattr(tables, "_start_day", lambda head: 0)  # every event on one day: id order
    assert _build(dataset, tmp_path / "by-id", use_cache=False) == plain


def test_the_order_parts_are_joined_in_changes_nothing(dataset: Path) -> None:
    """A build joins entries' rows in the order of the cache's shards, not of the files."""
    import random

    from newsledger.release.tables import assemble, entry_parts
    from newsledger.validators.engine import check_dataset

    report = check_dataset(dataset, use_cache=False)
    parts = [entry_parts(e) for e in report.entries]
    shuffled = list(parts)
    random.Random(5).shuffle(shuffled)
    assert assemble(shuffled, report.entities) == assemble(parts, report.entities)
