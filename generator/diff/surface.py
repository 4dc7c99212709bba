"""Extract the SDK surface (:mod:`generator.diff.model`) from the IR.

The one module of ``diff`` that reads the IR: when the IR changes, this is what
to adapt. It mirrors what the renderer turns into signatures
(:mod:`generator.emit.resources`; tests/test_diff_rules.py checks they agree): path parameters are positional, the
rest keyword-only; an object body is flattened into keyword arguments (its
stream flag becomes the ``stream`` overload); any other body is one ``body``
argument; a paginated method returns a page of its items.
"""

from __future__ import annotations

import json

from generator.diagnostics import join_pointer
from generator.diff.model import (
    Client,
    Credential,
    Enum,
    FieldSurface,
    HeaderOption,
    Location,
    Method,
    Model,
    Pagination,
    Param,
    Position,
    Shape,
    Surface,
)
from generator.ir.model import (
    AliasDef,
    Api,
    ArrayType,
    EnumDef,
    Field,
    LiteralType,
    MapType,
    NamedRef,
    NullType,
    ObjectDef,
    Operation,
    Parameter,
    PrimitiveType,
    Resource,
    TypeDef,
    TypeExpr,
    UnionDef,
    UnionType,
    Usage,
)

_ALIAS_DEPTH = 8
"""Aliases are expanded where used (a caller sees the aliased type); recursive ones stop here."""


def extract(api: Api, *, file: str, spec_version: str = "") -> Surface:
    """The surface of ``api``; ``file`` is how locations name the input (spec or IR dump)."""
    shapes = _Shapes(api)
    return Surface(
        file=file,
        title=api.package.title,
        version=spec_version,
        client=_client(api, file),
        resources=frozenset(_resource_paths(api.resources)),
        methods={m.path: m for m in (_method(op, shapes, file) for op in api.operations)},
        models={t.name: _model(t, shapes, file) for t in api.types if not isinstance(t, EnumDef)},
        enums={t.name: _enum(t, file) for t in api.types if isinstance(t, EnumDef)},
    )


def _pointer(source: str) -> str:
    return source if not source or source.startswith("/") else "/" + source.lstrip("#/")


def _positions(usage: Usage) -> frozenset[Position]:
    found: set[Position] = set()
    if usage.response:
        found.add("response")
    if usage.request:
        found.add("request")
    return frozenset(found)


def _default(f: Field | Parameter) -> str | None:
    """The spec's default as JSON. Parameters carry none in the IR yet; read it once they do."""
    if not getattr(f, "has_default", False):
        return None
    return json.dumps(getattr(f, "default", None), sort_keys=True, default=str)


class _Shapes:
    """Type expressions -> shapes; named enums become literals that keep their name, aliases are expanded."""

    def __init__(self, api: Api) -> None:
        self._types: dict[str, TypeDef] = {t.name: t for t in api.types}

    def of(self, expr: TypeExpr | None, depth: int = 0) -> Shape:
        if expr is None:
            return Shape("any")
        if isinstance(expr, PrimitiveType):
            return Shape(expr.name)
        if isinstance(expr, LiteralType):
            return Shape("literal", values=tuple(expr.values))
        if isinstance(expr, ArrayType):
            return Shape("array", args=(self.of(expr.items, depth),))
        if isinstance(expr, MapType):
            return Shape("map", args=(self.of(expr.values, depth),))
        if isinstance(expr, UnionType):
            variants: list[Shape] = []
            for v in expr.variants:
                s = self.of(v, depth)
                for part in s.args if s.kind == "union" else (s,):
                    if part not in variants:
                        variants.append(part)
            return variants[0] if len(variants) == 1 else Shape("union", args=tuple(variants))
        if isinstance(expr, NamedRef):
            target = self._types.get(expr.name)
            if isinstance(target, EnumDef):
                return Shape("literal", name=target.name, values=tuple(target.values), open=target.open)
            if isinstance(target, AliasDef) and depth < _ALIAS_DEPTH:
                return self.of(target.target, depth + 1)
            return Shape("ref", name=expr.name)
        if isinstance(expr, NullType):
            return Shape("null")
        return Shape(expr.kind)  # file, any


def _field_positions(model: frozenset[Position], f: Field) -> frozenset[Position]:
    found = set(model)
    if f.read_only:
        found.discard("request")
    if f.write_only:
        found.discard("response")
    return frozenset(found)


def _model(t: TypeDef, shapes: _Shapes, file: str) -> Model:
    where = Location(file, _pointer(t.source))
    positions = _positions(t.usage)
    if isinstance(t, ObjectDef):
        fields = {
            f.py_name: FieldSurface(
                name=f.py_name,
                wire_name=f.name,
                shape=shapes.of(f.type),
                required=f.required,
                default=_default(f),
                positions=_field_positions(positions, f),
                deprecated=f.deprecated,
                location=Location(file, join_pointer(where.pointer, "properties", f.name) if where.pointer else ""),
            )
            for f in t.fields
        }
        return Model(t.name, "object", positions, fields, None, t.deprecated, where)
    if isinstance(t, UnionDef):
        return Model(t.name, "union", positions, {}, shapes.of(t.union), False, where)
    assert isinstance(t, AliasDef)
    return Model(t.name, "alias", positions, {}, shapes.of(t.target), False, where)


def _enum(t: EnumDef, file: str) -> Enum:
    return Enum(t.name, tuple(t.values), _positions(t.usage), t.open, Location(file, _pointer(t.source)))


def _method(op: Operation, shapes: _Shapes, file: str) -> Method:
    where = Location(file, _pointer(op.source))
    params: dict[str, Param] = {}
    for p in op.parameters:
        params[p.py_name] = Param(p.py_name, p.name, p.location, shapes.of(p.type), p.required or p.location == "path", _default(p), p.deprecated, Location(file, where.pointer, f"{p.location} parameter '{p.name}'"))
    body = op.body
    if body is not None:
        body_at = join_pointer(where.pointer, "requestBody") if where.pointer else ""
        if body.fields:
            for f in body.fields:
                if f.name == op.returns.stream_flag:
                    continue
                params[f.py_name] = Param(f.py_name, f.name, "body", shapes.of(f.type), f.required, _default(f), f.deprecated, Location(file, body_at, f"body field '{f.name}'"))
        else:
            params[body.arg_name] = Param(body.arg_name, "", "body", shapes.of(body.body_type), body.required, None, False, Location(file, body_at))
    pagination = Pagination(op.pagination.style, shapes.of(op.pagination.item_type)) if op.pagination is not None else None
    r = op.returns
    return Method(
        path=".".join((*op.resource, op.method_name)),
        operation_id=op.operation_id,
        http=f"{op.method.upper()} {op.path}",
        params=params,
        positional=tuple(p.py_name for p in op.parameters if p.location == "path"),
        returns_kind=r.kind,
        returns=shapes.of(r.type) if r.kind == "json" else None,
        stream=shapes.of(r.stream_event) if (r.kind == "sse" or r.stream_flag) and r.stream_event is not None else (Shape("any") if r.kind == "sse" else None),
        stream_flag=r.stream_flag,
        pagination=pagination,
        security=op.security,
        deprecated=op.deprecated,
        location=where,
    )


def _resource_paths(node: Resource) -> list[str]:
    found = [".".join(node.path)] if node.path else []
    for child in node.children:
        found.extend(_resource_paths(child))
    return found


def _client(api: Api, file: str) -> Client:
    c = api.client
    credentials: dict[str, Credential] = {}
    options_of: dict[str, frozenset[str]] = {}
    for s in c.security_schemes:
        at = Location(file, join_pointer("/components/securitySchemes", s.name))
        options_of[s.name] = frozenset(s.options)
        for option in s.options:
            credentials[option] = Credential(option, s.name, tuple(s.env_vars), f"{s.kind} in {s.location} {s.param_name}", at)
    default_auth = tuple(frozenset().union(*(options_of.get(name, frozenset()) for name in alternative)) for alternative in c.default_security)
    return Client(
        package=api.package.name,
        class_name=c.class_name,
        async_class_name=c.async_class_name,
        base_url=c.base_url,
        base_url_env=c.base_url_env,
        credentials=credentials,
        headers={h.option: HeaderOption(h.option, h.header, h.env_var, Location(file, "/info")) for h in c.header_options},
        default_auth=default_auth,
        credentials_required=c.credentials_required,
        location=Location(file, "/servers"),
        names_location=Location(file, "/info"),
    )
