"""Raw and streamed responses, binary bodies, and the method wrappers.

- ``resource.with_raw_response.method(...)`` returns ``APIResponse[R]`` (body read; ``.parse()`` gives ``R``).
- ``resource.with_streaming_response.method(...)`` is a context manager giving an
  ``APIResponse[R]`` whose body has not been read.
- A binary operation returns ``BinaryResponse`` (``AsyncBinaryResponse``).

The wrappers set an internal header that the client strips before sending.
"""

from __future__ import annotations

import functools
import json
import os
from types import TracebackType
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    Generic,
    Iterator,
    Mapping,
    Optional,
    TypeVar,
    Union,
    cast,
)

import httpx
from typing_extensions import ParamSpec

from ._constants import RAW_RESPONSE_HEADER

if TYPE_CHECKING:
    from ._base_client import _Parser

__all__ = [
    "APIResponse",
    "AsyncAPIResponse",
    "BinaryResponse",
    "AsyncBinaryResponse",
    "ResponseContextManager",
    "AsyncResponseContextManager",
    "to_raw_response_wrapper",
    "async_to_raw_response_wrapper",
    "to_streamed_response_wrapper",
    "async_to_streamed_response_wrapper",
]

_P = ParamSpec("_P")
_R = TypeVar("_R")
_Sentinel: Any = object()

FilePath = Union[str, "os.PathLike[str]"]


class _ResponseInfo:
    """Accessors shared by every response wrapper."""

    http_response: httpx.Response

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url

    @property
    def method(self) -> str:
        return self.http_response.request.method

    @property
    def http_version(self) -> str:
        return self.http_response.http_version

    @property
    def is_closed(self) -> bool:
        return self.http_response.is_closed

    @property
    def request_id(self) -> str | None:
        value: str | None = self.http_response.headers.get("x-request-id")
        return value

    @property
    def content_type(self) -> str | None:
        value: str | None = self.http_response.headers.get("content-type")
        return value

    def __repr__(self) -> str:
        r = self.http_response
        return f"<{type(self).__name__} [{r.status_code} {r.reason_phrase}] type={r.headers.get('content-type')}>"


class BinaryResponse(_ResponseInfo):
    """A binary response body (audio, files...).

    Returned already read by the plain method; unread (streamed) when reached
    through ``.with_streaming_response``.
    """

    def __init__(self, response: httpx.Response) -> None:
        self.http_response = response

    @property
    def response(self) -> httpx.Response:
        return self.http_response

    @property
    def content(self) -> bytes:
        return self.read()

    @property
    def text(self) -> str:
        self.read()
        return self.http_response.text

    @property
    def encoding(self) -> str | None:
        return self.http_response.encoding

    def read(self) -> bytes:
        return self.http_response.read()

    def json(self) -> Any:
        return json.loads(self.read())

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        return self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        return self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        return self.http_response.iter_lines()

    def write_to_file(self, file: FilePath) -> None:
        """Write the whole body to ``file`` (streams if the body was not read yet)."""
        with open(file, mode="wb") as f:
            for chunk in self.http_response.iter_bytes():
                f.write(chunk)

    def stream_to_file(self, file: FilePath, *, chunk_size: int | None = None) -> None:
        with open(file, mode="wb") as f:
            for chunk in self.http_response.iter_bytes(chunk_size):
                f.write(chunk)

    def close(self) -> None:
        self.http_response.close()

    def __enter__(self) -> BinaryResponse:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


class AsyncBinaryResponse(_ResponseInfo):
    """Async binary response body."""

    def __init__(self, response: httpx.Response) -> None:
        self.http_response = response

    @property
    def response(self) -> httpx.Response:
        return self.http_response

    @property
    def content(self) -> bytes:
        """The body; only available once read (always true for the plain method)."""
        return self.http_response.content

    @property
    def text(self) -> str:
        return self.http_response.text

    @property
    def encoding(self) -> str | None:
        return self.http_response.encoding

    async def read(self) -> bytes:
        return await self.http_response.aread()

    async def json(self) -> Any:
        return json.loads(await self.read())

    def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        return self.http_response.aiter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        return self.http_response.aiter_text(chunk_size)

    def iter_lines(self) -> AsyncIterator[str]:
        return self.http_response.aiter_lines()

    async def write_to_file(self, file: FilePath) -> None:
        await self.stream_to_file(file)

    async def stream_to_file(self, file: FilePath, *, chunk_size: int | None = None) -> None:
        import anyio

        async with await anyio.open_file(file, mode="wb") as f:
            async for chunk in self.http_response.aiter_bytes(chunk_size):
                await f.write(chunk)

    async def close(self) -> None:
        await self.http_response.aclose()

    async def __aenter__(self) -> AsyncBinaryResponse:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()


class APIResponse(_ResponseInfo, Generic[_R]):
    """The HTTP response of a call, with ``.parse()`` giving what the method returns."""

    def __init__(self, *, raw: httpx.Response, parser: _Parser, retries_taken: int = 0) -> None:
        self.http_response = raw
        self._parser = parser
        self.retries_taken = retries_taken
        self._parsed: Any = _Sentinel

    @property
    def elapsed(self) -> Any:
        return self.http_response.elapsed

    def parse(self) -> _R:
        """Parse the body into the method's return type (cached).

        For a streaming call this returns the ``Stream`` and leaves the body unread.
        """
        if self._parsed is _Sentinel:
            if self._parser.needs_body:
                self.http_response.read()
            self._parsed = self._parser(self.http_response)
        return cast(_R, self._parsed)

    def read(self) -> bytes:
        return self.http_response.read()

    def text(self) -> str:
        self.read()
        return self.http_response.text

    def json(self) -> object:
        return json.loads(self.read())

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        return self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        return self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        return self.http_response.iter_lines()

    def write_to_file(self, file: FilePath) -> None:
        """Write the body to ``file`` (as openai-python's streamed binary responses do)."""
        self.stream_to_file(file)

    def stream_to_file(self, file: FilePath, *, chunk_size: int | None = None) -> None:
        """Write the body to ``file`` chunk by chunk, e.g. in ``with client.x.with_streaming_response.y() as r:``."""
        with open(file, mode="wb") as f:
            for chunk in self.http_response.iter_bytes(chunk_size):
                f.write(chunk)

    def close(self) -> None:
        self.http_response.close()


class AsyncAPIResponse(_ResponseInfo, Generic[_R]):
    """Async counterpart of ``APIResponse``."""

    def __init__(self, *, raw: httpx.Response, parser: _Parser, retries_taken: int = 0) -> None:
        self.http_response = raw
        self._parser = parser
        self.retries_taken = retries_taken
        self._parsed: Any = _Sentinel

    @property
    def elapsed(self) -> Any:
        return self.http_response.elapsed

    async def parse(self) -> _R:
        if self._parsed is _Sentinel:
            if self._parser.needs_body:
                await self.http_response.aread()
            self._parsed = self._parser(self.http_response)
        return cast(_R, self._parsed)

    async def read(self) -> bytes:
        return await self.http_response.aread()

    async def text(self) -> str:
        await self.read()
        return self.http_response.text

    async def json(self) -> object:
        return json.loads(await self.read())

    def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        return self.http_response.aiter_bytes(chunk_size)

    def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        return self.http_response.aiter_text(chunk_size)

    def iter_lines(self) -> AsyncIterator[str]:
        return self.http_response.aiter_lines()

    async def write_to_file(self, file: FilePath) -> None:
        await self.stream_to_file(file)

    async def stream_to_file(self, file: FilePath, *, chunk_size: int | None = None) -> None:
        import anyio

        async with await anyio.open_file(file, mode="wb") as f:
            async for chunk in self.http_response.aiter_bytes(chunk_size):
                await f.write(chunk)

    async def close(self) -> None:
        await self.http_response.aclose()


_RespT = TypeVar("_RespT", bound=APIResponse[Any])
_AsyncRespT = TypeVar("_AsyncRespT", bound=AsyncAPIResponse[Any])


class ResponseContextManager(Generic[_RespT]):
    """Sends the request on ``__enter__``; closes the response on ``__exit__``."""

    def __init__(self, request_func: Callable[[], _RespT]) -> None:
        self._request_func = request_func
        self._response: Optional[_RespT] = None

    def __enter__(self) -> _RespT:
        self._response = self._request_func()
        return self._response

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._response is not None:
            self._response.close()


class AsyncResponseContextManager(Generic[_AsyncRespT]):
    """Async: sends the request on ``__aenter__``; closes the response on ``__aexit__``."""

    def __init__(self, api_request: Awaitable[_AsyncRespT]) -> None:
        self._api_request = api_request
        self._response: Optional[_AsyncRespT] = None

    async def __aenter__(self) -> _AsyncRespT:
        self._response = await self._api_request
        return self._response

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._response is not None:
            await self._response.close()


def _with_mode(kwargs: Mapping[str, Any], mode: str) -> dict[str, Any]:
    out = dict(kwargs)
    extra = out.get("extra_headers")
    headers = dict(extra) if extra else {}
    headers[RAW_RESPONSE_HEADER] = mode
    out["extra_headers"] = headers
    return out


def to_raw_response_wrapper(func: Callable[_P, _R]) -> Callable[_P, APIResponse[_R]]:
    """Wrap a sync method so that it returns ``APIResponse[R]`` instead of ``R``."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_R]:
        return cast(APIResponse[_R], func(*args, **_with_mode(kwargs, "raw")))

    return wrapped


def async_to_raw_response_wrapper(func: Callable[_P, Awaitable[_R]]) -> Callable[_P, Awaitable[AsyncAPIResponse[_R]]]:
    """Wrap an async method (or one returning an awaitable) so that it returns ``AsyncAPIResponse[R]``."""

    @functools.wraps(func)
    async def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> AsyncAPIResponse[_R]:
        return cast(AsyncAPIResponse[_R], await func(*args, **_with_mode(kwargs, "raw")))

    return wrapped


def to_streamed_response_wrapper(func: Callable[_P, _R]) -> Callable[_P, ResponseContextManager[APIResponse[_R]]]:
    """Wrap a sync method so that it returns a context manager over an unread ``APIResponse[R]``."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> ResponseContextManager[APIResponse[_R]]:
        call_kwargs = _with_mode(kwargs, "stream")
        return ResponseContextManager(lambda: cast(APIResponse[_R], func(*args, **call_kwargs)))

    return wrapped


def async_to_streamed_response_wrapper(
    func: Callable[_P, Awaitable[_R]],
) -> Callable[_P, AsyncResponseContextManager[AsyncAPIResponse[_R]]]:
    """Wrap an async method so that it returns an async context manager over an unread ``AsyncAPIResponse[R]``."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> AsyncResponseContextManager[AsyncAPIResponse[_R]]:
        call_kwargs = _with_mode(kwargs, "stream")

        async def run() -> AsyncAPIResponse[_R]:
            return cast(AsyncAPIResponse[_R], await func(*args, **call_kwargs))

        return AsyncResponseContextManager(run())

    return wrapped
