"""Template context for ``resources/`` modules: method signatures and the runtime call each makes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from generator.ir.model import AliasDef, AnyType, Api, ArrayType, MapType, NamedRef, ObjectDef, Operation, PrimitiveType, Resource, TypeDef, TypeExpr
from generator.normalize.modules import refs_in
from generator.render.annotations import Annotator, literal
from generator.render.types_view import docstring

_TYPING = ("Dict", "List", "Mapping", "Optional", "Sequence", "Union")
_SUBSCRIPTED = re.compile(r"\b(Dict|List|Mapping|Optional|Sequence|Union|Annotated|Literal)\[")
_WORD = re.compile(r"\w+")
_ALWAYS_IMPORTED = frozenset({"Body", "Headers", "NotGiven", "Omit", "Query", "not_given", "omit"})
# Where each runtime name lives; a Stream import brings its async twin along (the async class uses it).
_RUNTIME_MODULES: tuple[tuple[str, frozenset[str]], ...] = (
    ("_types", frozenset({"Body", "FileTypes", "Headers", "NoneType", "NotGiven", "Omit", "Query", "not_given", "omit"})),
    ("_streaming", frozenset({"AsyncStream", "Stream"})),
    ("_pagination", frozenset({"AsyncPaginator", "CursorPagination", "NextLinkPagination", "OffsetPagination", "PageNumberPagination", "SyncPage"})),
    ("_response", frozenset({"AsyncBinaryResponse", "BinaryResponse"})),
)
_RUNTIME_NAMES = frozenset().union(*(names for _, names in _RUNTIME_MODULES))


@dataclass(frozen=True)
class Arg:
    """One parameter of a generated method: ``name: annotation = default``."""

    name: str
    annotation: str
    default: str = ""

    def text(self) -> str:
        return f"{self.name}: {self.annotation}" + (f" = {self.default}" if self.default else "")


@dataclass(frozen=True)
class Overload:
    args: tuple[str, ...]
    returns: str
    async_returns: str


@dataclass(frozen=True)
class MethodView:
    name: str
    docstring: str
    deprecated: bool
    positional: tuple[str, ...]
    keyword: tuple[str, ...]
    returns: str
    async_returns: str
    call: str
    """Name of the client method: ``request`` or ``request_page``."""
    call_args: tuple[str, ...]
    """``key=value`` arguments of the runtime call, in order."""
    async_call_args: tuple[str, ...]
    is_async_def: bool
    overloads: tuple[Overload, ...] = ()
    empty_path_checks: tuple[str, ...] = ()


@dataclass
class ResourceView:
    class_name: str
    attr_name: str
    module: str
    """Dotted path below ``resources``."""
    is_package: bool
    methods: list[MethodView] = field(default_factory=list)
    children: list[tuple[str, str, str]] = field(default_factory=list)
    """``(attribute, class name, absolute module)`` of child resources."""
    type_imports: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    typing_names: tuple[str, ...] = ()
    extension_names: tuple[str, ...] = ()
    runtime_imports: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    """``(runtime module, names)`` this resource module imports, e.g. ``("_streaming", ("AsyncStream", "Stream"))``."""
    uses_property_info: bool = False
    uses_cast: bool = False
    docstring: str = ""


class ResourcesRenderer:
    def __init__(self, api: Api) -> None:
        self.api = api
        self.package = api.package.name
        self.defs: dict[str, TypeDef] = {t.name: t for t in api.types}
        self.ops: dict[str, Operation] = {o.operation_id: o for o in api.operations}
        self.aliases: dict[str, str] = {}
        """Type names that a class of the module being rendered shadows -> the alias they are imported as."""
        self.model = Annotator(False, lambda n: self._local(self.defs[n].name) if n in self.defs else "object")
        self.param = Annotator(True, lambda n: self._local(self.defs[n].param_name) if n in self.defs else "object")

    def _local(self, name: str) -> str:
        return self.aliases.get(name, name)

    def all(self) -> list[ResourceView]:
        views: list[ResourceView] = []

        def walk(node: Resource) -> None:
            if node.path:
                views.append(self.resource(node))
            for child in node.children:
                walk(child)

        walk(self.api.resources)
        return views

    def resource(self, node: Resource) -> ResourceView:
        view = ResourceView(node.class_name, node.attr_name, node.module, bool(node.children))
        view.docstring = ""
        for child in node.children:
            view.children.append((child.attr_name, child.class_name, self.module_path(child)))
        refs: set[tuple[str, bool]] = set()
        for op_id in node.operations:
            refs |= self._refs(self.ops[op_id])
        # A type named like a class of this module (resource ``Balance`` returning the model ``Balance``)
        # is imported under an alias; otherwise the class would shadow it (``cast_to=Balance``).
        classes = {f"{prefix}{cls}{suffix}" for cls in [node.class_name, *(c.class_name for c in node.children)]
                   for prefix in ("", "Async") for suffix in ("", "WithRawResponse", "WithStreamingResponse")}
        self.aliases = {}
        for name, is_param in sorted(refs):
            d = self.defs.get(name)
            local = (d.param_name if is_param else d.name) if d is not None else ""
            if local in classes:
                alias = local + ("Param" if is_param else "Model")
                while alias in classes:
                    alias += "_"
                self.aliases[local] = alias
        for op_id in node.operations:
            view.methods.append(self.method(self.ops[op_id]))
        wanted: dict[str, set[str]] = {}
        for name, is_param in sorted(refs):
            d = self.defs.get(name)
            if d is not None:
                local = d.param_name if is_param else d.name
                wanted.setdefault(d.module, set()).add(f"{local} as {self.aliases[local]}" if local in self.aliases else local)
        view.type_imports = [(f"{self.package}.types.{m}", tuple(sorted(n))) for m, n in sorted(wanted.items())]
        text = "\n".join(a for m in view.methods for a in (*m.positional, *m.keyword, m.returns, *m.call_args, *(x for o in m.overloads for x in o.args)))
        used = set(_SUBSCRIPTED.findall(text))
        view.typing_names = tuple(n for n in _TYPING if n in used)
        ext = [n for n in ("Annotated", "Literal") if n in used]
        view.extension_names = tuple(ext)
        view.uses_property_info = "PropertyInfo(" in text
        everything = "\n".join(text.splitlines() + [a for m in view.methods for a in (m.async_returns, *m.async_call_args)])
        words = set(_WORD.findall(everything))
        used = {n for n in _RUNTIME_NAMES if n in words} | _ALWAYS_IMPORTED
        view.runtime_imports = [
            (module, tuple(sorted(n for n in names if n in used)))
            for module, names in _RUNTIME_MODULES
            if any(n in used for n in names)
        ]
        view.uses_cast = "cast(" in everything
        return view

    def module_path(self, node: Resource) -> str:
        return f"{self.package}.resources.{node.module}"

    def _refs(self, op: Operation) -> set[tuple[str, bool]]:
        refs: set[tuple[str, bool]] = set()
        for p in op.parameters:
            refs |= {(r, True) for r in refs_in(p.type)}
        if op.body is not None:
            if op.body.fields:
                for f in op.body.fields:
                    refs |= {(r, True) for r in refs_in(f.type)}
            else:
                refs |= {(r, True) for r in refs_in(op.body.body_type)}
        returns = op.returns
        if op.pagination is not None:
            refs |= {(r, False) for r in refs_in(op.pagination.item_type)}
        elif returns.kind == "json":
            refs |= {(r, False) for r in refs_in(returns.type)}
        if returns.stream_event is not None:
            refs |= {(r, False) for r in refs_in(returns.stream_event)}
        return refs

    # -- methods ---------------------------------------------------------------------------

    def method(self, op: Operation) -> MethodView:
        positional = [Arg(p.py_name, self.param(p.type)) for p in op.parameters if p.location == "path"]
        required: list[Arg] = []
        optional: list[Arg] = []
        stream_field = op.returns.stream_flag
        for p in op.parameters:
            if p.location == "path":
                continue
            (required if p.required else optional).append(self._arg(p.py_name, p.type, p.required))
        body = op.body
        if body is not None:
            if body.fields:
                for f in body.fields:
                    if f.name == stream_field:
                        continue
                    (required if f.required else optional).append(self._arg(f.py_name, f.type, f.required))
            else:
                ann = self.param(body.body_type) if body.body_type is not None else "object"
                (required if body.required else optional).append(Arg("body", ann) if body.required else Arg("body", f"{ann} | Omit", "omit"))
        extras = [
            Arg("extra_headers", "Headers | None", "None"),
            Arg("extra_query", "Query | None", "None"),
            Arg("extra_body", "Body | None", "None"),
            Arg("timeout", "float | httpx.Timeout | None | NotGiven", "not_given"),
        ]
        returns, async_returns = self._returns(op)
        call, call_args = self._call(op, is_async=False)
        _, async_call_args = self._call(op, is_async=True)
        overloads: list[Overload] = []
        stream_py = ""
        if stream_field and op.returns.stream_event is not None and body is not None:
            stream_py = next(f.py_name for f in body.fields if f.name == stream_field)
            event = self.model(op.returns.stream_event)
            base = self.model(op.returns.type) if op.returns.kind == "json" else "None"
            kw_req = [a.text() for a in required]
            kw_opt = [a.text() for a in optional]
            tail = [a.text() for a in extras]
            overloads = [
                Overload(tuple(kw_req + [f"{stream_py}: Literal[False] | Omit = omit"] + kw_opt + tail), base, base),
                Overload(tuple(kw_req + [f"{stream_py}: Literal[True]"] + kw_opt + tail), f"Stream[{event}]", f"AsyncStream[{event}]"),
                Overload(tuple(kw_req + [f"{stream_py}: bool"] + kw_opt + tail), f"{base} | Stream[{event}]", f"{base} | AsyncStream[{event}]"),
            ]
            optional.insert(0, Arg(stream_py, "Literal[False] | Literal[True] | Omit", "omit"))
            returns, async_returns = f"{base} | Stream[{event}]", f"{base} | AsyncStream[{event}]"
        keyword = [a.text() for a in required + optional + extras]
        doc = "\n\n".join(t for t in (op.summary, op.description) if t)
        return MethodView(
            name=op.method_name,
            docstring=docstring(doc),
            deprecated=op.deprecated,
            positional=tuple(a.text() for a in positional),
            keyword=tuple(keyword),
            returns=returns,
            async_returns=async_returns,
            call=call,
            call_args=tuple(call_args),
            async_call_args=tuple(async_call_args),
            is_async_def=op.pagination is None,
            overloads=tuple(overloads),
        )

    def _arg(self, name: str, expr: TypeExpr, required: bool) -> Arg:
        ann = self.param(expr)
        return Arg(name, ann) if required else Arg(name, f"{ann} | Omit", "omit")

    def _returns(self, op: Operation) -> tuple[str, str]:
        r = op.returns
        if op.pagination is not None:
            item = self.model(op.pagination.item_type)
            return f"SyncPage[{item}]", f"AsyncPaginator[{item}]"
        if r.kind == "json":
            t = self.model(r.type) if r.type is not None else "object"
            return t, t
        if r.kind == "sse":
            event = self.model(r.stream_event) if r.stream_event is not None else "object"
            return f"Stream[{event}]", f"AsyncStream[{event}]"
        if r.kind == "binary":
            return "BinaryResponse", "AsyncBinaryResponse"
        if r.kind == "text":
            return "str", "str"
        return "None", "None"

    def _cast_to(self, expr: TypeExpr | None) -> str:
        """``cast_to`` text: classes (also through aliases) as they are; unions and literals through ``cast``."""
        if expr is None:
            return "object"
        ann = self.model(expr)
        if self._is_class(expr):
            return ann
        return f"cast({f'type[{ann}]'!r}, {ann})"

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

    def _call(self, op: Operation, *, is_async: bool) -> tuple[str, list[str]]:
        stream = "AsyncStream" if is_async else "Stream"
        args = [f'"{op.method}"', literal(op.path.split("?", 1)[0])]
        path_params = [p for p in op.parameters if p.location == "path"]
        if path_params:
            args.append("path_params={" + ", ".join(f"{literal(p.name)}: {p.py_name}" for p in path_params) + "}")
        fixed_query = _fixed_query(op.path)
        for location in ("query", "header", "cookie"):
            params = [p for p in op.parameters if p.location == location]
            entries = [f"{literal(k)}: {literal(v)}" for k, v in fixed_query] if location == "query" else []
            entries += [f"{literal(p.name)}: {p.py_name}" for p in params]
            if entries:
                key = {"query": "query", "header": "headers", "cookie": "cookies"}[location]
                args.append(f"{key}={{" + ", ".join(entries) + "}")
        styles = [p for p in op.parameters if p.style]
        if styles:
            args.append("query_styles={" + ", ".join(f"{literal(p.name)}: ({literal(p.style)}, {p.explode})" for p in styles) + "}")
        body = op.body
        if body is not None:
            if body.fields:
                args.append("body={" + ", ".join(f"{literal(f.name)}: {f.py_name}" for f in body.fields) + "}")
            else:
                args.append("body=body")
            args.append(f'body_kind="{body.kind}"')
            if body.media_type not in ("application/json", "multipart/form-data", "application/x-www-form-urlencoded"):
                args.append(f"content_type={literal(body.media_type)}")
        r = op.returns
        accept = ""
        if op.pagination is not None:
            args.append("page=" + _pagination(op))
            args.append(f"item_type={self._cast_to(op.pagination.item_type)}")
        else:
            if r.kind == "json":
                args.append(f"cast_to={self._cast_to(r.type)}")
            elif r.kind == "sse":
                args.append(f"cast_to={self._cast_to(r.stream_event)}")
            elif r.kind == "text":
                args.append("cast_to=str")
            elif r.kind == "binary":
                args.append("cast_to=" + ("AsyncBinaryResponse" if is_async else "BinaryResponse"))
                accept = _accept(op)
            else:
                args.append("cast_to=NoneType")
            args.append(f'response_kind="{r.kind if r.kind != "sse" else "json"}"')
            if r.stream_flag and r.stream_event is not None and body is not None and r.kind == "json":
                stream_py = next(f.py_name for f in body.fields if f.name == r.stream_flag)
                args.append(f"stream={stream_py} is True")
                args.append(f"stream_cls={stream}[{self.model(r.stream_event)}]")
            elif r.kind == "sse":
                args.append("stream=True")
                args.append(f"stream_cls={stream}[{self.model(r.stream_event) if r.stream_event is not None else 'object'}]")
        if op.security is not None:
            args.append("security=(" + "".join("(" + "".join(f"{literal(s)}, " for s in alt) + "), " for alt in op.security) + ")")
        headers = f"{{\"Accept\": {literal(accept)}, **(extra_headers or {{}})}}" if accept else "extra_headers"
        args += [f"extra_headers={headers}", "extra_query=extra_query", "extra_body=extra_body", "timeout=timeout"]
        return ("request_page" if op.pagination is not None else "request"), args


def _pagination(op: Operation) -> str:
    pg = op.pagination
    assert pg is not None
    if pg.style == "cursor":
        parts = [f"param={literal(pg.request_param)}", f"items={literal(pg.items_field)}", f"has_more={literal(pg.has_more_field) if pg.has_more_field else None}"]
        if pg.next_cursor_field:
            parts.append(f"next_cursor={literal(pg.next_cursor_field)}")
        return "CursorPagination(" + ", ".join(parts) + ")"
    if pg.style == "page":
        return f"PageNumberPagination(param={literal(pg.request_param)}, items={literal(pg.items_field)}, has_more={literal(pg.has_more_field) if pg.has_more_field else None})"
    if pg.style == "offset":
        return f"OffsetPagination(param={literal(pg.request_param)}, items={literal(pg.items_field)}, has_more={literal(pg.has_more_field) if pg.has_more_field else None})"
    return f"NextLinkPagination(items={literal(pg.items_field)}, next={literal(pg.next_cursor_field or 'next')})"


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
    query = path.split("?", 1)[1]
    pairs = []
    for part in query.split("&"):
        key, _, value = part.partition("=")
        if key:
            pairs.append((key, value))
    return pairs


def views(api: Api) -> list[ResourceView]:
    return ResourcesRenderer(api).all()


def client_children(api: Api) -> list[tuple[str, str, str]]:
    r = ResourcesRenderer(api)
    return [(c.attr_name, c.class_name, r.module_path(c)) for c in api.resources.children]
