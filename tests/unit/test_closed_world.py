"""The closed world: no network ever, $refs only inside the spec's folder tree (or allowed folders),
no special files. A real local server records every connection attempt; it must see none."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.config import Config
from generator.diagnostics import Diagnostics
from generator.pipeline import Options, build_ir

REPO = Path(__file__).resolve().parents[2]
SECRET = "TOP-SECRET-OUTSIDE-CONTENT"


class RecordingServer:
    """A TCP server on 127.0.0.1 that counts connections (and answers with a valid YAML schema)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.attempts = 0
        self._stop = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        self.sock.settimeout(0.1)
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.attempts += 1
            body = b"X: {type: string}\n"
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
            conn.close()

    def close(self) -> None:
        self._stop = True
        self.thread.join(timeout=2)
        self.sock.close()


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OASGEN_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture
def server() -> Iterator[RecordingServer]:
    srv = RecordingServer()
    yield srv
    srv.close()


def _spec(folder: Path, schemas: dict[str, str]) -> Path:
    lines = "\n".join(f"    {name}: {{$ref: '{ref}'}}" for name, ref in schemas.items())
    spec = folder / "api" / "spec.yaml"
    spec.parent.mkdir(parents=True, exist_ok=True)
    first = next(iter(schemas))
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: Closed, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: getA\n"
        "      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n"
        f"              schema: {{$ref: '#/components/schemas/{first}'}}\ncomponents:\n  schemas:\n{lines}\n"
    )
    return spec


def _build(spec: Path, **options: object) -> Diagnostics:
    diagnostics = Diagnostics()
    build_ir(spec, Config(), Options(validate=True, **options), diagnostics)  # type: ignore[arg-type]
    return diagnostics


def test_remote_refs_are_never_fetched(tmp_path: Path, server: RecordingServer) -> None:
    url = f"http://127.0.0.1:{server.port}/schemas.yaml#/X"
    spec = _spec(tmp_path, {"Remote": url, "Https": f"https://127.0.0.1:{server.port}/s.yaml#/X"})
    diagnostics = _build(spec)
    assert server.attempts == 0
    messages = [d for d in diagnostics if url in d.message and d.kind in ("unresolved-ref", "spec-violation")]
    assert {d.kind for d in messages} == {"unresolved-ref", "spec-violation"}, [d.render() for d in diagnostics]  # loader and validator
    loader = next(d for d in messages if d.kind == "unresolved-ref")
    validator = next(d for d in messages if d.kind == "spec-violation")
    assert loader.message in validator.message  # one wording, whoever meets the ref
    assert "remote reference" in loader.message and "not supported" in loader.message
    assert validator.file == loader.file == str(spec)
    assert validator.pointer == "/components/schemas/Remote" and loader.pointer  # where it is written / where it is used


def test_remote_refs_in_the_cli_make_no_connection(tmp_path: Path, server: RecordingServer) -> None:
    spec = _spec(tmp_path, {"Remote": f"http://127.0.0.1:{server.port}/schemas.yaml#/X"})
    for command in (["validate", str(spec)], ["generate", str(spec), "-o", str(tmp_path / "out")]):
        proc = subprocess.run([sys.executable, "-m", "generator", *command], cwd=REPO, capture_output=True, text=True, timeout=120)
        assert "Traceback" not in proc.stderr
    assert server.attempts == 0


def test_refs_outside_the_spec_folder_are_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(f"X: {{type: string, description: {SECRET}}}\n")
    link = tmp_path / "api" / "link.yaml"
    spec = _spec(tmp_path, {"Up": "../outside.yaml#/X", "Abs": f"{outside}#/X", "Link": "./link.yaml#/X", "Dev": "/dev/zero"})
    link.symlink_to(outside)  # inside the folder by name, outside once resolved
    diagnostics = _build(spec)
    rendered = "\n".join(d.render() for d in diagnostics)
    assert SECRET not in rendered
    for name in ("Up", "Abs", "Link", "Dev"):
        located = [d for d in diagnostics if d.pointer == f"/components/schemas/{name}"]
        assert located and all("outside the spec's folder" in d.message and "--allow-ref-dir" in d.message for d in located), rendered


def test_an_allowed_folder_may_be_read(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "common.yaml").write_text("X: {type: object, properties: {a: {type: string}}}\n")
    spec = _spec(tmp_path, {"Shared": "../shared/common.yaml#/X"})
    assert any("outside" in d.message for d in _build(spec))
    allowed = _build(spec, allowed_ref_dirs=(shared,))
    assert not [d.render() for d in allowed if d.severity.value != "info" and d.kind != "no-server"]


def test_a_special_file_inside_the_folder_is_refused_without_blocking(tmp_path: Path) -> None:
    spec = _spec(tmp_path, {"Pipe": "./pipe.yaml#/X"})
    os.mkfifo(spec.parent / "pipe.yaml")
    diagnostics = _build(spec)
    located = [d for d in diagnostics if d.pointer == "/components/schemas/Pipe"]
    assert located and all("FIFO" in d.message for d in located), [d.render() for d in diagnostics]


def test_the_cli_flag_allows_a_folder(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "common.yaml").write_text("X: {type: object, properties: {a: {type: string}}}\n")
    spec = _spec(tmp_path, {"Shared": "../shared/common.yaml#/X"})
    base = [sys.executable, "-m", "generator", "validate", str(spec)]
    refused = subprocess.run(base, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert "outside the spec's folder" in refused.stdout + refused.stderr
    allowed = subprocess.run([*base, "--allow-ref-dir", str(shared)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert "outside" not in allowed.stdout + allowed.stderr and allowed.returncode == 0, allowed.stdout + allowed.stderr
