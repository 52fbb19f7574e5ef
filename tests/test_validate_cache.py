"""The validation cache on a pre-commit run: one file reported, the rest from the cache.

Cross-record rules must see the dataset as it is now: a warm run on one file
reports what another file's change, addition or deletion did to it, exactly as
``--no-cache`` does; and a cache file that is damaged is ignored.
"""

from __future__ import annotations

import marshal
import os
import random
from pathlib import Path

import pytest

from newsledger.cli import main
from tests._cache_helpers import load_sealed

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
REGISTRY = """\
- {id: example-news, kind: media, name: Example News}
- {id: jane-doe, kind: person, name: Jane Doe}
- {id: amina-haddad, kind: person, name: Amina Haddad}
"""
EVENT = "haddad-2024-05-01-talks-remarks"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLEDGER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.chdir(tmp_path)


def entry(article_id: str, event: str = EVENT, url: str | None = None, ref: str | None = None) -> str:
    """The minimal entry under another id, with its event (or a ``ref``) and URL."""
    text = MINIMAL.replace("example-2024-05-02-border-talks", article_id)
    text = text.replace("https://example.com/2024/05/02/border-talks-resume", url or f"https://example.com/{article_id}")
    text = text.replace(EVENT, event)
    if ref is not None:
        start = text.index(f"  - id: {event}")
        text = text[:start] + f"  - ref: {ref}\n" + text[text.index("    evidence:", start) :]
        text = text.replace(f"    event: {event}\n", "")
    return text


def put(root: Path, article_id: str, text: str) -> Path:
    path = root / "articles" / "2024" / f"{article_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def dataset(tmp_path: Path, **entries: str) -> Path:
    root = tmp_path / "dataset"
    (root / "entities").mkdir(parents=True)
    (root / "entities" / "people.yaml").write_text(REGISTRY, encoding="utf-8")
    for article_id, text in entries.items():
        put(root, article_id, text)
    return root


def validate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["validate", "--format", "json", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out


def one(capsys: pytest.CaptureFixture[str], article_id: str) -> tuple[int, str]:
    """A warm run on one entry, checked against the same run without the cache."""
    path = f"dataset/articles/2024/{article_id}.yaml"
    warm = validate(capsys, path)
    assert warm == validate(capsys, "--no-cache", path)
    return warm


def codes(result: tuple[int, str]) -> list[str]:
    import json

    return sorted(d["code"] for d in json.loads(result[1])["diagnostics"])


def test_a_ref_broken_by_another_file_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = dataset(tmp_path, a=entry("a", "ev-a"), b=entry("b", "ev-b", ref="ev-a"))
    validate(capsys, "dataset")
    assert codes(one(capsys, "b")) == []
    put(root, "a", entry("a", "ev-a-renamed"))
    assert codes(one(capsys, "b")) == ["NL403"]


def test_a_duplicate_id_from_another_changed_file_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = dataset(tmp_path, a=entry("a", "ev-a"), b=entry("b", "ev-b"))
    validate(capsys, "dataset")
    assert codes(one(capsys, "b")) == []
    put(root, "a", entry("a", "ev-b"))  # a comes first: b's event is now the repeat
    result = one(capsys, "b")
    assert codes(result) == ["NL401"] and "dataset/articles/2024/a.yaml" in result[1]


def test_a_file_changed_without_a_new_size_is_noticed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = dataset(tmp_path, a=entry("a", "ev-1"), b=entry("b", "ev-2"))
    validate(capsys, "dataset")
    path = put(root, "a", entry("a", "ev-2"))  # same length
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert codes(one(capsys, "b")) == ["NL401"]


def test_an_added_file_is_noticed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = dataset(tmp_path, a=entry("a", "ev-a"), c=entry("c", "ev-c", url="https://example.com/story"))
    validate(capsys, "dataset")
    assert codes(one(capsys, "c")) == []
    put(root, "b", entry("b", "ev-c", url="https://www.example.com/story/"))
    assert codes(one(capsys, "c")) == ["NL401", "NL404"]


def test_a_deleted_files_ids_no_longer_count(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = dataset(tmp_path, a=entry("a", "ev-x"), b=entry("b", "ev-x"), c=entry("c", "ev-c", ref="ev-x"))
    validate(capsys, "dataset")
    assert codes(one(capsys, "b")) == ["NL401"]
    (root / "articles" / "2024" / "a.yaml").unlink()
    assert codes(one(capsys, "b")) == []
    assert codes(one(capsys, "c")) == []
    (root / "articles" / "2024" / "b.yaml").unlink()
    assert codes(one(capsys, "c")) == ["NL403"]


def test_an_invalid_file_elsewhere_still_counts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = dataset(tmp_path, a=entry("a", "ev-a"), b=entry("b", "ev-b", ref="ev-a"))
    validate(capsys, "dataset")
    put(root, "a", entry("a", "ev-a").replace("genre: news", "genre: gossip"))  # a schema error
    assert codes(one(capsys, "b")) == []  # the invalid entry may still define ev-a: its error is enough
    put(root, "a", entry("a", "ev-z").replace("genre: news", "genre: gossip"))
    assert codes(one(capsys, "b")) == ["NL403"]  # ev-a is nowhere, not even in the invalid entry
    put(root, "a", entry("a", "ev-a"))
    assert codes(one(capsys, "b")) == []


def test_a_warm_run_rechecks_only_what_changed(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from newsledger.validators import ahead, engine

    monkeypatch.setattr(ahead, "_can_fork", lambda: False)  # counted in this process
    root = dataset(tmp_path, **{name: entry(name, f"ev-{name}") for name in "abcdef"})
    validate(capsys, "dataset")
    checked: list[str] = []
    real = engine.check_file

    def counting(fs_path: Path, display: str, *args: object, **kwargs: object) -> engine.FileResult:
        checked.append(display)
        return real(fs_path, display, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "check_file", counting)
    path = root / "articles" / "2024" / "c.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# an edit\n", encoding="utf-8")
    other = root / "articles" / "2024" / "e.yaml"
    os.utime(other, ns=(other.stat().st_atime_ns, other.stat().st_mtime_ns + 5_000_000_000))  # touched, not edited
    assert validate(capsys, "dataset/articles/2024/c.yaml")[0] == 0
    assert checked == ["dataset/articles/2024/c.yaml"]
    checked.clear()
    assert validate(capsys, "dataset/articles/2024/c.yaml")[0] == 0
    assert checked == []


def _cache_files(tmp_path: Path) -> list[Path]:
    return sorted(p for p in (tmp_path / "cache").rglob("*.marshal") if p.is_file())


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "inconsistent"])
def test_a_damaged_cache_is_ignored(tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: str) -> None:
    root = dataset(tmp_path, a=entry("a", "ev-x"), b=entry("b", "ev-x"), c=entry("c", "ev-c", ref="ev-gone"))
    validate(capsys, "dataset")
    files = _cache_files(tmp_path)
    assert any(p.name == "state.marshal" for p in files) and any(p.parent.name == "results" for p in files)
    for path in files:
        data = path.read_bytes()
        if damage == "garbage":
            path.write_bytes(random.Random(path.name).randbytes(len(data)))
        elif damage == "truncated":
            path.write_bytes(data[: len(data) // 2])
        elif damage == "empty":
            path.write_bytes(b"")
        elif path.name == "state.marshal":  # readable, sealed, right fingerprint, columns that disagree
            from newsledger.store import Store
            from newsledger.validators.cache import _fingerprint

            store = Store(path.parent, _fingerprint())
            state = marshal.loads(store.read(path.name) or b"")
            state["ev_ids"] = state["ev_ids"][:-1]
            store.write(path.name, marshal.dumps(state))
    put(root, "c", entry("c", "ev-c", ref="ev-x") + "# edited\n")
    assert codes(one(capsys, "b")) == ["NL401"]
    assert codes(one(capsys, "c")) == []
    assert validate(capsys, "dataset") == validate(capsys, "--no-cache", "dataset")


def test_many_changes_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """More changes than are edited in place: the state is rebuilt, and stays right."""
    names = [f"e{i:03d}" for i in range(80)]
    root = dataset(tmp_path, **{n: entry(n, f"ev-{n}") for n in names})
    validate(capsys, "dataset")
    rng = random.Random(3)
    for n in rng.sample(names, 70):
        if rng.random() < 0.3:
            (root / "articles" / "2024" / f"{n}.yaml").unlink()
        else:
            put(root, n, entry(n, f"ev-{rng.choice(names)}"))
    assert validate(capsys, "dataset") == validate(capsys, "--no-cache", "dataset")
    for n in rng.sample(names, 10):
        if (root / "articles" / "2024" / f"{n}.yaml").exists():
            one(capsys, n)


def test_state_edits_in_place_match_a_rebuild() -> None:
    """The cache state's in-place row edits (one changed file) against building it afresh."""
    from newsledger.validators.cache import _State

    rng = random.Random(11)
    state = _State()
    truth: dict[str, tuple[int, int, int, int, bytes, str, object]] = {}
    for step in range(400):
        path = f"p{rng.randrange(40)}"
        if rng.random() < 0.2:
            state.set(path, None)
            truth.pop(path, None)
            continue
        events = tuple((i, f"ev{rng.randrange(9)}", rng.randrange(3) * 738000) for i in range(rng.randrange(4)))
        refs = tuple(f"ev{rng.randrange(9)}" for _ in range(rng.randrange(3)))
        summary = None if rng.random() < 0.2 else (f"id-{step}", f"url-{step}", events, refs)
        item = (rng.randrange(1000), step, rng.randrange(-1, 5), rng.randrange(99), rng.randbytes(32), rng.choice(["entry", "entities"]), summary)
        state.set(path, item)
        truth[path] = item
        if step % 50 == 0:
            state = _State(state.dump())  # through the file format too
        assert {p: state.item(r) for p, r in state.rows.items()} == truth
        assert state.rows == {p: r for r, p in enumerate(state.paths)}


def test_a_repeat_of_an_unchanged_file_is_still_reported_after_an_edit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = dataset(tmp_path, a=entry("a", "ev-x", url="https://example.com/s"), b=entry("b", "ev-x", url="https://example.com/s/"))
    validate(capsys, "dataset")
    put(root, "b", entry("b", "ev-x", url="https://example.com/s/") + "# edited\n")
    result = one(capsys, "b")
    assert codes(result) == ["NL401", "NL404"] and "dataset/articles/2024/a.yaml" in result[1]


def test_random_edits_warm_runs_match_no_cache(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Edits, additions and deletions drawn at random among a few ids, events and
    URLs (so that repeats and dangling refs are common); after each, a warm run on
    one or two files reports what a run without the cache reports."""
    rng = random.Random(2024)
    names = [f"n{i}" for i in range(12)]
    root = dataset(tmp_path)

    def draw(name: str) -> str:
        aid = name if rng.random() < 0.8 else rng.choice(names)  # sometimes not its own name
        event = f"ev-{rng.randrange(6)}"
        url = f"https://example.com/{rng.randrange(8)}"
        ref = f"ev-{rng.randrange(8)}" if rng.random() < 0.3 else None
        text = entry(aid, event, url=url, ref=ref)
        if rng.random() < 0.1:
            text = text.replace("genre: news", "genre: gossip")
        return text + "#" * rng.randrange(3) + "\n"

    for name in rng.sample(names, 8):
        put(root, name, draw(name))
    validate(capsys, "dataset")
    for _ in range(25):
        for _ in range(rng.randrange(1, 4)):
            name = rng.choice(names)
            path = root / "articles" / "2024" / f"{name}.yaml"
            if path.exists() and rng.random() < 0.25:
                path.unlink()
            else:
                put(root, name, draw(name))
                st = path.stat()
                os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + rng.randrange(1, 10**9)))
        present = sorted(p.stem for p in (root / "articles" / "2024").glob("*.yaml"))
        if not present:
            continue
        chosen = [f"dataset/articles/2024/{n}.yaml" for n in rng.sample(present, min(len(present), rng.randrange(1, 3)))]
        assert validate(capsys, *chosen) == validate(capsys, "--no-cache", *chosen), chosen
        if rng.random() < 0.3:
            assert validate(capsys, "dataset") == validate(capsys, "--no-cache", "dataset")


# --- the reported files checked ahead, in a child process --------------------------------


def _edited_pair(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = dataset(tmp_path, a=entry("a", "ev-x"), b=entry("b", "ev-b"))
    validate(capsys, "dataset")
    # b now repeats a's event and has a warning (a direct quote without a date)
    return put(root, "b", entry("b", "ev-x").replace("    said: 2024-05-01\n", "") + "# edited\n")


needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


@needs_fork
def test_a_file_checked_ahead_gives_the_same_report(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from newsledger.validators import ahead, engine

    path = _edited_pair(tmp_path, capsys)
    in_process: list[int] = []
    real_run = engine._run

    def run(todo: list[tuple[str, str, str]], *args: object, **kwargs: object) -> list[engine.FileResult]:
        in_process.append(len(todo))
        return real_run(todo, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "_run", run)
    monkeypatch.setattr(ahead, "_can_fork", lambda: True)  # even if another test left a thread running
    warm = validate(capsys, str(path.relative_to(tmp_path)))
    assert codes(warm) == ["NL401", "NL502"] and in_process == [0]  # the child's result was used
    path.write_text(path.read_text(encoding="utf-8") + "# again\n", encoding="utf-8")
    monkeypatch.setattr(ahead, "_can_fork", lambda: False)
    assert validate(capsys, str(path.relative_to(tmp_path)))[1] == warm[1]
    assert in_process[-1] == 1


@needs_fork
def test_a_child_that_fails_is_made_up_for(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from newsledger.validators import ahead, engine

    path = _edited_pair(tmp_path, capsys)
    monkeypatch.setattr(ahead, "_can_fork", lambda: True)

    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("the child fails")

    monkeypatch.setattr(engine, "_check_chunk", broken)  # only the child calls it here
    assert codes(validate(capsys, str(path.relative_to(tmp_path)))) == ["NL401", "NL502"]


@needs_fork
def test_a_result_from_before_a_change_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import functools

    from newsledger.validators import ahead, engine
    from newsledger.validators.ahead import Ahead

    monkeypatch.setattr(ahead, "_can_fork", lambda: True)
    work = (functools.partial(engine._check_chunk, records=True, digest=True), engine._unmarshal_chunk)

    path = tmp_path / "articles" / "2024" / "b.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(entry("b", "ev-b"), encoding="utf-8")
    file = (str(path), "articles/2024/b.yaml", "entry")
    early = Ahead([file], *work)
    assert early.started
    early.results = early._collect()  # the child has read the file
    assert early.take(file) is not None and early.pid is None  # and was reaped
    path.write_text(entry("b", "ev-b") + "# later\n", encoding="utf-8")
    assert early.take(file) is None
    assert early.take((str(path), "articles/2024/b.yaml", "entities")) is None
    unused = Ahead([file], *work)
    unused.close()
    assert unused.pid is None and unused.fd is None


def test_workers_collect_garbage_though_the_parent_paused_it() -> None:
    """Workers are forked while the parent's collector is paused (loading results);
    a hostile dataset's validation errors are cycles, so workers must turn it back on."""
    import gc

    from newsledger._gc import gc_paused
    from newsledger.validators.engine import _warm_worker

    threshold = gc.get_threshold()
    try:
        with gc_paused():
            assert not gc.isenabled()
            _warm_worker()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0  # what the worker started with is out of the collector's sight
            gc.disable()
        assert gc.isenabled()
    finally:  # this is not a worker: undo what the worker set up
        gc.unfreeze()
        gc.set_threshold(*threshold)


def _langcodes_imported(root: Path, entry: Path) -> tuple[bool, list[str]]:
    """Check one entry in a fresh interpreter (one process: no forked child); was langcodes imported?"""
    import json
    import subprocess
    import sys

    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from newsledger.validators.engine import check_dataset\n"
        "r = check_dataset(Path(sys.argv[1]), only=[Path(sys.argv[2])], jobs=1, want_records=False)\n"
        "print(json.dumps(['langcodes' in sys.modules, sorted(d.code for d in r.diagnostics)]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(root), str(entry)], check=True, capture_output=True, text=True)
    imported, found = json.loads(out.stdout)
    return imported, found


def test_a_language_tag_seen_valid_is_not_looked_up_again(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The cache keeps the tags of valid entries; a pre-commit run on an entry with one
    of them does not import langcodes (tens of ms), and a new tag is still checked."""
    root = dataset(tmp_path, **{"example-2024-05-02-a": entry("example-2024-05-02-a")})
    assert validate(capsys, "dataset")[0] == 0
    path = root / "articles" / "2024" / "example-2024-05-02-a.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert _langcodes_imported(root, path) == (False, [])
    path.write_text(path.read_text(encoding="utf-8").replace("language: en", "language: xx-notalanguage"), encoding="utf-8")
    imported, found = _langcodes_imported(root, path)
    assert imported and found  # an unknown tag is checked, and refused


def test_paused_block_leaves_no_young_backlog_and_keeps_a_callers_freeze() -> None:
    """What a paused block allocates must not make the next allocation walk it all
    (the young-generation count drops), garbage cycles made in the block are still
    collected, and objects a caller froze stay frozen."""
    import gc
    import weakref

    from newsledger._gc import gc_paused

    class Node:
        pass

    gc.collect()
    with gc_paused():
        kept = [[] for _ in range(50_000)]
        cycle = Node()
        cycle.me = cycle  # type: ignore[attr-defined]
        dead = weakref.ref(cycle)
        del cycle
    assert gc.isenabled()
    assert gc.get_count()[0] < 1_000, gc.get_count()
    assert dead() is not None  # not collected yet: nothing walked the block's objects
    gc.collect()
    assert dead() is None
    del kept

    frozen_thing = [object()]
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with gc_paused():
            more = [[] for _ in range(10_000)]
        assert gc.get_freeze_count() == frozen
        del more
    finally:
        gc.unfreeze()
    del frozen_thing


def _cached_record_digests(tmp_path: Path) -> set[str]:
    found: set[str] = set()
    for shard in (tmp_path / "cache").rglob("records/*.marshal"):
        found |= set(load_sealed(shard)["items"])
    return found


def test_the_cache_forgets_the_records_of_edited_and_deleted_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Record shards hold the records of the registry files as they are (entries' are
    not kept): a curator's cache must not grow with every edit, whether the next run
    checks one file or all of them."""
    import hashlib

    root = dataset(tmp_path, **{name: entry(name, f"ev-{name}") for name in "abc"})
    for part in "xyz":
        (root / "entities" / f"{part}.yaml").write_text(f"- {{id: land-{part}, kind: country, name: Land {part}}}\n", encoding="utf-8")

    def digests() -> set[str]:
        return {hashlib.sha256(p.read_bytes()).hexdigest() for p in (root / "entities").glob("*.yaml")}

    validate(capsys, "dataset")
    assert _cached_record_digests(tmp_path) == digests()
    for round_ in range(3):  # edits, each followed by a pre-commit run on the edited file
        path = root / "entities" / "y.yaml"
        path.write_text(path.read_text(encoding="utf-8") + f"# edit {round_}\n", encoding="utf-8")
        assert validate(capsys, "dataset/entities/y.yaml")[0] == 0
        assert _cached_record_digests(tmp_path) <= digests()
    (root / "entities" / "x.yaml").unlink()
    path = root / "entities" / "z.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# an edit\n", encoding="utf-8")
    validate(capsys, "dataset")
    assert _cached_record_digests(tmp_path) == digests()


def test_what_a_change_breaks_in_other_files_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Checking one file reports the errors its change causes elsewhere, at their own
    places, and nothing else about the other files; the same with or without the cache."""
    import json

    root = dataset(
        tmp_path, a=entry("a", "ev-a"), b=entry("b", "ev-b", ref="ev-a"),
        c=entry("c", "ev-c").replace("genre: news", "genre: gossip"),  # an error of its own
    )
    validate(capsys, "dataset")
    put(root, "a", entry("a", "ev-a2"))
    result = one(capsys, "a")
    found = json.loads(result[1])["diagnostics"]
    assert [(d["path"], d["code"]) for d in found] == [("dataset/articles/2024/b.yaml", "NL403")] and result[0] == 1
    assert found[0]["line"] > 0 and found[0]["col"] > 0
    put(root, "a", entry("a", "ev-a"))
    assert codes(one(capsys, "a")) == []
    registry = root / "entities" / "people.yaml"
    registry.write_text(REGISTRY.replace("id: jane-doe", "id: jane-d"), encoding="utf-8")
    warm = validate(capsys, "dataset/entities/people.yaml")
    assert warm == validate(capsys, "--no-cache", "dataset/entities/people.yaml")
    paths = {d["path"] for d in json.loads(warm[1])["diagnostics"] if d["code"] == "NL402"}
    assert paths == {f"dataset/articles/2024/{n}.yaml" for n in "ab"}  # c fails its schema: not indexed
