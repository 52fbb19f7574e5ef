"""The built distribution: sdist -> wheel with the embedded release -> fresh venv -> load() offline.

This is how a user gets newsledger, so it is tested the same way: the standard
build front end (``python -m build``, isolated build environment) on a copy of
the source tree, the wheel installed alone into a new virtual environment, and
the data loaded from a directory outside the checkout with networking disabled
for the loader. Missing package data only shows up like this.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests._release_helpers import REPO, TABLES, closed_port_url, serve

pytestmark = pytest.mark.slow

_SKIP = {
    ".git",
    ".venv",
    "dist",
    "build",
    "release",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    ".newsledger-cache",
}


def _copy_tree(dst: Path) -> Path:
    """The checkout's files, without virtualenvs, caches and build output (a clean clone's worth)."""

    def ignore(directory: str, names: list[str]) -> set[str]:
        top = Path(directory) == REPO
        return {n for n in names if (top and n in _SKIP) or n in ("__pycache__", "_data") or n.endswith(".egg-info")}

    shutil.copytree(REPO, dst, ignore=ignore)
    return dst


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(extra)
    return env


def _run(*cmd: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env or _env(), check=False, capture_output=True, text=True, timeout=600
    )


@dataclass
class Built:
    sdist: Path
    wheel: Path
    venv_python: Path
    workdir: Path
    source: Path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    tmp = tmp_path_factory.mktemp("wheel")
    source = _copy_tree(tmp / "source")
    dist = tmp / "dist"
    # No --wheel: build makes the sdist, then the wheel *from the sdist*, proving it carries what the hook needs.
    scratch = tmp / "tmp"
    scratch.mkdir()
    done = _run(sys.executable, "-m", "build", "--outdir", dist, source, cwd=tmp, env=_env(TMPDIR=str(scratch)))
    assert done.returncode == 0, f"python -m build failed:\n{done.stdout}\n{done.stderr}"
    assert not list(scratch.glob("newsledger-wheel-*")), "the build hook left its scratch directory behind"
    (sdist,) = dist.glob("newsledger-*.tar.gz")
    (wheel,) = dist.glob("newsledger-*.whl")
    venv = tmp / "venv"
    made = _run(sys.executable, "-m", "venv", venv, cwd=tmp)
    assert made.returncode == 0, made.stderr
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    installed = _run(python, "-m", "pip", "install", "--no-input", "--quiet", wheel, cwd=tmp)
    assert installed.returncode == 0, f"pip install failed:\n{installed.stdout}\n{installed.stderr}"
    workdir = tmp / "elsewhere"
    workdir.mkdir()
    return Built(sdist, wheel, python, workdir, source)


def test_sdist_carries_dataset_schema_sources_and_hook(built: Built) -> None:
    with tarfile.open(built.sdist) as tar:
        names = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
    assert {"pyproject.toml", "hatch_build.py", "src/newsledger/load.py", "src/newsledger/release/build.py"} <= names
    assert any(n.startswith("dataset/articles/") and n.endswith(".yaml") for n in names)
    assert any(n.startswith("dataset/entities/") for n in names)
    assert any(n.startswith("schema/1.0/") for n in names)


def test_wheel_embeds_the_release_as_package_data(built: Built) -> None:
    with zipfile.ZipFile(built.wheel) as whl:
        names = set(whl.namelist())
        (manifest_name,) = [n for n in names if n.startswith("newsledger/_data/") and n.endswith("/manifest.json")]
        manifest = json.loads(whl.read(manifest_name))
    prefix = manifest_name.removesuffix("manifest.json")
    assert prefix == f"newsledger/_data/newsledger-{manifest['version']}/"
    assert {prefix + rel for rel in manifest["files"]} | {prefix + "SHA256SUMS"} <= names
    assert "newsledger/py.typed" in names
    assert not any(n.startswith("dataset/") for n in names)


_LOAD_OFFLINE = """
import json, sys

def _no_network(event, args):
    if event in ("socket.connect", "socket.getaddrinfo", "socket.sendto"):
        raise OSError(f"networking is disabled in this test ({event} {args!r})")

sys.addaudithook(_no_network)

def _blocked():
    import socket
    try:
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    except OSError as exc:
        return "networking is disabled" in str(exc)
    return False

import newsledger

ds = newsledger.load()
print(json.dumps({
    "module": newsledger.__file__,
    "version": ds.version,
    "source": ds.source,
    "path": str(ds.path),
    "rows": {name: ds.table(name).num_rows for name in ds},
    "manifest_rows": {name: t["rows"] for name, t in ds.manifest["tables"].items()},
    "records": {name: sum(1 for _ in ds.records(name)) for name in ds},
    "entries": sum(1 for _ in ds.entries()),
    "network_blocked": _blocked(),
}))
"""


def test_installed_wheel_loads_offline_from_elsewhere(built: Built) -> None:
    cache = built.workdir / "cache-never-used"
    env = _env(NEWSLEDGER_RELEASES_URL=closed_port_url(), NEWSLEDGER_CACHE_DIR=str(cache))
    done = _run(built.venv_python, "-c", _LOAD_OFFLINE, cwd=built.workdir, env=env)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    venv = built.venv_python.parent.parent
    assert Path(out["module"]).is_relative_to(venv), "imported newsledger from outside the fresh venv"
    assert Path(out["path"]).is_relative_to(venv) and out["source"] == "embedded"
    assert out["rows"] == out["manifest_rows"] == out["records"]
    assert set(out["rows"]) == {*TABLES, "retired"} and all(out["rows"][name] > 0 for name in TABLES)
    assert out["entries"] == out["rows"]["articles"]
    assert out["network_blocked"], "the no-network guard did not hold"
    assert not cache.exists(), "load() of the embedded release wrote to the cache"


def test_installed_cli_reports_the_embedded_release(built: Built) -> None:
    cli = built.venv_python.parent / "newsledger"
    env = _env(NEWSLEDGER_CACHE_DIR=str(built.workdir / "cache-info"))
    done = _run(cli, "info", "--json", cwd=built.workdir, env=env)
    assert done.returncode == 0, done.stderr
    (release,) = json.loads(done.stdout)["releases"]
    assert release["source"] == "embedded" and release["verified"] is True
    assert release["pinned"] is True  # by the pin the wheel build wrote
    version = _run(cli, "--version", cwd=built.workdir)
    assert version.stdout.strip() == f"newsledger {release['version']}"


def test_installed_wheel_fetches_a_published_release(built: Built, tmp_path: Path) -> None:
    """The wheel's dependencies are enough to download: serve a release of another version over HTTP.

    (Its own version is embedded, and is never downloaded.)"""
    cli = built.venv_python.parent / "newsledger"
    host = tmp_path / "host"
    env = _env(NEWSLEDGER_CACHE_DIR=str(tmp_path / "cache"))
    made = _run(cli, "build", "--dataset", built.source / "dataset", "--out", host, "--version", "9.9.9", cwd=built.workdir, env=env)
    assert made.returncode == 0, made.stderr
    code = "import sys, newsledger; ds = newsledger.load(sys.argv[1]); print(ds.source, ds.path)"
    with serve(host) as url:
        env = _env(NEWSLEDGER_RELEASES_URL=url, NEWSLEDGER_CACHE_DIR=str(tmp_path / "cache"))
        done = _run(built.venv_python, "-c", code, "9.9.9", cwd=built.workdir, env=env)
    assert done.returncode == 0, done.stderr
    source, path = done.stdout.split()
    assert source == "cache" and Path(path) == tmp_path / "cache" / "releases" / "newsledger-9.9.9"


def _embedded(built: Built) -> Path:
    done = _run(built.venv_python, "-c", "from newsledger.load import embedded_release; print(embedded_release())", cwd=built.workdir)
    assert done.returncode == 0, done.stderr
    return Path(done.stdout.strip())


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_embedded_release_is_what_newsledger_build_publishes(built: Built, tmp_path: Path) -> None:
    """Byte for byte: the wheel's _data release and `newsledger build` of the same dataset."""
    embedded = _embedded(built)
    version = embedded.name.removeprefix("newsledger-")
    cli = built.venv_python.parent / "newsledger"
    env = _env(NEWSLEDGER_CACHE_DIR=str(tmp_path / "cache"))
    done = _run(cli, "build", "--dataset", built.source / "dataset", "--out", tmp_path / "out", cwd=built.workdir, env=env)
    assert done.returncode == 0, done.stderr
    published = tmp_path / "out" / embedded.name
    assert _files(embedded) == _files(published)
    manifest = json.loads((embedded / "manifest.json").read_bytes())
    assert manifest["generator"] == f"newsledger {version}"  # not "newsledger 0+unknown"
    # the wheel pins what it embeds, in sha256sum -c format
    pin = (embedded.parent / "embedded.sha256").read_text(encoding="utf-8")
    assert pin == f"{hashlib.sha256((embedded / 'manifest.json').read_bytes()).hexdigest()}  {embedded.name}/manifest.json\n"


_PINNED_OFFLINE = """
import json, sys, warnings

attempts = []

def _no_network(event, args):
    if event in ("socket.connect", "socket.getaddrinfo"):
        attempts.append(event)
        raise OSError(f"networking is disabled in this test ({event})")

sys.addaudithook(_no_network)

import newsledger
from newsledger.load import embedded_release

version = embedded_release().name.removeprefix("newsledger-")
pinned = newsledger.load(version)
prefixed = newsledger.load("v" + version)
before_latest = len(attempts)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    latest = newsledger.load("latest")
print(json.dumps({
    "version": version,
    "loaded": [pinned.version, prefixed.version, latest.version],
    "sources": [pinned.source, prefixed.source, latest.source],
    "attempts_before_latest": before_latest,
    "warnings": [str(w.message) for w in caught],
}))
"""


def _offline_env(built: Built, name: str) -> dict[str, str]:
    """No network: the release host and every proxy point at a port nothing listens on."""
    dead = "http://127.0.0.1:9"
    return _env(
        NEWSLEDGER_RELEASES_URL=dead + "/newsledger-{version}/",
        NEWSLEDGER_CACHE_DIR=str(built.workdir / name),
        HTTP_PROXY=dead, HTTPS_PROXY=dead, http_proxy=dead, https_proxy=dead, NO_PROXY="", no_proxy="",
    )


def test_installed_wheel_loads_its_own_version_offline(built: Built) -> None:
    env = _offline_env(built, "cache-pinned-offline")
    done = _run(built.venv_python, "-c", _PINNED_OFFLINE, cwd=built.workdir, env=env)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["loaded"] == [out["version"]] * 3
    assert out["sources"] == ["embedded"] * 3
    assert out["attempts_before_latest"] == 0, "load(version=<embedded>) tried the network"
    (warning,) = out["warnings"]
    assert "releases index could not be read" in warning and f"embedded in this installation, {out['version']}" in warning
    assert not (built.workdir / "cache-pinned-offline").exists()

    cli = built.venv_python.parent / "newsledger"
    done = _run(cli, "download", out["version"], "--to", built.workdir / "copy", cwd=built.workdir, env=env)
    assert done.returncode == 0, done.stderr
    assert "verified, pinned" in done.stdout and "embedded in this installation" in done.stdout
    assert (built.workdir / "copy" / f"newsledger-{out['version']}" / "manifest.json").is_file()


def test_installed_wheel_refuses_a_forged_embedded_release(built: Built, tmp_path: Path) -> None:
    """Someone rewrites a table in site-packages, and the manifest and SHA256SUMS to match: refused."""
    from tests.test_pins import forge

    embedded = _embedded(built)
    backup = tmp_path / "backup"
    shutil.copytree(embedded, backup)
    try:
        forge(embedded)
        code = "import newsledger\ntry:\n    newsledger.load()\nexcept newsledger.PinMismatch as exc:\n    print(exc)\n"
        done = _run(built.venv_python, "-c", code, cwd=built.workdir, env=_offline_env(built, "cache-forged"))
        assert done.returncode == 0, done.stderr
        assert "is not the published release" in done.stdout
        info = _run(built.venv_python.parent / "newsledger", "info", cwd=built.workdir, env=_offline_env(built, "cache-forged"))
        assert info.returncode == 1 and "FAILED verification" in info.stdout
    finally:
        shutil.rmtree(embedded)
        shutil.copytree(backup, embedded)


def test_dataset_with_validation_errors_fails_the_wheel_build(built: Built, tmp_path: Path) -> None:
    """The hook refuses to embed an invalid dataset, and the build says why.

    Built without isolation, reusing the fresh venv's runtime dependencies plus
    a side-installed hatchling (nothing is added to the venv itself): a second
    isolated build would only reinstall the same dependencies, slowly.
    """
    source = _copy_tree(tmp_path / "source")
    entry = next((source / "dataset" / "articles").rglob("*.yaml"))
    text = entry.read_text(encoding="utf-8")
    assert "\n  genre: news\n" in text
    entry.write_text(text.replace("\n  genre: news\n", "\n  genre: gossip\n"), encoding="utf-8")
    side = tmp_path / "hatchling"
    got = _run(
        built.venv_python, "-m", "pip", "install", "--quiet", "--no-input", "--target", side, "hatchling", cwd=tmp_path
    )
    assert got.returncode == 0, got.stderr
    dist = tmp_path / "dist"
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = _env(PYTHONPATH=str(side), TMPDIR=str(scratch))
    args = ("-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "--wheel-dir", dist, source)
    done = _run(built.venv_python, *args, cwd=tmp_path, env=env)
    assert done.returncode != 0
    assert not list(scratch.glob("newsledger-wheel-*")), "the build hook left its scratch directory behind"
    assert "the dataset has validation errors, so the wheel was not built" in done.stdout + done.stderr
    assert "genre" in done.stdout + done.stderr  # the diagnostic itself is shown
    assert not list(dist.glob("*.whl"))


def test_pyproject_runs_the_build_hook_with_runtime_dependencies() -> None:
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    wheel = config["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert "custom" in wheel.get("hooks", {}), "pyproject.toml lacks [tool.hatch.build.targets.wheel.hooks.custom]"
    hook = wheel["hooks"]["custom"]
    assert hook.get("require-runtime-dependencies") is True or hook.get("dependencies")
    assert hook.get("path", "hatch_build.py") == "hatch_build.py"
