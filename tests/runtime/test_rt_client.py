from __future__ import annotations

import base64
import email.utils
import json
import time
from typing import Any, List
from urllib.parse import unquote

import httpx
import pytest
from rt_helpers import Recorder
from rtpkg import _base_client, _exceptions
from rtpkg._base_client import SecurityScheme, SyncAPIClient, format_path
from rtpkg._constants import DEFAULT_TIMEOUT
from rtpkg._example_client import Pet, Petstore
from rtpkg._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    PetstoreError,
    RateLimitError,
    UnprocessableEntityError,
)
from rtpkg._types import NoneType, omit

PET = {"id": "p1", "object": "pet", "name": "Rex"}


def ok(body: Any = PET, **headers: str) -> httpx.Response:
    return httpx.Response(200, json=body, headers=headers)


# ---------------------------------------------------------------------------
# headers, URL, bodies


def test_default_headers_and_platform_headers(client: Petstore, recorder: Recorder) -> None:
    recorder.queue(ok())
    client.pets.retrieve("p1")
    h = recorder.last.headers
    assert h["user-agent"] == "Petstore/Python 1.2.3"
    assert h["accept"] == "application/json"
    assert h["x-stainless-lang"] == "python"
    assert h["x-stainless-package-version"] == "1.2.3"
    assert h["x-stainless-retry-count"] == "0"
    for name in ("x-stainless-os", "x-stainless-arch", "x-stainless-runtime", "x-stainless-runtime-version"):
        assert h[name]
    assert "content-type" not in h
    assert recorder.last.url == "https://petstore.example.com/v1/pets/p1"


def test_header_options_and_custom_headers(make_client: Any, recorder: Recorder) -> None:
    c = make_client(api_key="k", organization="org_1", default_headers={"X-Custom": "1", "user-agent": "mine"})
    recorder.queue(ok(), ok())
    c.pets.retrieve("p1")
    h = recorder.last.headers
    assert h["petstore-organization"] == "org_1"
    assert h["x-custom"] == "1"
    assert h.get_list("user-agent") == ["mine"]
    c.pets.retrieve("p1", extra_headers={"X-Custom": omit, "X-Other": "2"})  # type: ignore[dict-item]
    assert "x-custom" not in recorder.last.headers and recorder.last.headers["x-other"] == "2"
    c2 = make_client(api_key="k")
    recorder.queue(ok())
    c2.pets.retrieve("p1")
    assert "petstore-organization" not in recorder.last.headers  # unset header option is omitted


def test_header_params_omit_and_values(client: Petstore, recorder: Recorder) -> None:
    recorder.queue(ok(), ok())
    client.pets.create(name="n")
    assert "x-trace" not in recorder.last.headers
    client.pets.create(name="n", x_trace="t-1")
    assert recorder.last.headers["x-trace"] == "t-1"


def test_json_body_omit_vs_none_and_extra_body(client: Petstore, recorder: Recorder) -> None:
    recorder.queue(ok(), ok(), ok())
    client.pets.create(name="n")
    assert json.loads(recorder.last.content) == {"name": "n"}
    assert recorder.last.headers["content-type"] == "application/json"
    client.pets.create(name="n", tag=None)
    assert json.loads(recorder.last.content) == {"name": "n", "tag": None}
    client.pets.create(name="n", extra_body={"extra": [1]}, extra_query={"q": "1"})
    assert json.loads(recorder.last.content) == {"name": "n", "extra": [1]}
    assert recorder.last.url.params["q"] == "1"


def test_json_body_serialises_models_dates_and_unicode(client: Petstore, recorder: Recorder) -> None:
    import datetime

    pet = Pet.construct_lenient({"id": "1", "object": "pet", "name": "é", "from": "x"})
    client.request(
        "post", "/x", cast_to=object, body={"pet": pet, "when": datetime.date(2024, 1, 2), "s": {1}}, body_kind="json"
    )
    body = recorder.last.content
    assert json.loads(body) == {
        "pet": {"id": "1", "object": "pet", "name": "é", "from": "x"},
        "when": "2024-01-02",
        "s": [1],
    }
    assert "é".encode() in body


def test_form_binary_text_bodies(client: Petstore, recorder: Recorder, tmp_path: Any) -> None:
    client.request("post", "/f", cast_to=object, body={"a": [1, 2], "b": {"c": True}, "o": omit}, body_kind="form")
    assert recorder.last.headers["content-type"] == "application/x-www-form-urlencoded"
    assert unquote(recorder.last.content.decode()) == "a[]=1&a[]=2&b[c]=true"
    client.request("put", "/b", cast_to=object, body=b"\x00\x01", body_kind="binary")
    assert recorder.last.content == b"\x00\x01"
    assert recorder.last.headers["content-type"] == "application/octet-stream"
    p = tmp_path / "f.bin"
    p.write_bytes(b"filedata")
    client.request("put", "/b", cast_to=object, body=p, body_kind="binary", content_type="image/png")
    assert recorder.last.content == b"filedata" and recorder.last.headers["content-type"] == "image/png"
    client.request("post", "/t", cast_to=object, body="hello", body_kind="text")
    assert recorder.last.content == b"hello" and recorder.last.headers["content-type"].startswith("text/plain")
    client.request("post", "/arr", cast_to=object, body=[1, 2], body_kind="json")
    assert recorder.last.content == b"[1,2]"


@pytest.mark.parametrize("kind", ["json", "binary", "text", "multipart", "form"])
def test_an_omitted_optional_body_sends_no_body(client: Petstore, recorder: Recorder, kind: str) -> None:
    client.request("post", "/o", cast_to=object, body=omit, body_kind=kind)  # type: ignore[arg-type]
    assert recorder.last.content == b""
    assert "content-type" not in recorder.last.headers
    client.request("post", "/o", cast_to=object, body=omit, body_kind="json", extra_body={"x": 1})
    assert json.loads(recorder.last.content) == {"x": 1}


def test_query_params_styles_and_default_query(make_client: Any, recorder: Recorder) -> None:
    c = make_client(api_key="k", default_query={"v": "2"})
    recorder.queue(ok({"data": [], "has_more": False}))
    c.pets.list(tags=["a", "b"], ids=[1, 2], limit=5)
    url = recorder.last.url
    assert unquote(url.query.decode()) == "v=2&limit=5&tags[]=a&tags[]=b&ids=1,2"


def test_path_encoding() -> None:
    assert format_path("/a/{id}/b", {"id": "x/y z?#%"}) == "/a/x%2Fy%20z%3F%23%25/b"
    assert format_path("/a/{id}", {"id": "u:v@w+$,;="}) == "/a/u:v@w+$,;="
    assert format_path("/a/{id}", {"id": ".."}) == "/a/%2E%2E"
    assert format_path("/a/{id}/{n}", {"id": "é", "n": 3}) == "/a/%C3%A9/3"
    assert format_path("/a/{b}", {"b": True}) == "/a/true"


@pytest.mark.parametrize("value", ["", None])
def test_empty_path_param_raises_before_sending(client: Petstore, recorder: Recorder, value: Any) -> None:
    with pytest.raises(ValueError, match="pet_id"):
        client.pets.retrieve(value)
    assert recorder.requests == []


def test_path_param_encoded_on_the_wire(client: Petstore, recorder: Recorder) -> None:
    recorder.queue(ok())
    client.pets.retrieve("a/b c")
    assert recorder.last.url.raw_path == b"/v1/pets/a%2Fb%20c"


def test_cookie_params(client: Petstore, recorder: Recorder) -> None:
    client.request("get", "/c", cast_to=object, cookies={"a": "1 2", "b": omit, "c": True})
    assert recorder.last.headers["cookie"] == "a=1%202; c=true"


def test_absolute_url_and_base_url_without_slash(make_client: Any, recorder: Recorder) -> None:
    c = make_client(api_key="k", base_url="http://localhost:4010")
    c.request("get", "/x", cast_to=object)
    assert str(recorder.last.url) == "http://localhost:4010/x"
    c.request("get", "https://other.example/abs", cast_to=object)
    assert str(recorder.last.url) == "https://other.example/abs"


# ---------------------------------------------------------------------------
# auth


def test_api_key_header(client: Petstore, recorder: Recorder) -> None:
    recorder.queue(ok())
    client.pets.retrieve("p1")
    assert recorder.last.headers["x-api-key"] == "secret-key"
    assert "authorization" not in recorder.last.headers


def test_bearer_query_cookie_fallbacks(make_client: Any, recorder: Recorder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PETSTORE_API_KEY", raising=False)
    c = make_client(access_token="tok")
    c.request("get", "/x", cast_to=object)
    assert recorder.last.headers["authorization"] == "Bearer tok"
    c = make_client(query_key="qk")
    c.request("get", "/x", cast_to=object)
    assert recorder.last.url.params["api_key"] == "qk" and "authorization" not in recorder.last.headers
    c = make_client(session="s1")
    c.request("get", "/x", cast_to=object)
    assert recorder.last.headers["cookie"] == "session_id=s1"
    c = make_client()
    c.request("get", "/x", cast_to=object)
    h = recorder.last.headers
    assert "authorization" not in h and "x-api-key" not in h and "cookie" not in h


def test_per_operation_security(make_client: Any, recorder: Recorder) -> None:
    c = make_client(api_key="k", username="u", password="p", access_token="tok")
    recorder.queue(ok({"id": "p1", "deleted": True}))
    c.pets.delete("p1")  # security: BasicAuth or BearerAuth -> first satisfied
    h = recorder.last.headers
    assert h["authorization"] == "Basic " + base64.b64encode(b"u:p").decode()
    assert "x-api-key" not in h
    c2 = make_client(api_key="k", access_token="tok")
    recorder.queue(ok({"id": "p1", "deleted": True}))
    c2.pets.delete("p1")  # basic not configured -> bearer
    assert recorder.last.headers["authorization"] == "Bearer tok"
    c3 = make_client(api_key="k")
    recorder.queue(ok({"id": "p1", "deleted": True}))
    c3.pets.delete("p1")  # neither -> client's global security
    assert recorder.last.headers["x-api-key"] == "k" and "authorization" not in recorder.last.headers
    c.pets.ping()  # security=() -> no auth at all
    assert "x-api-key" not in recorder.last.headers and "authorization" not in recorder.last.headers
    assert recorder.last.method == "HEAD"


def test_combined_scheme_alternative(recorder: Recorder, sleeps: List[float]) -> None:
    class Both(SyncAPIClient):
        security_schemes = {
            "A": SecurityScheme.api_key("key_a", name="X-A"),
            "B": SecurityScheme.http("token", scheme="Token"),
        }
        default_security = (("A", "B"),)

        def __init__(self, **kw: Any) -> None:
            self.key_a = kw.pop("key_a", None)
            self.token = kw.pop("token", None)
            super().__init__(base_url="https://x", http_client=httpx.Client(transport=httpx.MockTransport(recorder)))

    Both(key_a="a", token="t").request("get", "/", cast_to=object)
    assert recorder.last.headers["x-a"] == "a" and recorder.last.headers["authorization"] == "Token t"
    Both(key_a="a").request("get", "/", cast_to=object)  # incomplete alternative -> no auth
    assert "x-a" not in recorder.last.headers


def test_credential_provider_callable(make_client: Any, recorder: Recorder) -> None:
    tokens = iter(["t1", "t2"])
    c = make_client(access_token=lambda: next(tokens), api_key=None)
    c.api_key = None
    c.request("get", "/x", cast_to=object)
    c.request("get", "/x", cast_to=object)
    assert [r.headers["authorization"] for r in recorder.requests] == ["Bearer t1", "Bearer t2"]


# ---------------------------------------------------------------------------
# retries


def test_retries_on_retryable_statuses(client: Petstore, recorder: Recorder, sleeps: List[float]) -> None:
    recorder.queue(httpx.Response(500), httpx.Response(429), ok())
    pet = client.pets.retrieve("p1")
    assert pet.id == "p1"
    assert len(recorder.requests) == 3
    assert [r.headers["x-stainless-retry-count"] for r in recorder.requests] == ["0", "1", "2"]
    assert len(sleeps) == 2
    assert 0.375 <= sleeps[0] <= 0.5 and 0.75 <= sleeps[1] <= 1.0


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
def test_retryable_statuses(status: int, client: Petstore, recorder: Recorder, sleeps: List[float]) -> None:
    recorder.queue(httpx.Response(status), ok())
    client.pets.retrieve("p1")
    assert len(recorder.requests) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_non_retryable_statuses(status: int, client: Petstore, recorder: Recorder, sleeps: List[float]) -> None:
    recorder.queue(httpx.Response(status, json={"error": {"message": "no"}}), ok())
    with pytest.raises(APIStatusError):
        client.pets.retrieve("p1")
    assert len(recorder.requests) == 1 and sleeps == []


def test_retries_exhausted_raises_last_error(client: Petstore, recorder: Recorder, sleeps: List[float]) -> None:
    recorder.default = lambda r: httpx.Response(503, json={"error": {"message": "down"}})
    with pytest.raises(InternalServerError) as exc:
        client.pets.retrieve("p1")
    assert exc.value.status_code == 503
    assert len(recorder.requests) == 3  # 1 + max_retries (2)
    assert len(sleeps) == 2


def test_x_should_retry_overrides(client: Petstore, recorder: Recorder, sleeps: List[float]) -> None:
    recorder.queue(httpx.Response(400, headers={"x-should-retry": "true"}), ok())
    client.pets.retrieve("p1")
    assert len(recorder.requests) == 2
    recorder.requests.clear()
    recorder.queue(httpx.Response(500, headers={"x-should-retry": "false"}))
    with pytest.raises(InternalServerError):
        client.pets.retrieve("p1")
    assert len(recorder.requests) == 1


@pytest.mark.parametrize(
    "headers,expected",
    [
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after": "3"}, 3.0),
        ({"retry-after": "0.25"}, 0.25),
        ({"retry-after-ms": "2000", "retry-after": "7"}, 2.0),
    ],
)
def test_retry_after_honoured(
    headers: dict[str, str], expected: float, client: Petstore, recorder: Recorder, sleeps: List[float]
) -> None:
    recorder.queue(httpx.Response(429, headers=headers), ok())
    client.pets.retrieve("p1")
    assert sleeps == [pytest.approx(expected)]


def test_retry_after_http_date(client: Petstore, recorder: Recorder, sleeps: List[float]) -> None:
    when = email.utils.formatdate(time.time() + 10, usegmt=True)
    recorder.queue(httpx.Response(503, headers={"retry-after": when}), ok())
    client.pets.retrieve("p1")
    assert 8 <= sleeps[0] <= 10.5


@pytest.mark.parametrize("value", ["121", "1000", "1e400"])
def test_retry_after_beyond_the_maximum_means_no_retry(
    value: str, client: Petstore, recorder: Recorder, sleeps: List[float]
) -> None:
    """openai-python: a server asking for more than MAX_RETRY_AFTER_DELAY gets one attempt, then the error."""
    recorder.queue(httpx.Response(429, headers={"retry-after": value}), ok())
    with pytest.raises(_exceptions.RateLimitError):
        client.pets.retrieve("p1")
    assert sleeps == [] and len(recorder.requests) == 1


@pytest.mark.parametrize("value", ["0", "-1", "nonsense"])
def test_retry_after_out_of_range_falls_back_to_backoff(
    value: str, client: Petstore, recorder: Recorder, sleeps: List[float]
) -> None:
    recorder.queue(httpx.Response(429, headers={"retry-after": value}), ok())
    client.pets.retrieve("p1")
    assert 0.375 <= sleeps[0] <= 0.5


def test_backoff_is_capped_with_jitter() -> None:
    c = Petstore(api_key="k")
    delays = [c._retry_delay(n, None) for n in range(10) for _ in range(20)]
    assert all(d <= 8.0 for d in delays)
    big = [c._retry_delay(9, None) for _ in range(200)]
    assert min(big) >= 6.0 and max(big) <= 8.0 and len(set(big)) > 1
    assert c._retry_delay(120 - 1, httpx.Headers({"retry-after": "120"})) == 120.0


def test_per_call_max_retries(client: Petstore, recorder: Recorder, sleeps: List[float]) -> None:
    recorder.default = lambda r: httpx.Response(500)
    with pytest.raises(InternalServerError):
        client.with_options(max_retries=4).pets.retrieve("p1")
    assert len(recorder.requests) == 5
    recorder.requests.clear()
    with pytest.raises(InternalServerError):
        client.request("get", "/x", cast_to=object, max_retries=0)
    assert len(recorder.requests) == 1
    recorder.requests.clear()
    with pytest.raises(InternalServerError):
        client.request("get", "/x", cast_to=object, options={"max_retries": 1})
    assert len(recorder.requests) == 2
    assert client.max_retries == 2


def test_connection_errors_and_timeouts(client: Petstore, recorder: Recorder, sleeps: List[float]) -> None:
    recorder.queue(httpx.ConnectError("boom"), ok())
    assert client.pets.retrieve("p1").id == "p1"
    assert len(sleeps) == 1
    recorder.default = None
    recorder.queue(*(httpx.ReadTimeout("slow") for _ in range(3)))
    with pytest.raises(APITimeoutError) as exc:
        client.pets.retrieve("p1")
    assert isinstance(exc.value, APIConnectionError)
    assert exc.value.request.url.path == "/v1/pets/p1"
    recorder.queue(*(httpx.ConnectError("down") for _ in range(3)))
    with pytest.raises(APIConnectionError) as exc2:
        client.pets.retrieve("p1")
    assert not isinstance(exc2.value, APITimeoutError)
    assert str(exc2.value) == "Connection error."


def test_real_timeout_raises_api_timeout_error(sleeps: List[float]) -> None:
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    port = server.getsockname()[1]
    conns: list[socket.socket] = []

    def accept() -> None:
        try:
            while True:
                conn, _ = server.accept()
                conns.append(conn)  # never answer
        except OSError:
            pass

    threading.Thread(target=accept, daemon=True).start()
    try:
        c = Petstore(api_key="k", base_url=f"http://127.0.0.1:{port}", max_retries=1)
        t0 = time.perf_counter()
        with pytest.raises(APITimeoutError):
            c.pets.retrieve("p1", timeout=0.2)
        assert time.perf_counter() - t0 < 3
        assert len(sleeps) == 1
        c.close()
    finally:
        server.close()
        for conn in conns:
            conn.close()


def test_timeout_options_reach_the_transport(make_client: Any, recorder: Recorder) -> None:
    c = make_client(api_key="k")
    recorder.queue(ok(), ok(), ok())
    c.pets.retrieve("p1")
    assert recorder.last.extensions["timeout"] == DEFAULT_TIMEOUT.as_dict()
    assert DEFAULT_TIMEOUT.connect == 5.0 and DEFAULT_TIMEOUT.read == 600.0
    c.pets.retrieve("p1", timeout=3.0)
    assert recorder.last.extensions["timeout"] == httpx.Timeout(3.0).as_dict()
    c.with_options(timeout=httpx.Timeout(9.0, connect=1.0)).pets.retrieve("p1")
    assert recorder.last.extensions["timeout"] == {"connect": 1.0, "read": 9.0, "write": 9.0, "pool": 9.0}


# ---------------------------------------------------------------------------
# errors


@pytest.mark.parametrize(
    "status,cls",
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (503, InternalServerError),
        (418, APIStatusError),
    ],
)
def test_error_mapping(status: int, cls: type, make_client: Any, recorder: Recorder) -> None:
    c = make_client(api_key="k", max_retries=0)
    body = {"error": {"message": "Bad thing", "type": "invalid_request_error", "param": "name", "code": "bad"}}
    recorder.queue(httpx.Response(status, json=body, headers={"x-request-id": "req_42"}))
    with pytest.raises(cls) as exc:
        c.pets.retrieve("p1")
    err = exc.value
    assert type(err) is cls
    assert isinstance(err, APIStatusError) and isinstance(err, APIError) and isinstance(err, PetstoreError)
    assert err.status_code == status
    assert err.request_id == "req_42"
    assert err.code == "bad" and err.param == "name" and err.type == "invalid_request_error"
    assert err.body == body
    assert err.message.startswith(f"Error code: {status} - ")
    assert "Bad thing" in err.message
    assert err.response.status_code == status and err.request.url.path == "/v1/pets/p1"


def test_error_flat_and_text_bodies(make_client: Any, recorder: Recorder) -> None:
    c = make_client(api_key="k", max_retries=0)
    recorder.queue(httpx.Response(400, json={"message": "flat", "code": 7}))
    with pytest.raises(BadRequestError) as exc:
        c.pets.retrieve("p1")
    assert exc.value.code == "7" and "flat" in exc.value.message
    recorder.queue(httpx.Response(404, text="plain not found"))
    with pytest.raises(NotFoundError) as exc2:
        c.pets.retrieve("p1")
    assert exc2.value.body == "plain not found" and exc2.value.code is None
    assert exc2.value.message == "Error code: 404 - plain not found"
    recorder.queue(httpx.Response(500))
    with pytest.raises(InternalServerError) as exc3:
        c.pets.retrieve("p1")
    assert exc3.value.body is None


# ---------------------------------------------------------------------------
# responses


def test_response_parsing_and_request_id(client: Petstore, recorder: Recorder) -> None:
    recorder.queue(
        ok({**PET, "weight": 3, "kind": {"pet_type": "cat", "name": "c"}, "new_field": 1}, **{"x-request-id": "req_1"})
    )
    pet = client.pets.retrieve("p1")
    assert isinstance(pet, Pet) and pet._request_id == "req_1"
    assert pet.weight == 3.0 and type(pet.kind).__name__ == "Cat"
    assert pet.new_field == 1  # type: ignore[attr-defined]


def test_response_kinds(client: Petstore, recorder: Recorder) -> None:
    recorder.queue(httpx.Response(204))
    assert client.pets.ping() is None
    recorder.queue(httpx.Response(200, text="hello"))
    assert client.request("get", "/t", cast_to=str) == "hello"
    recorder.queue(httpx.Response(200, json=[{"pet_type": "dog", "name": "d"}, {"pet_type": "cat", "name": "c"}]))
    kinds = client.pets.kinds()
    assert [type(k).__name__ for k in kinds] == ["Dog", "Cat"]
    recorder.queue(httpx.Response(200, json={"pet_type": "dog", "name": "d"}))
    assert type(client.pets.kind("p1")).__name__ == "Dog"
    recorder.queue(httpx.Response(200, text="not json"))
    assert client.request("get", "/t", cast_to=Pet) == "not json"  # lenient
    recorder.queue(httpx.Response(200, json={"a": 1}))
    assert client.request("get", "/t", cast_to=object, response_kind="text") == '{"a":1}'
    recorder.queue(httpx.Response(200, json={"a": 1}))
    assert client.request("get", "/t", cast_to=NoneType) is None


def test_strict_response_validation(make_client: Any, recorder: Recorder) -> None:
    c = make_client(api_key="k", _strict_response_validation=True)
    recorder.queue(ok({"id": "p1", "object": "pet"}))  # missing "name"
    with pytest.raises(APIResponseValidationError) as exc:
        c.pets.retrieve("p1")
    assert exc.value.status_code == 200 and exc.value.body == {"id": "p1", "object": "pet"}
    recorder.queue(ok({**PET, "status": "unknown-status"}))
    with pytest.raises(APIResponseValidationError):
        c.pets.retrieve("p1")
    recorder.queue(ok())
    assert isinstance(c.pets.retrieve("p1"), Pet)
    recorder.queue(httpx.Response(200, text="not json"))
    with pytest.raises(APIResponseValidationError):
        c.pets.retrieve("p1")
    lenient = c.with_options(strict_response_validation=False)
    recorder.queue(ok({"id": "p1", "object": "pet"}))
    assert lenient.pets.retrieve("p1").id == "p1"


# ---------------------------------------------------------------------------
# client options


def test_with_options_and_copy(make_client: Any, recorder: Recorder) -> None:
    c = make_client(api_key="k", default_headers={"X-A": "1"}, default_query={"q": "1"})
    pets_before = c.pets
    c2 = c.with_options(api_key="k2", timeout=5.0, max_retries=7, default_headers={"X-B": "2"})
    assert c2 is not c and isinstance(c2, Petstore)
    assert c2.api_key == "k2" and c.api_key == "k"
    assert c2.max_retries == 7 and c.max_retries == 2
    assert c2.timeout == 5.0 and c.timeout == DEFAULT_TIMEOUT
    assert c2.pets is not pets_before and c2.pets._client is c2 and c.pets is pets_before
    assert c2._client is c._client  # connection pool shared
    recorder.queue(ok())
    c2.pets.retrieve("p1")
    h = recorder.last.headers
    assert h["x-api-key"] == "k2" and h["x-a"] == "1" and h["x-b"] == "2"
    c3 = c.copy(set_default_headers={"X-C": "3"}, set_default_query={"z": "9"}, organization="o")
    recorder.queue(ok())
    c3.pets.retrieve("p1")
    h = recorder.last.headers
    assert "x-a" not in h and h["x-c"] == "3" and h["petstore-organization"] == "o"
    assert recorder.last.url.params["z"] == "9" and "q" not in recorder.last.url.params
    c4 = c.copy(base_url="https://other.example/api")
    recorder.queue(ok())
    c4.pets.retrieve("p1")
    assert str(recorder.last.url) == "https://other.example/api/pets/p1?q=1"
    with pytest.raises(ValueError):
        c.copy(default_headers={"a": "b"}, set_default_headers={"c": "d"})
    with pytest.raises(TypeError):
        c.copy(not_an_option=1)


def test_context_manager_and_close(recorder: Recorder) -> None:
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    with Petstore(api_key="k", http_client=http) as c:
        assert not c.is_closed()
    assert c.is_closed() and http.is_closed
    lazy = Petstore(api_key="k")
    assert lazy._http_client is None  # default client created on first use
    lazy.close()
    assert lazy.is_closed()
    with pytest.raises(RuntimeError):
        lazy.pets.retrieve("p1")


def test_invalid_arguments() -> None:
    with pytest.raises(TypeError):
        Petstore(api_key="k", http_client=httpx.AsyncClient())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Petstore(api_key="k", max_retries=-1)


def test_env_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PETSTORE_BASE_URL", "http://127.0.0.1:4010")
    assert str(Petstore(api_key="k").base_url) == "http://127.0.0.1:4010/"


def test_repr_redacts_credentials() -> None:
    c = Petstore(api_key="super-secret", access_token="tok-secret", organization="org")
    text = repr(c)
    assert "super-secret" not in text and "tok-secret" not in text
    assert "api_key='<redacted>'" in text and "organization='org'" in text


def test_logging_redacts_secrets(
    make_client: Any, recorder: Recorder, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PETSTORE_LOG", "debug")
    logger, hlog = _base_client.log, _base_client.httpx_log
    levels = (logger.level, hlog.level)
    filters = list(hlog.filters)
    try:
        _base_client._setup_logging()
        assert logger.isEnabledFor(10)
        _check_logging(make_client, recorder, caplog)
    finally:
        logger.setLevel(levels[0])
        hlog.setLevel(levels[1])
        hlog.filters[:] = filters


def _check_logging(make_client: Any, recorder: Recorder, caplog: pytest.LogCaptureFixture) -> None:
    c = make_client(api_key="sk-very-secret", query_key="qk-very-secret", access_token="tok-very-secret")
    c.pets.retrieve("p1", extra_headers={"Authorization": "Bearer abc-very-secret"})
    c.request("get", "/q", cast_to=object, security=(("QueryKey",),))
    c.request("get", "/q", cast_to=object, security=(("BearerAuth",),))
    text = caplog.text
    assert "Request options" in text and "HTTP Response" in text
    assert "very-secret" not in text
    assert "<redacted>" in text
    # httpx's own INFO line goes through the redacting filter too
    record = logging_record_with_url("https://x/q?api_key=qk-very-secret&b=1")
    for f in _base_client.httpx_log.filters:
        f.filter(record)  # type: ignore[union-attr]
    assert "very-secret" not in record.getMessage() and "b=1" in record.getMessage()


def logging_record_with_url(url: str) -> Any:
    import logging

    return logging.LogRecord("httpx", logging.INFO, __file__, 1, "HTTP Request: %s %s", ("GET", httpx.URL(url)), None)


def test_idempotency_header_kept_across_retries(recorder: Recorder, sleeps: List[float]) -> None:
    class Idem(Petstore):
        idempotency_header = "Idempotency-Key"

    c = Idem(api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(recorder)))
    recorder.queue(httpx.Response(500), ok())
    c.pets.create(name="n")
    keys = [r.headers["idempotency-key"] for r in recorder.requests]
    assert len(keys) == 2 and keys[0] == keys[1] and keys[0]
    c.pets.retrieve("p1")
    assert "idempotency-key" not in recorder.last.headers


def test_request_options_object(client: Petstore, recorder: Recorder) -> None:
    client.request(
        "post",
        "/x",
        cast_to=object,
        body={"a": 1},
        body_kind="json",
        options={
            "extra_headers": {"X-Opt": "1"},
            "extra_query": {"q": "2", "drop": omit},
            "extra_body": {"b": 2},
            "timeout": 4.0,
        },
    )
    r = recorder.last
    assert r.headers["x-opt"] == "1" and r.url.params["q"] == "2" and "drop" not in r.url.params
    assert json.loads(r.content) == {"a": 1, "b": 2}
    assert r.extensions["timeout"]["read"] == 4.0
