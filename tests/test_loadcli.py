"""`newsledger download` and `newsledger info`, run through cli.main against a real HTTP server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsledger.cli import main
from newsledger.fetch import verify_release
from newsledger.schema import models
from tests._release_helpers import build_seed_release, closed_port_url, serve

VERSION = "0.9.1"

pytestmark = pytest.mark.slow  # starts HTTP servers


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("host")
    build_seed_release(root, VERSION)
    return root


def test_download_to_a_directory_then_again_offline(
    host: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    with serve(host) as url:
        code = main(["download", VERSION, "--base-url", url, "--cache-dir", str(cache), "--to", str(out)])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert f"newsledger {VERSION}" in printed and "verified" in printed
    copy = out / f"newsledger-{VERSION}"
    assert verify_release(copy)["version"] == VERSION
    assert str(copy) in printed

    code = main(["download", VERSION, "--base-url", closed_port_url(), "--cache-dir", str(cache), "--to", str(out)])
    assert code == 0  # served from the cache; the existing identical copy is kept


def test_download_unknown_version_fails_cleanly(host: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with serve(host) as url:
        code = main(["download", "7.7.7", "--base-url", url, "--cache-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert "no newsledger release 7.7.7" in err and "Traceback" not in err


def test_download_refuses_a_malformed_version(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["download", "../../etc", "--cache-dir", str(tmp_path)]) == 2
    assert "invalid release version" in capsys.readouterr().err


def test_info_lists_cached_releases_as_json(host: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cache = tmp_path / "cache"
    with serve(host) as url:
        assert main(["download", VERSION, "--base-url", url, "--cache-dir", str(cache)]) == 0
    capsys.readouterr()
    assert main(["info", VERSION, "--json", "--cache-dir", str(cache)]) == 0
    report = json.loads(capsys.readouterr().out)
    (release,) = report["releases"]
    assert release["version"] == VERSION and release["source"] == "cache" and release["verified"]
    assert release["schema_version"] == models.SCHEMA_VERSION
    assert {"articles", "quotes", "events", "entities"} <= set(release["tables"])
    assert Path(release["path"]) == cache / "releases" / f"newsledger-{VERSION}"

    assert main(["info", VERSION, "--cache-dir", str(cache)]) == 0
    text = capsys.readouterr().out
    assert f"{VERSION}  cache  schema {models.SCHEMA_VERSION}  verified" in text


def test_info_without_version_describes_what_load_returns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--json", "--cache-dir", str(tmp_path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["releases"], report
    assert report["releases"][0]["source"] in ("embedded", "checkout")
    assert report["releases"][0]["verified"] is True


def test_info_on_a_version_not_available_locally(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "5.5.5", "--cache-dir", str(tmp_path)]) == 1
    assert "newsledger download 5.5.5" in capsys.readouterr().out


def test_info_flags_a_tampered_cache_entry(host: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cache = tmp_path / "cache"
    with serve(host) as url:
        assert main(["download", VERSION, "--base-url", url, "--cache-dir", str(cache)]) == 0
    (cache / "releases" / f"newsledger-{VERSION}" / "articles.jsonl").write_text("[]\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["info", VERSION, "--cache-dir", str(cache)]) == 1
    out = capsys.readouterr().out
    assert "FAILED verification" in out and "articles.jsonl" in out


def _download_with_stderr_on(kind: str, url: str, cache: Path, *extra: str) -> tuple[str, str]:
    """Run `newsledger download` in a subprocess with stderr on a terminal (a pty) or a pipe."""
    import os
    import pty
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "newsledger", "download", VERSION, "--base-url", url, "--cache-dir", str(cache), *extra]
    if kind == "pipe":
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout, done.stderr
    import fcntl
    import struct
    import termios
    import threading

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))  # a terminal of 24 x 80
    chunks: list[bytes] = []

    def drain() -> None:  # read while it runs: Linux drops what is unread when the terminal closes
        try:
            while chunk := os.read(master, 1 << 16):
                chunks.append(chunk)
        except OSError:  # EIO: the terminal's other end is closed
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=slave, text=True, timeout=120, check=False)
    finally:
        os.close(slave)
    reader.join(10)
    os.close(master)
    assert done.returncode == 0, b"".join(chunks)
    return done.stdout, b"".join(chunks).decode("utf-8", "replace")


def test_download_shows_progress_by_bytes_only_on_a_terminal(host: Path, tmp_path: Path) -> None:
    from tests._bad_servers import serve_misbehaving

    total = sum(p.stat().st_size for p in (host / f"newsledger-{VERSION}").rglob("*") if p.is_file() and p.name not in ("manifest.json", "SHA256SUMS"))
    # croissant.json arrives in ten pieces over 1.5 s: long enough for a bar (shown after 0.5 s)
    with serve_misbehaving(host, "croissant.json", "slow", interval=0.15) as (url, _):
        out, err = _download_with_stderr_on("tty", url, tmp_path / "tty")
        assert "download" in err and "B/s" in err and f"/{total / 1024:.0f}" in err.replace("k", ""), err
        assert "verified" in out
        out, err = _download_with_stderr_on("pipe", url, tmp_path / "pipe")
        assert err == "" and "verified" in out
        out, err = _download_with_stderr_on("tty", url, tmp_path / "quiet", "--quiet")
        assert err == ""
        assert out.strip() == str(tmp_path / "quiet" / "releases" / f"newsledger-{VERSION}")
