"""File inputs and multipart bodies."""

from __future__ import annotations

import json

import io
import os
from typing import IO, Any, Dict, List, Mapping, Optional, Tuple, Union, cast

import pydantic

from ._qs import primitive_to_str, to_wire
from ._types import ArrayFormat, FileContent, FileTypes, NotGiven, Omit

__all__ = ["is_file_content", "is_file_input", "to_httpx_file", "build_multipart", "read_file_content"]

HttpxFileContent = Union[IO[bytes], bytes]
HttpxFile = Union[
    Tuple[Optional[str], HttpxFileContent],
    Tuple[Optional[str], HttpxFileContent, Optional[str]],
    Tuple[Optional[str], HttpxFileContent, Optional[str], Mapping[str, str]],
]


def is_file_content(value: object) -> bool:
    """bytes, a path (``os.PathLike``) or a binary file object."""
    return isinstance(value, (bytes, bytearray, memoryview, os.PathLike, io.IOBase)) or (
        hasattr(value, "read") and not isinstance(value, (str, Mapping))
    )


def is_file_input(value: object) -> bool:
    """Any accepted file input: content, or ``(name, content[, mime[, headers]])``."""
    if isinstance(value, tuple):
        return 2 <= len(value) <= 4 and is_file_content(value[1]) and (value[0] is None or isinstance(value[0], str))
    return is_file_content(value)


def _content(value: FileContent | memoryview, name: str | None) -> Tuple[Optional[str], HttpxFileContent]:
    if isinstance(value, os.PathLike):
        path = os.fspath(value)
        with open(path, "rb") as f:
            data = f.read()
        return (name if name is not None else os.path.basename(path)), data
    if isinstance(value, (bytearray, memoryview)):
        return name, bytes(value)
    if isinstance(value, bytes):
        return name, value
    # file-like object
    if name is None:
        raw_name = getattr(value, "name", None)
        if isinstance(raw_name, str):
            name = os.path.basename(raw_name)
    return name, value


def to_httpx_file(value: FileTypes) -> HttpxFile:
    """Normalise a file input to the tuple form httpx understands.

    Paths are read into memory and named after their basename; file objects
    keep their own name; bare bytes are named ``upload``.
    """
    if isinstance(value, tuple):
        name, content = _content(value[1], value[0])
        rest = value[2:]
        if name is None:
            name = "upload"
        if not rest:
            return (name, content)
        if len(rest) == 1:
            return (name, content, rest[0])
        return (name, content, rest[0], rest[1])
    name, content = _content(value, None)
    return (name if name is not None else "upload", content)


def read_file_content(value: FileTypes) -> bytes:
    """The bytes of a file input (used for ``binary`` request bodies built from files)."""
    f = to_httpx_file(value)
    content = f[1]
    if isinstance(content, bytes):
        return content
    data = content.read()
    return data if isinstance(data, bytes) else bytes(data)


class JsonPart:
    """A multipart field sent as one ``application/json`` part (OpenAPI ``encoding.contentType``)."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value


def json_part(value: object) -> object:
    """Mark ``value`` as one JSON part; an omitted value stays omitted."""
    return value if value is None or isinstance(value, (Omit, NotGiven, JsonPart)) else JsonPart(value)


def _walk(
    key: str, value: object, array_format: ArrayFormat, data: Dict[str, List[str]], files: List[Tuple[str, HttpxFile]]
) -> None:
    if value is None or isinstance(value, (Omit, NotGiven)):
        return
    if isinstance(value, JsonPart):
        inner = value.value
        if isinstance(inner, pydantic.BaseModel):
            inner = inner.model_dump(mode="json", by_alias=True, exclude_unset=True)
        files.append((key, (None, json.dumps(inner, default=to_wire).encode(), "application/json")))
        return
    if is_file_input(value):
        files.append((key, to_httpx_file(cast(FileTypes, value))))
        return
    if isinstance(value, pydantic.BaseModel):
        value = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        for sub, subvalue in value.items():
            _walk(f"{key}[{sub}]", subvalue, array_format, data, files)
        return
    if isinstance(value, (list, tuple)):
        if array_format == "indices":
            for i, item in enumerate(value):
                _walk(f"{key}[{i}]", item, array_format, data, files)
        elif array_format == "comma" and not any(is_file_input(v) or isinstance(v, (Mapping, list)) for v in value):
            data.setdefault(key, []).append(",".join(primitive_to_str(v) for v in value if v is not None))
        else:
            k = key + "[]" if array_format == "brackets" else key
            for item in value:
                _walk(k, item, array_format, data, files)
        return
    data.setdefault(key, []).append(primitive_to_str(value))


def build_multipart(
    body: Mapping[str, object], *, array_format: ArrayFormat = "brackets"
) -> Tuple[Dict[str, Any], List[Tuple[str, HttpxFile]]]:
    """Split a body into httpx ``data`` (form fields) and ``files``.

    File inputs anywhere in the body become file parts; other values become
    form fields: arrays as ``key[]`` (per ``array_format``), objects as
    ``key[sub]``, booleans ``true``/``false``, numbers ``str(n)``, ``None`` left out.
    """
    data: Dict[str, List[str]] = {}
    files: List[Tuple[str, HttpxFile]] = []
    for key, value in body.items():
        _walk(key, value, array_format, data, files)
    return {k: (v[0] if len(v) == 1 else v) for k, v in data.items()}, files
