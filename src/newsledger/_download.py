"""One HTTP GET into a file, with limits: the downloader behind :mod:`newsledger.fetch`.

Every download has

* a **stall timeout**: no byte for ``timeout`` seconds ends it (also the limit
  for connecting and for the response headers);
* an **overall deadline**, scaled to what is expected: ``timeout`` plus the
  file's size at :data:`MIN_RATE` bytes per second, from the first connection
  to the last byte. A server that drips bytes (headers or body), each in time
  to dodge the stall timeout, is cut off at the deadline by a watchdog thread
  that shuts its socket down: every connection of the download registers its
  socket as soon as it is made (a requests transport adapter);
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
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


class _Sockets:
    """The sockets of one download, so that a watchdog can end it at any stage.

    ``socket.shutdown`` wakes a thread blocked in ``recv`` on the same socket
    (closing it would not), whether it waits for the headers, a TLS record or
    the body; the blocked read then fails, or ends early, and the download
    reports the deadline.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self.expired = threading.Event()

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self._open.append(sock)
            if self.expired.is_set():
                _shut(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired.set()
            for sock in self._open:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _session(sockets: _Sockets) -> Any:
    """A requests Session whose connections register their socket, right after it connects."""
    import requests
    from requests.adapters import HTTPAdapter

    def watched(base: Any) -> Any:
        class Watched(base):  # type: ignore[misc]
            def _new_conn(self) -> socket.socket:
                sock: socket.socket = super()._new_conn()
                sockets.add(sock)
                return sock

        return Watched

    class Adapter(HTTPAdapter):
        def get_connection_with_tls_context(self, *args: Any, **kwargs: Any) -> Any:
            pool = super().get_connection_with_tls_context(*args, **kwargs)
            pool.ConnectionCls = watched(pool.ConnectionCls)
            return pool

    session = requests.Session()
    adapter = Adapter(max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class _Watchdog:
    """Calls ``sockets.expire`` at a deadline that may be moved once the size is known."""

    def __init__(self, sockets: _Sockets, started: float) -> None:
        self._sockets, self._started = sockets, started
        self._timer: threading.Timer | None = None
        self.allowed = 0.0
        self.basis = ""

    def set(self, size: int, timeout: float) -> None:
        """Allow ``timeout`` plus ``size`` bytes at MIN_RATE, counted from the start."""
        self.cancel()
        allowed = self.allowed = deadline(size, timeout)
        self.basis = f"{timeout:g} s, plus {size} bytes at {MIN_RATE // 1024} KiB/s"
        self._timer = threading.Timer(max(allowed - (time.monotonic() - self._started), 0.0), self._sockets.expire)
        self._timer.daemon = True
        self._timer.start()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


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
    The deadline runs from the first connection attempt to the last byte,
    redirects and headers included.
    """
    import requests
    from urllib3.exceptions import ProtocolError, ReadTimeoutError

    sockets = _Sockets()
    watchdog = _Watchdog(sockets, time.monotonic())
    created = False
    # A file of unknown size gets the time for its cap, until its headers announce a size.
    watchdog.set(size if size is not None else cap or 0, timeout)
    got = 0
    try:
        with _session(sockets) as session:
            try:
                response = session.get(
                    url,
                    stream=True,
                    timeout=(timeout, timeout),
                    headers={"Accept-Encoding": "identity"},  # byte counts are the file's own
                )
            except requests.RequestException as exc:
                if sockets.expired.is_set():
                    raise _late(url, 0, size, watchdog) from None
                raise _failed(url, exc, timeout) from None
            with response:
                announced = _check_headers(response, url, name, size, cap)
                if size is None and announced is not None:
                    watchdog.set(min(announced, cap or announced), timeout)
                digest = hashlib.sha256()
                out = target.open("xb")
                created = True
                with out:
                    while True:
                        try:
                            chunk = response.raw.read1(_CHUNK, decode_content=True)
                        except ReadTimeoutError:
                            if sockets.expired.is_set():
                                raise _late(url, got, size, watchdog) from None
                            raise DownloadFailed(
                                f"{url}: no data for {timeout:g} s after {got}{_of(size)} bytes (timed out)"
                            ) from None
                        except (ProtocolError, OSError) as exc:
                            if sockets.expired.is_set():
                                raise _late(url, got, size, watchdog) from None
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
                if sockets.expired.is_set():
                    raise _late(url, got, size, watchdog)
                expected = size if size is not None else announced
                if expected is not None and got < expected:
                    raise TruncatedDownload(f"{url}: the connection closed after {got} of {expected} bytes")
                if sha256 is not None and digest.hexdigest() != sha256:
                    raise ChecksumMismatch(
                        f"{name}: the copy at {url} does not match the release manifest's sha256 {sha256} "
                        f"(got {digest.hexdigest()}); the published file was altered or corrupted"
                    )
    except BaseException:
        if created:
            target.unlink(missing_ok=True)
        raise
    finally:
        watchdog.cancel()


def _failed(url: str, exc: BaseException, timeout: float) -> DownloadFailed:
    """A requests error before the response, as newsledger's error."""
    import requests

    if isinstance(exc, requests.Timeout):
        return DownloadFailed(f"{url}: no answer within {timeout:g} s (timed out)")
    if isinstance(exc, requests.ConnectionError):
        return DownloadFailed(f"{url}: connection failed ({_reason(exc)})")
    return DownloadFailed(f"{url}: {type(exc).__name__}: {exc}")


def _check_headers(response: Any, url: str, name: str, size: int | None, cap: int | None) -> int | None:
    """Refuse an error status or an announced size over the limit; return the announced size."""
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
    return announced


def _late(url: str, got: int, size: int | None, watchdog: _Watchdog) -> DownloadFailed:
    return DownloadFailed(
        f"{url}: only {got}{_of(size)} bytes arrived within the {watchdog.allowed:.1f} s allowed ({watchdog.basis}); "
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
