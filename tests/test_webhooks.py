"""Webhooks: the spec's ``webhooks`` as typed events (generic), and Standard Webhooks signatures (config).

tests/fixtures/webhooks.yaml (its golden tree shows the typed events without any config) is generated
with tests/data/extensions.config.yaml (``webhooks: {signature: standard-webhooks, secret_env: ...}``).
Signatures in these tests are computed here, with hmac/hashlib, independently of the generated code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest

from tests.extensions_support import CONFIG, SPEC, hooks_package
from tests.support import OPENAI_SPEC, ROOT, require_shared

KEY = b"\x01\x02secret-key-bytes\xff"
SECRET = "whsec_" + base64.b64encode(KEY).decode()


def sign(webhook_id: str, timestamp: int, payload: bytes, key: bytes = KEY) -> str:
    """The Standard Webhooks signature (https://www.standardwebhooks.com), written out independently."""
    content = f"{webhook_id}.{timestamp}.".encode() + payload
    return "v1," + base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode()


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return hooks_package(tmp_path_factory.mktemp("ext"))


@pytest.fixture
def client(hooks: ModuleType) -> object:
    return hooks.Hooks(api_key="k", webhook_secret=SECRET)


PAYLOAD = json.dumps({"id": "evt_1", "type": "order.shipped", "created_at": 1700000000, "data": {"order_id": "o_1", "carrier": "ups"}}).encode()


def headers_for(payload: bytes, *, timestamp: int | None = None, signature: str | None = None) -> dict[str, str]:
    ts = int(time.time()) if timestamp is None else timestamp
    return {"webhook-id": "msg_1", "webhook-timestamp": str(ts), "webhook-signature": signature or sign("msg_1", ts, payload)}


# -- the IR: generic, from the spec's webhooks ----------------------------------------------------


def test_webhooks_events_and_union_are_in_the_ir_without_any_config() -> None:
    from generator.config import Config
    from generator.diagnostics import Diagnostics
    from generator.ir.model import NamedRef, UnionDef
    from generator.pipeline import Options, build_ir

    api = build_ir(SPEC, Config(), Options(validate=False), Diagnostics())
    assert api.webhooks is not None
    assert [(e.name, e.type_value) for e in api.webhooks.events] == [("order_shipped", "order.shipped"), ("order_cancelled", "order.cancelled")]
    assert [e.payload for e in api.webhooks.events] == [NamedRef("OrderShipped"), NamedRef("OrderCancelledWebhookEvent")]
    assert api.webhooks.signature == "" and api.webhooks.secret_env == ""
    union = next(t for t in api.types if t.name == "UnwrapWebhookEvent")
    assert isinstance(union, UnionDef)
    assert union.union.discriminator is not None
    assert union.union.discriminator.mapping == (("order.shipped", "OrderShipped"), ("order.cancelled", "OrderCancelledWebhookEvent"))
    assert ("webhooks",) in [c.path for c in api.resources.children]


def test_webhooks_a_union_without_constant_types_has_no_discriminator(tmp_path: Path) -> None:
    import yaml

    from generator.config import Config
    from generator.diagnostics import Diagnostics
    from generator.ir.model import UnionDef
    from generator.pipeline import Options, build_ir

    doc = yaml.safe_load(SPEC.read_text())
    doc["components"]["schemas"]["OrderShipped"]["properties"]["type"] = {"type": "string"}
    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump(doc, sort_keys=False))
    api = build_ir(spec, Config(), Options(validate=False), Diagnostics())
    assert api.webhooks is not None and api.webhooks.events[0].type_value is None
    union = next(t for t in api.types if t.name == "UnwrapWebhookEvent")
    assert isinstance(union, UnionDef) and union.union.discriminator is None


def test_webhooks_the_config_turns_on_signatures() -> None:
    from generator.config import load_config
    from generator.diagnostics import Diagnostics
    from generator.pipeline import Options, build_ir

    api = build_ir(SPEC, load_config(CONFIG), Options(validate=False), Diagnostics())
    assert api.webhooks is not None
    assert (api.webhooks.signature, api.webhooks.secret_env, api.webhooks.tolerance) == ("standard-webhooks", "HOOKS_WEBHOOK_SECRET", 300)


def test_webhooks_the_official_spec_has_16_typed_events() -> None:
    require_shared()
    from generator.config import load_config
    from generator.diagnostics import Diagnostics
    from generator.pipeline import Options, build_ir

    api = build_ir(OPENAI_SPEC, load_config(ROOT / "spec" / "openai.config.yaml"), Options(validate=False), Diagnostics())
    assert api.webhooks is not None
    assert len(api.webhooks.events) == 16
    assert all(e.type_value for e in api.webhooks.events)
    union = next(t for t in api.types if t.name == api.webhooks.union)
    assert len(union.union.discriminator.mapping) == 16  # type: ignore[union-attr]
    assert dict(union.union.discriminator.mapping)["batch.completed"] == "WebhookBatchCompleted"  # type: ignore[union-attr]
    assert api.webhooks.signature == "standard-webhooks" and api.webhooks.secret_env == "OPENAI_WEBHOOK_SECRET"


# -- verify_signature -------------------------------------------------------------------------------


def test_webhooks_a_known_vector_verifies(client: object) -> None:
    client.webhooks.verify_signature(PAYLOAD, headers_for(PAYLOAD))  # type: ignore[attr-defined]
    client.webhooks.verify_signature(PAYLOAD.decode(), headers_for(PAYLOAD))  # type: ignore[attr-defined]  # str payloads too


def test_webhooks_a_fixed_vector_with_a_wide_tolerance(client: object) -> None:
    # A vector fixed in time: only a tolerance that reaches back to it accepts it.
    ts = 1_700_000_000
    headers = {"webhook-id": "msg_2", "webhook-timestamp": str(ts), "webhook-signature": sign("msg_2", ts, PAYLOAD)}
    client.webhooks.verify_signature(PAYLOAD, headers, tolerance=int(time.time()) - ts + 60)  # type: ignore[attr-defined]


def test_webhooks_a_tampered_payload_is_rejected(client: object, hooks: ModuleType) -> None:
    headers = headers_for(PAYLOAD)
    tampered = PAYLOAD.replace(b"o_1", b"o_2")
    with pytest.raises(hooks.InvalidWebhookSignatureError, match="does not match"):
        client.webhooks.verify_signature(tampered, headers)  # type: ignore[attr-defined]


def test_webhooks_a_wrong_secret_is_rejected(hooks: ModuleType) -> None:
    other = hooks.Hooks(api_key="k", webhook_secret="whsec_" + base64.b64encode(b"other").decode())
    with pytest.raises(hooks.InvalidWebhookSignatureError):
        other.webhooks.verify_signature(PAYLOAD, headers_for(PAYLOAD))


def test_webhooks_an_expired_timestamp_is_rejected(client: object, hooks: ModuleType) -> None:
    old = int(time.time()) - 301
    with pytest.raises(hooks.InvalidWebhookSignatureError, match="too old"):
        client.webhooks.verify_signature(PAYLOAD, headers_for(PAYLOAD, timestamp=old))  # type: ignore[attr-defined]
    future = int(time.time()) + 301
    with pytest.raises(hooks.InvalidWebhookSignatureError, match="too new"):
        client.webhooks.verify_signature(PAYLOAD, headers_for(PAYLOAD, timestamp=future))  # type: ignore[attr-defined]
    client.webhooks.verify_signature(PAYLOAD, headers_for(PAYLOAD, timestamp=old), tolerance=600)  # type: ignore[attr-defined]


def test_webhooks_any_of_several_signatures_may_match(client: object) -> None:
    ts = int(time.time())
    good = sign("msg_1", ts, PAYLOAD)
    bad = sign("msg_1", ts, PAYLOAD, key=b"rotated-out")
    client.webhooks.verify_signature(PAYLOAD, headers_for(PAYLOAD, signature=f"{bad} {good}"))  # type: ignore[attr-defined]


def test_webhooks_missing_headers_and_bad_timestamps_are_rejected(client: object, hooks: ModuleType) -> None:
    headers = headers_for(PAYLOAD)
    for name in ("webhook-id", "webhook-timestamp", "webhook-signature"):
        partial = {k: v for k, v in headers.items() if k != name}
        with pytest.raises(hooks.InvalidWebhookSignatureError, match=name):
            client.webhooks.verify_signature(PAYLOAD, partial)  # type: ignore[attr-defined]
    with pytest.raises(hooks.InvalidWebhookSignatureError, match="timestamp"):
        client.webhooks.verify_signature(PAYLOAD, {**headers, "webhook-timestamp": "soon"})  # type: ignore[attr-defined]


def test_webhooks_headers_are_case_insensitive_and_httpx_headers_work(client: object) -> None:
    import httpx

    headers = {k.title(): v for k, v in headers_for(PAYLOAD).items()}
    client.webhooks.verify_signature(PAYLOAD, headers)  # type: ignore[attr-defined]
    client.webhooks.verify_signature(PAYLOAD, httpx.Headers(headers_for(PAYLOAD)))  # type: ignore[attr-defined]


def test_webhooks_a_secret_without_prefix_is_its_utf8_bytes(hooks: ModuleType) -> None:
    c = hooks.Hooks(api_key="k")
    ts = int(time.time())
    headers = {"webhook-id": "m", "webhook-timestamp": str(ts), "webhook-signature": sign("m", ts, PAYLOAD, key=b"plain")}
    c.webhooks.verify_signature(PAYLOAD, headers, secret="plain")


def test_webhooks_the_secret_comes_from_the_argument_the_client_then_the_env(hooks: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOOKS_WEBHOOK_SECRET", raising=False)
    bare = hooks.Hooks(api_key="k")
    with pytest.raises(ValueError, match="HOOKS_WEBHOOK_SECRET"):
        bare.webhooks.verify_signature(PAYLOAD, headers_for(PAYLOAD))
    bare.webhooks.verify_signature(PAYLOAD, headers_for(PAYLOAD), secret=SECRET)
    monkeypatch.setenv("HOOKS_WEBHOOK_SECRET", SECRET)
    hooks.Hooks(api_key="k").webhooks.verify_signature(PAYLOAD, headers_for(PAYLOAD))
    assert hooks.Hooks(api_key="k").webhook_secret == SECRET
    # copy() may change it (it is a client option).
    assert bare.with_options(webhook_secret="whsec_x").webhook_secret == "whsec_x"


def test_webhooks_the_error_is_exported_and_a_value_error(hooks: ModuleType) -> None:
    from hooks import _exceptions  # type: ignore[import-not-found]

    assert "InvalidWebhookSignatureError" in _exceptions.__all__
    assert issubclass(hooks.InvalidWebhookSignatureError, hooks.HooksError)
    assert issubclass(hooks.InvalidWebhookSignatureError, ValueError)


# -- unwrap ----------------------------------------------------------------------------------------


def test_webhooks_unwrap_returns_the_typed_event(client: object, hooks: ModuleType) -> None:
    from hooks.types import OrderCancelledWebhookEvent, OrderShipped  # type: ignore[import-not-found]

    event = client.webhooks.unwrap(PAYLOAD, headers_for(PAYLOAD))  # type: ignore[attr-defined]
    assert type(event) is OrderShipped
    assert (event.id, event.type, event.data.order_id, event.data.carrier) == ("evt_1", "order.shipped", "o_1", "ups")
    cancelled = json.dumps({"id": "evt_2", "type": "order.cancelled", "data": {"order_id": "o_1", "reason": "late"}}).encode()
    event = client.webhooks.unwrap(cancelled, headers_for(cancelled))  # type: ignore[attr-defined]
    assert type(event) is OrderCancelledWebhookEvent and event.data.reason == "late"


def test_webhooks_unwrap_verifies_first(client: object, hooks: ModuleType) -> None:
    with pytest.raises(hooks.InvalidWebhookSignatureError):
        client.webhooks.unwrap(PAYLOAD.replace(b"ups", b"dhl"), headers_for(PAYLOAD))  # type: ignore[attr-defined]


async def test_webhooks_the_async_client_has_the_same_helpers(hooks: ModuleType) -> None:
    from hooks.types import OrderShipped  # type: ignore[import-not-found]

    client = hooks.AsyncHooks(api_key="k", webhook_secret=SECRET)
    assert type(client.webhooks.unwrap(PAYLOAD, headers_for(PAYLOAD))) is OrderShipped
    with pytest.raises(hooks.InvalidWebhookSignatureError):
        client.webhooks.verify_signature(b"{}", headers_for(PAYLOAD))


def test_webhooks_without_a_signature_config_unwrap_only_parses(tmp_path: Path) -> None:
    from tests.extensions_support import generate

    out = generate(tmp_path / "plain", config=None)
    script = (
        "import json\n"
        "from hooks_client import HooksClient\n"
        "from hooks_client.types import OrderShipped\n"
        "c = HooksClient(api_key='k')\n"
        f"e = c.webhooks.unwrap({PAYLOAD!r}, {{}})\n"
        "assert type(e) is OrderShipped, type(e)\n"
        "assert not hasattr(c, 'webhook_secret')\n"
        "try:\n    c.webhooks.verify_signature(b'{}', {})\nexcept Exception as exc:\n    print(type(exc).__name__, exc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=out, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "InvalidWebhookSignatureError No webhook signature scheme is configured for this client"


def test_webhooks_the_package_passes_mypy_strict(hooks: ModuleType, tmp_path: Path) -> None:
    root = Path(hooks.__file__).parents[1]
    usage = root / "use_hooks.py"
    usage.write_text(
        "from hooks import Hooks, InvalidWebhookSignatureError\n"
        "from hooks.types import UnwrapWebhookEvent, OrderShipped\n"
        "def f(c: Hooks, body: bytes, headers: dict[str, str]) -> str:\n"
        "    event: UnwrapWebhookEvent = c.webhooks.unwrap(body, headers)\n"
        "    if isinstance(event, OrderShipped):\n"
        "        return event.data.order_id\n"
        "    return event.data.reason\n"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mypy"), "hooks", str(usage)],
        cwd=root, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:]


def test_webhooks_config_for_a_spec_without_webhooks_is_warned_about(tmp_path: Path) -> None:
    from generator.config import load_config
    from generator.diagnostics import Diagnostics
    from generator.pipeline import Options, build_ir

    config = tmp_path / "c.yaml"
    config.write_text("webhooks: {signature: standard-webhooks}\n")
    diagnostics = Diagnostics()
    api = build_ir(ROOT / "tests" / "fixtures" / "objects.yaml", load_config(config), Options(validate=False), diagnostics)
    assert api.webhooks is None
    assert [d.pointer for d in diagnostics if d.kind == "unmatched-override" and d.pointer == "/webhooks"] == ["/webhooks"]


@pytest.mark.parametrize(
    ("config", "pointer"),
    [
        ({"webhooks": {"signature": "hmac-md5"}}, "/webhooks/signature"),
        ({"webhooks": {"secret_env": "NOT AN ENV"}}, "/webhooks/secret_env"),
        ({"webhooks": {"tolerance": -1}}, "/webhooks/tolerance"),
        ({"webhooks": {"secrets": "x"}}, "/webhooks/secrets"),
        ({"realtime": {"path": "realtime"}}, "/realtime/path"),
        ({"azure": {"deployment_paths": ["chat"]}}, "/azure/deployment_paths/0"),
        ({"azure": {"class_name": "my-class"}}, "/azure/class_name"),
        ({"azure": True}, "/azure"),
    ],
)
def test_webhooks_realtime_azure_config_values_are_checked(config: dict[str, object], pointer: str, tmp_path: Path) -> None:
    import yaml

    from generator.config import load_config
    from generator.diagnostics import GeneratorError

    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(config))
    with pytest.raises(GeneratorError) as err:
        load_config(path)
    assert err.value.pointer.startswith(pointer), (err.value.pointer, str(err.value))


def test_webhooks_property_any_signed_delivery_verifies_and_any_changed_byte_fails(hooks: ModuleType) -> None:
    from hooks._webhooks import verify_standard_webhook  # type: ignore[import-not-found]
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        payload=st.binary(min_size=1, max_size=300),
        key=st.binary(min_size=1, max_size=64),
        webhook_id=st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=30),
        flip=st.integers(min_value=0),
        skew=st.integers(min_value=-300, max_value=300),
    )
    def check(payload: bytes, key: bytes, webhook_id: str, flip: int, skew: int) -> None:
        ts = int(time.time()) + skew
        secret = "whsec_" + base64.b64encode(key).decode()
        headers = {"webhook-id": webhook_id, "webhook-timestamp": str(ts), "webhook-signature": sign(webhook_id, ts, payload, key=key)}
        verify_standard_webhook(payload, headers, secret=secret, tolerance=310)
        i = flip % len(payload)
        changed = payload[:i] + bytes([payload[i] ^ 0x01]) + payload[i + 1 :]
        with pytest.raises(hooks.InvalidWebhookSignatureError):
            verify_standard_webhook(changed, headers, secret=secret, tolerance=310)

    check()


def test_webhooks_hostile_entries_are_skipped_or_warned_never_a_traceback(tmp_path: Path) -> None:
    import yaml

    doc = yaml.safe_load(SPEC.read_text())
    doc["webhooks"] = {
        "not_a_mapping": [1, 2],
        "no_body": {"post": {"responses": {"200": {"description": "ok"}}}},
        "bad_ref_body": {"post": {"requestBody": {"$ref": "#/components/requestBodies/Missing"}, "responses": {"200": {"description": "ok"}}}},
        "bad_ref_schema": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Missing"}}}}, "responses": {"200": {"description": "ok"}}}},
        "text_only": {"post": {"requestBody": {"content": {"text/plain": {"schema": {"type": "string"}}}}, "responses": {"200": {"description": "ok"}}}},
        "scalar": {"post": {"requestBody": {"content": {"application/json": {"schema": {"type": "string"}}}}, "responses": {"200": {"description": "ok"}}}},
        "ok": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrderShipped"}}}}, "responses": {"200": {"description": "ok"}}}},
    }
    spec = tmp_path / "hostile.yaml"
    spec.write_text(yaml.safe_dump(doc, sort_keys=False))
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out), "--no-validate"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "unresolved-ref" in proc.stderr
    check = subprocess.run(
        [sys.executable, "-c", "from hooks_client import HooksClient; from hooks_client.types import UnwrapWebhookEvent; print(HooksClient(api_key='k').webhooks.unwrap(b'\"x\"', {}))"],
        cwd=out, capture_output=True, text=True, timeout=120,
    )
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip() == "x"  # the scalar event is a variant too


def test_webhooks_the_committed_client_unwraps_openai_events(monkeypatch: pytest.MonkeyPatch) -> None:
    """generated/ (spec/openai.yaml carries the 16 webhooks): openai-python's names and a signed delivery."""
    script = (
        "import base64, hashlib, hmac, json, time\n"
        "from openai_client import OpenAI, InvalidWebhookSignatureError\n"
        "from openai_client.types import BatchCompletedWebhookEvent, UnwrapWebhookEvent\n"
        "client = OpenAI(api_key='sk', webhook_secret='whsec_' + base64.b64encode(b'k').decode())\n"
        "body = json.dumps({'id': 'evt_1', 'type': 'batch.completed', 'created_at': 1, 'data': {'id': 'batch_1'}}).encode()\n"
        "ts = str(int(time.time()))\n"
        "sig = base64.b64encode(hmac.new(b'k', b'msg.' + ts.encode() + b'.' + body, hashlib.sha256).digest()).decode()\n"
        "event = client.webhooks.unwrap(body, {'webhook-id': 'msg', 'webhook-timestamp': ts, 'webhook-signature': 'v1,' + sig})\n"
        "assert type(event) is BatchCompletedWebhookEvent and event.data.id == 'batch_1', event\n"
        "try:\n"
        "    client.webhooks.unwrap(body.replace(b'batch_1', b'batch_2'), {'webhook-id': 'msg', 'webhook-timestamp': ts, 'webhook-signature': 'v1,' + sig})\n"
        "except InvalidWebhookSignatureError as exc:\n"
        "    print('rejected:', exc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT / "generated", capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip() == "rejected: The given webhook signature does not match the expected signature"


def test_webhooks_and_realtime_events_survive_a_select(tmp_path: Path) -> None:
    """``select`` keeps only what the selected operations reach; the webhook payloads and the realtime
    events are no operation's, and stay."""
    import yaml

    from generator.config import load_config
    from generator.diagnostics import Diagnostics
    from generator.pipeline import Options, build_ir

    config = yaml.safe_load(CONFIG.read_text())
    config["select"] = {"include": {"operations": ["listModels"]}}
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(config))
    api = build_ir(SPEC, load_config(path), Options(validate=False), Diagnostics())
    names = {t.name for t in api.types}
    assert [op.operation_id for op in api.operations] == ["listModels"]
    assert {"OrderShipped", "OrderCancelledWebhookEvent", "UnwrapWebhookEvent", "ServerEvent", "SessionCreated", "TextDelta", "ClientEvent"} <= names
    assert "Completion" not in names  # only the unselected operation reaches it
    out = tmp_path / "out"
    from tests.extensions_support import generate

    generate(out, config=path)
    proc = subprocess.run(
        [sys.executable, "-c", "import hooks, hooks.resources.realtime, hooks.resources.webhooks; print(hooks.Hooks(api_key='k').realtime.connect(model='m').url)"],
        cwd=out, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "wss://api.hooks.example/v1/realtime?model=m"
