"""Render the runtime into a temporary package ``rtpkg`` and put it on ``sys.path``.

The hand-written ``example_client.py`` (stand-in for generated code) is copied
in as ``rtpkg/_example_client.py``.  Rendering happens at import time so test
modules can ``from rtpkg... import ...`` at the top.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, List

import httpx
import pytest
from rt_helpers import Recorder  # renders the runtime package `rtpkg` and puts it on sys.path
from rtpkg import _base_client  # noqa: E402
from rtpkg._example_client import AsyncPetstore, Petstore  # noqa: E402


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> List[float]:
    """Record retry sleeps instead of sleeping."""
    slept: List[float] = []

    def fake_sleep(self: Any, seconds: float) -> None:
        slept.append(seconds)

    async def fake_async_sleep(self: Any, seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(_base_client.SyncAPIClient, "_sleep", fake_sleep)
    monkeypatch.setattr(_base_client.AsyncAPIClient, "_sleep", fake_async_sleep)
    return slept


@pytest.fixture
def client(recorder: Recorder, sleeps: List[float]) -> Iterator[Petstore]:
    c = Petstore(api_key="secret-key", http_client=httpx.Client(transport=httpx.MockTransport(recorder)))
    yield c
    c.close()


@pytest.fixture
def make_client(recorder: Recorder, sleeps: List[float]) -> Callable[..., Petstore]:
    def make(**kwargs: Any) -> Petstore:
        kwargs.setdefault("http_client", httpx.Client(transport=httpx.MockTransport(recorder)))
        return Petstore(**kwargs)

    return make


@pytest.fixture
def async_client(recorder: Recorder, sleeps: List[float]) -> AsyncPetstore:
    return AsyncPetstore(api_key="secret-key", http_client=httpx.AsyncClient(transport=httpx.MockTransport(recorder)))
