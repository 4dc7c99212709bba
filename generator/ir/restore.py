"""Read an IR dump (``python -m generator ir SPEC > api.json``) back into :class:`~generator.ir.model.Api`.

Why: ``diff`` accepts a saved IR as either side, so a release can keep the IR it
shipped from and compare later specs against it without the old spec or config.
The reader is generic over the dataclasses of :mod:`generator.ir.model` (driven by
their type hints, unions told apart by their ``kind`` field), so fields added to the
IR later are read without changes here; a missing field takes its default.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin

from generator.diagnostics import GeneratorError
from generator.ir import model
from generator.ir.model import Api


class DumpError(ValueError):
    """A dump that does not fit the IR; ``pointer`` is the JSON pointer of the offending value."""

    def __init__(self, message: str, pointer: str) -> None:
        super().__init__(message)
        self.pointer = pointer


def is_ir_dump(data: object) -> bool:
    """True for the top level of an IR dump (as opposed to an OpenAPI document)."""
    return isinstance(data, dict) and "ir_version" in data and "operations" in data and "package" in data and "openapi" not in data


def api_from_json(text: str, *, file: str) -> Api:
    """Parse an IR dump; any mismatch is one :class:`GeneratorError` naming the file and JSON pointer."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GeneratorError(f"invalid JSON: {exc.msg}", file=file, pointer=f"line {exc.lineno}", hint="pass a spec or the output of 'python -m generator ir SPEC'") from None
    return api_from_data(data, file=file)


def api_from_data(data: object, *, file: str) -> Api:
    if not is_ir_dump(data):
        raise GeneratorError("not an IR dump: the top level has no 'ir_version', 'package' and 'operations'", file=file, hint="pass a spec or the output of 'python -m generator ir SPEC'")
    try:
        api = _read(Api, data, "")
    except DumpError as exc:
        raise GeneratorError(f"IR dump does not match this generator's IR: {exc}", file=file, pointer=exc.pointer or "/", hint="dump the IR again with this generator version ('python -m generator ir SPEC')") from None
    assert isinstance(api, Api)
    return api


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


@cache
def _kinds(union: Any) -> dict[str, type]:
    """``kind`` value -> dataclass, for a union of IR dataclasses."""
    table: dict[str, type] = {}
    for member in get_args(union):
        if isinstance(member, type) and dataclasses.is_dataclass(member):
            kind = _hints(member).get("kind")
            if kind is not None:
                for value in get_args(kind):
                    table[value] = member
    return table


def _read(hint: Any, value: Any, pointer: str) -> Any:
    origin = get_origin(hint)
    if hint is Any or hint is object:
        return value
    if origin in (Union, types.UnionType):
        return _read_union(hint, value, pointer)
    if origin is Literal:
        if value not in get_args(hint):
            raise DumpError(f"{value!r} is not one of {list(get_args(hint))}", pointer)
        return value
    if origin is tuple:
        if not isinstance(value, list):
            raise DumpError(f"expected a list, got {type(value).__name__}", pointer)
        args = get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_read(args[0], v, f"{pointer}/{i}") for i, v in enumerate(value))
        if len(args) != len(value):
            raise DumpError(f"expected {len(args)} items, got {len(value)}", pointer)
        return tuple(_read(a, v, f"{pointer}/{i}") for i, (a, v) in enumerate(zip(args, value)))
    if origin in (list, dict):
        return value
    if dataclasses.is_dataclass(hint):
        return _read_dataclass(hint, value, pointer)  # type: ignore[arg-type]
    if hint in (str, int, float, bool):
        if hint is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if not isinstance(value, hint) or (hint is int and isinstance(value, bool)):
            raise DumpError(f"expected {hint.__name__}, got {type(value).__name__}", pointer)
        return value
    if hint is type(None):
        if value is not None:
            raise DumpError(f"expected null, got {type(value).__name__}", pointer)
        return None
    return value


def _read_union(hint: Any, value: Any, pointer: str) -> Any:
    args = get_args(hint)
    if value is None and type(None) in args:
        return None
    if isinstance(value, dict) and "kind" in value:
        table = _kinds(hint)
        if table:
            cls = table.get(value["kind"])
            if cls is None:
                raise DumpError(f"unknown kind {value['kind']!r}; expected one of {sorted(table)}", f"{pointer}/kind")
            return _read_dataclass(cls, value, pointer)
    errors: list[DumpError] = []
    for arg in args:
        if arg is type(None):
            continue
        try:
            return _read(arg, value, pointer)
        except DumpError as exc:
            errors.append(exc)
    raise errors[0] if errors else DumpError("unexpected value", pointer)


def _read_dataclass(cls: type, value: Any, pointer: str) -> Any:
    if not isinstance(value, dict):
        raise DumpError(f"expected an object for {cls.__name__}, got {type(value).__name__}", pointer)
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name in value:
            kwargs[f.name] = _read(hints[f.name], value[f.name], f"{pointer}/{f.name}")
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise DumpError(f"{cls.__name__} lacks the field {f.name!r}", pointer)
    return cls(**kwargs)
