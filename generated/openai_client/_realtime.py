"""Realtime: a websocket connection with typed events (``client.<resource>.connect(...)``).

Shipped in packages whose config has ``realtime``. ``websockets`` is an optional dependency
(the ``realtime`` extra, see ``INSTALL_HINT``). A generated resource subclasses
:class:`SyncRealtimeResource` / :class:`AsyncRealtimeResource` with the server event type and the
client event type as type arguments, and the class keywords ``event_type`` (the server event type,
for parsing), ``path`` (below the base URL), ``required`` (query parameters ``connect`` needs) and
``headers`` (fixed headers of the upgrade request).
"""

from __future__ import annotations

import json
from types import TracebackType
from typing import Any, AsyncIterator, ClassVar, Dict, Generic, Iterator, Mapping, Optional, Tuple, TypeVar, Union, cast
from urllib.parse import urlencode

from ._exceptions import _BaseError
from ._models import BaseModel, construct_type
from ._resource import AsyncAPIResource, SyncAPIResource

__all__ = [
    "RealtimeEvent",
    "RealtimeConnection",
    "AsyncRealtimeConnection",
    "RealtimeConnectionManager",
    "AsyncRealtimeConnectionManager",
    "SyncRealtimeResource",
    "AsyncRealtimeResource",
]

_ServerT = TypeVar("_ServerT")
_ClientT = TypeVar("_ClientT")

INSTALL_HINT = "pip install 'openai-client[realtime]'"


class RealtimeEvent(BaseModel):
    """An event whose schema the API description does not give: its ``type`` and every other key as sent."""

    type: str


def _import_error() -> ImportError:
    return ImportError(f"The realtime API needs the websockets package: {INSTALL_HINT}")


def _sync_connect() -> Any:
    try:
        from websockets.sync.client import connect  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise _import_error() from None
    return connect


def _async_connect() -> Any:
    try:
        from websockets.asyncio.client import connect  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise _import_error() from None
    return connect


def _closed_ok() -> Tuple[type[BaseException], ...]:
    try:
        from websockets.exceptions import ConnectionClosedOK  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return ()
    return (cast("type[BaseException]", ConnectionClosedOK),)


def _dumps(event: Union[Mapping[str, Any], BaseModel, Any]) -> str:
    if isinstance(event, BaseModel):
        return json.dumps(event.to_dict())
    if isinstance(event, Mapping):
        return json.dumps(dict(event), default=str)
    raise TypeError(f"send() takes a mapping or a model, not {type(event).__name__}")


class _Parser(Generic[_ServerT]):
    _event_type: Any

    def parse_event(self, data: Union[str, bytes]) -> _ServerT:
        """Parse one message of the server into the typed event."""
        return cast(_ServerT, construct_type(self._event_type, json.loads(data)))


class RealtimeConnection(_Parser[_ServerT], Generic[_ServerT, _ClientT]):
    """An open realtime websocket. ``send`` JSON events, ``recv`` typed ones, or iterate until the server closes."""

    def __init__(self, websocket: Any, event_type: Any) -> None:
        self._websocket = websocket
        self._event_type = event_type

    @property
    def websocket(self) -> Any:
        """The underlying ``websockets`` connection."""
        return self._websocket

    def send(self, event: Union[_ClientT, Mapping[str, Any]]) -> None:
        """Send one event (a mapping or a model) as a JSON text message."""
        self._websocket.send(_dumps(event))

    def recv(self) -> _ServerT:
        """Wait for the next message and parse it into the typed server event."""
        return self.parse_event(self.recv_bytes())

    def recv_bytes(self) -> bytes:
        message = self._websocket.recv()
        return message.encode("utf-8") if isinstance(message, str) else bytes(message)

    def __iter__(self) -> Iterator[_ServerT]:
        closed = _closed_ok()
        try:
            while True:
                yield self.recv()
        except closed:
            return

    def close(self, *, code: int = 1000, reason: str = "") -> None:
        self._websocket.close(code=code, reason=reason)


class AsyncRealtimeConnection(_Parser[_ServerT], Generic[_ServerT, _ClientT]):
    """An open realtime websocket (async): ``await send(...)``, ``await recv()``, ``async for event in conn``."""

    def __init__(self, websocket: Any, event_type: Any) -> None:
        self._websocket = websocket
        self._event_type = event_type

    @property
    def websocket(self) -> Any:
        return self._websocket

    async def send(self, event: Union[_ClientT, Mapping[str, Any]]) -> None:
        await self._websocket.send(_dumps(event))

    async def recv(self) -> _ServerT:
        return self.parse_event(await self.recv_bytes())

    async def recv_bytes(self) -> bytes:
        message = await self._websocket.recv()
        return message.encode("utf-8") if isinstance(message, str) else bytes(message)

    async def __aiter__(self) -> AsyncIterator[_ServerT]:
        closed = _closed_ok()
        try:
            while True:
                yield await self.recv()
        except closed:
            return

    async def close(self, *, code: int = 1000, reason: str = "") -> None:
        await self._websocket.close(code=code, reason=reason)


class _Target:
    """The websocket URL and upgrade headers of a connection."""

    url: str
    headers: Dict[str, str]

    def __init__(
        self,
        client: Any,
        path: str,
        query: Mapping[str, object],
        headers: Mapping[str, str],
        extra_headers: Optional[Mapping[str, str]],
    ) -> None:
        custom = getattr(client, "_websocket_target", None)
        if custom is not None:
            self.url, auth = custom(path, query)
        else:
            base = str(client.base_url)
            scheme, sep, rest = base.partition("://")
            scheme = {"https": "wss", "http": "ws"}.get(scheme, scheme)
            params: Dict[str, object] = dict(client.default_query)
            resolved = client._resolve_auth(None)
            params.update(resolved.query)
            params.update(query)
            qs = urlencode({k: v for k, v in params.items() if v is not None})
            self.url = f"{scheme}{sep}{rest.rstrip('/')}/{path.lstrip('/')}" + (f"?{qs}" if qs else "")
            auth = dict(resolved.headers)
        merged: Dict[str, str] = {}
        for attr, header in client.header_options.items():
            value = getattr(client, attr, None)
            if isinstance(value, str):
                merged[header] = value
        merged.update(auth)
        merged.update(headers)
        merged.update(extra_headers or {})
        self.headers = merged


class RealtimeConnectionManager(Generic[_ServerT, _ClientT]):
    """``with client.realtime.connect(...) as connection:`` (or ``connection = manager.enter()``)."""

    def __init__(self, target: _Target, event_type: Any, options: Mapping[str, Any]) -> None:
        self._target = target
        self._event_type = event_type
        self._options = options
        self._connection: Optional[RealtimeConnection[_ServerT, _ClientT]] = None

    @property
    def url(self) -> str:
        return self._target.url

    def enter(self) -> RealtimeConnection[_ServerT, _ClientT]:
        connect = _sync_connect()
        # Entered as a context manager (websockets 17 deprecates using connect()'s result directly);
        # the connection's own close() ends it.
        websocket = connect(self._target.url, additional_headers=self._target.headers, **self._options).__enter__()
        self._connection = RealtimeConnection(websocket, self._event_type)
        return self._connection

    def __enter__(self) -> RealtimeConnection[_ServerT, _ClientT]:
        return self.enter()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._connection is not None:
            self._connection.close()


class AsyncRealtimeConnectionManager(Generic[_ServerT, _ClientT]):
    """``async with client.realtime.connect(...) as connection:`` (or ``connection = await manager.enter()``)."""

    def __init__(self, target: _Target, event_type: Any, options: Mapping[str, Any]) -> None:
        self._target = target
        self._event_type = event_type
        self._options = options
        self._connection: Optional[AsyncRealtimeConnection[_ServerT, _ClientT]] = None

    @property
    def url(self) -> str:
        return self._target.url

    async def enter(self) -> AsyncRealtimeConnection[_ServerT, _ClientT]:
        connect = _async_connect()
        websocket = await connect(self._target.url, additional_headers=self._target.headers, **self._options)
        self._connection = AsyncRealtimeConnection(websocket, self._event_type)
        return self._connection

    async def __aenter__(self) -> AsyncRealtimeConnection[_ServerT, _ClientT]:
        return await self.enter()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._connection is not None:
            await self._connection.close()


class _RealtimeBase(Generic[_ServerT, _ClientT]):
    _event_type: ClassVar[Any] = RealtimeEvent
    _path: ClassVar[str] = "/realtime"
    _required: ClassVar[Tuple[str, ...]] = ()
    _headers: ClassVar[Mapping[str, str]] = {}
    _client: Any

    def __init_subclass__(
        cls,
        *,
        event_type: Any = None,
        path: str = "",
        required: Tuple[str, ...] = (),
        headers: Optional[Mapping[str, str]] = None,
        **kwargs: Any,
    ) -> None:
        super().__init_subclass__(**kwargs)
        if path:
            cls._event_type = event_type if event_type is not None else RealtimeEvent
            cls._path = path
            cls._required = required
            cls._headers = dict(headers or {})

    def _target(
        self,
        query: Mapping[str, object],
        extra_query: Optional[Mapping[str, object]],
        extra_headers: Optional[Mapping[str, str]],
    ) -> _Target:
        missing = [name for name in self._required if query.get(name) is None]
        if missing:
            raise TypeError(f"connect() missing required keyword argument(s): {', '.join(missing)}")
        if not self._client.base_url.host:
            raise _BaseError("connect() needs a client with an absolute base URL")
        return _Target(self._client, self._path, {**query, **(extra_query or {})}, self._headers, extra_headers)


class SyncRealtimeResource(_RealtimeBase[_ServerT, _ClientT], SyncAPIResource):
    """Base of a generated resource with ``connect()`` (sync)."""

    def connect(
        self,
        *,
        extra_query: Optional[Mapping[str, object]] = None,
        extra_headers: Optional[Mapping[str, str]] = None,
        websocket_connection_options: Optional[Mapping[str, Any]] = None,
        **query: Any,
    ) -> RealtimeConnectionManager[_ServerT, _ClientT]:
        """Open the websocket: ``with client.realtime.connect(model="...") as connection: ...``.

        Keyword arguments are sent as query parameters; ``websocket_connection_options`` go to
        ``websockets.sync.client.connect``."""
        return RealtimeConnectionManager(
            self._target(query, extra_query, extra_headers), self._event_type, websocket_connection_options or {}
        )


class AsyncRealtimeResource(_RealtimeBase[_ServerT, _ClientT], AsyncAPIResource):
    """Base of a generated resource with ``connect()`` (async)."""

    def connect(
        self,
        *,
        extra_query: Optional[Mapping[str, object]] = None,
        extra_headers: Optional[Mapping[str, str]] = None,
        websocket_connection_options: Optional[Mapping[str, Any]] = None,
        **query: Any,
    ) -> AsyncRealtimeConnectionManager[_ServerT, _ClientT]:
        """Open the websocket: ``async with client.realtime.connect(model="...") as connection: ...``."""
        return AsyncRealtimeConnectionManager(
            self._target(query, extra_query, extra_headers), self._event_type, websocket_connection_options or {}
        )
