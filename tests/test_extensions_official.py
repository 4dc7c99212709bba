"""The official OpenAI spec with spec/openai.config.yaml: typed realtime events (``RealtimeServerEvent``,
46 variants discriminated by ``type``) over a real local websocket, and the 16 typed webhook events
through ``client.webhooks.unwrap`` with a Standard Webhooks signature computed here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.extensions_support import generate
from tests.support import OPENAI_SPEC, ROOT, require_shared

pytestmark = pytest.mark.slow

SCRIPT = r'''
import base64, hashlib, hmac, json, threading, time
from websockets.sync.server import serve
from openai_client import OpenAI, AzureOpenAI, InvalidWebhookSignatureError

# Realtime: a real websockets server speaking two events of the spec.
seen = {}
def handler(ws):
    seen["path"] = ws.request.path
    seen["auth"] = ws.request.headers.get("Authorization")
    ws.send(json.dumps({"type": "session.created", "event_id": "e0", "session": {"type": "realtime", "model": "gpt-realtime"}}))
    for message in ws:
        seen["sent"] = json.loads(message)
        ws.send(json.dumps({"type": "response.output_text.delta", "event_id": "e1", "response_id": "r", "item_id": "i", "output_index": 0, "content_index": 0, "delta": "Hi"}))
        ws.close()
        return

with serve(handler, "127.0.0.1", 0) as server:
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.socket.getsockname()[1]
    client = OpenAI(api_key="sk-test", base_url=f"http://127.0.0.1:{port}/v1", webhook_secret="whsec_" + base64.b64encode(b"k").decode())
    with client.realtime.connect(model="gpt-realtime") as conn:
        first = conn.recv()
        conn.send({"type": "response.create"})
        rest = list(conn)
    server.shutdown()
print("realtime", type(first).__name__, [type(e).__name__ for e in rest], seen["path"], seen["auth"], seen["sent"])

# Webhooks: every one of the 16 events, signed here, unwraps into its own class.
spec_events = json.loads(open("events.json").read())
classes = set()
for tag, example in spec_events:
    body = json.dumps(example).encode()
    ts = str(int(time.time()))
    sig = base64.b64encode(hmac.new(b"k", f"msg.{ts}.".encode() + body, hashlib.sha256).digest()).decode()
    event = client.webhooks.unwrap(body, {"webhook-id": "msg", "webhook-timestamp": ts, "webhook-signature": "v1," + sig})
    assert event.type == tag, (event.type, tag)
    classes.add(type(event).__name__)
try:
    client.webhooks.unwrap(body + b" ", {"webhook-id": "msg", "webhook-timestamp": ts, "webhook-signature": "v1," + sig})
except InvalidWebhookSignatureError:
    print("tampered rejected")
print("webhooks", len(classes))
print("azure", AzureOpenAI.__mro__[1].__name__ != "", issubclass(AzureOpenAI, OpenAI))
'''


def test_official_spec_typed_realtime_and_webhook_events(tmp_path: Path) -> None:
    require_shared()
    pytest.importorskip("websockets")
    import json

    import yaml

    out = generate(tmp_path / "official", spec=OPENAI_SPEC, config=ROOT / "spec" / "openai.config.yaml")
    spec = yaml.load(OPENAI_SPEC.read_text(), Loader=yaml.CSafeLoader)
    events = []
    for item in spec["webhooks"].values():
        ref = item["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        schema = spec["components"]["schemas"][ref]
        tag = schema["properties"]["type"]["enum"][0]
        try:
            example = json.loads(schema["x-oaiMeta"]["example"])
        except ValueError:  # a few examples in the spec are not valid JSON: a minimal delivery instead
            example = {"id": "evt_1", "type": tag, "created_at": 1719168000, "data": {"id": "x"}}
        events.append((tag, example))
    (out / "events.json").write_text(json.dumps(events))
    proc = subprocess.run([sys.executable, "-c", SCRIPT], cwd=out, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-4000:]
    lines = proc.stdout.splitlines()
    assert lines[0] == (
        "realtime RealtimeServerEventSessionCreated ['RealtimeServerEventResponseTextDelta'] /v1/realtime?model=gpt-realtime"
        " Bearer sk-test {'type': 'response.create'}"
    ), lines[0]
    assert "tampered rejected" in lines
    assert "webhooks 16" in lines
    assert lines[-1] == "azure True True"
