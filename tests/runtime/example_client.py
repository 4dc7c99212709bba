"""A hand-written stand-in for generated code, using the runtime exactly as generated code must.

The test fixture copies this file into the rendered runtime package as ``_example_client.py``.
In a real generated package the pieces live in ``_client.py``, ``resources/*.py`` and ``types/*.py``;
here they share one module.  Every resource method is a single call into the runtime.
"""

from __future__ import annotations

import os
from functools import cached_property
from typing import Iterable, List, Literal, Mapping, Optional, Union, cast, overload

import httpx
from pydantic import Field
from typing_extensions import Annotated, TypedDict

from ._base_client import AsyncAPIClient, SecurityScheme, SyncAPIClient
from ._constants import DEFAULT_MAX_RETRIES
from ._exceptions import PetstoreError
from ._models import BaseModel, PropertyInfo
from ._pagination import AsyncPaginator, CursorPagination, NextLinkPagination, OffsetPagination, SyncPage
from ._resource import AsyncAPIResource, SyncAPIResource
from ._response import (
    AsyncBinaryResponse,
    BinaryResponse,
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from ._streaming import AsyncStream, Stream
from ._types import Body, FileTypes, Headers, NoneType, NotGiven, Omit, Query, not_given, omit
from ._version import __version__

__all__ = ["Petstore", "AsyncPetstore"]

# ---------------------------------------------------------------------------
# types/ (generated models and params)


class Owner(BaseModel):
    id: str
    name: Optional[str] = None


class Cat(BaseModel):
    pet_type: Literal["cat"]
    name: str
    lives: Optional[int] = None


class Dog(BaseModel):
    pet_type: Literal["dog"]
    name: str
    good_boy: Optional[bool] = None


PetKind = Annotated[Union[Cat, Dog], PropertyInfo(discriminator="pet_type")]


class Pet(BaseModel):
    id: str
    object: Literal["pet"]
    name: str
    status: Optional[Literal["available", "pending", "sold"]] = None
    tags: Optional[List[str]] = None
    owner: Optional[Owner] = None
    kind: Optional[PetKind] = None
    weight: Optional[float] = None
    from_: Optional[str] = Field(default=None, alias="from")  # API property "from" is a Python keyword


class PetDeleted(BaseModel):
    id: str
    deleted: bool


class ChatChunkDelta(BaseModel):
    content: Optional[str] = None
    role: Optional[str] = None


class ChatChunkChoice(BaseModel):
    index: int
    delta: ChatChunkDelta
    finish_reason: Optional[str] = None


class ChatChunk(BaseModel):
    id: str
    object: Literal["chat.completion.chunk"]
    created: int
    model: str
    choices: List[ChatChunkChoice]


class ChatMessage(BaseModel):
    role: str
    content: Optional[str] = None


class ChatChoice(BaseModel):
    index: int
    message: ChatMessage
    finish_reason: Optional[str] = None


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"]
    created: int
    model: str
    choices: List[ChatChoice]
    usage: Optional[Usage] = None


class MessageParam(TypedDict, total=False):
    role: str
    content: str


# ---------------------------------------------------------------------------
# resources/ (generated)


class Pets(SyncAPIResource):
    def retrieve(
        self,
        pet_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
    ) -> Pet:
        return self._client.request(
            "get",
            "/pets/{pet_id}",
            path_params={"pet_id": pet_id},
            cast_to=Pet,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    def create(
        self,
        *,
        name: str,
        tag: Optional[str] | Omit = omit,
        x_trace: str | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
    ) -> Pet:
        return self._client.request(
            "post",
            "/pets",
            body={"name": name, "tag": tag},
            body_kind="json",
            headers={"X-Trace": x_trace},
            cast_to=Pet,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    def list(
        self,
        *,
        after: str | Omit = omit,
        limit: int | Omit = omit,
        tags: List[str] | Omit = omit,
        ids: List[int] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
    ) -> SyncPage[Pet]:
        return self._client.request_page(
            "get",
            "/pets",
            page=CursorPagination(param="after", items="data", has_more="has_more"),
            item_type=Pet,
            query={"after": after, "limit": limit, "tags": tags, "ids": ids},
            query_styles={"ids": ("form", False)},
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    def search(
        self,
        *,
        q: str,
        offset: int | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
    ) -> SyncPage[Pet]:
        return self._client.request_page(
            "get",
            "/pets/search",
            page=OffsetPagination(param="offset", items="results", total="total"),
            item_type=Pet,
            query={"q": q, "offset": offset},
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    def list_owners(
        self,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
    ) -> SyncPage[Owner]:
        return self._client.request_page(
            "get",
            "/owners",
            page=NextLinkPagination(items="items", next="links.next"),
            item_type=Owner,
            security=(),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    def delete(
        self,
        pet_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
    ) -> PetDeleted:
        return self._client.request(
            "delete",
            "/pets/{pet_id}",
            path_params={"pet_id": pet_id},
            cast_to=PetDeleted,
            security=(("BasicAuth",), ("BearerAuth",)),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    def upload_photo(
        self,
        pet_id: str,
        *,
        file: FileTypes,
        caption: str | Omit = omit,
        tags: List[str] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
    ) -> Pet:
        return self._client.request(
            "post",
            "/pets/{pet_id}/photos",
            path_params={"pet_id": pet_id},
            body={"file": file, "caption": caption, "tags": tags},
            body_kind="multipart",
            cast_to=Pet,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    def download_photo(
        self,
        pet_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
    ) -> BinaryResponse:
        return self._client.request(
            "get",
            "/pets/{pet_id}/photo",
            path_params={"pet_id": pet_id},
            cast_to=BinaryResponse,
            extra_headers={"Accept": "application/octet-stream", **(extra_headers or {})},
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    def kinds(
        self,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
    ) -> List[Union[Cat, Dog]]:
        return self._client.request(
            "get",
            "/pets/kinds",
            cast_to=List[PetKind],
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    def kind(
        self,
        pet_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
    ) -> PetKind:
        # A bare union / Annotated union is not a `type[...]` for checkers: generated code casts it.
        return self._client.request(
            "get",
            "/pets/{pet_id}/kind",
            path_params={"pet_id": pet_id},
            cast_to=cast("type[PetKind]", PetKind),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    def ping(
        self,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
    ) -> None:
        return self._client.request(
            "head",
            "/ping",
            cast_to=NoneType,
            security=(),
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    @cached_property
    def with_raw_response(self) -> PetsWithRawResponse:
        return PetsWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> PetsWithStreamingResponse:
        return PetsWithStreamingResponse(self)


class Completions(SyncAPIResource):
    @overload
    def create(
        self,
        *,
        messages: Iterable[MessageParam],
        model: str,
        stream: Optional[Literal[False]] | Omit = omit,
        temperature: Optional[float] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
    ) -> ChatCompletion: ...

    @overload
    def create(
        self,
        *,
        messages: Iterable[MessageParam],
        model: str,
        stream: Literal[True],
        temperature: Optional[float] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
    ) -> Stream[ChatChunk]: ...

    @overload
    def create(
        self,
        *,
        messages: Iterable[MessageParam],
        model: str,
        stream: bool,
        temperature: Optional[float] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
    ) -> ChatCompletion | Stream[ChatChunk]: ...

    def create(
        self,
        *,
        messages: Iterable[MessageParam],
        model: str,
        stream: Optional[Literal[False]] | Literal[True] | Omit = omit,
        temperature: Optional[float] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
    ) -> ChatCompletion | Stream[ChatChunk]:
        return self._client.request(
            "post",
            "/chat/completions",
            body={"messages": messages, "model": model, "stream": stream, "temperature": temperature},
            body_kind="json",
            cast_to=ChatCompletion,
            stream=stream is True,
            stream_cls=Stream[ChatChunk],
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    @cached_property
    def with_raw_response(self) -> CompletionsWithRawResponse:
        return CompletionsWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> CompletionsWithStreamingResponse:
        return CompletionsWithStreamingResponse(self)


class Chat(SyncAPIResource):
    @cached_property
    def completions(self) -> Completions:
        return Completions(self._client)


class PetsWithRawResponse:
    def __init__(self, pets: Pets) -> None:
        self.retrieve = to_raw_response_wrapper(pets.retrieve)
        self.create = to_raw_response_wrapper(pets.create)
        self.list = to_raw_response_wrapper(pets.list)
        self.delete = to_raw_response_wrapper(pets.delete)
        self.download_photo = to_raw_response_wrapper(pets.download_photo)


class PetsWithStreamingResponse:
    def __init__(self, pets: Pets) -> None:
        self.retrieve = to_streamed_response_wrapper(pets.retrieve)
        self.download_photo = to_streamed_response_wrapper(pets.download_photo)


class CompletionsWithRawResponse:
    def __init__(self, completions: Completions) -> None:
        self.create = to_raw_response_wrapper(completions.create)


class CompletionsWithStreamingResponse:
    def __init__(self, completions: Completions) -> None:
        self.create = to_streamed_response_wrapper(completions.create)


class AsyncPets(AsyncAPIResource):
    async def retrieve(
        self,
        pet_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
    ) -> Pet:
        return await self._client.request(
            "get",
            "/pets/{pet_id}",
            path_params={"pet_id": pet_id},
            cast_to=Pet,
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    def list(
        self,
        *,
        after: str | Omit = omit,
        limit: int | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
    ) -> AsyncPaginator[Pet]:
        # Not `async def`: returns a paginator that is awaitable and async-iterable.
        return self._client.request_page(
            "get",
            "/pets",
            page=CursorPagination(param="after", items="data", has_more="has_more"),
            item_type=Pet,
            query={"after": after, "limit": limit},
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    async def download_photo(
        self,
        pet_id: str,
        *,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
    ) -> AsyncBinaryResponse:
        return await self._client.request(
            "get",
            "/pets/{pet_id}/photo",
            path_params={"pet_id": pet_id},
            cast_to=AsyncBinaryResponse,
            extra_headers={"Accept": "application/octet-stream", **(extra_headers or {})},
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )

    @cached_property
    def with_raw_response(self) -> AsyncPetsWithRawResponse:
        return AsyncPetsWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncPetsWithStreamingResponse:
        return AsyncPetsWithStreamingResponse(self)


class AsyncCompletions(AsyncAPIResource):
    @overload
    async def create(
        self,
        *,
        messages: Iterable[MessageParam],
        model: str,
        stream: Optional[Literal[False]] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
    ) -> ChatCompletion: ...

    @overload
    async def create(
        self,
        *,
        messages: Iterable[MessageParam],
        model: str,
        stream: Literal[True],
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
    ) -> AsyncStream[ChatChunk]: ...

    async def create(
        self,
        *,
        messages: Iterable[MessageParam],
        model: str,
        stream: Optional[Literal[False]] | Literal[True] | Omit = omit,
        extra_headers: Headers | None = None,
        extra_query: Query | None = None,
        extra_body: Body | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
    ) -> ChatCompletion | AsyncStream[ChatChunk]:
        return await self._client.request(
            "post",
            "/chat/completions",
            body={"messages": messages, "model": model, "stream": stream},
            body_kind="json",
            cast_to=ChatCompletion,
            stream=stream is True,
            stream_cls=AsyncStream[ChatChunk],
            extra_headers=extra_headers,
            extra_query=extra_query,
            extra_body=extra_body,
            timeout=timeout,
        )


class AsyncChat(AsyncAPIResource):
    @cached_property
    def completions(self) -> AsyncCompletions:
        return AsyncCompletions(self._client)


class AsyncPetsWithRawResponse:
    def __init__(self, pets: AsyncPets) -> None:
        self.retrieve = async_to_raw_response_wrapper(pets.retrieve)
        self.list = async_to_raw_response_wrapper(pets.list)
        self.download_photo = async_to_raw_response_wrapper(pets.download_photo)


class AsyncPetsWithStreamingResponse:
    def __init__(self, pets: AsyncPets) -> None:
        self.retrieve = async_to_streamed_response_wrapper(pets.retrieve)
        self.download_photo = async_to_streamed_response_wrapper(pets.download_photo)


# ---------------------------------------------------------------------------
# _client.py (generated)

_SECURITY_SCHEMES: Mapping[str, SecurityScheme] = {
    "ApiKeyAuth": SecurityScheme.api_key("api_key", name="X-API-Key", location="header"),
    "QueryKey": SecurityScheme.api_key("query_key", name="api_key", location="query"),
    "CookieKey": SecurityScheme.api_key("session", name="session_id", location="cookie"),
    "BearerAuth": SecurityScheme.bearer("access_token"),
    "BasicAuth": SecurityScheme.basic("username", "password"),
}


class Petstore(SyncAPIClient):
    security_schemes = _SECURITY_SCHEMES
    default_security = (("ApiKeyAuth",), ("BearerAuth",), ("QueryKey",), ("CookieKey",))
    header_options = {"organization": "Petstore-Organization"}
    package_version = __version__

    api_key: Optional[str]
    access_token: Optional[str]
    query_key: Optional[str]
    session: Optional[str]
    username: Optional[str]
    password: Optional[str]
    organization: Optional[str]

    def __init__(
        self,
        *,
        api_key: Optional[str] = None,
        access_token: Optional[str] = None,
        query_key: Optional[str] = None,
        session: Optional[str] = None,
        username: Optional[str] = None,
        password: Optional[str] = None,
        organization: Optional[str] = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.Client | None = None,
        _strict_response_validation: bool = False,
    ) -> None:
        # Option attributes are set before super().__init__ (header_options are read there).
        self.api_key = api_key if api_key is not None else os.environ.get("PETSTORE_API_KEY")
        self.access_token = access_token
        self.query_key = query_key
        self.session = session
        self.username = username
        self.password = password
        self.organization = organization if organization is not None else os.environ.get("PETSTORE_ORG_ID")
        if base_url is None:
            base_url = os.environ.get("PETSTORE_BASE_URL") or "https://petstore.example.com/v1"
        super().__init__(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
            strict_response_validation=_strict_response_validation,
        )

    @cached_property
    def pets(self) -> Pets:
        return Pets(self)

    @cached_property
    def chat(self) -> Chat:
        return Chat(self)


class AsyncPetstore(AsyncAPIClient):
    security_schemes = _SECURITY_SCHEMES
    default_security = (("ApiKeyAuth",), ("BearerAuth",))
    package_version = __version__

    api_key: Optional[str]
    access_token: Optional[str]

    def __init__(
        self,
        *,
        api_key: Optional[str] = None,
        access_token: Optional[str] = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | None | NotGiven = not_given,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx.AsyncClient | None = None,
        _strict_response_validation: bool = False,
    ) -> None:
        self.api_key = api_key if api_key is not None else os.environ.get("PETSTORE_API_KEY")
        if self.api_key is None and access_token is None:
            raise PetstoreError("The api_key client option must be set, or the PETSTORE_API_KEY environment variable")
        self.access_token = access_token
        super().__init__(
            base_url=base_url or os.environ.get("PETSTORE_BASE_URL") or "https://petstore.example.com/v1",
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
            strict_response_validation=_strict_response_validation,
        )

    @cached_property
    def pets(self) -> AsyncPets:
        return AsyncPets(self)

    @cached_property
    def chat(self) -> AsyncChat:
        return AsyncChat(self)
