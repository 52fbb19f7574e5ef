"""Misbehaving release hosts on 127.0.0.1: real sockets, a real HTTP server, bad manners.

Each server serves a directory like ``serve()`` in ``_release_helpers`` but
misbehaves for one file name: drips it a byte at a time, announces a gigabyte,
floods it without announcing a size, or cuts it in half. Every request path is
recorded, so a test can tell what the client asked for.
"""

from __future__ import annotations

import contextlib
import functools
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests._release_helpers import _QuietHandler, _server

GIB = 1 << 30


class _Misbehaving(_QuietHandler):
    target: str = ""
    how: str = ""
    interval: float = 1.0
    requested: list[str]

    def do_GET(self) -> None:
        self.requested.append(self.path)
        if not self.path.endswith("/" + self.target):
            return super().do_GET()
        path = Path(self.translate_path(self.path))
        data = path.read_bytes() if path.is_file() else b""
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up, as it should
            getattr(self, "_" + self.how.replace("-", "_"))(data)
        self.close_connection = True
        return None

    def _headers(self, length: int | None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()

    def _drip(self, data: bytes) -> None:
        """The right size, announced; one byte every ``interval`` seconds."""
        self._headers(len(data))
        for i in range(len(data)):
            self.wfile.write(data[i : i + 1])
            self.wfile.flush()
            time.sleep(self.interval)

    def _slow(self, data: bytes) -> None:
        """The right size, announced; in ten pieces, ``interval`` seconds apart."""
        self._headers(len(data))
        step = max(len(data) // 10, 1)
        for i in range(0, len(data), step):
            self.wfile.write(data[i : i + step])
            self.wfile.flush()
            time.sleep(self.interval)

    def _drip_all(self, data: bytes) -> None:
        """The whole response, status line and headers included, one byte every ``interval`` seconds."""
        raw = b"HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\n"
        raw += b"Content-Length: %d\r\n\r\n" % len(data) + data
        for i in range(len(raw)):
            self.wfile.write(raw[i : i + 1])
            self.wfile.flush()
            time.sleep(self.interval)

    def _flood(self, data: bytes, limit: int = GIB) -> None:
        self.wfile.write(data)
        zeros = bytes(1 << 16)
        sent = len(data)
        while sent < limit:
            self.wfile.write(zeros)
            sent += len(zeros)

    def _announce_gib(self, data: bytes) -> None:
        """Announces 1 GiB (the file, then zeros)."""
        self._headers(GIB)
        self._flood(data)

    def _unannounced_flood(self, data: bytes) -> None:
        """No Content-Length (HTTP/1.0, the end is the connection's): the file, then 1 GiB of zeros."""
        self._headers(None)
        self._flood(data)

    def _half(self, data: bytes) -> None:
        """Announces the whole file, sends half, closes the connection."""
        self._headers(len(data))
        self.wfile.write(data[: len(data) // 2])
        self.wfile.flush()


@contextmanager
def serve_misbehaving(root: Path, target: str, how: str, interval: float = 1.0) -> Iterator[tuple[str, list[str]]]:
    """Serve ``root``; misbehave (``how``) for requests ending in ``/target``. Yields (URL template, requested paths)."""
    requested: list[str] = []
    handler = type("Misbehaving", (_Misbehaving,), {"target": target, "how": how, "interval": interval, "requested": requested})
    with _server(functools.partial(handler, directory=str(root))) as url:
        yield url, requested


@contextmanager
def serve_logged(root: Path) -> Iterator[tuple[str, list[str]]]:
    """Serve ``root`` politely, recording every request path."""
    with serve_misbehaving(root, "\0never", "drip") as served:
        yield served
