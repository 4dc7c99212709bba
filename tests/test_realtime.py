"""Realtime: ``client.realtime.connect(model=...)`` against a real local websocket server (the websockets
library's own server), sync in a thread and async in the test's event loop.

The client is tests/fixtures/webhooks.yaml generated with tests/data/extensions.config.yaml
(``realtime: {path: /realtime, server_events: ServerEvent, client_events: ClientEvent}``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.extensions_support import CONFIG, SPEC, hooks_package
from tests.support import ROOT

websockets = pytest.importorskip("websockets")

SESSION = {"type": "session.created", "event_id": "ev_0", "session": {"id": "sess_1", "model": "m"}}


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return hooks_package(tmp_path_factory.mktemp("ext"))


class Recorder:
    """What the server saw: the upgrade request's path and headers, and every message."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.headers: list[dict[str, str]] = []
        self.received: list[Any] = []


def _answer(message: str) -> list[str]:
    """The server's script: each ``response.create`` gets two text deltas; anything else an echo delta."""
    event = json.loads(message)
    if event.get("type") == "response.create":
        return [json.dumps({"type": "response.output_text.delta", "event_id": f"ev_{i}", "delta": word}) for i, word in enumerate(("Hello", "!"), 1)]
    return [json.dumps({"type": "response.output_text.delta", "event_id": "ev_echo", "delta": event.get("type", "?")})]


@pytest.fixture
def sync_server() -> Iterator[tuple[str, Recorder]]:
    from websockets.sync.server import serve

    rec = Recorder()

    def handler(ws: Any) -> None:
        rec.paths.append(ws.request.path)
        rec.headers.append({k.lower(): v for k, v in ws.request.headers.raw_items()})
        ws.send(json.dumps(SESSION))
        for message in ws:
            rec.received.append(json.loads(message))
            for answer in _answer(message):
                ws.send(answer)
            if json.loads(message).get("type") == "response.create":
                ws.close()
                return

    with serve(handler, "127.0.0.1", 0) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        port = server.socket.getsockname()[1]
        yield f"http://127.0.0.1:{port}/v1", rec
        server.shutdown()
    thread.join(5)


def test_realtime_sync_connect_send_recv_iterate_close(hooks: ModuleType, sync_server: tuple[str, Recorder]) -> None:
    from hooks.types import ResponseCreate, SessionCreated, TextDelta  # type: ignore[import-not-found]

    base_url, rec = sync_server
    client = hooks.Hooks(api_key="sk-test", base_url=base_url)
    with client.realtime.connect(model="gpt-realtime") as conn:
        first = conn.recv()
        assert type(first) is SessionCreated and first.session.id == "sess_1"
        conn.send({"type": "conversation.item.create", "item": {"type": "message"}})
        echo = conn.recv()
        assert type(echo) is TextDelta and echo.delta == "conversation.item.create"
        conn.send(ResponseCreate(type="response.create"))  # a model is sent as its JSON
        deltas = [event for event in conn]  # iteration ends when the server closes the connection
    assert [type(e) for e in deltas] == [TextDelta, TextDelta]
    assert "".join(e.delta for e in deltas) == "Hello!"
    assert rec.paths == ["/v1/realtime?model=gpt-realtime"]
    assert rec.headers[0]["authorization"] == "Bearer sk-test"
    assert "openai-beta" not in rec.headers[0]  # openai-python's GA realtime sends none
    assert rec.received == [{"type": "conversation.item.create", "item": {"type": "message"}}, {"type": "response.create"}]


def test_realtime_close_by_the_client(hooks: ModuleType, sync_server: tuple[str, Recorder]) -> None:
    base_url, rec = sync_server
    client = hooks.Hooks(api_key="sk-test", base_url=base_url)
    manager = client.realtime.connect(model="m", extra_query={"intent": "x"}, extra_headers={"X-Trace": "t1"})
    assert manager.url.startswith("ws://127.0.0.1:") and manager.url.endswith("/v1/realtime?model=m&intent=x")
    conn = manager.enter()
    assert conn.recv().type == "session.created"
    conn.close()
    with pytest.raises(websockets.exceptions.ConnectionClosed):
        conn.recv()
    assert rec.headers[0]["x-trace"] == "t1"


def test_realtime_an_unknown_event_type_still_parses(hooks: ModuleType) -> None:
    client = hooks.Hooks(api_key="k", base_url="http://127.0.0.1:9/v1")
    manager = client.realtime.connect(model="m")
    from hooks._realtime import RealtimeConnection  # type: ignore[import-not-found]

    conn = RealtimeConnection(None, manager._event_type)
    event = conn.parse_event(b'{"type": "brand.new", "event_id": "e", "x": 1}')
    assert event.type == "brand.new" and event.event_id == "e"


def test_realtime_connect_requires_the_configured_query(hooks: ModuleType) -> None:
    client = hooks.Hooks(api_key="k", base_url="http://127.0.0.1:9/v1")
    with pytest.raises(TypeError, match="model"):
        client.realtime.connect()


def test_realtime_https_becomes_wss(hooks: ModuleType) -> None:
    client = hooks.Hooks(api_key="k")
    assert client.realtime.connect(model="m").url == "wss://api.hooks.example/v1/realtime?model=m"


async def test_realtime_async_connect_send_recv_iterate_close(hooks: ModuleType) -> None:
    from hooks.types import SessionCreated, TextDelta  # type: ignore[import-not-found]
    from websockets.asyncio.server import serve

    rec = Recorder()

    async def handler(ws: Any) -> None:
        rec.paths.append(ws.request.path)
        rec.headers.append({k.lower(): v for k, v in ws.request.headers.raw_items()})
        await ws.send(json.dumps(SESSION))
        async for message in ws:
            rec.received.append(json.loads(message))
            for answer in _answer(message):
                await ws.send(answer)
            if json.loads(message).get("type") == "response.create":
                await ws.close()
                return

    async with serve(handler, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        client = hooks.AsyncHooks(api_key="sk-async", base_url=f"http://127.0.0.1:{port}/v1")
        async with client.realtime.connect(model="gpt-realtime") as conn:
            first = await conn.recv()
            assert type(first) is SessionCreated
            await conn.send({"type": "conversation.item.create"})
            assert (await conn.recv()).delta == "conversation.item.create"
            await conn.send({"type": "response.create"})
            events = [event async for event in conn]
        assert [type(e) for e in events] == [TextDelta, TextDelta]
        # An explicit close by the client.
        conn2 = await client.realtime.connect(model="m").enter()
        assert (await conn2.recv()).type == "session.created"
        await conn2.close()
    assert rec.paths[0] == "/v1/realtime?model=gpt-realtime"
    assert rec.headers[0]["authorization"] == "Bearer sk-async"
    assert rec.received[:2] == [{"type": "conversation.item.create"}, {"type": "response.create"}]


def test_realtime_without_websockets_says_how_to_install(hooks: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "websockets" or m.startswith("websockets.")]:
        monkeypatch.delitem(sys.modules, name)
    for name in ("websockets", "websockets.sync", "websockets.sync.client", "websockets.asyncio", "websockets.asyncio.client", "websockets.exceptions"):
        monkeypatch.setitem(sys.modules, name, None)  # an import of it raises ImportError
    client = hooks.Hooks(api_key="k", base_url="http://127.0.0.1:9/v1")
    with pytest.raises(ImportError, match=r"pip install 'hooks-client\[realtime\]'"):
        client.realtime.connect(model="m").enter()
    with pytest.raises(ImportError, match=r"hooks-client\[realtime\]"), client.realtime.connect(model="m"):
        pass


def test_realtime_websockets_is_an_optional_extra(hooks: ModuleType) -> None:
    import tomllib

    pyproject = tomllib.loads((Path(hooks.__file__).parents[1] / "pyproject.toml").read_text())
    assert pyproject["project"]["optional-dependencies"] == {"realtime": ["websockets>=13,<18"]}
    assert not any("websockets" in d for d in pyproject["project"]["dependencies"])


def test_realtime_unknown_event_schemas_warn_and_stay_untyped(tmp_path: Path) -> None:
    import yaml

    from generator.config import load_config
    from generator.diagnostics import Diagnostics
    from generator.pipeline import Options, build_ir

    config = yaml.safe_load(CONFIG.read_text())
    config["realtime"]["server_events"] = "NoSuchEvent"
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(config))
    diagnostics = Diagnostics()
    api = build_ir(SPEC, load_config(path), Options(validate=False), diagnostics)
    assert api.realtime is not None and api.realtime.server_events is None
    warned = [d for d in diagnostics if d.kind == "unmatched-override" and "NoSuchEvent" in d.message]
    assert warned and warned[0].pointer == "/realtime/server_events"


def test_realtime_the_seed_example_with_the_committed_client(tmp_path: Path) -> None:
    """Seed 003's realtime example (section 16) against a real websocket server with generated/. The seed
    builds the sync ``OpenAI()`` and then uses ``async with``, which fails in openai-python too (its sync
    manager has no ``__aenter__``); it runs here with ``AsyncOpenAI``, the rest of the code unchanged."""
    seed = ROOT.parent / "shared" / "seeds" / "003_6e3e25c0eed72563.txt"
    if not seed.exists():
        pytest.skip("../shared is not there")
    text = seed.read_text()
    start = text.index("async with client.realtime.connect(")
    end = text.index("print(event.type, event)", start) + len("print(event.type, event)")
    body = "\n".join("        " + line for line in text[start:end].splitlines())
    script = f"""
import asyncio, json, os
from websockets.asyncio.server import serve
from openai_client import AsyncOpenAI

async def handler(ws):
    await ws.send(json.dumps({{"type": "session.created", "event_id": "e0"}}))
    async for message in ws:
        if json.loads(message)["type"] == "response.create":
            await ws.send(json.dumps({{"type": "response.done", "event_id": "e1"}}))
            await ws.close()

async def main():
    async with serve(handler, "127.0.0.1", 0) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        os.environ["OPENAI_BASE_URL"] = f"http://127.0.0.1:{{port}}/v1"
        client = AsyncOpenAI()
{body}

asyncio.run(main())
"""
    env = {**__import__("os").environ, "OPENAI_API_KEY": "sk-test"}
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT / "generated", capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert [line.split()[0] for line in proc.stdout.splitlines()] == ["session.created", "response.done"]
