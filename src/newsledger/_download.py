"""One HTTP GET into a file, with limits: the downloader behind :mod:`newsledger.fetch`.

Every download has

* a **stall timeout**: no byte for ``timeout`` seconds ends it (also the limit
  for connecting and for the response headers);
* an **overall deadline**, scaled to what is expected: ``timeout`` plus the
  file's size at :data:`MIN_RATE` bytes per second. A server that drips bytes,
  each in time to dodge the stall timeout, is cut off at the deadline by a
  watchdog that shuts the socket down (urllib3's ``HTTPResponse.shutdown``);
* a **size limit**: the size the release manifest gives (a file that announces
  or sends one byte more is dropped at once), or a cap for files whose size is
  not known in advance (``manifest.json``, ``SHA256SUMS``, ``releases.json``);
* honest counts: every message says how many bytes had arrived, counted here.

The body is hashed as it arrives and compared with the expected sha256 at the
end. On any failure the partial file is removed. Errors are newsledger's own
(:mod:`newsledger.errors`), naming the URL. ``requests`` is imported on first
use: ``import newsledger`` must stay fast.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Callable
from pathlib import Path

from newsledger.errors import ChecksumMismatch, DownloadFailed, ReleaseError, ReleaseNotFound, TruncatedDownload

__all__ = ["MIN_RATE", "deadline", "get_file"]

#: Bytes per second a download must average, beyond its base ``timeout``, to
#: finish before its deadline (64 KiB/s: a poor mobile link still makes it).
MIN_RATE = 64 * 1024
_CHUNK = 1 << 16


def deadline(size: int, timeout: float) -> float:
    """Seconds allowed for a download of ``size`` bytes with base ``timeout``."""
    return timeout + size / MIN_RATE


def _of(size: int | None) -> str:
    return f" of {size}" if size is not None else ""


def get_file(
    url: str,
    target: Path,
    *,
    name: str,
    timeout: float,
    size: int | None = None,
    cap: int | None = None,
    sha256: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Download ``url`` into ``target`` (created; removed again on failure).

    ``size`` is the exact size the release manifest gives, ``cap`` the most
    bytes accepted when the size is not known; ``name`` is the file's name in
    the release, for messages. ``progress`` is called with each chunk's length.
    """
    import requests
    from urllib3.exceptions import ProtocolError, ReadTimeoutError

    started = time.monotonic()
    try:
        response = requests.get(
            url,
            stream=True,
            timeout=(timeout, timeout),
            headers={"Accept-Encoding": "identity"},  # byte counts are the file's own
        )
    except requests.Timeout:
        raise DownloadFailed(f"{url}: no answer within {timeout:g} s (timed out)") from None
    except requests.ConnectionError as exc:
        raise DownloadFailed(f"{url}: connection failed ({_reason(exc)})") from None
    except requests.RequestException as exc:
        raise DownloadFailed(f"{url}: {type(exc).__name__}: {exc}") from None
    got = 0
    fired = threading.Event()
    watchdog: threading.Timer | None = None
    try:
        if response.status_code == 404:
            raise ReleaseNotFound(f"{url}: not found (HTTP 404)")
        if response.status_code >= 400:
            raise DownloadFailed(f"{url}: HTTP error {response.status_code}")
        announced = _content_length(response.headers.get("Content-Length"))
        if size is not None and announced is not None and announced > size:
            raise ChecksumMismatch(
                f"{name}: {url} announces {announced} bytes, but the release manifest says {size}; not downloaded"
            )
        if cap is not None and announced is not None and announced > cap:
            raise ReleaseError(f"{url} announces {announced} bytes, more than the {cap} a {name} may have; refused")
        allowed = deadline(size if size is not None else min(announced or 0, cap or 0), timeout)
        remaining = allowed - (time.monotonic() - started)

        def expire() -> None:
            fired.set()
            with contextlib.suppress(OSError, ValueError):  # already finished or released
                response.raw.shutdown()

        watchdog = threading.Timer(max(remaining, 0.0), expire)
        watchdog.daemon = True
        watchdog.start()
        digest = hashlib.sha256()
        with target.open("xb") as out:
            while True:
                try:
                    chunk = response.raw.read1(_CHUNK, decode_content=True)
                except ReadTimeoutError:
                    if fired.is_set():
                        raise _late(url, got, size, allowed, timeout) from None
                    raise DownloadFailed(
                        f"{url}: no data for {timeout:g} s after {got}{_of(size)} bytes (timed out)"
                    ) from None
                except (ProtocolError, OSError) as exc:
                    if fired.is_set():
                        raise _late(url, got, size, allowed, timeout) from None
                    raise TruncatedDownload(
                        f"{url}: the connection closed after {got}{_of(size or announced)} bytes ({_reason(exc)})"
                    ) from None
                if not chunk:
                    break
                got += len(chunk)
                if size is not None and got > size:
                    raise ChecksumMismatch(
                        f"{name}: {url} sent more than the {size} bytes the release manifest says "
                        f"(stopped after {got}); not downloaded"
                    )
                if cap is not None and got > cap:
                    raise ReleaseError(f"{url} sent more than the {cap} bytes a {name} may have; refused")
                digest.update(chunk)
                out.write(chunk)
                if progress is not None:
                    progress(len(chunk))
        if fired.is_set():
            raise _late(url, got, size, allowed, timeout)
        expected = size if size is not None else announced
        if expected is not None and got < expected:
            raise TruncatedDownload(f"{url}: the connection closed after {got} of {expected} bytes")
        if sha256 is not None and digest.hexdigest() != sha256:
            raise ChecksumMismatch(
                f"{name}: the copy at {url} does not match the release manifest's sha256 {sha256} "
                f"(got {digest.hexdigest()}); the published file was altered or corrupted"
            )
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    finally:
        if watchdog is not None:
            watchdog.cancel()
        response.close()


def _late(url: str, got: int, size: int | None, allowed: float, timeout: float) -> DownloadFailed:
    basis = f"{timeout:g} s, plus the size at {MIN_RATE // 1024} KiB/s" if size else f"the timeout, {timeout:g} s"
    return DownloadFailed(
        f"{url}: only {got}{_of(size)} bytes arrived within the {allowed:.1f} s allowed ({basis}); "
        "given up (raise the timeout for a slow link: timeout= or --timeout)"
    )


def _content_length(value: str | None) -> int | None:
    if value is None or not value.strip().isdigit():
        return None
    return int(value.strip())


def _reason(exc: BaseException) -> str:
    """The innermost cause's message: requests nests urllib3's errors two deep."""
    inner: BaseException = exc
    while inner.args and isinstance(inner.args[0], BaseException):
        inner = inner.args[0]
    reason = getattr(inner, "reason", None)
    return str(reason if isinstance(reason, BaseException) else inner)
