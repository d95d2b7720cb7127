"""A minimal LSP client that drives the real YAML language server (the one VS Code's YAML extension runs).

It speaks JSON-RPC over the server's stdin/stdout with Content-Length framing, answers the server's
own requests as VS Code would (the workspace's settings for `workspace/configuration`), and keeps
the diagnostics the server publishes.
"""

from __future__ import annotations

import json
import queue
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

from tests.factories import ROOT

SERVER = ROOT / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"


def server_missing() -> str | None:
    """Why the server cannot run here, or None."""
    if shutil.which("node") is None:
        return "node mangler"
    if not SERVER.exists():
        return f"{SERVER.relative_to(ROOT)} mangler: kør npm ci (scripts/test.sh gør det)"
    return None


class LanguageServerError(Exception):
    pass


class YamlLanguageServer:
    def __init__(self, root: Path, settings: dict[str, Any], timeout: float = 30) -> None:
        self.root = root
        self.settings = settings  # the 'yaml' section, as VS Code would hand it over
        self.timeout = timeout
        self._next_id = 0
        self._responses: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._diagnostics: dict[str, list[dict[str, Any]]] = {}
        self._published = threading.Condition()
        self._open: set[str] = set()
        self._version = 0
        self._process = subprocess.Popen(
            ["node", str(SERVER), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=root,
        )
        self._write_lock = threading.Lock()
        self._reader = threading.Thread(target=self._read_loop, daemon=True)
        self._reader.start()

    # --- The session ------------------------------------------------------------------------------

    def __enter__(self) -> YamlLanguageServer:
        uri = self.root.as_uri()
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": uri,
                "workspaceFolders": [{"uri": uri, "name": self.root.name}],
                "capabilities": {
                    "workspace": {"configuration": True, "didChangeConfiguration": {"dynamicRegistration": True}},
                    "textDocument": {
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "completion": {
                            "completionItem": {"documentationFormat": ["markdown", "plaintext"], "snippetSupport": True}
                        },
                        "publishDiagnostics": {},
                    },
                },
            },
        )
        self.notify("initialized", {})
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self._process.wait(timeout=10)
        except (LanguageServerError, subprocess.TimeoutExpired, OSError):
            self._process.kill()
            self._process.wait()

    def schemas_for(self, uri: str) -> list[dict[str, Any]]:
        """The schemas the server has associated with an open document (yaml-language-server's own request)."""
        return self.request("yaml/get/jsonSchema", uri) or []

    def wait_for_settings(self, path: Path) -> None:
        """Return once the server has applied the workspace settings (it asks for them after starting):
        a file they map to a schema, opened, gets that schema."""
        uri = self.open(path, "")
        deadline = time.monotonic() + self.timeout
        while not self.schemas_for(uri):
            if time.monotonic() > deadline:
                raise LanguageServerError(f"no schema for {path} after {self.timeout} s")
            time.sleep(0.1)
        self.close(uri)

    def open(self, path: Path, text: str | None = None) -> str:
        """Open a document (again: closed first, as the server ignores a second didOpen); its text is the file's
        unless given, and the file need not exist, as in an editor before the first save."""
        uri = path.as_uri()
        if uri in self._open:
            self.close(uri)
        self._open.add(uri)
        self._version += 1  # never the same twice: the server caches a parsed document by its URI and version
        with self._published:
            self._diagnostics.pop(uri, None)
        body = path.read_text(encoding="utf-8") if text is None else text
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": self._version, "text": body}},
        )
        return uri

    def close(self, uri: str) -> None:
        self._open.discard(uri)
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def diagnostics(self, uri: str) -> list[dict[str, Any]]:
        """The diagnostics the server publishes for an opened document."""
        deadline = time.monotonic() + self.timeout
        with self._published:
            while uri not in self._diagnostics:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise LanguageServerError(f"no diagnostics published for {uri}")
                self._published.wait(left)
            return self._diagnostics[uri]

    def hover(self, uri: str, line: int, character: int) -> str:
        result = self.request(
            "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}
        )
        if not result:
            return ""
        contents = result["contents"]
        return contents["value"] if isinstance(contents, dict) else str(contents)

    def completion(self, uri: str, line: int, character: int) -> list[dict[str, Any]]:
        result = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        return result["items"] if isinstance(result, dict) else (result or [])

    # --- JSON-RPC ---------------------------------------------------------------------------------

    def request(self, method: str, params: Any) -> Any:
        self._next_id += 1
        ident = self._next_id
        answer: queue.Queue[dict[str, Any]] = queue.Queue()
        self._responses[ident] = answer
        self._send({"jsonrpc": "2.0", "id": ident, "method": method, "params": params})
        try:
            message = answer.get(timeout=self.timeout)
        except queue.Empty:
            raise LanguageServerError(f"{method}: no answer after {self.timeout} s") from None
        finally:
            self._responses.pop(ident, None)
        if "error" in message:
            raise LanguageServerError(f"{method}: {message['error']}")
        return message.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message).encode("utf-8")
        stdin = self._process.stdin
        assert stdin is not None
        with self._write_lock:
            try:
                stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
                stdin.flush()
            except (BrokenPipeError, ValueError) as exc:
                raise LanguageServerError(f"the server has stopped: {exc}") from None

    def _read_loop(self) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        while True:
            length = None
            while (line := stdout.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value.strip())
            if line == b"" or length is None:
                return  # the server has exited
            self._dispatch(json.loads(stdout.read(length)))

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "method" not in message:  # a response to one of our requests
            waiting = self._responses.get(message.get("id", -1))
            if waiting is not None:
                waiting.put(message)
            return
        method, params = message["method"], message.get("params")
        if method == "textDocument/publishDiagnostics":
            with self._published:
                self._diagnostics[params["uri"]] = params["diagnostics"]
                self._published.notify_all()
        if "id" in message:  # the server asks; answer as VS Code would
            result: Any = None
            if method == "workspace/configuration":
                result = [self.settings if item.get("section") == "yaml" else None for item in params["items"]]
            self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})
