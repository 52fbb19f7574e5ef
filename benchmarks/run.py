"""Benchmark newsledger against baselines measured in the same run on the same files.

    python benchmarks/run.py --entries 10000 [--reuse] [--skip-100k] [--dataset DIR]

Generates (or with ``--reuse`` reuses) ``benchmarks/corpus-<N>/`` with
``generate.py`` (or benchmarks an existing dataset given with ``--dataset``),
runs every newsledger command as a subprocess of the ``newsledger`` script next
to this Python, prints a table and appends it to ``benchmarks/RESULTS.md``. At
10,000 entries it then repeats everything at 100,000 entries (reported, no
targets) unless ``--skip-100k``. See benchmarks/README.md for what each measure
means.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"  # gitignored scratch space
RESULTS = HERE / "RESULTS.md"
BIN = Path(sys.executable).parent
NEWSLEDGER = BIN / "newsledger"
CHECK_JSONSCHEMA = BIN / "check-jsonschema"
TARGET_ENTRIES = 10_000
GROWTH_ENTRIES = 100_000
TABLES = ("articles", "quotes", "events", "entities")
GB = 1024**3


# --- running a command ------------------------------------------------------------


@dataclass
class Run:
    """One finished subprocess: wall time, peak memory and output."""

    seconds: float
    peak_rss: int  # bytes: max of the sampled process-tree RSS sum and the child's ru_maxrss
    returncode: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    def failure(self) -> str:
        lines = (self.stderr.strip() or self.stdout.strip()).splitlines()
        return f"exit {self.returncode}: {lines[-1][:120] if lines else 'no output'}"


def _tree(pid: int) -> list[Any]:
    """The process and its descendants (psutil reads every process in /proc for this)."""
    import psutil

    try:
        proc = psutil.Process(pid)
        return [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return []


def _tree_rss(pid: int, procs: list[Any] | None = None) -> int:
    import psutil

    total = 0
    for p in _tree(pid) if procs is None else procs:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def run(argv: Sequence[str | Path], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run ``argv``, timing its wall clock and sampling the RSS of its process tree."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen([str(a) for a in argv], cwd=cwd, env=env, stdout=out, stderr=err)
        peak = 0
        done = threading.Event()

        def sample() -> None:
            # Listing the process tree reads all of /proc (about 1 ms of CPU): done every
            # 100 ms, while the known processes' RSS is read every 20 ms. Listing it every
            # time took a few percent of a core from the measured command on 2 cores.
            nonlocal peak
            procs: list[Any] = []
            n = 0
            while not done.wait(0.02):
                if n % 5 == 0:
                    procs = _tree(proc.pid)
                n += 1
                peak = max(peak, _tree_rss(proc.pid, procs))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(seconds, max(peak, usage.ru_maxrss * 1024), proc.returncode,
                   out.read().decode(errors="replace"), err.read().decode(errors="replace"))


def newsledger(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    return run([NEWSLEDGER, *args], cwd=cwd, env=env)


def worker(name: str, *args: str | Path) -> tuple[Run, dict[str, Any]]:
    """Run a baseline worker of this file in a fresh interpreter; it prints one JSON object."""
    result = run([sys.executable, __file__, "_worker", name, *args])
    if not result.ok:
        return result, {"error": result.failure()}
    return result, json.loads(result.stdout.strip().splitlines()[-1])


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


# --- table ------------------------------------------------------------------------


@dataclass
class Row:
    measure: str
    value: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    passed: bool | None = None
    rss: int | None = None
    note: str = ""


def _fmt_s(seconds: float) -> str:
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def _fmt_rss(rss: int | None) -> str:
    return "" if rss is None else f"{rss / 1024**2:,.0f} MB"


def _fmt_rate(per_second: float) -> str:
    return f"{per_second:,.0f} rec/s"


def na(measure: str, reason: str, target: str = "") -> Row:
    return Row(measure, f"n/a ({reason})", target=target)


def _result(row: Row, judged: bool) -> str:
    if row.passed is None:
        return "-"
    text = "pass" if row.passed else "FAIL"
    return text if judged else f"({text})"


def render(rows: Sequence[Row], judged: bool, markdown: bool) -> str:
    head = ("measure", "value", "baseline", "ratio", "target", "result", "peak RSS")
    body = [(r.measure, r.value, r.baseline, r.ratio, r.target, _result(r, judged), _fmt_rss(r.rss)) for r in rows]
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |" for cells in body]
    else:
        widths = [max(len(str(c)) for c in col) for col in zip(head, *body, strict=False)]
        lines = ["  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=False)).rstrip() for cells in (head, *body)]
        lines.insert(1, "  ".join("-" * w for w in widths))
    notes = [f"- {r.measure}: {r.note}" for r in rows if r.note]
    return "\n".join(lines + (["", *notes] if notes else []))


# --- the corpus -------------------------------------------------------------------


@dataclass
class Corpus:
    root: Path
    origin: str
    kind: str = "dataset"  # "generated", "generated with findings", or "dataset" (--dataset)
    articles: list[Path] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    bytes: int = 0
    records_by_file: dict[str, int] = field(default_factory=dict)  # filled by the parse baseline

    @property
    def records(self) -> int:
        return sum(self.records_by_file.values())

    @classmethod
    def scan(cls, root: Path, origin: str, kind: str = "dataset") -> Corpus:
        articles = sorted((root / "articles").rglob("*.yaml"))
        files = articles + sorted((root / "entities").rglob("*.yaml"))
        return cls(root, origin, kind, articles, files, sum(p.stat().st_size for p in files))


def prepare_corpus(entries: int, reuse: bool, seed: int, findings: bool = False) -> tuple[Corpus, float | None]:
    """``benchmarks/corpus-<N>/`` (``-findings``: entries that carry warnings, as real ones do)."""
    name = f"corpus-{entries}" + ("-findings" if findings else "")
    kind = "generated with findings" if findings else "generated"
    root = HERE / name
    flag = ["--findings"] if findings else []
    if reuse and (root / "articles").is_dir():
        return Corpus.scan(root, f"benchmarks/{name} (reused; generate.py {' '.join(flag)})".replace(" )", ")"), kind), None
    if root.exists():
        shutil.rmtree(root)
    started = time.perf_counter()
    subprocess.run([sys.executable, HERE / "generate.py", "--entries", str(entries), "--out", root,
                    "--seed", str(seed), *flag], check=True, stdout=subprocess.DEVNULL)
    took = time.perf_counter() - started
    command = " ".join(["generate.py", "--entries", str(entries), "--seed", str(seed), *flag])
    return Corpus.scan(root, f"benchmarks/{name} ({command})", kind), took


def _file_list(paths: Sequence[Path], name: str) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    listing = OUT / name
    listing.write_text("\n".join(str(p) for p in paths) + "\n", encoding="utf-8")
    return listing


# --- availability -------------------------------------------------------------------


def has_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


# --- measures ---------------------------------------------------------------------


@dataclass
class Context:
    corpus: Corpus
    repeat: int
    env: dict[str, str]
    cold_validate: float | None = None
    base_parse: float | None = None  # PyYAML CSafeLoader over the same files, this run
    release: Path | None = None
    rss: dict[str, int] = field(default_factory=dict)  # newsledger command -> peak RSS


def measure_startup(ctx: Context) -> list[Row]:
    runs = [newsledger("--version") for _ in range(10)]
    if not all(r.ok for r in runs):
        return [na("newsledger --version", runs[-1].failure(), "<= 0.15 s")]
    seconds = median([r.seconds for r in runs])
    rss = max(r.peak_rss for r in runs)
    ctx.rss["--version"] = rss
    return [Row("start-up: newsledger --version (median of 10)", _fmt_s(seconds), target="<= 0.15 s",
                passed=seconds <= 0.15, rss=rss)]


def measure_cold_validate(ctx: Context) -> list[Row]:
    corpus = ctx.corpus
    listing = _file_list(corpus.files, "parse-files.txt")
    counts = OUT / "parse-records.json"
    base_runs: list[Run] = []
    ours: list[Run] = []
    available = has_module("newsledger.validators.command")
    for _ in range(ctx.repeat):  # interleaved, so drift on a shared machine hits both alike
        result, info = worker("parse", listing, counts)
        if "error" in info:
            return [Row("baseline: PyYAML CSafeLoader parse", f"error ({info['error']})")]
        base_runs.append(result)
        if available:
            ours.append(newsledger("validate", "--no-cache", "--quiet", corpus.root, cwd=corpus.root, env=ctx.env))
    corpus.records_by_file = json.loads(counts.read_text())
    base = median([r.seconds for r in base_runs])
    ctx.base_parse = base
    base_row = Row("baseline: PyYAML CSafeLoader parse of all files, one process", _fmt_s(base),
                   rss=max(r.peak_rss for r in base_runs), note=f"{corpus.bytes / base / 1e6:.1f} MB/s")
    if not available:
        return [base_row, na("validate --no-cache (cold)", "not available", "<= 0.4x parse")]
    seconds = median([r.seconds for r in ours])
    ctx.cold_validate = seconds
    rss = max(r.peak_rss for r in ours)
    ctx.rss["validate (cold)"] = rss
    ratio = seconds / base
    row = Row(f"validate --no-cache DIR (cold, median of {ctx.repeat})", _fmt_s(seconds), _fmt_s(base),
              f"{ratio:.2f}x", "<= 0.4x", ratio <= 0.4, rss, note=_spread(ours, base_runs))
    if not all(r.ok for r in ours):
        row.note = f"validate did not pass cleanly ({ours[-1].failure()})"
    return [base_row, row]


def _edit(entry: Path, original: bytes, n: int) -> None:
    """Change one entry without changing its meaning: a trailing YAML comment."""
    entry.write_bytes(original + f"# benchmark edit {n}\n".encode())


def measure_warm_validate(ctx: Context) -> list[Row]:
    corpus = ctx.corpus
    if not has_module("newsledger.validators.command"):
        return [na("validate one changed entry (warm cache)", "not available", "<= 0.5 s")]
    cache = Path(ctx.env["NEWSLEDGER_CACHE_DIR"])
    shutil.rmtree(cache, ignore_errors=True)
    fill = newsledger("validate", "--quiet", corpus.root, cwd=corpus.root, env=ctx.env)
    ctx.rss["validate (cache fill)"] = fill.peak_rss
    fill_row = Row("validate DIR, filling an empty cache (a fresh CI machine)", _fmt_s(fill.seconds), rss=fill.peak_rss,
                   note="" if fill.ok else fill.failure())
    if ctx.base_parse:
        ratio = fill.seconds / ctx.base_parse
        fill_row.baseline, fill_row.ratio = _fmt_s(ctx.base_parse), f"{ratio:.2f}x"
        fill_row.target, fill_row.passed = "<= 0.6x", ratio <= 0.6 and fill.ok
    rows = [fill_row]
    entry = corpus.articles[len(corpus.articles) // 2]
    original = entry.read_bytes()
    one: list[Run] = []
    whole: list[Run] = []
    try:
        for n in range(max(3, ctx.repeat)):
            _edit(entry, original, 2 * n)
            one.append(newsledger("validate", "--quiet", entry, cwd=corpus.root, env=ctx.env))
            _edit(entry, original, 2 * n + 1)
            whole.append(newsledger("validate", "--quiet", corpus.root, cwd=corpus.root, env=ctx.env))
    finally:
        entry.write_bytes(original)
    seconds = median([r.seconds for r in one])
    rss = max(r.peak_rss for r in one)
    ctx.rss["validate (warm, one file)"] = rss
    row = Row("validate <one changed entry> (warm cache, pre-commit)", _fmt_s(seconds), target="<= 0.5 s",
              passed=seconds <= 0.5, rss=rss, note="" if all(r.ok for r in one) else one[-1].failure())
    if ctx.cold_validate and ctx.cold_validate > 2 and seconds > 0.5 * ctx.cold_validate:
        row.note = ("about as slow as a cold run: was the cache invalidated (newsledger's code changed "
                    "during the run)? " + row.note).strip()
    whole_s = median([r.seconds for r in whole])
    ctx.rss["validate (warm, whole)"] = max(r.peak_rss for r in whole)
    rows += [row, Row("validate DIR after one change (warm cache)", _fmt_s(whole_s),
                      rss=ctx.rss["validate (warm, whole)"], note="" if all(r.ok for r in whole) else whole[-1].failure())]
    return rows


def _release_dir(out: Path) -> Path | None:
    found = sorted(p for p in out.glob("newsledger-*") if p.is_dir())
    return found[0] if found else None


def measure_build(ctx: Context) -> list[Row]:
    if not has_module("newsledger.release.command"):
        return [na("build --dataset DIR --out TMP", "not available", "<= 1.5x write")]
    runs: list[Run] = []
    out = OUT / f"build-{len(ctx.corpus.articles)}"  # one at a time: a 100,000-entry release is large
    if ctx.cold_validate is None:  # --only build: validate first (untimed), so the cache is current
        newsledger("validate", "--quiet", ctx.corpus.root, cwd=ctx.corpus.root, env=ctx.env)
    for _ in range(ctx.repeat):
        shutil.rmtree(out, ignore_errors=True)
        result = newsledger("build", "--dataset", ctx.corpus.root, "--out", out, cwd=ctx.corpus.root, env=ctx.env)
        if not result.ok:
            return [Row("build --dataset DIR --out TMP", f"error ({result.failure()})", target="<= 1.5x write",
                        rss=result.peak_rss)]
        runs.append(result)
        ctx.release = _release_dir(out)
    if ctx.release is None:
        return [Row("build --dataset DIR --out TMP", "error (no newsledger-* release directory written)")]
    seconds = median([r.seconds for r in runs])
    rss = max(r.peak_rss for r in runs)
    ctx.rss["build"] = rss
    writes = [worker("write", ctx.release, OUT / "baseline-write") for _ in range(ctx.repeat)]
    infos = [info for _, info in writes]
    if any("error" in i for i in infos):
        bad = next(i for i in infos if "error" in i)
        return [Row("build --dataset DIR --out TMP", _fmt_s(seconds), f"error ({bad['error']})", rss=rss)]
    base = median([i["seconds"] for i in infos])
    ratio = seconds / base
    first = runs[0].seconds
    shutil.rmtree(out, ignore_errors=True)
    plain = newsledger("build", "--no-cache", "--dataset", ctx.corpus.root, "--out", out, cwd=ctx.corpus.root, env=ctx.env)
    ctx.rss["build --no-cache"] = plain.peak_rss
    shutil.rmtree(out, ignore_errors=True)
    newsledger("build", "--dataset", ctx.corpus.root, "--out", out, cwd=ctx.corpus.root, env=ctx.env)  # ctx.release again
    return [
        Row("baseline: pyarrow zstd Parquet + JSON Lines write of the release rows", _fmt_s(base),
            rss=max(r.peak_rss for r, _ in writes), note="rows read from the release's .jsonl first, untimed"),
        Row("build, the first after validation", _fmt_s(first), _fmt_s(base), f"{first / base:.2f}x",
            rss=runs[0].peak_rss,
            note="the validation cache is warm, the rows cache empty: every entry is checked again and its rows encoded"),
        Row(f"build --dataset DIR --out TMP (median of {ctx.repeat}, warm validation cache)", _fmt_s(seconds),
            _fmt_s(base), f"{ratio:.2f}x", "<= 1.5x", ratio <= 1.5, rss),
        Row("build --no-cache (validates and encodes everything)", _fmt_s(plain.seconds), _fmt_s(base),
            f"{plain.seconds / base:.2f}x", rss=plain.peak_rss, note="" if plain.ok else plain.failure()),
    ]


def measure_load(ctx: Context) -> list[Row]:
    if ctx.release is None:
        return [na("newsledger.load(release)", "no release: build not available", "<= 1.3x read_table")]
    reps = max(15, ctx.repeat)  # a load is ~0.1 s: a shared machine's noise needs more runs to median out
    loads, reads = [], []
    for _ in range(reps):
        loads.append(worker("load", ctx.release))
        reads.append(worker("read", ctx.release))
    load_info = [i for _, i in loads]
    read_info = [i for _, i in reads]
    if any("error" in i for i in read_info):
        return [Row("baseline: pyarrow.parquet.read_table x4", f"error ({read_info[0]['error']})")]
    base = median([i["seconds"] for i in read_info])
    base_row = Row("baseline: pyarrow.parquet.read_table of the 4 parquet files", _fmt_s(base),
                   rss=max(r.peak_rss for r, _ in reads))
    failed = next((i for i in load_info if "error" in i or "unavailable" in i), None)
    if failed is not None:
        reason = failed.get("unavailable") or failed["error"]
        return [base_row, na("newsledger.load(release)", reason, "<= 1.3x read_table")]
    seconds = median([i["seconds"] for i in load_info])
    ratio = seconds / base
    rss = max(r.peak_rss for r, _ in loads)
    ctx.rss["load"] = rss
    spread = (f"runs: newsledger {_range_s([i['seconds'] for i in load_info])}, "
              f"read_table {_range_s([i['seconds'] for i in read_info])}")
    return [base_row, Row(f"newsledger.load(release) (median of {reps}; {load_info[0]['how']})", _fmt_s(seconds),
                          _fmt_s(base), f"{ratio:.2f}x", "<= 1.3x", ratio <= 1.3, rss, note=spread)]


def _range_s(values: Sequence[float]) -> str:
    """The quartiles of a timed measure's runs, for the reader to judge its noise."""
    q = statistics.quantiles(values, n=4) if len(values) > 1 else [values[0]] * 3
    return f"{min(values):.3f}-{max(values):.3f} s (quartiles {q[0]:.3f} / {q[1]:.3f} / {q[2]:.3f} s)"


def _spread(ours: Sequence[Run], base: Sequence[Run]) -> str:
    """Each run's ratio to the baseline run next to it (they are interleaved)."""
    return "runs: " + ", ".join(f"{o.seconds / b.seconds:.2f}x" for o, b in zip(ours, base, strict=False))


def _entry_schema() -> tuple[Path, str]:
    from newsledger.schema.models import SCHEMA_VERSION  # the corpus is written in it

    committed = ROOT / "schema" / SCHEMA_VERSION / "entry.schema.json"
    if committed.is_file():
        return committed, f"schema/{SCHEMA_VERSION}/entry.schema.json"
    from newsledger.schema.export import dumps, schema_documents

    path = OUT / "entry.schema.json"
    path.write_text(dumps(schema_documents()["entry.schema.json"]), encoding="utf-8")
    return path, f"entry.schema.json generated from the models (schema/{SCHEMA_VERSION} not committed yet)"


def measure_check_jsonschema(ctx: Context, max_files: int) -> list[Row]:
    corpus = ctx.corpus
    if not CHECK_JSONSCHEMA.exists():
        return [na("check-jsonschema records/s", f"{CHECK_JSONSCHEMA} not installed")]
    schema, schema_note = _entry_schema()
    files = corpus.articles
    if len(files) > max_files:  # an evenly spread sample: the rate is per record
        step = len(files) / max_files
        files = [files[int(i * step)] for i in range(max_files)]
    seconds, failed, rss, batch = 0.0, 0, 0, 1000
    for start in range(0, len(files), batch):
        result = run([CHECK_JSONSCHEMA, "--schemafile", schema, *files[start:start + batch]])
        seconds += result.seconds
        rss = max(rss, result.peak_rss)
        if not result.ok:
            failed += 1
    by_name = corpus.records_by_file
    records = sum(by_name.get(str(p), 0) for p in files)
    theirs = records / seconds
    notes = [schema_note, f"{len(files):,} files, {records:,} records in {seconds:.1f} s, batches of {batch}"]
    if failed:
        notes.append(f"{failed} batch(es) reported schema errors or failed")
    base_row = Row("baseline: check-jsonschema --schemafile entry.schema.json", _fmt_rate(theirs), rss=rss,
                   note="; ".join(notes))
    if ctx.cold_validate is None:
        return [base_row, na("validate records/s vs check-jsonschema", "validate not available", ">= 20x")]
    ours = corpus.records / ctx.cold_validate
    ratio = ours / theirs
    return [base_row, Row("validate records/s (cold) vs check-jsonschema", _fmt_rate(ours), _fmt_rate(theirs),
                          f"{ratio:.1f}x", ">= 20x", ratio >= 20)]


def rss_row(ctx: Context) -> Row:
    if not ctx.rss:
        return na("peak RSS of newsledger commands", "nothing measured", "<= 2 GB")
    worst = max(ctx.rss, key=lambda k: ctx.rss[k])
    return Row("peak RSS, worst newsledger command", _fmt_rss(ctx.rss[worst]), target="<= 2 GB",
               passed=ctx.rss[worst] <= 2 * GB, note=f"worst: {worst}; RSS summed over the process tree")


# --- workers (run in fresh interpreters) --------------------------------------------


def _records_of(data: Any) -> int:
    if not isinstance(data, dict) or "article" not in data:
        return 0
    return 1 + len(data.get("quotes") or []) + len(data.get("events") or [])


def _work_parse(listing: str, counts_out: str) -> dict[str, Any]:
    import yaml

    counts: dict[str, int] = {}
    files = Path(listing).read_text(encoding="utf-8").splitlines()
    for name in files:
        with open(name, "rb") as fh:
            counts[name] = _records_of(yaml.load(fh, Loader=yaml.CSafeLoader))
    Path(counts_out).write_text(json.dumps(counts), encoding="utf-8")
    return {"files": len(files), "records": sum(counts.values())}


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _coerce(value: Any, typ: Any) -> Any:
    """A JSON value as the Python value pyarrow wants for ``typ`` (dates were strings in JSON)."""
    from datetime import date, datetime

    import pyarrow as pa

    if value is None:
        return None
    if pa.types.is_date(typ):
        return date.fromisoformat(value)
    if pa.types.is_timestamp(typ):
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    if pa.types.is_struct(typ):
        return {f.name: _coerce(value.get(f.name), f.type) for f in typ}
    if pa.types.is_map(typ):
        return [(k, _coerce(v, typ.item_type)) for k, v in value.items()]
    if pa.types.is_list(typ) or pa.types.is_large_list(typ):
        return [_coerce(v, typ.value_type) for v in value]
    return value


def _typed_rows(rows: list[dict[str, Any]], schema: Any) -> list[dict[str, Any]]:
    return [{f.name: _coerce(row.get(f.name), f.type) for f in schema} for row in rows]


def _work_write(release: str, out: str) -> dict[str, Any]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    source, target = Path(release), Path(out)
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    # Untimed: the rows in memory as the Python values of the release's Arrow schema.
    tables = {}
    for name in TABLES:
        schema = pq.read_schema(source / f"{name}.parquet")
        rows = _read_jsonl(source / f"{name}.jsonl")
        tables[name] = (rows, _typed_rows(rows, schema), schema)
    started = time.perf_counter()
    for name, (rows, typed, schema) in tables.items():
        table = pa.Table.from_pylist(typed, schema=schema)
        pq.write_table(table, target / f"{name}.parquet", compression="zstd")
        with open(target / f"{name}.jsonl", "w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n" for row in rows)
    return {"seconds": time.perf_counter() - started}


def _import_pyarrow() -> None:
    """Import pyarrow's modules before timing (pyarrow.dataset alone can take 0.5 s), in both load workers."""
    import pyarrow.dataset
    import pyarrow.parquet  # noqa: F401


def _work_read(release: str) -> dict[str, Any]:
    _import_pyarrow()
    import pyarrow.parquet as pq

    started = time.perf_counter()
    rows = sum(pq.read_table(Path(release) / f"{t}.parquet").num_rows for t in TABLES)
    return {"seconds": time.perf_counter() - started, "rows": rows}


def _load_call(release: Path) -> tuple[Callable[[], Any], str] | None:
    """How this version of ``newsledger.load`` loads a release directory, if it can."""
    import inspect

    import newsledger

    params = inspect.signature(newsledger.load).parameters
    for name in ("path", "directory", "release_dir", "source", "root", "from_path"):
        if name in params:
            return (lambda key=name: newsledger.load(**{key: release})), f"load({name}=DIR)"
    opener = getattr(getattr(newsledger, "Dataset", None), "open", None)
    if callable(opener):  # what load() itself returns: Dataset.open(<release directory>)
        return (lambda: opener(release)), "Dataset.open(DIR), the call load() ends in"
    return None


def _materialise(dataset: Any) -> int:
    """Force every table to be read (the loader may be lazy); return the row count."""
    if callable(getattr(dataset, "tables", None)):
        return sum(int(t.num_rows) for t in dataset.tables().values())
    rows = 0
    for name in TABLES:
        table = getattr(dataset, name, None)
        if table is None and isinstance(dataset, dict):
            table = dataset.get(name)
        rows += int(getattr(table, "num_rows", 0) or 0)
    return rows


def _work_load(release: str) -> dict[str, Any]:
    _import_pyarrow()
    call = _load_call(Path(release))
    if call is None:
        return {"unavailable": "no API loads a release directory (load() has no path parameter, no Dataset.open)"}
    load, how = call
    started = time.perf_counter()
    try:
        dataset = load()
        rows = _materialise(dataset)
    except NotImplementedError:
        return {"unavailable": "newsledger.load() is not implemented yet"}
    return {"seconds": time.perf_counter() - started, "rows": rows, "how": how}


WORKERS: dict[str, Callable[..., dict[str, Any]]] = {
    "parse": _work_parse, "write": _work_write, "read": _work_read, "load": _work_load,
}


def _worker_main(argv: Sequence[str]) -> int:
    print(json.dumps(WORKERS[argv[0]](*argv[1:])), flush=True)
    if argv[0] == "read":
        # pq.read_table leaves Arrow work running after it returns; an interpreter
        # exiting right after can abort in teardown (apache/arrow#34314). The
        # timing is already printed, so skip teardown in this baseline only. The
        # load worker exits normally: an abort there is newsledger's to fix.
        os._exit(0)
    return 0


# --- environment and report ------------------------------------------------------------


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _git_commit() -> str:
    def git(*args: str) -> str:
        res = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
        return res.stdout.strip() if res.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "src", "pyproject.toml")
    return f"{commit} + uncommitted changes in src/" if dirty else commit


def _compile_bytecode() -> None:
    """Compile newsledger's modules once, as installing a wheel does.

    An editable install has no bytecode until a run writes it, and where
    PYTHONDONTWRITEBYTECODE is set (as on some CI machines) no run does: every
    CLI call would then compile the package again, which an installed user
    never pays.
    """
    import newsledger

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(newsledger.__file__).parent)],
                   env=env, check=False, capture_output=True)


def environment() -> dict[str, str]:
    import psutil
    import yaml

    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    return {
        "machine": f"{_cpu_model()}, {usable} usable of {cores} logical cores, "
                   f"{psutil.virtual_memory().total / GB:.1f} GB RAM, {platform.system()} {platform.release()}",
        "versions": f"Python {platform.python_version()}, pyarrow {_version('pyarrow')}, "
                    f"PyYAML {_version('PyYAML')} (libyaml {'yes' if yaml.__with_libyaml__ else 'NO'}), "
                    f"pydantic {_version('pydantic')}, yaml-rs {_version('yaml-rs')}, "
                    f"check-jsonschema {_version('check-jsonschema')}",
        "newsledger": f"{_version('newsledger')} at commit {_git_commit()} (bytecode compiled first, as a wheel install does)",
    }


def corpus_line(corpus: Corpus, generated: float | None) -> str:
    made = f"; generated in {generated:.1f} s" if generated is not None else ""
    # Records are counted by the PyYAML baseline of the cold measure; a run without it has no count.
    records = f"{corpus.records:,} records" if corpus.records_by_file else "records not counted (no cold measure)"
    return (f"{corpus.origin}: {len(corpus.articles):,} entries, {records} "
            f"(articles + quotes + events), {len(corpus.files) - len(corpus.articles)} entity files, "
            f"{corpus.bytes / 1e6:.1f} MB{made}")


RESULTS_INTRO = """\
# Benchmark results

Written by `benchmarks/run.py`; see [README.md](README.md) for what each measure means.
Ratios compare against a baseline measured in the same run on the same files; the
machine is shared, so the load average during each run is given. On top, the latest
run of each corpus; below, every run as one line, newest last. Results in parentheses
are indicative: the targets are defined at 10,000 entries. Full tables and notes of
runs before this layout: `git show 03b2526:benchmarks/RESULTS.md`.
"""

#: History columns: (heading, measure-name prefix in a run's table, with the ratio)
HISTORY_COLUMNS = (
    ("--version", "start-up:", False),
    ("validate --no-cache", "validate --no-cache", True),
    ("cache fill", "validate DIR, filling", True),
    ("one changed entry", "validate <one changed entry>", False),
    ("build (warm)", "build --dataset", True),
    ("build --no-cache", "build --no-cache", True),
    ("load", "newsledger.load", True),
    ("worst peak RSS", "peak RSS, worst", False),
)


def _section_fields(section: str) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """The bullet fields (command, newsledger, corpus, load...) and the table rows
    (measure -> (value, ratio)) of one run's section."""
    bullets: dict[str, str] = {}
    rows: dict[str, tuple[str, str]] = {}
    for line in section.splitlines():
        if line.startswith("- ") and ": " in line:
            name, value = line[2:].split(": ", 1)
            bullets.setdefault(name, value)
        elif line.startswith("| ") and not line.startswith("| measure"):
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            if len(cells) >= 4:
                rows[cells[0]] = (cells[1], cells[3])
    return bullets, rows


def history_row(title: str, section: str) -> str:
    """One line of the history table for a run (``title``: its "date: N entries" heading)."""
    bullets, rows = _section_fields(section)
    date, _, size = title.partition(": ")
    commit = bullets.get("newsledger", "")
    commit = commit.split("at commit ", 1)[1].split(" (", 1)[0] if "at commit " in commit else "?"
    corpus = bullets.get("corpus", "")
    kind = "with findings" if "--findings" in corpus or "-findings" in corpus else "generated" if "generate.py" in corpus else "dataset"
    cells = [date, f"{kind}, {size.split(' (')[0]}", commit.replace("+ uncommitted changes in src/", "(+ changes)")]
    for _, prefix, with_ratio in HISTORY_COLUMNS:
        found = next((v for k, v in rows.items() if k.startswith(prefix)), None)
        if found is None:
            cells.append("")
        else:
            value, ratio = found
            cells.append(f"{value} ({ratio})" if with_ratio and ratio else value)
    cells.append(bullets.get("load average", ""))
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def _history_header() -> str:
    head = ["date", "corpus", "commit", *(h for h, _, _ in HISTORY_COLUMNS), "load average"]
    return "| " + " | ".join(head) + " |\n|" + "---|" * len(head)


def _split_results(text: str) -> tuple[dict[str, str], list[str]]:
    """The current sections (corpus label -> section) and the history lines of RESULTS.md."""
    current: dict[str, str] = {}
    history: list[str] = []
    part = ""
    for chunk in text.split("\n### ")[1:]:
        label, _, body = chunk.partition("\n")
        part = body.split("\n## History", 1)[0]
        current[label.strip()] = part.strip("\n")
    if "\n## History" in text:
        table = text.split("\n## History", 1)[1]
        history = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| date")]
    return current, history


def record_results(label: str, title: str, section: str) -> None:
    """Make ``section`` (the run's bullets and table) the current one for ``label`` and
    add its line to the history."""
    current, history = _split_results(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else ({}, [])
    current[label] = f"Run of {title}.\n\n{section.strip()}"
    history.append(history_row(title, section))
    order = sorted(current, key=lambda k: ("findings" in k, "100,000" in k, k))
    parts = [RESULTS_INTRO, "## Current", ""]
    for key in order:
        parts += [f"### {key}", "", current[key], ""]
    parts += ["## History", "", _history_header(), *history, ""]
    RESULTS.write_text("\n".join(parts), encoding="utf-8")


# --- main ---------------------------------------------------------------------------


def benchmark(corpus: Corpus, generated: float | None, args: argparse.Namespace, command: str) -> tuple[str, str, str]:
    """Run the measures on ``corpus``: (corpus label, title, section) for RESULTS.md."""
    entries = len(corpus.articles)
    repeat = args.repeat or (3 if entries <= 20_000 else 1)
    cache = OUT / f"cache-{entries}"
    env = {**os.environ, "NEWSLEDGER_CACHE_DIR": str(cache)}
    ctx = Context(corpus, repeat, env)
    rows: list[Row] = []
    steps: list[tuple[str, Callable[[], list[Row]]]] = [
        ("start-up", lambda: measure_startup(ctx)),
        ("cold validate vs PyYAML parse", lambda: measure_cold_validate(ctx)),
        ("warm validate", lambda: measure_warm_validate(ctx)),
        ("build vs pyarrow write", lambda: measure_build(ctx)),
        ("load vs read_table", lambda: measure_load(ctx)),
        ("check-jsonschema", lambda: measure_check_jsonschema(ctx, args.cjs_max_files)),
    ]
    only = set(args.only.split(",")) if args.only else None
    load_before = os.getloadavg()[0]
    for label, step in steps:
        key = label.split()[0]
        if only is not None and key not in only and not (key == "build" and "load" in only):
            continue  # (load reads the release that build writes)
        print(f"  [{entries:,} entries] {label} ...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        rows += step()
        print(f"    {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
    rows.append(rss_row(ctx))
    judged = entries == TARGET_ENTRIES
    env_info = environment()
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    title = f"{now}: {entries:,} entries" + ("" if judged else " (targets are for 10,000 entries)")
    header = [
        f"## {title}",
        "",
        f"- command: `{command}`",
        f"- load average: {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end (2 cores)",
        f"- machine: {env_info['machine']}",
        f"- versions: {env_info['versions']}",
        f"- newsledger: {env_info['newsledger']}",
        f"- corpus: {corpus_line(corpus, generated)}",
        f"- repetitions: median of {repeat} unless stated",
        "",
    ]
    print("\n".join(header[2:-1]))
    print()
    print(render(rows, judged, markdown=False))
    print()
    label = f"{corpus.kind}, {entries:,} entries"
    return label, title, "\n".join(header[2:]) + "\n" + render(rows, judged, markdown=True) + "\n"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="Benchmark newsledger against same-run baselines.")
    p.add_argument("--entries", type=int, default=TARGET_ENTRIES, help="corpus size (default: 10000)")
    p.add_argument("--reuse", action="store_true", help="reuse benchmarks/corpus-<N>/ if it exists")
    p.add_argument("--skip-100k", action="store_true", help="at 10,000 entries, do not also run 100,000")
    p.add_argument("--dataset", type=Path, help="benchmark this existing dataset directory instead of generating")
    p.add_argument("--seed", type=int, default=1, help="generator seed (default: 1)")
    p.add_argument("--corpus", choices=("plain", "findings", "both"), default="both",
                   help="generated corpora: entries without findings, entries with warnings (NL502, NL503) as real "
                        "entries have, or both (default)")
    p.add_argument("--repeat", type=int, default=0, help="repetitions per measure (default: 3, 1 above 20,000 entries)")
    p.add_argument("--cjs-max-files", type=int, default=10_000,
                   help="check-jsonschema: check at most this many entries, an even sample (default: 10000)")
    p.add_argument("--only", metavar="MEASURES",
                   help="comma-separated subset: start-up,cold,warm,build,load,check-jsonschema (load runs build too)")
    p.add_argument("--no-record", action="store_true", help="do not append to benchmarks/RESULTS.md")
    return p.parse_args(argv)


def _corpora(args: argparse.Namespace) -> Iterator[tuple[Corpus, float | None]]:
    if args.dataset is not None:
        root = args.dataset.resolve()
        yield Corpus.scan(root, f"{args.dataset} (external dataset)", f"dataset {args.dataset.name}"), None
        return
    sizes = [args.entries]
    if args.entries == TARGET_ENTRIES and not args.skip_100k:
        sizes.append(GROWTH_ENTRIES)
    kinds = {"plain": [False], "findings": [True], "both": [False, True]}[args.corpus]
    for entries in sizes:
        for findings in kinds:
            print(f"corpus of {entries:,} entries{' with findings' if findings else ''} ...", file=sys.stderr, flush=True)
            yield prepare_corpus(entries, args.reuse, args.seed, findings)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not NEWSLEDGER.exists():
        print(f"run.py: {NEWSLEDGER} not found; run with the Python of the newsledger venv", file=sys.stderr)
        return 2
    command = "python benchmarks/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
    OUT.mkdir(parents=True, exist_ok=True)
    _compile_bytecode()
    for corpus, generated in _corpora(args):
        label, title, section = benchmark(corpus, generated, args, command.strip())
        if not args.no_record:
            record_results(label, title, section)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["_worker"]:  # a baseline, in a fresh interpreter (only the stdlib is imported above)
        sys.exit(_worker_main(sys.argv[2:]))
    sys.exit(main())
