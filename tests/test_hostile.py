"""Hostile input to the installed ``newsledger validate``: nothing crashes, hangs or runs.

Every case of ``tests/hostile/EXPECTED.yaml`` is placed as
``articles/2024/<case>.yaml`` in a fresh dataset next to a small valid entity
registry and a valid canary entry, and the real CLI is run on the dataset in a
child process with its address space limited to 256 MiB (``RLIMIT_AS``; the
child's peak RSS from ``wait4`` is checked as well) and a hard timeout. The run
must end with the expected, located codes and exit status, within
``PER_FILE_SECONDS`` of CPU time over an ordinary run, with no traceback, no internal error,
no crash by a signal, the canary's warning still reported, and no trace of code
from the data having run.

Binary, huge and file-system cases are generated here (``GENERATORS``); small
text cases are committed files in ``tests/hostile/``. Cases with a ``bug:`` in
the manifest are strict xfails: when the fix lands they fail until the marker is
removed.
"""

from __future__ import annotations

import codecs
import json
import os
import pickle
import random
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "hostile"
MANIFEST: dict[str, Any] = yaml.safe_load((CORPUS / "EXPECTED.yaml").read_text(encoding="utf-8"))
CASES: dict[str, dict[str, Any]] = MANIFEST["cases"]
BUGS: dict[str, str] = MANIFEST["bugs"]

PER_FILE_SECONDS = 2.0  # processing one hostile file, over an ordinary run of the CLI
STARTUP_SECONDS = 5.0  # the most an ordinary run (interpreter start-up, imports) may take
MEMORY_BYTES = 256 * 1024 * 1024
HARD_TIMEOUT = 10.0  # a hang is killed here and reported as a failure (the budget is ~2 s)
MARKER = "HOSTILE-MARKER"  # what the code-execution cases try to create
CASE_DIR = "articles/2024"

REGISTRY = """\
- id: example-news
  kind: media
  name: Example News
- id: jane-doe
  kind: person
  name: Jane Doe
- id: iraq
  kind: country
  name: Iraq
  country: IRQ
"""

# Valid, and carries exactly one warning (NL502): its absence means a hostile
# file made the validator drop another file's results.
CANARY = """\
schema_version: "1.1"
article:
  id: canary-entry
  url: https://example.org/news/canary-entry
  publisher: example-news
  authors: [jane-doe]
  headline: A canary entry that every run must check
  published: 2024-11-17
  language: en
  genre: news
  rights: {text: withheld}
  body: |
    Jane Doe said: "Every file is checked."
quotes:
  - id: q1
    speaker: jane-doe
    kind: direct
    text: Every file is checked.
"""
CANARY_PATH = f"{CASE_DIR}/canary-entry.yaml"


def entry_text(
    name: str, *, headline: str = "A headline", body: str = "Jane Doe wrote this report.", extra: str = ""
) -> str:
    """A valid entry for ``articles/2024/<name>.yaml`` (plus ``extra`` top-level YAML)."""
    return (
        'schema_version: "1.1"\n'
        "article:\n"
        f"  id: {name}\n"
        f"  url: https://example.org/news/{name}\n"
        "  publisher: example-news\n"
        "  authors: [jane-doe]\n"
        f"  headline: {headline}\n"
        "  published: 2024-11-17\n"
        "  language: en\n"
        "  genre: news\n"
        "  rights: {text: withheld}\n"
        "  body: |\n"
        f"    {body}\n"
        f"{extra}"
    )


# --- generated cases ----------------------------------------------------------------

Generator = Callable[[str, Path, Path], None]  # (case name, target path, scratch dir outside the dataset)
GENERATORS: dict[str, Generator] = {}


def generator(*names: str) -> Callable[[Generator], Generator]:
    def register(func: Generator) -> Generator:
        for name in names:
            GENERATORS[name] = func
        return func

    return register


_ENCODINGS = {
    "utf16-le-bom": (codecs.BOM_UTF16_LE, "utf-16-le"),
    "utf16-be-bom": (codecs.BOM_UTF16_BE, "utf-16-be"),
    "utf32-le-bom": (codecs.BOM_UTF32_LE, "utf-32-le"),
    "utf32-be-bom": (codecs.BOM_UTF32_BE, "utf-32-be"),
    "utf16-le-no-bom": (b"", "utf-16-le"),
    "utf16-be-no-bom": (b"", "utf-16-be"),
    "utf32-le-no-bom": (b"", "utf-32-le"),
    "utf32-be-no-bom": (b"", "utf-32-be"),
    "utf8-bom": (codecs.BOM_UTF8, "utf-8"),
}


@generator(*_ENCODINGS)
def _encoded(name: str, target: Path, scratch: Path) -> None:
    bom, encoding = _ENCODINGS[name]
    target.write_bytes(bom + entry_text(name).encode(encoding))


_HEADLINE_BYTES = {
    "invalid-utf8": b"A \xff headline",
    "overlong-utf8": b"A \xc0\xaf headline",
    "utf8-encoded-surrogate": b"A \xed\xa0\x80 headline",
    "latin1-text": "Caf\u00e9 headline".encode("latin-1"),
    "nul-in-middle": b"A \x00 headline",
    "raw-terminal-escape": b"A \x1b[2J\x1b[31m headline",
    "c1-control": "A \u009b headline".encode(),
    "noncharacter": "A \ufffe headline".encode(),
}


@generator(*_HEADLINE_BYTES)
def _bad_headline(name: str, target: Path, scratch: Path) -> None:
    text = entry_text(name, headline="@HEADLINE@").encode()
    target.write_bytes(text.replace(b"@HEADLINE@", _HEADLINE_BYTES[name]))


@generator("truncated-utf8")
def _truncated(name: str, target: Path, scratch: Path) -> None:
    target.write_bytes(entry_text(name).encode() + "x: \u20ac".encode()[:-1])


@generator("binary-with-nul", "binary-without-nul")
def _binary(name: str, target: Path, scratch: Path) -> None:
    data = bytearray(random.Random(20261125).randbytes(64 * 1024))
    if name == "binary-without-nul":
        data = data.replace(b"\x00", b"\x01")
    else:
        data[100] = 0
    target.write_bytes(bytes(data))


@generator("crlf-line-endings", "cr-line-endings", "mixed-line-endings")
def _line_endings(name: str, target: Path, scratch: Path) -> None:
    text = entry_text(name, body="Jane Doe wrote this report.\n\n    It has two paragraphs.")
    if name == "crlf-line-endings":
        data = text.replace("\n", "\r\n")
    elif name == "cr-line-endings":
        data = text.replace("\n", "\r")
    else:
        lines = text.split("\n")
        data = "".join(line + ("\r\n" if i % 2 else "\n") for i, line in enumerate(lines[:-1]))
    target.write_bytes(data.encode())


@generator("huge-scalar-3mib")
def _huge_scalar(name: str, target: Path, scratch: Path) -> None:
    paragraph = "Jane Doe wrote this report, and then she wrote it again. " * 20
    body = "\n\n    ".join([paragraph] * (3 * 1024 * 1024 // len(paragraph) + 1))
    target.write_text(entry_text(name, body=body), encoding="utf-8")


@generator("body-over-one-million-characters", "long-line-valid")
def _long_line(name: str, target: Path, scratch: Path) -> None:
    size = 1_200_000 if name.startswith("body-over") else 900_000
    sentence = "Jane Doe wrote this report. "
    body = (sentence * (size // len(sentence) + 1))[:size].rstrip()
    target.write_text(entry_text(name, body=body), encoding="utf-8")


@generator("sparse-4gib")
def _sparse(name: str, target: Path, scratch: Path) -> None:
    with open(target, "wb") as fh:
        fh.truncate(4 * 1024**3)
    if target.stat().st_blocks * 512 > 1024 * 1024:  # the file system wrote real zeros
        target.unlink()
        pytest.skip("this file system does not support sparse files")


@generator("deep-flow-mappings-5000")
def _deep_flow_mappings(name: str, target: Path, scratch: Path) -> None:
    target.write_text(entry_text(name, extra="x: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n"))


@generator("deep-flow-sequences-5000")
def _deep_flow_sequences(name: str, target: Path, scratch: Path) -> None:
    target.write_text(entry_text(name, extra="x: " + "[" * 5000 + "]" * 5000 + "\n"))


@generator("deep-unclosed-flow-100000")
def _deep_unclosed(name: str, target: Path, scratch: Path) -> None:
    target.write_text("[" * 100_000 + "\n")


@generator("deep-block-mappings-1500")
def _deep_block_mappings(name: str, target: Path, scratch: Path) -> None:
    target.write_text(
        entry_text(name, extra="x:\n" + "".join(" " * i + "k:\n" for i in range(1, 1500)) + " " * 1500 + "v: 1\n")
    )


@generator("deep-block-sequences-5000", "deep-block-sequences-20000")
def _deep_block_sequences(name: str, target: Path, scratch: Path) -> None:
    depth = int(name.rsplit("-", 1)[1])
    target.write_text(entry_text(name, extra="x:\n" + "- " * depth + "deep\n"))


@generator("deep-explicit-keys-20000")
def _deep_explicit_keys(name: str, target: Path, scratch: Path) -> None:
    target.write_text(entry_text(name, extra="x:\n  " + "? " * 20000 + "deep\n"))


@generator("many-nodes-flat-list")
def _many_nodes(name: str, target: Path, scratch: Path) -> None:
    target.write_text(entry_text(name, extra="events: [" + "0," * 999_999 + "0]\n"))  # 2 MB, under the limit


@generator("many-empty-mappings", "many-errors-under-budget")
def _many_mappings(name: str, target: Path, scratch: Path) -> None:
    count = 60_000 if name == "many-empty-mappings" else 8_000
    target.write_text(entry_text(name, extra="quotes: [" + "{}, " * (count - 1) + "{}]\n"))


@generator("many-unknown-fields")
def _many_fields(name: str, target: Path, scratch: Path) -> None:
    target.write_text(entry_text(name, extra="".join(f"unknown{i}: 0\n" for i in range(4_000))))


@generator("many-unknown-entities-large-registry")
def _many_entities(name: str, target: Path, scratch: Path) -> None:
    # 2,000 more entities (countries: exempt from NL501) in four files, as a grown dataset has.
    for part in range(4):
        registry = target.parents[2] / "entities" / f"more-{part}.yaml"
        registry.write_text(
            "".join(f"- {{id: entity-{part}-{i}, kind: country, name: Entity {i}}}\n" for i in range(500))
        )
    authors = ", ".join(f"person-{i}" for i in range(5000))
    target.write_text(entry_text(name).replace("authors: [jane-doe]", f"authors: [{authors}]"))


@generator("huge-integer")
def _huge_integer(name: str, target: Path, scratch: Path) -> None:
    event = (
        "events:\n"
        "  - id: huge-integer-event\n"
        "    type: attack\n"
        "    status: occurred\n"
        "    date: 2024-11\n"
        "    location: {country: IRQ, precision: country}\n"
        "    actors: [{entity: jane-doe, role: initiator}]\n"
        f"    casualties: [{{outcome: killed, best: 1{'0' * 5000}}}]\n"
        "    summary: Something happened.\n"
        "    evidence: [Jane Doe wrote this report.]\n"
    )
    target.write_text(entry_text(name, extra=event))


@generator("directory-named-yaml")
def _directory(name: str, target: Path, scratch: Path) -> None:
    target.mkdir()


@generator("fifo-named-yaml")
def _fifo(name: str, target: Path, scratch: Path) -> None:
    os.mkfifo(target)


@generator("unreadable-file")
def _unreadable(name: str, target: Path, scratch: Path) -> None:
    target.write_text(entry_text(name))
    target.chmod(0)


def _outside(scratch: Path) -> Path:
    outside = scratch / "outside"
    outside.mkdir(exist_ok=True)
    secret = outside / "secret.yaml"
    secret.write_text(entry_text("secret", extra='x: !!python/object/apply:os.system ["touch HOSTILE-MARKER"]\n'))
    return secret


@generator("symlink-outside-dataset")
def _symlink_outside(name: str, target: Path, scratch: Path) -> None:
    target.symlink_to(_outside(scratch))


@generator("symlink-to-etc-passwd")
def _symlink_passwd(name: str, target: Path, scratch: Path) -> None:
    target.symlink_to("/etc/passwd")


@generator("symlink-to-dev-zero")
def _symlink_zero(name: str, target: Path, scratch: Path) -> None:
    target.symlink_to("/dev/zero")


@generator("symlink-to-directory-outside")
def _symlink_dir(name: str, target: Path, scratch: Path) -> None:
    target.symlink_to(_outside(scratch).parent, target_is_directory=True)


@generator("symlink-dangling")
def _symlink_dangling(name: str, target: Path, scratch: Path) -> None:
    target.symlink_to(scratch / "does-not-exist.yaml")


@generator("symlink-loop")
def _symlink_loop(name: str, target: Path, scratch: Path) -> None:
    target.symlink_to(target.name)


# --- running the CLI ------------------------------------------------------------------


def cli_command() -> list[str]:
    """The installed console script of the interpreter running the tests."""
    script = Path(sys.executable).with_name("newsledger")
    if script.exists():
        return [str(script)]
    found = shutil.which("newsledger")
    return [found] if found else [sys.executable, "-m", "newsledger"]


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    maxrss: int  # bytes
    #: CPU seconds of the process and the workers it waited for: unlike wall time,
    #: not stretched when the machine is busy.
    cpu: float = 0.0


def run_cli(args: list[str], cwd: Path, scratch: Path, *, limit_memory: bool, env: dict[str, str] | None = None) -> Run:
    """Run the CLI under the limits; the child's own peak RSS comes from wait4."""

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # the crash cases must not leave cores
        if limit_memory:
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))

    if env is None:
        env = child_env(scratch)
    scratch.mkdir(parents=True, exist_ok=True)
    out_path, err_path = scratch / "cli.stdout", scratch / "cli.stderr"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.monotonic()
        proc = subprocess.Popen(
            [*cli_command(), *args],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            preexec_fn=limits,
        )
        killer = threading.Timer(HARD_TIMEOUT, proc.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        seconds = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        proc.returncode,
        out_path.read_bytes().decode("utf-8", "replace"),
        err_path.read_bytes().decode("utf-8", "replace"),
        seconds,
        usage.ru_maxrss * 1024,
        usage.ru_utime + usage.ru_stime,
    )


def child_env(scratch: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSLEDGER_")}
    env["NEWSLEDGER_CACHE_DIR"] = str(scratch / "cache")
    env["XDG_CACHE_HOME"] = str(scratch / "xdg-cache")
    return env


def make_dataset(root: Path) -> Path:
    ds = root / "ds"
    (ds / CASE_DIR).mkdir(parents=True)
    (ds / "entities").mkdir()
    (ds / "entities" / "registry.yaml").write_text(REGISTRY, encoding="utf-8")
    (ds / CANARY_PATH).write_text(CANARY, encoding="utf-8")
    return ds


def place_case(name: str, ds: Path, scratch: Path) -> Path:
    case = CASES[name]
    target = ds / CASE_DIR / f"{name}.yaml"
    if case.get("generated"):
        GENERATORS[name](name, target, scratch)
    else:
        shutil.copyfile(CORPUS / case.get("file", f"{name}.yaml"), target)
    return target


@dataclass
class Baseline:
    seconds: float
    limit_memory: bool
    note: str
    cpu: float = 0.0


@pytest.fixture(scope="session")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Baseline:
    """An ordinary run of the CLI (registry + canary): its time, and whether RLIMIT_AS is workable."""
    root = tmp_path_factory.mktemp("hostile-baseline")
    ds = make_dataset(root)
    # Each run with a cold cache of its own, as the cases run.
    limited = [run_cli(["validate", "--format", "json", "."], ds, root / f"a{i}", limit_memory=True) for i in range(3)]
    if all(r.returncode == 0 for r in limited):
        seconds = sorted(r.seconds for r in limited)[1]
        cpu = sorted(r.cpu for r in limited)[1]
        note = "RLIMIT_AS 256 MiB"
        limit = True
    else:  # a dependency reserving address space would make RLIMIT_AS meaningless: measure RSS only
        runs = [
            run_cli(["validate", "--format", "json", "."], ds, root / f"b{i}", limit_memory=False) for i in range(3)
        ]
        assert all(r.returncode == 0 for r in runs), f"the CLI fails on a valid dataset: {runs[0].stderr}"
        seconds = sorted(r.seconds for r in runs)[1]
        cpu = sorted(r.cpu for r in runs)[1]
        note = f"RLIMIT_AS unusable (exit {limited[0].returncode}: {limited[0].stderr[:200]}); peak RSS only"
        limit = False
    assert seconds < STARTUP_SECONDS, f"an ordinary validate run takes {seconds:.2f} s"
    return Baseline(seconds, limit, note, cpu)


# --- checking one run ---------------------------------------------------------------------

_CRASH_WORDS = ("Traceback", "internal error", "Segmentation fault", "panicked", "MemoryError", "RecursionError")
_REPORT_LINE = re.compile(
    r"^(?:\S.*?:\d+:\d+: NL\d{3}(?: \[warning\])? |    |Found \d+ errors? and \d+ warnings? |All checks passed )"
)


def _registered() -> set[str]:
    from newsledger.validators.rules import all_rules

    return set(all_rules())


def check_run(
    name: str, run: Run, baseline: Baseline, paths: set[str] | None = None
) -> tuple[list[str], dict[str, list[dict[str, Any]]]]:
    """Problems with a JSON-format run, and the diagnostics grouped by path."""
    problems: list[str] = []
    if run.returncode < 0:
        problems.append(f"killed by signal {-run.returncode} after {run.seconds:.2f} s")
    for word in _CRASH_WORDS:
        if word in run.stdout or word in run.stderr:
            problems.append(f"{word!r} in the output")
    if run.stderr.strip():
        problems.append(f"unexpected stderr: {run.stderr[:300]!r}")
    if run.maxrss > MEMORY_BYTES:
        problems.append(f"peak RSS {run.maxrss / 2**20:.0f} MiB > {MEMORY_BYTES / 2**20:.0f} MiB")
    # The budget is in CPU seconds (a slow path burns them); a hang that does not is
    # killed at HARD_TIMEOUT. Wall time would fail cases on a busy machine.
    budget = min(baseline.cpu, STARTUP_SECONDS) + PER_FILE_SECONDS * (len(paths) if paths else 1)
    if run.cpu > budget:
        problems.append(f"took {run.cpu:.2f} s of CPU, {run.seconds:.2f} s in all (ordinary run {baseline.cpu:.2f} s of CPU; budget {budget:.2f} s)")
    by_path: dict[str, list[dict[str, Any]]] = {}
    try:
        doc = json.loads(run.stdout)
    except ValueError:
        problems.append(f"stdout is not the JSON report: {run.stdout[:300]!r}")
        return problems, by_path
    for d in doc["diagnostics"]:
        by_path.setdefault(d["path"], []).append(d)
    known = _registered()
    for d in doc["diagnostics"]:
        if d["code"] == "NL001":
            problems.append(f"internal error: {d['message'][:300]}")
        if d["code"] not in known:
            problems.append(f"unregistered code {d['code']}")
    canary = [d["code"] for d in by_path.get(CANARY_PATH, [])]
    if canary != ["NL502"]:
        problems.append(f"the canary entry reported {canary}, not its one NL502 warning: results were lost")
    return problems, by_path


def check_case(name: str, diagnostics: list[dict[str, Any]]) -> list[str]:
    case = CASES[name]
    problems = []
    codes = {d["code"] for d in diagnostics}
    want = set(case["codes"])
    if codes != want:
        shown = "; ".join(f"{d['line']}:{d['col']} {d['code']} {d['message'][:120]}" for d in diagnostics[:8])
        problems.append(f"codes {sorted(codes)} != expected {sorted(want)} ({shown})")
    for code, count in case.get("counts", {}).items():
        got = sum(d["code"] == code for d in diagnostics)
        if got != count:
            problems.append(f"{got} x {code}, expected {count}")
    if case.get("located", True):
        for d in diagnostics:
            if d["line"] < 1 or d["col"] < 1:
                problems.append(f"{d['code']} is not located ({d['line']}:{d['col']})")
    return problems


def _params() -> list[Any]:
    params = []
    for name, case in CASES.items():
        marks = []
        if case.get("bug"):
            bug = case["bug"]
            marks.append(pytest.mark.xfail(strict=True, reason=f"known bug {bug}: {BUGS[bug]}"))
        params.append(pytest.param(name, id=name, marks=marks))
    return params


# --- the tests ------------------------------------------------------------------------------


def test_manifest_matches_corpus() -> None:
    committed = {p.stem for p in CORPUS.glob("*.yaml") if p.name != "EXPECTED.yaml"}
    listed = {n for n, c in CASES.items() if not c.get("generated")}
    assert committed == listed, f"unlisted files: {committed - listed}; missing files: {listed - committed}"
    generated = {n for n, c in CASES.items() if c.get("generated")}
    assert generated == set(GENERATORS), (
        f"no generator: {generated - set(GENERATORS)}; not in manifest: {set(GENERATORS) - generated}"
    )
    from newsledger.validators.diagnostics import Severity
    from newsledger.validators.rules import all_rules

    known = all_rules()
    for name, case in CASES.items():
        assert set(case) <= {"why", "codes", "counts", "exit", "located", "generated", "file", "text", "bug", "root"}, (
            name
        )
        assert set(case.get("counts", {})) <= set(case["codes"]), name
        assert case.get("why"), f"{name}: say why the case is hostile"
        assert set(case["codes"]) <= set(known), f"{name}: unknown code in {case['codes']}"
        assert case.get("bug") is None or case["bug"] in BUGS, f"{name}: undocumented bug {case.get('bug')}"
        errors = any(known[c].severity is Severity.ERROR for c in case["codes"])
        assert case["exit"] == (1 if errors else 0), f"{name}: exit {case['exit']} does not follow from {case['codes']}"
    for path in CORPUS.glob("*.yaml"):
        data = path.read_bytes()
        assert b"\r" not in data, f"{path.name}: line endings are generated, not committed"
        data.decode("utf-8")


@pytest.mark.parametrize("name", _params())
def test_hostile_case(name: str, tmp_path: Path, baseline: Baseline) -> None:
    case = CASES[name]
    if case.get("root") == "skip" and os.geteuid() == 0:
        pytest.skip("running as root: file permissions do not apply, so an unreadable file cannot be made")
    ds = make_dataset(tmp_path)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    place_case(name, ds, scratch)
    try:
        run = run_cli(["validate", "--format", "json", "."], ds, scratch, limit_memory=baseline.limit_memory)
        problems, by_path = check_run(name, run, baseline)
        path = f"{CASE_DIR}/{name}.yaml"
        # Cases are written in schema 1.0 and keep being read by its rules; the advice to
        # migrate them (NL507, a warning) is not what they test.
        problems += check_case(name, [d for d in by_path.get(path, []) if d["code"] != "NL507"])
        others = set(by_path) - {path, CANARY_PATH}
        if others:
            problems.append(f"diagnostics for other files: {sorted(others)}")
        if run.returncode >= 0 and run.returncode != case["exit"]:
            problems.append(f"exit {run.returncode}, expected {case['exit']}")
        if case.get("text"):
            text_run = run_cli(["validate", "."], ds, scratch / "text", limit_memory=baseline.limit_memory)
            problems += check_text_report(text_run)
        markers = [str(p) for p in tmp_path.rglob(MARKER)]
        if markers:
            problems.append(f"code from the data ran: {markers}")
    finally:
        _restore_permissions(tmp_path)
    assert not problems, f"{name} ({case['why']}; {baseline.note}):\n  " + "\n  ".join(problems)


def check_text_report(run: Run) -> list[str]:
    """The default report keeps each diagnostic on its line and prints no raw control characters."""
    problems = []
    for word in _CRASH_WORDS:
        if word in run.stdout or word in run.stderr:
            problems.append(f"text format: {word!r} in the output")
    bad = sorted(
        {f"U+{ord(c):04X}" for c in run.stdout if c != "\n" and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")}
    )
    if bad:
        problems.append(f"text format: raw control/format characters in the report: {', '.join(bad)}")
    lines = run.stdout.splitlines()
    for line in lines:
        if not _REPORT_LINE.match(line):
            problems.append(f"text format: line that is not a diagnostic, hint or summary: {line[:120]!r}")
    summaries = [line for line in lines if line.startswith(("Found ", "All checks passed"))]
    if len(summaries) != 1 or (lines and lines[-1] != summaries[0]):
        problems.append(f"text format: {len(summaries)} summary lines (a forged summary?)")
    return problems


def _restore_permissions(root: Path) -> None:
    for path in root.rglob("*"):
        if not path.is_symlink() and path.exists() and not path.is_fifo() and path.stat().st_mode & 0o777 == 0:
            path.chmod(0o644)


def _batch_names() -> list[str]:
    return [n for n, c in CASES.items() if not c.get("bug") and c.get("root") != "skip"]


def test_whole_corpus_in_one_dataset(tmp_path: Path, baseline: Baseline) -> None:
    """Every (working) case in one dataset: each file's outcome is its own, nothing is lost,
    the text report stays one line per diagnostic, and a second, cached run says the same."""
    ds = make_dataset(tmp_path)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    names = _batch_names()
    for name in names:
        place_case(name, ds, scratch)
    env = child_env(scratch)
    first = run_cli(
        ["validate", "--format", "json", "."], ds, scratch / "a", limit_memory=baseline.limit_memory, env=env
    )
    problems, by_path = check_run("batch", first, baseline, paths=set(names))
    for name in names:
        problems += [f"{name}: {p}" for p in check_case(name, [d for d in by_path.get(f"{CASE_DIR}/{name}.yaml", []) if d["code"] != "NL507"])]
    expected_exit = max(CASES[n]["exit"] for n in names)
    if first.returncode != expected_exit:
        problems.append(f"exit {first.returncode}, expected {expected_exit}")
    cached = run_cli(
        ["validate", "--format", "json", "."], ds, scratch / "b", limit_memory=baseline.limit_memory, env=env
    )
    if cached.stdout != first.stdout:
        problems.append("a second run (validation cache warm) reports differently")
    text = run_cli(["validate", "."], ds, scratch / "c", limit_memory=baseline.limit_memory, env=env)
    problems += check_text_report(text)
    text_codes = sorted(re.findall(r"^\S.*?:\d+:\d+: (NL\d{3})", text.stdout, re.MULTILINE))
    json_codes = sorted(d["code"] for ds_ in by_path.values() for d in ds_)
    if text_codes != json_codes:
        problems.append("the text and JSON reports disagree")
    if list(tmp_path.rglob(MARKER)):
        problems.append("code from the data ran")
    assert not problems, "\n  ".join(problems)


class _Payload:
    """Unpickling this runs ``touch <marker>``: what a poisoned pickle would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, (f"touch {self.marker}",))


def test_cache_outside_the_repository_and_never_trusted(tmp_path: Path, baseline: Baseline) -> None:
    """The validation cache lives in the user's cache directory: cache files
    committed to the repository or the dataset (a pickle that runs a command,
    garbage where marshal data would be) are never loaded, and validate writes
    nothing into either."""
    import hashlib

    repo = tmp_path / "repo"
    ds = make_dataset(repo)
    home = tmp_path / "home"
    home.mkdir()
    marker = tmp_path / MARKER
    poison = pickle.dumps({"fingerprint": None, "files": _Payload(marker), "records": _Payload(marker)})
    garbage = random.Random(7).randbytes(4096)
    key = hashlib.sha256(str(ds.resolve()).encode()).hexdigest()[:16]
    for base in (repo, ds):
        for rel in (f".newsledger-cache/validate/{key}", ".newsledger-cache", f".cache/newsledger/validate/{key}"):
            folder = base / rel
            (folder / "records").mkdir(parents=True, exist_ok=True)
            for name in ("index.pickle", "records.pickle"):
                (folder / name).write_bytes(poison)
            for name in ("index.marshal", "records/00.marshal"):
                (folder / name).write_bytes(garbage)
    before = sorted(str(p) for p in repo.rglob("*"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSLEDGER_")}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"))
    outputs = []
    for cwd in (repo, ds, repo):  # the third run reads the cache the others wrote
        run = run_cli(
            ["validate", "--format", "json", str(ds)],
            cwd,
            tmp_path / "run",
            limit_memory=baseline.limit_memory,
            env=env,
        )
        assert run.returncode == 0 and not run.stderr, run.stderr
        assert not marker.exists(), "validate loaded a pickle from the repository"
        codes = [(d["path"].rsplit("/", 1)[-1], d["code"]) for d in json.loads(run.stdout)["diagnostics"]]
        outputs.append(codes)
    assert outputs[0] == [("canary-entry.yaml", "NL502")] and outputs[0] == outputs[1] == outputs[2]
    assert sorted(str(p) for p in repo.rglob("*")) == before, "validate wrote into the repository or dataset"
    assert [p for p in (home / ".cache").rglob("*") if p.is_file()], (
        "the cache is expected in the user's cache directory"
    )
