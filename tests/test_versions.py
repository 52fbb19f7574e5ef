"""Versions: v-prefixes, the embedded release without the network, 'latest' through the
releases index, newsledger.versions() and `newsledger info --remote`, against a real
HTTP host on 127.0.0.1 publishing two releases."""

from __future__ import annotations

import hashlib
import importlib
import json
from pathlib import Path

import pytest

import newsledger
from newsledger import fetch
from newsledger.cli import main
from newsledger.errors import DownloadFailed, ReleaseNotFound
from tests._bad_servers import serve_logged
from tests._release_helpers import build_seed_release, closed_port_url, serve

OLD, NEW = "1.2.0", "1.3.0"

pytestmark = pytest.mark.slow  # starts HTTP servers

load_module = importlib.import_module("newsledger.load")  # the module; newsledger.load is the function


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("host")
    build_seed_release(root, NEW)  # built out of order: the index sorts by version
    build_seed_release(root, OLD)
    return root


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.mark.parametrize(("given", "meant"), [("v0.2.0", "0.2.0"), ("V1.0.0rc1", "1.0.0rc1"), ("0.2.0", "0.2.0"), ("latest", "latest")])
def test_a_leading_v_names_the_same_version(given: str, meant: str) -> None:
    assert fetch.normalize_version(given) == meant


@pytest.mark.parametrize("bad", ["v../x", "v 1", "v1/../x", "v1\n", "", "v%2e%2e"])
def test_a_v_prefix_does_not_let_bad_versions_in(bad: str) -> None:
    with pytest.raises(ValueError, match="invalid release version"):
        fetch.normalize_version(bad)


def test_index_url_sits_beside_the_releases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fetch.ENV_RELEASES_URL, raising=False)
    monkeypatch.delenv(fetch.ENV_INDEX_URL, raising=False)
    assert fetch.index_url() == "https://github.com/newsledger/newsledger/releases/latest/download/releases.json"
    assert fetch.index_url("http://127.0.0.1:8000/newsledger-{version}/") == "http://127.0.0.1:8000/releases.json"
    assert fetch.index_url("https://github.com/a/b/releases/download/v{version}/") == "https://github.com/a/b/releases/latest/download/releases.json"
    monkeypatch.setenv(fetch.ENV_INDEX_URL, "https://mirror.example/index.json")
    assert fetch.index_url() == "https://mirror.example/index.json"


def test_build_writes_an_index_of_every_release_beside_them(host: Path) -> None:
    index = json.loads((host / "releases.json").read_text(encoding="utf-8"))
    assert index["latest"] == NEW
    assert [r["version"] for r in index["releases"]] == [OLD, NEW]
    for entry in index["releases"]:
        manifest = host / f"newsledger-{entry['version']}" / "manifest.json"
        assert entry["manifest_sha256"] == hashlib.sha256(manifest.read_bytes()).hexdigest()
        assert entry["schema_version"] == json.loads(manifest.read_bytes())["schema_version"]


def test_versions_lists_what_the_host_publishes(host: Path) -> None:
    with serve(host) as url:
        assert newsledger.versions(base_url=url) == [OLD, NEW]


def test_versions_without_an_index_says_so(tmp_path: Path) -> None:
    with serve(tmp_path) as url, pytest.raises(ReleaseNotFound, match="no releases index at .*releases.json"):
        newsledger.versions(base_url=url)


def test_latest_and_v_prefixed_versions_load(host: Path, cache: Path) -> None:
    with serve(host) as url:
        latest = newsledger.load("latest", base_url=url, cache_dir=cache)
        old = newsledger.load(f"v{OLD}", base_url=url, cache_dir=cache)
    assert latest.version == NEW and old.version == OLD
    assert old.path == newsledger.load(OLD, base_url=closed_port_url(), cache_dir=cache).path


def test_download_latest_and_info_remote(host: Path, cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with serve(host) as url:
        assert main(["download", "latest", "--base-url", url, "--cache-dir", str(cache)]) == 0
        assert f"newsledger {NEW} " in capsys.readouterr().out
        assert main(["info", "--remote", "--json", "--base-url", url, "--cache-dir", str(cache)]) == 0
        remote = json.loads(capsys.readouterr().out)["remote"]
        assert main(["info", "--remote", "--base-url", url, "--cache-dir", str(cache)]) == 0
        text = capsys.readouterr().out
    assert remote["index_url"].endswith("/releases.json")
    assert [(r["version"], r["pinned"], r["local"]) for r in remote["releases"]] == [(OLD, False, None), (NEW, False, "cache")]
    assert f"  {OLD}  schema" in text and f"  {NEW}  schema" in text and "not pinned" in text


def test_info_latest_names_the_newest_release_here_or_published(host: Path, cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`info latest`: offline, the newest release available here (cached OLD and NEW:
    NEW; the checkout's own build, version 0.x, is older); with --remote, the newest
    the host publishes, even when only the older one is cached."""
    with serve(host) as url:
        assert main(["download", OLD, "--base-url", url, "--cache-dir", str(cache)]) == 0
        capsys.readouterr()
        assert main(["info", "latest", "--remote", "--json", "--base-url", url, "--cache-dir", str(cache)]) == 1  # NEW is not here
        captured = capsys.readouterr()
        assert f"latest published release: {NEW}" in captured.err
        assert json.loads(captured.out)["releases"] == []
        assert main(["download", NEW, "--base-url", url, "--cache-dir", str(cache)]) == 0
    capsys.readouterr()
    assert main(["info", "latest", "--json", "--cache-dir", str(cache)]) == 0
    captured = capsys.readouterr()
    assert [(r["version"], r["source"]) for r in json.loads(captured.out)["releases"]] == [(NEW, "cache")]
    assert f"latest release available here: {NEW}" in captured.err


def test_info_latest_remote_offline_fails_cleanly(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "latest", "--remote", "--timeout", "2", "--base-url", closed_port_url(), "--cache-dir", str(cache)]) == 1
    err = capsys.readouterr().err
    assert "latest:" in err and "Traceback" not in err


def test_info_remote_offline_fails_cleanly(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--remote", "--timeout", "2", "--base-url", closed_port_url(), "--cache-dir", str(cache)]) == 1
    out = capsys.readouterr().out
    assert "cannot read the releases index" in out and "connection failed" in out


# --- the embedded release: a build of the seed dataset stands in for the wheel's _data ---


@pytest.fixture
def embedded(host: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    release = host / f"newsledger-{NEW}"
    monkeypatch.setattr(load_module, "embedded_release", lambda: release)
    return release


def test_the_embedded_version_needs_no_network(embedded: Path, cache: Path, tmp_path: Path) -> None:
    with serve_logged(embedded.parent) as (url, requested):
        for asked in (NEW, f"v{NEW}"):
            ds = newsledger.load(asked, base_url=url, cache_dir=cache)
            assert ds.source == "embedded" and ds.path == embedded
        assert main(["download", NEW, "--base-url", url, "--cache-dir", str(cache), "--to", str(tmp_path / "out")]) == 0
    assert requested == []
    assert not cache.exists()
    assert (tmp_path / "out" / embedded.name / "manifest.json").read_bytes() == (embedded / "manifest.json").read_bytes()


def test_latest_offline_falls_back_to_the_embedded_release_and_says_so(embedded: Path, cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.warns(UserWarning, match=f"releases index could not be read .*using the release embedded in this installation, {NEW}"):
        ds = newsledger.load("latest", base_url=closed_port_url(), cache_dir=cache, timeout=2)
    assert ds.source == "embedded" and ds.version == NEW
    assert main(["download", "latest", "--base-url", closed_port_url(), "--cache-dir", str(cache)]) == 0
    captured = capsys.readouterr()
    assert "note: newsledger: the releases index could not be read" in captured.err
    assert f"newsledger {NEW} " in captured.out and "embedded in this installation" in captured.out


def test_latest_offline_without_an_embedded_release_fails(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load_module, "embedded_release", lambda: None)
    with pytest.raises(DownloadFailed, match="cannot tell which release is the latest"):
        newsledger.load("latest", base_url=closed_port_url(), cache_dir=cache)


def test_the_index_is_rewritten_whole_and_a_killed_writers_leftover_is_swept(tmp_path: Path) -> None:
    from newsledger.release.index import update_index

    dead = tmp_path / ".releases.json.999999999.tmp"  # no such process
    dead.write_text("half an index", encoding="utf-8")
    build_seed_release(tmp_path, OLD)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"newsledger-{OLD}", "releases.json"]
    (tmp_path / "releases.json").write_text("not json", encoding="utf-8")  # a damaged index is rebuilt
    update_index(tmp_path)
    assert [r["version"] for r in json.loads((tmp_path / "releases.json").read_bytes())["releases"]] == [OLD]
