"""newsledger.load() and Dataset on real releases built from the seed dataset."""

from __future__ import annotations

import importlib
import json
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import newsledger
from newsledger import Dataset
from newsledger.errors import ChecksumMismatch, ReleaseError
from newsledger.schema import models
from tests._release_helpers import REPO, TABLES, build_seed_release, copy_release

VERSION = "3.1.4"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seed_release(tmp_path_factory.mktemp("built"), VERSION)


@pytest.fixture
def release(tmp_path: Path, built: Path) -> Path:
    """A private copy of the seed release, safe to tamper with."""
    return copy_release(built, tmp_path)


@pytest.fixture(scope="module")
def ds(built: Path) -> Dataset:
    return Dataset.open(built)


def _manifest(release: Path) -> dict[str, object]:
    return json.loads((release / "manifest.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


# --- the API ------------------------------------------------------------------


def test_dataset_exposes_tables_and_release_facts(ds: Dataset, built: Path) -> None:
    import pyarrow as pa

    manifest = _manifest(built)
    assert ds.version == VERSION == manifest["version"]
    assert ds.schema_version == models.SCHEMA_VERSION
    assert ds.path == built.resolve()
    assert ds.manifest == manifest
    for name in TABLES:
        table = getattr(ds, name)
        assert isinstance(table, pa.Table)
        assert table.num_rows == ds.row_counts[name] == manifest["tables"][name]["rows"]  # type: ignore[index]
    assert ds.articles.num_rows >= 1 and ds.entities.num_rows >= 1
    assert "1 articles" not in repr(ds) and VERSION in repr(ds)


def test_manifest_property_is_a_copy(ds: Dataset) -> None:
    ds.manifest["version"] = "tampered"
    assert ds.version == VERSION


def test_frames_for_pandas_polars_and_duckdb(ds: Dataset) -> None:
    frames = ds.to_pandas()
    assert {name: len(df) for name, df in frames.items()} == ds.row_counts
    pl_frames = ds.to_polars()
    assert {name: df.height for name, df in pl_frames.items()} == ds.row_counts
    con = ds.duckdb()
    for name in TABLES:
        assert con.execute(f"select count(*) from {name}").fetchone() == (ds.row_counts[name],)
    joined = con.execute("select count(*) from quotes q join articles a on a.id = q.article_id").fetchone()
    assert joined == (ds.row_counts["quotes"],)


@pytest.mark.parametrize(
    ("method", "module", "extra"),
    [("to_pandas", "pandas", "pandas"), ("to_polars", "polars", "polars"), ("duckdb", "duckdb", "duckdb")],
)
def test_missing_extra_names_the_extra(
    ds: Dataset, monkeypatch: pytest.MonkeyPatch, method: str, module: str, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # what an uninstalled module looks like to import
    with pytest.raises(ImportError, match=rf"pip install 'newsledger\[{extra}\]'"):
        getattr(ds, method)()


def test_typed_records_are_the_schema_models(ds: Dataset) -> None:
    articles = list(ds.iter_articles())
    quotes = list(ds.iter_quotes())
    events = list(ds.iter_events())
    entities = list(ds.iter_entities())
    assert all(isinstance(a, models.Article) for a in articles)
    assert all(isinstance(q, models.Quote) for q in quotes)
    assert all(isinstance(e, models.Event) for e in events)
    assert all(isinstance(e, models.Entity) for e in entities)
    assert [len(articles), len(quotes), len(events), len(entities)] == [ds.row_counts[n] for n in TABLES]
    assert {q.id for q in quotes} <= {row["local_id"] for row in ds.quotes.to_pylist()}
    assert sorted(e.id for e in events) == sorted(ds.events.column("id").to_pylist())
    with pytest.raises(KeyError):
        next(ds.records("nope"))


def test_withheld_bodies_come_back_as_none(ds: Dataset) -> None:
    rows = {row["id"]: row for row in ds.articles.to_pylist()}
    for article in ds.iter_articles():
        if article.rights.text == "withheld":
            assert article.body is None
            assert rows[article.id]["body_sha256"] and rows[article.id]["body_chars"] > 0
        else:
            assert article.body == rows[article.id]["body"]


def test_entries_rebuild_the_curated_yaml(ds: Dataset) -> None:
    import yaml

    entries = list(ds.entries())
    assert len(entries) == ds.row_counts["articles"]
    seed = next((REPO / "dataset" / "articles").rglob("*.yaml"))
    curated = yaml.load(seed.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    entry = next(e for e in entries if e.article.id == curated["article"]["id"])
    # the release keeps quotes in release-id order (q1, q10, q2, ...), not the entry's
    assert sorted(q.id for q in entry.quotes) == sorted(q["id"] for q in curated.get("quotes", []))
    defined = {e["id"] for e in curated.get("events", []) if "id" in e}
    refs = {e["ref"] for e in curated.get("events", []) if "ref" in e}
    assert {e.id for e in entry.events if isinstance(e, models.Event)} == defined
    assert {e.ref for e in entry.events if isinstance(e, models.EventRef)} == refs


# --- integrity ----------------------------------------------------------------


def test_table_edited_after_the_build_raises_naming_the_file(release: Path) -> None:
    data = bytearray((release / "quotes.parquet").read_bytes())
    data[-20] ^= 0x01
    (release / "quotes.parquet").write_bytes(bytes(data))
    with pytest.raises(ChecksumMismatch, match="quotes.parquet"):
        Dataset.open(release)


def test_tables_are_the_verified_bytes_even_if_the_file_changes_after_opening(release: Path) -> None:
    ds = Dataset.open(release)
    before = ds.events
    (release / "events.parquet").write_bytes((release / "events.parquet").read_bytes() + b"\0")
    assert ds.events.equals(before)  # read and checked at open; the edit is not served
    with pytest.raises(ChecksumMismatch, match="events.parquet"):
        Dataset.open(release)


def test_manifest_edited_after_the_build_is_caught(release: Path) -> None:
    manifest = _manifest(release)
    manifest["tables"]["articles"]["rows"] = 99  # type: ignore[index]
    (release / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    with pytest.raises(ChecksumMismatch, match="manifest.json"):
        Dataset.open(release)


def test_missing_file_is_a_release_error(release: Path) -> None:
    (release / "entities.jsonl").unlink()
    with pytest.raises(ReleaseError, match="entities.jsonl is missing"):
        Dataset.open(release)


def test_not_a_release(tmp_path: Path) -> None:
    with pytest.raises(ReleaseError, match="no manifest.json"):
        Dataset.open(tmp_path)


# --- load() without a version in a source checkout ---------------------------


def test_load_in_a_checkout_builds_from_dataset_once(tmp_path: Path) -> None:
    from newsledger.load import embedded_release

    if embedded_release() is not None:
        pytest.skip("this installation embeds a release; the checkout path is for editable installs")
    ds = newsledger.load(cache_dir=tmp_path)
    assert ds.source == "checkout"
    assert ds.path.is_relative_to(tmp_path / "checkout")
    assert ds.events.num_rows == ds.row_counts["events"] >= 1
    mtime = (ds.path / "manifest.json").stat().st_mtime_ns
    again = newsledger.load(cache_dir=tmp_path)
    assert again.path == ds.path and (again.path / "manifest.json").stat().st_mtime_ns == mtime


def test_damaged_checkout_build_is_rebuilt_not_served(tmp_path: Path) -> None:
    from newsledger.load import embedded_release

    if embedded_release() is not None:
        pytest.skip("this installation embeds a release; the checkout path is for editable installs")
    ds = newsledger.load(cache_dir=tmp_path)
    good = (ds.path / "events.parquet").read_bytes()
    (ds.path / "events.parquet").write_bytes(good[:-1])
    again = newsledger.load(cache_dir=tmp_path)
    assert (again.path / "events.parquet").read_bytes() == good
    assert again.events.num_rows == ds.row_counts["events"]


def test_import_stays_light() -> None:
    code = "import sys, newsledger; print(sorted(m for m in ('pyarrow', 'pydantic', 'pooch', 'requests', 'platformdirs') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "[]"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts native threads through Linux's /proc")
@pytest.mark.parametrize("threads", [False, True], ids=["one-thread", "two-threads"])
def test_loading_leaves_no_native_thread_running(built: Path, threads: bool) -> None:
    """A short script that loads and exits must not die at exit.

    Arrow work still running on its thread pools when the interpreter tears down
    aborts the process ("terminate called without an active exception",
    exit -6) after all output is printed: intermittent, and worst in CI. The
    deterministic precondition is a native thread that load() started; there
    must be none (importing pyarrow starts its own, so count after the import).
    """
    code = (
        "import importlib, os, sys, newsledger, pyarrow.parquet\n"
        # The seed's tables are small; make them count as large to use our threads.
        + ("importlib.import_module('newsledger.load')._PARALLEL_BYTES = 0\n" if threads else "")
        + "before = len(os.listdir('/proc/self/task'))\n"
        "ds = newsledger.Dataset.open(sys.argv[1])\n"
        "rows = sum(t.num_rows for t in ds.tables().values())\n"
        # A thread of our own that was joined can take a moment to leave /proc;
        # a pool thread of Arrow's stays.
        "import time\n"
        "for _ in range(100):\n"
        "    after = len(os.listdir('/proc/self/task'))\n"
        "    if after == before: break\n"
        "    time.sleep(0.01)\n"
        "print(before, after, rows)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(built)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    before, after, rows = map(int, done.stdout.split())
    assert rows == sum(Dataset.open(built).row_counts.values())
    assert after == before, f"load() left {after - before} native thread(s) running"


def test_parsing_in_column_groups_gives_the_same_table(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Large tables are parsed as groups of columns on two threads and put back together."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    load_module = importlib.import_module("newsledger.load")  # newsledger.load is also the function
    monkeypatch.setattr(load_module, "_PARALLEL_BYTES", 0)  # split even the seed's small tables
    monkeypatch.setattr(load_module.os, "cpu_count", lambda: 2)
    for name in TABLES:
        data = (built / f"{name}.parquet").read_bytes()
        whole = pq.ParquetFile(pa.BufferReader(data), pre_buffer=False).read(use_threads=False)
        split = load_module._parse_parquet(data)
        assert split.equals(whole)
        assert split.schema.equals(whole.schema, check_metadata=True)  # column descriptions kept
    datas = {name: (built / f"{name}.parquet").read_bytes() for name in TABLES}
    together = load_module._parse_parquet_files(datas)
    assert list(together) == list(TABLES)
    for name, table in together.items():
        assert table.equals(pq.read_table(pa.BufferReader(datas[name])))


@pytest.mark.parametrize("where", ["footer", "middle", "start"])
def test_an_altered_table_is_a_checksum_mismatch_before_any_parse_error(release: Path, where: str) -> None:
    """The hashes are taken beside the parsing (on the parse threads, for files large
    enough to split): an altered file is reported as altered, whatever its parse
    did, and nothing parsed from it is served."""
    import importlib
    from unittest import mock

    load_module = importlib.import_module("newsledger.load")
    data = bytearray((release / "articles.parquet").read_bytes())
    at = {"footer": len(data) - 20, "middle": len(data) // 2, "start": 4}[where]
    data[at] ^= 0xFF
    (release / "articles.parquet").write_bytes(bytes(data))
    with mock.patch.object(load_module, "_PARALLEL_BYTES", 0), pytest.raises(ChecksumMismatch, match="articles.parquet"):
        Dataset.open(release)
    with pytest.raises(ChecksumMismatch, match="articles.parquet"):  # and one thread, for a small release
        Dataset.open(release)


def test_parse_tasks_are_weighed_by_decoded_size_not_file_size() -> None:
    """A table that compresses well is heavy to decode: it must not be queued behind
    tables that are larger on disk but lighter to decode, or one thread ends alone."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    load_module = importlib.import_module("newsledger.load")

    def parquet(table: pa.Table) -> bytes:
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink, compression="zstd", use_dictionary=False)
        return sink.getvalue().to_pybytes()

    rng = random.Random(5)
    repetitive = parquet(pa.table({"text": ["the same sentence, again and again. " * 20] * 2_000}))  # ~1.4 MB decoded
    noisy = parquet(pa.table({"blob": [rng.randbytes(3_000) for _ in range(100)]}))  # ~0.3 MB, incompressible
    assert len(repetitive) < len(noisy)  # smaller on disk...
    tasks, _, _ = load_module._plan({"noisy": noisy, "repetitive": repetitive})
    assert tasks[0][1] == "repetitive"  # ...but decoded first
    assert [weight for weight, _, _ in tasks] == sorted((weight for weight, _, _ in tasks), reverse=True)
    assert {name for _, name, _ in tasks} == {"noisy", "repetitive"}


def test_files_read_while_others_parse_give_the_same_tables_and_errors(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader hands each file to the parse threads as soon as it is read, reading
    the largest first. The tables are the same as from bytes read up front, and a file
    that cannot be read is an error that leaves no parse thread behind."""
    import threading

    import pyarrow as pa
    import pyarrow.parquet as pq

    load_module = importlib.import_module("newsledger.load")
    monkeypatch.setattr(load_module, "_PARALLEL_BYTES", 0)  # split even the seed's small tables
    monkeypatch.setattr(load_module.os, "cpu_count", lambda: 2)
    datas = {name: (built / f"{name}.parquet").read_bytes() for name in TABLES}
    calls: list[str] = []

    def source(name: str) -> Callable[[], bytes]:
        def read() -> bytes:
            calls.append(name)
            return datas[name]
        return read

    order = sorted(TABLES, key=lambda name: -len(datas[name]))
    streamed = load_module._parse_parquet_files({name: source(name) for name in order})
    assert calls == order
    assert list(streamed) == order
    for name, table in streamed.items():
        assert table.equals(pq.read_table(pa.BufferReader(datas[name])))

    def unreadable() -> bytes:
        raise PermissionError(13, "Permission denied", "quotes.parquet")

    before = threading.active_count()
    with pytest.raises(PermissionError):
        load_module._parse_parquet_files({"articles": source("articles"), "quotes": unreadable, "events": source("events")})
    assert threading.active_count() == before


# --- the dataset-shaped API --------------------------------------------------------


def test_dataset_is_a_mapping_of_tables(ds: Dataset) -> None:
    import pyarrow as pa

    assert list(ds) == list(ds.table_names) == list(ds.keys())
    assert set(TABLES) <= set(ds) and len(ds) == len(ds.table_names)
    assert "events" in ds and "nope" not in ds and 3 not in ds
    assert ds["events"] is ds.events
    assert all(isinstance(table, pa.Table) for _, table in ds.items())
    with pytest.raises(KeyError, match="the tables are"):
        ds["nope"]


def test_typed_quotes_and_events_carry_their_article_id(ds: Dataset) -> None:
    rows = {row["id"]: row for row in ds.quotes.to_pylist()}
    quotes = list(ds.iter_quotes())
    assert quotes
    for quote in quotes:
        assert isinstance(quote, models.Quote)
        assert rows[f"{quote.article_id}/{quote.id}"]["local_id"] == quote.id  # type: ignore[attr-defined]
    defined = {row["id"]: row["article_id"] for row in ds.events.to_pylist()}
    assert {e.id: e.article_id for e in ds.iter_events()} == defined  # type: ignore[attr-defined]


def test_day_columns_are_dates_in_every_frame(ds: Dataset) -> None:
    import polars as pl
    import pyarrow as pa

    frames, pl_frames = ds.to_pandas(), ds.to_polars()
    days = {(name, f.name) for name, t in ds.items() for f in t.schema if pa.types.is_date32(f.type)}
    assert ("events", "date_start") in days and ("articles", "published_date") in days
    for name, column in days:
        assert str(frames[name][column].dtype).startswith("datetime64"), (name, column)
        assert pl_frames[name].schema[column] == pl.Date, (name, column)
    start = frames["events"]["date_start"]
    assert start.notna().any() and (start.dropna() >= "2000-01-01").all()
