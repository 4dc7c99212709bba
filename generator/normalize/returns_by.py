"""``returns:`` in the config: the response type an operation parses, chosen by an argument's value.

A JSON response that is a union of objects is parsed as the first variant the body fits. When the
API says which variant it sends through a request argument (OpenAI's transcriptions: ``response_format:
verbose_json`` answers ``CreateTranscriptionResponseVerboseJson``), the config says so and the
method parses the response as that variant (``Returns.by_argument`` / ``Returns.by_value``), as
the whole union otherwise. The entry is checked here: an op key naming no operation is an
``unmatched-override`` warning; an argument the operation does not have, a schema that is not a
variant of its response, or an operation without a JSON response are errors naming the entry.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from generator.config import Config, stale_entries
from generator.diagnostics import Diagnostics, GeneratorError, join_pointer
from generator.ir.model import NamedRef, Operation, TypeDef, UnionDef, UnionType
from generator.normalize import selectors


def apply(config: Config, operations: list[Operation], component_names: Mapping[str, str], defs: Mapping[str, TypeDef], spec_ops: list[selectors.Operated], diagnostics: Diagnostics) -> list[Operation]:
    if not config.returns:
        return operations
    diagnostics.extend(
        stale_entries("returns", [k for k in config.returns if not any(selectors.matches(k, op) for op in spec_ops)], selectors.known_keys(spec_ops), "operation is named", config.source)
    )
    out: list[Operation] = []
    for op in operations:
        found = selectors.find(config.returns, op)
        if found is None:
            out.append(op)
            continue
        key, entry = found
        pointer = join_pointer("", "returns", key)

        def fail(message: str, where: tuple[str, ...] = (), hint: str = "") -> GeneratorError:
            return GeneratorError(message, file=config.source, pointer=join_pointer(pointer, *where), hint=hint, exit_code=2)

        if op.returns.kind != "json" or op.returns.type is None or op.pagination is not None:
            raise fail(f"{key} returns no JSON body to choose a type for", hint="remove the entry")
        argument = next((f.py_name for f in (op.body.fields if op.body else ()) if f.name == entry.by), None)
        argument = argument or next((p.py_name for p in op.parameters if p.name == entry.by), None)
        if argument is None:
            names = sorted({f.name for f in (op.body.fields if op.body else ())} | {p.name for p in op.parameters})
            raise fail(f"{key} has no argument {entry.by!r}", ("by",), f"name one of: {', '.join(names)}")
        variants = _variants(op.returns.type, defs)
        chosen: list[tuple[str, NamedRef]] = []
        for value, schema in entry.types.items():
            name = component_names.get(schema)
            if name is None or name not in variants:
                raise fail(
                    f"{schema!r} is not one of the types {key} returns", ("types", value),
                    f"name a component schema of the response: {', '.join(sorted(k for k, v in component_names.items() if v in variants))}",
                )
            chosen.append((value, NamedRef(name)))
        out.append(dataclasses.replace(op, returns=dataclasses.replace(op.returns, by_argument=argument, by_value=tuple(chosen))))
    return out


def _variants(expr: object, defs: Mapping[str, TypeDef]) -> set[str]:
    """Names of the named types a response type is a union of (through a named union)."""
    if isinstance(expr, NamedRef):
        d = defs.get(expr.name)
        if isinstance(d, UnionDef):
            return _variants(d.union, defs)
        return {expr.name}
    if isinstance(expr, UnionType):
        out: set[str] = set()
        for v in expr.variants:
            out |= _variants(v, defs)
        return out
    return set()
