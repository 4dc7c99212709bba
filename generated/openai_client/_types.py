"""Sentinels and type aliases shared by the runtime and generated code."""

from __future__ import annotations

import os
from typing import IO, TYPE_CHECKING, Any, Dict, Literal, Mapping, Optional, Tuple, Union

import httpx
from typing_extensions import TypedDict, final

__all__ = [
    "NotGiven",
    "NOT_GIVEN",
    "not_given",
    "Omit",
    "omit",
    "Headers",
    "Query",
    "Body",
    "Timeout",
    "FileContent",
    "FileTypes",
    "RequestFiles",
    "RequestOptions",
    "BodyKind",
    "ResponseKind",
    "Security",
    "QueryStyle",
    "ArrayFormat",
    "NoneType",
]

NoneType: type[None] = type(None)


@final
class NotGiven:
    """Marks an argument the caller did not pass, to tell it apart from ``None``.

    Used for client/request options (e.g. ``timeout``) where ``None`` has a
    meaning of its own (no timeout).  Falsy, a singleton, survives copies.
    """

    __slots__ = ()
    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        inst = cls._instance
        if inst is None:
            inst = cls._instance = super().__new__(cls)
        return inst

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __copy__(self) -> NotGiven:
        return self

    def __deepcopy__(self, memo: object) -> NotGiven:
        return self

    def __reduce__(self) -> str:
        return "not_given"


not_given = NotGiven()
NOT_GIVEN = not_given


@final
class Omit:
    """Marks a request parameter to leave out of the request.

    Generated methods default optional parameters to ``omit`` so that omitted
    and ``None`` (sent as JSON ``null``) stay distinct.  In ``extra_headers``,
    ``omit`` removes a header the client would otherwise send.
    """

    __slots__ = ()
    _instance: Omit | None = None

    def __new__(cls) -> Omit:
        inst = cls._instance
        if inst is None:
            inst = cls._instance = super().__new__(cls)
        return inst

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "omit"

    def __copy__(self) -> Omit:
        return self

    def __deepcopy__(self, memo: object) -> Omit:
        return self

    def __reduce__(self) -> str:
        return "omit"


omit = Omit()

Headers = Mapping[str, Union[str, Omit]]
Query = Mapping[str, object]
Body = object
Timeout = Union[float, httpx.Timeout, None]

if TYPE_CHECKING:
    FileContent = Union[IO[bytes], bytes, bytearray, "os.PathLike[str]"]
else:
    FileContent = Union[IO[bytes], bytes, bytearray, os.PathLike]

FileTypes = Union[
    FileContent,
    Tuple[Optional[str], FileContent],
    Tuple[Optional[str], FileContent, Optional[str]],
    Tuple[Optional[str], FileContent, Optional[str], Mapping[str, str]],
]
RequestFiles = Union[Mapping[str, FileTypes], "list[tuple[str, FileTypes]]"]

BodyKind = Literal["json", "form", "multipart", "binary", "text"]
ResponseKind = Literal["json", "text", "binary", "empty"]
ArrayFormat = Literal["brackets", "repeat", "indices", "comma"]
QueryStyle = Tuple[Literal["form", "spaceDelimited", "pipeDelimited", "deepObject"], bool]

#: Security requirement alternatives: each inner tuple is a set of scheme names
#: that must all be satisfied; ``()`` means "no auth".
Security = Tuple[Tuple[str, ...], ...]


class RequestOptions(TypedDict, total=False):
    """Per-call options; every generated method also takes them as keywords."""

    extra_headers: Optional[Headers]
    extra_query: Optional[Query]
    extra_body: Optional[Body]
    timeout: Union[float, httpx.Timeout, None, NotGiven]
    max_retries: int
    idempotency_key: str


StrDict = Dict[str, Any]
