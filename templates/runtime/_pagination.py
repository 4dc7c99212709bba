"""Pagination described by data, and the generic page types.

Generated code passes one strategy object per paginated operation:

- ``CursorPagination(param="after", items="data", has_more="has_more", next_cursor="last_id")``
  (``next_cursor=None`` takes the cursor from the last item's ``item_cursor`` field, ``id`` by default)
- ``PageNumberPagination(param="page", items="data", total_pages="total_pages")``
- ``OffsetPagination(param="offset", items="data", total="total")``
- ``NextLinkPagination(items="data", next="next")`` (a URL in the body, or ``header=True`` for a ``Link`` header)
- ``SinglePagePagination(items="data")``: a list returned whole (no cursor); the page is iterable
  and has ``.data``, and iterating it sends no further request

Paths into the body are dotted (``"meta.next_cursor"``); ``items=""`` means the body itself is the list.
Every strategy stops on an empty page, so a misbehaving server cannot loop forever.
"""

from __future__ import annotations

from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterator,
    Generator,
    Generic,
    Iterator,
    List,
    Literal,
    Mapping,
    Optional,
    TypeVar,
    Union,
    overload,
)

import httpx

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, SyncAPIClient, _Prepared

__all__ = [
    "PaginationStrategy",
    "CursorPagination",
    "PageNumberPagination",
    "OffsetPagination",
    "NextLinkPagination",
    "SinglePagePagination",
    "NextPage",
    "SyncPage",
    "AsyncPage",
    "AsyncPaginator",
]

_T = TypeVar("_T")


def _get_path(body: object, path: str) -> object:
    if not path:
        return body
    cur = body
    for part in path.split("."):
        if not isinstance(cur, Mapping):
            return None
        cur = cur.get(part)
    return cur


class NextPage:
    """What to change to fetch the next page: query/body params, or a whole URL."""

    __slots__ = ("params", "url", "location")

    def __init__(
        self,
        *,
        params: Mapping[str, object] | None = None,
        url: str | None = None,
        location: Literal["query", "body"] = "query",
    ) -> None:
        self.params = dict(params) if params else {}
        self.url = url
        self.location = location

    def __repr__(self) -> str:
        return f"NextPage(params={self.params!r}, url={self.url!r}, location={self.location!r})"


class PaginationStrategy:
    """Base strategy: where the items are, and how to ask for the next page."""

    __slots__ = ("items",)

    def __init__(self, *, items: str = "data") -> None:
        self.items = items

    def get_items(self, body: object) -> List[Any]:
        value = _get_path(body, self.items)
        return value if isinstance(value, list) else []

    def next_page(
        self, body: object, items: List[Any], params: Mapping[str, object], headers: httpx.Headers
    ) -> Optional[NextPage]:
        raise NotImplementedError


def _is_false(value: object) -> bool:
    return value is False or value == "false"


class CursorPagination(PaginationStrategy):
    __slots__ = ("param", "next_cursor", "has_more", "item_cursor", "location")

    def __init__(
        self,
        *,
        param: str = "after",
        items: str = "data",
        next_cursor: Optional[str] = None,
        has_more: Optional[str] = "has_more",
        item_cursor: Optional[str] = "id",
        location: Literal["query", "body"] = "query",
    ) -> None:
        super().__init__(items=items)
        self.param = param
        self.next_cursor = next_cursor
        self.has_more = has_more
        self.item_cursor = item_cursor
        self.location = location

    def next_page(
        self, body: object, items: List[Any], params: Mapping[str, object], headers: httpx.Headers
    ) -> Optional[NextPage]:
        if not items:
            return None
        if self.has_more and _is_false(_get_path(body, self.has_more)):
            return None
        cursor: object = None
        if self.next_cursor:
            cursor = _get_path(body, self.next_cursor)
        elif self.item_cursor:
            cursor = _get_path(items[-1], self.item_cursor)
        if cursor is None or cursor == "":
            return None
        if params.get(self.param) == cursor:
            return None  # the server returned the cursor we sent: stop rather than loop
        return NextPage(params={self.param: cursor}, location=self.location)


class PageNumberPagination(PaginationStrategy):
    __slots__ = ("param", "start", "total_pages", "has_more")

    def __init__(
        self,
        *,
        param: str = "page",
        items: str = "data",
        start: int = 1,
        total_pages: Optional[str] = None,
        has_more: Optional[str] = None,
    ) -> None:
        super().__init__(items=items)
        self.param = param
        self.start = start
        self.total_pages = total_pages
        self.has_more = has_more

    def next_page(
        self, body: object, items: List[Any], params: Mapping[str, object], headers: httpx.Headers
    ) -> Optional[NextPage]:
        if not items:
            return None
        if self.has_more and _is_false(_get_path(body, self.has_more)):
            return None
        current = params.get(self.param)
        try:
            page = int(current) if current is not None else self.start  # type: ignore[call-overload]
        except (TypeError, ValueError):
            page = self.start
        nxt = page + 1
        if self.total_pages:
            total = _get_path(body, self.total_pages)
            if isinstance(total, int) and nxt > total - (1 - self.start):
                return None
        return NextPage(params={self.param: nxt})


class OffsetPagination(PaginationStrategy):
    __slots__ = ("param", "total", "has_more")

    def __init__(
        self, *, param: str = "offset", items: str = "data", total: Optional[str] = None, has_more: Optional[str] = None
    ) -> None:
        super().__init__(items=items)
        self.param = param
        self.total = total
        self.has_more = has_more

    def next_page(
        self, body: object, items: List[Any], params: Mapping[str, object], headers: httpx.Headers
    ) -> Optional[NextPage]:
        if not items:
            return None
        if self.has_more and _is_false(_get_path(body, self.has_more)):
            return None
        current = params.get(self.param)
        try:
            offset = int(current) if current is not None else 0  # type: ignore[call-overload]
        except (TypeError, ValueError):
            offset = 0
        nxt = offset + len(items)
        if self.total:
            total = _get_path(body, self.total)
            if isinstance(total, int) and nxt >= total:
                return None
        return NextPage(params={self.param: nxt})


class NextLinkPagination(PaginationStrategy):
    __slots__ = ("next", "header")

    def __init__(self, *, items: str = "data", next: Optional[str] = "next", header: bool = False) -> None:
        super().__init__(items=items)
        self.next = next
        self.header = header

    def next_page(
        self, body: object, items: List[Any], params: Mapping[str, object], headers: httpx.Headers
    ) -> Optional[NextPage]:
        url: object = None
        if self.header:
            link = headers.get("link")
            if link:
                url = _link_next(link)
        elif self.next:
            url = _get_path(body, self.next)
        if not isinstance(url, str) or not url:
            return None
        return NextPage(url=url)


class SinglePagePagination(PaginationStrategy):
    """A list the API returns whole (``{"object": "list", "data": [...]}``): never a next page."""

    __slots__ = ()

    def next_page(
        self, body: object, items: List[Any], params: Mapping[str, object], headers: httpx.Headers
    ) -> Optional[NextPage]:
        return None


def _link_next(link: str) -> Optional[str]:
    for part in link.split(","):
        section = part.split(";")
        if len(section) < 2:
            continue
        target = section[0].strip()
        if not (target.startswith("<") and target.endswith(">")):
            continue
        for param in section[1:]:
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "rel" and "next" in value.strip().strip('"').split():
                return target[1:-1]
    return None


class _PageBase(Generic[_T]):
    """State shared by sync and async pages."""

    data: List[_T]
    body: Any
    http_response: httpx.Response

    def __init__(
        self, *, prep: _Prepared, strategy: PaginationStrategy, data: List[_T], body: Any, response: httpx.Response
    ) -> None:
        self._prep = prep
        self._strategy = strategy
        self.data = data
        self.body = body
        self.http_response = response
        self._next: Optional[NextPage] = None
        self._next_computed = False

    def next_page_info(self) -> Optional[NextPage]:
        """What the next request changes, or ``None`` on the last page."""
        if not self._next_computed:
            raw_items = self._strategy.get_items(self.body)
            self._next = self._strategy.next_page(
                self.body, raw_items, self._prep.page_params(), self.http_response.headers
            )
            self._next_computed = True
        return self._next

    def has_next_page(self) -> bool:
        return self.next_page_info() is not None

    @property
    def request_id(self) -> str | None:
        value: str | None = self.http_response.headers.get("x-request-id")
        return value

    def __len__(self) -> int:
        return len(self.data)

    @overload
    def __getitem__(self, index: int) -> _T: ...

    @overload
    def __getitem__(self, index: slice) -> List[_T]: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[_T, List[_T]]:
        return self.data[index]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(data={self.data!r}, has_next_page={self.has_next_page()})"


class SyncPage(_PageBase[_T]):
    """One page of results; iterating it yields every item across all pages."""

    def __init__(
        self,
        *,
        client: SyncAPIClient,
        prep: _Prepared,
        strategy: PaginationStrategy,
        data: List[_T],
        body: Any,
        response: httpx.Response,
    ) -> None:
        super().__init__(prep=prep, strategy=strategy, data=data, body=body, response=response)
        self._client = client

    def get_next_page(self) -> SyncPage[_T]:
        info = self.next_page_info()
        if info is None:
            raise RuntimeError("No next page expected; check `.has_next_page()` first.")
        page: SyncPage[_T] = self._client._send(self._prep.for_next_page(info))
        return page

    def iter_pages(self) -> Iterator[SyncPage[_T]]:
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.get_next_page()

    def __iter__(self) -> Iterator[_T]:
        for page in self.iter_pages():
            yield from page.data


class AsyncPage(_PageBase[_T]):
    """Async page: ``async for`` yields every item across all pages."""

    def __init__(
        self,
        *,
        client: AsyncAPIClient,
        prep: _Prepared,
        strategy: PaginationStrategy,
        data: List[_T],
        body: Any,
        response: httpx.Response,
    ) -> None:
        super().__init__(prep=prep, strategy=strategy, data=data, body=body, response=response)
        self._client = client

    async def get_next_page(self) -> AsyncPage[_T]:
        info = self.next_page_info()
        if info is None:
            raise RuntimeError("No next page expected; check `.has_next_page()` first.")
        page: AsyncPage[_T] = await self._client._send(self._prep.for_next_page(info))
        return page

    async def iter_pages(self) -> AsyncIterator[AsyncPage[_T]]:
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.get_next_page()

    def __iter__(self) -> Iterator[_T]:
        """Items of this page only (use ``async for`` to go across pages)."""
        return iter(self.data)

    async def __aiter__(self) -> AsyncIterator[_T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item


class AsyncPaginator(Generic[_T]):
    """Returned by async list methods: ``await`` it for the first page, or ``async for`` over all items."""

    def __init__(self, *, client: AsyncAPIClient, prep: _Prepared) -> None:
        self._client = client
        self._prep = prep

    def __await__(self) -> Generator[Any, None, AsyncPage[_T]]:
        return self._get_page().__await__()

    async def _get_page(self) -> AsyncPage[_T]:
        page: AsyncPage[_T] = await self._client._send(self._prep)
        return page

    async def __aiter__(self) -> AsyncIterator[_T]:
        page = await self._get_page()
        async for item in page:
            yield item
