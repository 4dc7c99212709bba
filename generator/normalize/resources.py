"""The resource tree (``client.chat.completions``) and method names (``create``, ``list``).

Derived from the spec, generically, in this order:

1. an override from the configuration (``operation id -> "chat.completions.create"``);
2. the path: static segments name the resource; the HTTP method and the path's
   shape name the method (collection ``GET`` -> ``list``, ``POST`` -> ``create``;
   item ``GET`` -> ``retrieve``, ``POST``/``PUT``/``PATCH`` -> ``update``,
   ``DELETE`` -> ``delete``; a trailing segment after an id that is not itself a
   collection -> an action named after it, e.g. ``POST /batches/{id}/cancel`` ->
   ``batches.cancel``, ``GET /files/{id}/content`` -> ``files.content``);
3. ``x-oaiMeta.beta: true`` puts the resource under ``beta``;
4. a clash inside one resource falls back to the snake-cased operationId.
"""

from __future__ import annotations

import dataclasses
import keyword
from typing import Any, Mapping

from generator.diagnostics import Diagnostics
from generator.ir.model import Operation, Resource
from generator.normalize.naming import NameTable, pascal_case, snake_case

_ITEM_VERBS = {"get": "retrieve", "post": "update", "put": "update", "patch": "update", "delete": "delete", "head": "head", "options": "options", "trace": "trace"}
_COLLECTION_VERBS = {"get": "list", "post": "create", "put": "update", "patch": "update", "delete": "delete", "head": "head", "options": "options", "trace": "trace"}
_RESERVED_ATTRS = frozenset({"with_raw_response", "with_streaming_response", "_client", "_get", "_post", "client"})


def _segments(path: str) -> list[tuple[str, bool]]:
    clean = path.split("?", 1)[0]
    return [(s, s.startswith("{") and s.endswith("}")) for s in clean.split("/") if s]


def _safe(name: str) -> str:
    name = snake_case(name)
    if keyword.iskeyword(name) or name in _RESERVED_ATTRS:
        name += "_"
    return name


def default_location(
    op: Operation, raw: Mapping[str, Any], collections: frozenset[str] = frozenset(), singletons: frozenset[str] = frozenset()
) -> tuple[tuple[str, ...], str]:
    """Resource path and method name from the path's shape.

    ``collections`` holds paths that are collections: some operation lives below them
    (``/threads/{id}/messages/{message_id}``) or they answer ``GET`` with a list. A trailing
    segment after an id that is not a collection is an action (``/batches/{id}/cancel``),
    unless several HTTP methods share that path (``singletons``): then it is a resource of its
    own with item verbs (``GET``/``POST /projects/{id}/data_retention`` -> ``retrieve``/``update``).
    """
    segments = _segments(op.path)
    statics = [_safe(s) for s, is_param in segments if not is_param]
    last_is_param = bool(segments) and segments[-1][1]
    after_param = len(segments) >= 2 and segments[-2][1] and not segments[-1][1]
    clean = op.path.split("?", 1)[0].rstrip("/")
    if last_is_param:
        resource, method = statics, _ITEM_VERBS[op.method]
    elif after_param and statics and clean in singletons:
        resource, method = statics, _ITEM_VERBS[op.method]
    elif after_param and statics and clean not in collections:
        resource, method = statics[:-1], statics[-1]
        if op.method == "get" and method in statics[:-1]:
            method = "retrieve_" + method
    else:
        resource, method = statics, _COLLECTION_VERBS[op.method]
    meta = raw.get("x-oaiMeta")
    if isinstance(meta, dict) and meta.get("beta") is True and (not resource or resource[0] != "beta"):
        resource = ["beta", *resource]
    if not resource:
        resource = ["root"]
    return tuple(resource), method


def collection_paths(operations: list[tuple[Operation, Mapping[str, Any]]]) -> frozenset[str]:
    """Paths that name a collection: something lives below them, or a GET on them lists."""
    result: set[str] = set()
    for op, _ in operations:
        clean = op.path.split("?", 1)[0].rstrip("/")
        parts = clean.split("/")
        for i in range(2, len(parts)):
            if parts[i].startswith("{"):
                result.add("/".join(parts[:i]))
        listing = op.pagination is not None or (op.returns.type is not None and op.returns.type.kind == "array")
        if op.method == "get" and listing:
            result.add(clean)
    return frozenset(result)


def assign(
    operations: list[tuple[Operation, Mapping[str, Any]]],
    overrides: Mapping[str, str],
    diagnostics: Diagnostics,
) -> tuple[list[Operation], Resource]:
    """Give every operation its resource path and method name; build the tree."""
    located: list[tuple[Operation, tuple[str, ...], str]] = []
    collections = collection_paths(operations)
    methods_per_path: dict[str, set[str]] = {}
    for op, _ in operations:
        methods_per_path.setdefault(op.path.split("?", 1)[0].rstrip("/"), set()).add(op.method)
    singletons = frozenset(p for p, methods in methods_per_path.items() if len(methods) > 1 and p not in collections)
    for op, raw in operations:
        override = overrides.get(op.operation_id)
        if override:
            *res, method = override.split(".")
            resource, method = tuple(_safe(r) for r in res) or ("root",), _safe(method)
        else:
            resource, method = default_location(op, raw, collections, singletons)
        located.append((op, resource, method))
    # A method must not take the attribute name of a child resource.
    children: dict[tuple[str, ...], set[str]] = {}
    for _, resource, _ in located:
        for i in range(1, len(resource)):
            children.setdefault(resource[:i], set()).add(resource[i])
    placed: list[Operation] = []
    tables: dict[tuple[str, ...], NameTable] = {}
    for op, resource, method in located:
        table = tables.setdefault(resource, NameTable(taken=_RESERVED_ATTRS | children.get(resource, set())))
        fallback = _safe(op.operation_id)
        name = table.claim([method, fallback], origin=op.operation_id)
        if name != method:
            diagnostics.warn(
                "method-name-clash",
                f"{'.'.join(resource)}.{method} is taken; {op.method.upper()} {op.path} is named {name!r}",
                op.source,
                hint="name it in the config's resources.overrides",
            )
        placed.append(dataclasses.replace(op, resource=resource, method_name=name))
    return placed, build_tree(placed)


def build_tree(operations: list[Operation]) -> Resource:
    paths: set[tuple[str, ...]] = set()
    for op in operations:
        for i in range(1, len(op.resource) + 1):
            paths.add(op.resource[:i])
    by_parent: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for path in paths:
        by_parent.setdefault(path[:-1], []).append(path)
    ops_by_resource: dict[tuple[str, ...], list[Operation]] = {}
    for op in operations:
        ops_by_resource.setdefault(op.resource, []).append(op)
    class_names = NameTable()

    def make(path: tuple[str, ...]) -> Resource:
        children = tuple(make(child) for child in sorted(by_parent.get(path, [])))
        ops = ops_by_resource.get(path, [])
        cls = class_names.claim([pascal_case(path[-1]) if path else "Root", pascal_case("_".join(path))], origin="/".join(path))
        return Resource(
            path=path,
            attr_name=path[-1] if path else "",
            class_name=cls,
            module=".".join(path),
            operations=tuple(op.operation_id for op in sorted(ops, key=lambda o: o.method_name)),
            children=children,
        )

    return make(())
