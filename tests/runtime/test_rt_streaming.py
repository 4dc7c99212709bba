from __future__ import annotations

import json
from typing import Any, AsyncIterator, Iterator, List, Optional, Tuple

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rt_helpers import Recorder
from rtpkg._example_client import AsyncPetstore, ChatChunk, Petstore
from rtpkg._exceptions import APIConnectionError, APIError
from rtpkg._streaming import ServerSentEvent, SSEDecoder, Stream

Ev = Tuple[Optional[str], str, Optional[str], Optional[int]]


def decode(chunks: List[bytes]) -> List[Ev]:
    d = SSEDecoder()
    return [(e.event, e.data, e.id, e.retry) for e in d.iter_bytes(chunks)]


def reference_decode(text: str) -> List[Ev]:
    """A slow, obviously-correct WHATWG event-stream parser (whole input at once)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines: List[str] = []
    buf = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\r":
            lines.append(buf)
            buf = ""
            if i + 1 < len(text) and text[i + 1] == "\n":
                i += 1
        elif ch == "\n":
            lines.append(buf)
            buf = ""
        else:
            buf += ch
        i += 1
    out: List[Ev] = []
    event: Optional[str] = None
    data: List[str] = []
    last_id: Optional[str] = None
    retry: Optional[int] = None
    seen = False
    for line in lines:
        if line == "":
            if seen:
                out.append((event, "\n".join(data), last_id, retry))
            event, data, retry, seen = None, [], None, False
            continue
        if line.startswith(":"):
            continue
        field, sep, value = line.partition(":")
        if sep and value.startswith(" "):
            value = value[1:]
        if field == "data":
            data.append(value)
            seen = True
        elif field == "event":
            event = value
            seen = True
        elif field == "id":
            if "\0" not in value:
                last_id = value
            seen = True
        elif field == "retry":
            if value and all(c in "0123456789" for c in value):
                retry = int(value)
            seen = True
    return out


def test_basic_fields_and_multiline_data() -> None:
    text = b"event: greet\ndata: hello\ndata:  world\nid: 7\nretry: 1500\n\ndata: second\n\n"
    assert decode([text]) == [("greet", "hello\n world", "7", 1500), (None, "second", "7", None)]


@pytest.mark.parametrize("sep", [b"\n", b"\r", b"\r\n"])
def test_line_endings(sep: bytes) -> None:
    text = sep.join([b"data: a", b"", b"event: e", b"data: b", b"", b""])
    assert decode([text]) == [(None, "a", None, None), ("e", "b", None, None)]


def test_mixed_line_endings_split_crlf() -> None:
    assert decode([b"data: a\r", b"\n\r", b"\ndata: b\n", b"\r\n"]) == [
        (None, "a", None, None),
        (None, "b", None, None),
    ]


def test_comments_bom_empty_data_and_odd_fields() -> None:
    text = "\ufeff: comment\ndata\n\ndata:\ndata:\n\nfoo: bar\nid: a\0b\nretry: x1\ndata:x\n\n: only comment\n\n"
    assert decode([text.encode()]) == [(None, "", None, None), (None, "\n", None, None), (None, "x", None, None)]


def test_bom_split_across_chunks_and_unterminated_event_dropped() -> None:
    raw = "\ufeffdata: 1\n\ndata: 2".encode()
    assert decode([raw[:1], raw[1:2], raw[2:]]) == [(None, "1", None, None)]


def test_unicode_split_inside_character() -> None:
    raw = "data: héllo ✓\n\n".encode()
    for i in range(1, len(raw)):
        assert decode([raw[:i], raw[i:]]) == [(None, "héllo ✓", None, None)]


def test_event_json_and_repr() -> None:
    e = ServerSentEvent(event="x", data=b'{"a": 1}', id="1")
    assert e.json() == {"a": 1} and e.data == '{"a": 1}' and "x" in repr(e)
    assert e == ServerSentEvent(event="x", data=b'{"a": 1}', id="1")


line_ending = st.sampled_from(["\n", "\r", "\r\n"])
field_line = st.one_of(
    st.tuples(
        st.sampled_from(["data", "event", "id", "retry", ": comment", "data", "data"]),
        st.text(alphabet=st.characters(blacklist_characters="\r\n", blacklist_categories=("Cs",)), max_size=12),
    ),
)


@st.composite
def event_streams(draw: Any) -> str:
    parts: List[str] = []
    if draw(st.booleans()):
        parts.append("\ufeff")
    for _ in range(draw(st.integers(0, 6))):
        for name, value in draw(st.lists(field_line, max_size=4)):
            if name.startswith(":"):
                parts.append(name + value)
            elif draw(st.booleans()):
                parts.append(f"{name}: {value}")
            else:
                parts.append(f"{name}:{value}")
            parts.append(draw(line_ending))
        parts.append(draw(line_ending))
    if draw(st.booleans()):
        parts.append("data: trailing")
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(text=event_streams(), data=st.data())
def test_arbitrary_chunk_splits_match_reference(text: str, data: Any) -> None:
    raw = text.encode()
    cuts = sorted(data.draw(st.lists(st.integers(0, len(raw)), max_size=8)))
    chunks: List[bytes] = []
    prev = 0
    for c in cuts + [len(raw)]:
        chunks.append(raw[prev:c])
        prev = c
    expected = reference_decode(text)
    # CR-only streams: the reference treats the final lone CR as a line end, as the decoder does at EOF
    assert decode(chunks) == expected
    assert decode([raw]) == expected


# ---------------------------------------------------------------------------
# Stream


CHUNK = {
    "id": "c1",
    "object": "chat.completion.chunk",
    "created": 1,
    "model": "m",
    "choices": [{"index": 0, "delta": {"content": "Hi"}}],
}


def sse_body(*payloads: Any, done: bool = True) -> bytes:
    out = b"".join(b"data: " + (p if isinstance(p, bytes) else json.dumps(p).encode()) + b"\n\n" for p in payloads)
    return out + (b"data: [DONE]\n\n" if done else b"")


class TrackedStream(httpx.SyncByteStream):
    def __init__(self, chunks: List[bytes]) -> None:
        self.chunks = chunks
        self.closed = False
        self.yielded = 0

    def __iter__(self) -> Iterator[bytes]:
        for c in self.chunks:
            self.yielded += 1
            yield c

    def close(self) -> None:
        self.closed = True


def stream_client(recorder: Recorder, chunks: List[bytes]) -> Tuple[Petstore, TrackedStream]:
    body = TrackedStream(chunks)
    recorder.queue(httpx.Response(200, headers={"content-type": "text/event-stream"}, stream=body))
    return Petstore(api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(recorder))), body


def test_stream_yields_typed_chunks_and_closes(recorder: Recorder) -> None:
    raw = sse_body(CHUNK, {**CHUNK, "id": "c2"}) + sse_body({**CHUNK, "id": "after-done"}, done=False)
    c, body = stream_client(recorder, [raw[:10], raw[10:77], raw[77:]])
    stream = c.chat.completions.create(model="m", messages=[], stream=True)
    assert isinstance(stream, Stream)
    items = list(stream)
    assert [type(i) for i in items] == [ChatChunk, ChatChunk]
    assert [i.id for i in items] == ["c1", "c2"]
    assert items[0].choices[0].delta.content == "Hi"
    assert body.closed and stream.response.is_closed
    assert json.loads(recorder.last.content)["stream"] is True


def test_an_event_named_done_ends_the_stream(recorder: Recorder) -> None:
    raw = sse_body(CHUNK, done=False) + b"event: done\ndata: {}\n\n" + sse_body({**CHUNK, "id": "after-done"}, done=False)
    c, body = stream_client(recorder, [raw])
    assert [i.id for i in c.chat.completions.create(model="m", messages=[], stream=True)] == ["c1"]
    assert body.closed


def test_stream_request_accepts_the_event_stream(recorder: Recorder) -> None:
    c, _ = stream_client(recorder, [sse_body(CHUNK)])
    list(c.chat.completions.create(model="m", messages=[], stream=True))
    assert recorder.last.headers["accept"] == "text/event-stream"
    recorder.queue(httpx.Response(200, json={"id": "x", "choices": []}))
    c.chat.completions.create(model="m", messages=[])
    assert recorder.last.headers["accept"] == "application/json"


def test_stream_closes_on_break(recorder: Recorder) -> None:
    c, body = stream_client(recorder, [sse_body(CHUNK, done=False)] * 50)
    stream = c.chat.completions.create(model="m", messages=[], stream=True)
    for _ in stream:
        break
    assert body.closed and body.yielded == 1


def test_stream_context_manager_and_close(recorder: Recorder) -> None:
    c, body = stream_client(recorder, [sse_body(CHUNK, done=False)] * 5)
    with c.chat.completions.create(model="m", messages=[], stream=True) as stream:
        assert next(stream).id == "c1"
    assert body.closed
    c2, body2 = stream_client(recorder, [sse_body(CHUNK)])
    s2 = c2.chat.completions.create(model="m", messages=[], stream=True)
    s2.close()
    assert body2.closed


def test_stream_error_payload_raises_and_closes(recorder: Recorder) -> None:
    err = {"error": {"message": "overloaded", "type": "server_error", "code": "x"}}
    c, body = stream_client(recorder, [sse_body(CHUNK, err)])
    stream = c.chat.completions.create(model="m", messages=[], stream=True)
    got = []
    with pytest.raises(APIError) as exc:
        for item in stream:
            got.append(item)
    assert len(got) == 1
    assert exc.value.message == "overloaded" and exc.value.code == "x" and exc.value.type == "server_error"
    assert body.closed


def test_stream_error_event(recorder: Recorder) -> None:
    c, body = stream_client(recorder, [b'event: error\ndata: {"message": "bad"}\n\n'])
    with pytest.raises(APIError, match="bad"):
        list(c.chat.completions.create(model="m", messages=[], stream=True))
    assert body.closed


def test_stream_transport_error_is_wrapped(recorder: Recorder) -> None:
    class Broken(httpx.SyncByteStream):
        closed = False

        def __iter__(self) -> Iterator[bytes]:
            yield sse_body(CHUNK, done=False)
            raise httpx.ReadError("reset")

        def close(self) -> None:
            Broken.closed = True

    recorder.queue(httpx.Response(200, headers={"content-type": "text/event-stream"}, stream=Broken()))
    c = Petstore(api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(recorder)))
    stream = c.chat.completions.create(model="m", messages=[], stream=True)
    with pytest.raises(APIConnectionError):
        list(stream)
    assert Broken.closed


def test_stream_skips_empty_events_and_keeps_unknown_shapes(recorder: Recorder) -> None:
    c, _ = stream_client(recorder, [b": ping\n\nevent: ping\n\n", sse_body({"id": "x", "unexpected": True}, b"[1, 2]")])
    items = list(c.chat.completions.create(model="m", messages=[], stream=True))
    assert items[0].id == "x" and items[0].unexpected is True  # type: ignore[attr-defined]
    assert items[1] == [1, 2]


def test_stream_error_status_raises_before_iterating(make_client: Any, recorder: Recorder) -> None:
    c = make_client(api_key="k", max_retries=0)
    recorder.queue(httpx.Response(429, json={"error": {"message": "slow down"}}, headers={"x-request-id": "r9"}))
    from rtpkg._exceptions import RateLimitError

    with pytest.raises(RateLimitError) as exc:
        c.chat.completions.create(model="m", messages=[], stream=True)
    assert exc.value.request_id == "r9" and "slow down" in exc.value.message


@pytest.mark.asyncio
async def test_async_stream(recorder: Recorder) -> None:
    class AsyncTracked(httpx.AsyncByteStream):
        closed = False

        async def __aiter__(self) -> AsyncIterator[bytes]:
            for part in (
                sse_body(CHUNK, done=False),
                b"data: ",
                b'{"id": "c2", "object": "chat.completion.chunk"}\n\n',
                b"data: [DONE]\n\n",
            ):
                yield part

        async def aclose(self) -> None:
            AsyncTracked.closed = True

    recorder.queue(httpx.Response(200, headers={"content-type": "text/event-stream"}, stream=AsyncTracked()))
    c = AsyncPetstore(api_key="k", http_client=httpx.AsyncClient(transport=httpx.MockTransport(recorder)))
    stream = await c.chat.completions.create(model="m", messages=[], stream=True)
    ids = [chunk.id async for chunk in stream]
    assert ids == ["c1", "c2"]
    assert AsyncTracked.closed


@pytest.mark.asyncio
async def test_async_stream_close_on_break(recorder: Recorder) -> None:
    closed: List[bool] = []

    class Many(httpx.AsyncByteStream):
        async def __aiter__(self) -> AsyncIterator[bytes]:
            for _ in range(100):
                yield sse_body(CHUNK, done=False)

        async def aclose(self) -> None:
            closed.append(True)

    recorder.queue(httpx.Response(200, headers={"content-type": "text/event-stream"}, stream=Many()))
    c = AsyncPetstore(api_key="k", http_client=httpx.AsyncClient(transport=httpx.MockTransport(recorder)))
    async with await c.chat.completions.create(model="m", messages=[], stream=True) as stream:
        async for _ in stream:
            break
    assert closed
