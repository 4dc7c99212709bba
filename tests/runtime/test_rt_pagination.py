from __future__ import annotations

from typing import Any, Dict, List

import httpx
import pytest
from rt_helpers import Recorder
from rtpkg._example_client import AsyncPetstore, Owner, Pet, Petstore
from rtpkg._pagination import (
    AsyncPage,
    AsyncPaginator,
    CursorPagination,
    NextLinkPagination,
    PageNumberPagination,
    SyncPage,
)


def pet(i: int) -> Dict[str, Any]:
    return {"id": f"p{i}", "object": "pet", "name": f"n{i}"}


def cursor_server(total: int, per_page: int) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        after = request.url.params.get("after")
        start = int(after[1:]) + 1 if after else 0
        items = [pet(i) for i in range(start, min(start + per_page, total))]
        return httpx.Response(200, json={"object": "list", "data": items, "has_more": start + per_page < total})

    return handler


def test_cursor_pagination_sync(client: Petstore, recorder: Recorder) -> None:
    recorder.default = cursor_server(total=7, per_page=3)
    page = client.pets.list(limit=3)
    assert isinstance(page, SyncPage)
    assert [p.id for p in page.data] == ["p0", "p1", "p2"]
    assert isinstance(page[0], Pet) and len(page) == 3 and page[-1].id == "p2"
    assert page.body["object"] == "list"
    assert page.has_next_page()
    assert page.next_page_info().params == {"after": "p2"}  # type: ignore[union-attr]
    assert [p.id for p in page] == [f"p{i}" for i in range(7)]
    assert [r.url.params.get("after") for r in recorder.requests] == [None, "p2", "p5"]
    assert all(r.url.params["limit"] == "3" for r in recorder.requests)
    recorder.requests.clear()
    pages = list(client.pets.list(limit=3).iter_pages())
    assert [len(p) for p in pages] == [3, 3, 1]
    assert not pages[-1].has_next_page()
    with pytest.raises(RuntimeError):
        pages[-1].get_next_page()
    nxt = pages[0].get_next_page()
    assert [p.id for p in nxt.data] == ["p3", "p4", "p5"]


def test_cursor_stops_on_empty_page_or_repeated_cursor(client: Petstore, recorder: Recorder) -> None:
    recorder.queue(
        httpx.Response(200, json={"data": [pet(1)], "has_more": True}),
        httpx.Response(200, json={"data": [], "has_more": True}),
    )
    assert [p.id for p in client.pets.list()] == ["p1"]
    assert len(recorder.requests) == 2
    recorder.requests.clear()
    recorder.default = lambda r: httpx.Response(200, json={"data": [pet(1)], "has_more": True})
    assert len(list(client.pets.list())) == 2  # second page repeats the cursor -> stop
    assert len(recorder.requests) == 2


def test_cursor_from_body_field_and_without_has_more() -> None:
    strategy = CursorPagination(param="page_token", next_cursor="next_page_token", has_more=None)
    h = httpx.Headers()
    assert strategy.next_page({"items": [1], "next_page_token": "t2"}, [1], {}, h).params == {"page_token": "t2"}  # type: ignore[union-attr]
    assert strategy.next_page({"items": [1], "next_page_token": ""}, [1], {}, h) is None
    assert strategy.next_page({"items": [1]}, [1], {}, h) is None
    s2 = CursorPagination(param="starting_after", next_cursor="meta.last_id")
    assert s2.next_page({"has_more": True, "meta": {"last_id": "x"}}, [1], {}, h).params == {"starting_after": "x"}  # type: ignore[union-attr]
    assert s2.next_page({"has_more": False, "meta": {"last_id": "x"}}, [1], {}, h) is None


def test_offset_pagination(client: Petstore, recorder: Recorder) -> None:
    data = [pet(i) for i in range(5)]

    def handler(request: httpx.Request) -> httpx.Response:
        off = int(request.url.params.get("offset", "0"))
        return httpx.Response(200, json={"results": data[off : off + 2], "total": 5})

    recorder.default = handler
    assert [p.id for p in client.pets.search(q="x")] == [f"p{i}" for i in range(5)]
    assert [r.url.params.get("offset") for r in recorder.requests] == [None, "2", "4"]
    assert all(r.url.params["q"] == "x" for r in recorder.requests)


def test_page_number_pagination(client: Petstore, recorder: Recorder) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        n = int(request.url.params.get("page", "1"))
        return httpx.Response(200, json={"items": [pet(n)], "total_pages": 3})

    recorder.default = handler
    page = client.request_page(
        "get",
        "/pages",
        page=PageNumberPagination(param="page", items="items", total_pages="total_pages"),
        item_type=Pet,
    )
    assert [p.id for p in page] == ["p1", "p2", "p3"]
    assert [r.url.params.get("page") for r in recorder.requests] == [None, "2", "3"]
    s0 = PageNumberPagination(start=0, total_pages="tp")
    assert s0.next_page({"data": [1], "tp": 2}, [1], {}, httpx.Headers()).params == {"page": 1}  # type: ignore[union-attr]
    assert s0.next_page({"data": [1], "tp": 2}, [1], {"page": 1}, httpx.Headers()) is None


def test_next_link_pagination_body_and_header(client: Petstore, recorder: Recorder) -> None:
    recorder.queue(
        httpx.Response(200, json={"items": [{"id": "o1"}], "links": {"next": "/v1/owners?cursor=2"}}),
        httpx.Response(
            200, json={"items": [{"id": "o2"}], "links": {"next": "https://petstore.example.com/v1/owners?cursor=3"}}
        ),
        httpx.Response(200, json={"items": [{"id": "o3"}], "links": {"next": None}}),
    )
    owners = list(client.pets.list_owners())
    assert [o.id for o in owners] == ["o1", "o2", "o3"] and all(isinstance(o, Owner) for o in owners)
    assert [str(r.url) for r in recorder.requests] == [
        "https://petstore.example.com/v1/owners",
        "https://petstore.example.com/v1/owners?cursor=2",
        "https://petstore.example.com/v1/owners?cursor=3",
    ]
    assert all("x-api-key" not in r.headers for r in recorder.requests)  # security=() kept across pages
    strategy = NextLinkPagination(items="", header=True)
    link = '<https://api.example.com/x?page=2>; rel="next", <https://api.example.com/x?page=9>; rel="last"'
    assert strategy.next_page([1], [1], {}, httpx.Headers({"link": link})).url == "https://api.example.com/x?page=2"  # type: ignore[union-attr]
    assert strategy.next_page([1], [1], {}, httpx.Headers({"link": '<https://a/x>; rel="prev"'})) is None
    assert strategy.get_items([1, 2]) == [1, 2]


def test_body_cursor_pagination(client: Petstore, recorder: Recorder) -> None:
    import json

    def handler(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        n = int(body.get("cursor") or 0)
        return httpx.Response(200, json={"data": [pet(n)], "next": str(n + 1) if n < 2 else None})

    recorder.default = handler
    page = client.request_page(
        "post",
        "/search",
        page=CursorPagination(param="cursor", next_cursor="next", has_more=None, location="body"),
        item_type=Pet,
        body={"query": "x"},
        body_kind="json",
    )
    assert [p.id for p in page] == ["p0", "p1", "p2"]
    assert [json.loads(r.content) for r in recorder.requests] == [
        {"query": "x"},
        {"query": "x", "cursor": "1"},
        {"query": "x", "cursor": "2"},
    ]


def test_raw_response_of_list(client: Petstore, recorder: Recorder) -> None:
    recorder.default = cursor_server(total=4, per_page=2)
    raw = client.pets.with_raw_response.list()
    assert raw.status_code == 200
    page = raw.parse()
    assert isinstance(page, SyncPage)
    assert [p.id for p in page] == ["p0", "p1", "p2", "p3"]  # later pages are plain pages


@pytest.mark.asyncio
async def test_async_pagination(async_client: AsyncPetstore, recorder: Recorder) -> None:
    recorder.default = cursor_server(total=5, per_page=2)
    paginator = async_client.pets.list(limit=2)
    assert isinstance(paginator, AsyncPaginator)
    ids = [p.id async for p in paginator]
    assert ids == [f"p{i}" for i in range(5)]
    first = await async_client.pets.list(limit=2)
    assert isinstance(first, AsyncPage) and [p.id for p in first.data] == ["p0", "p1"]
    assert [p.id for p in first] == ["p0", "p1"]  # sync iteration: this page only
    second = await first.get_next_page()
    assert [p.id for p in second.data] == ["p2", "p3"]
    pages: List[AsyncPage[Pet]] = [p async for p in first.iter_pages()]
    assert [len(p) for p in pages] == [2, 2, 1]
    raw = await async_client.pets.with_raw_response.list()
    parsed = await raw.parse()
    assert [p.id async for p in parsed] == ids
