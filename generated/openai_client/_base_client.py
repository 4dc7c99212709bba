"""HTTP client core: request building, auth, retries, response parsing.

Generated clients subclass ``SyncAPIClient`` / ``AsyncAPIClient``; generated
resource methods make exactly one call, ``self._client.request(...)`` or
``self._client.request_page(...)``.  See CONTRACT.md for the full contract.
"""

from __future__ import annotations

import email.utils
import enum
import json
import logging
import math
import os
import platform
import random
import re
import ssl
import time
import uuid
from datetime import date, datetime
from types import TracebackType
from typing import (
    Any,
    ClassVar,
    Dict,
    Generic,
    List,
    Literal,
    Mapping,
    Optional,
    Tuple,
    Type,
    TypeVar,
    Union,
    cast,
    overload,
)
from urllib.parse import quote

import httpx
import pydantic
from typing_extensions import Self

from . import _qs
from ._constants import (
    DEFAULT_ARRAY_FORMAT,
    DEFAULT_CONNECTION_LIMITS,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    INITIAL_RETRY_DELAY,
    LOG_ENV_VAR,
    MAX_RETRY_AFTER_DELAY,
    MAX_RETRY_DELAY,
    PACKAGE_NAME,
    PLATFORM_HEADER_PREFIX,
    RAW_RESPONSE_HEADER,
    USER_AGENT,
)
from ._exceptions import (
    _APIConnectionError,
    _BaseError,
    _APIResponseValidationError,
    _APIStatusError,
    _APITimeoutError,
    make_status_error,
)
from ._files import build_multipart, is_file_input, read_file_content
from ._models import _converter, set_request_id, validate_type
from ._pagination import AsyncPage, AsyncPaginator, NextPage, PaginationStrategy, SyncPage
from ._resource import AsyncAPIResource, SyncAPIResource
from ._response import APIResponse, AsyncAPIResponse, AsyncBinaryResponse, BinaryResponse
from ._streaming import AsyncStream, Stream
from ._types import (
    ArrayFormat,
    BodyKind,
    FileTypes,
    Headers,
    NotGiven,
    Omit,
    QueryStyle,
    RequestOptions,
    ResponseKind,
    Security,
    not_given,
    omit,
)

__all__ = [
    "SecurityScheme",
    "BaseClient",
    "SyncAPIClient",
    "AsyncAPIClient",
    "DEFAULT_TIMEOUT",
    "DEFAULT_MAX_RETRIES",
]

log: logging.Logger = logging.getLogger(__package__ or PACKAGE_NAME)
httpx_log: logging.Logger = logging.getLogger("httpx")

_T = TypeVar("_T")
_S = TypeVar("_S")
_HttpxClientT = TypeVar("_HttpxClientT", httpx.Client, httpx.AsyncClient)

_RETRY_COUNT_HEADER = f"{PLATFORM_HEADER_PREFIX}-Retry-Count"
_RETRY_STATUSES = frozenset((408, 409, 429))
_TRANSPORT_ERRORS: Tuple[Type[BaseException], ...] = (httpx.RequestError, ssl.SSLError)
"""What is retried and becomes a connection error (openai-python: httpx RequestError, ssl.SSLError)."""
_ALWAYS_REDACTED = frozenset(("authorization", "proxy-authorization", "api-key", "x-api-key", "cookie", "set-cookie"))
_SENSITIVE_QUERY: set[str] = set()


# ---------------------------------------------------------------------------
# logging


class _RedactFilter(logging.Filter):
    """Redacts credential query parameters from URLs logged by httpx."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _SENSITIVE_QUERY and isinstance(record.args, tuple):
            record.args = tuple(_redact_url(str(a)) if isinstance(a, httpx.URL) else a for a in record.args)
        return True


def _setup_logging() -> None:
    level = os.environ.get(LOG_ENV_VAR, "").strip().lower()
    if level not in ("debug", "info"):
        return
    if not log.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(
            logging.Formatter("[%(asctime)s - %(name)s:%(lineno)d - %(levelname)s] %(message)s", "%Y-%m-%d %H:%M:%S")
        )
        log.addHandler(handler)
        httpx_log.addHandler(handler)
    lvl = logging.DEBUG if level == "debug" else logging.INFO
    log.setLevel(lvl)
    httpx_log.setLevel(lvl)
    httpx_log.addFilter(_RedactFilter())


_setup_logging()


def _redact_url(url: str) -> str:
    if "?" not in url or not _SENSITIVE_QUERY:
        return url
    base, _, query = url.partition("?")
    parts = []
    for part in query.split("&"):
        key, sep, _value = part.partition("=")
        from urllib.parse import unquote

        if sep and unquote(key).lower() in _SENSITIVE_QUERY:
            parts.append(f"{key}=<redacted>")
        else:
            parts.append(part)
    return base + "?" + "&".join(parts)


# ---------------------------------------------------------------------------
# security


class SecurityScheme:
    """How one OpenAPI security scheme puts a credential on a request.

    ``credentials`` name client attributes holding the secret(s); a scheme is
    usable when all of them are set (not ``None`` / empty).
    """

    __slots__ = ("kind", "credentials", "name", "location", "prefix")

    def __init__(
        self,
        kind: Literal["http", "basic", "apiKey"],
        credentials: Tuple[str, ...],
        *,
        name: str = "Authorization",
        location: Literal["header", "query", "cookie"] = "header",
        prefix: str = "Bearer",
    ) -> None:
        self.kind = kind
        self.credentials = credentials
        self.name = name
        self.location = location
        self.prefix = prefix

    @classmethod
    def bearer(cls, credential: str, *, scheme: str = "Bearer") -> SecurityScheme:
        """``http`` bearer (also used for oauth2 / openIdConnect access tokens)."""
        return cls("http", (credential,), prefix=scheme)

    @classmethod
    def http(cls, credential: str, *, scheme: str) -> SecurityScheme:
        """Any other ``http`` scheme: ``Authorization: <scheme> <credential>``."""
        return cls("http", (credential,), prefix=scheme)

    @classmethod
    def basic(cls, username: str, password: str) -> SecurityScheme:
        return cls("basic", (username, password), prefix="Basic")

    @classmethod
    def api_key(
        cls, credential: str, *, name: str, location: Literal["header", "query", "cookie"] = "header"
    ) -> SecurityScheme:
        return cls("apiKey", (credential,), name=name, location=location)

    def __repr__(self) -> str:
        return f"SecurityScheme({self.kind!r}, {self.credentials!r}, name={self.name!r}, location={self.location!r})"


class _Auth:
    __slots__ = ("headers", "query", "cookies")

    def __init__(self) -> None:
        self.headers: Dict[str, str] = {}
        self.query: Dict[str, str] = {}
        self.cookies: Dict[str, str] = {}


_NO_AUTH = _Auth()


# ---------------------------------------------------------------------------
# platform headers


_PLATFORM: Dict[str, str] = {}


def platform_headers(version: str) -> Dict[str, str]:
    if not _PLATFORM:
        system = platform.system().lower()
        os_name = {"darwin": "MacOS", "windows": "Windows", "linux": "Linux", "freebsd": "FreeBSD"}.get(
            system, f"Other:{system}" if system else "Unknown"
        )
        machine = platform.machine().lower()
        arch = {
            "x86_64": "x64",
            "amd64": "x64",
            "aarch64": "arm64",
            "arm64": "arm64",
            "i386": "x32",
            "i686": "x32",
        }.get(machine, f"other:{machine}" if machine else "unknown")
        p = PLATFORM_HEADER_PREFIX
        _PLATFORM.update(
            {
                f"{p}-Lang": "python",
                f"{p}-OS": os_name,
                f"{p}-Arch": arch,
                f"{p}-Runtime": platform.python_implementation(),
                f"{p}-Runtime-Version": platform.python_version(),
            }
        )
    return {**_PLATFORM, f"{PLATFORM_HEADER_PREFIX}-Package-Version": version}


# ---------------------------------------------------------------------------
# bodies


def _json_default(o: object) -> object:
    if isinstance(o, pydantic.BaseModel):
        return o.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(o, (datetime, date)):
        return o.isoformat()
    if isinstance(o, enum.Enum):
        return o.value
    if isinstance(o, (set, frozenset, tuple)):
        return list(o)
    if isinstance(o, Mapping):
        return dict(o)
    if isinstance(o, (Omit, NotGiven)):
        return None
    if isinstance(o, os.PathLike):
        return os.fspath(o)
    if isinstance(o, (bytes, bytearray)):
        import base64

        return base64.b64encode(bytes(o)).decode("ascii")
    return _qs.to_wire(o)  # UUID, time, Decimal, a configured format type ...; TypeError when nothing fits


_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_json_default).encode


def _strip_omitted(body: Mapping[str, object]) -> Dict[str, object]:
    return {k: v for k, v in body.items() if v is not omit and v is not not_given}


def _multipart_fields_only(data: Mapping[str, Any]) -> Tuple[bytes, str]:
    boundary = os.urandom(16).hex()
    out: List[bytes] = []
    for key, value in data.items():
        for v in value if isinstance(value, list) else [value]:
            name = key.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
            out.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                + str(v).encode()
                + b"\r\n"
            )
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), f"multipart/form-data; boundary={boundary}"


# ---------------------------------------------------------------------------
# paths

_PATH_PARAM = re.compile(r"\{([^{}]+)\}")
_PATH_TEMPLATES: Dict[str, List[Tuple[bool, str]]] = {}


def _quote_segment(value: object) -> str:
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, enum.Enum):
        text = str(value.value)
    else:
        text = str(value)
    if text == "." or text == "..":
        return text.replace(".", "%2E")
    return quote(text, safe="!$&'()*+,;=:@")


def format_path(template: str, params: Mapping[str, object]) -> str:
    """Fill ``{name}`` placeholders with percent-encoded values; empty values raise ``ValueError``."""
    parts = _PATH_TEMPLATES.get(template)
    if parts is None:
        parts = []
        pos = 0
        for m in _PATH_PARAM.finditer(template):
            parts.append((False, template[pos : m.start()]))
            parts.append((True, m.group(1)))
            pos = m.end()
        parts.append((False, template[pos:]))
        _PATH_TEMPLATES[template] = parts
    out: List[str] = []
    for is_param, text in parts:
        if not is_param:
            out.append(text)
            continue
        if text not in params:
            raise ValueError(f"Missing path parameter {text!r}")
        value = params[text]
        if value is None or value == "" or isinstance(value, (Omit, NotGiven)):
            raise ValueError(f"Expected a non-empty value for `{text}` but received {value!r}")
        out.append(_quote_segment(value))
    return "".join(out)


# ---------------------------------------------------------------------------
# prepared requests


class _Parser:
    """Turns an HTTP response into what the method returns."""

    __slots__ = ("kind", "cast_to", "conv", "strict", "stream_cls", "item_type", "client", "prep", "strategy", "async_")

    def __init__(
        self,
        kind: str,
        cast_to: Any,
        *,
        strict: bool,
        client: BaseClient[Any],
        stream_cls: Any = None,
        strategy: PaginationStrategy | None = None,
        async_: bool = False,
    ) -> None:
        self.kind = kind
        self.cast_to = cast_to
        self.conv = _converter(cast_to) if kind in ("json", "page") else None
        self.strict = strict
        self.stream_cls = stream_cls
        self.item_type: Any = None
        if stream_cls is not None:
            args = getattr(stream_cls, "__args__", None)
            self.item_type = args[0] if args else Any
        self.client = client
        self.prep: Optional[_Prepared] = None
        self.strategy = strategy
        self.async_ = async_

    @property
    def needs_body(self) -> bool:
        return self.kind not in ("sse", "binary")

    def _decode(self, response: httpx.Response) -> Any:
        """The decoded JSON body. A body that is not JSON raises APIResponseValidationError when the
        server said it was JSON (or said nothing) or validation is strict; only a lenient client
        given another content type gets the text back, as in openai-python."""
        content = response.content
        if not content:
            return None
        try:
            return json.loads(content)
        except ValueError as err:
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if self.strict or not content_type or content_type.endswith("json"):
                raise _APIResponseValidationError(
                    response, response.text, message=f"Response body is not valid JSON: {err}"
                ) from err
            return response.text

    def _convert(self, response: httpx.Response, data: Any) -> Any:
        if self.strict:
            try:
                return validate_type(self.cast_to, data)
            except pydantic.ValidationError as err:
                raise _APIResponseValidationError(response, data) from err
        conv = self.conv
        return data if conv is None else conv(data)

    def __call__(self, response: httpx.Response) -> Any:
        kind = self.kind
        if kind == "json":
            result = self._convert(response, self._decode(response))
            if isinstance(result, pydantic.BaseModel):
                set_request_id(result, response.headers.get("x-request-id"))
            return result
        if kind == "sse":
            cls = self.stream_cls
            origin = getattr(cls, "__origin__", None) or cls
            return origin(item_type=self.item_type, response=response, client=self.client)
        if kind == "binary":
            return AsyncBinaryResponse(response) if self.async_ else BinaryResponse(response)
        if kind == "text":
            return response.text
        if kind == "empty":
            return None
        if kind == "page":
            return self._page(response)
        raise AssertionError(kind)

    def _page(self, response: httpx.Response) -> Any:
        body = self._decode(response)
        strategy = self.strategy
        assert strategy is not None and self.prep is not None
        raw_items = strategy.get_items(body)
        conv = self.conv
        if self.strict:
            try:
                data = [validate_type(self.cast_to, x) for x in raw_items]
            except pydantic.ValidationError as err:
                raise _APIResponseValidationError(response, body) from err
        else:
            data = raw_items if conv is None else [conv(x) for x in raw_items]
        page_cls: Any = AsyncPage if self.async_ else SyncPage
        return page_cls(client=self.client, prep=self.prep, strategy=strategy, data=data, body=body, response=response)


class _Prepared:
    """A fully resolved request, reusable across retries and pages."""

    __slots__ = (
        "method",
        "url",
        "params",
        "styles",
        "headers",
        "content",
        "data",
        "files",
        "json_body",
        "timeout",
        "max_retries",
        "stream",
        "raw_mode",
        "parser",
        "idempotency_key",
        "array_format",
    )

    method: str
    url: str
    params: Dict[str, object]
    styles: Optional[Mapping[str, QueryStyle]]
    headers: Dict[str, str]
    content: Optional[bytes]
    data: Optional[Dict[str, Any]]
    files: Optional[List[Tuple[str, Any]]]
    json_body: Optional[Dict[str, object]]
    timeout: httpx.Timeout
    max_retries: int
    stream: bool
    raw_mode: Optional[str]
    parser: _Parser
    idempotency_key: Optional[str]
    array_format: ArrayFormat

    def full_url(self) -> str:
        if not self.params:
            return self.url
        qs = _qs.stringify(self.params, array_format=self.array_format, styles=self.styles)
        if not qs:
            return self.url
        return f"{self.url}{'&' if '?' in self.url else '?'}{qs}"

    def page_params(self) -> Mapping[str, object]:
        if self.json_body is not None and self.params is not None:
            return {**self.json_body, **self.params}
        return self.params

    def for_next_page(self, info: NextPage) -> _Prepared:
        nxt = _Prepared.__new__(_Prepared)
        for slot in _Prepared.__slots__:
            setattr(nxt, slot, getattr(self, slot))
        nxt.raw_mode = None
        if info.url is not None:
            nxt.url = str(httpx.URL(self.url).join(info.url))
            nxt.params = {}
        elif info.location == "body" and self.json_body is not None:
            nxt.json_body = {**self.json_body, **info.params}
            nxt.content = _dumps(nxt.json_body).encode()
            nxt.params = dict(self.params)
        else:
            nxt.params = {**self.params, **info.params}
        parser = _Parser.__new__(_Parser)
        for slot in _Parser.__slots__:
            setattr(parser, slot, getattr(self.parser, slot))
        parser.prep = nxt
        nxt.parser = parser
        return nxt


# ---------------------------------------------------------------------------
# clients


class BaseClient(Generic[_HttpxClientT]):
    """Options, request preparation and retry policy shared by the sync and async clients."""

    #: Security schemes of the API by name (generated).
    security_schemes: ClassVar[Mapping[str, SecurityScheme]] = {}
    #: Global security requirement of the API (generated); ``()`` = no auth.
    default_security: ClassVar[Security] = ()
    #: Client attributes sent as headers when set, e.g. ``{"organization": "OpenAI-Organization"}``.
    header_options: ClassVar[Mapping[str, str]] = {}
    #: Headers sent on every request (generated from ``client.default_headers``); the caller's
    #: ``default_headers`` and the header options may replace them, ``omit`` removes them.
    fixed_headers: ClassVar[Mapping[str, str]] = {}
    #: Further client attributes that ``copy()`` / ``with_options()`` may change.
    client_options: ClassVar[Tuple[str, ...]] = ()
    #: Array serialisation of query strings / form bodies.
    array_format: ClassVar[ArrayFormat] = DEFAULT_ARRAY_FORMAT
    #: Header carrying an idempotency key on non-GET requests (kept across retries), or None.
    idempotency_header: ClassVar[Optional[str]] = None
    #: Package version sent in the platform headers.
    package_version: ClassVar[str] = "0.0.0"

    _http_client: Optional[_HttpxClientT]
    _base_url: str
    timeout: Union[float, httpx.Timeout, None]
    max_retries: int
    _custom_headers: Dict[str, str]
    _custom_query: Dict[str, object]
    _strict_response_validation: bool
    _owns_http_client: bool
    _closed: bool
    _fast_requests: bool
    _base_headers: Dict[str, str]
    _timeout_obj: httpx.Timeout

    def _init_base(
        self,
        *,
        base_url: str | httpx.URL,
        timeout: float | httpx.Timeout | None | NotGiven,
        max_retries: int,
        default_headers: Mapping[str, str | Omit] | None,
        default_query: Mapping[str, object] | None,
        strict_response_validation: bool,
    ) -> None:
        if not isinstance(max_retries, int) or max_retries < 0:
            raise TypeError("max_retries must be a non-negative integer")
        self._base_url = _normalize_base_url(base_url)
        self.timeout = DEFAULT_TIMEOUT if isinstance(timeout, NotGiven) else timeout
        self._timeout_obj = _to_timeout(self.timeout)
        self.max_retries = max_retries
        self._custom_headers = {k: v for k, v in (default_headers or {}).items() if isinstance(v, str)}
        self._omitted_headers = frozenset(k.lower() for k, v in (default_headers or {}).items() if isinstance(v, Omit))
        self._custom_query = dict(default_query or {})
        self._strict_response_validation = strict_response_validation
        for scheme in self.security_schemes.values():
            if scheme.kind == "apiKey" and scheme.location == "query":
                _SENSITIVE_QUERY.add(scheme.name.lower())

    def _finish_init(self) -> None:
        client = self._http_client
        if client is None:
            # The default HTTP client is created on first use (building its SSL context is slow).
            self._fast_requests = True
            headers = {"Accept-Encoding": "gzip, deflate", "Connection": "keep-alive"}
        else:
            self._fast_requests = not client.params and not client.cookies
            headers = {k: v for k, v in client.headers.items() if k.lower() not in ("user-agent", "accept")}
        self._base_headers = _merge_headers(headers, self._default_headers())

    def _make_http_client(self) -> _HttpxClientT:
        raise NotImplementedError

    @property
    def _client(self) -> _HttpxClientT:
        """The underlying httpx client (the default one is created on first use)."""
        client = self._http_client
        if client is None:
            if self._closed:
                raise RuntimeError("Cannot send a request, as the client has been closed.")
            client = self._http_client = self._make_http_client()
        return client

    # -- options --------------------------------------------------------

    @property
    def base_url(self) -> httpx.URL:
        return httpx.URL(self._base_url)

    @base_url.setter
    def base_url(self, url: str | httpx.URL) -> None:
        self._base_url = _normalize_base_url(url)

    @property
    def default_headers(self) -> Dict[str, str]:
        return dict(self._base_headers)

    @property
    def default_query(self) -> Dict[str, object]:
        return dict(self._custom_query)

    def _default_headers(self) -> Dict[str, str]:
        headers: Dict[str, str] = {
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
            **platform_headers(self.package_version),
        }
        headers = _merge_headers(headers, self.fixed_headers)
        for attr, header in self.header_options.items():
            value = getattr(self, attr, None)
            if value is not None:
                headers[header] = value if isinstance(value, str) else _qs.primitive_to_str(value)
        headers = _merge_headers(headers, self._custom_headers)
        for lk in self._omitted_headers:
            for k in [k for k in headers if k.lower() == lk]:
                del headers[k]
        return headers

    def _credential_names(self) -> List[str]:
        names: List[str] = []
        for scheme in self.security_schemes.values():
            for c in scheme.credentials:
                if c not in names:
                    names.append(c)
        return names

    def _option_names(self) -> List[str]:
        return [*self._credential_names(), *self.header_options, *self.client_options]

    def _sensitive_headers(self) -> frozenset[str]:
        names = set(_ALWAYS_REDACTED)
        for scheme in self.security_schemes.values():
            if scheme.location == "header":
                names.add(scheme.name.lower())
        return frozenset(names)

    # -- auth -----------------------------------------------------------

    def _credential(self, attr: str) -> Optional[str]:
        value = getattr(self, attr, None)
        if value is None or value == "":
            return None
        if callable(value):  # token providers
            value = value()
            if value is None or value == "":
                return None
        return value if isinstance(value, str) else str(value)

    def _resolve_auth(self, security: Optional[Security]) -> _Auth:
        schemes = self.security_schemes
        if not schemes:
            return _NO_AUTH
        if security is None:
            security = self.default_security
        elif security:
            found = self._first_satisfied(security)
            if found is not None:
                return self._apply(found)
            security = self.default_security  # fall back to the client's global security
        else:
            return _NO_AUTH
        found = self._first_satisfied(security)
        return _NO_AUTH if found is None else self._apply(found)

    def _first_satisfied(self, security: Security) -> Optional[Tuple[Tuple[SecurityScheme, Tuple[str, ...]], ...]]:
        schemes = self.security_schemes
        for alternative in security:
            if not alternative:
                return ()
            resolved: List[Tuple[SecurityScheme, Tuple[str, ...]]] = []
            for name in alternative:
                scheme = schemes.get(name)
                if scheme is None:
                    break
                values = tuple(self._credential(c) for c in scheme.credentials)
                if any(v is None for v in values):
                    break
                resolved.append((scheme, cast(Tuple[str, ...], values)))
            else:
                return tuple(resolved)
        return None

    def _apply(self, resolved: Tuple[Tuple[SecurityScheme, Tuple[str, ...]], ...]) -> _Auth:
        if not resolved:
            return _NO_AUTH
        auth = _Auth()
        for scheme, values in resolved:
            if scheme.kind == "basic":
                import base64

                token = base64.b64encode(f"{values[0]}:{values[1]}".encode()).decode("ascii")
                auth.headers["Authorization"] = f"Basic {token}"
            elif scheme.kind == "http":
                auth.headers["Authorization"] = f"{scheme.prefix} {values[0]}" if scheme.prefix else values[0]
            elif scheme.location == "header":
                auth.headers[scheme.name] = values[0]
            elif scheme.location == "query":
                auth.query[scheme.name] = values[0]
            else:
                auth.cookies[scheme.name] = values[0]
        return auth

    # -- request preparation -------------------------------------------

    def _prepare(
        self,
        method: str,
        path: str,
        *,
        parser: _Parser,
        path_params: Optional[Mapping[str, object]],
        query: Optional[Mapping[str, object]],
        headers: Optional[Mapping[str, object]],
        cookies: Optional[Mapping[str, object]],
        query_styles: Optional[Mapping[str, QueryStyle]],
        body: object,
        body_kind: Optional[BodyKind],
        content_type: Optional[str],
        security: Optional[Security],
        options: Optional[RequestOptions],
        extra_headers: Optional[Headers],
        extra_query: Optional[Mapping[str, object]],
        extra_body: object,
        timeout: float | httpx.Timeout | None | NotGiven,
        max_retries: int | NotGiven,
        stream: bool,
    ) -> _Prepared:
        if options:
            extra_headers = extra_headers if extra_headers is not None else options.get("extra_headers")
            extra_query = extra_query if extra_query is not None else options.get("extra_query")
            extra_body = extra_body if extra_body is not None else options.get("extra_body")
            if isinstance(timeout, NotGiven) and "timeout" in options:
                timeout = options["timeout"]
            if isinstance(max_retries, NotGiven) and "max_retries" in options:
                max_retries = options["max_retries"]
        prep = _Prepared.__new__(_Prepared)
        prep.method = method.upper()

        # URL
        if path_params:
            path = format_path(path, path_params)
        elif "{" in path:
            path = format_path(path, {})
        if path.startswith(("http://", "https://")):
            prep.url = path
        else:
            prep.url = self._base_url + path.lstrip("/")

        # auth
        auth = self._resolve_auth(security)

        # query
        params: Dict[str, object] = dict(self._custom_query) if self._custom_query else {}
        if query:
            for k, v in query.items():
                if v is not omit and v is not not_given and v is not None:
                    params[k] = v
        if auth.query:
            params.update(auth.query)
        if extra_query:
            params.update(extra_query)
        prep.params = params
        prep.styles = query_styles
        prep.array_format = self.array_format

        # headers
        hdrs = self._base_headers.copy()
        if stream:
            # An SSE request asks for the event stream: a server that negotiates the content type
            # (e.g. a mock server) would otherwise answer with the JSON form, and the stream would be empty.
            hdrs = _merge_headers(hdrs, {"Accept": "text/event-stream"})
        if auth.headers:
            hdrs.update(auth.headers)
        raw_mode: Optional[str] = None
        if headers:
            hdrs = _merge_headers(hdrs, {k: _header_value(v) for k, v in headers.items() if _keep(v)})
        cookie_pairs: List[str] = []
        if cookies:
            for k, v in cookies.items():
                if _keep(v):
                    cookie_pairs.append(f"{k}={quote(_qs.primitive_to_str(v), safe='')}")
        for k, v in auth.cookies.items():
            cookie_pairs.append(f"{k}={quote(v, safe='')}")
        if cookie_pairs:
            hdrs["Cookie"] = "; ".join(cookie_pairs)

        # body
        prep.content = None
        prep.data = None
        prep.files = None
        prep.json_body = None
        if isinstance(body, (Omit, NotGiven)):
            # An optional body the caller left out (``body: X | Omit = omit``): send none at all
            # (not ``null``, nor a binary/text error), unless ``extra_body`` gives one.
            body = None
            if extra_body is None:
                body_kind = None
        if body_kind == "json" or (body_kind is None and (body is not None or extra_body is not None)):
            payload: object = body
            if isinstance(body, Mapping):
                payload = _strip_omitted(body)
                if extra_body is not None and isinstance(extra_body, Mapping):
                    payload.update(extra_body)
                prep.json_body = payload
            elif body is None and isinstance(extra_body, Mapping):
                extra_payload: Dict[str, object] = dict(extra_body)
                prep.json_body = payload = extra_payload
            prep.content = _dumps(payload).encode()
            hdrs["Content-Type"] = content_type or "application/json"
        elif body_kind == "multipart":
            fields: Dict[str, object] = _strip_omitted(body) if isinstance(body, Mapping) else {}
            if isinstance(extra_body, Mapping):
                fields.update(extra_body)
            data, files = build_multipart(fields, array_format=self.array_format)
            if files:
                prep.data = data
                prep.files = files
                hdrs.pop("Content-Type", None)
            else:
                prep.content, hdrs["Content-Type"] = _multipart_fields_only(data)
        elif body_kind == "form":
            fields = _strip_omitted(body) if isinstance(body, Mapping) else {}
            if isinstance(extra_body, Mapping):
                fields.update(extra_body)
            prep.content = _qs.encode_pairs(_qs.flatten(fields, array_format=self.array_format)).encode()
            hdrs["Content-Type"] = content_type or "application/x-www-form-urlencoded"
        elif body_kind == "binary":
            if isinstance(body, (bytes, bytearray, memoryview)):
                prep.content = bytes(body)
            elif isinstance(body, str):
                prep.content = body.encode()
            elif body is not None and is_file_input(body):
                prep.content = read_file_content(cast(FileTypes, body))
            elif body is not None:
                raise TypeError(f"Unsupported binary body of type {type(body).__name__}")
            hdrs["Content-Type"] = content_type or "application/octet-stream"
        elif body_kind == "text":
            prep.content = (body if isinstance(body, str) else _qs.primitive_to_str(body)).encode()
            hdrs["Content-Type"] = content_type or "text/plain; charset=utf-8"

        # per-call header overrides
        if extra_headers:
            raw_mode = cast(Optional[str], extra_headers.get(RAW_RESPONSE_HEADER))
            hdrs = _merge_headers(hdrs, extra_headers)
            hdrs.pop(RAW_RESPONSE_HEADER, None)
        prep.headers = hdrs
        prep.raw_mode = raw_mode

        # options
        if isinstance(timeout, NotGiven):
            prep.timeout = self._timeout_obj
        else:
            prep.timeout = _to_timeout(timeout)
        prep.max_retries = self.max_retries if isinstance(max_retries, NotGiven) else max_retries
        prep.stream = stream or raw_mode == "stream"
        prep.idempotency_key = None
        if self.idempotency_header and prep.method != "GET":
            prep.idempotency_key = extra_headers.get(self.idempotency_header) if extra_headers else None  # type: ignore[assignment]
            if not prep.idempotency_key and options and "idempotency_key" in options:
                prep.idempotency_key = options["idempotency_key"]
            if not prep.idempotency_key:
                prep.idempotency_key = f"{PACKAGE_NAME}-retry-{uuid.uuid4()}"
        parser.prep = prep
        prep.parser = parser
        return prep

    def _build_request(self, prep: _Prepared, retries_taken: int) -> httpx.Request:
        headers = prep.headers.copy()
        if _RETRY_COUNT_HEADER.lower() not in self._omitted_headers:
            headers[_RETRY_COUNT_HEADER] = str(retries_taken)
        if prep.idempotency_key and self.idempotency_header:
            headers[self.idempotency_header] = prep.idempotency_key
        timeout = prep.timeout
        if timeout.read is not None:
            headers[f"{PLATFORM_HEADER_PREFIX}-Read-Timeout"] = str(timeout.read)
        url = _parse_url(prep.full_url())
        if prep.files is not None or not self._fast_requests:
            request = self._client.build_request(
                prep.method,
                url,
                headers=headers,
                content=prep.content,
                data=prep.data,
                files=prep.files,
                timeout=timeout,
            )
        else:
            request = httpx.Request(prep.method, url, headers=headers, content=prep.content)
            request.extensions["timeout"] = timeout.as_dict()
        if log.isEnabledFor(logging.DEBUG):
            self._log_request(request, prep)
        return request

    def _log_request(self, request: httpx.Request, prep: _Prepared) -> None:
        sensitive = self._sensitive_headers()
        headers = {k: ("<redacted>" if k.lower() in sensitive else v) for k, v in request.headers.items()}
        log.debug(
            "Request options: %s",
            {
                "method": request.method,
                "url": _redact_url(str(request.url)),
                "headers": headers,
                "json_data": prep.json_body,
                "timeout": prep.timeout,
                "max_retries": prep.max_retries,
            },
        )

    def _log_response(self, response: httpx.Response) -> None:
        if log.isEnabledFor(logging.DEBUG):
            sensitive = self._sensitive_headers()
            log.debug(
                'HTTP Response: %s %s "%i %s" %s',
                response.request.method,
                _redact_url(str(response.request.url)),
                response.status_code,
                response.reason_phrase,
                {k: ("<redacted>" if k.lower() in sensitive else v) for k, v in response.headers.items()},
            )
            log.debug("request_id: %s", response.headers.get("x-request-id"))

    # -- retries --------------------------------------------------------

    def _should_retry(self, response: httpx.Response) -> bool:
        retry_after = _parse_retry_after(response.headers)
        if retry_after is not None and retry_after > MAX_RETRY_AFTER_DELAY:
            log.debug(
                "Not retrying because `Retry-After` of %s seconds exceeds the maximum of %s seconds",
                retry_after,
                MAX_RETRY_AFTER_DELAY,
            )
            return False
        should = response.headers.get("x-should-retry")
        if should == "true":
            log.debug("Retrying as header `x-should-retry` is set to `true`")
            return True
        if should == "false":
            log.debug("Not retrying as header `x-should-retry` is set to `false`")
            return False
        status = response.status_code
        if status in _RETRY_STATUSES or status >= 500:
            log.debug("Retrying due to status code %i", status)
            return True
        log.debug("Not retrying")
        return False

    def _retry_wait(self, retries_taken: int, max_retries: int, headers: Optional[httpx.Headers]) -> float:
        """The delay before retry ``retries_taken + 1``, logged like openai-python does."""
        remaining = max_retries - retries_taken
        if remaining == 1:
            log.debug("1 retry left")
        else:
            log.debug("%i retries left", remaining)
        delay = self._retry_delay(retries_taken, headers)
        log.info("Retrying request in %f seconds (retry %i of %s)", delay, retries_taken + 1, max_retries)
        return delay

    def _retry_delay(self, retries_taken: int, headers: Optional[httpx.Headers]) -> float:
        retry_after = _parse_retry_after(headers) if headers is not None else None
        if retry_after is not None and 0 < retry_after <= MAX_RETRY_AFTER_DELAY:
            return retry_after
        n = min(retries_taken, 1000)
        delay = min(INITIAL_RETRY_DELAY * math.pow(2.0, n), MAX_RETRY_DELAY)
        jitter = 1 - 0.25 * random.random()
        return max(delay * jitter, 0.0)

    def _status_error(self, response: httpx.Response) -> _APIStatusError:
        content = response.content
        body: object
        try:
            body = json.loads(content) if content else None
        except ValueError:
            body = response.text or None
        return make_status_error(response, body)

    def _parser(
        self,
        cast_to: Any,
        response_kind: Optional[ResponseKind],
        stream: bool,
        stream_cls: Any,
        async_: bool,
    ) -> _Parser:
        if stream:
            if stream_cls is None:
                stream_cls = (AsyncStream if async_ else Stream)[cast_to]
            return _Parser("sse", cast_to, strict=False, client=self, stream_cls=stream_cls, async_=async_)
        kind: str
        if response_kind is not None:
            kind = response_kind
        elif cast_to is BinaryResponse or cast_to is AsyncBinaryResponse:
            kind = "binary"
        elif cast_to is str:
            kind = "text"
        elif cast_to is None or cast_to is type(None):
            kind = "empty"
        else:
            kind = "json"
        return _Parser(kind, cast_to, strict=self._strict_response_validation, client=self, async_=async_)

    def __repr__(self) -> str:
        parts = [f"base_url={self._base_url!r}", f"max_retries={self.max_retries}", f"timeout={self.timeout!r}"]
        for name in self._credential_names():
            parts.append(f"{name}='<redacted>'" if getattr(self, name, None) else f"{name}=None")
        for name in (*self.header_options, *self.client_options):
            parts.append(f"{name}={getattr(self, name, None)!r}")
        return f"{type(self).__name__}({', '.join(parts)})"

    # -- copying --------------------------------------------------------

    def _copy_state(
        self,
        *,
        base_url: str | httpx.URL | None,
        timeout: float | httpx.Timeout | None | NotGiven,
        max_retries: int | NotGiven,
        http_client: Optional[_HttpxClientT],
        default_headers: Optional[Mapping[str, str]],
        set_default_headers: Optional[Mapping[str, str]],
        default_query: Optional[Mapping[str, object]],
        set_default_query: Optional[Mapping[str, object]],
        strict_response_validation: Optional[bool],
        options: Mapping[str, Any],
    ) -> Self:
        if default_headers is not None and set_default_headers is not None:
            raise ValueError("The `default_headers` and `set_default_headers` arguments are mutually exclusive")
        if default_query is not None and set_default_query is not None:
            raise ValueError("The `default_query` and `set_default_query` arguments are mutually exclusive")
        allowed = self._option_names()
        for name in options:
            if name not in allowed:
                raise TypeError(f"{type(self).__name__}.copy() got an unexpected keyword argument {name!r}")
        new = object.__new__(type(self))
        state = {k: v for k, v in self.__dict__.items() if not isinstance(v, (SyncAPIResource, AsyncAPIResource))}
        new.__dict__.update(state)
        new._owns_http_client = False
        for name, value in options.items():
            setattr(new, name, value)
        if base_url is not None:
            new._base_url = _normalize_base_url(base_url)
        if not isinstance(timeout, NotGiven):
            new.timeout = timeout
            new._timeout_obj = _to_timeout(timeout)
        if not isinstance(max_retries, NotGiven):
            new.max_retries = max_retries
        if http_client is not None:
            new._http_client = http_client
        elif self._http_client is None:
            # Share the lazily created default client with the copy.
            new._http_client = self._client
        if set_default_headers is not None:
            new._custom_headers = dict(set_default_headers)
            new._omitted_headers = frozenset()
        elif default_headers is not None:
            new._custom_headers = {**self._custom_headers, **default_headers}
        if set_default_query is not None:
            new._custom_query = dict(set_default_query)
        elif default_query is not None:
            new._custom_query = {**self._custom_query, **default_query}
        if strict_response_validation is not None:
            new._strict_response_validation = strict_response_validation
        new._finish_init()
        return new


def _keep(v: object) -> bool:
    return v is not None and v is not omit and v is not not_given


def _header_value(v: object) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, (list, tuple)):
        return ",".join(_qs.primitive_to_str(x) for x in v)
    return _qs.primitive_to_str(v)


def _merge_headers(base: Dict[str, str], layer: Mapping[str, Any]) -> Dict[str, str]:
    """Case-insensitive merge; a value of ``omit`` (or ``None``) removes the header."""
    if not layer:
        return base
    out = dict(base)
    lower = {k.lower(): k for k in out}
    for k, v in layer.items():
        lk = k.lower()
        existing = lower.get(lk)
        if existing is not None:
            del out[existing]
        if v is None or isinstance(v, (Omit, NotGiven)):
            lower.pop(lk, None)
            continue
        out[k] = v if isinstance(v, str) else _header_value(v)
        lower[lk] = k
    return out


_URL_CACHE: Dict[str, httpx.URL] = {}


def _parse_url(url: str) -> httpx.URL:
    """Parsed URLs are immutable and parsing is slow: keep the most recent ones."""
    parsed = _URL_CACHE.get(url)
    if parsed is None:
        parsed = httpx.URL(url)
        if len(_URL_CACHE) >= 256:
            _URL_CACHE.clear()
        _URL_CACHE[url] = parsed
    return parsed


def _normalize_base_url(url: str | httpx.URL) -> str:
    text = str(url)
    if not text.strip():
        raise _BaseError(
            "No base URL: pass base_url= to the client, or set its base-URL environment variable "
            "(the API description lists no servers)"
        )
    return text if text.endswith("/") else text + "/"


def _to_timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if timeout is None:
        return httpx.Timeout(None)
    return httpx.Timeout(timeout)


def _parse_retry_after(headers: httpx.Headers) -> Optional[float]:
    ms = headers.get("retry-after-ms")
    if ms is not None:
        try:
            value = float(ms) / 1000
            if math.isfinite(value):
                return value
        except ValueError:
            pass
    ra = headers.get("retry-after")
    if ra is None:
        return None
    try:
        value = float(ra)
        if value == math.inf and ra.strip().lower() not in ("inf", "+inf", "infinity", "+infinity"):
            return MAX_RETRY_AFTER_DELAY + 1  # a numeric overflow is an excessive delay, not a typo
        return value if math.isfinite(value) else None
    except ValueError:
        pass
    parsed = email.utils.parsedate_tz(ra)
    if parsed is None:
        return None
    return float(email.utils.mktime_tz(parsed) - time.time())


def _default_sync_client(timeout: httpx.Timeout) -> httpx.Client:
    return httpx.Client(timeout=timeout, limits=DEFAULT_CONNECTION_LIMITS, follow_redirects=True)


def _default_async_client(timeout: httpx.Timeout) -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=timeout, limits=DEFAULT_CONNECTION_LIMITS, follow_redirects=True)


class SyncAPIClient(BaseClient[httpx.Client]):
    """Base of generated sync clients."""

    def __init__(
        self,
        *,
        base_url: str | httpx.URL,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str | Omit] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.Client | None = None,
        strict_response_validation: bool = False,
    ) -> None:
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise TypeError(f"Invalid `http_client` argument; expected an `httpx.Client` but got {type(http_client)}")
        self._init_base(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            strict_response_validation=strict_response_validation,
        )
        self._owns_http_client = http_client is None
        self._closed = False
        self._http_client = http_client
        self._finish_init()

    def _make_http_client(self) -> httpx.Client:
        return _default_sync_client(self._timeout_obj)

    # -- lifecycle ------------------------------------------------------

    def is_closed(self) -> bool:
        client = self._http_client
        return client.is_closed if client is not None else self._closed

    def close(self) -> None:
        """Close the underlying HTTP client (shared with copies)."""
        client = getattr(self, "_http_client", None)
        self._closed = True
        if client is not None:
            client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def copy(
        self,
        *,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
        max_retries: int | NotGiven = not_given,
        http_client: httpx.Client | None = None,
        default_headers: Mapping[str, str] | None = None,
        set_default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        set_default_query: Mapping[str, object] | None = None,
        strict_response_validation: bool | None = None,
        **options: Any,
    ) -> Self:
        """A copy of this client with some options changed (shares the HTTP connection pool).

        ``options`` may name any credential attribute of the security schemes,
        any ``header_options`` attribute and any ``client_options`` attribute.
        """
        return self._copy_state(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            default_headers=default_headers,
            set_default_headers=set_default_headers,
            default_query=default_query,
            set_default_query=set_default_query,
            strict_response_validation=strict_response_validation,
            options=options,
        )

    with_options = copy

    def _sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    # -- requests -------------------------------------------------------

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[_T],
        path_params: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, object]] = None,
        headers: Optional[Mapping[str, object]] = None,
        cookies: Optional[Mapping[str, object]] = None,
        query_styles: Optional[Mapping[str, QueryStyle]] = None,
        body: object = None,
        body_kind: Optional[BodyKind] = None,
        content_type: Optional[str] = None,
        response_kind: Optional[ResponseKind] = None,
        stream: Literal[False] = False,
        stream_cls: Optional[type[Any]] = None,
        security: Optional[Security] = None,
        options: Optional[RequestOptions] = None,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Mapping[str, object]] = None,
        extra_body: object = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
        max_retries: int | NotGiven = not_given,
    ) -> _T: ...

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[_T],
        path_params: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, object]] = None,
        headers: Optional[Mapping[str, object]] = None,
        cookies: Optional[Mapping[str, object]] = None,
        query_styles: Optional[Mapping[str, QueryStyle]] = None,
        body: object = None,
        body_kind: Optional[BodyKind] = None,
        content_type: Optional[str] = None,
        response_kind: Optional[ResponseKind] = None,
        stream: Literal[True],
        stream_cls: type[_S],
        security: Optional[Security] = None,
        options: Optional[RequestOptions] = None,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Mapping[str, object]] = None,
        extra_body: object = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
        max_retries: int | NotGiven = not_given,
    ) -> _S: ...

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[_T],
        path_params: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, object]] = None,
        headers: Optional[Mapping[str, object]] = None,
        cookies: Optional[Mapping[str, object]] = None,
        query_styles: Optional[Mapping[str, QueryStyle]] = None,
        body: object = None,
        body_kind: Optional[BodyKind] = None,
        content_type: Optional[str] = None,
        response_kind: Optional[ResponseKind] = None,
        stream: bool,
        stream_cls: type[_S],
        security: Optional[Security] = None,
        options: Optional[RequestOptions] = None,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Mapping[str, object]] = None,
        extra_body: object = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
        max_retries: int | NotGiven = not_given,
    ) -> _T | _S: ...

    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: Any,
        path_params: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, object]] = None,
        headers: Optional[Mapping[str, object]] = None,
        cookies: Optional[Mapping[str, object]] = None,
        query_styles: Optional[Mapping[str, QueryStyle]] = None,
        body: object = None,
        body_kind: Optional[BodyKind] = None,
        content_type: Optional[str] = None,
        response_kind: Optional[ResponseKind] = None,
        stream: bool = False,
        stream_cls: Any = None,
        security: Optional[Security] = None,
        options: Optional[RequestOptions] = None,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Mapping[str, object]] = None,
        extra_body: object = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
        max_retries: int | NotGiven = not_given,
    ) -> Any:
        """Send one API request and return the parsed result (see CONTRACT.md)."""
        parser = self._parser(cast_to, response_kind, stream, stream_cls, False)
        prep = self._prepare(
            method,
            path,
            parser=parser,
            path_params=path_params,
            query=query,
            headers=headers,
            cookies=cookies,
            query_styles=query_styles,
            body=body,
            body_kind=body_kind,
            content_type=content_type,
            security=security,
            options=options,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            max_retries=max_retries,
            stream=stream,
        )
        return self._send(prep)

    def request_page(
        self,
        method: str,
        path: str,
        *,
        page: PaginationStrategy,
        item_type: type[_T],
        path_params: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, object]] = None,
        headers: Optional[Mapping[str, object]] = None,
        cookies: Optional[Mapping[str, object]] = None,
        query_styles: Optional[Mapping[str, QueryStyle]] = None,
        body: object = None,
        body_kind: Optional[BodyKind] = None,
        content_type: Optional[str] = None,
        security: Optional[Security] = None,
        options: Optional[RequestOptions] = None,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Mapping[str, object]] = None,
        extra_body: object = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
        max_retries: int | NotGiven = not_given,
    ) -> SyncPage[_T]:
        """Fetch the first page of a paginated operation; iterate it for every item."""
        parser = _Parser("page", item_type, strict=self._strict_response_validation, client=self, strategy=page)
        prep = self._prepare(
            method,
            path,
            parser=parser,
            path_params=path_params,
            query=query,
            headers=headers,
            cookies=cookies,
            query_styles=query_styles,
            body=body,
            body_kind=body_kind,
            content_type=content_type,
            security=security,
            options=options,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            max_retries=max_retries,
            stream=False,
        )
        result: SyncPage[_T] = self._send(prep)
        return result

    def _send(self, prep: _Prepared) -> Any:
        retries_taken = 0
        max_retries = prep.max_retries
        send = self._client.send
        while True:
            request = self._build_request(prep, retries_taken)
            try:
                response = send(request, stream=prep.stream)
            except httpx.TimeoutException as err:
                log.debug("Encountered a timeout exception: %s", type(err).__name__)
                if retries_taken < max_retries:
                    self._sleep(self._retry_wait(retries_taken, max_retries, None))
                    retries_taken += 1
                    continue
                log.debug("Raising timeout error")
                raise _APITimeoutError(request=request) from err
            except _TRANSPORT_ERRORS as err:  # anything else (a TypeError, a transport's ValueError) propagates
                log.debug("Encountered exception: %s", type(err).__name__)
                if retries_taken < max_retries:
                    self._sleep(self._retry_wait(retries_taken, max_retries, None))
                    retries_taken += 1
                    continue
                log.debug("Raising connection error")
                raise _APIConnectionError(request=request) from err
            if log.isEnabledFor(logging.DEBUG):
                self._log_response(response)
            if response.status_code >= 400:
                log.debug("Encountered an HTTP status error: %i", response.status_code)
                if retries_taken < max_retries and self._should_retry(response):
                    response.close()
                    self._sleep(self._retry_wait(retries_taken, max_retries, response.headers))
                    retries_taken += 1
                    continue
                if not response.is_closed:
                    response.read()
                    response.close()
                raise self._status_error(response)
            parser = prep.parser
            if prep.raw_mode is not None:
                return APIResponse(raw=response, parser=parser, retries_taken=retries_taken)
            return parser(response)


class AsyncAPIClient(BaseClient[httpx.AsyncClient]):
    """Base of generated async clients."""

    def __init__(
        self,
        *,
        base_url: str | httpx.URL,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str | Omit] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.AsyncClient | None = None,
        strict_response_validation: bool = False,
    ) -> None:
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise TypeError(
                f"Invalid `http_client` argument; expected an `httpx.AsyncClient` but got {type(http_client)}"
            )
        self._init_base(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            strict_response_validation=strict_response_validation,
        )
        self._owns_http_client = http_client is None
        self._closed = False
        self._http_client = http_client
        self._finish_init()

    def _make_http_client(self) -> httpx.AsyncClient:
        return _default_async_client(self._timeout_obj)

    def is_closed(self) -> bool:
        client = self._http_client
        return client.is_closed if client is not None else self._closed

    async def close(self) -> None:
        client = getattr(self, "_http_client", None)
        self._closed = True
        if client is not None:
            await client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    def copy(
        self,
        *,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
        max_retries: int | NotGiven = not_given,
        http_client: httpx.AsyncClient | None = None,
        default_headers: Mapping[str, str] | None = None,
        set_default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        set_default_query: Mapping[str, object] | None = None,
        strict_response_validation: bool | None = None,
        **options: Any,
    ) -> Self:
        """A copy of this client with some options changed (shares the HTTP connection pool)."""
        return self._copy_state(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            http_client=http_client,
            default_headers=default_headers,
            set_default_headers=set_default_headers,
            default_query=default_query,
            set_default_query=set_default_query,
            strict_response_validation=strict_response_validation,
            options=options,
        )

    with_options = copy

    async def _sleep(self, seconds: float) -> None:
        import anyio

        await anyio.sleep(seconds)

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[_T],
        path_params: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, object]] = None,
        headers: Optional[Mapping[str, object]] = None,
        cookies: Optional[Mapping[str, object]] = None,
        query_styles: Optional[Mapping[str, QueryStyle]] = None,
        body: object = None,
        body_kind: Optional[BodyKind] = None,
        content_type: Optional[str] = None,
        response_kind: Optional[ResponseKind] = None,
        stream: Literal[False] = False,
        stream_cls: Optional[type[Any]] = None,
        security: Optional[Security] = None,
        options: Optional[RequestOptions] = None,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Mapping[str, object]] = None,
        extra_body: object = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
        max_retries: int | NotGiven = not_given,
    ) -> _T: ...

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[_T],
        path_params: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, object]] = None,
        headers: Optional[Mapping[str, object]] = None,
        cookies: Optional[Mapping[str, object]] = None,
        query_styles: Optional[Mapping[str, QueryStyle]] = None,
        body: object = None,
        body_kind: Optional[BodyKind] = None,
        content_type: Optional[str] = None,
        response_kind: Optional[ResponseKind] = None,
        stream: Literal[True],
        stream_cls: type[_S],
        security: Optional[Security] = None,
        options: Optional[RequestOptions] = None,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Mapping[str, object]] = None,
        extra_body: object = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
        max_retries: int | NotGiven = not_given,
    ) -> _S: ...

    @overload
    async def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: type[_T],
        path_params: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, object]] = None,
        headers: Optional[Mapping[str, object]] = None,
        cookies: Optional[Mapping[str, object]] = None,
        query_styles: Optional[Mapping[str, QueryStyle]] = None,
        body: object = None,
        body_kind: Optional[BodyKind] = None,
        content_type: Optional[str] = None,
        response_kind: Optional[ResponseKind] = None,
        stream: bool,
        stream_cls: type[_S],
        security: Optional[Security] = None,
        options: Optional[RequestOptions] = None,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Mapping[str, object]] = None,
        extra_body: object = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
        max_retries: int | NotGiven = not_given,
    ) -> _T | _S: ...

    async def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: Any,
        path_params: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, object]] = None,
        headers: Optional[Mapping[str, object]] = None,
        cookies: Optional[Mapping[str, object]] = None,
        query_styles: Optional[Mapping[str, QueryStyle]] = None,
        body: object = None,
        body_kind: Optional[BodyKind] = None,
        content_type: Optional[str] = None,
        response_kind: Optional[ResponseKind] = None,
        stream: bool = False,
        stream_cls: Any = None,
        security: Optional[Security] = None,
        options: Optional[RequestOptions] = None,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Mapping[str, object]] = None,
        extra_body: object = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
        max_retries: int | NotGiven = not_given,
    ) -> Any:
        parser = self._parser(cast_to, response_kind, stream, stream_cls, True)
        prep = self._prepare(
            method,
            path,
            parser=parser,
            path_params=path_params,
            query=query,
            headers=headers,
            cookies=cookies,
            query_styles=query_styles,
            body=body,
            body_kind=body_kind,
            content_type=content_type,
            security=security,
            options=options,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            max_retries=max_retries,
            stream=stream,
        )
        return await self._send(prep)

    def request_page(
        self,
        method: str,
        path: str,
        *,
        page: PaginationStrategy,
        item_type: type[_T],
        path_params: Optional[Mapping[str, object]] = None,
        query: Optional[Mapping[str, object]] = None,
        headers: Optional[Mapping[str, object]] = None,
        cookies: Optional[Mapping[str, object]] = None,
        query_styles: Optional[Mapping[str, QueryStyle]] = None,
        body: object = None,
        body_kind: Optional[BodyKind] = None,
        content_type: Optional[str] = None,
        security: Optional[Security] = None,
        options: Optional[RequestOptions] = None,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Mapping[str, object]] = None,
        extra_body: object = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
        max_retries: int | NotGiven = not_given,
    ) -> AsyncPaginator[_T]:
        """Not a coroutine: returns an ``AsyncPaginator`` (await it for the first page, or ``async for``)."""
        parser = _Parser(
            "page", item_type, strict=self._strict_response_validation, client=self, strategy=page, async_=True
        )
        prep = self._prepare(
            method,
            path,
            parser=parser,
            path_params=path_params,
            query=query,
            headers=headers,
            cookies=cookies,
            query_styles=query_styles,
            body=body,
            body_kind=body_kind,
            content_type=content_type,
            security=security,
            options=options,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
            max_retries=max_retries,
            stream=False,
        )
        return AsyncPaginator(client=self, prep=prep)

    async def _send(self, prep: _Prepared) -> Any:
        retries_taken = 0
        max_retries = prep.max_retries
        send = self._client.send
        while True:
            request = self._build_request(prep, retries_taken)
            try:
                response = await send(request, stream=prep.stream)
            except httpx.TimeoutException as err:
                log.debug("Encountered a timeout exception: %s", type(err).__name__)
                if retries_taken < max_retries:
                    await self._sleep(self._retry_wait(retries_taken, max_retries, None))
                    retries_taken += 1
                    continue
                log.debug("Raising timeout error")
                raise _APITimeoutError(request=request) from err
            except _TRANSPORT_ERRORS as err:  # anything else (a TypeError, a transport's ValueError) propagates
                log.debug("Encountered exception: %s", type(err).__name__)
                if retries_taken < max_retries:
                    await self._sleep(self._retry_wait(retries_taken, max_retries, None))
                    retries_taken += 1
                    continue
                log.debug("Raising connection error")
                raise _APIConnectionError(request=request) from err
            if log.isEnabledFor(logging.DEBUG):
                self._log_response(response)
            if response.status_code >= 400:
                log.debug("Encountered an HTTP status error: %i", response.status_code)
                if retries_taken < max_retries and self._should_retry(response):
                    await response.aclose()
                    await self._sleep(self._retry_wait(retries_taken, max_retries, response.headers))
                    retries_taken += 1
                    continue
                if not response.is_closed:
                    await response.aread()
                    await response.aclose()
                raise self._status_error(response)
            parser = prep.parser
            if prep.raw_mode is not None:
                return AsyncAPIResponse(raw=response, parser=parser, retries_taken=retries_taken)
            return parser(response)
