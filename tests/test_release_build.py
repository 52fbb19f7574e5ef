"""``newsledger build`` on the seed dataset, checked by the tools users will use.

One release is built per module and read by pyarrow, DuckDB, polars and pandas;
its metadata goes through the real ``frictionless`` and ``mlcroissant`` CLIs and
coreutils' ``sha256sum -c``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import yaml

from newsledger.release.build import PARQUET_OPTIONS, SORT_KEYS, build_release
from newsledger.schema import arrow, models
from newsledger.schema.export import dumps, schema_documents
from newsledger.text import fold
from newsledger.validators.engine import check_dataset

REPO = Path(__file__).resolve().parents[1]
DATASET = REPO / "dataset"
BIN = Path(sys.executable).parent
TABLES = arrow.TABLES
VERSION = "1.0.0-test"


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_release(DATASET, tmp_path_factory.mktemp("out"), VERSION)


@pytest.fixture(scope="module")
def manifest(release: Path) -> dict[str, Any]:
    return json.loads((release / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed() -> Any:
    report = check_dataset(DATASET, use_cache=False)
    assert report.ok
    return report


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


# --- layout and manifest ------------------------------------------------------


def test_layout(release: Path) -> None:
    assert release.name == f"newsledger-{VERSION}"
    expected = {f"{t}.{ext}" for t in (*TABLES, "retired") for ext in ("parquet", "jsonl")} | {
        "manifest.json",
        "SHA256SUMS",
        "datapackage.json",
        "croissant.json",
        "README.md",
        "schema/entry.schema.json",
        "schema/entities.schema.json",
        "schema/retired.schema.json",
        "schema/release.schema.json",
    }
    assert {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()} == expected
    # no temp dirs left behind; the releases index sits beside the release
    assert sorted(p.name for p in release.parent.iterdir()) == [release.name, "releases.json"]


def test_manifest(release: Path, manifest: dict[str, Any], seed: Any) -> None:
    from newsledger._version import version

    raw = (release / "manifest.json").read_text(encoding="utf-8")
    assert raw == json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    assert manifest["name"] == "newsledger"
    assert manifest["version"] == VERSION
    assert manifest["schema_version"] == models.SCHEMA_VERSION == "1.1"
    assert manifest["generator"] == f"newsledger {version()}"
    assert list(manifest["tables"]) == [*TABLES, "retired"]
    assert manifest["tables"]["articles"] == {
        "rows": len(seed.entries),
        "parquet": "articles.parquet",
        "jsonl": "articles.jsonl",
    }
    assert manifest["tables"]["entities"]["rows"] == len(seed.entities)
    assert manifest["tables"]["quotes"]["rows"] == sum(len(e["quotes"]) for e in seed.entries)
    files = manifest["files"]
    assert list(files) == sorted(files)
    on_disk = sorted(p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file())
    assert sorted(files) == [p for p in on_disk if p not in ("manifest.json", "SHA256SUMS")]
    for rel, info in files.items():
        data = (release / rel).read_bytes()
        assert info == {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def test_created_is_null_without_source_date_epoch(manifest: dict[str, Any], release: Path) -> None:
    assert "SOURCE_DATE_EPOCH" not in os.environ
    assert manifest["created"] is None
    assert "created" not in json.loads((release / "datapackage.json").read_text(encoding="utf-8"))


def test_sha256sum_check_passes(release: Path) -> None:
    sums = (release / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    paths = [line.split("  ", 1)[1] for line in sums]
    assert paths == sorted(paths) and "manifest.json" in paths and "SHA256SUMS" not in paths
    result = _run(["sha256sum", "-c", "--strict", "SHA256SUMS"], release)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK") == len(paths)


def test_schema_directory_holds_the_json_schemas(release: Path) -> None:
    for name, doc in schema_documents().items():
        assert (release / "schema" / name).read_text(encoding="utf-8") == dumps(doc)


# --- tables through real readers -------------------------------------------------


@pytest.mark.parametrize("table", TABLES)
def test_readers_agree_with_manifest(release: Path, manifest: dict[str, Any], table: str) -> None:
    import duckdb
    import pandas as pd
    import polars as pl

    rows = manifest["tables"][table]["rows"]
    parquet, jsonl = release / f"{table}.parquet", release / f"{table}.jsonl"
    assert pq.read_table(parquet).num_rows == rows
    con = duckdb.connect()
    assert con.execute("SELECT count(*) FROM read_parquet(?)", [str(parquet)]).fetchone() == (rows,)
    assert con.execute("SELECT count(*) FROM read_json(?, format='newline_delimited')", [str(jsonl)]).fetchone() == (
        rows,
    )
    assert pl.read_parquet(parquet).height == rows
    assert pl.read_ndjson(jsonl).height == rows
    assert len(pd.read_parquet(parquet)) == rows
    assert len(pd.read_json(jsonl, lines=True, dtype=False)) == rows


@pytest.mark.parametrize("table", TABLES)
def test_parquet_is_plain_and_documented(release: Path, table: str) -> None:
    pf = pq.ParquetFile(release / f"{table}.parquet")
    schema = pf.schema_arrow
    assert schema.equals(arrow.table_schema(table), check_metadata=True)
    assert b"pandas" not in (schema.metadata or {})
    assert all(arrow.description(f) for f in schema)
    meta = pf.metadata
    assert meta.created_by.startswith("parquet-cpp-arrow")
    for rg in range(meta.num_row_groups):
        for col in range(meta.num_columns):
            assert meta.row_group(rg).column(col).compression == PARQUET_OPTIONS["compression"].upper()
    read = pq.read_table(release / f"{table}.parquet")
    keys = SORT_KEYS.get(table, ("id",))
    rows = list(zip(*(read.column(k).to_pylist() for k in keys), strict=True))
    assert rows == sorted(rows, key=lambda row: tuple((v is None, v) for v in row))  # nulls last
    assert [s.column_index for s in meta.row_group(0).sorting_columns] == [schema.get_field_index(k) for k in keys]


@pytest.mark.parametrize("table", TABLES)
def test_jsonl_matches_parquet(release: Path, table: str) -> None:
    raw = (release / f"{table}.jsonl").read_bytes()
    assert b"\r" not in raw and raw.endswith(b"\n")
    rows = _jsonl(release / f"{table}.jsonl")
    parquet = pq.read_table(release / f"{table}.parquet").to_pylist()

    def iso(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, list):
            return [iso(v) for v in value]
        if isinstance(value, dict):
            return {k: iso(v) for k, v in value.items()}
        return value

    assert rows == [iso(r) for r in parquet]
    names = arrow.table_schema(table).names
    assert all(list(r) == names for r in rows)  # keys in schema order


def test_non_ascii_is_written_as_is(release: Path) -> None:
    assert "’" in (release / "quotes.jsonl").read_text(encoding="utf-8")


# --- contents ---------------------------------------------------------------


def test_withheld_body_is_null_with_digest_and_length(release: Path, seed: Any) -> None:
    rows = {r["id"]: r for r in _jsonl(release / "articles.jsonl")}
    for entry in seed.entries:
        article = entry["article"]
        row = rows[article["id"]]
        # schema 1.1: of the article's text, without the line break that ends a YAML block
        text = article["body"].removesuffix("\n")
        assert article["body"].endswith("\n") and not text.endswith("\n")
        assert row["body_sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
        assert row["body_chars"] == len(text)
        if article["rights"]["text"] == "withheld":
            assert row["body"] is None
        else:
            assert row["body"] == article["body"].removesuffix("\n")
        assert row["quote_count"] == len(entry["quotes"])
        assert row["event_count"] == len(entry["events"])
        assert row["published_date"] == article["published"][:10]


def test_quote_offsets_point_at_the_quote(release: Path, seed: Any) -> None:
    bodies = {e["article"]["id"]: e["article"]["body"] for e in seed.entries}
    quotes = _jsonl(release / "quotes.jsonl")
    assert quotes
    for q in quotes:
        assert q["id"] == f"{q['article_id']}/{q['local_id']}"
        # schema 1.1: char_start/char_end, with the deprecated start/end kept equal through 1.x
        assert (q["char_start"], q["char_end"]) == (q["start"], q["end"])
        if q["kind"] == "paraphrase":
            assert q["start"] is None and q["end"] is None
        else:
            assert q["start"] is not None, q["id"]
            assert fold(bodies[q["article_id"]][q["start"] : q["end"]]) == fold(q["text"])


def test_dates_and_plover(release: Path, seed: Any) -> None:
    bodies = {e["article"]["id"]: e["article"]["body"] for e in seed.entries}
    events = {e["id"]: e for e in _jsonl(release / "events.jsonl")}
    raid = events["2024-08-29-us-raid-suspected-isis-hideout"]
    assert (raid["date_start"], raid["date_end"], raid["date_precision"]) == ("2024-08-29", "2024-08-29", "day")
    assert raid["plover_type"] == "ASSAULT"
    # schema 1.1: factuality from status, PLOVER actor/recipient from roles, modes as a list
    from newsledger.schema.vocab import plover_factuality

    for e in events.values():
        assert e["plover_factuality"] == plover_factuality(e["status"])
        assert e["plover_actors"] == [a["entity"] for a in e["actors"] if a["role"] in ("initiator", "participant")]
        assert e["plover_recipients"] == [a["entity"] for a in e["actors"] if a["role"] == "target"]
        assert e["plover_mode"] == (e["plover_modes"][0] if e["plover_modes"] else None)
    assert raid["plover_factuality"] == "asserted"
    open_start = events["us-remove-hundreds-of-troops-iraq-by-2025-09"]
    assert (open_start["date_start"], open_start["date_end"], open_start["date_precision"]) == (
        None,
        "2025-09-30",
        "interval",
    )
    undated = [e for e in events.values() if e["date"] is None]
    assert all(e["date_start"] is None and e["date_precision"] is None for e in undated)
    for e in events.values():
        own = e["sources"][0]
        assert own == {
            "article_id": e["article_id"],
            "defined": True,
            "evidence": e["evidence"],
            "note": None,
            "evidence_offsets": own["evidence_offsets"],
        }
        # schema 1.1: every evidence sentence with its offsets in the body (the seed's are verbatim)
        assert len(own["evidence_offsets"]) == len(e["evidence"])
        body = bodies[e["article_id"]]
        for sentence, span in zip(e["evidence"], own["evidence_offsets"], strict=True):
            assert body[span["char_start"] : span["char_end"]] == sentence


def test_dataset_card(release: Path, manifest: dict[str, Any]) -> None:
    text = (release / "README.md").read_text(encoding="utf-8")
    head, _, body = text.removeprefix("---\n").partition("\n---\n")
    card = yaml.safe_load(head)
    assert card["license"] == "cc-by-4.0"
    assert card["language"] == ["en"]
    assert card["pretty_name"] and card["task_categories"]
    assert [c["config_name"] for c in card["configs"]] == [*TABLES, "retired"]
    for config in card["configs"]:
        (data_file,) = config["data_files"]
        assert (release / data_file["path"]).is_file()
    assert "@misc{" in body and "CC BY 4.0" in body
    for table, info in manifest["tables"].items():
        assert f"| `{table}` | {info['rows']} |" in body
    assert "| `body_sha256` |" in body


# --- standard metadata through the real validators ------------------------------


def _require_frictionless_json() -> None:
    """frictionless reads JSON Lines only with its 'json' extra; fail loudly, never skip."""
    try:
        import jsonlines  # noqa: F401
    except ImportError:
        pytest.fail("frictionless cannot read JSON Lines here: install 'frictionless[json]' (the test extra)")


def test_frictionless_validate_passes(release: Path) -> None:
    _require_frictionless_json()
    result = _run([str(BIN / "frictionless"), "validate", "--json", "datapackage.json"], release)
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report["errors"] or [t["errors"] for t in report["tasks"]], indent=1)[:3000]
    assert result.returncode == 0
    assert [t["name"] for t in report["tasks"]] == [*TABLES, "retired", *(f"{t}-parquet" for t in (*TABLES, "retired"))]
    assert all(t["type"] == "file" for t in report["tasks"] if t["name"].endswith("-parquet"))


def test_datapackage_descriptor(release: Path) -> None:
    doc = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    assert doc["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert doc["version"] == VERSION and doc["licenses"][0]["name"] == "CC-BY-4.0"
    by_name = {r["name"]: r for r in doc["resources"]}
    tables = [*TABLES, "retired"]
    assert list(by_name) == [*tables, *(f"{t}-parquet" for t in tables)]
    for name, res in by_name.items():
        table = name.removesuffix("-parquet")
        if "path" in res:
            data = (release / res["path"]).read_bytes()
            assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
            assert res["bytes"] == len(data)
        else:  # an empty table, inline
            assert table == "retired" and res["data"] == [arrow.table_schema(table).names]
        assert res["schema"]["primaryKey"] == (["id", "table"] if table == "retired" else ["id"])
        assert [f["name"] for f in res["schema"]["fields"]] == arrow.table_schema(table).names
    assert {by_name[f"{t}-parquet"]["path"] for t in tables} == {f"{t}.parquet" for t in tables}
    for suffix in ("", "-parquet"):
        keys = {(k["fields"][0], k["reference"].get("resource")) for k in by_name[f"quotes{suffix}"]["schema"]["foreignKeys"]}
        assert (("article_id", f"articles{suffix}") in keys and ("speaker", f"entities{suffix}") in keys), keys


def test_frictionless_catches_a_broken_foreign_key(release: Path, tmp_path: Path) -> None:
    """The foreign keys are really checked, so the passing run above means something."""
    _require_frictionless_json()
    copy = shutil.copytree(release, tmp_path / "copy")
    rows = _jsonl(copy / "quotes.jsonl")
    rows[0]["article_id"] = "no-such-article"
    (copy / "quotes.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    doc = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    for res in doc["resources"]:  # keep hashes right so only the key can fail
        if "path" not in res:
            continue
        data = (copy / res["path"]).read_bytes()
        res["hash"], res["bytes"] = "sha256:" + hashlib.sha256(data).hexdigest(), len(data)
    (copy / "datapackage.json").write_text(json.dumps(doc), encoding="utf-8")
    result = _run([str(BIN / "frictionless"), "validate", "--json", "datapackage.json"], copy)
    report = json.loads(result.stdout)
    assert not report["valid"]
    assert any(e["type"] == "foreign-key" for t in report["tasks"] for e in t["errors"])


def test_mlcroissant_validate_passes(release: Path) -> None:
    result = _run([str(BIN / "mlcroissant"), "validate", "--jsonld", "croissant.json"], release)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "error(s)" not in result.stderr


def test_croissant_document(release: Path) -> None:
    doc = json.loads((release / "croissant.json").read_text(encoding="utf-8"))
    assert doc["conformsTo"] == "http://mlcommons.org/croissant/1.1"
    files = {d["contentUrl"]: d for d in doc["distribution"]}
    for rel, d in files.items():
        assert d["sha256"] == hashlib.sha256((release / rel).read_bytes()).hexdigest()
    assert {"articles.parquet", "quotes.jsonl"} <= set(files)
    record_sets = {r["@id"]: r for r in doc["recordSet"]}
    assert list(record_sets) == [*TABLES, "retired"]
    for name, rs in record_sets.items():
        assert [f["name"] for f in rs["field"]] == arrow.table_schema(name).names

    def references(fields: list[dict[str, Any]]) -> dict[str, str]:
        out = {}
        for f in fields:
            if "references" in f:
                out[f["@id"]] = f["references"]["field"]["@id"]
            out.update(references(f.get("subField", [])))
        return out

    found = {k: v for rs in record_sets.values() for k, v in references(rs["field"]).items()}
    # the references Table Schema cannot state (lists of ids, keys inside records) are in Croissant
    assert found["events/actors/entity"] == found["articles/authors"] == found["events/location/place"] == "entities/id"
    assert found["events/sources/article_id"] == found["quotes/article_id"] == "articles/id"
    assert found["articles/cites/source"] == found["events/casualties/group"] == "entities/id"


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib/mlcroissant internals, not ours
@pytest.mark.filterwarnings("ignore::FutureWarning")
@pytest.mark.parametrize("table", TABLES)
def test_mlcroissant_reads_records(release: Path, manifest: dict[str, Any], table: str) -> None:
    """mlcroissant's own loader reads the Parquet columns the record sets describe."""
    import mlcroissant as mlc

    ds = mlc.Dataset(jsonld=str(release / "croissant.json"))
    records = list(ds.records(table))
    assert len(records) == manifest["tables"][table]["rows"]
    ids = [r[f"{table}/id"] for r in records]
    expected = pq.read_table(release / f"{table}.parquet").column("id").to_pylist()
    assert [i.decode() if isinstance(i, bytes) else i for i in ids] == expected


def test_a_release_with_an_empty_table_still_validates(tmp_path: Path, seed: Any) -> None:
    """Early datasets may have no quotes (or no events): metadata must stay valid."""
    import copy

    from newsledger.release.build import write_release

    _require_frictionless_json()
    entries = copy.deepcopy(seed.entries)
    for entry in entries:
        entry["quotes"] = []
        entry["article"]["rights"] = {"text": "redistributable", "license": "CC-BY-4.0", "note": None}
    release = write_release(entries, seed.entities, tmp_path, "0.0.1")
    assert (release / "quotes.jsonl").read_bytes() == b""
    assert pq.read_table(release / "quotes.parquet").num_rows == 0
    result = _run([str(BIN / "frictionless"), "validate", "--json", "datapackage.json"], release)
    assert json.loads(result.stdout)["valid"], result.stdout[-3000:]
    result = _run([str(BIN / "mlcroissant"), "validate", "--jsonld", "croissant.json"], release)
    assert result.returncode == 0, result.stderr[-3000:]
    assert _run(["sha256sum", "-c", "--strict", "SHA256SUMS"], release).returncode == 0
    bodies = {r["id"]: r["body"] for r in _jsonl(release / "articles.jsonl")}
    # redistributable: shipped, as the article's text (no final line break of the YAML block)
    assert all(bodies[e["article"]["id"]] == e["article"]["body"].removesuffix("\n") for e in entries)
