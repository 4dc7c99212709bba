"""A real local HTTP server that misbehaves on purpose (runtime fault tests, issue 8 item 5).

The last path segment picks the scenario, so the generated client (``/pets/<scenario>``) and
openai-python (``/models/<scenario>``) hit the same behaviour. Every request is counted per
scenario, so a test can tell one attempt from three.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PET = {"id": "p1", "object": "pet", "name": "Rex"}
MODEL = {"id": "m1", "object": "model", "created": 1, "owned_by": "me"}


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


class _Handler(BaseHTTPRequestHandler):
    server: FaultServer

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        scenario = self.path.rstrip("/").rsplit("/", 1)[-1].split("?")[0]
        openai = "/models/" in self.path
        with self.server.lock:
            self.server.hits[scenario] += 1
            hit = self.server.hits[scenario]
        body = MODEL if openai else PET
        if scenario == "malformed":
            self._send(200, b'{"id": "p1", "name": ', "application/json")
        elif scenario == "long-retry-after":
            self._send(429, b'{"error": {"message": "slow down"}}', "application/json", {"Retry-After": "200"})
        elif scenario == "missing-field":
            partial = {k: v for k, v in body.items() if k not in ("name", "owned_by")}
            self._send(200, json.dumps(partial).encode(), "application/json")
        elif scenario == "flaky":  # two 503s, then success: two retries
            if hit <= 2:
                self._send(503, b'{"error": {"message": "busy"}}', "application/json", {"Retry-After": "0.01"})
            else:
                self._send(200, json.dumps(body).encode(), "application/json")
        else:
            self._send(200, json.dumps(body).encode(), "application/json")

    def _send(self, status: int, payload: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(payload)


@contextmanager
def fault_server() -> Iterator[FaultServer]:
    server = FaultServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
