"""A small Language Server Protocol client over stdio, for testing the schema as editors use it.

JSON-RPC messages with Content-Length headers, standard library only. A thread reads what the
server writes; every wait has a deadline, so a server that hangs or dies fails a test instead
of hanging the suite, and ``close`` always ends the process.
"""

from __future__ import annotations

import collections
import contextlib
import json
import subprocess
import threading
import time
from typing import Any, Self


class LanguageServerError(RuntimeError):
    """The server did not answer in time, answered with an error, or ended."""


class LanguageServer:
    """One server process, spoken to as an editor does: open documents, read what it says."""

    def __init__(self, command: list[str], settings: dict[str, Any], timeout: float = 20.0):
        self.timeout = timeout
        self._settings = settings  # answers the server's workspace/configuration
        self._process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        self._next_id = 0
        self._write_lock = threading.Lock()
        self._changed = threading.Condition()
        self._responses: dict[int, dict] = {}
        self._diagnostics: dict[str, list[list[dict]]] = collections.defaultdict(list)
        self._ended = False
        self._stderr: collections.deque[str] = collections.deque(maxlen=40)
        threading.Thread(target=self._read_messages, daemon=True).start()
        self._stderr_reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._stderr_reader.start()

    # --- lifecycle ------------------------------------------------------------------------

    def initialize(self, root_uri: str) -> dict:
        result = self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root_uri,
                "workspaceFolders": [{"uri": root_uri, "name": "facts"}],
                "capabilities": {
                    # The server then asks for its settings (workspace/configuration), which is
                    # how the schema store is turned off: nothing is fetched from the network.
                    "workspace": {"configuration": True, "workspaceFolders": True},
                    "textDocument": {
                        "publishDiagnostics": {},
                        "completion": {
                            "completionItem": {
                                "snippetSupport": True,
                                "documentationFormat": ["markdown"],
                            }
                        },
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                    },
                },
            },
        )
        self.notify("initialized", {})
        return result

    def close(self) -> None:
        """Ask the server to shut down; end the process if it does not, whatever happens."""
        try:
            if self._process.poll() is None and not self._ended:
                self.request("shutdown", None, timeout=5)
                self.notify("exit", None)
                self._process.wait(timeout=5)
        except (LanguageServerError, OSError, subprocess.TimeoutExpired):
            pass
        finally:
            if self._process.poll() is None:
                self._process.kill()
                self._process.wait(timeout=5)
            for stream in (self._process.stdin, self._process.stdout, self._process.stderr):
                # stdin's unsent bytes, to a process that is gone
                with contextlib.suppress(OSError):
                    stream.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # --- what an editor does --------------------------------------------------------------

    def open(self, uri: str, text: str) -> None:
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
        )

    def diagnostics(self, uri: str) -> list[dict]:
        """The first diagnostics the server publishes for a document opened once."""
        return self._wait(
            lambda: self._diagnostics[uri][0] if self._diagnostics[uri] else None,
            f"diagnostics for {uri}",
        )

    def completion(self, uri: str, line: int, character: int) -> list[dict]:
        result = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        if isinstance(result, dict):
            return result.get("items", [])
        return result or []

    def hover(self, uri: str, line: int, character: int) -> dict | None:
        return self.request(
            "textDocument/hover",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )

    # --- JSON-RPC ---------------------------------------------------------------------------

    def request(self, method: str, params: Any, timeout: float | None = None) -> Any:
        with self._changed:
            self._next_id += 1
            number = self._next_id
        self._send({"jsonrpc": "2.0", "id": number, "method": method, "params": params})
        response = self._wait(lambda: self._responses.pop(number, None), method, timeout)
        if "error" in response:
            raise LanguageServerError(f"{method}: {response['error']}")
        return response.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def _send(self, message: dict) -> None:
        body = json.dumps(message).encode("utf-8")
        with self._write_lock:
            try:
                self._process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
                self._process.stdin.flush()
            except (BrokenPipeError, ValueError, OSError) as error:
                raise LanguageServerError(f"the server is gone: {self._said()}") from error

    def _wait(self, found, what: str, timeout: float | None = None):
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        with self._changed:
            while True:
                value = found()
                if value is not None:
                    return value
                left = deadline - time.monotonic()
                if self._ended or left <= 0:
                    state = "ended" if self._ended else "did not answer in time"
                    raise LanguageServerError(
                        f"waiting for {what}: the server {state}; {self._said()}"
                    )
                self._changed.wait(left)

    def _said(self) -> str:
        if self._process.poll() is not None:
            self._stderr_reader.join(timeout=1)  # all it wrote before it ended
        return "its last words: " + (" | ".join(self._stderr) or "(nothing on stderr)")

    def _read_messages(self) -> None:
        stream = self._process.stdout
        try:
            while True:
                length = None
                while True:  # headers, up to the empty line
                    line = stream.readline()
                    if not line:
                        return
                    if line in (b"\r\n", b"\n"):
                        break
                    name, _, value = line.decode("ascii").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                if length is None:
                    continue
                self._received(json.loads(stream.read(length).decode("utf-8")))
        except (OSError, ValueError):
            return
        finally:
            with self._changed:
                self._ended = True
                self._changed.notify_all()

    def _received(self, message: dict) -> None:
        if "method" in message and "id" in message:
            self._answer(message)
            return
        with self._changed:
            if "id" in message:
                self._responses[message["id"]] = message
            elif message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                self._diagnostics[params["uri"]].append(params["diagnostics"])
            self._changed.notify_all()

    def _answer(self, message: dict) -> None:
        """The server's own requests: its settings are ours, anything else is acknowledged."""
        result: Any = None
        if message["method"] == "workspace/configuration":
            result = [
                self._settings.get(item.get("section"), {}) for item in message["params"]["items"]
            ]
        elif message["method"] == "workspace/workspaceFolders":
            result = []
        with contextlib.suppress(LanguageServerError):
            self._send({"jsonrpc": "2.0", "id": message["id"], "result": result})

    def _read_stderr(self) -> None:
        for line in self._process.stderr:
            self._stderr.append(line.decode("utf-8", "replace").rstrip())
