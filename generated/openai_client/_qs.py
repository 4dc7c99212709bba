"""Query string and form serialisation.

Default flavour (openai-python's): arrays ``a[]=1&a[]=2``, nested objects
``m[k]=v``, booleans ``true``/``false``, ``None`` and ``omit`` left out.
Per-parameter OpenAPI styles: ``form`` (explode or not), ``spaceDelimited``,
``pipeDelimited`` and ``deepObject``.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime, time
from typing import List, Mapping, Optional, Tuple
from urllib.parse import quote

import pydantic
import pydantic_core

from ._types import ArrayFormat, NotGiven, Omit, QueryStyle

__all__ = ["flatten", "stringify", "encode_pairs", "primitive_to_str", "to_wire"]

_Pairs = List[Tuple[str, str]]


def primitive_to_str(value: object) -> str:
    """How a scalar appears in a query string, form field or header."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return primitive_to_str(value.value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (int, float, uuid.UUID)):
        return str(value)
    plain = to_wire(value)
    return plain if isinstance(plain, str) else str(value)


def to_wire(value: object) -> object:
    """A value of a type that JSON has no word for, as JSON sends it: dates and times in ISO 8601,
    ``UUID`` and ``Decimal`` as strings, a ``timedelta`` as an ISO 8601 duration, anything else
    pydantic can serialise (``ipaddress``, ``Path`` ...) its way. ``TypeError`` when none applies."""
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    try:
        return pydantic_core.to_jsonable_python(value, by_alias=True)
    except pydantic_core.PydanticSerializationError:
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable") from None


def _skip(value: object) -> bool:
    return value is None or isinstance(value, (Omit, NotGiven))


def _plain(value: object) -> object:
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return value


def _flatten_item(key: str, value: object, array_format: ArrayFormat, out: _Pairs) -> None:
    value = _plain(value)
    if isinstance(value, Mapping):
        for sub, subvalue in value.items():
            if not _skip(subvalue):
                _flatten_item(f"{key}[{sub}]", subvalue, array_format, out)
        return
    if isinstance(value, (list, tuple)):
        if array_format == "comma":
            out.append((key, ",".join(primitive_to_str(v) for v in value if not _skip(v))))
        elif array_format == "repeat":
            for v in value:
                if not _skip(v):
                    _flatten_item(key, v, array_format, out)
        elif array_format == "indices":
            for i, v in enumerate(value):
                if not _skip(v):
                    _flatten_item(f"{key}[{i}]", v, array_format, out)
        elif array_format == "brackets":
            # A name that already ends in ``[]`` (OpenAI's ``project_ids[]``) is not bracketed twice.
            base = key[:-2] if key.endswith("[]") else key
            for i, v in enumerate(value):
                if not _skip(v):
                    # Objects and arrays inside an array get their index (``a[0][k]=v``, as Stripe
                    # expects): with ``a[][k]=1&a[][j]=2`` a parser cannot tell where an element ends.
                    nested = isinstance(_plain(v), (Mapping, list, tuple))
                    _flatten_item(f"{base}[{i}]" if nested else f"{base}[]", v, array_format, out)
        else:
            raise ValueError(f"unknown array format {array_format!r}")
        return
    out.append((key, primitive_to_str(value)))


def flatten(params: Mapping[str, object], *, array_format: ArrayFormat = "brackets") -> _Pairs:
    """Flatten nested params to ``(key, value)`` pairs in the default flavour (unencoded)."""
    out: _Pairs = []
    for key, value in params.items():
        if not _skip(value):
            _flatten_item(key, value, array_format, out)
    return out


def _q(s: str) -> str:
    return quote(s, safe="")


def encode_pairs(pairs: _Pairs) -> str:
    """Percent-encode ``(key, value)`` pairs (RFC 3986; spaces as %20)."""
    return "&".join(f"{_q(k)}={_q(v)}" for k, v in pairs)


_DELIMITERS = {"form": ",", "spaceDelimited": "%20", "pipeDelimited": "%7C"}


def _styled(key: str, value: object, style: str, explode: bool, array_format: ArrayFormat, parts: List[str]) -> None:
    value = _plain(value)
    if style == "deepObject":
        if isinstance(value, Mapping):
            pairs: _Pairs = []
            for sub, subvalue in value.items():
                if not _skip(subvalue):
                    _flatten_item(f"{key}[{sub}]", subvalue, array_format, pairs)
            parts.append(encode_pairs(pairs))
        else:
            parts.append(encode_pairs(flatten({key: value}, array_format=array_format)))
        return
    if isinstance(value, (list, tuple)):
        items = [v for v in value if not _skip(v)]
        if explode:
            if items:
                parts.append("&".join(f"{_q(key)}={_q(primitive_to_str(v))}" for v in items))
        else:
            delim = _DELIMITERS.get(style, ",")
            parts.append(f"{_q(key)}=" + delim.join(_q(primitive_to_str(v)) for v in items))
        return
    if isinstance(value, Mapping):
        entries = [(str(k), v) for k, v in value.items() if not _skip(v)]
        if explode:
            if entries:
                parts.append("&".join(f"{_q(k)}={_q(primitive_to_str(v))}" for k, v in entries))
        else:
            delim = _DELIMITERS.get(style, ",")
            flat: List[str] = []
            for k, v in entries:
                flat.append(_q(k))
                flat.append(_q(primitive_to_str(v)))
            parts.append(f"{_q(key)}=" + delim.join(flat))
        return
    parts.append(f"{_q(key)}={_q(primitive_to_str(value))}")


def stringify(
    params: Mapping[str, object],
    *,
    array_format: ArrayFormat = "brackets",
    styles: Optional[Mapping[str, QueryStyle]] = None,
) -> str:
    """Serialise query params to an encoded query string (without the leading ``?``)."""
    if not styles:
        return encode_pairs(flatten(params, array_format=array_format))
    parts: List[str] = []
    plain: _Pairs = []
    for key, value in params.items():
        if _skip(value):
            continue
        style = styles.get(key)
        if style is None:
            _flatten_item(key, value, array_format, plain)
            if plain:
                parts.append(encode_pairs(plain))
                plain.clear()
        else:
            _styled(key, value, style[0], style[1], array_format, parts)
    return "&".join(p for p in parts if p)
