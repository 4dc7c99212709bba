"""Template context for ``resources/`` modules: method signatures and the runtime call each makes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from generator.ir.model import Api, NamedRef, Operation, Resource, TypeDef, TypeExpr
from generator.normalize.modules import refs_in
from generator.render.annotations import Annotator, literal
from generator.render.types_view import docstring

_TYPING = ("Dict", "List", "Mapping", "Optional", "Sequence", "Union")


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
    runtime_names: tuple[str, ...] = ()
    uses_property_info: bool = False
    docstring: str = ""


class ResourcesRenderer:
    def __init__(self, api: Api) -> None:
        self.api = api
        self.package = api.package.name
        self.defs: dict[str, TypeDef] = {t.name: t for t in api.types}
        self.ops: dict[str, Operation] = {o.operation_id: o for o in api.operations}
        self.model = Annotator(False, lambda n: self.defs[n].name if n in self.defs else "object")
        self.param = Annotator(True, lambda n: self.defs[n].param_name if n in self.defs else "object")

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
        refs: set[str] = set()
        for op_id in node.operations:
            op = self.ops[op_id]
            view.methods.append(self.method(op))
            refs |= self._refs(op)
        wanted: dict[str, set[str]] = {}
        for name, is_param in sorted(refs):
            d = self.defs.get(name)
            if d is not None:
                wanted.setdefault(d.module, set()).add(d.param_name if is_param else d.name)
        view.type_imports = [(f"{self.package}.types.{m}", tuple(sorted(n))) for m, n in sorted(wanted.items())]
        text = "\n".join(a for m in view.methods for a in (*m.positional, *m.keyword, m.returns, *m.call_args, *(x for o in m.overloads for x in o.args)))
        view.typing_names = tuple(n for n in _TYPING if re.search(rf"\b{n}\[", text))
        ext = [n for n in ("Annotated", "Literal") if re.search(rf"\b{n}\[", text)]
        view.extension_names = tuple(ext)
        view.uses_property_info = "PropertyInfo(" in text
        runtime = {"omit", "Omit", "not_given", "NotGiven", "Headers", "Query", "Body"}
        if any(m.overloads for m in view.methods):
            runtime |= {"Stream", "AsyncStream"}
        for m in view.methods:
            for token in ("FileTypes", "Stream[", "SyncPage[", "AsyncPaginator[", "BinaryResponse", "AsyncBinaryResponse", "Pagination("):
                if token in m.returns or token in m.async_returns or any(token in a for a in (*m.keyword, *m.positional, *m.call_args)):
                    runtime.add(token.rstrip("[("))
        view.runtime_names = tuple(sorted(runtime))
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
        call, call_args = self._call(op)
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

    def _call(self, op: Operation) -> tuple[str, list[str]]:
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
            args.append("query_styles={" + ", ".join(f'{literal(p.name)}: ({literal(p.style)}, {p.explode})' for p in styles) + "}")
        body = op.body
        if body is not None:
            if body.fields:
                args.append("body={" + ", ".join(f"{literal(f.name)}: {f.py_name}" for f in body.fields) + "}")
            else:
                args.append("body=body")
            args.append(f'body_kind="{body.kind}"')
            if body.kind in ("binary", "text") or body.media_type not in ("application/json", "multipart/form-data", "application/x-www-form-urlencoded"):
                args.append(f"content_type={literal(body.media_type)}")
        r = op.returns
        if op.pagination is not None:
            pg = op.pagination
            parts = [f'style="{pg.style}"', f"items={literal(pg.items_field)}"]
            if pg.request_param:
                parts.append(f"param={literal(pg.request_param)}")
            if pg.has_more_field:
                parts.append(f"has_more={literal(pg.has_more_field)}")
            if pg.next_cursor_field:
                parts.append(f"next_cursor={literal(pg.next_cursor_field)}")
            args.append("page=Pagination(" + ", ".join(parts) + ")")
            args.append(f"item_type={self.model(pg.item_type)}")
            if isinstance(r.type, NamedRef):
                args.append(f"page_type={self.model(r.type)}")
        else:
            if r.kind == "json":
                args.append(f"cast_to={self.model(r.type) if r.type is not None else 'object'}")
            elif r.kind == "sse":
                event = self.model(r.stream_event) if r.stream_event is not None else "object"
                args.append(f"cast_to={event}")
            elif r.kind == "text":
                args.append("cast_to=str")
            else:
                args.append("cast_to=type(None)" if r.kind == "empty" else "cast_to=BinaryResponse")
            args.append(f'response_kind="{r.kind}"')
            if r.stream_flag and r.stream_event is not None and body is not None:
                stream_py = next(f.py_name for f in body.fields if f.name == r.stream_flag)
                event = self.model(r.stream_event)
                args.append(f"stream={stream_py} is True")
                args.append(f"stream_cls=Stream[{event}]")
            elif r.kind == "sse":
                args.append("stream=True")
                args.append(f"stream_cls=Stream[{self.model(r.stream_event) if r.stream_event is not None else 'object'}]")
        if op.security is not None:
            args.append("security=(" + "".join("(" + "".join(f"{literal(s)}, " for s in alt) + "), " for alt in op.security) + ")")
        args += ["extra_headers=extra_headers", "extra_query=extra_query", "extra_body=extra_body", "timeout=timeout"]
        return ("request_page" if op.pagination is not None else "request"), args


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
