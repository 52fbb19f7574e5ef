"""Fetching published releases over real HTTP (127.0.0.1) into the verified cache."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

import newsledger
from newsledger import fetch
from newsledger.errors import (
    ChecksumMismatch,
    DownloadFailed,
    FetchError,
    ReleaseError,
    ReleaseNotFound,
    TruncatedDownload,
)
from tests._release_helpers import (
    HOSTED_VERSION,
    REPO,
    TABLES,
    cache_leftovers,
    closed_port_url,
    copy_release,
    hanging_server,
    serve,
    serve_failing,
    serve_truncated,
)

VERSION = HOSTED_VERSION  # the release the fixtures of tests/fetch/conftest.py serve

pytestmark = pytest.mark.slow  # starts HTTP servers


def _rows(release: Path) -> dict[str, int]:
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    return {name: table["rows"] for name, table in manifest["tables"].items()}  # every table the release has


# --- configuration ------------------------------------------------------------


def test_default_url_is_the_one_declared_in_pyproject() -> None:
    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["newsledger"]
    assert declared["releases-url"] == fetch.DEFAULT_RELEASES_URL


@pytest.mark.parametrize("bad", ["", "..", "../etc", "1.0/../../x", "1.0 ", "a/b", "1.0\n", "%2e%2e", "-1", "x" * 70])
def test_versions_that_could_escape_are_refused(bad: str, cache: Path) -> None:
    with pytest.raises(ValueError, match="invalid release version"):
        newsledger.load(bad, base_url=closed_port_url(), cache_dir=cache)
    assert not cache.exists()


@pytest.mark.parametrize("good", ["1.2.0", "2.0.0rc1", "1.0.0+build.7", "2024.09-1"])
def test_ordinary_versions_are_accepted(good: str) -> None:
    assert fetch.check_version(good) == good


def test_url_template_precedence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fetch.ENV_RELEASES_URL, raising=False)
    assert fetch.release_url("1.0.0") == "https://github.com/newsledger/newsledger/releases/download/v1.0.0/"
    monkeypatch.setenv(fetch.ENV_RELEASES_URL, "http://env.example/r/{version}")
    assert fetch.release_url("1.0.0") == "http://env.example/r/1.0.0/"
    assert fetch.release_url("1.0.0", "http://arg.example/{version}/") == "http://arg.example/1.0.0/"
    with pytest.raises(ValueError, match="placeholder"):
        fetch.release_url("1.0.0", "http://arg.example/latest/")


# --- the happy path -----------------------------------------------------------


def test_load_a_version_over_http_then_offline_from_the_cache(host: Path, cache: Path) -> None:
    with serve(host) as url:
        ds = newsledger.load(VERSION, base_url=url, cache_dir=cache)
    assert ds.version == VERSION and ds.source == "cache"
    assert ds.path == (cache / "releases" / f"newsledger-{VERSION}").resolve()
    assert {name: ds[name].num_rows for name in ds} == _rows(host / f"newsledger-{VERSION}")
    assert set(TABLES) <= set(ds)
    assert cache_leftovers(cache) == [f"newsledger-{VERSION}"]

    # the server is gone; the cache answers, and the URL is never contacted
    again = newsledger.load(VERSION, base_url=closed_port_url(), cache_dir=cache)
    assert again.path == ds.path and again.events.num_rows == ds.events.num_rows
    # the cached copy is byte-identical to what was published, SHA256SUMS included
    for path in (host / f"newsledger-{VERSION}").rglob("*"):
        if path.is_file():
            assert (ds.path / path.relative_to(host / f"newsledger-{VERSION}")).read_bytes() == path.read_bytes()


def test_environment_variables_choose_url_and_cache(host: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with serve(host) as url:
        monkeypatch.setenv(fetch.ENV_RELEASES_URL, url)
        monkeypatch.setenv(fetch.ENV_CACHE_DIR, str(cache))
        ds = newsledger.load(VERSION)
    assert ds.path.parent == (cache / "releases").resolve()


# --- failures leave nothing behind --------------------------------------------


def test_altered_published_file_is_refused_and_nothing_is_cached(host: Path, cache: Path) -> None:
    events = host / f"newsledger-{VERSION}" / "events.parquet"
    data = bytearray(events.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, different content
    events.write_bytes(bytes(data))
    with serve(host) as url, pytest.raises(ChecksumMismatch, match="events.parquet"):
        newsledger.load(VERSION, base_url=url, cache_dir=cache)
    assert cache_leftovers(cache) == []


def test_published_file_of_the_wrong_size_is_refused(host: Path, cache: Path) -> None:
    readme = host / f"newsledger-{VERSION}" / "README.md"
    readme.write_bytes(readme.read_bytes() + b"appended after the release was built\n")
    with serve(host) as url, pytest.raises(ChecksumMismatch, match="README.md"):
        newsledger.load(VERSION, base_url=url, cache_dir=cache)
    assert cache_leftovers(cache) == []


def test_edited_published_manifest_is_caught_by_sha256sums(host: Path, cache: Path) -> None:
    path = host / f"newsledger-{VERSION}" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["tables"]["events"]["rows"] += 1
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with serve(host) as url, pytest.raises(ChecksumMismatch, match="manifest.json"):
        newsledger.load(VERSION, base_url=url, cache_dir=cache)
    assert cache_leftovers(cache) == []


def test_connection_closed_mid_file_is_a_truncated_download(host: Path, cache: Path) -> None:
    with serve_truncated(host, "quotes.parquet") as url, pytest.raises(TruncatedDownload, match="quotes.parquet"):
        newsledger.load(VERSION, base_url=url, cache_dir=cache)
    assert cache_leftovers(cache) == []


def test_unknown_version_is_release_not_found(host: Path, cache: Path) -> None:
    with serve(host) as url, pytest.raises(ReleaseNotFound, match="no newsledger release 9.9.9"):
        newsledger.load("9.9.9", base_url=url, cache_dir=cache)
    assert cache_leftovers(cache) == []


def test_file_missing_on_the_host_is_a_failed_download(host: Path, cache: Path) -> None:
    (host / f"newsledger-{VERSION}" / "croissant.json").unlink()
    with serve(host) as url, pytest.raises(DownloadFailed, match="croissant.json"):
        newsledger.load(VERSION, base_url=url, cache_dir=cache)
    assert cache_leftovers(cache) == []


def test_http_error_is_a_failed_download(host: Path, cache: Path) -> None:
    with serve_failing(host, "entities.jsonl") as url, pytest.raises(DownloadFailed, match="HTTP error 500"):
        newsledger.load(VERSION, base_url=url, cache_dir=cache)
    assert cache_leftovers(cache) == []


def test_server_that_never_answers_times_out(cache: Path) -> None:
    with hanging_server() as url, pytest.raises(DownloadFailed, match="timed out"):
        newsledger.load(VERSION, base_url=url, cache_dir=cache, timeout=0.5)
    assert cache_leftovers(cache) == []


def test_connection_refused_is_a_failed_download(cache: Path) -> None:
    with pytest.raises(DownloadFailed, match="connection failed"):
        newsledger.load(VERSION, base_url=closed_port_url(), cache_dir=cache)


def test_host_serving_another_version_under_the_name_is_refused(seed_release: Path, tmp_path: Path) -> None:
    host = tmp_path / "host"
    copy_release(seed_release, host, version="2.0.0")  # holds 1.2.0's manifest
    with serve(host) as url, pytest.raises(ReleaseError, match="not 2.0.0"):
        newsledger.load("2.0.0", base_url=url, cache_dir=tmp_path / "cache")
    assert cache_leftovers(tmp_path / "cache") == []


def test_unsafe_path_in_a_published_manifest_is_refused(host: Path, cache: Path) -> None:
    path = host / f"newsledger-{VERSION}" / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["files"]["../escape.txt"] = {"bytes": 1, "sha256": "0" * 64}
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with serve(host) as url, pytest.raises(ReleaseError, match="unsafe file path"):
        newsledger.load(VERSION, base_url=url, cache_dir=cache)
    assert cache_leftovers(cache) == [] and not (cache / "escape.txt").exists()


# --- a damaged cache is never served ------------------------------------------


def test_tampered_cache_entry_is_fetched_again(host: Path, cache: Path, caplog: pytest.LogCaptureFixture) -> None:
    with serve(host) as url:
        ds = newsledger.load(VERSION, base_url=url, cache_dir=cache)
        cached = ds.path / "events.parquet"
        good = cached.read_bytes()
        cached.write_bytes(good[:-10])
        with caplog.at_level(logging.WARNING, logger="newsledger.fetch"):
            again = newsledger.load(VERSION, base_url=url, cache_dir=cache)
    assert "no longer verifies" in caplog.text
    assert cached.read_bytes() == good
    assert again.events.num_rows == ds.events.num_rows
    assert cache_leftovers(cache) == [f"newsledger-{VERSION}"]


def test_tampered_cache_entry_is_not_served_offline(host: Path, cache: Path) -> None:
    with serve(host) as url:
        ds = newsledger.load(VERSION, base_url=url, cache_dir=cache)
    (ds.path / "quotes.jsonl").write_text("{}\n", encoding="utf-8")
    with pytest.raises(FetchError):
        newsledger.load(VERSION, base_url=closed_port_url(), cache_dir=cache)


def test_fetch_with_an_incomplete_old_entry_replaces_it(host: Path, cache: Path) -> None:
    stale = cache / "releases" / f"newsledger-{VERSION}"
    stale.mkdir(parents=True)
    (stale / "manifest.json").write_text("not json", encoding="utf-8")
    with serve(host) as url:
        ds = newsledger.load(VERSION, base_url=url, cache_dir=cache)
    assert ds.path == stale.resolve()
    assert _rows(ds.path) == _rows(host / f"newsledger-{VERSION}")
    assert cache_leftovers(cache) == [f"newsledger-{VERSION}"]


# --- hosts without folders (GitHub release assets, Zenodo) ----------------------


def test_release_published_as_flat_assets_loads(tmp_path: Path, seed_release: Path, cache: Path) -> None:
    from newsledger.release.assets import write_assets

    flat = tmp_path / "flat"
    files = write_assets(seed_release, flat / seed_release.name)
    assert all(p.parent == flat / seed_release.name for p in files)  # no folders
    assert (flat / seed_release.name / "schema-entry.schema.json").is_file()
    with serve(flat) as url:
        ds = newsledger.load(VERSION, base_url=url, cache_dir=cache)
    assert ds.row_counts == _rows(seed_release)
    for path in seed_release.rglob("*"):  # the cache holds the release as built, folders included
        if path.is_file():
            assert (ds.path / path.relative_to(seed_release)).read_bytes() == path.read_bytes()


def test_flat_assets_verify_with_sha256sum_in_the_flat_folder(tmp_path: Path, seed_release: Path) -> None:
    from newsledger.release.assets import write_assets

    sha256sum = shutil.which("sha256sum")
    if sha256sum is None:
        pytest.skip("sha256sum (GNU coreutils) is not installed")
    flat = tmp_path / "flat"
    write_assets(seed_release, flat)
    done = subprocess.run([sha256sum, "-c", "--strict", "SHA256SUMS"], cwd=flat, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "schema-entry.schema.json: OK" in done.stdout and "manifest.json: OK" in done.stdout
    assert (flat / "manifest.json").read_bytes() == (seed_release / "manifest.json").read_bytes()  # what the pin covers
    readme = flat / "README.md"
    readme.write_bytes(readme.read_bytes().replace(b"newsledger", b"newsledgeR", 1))
    done = subprocess.run([sha256sum, "-c", "SHA256SUMS"], cwd=flat, capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "README.md: FAILED" in done.stdout


@pytest.mark.parametrize("edit", ["wrong digest", "missing line"])
def test_a_flat_sha256sums_that_disagrees_with_the_manifest_is_refused(
    tmp_path: Path, seed_release: Path, cache: Path, edit: str
) -> None:
    from newsledger.release.assets import write_assets

    flat = tmp_path / "flat"
    write_assets(seed_release, flat / seed_release.name)
    sums = flat / seed_release.name / "SHA256SUMS"
    lines = sums.read_text(encoding="utf-8").splitlines(keepends=True)
    (line,) = [i for i, text in enumerate(lines) if text.endswith("  schema-entry.schema.json\n")]
    if edit == "wrong digest":
        lines[line] = "0" * 64 + lines[line][64:]
    else:
        del lines[line]
    sums.write_text("".join(lines), encoding="utf-8")
    with serve(flat) as url, pytest.raises(ChecksumMismatch, match="SHA256SUMS .* schema/entry.schema.json"):
        newsledger.load(VERSION, base_url=url, cache_dir=cache)
    assert cache_leftovers(cache) == []


def test_missing_flat_asset_is_an_incomplete_release(tmp_path: Path, seed_release: Path, cache: Path) -> None:
    from newsledger.release.assets import write_assets

    flat = tmp_path / "flat"
    write_assets(seed_release, flat / seed_release.name)
    (flat / seed_release.name / "schema-entry.schema.json").unlink()
    with serve(flat) as url, pytest.raises(DownloadFailed, match=r"incomplete.*schema-entry\.schema\.json"):
        newsledger.load(VERSION, base_url=url, cache_dir=cache)
    assert cache_leftovers(cache) == []


def test_assets_are_written_only_from_a_verified_release(tmp_path: Path, host: Path) -> None:
    from newsledger.release.assets import write_assets

    release = host / f"newsledger-{VERSION}"
    (release / "events.jsonl").write_bytes(b"{}\n")
    with pytest.raises(ReleaseError):
        write_assets(release, tmp_path / "assets")
    assert not (tmp_path / "assets").exists()


def test_assets_command(tmp_path: Path, seed_release: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from newsledger.cli import main

    out = tmp_path / "upload"
    assert main(["assets", str(seed_release), "--out", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert all(p.is_file() for p in out.iterdir())
    assert "schema-entry.schema.json" in names and "manifest.json" in names and "SHA256SUMS" in names
    assert "releases.json" in names  # the index beside the release is published with it
    assert len(names) == len(json.loads((seed_release / "manifest.json").read_text(encoding="utf-8"))["files"]) + 3
    assert main(["assets", str(seed_release), "--out", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
