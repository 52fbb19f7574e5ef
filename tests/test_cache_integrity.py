"""The cache cannot change an answer: damage to any of its files, or an edit to a
dataset file that keeps its size and modification time, gives exactly what a
``--no-cache`` run gives, from ``validate`` and from ``build``.

Everything here goes through the command line, as a user (or a fault injector)
meets it; hanging or runaway reads are run in a subprocess with a deadline.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsledger.cli import main
from tests.test_validate_cache import dataset, entry, put

KINDS = ("state", "results", "entities", "records", "rows", "rows-index")


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSLEDGER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.chdir(tmp_path)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "internal error" not in out + err
    return code, out


def _validate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    return _run(capsys, "validate", "--format", "json", *args)


def _build(capsys: pytest.CaptureFixture[str], out: Path, *args: str) -> tuple[int, dict[str, bytes]]:
    shutil.rmtree(out, ignore_errors=True)
    code, _ = _run(capsys, "build", "--dataset", "dataset", "--out", str(out), "--version", "1.0.0", *args)
    release = out / "newsledger-1.0.0"
    files = {p.relative_to(release).as_posix(): p.read_bytes() for p in sorted(release.rglob("*")) if p.is_file()}
    return code, files


def _kind(path: Path) -> str:
    if path.name == "state.marshal":
        return "state"
    if path.name == "entities.marshal":
        return "entities"
    if path.name == "index.marshal":
        return "rows-index"
    return path.parent.name


def _cache_files(tmp_path: Path) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {kind: [] for kind in KINDS}
    for p in sorted((tmp_path / "cache").rglob("*.marshal")):
        if p.is_file() and not p.is_symlink():
            found[_kind(p)].append(p)
    return found


def _corpus(tmp_path: Path) -> Path:
    """Entries that lean on each other: a ref, a shared registry."""
    return dataset(
        tmp_path,
        a=entry("a", "ev-a"),
        b=entry("b", "ev-b", ref="ev-a"),
        c=entry("c", "ev-c"),
    )


@pytest.fixture
def warm(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    _corpus(tmp_path)
    truth = {
        "all": _validate(capsys, "--no-cache", "dataset"),
        "one": _validate(capsys, "--no-cache", "dataset/articles/2024/b.yaml"),
        "build": _build(capsys, tmp_path / "nocache", "--no-cache"),
    }
    assert truth["all"][0] == 0 and truth["build"][0] == 0  # type: ignore[index]
    assert _validate(capsys, "dataset") == truth["all"]
    assert _build(capsys, tmp_path / "fill") == truth["build"]
    files = _cache_files(tmp_path)
    assert all(files[kind] for kind in KINDS), {k: len(v) for k, v in files.items()}
    return truth


def _same_answers(tmp_path: Path, capsys: pytest.CaptureFixture[str], truth: dict[str, object]) -> None:
    assert _validate(capsys, "dataset/articles/2024/b.yaml") == truth["one"]
    assert _validate(capsys, "dataset") == truth["all"]
    assert _build(capsys, tmp_path / "out") == truth["build"]


@pytest.mark.parametrize("kind", KINDS)
def test_flipped_bits_in_any_cache_file_change_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], warm: dict[str, object], kind: str
) -> None:
    rng = random.Random(kind)
    for path in _cache_files(tmp_path)[kind]:
        data = bytearray(path.read_bytes())
        st = path.stat()
        for _ in range(3):
            at = rng.randrange(len(data))
            data[at] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # same size, same mtime
    _same_answers(tmp_path, capsys, warm)


@pytest.mark.parametrize("kind", KINDS)
def test_truncated_or_swapped_cache_files_change_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], warm: dict[str, object], kind: str
) -> None:
    files = _cache_files(tmp_path)[kind]
    for i, path in enumerate(files):
        data = path.read_bytes()
        if i % 2 == 0 or len(files) == 1:
            path.write_bytes(data[: len(data) // 2])
        else:  # a sibling's (valid, sealed) content in its place: what it holds is for other keys
            shutil.copy2(files[i - 1], path)
    _same_answers(tmp_path, capsys, warm)


@pytest.mark.parametrize("what", ["fifo", "dev-zero", "huge"])
@pytest.mark.parametrize("kind", ["state", "results", "rows", "rows-index"])
def test_cache_files_that_are_not_small_regular_files_are_misses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], warm: dict[str, object], what: str, kind: str
) -> None:
    for path in _cache_files(tmp_path)[kind]:
        path.unlink()
        if what == "fifo":
            os.mkfifo(path)
        elif what == "dev-zero":
            path.symlink_to("/dev/zero")
        else:
            with open(path, "wb") as fh:  # sparse: no disk space, 4 GiB if read
                fh.truncate(4 << 30)
    env = {**os.environ, "NEWSLEDGER_CACHE_DIR": str(tmp_path / "cache")}
    for args in (["validate", "--format", "json", "dataset"], ["build", "--dataset", "dataset", "--out", "sub", "--version", "1.0.0"]):
        done = subprocess.run(
            [sys.executable, "-m", "newsledger", *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
        )
        assert done.returncode == 0, done.stderr
        if args[0] == "validate":
            assert (done.returncode, done.stdout) == warm["all"]
    release = tmp_path / "sub" / "newsledger-1.0.0"
    built = {p.relative_to(release).as_posix(): p.read_bytes() for p in sorted(release.rglob("*")) if p.is_file()}
    assert (0, built) == warm["build"]


def test_an_edit_that_keeps_size_and_mtime_is_seen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``cp -p``/``touch -r``/``rsync -t``: same size, same mtime, other content."""
    root = _corpus(tmp_path)
    assert _validate(capsys, "dataset")[0] == 0
    assert _build(capsys, tmp_path / "first")[0] == 0
    target = root / "articles" / "2024" / "a.yaml"
    text = target.read_text(encoding="utf-8")
    edited = text.replace("ev-a", "ev-z")  # same length: b's ref to ev-a now dangles
    assert len(edited) == len(text)
    other = tmp_path / "edited.yaml"
    other.write_text(edited, encoding="utf-8")
    os.utime(other, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns))
    subprocess.run(["cp", "-p", str(other), str(target)], check=True)  # content, mode and times
    subprocess.run(["touch", "-r", str(other), str(target)], check=True)
    for args in (["dataset"], ["dataset/articles/2024/b.yaml"], ["dataset/articles/2024/a.yaml"]):
        assert _validate(capsys, *args) == _validate(capsys, "--no-cache", *args)
    assert "NL403" in _validate(capsys, "dataset")[1]
    assert _build(capsys, tmp_path / "second")[0] == 1
    # Restored, with the old times again: the cached result must match the content.
    other.write_text(text, encoding="utf-8")
    os.utime(other, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns))
    subprocess.run(["cp", "-p", str(other), str(target)], check=True)
    assert _validate(capsys, "dataset") == _validate(capsys, "--no-cache", "dataset")
    assert _build(capsys, tmp_path / "third") == _build(capsys, tmp_path / "fourth", "--no-cache")


def test_a_cache_file_edited_in_place_with_its_times_kept_is_dropped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A changed letter in a cached message (same size, mtime restored) never reaches the output."""
    root = dataset(tmp_path, a=entry("a", "ev-a"), b=entry("b", "ev-b", ref="ev-gone"))
    expected = _validate(capsys, "--no-cache", "dataset")
    assert "ev-gone" in expected[1]
    _validate(capsys, "dataset")
    for path in (tmp_path / "cache").rglob("*.marshal"):
        data = path.read_bytes()
        if b"ev-gone" in data:
            st = path.stat()
            path.write_bytes(data.replace(b"ev-gone", b"ev-gonE"))
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    put(root, "a", entry("a", "ev-a") + "# touched\n")
    expected = _validate(capsys, "--no-cache", "dataset")
    assert _validate(capsys, "dataset") == expected and "ev-gonE" not in expected[1]
