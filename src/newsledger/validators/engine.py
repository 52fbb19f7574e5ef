"""Check a dataset: discover files, validate each, run cross-record rules, place findings.

Per file (in worker processes when there are many): one reading of its bytes
(:func:`newsledger.validators.yamlread.read`: values and file-level problems),
validation against the models, entry-scope rules. Then dataset-scope rules run on
a small index of every file. Findings are given line and column by the position
pass of their file (:mod:`newsledger.validators.yamllocate`), which is only run
for files that have findings and never changes what they hold. Results are cached per file content so a
pre-commit run on one changed file re-checks only that file.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsledger._gc import gc_paused
from newsledger.readyaml import file_diagnostics
from newsledger.validators.diagnostics import Diagnostic, Finding, Related, Severity, by_place, loc_to_words
from newsledger.validators.discover import _display, discover, find_root
from newsledger.validators.result import FileResult, pack_result, unpack_result
from newsledger.validators.retired import RETIRED_FILE, read_retired
from newsledger.validators.rules.dataset import (
    ENTRY_CHECKS as DATASET_ENTRY_CHECKS,
)
from newsledger.validators.rules.dataset import (
    WHOLE_DATASET,
    EntityIndex,
    EntryIndex,
    Index,
    index_entities,
    index_entry,
    run_dataset_checks,
)
from newsledger.validators.rules.index import ANY_ID, maybe_defined
from newsledger.validators.rules.meaning import ENTRY_CHECKS as MEANING_ENTRY_CHECKS
from newsledger.validators.rules.meaning import TEXT_GATED, hidden_characters, may_hide_controls, suspicious_strings
from newsledger.validators.rules.placeholder import MARK, placeholder_findings, placeholders, under
from newsledger.validators.rules.versions import ENTRY_CHECKS as VERSION_ENTRY_CHECKS
from newsledger.validators.yamlcore import resolve_plain, yaml11_hazard
from newsledger.validators.yamldecode import MAX_EXPANDED_NODES, MAX_REGISTRY_NODES, decode, read_bounded
from newsledger.validators.yamllocate import Located, Positions
from newsledger.validators.yamlread import read

if TYPE_CHECKING:
    from newsledger.validators.ahead import Ahead
    from newsledger.validators.cache import Cache

__all__ = ["FileResult", "Report", "check_dataset", "find_root"]

ENTRY_CHECKS = (*MEANING_ENTRY_CHECKS, *DATASET_ENTRY_CHECKS, *VERSION_ENTRY_CHECKS)
#: A caller's function of a valid entry's record, run where the entry is checked
#: (``check_dataset(encode=...)``); its result must marshal.
Encoder = Callable[[dict[str, Any]], Any]
PARALLEL_THRESHOLD = 200  # below this many files, worker start-up costs more than it saves


@dataclass(slots=True)
class Report:
    """The outcome of checking a dataset."""

    root: Path
    diagnostics: list[Diagnostic]
    files_checked: int
    entries: list[dict[str, Any]] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # display paths of the files reported on
    #: (display path, kind, sha256 of the bytes checked or None) of every file checked, in discovery order.
    sources: list[tuple[str, str, str | None]] = field(default_factory=list)
    #: With ``check_dataset(encode=...)``: content digest -> what ``encode`` made of
    #: the entry, for the valid entries encoded in this run.
    encoded: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors


# --- placing findings --------------------------------------------------------------


_SEVERITIES: dict[str, Severity] = {}


def _severity(code: str) -> Severity:
    found = _SEVERITIES.get(code)
    if found is None:
        from newsledger.validators.rules import all_rules

        rule = all_rules().get(code)
        found = _SEVERITIES[code] = rule.severity if rule else Severity.ERROR
    return found


def place(path: str, finding: Finding, located: Located | Positions | None, others: dict[str, Positions | None] | None = None) -> Diagnostic:
    if located is None:
        line, col = 0, 0
    elif finding.offset is not None and not finding.at_key:
        line, col = located.char_position(finding.loc, finding.offset)
    else:
        line, col = located.position(finding.loc, key=finding.at_key)
    related = []
    for rpath, rloc, msg in finding.related:
        rl = located if rpath == path else (others or {}).get(rpath)
        rline, rcol = rl.position(rloc) if rl else (0, 0)
        related.append(Related(rpath, rline, rcol, msg))
    severity = _SEVERITIES.get(finding.code) or _severity(finding.code)
    return Diagnostic(
        path, line, col, finding.code, severity, finding.message, finding.hint,
        loc_to_words(finding.loc) if finding.loc else None, tuple(related) if related else (),
    )


def _max_nodes(kind: str) -> int:
    return MAX_REGISTRY_NODES if kind == "entities" else MAX_EXPANDED_NODES


def locate_file(fs_path: Path, kind: str = "entry") -> Positions | None:
    """Positions in a file, for the findings of cross-record rules about it."""
    try:
        text, _ = decode(read_bounded(fs_path)[0])
    except OSError:
        return None
    return Positions(text, _max_nodes(kind)) if text is not None else None


# --- one file ----------------------------------------------------------------------


def check_file(fs_path: Path | str, display: str, kind: str, raw: bytes | None = None, *, records: bool = True, digest: bool = True) -> FileResult:
    """Check one file on its own (no cross-record rules). Never raises.

    With ``records=False`` the validated data is indexed as parsed, without the
    model's defaults filled in; nothing is kept for building a release. With
    ``digest=False`` (nothing will be cached) the content is not hashed.
    """
    try:
        return _check_file(fs_path, display, kind, raw, records, digest)
    except Exception as exc:  # noqa: BLE001 - a defect must not hide the other files' results
        return FileResult(
            display, kind,
            [Diagnostic(display, 0, 0, "NL001", Severity.ERROR, f"internal error while checking this file: {type(exc).__name__}: {exc}",
                        "this is a bug in newsledger; please report it with the file")],
            maybe=(ANY_ID,),
        )


def _check_file(fs_path: Path | str, display: str, kind: str, raw: bytes | None, records: bool, digest: bool) -> FileResult:
    import hashlib

    result = FileResult(display, kind)
    if raw is None:
        try:
            raw, st = read_bounded(fs_path)
        except OSError as exc:
            result.diagnostics.append(Diagnostic(display, 0, 0, "NL100", Severity.ERROR, f"cannot read the file: {exc.strerror or exc}"))
            result.maybe = (ANY_ID,)
            return result
        result.stat = (st.st_size, st.st_mtime_ns)
    if digest:
        result.digest = hashlib.sha256(raw).hexdigest()
    # One reading decides the values and the file-level problems (newsledger.read_yaml
    # is the same function); positions are looked up only for what is reported.
    reading = read(raw, max_nodes=_max_nodes(kind), size=result.stat[0] if result.stat else None)
    result.diagnostics.extend(file_diagnostics(display, reading.problems))
    text = reading.text
    if not reading.readable:
        # Not data: what it defines can be told from its text only, if it has one.
        result.maybe = () if reading.comments_only else maybe_defined(text) if text is not None else (ANY_ID,)
        return result
    findings = _check_data(fs_path, reading.data, raw, kind, result, records)
    if result.index is None and result.maybe is None:  # invalid: whatever it defines, the index lacks
        text = text if text is not None else raw.decode("utf-8", "replace")
        result.maybe = maybe_defined(text)
    if reading.located is not None:  # the reading looked at the source: its unquoted YAML 1.1 words are reported
        findings.extend(_hazards(reading.located.plain, findings))
    if findings:
        text = text if text is not None else raw.decode("utf-8", "replace")
        located = reading.located or Positions(text, _max_nodes(kind))
        if any(f.code == "NL203" for f in findings):
            _quoting(located.plain, findings)
        result.diagnostics.extend(place(display, f, located) for f in findings)
    return result


def _check_data(fs_path: Path | str, data: Any, raw: bytes, kind: str, result: FileResult, records: bool) -> list[Finding]:
    """Findings for the values of a file: shape, schema, and entry-scope rules."""
    if kind == "entry":
        if not isinstance(data, dict):
            return [Finding("NL110", (), f"an entry must be a YAML mapping, not {_shape(data)}", "start with schema_version: \"1.1\"")]
        # What the rules about hidden characters look for: "" when the file can hide none.
        hidden = hidden_characters(raw) if may_hide_controls(raw) else ""
        if MARK in raw:  # a draft's open decisions (NL320) stand in for the errors they cause
            found = list(placeholders(data))
            if found:
                return [
                    *placeholder_findings(found),
                    *(f for f in _check_entry(fs_path, data, result, hidden, records) if not under(f.loc, found)),
                ]
        return _check_entry(fs_path, data, result, hidden, records)
    if not isinstance(data, list):
        return [Finding("NL110", (), f"an entity registry file must be a YAML list, not {_shape(data)}", "start each entity with '- id: ...'")]
    return _check_entities(data, result, records)


#: Findings reported per file and source (schema errors; cross-record findings). A
#: file can hold tens of thousands of errors within the size and node limits; past
#: this many, the last one says how many more there are.
MAX_FINDINGS_PER_FILE = 200


def _capped(findings: list[Finding], total: int) -> list[Finding]:
    import dataclasses

    findings = findings[:MAX_FINDINGS_PER_FILE]
    if total > len(findings) and findings:
        last = findings[-1]
        findings[-1] = dataclasses.replace(last, message=f"{last.message} (and {total - len(findings):,} more in this file, not shown)")
    return findings


def _map_errors(exc: Any, data: Any, model: Any) -> list[Finding]:
    from newsledger.validators.rules.schema import map_error

    errors = exc.errors(include_url=False)
    return _capped([map_error(err, data, model) for err in errors[:MAX_FINDINGS_PER_FILE]], len(errors))


def _shape(data: Any) -> str:
    if data is None:
        return "an empty document"
    names: dict[type, str] = {list: "a list", dict: "a mapping", str: "a text value"}
    return names.get(type(data), f"a {type(data).__name__} value")


def _check_entry(fs_path: Path | str, data: dict[str, Any], result: FileResult, hidden: str | None, records: bool) -> list[Finding]:
    from pydantic import ValidationError

    from newsledger.schema.models import entry_model

    Entry = entry_model(data.get("schema_version"))  # an entry is read by the rules of its version
    try:
        entry = Entry.model_validate(data)
    except ValidationError as exc:
        return _map_errors(exc, data, Entry)
    # Rules read validated data; the dump (defaults filled in) is only needed to
    # build a release, and costs as much as the validation itself.
    record = entry.model_dump() if records else data
    findings: list[Finding] = []
    art = record["article"]
    folder, name = os.path.split(os.fspath(fs_path))  # as Path's parent.name, name and stem, without a Path
    folder = os.path.basename(folder)
    dot = name.rfind(".")
    stem = name[:dot] if 0 < dot < len(name) - 1 else name
    if stem != art["id"]:
        findings.append(Finding("NL114", ("article", "id"), f"article.id '{art['id']}' does not match the file name '{name}'", f"rename the file to {art['id']}.yaml"))
    year = art["published"][:4]
    if folder.isdigit() and folder != year:
        findings.append(Finding("NL114", ("article", "published"), f"the entry is in {folder}/ but was published in {year}", f"move it to articles/{year}/"))
    found = suspicious_strings(record, hidden) if hidden != "" else None  # walked once for the three rules that read it
    for check in ENTRY_CHECKS:
        if check in TEXT_GATED:
            if found:
                findings.extend(check(record, found))
        else:
            findings.extend(check(record))
    result.record = record if records else None
    result.index = index_entry(result.path, record)
    result.language = art["language"]
    return findings


def _check_entities(data: list[Any], result: FileResult, records: bool) -> list[Finding]:
    from pydantic import TypeAdapter, ValidationError

    from newsledger.schema.models import Entity

    adapter = _entities_adapter()
    try:
        entities = adapter.validate_python(data)
    except ValidationError as exc:
        _index_valid_entities(data, result)
        return _map_errors(exc, data, Entity)
    del TypeAdapter
    if not records:  # the index reads three fields: no dump of every entity for them
        result.index = [EntityIndex(result.path, (i,), e.id, e.kind, e.parent) for i, e in enumerate(entities)]
        return []
    dumped = [e.model_dump() for e in entities]
    result.record = dumped
    result.index = index_entities(result.path, dumped)
    return []


def _index_valid_entities(data: list[Any], result: FileResult) -> None:
    """Index the valid entities of a registry file that holds invalid ones, so that
    one bad entity does not make the others unknown; the ids the invalid ones give
    are only possibly defined (``maybe``)."""
    from pydantic import ValidationError

    from newsledger.schema.models import Entity

    valid: list[EntityIndex] = []
    maybe: set[str] = set()
    for i, item in enumerate(data):
        try:
            entity = Entity.model_validate(item)
        except ValidationError:
            ident = item.get("id") if isinstance(item, dict) else None
            if isinstance(ident, (str, int, float)) and not isinstance(ident, bool):
                maybe.add(str(ident))
            continue
        dumped = entity.model_dump()
        valid.append(EntityIndex(result.path, (i,), dumped["id"], dumped["kind"], dumped.get("parent")))
    result.index = valid
    result.maybe = tuple(sorted(maybe))


_ADAPTER: Any = None


def _entities_adapter() -> Any:
    global _ADAPTER
    if _ADAPTER is None:
        from pydantic import TypeAdapter

        from newsledger.schema.models import Entity

        _ADAPTER = TypeAdapter(list[Entity])
    return _ADAPTER


def _hazards(plain: dict[Any, str], findings: list[Finding]) -> list[Finding]:
    """YAML 1.1 hazards among the plain scalars (``plain``: loc -> source text)."""
    flagged = {f.loc for f in findings}
    return [
        Finding("NL103", loc, f"{_words(loc)}: unquoted {source}: {reason}", f'quote it: "{source}"')
        for loc, source in plain.items()
        if (reason := yaml11_hazard(source)) is not None and loc not in flagged
    ]


def _quoting(plain: dict[Any, str], findings: list[Finding]) -> None:
    """A type error on a plain scalar is a quoting problem, said in those words."""
    for i, f in enumerate(findings):
        if f.code == "NL203" and f.loc in plain:
            source = plain[f.loc]
            reason = yaml11_hazard(source)
            findings[i] = Finding(
                "NL103" if reason else "NL104", f.loc,
                f"{_words(f.loc)}: unquoted {source} is read as {_kind_of(source)}" + (f" ({reason})" if reason else "") + ", not text",
                f'quote it: "{source}"', f.at_key,
            ) if _expects_text(f.message) else f


def _expects_text(message: str) -> bool:
    return "expected text" in message


def _kind_of(source: str) -> str:
    value = resolve_plain(source)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    return "text"


def _words(loc: Any) -> str:
    from newsledger.validators.diagnostics import loc_to_words

    return loc_to_words(loc)


# --- the dataset -------------------------------------------------------------------


def _skipped_may_define(path: str, readable: bool) -> tuple[str, ...]:
    """What a dataset file that was reported but not checked (a ``.yml`` file, one that
    cannot be read) may define."""
    if readable:
        with contextlib.suppress(OSError):
            text, _ = decode(read_bounded(path)[0])
            if text is not None:
                return maybe_defined(text)
    return (ANY_ID,)


def _check_chunk(chunk: Sequence[tuple[str, str, str]], records: bool, digest: bool, encode: Encoder | None = None, keep: bool = True) -> bytes:
    """Check ``chunk`` and return the results marshalled. With ``encode``, valid
    entries come back with what it makes of their records (``parts``). Without
    ``keep``, entries come back without their records (entities keep theirs: the
    cache and ``build`` need them, and they are few)."""
    import marshal

    results = [_checked(fs, display, kind, records, digest) for fs, display, kind in chunk]
    if encode is not None:
        _encode_parts(results, encode)
    return marshal.dumps([
        (pack_result(r), r.record if keep or r.kind == "entities" else None, r.parts, r.language) for r in results
    ])


def _checked(fs_path: str, display: str, kind: str, records: bool, digest: bool) -> FileResult:
    """:func:`check_file`, with ``stat`` set to the file's :func:`~newsledger.validators.cache.stat_key`
    only if the file's stat is the same before and after the reading (else None:
    the cache does not keep a result it cannot tie to the file's content)."""
    if not digest:  # nothing will be cached: no stat to tie a result to
        result = check_file(fs_path, display, kind, records=records, digest=False)
        result.stat = None
        return result
    try:
        before: os.stat_result | None = os.stat(fs_path)
    except OSError:
        before = None
    result = check_file(fs_path, display, kind, records=records, digest=digest)
    if result.stat is not None:
        read, result.stat = result.stat, None
        if before is not None:
            from newsledger.validators.cache import stat_key

            with contextlib.suppress(OSError):
                after = os.stat(fs_path)
                if stat_key(before, 0) == stat_key(after, 0) and tuple(read[:2]) == (after.st_size, after.st_mtime_ns):
                    result.stat = stat_key(after)
    return result


def _encode_parts(results: list[FileResult], encode: Encoder) -> None:
    """Give each valid entry ``encode(record)``, side by side in the workers. Anything
    that goes wrong here is left for the caller to meet again (and report)."""
    for r in results:
        if r.kind != "entry" or r.record is None or r.digest is None or any(d.severity is Severity.ERROR for d in r.diagnostics):
            continue
        try:
            r.parts = encode(r.record)
        except Exception:  # noqa: BLE001 - the caller encodes it again and reports the problem
            r.parts = None


def _warm_worker(parent: int | None = None) -> None:
    import gc

    if parent is not None:  # a worker must not outlive a killed parent
        from newsledger._lifeline import tie_to_parent

        tie_to_parent(parent)

    import newsledger.schema.models  # noqa: F401

    gc.enable()  # forked while the parent had paused it (gc_paused); checking files needs it

    _entities_adapter()
    # What the worker has now (modules, models, caches) lives as long as it does:
    # out of the collector's sight. Parsing a file allocates thousands of dicts
    # and lists that die with it, cycles are rare (a validation error's
    # traceback): collect young objects ten times less often than by default.
    gc.freeze()
    gc.set_threshold(7000, 10, 10)


def _unmarshal_chunk(data: bytes) -> list[FileResult]:
    import marshal

    out = []
    for packed, record, parts, language in marshal.loads(data):
        result = unpack_result(packed)
        result.record = record
        result.parts = parts
        result.language = language
        out.append(result)
    return out


def _run(
    todo: list[tuple[str, str, str]], jobs: int, records: bool, digest: bool, encode: Encoder | None = None, keep: bool = True,
) -> Iterator[FileResult]:
    """Check the files of ``todo``, giving each result as soon as it is there (the
    caller stores them while the workers go on); with ``encode``, valid entries
    also carry what it makes of their records, and without ``keep`` entries come
    without their records."""
    workers = jobs or (os.cpu_count() or 1)
    if workers <= 1 or len(todo) < PARALLEL_THRESHOLD:
        for p, d, k in todo:
            result = _checked(p, d, k, records, digest)
            if encode is not None:
                _encode_parts([result], encode)
            if not keep and result.kind == "entry":
                result.record = None
            yield result
        return
    import functools
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = max(16, len(todo) // (workers * 32))  # small chunks: the last ones finish close together
    chunks = [todo[i : i + size] for i in range(0, len(todo), size)]
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    # Each worker imports the models as it starts (in parallel, while the others
    # start too) rather than the parent importing them before forking.
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_warm_worker, initargs=(os.getpid(),)) as pool, gc_paused():
        check = functools.partial(_check_chunk, records=records, digest=digest, encode=encode, keep=keep)
        for data in pool.map(check, chunks):
            yield from _unmarshal_chunk(data)


def check_dataset(
    root: Path,
    *,
    only: Sequence[Path] | None = None,
    jobs: int = 0,
    use_cache: bool = True,
    want_records: bool = True,
    cache: Cache | None = None,
    deleted: Sequence[Path] = (),
    encode: Encoder | None = None,
    encoded: Callable[[str], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Validate the dataset under ``root``.

    ``only`` restricts *reporting* to those files (as pre-commit passes changed
    files); cross-record rules still see the whole dataset, and the errors that
    what those files define (or, for ``deleted`` files, no longer define) causes
    in other files are reported too, at their own places (see :func:`_effects`).
    ``cache`` is the
    result cache to use (default: the dataset's own, when ``use_cache``); after
    the run it holds the records of every valid entity file, by digest. ``progress``,
    when given, is called as ``progress(files done, files in all)`` while files
    are checked (see :mod:`newsledger.progress`).

    ``encode`` (``build`` passes the release's row encoder) is run on the record of
    every valid entry, in the worker that checks it, unless ``encoded(digest)``
    says the caller has it already; a cached result that the caller has no
    encoding for is checked again to make one. What it made is in
    ``Report.encoded``, and ``Report.entities`` holds the entity records. The
    validator knows nothing of what ``encode`` makes.
    """
    from newsledger.validators.cache import Cache

    root = Path(root)
    if cache is None and use_cache:
        cache = Cache.open(root)
    if cache is not None:
        from newsledger.schema.codes import remember_languages

        remember_languages(cache.languages)  # before any check, and before forking one
    # Named files as discovery names them: through the dataset root as given, however
    # they were reached (a symlinked folder, an absolute path through a link).
    real_root = root.resolve()
    if only is not None:
        only = [_as_discovered(p, root, real_root) for p in only]
    deleted = [_as_discovered(p, root, real_root) for p in deleted]
    gone = frozenset(_display(p) for p in deleted)
    if gone and only is None:
        only = []
    focus = None if only is None else frozenset(_display(p) for p in only) | gone
    # One extra process, even when asked for one at most (--jobs 1) would not be.
    ahead = _check_ahead(root, only, cache) if cache is not None and only is not None and not want_records and jobs != 1 else None
    try:
        return _check_dataset(root, cache, only, focus, ahead, jobs, want_records, _deleted_kinds(root, deleted), encode, encoded, progress, gone)
    finally:
        if ahead is not None:
            ahead.close()


def _as_discovered(path: Path, root: Path, real_root: Path) -> Path:
    """``path`` spelt through ``root``, as :func:`discover` lists the dataset's files, if
    its folder is inside the dataset; else as given. (A file reached through another
    spelling of the same folder would otherwise not be recognised as the one checked.)"""
    path = Path(path)
    try:
        folder = path.absolute().parent.resolve()
    except (OSError, RuntimeError):
        return path
    if folder == real_root or folder.is_relative_to(real_root):
        return root / folder.relative_to(real_root) / path.name
    return path


def _check_ahead(root: Path, only: Sequence[Path], cache: Cache) -> Ahead | None:
    """Start checking the reported entries that the cache does not hold, in a child process."""
    from newsledger.validators.ahead import MAX_FILES, Ahead

    if len(only) > MAX_FILES:
        return None
    articles = root.resolve() / "articles"
    stale = []
    for p in only:
        path, display = os.fspath(p), _display(p)
        if p.name.endswith(".yaml") and p.is_file() and p.resolve().is_relative_to(articles) and cache.fresh_row(path, display, "entry") is None:
            stale.append((path, display, "entry"))
    import functools

    return Ahead(stale, functools.partial(_check_chunk, records=True, digest=True), _unmarshal_chunk)


def _encodable(result: FileResult) -> bool:
    """Whether ``encode`` would be run on this result's record: a valid entry."""
    return (
        result.kind == "entry" and result.index is not None and result.maybe is None
        and not any(d.severity is Severity.ERROR for d in result.diagnostics)
    )


def _deleted_kinds(root: Path, deleted: Sequence[Path]) -> set[str]:
    """The kinds of file ("entry", "entities") among ``deleted``, by the folder they were in."""
    entities = root.absolute() / "entities"
    return {"entities" if Path(p).absolute().is_relative_to(entities) else "entry" for p in deleted}


def _effects(cross: dict[str, list[Finding]], index: Index, focus: frozenset[str], kinds: set[str]) -> dict[str, list[Finding]]:
    """The cross-record errors in files outside ``focus`` that the focus files can
    have caused: the files being checked changed what others rely on.

    ``kinds`` are the kinds of the focus files ("entry", "entities"), deleted ones
    included. A finding elsewhere counts when the value at its place is an id the
    focus files define (a repeat of it, a ref to it), any entity reference or
    entity definition when a registry file is in focus (an entity renamed,
    removed or given another kind), or a ref to an event defined nowhere when an
    entry is in focus (an event renamed or removed). The same findings whether
    the other files come from the cache or not: nothing here depends on history.
    """
    entries = {e.path: e for e in index.entries}
    mine = [e for e in index.entries if e.path in focus]
    aids = {e.article_id for e in mine}
    urls = {e.url for e in mine}
    events = {ev for e in mine for _, ev in e.event_ids}
    registry, entry = "entities" in kinds, "entry" in kinds
    out: dict[str, list[Finding]] = {}
    for path, findings in cross.items():
        if path in focus or path == WHOLE_DATASET:
            continue
        e = entries.get(path)
        if e is None:  # an entity file
            kept = [f for f in findings if registry]
        else:
            ids = {loc: ev for loc, ev in e.event_ids}
            refs = {loc: ref for loc, ref in e.event_refs}
            entity_locs = {loc for loc, _, _ in e.entity_refs}

            def caused(f: Finding, e: EntryIndex = e, ids: dict[Any, str] = ids, refs: dict[Any, str] = refs, entity_locs: set[Any] = entity_locs) -> bool:
                if f.loc == ("article", "id"):
                    return e.article_id in aids
                if f.loc == ("article", "url"):
                    return e.url in urls
                if f.loc in ids:
                    return ids[f.loc] in events
                if f.loc in refs:
                    return refs[f.loc] in events or (entry and f.code == "NL403")
                return registry and f.loc in entity_locs

            kept = [f for f in findings if caused(f)]
        kept = [f for f in kept if _severity(f.code) is Severity.ERROR]
        if kept:
            out[path] = kept
    return out


def _not_dataset_files(named: frozenset[str], files: list[tuple[str, str, str]], found: list[Diagnostic], root: Path) -> list[Diagnostic]:
    """NL114 for each file named to be checked that is not a dataset file (not under
    articles/ or entities/, nor retired.yaml): it is not read, and must not pass as
    checked. Files discovery already reported (a .yml, a link out) are left to it."""
    known = {display for _, display, _ in files} | {d.path for d in found} | {_display(root / RETIRED_FILE)}
    return [
        Diagnostic(name, 1, 1, "NL114", Severity.ERROR,
                   "not a dataset file, so not checked: entries are read under articles/, entity registries under entities/",
                   "move it to articles/<year>/ (an entry) or entities/ (a registry), or leave it out of the dataset")
        for name in sorted(named - known) if not os.path.basename(name).startswith(".")
    ]


def _check_dataset(
    root: Path, cache: Cache | None, only: Sequence[Path] | None, focus: frozenset[str] | None, ahead: Ahead | None, jobs: int, want_records: bool,
    deleted_kinds: set[str] | None = None, encode: Encoder | None = None, encoded: Callable[[str], bool] | None = None,
    progress: Callable[[int, int], None] | None = None, gone: frozenset[str] = frozenset(),
) -> Report:
    skipped: list[tuple[str, str, bool]] = []
    files, diagnostics = discover(root, skipped)
    if focus is not None:
        diagnostics.extend(_not_dataset_files(focus - gone, files, diagnostics, root))
    # Reporting on a few entries: the other entries, if unchanged, are read from the
    # cache's summaries, without loading (or re-checking) their full results.
    # Not when an entity file is reported: NL501 reads every entry's references.
    light = (
        cache is not None and focus is not None and not want_records
        and not any(kind == "entities" and display in focus for _, display, kind in files)
        and "entities" not in (deleted_kinds or ())
    )
    results: dict[str, FileResult] = {}
    light_rows: list[int] = []
    todo: list[tuple[str, str, str]] = []
    rest = files
    with gc_paused():
        if cache is not None and light and focus is not None:
            light_rows, rest = cache.summarized(files, focus)
        for path, display, kind in rest:
            if cache is None:
                todo.append((path, display, kind))
                continue
            if encode is not None and encoded is not None and kind == "entry" and not encoded(cache.digest(path, display, kind) or ""):
                # The caller has no encoding of it: checked again to make one, without
                # loading its cached result (workers forked from a smaller process).
                todo.append((path, display, kind))
                continue
            hit = cache.get(path, display, kind, want_records or (encode is not None and kind == "entities"))
            if hit is not None and encode is not None and _encodable(hit) and not (encoded is not None and encoded(hit.digest or "")):
                hit = None  # the caller has no encoding of it: check it again, making one
            if hit is not None:
                results[display] = hit
            else:
                todo.append((path, display, kind))
    if cache:
        cache.retain({display for _, display, _ in files})
    if ahead is not None and cache is not None:
        done = [(file, ahead.take(file)) for file in todo]
        todo = [file for file, result in done if result is None]
        for _, result in done:
            if result is not None:
                results[result.path] = result
                cache.put(result)
    # Records are kept when asked for, and whenever a cache will hold them for a later build.
    records = want_records or cache is not None or encode is not None
    finished = len(files) - len(todo)
    for res in _run(todo, jobs, records=records, digest=cache is not None or encode is not None, encode=encode, keep=want_records):
        results[res.path] = res
        if progress is not None:
            finished += 1
            progress(finished, len(files))
        if cache:
            cache.put(res)
    # From here on every file's records and index are alive, and nothing made holds
    # a cycle worth collecting: a collection would walk them all (0.1 s at 10,000 entries).
    with gc_paused():
        # Rules visit files in discovery order (the first definition of an id is the one
        # not reported as a repeat), whichever of them came from the cache.
        results = {display: results[display] for _, display, _ in files if display in results}
        entries = [r.index for r in results.values() if isinstance(r.index, EntryIndex)]
        all_event_ids = None
        if cache and light:
            more, all_event_ids, whole = cache.light_entries(light_rows, entries)
            all_event_ids.update(ev for e in entries for _, ev in e.event_ids)
            # Entries whose references the focus files may have broken: whole, from the cache.
            fs_of = {display: p for p, display, _ in files}
            for row in whole:
                display = cache.path_of(row)
                res = cache.get(fs_of[display], display, "entry", False) or _checked(fs_of[display], display, "entry", False, True)
                results[display] = res
                if isinstance(res.index, EntryIndex):
                    entries.append(res.index)
                    all_event_ids.update(ev for _, ev in res.index.event_ids)
            order = {display: i for i, (_, display, _) in enumerate(files)}
            entries = sorted([*entries, *more], key=lambda e: order[e.path])
        index = Index(
            entries=entries,
            entities=[x for r in results.values() if isinstance(r.index, list) for x in r.index],
            complete=not skipped and all(r.index is not None and r.maybe is None for r in results.values()),
            # Every entry's findings: the focus files' and what they cause elsewhere (_effects).
            focus=None if focus is None else focus | {e.path for e in entries},
            all_event_ids=all_event_ids,
        )
        for r in results.values():
            if r.maybe is not None:
                (index.maybe_entities if r.kind == "entities" else index.maybe_events).update(r.maybe)
        for path, kind, readable in skipped:
            (index.maybe_entities if kind == "entities" else index.maybe_events).update(_skipped_may_define(path, readable))
        retired_file = _display(root / RETIRED_FILE)  # tombstones: read on every run, a small file
        index.retired, retired_problems = read_retired(root, retired_file)
        diagnostics.extend(retired_problems)
        cross = run_dataset_checks(index)
        elsewhere: dict[str, list[Finding]] = {}
        if focus is not None:  # findings elsewhere are dropped, unless the focus files caused them
            focus_kinds = {kind for _, display, kind in files if display in focus} | (deleted_kinds or set())
            elsewhere = _effects(cross, index, focus, focus_kinds)
            cross = {name: found for name, found in cross.items() if name in focus or name == WHOLE_DATASET}
            cross.update(elsewhere)
        fs_paths = {display: p for p, display, _ in files}
        kinds = {display: kind for _, display, kind in files}
        if (root / RETIRED_FILE).is_file():
            fs_paths[retired_file], kinds[retired_file] = os.fspath(root / RETIRED_FILE), "entities"
        # Files with findings, and the files their related places are in (the first of two duplicates).
        needed = set(cross) | {rpath for fs in cross.values() for f in fs for rpath, _, _ in f.related}
        located: dict[str, Positions | None] = {}
        for name in needed:
            located[name] = locate_file(Path(fs_paths[name]), kinds[name]) if name in fs_paths else None
        for name, findings in cross.items():
            shown = _capped(findings, len(findings))
            diagnostics.extend(place(name or _display(root), f, located[name], located) for f in shown)
        for res in results.values():
            diagnostics.extend(res.diagnostics)
        if focus is not None:
            diagnostics = [d for d in diagnostics if d.path in focus or d.path in elsewhere or d.code == "NL001"]
            # Of another file, only what this run's files caused there (not its own file-level findings).
            caused = {(name, f.code, f.message) for name, found in elsewhere.items() for f in found}
            diagnostics = [d for d in diagnostics if d.path in focus or d.code == "NL001" or (d.path, d.code, d.message) in caused]
        if cache:
            cache.add_languages({
                r.language for r in results.values()
                if r.language is not None and not any(d.severity is Severity.ERROR for d in r.diagnostics)
            })
            cache.save()
        report = Report(root, sorted(set(diagnostics), key=by_place), files_checked=len(files))
        reported = list(fs_paths)
        report.sources = [(display, r.kind, r.digest) for display, r in results.items()]
        report.files = sorted(reported if focus is None else [p for p in reported if p in focus or p in elsewhere])
        if encode is not None:
            report.encoded = {r.digest: r.parts for r in results.values() if r.parts is not None and r.digest is not None}
        if want_records or encode is not None:
            report.entities = sorted((e for r in results.values() if r.kind == "entities" and r.record for e in r.record), key=lambda e: e["id"])
        if want_records:
            report.entries = sorted((r.record for r in results.values() if r.kind == "entry" and r.record is not None), key=lambda e: e["article"]["id"])
    return report
