"""The user-facing loader: ``newsledger.load()`` and the ``Dataset`` it returns.

Where the data comes from:

* ``load()`` returns the release built into the installed wheel
  (``newsledger/_data/newsledger-<version>/``, written by ``hatch_build.py``).
  In an editable install or a source tree there is none; ``load()`` then builds
  the checkout's ``dataset/`` once into the cache, keyed by a hash of the
  dataset and of newsledger's own code, and says how to get data when it
  cannot find a checkout either.
* ``load(version="1.2.0")`` returns that published release: the embedded one
  when it is that version (no network), else downloaded once into the cache and
  verified (see :mod:`newsledger.fetch`). ``"v1.2.0"`` is the same version;
  ``"latest"`` asks the host's releases index, which :func:`versions` lists.
* A published version this package pins (:mod:`newsledger.release.pins`) must
  have exactly the pinned manifest, wherever it comes from.

Every file is checked against the release manifest when the release is opened,
and each Parquet table is hashed again from the very bytes it is parsed from, so
a table edited after the fact raises ChecksumMismatch instead of being used.

pyarrow, pydantic and friends are imported inside functions: ``import newsledger``
imports this module eagerly and must stay fast.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any, ClassVar

from newsledger.errors import ChecksumMismatch, DatasetInvalid, ReleaseError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping, Sequence
    from pathlib import Path

    import duckdb
    import pandas
    import polars
    import pyarrow as pa
    from pydantic import BaseModel

    from newsledger.schema.models import Article, Entity, Entry, Event, Quote
    from newsledger.schema.retired import Retired

__all__ = ["Dataset", "find_release", "load", "versions"]

_TABLE_MODELS = {"articles": "Article", "quotes": "Quote", "events": "Event", "entities": "Entity"}


class Dataset:
    """A verified newsledger release: four tables and the manifest that vouches for them.

    Get one from :func:`newsledger.load`, or open a release directory written by
    ``newsledger build`` with :meth:`Dataset.open`. Tables are read on first use.
    """

    TABLES: ClassVar[tuple[str, ...]] = ("articles", "quotes", "events", "entities")

    def __init__(self, path: Path, manifest: dict[str, Any], source: str) -> None:
        self._path = path
        self._manifest = manifest
        self._source = source
        self._tables: dict[str, pa.Table] = {}

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, source: str = "directory", verify: str = "tables") -> Dataset:
        """Verify the release directory ``path`` against its manifest and open it.

        ``verify="tables"`` (the default) checks every file's size and the manifest
        against SHA256SUMS, then reads the four Parquet tables, checking each one's
        sha256 on the very bytes it parses; ``verify="all"`` also hashes every other
        file (JSON Lines, metadata), as ``sha256sum -c SHA256SUMS`` would.
        """
        from pathlib import Path

        from newsledger.fetch import verify_release

        release = Path(path).resolve()
        if verify not in ("tables", "all"):
            raise ValueError(f"verify must be 'tables' or 'all', not {verify!r}")
        manifest = verify_release(release, deep=verify == "all")
        missing = [name for name in cls.TABLES if name not in manifest["tables"]]
        if missing:
            raise ReleaseError(f"{release} lacks the table(s) {', '.join(missing)}")
        dataset = cls(release, manifest, source)
        dataset._read_all()  # hash-checked as read: tampering is found here, not later
        return dataset

    # --- what it is -------------------------------------------------------

    @property
    def path(self) -> Path:
        """The release directory the data is read from."""
        return self._path

    @property
    def manifest(self) -> dict[str, Any]:
        """The release manifest (a copy: editing it changes nothing)."""
        import copy

        return copy.deepcopy(self._manifest)

    @property
    def version(self) -> str:
        """Dataset release version, e.g. '0.1.0'."""
        return str(self._manifest["version"])

    @property
    def schema_version(self) -> str:
        """Schema version of the records, e.g. '1.0'."""
        return str(self._manifest.get("schema_version", ""))

    @property
    def source(self) -> str:
        """Where the release came from: 'embedded', 'checkout', 'cache' or 'directory'."""
        return self._source

    @property
    def row_counts(self) -> dict[str, int]:
        """Rows per table, as the manifest states them."""
        return {name: int(self._manifest["tables"][name]["rows"]) for name in self.table_names}

    def __repr__(self) -> str:
        rows = ", ".join(f"{name}={n}" for name, n in self.row_counts.items())
        return (
            f"<newsledger.Dataset {self.version} (schema {self.schema_version}, {self._source}) {rows} at {self._path}>"
        )

    # --- tables -----------------------------------------------------------

    @property
    def table_names(self) -> tuple[str, ...]:
        """The tables of this release: the four of every release, then any other the
        manifest lists (``retired``, the tombstones, from releases that ship it)."""
        return (*self.TABLES, *sorted(name for name in self._manifest["tables"] if name not in self.TABLES))

    def table(self, name: str) -> pa.Table:
        """One table as a pyarrow.Table, after checking its bytes against the manifest."""
        if name not in self.table_names:
            raise KeyError(f"no table {name!r}; the tables are {', '.join(self.table_names)}")
        if name not in self._tables:
            self._tables[name] = self._read(name)
        return self._tables[name]

    # A release is a mapping of table name -> pyarrow.Table: ds["events"], len(ds),
    # `for name in ds`, `"events" in ds`, ds.keys()/items() as for a dict.

    def __getitem__(self, name: str) -> pa.Table:
        return self.table(name)

    def __len__(self) -> int:
        return len(self.table_names)

    def __iter__(self) -> Iterator[str]:
        return iter(self.table_names)

    def __contains__(self, name: object) -> bool:
        return name in self.table_names

    def keys(self) -> tuple[str, ...]:
        """The table names, as :attr:`table_names`."""
        return self.table_names

    def items(self) -> Iterator[tuple[str, pa.Table]]:
        """(name, pyarrow.Table) for every table."""
        for name in self.table_names:
            yield name, self.table(name)

    def _read(self, name: str) -> pa.Table:
        return self._read_tables([name])[name]

    def _read_all(self) -> None:
        self._tables.update(self._read_tables([name for name in self.table_names if name not in self._tables]))

    def _read_tables(self, names: list[str]) -> dict[str, pa.Table]:
        """Read, hash-check and parse the named tables, side by side."""
        import hashlib

        rels = {name: self._manifest["tables"][name]["parquet"] for name in names}
        datas: dict[str, bytes] = {}

        def read(name: str) -> bytes:
            data: bytes = (self._path / rels[name]).read_bytes()
            datas[name] = data
            return data

        # The largest file is read first and its parsing starts while the others are read.
        order = sorted(names, key=lambda name: -int(self._manifest["files"][rels[name]]["bytes"]))

        def intact(name: str) -> bool:
            expected = self._manifest["files"][rels[name]]
            data = datas[name]
            return bool(len(data) == expected["bytes"] and hashlib.sha256(data).hexdigest() == expected["sha256"])

        # The hashes are taken on the parsing threads, after the parsing: one thread
        # spends most of the parse on the largest column (the bodies) while the other
        # finishes the rest and would wait idle. Nothing parsed is returned unless
        # every file matches the manifest, and a mismatch is reported before any
        # error the parse of altered bytes may have raised.
        verdicts: dict[str, bool] = {}

        def check(name: str) -> None:
            verdicts[name] = intact(name)

        try:
            tables = _parse_parquet_files({name: functools.partial(read, name) for name in order}, [functools.partial(check, name) for name in names])
        finally:
            for name in names:
                if name not in datas:
                    continue  # not read: the error reading it is on its way up
                if not (verdicts[name] if name in verdicts else intact(name)):
                    raise ChecksumMismatch(
                        f"{rels[name]} at {self._path} no longer matches the release manifest (size or sha256): "
                        "it was altered after the release was verified"
                    )
        for name, table in tables.items():
            rows = self._manifest["tables"][name]["rows"]
            if table.num_rows != rows:
                raise ReleaseError(f"{rels[name]} has {table.num_rows} rows but the manifest says {rows}")
        return tables

    @property
    def articles(self) -> pa.Table:
        """One row per news report."""
        return self.table("articles")

    @property
    def quotes(self) -> pa.Table:
        """One row per quote; ``id`` is ``<article_id>/<local_id>``."""
        return self.table("quotes")

    @property
    def events(self) -> pa.Table:
        """One row per event, with every article that reports it in ``sources``."""
        return self.table("events")

    @property
    def entities(self) -> pa.Table:
        """The registry of people, organisations and places."""
        return self.table("entities")

    def tables(self) -> dict[str, pa.Table]:
        """Table name -> pyarrow.Table, for every table (see :attr:`table_names`)."""
        return {name: self.table(name) for name in self.table_names}

    # --- other libraries (optional extras) ---------------------------------

    def to_pandas(self) -> dict[str, pandas.DataFrame]:
        """Table name -> pandas.DataFrame. Needs the ``pandas`` extra.

        Day columns (Arrow ``date32``: ``*_start``, ``*_end``, ``published_date``)
        become ``datetime64`` columns (NaT for null), so that pandas' date
        arithmetic, ``.dt`` and resampling work on them.
        """
        _require("pandas", "pandas", "Dataset.to_pandas()")
        return {name: table.to_pandas(date_as_object=False) for name, table in self.tables().items()}

    def to_polars(self) -> dict[str, polars.DataFrame]:
        """Table name -> polars.DataFrame (day columns as ``pl.Date``). Needs the ``polars`` extra."""
        pl = _require("polars", "polars", "Dataset.to_polars()")
        return {name: pl.from_arrow(table) for name, table in self.tables().items()}

    def duckdb(self) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB connection with one view per table. Needs the ``duckdb`` extra."""
        db = _require("duckdb", "duckdb", "Dataset.duckdb()")
        con: duckdb.DuckDBPyConnection = db.connect(":memory:")
        for name, table in self.tables().items():
            con.register(name, table)
        return con

    # --- typed records -----------------------------------------------------

    def records(self, name: str) -> Iterator[BaseModel]:
        """Rows of one table as the schema's pydantic models (Article, Quote, Event, Entity).

        Each row is validated as strictly as the curated YAML was. Columns the
        release computes (``*_start``, ``plover_type``, ``sources``...) are not
        model fields and are dropped; a quote's ``id`` is its local id (``q1``).
        An Article whose body the release withholds (``rights.text ==
        'withheld'``) has ``body=None``: the release ships only its hash and
        length, in the ``body_sha256``/``body_chars`` columns of ``articles``.
        """
        if name not in self.table_names:
            raise KeyError(f"no table {name!r}; the tables are {', '.join(self.table_names)}")
        model = _record_model(name)
        for row in self.table(name).to_pylist():
            yield _to_model(model, row)

    def iter_articles(self) -> Iterator[Article]:
        """Articles as :class:`newsledger.schema.models.Article` (withheld body: None)."""
        yield from self.records("articles")  # type: ignore[misc]

    def iter_quotes(self) -> Iterator[Quote]:
        """Quotes as :class:`newsledger.schema.models.Quote` with their ``article_id``
        (``id`` is the local id, ``q1``; the release id is ``f"{article_id}/{id}"``)."""
        yield from self.records("quotes")  # type: ignore[misc]

    def iter_events(self) -> Iterator[Event]:
        """Events as :class:`newsledger.schema.models.Event`, as their defining entry has
        them, with ``article_id``: the article whose entry defines the event."""
        yield from self.records("events")  # type: ignore[misc]

    def iter_entities(self) -> Iterator[Entity]:
        """Entities as :class:`newsledger.schema.models.Entity`."""
        yield from self.records("entities")  # type: ignore[misc]

    def iter_retired(self) -> Iterator[Retired]:
        """Tombstones (ids that left the dataset) as :class:`newsledger.schema.retired.Retired`;
        none for a release made before tombstones were shipped."""
        if "retired" in self:
            yield from self.records("retired")  # type: ignore[misc]

    def entries(self) -> Iterator[Entry]:
        """The curated entries back, one :class:`~newsledger.schema.models.Entry` per article.

        Quotes keep their entry; each event appears as an Event in the entry
        that defines it and as an EventRef in every other entry reporting it.
        Events come in release order, by start day then id (the YAML order is not kept in releases).
        """
        from newsledger.schema import models

        # A release of an older schema version gives entries of that version.
        entry_model = models.entry_model(self.schema_version)
        event_model = models.Event10 if entry_model is models.Entry10 else models.Event
        quotes: dict[str, list[Any]] = {}
        for row in self.quotes.to_pylist():
            quotes.setdefault(row["article_id"], []).append(_to_model(models.Quote, row))
        events: dict[str, list[Any]] = {}
        for row in self.events.to_pylist():
            for src in row["sources"]:
                if src["defined"]:
                    item: Any = _to_model(event_model, row)
                else:
                    ref = {"ref": row["id"], "evidence": src["evidence"], "note": src["note"]}
                    item = models.EventRef.model_validate({k: v for k, v in ref.items() if v is not None})
                events.setdefault(src["article_id"], []).append(item)
        for row in self.articles.to_pylist():
            article = _to_model(models.Article, row)
            yield entry_model.model_validate(
                {
                    "schema_version": self.schema_version,
                    "article": article,
                    "quotes": quotes.get(article.id, []),
                    "events": events.get(article.id, []),
                }
            )


#: Below this many bytes of decoded column data a table is parsed as one piece:
#: splitting it would cost more than it saves.
_PARALLEL_BYTES = 1 << 20
#: A larger table is parsed in at most this many groups of columns.
_GROUPS = 4


class _Serial:
    """Stands in for a thread pool on one CPU: the same ``map``, on this thread."""

    def __enter__(self) -> _Serial:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def map(self, fn: Any, items: Any) -> Iterator[Any]:
        return map(fn, items)

    def submit(self, fn: Any, *args: Any) -> Any:
        from concurrent.futures import Future

        done: Future[Any] = Future()
        try:
            done.set_result(fn(*args))
        except Exception as exc:  # noqa: BLE001 - handed to whoever asks for the result, as a pool would
            done.set_exception(exc)
        return done


def _pool(tasks: int) -> Any:
    """Two threads of our own (joined when the block ends), or this thread alone."""
    if (os.cpu_count() or 1) < 2 or tasks < 2:
        return _Serial()
    from concurrent.futures import ThreadPoolExecutor

    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="newsledger-parquet")


def _parse_parquet(data: bytes) -> pa.Table:
    """Parse one Parquet file held in memory (see :func:`_parse_parquet_files`)."""
    return _parse_parquet_files({"table": data})["table"]


def _parse_parquet_files(
    datas: Mapping[str, bytes | Callable[[], bytes]], after: Sequence[Callable[[], object]] = ()
) -> dict[str, pa.Table]:
    """Parse Parquet files held in memory, on threads of our own.

    A file given as a function is read (by calling it, on this thread, in the order
    given) only when the files before it have been handed to the threads, so the
    parsing of the first overlaps the reading of the rest; the tasks of each file
    are then queued heaviest first. Files given as bytes are planned all together.

    ``pq.read_table`` goes through Arrow's dataset scanner, whose pre-buffering
    leaves work running on Arrow's I/O and CPU pools after the call returns. When
    the interpreter exits soon after (a short script, a CLI call), that work races
    the teardown and the process dies with SIGABRT ("terminate called without an
    active exception"; apache/arrow#34314, #39862). It was 1 in 4 runs here on a
    loaded machine. So Arrow's pools are never used. Instead each large file's
    columns are split into groups of about equal size, every group of every file
    is parsed with ``use_threads=False`` on two threads of our own (the parse
    releases the GIL; the largest groups first, so the threads finish together),
    and each table is reassembled under its file's schema. Splitting across files
    matters: one column (``body``) is most of ``articles``.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    got: dict[str, bytes] = {}
    tasks: list[tuple[int, str, list[str] | None]] = []
    schemas: dict[str, pa.Schema] = {}
    metas: dict[str, Any] = {}

    def read(task: tuple[int, str, list[str] | None]) -> pa.Table:
        _, name, columns = task
        source = pq.ParquetFile(pa.BufferReader(got[name]), pre_buffer=False, metadata=metas.get(name))
        return source.read(columns=columns, use_threads=False)

    streamed = any(callable(source) for source in datas.values())
    if not streamed:
        _plan_into({name: data for name, data in datas.items() if not callable(data)}, got, tasks, schemas, metas)  # heaviest first across all
    with _pool(2 if streamed else len(tasks) + len(after)) as pool:
        pending = [pool.submit(read, task) for task in tasks]
        if streamed:
            for name, source in datas.items():
                first = len(tasks)
                _plan_into({name: source() if callable(source) else source}, got, tasks, schemas, metas)
                pending += [pool.submit(read, task) for task in tasks[first:]]
        extra = [pool.submit(job) for job in after]  # queued behind the parsing
        for job in extra:
            job.result()
        parts = [part.result() for part in pending]
    tables: dict[str, pa.Table] = {}
    columns: dict[str, dict[str, pa.ChunkedArray]] = {}
    for (_, name, group), part in zip(tasks, parts, strict=True):
        if group is None:
            tables[name] = part
        else:
            columns.setdefault(name, {}).update((column, part.column(column)) for column in part.column_names)
    for name, found in columns.items():
        schema = schemas[name]
        tables[name] = pa.Table.from_arrays([found[column] for column in schema.names], schema=schema)
    return {name: tables[name] for name in datas}


def _plan(datas: dict[str, bytes]) -> tuple[list[tuple[int, str, list[str] | None]], dict[str, pa.Schema], dict[str, Any]]:
    """The parse tasks for :func:`_parse_parquet_files`, heaviest first, as
    ``(decoded bytes, table, columns or None for all)``; with each split file's
    schema and each readable file's metadata."""
    tasks: list[tuple[int, str, list[str] | None]] = []
    schemas: dict[str, pa.Schema] = {}
    metas: dict[str, Any] = {}
    _plan_into(datas, {}, tasks, schemas, metas)
    return tasks, schemas, metas


def _plan_into(
    datas: Mapping[str, bytes],
    got: dict[str, bytes],
    tasks: list[tuple[int, str, list[str] | None]],
    schemas: dict[str, pa.Schema],
    metas: dict[str, Any],
) -> None:
    """Add the parse tasks of ``datas`` to ``tasks`` (theirs heaviest first), their
    bytes to ``got``, and their schemas and metadata (see :func:`_plan`)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    first = len(tasks)
    for name, data in datas.items():
        got[name] = data
        # Every task is weighed in decoded bytes (the footer says how many), so that
        # the threads take the heaviest first whether a table is split or not: a
        # whole table weighed by its compressed size was queued last and finished
        # alone (quotes: 1 MB on disk, 11 MB decoded at 10,000 entries).
        try:
            meta = pq.ParquetFile(pa.BufferReader(data), pre_buffer=False).metadata
        except Exception:  # noqa: BLE001 - not Parquet: the parse below says how, in one place
            tasks.append((len(data), name, None))
            continue
        metas[name] = meta
        schema = schemas[name] = meta.schema.to_arrow_schema()
        weight = dict.fromkeys(schema.names, 0)
        for rg in range(meta.num_row_groups):
            group = meta.row_group(rg)
            for i in range(group.num_columns):
                chunk = group.column(i)
                weight[chunk.path_in_schema.split(".", 1)[0]] += chunk.total_uncompressed_size
        if sum(weight.values()) < _PARALLEL_BYTES:
            tasks.append((sum(weight.values()), name, None))
            continue
        groups: list[list[str]] = [[] for _ in range(_GROUPS)]
        loads = [0] * _GROUPS
        for column in sorted(schema.names, key=lambda n: -weight[n]):  # the heaviest to the lightest group
            lightest = loads.index(min(loads))
            groups[lightest].append(column)
            loads[lightest] += weight[column]
        tasks += [(load, name, group) for load, group in zip(loads, groups, strict=True) if group]
    tasks[first:] = sorted(tasks[first:], key=lambda task: -task[0])


@functools.cache
def _record_model(name: str) -> type[BaseModel]:
    """The model rows of table ``name`` come back as: the schema's model, and for
    quotes and events a subclass of it with the ``article_id`` of the row."""
    from pydantic import Field, create_model

    from newsledger.schema import models

    if name == "retired":
        from newsledger.schema.retired import Retired

        return Retired
    if name not in _TABLE_MODELS:
        raise KeyError(f"no model for table {name!r}")
    model: type[BaseModel] = getattr(models, _TABLE_MODELS[name])
    if name not in ("quotes", "events"):
        return model
    what = "carries the quote" if name == "quotes" else "defines (curates) the event"
    record: type[BaseModel] = create_model(
        f"{model.__name__}Record",
        __base__=model,
        __module__=__name__,
        article_id=(str, Field(description=f"Id of the article whose entry {what}.")),
    )
    return record


def _to_model(model: type[BaseModel], row: dict[str, Any]) -> Any:
    """Build ``model`` from a release row: model fields only, nulls as absent, maps restored."""
    data = {key: _restore_maps(row[key], key) for key in model.model_fields if row.get(key) is not None}
    if "local_id" in row:  # quotes: the release id is "<article_id>/<local_id>"
        data["id"] = row["local_id"]
    modes = row.get("plover_modes")
    if "mode" in data and modes and len(modes) > 1:  # schema 1.1: `mode` holds the first of the curator's modes
        data["mode"] = list(modes)
    withheld = "body" in model.model_fields and row.get("body") is None
    if withheld:
        data["body"] = "withheld"  # stands in for validation only; replaced by None below
    record = model.model_validate(data)
    return record.model_copy(update={"body": None}) if withheld else record


def _restore_maps(value: Any, key: str = "") -> Any:
    """Turn every ``inferred`` list of (field, reason) pairs back into a mapping.

    Arrow has no map type that every reader understands, so releases store
    ``inferred`` (top-level and nested, e.g. in a citation) as a sorted list.
    """
    if key == "inferred" and isinstance(value, list):
        return {item["field"]: item["reason"] for item in value}
    if isinstance(value, dict):
        return {k: _restore_maps(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_restore_maps(v) for v in value]
    return value


def _require(module: str, extra: str, what: str) -> Any:
    """Import an optional dependency or say which extra provides it."""
    from importlib import import_module

    try:
        return import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"{what} needs {module}, which is not installed: pip install 'newsledger[{extra}]'",
            name=module,
        ) from exc


# --- finding a release ------------------------------------------------------


def load(
    version: str | None = None,
    *,
    base_url: str | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    timeout: float | None = None,
) -> Dataset:
    """Load a newsledger release, verified against its manifest and, for a
    published version, against the manifest hash this package pins.

    * ``version=None``: the release shipped inside this installation (no
      network); in a source checkout, a build of its ``dataset/``.
    * ``version="0.2.0"`` (or ``"v0.2.0"``): that published release. When it is
      the release embedded in this installation, that one is used, with no
      network. Otherwise it comes from the cache when a verified copy is there,
      else it is downloaded from ``base_url`` (a URL template containing
      ``{version}``; default ``$NEWSLEDGER_RELEASES_URL``, then the project's
      GitHub releases) and cached.
    * ``version="latest"``: the newest release the host's releases index
      lists; when the index cannot be reached, the embedded release, with a
      warning saying so.

    ``timeout`` (seconds, default 30) bounds each wait for the server, and each
    file must arrive within it plus its size at 64 KiB/s. ``cache_dir``
    (default ``$NEWSLEDGER_CACHE_DIR``, then the user cache directory) is where
    downloads and checkout builds are kept.

    Raises ValueError for a malformed version; ReleaseNotFound, DownloadFailed
    or TruncatedDownload when a download fails; ChecksumMismatch (naming the
    file) when any file differs from the release manifest; PinMismatch when a
    release's manifest is not the published one; ReleaseError when no release
    can be found. All but ValueError derive from NewsledgerError.
    """
    if version is None:
        embedded = embedded_release()
        if embedded is not None:
            _check_embedded(embedded)
            return Dataset.open(embedded, source="embedded")
        return Dataset.open(checkout_release(cache_dir), source="checkout")
    path, source = find_release(version, base_url=base_url, cache_dir=cache_dir, timeout=timeout)
    return Dataset.open(path, source=source)


def versions(base_url: str | None = None, *, timeout: float | None = None) -> list[str]:
    """The versions of every release the host publishes, oldest first.

    Reads the releases index published with every release (``releases.json``
    beside the release directories; see :func:`newsledger.fetch.index_url`),
    so it needs the network. ``base_url`` and ``timeout`` are as for :func:`load`.
    """
    from newsledger.fetch import versions as published

    return published(base_url, timeout=timeout)


def find_release(
    version: str,
    *,
    base_url: str | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    timeout: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Path, str]:
    """The directory of published release ``version`` and where it is from ('embedded' or 'cache').

    See :func:`load` for how a version is resolved; ``progress`` is called with
    (bytes done, bytes in all) while a release downloads.
    """
    import warnings

    from newsledger.errors import DownloadFailed, TruncatedDownload
    from newsledger.fetch import fetch_release, latest_version, normalize_version

    version = normalize_version(version)
    embedded = embedded_release()
    embedded_version = embedded.name.removeprefix("newsledger-") if embedded is not None else None
    if version == "latest":
        try:
            version = latest_version(base_url, timeout=timeout)
        except (DownloadFailed, TruncatedDownload) as exc:  # offline, or the host is unreachable
            if embedded is None or embedded_version is None:
                raise type(exc)(f"cannot tell which release is the latest: {exc}") from None
            warnings.warn(
                f"newsledger: the releases index could not be read ({exc}); using the release embedded "
                f"in this installation, {embedded_version}, which may not be the latest",
                UserWarning,
                stacklevel=3,
            )
            version = embedded_version
    if embedded is not None and version == embedded_version:
        _check_embedded(embedded)
        return embedded, "embedded"
    return fetch_release(version, base_url=base_url, cache_dir=cache_dir, timeout=timeout, progress=progress), "cache"


def _check_embedded(embedded: Path) -> None:
    """Refuse an embedded release whose manifest is not the one pinned for its version."""
    from newsledger.fetch import release_trust

    release_trust(embedded, embedded.name.removeprefix("newsledger-"))


def embedded_release() -> Path | None:
    """The release directory shipped in the wheel, or None (editable install, source tree)."""
    from importlib.resources import files
    from pathlib import Path

    data = Path(str(files("newsledger") / "_data"))
    found = sorted(p for p in data.glob("newsledger-*") if (p / "manifest.json").is_file()) if data.is_dir() else []
    if len(found) > 1:
        raise ReleaseError(f"{data} holds several releases ({', '.join(p.name for p in found)}); reinstall newsledger")
    return found[0] if found else None


def find_checkout() -> Path | None:
    """The source checkout this package runs from (pyproject.toml named newsledger, with dataset/)."""
    import tomllib
    from pathlib import Path

    for parent in Path(__file__).resolve().parents:
        pyproject = parent / "pyproject.toml"
        if pyproject.is_file() and (parent / "dataset").is_dir():
            try:
                name = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {}).get("name")
            except (OSError, tomllib.TOMLDecodeError):
                continue
            if name == "newsledger":
                return parent
    return None


def checkout_release(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Build the checkout's dataset/ into the cache (once per content) and return the release."""
    import logging
    import shutil

    from newsledger.fetch import cache_root, verify_release

    checkout = find_checkout()
    if checkout is None:
        raise ReleaseError(
            "this installation of newsledger has no embedded release (newsledger/_data) and is not "
            "running from a source checkout. Install the wheel (pip install newsledger), load a "
            "published release with newsledger.load(version='X.Y.Z'), or build one with "
            "`newsledger build --out DIR` and open it with newsledger.Dataset.open('DIR/newsledger-X.Y.Z')"
        )
    key = _content_key(checkout)
    builds = cache_root(cache_dir) / "checkout"
    entry = builds / key
    found = sorted(entry.glob("newsledger-*")) if entry.is_dir() else []
    if found:
        try:
            verify_release(found[0])
            return found[0]
        except ReleaseError as exc:  # damaged since it was built: rebuild rather than serve it
            logging.getLogger(__name__).warning(
                "cached build %s no longer verifies (%s); building it again", found[0], exc
            )
            shutil.rmtree(entry, ignore_errors=True)
    return _build_checkout(checkout, builds, entry)


def _content_key(checkout: Path) -> str:
    """Hash of what a release is built from: the dataset and newsledger's own code."""
    import hashlib

    from newsledger._version import version

    digest = hashlib.sha256(version().encode())
    for top in (checkout / "dataset", checkout / "src" / "newsledger"):
        for path in sorted(top.rglob("*")):
            rel = path.relative_to(checkout).as_posix()
            skip = any(part.startswith(".") or part in ("__pycache__", "_data") for part in path.parts)
            if path.is_file() and not skip and (top.name == "dataset" or path.suffix == ".py"):
                digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:20]


def _build_checkout(checkout: Path, builds: Path, entry: Path) -> Path:
    import shutil
    import tempfile
    from pathlib import Path

    from newsledger.release.build import build_release

    builds.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".tmp-", dir=builds))
    try:
        try:
            release = build_release(checkout / "dataset", scratch)
        except DatasetInvalid as exc:
            raise DatasetInvalid(
                f"cannot build a release from {checkout / 'dataset'}: {exc}. "
                f"Run `newsledger validate {checkout / 'dataset'}` to see every error."
            ) from exc
        (scratch / "checkout.txt").write_text(str(checkout) + "\n", encoding="utf-8")
        try:
            scratch.rename(entry)
        except OSError:  # built concurrently by another process: theirs is as good
            pass
        else:
            _prune(builds, keep=entry, checkout=checkout)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return entry / release.name


def _prune(builds: Path, keep: Path, checkout: Path) -> None:
    """Drop older builds of the same checkout: each dataset edit would otherwise add one."""
    import shutil

    for other in builds.iterdir():
        marker = other / "checkout.txt"
        if other != keep and marker.is_file() and marker.read_text(encoding="utf-8").strip() == str(checkout):
            shutil.rmtree(other, ignore_errors=True)
