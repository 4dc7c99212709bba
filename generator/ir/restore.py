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
from collections.abc import Callable
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin

from generator.diagnostics import GeneratorError
from generator.ir import model
from generator.ir.model import Api


class DumpError(ValueError):
    """A dump that does not fit the IR; ``path`` collects the keys up to the offending value, innermost first."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.path: list[str | int] = []

    @property
    def pointer(self) -> str:
        return "".join(f"/{key}" for key in reversed(self.path))


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
        api = _reader(Api)(data)
    except DumpError as exc:
        raise GeneratorError(f"IR dump does not match this generator's IR: {exc}", file=file, pointer=exc.pointer or "/", hint="dump the IR again with this generator version ('python -m generator ir SPEC')") from None
    assert isinstance(api, Api)
    return api


Reader = Callable[[Any], Any]


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def _identity(value: Any) -> Any:
    return value


@cache
def _reader(hint: Any) -> Reader:
    """A reader for values of ``hint``, built once per type (a dump of the official OpenAI spec has ~200k values)."""
    origin = get_origin(hint)
    if hint is Any or hint is object or origin in (list, dict):
        return _identity
    if origin in (Union, types.UnionType):
        return _union_reader(hint)
    if origin is Literal:
        return _literal_reader(get_args(hint))
    if origin is tuple:
        return _tuple_reader(get_args(hint))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass_reader(hint)
    if hint in (str, int, float, bool, type(None)):
        return _scalar_reader(hint)
    return _identity


def _scalar_reader(hint: type) -> Reader:
    name = "null" if hint is type(None) else hint.__name__

    def read(value: Any) -> Any:
        if hint is float and type(value) is int:
            return value  # JSON does not tell 1 from 1.0; keep what was dumped
        if type(value) is not hint:
            raise DumpError(f"expected {name}, got {type(value).__name__}")
        return value

    return read


def _literal_reader(allowed: tuple[Any, ...]) -> Reader:
    def read(value: Any) -> Any:
        if value not in allowed:
            raise DumpError(f"{value!r} is not one of {list(allowed)}")
        return value

    return read


def _tuple_reader(args: tuple[Any, ...]) -> Reader:
    if len(args) == 2 and args[1] is Ellipsis:
        item = _reader(args[0])

        def read_all(value: Any) -> Any:
            if type(value) is not list:
                raise DumpError(f"expected a list, got {type(value).__name__}")
            out = []
            for i, v in enumerate(value):
                try:
                    out.append(item(v))
                except DumpError as exc:
                    exc.path.append(i)
                    raise
            return tuple(out)

        return read_all
    readers = [_reader(a) for a in args]

    def read_fixed(value: Any) -> Any:
        if type(value) is not list or len(value) != len(readers):
            raise DumpError(f"expected a list of {len(readers)} items")
        out = []
        for i, (r, v) in enumerate(zip(readers, value)):
            try:
                out.append(r(v))
            except DumpError as exc:
                exc.path.append(i)
                raise
        return tuple(out)

    return read_fixed


def _union_reader(hint: Any) -> Reader:
    args = [a for a in get_args(hint) if a is not type(None)]
    nullable = len(args) != len(get_args(hint))
    by_kind = _kinds(hint)
    if len(args) == 1:
        only = _reader(args[0])
        return (lambda value: None if value is None else only(value)) if nullable else only

    def read(value: Any) -> Any:
        if value is None and nullable:
            return None
        if by_kind and type(value) is dict and "kind" in value:
            cls = by_kind.get(value["kind"])
            if cls is None:
                error = DumpError(f"unknown kind {value['kind']!r}; expected one of {sorted(by_kind)}")
                error.path.append("kind")
                raise error
            return _reader(cls)(value)
        first: DumpError | None = None
        for arg in args:
            try:
                return _reader(arg)(value)
            except DumpError as exc:
                first = first or exc
        raise first or DumpError("unexpected value")

    return read


def _dataclass_reader(cls: type) -> Reader:
    """Field readers are looked up on first use, so recursive types (an array of type expressions) can be built."""
    plan: list[tuple[str, Reader, bool]] = []

    def read(value: Any) -> Any:
        if not plan:
            hints = _hints(cls)
            for f in dataclasses.fields(cls):
                required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
                plan.append((f.name, _reader(hints[f.name]), required))
        if type(value) is not dict:
            raise DumpError(f"expected an object for {cls.__name__}, got {type(value).__name__}")
        kwargs: dict[str, Any] = {}
        for name, reader, required in plan:
            if name in value:
                try:
                    kwargs[name] = reader(value[name])
                except DumpError as exc:
                    exc.path.append(name)
                    raise
            elif required:
                raise DumpError(f"{cls.__name__} lacks the field {name!r}")
        return cls(**kwargs)

    return read


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
