"""Operations: parameters, request bodies, responses, what a method returns, pagination."""

from __future__ import annotations

from typing import Any, Callable, Mapping

from generator.diagnostics import Diagnostics
from generator.flavours import GENERIC, Policy
from generator.ir.model import (
    ArrayType,
    BodyKind,
    EnumDef,
    Field,
    FileType,
    LiteralType,
    NamedRef,
    ObjectDef,
    Operation,
    Pagination,
    Parameter,
    PrimitiveType,
    RequestBody,
    Response,
    ResponseContent,
    ResponseKind,
    Returns,
    TypeExpr,
    UnionType,
)
from generator.load.refs import Location, RefError, Resolver
from generator.normalize.naming import RESERVED_KWARGS, Naming, NameTable, Renames, pascal_case, snake_case, wire_of
from generator.normalize.schemas import NameContext, SchemaNormalizer, examples_of
from generator.normalize.selectors import OpRef

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_LOSSES = frozenset({"unresolved-ref", "invalid-parameter", "invalid-schema"})
"""Diagnostics that mean part of an operation was dropped or typed ``Any`` (see ``Operation.dropped``)."""
_RESERVED_HEADERS = {
    "accept": "the runtime sends Accept from the response's media types",
    "content-type": "the runtime sends Content-Type from the request body's media type",
    "authorization": "credentials come from the client's security options (api_key=...)",
}
"""Header parameters the OpenAPI Parameter Object says to ignore, and what takes their place."""
_DEFAULT_STYLE = {"query": "form", "path": "simple", "header": "simple", "cookie": "form"}


def body_kind(media_type: str) -> BodyKind:
    mt = media_type.split(";")[0].strip().lower()
    if mt == "application/json" or mt.endswith("+json"):
        return "json"
    if mt == "multipart/form-data" or mt.startswith("multipart/"):
        return "multipart"
    if mt == "application/x-www-form-urlencoded":
        return "form"
    if mt.startswith("text/"):
        return "text"
    return "binary"


def response_kind(media_type: str) -> ResponseKind:
    mt = media_type.split(";")[0].strip().lower()
    if mt == "text/event-stream":
        return "sse"
    if mt == "application/json" or mt.endswith("+json"):
        return "json"
    if mt.startswith("text/") or mt in ("application/x-ndjson", "application/jsonl"):
        return "text"
    return "binary"


_BODY_PREFERENCE = ("json", "multipart", "form", "binary", "text")


class OperationNormalizer:
    def __init__(
        self,
        resolver: Resolver,
        schemas: SchemaNormalizer,
        diagnostics: Diagnostics,
        version: str = "3.0",
        policy: Policy = GENERIC,
        pages: Callable[[str, str, str], bool] | None = None,
        binary: Callable[[str, str, str], bool] | None = None,
    ) -> None:
        """``pages``/``binary``: ``(operationId, method, path) -> bool``, the config's
        ``pagination.pages`` and ``responses.binary`` (op keys)."""
        self.resolver = resolver
        self.naming: Naming = schemas.naming
        """Python names of parameters and flattened body fields (config ``names.style``)."""
        self.policy = policy
        self.pages = pages or (lambda *_: False)
        self.binary = binary or (lambda *_: False)
        self.version = version
        self.schemas = schemas
        self.diagnostics = diagnostics
        self.operation_ids = NameTable()
        self.authorization_headers: list[Location] = []
        """Where operations declare an ``Authorization`` header parameter (ignored; client auth instead)."""
        self.authorization_ops: set[str] = set()
        """Operation ids of those operations."""
        self.lost: list[str] = []
        """Operations skipped whole (an operation ``$ref`` that cannot be followed), as located messages."""
        self.seen: list[OpRef] = []
        """Every operation of the spec, selected or not (what config keys naming operations are checked against)."""

    # -- entry ---------------------------------------------------------------------------

    def operations(self, paths: Mapping[str, Any], keep: Callable[[OpRef], bool] | None = None) -> list[tuple[Operation, Mapping[str, Any]]]:
        """Every operation, or those ``keep`` accepts (``select``); the others are never normalized,
        so nothing only they use is built. :attr:`seen` lists them all."""
        result: list[tuple[Operation, Mapping[str, Any]]] = []
        root = Location(self.resolver.root_file, "/paths")
        for path, item in paths.items():
            item_loc = root.child(str(path))
            try:
                item, item_loc = self.resolver.resolve(item, item_loc)
            except RefError as exc:
                self.diagnostics.warn("unresolved-ref", exc.message, item_loc.pointer, file=item_loc.file, hint="the path's operations are skipped")
                continue
            if not isinstance(item, dict):
                continue
            for method in HTTP_METHODS:
                op = item.get(method)
                if not isinstance(op, dict):
                    continue
                place = item_loc.child(method)
                op, op_loc = self._operation_object(op, place)
                if op is None:
                    continue
                raw_tags = op.get("tags")
                tags = tuple(t for t in raw_tags if isinstance(t, str)) if isinstance(raw_tags, list) else ()
                ref = OpRef(raw_operation_id(str(path), method, op), method, str(path), tags)
                self.seen.append(ref)
                if keep is not None and not keep(ref):
                    continue
                try:
                    result.append((self.operation(str(path), method, item, op, op_loc, item_loc, source=root.child(str(path), method).pointer), op))
                except RefError as exc:  # defensive: one broken operation never stops the rest
                    self.diagnostics.warn("operation-skipped", exc.message, op_loc.pointer, file=op_loc.file)
                    self.lost.append(f"{exc.message} (at {op_loc})")
        return result

    def _operation_object(self, op: Mapping[str, Any], loc: Location) -> tuple[Mapping[str, Any] | None, Location]:
        """The operation object, following a ``$ref`` in its place.

        Neither OpenAPI 3.0 nor 3.1 lets an operation be a Reference Object, but bundlers and
        editors accept it and real multi-file specs (DigitalOcean's) put every operation in a
        file of its own: follow it, and say (once per operation, located) that the spec relies
        on something its version does not allow.
        """
        if not isinstance(op.get("$ref"), str):
            return op, loc
        try:
            target, target_loc = self.resolver.resolve(op, loc)
        except RefError as exc:
            self.diagnostics.warn("unresolved-ref", exc.message, loc.pointer, file=loc.file, hint="the operation is skipped")
            self.lost.append(f"{exc.message} (at {loc})")
            return None, loc
        if not isinstance(target, dict):
            self.diagnostics.warn("invalid-operation", f"$ref {op['$ref']!r} does not point to an operation object", loc.pointer, file=loc.file)
            self.lost.append(f"$ref {op['$ref']!r} is no operation object (at {loc})")
            return None, loc
        self.diagnostics.warn(
            "ref-not-allowed",
            f"an operation object is a $ref ({op['$ref']!r}), which OpenAPI {self.version} does not allow; followed",
            loc.pointer,
            file=loc.file,
            hint="bundle the spec, or move the $ref to the path item",
        )
        return target, target_loc

    def operation(self, path: str, method: str, item: Mapping[str, Any], op: Mapping[str, Any], loc: Location, item_loc: Location | None = None, *, source: str | None = None
    ) -> Operation:
        """One operation; ``loc`` is where its object is (another file when it was a ``$ref``),
        ``source`` the JSON pointer of its place in the root document's ``paths``."""
        raw_id = raw_operation_id(path, method, op)
        if raw_id != op.get("operationId"):
            self.diagnostics.warn("missing-operation-id", f"{method.upper()} {path} has no operationId; using {raw_id!r}", loc.pointer, file=loc.file)
        op_id = self.operation_ids.claim([raw_id, f"{raw_id}_{method}"], origin=f"{method} {path}")
        owner = pascal_case(op_id)
        kwargs = _Keywords(self.schemas.renames, op_id, method, path)
        seen_authorization = len(self.authorization_headers)
        seen_diagnostics = len(self.diagnostics.items)
        parameters = self._parameters(item, op, loc, item_loc or Location(loc.file, loc.pointer.rsplit("/", 1)[0]), owner, kwargs)
        body = self._request_body(op, loc, owner, kwargs)
        responses = self._responses(op, loc, owner)
        returns = self._returns(responses, body)
        if self.binary(raw_id, method, path):
            returns = Returns("binary", None)
        pagination = self._pagination(parameters, returns, self.pages(raw_id, method, path), read=method == "get")
        security = self._security(op)
        if len(self.authorization_headers) > seen_authorization:
            self.authorization_ops.add(op_id)
        dropped = [d.message + f" (at {d.location()})" for d in self.diagnostics.items[seen_diagnostics:] if d.kind in _LOSSES]
        if not isinstance(op.get("responses"), dict) or not op["responses"]:
            dropped.append(f"{method.upper()} {path} declares no responses (at {loc})")
        return Operation(
            operation_id=op_id,
            method=method,
            path=path,
            resource=(),
            method_name="",
            summary=_text(op.get("summary")),
            description=_text(op.get("description")),
            parameters=tuple(parameters),
            body=body,
            responses=tuple(responses),
            returns=returns,
            security=security,
            pagination=pagination,
            deprecated=bool(op.get("deprecated")),
            source=loc.pointer if source is None else source,
            dropped=tuple(dropped),
            tags=tuple(t for t in op.get("tags") or () if isinstance(t, str)) if isinstance(op.get("tags"), list) else (),
        )

    # -- parameters ------------------------------------------------------------------------

    def _parameters(self, item: Mapping[str, Any], op: Mapping[str, Any], loc: Location, item_loc: Location, owner: str, kwargs: _Keywords) -> list[Parameter]:
        merged: dict[tuple[str, str], tuple[Mapping[str, Any], Location]] = {}
        for source, base in ((item.get("parameters"), item_loc), (op.get("parameters"), loc)):
            if not isinstance(source, list):
                continue
            for index, raw in enumerate(source):
                p_loc = base.child("parameters", index)
                try:
                    param, p_loc = self.resolver.resolve(raw, p_loc)
                except RefError as exc:
                    self.diagnostics.warn("unresolved-ref", exc.message, p_loc.pointer, file=p_loc.file, hint="the parameter is skipped")
                    continue
                if not isinstance(param, dict) or "name" not in param or "in" not in param:
                    self.diagnostics.warn("invalid-parameter", "parameter needs 'name' and 'in'", p_loc.pointer, file=p_loc.file)
                    continue
                merged[(str(param["name"]), str(param["in"]))] = (param, p_loc)
        order = {"path": 0, "query": 1, "header": 2, "cookie": 3}
        result: list[Parameter] = []
        kept: list[tuple[str, str, Mapping[str, Any], Location]] = []
        for (name, where), (param, p_loc) in sorted(merged.items(), key=lambda kv: order.get(kv[0][1], 9)):
            if where not in order:
                self.diagnostics.warn("invalid-parameter", f"unknown parameter location {where!r}", p_loc.pointer, file=p_loc.file)
                continue
            if where == "header" and name.lower() in _RESERVED_HEADERS:
                # The Parameter Object (3.0 and 3.1): such a definition "SHALL be ignored". The body's
                # media type sets Content-Type, the response's sets Accept, client auth sets Authorization.
                self.diagnostics.info(
                    "reserved-header-ignored",
                    f"header parameter {name!r} is ignored, as OpenAPI says: {_RESERVED_HEADERS[name.lower()]}",
                    p_loc.pointer,
                    file=p_loc.file,
                )
                if name.lower() == "authorization":
                    self.authorization_headers.append(p_loc)
                continue
            kept.append((name, where, param, p_loc))
        wanted = [(f"{where}:{name}", self.naming.kwarg_candidates(name, where), None) for name, where, _, _ in kept]
        py_names = self._allocate(kwargs, wanted, {f"{where}:{name}": p_loc for name, where, _, p_loc in kept}, owner)
        for name, where, param, p_loc in kept:
            schema = param.get("schema")
            if schema is None and isinstance(param.get("content"), dict) and param["content"]:
                media, content = next(iter(param["content"].items()))
                schema = content.get("schema") if isinstance(content, dict) else None
                schema_loc = p_loc.child("content", str(media), "schema")
            else:
                schema_loc = p_loc.child("schema")
            ptype: TypeExpr = self.schemas.type_of(schema, schema_loc, NameContext(owner, (name,))) if schema is not None else PrimitiveType("str")
            style = str(param.get("style") or _DEFAULT_STYLE[where])
            explode = bool(param.get("explode", style == "form"))
            # A style the spec spells out is kept, even the location's default: ``style: form,
            # explode: true`` then repeats the key (``ids=a&ids=b``) instead of the runtime's array format.
            declared = where == "query" and ("style" in param or "explode" in param)
            default_style = not declared and style == _DEFAULT_STYLE[where] and explode == (style == "form")
            py = py_names[f"{where}:{name}"]
            result.append(
                Parameter(
                    name=name,
                    py_name=py,
                    location=where,  # type: ignore[arg-type]
                    type=ptype,
                    required=bool(param.get("required")) or where == "path",
                    description=_text(param.get("description")),
                    style="" if default_style else style,
                    explode=explode,
                    deprecated=bool(param.get("deprecated")),
                    examples=_parameter_examples(param, schema, schema_loc, self.resolver),
                )
            )
        return result

    def _allocate(self, kwargs: _Keywords, wanted: list[tuple[str, list[str], tuple[str, str] | None]], where: Mapping[str, Location], owner: str) -> dict[str, str]:
        """Keyword names for one operation's parameters or body fields (``(origin, candidates, renamed
        attribute)``); a clash that snake_casing made (``startIndex`` and ``start_index``) is warned
        about where the loser is declared."""
        names, clashes = kwargs.allocate(wanted)
        for origin, holder, wanted_name, given in clashes:
            loc = where[origin]
            self.diagnostics.warn(
                "name-collision",
                f"{origin.replace(':', ' ', 1)} and {holder.replace(':', ' ', 1)} of {owner} are both {wanted_name!r} in Python; {wire_of(origin)!r} is {given!r}",
                loc.pointer,
                file=loc.file,
                hint="rename one in the spec, or set names.style: wire in the config",
            )
        return names

    # -- request body ------------------------------------------------------------------------

    def _request_body(self, op: Mapping[str, Any], loc: Location, owner: str, kwargs: _Keywords) -> RequestBody | None:
        raw = op.get("requestBody")
        if raw is None:
            return None
        body_loc = loc.child("requestBody")
        try:
            body, body_loc = self.resolver.resolve(raw, body_loc)
        except RefError as exc:
            self.diagnostics.warn("unresolved-ref", exc.message, body_loc.pointer, file=body_loc.file, hint="the request body is skipped")
            return None
        content = body.get("content") if isinstance(body, dict) else None
        if not isinstance(content, dict) or not content:
            return None
        choices = sorted(content.items(), key=lambda kv: _BODY_PREFERENCE.index(body_kind(str(kv[0]))))
        # JSON cannot carry a file: when a multipart alternative has a file field, it is the one to send
        # (OpenAI's POST /images/edits takes image files as multipart, or image URLs as JSON).
        uploads = [kv for kv in choices if body_kind(str(kv[0])) == "multipart" and isinstance(kv[1], dict) and self._has_file(kv[1].get("schema"), body_loc)]
        media_type, media = uploads[0] if uploads else choices[0]
        media_type = str(media_type)
        kind = body_kind(media_type)
        schema = media.get("schema") if isinstance(media, dict) else None
        schema_loc = body_loc.child("content", media_type, "schema")
        required = bool(body.get("required"))
        description = _text(body.get("description"))
        if schema is None:
            return RequestBody(media_type, kind, required, body_type=_raw_body_type(kind), description=description)
        body_type = self.schemas.type_of(schema, schema_loc, NameContext(owner + "Params"))
        if kind == "binary" and media_type.split(";")[0].strip() in ("*/*", "application/*") and not isinstance(body_type, FileType):
            # A wildcard media type with a structured schema (Kubernetes' ``*/*``) accepts JSON: send JSON,
            # not raw bytes with ``Content-Type: */*``.
            media_type, kind = "application/json", "json"
        definition = self._object_of(body_type)
        if definition is not None and kind in ("json", "multipart", "form"):
            kept = [f for f in definition.fields if not f.read_only]
            wanted = [(f"body:{f.name}", self.naming.kwarg_candidates(f.name, "body"), self.schemas.renames.fields.get((definition.name, f.name))) for f in kept]
            py_names = self._allocate(kwargs, wanted, {origin: schema_loc for origin, _, _ in wanted}, owner)
            fields = tuple(
                Field(
                    name=f.name,
                    py_name=py_names[f"body:{f.name}"],
                    type=f.type,
                    required=f.required and not f.read_only,
                    description=f.description,
                    default=f.default,
                    has_default=f.has_default,
                    read_only=f.read_only,
                    write_only=f.write_only,
                    deprecated=f.deprecated,
                    examples=f.examples,
                )
                for f in kept
            )
            encoding = media.get("encoding") if isinstance(media, dict) and kind == "multipart" else None
            json_fields = tuple(
                str(name)
                for name, enc in (encoding.items() if isinstance(encoding, dict) else ())
                if isinstance(enc, dict) and "json" in str(enc.get("contentType", "")).lower() and any(f.name == name for f in fields)
            )
            return RequestBody(media_type, kind, required, fields=fields, body_type=body_type, description=description, json_fields=json_fields)
        if kind in ("binary", "text") and not isinstance(body_type, NamedRef):
            body_type = _raw_body_type(kind)
        arg = kwargs.table.claim(["body", "request_body", "body_"], origin="body")
        return RequestBody(media_type, kind, required, body_type=body_type, description=description, arg_name=arg)

    def _has_file(self, schema: Any, loc: Location, depth: int = 0) -> bool:
        """Whether a raw schema has a binary string somewhere in its properties (a few levels deep)."""
        if depth > 6:
            return False
        try:
            node, loc = self.resolver.resolve(schema, loc)
        except RefError:
            return False
        if not isinstance(node, dict):
            return False
        if node.get("format") == "binary" or (node.get("contentMediaType") and node.get("contentEncoding") != "base64"):
            return True
        children: list[Any] = list((node.get("properties") or {}).values()) if isinstance(node.get("properties"), dict) else []
        for key in ("allOf", "anyOf", "oneOf"):
            if isinstance(node.get(key), list):
                children.extend(node[key])
        if isinstance(node.get("items"), dict):
            children.append(node["items"])
        return any(self._has_file(child, loc, depth + 1) for child in children)

    def _object_of(self, expr: TypeExpr) -> ObjectDef | None:
        if isinstance(expr, NamedRef):
            definition = self.schemas.definition_of(expr.name)
            if isinstance(definition, ObjectDef):
                return definition
        return None

    # -- responses ------------------------------------------------------------------------

    def _responses(self, op: Mapping[str, Any], loc: Location, owner: str) -> list[Response]:
        raw = op.get("responses")
        result: list[Response] = []
        if not isinstance(raw, dict):
            return result
        for status, response in raw.items():
            status = str(status)
            r_loc = loc.child("responses", status)
            try:
                response, r_loc = self.resolver.resolve(response, r_loc)
            except RefError as exc:
                self.diagnostics.warn("unresolved-ref", exc.message, r_loc.pointer, file=r_loc.file, hint="the response is skipped")
                continue
            if not isinstance(response, dict):
                continue
            contents: list[ResponseContent] = []
            for media_type, media in (response.get("content") or {}).items():
                kind = response_kind(str(media_type))
                schema = media.get("schema") if isinstance(media, dict) else None
                rtype: TypeExpr | None = None
                if schema is not None and kind in ("json", "sse"):
                    role = "Response" if status.startswith("2") else f"Error{status}"
                    if kind == "sse":
                        role = "Event"
                    rtype = self.schemas.type_of(schema, r_loc.child("content", str(media_type), "schema"), NameContext(owner + role))
                contents.append(ResponseContent(str(media_type), kind, rtype))
            result.append(Response(status, _text(response.get("description")), tuple(contents)))
        return result

    def _returns(self, responses: list[Response], body: RequestBody | None) -> Returns:
        success = [r for r in responses if r.status.startswith("2")] or [r for r in responses if r.status in ("2XX", "default")]
        if not success:
            return Returns("empty", None)
        chosen = min(success, key=lambda r: r.status)
        by_kind = {c.kind: c for c in chosen.contents}
        stream_flag = None
        flag = next((f for f in body.fields if f.name == "stream"), None) if body is not None else None
        if flag is not None:
            stream_flag = "stream"
        json_is_bare_string = "json" in by_kind and isinstance(by_kind["json"].type, PrimitiveType) and by_kind["json"].type.name == "str"
        if "binary" in by_kind and json_is_bare_string:
            # Bytes offered beside a JSON string (OpenAI's GET /videos/{id}/content): the bytes are the content.
            return Returns("binary", None)
        if "json" in by_kind:
            sse = by_kind.get("sse")
            if sse is None and flag is not None and self.policy.stream_flag_means_sse(flag):
                # The flavour says the flag streams though no text/event-stream is declared
                # (OpenAI's POST /completions): each event carries the JSON response's type.
                sse = ResponseContent("text/event-stream", "sse", by_kind["json"].type)
            return Returns("json", by_kind["json"].type, stream_event=sse.type if sse else None, stream_flag=stream_flag if sse else None)
        if "binary" in by_kind:
            return Returns("binary", None)
        if "sse" in by_kind:
            return Returns("sse", None, stream_event=by_kind["sse"].type, stream_flag=stream_flag)
        if "text" in by_kind:
            return Returns("text", None)
        return Returns("empty", None)

    # -- pagination ------------------------------------------------------------------------

    def _pagination(self, parameters: list[Parameter], returns: Returns, configured: bool = False, read: bool = True) -> Pagination | None:
        """How the method pages: a cursor, a next link, a page number or an offset; else one page
        without a cursor (``style="single"``) when the config lists the operation in
        ``pagination.pages`` or a read (``GET``) answers with the flavour's list shape (OpenAI's
        ``{"object": "list", "data": [...]}``; a ``POST`` answering so creates and returns its
        items, as ``POST /embeddings`` does, and is a page only by config)."""
        if returns.kind != "json" or not isinstance(returns.type, NamedRef):
            return None
        page = self._object_of(returns.type)
        if page is None:
            return None
        policy = self.policy
        fields = {f.name: f for f in page.fields}
        items = next((n for n in policy.items_fields if n in fields and isinstance(_strip_null(fields[n].type), ArrayType)), None)
        if items is None:
            arrays = [f.name for f in page.fields if isinstance(_strip_null(f.type), ArrayType)]
            if len(arrays) != 1:
                return None
            items = arrays[0]
        item_type = _strip_null(fields[items].type)
        assert isinstance(item_type, ArrayType)
        query = {p.name for p in parameters if p.location == "query"}
        has_more = "has_more" if "has_more" in fields else None
        single = Pagination("single", "", items, item_type.items) if configured or (read and self._has_list_shape(fields)) else None
        cursor_param = next((c for c in policy.cursor_params if c in query), None)
        if cursor_param:
            next_field = next((f for f in policy.next_cursor_fields if f in fields), None)
            if next_field is None and not self._has_id(item_type.items):
                return single
            return Pagination("cursor", cursor_param, items, item_type.items, has_more, next_field)
        if "next" in fields and isinstance(_strip_null(fields["next"].type), PrimitiveType):
            return Pagination("next_link", "", items, item_type.items, has_more, "next")
        if "page" in query:
            return Pagination("page", "page", items, item_type.items, has_more)
        if "offset" in query:
            return Pagination("offset", "offset", items, item_type.items, has_more)
        return single

    def _has_list_shape(self, fields: Mapping[str, Field]) -> bool:
        """Whether every field of the policy's list shape is there with that one literal value."""
        shape = self.policy.list_shape
        return bool(shape) and all(name in fields and self._literal_values(fields[name].type) == (value,) for name, value in shape.items())

    def _literal_values(self, expr: TypeExpr) -> tuple[Any, ...]:
        expr = _strip_null(expr)
        if isinstance(expr, LiteralType):
            return tuple(expr.values)
        if isinstance(expr, NamedRef):
            definition = self.schemas.definition_of(expr.name)
            if isinstance(definition, EnumDef):
                return tuple(definition.values)
        return ()

    def _has_id(self, expr: TypeExpr) -> bool:
        definition = self._object_of(expr)
        return definition is not None and any(f.name == "id" for f in definition.fields)

    # -- security ------------------------------------------------------------------------

    def _security(self, op: Mapping[str, Any]) -> tuple[tuple[str, ...], ...] | None:
        if "security" not in op:
            return None
        return security_alternatives(op.get("security"))


class _Keywords:
    """A method's keyword arguments. An explicit name comes first (``names.parameters``, then, for a
    field of a flattened body, ``names.properties`` of the body's type), then the naming style's;
    a rename that collides with another argument, or with a reserved one, is an error naming the entry."""

    def __init__(self, renames: Renames, operation_id: str, method: str, path: str) -> None:
        self.table = NameTable(taken=RESERVED_KWARGS - {"cls"})
        self.renames = renames
        self.operation_id, self.method, self.path = operation_id, method, path
        self.where = f"the method for {method.upper()} {path}"
        self.explicit = renames.parameters_of(operation_id, method, path) if renames.parameters else {}
        self.targets: dict[str, tuple[str, str, str]] = {}
        """Explicit name -> (wire name, names table, config key)."""
        self.given: set[str] = set()
        for wire, (key, name) in self.explicit.items():
            if name in RESERVED_KWARGS:
                raise renames.collision("parameters", key, f"{name!r} cannot name parameter {wire!r} of {self.where}: every method has that argument", "choose another name")
            if name in self.targets:
                raise renames.collision("parameters", key, f"{wire!r} and {self.targets[name][0]!r} of {self.where} are both renamed to {name!r}", "give each its own name")
            self.targets[name] = (wire, "parameters", key)
            self.table.claim([name], origin="rename:" + wire)

    def claim(self, wire: str, candidates: list[str], origin: str, attribute: tuple[str, str] | None = None) -> str:
        self.renames.note_parameter(self.operation_id, self.method, self.path, wire)
        if wire in self.explicit:
            key, name = self.explicit[wire]
            if name in self.given:
                raise self.renames.collision("parameters", key, f"{self.where} has two parameters named {wire!r}; one name cannot serve both", "one entry names every parameter with that wire name (in the path, query, headers or body); rename one of them in the spec")
            self.given.add(name)
            self.renames.used.add(("parameters", key))
            return name
        if attribute is not None:
            key, name = attribute
            if name in self.table:
                raise self.renames.collision("properties", key, f"{name!r} is already an argument of {self.where}; the renamed body field {wire!r} would collide", "choose another name, or rename that parameter with names.parameters")
            self.targets[name] = (wire, "properties", key)
            return self.table.claim([name], origin=origin)
        if candidates[0] in self.targets:
            other, table, key = self.targets[candidates[0]]
            raise self.renames.collision(table, key, f"{self.where} already has the argument {candidates[0]!r} (for {wire!r}); renaming {other!r} to it would collide", f"choose another name, or rename {wire!r} too")
        return self.table.claim(candidates, origin=origin)


    def allocate(self, wanted: list[tuple[str, list[str], tuple[str, str] | None]]) -> tuple[dict[str, str], list[tuple[str, str, str, str]]]:
        """:meth:`claim` for several arguments in the order :meth:`Naming.allocate` gives (explicit
        names first, then each argument spelled as its own style name, then the rest), with the
        clashes the style made: ``(origin, other origin, name wanted, name given)``."""
        def rank(item: tuple[str, list[str], tuple[str, str] | None]) -> int:
            origin, candidates, attribute = item
            if wire_of(origin) in self.explicit or attribute is not None:
                return 0
            return 1 if wire_of(origin) == candidates[0] else 2

        names: dict[str, str] = {}
        clashes: list[tuple[str, str, str, str]] = []
        for item in sorted(wanted, key=rank):
            origin, candidates, attribute = item
            holder = self.table.owner(candidates[0])
            name = self.claim(wire_of(origin), candidates, origin, attribute)
            names[origin] = name
            if rank(item) and name != candidates[0] and holder is not None and ":" in holder and not holder.startswith("rename:") and wire_of(holder) != wire_of(origin):
                clashes.append((origin, holder, candidates[0], name))
        return {o: names[o] for o, _, _ in wanted}, clashes


def raw_operation_id(path: str, method: str, op: Mapping[str, Any]) -> str:
    """The operation's ``operationId``; for one without, ``method_path_words`` (``get_pets_pet_id``)."""
    raw_id = op.get("operationId")
    if isinstance(raw_id, str) and raw_id.strip():
        return raw_id
    return method + "_" + "_".join(snake_case(s) for s in path.split("/") if s)


def security_alternatives(raw: Any) -> tuple[tuple[str, ...], ...]:
    if not isinstance(raw, list):
        return ()
    return tuple(tuple(str(k) for k in req.keys()) for req in raw if isinstance(req, dict))


def _strip_null(expr: TypeExpr) -> TypeExpr:
    if isinstance(expr, UnionType):
        rest = [v for v in expr.variants if v.kind != "null"]
        if len(rest) == 1:
            return rest[0]
    return expr


def _parameter_examples(param: Mapping[str, Any], schema: Any, schema_loc: Location, resolver: Resolver) -> tuple[Any, ...]:
    """The parameter's ``example`` / ``examples`` (Example Objects), then its schema's examples and default."""
    own: list[Any] = []
    if "example" in param:
        own.append(param["example"])
    if isinstance(param.get("examples"), dict):
        for example in param["examples"].values():
            try:
                example, _ = resolver.resolve(example, schema_loc)
            except RefError:
                continue
            if isinstance(example, dict) and "value" in example:
                own.append(example["value"])
    target = schema
    if isinstance(schema, dict) and "$ref" in schema:
        try:
            target, _ = resolver.resolve(schema, schema_loc)
        except RefError:
            target = None
    from_schema = examples_of(schema, target)
    return tuple(own) + tuple(v for v in from_schema if not any(v == o and type(v) is type(o) for o in own))


def _raw_body_type(kind: BodyKind) -> TypeExpr:
    from generator.ir.model import FileType

    return PrimitiveType("str") if kind == "text" else FileType()


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
