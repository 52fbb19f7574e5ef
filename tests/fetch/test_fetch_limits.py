"""Downloads with limits, against misbehaving HTTP servers on 127.0.0.1.

A deadline per file scaled to its size (settable), an abort as soon as more
bytes are announced or arrive than the manifest says, size caps for the files
whose size is not known in advance, honest byte counts; nothing is cached after
any of it.
"""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path

import pytest

import newsledger
from newsledger import _download
from newsledger.cli import main
from newsledger.errors import ChecksumMismatch, DownloadFailed, ReleaseError, TruncatedDownload
from newsledger.release.manifest import METADATA_CAP
from tests._bad_servers import serve_misbehaving
from tests._release_helpers import HOSTED_VERSION, cache_leftovers

VERSION = HOSTED_VERSION  # the release the fixtures of tests/fetch/conftest.py serve

pytestmark = pytest.mark.slow  # starts HTTP servers


def _size(host: Path, rel: str) -> int:
    manifest = json.loads((host / f"newsledger-{VERSION}" / "manifest.json").read_text(encoding="utf-8"))
    return int(manifest["files"][rel]["bytes"])


def test_the_deadline_grows_with_the_size() -> None:
    assert _download.deadline(0, 30) == 30
    assert _download.deadline(10 * _download.MIN_RATE, 30) == 40
    assert _download.deadline(10 * _download.MIN_RATE, 2) == 12


def test_a_server_dripping_a_byte_a_second_is_cut_off_at_the_deadline(host: Path, cache: Path) -> None:
    size = _size(host, "quotes.parquet")
    allowed = _download.deadline(size, 2.0)
    started = time.monotonic()
    with serve_misbehaving(host, "quotes.parquet", "drip") as (url, _), pytest.raises(DownloadFailed) as caught:
        newsledger.load(VERSION, base_url=url, cache_dir=cache, timeout=2.0)
    took = time.monotonic() - started
    # Each byte comes within the 2 s stall timeout: only the deadline can stop it.
    assert allowed - 0.5 < took < allowed + 3, took
    message = str(caught.value)
    assert f"of {size} bytes arrived within the {allowed:.1f} s allowed" in message and "quotes.parquet" in message
    got = int(message.split("only ", 1)[1].split(" of", 1)[0])
    assert 1 <= got <= 4  # the bytes that did arrive, counted honestly
    assert cache_leftovers(cache) == []


def test_a_server_dripping_its_headers_too_is_cut_off_at_the_deadline(host: Path, cache: Path) -> None:
    """The deadline runs from the connection, not from the headers: a drip of the
    status line gets no more time than a drip of the body."""
    name = "croissant.json"
    allowed = _download.deadline(_size(host, name), 1.5)
    started = time.monotonic()
    with serve_misbehaving(host, name, "drip-all", interval=0.5) as (url, _), pytest.raises(DownloadFailed) as caught:
        newsledger.load(VERSION, base_url=url, cache_dir=cache, timeout=1.5)
    took = time.monotonic() - started
    assert took < allowed + 3, took  # the response alone would take over 30 s
    assert f"arrived within the {allowed:.1f} s allowed" in str(caught.value) and name in str(caught.value)
    assert cache_leftovers(cache) == []


def test_download_timeout_option_sets_the_deadline(host: Path, cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    started = time.monotonic()
    with serve_misbehaving(host, "entities.parquet", "drip") as (url, _):
        code = main(["download", VERSION, "--base-url", url, "--cache-dir", str(cache), "--timeout", "1"])
    assert code == 1 and time.monotonic() - started < 6
    err = capsys.readouterr().err
    assert "entities.parquet" in err and "allowed" in err and "--timeout" in err and "Traceback" not in err
    assert cache_leftovers(cache) == []


@pytest.mark.parametrize("bad", ["0", "-1", "nan", "inf", "soon"])
def test_download_timeout_must_be_positive_seconds(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["download", VERSION, "--timeout", bad])
    assert exited.value.code == 2 and "positive number of seconds" in capsys.readouterr().err


def test_load_timeout_must_be_positive(cache: Path) -> None:
    with pytest.raises(ValueError, match="positive number of seconds"):
        newsledger.load(VERSION, base_url="http://127.0.0.1:9/{version}/", cache_dir=cache, timeout=0)


def test_a_file_announced_larger_than_the_manifest_says_is_not_downloaded(host: Path, cache: Path) -> None:
    size = _size(host, "articles.parquet")
    started = time.monotonic()
    with serve_misbehaving(host, "articles.parquet", "announce-gib") as (url, _), pytest.raises(ChecksumMismatch) as caught:
        newsledger.load(VERSION, base_url=url, cache_dir=cache)
    assert time.monotonic() - started < 10
    assert f"announces {1 << 30} bytes, but the release manifest says {size}" in str(caught.value)
    assert cache_leftovers(cache) == []


def test_a_file_that_keeps_coming_is_stopped_just_past_the_manifest_size(host: Path, cache: Path) -> None:
    size = _size(host, "events.parquet")
    started = time.monotonic()
    with serve_misbehaving(host, "events.parquet", "unannounced-flood") as (url, _), pytest.raises(ChecksumMismatch) as caught:
        newsledger.load(VERSION, base_url=url, cache_dir=cache)
    assert time.monotonic() - started < 10
    message = str(caught.value)
    assert f"sent more than the {size} bytes the release manifest says" in message
    stopped = int(message.split("stopped after ", 1)[1].split(")", 1)[0])
    assert size < stopped <= size + (1 << 16)  # within one read of the limit, not a gigabyte later
    assert cache_leftovers(cache) == []


def test_a_gigabyte_manifest_is_refused_without_reading_it(host: Path, cache: Path) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with serve_misbehaving(host, "manifest.json", "announce-gib") as (url, requested), pytest.raises(ReleaseError) as caught:
        newsledger.load(VERSION, base_url=url, cache_dir=cache)
    assert time.monotonic() - started < 10
    assert f"announces {1 << 30} bytes, more than the {METADATA_CAP} a manifest.json may have" in str(caught.value)
    assert [p.rsplit("/", 1)[1] for p in requested] == ["manifest.json"]
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 64 * 1024  # KiB: no gigabyte in memory
    assert cache_leftovers(cache) == []


@pytest.mark.parametrize("name", ["manifest.json", "SHA256SUMS"])
def test_an_unannounced_flood_of_metadata_is_capped(host: Path, cache: Path, name: str) -> None:
    started = time.monotonic()
    with serve_misbehaving(host, name, "unannounced-flood") as (url, _), pytest.raises(ReleaseError) as caught:
        newsledger.load(VERSION, base_url=url, cache_dir=cache)
    assert time.monotonic() - started < 20
    assert f"sent more than the {METADATA_CAP} bytes a {name} may have" in str(caught.value)
    assert cache_leftovers(cache) == []


def test_a_dropped_connection_reports_the_bytes_that_arrived(host: Path, cache: Path) -> None:
    size = _size(host, "events.parquet")
    with serve_misbehaving(host, "events.parquet", "half") as (url, _), pytest.raises(TruncatedDownload) as caught:
        newsledger.load(VERSION, base_url=url, cache_dir=cache)
    assert f"the connection closed after {size // 2} of {size} bytes" in str(caught.value)
    assert cache_leftovers(cache) == []


def test_a_tls_handshake_dripped_a_byte_at_a_time_is_cut_off_at_the_deadline(tmp_path: Path) -> None:
    """An https host that accepts the connection, then answers the client's hello with
    a TLS record header announcing a long ServerHello and drips its body a byte every
    0.5 s: every read comes within the stall timeout and no certificate is ever shown,
    yet the download ends within its deadline, with nothing left behind. (Two things
    bound it: Python's ssl gives a whole handshake the socket timeout, and the
    watchdog shuts the socket down at the deadline; this checks the promise, not
    which of them keeps it.)"""
    import socket
    import threading

    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    stop = threading.Event()

    def drip() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.recv(4096)  # the ClientHello
            try:
                conn.sendall(b"\x16\x03\x03\x40\x00")  # a handshake record of 16 KiB follows...
                while not stop.wait(0.5):
                    conn.sendall(b"\x02")  # ...one byte at a time
            except OSError:
                pass  # the client hung up, as it should

    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    target = tmp_path / "manifest.json"
    allowed = _download.deadline(100, 1.5)
    started = time.monotonic()
    try:
        with pytest.raises(DownloadFailed, match="127.0.0.1"):
            _download.get_file(f"https://127.0.0.1:{port}/newsledger-1.2.0/manifest.json", target, name="manifest.json", timeout=1.5, size=100)
    finally:
        stop.set()
        listener.close()
    took = time.monotonic() - started
    assert took < allowed + 2, took
    assert not target.exists()
