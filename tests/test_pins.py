"""The trust root: a release of a pinned version must have exactly the pinned manifest.

The forger here is thorough: it changes a table and rewrites the manifest and
SHA256SUMS to match, so the release is perfectly self-consistent. Only the pin
can tell, and it must, whether the forgery comes from the host or the cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import pytest

import newsledger
from newsledger.cli import main
from newsledger.errors import FetchError, PinMismatch, ReleaseError
from newsledger.fetch import verify_release
from newsledger.release import pins
from newsledger.release.manifest import FileInfo, checksums_text
from tests._bad_servers import serve_logged
from tests._release_helpers import REPO, build_seed_release, cache_leftovers, closed_port_url, copy_release, serve

VERSION = "1.2.0"
PUBLISHED_0_1_0 = "bcc25965462ee082c6d5999593574e67f595ea99a8a85c80337584c12dff3a1b"

pytestmark = pytest.mark.slow  # starts HTTP servers


@pytest.fixture(scope="module")
def seed_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seed_release(tmp_path_factory.mktemp("built"), VERSION)


@pytest.fixture
def pinned(seed_release: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Pin VERSION to the seed release's manifest, as a package published after it would."""
    digest = hashlib.sha256((seed_release / "manifest.json").read_bytes()).hexdigest()
    monkeypatch.setattr(pins, "registry", lambda: {**pins.parse_pins((REPO / "src/newsledger/release/pins.txt").read_text(encoding="utf-8"), "pins.txt"), VERSION: digest})
    return digest


def forge(release: Path) -> None:
    """Change a word in a table, then rewrite manifest.json and SHA256SUMS to match: self-consistent."""
    events = release / "events.jsonl"
    text = events.read_text(encoding="utf-8")
    assert "wounded" in text
    events.write_text(text.replace("wounded", "unharmed", 1), encoding="utf-8")
    manifest_path = release / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    data = events.read_bytes()
    manifest["files"]["events.jsonl"] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    files = {rel: FileInfo(meta["bytes"], meta["sha256"]) for rel, meta in manifest["files"].items()}
    raw = manifest_path.read_bytes()
    files["manifest.json"] = FileInfo(len(raw), hashlib.sha256(raw).hexdigest())
    (release / "SHA256SUMS").write_text(checksums_text(files), encoding="utf-8")
    verify_release(release)  # the forgery is self-consistent


def test_the_registry_pins_the_published_0_1_0() -> None:
    assert pins.registry()["0.1.0"] == PUBLISHED_0_1_0
    text = (REPO / "src/newsledger/release/pins.txt").read_text(encoding="utf-8")
    assert "03b2526" in text  # how the hash was obtained is written down


@pytest.mark.parametrize(
    "text",
    ["0.1.0 abc\n", "../x  " + "0" * 64 + "\n", f"1.0.0  {'a' * 64}\n1.0.0  {'b' * 64}\n"],
)
def test_a_malformed_registry_is_an_error_naming_the_line(text: str) -> None:
    with pytest.raises(ReleaseError, match=r"pins\.txt:\d"):
        pins.parse_pins(text, "pins.txt")


def test_a_forged_pinned_release_on_the_host_is_refused_after_its_manifest(
    tmp_path: Path, seed_release: Path, pinned: str
) -> None:
    host = tmp_path / "host"
    forge(copy_release(seed_release, host))
    cache = tmp_path / "cache"
    with serve_logged(host) as (url, requested), pytest.raises(PinMismatch) as caught:
        newsledger.load(VERSION, base_url=url, cache_dir=cache)
    message = str(caught.value)
    assert f"is not the published release {VERSION}" in message and pinned in message and "refused" in message
    assert [p.rsplit("/", 1)[1] for p in requested] == ["manifest.json"]  # nothing else was fetched
    assert cache_leftovers(cache) == []
    with serve(host) as url:
        assert main(["download", VERSION, "--base-url", url, "--cache-dir", str(cache)]) == 1


def test_the_genuine_pinned_release_loads_and_info_says_pinned(
    tmp_path: Path, seed_release: Path, pinned: str, capsys: pytest.CaptureFixture[str]
) -> None:
    host = tmp_path / "host"
    copy_release(seed_release, host)
    cache = tmp_path / "cache"
    with serve(host) as url:
        assert main(["download", VERSION, "--base-url", url, "--cache-dir", str(cache)]) == 0
    assert "verified, pinned" in capsys.readouterr().out
    assert main(["info", VERSION, "--cache-dir", str(cache)]) == 0
    out = capsys.readouterr().out
    assert f"{VERSION}  cache  schema" in out and "verified, pinned" in out
    assert "pinned releases: 0.1.0, 1.2.0" in out


def test_an_unpinned_release_is_self_consistent_only(tmp_path: Path, seed_release: Path, capsys: pytest.CaptureFixture[str]) -> None:
    host = tmp_path / "host"
    copy_release(seed_release, host)
    cache = tmp_path / "cache"
    with serve(host) as url:
        assert main(["download", VERSION, "--base-url", url, "--cache-dir", str(cache)]) == 0
    assert "self-consistent only" in capsys.readouterr().out
    assert main(["info", VERSION, "--json", "--cache-dir", str(cache)]) == 0
    (release,) = json.loads(capsys.readouterr().out)["releases"]
    assert release["verified"] is True and release["pinned"] is False


def test_a_forged_cache_entry_is_refused_then_replaced_by_the_published_release(
    tmp_path: Path, seed_release: Path, pinned: str, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    host = tmp_path / "host"
    copy_release(seed_release, host)
    cache = tmp_path / "cache"
    with serve(host) as url:
        ds = newsledger.load(VERSION, base_url=url, cache_dir=cache)
    forge(ds.path)

    # info says what is wrong with it, without the network
    assert main(["info", VERSION, "--cache-dir", str(cache)]) == 1
    out = capsys.readouterr().out
    assert "FAILED verification" in out and "is not the published release" in out

    # offline, it is refused, and the message says why
    with pytest.raises(FetchError, match="was refused .*is not the published release"):
        newsledger.load(VERSION, base_url=closed_port_url(), cache_dir=cache)
    # online, the published release replaces it
    with serve(host) as url, caplog.at_level(logging.WARNING, logger="newsledger.fetch"):
        again = newsledger.load(VERSION, base_url=url, cache_dir=cache)
    assert "is not the published release" in caplog.text
    assert (again.path / "manifest.json").read_bytes() == (seed_release / "manifest.json").read_bytes()
    assert b"unharmed" not in (again.path / "events.jsonl").read_bytes()
