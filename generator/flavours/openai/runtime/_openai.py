"""openai-python's runtime extras (shipped by the OpenAI flavour: ``flavour: openai``).

- ``LengthFinishReasonError`` / ``ContentFilterFinishReasonError``: raised where a chat completion
  is to be parsed but its generation stopped early (:func:`parse_chat_completion`), as
  openai-python's ``chat.completions.parse`` does.
- ``create_embeddings`` / ``async_create_embeddings``: ``embeddings.create`` asks for
  ``encoding_format: "base64"`` when the caller gives none (about 4x smaller responses) and decodes
  each vector into ``list[float]`` (numpy when installed, else :mod:`array`); a caller's own
  ``encoding_format`` (``"float"``, ``"base64"``) is sent and returned untouched.
"""

from __future__ import annotations

import array
import base64
import json
import sys
from typing import Any, Awaitable, Callable, Mapping, Optional, Type, TypeVar

from ._exceptions import _BaseError
from ._response import APIResponse, AsyncAPIResponse
from ._types import Omit

__all__ = [
    "LengthFinishReasonError",
    "ContentFilterFinishReasonError",
    "parse_chat_completion",
    "response_format_param",
    "create_embeddings",
    "async_create_embeddings",
    "decode_embedding",
]

_T = TypeVar("_T")
_M = TypeVar("_M")


class LengthFinishReasonError(_BaseError):
    """The completion stopped at the token limit (``finish_reason: "length"``): its content cannot be parsed."""

    completion: Any

    def __init__(self, *, completion: Any) -> None:
        message = "Could not parse response content as the length limit was reached"
        usage = getattr(completion, "usage", None)
        if usage:
            message += f" - {usage}"
        super().__init__(message)
        self.completion = completion


class ContentFilterFinishReasonError(_BaseError):
    """The completion was stopped by the content filter (``finish_reason: "content_filter"``)."""

    def __init__(self) -> None:
        super().__init__("Could not parse response content as the request was rejected by the content filter")


def parse_chat_completion(completion: _T, response_format: Optional[Type[_M]] = None) -> _T:
    """Check every choice's ``finish_reason`` (raising the two errors above, as openai-python's
    ``chat.completions.parse`` does) and, given a pydantic model, set ``message.parsed`` from the
    message's JSON content."""
    for choice in getattr(completion, "choices", None) or ():
        reason = getattr(choice, "finish_reason", None)
        if reason == "length":
            raise LengthFinishReasonError(completion=completion)
        if reason == "content_filter":
            raise ContentFilterFinishReasonError()
        message = getattr(choice, "message", None)
        if response_format is not None and message is not None:
            content = getattr(message, "content", None)
            parsed: Any = None
            if isinstance(content, str) and content:
                validate = getattr(response_format, "model_validate_json", None)
                parsed = validate(content) if validate is not None else json.loads(content)
            object.__setattr__(message, "parsed", parsed)
    return completion


def response_format_param(response_format: Any) -> Any:
    """A pydantic model class as the API's ``response_format`` (a strict JSON schema, as openai-python
    sends it); anything else is passed as it is."""
    schema_of = getattr(response_format, "model_json_schema", None)
    if not isinstance(response_format, type) or schema_of is None:
        return response_format
    return {"type": "json_schema", "json_schema": {"name": response_format.__name__, "schema": _strict(schema_of()), "strict": True}}


def _strict(schema: Any) -> Any:
    """Structured outputs' strict mode: every object closed (``additionalProperties: false``) with
    every property required; ``$defs`` and nested schemas alike."""
    if isinstance(schema, list):
        return [_strict(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    result = {k: _strict(v) for k, v in schema.items()}
    if result.get("type") == "object" or "properties" in result:
        result["additionalProperties"] = False
        result["required"] = list(result.get("properties", {}))
    return result


def decode_embedding(data: str) -> list[float]:
    """A base64 string of little-endian float32 values as ``list[float]``."""
    raw = base64.b64decode(data)
    try:
        import numpy as np  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        values = array.array("f")
        values.frombytes(raw)
        if sys.byteorder != "little":
            values.byteswap()
        return values.tolist()
    decoded: list[float] = np.frombuffer(raw, dtype="<f4").tolist()
    return decoded


def _defaulted(body: object) -> tuple[object, bool]:
    """``body`` with ``encoding_format: "base64"`` when the caller gave none, and whether it was set here."""
    if isinstance(body, Mapping) and isinstance(body.get("encoding_format", Omit()), Omit):
        return {**body, "encoding_format": "base64"}, True
    return body, False


class _DecodingParser:
    """A raw response's parser that decodes the vectors too (``.with_raw_response.create(...).parse()``)."""

    def __init__(self, parser: Any) -> None:
        self._parser = parser
        self.needs_body = parser.needs_body

    def __call__(self, response: Any) -> Any:
        return _decoded(self._parser(response))


def _decoded(result: _T) -> _T:
    if isinstance(result, (APIResponse, AsyncAPIResponse)):
        result._parser = _DecodingParser(result._parser)  # type: ignore[assignment]
        return result
    for item in getattr(result, "data", None) or ():
        value = getattr(item, "embedding", None)
        if isinstance(value, str):
            object.__setattr__(item, "embedding", decode_embedding(value))
    return result


def create_embeddings(request: Callable[..., Any], *args: Any, cast_to: Type[_T], body: object = None, **kwargs: Any) -> _T:
    """``embeddings.create``: base64 unless the caller chose an ``encoding_format``; decoded to floats.
    ``request`` is the client's ``request``; the other arguments are passed on."""
    body, defaulted = _defaulted(body)
    result: _T = request(*args, cast_to=cast_to, body=body, **kwargs)
    return _decoded(result) if defaulted else result


async def async_create_embeddings(request: Callable[..., Awaitable[Any]], *args: Any, cast_to: Type[_T], body: object = None, **kwargs: Any) -> _T:
    body, defaulted = _defaulted(body)
    result: _T = await request(*args, cast_to=cast_to, body=body, **kwargs)
    return _decoded(result) if defaulted else result
