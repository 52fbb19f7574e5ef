"""Test helpers for the loader: real releases of the seed dataset, real HTTP servers.

Releases are built with the project's own ``build_release`` from ``dataset/``;
the servers are ``http.server`` instances on 127.0.0.1 with an ephemeral port,
each running in a thread, so downloads go through the real network stack.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATASET = REPO / "dataset"
TABLES = ("articles", "quotes", "events", "entities")


#: The version the download tests build the seed dataset as and serve (tests/fetch/).
HOSTED_VERSION = "1.2.0"


def build_seed_release(out_parent: Path, version: str) -> Path:
    """``out_parent/newsledger-<version>/`` built from the seed dataset by build_release."""
    from newsledger.release.build import build_release

    return build_release(DATASET, out_parent, version=version)


def copy_release(release: Path, out_parent: Path, version: str | None = None) -> Path:
    """A copy of ``release`` under ``out_parent`` (renamed for ``version``: a 'wrong-version' host)."""
    target = out_parent / (f"newsledger-{version}" if version else release.name)
    shutil.copytree(release, target)
    return target


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _TruncatingHandler(_QuietHandler):
    """Promises the whole file in Content-Length, sends half of it, then closes the connection."""

    truncate: str = ""

    def do_GET(self) -> None:
        if not self.path.endswith("/" + self.truncate):
            return super().do_GET()
        data = Path(self.translate_path(self.path)).read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[: len(data) // 2])
        self.wfile.flush()
        self.close_connection = True


class _FailingHandler(_QuietHandler):
    """Answers every request for ``fail`` with an HTTP 500."""

    fail: str = ""

    def do_GET(self) -> None:
        if self.path.endswith("/" + self.fail):
            self.send_error(500, "Internal Server Error")
            return None
        return super().do_GET()


@contextmanager
def _server(handler: Callable[..., http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/newsledger-{{version}}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` (a parent of release directories); yield the URL template."""
    with _server(functools.partial(_QuietHandler, directory=str(root))) as url:
        yield url


@contextmanager
def serve_truncated(root: Path, filename: str) -> Iterator[str]:
    """Like serve(), but ``filename`` arrives cut in half (the connection closes early)."""
    handler = type("Truncating", (_TruncatingHandler,), {"truncate": filename})
    with _server(functools.partial(handler, directory=str(root))) as url:
        yield url


@contextmanager
def serve_failing(root: Path, filename: str) -> Iterator[str]:
    """Like serve(), but ``filename`` gets an HTTP 500."""
    handler = type("Failing", (_FailingHandler,), {"fail": filename})
    with _server(functools.partial(handler, directory=str(root))) as url:
        yield url


@contextmanager
def hanging_server() -> Iterator[str]:
    """A socket that accepts connections (kernel backlog) and never answers."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/newsledger-{{version}}/"
    finally:
        sock.close()


def closed_port_url() -> str:
    """A URL template on a port nothing listens on: any connection is refused."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}/newsledger-{{version}}/"


def cache_leftovers(cache_dir: Path) -> list[str]:
    """Every entry under the cache's releases/ directory (complete or temporary)."""
    root = cache_dir / "releases"
    return sorted(p.name for p in root.iterdir()) if root.is_dir() else []
