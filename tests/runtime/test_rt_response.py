from __future__ import annotations

import json
from pathlib import Path
from typing import AsyncIterator, Iterator, List

import httpx
import pytest
from rt_helpers import Recorder
from rtpkg._example_client import AsyncPetstore, ChatChunk, Pet, Petstore
from rtpkg._exceptions import APITimeoutError, NotFoundError, PetstoreError
from rtpkg._response import APIResponse, AsyncAPIResponse, AsyncBinaryResponse, BinaryResponse
from rtpkg._streaming import Stream

PET = {"id": "p1", "object": "pet", "name": "Rex"}


class Lazy(httpx.SyncByteStream):
    """A body that records how much of it was consumed."""

    def __init__(self, chunks: List[bytes]) -> None:
        self.chunks = chunks
        self.consumed = 0
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        for c in self.chunks:
            self.consumed += 1
            yield c

    def close(self) -> None:
        self.closed = True


def test_with_raw_response(client: Petstore, recorder: Recorder) -> None:
    recorder.queue(httpx.Response(200, json=PET, headers={"x-request-id": "req_7", "x-custom": "v"}))
    raw = client.pets.with_raw_response.retrieve("p1")
    assert isinstance(raw, APIResponse)
    assert raw.status_code == 200 and raw.headers["x-custom"] == "v" and raw.request_id == "req_7"
    assert raw.http_response.request.url.path == "/v1/pets/p1" and raw.method == "GET"
    assert raw.retries_taken == 0
    pet = raw.parse()
    assert isinstance(pet, Pet) and pet.id == "p1" and pet._request_id == "req_7"
    assert raw.parse() is pet  # cached
    assert raw.json() == PET and json.loads(raw.text()) == PET
    assert "X-Runtime-Raw-Response".lower() not in recorder.last.headers


def test_raw_response_counts_retries(client: Petstore, recorder: Recorder, sleeps: List[float]) -> None:
    recorder.queue(httpx.Response(500), httpx.Response(200, json=PET))
    raw = client.pets.with_raw_response.retrieve("p1")
    assert raw.retries_taken == 1


def test_raw_response_keeps_wrapped_signature(client: Petstore) -> None:
    import inspect

    assert list(inspect.signature(client.pets.with_raw_response.retrieve).parameters)[:1] == ["pet_id"]
    assert client.pets.with_raw_response.retrieve.__name__ == "retrieve"


def test_with_streaming_response_does_not_read_eagerly(client: Petstore, recorder: Recorder) -> None:
    body = Lazy([json.dumps(PET).encode()[:10], json.dumps(PET).encode()[10:]])
    recorder.queue(httpx.Response(200, headers={"content-type": "application/json"}, stream=body))
    with client.pets.with_streaming_response.retrieve("p1") as resp:
        assert isinstance(resp, APIResponse)
        assert body.consumed == 0 and not resp.is_closed
        assert resp.parse().name == "Rex"
        assert body.consumed == 2
    assert body.closed and resp.is_closed


def test_streaming_response_iter_and_early_exit(client: Petstore, recorder: Recorder) -> None:
    body = Lazy([b"aa", b"bb", b"cc"])
    recorder.queue(httpx.Response(200, headers={"content-type": "application/octet-stream"}, stream=body))
    with client.pets.with_streaming_response.download_photo("p1") as resp:
        it = resp.iter_bytes()
        assert next(it) == b"aa"
    assert body.closed and body.consumed == 1


def test_streaming_response_of_sse_stream(client: Petstore, recorder: Recorder) -> None:
    chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "m", "choices": []}
    recorder.queue(
        httpx.Response(
            200, headers={"content-type": "text/event-stream"}, content=f"data: {json.dumps(chunk)}\n\ndata: [DONE]\n\n"
        )
    )
    with client.chat.completions.with_streaming_response.create(model="m", messages=[], stream=True) as resp:
        stream = resp.parse()
        assert isinstance(stream, Stream)
        assert [type(c) for c in stream] == [ChatChunk]
    raw_req = recorder.last
    assert json.loads(raw_req.content)["stream"] is True


def test_binary_response(client: Petstore, recorder: Recorder, tmp_path: Path) -> None:
    recorder.queue(
        httpx.Response(200, content=b"\x00\x01binary", headers={"content-type": "image/png", "x-request-id": "r1"})
    )
    photo = client.pets.download_photo("p1")
    assert isinstance(photo, BinaryResponse)
    assert recorder.last.headers["accept"] == "application/octet-stream"
    assert photo.read() == b"\x00\x01binary" and photo.content == b"\x00\x01binary"
    assert b"".join(photo.iter_bytes(3)) == b"\x00\x01binary"
    assert photo.request_id == "r1" and photo.status_code == 200
    target = tmp_path / "out.png"
    photo.write_to_file(target)
    assert target.read_bytes() == b"\x00\x01binary"
    recorder.queue(httpx.Response(200, text="héllo"))
    assert client.pets.download_photo("p1").text == "héllo"


def test_binary_streamed_to_file(client: Petstore, recorder: Recorder, tmp_path: Path) -> None:
    body = Lazy([b"one", b"two"])
    recorder.queue(httpx.Response(200, stream=body))
    with client.pets.with_streaming_response.download_photo("p1") as resp:
        photo = resp.parse()
        assert isinstance(photo, BinaryResponse) and body.consumed == 0
        photo.stream_to_file(tmp_path / "x.bin")
    assert (tmp_path / "x.bin").read_bytes() == b"onetwo" and body.closed


def test_streamed_response_writes_to_a_file_like_openai_python(client: Petstore, recorder: Recorder, tmp_path: Path) -> None:
    body = Lazy([b"one", b"two"])
    recorder.queue(httpx.Response(200, stream=body))
    with client.pets.with_streaming_response.download_photo("p1") as resp:
        resp.stream_to_file(tmp_path / "y.bin")  # no parse() first: openai-python's examples do this
    assert (tmp_path / "y.bin").read_bytes() == b"onetwo" and body.closed


def test_binary_raw_response(client: Petstore, recorder: Recorder) -> None:
    recorder.queue(httpx.Response(200, content=b"abc"))
    raw = client.pets.with_raw_response.download_photo("p1")
    assert raw.read() == b"abc" and raw.parse().read() == b"abc"


# ---------------------------------------------------------------------------
# async client


@pytest.mark.asyncio
async def test_async_request_and_auth(async_client: AsyncPetstore, recorder: Recorder) -> None:
    recorder.queue(httpx.Response(200, json=PET, headers={"x-request-id": "req_a"}))
    pet = await async_client.pets.retrieve("p1")
    assert isinstance(pet, Pet) and pet._request_id == "req_a"
    assert recorder.last.headers["x-api-key"] == "secret-key"
    with pytest.raises(ValueError):
        await async_client.pets.retrieve("")
    assert len(recorder.requests) == 1


@pytest.mark.asyncio
async def test_async_retries_and_errors(async_client: AsyncPetstore, recorder: Recorder, sleeps: List[float]) -> None:
    recorder.queue(httpx.Response(503, headers={"retry-after": "2"}), httpx.Response(200, json=PET))
    assert (await async_client.pets.retrieve("p1")).id == "p1"
    assert sleeps == [2.0]
    recorder.queue(
        httpx.Response(404, json={"error": {"message": "gone", "code": "nf"}}, headers={"x-request-id": "r404"})
    )
    with pytest.raises(NotFoundError) as exc:
        await async_client.pets.retrieve("p1")
    assert exc.value.request_id == "r404" and exc.value.code == "nf"
    recorder.queue(*(httpx.ReadTimeout("t") for _ in range(3)))
    with pytest.raises(APITimeoutError):
        await async_client.pets.retrieve("p1")
    assert len(sleeps) == 3


@pytest.mark.asyncio
async def test_async_raw_and_streaming_responses(async_client: AsyncPetstore, recorder: Recorder) -> None:
    recorder.queue(httpx.Response(200, json=PET, headers={"x-request-id": "rr"}))
    raw = await async_client.pets.with_raw_response.retrieve("p1")
    assert isinstance(raw, AsyncAPIResponse) and raw.request_id == "rr"
    assert (await raw.parse()).name == "Rex"

    consumed: List[int] = []

    class AsyncLazy(httpx.AsyncByteStream):
        async def __aiter__(self) -> AsyncIterator[bytes]:
            for part in (b"ab", b"cd"):
                consumed.append(1)
                yield part

        async def aclose(self) -> None:
            consumed.append(-1)

    recorder.queue(httpx.Response(200, stream=AsyncLazy()))
    async with async_client.pets.with_streaming_response.download_photo("p1") as resp:
        assert consumed == []
        photo = await resp.parse()
        assert isinstance(photo, AsyncBinaryResponse)
        assert [c async for c in photo.iter_bytes()] == [b"ab", b"cd"]
    assert consumed[-1] == -1

    recorder.queue(httpx.Response(200, content=b"xyz"))
    photo2 = await async_client.pets.download_photo("p1")
    assert photo2.content == b"xyz" and await photo2.read() == b"xyz"


@pytest.mark.asyncio
async def test_async_with_options_and_close(recorder: Recorder, sleeps: List[float]) -> None:
    http = httpx.AsyncClient(transport=httpx.MockTransport(recorder))
    async with AsyncPetstore(api_key="k", http_client=http) as c:
        c2 = c.with_options(api_key="k2", max_retries=0)
        recorder.queue(httpx.Response(500))
        with pytest.raises(PetstoreError):
            await c2.pets.retrieve("p1")
        assert len(recorder.requests) == 1 and recorder.last.headers["x-api-key"] == "k2"
    assert http.is_closed and c.is_closed()


def test_async_client_requires_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PETSTORE_API_KEY", raising=False)
    with pytest.raises(PetstoreError):
        AsyncPetstore()
    monkeypatch.setenv("PETSTORE_API_KEY", "from-env")
    assert AsyncPetstore().api_key == "from-env"


def test_lazy_default_http_client_is_shared_by_copies() -> None:
    c = Petstore(api_key="k")
    assert c._http_client is None
    c2 = c.with_options(max_retries=1)
    assert c2._http_client is not None and c2._http_client is c._http_client
    assert isinstance(c._client, httpx.Client)
    c.close()


def test_api_response_repr(client: Petstore, recorder: Recorder) -> None:
    recorder.queue(httpx.Response(201, json=PET, headers={"content-type": "application/json"}))
    raw = client.pets.with_raw_response.create(name="x")
    assert repr(raw) == "<APIResponse [201 Created] type=application/json>"
    assert raw.content_type == "application/json" and raw.url.path == "/v1/pets"
