"""Runtime measurements, run inside the peers' virtualenv: ``python -m bench._worker CMD IMPL ...``.

IMPL is ``ours`` (the client generated from spec/openai.yaml, on PYTHONPATH),
``openai`` (openai-python), ``raw-httpx`` / ``raw-httpx2`` (hand-written
httpx + json: a reference for each client's HTTP stack).  Every client talks to
an in-memory ``MockTransport`` of its own httpx flavour that returns the same
canned bytes, so only client-side work is measured.

Prints one line ``BENCH_RESULT {json}`` on stdout.  Top-level imports are stdlib
only; the client under test is imported by the command.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from bench import payloads as P

MARKER = "BENCH_RESULT "


def _emit(obj: dict[str, Any]) -> None:
    sys.stdout.write(MARKER + json.dumps(obj) + "\n")
    sys.stdout.flush()


# -- clients -------------------------------------------------------------------------------------------------------


def _httpx_module(impl: str) -> Any:
    if impl == "raw-httpx2" or (impl == "openai" and _openai_uses_httpx2()):
        return importlib.import_module("httpx2")
    return importlib.import_module("httpx")


def _openai_uses_httpx2() -> bool:
    try:
        import openai  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return False
    return "httpx2" in sys.modules


def _own_client_class(pkg_name: str) -> Any:
    client_mod = importlib.import_module(pkg_name + "._client")
    base = importlib.import_module(pkg_name + "._base_client")
    found = [
        obj
        for obj in vars(client_mod).values()
        if isinstance(obj, type) and issubclass(obj, base.SyncAPIClient) and obj is not base.SyncAPIClient
    ]
    if not found:
        raise RuntimeError(f"no SyncAPIClient subclass in {pkg_name}._client")
    return found[0]


def _make(impl: str, handler_factory: Callable[[Any], Callable[[Any], Any]], own_pkg: str) -> tuple[Any, Any]:
    """(client, httpx module) for IMPL with a MockTransport built by ``handler_factory(httpx_module)``."""
    hx = _httpx_module(impl)
    transport = hx.MockTransport(handler_factory(hx))
    if impl == "ours":
        cls = _own_client_class(own_pkg)
        http_client = hx.Client(transport=transport)
        return cls(api_key=P.API_KEY, base_url=P.BASE_URL, http_client=http_client), hx
    if impl == "openai":
        import openai  # type: ignore[import-not-found]

        http_client = hx.Client(transport=transport)
        return openai.OpenAI(api_key=P.API_KEY, base_url=P.BASE_URL, http_client=http_client), hx
    if impl in ("raw-httpx", "raw-httpx2"):
        return hx.Client(transport=transport, base_url=P.BASE_URL), hx
    raise SystemExit(f"unknown implementation {impl!r}")


# -- per-call overhead ---------------------------------------------------------------------------------------------


def _json_handler(hx: Any) -> Callable[[Any], Any]:
    body = P.CHAT_COMPLETION_BYTES
    headers = {"content-type": "application/json", "x-request-id": "req_bench"}

    def handler(request: Any) -> Any:
        return hx.Response(200, headers=headers, content=body)

    return handler


def _percall_fn(impl: str, client: Any) -> Callable[[], Any]:
    if impl.startswith("raw-"):
        headers = {"Authorization": f"Bearer {P.API_KEY}", "Content-Type": "application/json"}

        def call() -> Any:
            payload = json.dumps({"model": P.MODEL, "messages": P.MESSAGES, "tools": P.TOOLS}).encode()
            r = client.post("/chat/completions", content=payload, headers=headers)
            if r.status_code != 200:
                raise RuntimeError(f"status {r.status_code}")
            data = json.loads(r.content)
            return data["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]

        return call

    create = client.chat.completions.create

    def call_client() -> Any:
        r = create(model=P.MODEL, messages=P.MESSAGES, tools=P.TOOLS)
        return r.choices[0].message.tool_calls[0].function.arguments

    return call_client


def cmd_percall(args: argparse.Namespace) -> None:
    client, _ = _make(args.impl, _json_handler, args.own_pkg)
    call = _percall_fn(args.impl, client)
    expected = P.CHAT_COMPLETION["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]
    got = call()
    if got != expected:
        raise RuntimeError(f"{args.impl}: unexpected result {got!r}")
    # warm-up, then size batches to ~batch_s each
    t0 = time.perf_counter()
    n = 0
    while time.perf_counter() - t0 < args.warmup_s:
        call()
        n += 1
    per = (time.perf_counter() - t0) / max(n, 1)
    batch = max(10, int(args.batch_s / per))
    samples: list[float] = []
    t_end = time.perf_counter() + args.min_time_s
    while time.perf_counter() < t_end or len(samples) < 5:
        t = time.perf_counter()
        for _ in range(batch):
            call()
        samples.append((time.perf_counter() - t) / batch * 1e6)
    _emit(
        {
            "us_per_call": statistics.median(samples),
            "batches": len(samples),
            "batch_size": batch,
            "min_us": min(samples),
            "max_us": max(samples),
        }
    )


# -- SSE throughput -----------------------------------------------------------------------------------------------


def cmd_sse(args: argparse.Namespace) -> None:
    def cut(events: list[bytes]) -> list[bytes]:
        # read_size 0: one read per event, as a live stream delivers them; N: reads of N bytes (a backlog)
        return P.split_bytes(b"".join(events), args.read_size) if args.read_size > 0 else events

    events = P.sse_events(args.chunks)
    warm_chunks = min(2_000, args.chunks)
    bodies = {"warm": cut(P.sse_events(warm_chunks)), "timed": cut(events)}
    current = ["warm"]

    def factory(hx: Any) -> Callable[[Any], Any]:
        headers = {"content-type": "text/event-stream", "x-request-id": "req_bench"}

        def handler(request: Any) -> Any:
            return hx.Response(200, headers=headers, content=P.iterate(bodies[current[0]]))

        return handler

    client, _ = _make(args.impl, factory, args.own_pkg)
    messages = P.MESSAGES[:2]

    if args.impl.startswith("raw-"):
        headers = {"Authorization": f"Bearer {P.API_KEY}", "Content-Type": "application/json"}

        def run() -> int:
            n = 0
            body = json.dumps({"model": P.MODEL, "messages": messages, "stream": True}).encode()
            with client.stream("POST", "/chat/completions", content=body, headers=headers) as r:
                for line in r.iter_lines():
                    if line.startswith("data: "):
                        data = line[6:]
                        if data == "[DONE]":
                            break
                        obj = json.loads(data)
                        if obj["choices"]:
                            _ = obj["choices"][0]["delta"].get("content")
                            n += 1
            return n

    else:
        create = client.chat.completions.create

        def run() -> int:
            n = 0
            stream = create(model=P.MODEL, messages=messages, stream=True)
            for chunk in stream:
                if chunk.choices:
                    _ = chunk.choices[0].delta.content
                    n += 1
            return n

    got = run()  # warm-up on a short stream
    if got != warm_chunks:
        raise RuntimeError(f"{args.impl}: parsed {got} chunks, expected {warm_chunks}")
    current[0] = "timed"
    rates: list[float] = []
    t_end = time.perf_counter() + args.min_time_s
    while len(rates) < args.repeats or (time.perf_counter() < t_end and len(rates) < 4 * args.repeats):
        gc.collect()
        t = time.perf_counter()
        got = run()
        rates.append(args.chunks / (time.perf_counter() - t))
        if got != args.chunks:
            raise RuntimeError(f"{args.impl}: parsed {got} chunks, expected {args.chunks}")
    _emit(
        {
            "chunks_per_s": statistics.median(rates),
            "runs": rates,
            "chunks": args.chunks,
            "bytes": sum(len(e) for e in events),
            "reads": len(bodies["timed"]),
        }
    )


# -- versions ------------------------------------------------------------------------------------------------------


def cmd_versions(args: argparse.Namespace) -> None:
    from importlib import metadata

    def ver(name: str) -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    before = set(sys.modules)
    try:
        import openai  # type: ignore[import-not-found]  # noqa: F401

        openai_http = [m for m in ("httpx2", "httpx") if m in sys.modules and m not in before]
    except ImportError:
        openai_http = []
    _emit(
        {
            "python": sys.version.split()[0],
            "openai": ver("openai"),
            "openai_http_lib": openai_http[0] if openai_http else None,
            "httpx": ver("httpx"),
            "httpx2": ver("httpx2"),
            "pydantic": ver("pydantic"),
            "pydantic_core": ver("pydantic-core") or ver("pydantic_core"),
        }
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bench._worker")
    sub = ap.add_subparsers(dest="cmd", required=True)
    pc = sub.add_parser("percall")
    pc.add_argument("impl")
    pc.add_argument("--own-pkg", default="open_ai_client")
    pc.add_argument("--warmup-s", type=float, default=0.3)
    pc.add_argument("--batch-s", type=float, default=0.1)
    pc.add_argument("--min-time-s", type=float, default=1.0)
    ss = sub.add_parser("sse")
    ss.add_argument("impl")
    ss.add_argument("--own-pkg", default="open_ai_client")
    ss.add_argument("--chunks", type=int, default=20_000)
    ss.add_argument("--repeats", type=int, default=3, help="at least this many timed streams")
    ss.add_argument(
        "--min-time-s", type=float, default=1.5, help="more timed streams (up to 4x --repeats) until this long"
    )
    ss.add_argument("--read-size", type=int, default=0, help="0: one read per event; N: reads of N bytes")
    sub.add_parser("versions")
    args = ap.parse_args(argv)
    {"percall": cmd_percall, "sse": cmd_sse, "versions": cmd_versions}[args.cmd](args)


if __name__ == "__main__":
    main()
