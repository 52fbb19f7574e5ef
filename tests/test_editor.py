"""The editor: the real yaml-language-server, over LSP, on an entry with the modeline.

The language server comes from npm (as VS Code's YAML extension and Neovim's
lspconfig use it). It is installed once into a cache directory
(``NEWSLEDGER_YAMLLS_DIR``, default ``~/.cache/newsledger-tests/yaml-language-server``)
with ``npm install``; the test is skipped only when node or npm is absent.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from newsledger.schema.paths import schema_file

YAMLLS_VERSION = "1.25.0"
MINIMAL = (Path(__file__).parent / "fixtures" / "valid" / "minimal.yaml").read_text(encoding="utf-8")
GENRES = {"news", "analysis", "opinion", "interview", "press_release", "transcript"}


def _server() -> Path:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node and npm are needed to install and run yaml-language-server")
    home = Path(os.environ.get("NEWSLEDGER_YAMLLS_DIR") or Path.home() / ".cache" / "newsledger-tests" / "yaml-language-server")
    main = home / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
    manifest = home / "node_modules" / "yaml-language-server" / "package.json"
    if not main.is_file() or json.loads(manifest.read_text(encoding="utf-8")).get("version") != YAMLLS_VERSION:
        home.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--prefix", str(home), f"yaml-language-server@{YAMLLS_VERSION}"],
            capture_output=True, text=True, timeout=600, check=False,
        )
        assert done.returncode == 0, f"npm install yaml-language-server failed:\n{done.stderr[-2000:]}"
    return main


class Client:
    """A minimal LSP client over stdio: Content-Length framed JSON-RPC, bounded waits."""

    def __init__(self, server: Path) -> None:
        self.proc = subprocess.Popen(
            ["node", str(server), "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if length is None:
                continue
            self.inbox.put(json.loads(out.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        rid = self.next_id
        self.send({"id": rid, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == rid and "method" not in m)["result"]

    def wait(self, want: Any, timeout: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("yaml-language-server did not answer in time")
            msg = self.inbox.get(timeout=left)
            if "method" in msg and "id" in msg:  # a request from the server
                self.send({"id": msg["id"], "result": self._answer(msg)})
                continue
            if want(msg):
                return msg

    @staticmethod
    def _answer(msg: dict[str, Any]) -> Any:
        if msg["method"] == "workspace/configuration":
            return [SETTINGS["yaml"] if item.get("section") == "yaml" else None for item in msg["params"]["items"]]
        return None

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.send({"method": "exit"})
            self.proc.wait(timeout=10)
        except (AssertionError, queue.Empty, OSError, subprocess.TimeoutExpired):
            self.proc.kill()
            self.proc.wait(timeout=10)
        finally:
            for stream in (self.proc.stdin, self.proc.stdout):
                if stream is not None:
                    stream.close()


SETTINGS: dict[str, Any] = {"yaml": {"validate": True, "completion": True, "hover": True, "schemaStore": {"enable": False}}}


@pytest.fixture(scope="module")
def client() -> Any:
    server = _server()
    c = Client(server)
    try:
        c.request("initialize", {
            "processId": os.getpid(), "rootUri": None,
            "capabilities": {"workspace": {"configuration": True},
                             "textDocument": {"completion": {"completionItem": {"snippetSupport": False}}}},
        })
        c.send({"method": "initialized", "params": {}})
        c.send({"method": "workspace/didChangeConfiguration", "params": {"settings": SETTINGS}})
        yield c
    finally:
        c.close()


def _open(client: Client, path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.send({"method": "textDocument/didOpen",
                 "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}})
    return uri


def _modeline() -> str:
    schema = schema_file()
    assert schema is not None
    return f"# yaml-language-server: $schema={schema}\n"


def test_unknown_field_is_flagged(client: Client, tmp_path: Path) -> None:
    text = _modeline() + MINIMAL.replace("  headline:", "  headlne:", 1)
    uri = _open(client, tmp_path / "entry.yaml", text)
    msg = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
                      and m["params"]["diagnostics"])
    messages = [d["message"] for d in msg["params"]["diagnostics"]]
    assert any("headlne" in m and "not allowed" in m for m in messages), messages
    line = text.splitlines().index(next(x for x in text.splitlines() if "headlne" in x))
    assert any(d["range"]["start"]["line"] == line for d in msg["params"]["diagnostics"])


def test_clean_entry_has_no_diagnostics(client: Client, tmp_path: Path) -> None:
    uri = _open(client, tmp_path / "clean.yaml", _modeline() + MINIMAL)
    msg = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)
    assert msg["params"]["diagnostics"] == []


def test_completion_offers_genre_values(client: Client, tmp_path: Path) -> None:
    lines = (_modeline() + MINIMAL).splitlines()
    at = next(i for i, x in enumerate(lines) if x.startswith("  genre:"))
    lines[at] = "  genre: "
    uri = _open(client, tmp_path / "complete.yaml", "\n".join(lines) + "\n")
    result = client.request("textDocument/completion",
                            {"textDocument": {"uri": uri}, "position": {"line": at, "character": len(lines[at])}})
    items = result["items"] if isinstance(result, dict) else result
    labels = {i["label"] for i in items}
    assert labels >= GENRES, labels
    # each value comes with its meaning (the schema's enumDescriptions)
    news = next(i for i in items if i["label"] == "news")
    doc = news.get("documentation")
    text = doc.get("value") if isinstance(doc, dict) else doc
    assert text == "Straight news report of recent events."
