"""Which named types are needed where, and which ``types`` module each lives in.

* Usage: types reachable from responses are rendered as pydantic models, types
  reachable from request parameters and bodies as ``TypedDict`` params, and
  types reachable from neither (webhook payloads, for instance) as models, so
  every component schema becomes a named type.
* Modules: each component owns a module named after it, or the one the config
  places it in (``models.<Schema>.module``, dotted: ``chat.chat_completion``);
  inline types live with their owner. Owners that refer to each other in a cycle share one module
  (strongly connected components, Tarjan), so imports between modules form a
  DAG and never cycle at import time.
"""

from __future__ import annotations

import keyword
from typing import Iterable, Iterator, Mapping

from generator.diagnostics import Diagnostics

from generator.ir.model import (
    AliasDef,
    ArrayType,
    MapType,
    NamedRef,
    ObjectDef,
    Operation,
    TypeDef,
    TypeExpr,
    TypeModule,
    UnionDef,
    UnionType,
    Usage,
)
from generator.normalize.naming import short_hash, NameTable, snake_case
from generator.normalize.model_names import module_packages


def refs_in(expr: TypeExpr | None) -> Iterator[str]:
    if expr is None:
        return
    if isinstance(expr, NamedRef):
        yield expr.name
    elif isinstance(expr, ArrayType):
        yield from refs_in(expr.items)
    elif isinstance(expr, MapType):
        yield from refs_in(expr.values)
    elif isinstance(expr, UnionType):
        for v in expr.variants:
            yield from refs_in(v)


MAX_MODULE_NAME = 100
"""Characters in a ``types/`` module name (``.py`` files must fit the file system's 255 bytes)."""


def _add_refs(expr: TypeExpr | None, out: dict[str, None]) -> None:
    """The names ``expr`` refers to, added to ``out`` (an ordered set): :func:`refs_in` without the
    nested generators, for the type graph where only which names matters."""
    while expr is not None:
        if isinstance(expr, NamedRef):
            out[expr.name] = None
            return
        if isinstance(expr, ArrayType):
            expr = expr.items
        elif isinstance(expr, MapType):
            expr = expr.values
        elif isinstance(expr, UnionType):
            for v in expr.variants:
                _add_refs(v, out)
            return
        else:
            return


References = Mapping[str, tuple[str, ...]]
"""Type name -> the names its fields, variants or target refer to: the graph of named types, worked
out once per API (:func:`references`) for the usage closures and the module planner."""


def references(defs: Mapping[str, TypeDef]) -> dict[str, tuple[str, ...]]:
    graph: dict[str, tuple[str, ...]] = {}
    for name, definition in defs.items():
        out: dict[str, None] = {}
        if isinstance(definition, ObjectDef):
            for f in definition.fields:
                _add_refs(f.type, out)
            _add_refs(definition.additional, out)
        elif isinstance(definition, UnionDef):
            _add_refs(definition.union, out)
        elif isinstance(definition, AliasDef):
            _add_refs(definition.target, out)
        graph[name] = tuple(out)
    return graph


def _closure(roots: Iterable[str], graph: References) -> set[str]:
    seen: set[str] = set()
    stack = [r for r in roots if r in graph]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        stack.extend(r for r in graph[name] if r in graph and r not in seen)
    return seen


def operation_roots(operations: Iterable[Operation]) -> Iterator[str]:
    """Names of the named types an operation mentions directly: parameters, body, responses, stream events, pages."""
    for op in operations:
        for param in op.parameters:
            yield from refs_in(param.type)
        if op.body is not None:
            for f in op.body.fields:
                yield from refs_in(f.type)
            yield from refs_in(op.body.body_type)
        for response in op.responses:
            for content in response.contents:
                yield from refs_in(content.type)
        yield from refs_in(op.returns.type)
        yield from refs_in(op.returns.stream_event)
        if op.pagination is not None:
            yield from refs_in(op.pagination.item_type)


def reachable(defs: dict[str, TypeDef], operations: Iterable[Operation], roots: Iterable[str] = ()) -> dict[str, TypeDef]:
    """``defs`` without the types no operation (nor one of ``roots``) reaches, transitively (``select``: the
    client holds only what its selected operations reach)."""
    keep = _closure([*operation_roots(operations), *roots], references(defs))
    return {name: d for name, d in defs.items() if name in keep}


_USAGE = {(response, request): Usage(response=response, request=request) for response in (False, True) for request in (False, True)}


def usage_of(graph: References, operations: list[Operation]) -> dict[str, Usage]:
    """Each named type's :class:`Usage`: reached from a response, from a request parameter or body,
    or from neither (then rendered as a model, as if a response)."""
    response_roots: dict[str, None] = {}
    request_roots: dict[str, None] = {}
    for op in operations:
        for response in op.responses:
            for content in response.contents:
                _add_refs(content.type, response_roots)
        for param in op.parameters:
            _add_refs(param.type, request_roots)
        if op.body is not None:
            for f in op.body.fields:
                _add_refs(f.type, request_roots)
            _add_refs(op.body.body_type, request_roots)
    response = _closure(response_roots, graph)
    request = _closure(request_roots, graph)
    unused = set(graph) - response - request
    response |= _closure(unused, graph)
    return {name: _USAGE[(name in response, name in request)] for name in graph}


def _tarjan(nodes: list[str], edges: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components, iteratively (no recursion limit on big specs)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for start in nodes:
        if start in index:
            continue
        work: list[tuple[str, int]] = [(start, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            successors = edges.get(node, [])
            if i < len(successors):
                work.append((node, i + 1))
                nxt = successors[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return result


def plan_modules(
    graph: References,
    owners: dict[str, str],
    order: list[str],
    configured: Mapping[str, str] | None = None,
    diagnostics: Diagnostics | None = None,
    config_file: str = "",
) -> tuple[dict[str, str], tuple[TypeModule, ...]]:
    """Each named type's module (type name -> module, in ``order``) and the modules; ``owners`` maps
    type name -> owning top-level name, ``graph`` the names each type refers to.

    ``configured`` (owner name -> dotted module below ``types``, the config's ``models.<Schema>.module``)
    places an owner, and with it its inline types, in that module (``chat.chat_completion`` is
    ``types/chat/chat_completion.py``). Owners configured into one module are one node of the import
    graph; when a reference cycle joins nodes they share the module of the first configured one (a
    ``module-merged`` warning names the others). Default module names never take a configured module
    or a package that one implies.
    """
    owner_names = set(owners.values())
    configured = {o: m for o, m in (configured or {}).items() if o in owner_names}
    owner_list = list(dict.fromkeys(owners[name] for name in order))
    # Nodes of the import graph: a configured module (all its owners), or an unconfigured owner.
    node_of = {o: ("module:" + configured[o] if o in configured else o) for o in owner_list}
    nodes = list(dict.fromkeys(node_of[o] for o in owner_list))
    position = {n: i for i, n in enumerate(nodes)}
    edges: dict[str, set[str]] = {n: set() for n in nodes}
    for name in order:
        src = node_of[owners[name]]
        for ref in graph[name]:
            if ref in owners and node_of[owners[ref]] != src:
                edges[src].add(node_of[owners[ref]])
    sorted_edges = {n: sorted(e, key=position.__getitem__) for n, e in edges.items()}
    components = _tarjan(nodes, sorted_edges)
    taken = {"__init__"} | {m for m in configured.values()} | module_packages(configured.values())
    module_names = NameTable(taken=taken, casefold=True)
    node_module: dict[str, str] = {}
    for component in sorted(components, key=lambda c: min(position[n] for n in c)):
        ordered = sorted(component, key=position.__getitem__)
        chosen = next((n for n in ordered if n.startswith("module:")), None)
        if chosen is not None:
            module = chosen.removeprefix("module:")
            for other in ordered:
                if other.startswith("module:") and other != chosen and diagnostics is not None:
                    members = ", ".join(o for o in owner_list if node_of[o] == other)
                    diagnostics.warn(
                        "module-merged",
                        f"{members} refer(s) to {module!r} and back in a cycle, so the module {other.removeprefix('module:')!r} is merged into {module!r}",
                        "/models",
                        file=config_file,
                        hint="configure the types of one reference cycle into one module",
                    )
        else:
            lead = ordered[0]
            base = snake_case(lead)
            if len(base) > MAX_MODULE_NAME:  # a file name has 255 bytes at most; a name this long is a spec's accident
                base = base[: MAX_MODULE_NAME - 7].rstrip("_") + "_" + short_hash(lead)
            if keyword.iskeyword(base):
                base += "_"
            module = module_names.claim([base, base + "_type"], origin=lead)
        for n in component:
            node_module[n] = module
    owner_module = {o: node_module[node_of[o]] for o in owner_list}
    result = {name: owner_module[owners[name]] for name in order}
    members: dict[str, list[str]] = {}
    for name in order:
        members.setdefault(result[name], []).append(name)
    modules = []
    for module, names in members.items():
        # What each module imports is decided by the emission stage (generator/emit), from the
        # symbols its code uses.
        modules.append(TypeModule(module, tuple(names)))
    modules.sort(key=lambda m: m.name)
    return result, tuple(modules)
