"""The OpenAI flavour's surface on the wire (issue 11, items 2-6 and 10): a client generated from the
official spec with spec/openai.config.yaml, against Steady serving that spec (sync and async), a
real local HTTP server for error bodies, and an httpx mock transport where the body must be exact
(base64 embeddings, ``output_text``)."""

from __future__ import annotations

import asyncio
import base64
import http.server
import importlib
import json
import struct
import subprocess
import sys
import threading
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator

import httpx
import pytest

from tests.oai_examples import STEADY, steady
from tests.support import OPENAI_SPEC, ROOT, require_shared

pytestmark = pytest.mark.slow
PACKAGE = "oai_flavour_client"


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The client generated from the official spec with our OpenAI config (renamed package)."""
    require_shared()
    out = tmp_path_factory.mktemp("oai-flavour")
    text = (ROOT / "spec" / "openai.config.yaml").read_text()
    text = text.replace("name: openai_client", f"name: {PACKAGE}").replace("\ntemplates: templates\n", f"\ntemplates: {ROOT / 'spec' / 'templates'}\n")
    config = out / "config.yaml"
    config.write_text(text)
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(OPENAI_SPEC), "-o", str(out / "client"), "--config", str(config), "--no-validate", "--formatter", "none"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    sys.path.insert(0, str(out / "client"))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out / "client"))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    if not STEADY.exists():
        pytest.skip(f"Steady is not installed ({STEADY}): run `make node` (npm ci)")
    require_shared()
    with steady(OPENAI_SPEC, extra_args=("--validator-form-array-format=brackets", "--validator-form-object-format=brackets")) as url:
        yield url


class Recorder:
    """httpx event hooks: every request sent, in order."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def hook(self, request: httpx.Request) -> None:
        self.requests.append(request)

    async def ahook(self, request: httpx.Request) -> None:
        self.requests.append(request)


def _client(pkg: ModuleType, base_url: str, recorder: Recorder) -> Any:
    return pkg.OpenAI(api_key="sk-test", base_url=base_url, max_retries=0, http_client=httpx.Client(event_hooks={"request": [recorder.hook]}))


def _async_client(pkg: ModuleType, base_url: str, recorder: Recorder) -> Any:
    return pkg.AsyncOpenAI(api_key="sk-test", base_url=base_url, max_retries=0, http_client=httpx.AsyncClient(event_hooks={"request": [recorder.ahook]}))


# --- item 2: pages without a cursor ---------------------------------------------------------------


def test_models_list_is_a_page_of_models_and_sends_one_request(pkg: ModuleType, base_url: str) -> None:
    recorder = Recorder()
    page = _client(pkg, base_url, recorder).models.list()
    models = list(page)
    assert models and all(isinstance(m, pkg.types.Model) and isinstance(m.id, str) for m in models)
    assert models == list(page.data) and not page.has_next_page()
    assert len(recorder.requests) == 1


def test_models_list_async_iterates_models(pkg: ModuleType, base_url: str) -> None:
    recorder = Recorder()

    async def main() -> tuple[list[Any], list[Any]]:
        client = _async_client(pkg, base_url, recorder)
        every = [m async for m in client.models.list()]
        first = await client.models.list()
        return every, list(first.data)

    every, data = asyncio.run(main())
    assert every and all(isinstance(m, pkg.types.Model) for m in every) and data
    assert len(recorder.requests) == 2  # one per call: no further page


@pytest.mark.parametrize(
    ("call", "args"),
    [
        ("vector_stores.search", {"vector_store_id": "vs_1", "query": "q"}),
        ("vector_stores.files.content", {"vector_store_id": "vs_1", "file_id": "file_1"}),
        ("fine_tuning.checkpoints.permissions.create", {"fine_tuned_model_checkpoint": "ft:x", "project_ids": ["p1"]}),
        ("admin.organization.certificates.activate", {"certificate_ids": ["c1"]}),
        ("admin.organization.projects.certificates.deactivate", {"project_id": "p1", "certificate_ids": ["c1"]}),
    ],
)
def test_openai_python_pages_are_pages(pkg: ModuleType, base_url: str, call: str, args: dict[str, Any]) -> None:
    recorder = Recorder()
    target: Any = _client(pkg, base_url, recorder)
    for part in call.split("."):
        target = getattr(target, part)
    if call.startswith("admin."):
        client = pkg.OpenAI(api_key="sk-test", admin_api_key="sk-admin", base_url=base_url, max_retries=0, http_client=httpx.Client(event_hooks={"request": [recorder.hook]}))
        target = client
        for part in call.split("."):
            target = getattr(target, part)
    page = target(**args)
    assert isinstance(page, pkg.SyncPage)
    items = list(page)
    assert all(not isinstance(i, tuple) for i in items) and items == list(page.data)
    assert len(recorder.requests) == 1


def test_project_groups_list_is_a_cursor_page_on_next(pkg: ModuleType, base_url: str) -> None:
    """``GET /organization/projects/{id}/groups`` pages with ``after`` <- the body's ``next`` (the OpenAI policy's cursor field)."""
    recorder = Recorder()
    client = pkg.OpenAI(api_key="sk-test", admin_api_key="sk-admin", base_url=base_url, max_retries=0, http_client=httpx.Client(event_hooks={"request": [recorder.hook]}))
    page = client.admin.organization.projects.groups.list("proj_1")
    assert isinstance(page, pkg.SyncPage) and all(not isinstance(g, tuple) for g in page.data)
    info = page.next_page_info()
    body_next = page.body.get("next") if page.body.get("has_more") else None
    assert (info.params if info is not None else None) == ({"after": body_next} if body_next else None)


# --- item 3: binary responses by config -----------------------------------------------------------


def test_files_content_is_the_binary_response(pkg: ModuleType, base_url: str, tmp_path: Path) -> None:
    recorder = Recorder()
    content = _client(pkg, base_url, recorder).files.content("file_1")
    assert isinstance(content, pkg.BinaryResponse)
    assert isinstance(content.text, str) and content.content == content.read() and content.text.encode() == content.content
    assert b"".join(content.iter_bytes()) == content.content
    content.write_to_file(tmp_path / "out.bin")
    assert (tmp_path / "out.bin").read_bytes() == content.content

    async def main() -> bytes:
        response = await _async_client(pkg, base_url, recorder).files.content("file_1")
        assert isinstance(response, pkg.AsyncBinaryResponse)
        data: bytes = await response.read()
        return data

    assert isinstance(asyncio.run(main()), bytes)


def test_container_file_content_is_the_binary_response(pkg: ModuleType, base_url: str) -> None:
    content = _client(pkg, base_url, Recorder()).containers.files.content.retrieve("cntr_1", "file_1")
    assert isinstance(content, pkg.BinaryResponse) and isinstance(content.content, bytes)


# --- item 5: per-resource headers -----------------------------------------------------------------


def test_beta_header_on_the_assistants_family_only(pkg: ModuleType, base_url: str) -> None:
    recorder = Recorder()
    client = _client(pkg, base_url, recorder)
    client.beta.assistants.list()
    client.beta.threads.messages.list("thread_1")
    client.beta.threads.runs.steps.list("thread_1", "run_1")
    client.vector_stores.files.list("vs_1")
    client.beta.assistants.list(extra_headers={"OpenAI-Beta": "assistants=v3"})
    client.models.list()
    beta = [r.headers.get("OpenAI-Beta") for r in recorder.requests]
    assert beta == ["assistants=v2"] * 4 + ["assistants=v3", None]  # the caller's extra_headers win

    async def main() -> None:
        await _async_client(pkg, base_url, recorder).beta.threads.create()

    asyncio.run(main())
    assert recorder.requests[-1].headers.get("OpenAI-Beta") == "assistants=v2"


# --- item 6: the error envelope -------------------------------------------------------------------


@pytest.fixture()
def error_server() -> Iterator[str]:
    bodies = {
        "/v1/models": (400, json.dumps({"error": {"message": "Invalid model", "type": "invalid_request_error", "param": "model", "code": 1234}})),
        "/v1/files": (404, json.dumps({"error": {"message": "", "type": "not_found", "param": None, "code": None}})),
        "/v1/batches": (500, "upstream down"),
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            status, body = bodies[self.path.split("?")[0]]
            self.send_response(status)
            self.send_header("Content-Type", "application/json" if body.startswith("{") else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def test_error_body_and_message_follow_openai_python(pkg: ModuleType, error_server: str) -> None:
    client = pkg.OpenAI(api_key="sk-test", base_url=error_server, max_retries=0)
    with pytest.raises(pkg.BadRequestError) as bad:
        client.models.list()
    e = bad.value
    assert e.body == {"message": "Invalid model", "type": "invalid_request_error", "param": "model", "code": 1234}
    assert (e.message, str(e)) == ("Error code: 400 - Invalid model", "Error code: 400 - Invalid model")
    assert (e.code, e.type, e.param, e.status_code) == ("1234", "invalid_request_error", "model", 400)
    with pytest.raises(pkg.NotFoundError) as missing:
        client.files.list()
    assert str(missing.value) == "Error code: 404" and missing.value.body == {"message": "", "type": "not_found", "param": None, "code": None}
    with pytest.raises(pkg.InternalServerError) as down:
        client.batches.list()
    assert str(down.value) == "Error code: 500" and down.value.body == "upstream down"

    async def main() -> None:
        with pytest.raises(pkg.BadRequestError) as abad:
            await pkg.AsyncOpenAI(api_key="sk-test", base_url=error_server, max_retries=0).models.list()
        assert str(abad.value) == "Error code: 400 - Invalid model" and abad.value.body["code"] == 1234

    asyncio.run(main())


# --- item 4: Response.output_text (a mixin) -------------------------------------------------------


RESPONSE = {
    "id": "resp_1", "object": "response", "created_at": 1, "status": "completed", "model": "gpt-4o",
    "output": [
        {"type": "reasoning", "id": "rs_1", "summary": []},
        {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed", "content": [
            {"type": "output_text", "text": "Hello, ", "annotations": []},
            {"type": "refusal", "refusal": "no"},
            {"type": "output_text", "text": "world", "annotations": []},
        ]},
        {"type": "message", "id": "msg_2", "role": "assistant", "status": "completed", "content": [{"type": "output_text", "text": "!", "annotations": []}]},
    ],
    "parallel_tool_calls": True, "tool_choice": "auto", "tools": [], "output_text": "sent by a server, ignored",
}


def _mock(pkg: ModuleType, handler: Any, *, is_async: bool = False) -> Any:
    transport = httpx.MockTransport(handler)
    if is_async:
        return pkg.AsyncOpenAI(api_key="sk-test", base_url="http://mock.test/v1", max_retries=0, http_client=httpx.AsyncClient(transport=transport))
    return pkg.OpenAI(api_key="sk-test", base_url="http://mock.test/v1", max_retries=0, http_client=httpx.Client(transport=transport))


def test_output_text_joins_the_output_text_parts(pkg: ModuleType) -> None:
    client = _mock(pkg, lambda request: httpx.Response(200, json=RESPONSE))
    response = client.responses.retrieve("resp_1")
    assert isinstance(response, pkg.types.Response)
    assert response.output_text == "Hello, world!"
    assert "output_text" not in pkg.types.Response.model_fields  # the property replaces the spec's field
    assert pkg.types.Response.construct_lenient({**RESPONSE, "output": []}).output_text == ""


# --- item 10: base64 embeddings and finish-reason exceptions ------------------------------------

VECTOR = [1.0, -2.5, 0.25, 3.140625]
PACKED = base64.b64encode(struct.pack("<4f", *VECTOR)).decode()


def _embeddings_handler(sent: list[dict[str, Any]]) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        sent.append(body)
        value: object = PACKED if body.get("encoding_format") == "base64" else VECTOR
        return httpx.Response(200, json={"object": "list", "model": "m", "usage": {"prompt_tokens": 1, "total_tokens": 1}, "data": [{"object": "embedding", "index": 0, "embedding": value}]})

    return handler


def test_embeddings_are_requested_as_base64_and_decoded(pkg: ModuleType) -> None:
    sent: list[dict[str, Any]] = []
    client = _mock(pkg, _embeddings_handler(sent))
    assert client.embeddings.create(input="hi", model="text-embedding-3-small").data[0].embedding == VECTOR
    assert sent[-1]["encoding_format"] == "base64"
    assert client.embeddings.create(input="hi", model="m", encoding_format="float").data[0].embedding == VECTOR
    assert sent[-1]["encoding_format"] == "float"
    raw = client.embeddings.create(input="hi", model="m", encoding_format="base64").data[0].embedding
    assert raw == PACKED and sent[-1]["encoding_format"] == "base64"  # the caller asked for base64: untouched

    raw_response = client.embeddings.with_raw_response.create(input="hi", model="m")
    assert raw_response.parse().data[0].embedding == VECTOR and sent[-1]["encoding_format"] == "base64"

    async def main() -> tuple[Any, Any]:
        aclient = _mock(pkg, _embeddings_handler(sent), is_async=True)
        plain = (await aclient.embeddings.create(input="hi", model="m")).data[0].embedding
        raw = await (await aclient.embeddings.with_raw_response.create(input="hi", model="m")).parse()
        return plain, raw.data[0].embedding

    assert asyncio.run(main()) == (VECTOR, VECTOR) and sent[-1]["encoding_format"] == "base64"


def test_base64_decoding_without_numpy(pkg: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    extras = importlib.import_module(f"{PACKAGE}._openai")
    monkeypatch.setitem(sys.modules, "numpy", None)  # import numpy raises ImportError
    assert extras.decode_embedding(PACKED) == VECTOR


def test_finish_reason_errors(pkg: ModuleType) -> None:
    extras = importlib.import_module(f"{PACKAGE}._openai")
    assert issubclass(pkg.LengthFinishReasonError, pkg.OpenAIError) and issubclass(pkg.ContentFilterFinishReasonError, pkg.OpenAIError)

    def completion(reason: str, content: str = '{"x": 1}') -> Any:
        return pkg.types.chat.ChatCompletion.model_validate({
            "id": "c", "object": "chat.completion", "created": 1, "model": "m",
            "choices": [{"index": 0, "finish_reason": reason, "logprobs": None, "message": {"role": "assistant", "content": content, "refusal": None}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3},
        })

    with pytest.raises(pkg.LengthFinishReasonError) as length:
        extras.parse_chat_completion(completion("length"))
    assert "length limit was reached" in str(length.value) and length.value.completion.id == "c"
    with pytest.raises(pkg.ContentFilterFinishReasonError):
        extras.parse_chat_completion(completion("content_filter"))
    import pydantic

    class Point(pydantic.BaseModel):
        x: int

    parsed = extras.parse_chat_completion(completion("stop"), Point)
    assert parsed.choices[0].message.parsed == Point(x=1)


def test_base64_decoding_round_trips_any_float32_vector(pkg: ModuleType) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    extras = importlib.import_module(f"{PACKAGE}._openai")

    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.floats(width=32, allow_nan=False), max_size=64))
    def check(vector: list[float]) -> None:
        packed = base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode()
        assert extras.decode_embedding(packed) == vector

    check()


def _chat_handler(sent: list[dict[str, Any]], reason: str) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(200, json={
            "id": "c", "object": "chat.completion", "created": 1, "model": "m",
            "choices": [{"index": 0, "finish_reason": reason, "logprobs": None, "message": {"role": "assistant", "content": '{"city": "Paris", "days": 3}', "refusal": None}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3},
        })

    return handler


def test_chat_completions_parse_sends_a_strict_schema_and_raises_on_finish_reasons(pkg: ModuleType) -> None:
    import pydantic

    class Trip(pydantic.BaseModel):
        city: str
        days: int

    sent: list[dict[str, Any]] = []
    messages = [{"role": "user", "content": "plan"}]
    completion = _mock(pkg, _chat_handler(sent, "stop")).chat.completions.parse(model="gpt-4o", messages=messages, response_format=Trip)
    assert completion.choices[0].message.parsed == Trip(city="Paris", days=3)
    response_format = sent[-1]["response_format"]
    assert response_format["type"] == "json_schema" and response_format["json_schema"]["name"] == "Trip" and response_format["json_schema"]["strict"] is True
    assert response_format["json_schema"]["schema"]["additionalProperties"] is False and response_format["json_schema"]["schema"]["required"] == ["city", "days"]
    with pytest.raises(pkg.LengthFinishReasonError):
        _mock(pkg, _chat_handler(sent, "length")).chat.completions.parse(model="gpt-4o", messages=messages, response_format=Trip)

    async def main() -> None:
        with pytest.raises(pkg.ContentFilterFinishReasonError):
            await _mock(pkg, _chat_handler(sent, "content_filter"), is_async=True).chat.completions.parse(model="gpt-4o", messages=messages, response_format=Trip)
        parsed = await _mock(pkg, _chat_handler(sent, "stop"), is_async=True).chat.completions.parse(model="gpt-4o", messages=messages, response_format=Trip)
        assert parsed.choices[0].message.parsed == Trip(city="Paris", days=3)

    asyncio.run(main())
