"""The generated runtime under faults, against a REAL local HTTP server, side by side with openai-python.

Issue 8 item 5 (and issue 7 class 12). ``OPENAI_PYTHON`` records what openai-python 3.57.0 did on
the same server and scenarios (measured with ``tests/runtime/openai_probe.py``). Set
``OASGEN_OPENAI_SITE`` to a folder where openai is installed (``pip install --target DIR openai``)
to re-measure it live instead; openai is never a dependency of the generator. Where the two differ
on purpose, the test says why.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fault_server import FaultServer, fault_server
from rtpkg import _exceptions
from rtpkg._example_client import AsyncPetstore, Petstore

OPENAI_PYTHON: dict[str, dict[str, Any]] = {
    "malformed": {"raised": "JSONDecodeError", "attempts": 1},
    "long-retry-after": {"raised": "RateLimitError", "attempts": 1},
    "missing-field": {"result": "Model", "missing": "None", "attempts": 1},
    "flaky": {"result": "Model", "attempts": 3, "retry_log_lines": 6},
    "bad-timeout": {"raised": "TypeError", "attempts": 0},
    "transport-valueerror": {"raised": "ValueError", "attempts": 0},
}
_RETRY_LINE = re.compile(r"(Retrying|Not retrying|\d+ retries left|1 retry left)")


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with fault_server() as s:
        yield s


@pytest.fixture
def fresh(server: FaultServer) -> FaultServer:
    server.hits.clear()
    return server


def openai_python(server: FaultServer, scenario: str) -> dict[str, Any]:
    """openai-python's outcome: measured live when OASGEN_OPENAI_SITE is set, else the recorded one."""
    site = os.environ.get("OASGEN_OPENAI_SITE")
    if not site:
        return OPENAI_PYTHON[scenario]
    before = server.hits[scenario if scenario not in ("bad-timeout", "transport-valueerror") else "ok"]
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("openai_probe.py")), server.url, scenario],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": site}, timeout=60, check=False,
    )  # fmt: skip
    outcome = json.loads(proc.stdout)
    outcome["attempts"] = server.hits[scenario if scenario not in ("bad-timeout", "transport-valueerror") else "ok"] - before
    expected = OPENAI_PYTHON[scenario]
    assert {k: outcome.get(k) for k in expected} == expected, "openai-python changed; update OPENAI_PYTHON"
    return outcome


def client(server: FaultServer, **kwargs: Any) -> Petstore:
    kwargs.setdefault("base_url", server.url)
    return Petstore(api_key="k", **kwargs)


def test_malformed_json_on_200_raises_a_validation_error_not_a_str(fresh: FaultServer) -> None:
    with pytest.raises(_exceptions.APIResponseValidationError) as exc, client(fresh) as c:
        c.pets.retrieve("malformed")
    assert "not valid JSON" in str(exc.value) and exc.value.response.status_code == 200
    assert fresh.hits["malformed"] == 1
    theirs = openai_python(fresh, "malformed")
    # openai-python lets json.JSONDecodeError escape; both fail at the call instead of returning text.
    assert theirs["raised"] == "JSONDecodeError" and theirs["attempts"] == 1


async def test_malformed_json_async(fresh: FaultServer) -> None:
    async with AsyncPetstore(api_key="k", base_url=fresh.url) as c:
        with pytest.raises(_exceptions.APIResponseValidationError):
            await c.pets.retrieve("malformed")


def test_retry_after_beyond_the_maximum_is_one_attempt_then_the_error(fresh: FaultServer) -> None:
    with pytest.raises(_exceptions.RateLimitError), client(fresh) as c:
        c.pets.retrieve("long-retry-after")
    ours = fresh.hits["long-retry-after"]
    assert ours == 1 == openai_python(fresh, "long-retry-after")["attempts"]


def test_only_transport_errors_are_retried_a_bad_timeout_propagates(fresh: FaultServer) -> None:
    with pytest.raises(TypeError), client(fresh) as c:
        c.pets.retrieve("ok", timeout=object())  # type: ignore[arg-type]
    assert fresh.hits["ok"] == 0 == openai_python(fresh, "bad-timeout")["attempts"]


def test_a_custom_transports_value_error_propagates_after_one_attempt(fresh: FaultServer) -> None:
    calls = []

    class Boom(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            calls.append(request)
            raise ValueError("transport bug")

    with pytest.raises(ValueError, match="transport bug"), client(fresh, http_client=httpx.Client(transport=Boom())) as c:
        c.pets.retrieve("ok")
    assert len(calls) == 1
    assert openai_python(fresh, "transport-valueerror")["raised"] == "ValueError"


def test_a_real_connection_failure_is_still_retried_and_a_connection_error(fresh: FaultServer) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    sleeps: list[float] = []
    c = Petstore(api_key="k", base_url=dead, max_retries=2)
    c._sleep = sleeps.append  # type: ignore[method-assign]
    with pytest.raises(_exceptions.APIConnectionError):
        c.pets.retrieve("ok")
    assert len(sleeps) == 2


def test_lenient_read_of_a_missing_required_field_is_none(fresh: FaultServer) -> None:
    with client(fresh) as c:
        pet = c.pets.retrieve("missing-field")
    assert pet.id == "p1" and pet.name is None
    assert openai_python(fresh, "missing-field")["missing"] == "None"


def test_strict_mode_still_rejects_the_missing_field(fresh: FaultServer) -> None:
    with pytest.raises(_exceptions.APIResponseValidationError), client(fresh, _strict_response_validation=True) as c:
        c.pets.retrieve("missing-field")


def test_retries_are_logged(fresh: FaultServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with client(fresh) as c:
        assert c.pets.retrieve("flaky").name == "Rex"
    lines = [r.getMessage() for r in caplog.records if _RETRY_LINE.match(r.getMessage())]
    ours = fresh.hits["flaky"]
    fresh.hits.clear()
    theirs = openai_python(fresh, "flaky")
    assert ours == 3 == theirs["attempts"]
    assert len(lines) == theirs["retry_log_lines"], lines
    assert any(line.startswith("Retrying request in") for line in lines)


def test_no_base_url_fails_at_construction_with_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(_exceptions.PetstoreError, match="base_url="):
        Petstore(api_key="k", base_url="")
