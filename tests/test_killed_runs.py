"""``kill -9`` at random moments of ``validate`` and ``build`` leaves nothing behind:
workers end within 2 s of their parent, the next build removes a killed build's
temporary folders, and ``build --force`` never leaves the release path empty."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc to find the workers")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "dataset"
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--entries", "1200", "--out", str(out), "--seed", "5"],
        check=True, capture_output=True,
    )
    return out


def _start(tmp_path: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NEWSLEDGER_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.Popen(
        [sys.executable, "-m", "newsledger", *args], cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], int(fields[1])


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _stat(int(entry))
            if st is not None and st[1] == pid:
                found.add(int(entry))
    return found


def _alive(pid: int) -> bool:
    st = _stat(pid)
    return st is not None and st[0] not in ("Z", "X")


def test_workers_end_within_two_seconds_of_a_killed_validate(corpus: Path, tmp_path: Path) -> None:
    rng = random.Random(1)
    killed_with_workers = 0
    for _ in range(3):
        proc = _start(tmp_path, "validate", "--no-cache", "--jobs", "2", str(corpus))
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while not workers and proc.poll() is None and time.monotonic() < deadline:
            workers = _children(proc.pid)
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 1.0))
        workers |= _children(proc.pid)
        if proc.poll() is not None:
            continue
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        killed_with_workers += bool(workers)
        end = time.monotonic() + 2.0
        while any(_alive(w) for w in workers) and time.monotonic() < end:
            time.sleep(0.05)
        left = [w for w in workers if _alive(w)]
        for w in left:
            os.kill(w, signal.SIGKILL)
        assert not left, f"workers still running 2 s after their parent was killed: {left}"
    assert killed_with_workers, "never caught validate while its workers ran"


def _verified(release: Path) -> bool:
    sums = (release / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    return bool(sums) and all(
        hashlib.sha256((release / name.lstrip("*")).read_bytes()).hexdigest() == digest
        for digest, name in (line.split(None, 1) for line in sums)
    )


def test_killed_builds_leave_nothing_and_force_never_empties_the_release(corpus: Path, tmp_path: Path) -> None:
    rng = random.Random(2)
    out = tmp_path / "out"
    build = ["build", "--dataset", str(corpus), "--out", str(out), "--version", "1.0.0", "--no-cache"]
    target = out / "newsledger-1.0.0"
    for _ in range(2):  # killed first builds: temporary folders are left
        proc = _start(tmp_path, *build)
        time.sleep(rng.uniform(1.0, 3.0))
        proc.kill()
        proc.wait()
    # A build that outran its kill published the release: replacing it is then the next step.
    again = ["--force"] if target.exists() else []
    assert subprocess.run([sys.executable, "-m", "newsledger", *build, *again], cwd=tmp_path, capture_output=True).returncode == 0
    assert sorted(p.name for p in out.iterdir()) == [target.name, "releases.json"]  # the release and the index
    first = {p.name: p.read_bytes() for p in target.iterdir() if p.is_file()}
    for _ in range(4):  # --force, killed at random moments: a whole release is always there
        proc = _start(tmp_path, *build, "--force")
        start = time.monotonic()
        while proc.poll() is None and time.monotonic() - start < rng.uniform(1.0, 8.0):
            assert target.is_dir() and _verified(target)
            time.sleep(0.01)
        proc.kill()
        proc.wait()
        assert target.is_dir() and _verified(target)
    assert subprocess.run([sys.executable, "-m", "newsledger", *build, "--force"], cwd=tmp_path, capture_output=True).returncode == 0
    assert sorted(p.name for p in out.iterdir()) == [target.name, "releases.json"]  # the release and the index
    assert {p.name: p.read_bytes() for p in target.iterdir() if p.is_file()} == first


def test_a_release_moved_aside_by_a_killed_force_build_is_put_back(tmp_path: Path) -> None:
    """Where there is no atomic exchange, --force moves the old release aside first;
    killed right then, the next build (even one without --force) puts it back."""
    out = tmp_path / "out"
    aside = out / ".newsledger-1.0.0.old-x1y2z3"
    (aside / "newsledger-1.0.0").mkdir(parents=True)
    (aside / "newsledger-1.0.0" / "manifest.json").write_text("{}", encoding="utf-8")
    (out / ".newsledger-1.0.0.tmp-abc").mkdir()
    env = {**os.environ, "NEWSLEDGER_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-m", "newsledger", "build", "--dataset", str(ROOT / "dataset"), "--out", str(out), "--version", "1.0.0"],
        cwd=tmp_path, env=env, capture_output=True, text=True,
    )
    assert done.returncode == 1 and "already exists" in done.stderr  # the old one is back, so no overwrite
    assert sorted(p.name for p in out.iterdir()) == ["newsledger-1.0.0"]
    assert (out / "newsledger-1.0.0" / "manifest.json").read_text(encoding="utf-8") == "{}"
