"""Server-sent events: a fast bytes decoder and typed ``Stream``/``AsyncStream``.

The decoder follows the WHATWG event-stream rules: fields ``event``, ``data``
(multi-line, joined with LF), ``id`` (ignored when it contains NUL) and
``retry`` (digits only); lines end with CR, LF or CRLF, in any mix and split
anywhere across chunks; ``:`` starts a comment; a leading UTF-8 BOM is
skipped; a blank line dispatches the event; an unterminated event at the end
of the stream is dropped.  Lines are split with ``bytes.split`` on whole
chunks, never character by character.
"""

from __future__ import annotations

import json
from types import TracebackType
from typing import TYPE_CHECKING, Any, AsyncIterator, Callable, Generic, Iterable, Iterator, List, Optional, TypeVar

import httpx

from ._exceptions import _APIConnectionError, _APIError, _APITimeoutError
from ._models import _converter

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, SyncAPIClient

__all__ = ["ServerSentEvent", "SSEDecoder", "Stream", "AsyncStream"]

_T = TypeVar("_T")

_BOM = b"\xef\xbb\xbf"
_json_decode = json.JSONDecoder().decode


class ServerSentEvent:
    """One dispatched event. ``data`` is text; ``json()`` decodes it."""

    __slots__ = ("event", "_data", "id", "retry")

    def __init__(
        self, event: str | None = None, data: bytes = b"", id: str | None = None, retry: int | None = None
    ) -> None:
        self.event = event
        self._data = data
        self.id = id
        self.retry = retry

    @property
    def data(self) -> str:
        return self._data.decode("utf-8", "replace")

    @property
    def raw_data(self) -> bytes:
        return self._data

    def json(self) -> Any:
        return json.loads(self._data)

    def __repr__(self) -> str:
        return f"ServerSentEvent(event={self.event!r}, data={self.data!r}, id={self.id!r}, retry={self.retry!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ServerSentEvent):
            return NotImplemented
        return (self.event, self._data, self.id, self.retry) == (other.event, other._data, other.id, other.retry)

    __hash__ = None  # type: ignore[assignment]


class SSEDecoder:
    """Incremental decoder: ``feed(chunk)`` returns the events completed by that chunk."""

    __slots__ = ("_pending", "_started", "_event", "_data", "_has_fields", "_last_id", "_retry")

    def __init__(self) -> None:
        self._pending: List[bytes] = []
        self._started = False
        self._event: Optional[str] = None
        self._data: List[bytes] = []
        self._has_fields = False
        self._last_id: Optional[str] = None
        self._retry: Optional[int] = None

    def feed(self, chunk: bytes) -> List[ServerSentEvent]:
        if not chunk:
            return []
        if b"\n" not in chunk and b"\r" not in chunk:
            self._pending.append(chunk)
            return []
        if self._pending:
            self._pending.append(chunk)
            buf = b"".join(self._pending)
            self._pending.clear()
        else:
            buf = chunk
        if not self._started:
            if len(buf) < 3 and _BOM.startswith(buf):
                self._pending.append(buf)
                return []
            self._started = True
            if buf.startswith(_BOM):
                buf = buf[3:]
        if b"\r" in buf:
            # A CR at the very end may be the first half of a CRLF: keep it for the next chunk.
            if buf.endswith(b"\r"):
                self._pending.append(b"\r")
                buf = buf[:-1]
            buf = buf.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        lines = buf.split(b"\n")
        tail = lines.pop()
        if tail:
            self._pending.insert(0, tail)
        return self._lines(lines)

    def flush(self) -> List[ServerSentEvent]:
        """End of stream: a pending line is processed; an unterminated event is dropped."""
        if not self._pending:
            return []
        buf = b"".join(self._pending)
        self._pending.clear()
        if not self._started:
            self._started = True
            if buf.startswith(_BOM):
                buf = buf[3:]
        buf = buf.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        lines = buf.split(b"\n")
        lines.pop()  # an unterminated last line is incomplete: dropped
        return self._lines(lines)

    def _lines(self, lines: Iterable[bytes]) -> List[ServerSentEvent]:
        out: List[ServerSentEvent] = []
        data = self._data
        for line in lines:
            if not line:
                if self._has_fields:
                    out.append(ServerSentEvent(self._event, b"\n".join(data), self._last_id, self._retry))
                    self._event = None
                    data.clear()
                    self._retry = None
                    self._has_fields = False
                continue
            if line[:5] == b"data:":
                value = line[5:]
                if value[:1] == b" ":
                    value = value[1:]
                data.append(value)
                self._has_fields = True
                continue
            if line[:1] == b":":
                continue
            field, sep, value = line.partition(b":")
            if sep and value[:1] == b" ":
                value = value[1:]
            if field == b"data":
                data.append(value)
                self._has_fields = True
            elif field == b"event":
                self._event = value.decode("utf-8", "replace")
                self._has_fields = True
            elif field == b"id":
                if b"\0" not in value:
                    self._last_id = value.decode("utf-8", "replace")
                self._has_fields = True
            elif field == b"retry":
                if value.isdigit():
                    self._retry = int(value)
                self._has_fields = True
        return out

    def iter_bytes(self, chunks: Iterable[bytes]) -> Iterator[ServerSentEvent]:
        for chunk in chunks:
            yield from self.feed(chunk)
        yield from self.flush()

    async def aiter_bytes(self, chunks: AsyncIterator[bytes]) -> AsyncIterator[ServerSentEvent]:
        async for chunk in chunks:
            for sse in self.feed(chunk):
                yield sse
        for sse in self.flush():
            yield sse


def _error_message(payload: object, default: str) -> str:
    if isinstance(payload, dict):
        err = payload.get("error")
        if isinstance(err, dict) and isinstance(err.get("message"), str):
            return str(err["message"])
        if isinstance(err, str):
            return err
        if isinstance(payload.get("message"), str):
            return str(payload["message"])
    return default


class _StreamCore(Generic[_T]):
    """Shared per-event handling of sync and async streams."""

    response: httpx.Response

    def __init__(
        self, *, item_type: Any, response: httpx.Response, convert: Callable[[Any, Any], Any] | None = None
    ) -> None:
        self.response = response
        self._item_type = item_type
        self._decoder = SSEDecoder()
        if convert is not None:
            self._conv: Callable[[Any], Any] | None = lambda data: convert(item_type, data)
        else:
            self._conv = _converter(item_type)

    def _process(self, sse: ServerSentEvent) -> Any:
        """The typed item for one event; ``_DONE`` to stop, ``_SKIP`` for an event without data.

        ``data: [DONE]`` and an event named ``done`` end the stream (OpenAI's Assistants streams send
        ``event: done`` / ``data: [DONE]``; mock servers such as Steady send ``event: done`` / ``data: {}``).
        Raises ``APIError`` for an ``error`` event or a payload with an ``error`` key.
        """
        raw = sse._data
        if raw[:6] == b"[DONE]" or sse.event == "done":
            return _DONE
        if not raw:
            return _SKIP
        try:
            payload = _json_decode(raw.decode("utf-8"))
        except ValueError:  # includes UnicodeDecodeError
            payload = sse.data
        if type(payload) is dict:
            if payload.get("error") or sse.event == "error":
                raise _APIError(
                    _error_message(payload, "An error occurred during streaming"),
                    self.response.request,
                    body=payload["error"] if "error" in payload else payload,
                )
        elif sse.event == "error":
            raise _APIError(_error_message(payload, str(payload)), self.response.request, body=payload)
        conv = self._conv
        return payload if conv is None else conv(payload)


_DONE: Any = object()
_SKIP: Any = object()


class Stream(_StreamCore[_T]):
    """Iterate typed events from an SSE response; closes the response when done, on break or on error."""

    def __init__(
        self,
        *,
        item_type: Any,
        response: httpx.Response,
        client: SyncAPIClient | None = None,
        convert: Callable[[Any, Any], Any] | None = None,
    ) -> None:
        super().__init__(item_type=item_type, response=response, convert=convert)
        self._client = client
        self._iterator: Iterator[_T] | None = None

    def __iter__(self) -> Iterator[_T]:
        # A generator of its own, so that `break` in a for loop (which drops it) closes the response.
        yield from self._items()

    def __next__(self) -> _T:
        return next(self._items())

    def _items(self) -> Iterator[_T]:
        if self._iterator is None:
            self._iterator = self._stream()
        return self._iterator

    def _stream(self) -> Iterator[_T]:
        response = self.response
        decoder = self._decoder
        process = self._process
        try:
            try:
                for chunk in response.iter_bytes():
                    for sse in decoder.feed(chunk):
                        item = process(sse)
                        if item is _DONE:
                            return
                        if item is not _SKIP:
                            yield item
                for sse in decoder.flush():
                    item = process(sse)
                    if item is _DONE:
                        return
                    if item is not _SKIP:
                        yield item
            except httpx.TimeoutException as err:
                raise _APITimeoutError(request=response.request) from err
            except httpx.TransportError as err:
                raise _APIConnectionError(request=response.request) from err
        finally:
            response.close()

    def events(self) -> Iterator[ServerSentEvent]:
        """The raw events, undecoded (closes the response at the end)."""
        try:
            yield from self._decoder.iter_bytes(self.response.iter_bytes())
        finally:
            self.response.close()

    def close(self) -> None:
        it = self._iterator
        if it is not None and hasattr(it, "close"):
            it.close()
        self.response.close()

    def __enter__(self) -> Stream[_T]:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, exc_tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncStream(_StreamCore[_T]):
    """Async counterpart of ``Stream``: ``async for`` over typed events."""

    def __init__(
        self,
        *,
        item_type: Any,
        response: httpx.Response,
        client: AsyncAPIClient | None = None,
        convert: Callable[[Any, Any], Any] | None = None,
    ) -> None:
        super().__init__(item_type=item_type, response=response, convert=convert)
        self._client = client
        self._iterator: AsyncIterator[_T] | None = None

    def __aiter__(self) -> AsyncIterator[_T]:
        if self._iterator is None:
            self._iterator = self._stream()
        return self._iterator

    async def __anext__(self) -> _T:
        return await self.__aiter__().__anext__()

    async def _stream(self) -> AsyncIterator[_T]:
        response = self.response
        decoder = self._decoder
        process = self._process
        try:
            try:
                async for chunk in response.aiter_bytes():
                    for sse in decoder.feed(chunk):
                        item = process(sse)
                        if item is _DONE:
                            return
                        if item is not _SKIP:
                            yield item
                for sse in decoder.flush():
                    item = process(sse)
                    if item is _DONE:
                        return
                    if item is not _SKIP:
                        yield item
            except httpx.TimeoutException as err:
                raise _APITimeoutError(request=response.request) from err
            except httpx.TransportError as err:
                raise _APIConnectionError(request=response.request) from err
        finally:
            await response.aclose()

    async def events(self) -> AsyncIterator[ServerSentEvent]:
        try:
            async for sse in self._decoder.aiter_bytes(self.response.aiter_bytes()):
                yield sse
        finally:
            await self.response.aclose()

    async def close(self) -> None:
        it = self._iterator
        if it is not None and hasattr(it, "aclose"):
            await it.aclose()
        await self.response.aclose()

    async def __aenter__(self) -> AsyncStream[_T]:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, exc_tb: TracebackType | None
    ) -> None:
        await self.close()
