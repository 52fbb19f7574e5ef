"""Environment errors (a full disk, a read-only file system) end in exit code 3 and one
line naming the path and the cause, and leave nothing half-written: a 2 MiB tmpfs
for ``--out`` and for the cache, and a read-only one."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsledger.cli import environment_error

ROOT = Path(__file__).resolve().parents[1]


def test_the_line_names_path_and_cause() -> None:
    line = environment_error(OSError(errno.ENOSPC, "No space left on device", "/srv/out/x.parquet"))
    assert line == "/srv/out/x.parquet: No space left on device (ENOSPC)"
    assert "\n" not in environment_error(OSError(errno.EACCES, "Permission\ndenied", "/a\nb"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Large enough that its release (3.3 MB) does not fit in 2 MiB, nor its validation
    cache (1.3 MB) in 512 KiB."""
    out = tmp_path_factory.mktemp("corpus") / "dataset"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--entries", "400", "--out", str(out), "--seed", "3"],
        check=True, capture_output=True,
    )
    return out


def _mount(path: Path, options: str) -> Iterator[Path]:
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


@pytest.fixture
def small(tmp_path: Path) -> Iterator[Path]:
    yield from _mount(tmp_path / "small", "size=2m")


@pytest.fixture
def tiny(tmp_path: Path) -> Iterator[Path]:
    yield from _mount(tmp_path / "tiny", "size=512k")


@pytest.fixture
def readonly(tmp_path: Path) -> Iterator[Path]:
    yield from _mount(tmp_path / "ro", "ro,size=1m")


def _newsledger(cwd: Path, cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEWSLEDGER_CACHE_DIR": str(cache)}
    return subprocess.run([sys.executable, "-m", "newsledger", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _one_line(done: subprocess.CompletedProcess[str], under: Path, cause: str) -> None:
    assert done.returncode == 3, done.stderr
    # One line (after the dataset's warnings, which a build prints before it writes).
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("newsledger:")]
    assert len(errors) == 1 and errors[0] == lines[-1], done.stderr
    assert errors[0].startswith(f"newsledger: error: {under}") and cause in errors[0], errors[0]
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


def _no_partial_cache(cache: Path) -> None:
    """No temporary file, and every cache file passes its check or is absent."""
    from tests._cache_helpers import load_sealed

    for path in cache.rglob("*"):
        assert ".tmp-" not in path.name, path
        if path.is_file():
            assert load_sealed(path) is not None, path  # the validation cache's or the rows cache's seal


def test_a_full_disk_for_out(corpus: Path, small: Path, tmp_path: Path) -> None:
    done = _newsledger(tmp_path, tmp_path / "cache", "build", "--dataset", str(corpus), "--out", str(small), "--no-cache")
    _one_line(done, small, "No space left on device (ENOSPC)")
    assert list(small.iterdir()) == []  # no release, no temporary folder


def test_a_full_disk_for_the_cache(corpus: Path, tiny: Path, tmp_path: Path) -> None:
    for args in (["validate", str(corpus)], ["build", "--dataset", str(corpus), "--out", str(tmp_path / "out")]):
        done = _newsledger(tmp_path, tiny, *args)
        _one_line(done, tiny, "No space left on device (ENOSPC)")
        assert done.stdout == ""  # no report before the error line
        _no_partial_cache(tiny)
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []
    # The same commands without the cache still work, and their answer is unchanged.
    assert _newsledger(tmp_path, tiny, "validate", "--no-cache", str(corpus)).returncode == 0


def test_a_read_only_file_system(readonly: Path, tmp_path: Path) -> None:
    dataset = ROOT / "dataset"
    done = _newsledger(tmp_path, tmp_path / "cache", "build", "--dataset", str(dataset), "--out", str(readonly / "out"))
    _one_line(done, readonly, "Read-only file system (EROFS)")
    done = _newsledger(tmp_path, readonly / "cache", "validate", str(dataset))
    _one_line(done, readonly, "Read-only file system (EROFS)")
    done = _newsledger(tmp_path, tmp_path / "cache", "validate", "--output", str(readonly / "report.txt"), str(dataset))
    _one_line(done, readonly, "Read-only file system (EROFS)")


def test_no_cache_folder_is_made_by_a_no_cache_run(tmp_path: Path) -> None:
    shutil.rmtree(tmp_path / "cache", ignore_errors=True)
    assert _newsledger(tmp_path, tmp_path / "cache", "validate", "--no-cache", str(ROOT / "dataset")).returncode == 0
    assert not (tmp_path / "cache").exists()
