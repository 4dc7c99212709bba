"""``diff`` on pagination and streaming changes, using the repo's own fixtures (runs without ../shared)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from generator.diff.model import Surface
from tests.diff_support import Case, Doc, check_labels, op, run_case, surface_of
from tests.support import FIXTURES

PAGINATION = FIXTURES / "pagination.yaml"
SSE = FIXTURES / "sse.yaml"


def _json_200(document: Doc, path: str) -> dict[str, Any]:
    content: dict[str, Any] = op(document, path, "get")["responses"]["200"]["content"]["application/json"]
    return content


def _drop_cursor(document: Doc) -> None:
    get = op(document, "/documents", "get")
    get["parameters"] = [p for p in get.get("parameters", []) if p["name"] not in ("after", "cursor", "starting_after", "page_token")]


def _paginate_regions(document: Doc) -> None:
    get = op(document, "/regions", "get")
    get.setdefault("parameters", []).append({"name": "after", "in": "query", "schema": {"type": "string"}})
    items = _json_200(document, "/regions")["schema"]
    _json_200(document, "/regions")["schema"] = {"type": "object", "properties": {"data": items, "has_more": {"type": "boolean"}}}


def _no_event_stream(document: Doc) -> None:
    del op(document, "/chat/completions", "post")["responses"]["200"]["content"]["text/event-stream"]


def _event_stream_only(document: Doc) -> None:
    del op(document, "/chat/completions", "post")["responses"]["200"]["content"]["application/json"]


PAGINATION_CASES = [
    Case("pagination-removed", _drop_cursor, frozenset({("documents.list", "changed"), ("documents.list(page_token)", "removed")}), tags={("documents.list", "changed"): "pagination"}),
    Case("pagination-added", _paginate_regions, frozenset({("regions.list", "changed")}), frozenset({("regions.list(after)", "added")}), tags={("regions.list", "changed"): "pagination"}),
]

SSE_CASES = [
    Case("stream-removed", _no_event_stream, frozenset({("chat.completions.create", "changed")}), tags={("chat.completions.create", "changed"): "stream"}),
    Case("json-response-removed", _event_stream_only, frozenset({("chat.completions.create", "changed")}), tags={("chat.completions.create", "changed"): "returns"}),
]


@cache
def _base(spec: Path, config: Path | None) -> Surface:
    return surface_of(spec, config)


@pytest.mark.parametrize("case", PAGINATION_CASES, ids=[c.id for c in PAGINATION_CASES])
def test_pagination_changes(case: Case, tmp_path: Path) -> None:
    check_labels(case, run_case(case, PAGINATION, tmp_path, lambda config: _base(PAGINATION, config)))


@pytest.mark.parametrize("case", SSE_CASES, ids=[c.id for c in SSE_CASES])
def test_streaming_changes(case: Case, tmp_path: Path) -> None:
    check_labels(case, run_case(case, SSE, tmp_path, lambda config: _base(SSE, config)))
