"""Every table of a release read by every reader an analyst uses, as the files are.

pyarrow, DuckDB, polars, pandas and Hugging Face ``datasets`` (all from the
``test`` extra) must read each Parquet file of a release with its row count and
ids, and the day columns as dates. Spark reads them too where pyspark and a Java
runtime are installed; pyspark (over 300 MB) is not in the ``test`` extra, so
that reader is skipped with the reason elsewhere. The release has a tombstone, so
that ``retired`` has a row to read like the others.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from newsledger.cli import main
from tests._release_helpers import DATASET

SEED = "articles/2024/antiwar-2024-09-17-iraqi-pm-coalition-end-date.yaml"
TABLES = ("articles", "quotes", "events", "entities", "retired")


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("readers")
    ds = root / "dataset"
    shutil.copytree(DATASET, ds)
    entry = ds / SEED
    entry.write_text(entry.read_text(encoding="utf-8").replace("id: israel-military-campaign-gaza\n", "id: israel-gaza-war\n"), encoding="utf-8")
    (ds / "retired.yaml").write_text(
        "- {id: israel-military-campaign-gaza, table: events, reason: renamed, successor: israel-gaza-war, retired_in: 0.2.0}\n",
        encoding="utf-8",
    )
    assert main(["build", "--dataset", str(ds), "--out", str(root / "out"), "--version", "0.2.0", "--previous", "none", "-q"]) == 0
    return root / "out" / "newsledger-0.2.0"


@pytest.fixture(scope="module")
def expected(release: Path) -> dict[str, tuple[list[str], set[str]]]:
    """Per table: its ids in file order, and its day (date32) columns, as pyarrow reads them."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = {}
    for name in TABLES:
        table = pq.read_table(release / f"{name}.parquet")
        out[name] = (table.column("id").to_pylist(), {f.name for f in table.schema if pa.types.is_date32(f.type)})
    assert out["retired"][0] == ["israel-military-campaign-gaza"]
    assert out["events"][1] >= {"date_start", "date_end"} and "published_date" in out["articles"][1]
    return out


def _pandas(path: Path) -> tuple[list[str], dict[str, Any]]:
    import pandas as pd

    df = pd.read_parquet(path)
    return df["id"].tolist(), {c: df[c].dropna().iloc[0] if df[c].notna().any() else None for c in df.columns}


def _polars(path: Path) -> tuple[list[str], dict[str, Any]]:
    import polars as pl

    df = pl.read_parquet(path)
    return df["id"].to_list(), {c: df[c].drop_nulls()[0] if df[c].drop_nulls().len() else None for c in df.columns}


def _duckdb(path: Path) -> tuple[list[str], dict[str, Any]]:
    import duckdb

    con = duckdb.connect()
    rel = con.execute("select * from read_parquet(?)", [str(path)])
    names = [d[0] for d in rel.description]
    rows = rel.fetchall()
    firsts = {c: next((r[i] for r in rows if r[i] is not None), None) for i, c in enumerate(names)}
    return [r[names.index("id")] for r in rows], firsts


def _hf_datasets(path: Path, cache: Path) -> tuple[list[str], dict[str, Any]]:
    import datasets

    ds = datasets.load_dataset("parquet", data_files=str(path), split="train", cache_dir=str(cache))
    return list(ds["id"]), {c: next((v for v in ds[c] if v is not None), None) for c in ds.column_names}


def _is_day(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


READERS: dict[str, Callable[..., tuple[list[str], dict[str, Any]]]] = {
    "pandas": _pandas,
    "polars": _polars,
    "duckdb": _duckdb,
}


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("reader", [*READERS, "datasets"])
def test_every_reader_reads_every_table(
    reader: str, table: str, release: Path, expected: dict[str, tuple[list[str], set[str]]], tmp_path: Path
) -> None:
    path = release / f"{table}.parquet"
    ids, firsts = _hf_datasets(path, tmp_path / "hf") if reader == "datasets" else READERS[reader](path)
    want_ids, days = expected[table]
    assert ids == want_ids
    for column in days:
        value = firsts[column]
        if value is not None:  # a day column reads as a date, not a time or text
            assert _is_day(value), (reader, column, type(value))


def test_spark_reads_every_table(release: Path, expected: dict[str, tuple[list[str], set[str]]]) -> None:
    if shutil.which("java") is None:
        pytest.skip("no Java runtime on PATH: Spark needs one")
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        pytest.skip("pyspark is not installed (not in the test extra: over 300 MB); pip install pyspark to run this")
    spark = SparkSession.builder.master("local[1]").appName("newsledger-readers").getOrCreate()
    try:
        for table in TABLES:
            df = spark.read.parquet(str(release / f"{table}.parquet"))
            assert [r["id"] for r in df.select("id").collect()] == expected[table][0]
            for column in expected[table][1]:
                assert df.schema[column].dataType.typeName() == "date"
    finally:
        spark.stop()
