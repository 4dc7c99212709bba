"""Emission of ``resources/`` modules: method signatures and the one runtime call each makes.

A method's runtime call is data (:class:`~generator.emit.expr.Call`), printed in the
module's scope, so imports follow from what the code uses and a resource class
named like a runtime name (``Stream``) gets that runtime name under an alias.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.emit.code import Code, Text, code, dotted, ident, md_code, md_text, py_docstring, py_str, text
from generator.emit.expr import Attr, Await, Call, Const, DictOf, Expr, Is, Name, Pipe, Printer, Quoted, Sub, TupleOf, Var, render, to_data
from generator.emit.scope import ModuleScope, Symbol, builtin
from generator.emit.typeexpr import TypeBuilder, ext_name
from generator.emit.docs import describe, method_doc
from generator.emit import extensions
from generator.ir.model import AliasDef, AnyType, Api, ArrayType, EnumDef, Field, LiteralType, MapType, NamedRef, ObjectDef, Operation, Parameter, PrimitiveType, Resource, Returns, TypeExpr, UnionDef, UnionType

_VARIANTS = ("", "WithRawResponse", "WithStreamingResponse")
EXTRA_KEYWORDS = ("extra_headers", "extra_query", "extra_body", "timeout")


@dataclass(frozen=True)
class Overload:
    keyword: tuple[Code, ...]
    """Keyword-only parameters (``name: Type = default``), ``extra_headers`` ... ``timeout`` last."""
    returns: Code
    """The return annotation of this overload (sync)."""
    async_returns: Code
    """The return annotation of this overload (async)."""


@dataclass(frozen=True)
class ParamInfo:
    """One argument of a method as the spec documents it (what the ``Args:`` section is made from)."""

    name: Code
    """The Python keyword (or positional) name."""
    wire_name: Text
    """The name on the wire (``startIndex``; ``body`` for a whole request body)."""
    location: Code
    """``path``, ``query``, ``header``, ``cookie`` or ``body``."""
    required: bool
    """Whether the caller must pass it."""
    deprecated: bool
    """Whether the spec marks it deprecated."""
    description: Text
    """The spec's description."""
    doc: Text
    """The line of the ``Args:`` section: description, server default, limits, deprecation."""


@dataclass(frozen=True)
class OperationInfo:
    """The operation a method calls, for templates that document or mark methods."""

    id: Text
    """The operationId (after the normalizer made it unique)."""
    http_method: Code
    """``GET``, ``POST``, ..."""
    path: Text
    """The path template (``/exhibitions/{exhibitionId}``)."""
    summary: Text
    """The operation's summary."""
    description: Text
    """The operation's description."""
    deprecated: bool
    """Whether the spec marks the operation deprecated."""
    tags: tuple[Text, ...]
    """The operation's tags, as the spec lists them."""
    params: tuple[ParamInfo, ...]
    """Path arguments, then required, then optional keyword arguments (request body fields included)."""
    resource: Code
    """The attribute path from the client (``client.exhibitions``: ``exhibitions``)."""


@dataclass(frozen=True)
class MethodEmission:
    name: Code
    """The method's name (``list``, ``create``)."""
    operation_id: str
    """The operationId (plain text: not printable; see ``operation.id``)."""
    doc: Code
    """Complete docstring, indented for a method body."""
    deprecated: Code
    """The decorator expression (``deprecated("...")``) or empty."""
    positional: tuple[Code, ...]
    """Positional parameters (path parameters) as ``name: Type``."""
    keyword: tuple[Code, ...]
    """Keyword-only parameters (``name: Type = default``), ``extra_headers`` ... ``timeout`` last."""
    returns: Code
    """The sync method's return annotation."""
    async_returns: Code
    """The async method's return annotation."""
    call: Code
    """The sync method's body expression: one call into the runtime client."""
    async_call: Code
    """The async method's body expression."""
    is_async_def: bool
    """Paginated methods return an async paginator without awaiting: plain ``def``."""
    overloads: tuple[Overload, ...] = ()
    """``@overload`` signatures (a ``stream`` flag that changes the return type), or none."""
    call_expr: Expr | None = None
    """The sync call as an expression; :attr:`call_data` is its dump (``python -m generator ir``)."""
    doc_text: Text = Text("")  # noqa: RUF009 (immutable)
    """The docstring's text before quoting (compose it and print it with ``| docstring(8)``)."""
    operation: OperationInfo | None = None
    """The operation this method calls: id, HTTP method and path, summary, parameter docs, tags."""

    @property
    def call_data(self) -> object:
        """The sync call as data, made only when dumped (288 conversions the render never reads)."""
        return to_data(self.call_expr) if self.call_expr is not None else None


@dataclass(frozen=True)
class ChildEmission:
    attr: Code
    """The attribute on the parent resource (``completions`` of ``chat``)."""
    names: dict[str, Code]
    """``{"": Cls, "Async": AsyncCls, "WithRawResponse": ..., "AsyncWithRawResponse": ...}`` local names."""


@dataclass
class ResourceEmission:
    class_name: Code
    module: str
    """Dotted path below ``resources``."""
    is_package: bool
    methods: list[MethodEmission] = field(default_factory=list)
    children: list[ChildEmission] = field(default_factory=list)
    classes: dict[str, Code] = field(default_factory=dict)
    """This module's classes by prefix and variant: ``""``, ``"Async"``, ``"AsyncWithRawResponse"``..."""
    names: dict[str, Code] = field(default_factory=dict)
    """Local names of the runtime pieces the template lays out (bases, wrappers, decorators)."""
    bases: dict[str, Code] = field(default_factory=dict)
    """The class's bases by prefix (``""``, ``"Async"``): the runtime resource, or an extension's
    (``client.webhooks``, ``client.realtime``, see :mod:`generator.emit.extensions`)."""
    stdlib_imports: tuple[Code, ...] = ()
    thirdparty_imports: tuple[Code, ...] = ()
    local_imports: tuple[Code, ...] = ()
    exports: tuple[Code, ...] = ()
    imported: dict[str, str] = field(default_factory=dict)
    api: ApiSection | None = None
    """This resource's section of ``api.md``."""
    mixins: dict[str, Code] = field(default_factory=dict)
    """Config ``resources.mixins``: the rendered template by class prefix (``""``, ``"Async"``), indented."""


@dataclass(frozen=True)
class ApiSection:
    """A resource in ``api.md`` (openai-python's API reference): its types and its methods."""

    title: Code
    """``client.chat.completions`` as inline Markdown code."""
    types_import: Code
    """``from pkg.types import A, B`` (empty when the methods use no named type)."""
    methods: tuple[Code, ...]
    """One Markdown list item per method: its call, return type, HTTP method and path."""


class ResourcesEmitter:
    def __init__(self, api: Api, types: TypeBuilder) -> None:
        self.api = api
        self.package = api.package.name
        self.types = types
        self.defs = types.defs
        self.ops: dict[str, Operation] = {o.operation_id: o for o in api.operations}
        self._runtime: dict[tuple[str, str], Symbol] = {}

    def module_path(self, node: Resource) -> str:
        return f"{self.package}.resources.{node.module}"

    def all(self) -> list[ResourceEmission]:
        out: list[ResourceEmission] = []

        def walk(node: Resource) -> None:
            if node.path:
                out.append(self.resource(node))
            for child in node.children:
                walk(child)

        walk(self.api.resources)
        return out

    def _rt(self, module: str, name: str) -> Symbol:
        """A name of the generated package's runtime (``_types.Omit``), made once per emission (~2k uses)."""
        key = (module, name)
        symbol = self._runtime.get(key)
        if symbol is None:
            symbol = self._runtime[key] = Symbol(f"{self.package}.{module}", name)
        return symbol

    def resource(self, node: Resource) -> ResourceEmission:
        this = self.module_path(node)
        cls = node.class_name
        locals_ = frozenset(f"{p}{cls}{v}" for p in ("", "Async") for v in _VARIANTS)
        ops = [self.ops[o] for o in node.operations]
        reserved = frozenset({"self"} | {p.py_name for op in ops for p in op.parameters} | {f.py_name for op in ops if op.body for f in op.body.fields} | {op.body.arg_name for op in ops if op.body})
        scope = ModuleScope(this, locals_, reserved)
        view = ResourceEmission(ident(cls), node.module, bool(node.children))
        view.classes = {f"{p}{v}": ident(f"{p}{cls}{v}") for p in ("", "Async") for v in _VARIANTS}
        for child in node.children:
            module = self.module_path(child)
            names = {f"{p}{v}": scope.name(Symbol(module, f"{p}{child.class_name}{v}")) for p in ("", "Async") for v in _VARIANTS}
            view.children.append(ChildEmission(ident(child.attr_name), names))
        method_names = frozenset(op.method_name for op in ops)
        for op in ops:
            view.methods.append(self.method(op, scope, method_names))
        n = view.names
        n["cached_property"] = scope.name(Symbol("functools", "cached_property"))
        bases = extensions.resource_bases(self.api, node, scope, lambda e: self.types.build(e, param=False, where=""))
        if bases is None:
            n["SyncAPIResource"] = scope.name(self._rt("_resource", "SyncAPIResource"))
            n["AsyncAPIResource"] = scope.name(self._rt("_resource", "AsyncAPIResource"))
            bases = {"": n["SyncAPIResource"], "Async": n["AsyncAPIResource"]}
        view.bases = bases
        for w in ("to_raw_response_wrapper", "to_streamed_response_wrapper", "async_to_raw_response_wrapper", "async_to_streamed_response_wrapper"):
            n[w] = scope.name(self._rt("_response", w))
        if any(m.overloads for m in view.methods):
            n["overload"] = scope.name(Symbol("typing", "overload"))
        view.exports = (py_str(cls), py_str("Async" + cls))
        view.stdlib_imports, view.thirdparty_imports, view.local_imports = scope.import_lines()
        view.imported = scope.imported()
        view.api = self._api_section(node, ops, view)
        return view

    def _api_section(self, node: Resource, ops: list[Operation], view: ResourceEmission) -> ApiSection | None:
        if not ops:
            return None
        where = "client." + ".".join(node.path)
        prefix = f"{self.package}.types."
        by_package: dict[str, set[str]] = {}
        for key in view.imported:
            if key.startswith(prefix):
                module, name = key.rsplit(".", 1)
                by_package.setdefault(module.rsplit(".", 1)[0], set()).add(name)  # types.chat.chat_completion -> types.chat
        types_import = Code(
            "\n".join(f"from {dotted(package)} import {', '.join(ident(t) for t in sorted(names))}" for package, names in sorted(by_package.items()))
        )
        methods = []
        for op, m in zip(ops, view.methods):
            positional = [p.py_name for p in op.parameters if p.location == "path"]
            rest = len(m.keyword) > len(EXTRA_KEYWORDS)
            args = ", ".join(positional + (["**params"] if rest else []))
            methods.append(Code(f"- {md_code(f'{where}.{m.name}({args}) -> {m.returns}', in_table=False)}: {md_text(op.method.upper())} {md_code(op.path, in_table=False)}"))
        return ApiSection(md_code(where, in_table=False), types_import, tuple(methods))

    # -- methods ---------------------------------------------------------------------------

    def method(self, op: Operation, scope: ModuleScope, siblings: frozenset[str] = frozenset()) -> MethodEmission:
        body = op.body
        stream_field = op.returns.stream_flag
        # Names an annotation or the body could see instead of a builtin: the parameters, and the
        # class's methods (signatures are evaluated in the class body: a method ``list``).
        hidden = siblings | frozenset({"self"} | {p.py_name for p in op.parameters} | ({f.py_name for f in body.fields} if body else set()) | ({body.arg_name} if body and not body.fields else set()))

        ann = Printer(scope, hidden=hidden).render

        def param(expr: TypeExpr | None) -> Expr:
            return self.types.build(expr, param=True, where=op.source)

        def model(expr: TypeExpr | None) -> Expr:
            return self.types.build(expr, param=False, where=op.source)

        omit_t = Name(self._rt("_types", "Omit"))
        omit_v = Name(self._rt("_types", "omit"))

        def arg(name: str, e: Expr, required: bool) -> Code:
            if required:
                return Code(f"{ident(name)}: {ann(e)}")
            return Code(f"{ident(name)}: {ann(Pipe((e, omit_t)))} = {ann(omit_v)}")

        positional = [arg(p.py_name, param(p.type), True) for p in op.parameters if p.location == "path"]
        required: list[Code] = []
        optional: list[Code] = []
        documented: list[tuple[str, Parameter | Field | None, str]] = [(p.py_name, p, "") for p in op.parameters if p.location == "path"]
        doc_required: list[tuple[str, Parameter | Field | None, str]] = []
        doc_optional: list[tuple[str, Parameter | Field | None, str]] = []
        for p in op.parameters:
            if p.location != "path":
                (required if p.required else optional).append(arg(p.py_name, param(p.type), p.required))
                (doc_required if p.required else doc_optional).append((p.py_name, p, ""))
        stream_py = ""
        if body is not None:
            if body.fields:
                for f in body.fields:
                    if f.name == stream_field:
                        stream_py = f.py_name
                        continue
                    (required if f.required else optional).append(arg(f.py_name, param(f.type), f.required))
                    (doc_required if f.required else doc_optional).append((f.py_name, f, ""))
            else:
                e = param(body.body_type) if body.body_type is not None else Name(builtin("object"))
                (required if body.required else optional).append(arg(body.arg_name, e, body.required))
                (doc_required if body.required else doc_optional).append((body.arg_name, None, body.description.strip() or "The request body."))
        timeout_t = Pipe((Name(builtin("float")), Name(Symbol("httpx", "Timeout", as_module=True)), Const(None), Name(self._rt("_types", "NotGiven"))))
        extras = [
            Code(f"extra_headers: {ann(Pipe((Name(self._rt('_types', 'Headers')), Const(None))))} = None"),
            Code(f"extra_query: {ann(Pipe((Name(self._rt('_types', 'Query')), Const(None))))} = None"),
            Code(f"extra_body: {ann(Pipe((Name(self._rt('_types', 'Body')), Const(None))))} = None"),
            Code(f"timeout: {ann(timeout_t)} = {ann(Name(self._rt('_types', 'not_given')))}"),
        ]
        returns, async_returns = self._returns(op, model)
        returns_c, async_returns_c = ann(returns[0]), ann(async_returns[0])
        call_sync, call_async = self._calls(op, model)
        overloads: list[Overload] = []
        if stream_py and op.returns.stream_event is not None:
            event = model(op.returns.stream_event)
            base = model(op.returns.type) if op.returns.kind == "json" else Const(None)
            stream_t = Sub(Name(self._rt("_streaming", "Stream")), (event,))
            astream_t = Sub(Name(self._rt("_streaming", "AsyncStream")), (event,))
            lit = ext_name("Literal")
            false_arg = Code(f"{ident(stream_py)}: {ann(Pipe((Sub(lit, (Const(False),)), omit_t)))} = {ann(omit_v)}")
            true_arg = Code(f"{ident(stream_py)}: {ann(Sub(lit, (Const(True),)))}")
            bool_arg = Code(f"{ident(stream_py)}: {ann(Name(builtin('bool')))}")
            overloads = [
                Overload(tuple(required + [false_arg] + optional + extras), ann(base), ann(base)),
                Overload(tuple(required + [true_arg] + optional + extras), ann(stream_t), ann(astream_t)),
                Overload(tuple(required + [bool_arg] + optional + extras), ann(Pipe((base, stream_t))), ann(Pipe((base, astream_t)))),
            ]
            optional.insert(0, Code(f"{ident(stream_py)}: {ann(Pipe((Sub(lit, (Const(False),)), Sub(lit, (Const(True),)), omit_t)))} = {ann(omit_v)}"))
            returns_c, async_returns_c = ann(Pipe((base, stream_t))), ann(Pipe((base, astream_t)))
        if stream_py:
            doc_optional.insert(0, (stream_py, next(f for f in body.fields if f.py_name == stream_py) if body else None, "Stream the response as server-sent events."))
        args_doc = documented + doc_required + doc_optional
        described = [describe(item, fallback) for _, item, fallback in args_doc]
        doc = method_doc(op, [(name, d) for (name, _, _), d in zip(args_doc, described)])
        deprecated = Code("")
        if op.deprecated:
            deprecated = render(Call(Name(Symbol("typing_extensions", "deprecated")), (Const("deprecated by the API"),)), scope)
        return MethodEmission(
            name=ident(op.method_name),
            operation_id=op.operation_id,
            doc=py_docstring(doc, 8),
            deprecated=deprecated,
            positional=tuple(positional),
            keyword=tuple(required + optional + extras),
            returns=returns_c,
            async_returns=async_returns_c,
            call=ann(self._returned(op, call_sync, model)),
            async_call=ann(self._returned(op, Await(call_async) if op.pagination is None else call_async, model)),
            is_async_def=op.pagination is None,
            overloads=tuple(overloads),
            call_expr=call_sync,
            doc_text=text(doc),
            operation=self._operation_info(op, args_doc, described),
        )

    def _operation_info(self, op: Operation, args: list[tuple[str, Parameter | Field | None, str]], described: list[str]) -> OperationInfo:
        """``described``: each argument's documentation (:func:`~generator.emit.docs.describe`), as the docstring has it."""
        params = []
        for (name, item, fallback), doc in zip(args, described):
            if isinstance(item, Parameter):
                wire, location, required = item.name, item.location, item.required
            elif isinstance(item, Field):
                wire, location, required = item.name, "body", item.required
            else:
                wire, location, required = "body", "body", bool(op.body and op.body.required)
            params.append(ParamInfo(
                name=ident(name), wire_name=text(wire), location=code(location), required=required,
                deprecated=bool(item is not None and item.deprecated),
                description=text(item.description if item is not None else fallback), doc=text(doc),
            ))  # fmt: skip
        return OperationInfo(
            id=text(op.operation_id), http_method=code(op.method.upper()), path=text(op.path), summary=text(op.summary.strip()),
            description=text(op.description.strip()), deprecated=op.deprecated, tags=tuple(text(t) for t in op.tags),
            params=tuple(params), resource=dotted(".".join(op.resource)) if op.resource else Code(""),
        )  # fmt: skip

    def _returns(self, op: Operation, model) -> tuple[tuple[Expr], tuple[Expr]]:  # type: ignore[no-untyped-def]
        r = op.returns
        if op.pagination is not None:
            item = model(op.pagination.item_type)
            return (Sub(Name(self._rt("_pagination", "SyncPage")), (item,)),), (Sub(Name(self._rt("_pagination", "AsyncPaginator")), (item,)),)
        if r.kind == "json":
            t = model(r.type) if r.type is not None else Name(builtin("object"))
            return (t,), (t,)
        if r.kind == "sse":
            event = model(r.stream_event) if r.stream_event is not None else Name(builtin("object"))
            return (Sub(Name(self._rt("_streaming", "Stream")), (event,)),), (Sub(Name(self._rt("_streaming", "AsyncStream")), (event,)),)
        if r.kind == "binary":
            return (Name(self._rt("_response", "BinaryResponse")),), (Name(self._rt("_response", "AsyncBinaryResponse")),)
        if r.kind == "text":
            return (Name(builtin("str")),), (Name(builtin("str")),)
        return (Const(None),), (Const(None),)

    def _cast_to(self, expr: TypeExpr | None, model) -> Expr:  # type: ignore[no-untyped-def]
        """Classes (also through aliases) as they are; unions through ``cast("type[...]")``; a type
        holding a ``Literal`` (which ``type[...]`` cannot hold) as ``Any``: :meth:`_returned` then
        casts the result."""
        if expr is None:
            return Name(builtin("object"))
        e = model(expr)
        if self._is_class(expr):
            return e
        if self._literal_at_top(expr):
            return Call(Name(Symbol("typing", "cast")), (Name(Symbol("typing", "Any")), e))
        return Call(Name(Symbol("typing", "cast")), (Quoted(Sub(Name(builtin("type")), (e,))), e))

    def _cast_by_value(self, r: Returns, model) -> Expr:  # type: ignore[no-untyped-def]
        """``cast_to`` picked by an argument's value (config ``returns``): the runtime's ``type_by_value``
        looks the value up, with the whole declared type for any other value."""
        assert r.type is not None
        whole = model(r.type)
        pick = Call(Name(self._rt("_models", "type_by_value")), (Var(r.by_argument), DictOf(tuple((Const(v), model(t)) for v, t in r.by_value)), whole))
        if self._literal_at_top(r.type):
            return Call(Name(Symbol("typing", "cast")), (Name(Symbol("typing", "Any")), pick))
        return Call(Name(Symbol("typing", "cast")), (Quoted(Sub(Name(builtin("type")), (whole,))), pick))

    def _returned(self, op: Operation, call: Expr, model) -> Expr:  # type: ignore[no-untyped-def]
        """What the method returns: the runtime call, cast to the declared type when ``cast_to`` had
        to be ``Any``."""
        r = op.returns
        if op.pagination is None and r.kind == "json" and r.type is not None and not (r.stream_flag and r.stream_event is not None):
            if not self._is_class(r.type) and self._literal_at_top(r.type):
                return Call(Name(Symbol("typing", "cast")), (Quoted(model(r.type)), call))
        return call

    def _literal_at_top(self, expr: TypeExpr, seen: frozenset[str] = frozenset()) -> bool:
        """Whether ``type[...]`` of this type would hold a ``Literal`` (through aliases and unions)."""
        if isinstance(expr, LiteralType):
            return True
        if isinstance(expr, UnionType):
            return any(self._literal_at_top(v, seen) for v in expr.variants)
        if isinstance(expr, NamedRef) and expr.name not in seen:
            d = self.defs.get(expr.name)
            if isinstance(d, EnumDef):
                return True
            if isinstance(d, AliasDef):
                return self._literal_at_top(d.target, seen | {expr.name})
            if isinstance(d, UnionDef):
                return self._literal_at_top(d.union, seen | {expr.name})
        return False

    def _is_class(self, expr: TypeExpr) -> bool:
        seen: set[str] = set()
        while isinstance(expr, NamedRef) and expr.name not in seen:
            seen.add(expr.name)
            d = self.defs.get(expr.name)
            if isinstance(d, ObjectDef):
                return True
            if not isinstance(d, AliasDef):
                return False
            expr = d.target
        return isinstance(expr, (ArrayType, MapType, PrimitiveType, AnyType))

    def _calls(self, op: Operation, model) -> tuple[Call, Call]:  # type: ignore[no-untyped-def]
        """The runtime call of the sync method and of the async one: the same call but for the
        stream and binary response classes and a wrapper's name, so it is built once."""
        args: tuple[Expr, ...] = (Const(op.method), Const(op.path.split("?", 1)[0]))
        kw: list[tuple[str, Expr, Expr]] = []
        """``(keyword, sync value, async value)``."""

        def same(key: str, value: Expr) -> None:
            kw.append((key, value, value))

        path_params = [p for p in op.parameters if p.location == "path"]
        if path_params:
            same("path_params", DictOf(tuple((Const(p.name), Var(p.py_name)) for p in path_params)))
        for location, key in (("query", "query"), ("header", "headers"), ("cookie", "cookies")):
            entries: list[tuple[Expr, Expr]] = [(Const(k), Const(v)) for k, v in _fixed_query(op.path)] if location == "query" else []
            entries += [(Const(p.name), Var(p.py_name)) for p in op.parameters if p.location == location]
            if entries:
                same(key, DictOf(tuple(entries)))
        styles = [p for p in op.parameters if p.style]
        if styles:
            same("query_styles", DictOf(tuple((Const(p.name), TupleOf((Const(p.style), Const(p.explode)))) for p in styles)))
        body = op.body
        if body is not None:
            if body.fields:
                part = Name(self._rt("_files", "json_part"))
                same("body", DictOf(tuple((Const(f.name), Call(part, (Var(f.py_name),)) if f.name in body.json_fields else Var(f.py_name)) for f in body.fields)))
            else:
                same("body", Var(body.arg_name))
            same("body_kind", Const(body.kind))
            if body.media_type not in ("application/json", "multipart/form-data", "application/x-www-form-urlencoded"):
                same("content_type", Const(body.media_type))
        r = op.returns
        accept = ""
        if op.pagination is not None:
            same("page", self._pagination(op))
            same("item_type", self._cast_to(op.pagination.item_type, model))
        else:
            if r.kind == "json" and r.by_value and r.type is not None:
                same("cast_to", self._cast_by_value(r, model))
            elif r.kind == "json":
                same("cast_to", self._cast_to(r.type, model))
            elif r.kind == "sse":
                same("cast_to", self._cast_to(r.stream_event, model))
            elif r.kind == "text":
                same("cast_to", Name(builtin("str")))
            elif r.kind == "binary":
                kw.append(("cast_to", Name(self._rt("_response", "BinaryResponse")), Name(self._rt("_response", "AsyncBinaryResponse"))))
                accept = _accept(op)
            else:
                same("cast_to", Name(self._rt("_types", "NoneType")))
            same("response_kind", Const(r.kind if r.kind != "sse" else "json"))
            event: Expr | None = None
            if r.stream_flag and r.stream_event is not None and body is not None and r.kind == "json":
                stream_py = next(f.py_name for f in body.fields if f.name == r.stream_flag)
                same("stream", Is(Var(stream_py), Const(True)))
                event = model(r.stream_event)
            elif r.kind == "sse":
                same("stream", Const(True))
                event = model(r.stream_event) if r.stream_event is not None else Name(builtin("object"))
            if event is not None:
                kw.append(("stream_cls", Sub(Name(self._rt("_streaming", "Stream")), (event,)), Sub(Name(self._rt("_streaming", "AsyncStream")), (event,))))
        if op.security is not None:
            same("security", TupleOf(tuple(TupleOf(tuple(Const(s) for s in alt)) for alt in op.security)))
        fixed: tuple[tuple[Expr, Expr], ...] = tuple((Const(k), Const(v)) for k, v in op.headers) + (((Const("Accept"), Const(accept)),) if accept else ())
        same("extra_headers", DictOf(fixed, rest=Var("extra_headers")) if fixed else Var("extra_headers"))
        for extra in ("extra_query", "extra_body", "timeout"):
            same(extra, Var(extra))
        sync_kw = tuple((key, value) for key, value, _ in kw)
        async_kw = tuple((key, value) for key, _, value in kw)
        client = Attr(Attr(Var("self"), "_client"), "request_page" if op.pagination is not None else "request")
        if op.wrapper:
            module, _, function = op.wrapper.partition(":")
            return (
                Call(Name(self._rt(module, function)), (client, *args), sync_kw),
                Call(Name(self._rt(module, "async_" + function)), (client, *args), async_kw),
            )
        return Call(client, args, sync_kw), Call(client, args, async_kw)

    def _pagination(self, op: Operation) -> Expr:
        pg = op.pagination
        assert pg is not None
        has_more = Const(pg.has_more_field) if pg.has_more_field else Const(None)
        if pg.style == "next_link":
            return Call(Name(self._rt("_pagination", "NextLinkPagination")), kwargs=(("items", Const(pg.items_field)), ("next", Const(pg.next_cursor_field or "next"))))
        if pg.style == "single":
            return Call(Name(self._rt("_pagination", "SinglePagePagination")), kwargs=(("items", Const(pg.items_field)),))
        kwargs: list[tuple[str, Expr]] = [("param", Const(pg.request_param)), ("items", Const(pg.items_field)), ("has_more", has_more)]
        if pg.style == "cursor" and pg.next_cursor_field:
            kwargs.append(("next_cursor", Const(pg.next_cursor_field)))
        cls = {"cursor": "CursorPagination", "page": "PageNumberPagination", "offset": "OffsetPagination"}[pg.style]
        return Call(Name(self._rt("_pagination", cls)), kwargs=tuple(kwargs))


def _accept(op: Operation) -> str:
    for response in op.responses:
        if response.status.startswith("2"):
            for content in response.contents:
                if content.kind == "binary":
                    return content.media_type
    return "application/octet-stream"


def _fixed_query(path: str) -> list[tuple[str, str]]:
    """``/responses?beta=true`` carries a fixed query in the path key; send it as query."""
    if "?" not in path:
        return []
    pairs = []
    for part in path.split("?", 1)[1].split("&"):
        key, _, value = part.partition("=")
        if key:
            pairs.append((key, value))
    return pairs
