"""Canned chat-completion requests and responses for the runtime benchmarks (stdlib only).

The request is what a tools-using agent sends: a short conversation that
already holds one tool round trip, and four function tools with realistic JSON
Schema parameters.  The response is a chat completion that calls a tool.  The
stream is a ``chat.completion.chunk`` SSE body as the API sends it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

MODEL = "gpt-4o-2024-08-06"
BASE_URL = "https://api.openai.com/v1"
API_KEY = "sk-bench-0000000000000000000000000000000000000000"

TOOLS: list[dict[str, Any]] = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Current weather and a short forecast for a city.",
            "parameters": {
                "type": "object",
                "properties": {
                    "city": {"type": "string", "description": "City name, e.g. 'Paris'"},
                    "country": {"type": "string", "description": "ISO 3166-1 alpha-2 code"},
                    "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                    "days": {"type": "integer", "minimum": 1, "maximum": 7},
                },
                "required": ["city", "unit"],
                "additionalProperties": False,
            },
            "strict": False,
        },
    },
    {
        "type": "function",
        "function": {
            "name": "search_flights",
            "description": "Search one-way or return flights between two airports.",
            "parameters": {
                "type": "object",
                "properties": {
                    "origin": {"type": "string", "description": "IATA airport code"},
                    "destination": {"type": "string", "description": "IATA airport code"},
                    "departure_date": {"type": "string", "format": "date"},
                    "return_date": {"type": ["string", "null"], "format": "date"},
                    "passengers": {
                        "type": "object",
                        "properties": {
                            "adults": {"type": "integer", "minimum": 1},
                            "children": {"type": "integer", "minimum": 0},
                        },
                        "required": ["adults"],
                    },
                    "cabin": {"type": "string", "enum": ["economy", "premium_economy", "business", "first"]},
                },
                "required": ["origin", "destination", "departure_date"],
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "create_calendar_event",
            "description": "Create an event in the user's calendar.",
            "parameters": {
                "type": "object",
                "properties": {
                    "title": {"type": "string"},
                    "start": {"type": "string", "format": "date-time"},
                    "end": {"type": "string", "format": "date-time"},
                    "attendees": {"type": "array", "items": {"type": "string", "format": "email"}},
                    "location": {"type": "string"},
                    "reminders": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "method": {"type": "string", "enum": ["email", "popup"]},
                                "minutes": {"type": "integer"},
                            },
                            "required": ["method", "minutes"],
                        },
                    },
                },
                "required": ["title", "start", "end"],
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "lookup_order",
            "description": "Look up an order in the shop by its id or the customer's email.",
            "parameters": {
                "type": "object",
                "properties": {
                    "order_id": {"type": "string", "pattern": "^ord_[A-Za-z0-9]{12}$"},
                    "email": {"type": "string", "format": "email"},
                    "include_items": {"type": "boolean", "default": True},
                },
                "anyOf": [{"required": ["order_id"]}, {"required": ["email"]}],
            },
        },
    },
]

MESSAGES: list[dict[str, Any]] = [
    {"role": "system", "content": "You are a travel assistant. Use the tools when they help; answer concisely."},
    {"role": "user", "content": "I'm flying to Paris next Tuesday. What will the weather be like?"},
    {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": "call_7QmR2c1aXb9ZkLw0pE4tYh3N",
                "type": "function",
                "function": {
                    "name": "get_weather",
                    "arguments": '{"city":"Paris","country":"FR","unit":"celsius","days":7}',
                },
            }
        ],
    },
    {
        "role": "tool",
        "tool_call_id": "call_7QmR2c1aXb9ZkLw0pE4tYh3N",
        "content": '{"now":{"temp":14,"sky":"cloudy"},"forecast":[{"day":"Tue","high":17,"low":9,"sky":"showers"}]}',
    },
    {"role": "user", "content": "Thanks. Now find me a return flight from Berlin, economy, back on Sunday."},
]

CHAT_COMPLETION: dict[str, Any] = {
    "id": "chatcmpl-BENCH0123456789abcdefghijklmnop",
    "object": "chat.completion",
    "created": 1735689600,
    "model": MODEL,
    "choices": [
        {
            "index": 0,
            "message": {
                "role": "assistant",
                "content": None,
                "refusal": None,
                "annotations": [],
                "tool_calls": [
                    {
                        "id": "call_Zb81nQeT0mKx4RsVw2yLc9Pa",
                        "type": "function",
                        "function": {
                            "name": "search_flights",
                            "arguments": '{"origin":"BER","destination":"CDG","departure_date":"2025-01-07",'
                            '"return_date":"2025-01-12","passengers":{"adults":1},"cabin":"economy"}',
                        },
                    }
                ],
            },
            "logprobs": None,
            "finish_reason": "tool_calls",
        }
    ],
    "usage": {
        "prompt_tokens": 412,
        "completion_tokens": 48,
        "total_tokens": 460,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": 0,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    },
    "service_tier": "default",
    "system_fingerprint": "fp_bench01234",
}

CHAT_COMPLETION_BYTES = json.dumps(CHAT_COMPLETION, separators=(",", ":")).encode()

_WORDS = (
    "The",
    " weather",
    " in",
    " Paris",
    " next",
    " Tuesday",
    " looks",
    " mild",
    ",",
    " with",
    " light",
    " showers",
    " in",
    " the",
    " afternoon",
    " and",
    " a",
    " high",
    " of",
    " 17",
    "°C",
    ".",
    "\n",
)


def _chunk(index: int, delta: dict[str, Any], finish_reason: str | None) -> bytes:
    obj = {
        "id": "chatcmpl-BENCH0123456789abcdefghijklmnop",
        "object": "chat.completion.chunk",
        "created": 1735689600,
        "model": MODEL,
        "service_tier": "default",
        "system_fingerprint": "fp_bench01234",
        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}],
    }
    return b"data: " + json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode() + b"\n\n"


def sse_events(n_chunks: int) -> list[bytes]:
    """``n_chunks`` complete ``data:`` events (role first, content tokens, a final ``stop``) then ``[DONE]``."""
    events = [_chunk(0, {"role": "assistant", "content": "", "refusal": None}, None)]
    for i in range(1, n_chunks - 1):
        events.append(_chunk(i, {"content": _WORDS[i % len(_WORDS)]}, None))
    events.append(_chunk(n_chunks - 1, {}, "stop"))
    events.append(b"data: [DONE]\n\n")
    return events


def split_bytes(body: bytes, size: int) -> list[bytes]:
    """``body`` cut every ``size`` bytes, regardless of event boundaries (what a socket read returns)."""
    return [body[i : i + size] for i in range(0, len(body), size)]


def iterate(pieces: list[bytes]) -> Iterator[bytes]:
    yield from pieces
