"""The analyst layout of events.parquet: a date-range or id lookup reads few row groups.

The seed release has 13 events, one row group: too small to show anything. So
the seed's events are repeated into 60,000 rows with their own ids and start
days, and written by the release's own writer (``release_order`` then
``parquet_bytes``, exactly what ``build`` does). What is checked is what readers
use: the file's sorting columns, row-group statistics, the page index, the Bloom
filter on ``id``, and the row groups that pyarrow's dataset scanner and DuckDB
actually keep for a filter.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest

from newsledger.release.build import ROW_GROUP_ROWS, parquet_bytes, release_order
from tests._release_helpers import build_seed_release

ROWS = 60_000
START = dt.date(2000, 1, 1)


@pytest.fixture(scope="module")
def events_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    seed = pq.read_table(build_seed_release(tmp_path_factory.mktemp("seed"), "9.9.9") / "events.parquet")
    rng = random.Random(7)
    table = pa.concat_tables([seed] * (ROWS // seed.num_rows + 1)).slice(0, ROWS)
    ids = [f"event-{rng.randrange(10**9):09d}-{i}" for i in range(ROWS)]
    days = [None if i % 500 == 0 else START + dt.timedelta(days=rng.randrange(9_000)) for i in range(ROWS)]
    table = table.set_column(table.schema.get_field_index("id"), table.schema.field("id"), pa.array(ids, pa.string()))
    where = table.schema.get_field_index("date_start")
    table = table.set_column(where, table.schema.field("date_start"), pa.array(days, pa.date32()))
    order = release_order("events", table)
    assert order is not None
    path = tmp_path_factory.mktemp("layout") / "events.parquet"
    path.write_bytes(parquet_bytes(table.take(order), "events"))
    return path


def test_sorted_by_start_day_then_id_with_statistics(events_file: Path) -> None:
    meta = pq.ParquetFile(events_file).metadata
    schema = pq.ParquetFile(events_file).schema_arrow
    start, ident = schema.get_field_index("date_start"), schema.get_field_index("id")
    assert meta.num_rows == ROWS and meta.num_row_groups == -(-ROWS // ROW_GROUP_ROWS["events"])
    assert [(s.column_index, s.descending, s.nulls_first) for s in meta.row_group(0).sorting_columns] == [
        (start, False, False),
        (ident, False, False),
    ]
    ranges = []
    for i in range(meta.num_row_groups):
        column = meta.row_group(i).column(start)
        assert column.is_stats_set and column.statistics.has_min_max
        assert column.has_column_index and column.has_offset_index  # the page index
        assert meta.row_group(i).column(ident).bloom_filter_offset is not None
        ranges.append((column.statistics.min, column.statistics.max))
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(ranges))  # groups follow each other in time
    rows = pq.read_table(events_file, columns=["date_start", "id"]).to_pylist()
    keyed = [((r["date_start"] is None, r["date_start"]), r["id"]) for r in rows]
    assert keyed == sorted(keyed)


def test_a_date_range_reads_one_or_two_row_groups(events_file: Path) -> None:
    lo, hi = START + dt.timedelta(days=4_000), START + dt.timedelta(days=4_090)  # 1% of the span
    expr = (pc.field("date_start") >= lo) & (pc.field("date_start") <= hi)
    (fragment,) = pads.dataset(events_file, format="parquet").get_fragments()
    kept = fragment.split_by_row_group(expr)
    assert 1 <= len(kept) <= 2 < fragment.metadata.num_row_groups
    wanted = pq.read_table(events_file, filters=expr).num_rows
    assert wanted == sum(f.to_table(filter=expr).num_rows for f in kept) > 0


def test_an_id_lookup_is_ruled_out_of_most_row_groups_by_the_bloom_filter(events_file: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    one = pq.read_table(events_file, columns=["id"]).column("id")[12_345].as_py()
    con = duckdb.connect()
    probe = con.execute("select row_group_id, bloom_filter_excludes from parquet_bloom_probe(?, 'id', ?)", [str(events_file), one]).fetchall()
    kept = [group for group, excluded in probe if not excluded]
    assert len(probe) == pq.ParquetFile(events_file).metadata.num_row_groups
    assert len(kept) <= 2  # the group holding it, and at most a false positive
    assert con.execute("select count(*) from read_parquet(?) where id = ?", [str(events_file), one]).fetchone() == (1,)
