"""Releases across schema versions: a schema-1.0 release loads with this package.

The release under ``tests/data/release-0.1.0/`` was built by newsledger 0.1.0
(see ``tests/data/README.md``) and is served over HTTP on 127.0.0.1, as a
mirror of published releases would be.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import newsledger
from newsledger.schema import models
from newsledger.schema.export import release_document
from tests._release_helpers import serve

REPO = Path(__file__).resolve().parents[1]
ROOT = REPO / "tests" / "data" / "release-0.1.0"
RELEASE = ROOT / "newsledger-0.1.0"


@pytest.fixture(scope="module")
def old(tmp_path_factory: pytest.TempPathFactory) -> newsledger.Dataset:
    cache = tmp_path_factory.mktemp("cache")
    with serve(ROOT) as url:
        return newsledger.load(version="0.1.0", base_url=url, cache_dir=cache)


def test_a_schema_1_0_release_loads_verified(old: newsledger.Dataset) -> None:
    assert (old.version, old.schema_version, old.source) == ("0.1.0", "1.0", "cache")
    assert old.row_counts == {"articles": 1, "quotes": 4, "events": 13, "entities": 20}
    assert json.loads((RELEASE / "manifest.json").read_text(encoding="utf-8"))["generator"] == "newsledger 0.1.0"


def test_tables_have_1_0_columns_and_lack_what_1_1_added(old: newsledger.Dataset) -> None:
    quotes, events = old.quotes.schema.names, old.events.schema.names
    assert {"start", "end"} <= set(quotes) and not {"char_start", "char_end"} & set(quotes)
    assert "plover_mode" in events
    assert not {"plover_modes", "plover_factuality", "plover_actors", "plover_recipients"} & set(events)
    sources = old.events.schema.field("sources").type.value_type
    assert "evidence_offsets" not in [sources.field(i).name for i in range(sources.num_fields)]


def test_typed_iteration_and_pandas(old: newsledger.Dataset) -> None:
    articles = list(old.iter_articles())
    assert {a.id for a in articles} == set(old.articles.column("id").to_pylist())
    quotes = list(old.iter_quotes())
    assert [q.id for q in quotes] == ["q1", "q2", "q3", "q4"]
    events = list(old.iter_events())
    assert len(events) == 13
    assert len(list(old.iter_entities())) == 20
    entries = list(old.entries())
    assert {type(e) for e in entries} == {models.Entry10}  # a 1.0 release gives 1.0 entries
    assert {e.schema_version for e in entries} == {"1.0"}
    frames = old.to_pandas()
    assert {name: len(df) for name, df in frames.items()} == old.row_counts


def test_the_1_0_release_schema_supplement_matches_real_parquet() -> None:
    supplement = json.loads((REPO / "schema" / "supplements" / "1.0" / "release.schema.json").read_text(encoding="utf-8"))
    real = release_document({t: pq.read_schema(RELEASE / f"{t}.parquet") for t in supplement["tables"]}, {}, "1.0")

    def shape(doc: dict) -> dict:
        def strip(column: dict) -> dict:
            out = {k: v for k, v in column.items() if k not in ("vocabulary",)}
            if isinstance(out["type"], dict) and "struct" in out["type"]:
                out["type"] = {"struct": [strip(c) for c in out["type"]["struct"]]}
            return out

        return {t: [strip(c) for c in v["columns"]] for t, v in doc["tables"].items()}

    assert shape(real) == shape(supplement)


def test_schema_diff_reads_a_release_folder(capsys: pytest.CaptureFixture[str]) -> None:
    from newsledger.cli import main

    assert main(["schema", "diff", str(RELEASE), "1.1", "--root", str(REPO), "--no-data", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["old"]["version"] == "1.0" and report["required_bump"] == "minor"
    assert any(c["rule"] == "MEANING_CHANGED" and c["path"] == "articles.body_sha256" for c in report["changes"])


def test_a_1_1_release_keeps_several_modes_for_typed_records(tmp_path: Path) -> None:
    from newsledger.release.build import write_release
    from newsledger.validators.engine import check_dataset

    report = check_dataset(REPO / "dataset", use_cache=False)
    entries = [dict(e) for e in report.entries]
    entry = entries[0]
    events = [dict(e) for e in entry["events"]]
    i = next(i for i, e in enumerate(events) if e.get("type") == "airstrike")
    events[i]["mode"] = ["aerial", "drone"]  # the report's "rocket and drone attacks": several modes
    entry["events"] = events
    release = write_release(entries, report.entities, tmp_path, "0.0.2")
    ds = newsledger.Dataset.open(release)
    row = next(r for r in ds.events.to_pylist() if r["id"] == events[i]["id"])
    assert row["plover_modes"] == ["aerial", "drone"] and row["plover_mode"] == row["mode"] == "aerial"
    typed = next(e for e in ds.iter_events() if e.id == events[i]["id"])
    assert typed.mode == ["aerial", "drone"]


def test_release_diff_shows_the_schema_change(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from newsledger.cli import main
    from newsledger.release.build import build_release

    new = build_release(REPO / "dataset", tmp_path, "0.2.0", use_cache=False)
    assert json.loads((new / "manifest.json").read_text(encoding="utf-8"))["schema_version"] == models.SCHEMA_VERSION
    assert main(["diff", str(RELEASE), str(new), "--format", "json"]) == 0
    schema = json.loads(capsys.readouterr().out)["schema"]
    assert (schema["old"], schema["new"], schema["required_bump"], schema["breaking"]) == ("1.0", "1.1", "minor", False)
    rules = {(c["rule"], c["path"]) for c in schema["changes"]}
    assert ("MEANING_CHANGED", "articles.body_sha256") in rules and ("DEPRECATED", "quotes.start") in rules
    assert main(["diff", str(RELEASE), str(new)]) == 0
    notes = capsys.readouterr().out
    assert "## Schema" in notes and "Schema 1.0 → 1.1" in notes and "required bump: minor" in notes
    assert main(["diff", str(new), str(new), "--format", "json"]) == 0
    same = json.loads(capsys.readouterr().out)["schema"]
    assert (same["required_bump"], same["changes"]) == ("none", [])
