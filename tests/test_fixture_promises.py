"""What tests/fixtures/README.md promises for each fixture, asserted on the IR and on generated behaviour.

The README's table says, per fixture, what the generated client must show. Each row is a group of
tests here named ``test_<fixture>_<promise>``, so a failure names the promise that broke. The golden
trees (tests/test_golden.py) stay as the byte-level backstop; these tests say why the bytes are what
they are, so a golden regenerated with a regression in it still fails here.

Expected values come from the fixture specs themselves (read with PyYAML) wherever the spec states
them, and from the README where it names a Python spelling.

Every fixture is generated once per module, in-process (:func:`generator.pipeline.run`, default
settings but no validation), into a temporary folder put on ``sys.path``; the generated clients talk
to an ``httpx.MockTransport`` that records each request. The broken fixtures go through the CLI's
``main``, in-process.
"""

from __future__ import annotations

import ast
import base64
import contextlib
import datetime
import email.parser
import email.policy
import importlib
import inspect
import io
import json
import keyword
import re
import sys
import typing
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

import httpx
import pydantic
import pytest
import yaml

from generator.config import load_config
from generator.diagnostics import Diagnostic
from generator.ir.dump import to_data
from generator.ir.model import (
    AliasDef,
    AnyType,
    Api,
    ArrayType,
    EnumDef,
    FileType,
    LiteralType,
    MapType,
    NamedRef,
    NullType,
    ObjectDef,
    Operation,
    PrimitiveType,
    TypeDef,
    TypeExpr,
    UnionDef,
    UnionType,
)
from generator.pipeline import Options, run
from tests.support import FIXTURES, golden_fixtures

BROKEN = FIXTURES / "broken"
STR = PrimitiveType("str")
INT = PrimitiveType("int")
FLOAT = PrimitiveType("float")
BOOL = PrimitiveType("bool")
HASH_SUFFIX = re.compile(r"[0-9a-f]{6}$")

# ---------------------------------------------------------------------------
# Generating and inspecting fixtures


@dataclass
class Generated:
    """One fixture, generated: its IR, diagnostics, files, and the package importable from ``root``."""

    spec: Path
    api: Api
    diagnostics: list[Diagnostic]
    files: dict[str, str]
    root: Path

    @property
    def package(self) -> str:
        return self.api.package.name

    def spec_data(self) -> Any:
        return yaml.safe_load(self.spec.read_text())

    def typedef(self, name: str) -> TypeDef:
        found = [t for t in self.api.types if t.name == name]
        assert len(found) == 1, (
            f"{self.spec.name}: expected one named type {name!r}, found {[t.name for t in self.api.types]}"
        )
        return found[0]

    def object(self, name: str) -> ObjectDef:
        t = self.typedef(name)
        assert isinstance(t, ObjectDef), f"{name} is a {t.kind}, not an object"
        return t

    def by_source(self, pointer: str) -> TypeDef:
        found = [t for t in self.api.types if t.source == pointer]
        assert len(found) == 1, (
            f"{self.spec.name}: expected one named type from {pointer}, found {[(t.name, t.source) for t in self.api.types]}"
        )
        return found[0]

    def op(self, operation_id: str) -> Operation:
        found = [o for o in self.api.operations if o.operation_id == operation_id]
        assert len(found) == 1, (
            f"{self.spec.name}: no operation {operation_id!r} in {[o.operation_id for o in self.api.operations]}"
        )
        return found[0]

    def module(self, dotted: str = "") -> ModuleType:
        return importlib.import_module(f"{self.package}.{dotted}" if dotted else self.package)

    def type(self, name: str) -> Any:
        return getattr(self.module("types"), name)

    def source(self, rel: str) -> str:
        return self.files[rel]

    def found(self, kind: str) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.kind == kind]

    def client(self, server: Server, monkeypatch: pytest.MonkeyPatch, **options: Any) -> Any:
        """The sync client on a MockTransport, with none of its environment variables read."""
        c = self.api.client
        for var in (
            c.base_url_env,
            c.log_env,
            *(v for s in c.security_schemes for v in s.env_vars),
            *(h.env_var for h in c.header_options),
        ):
            if var:
                monkeypatch.delenv(var, raising=False)
        cls = getattr(self.module(), c.class_name)
        return cls(http_client=httpx.Client(transport=httpx.MockTransport(server)), max_retries=0, **options)


class Server:
    """An ``httpx.MockTransport`` handler: records each request and answers with ``respond(request)``."""

    def __init__(self, respond: Callable[[httpx.Request], httpx.Response] | None = None) -> None:
        self.respond = respond or (lambda request: httpx.Response(200, json={}))
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.respond(request)

    @property
    def last(self) -> httpx.Request:
        assert self.requests, "the client sent no request"
        return self.requests[-1]

    def last_json(self) -> Any:
        return json.loads(self.last.content)


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Generated]]:
    """``gen("objects.yaml")``: the fixture generated once for this module and importable."""
    base = tmp_path_factory.mktemp("fixture-promises")
    cache: dict[str, Generated] = {}

    def get(rel: str) -> Generated:
        if rel not in cache:
            spec = FIXTURES / rel
            result = run(spec, load_config(None), Options(validate=False))
            root = base / rel.replace("/", "_").removesuffix(".yaml")
            for name, text in result.files.items():
                path = root / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text)
            if rel != "nullable31.yaml":  # same package name as nullable30; compared as files, never imported
                shadowed.update(_unload(result.api.package.name))  # a same-named package imported by another test
                sys.path.insert(0, str(root))
            cache[rel] = Generated(spec, result.api, list(result.diagnostics), result.files, root)
        return cache[rel]

    shadowed: dict[str, ModuleType] = {}
    yield get
    for g in cache.values():
        if str(g.root) in sys.path:
            sys.path.remove(str(g.root))
        _unload(g.package)
    sys.modules.update(shadowed)


def _unload(package: str) -> dict[str, ModuleType]:
    """Remove ``package`` and its submodules from ``sys.modules``; returns what was removed."""
    removed = {m: sys.modules[m] for m in list(sys.modules) if m == package or m.startswith(package + ".")}
    for name in removed:
        del sys.modules[name]
    return removed


def fields_of(t: ObjectDef) -> dict[str, Any]:
    return {f.name: f for f in t.fields}


def nullable(expr: TypeExpr) -> bool:
    return isinstance(expr, UnionType) and isinstance(expr.variants[-1], NullType)


def non_null(expr: TypeExpr) -> tuple[TypeExpr, ...]:
    assert isinstance(expr, UnionType), expr
    return tuple(v for v in expr.variants if not isinstance(v, NullType))


def hints(cls: Any) -> dict[str, Any]:
    return typing.get_type_hints(cls, include_extras=False)


def required_keys(typed_dict: Any) -> set[str]:
    """Keys marked ``Required[...]``: read from the resolved hints, since the generated modules postpone
    annotations (``__required_keys__`` cannot see a ``Required`` inside a string annotation)."""
    import typing_extensions

    resolved = typing.get_type_hints(typed_dict, include_extras=True)
    return {k for k, v in resolved.items() if typing_extensions.get_origin(v) is typing_extensions.Required}


def field_docstrings(source: str, class_name: str) -> dict[str, str]:
    """Attribute docstrings (the string right after an annotated attribute) of one class in ``source``."""
    cls = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ClassDef) and n.name == class_name)
    docs: dict[str, str] = {}
    for stmt, after in zip(cls.body, cls.body[1:]):
        documented = (
            isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant) and isinstance(after.value.value, str)
        )
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and documented:
            docs[stmt.target.id] = after.value.value  # type: ignore[attr-defined]
    return docs


def generated_calls(source: str, function: str) -> list[ast.Call]:
    """Calls in the generated test function ``function`` (first class that has it)."""
    fn = next(
        n
        for n in ast.walk(ast.parse(source))
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == function
    )
    return [n for n in ast.walk(fn) if isinstance(n, ast.Call)]


def literal_kwargs(call: ast.Call) -> dict[str, Any]:
    return {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg is not None}


def multipart_parts(request: httpx.Request) -> list[email.message.EmailMessage]:
    """The parts of a multipart/form-data request, parsed by the standard library's MIME parser."""
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.content)
    assert message.is_multipart(), request.headers["content-type"]
    return list(message.iter_parts())  # type: ignore[attr-defined]


def part_name(part: Any) -> str:
    return str(part.get_param("name", header="content-disposition"))


def walk_types(expr: TypeExpr | None) -> Iterator[TypeExpr]:
    if expr is None:
        return
    yield expr
    if isinstance(expr, ArrayType):
        yield from walk_types(expr.items)
    elif isinstance(expr, MapType):
        yield from walk_types(expr.values)
    elif isinstance(expr, UnionType):
        for v in expr.variants:
            yield from walk_types(v)


def all_type_exprs(api: Api) -> Iterator[TypeExpr]:
    for t in api.types:
        if isinstance(t, ObjectDef):
            for f in t.fields:
                yield from walk_types(f.type)
            yield from walk_types(t.additional)
        elif isinstance(t, UnionDef):
            yield from walk_types(t.union)
        elif isinstance(t, AliasDef):
            yield from walk_types(t.target)
    for o in api.operations:
        for p in o.parameters:
            yield from walk_types(p.type)
        if o.body is not None:
            for f in o.body.fields:
                yield from walk_types(f.type)
            yield from walk_types(o.body.body_type)
        yield from walk_types(o.returns.type)
        yield from walk_types(o.returns.stream_event)


def json_response(body: Any, status: int = 200) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(status, json=body)


# ---------------------------------------------------------------------------
# The README's statements about every fixture


def non_broken_fixtures() -> list[Path]:
    return golden_fixtures()


@pytest.mark.parametrize("spec", non_broken_fixtures(), ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_every_fixture_has_a_title_one_server_operation_ids_and_a_header_comment(spec: Path) -> None:
    text = spec.read_text()
    assert text.startswith("#"), f"{spec.name}: the first lines must be a comment saying what it covers"
    doc = yaml.safe_load(text)
    assert doc["info"]["title"] or spec.name == "human_names.yaml"  # its empty title is what it tests
    assert len(doc["servers"]) == 1
    missing = [
        f"{method.upper()} {path}"
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if method in {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
        and "$ref" not in op
        and "operationId" not in op
    ]
    assert missing == (["POST /items"] if spec.name == "names.yaml" else [])


@pytest.mark.parametrize("spec", non_broken_fixtures(), ids=lambda p: p.relative_to(FIXTURES).as_posix())
def test_every_fixture_passes_openapi_spec_validator_except_split_operations(spec: Path) -> None:
    from openapi_spec_validator import validate
    from openapi_spec_validator.readers import read_from_filename

    document, base_uri = read_from_filename(str(spec))
    if spec.name == "split_operations.yaml":
        with pytest.raises(Exception, match="responses"):  # an operation that is only a $ref has no responses
            validate(document, base_uri=base_uri)
    else:
        validate(document, base_uri=base_uri)


# ---------------------------------------------------------------------------
# objects.yaml


def test_objects_inline_objects_are_named_from_parent_and_property(gen: Callable[[str], Generated]) -> None:
    g = gen("objects.yaml")
    order = fields_of(g.object("Order"))
    assert order["shipping_address"].type == NamedRef("OrderShippingAddress")
    assert fields_of(g.object("OrderShippingAddress"))["geo"].type == NamedRef("OrderShippingAddressGeo")
    assert fields_of(g.object("Customer"))["address"].type == NamedRef("CustomerAddress")
    assert order["items"].type == ArrayType(NamedRef("OrderItem"))
    assert fields_of(g.object("OrderItem"))["options"].type == NamedRef("OrderItemOptions")
    m = g.type("Order").model_validate(
        {
            "id": "o1",
            "customer": {"name": "c", "address": {"line1": "l"}},
            "items": [{"sku": "s", "quantity": 2, "options": {"gift_wrap": True}}],
            "status": "pending",
            "shipping_address": {"line1": "x", "geo": {"lat": 1.5, "lng": 2}},
        }
    )
    assert type(m.shipping_address).__name__ == "OrderShippingAddress"
    assert type(m.shipping_address.geo).__name__ == "OrderShippingAddressGeo"
    assert type(m.customer.address).__name__ == "CustomerAddress"
    assert type(m.items[0]).__name__ == "OrderItem" and m.items[0].options.gift_wrap is True


def test_objects_required_fields_have_no_default_and_optional_ones_are_optional(
    gen: Callable[[str], Generated],
) -> None:
    g = gen("objects.yaml")
    Order, OrderParam = g.type("Order"), g.type("OrderParam")
    schema = g.spec_data()["components"]["schemas"]["Order"]
    minimal = {"id": "o1", "customer": {"name": "c"}, "items": [], "status": "s"}
    assert set(minimal) == set(schema["required"])
    m = Order.model_validate(minimal)
    response_props = [p for p, s in schema["properties"].items() if not s.get("writeOnly")]
    for prop in response_props:
        info = Order.model_fields[prop]
        assert info.is_required() == (prop in schema["required"]), prop
        if prop not in schema["required"]:
            assert getattr(m, prop) is None, prop
            assert Order.model_validate({**minimal, prop: None}).model_fields_set >= {prop}, (
                f"optional {prop} must accept None"
            )
    for prop in schema["required"]:
        with pytest.raises(pydantic.ValidationError, match=prop):
            Order.model_validate({k: v for k, v in minimal.items() if k != prop})
    request_required = {p for p in schema["required"] if not schema["properties"][p].get("readOnly")}
    assert required_keys(OrderParam) == request_required


def test_objects_defaults_are_kept_in_the_ir_and_used_by_the_generated_tests_not_sent_by_the_client(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("objects.yaml")
    kept = {
        (t.name, f.name): f.default for t in g.api.types if isinstance(t, ObjectDef) for f in t.fields if f.has_default
    }
    schemas = g.spec_data()["components"]["schemas"]
    order, item = schemas["Order"]["properties"], schemas["Order"]["properties"]["items"]["items"]["properties"]
    assert kept == {
        ("Order", "status"): order["status"]["default"],
        ("Order", "priority"): order["priority"]["default"],
        ("Order", "express"): order["express"]["default"],
        ("Order", "tags"): order["tags"]["default"],
        ("Order", "discount"): order["discount"]["default"],
        ("OrderItem", "quantity"): item["quantity"]["default"],
        ("OrderItemOptions", "gift_wrap"): item["options"]["properties"]["gift_wrap"]["default"],
        ("Customer", "name"): schemas["Customer"]["properties"]["name"]["default"],
    }
    assert [type(kept[("Order", k)]) for k in ("priority", "express", "discount")] == [int, bool, float]
    calls = [
        c
        for c in generated_calls(g.source("tests/api_resources/test_orders.py"), "test_method_create_with_all_params")
        if c.keywords
    ]
    sent = literal_kwargs(calls[0])
    assert (sent["status"], sent["priority"], sent["express"], sent["tags"], sent["discount"]) == (
        "pending",
        0,
        False,
        [],
        0.5,
    )
    assert sent["items"][0]["quantity"] == 1 and sent["items"][0]["options"]["gift_wrap"] is False
    server = Server(json_response({"id": "o", "customer": {"name": "c"}, "items": [], "status": "pending"}))
    g.client(server, monkeypatch).orders.create(customer={"name": "c"}, items=[], status="pending")
    assert set(server.last_json()) == {"customer", "items", "status"}, (
        "an omitted argument is not sent: the server applies its default"
    )


def test_objects_read_only_fields_are_not_request_params_and_write_only_fields_not_response_fields(
    gen: Callable[[str], Generated],
) -> None:
    g = gen("objects.yaml")
    schema = g.spec_data()["components"]["schemas"]["Order"]["properties"]
    read_only = {p for p, s in schema.items() if s.get("readOnly")}
    write_only = {p for p, s in schema.items() if s.get("writeOnly")}
    assert read_only == {"id", "created_at"} and write_only == {"payment_token"}
    ir = fields_of(g.object("Order"))
    assert {n for n, f in ir.items() if f.read_only} == read_only and {
        n for n, f in ir.items() if f.write_only
    } == write_only
    assert set(g.type("OrderParam").__annotations__) == set(schema) - read_only
    assert set(g.type("Order").model_fields) == set(schema) - write_only
    create = inspect.signature(g.module("resources.orders").Orders.create).parameters
    assert not read_only & set(create) and write_only <= set(create)


def test_objects_descriptions_become_docstrings_with_quotes_and_backslashes_intact(
    gen: Callable[[str], Generated],
) -> None:
    g = gen("objects.yaml")
    schema = g.spec_data()["components"]["schemas"]["Order"]
    assert '"""' in schema["description"] and "\\" in schema["description"]
    assert inspect.getdoc(g.type("Order")) == schema["description"].strip()
    assert inspect.getdoc(g.type("OrderParam")) == schema["description"].strip()
    docs = field_docstrings(g.source(f"{g.package}/types/order.py"), "Order")
    assert docs["id"] == schema["properties"]["id"]["description"]
    assert docs["items"] == schema["properties"]["items"]["description"]


def test_objects_free_form_object_is_dict_of_str_to_object(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("objects.yaml")
    assert fields_of(g.object("Order"))["metadata"].type == MapType(AnyType())
    assert hints(g.type("Order"))["metadata"] == typing.Dict[str, object] | None  # noqa: UP006 (the generated spelling)
    value = {"a": [1, "x"], "b": {"c": None}}
    assert (
        g.type("Order")
        .model_validate({"id": "o", "customer": {"name": "c"}, "items": [], "status": "s", "metadata": value})
        .metadata
        == value
    )
    body = g.op("replaceOrderMetadata").body
    assert body is not None and body.body_type == MapType(AnyType())
    server = Server(json_response({"k": 1}))
    g.client(server, monkeypatch).orders.metadata("o1", body=value)
    assert server.last_json() == value


def test_objects_empty_schema_and_description_only_schema_are_any(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("objects.yaml")
    order = fields_of(g.object("Order"))
    assert order["extra"].type == AnyType() and order["notes"].type == AnyType()
    assert hints(g.type("Order"))["extra"] == object | None and hints(g.type("Order"))["notes"] == object | None
    minimal = {"id": "o", "customer": {"name": "c"}, "items": [], "status": "s"}
    for value in (1, "x", [1, {"a": None}], {"a": 1}, True):
        m = g.type("Order").model_validate({**minimal, "extra": value, "notes": value})
        assert m.extra == value and m.notes == value
    assert g.op("replaceOrderMetadata").returns.type == AnyType()
    result = g.client(Server(json_response([1, "x", {"y": None}])), monkeypatch).orders.metadata("o1", body={})
    assert result == [1, "x", {"y": None}]


def test_objects_properties_empty_is_still_free_form_so_a_dict_alias(gen: Callable[[str], Generated]) -> None:
    g = gen("objects.yaml")
    empty = g.typedef("Empty")
    assert g.spec_data()["components"]["schemas"]["Empty"]["properties"] == {}
    assert isinstance(empty, AliasDef) and empty.target == MapType(AnyType())
    assert pydantic.TypeAdapter(g.type("Empty")).validate_python({"any": ["key"]}) == {"any": ["key"]}


# ---------------------------------------------------------------------------
# enums.yaml


def test_enums_named_enums_are_literals_of_the_exact_wire_values(gen: Callable[[str], Generated]) -> None:
    g = gen("enums.yaml")
    schemas = g.spec_data()["components"]["schemas"]
    for name in ("Model", "Size", "Level", "ObjectType"):
        values = tuple(schemas[name]["enum"])
        t = g.typedef(name)
        assert isinstance(t, EnumDef) and t.values == values, name
        assert typing.get_args(g.type(name)) == values, name
        adapter = pydantic.TypeAdapter(g.type(name))
        for v in values:
            assert adapter.validate_python(v) == v
    size = typing.get_args(g.type("Size"))
    assert {"gpt-4o", "3.5-turbo"} <= set(typing.get_args(g.type("Model")))
    assert {"1024x1024", "", "with space", "class", "UPPER", "upper"} <= set(size) and len(size) == len(set(size))
    with pytest.raises(pydantic.ValidationError):
        pydantic.TypeAdapter(g.type("Size")).validate_python("Upper")


def test_enums_inline_enum_stays_an_inline_literal(gen: Callable[[str], Generated]) -> None:
    g = gen("enums.yaml")
    style = g.spec_data()["components"]["schemas"]["ImageRequest"]["properties"]["style"]
    assert fields_of(g.object("ImageRequest"))["style"].type == LiteralType(tuple(style["enum"]))
    assert "ImageRequestStyle" not in {t.name for t in g.api.types}
    assert hints(g.type("ImageRequestParam"))["style"] == Literal["vivid", "natural"]


def test_enums_integer_enums_are_int_literals_and_number_enums_fall_back_to_float_with_a_warning(
    gen: Callable[[str], Generated],
) -> None:
    g = gen("enums.yaml")
    level = typing.get_args(g.type("Level"))
    assert -1 in level and all(type(v) is int for v in level)
    request = hints(g.type("ImageRequestParam"))
    assert request["n"] == Literal[1, 2, 4]
    assert request["temperature"] is float
    warned = g.found("enum-not-literal")
    assert warned and all("0.5" in d.message and "float" in d.message for d in warned)
    assert all(d.pointer.startswith(("/components/schemas/ImageRequest", "/paths/~1images/post")) for d in warned)


def test_enums_a_null_member_makes_the_type_optional(gen: Callable[[str], Generated]) -> None:
    g = gen("enums.yaml")
    assert g.typedef("MixedNullable").values == ("low", "high")  # type: ignore[union-attr]
    ir = fields_of(g.object("ImageRequest"))
    assert ir["detail"].type == UnionType((NamedRef("MixedNullable"), NullType()))
    assert ir["response_format"].type == UnionType((LiteralType(("url", "b64_json")), NullType()))
    request = hints(g.type("ImageRequestParam"))
    assert request["detail"] == g.type("MixedNullable") | None
    assert request["response_format"] == Literal["url", "b64_json"] | None


def test_enums_single_value_const_boolean_const_and_x_stainless_const_are_required_literals(
    gen: Callable[[str], Generated],
) -> None:
    g = gen("enums.yaml")
    props = g.spec_data()["components"]["schemas"]["ImageResponse"]["properties"]
    ImageResponse = g.type("ImageResponse")
    h = hints(ImageResponse)
    assert h["object"] == Literal[tuple(props["object"]["enum"])]  # x-stainless-const
    assert h["kind"] == Literal[props["kind"]["const"]]  # const with no type
    assert h["version"] == Literal[props["version"]["const"]]
    assert h["success"] == Literal[True]  # boolean const
    assert typing.get_args(g.type("ObjectType")) == ("image",)  # single-value enum
    valid = {"object": "list", "kind": "image.generated", "version": 2, "success": True, "data": []}
    assert ImageResponse.model_validate(valid).kind == "image.generated"
    for key in ("object", "kind", "version", "success"):
        assert ImageResponse.model_fields[key].is_required(), key
        with pytest.raises(pydantic.ValidationError):
            ImageResponse.model_validate({**valid, key: "other"})


# ---------------------------------------------------------------------------
# unions.yaml


def test_unions_shape_is_discriminated_by_its_explicit_mapping(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("unions.yaml")
    shape = g.typedef("Shape")
    assert isinstance(shape, UnionDef) and shape.union.discriminator is not None
    assert shape.union.discriminator.property == "kind"
    assert dict(shape.union.discriminator.mapping) == {"circle": "Circle", "square": "Square"}
    for body, cls in (({"kind": "square", "side": 2}, "Square"), ({"kind": "circle", "radius": 1}, "Circle")):
        result = g.client(Server(json_response(body)), monkeypatch).shapes.create(body=body)
        assert type(result).__name__ == cls


def test_unions_pet_is_discriminated_by_the_implicit_schema_name_values(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("unions.yaml")
    pet = g.typedef("Pet")
    assert isinstance(pet, UnionDef) and pet.union.discriminator is not None
    assert dict(pet.union.discriminator.mapping) == {"Dog": "Dog", "Cat": "Cat"}
    for body, cls in (
        ({"pet_type": "Cat"}, "Cat"),
        ({"pet_type": "Dog"}, "Dog"),
        ({"pet_type": "Cat", "lives": 9}, "Cat"),
    ):
        result = g.client(Server(json_response(body)), monkeypatch).pets.retrieve()
        assert type(result).__name__ == cls, (
            f"{body} parsed as {type(result).__name__}: the implicit tag values Dog/Cat must pick the variant"
        )


def test_unions_scalar_is_a_plain_union_of_primitives_and_a_model(gen: Callable[[str], Generated]) -> None:
    g = gen("unions.yaml")
    scalar = g.typedef("Scalar")
    assert isinstance(scalar, UnionDef) and scalar.union.discriminator is None
    assert scalar.union.variants == (STR, INT, BOOL, NamedRef("Circle"))
    adapter = pydantic.TypeAdapter(g.type("ScalarParam"))
    for value in ("x", 3, True, {"kind": "circle", "radius": 1.0}):
        assert adapter.validate_python(value) == value


def test_unions_string_or_list_of_strings_is_sent_as_given(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("unions.yaml")
    assert fields_of(g.object("EmbeddingRequest"))["input"].type == UnionType((STR, ArrayType(STR)))
    server = Server(json_response({}))
    client = g.client(server, monkeypatch)
    for value in ("a", ["a", "b"]):
        client.embeddings.create(input=value)
        assert server.last_json() == {"input": value}


def test_unions_nullable_unions_stop_and_shape_or_null(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("unions.yaml")
    ir = fields_of(g.object("EmbeddingRequest"))
    assert ir["stop"].type == UnionType((STR, ArrayType(STR), NullType()))
    assert ir["shape_or_null"].type == UnionType((NamedRef("Shape"), NullType()))
    server = Server(json_response({}))
    g.client(server, monkeypatch).embeddings.create(input="a", stop=None, shape_or_null=None)
    assert server.last_json() == {"input": "a", "stop": None, "shape_or_null": None}


def test_unions_unions_inside_arrays(gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch) -> None:
    g = gen("unions.yaml")
    ir = fields_of(g.object("EmbeddingRequest"))
    assert ir["shapes"].type == ArrayType(NamedRef("Shape"))
    assert ir["values"].type == ArrayType(UnionType((STR, FLOAT)))
    server = Server(json_response({}))
    g.client(server, monkeypatch).embeddings.create(
        input="a", shapes=[{"kind": "circle", "radius": 1}], values=["a", 1.5]
    )
    assert server.last_json()["shapes"] == [{"kind": "circle", "radius": 1}] and server.last_json()["values"] == [
        "a",
        1.5,
    ]


def test_unions_inline_object_variants_are_named_from_context(gen: Callable[[str], Generated]) -> None:
    g = gen("unions.yaml")
    source = fields_of(g.object("EmbeddingRequest"))["source"].type
    response = g.op("createEmbedding").returns.type
    assert isinstance(response, NamedRef)
    result = fields_of(g.object(response.name))["result"].type
    for expr, context in ((source, "EmbeddingRequestSource"), (result, "CreateEmbeddingResponseResult")):
        names = [v.name for v in non_null(expr) if isinstance(v, NamedRef)]
        assert len(names) == 2 and len(set(names)) == 2, names
        for name in names:
            assert name.startswith(context) and not HASH_SUFFIX.search(name), name
            assert isinstance(g.typedef(name), ObjectDef)


def test_unions_no_variant_appears_twice(gen: Callable[[str], Generated]) -> None:
    g = gen("unions.yaml")
    unions = [e for e in all_type_exprs(g.api) if isinstance(e, UnionType)]
    assert len(unions) >= 8
    for u in unions:
        assert len(set(u.variants)) == len(u.variants), u
    for t in g.api.types:
        if isinstance(t, UnionDef):
            for name in ([t.name] if t.usage.response else []) + ([t.param_name] if t.usage.request else []):
                runtime = g.type(name)
                inner = typing.get_args(runtime)[0] if typing.get_origin(runtime) is typing.Annotated else runtime
                assert len(typing.get_args(inner)) == len(non_null(t.union)), name


# ---------------------------------------------------------------------------
# allof.yaml


def test_allof_employee_is_one_merged_model_with_the_self_reference_kept(gen: Callable[[str], Generated]) -> None:
    g = gen("allof.yaml")
    employee = g.object("Employee")
    assert [f.name for f in employee.fields] == ["name", "age", "employee_id", "manager"]
    assert {f.name for f in employee.fields if f.required} == {"name", "employee_id"}
    assert fields_of(employee)["manager"].type == NamedRef("Employee")
    Employee = g.type("Employee")
    m = Employee.model_validate({"name": "a", "employee_id": "e1", "manager": {"name": "b", "employee_id": "e2"}})
    assert type(m.manager) is Employee and m.manager.employee_id == "e2"
    with pytest.raises(pydantic.ValidationError, match="employee_id"):
        Employee.model_validate({"name": "a"})


def test_allof_person_alias_is_an_alias_of_person_with_its_own_description(gen: Callable[[str], Generated]) -> None:
    g = gen("allof.yaml")
    alias = g.typedef("PersonAlias")
    assert isinstance(alias, AliasDef) and alias.target == NamedRef("Person")
    assert alias.description == g.spec_data()["components"]["schemas"]["PersonAlias"]["description"]
    assert g.type("PersonAliasParam") is g.type("PersonParam")


def test_allof_conflict_does_not_crash_warns_and_the_later_part_wins(gen: Callable[[str], Generated]) -> None:
    g = gen("allof.yaml")
    [warning] = g.found("allof-conflict")
    assert "'age'" in warning.message and warning.pointer.startswith("/components/schemas/Conflict")
    assert fields_of(g.object("Conflict"))["age"].type == STR
    assert g.type("Conflict").model_validate({"name": "n", "age": "forty"}).age == "forty"
    again = run(g.spec, load_config(None), Options(validate=False, formatter="none"))
    assert to_data(again.api.types) == to_data(g.api.types), "the choice is deterministic"


def test_allof_contact_with_a_oneof_inside_generates(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("allof.yaml")
    contact = g.typedef("Contact")
    assert isinstance(contact, AliasDef) and contact.target == UnionType((NamedRef("Email"), NamedRef("Phone")))
    assert [d.pointer for d in g.found("allof-not-merged")] == ["/components/schemas/Contact"]
    server = Server(json_response({"name": "n"}))
    g.client(server, monkeypatch).contacts.create(body={"email": "a@b.c"})
    assert server.last_json() == {"email": "a@b.c"}


def test_allof_inline_allof_in_a_response_is_named_from_context(gen: Callable[[str], Generated]) -> None:
    g = gen("allof.yaml")
    returned = g.op("createContact").returns.type
    assert returned == NamedRef("CreateContactResponse")
    assert [f.name for f in g.object("CreateContactResponse").fields] == ["name", "age", "contact_id"]


# ---------------------------------------------------------------------------
# nullable30.yaml / nullable31.yaml

RECORD_NULLABLE = (
    "title",
    "subtitle",
    "count",
    "score",
    "active",
    "owner",
    "backup_owner",
    "tags",
    "status",
    "assignee",
    "details",
)


def test_nullable_golden_trees_of_both_dialects_are_byte_identical(gen: Callable[[str], Generated]) -> None:
    g30, g31 = gen("nullable30.yaml"), gen("nullable31.yaml")
    stamp = f"{g30.package}/_version.py"  # records each spec's own sha256, so it differs by design
    assert {k: v for k, v in g30.files.items() if k != stamp} == {k: v for k, v in g31.files.items() if k != stamp}
    differing = set(g30.files[stamp].splitlines()) ^ set(g31.files[stamp].splitlines())
    assert {line.split("=")[0].strip() for line in differing} == {"__spec_sha256__"}
    assert to_data(g30.api.types) == to_data(g31.api.types)
    assert to_data(g30.api.operations) == to_data(g31.api.operations)


@pytest.mark.parametrize("fixture", ["nullable30.yaml", "nullable31.yaml"])
def test_nullable_every_shape_is_nullable(gen: Callable[[str], Generated], fixture: str) -> None:
    g = gen(fixture)
    record = fields_of(g.object("Record"))
    for name in RECORD_NULLABLE:
        assert nullable(record[name].type), name
    assert record["scores"].type == ArrayType(UnionType((INT, NullType())))
    assert non_null(record["owner"].type) == (NamedRef("Owner"),) and non_null(record["backup_owner"].type) == (
        NamedRef("Owner"),
    )
    assert non_null(record["assignee"].type) == (NamedRef("Owner"), NamedRef("Team"))
    assert non_null(record["status"].type) == (LiteralType(("open", "closed")),)
    since = next(p for p in g.op("getRecord").parameters if p.name == "since")
    assert nullable(since.type)
    assert g.op("updateRecord").returns.type == UnionType((NamedRef("MaybeOwner"), NullType()))
    assert isinstance(g.typedef("MaybeOwner"), ObjectDef)


def test_nullable_required_nullable_fields_have_no_default_and_optional_nullable_default_to_none(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("nullable30.yaml")
    Record = g.type("Record")
    required = set(g.spec_data()["components"]["schemas"]["Record"]["required"])
    nulls = {name: None for name in RECORD_NULLABLE}
    m = Record.model_validate({"id": "r", "object": "record", **nulls})
    assert all(getattr(m, name) is None for name in RECORD_NULLABLE)
    for name in RECORD_NULLABLE:
        assert Record.model_fields[name].is_required() == (name in required), name
        if name in required:
            with pytest.raises(pydantic.ValidationError, match=name):
                Record.model_validate({"id": "r", "object": "record", **{k: v for k, v in nulls.items() if k != name}})
        else:
            assert Record.model_fields[name].default is None
    server = Server(lambda request: httpx.Response(200, content=b"null", headers={"content-type": "application/json"}))
    assert g.client(server, monkeypatch).records.update("r1", title=None) is None
    assert server.last_json() == {"title": None}


@pytest.mark.parametrize("fixture", ["nullable30.yaml", "nullable31.yaml"])
def test_nullable_single_value_enum_and_const_give_the_same_literal(
    gen: Callable[[str], Generated], fixture: str
) -> None:
    g = gen(fixture)
    assert fields_of(g.object("Record"))["object"].type == LiteralType(("record",))
    assert fields_of(g.object("RecordUpdate"))["kind"].type == LiteralType(("update",))


# ---------------------------------------------------------------------------
# recursion.yaml


def test_recursion_generation_finishes_and_every_recursive_model_builds_and_validates(
    gen: Callable[[str], Generated],
) -> None:
    g = gen("recursion.yaml")
    assert fields_of(g.object("TreeNode"))["parent"].type == NamedRef("TreeNode")
    assert fields_of(g.object("TreeNode"))["children"].type == ArrayType(NamedRef("TreeNode"))
    assert fields_of(g.object("BinaryOp"))["left"].type == NamedRef("Expr")
    assert g.object("Config").additional == NamedRef("Config")
    modules = {m.name: set(m.types) for m in g.api.type_modules}
    assert any({"A", "B"} <= types for types in modules.values()), (
        f"A and B share a module so imports never cycle: {modules}"
    )
    for name in ("TreeNode", "BinaryOp", "Config", "ConfigSetting", "Outer", "OuterInner", "NumberLiteral"):
        g.type(name).model_rebuild(force=True)
    tree = g.type("TreeNode").model_validate({"value": "r", "children": [{"value": "c", "parent": {"value": "r"}}]})
    assert type(tree.children[0].parent) is g.type("TreeNode")
    expr = pydantic.TypeAdapter(g.type("Expr")).validate_python(
        {"op": "+", "left": {"value": 1}, "right": {"op": "*", "left": {"value": 2}, "right": {"value": 3}}}
    )
    assert (
        type(expr).__name__ == "BinaryOp"
        and type(expr.right).__name__ == "BinaryOp"
        and type(expr.left).__name__ == "NumberLiteral"
    )
    graph = g.type("AParam")  # A <-> B are request-only: TypedDicts that refer to each other
    assert hints(graph)["b"] is g.type("BParam") and hints(g.type("BParam"))["a"] == graph | None


def test_recursion_through_additional_properties_gives_typed_extra_values(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("recursion.yaml")
    Config = g.type("Config")
    body = {"name": "root", "child": {"name": "leaf", "settings": {"key": "k"}}}
    assert type(Config.model_validate(body).model_extra["child"]) is Config
    parsed = g.client(Server(json_response(body)), monkeypatch).config.retrieve()
    assert type(parsed.model_extra["child"]) is Config, (
        f"the client's parse leaves extra values untyped: {parsed.model_extra!r}"
    )


def test_recursion_defs_setting_becomes_a_recursive_model(gen: Callable[[str], Generated]) -> None:
    g = gen("recursion.yaml")
    setting = g.by_source("/components/schemas/Config/$defs/Setting")
    assert isinstance(setting, ObjectDef)
    assert fields_of(setting)["nested"].type == NamedRef(setting.name)
    assert fields_of(g.object("Config"))["settings"].type == NamedRef(setting.name)
    m = g.type(setting.name).model_validate({"key": "a", "nested": {"key": "b", "nested": {"key": "c"}}})
    assert m.nested.nested.key == "c"


def test_recursion_pointer_into_a_property_is_one_shared_model(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("recursion.yaml")
    inner = g.by_source("/components/schemas/Outer/properties/inner")
    outer = fields_of(g.object("Outer"))
    assert outer["inner"].type == NamedRef(inner.name) and outer["copy"].type == NamedRef(inner.name)
    body = g.op("putInner").body
    assert body is not None and body.body_type == NamedRef(inner.name)
    server = Server(json_response({"inner": {"depth": 1}, "copy": {"depth": 2}}))
    result = g.client(server, monkeypatch).outer.update(depth=3)
    assert server.last_json() == {"depth": 3}
    assert type(result.inner) is type(result.copy_) is g.type(inner.name)


# ---------------------------------------------------------------------------
# maps.yaml


def test_maps_additional_properties_true_and_empty_are_dict_of_str_to_object(gen: Callable[[str], Generated]) -> None:
    g = gen("maps.yaml")
    assert fields_of(g.object("Catalog"))["anything"].type == MapType(AnyType())
    empty_map = g.typedef("EmptyMap")
    assert isinstance(empty_map, AliasDef) and empty_map.target == MapType(AnyType())
    assert g.type("EmptyMap") == typing.Dict[str, object]  # noqa: UP006 (the generated spelling)
    assert hints(g.type("CatalogParam"))["anything"] == typing.Mapping[str, object]


def test_maps_ref_inline_array_and_map_values(gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch) -> None:
    g = gen("maps.yaml")
    catalog = fields_of(g.object("Catalog"))
    assert catalog["items_by_id"].type == MapType(NamedRef("Item"))
    assert catalog["stats"].type == MapType(NamedRef("CatalogStatsValue"))
    assert [f.name for f in g.object("CatalogStatsValue").fields] == ["min", "max"]
    assert catalog["tags_by_group"].type == MapType(ArrayType(STR))
    assert catalog["nested"].type == MapType(MapType(BOOL))
    server = Server(json_response({"ok": True}))
    sent = {
        "items_by_id": {"a": {"name": "x"}},
        "stats": {"s": {"min": 1, "max": 2}},
        "tags_by_group": {"g": ["t"]},
        "nested": {"x": {"y": True}},
    }
    g.client(server, monkeypatch).inventory.update(**sent)
    assert server.last_json() == sent
    counts = g.client(Server(json_response({"apples": 3})), monkeypatch).inventory.retrieve()
    assert g.op("getInventory").returns.type == MapType(INT) and counts == {"apples": 3}


def test_maps_labels_is_a_top_level_map_alias(gen: Callable[[str], Generated]) -> None:
    g = gen("maps.yaml")
    labels = g.typedef("Labels")
    assert isinstance(labels, AliasDef) and labels.target == MapType(STR)
    assert g.type("LabelsParam") == typing.Mapping[str, str]


def test_maps_mixed_has_known_properties_plus_extra_float_values(gen: Callable[[str], Generated]) -> None:
    g = gen("maps.yaml")
    mixed = g.object("Mixed")
    assert [f.name for f in mixed.fields] == ["id", "count"] and mixed.additional == FLOAT


def test_maps_closed_is_a_model_with_no_extra_values_and_stays_lenient_on_responses(
    gen: Callable[[str], Generated],
) -> None:
    g = gen("maps.yaml")
    closed = g.object("Closed")
    assert g.spec_data()["components"]["schemas"]["Closed"]["additionalProperties"] is False
    assert closed.additional is None and [f.name for f in closed.fields] == ["ok"]
    assert "__pydantic_extra__" not in g.source(f"{g.package}/types/closed.py")
    parsed = g.type("Closed").model_validate({"ok": True, "added_later": 1})
    assert parsed.ok is True and parsed.model_extra == {"added_later": 1}, (
        "a newer server's extra key must not break parsing"
    )


# ---------------------------------------------------------------------------
# multipart.yaml


def test_multipart_files_in_both_spellings_and_arrays_of_files_are_file_parts(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("multipart.yaml")
    upload = g.op("uploadFile").body
    assert upload is not None and upload.kind == "multipart"
    assert fields_of_body(upload)["file"].type == FileType() and fields_of_body(upload)["thumbnail"].type == FileType()
    batch = g.op("uploadFiles").body
    assert batch is not None and fields_of_body(batch)["files"].type == ArrayType(FileType())
    server = Server(json_response({"id": "f", "bytes": 1}))
    client = g.client(server, monkeypatch)
    client.files.create(file=("a.txt", b"hello"), thumbnail=io.BytesIO(b"thumb"), purpose="batch")
    parts = {part_name(p): p for p in multipart_parts(server.last)}
    assert parts["file"].get_filename() == "a.txt" and parts["file"].get_payload(decode=True) == b"hello"
    assert parts["thumbnail"].get_filename() and parts["thumbnail"].get_payload(decode=True) == b"thumb"
    server.respond = json_response([])
    client.files.batch.create(files=[b"one", ("b.bin", b"two")])
    files = [p for p in multipart_parts(server.last) if part_name(p).removesuffix("[]") == "files"]
    assert [p.get_payload(decode=True) for p in files] == [b"one", b"two"] and all(p.get_filename() for p in files)


def fields_of_body(body: Any) -> dict[str, Any]:
    return {f.name: f for f in body.fields}


def test_multipart_scalar_enum_integer_and_array_fields_are_form_parts(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("multipart.yaml")
    server = Server(json_response({"id": "f", "bytes": 1}))
    g.client(server, monkeypatch).files.create(file=b"x", purpose="fine-tune", chunk_size=5, labels=["a", "b"])
    parts = multipart_parts(server.last)
    values = [(part_name(p).removesuffix("[]"), p.get_payload(decode=True)) for p in parts if not p.get_filename()]
    assert values == [("purpose", b"fine-tune"), ("chunk_size", b"5"), ("labels", b"a"), ("labels", b"b")]


def test_multipart_json_encoded_field_is_one_json_part(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("multipart.yaml")
    encoding = g.spec_data()["paths"]["/files"]["post"]["requestBody"]["content"]["multipart/form-data"]["encoding"]
    assert encoding == {"metadata": {"contentType": "application/json"}}
    server = Server(json_response({"id": "f", "bytes": 1}))
    g.client(server, monkeypatch).files.create(file=b"x", purpose="batch", metadata={"k": "v", "n": "2"})
    metadata = [p for p in multipart_parts(server.last) if part_name(p).startswith("metadata")]
    assert [part_name(p) for p in metadata] == ["metadata"], (
        f"metadata is sent as {[part_name(p) for p in metadata]}, not as one JSON part"
    )
    assert metadata[0].get_content_type() == "application/json"
    assert json.loads(metadata[0].get_payload(decode=True)) == {"k": "v", "n": "2"}


def test_multipart_urlencoded_token_request_is_sent_as_a_form(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("multipart.yaml")
    assert g.op("createToken").body.kind == "form"  # type: ignore[union-attr]
    server = Server(json_response({"access_token": "t", "expires_in": 60}))
    token = g.client(server, monkeypatch).oauth.token.create(grant_type="client_credentials", scope=["a", "b"])
    assert server.last.headers["content-type"] == "application/x-www-form-urlencoded"
    form = urllib.parse.parse_qs(server.last.content.decode())
    assert form["grant_type"] == ["client_credentials"] and [v for k, v in form.items() if k.startswith("scope")] == [
        ["a", "b"]
    ]
    assert token.access_token == "t"


def test_multipart_raw_octet_stream_bodies_take_bytes_or_a_stream(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("multipart.yaml")
    for op in ("putFileContent", "uploadBlob"):
        assert g.op(op).body.kind == "binary"  # type: ignore[union-attr]
    server = Server(lambda request: httpx.Response(204))
    client = g.client(server, monkeypatch)
    assert client.files.content("f1", body=b"\x00raw") is None
    assert server.last.content == b"\x00raw" and server.last.headers["content-type"] == "application/octet-stream"
    client.blobs.create(body=io.BytesIO(b"streamed"))
    assert server.last.content == b"streamed" and server.last.headers["content-type"] == "application/octet-stream"
    client.blobs.create(body=b"bytes")
    assert server.last.content == b"bytes"


# ---------------------------------------------------------------------------
# binary.yaml


def binary_server(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/health":
        return httpx.Response(200, text="ok", headers={"content-type": "text/plain"})
    if request.url.path.startswith("/reports") and request.method == "DELETE":
        return httpx.Response(404, json={"message": "no such report"})
    if request.url.path.startswith("/reports"):
        if "application/pdf" in request.headers.get("accept", ""):
            return httpx.Response(200, content=b"%PDF-1.7", headers={"content-type": "application/pdf"})
        return httpx.Response(200, json={"id": "r1", "title": "T"})
    return httpx.Response(
        200, content=b'{"not": "parsed"}\x00\xff', headers={"content-type": "application/octet-stream"}
    )


def test_binary_media_types_return_binary_content_not_parsed_json(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("binary.yaml")
    media = {o.operation_id: {c.media_type for r in o.responses for c in r.contents} for o in g.api.operations}
    assert (
        media["createSpeech"] == {"audio/mpeg"}
        and media["downloadFile"] == {"application/octet-stream"}
        and media["getImage"] == {"image/png"}
    )
    for op in ("createSpeech", "downloadFile", "getImage"):
        assert g.op(op).returns.kind == "binary" and g.op(op).returns.type is None, op
    client = g.client(Server(binary_server), monkeypatch)
    for result in (
        client.audio.speech.create(input="hi", voice="alloy"),
        client.files.content("f"),
        client.images.retrieve("i"),
    ):
        assert result.read() == b'{"not": "parsed"}\x00\xff'


def test_binary_text_plain_returns_str(gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch) -> None:
    g = gen("binary.yaml")
    assert g.op("getHealth").returns.kind == "text"
    assert inspect.signature(g.module("resources.health").Health.retrieve).return_annotation in ("str", str)
    assert g.client(Server(binary_server), monkeypatch).health.retrieve() == "ok"


def test_binary_get_report_returns_json_by_default_with_a_way_to_get_the_pdf(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("binary.yaml")
    op = g.op("getReport")
    assert op.returns.kind == "json" and op.returns.type == NamedRef("Report")
    assert {c.media_type for r in op.responses for c in r.contents} == {"application/json", "application/pdf"}
    server = Server(binary_server)
    client = g.client(server, monkeypatch)
    report = client.reports.retrieve("r1")
    assert type(report) is g.type("Report") and report.title == "T"
    assert server.last.headers["accept"] == "application/json"
    raw = client.reports.with_raw_response.retrieve("r1", extra_headers={"Accept": "application/pdf"})
    assert raw.read() == b"%PDF-1.7" and raw.headers["content-type"] == "application/pdf"


def test_binary_204_returns_none_and_a_404_with_a_json_body_is_an_error_type(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("binary.yaml")
    op = g.op("deleteReport")
    assert op.returns.kind == "empty"
    assert [(r.status, [c.media_type for c in r.contents]) for r in op.responses] == [
        ("204", []),
        ("404", ["application/json"]),
    ]
    assert g.client(Server(lambda request: httpx.Response(204)), monkeypatch).reports.delete("r1") is None
    exceptions = g.module("_exceptions")
    with pytest.raises(exceptions.NotFoundError) as caught:
        g.client(Server(binary_server), monkeypatch).reports.delete("r1")
    assert isinstance(caught.value, exceptions.APIStatusError) and caught.value.status_code == 404
    assert caught.value.body == {"message": "no such report"}


# ---------------------------------------------------------------------------
# sse.yaml


def sse_body(*events: tuple[str | None, str]) -> bytes:
    return "".join((f"event: {name}\n" if name else "") + f"data: {data}\n\n" for name, data in events).encode()


def sse_response(body: bytes) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(200, content=body, headers={"content-type": "text/event-stream"})


def test_sse_chat_completion_has_a_json_variant_and_a_streaming_variant(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("sse.yaml")
    returns = g.op("createChatCompletion").returns
    assert (returns.kind, returns.type, returns.stream_event, returns.stream_flag) == (
        "json",
        NamedRef("ChatCompletion"),
        NamedRef("ChatCompletionChunk"),
        "stream",
    )
    create = g.module("resources.chat.completions").Completions.create
    assert len(typing.get_overloads(create)) == 3
    messages = [{"role": "user", "content": "hi"}]
    server = Server(
        json_response(
            {
                "id": "c",
                "object": "chat.completion",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": "yo"}}],
            }
        )
    )
    client = g.client(server, monkeypatch)
    completion = client.chat.completions.create(model="m", messages=messages)
    assert type(completion) is g.type("ChatCompletion") and completion.choices[0].message.content == "yo"
    assert "stream" not in server.last_json()
    chunk = {"id": "c", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": "h"}}]}
    server.respond = sse_response(sse_body((None, json.dumps(chunk)), (None, json.dumps(chunk)), (None, "[DONE]")))
    stream = client.chat.completions.create(model="m", messages=messages, stream=True)
    assert isinstance(stream, g.module("_streaming").Stream)
    chunks = list(stream)
    assert server.last_json()["stream"] is True
    assert [type(c) for c in chunks] == [g.type("ChatCompletionChunk")] * 2 and chunks[0].choices[
        0
    ].delta.content == "h"


def test_sse_x_oai_meta_is_ignored(gen: Callable[[str], Generated]) -> None:
    g = gen("sse.yaml")
    meta = g.spec_data()["paths"]["/chat/completions"]["post"]["x-oaiMeta"]
    op = g.op("createChatCompletion")
    assert meta["name"] not in (op.summary, op.description) and meta["returns"] not in op.description
    leaked = [rel for rel, text in g.files.items() if "oaiMeta" in text or meta["returns"] in text]
    assert leaked == []


def test_sse_stream_run_events_only_streams(gen: Callable[[str], Generated]) -> None:
    g = gen("sse.yaml")
    returns = g.op("streamRunEvents").returns
    assert (returns.kind, returns.type, returns.stream_event, returns.stream_flag) == (
        "sse",
        None,
        NamedRef("RunEvent"),
        None,
    )
    events = inspect.signature(g.module("resources.runs").Runs.events)
    assert "stream" not in events.parameters and typing.get_overloads(g.module("resources.runs").Runs.events) == []


def test_sse_run_events_are_the_discriminated_run_event_union(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("sse.yaml")
    run_event = g.typedef("RunEvent")
    assert isinstance(run_event, UnionDef) and run_event.union.discriminator is not None
    assert run_event.union.discriminator.property == "event"
    assert dict(run_event.union.discriminator.mapping) == {
        "thread.run.created": "RunCreatedEvent",
        "thread.run.delta": "RunDeltaEvent",
        "done": "DoneEvent",
    }
    body = sse_body(
        (None, json.dumps({"event": "thread.run.created", "data": {"id": "r1"}})),
        (None, json.dumps({"event": "thread.run.delta", "data": {"delta": "x"}})),
        ("done", "[DONE]"),
    )
    events = list(g.client(Server(sse_response(body)), monkeypatch).runs.events("r1"))
    assert [type(e).__name__ for e in events] == ["RunCreatedEvent", "RunDeltaEvent"], "the stream ends at done"
    assert events[0].data.id == "r1" and events[1].data.delta == "x"


def test_sse_run_event_variant_comes_from_the_event_tag_of_each_payload(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each SSE ``data`` payload is one RunEvent (the schema's required ``event`` and ``data``), picked by
    its ``event`` tag. (openai-python's Assistants streams put the tag in the SSE ``event:`` field and
    the run in ``data``: wrapping those is the OpenAI flavour's job, issue 11.)"""
    g = gen("sse.yaml")
    body = sse_body(
        ("thread.run.created", json.dumps({"event": "thread.run.created", "data": {"id": "r1"}})),
        ("thread.run.delta", json.dumps({"event": "thread.run.delta", "data": {"delta": "x"}})),
        ("done", "[DONE]"),
    )
    events = list(g.client(Server(sse_response(body)), monkeypatch).runs.events("r1"))
    assert [(type(e).__name__, e.event) for e in events] == [
        ("RunCreatedEvent", "thread.run.created"),
        ("RunDeltaEvent", "thread.run.delta"),
    ], events
    assert events[0].data.id == "r1" and events[1].data.delta == "x"


# ---------------------------------------------------------------------------
# pagination.yaml


def pages(param: str, responses: Mapping[str | None, Any]) -> Callable[[httpx.Request], httpx.Response]:
    """Answers each request by the value of its ``param`` query parameter (None: absent)."""

    def respond(request: httpx.Request) -> httpx.Response:
        key = request.url.params.get(param)
        assert key in responses, f"unexpected page request {request.url}"
        return httpx.Response(200, json=responses[key])

    return respond


def ids_and_sent(
    g: Generated, monkeypatch: pytest.MonkeyPatch, resource: str, server: Server, param: str
) -> tuple[list[str], list[str | None]]:
    items = list(getattr(g.client(server, monkeypatch), resource).list())
    assert all(type(i) is g.type("Item") for i in items), "list methods iterate items, not pages"
    return [i.id for i in items], [r.url.params.get(param) for r in server.requests]


def test_pagination_openai_cursor_sends_last_id_as_after_and_stops_on_has_more(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("pagination.yaml")
    p = g.op("listModels").pagination
    assert p is not None and (p.style, p.request_param, p.next_cursor_field, p.has_more_field, p.items_field) == (
        "cursor",
        "after",
        "last_id",
        "has_more",
        "data",
    )
    server = Server(
        pages(
            "after",
            {
                None: {"object": "list", "data": [{"id": "a"}, {"id": "b"}], "last_id": "cursor-b", "has_more": True},
                "cursor-b": {"object": "list", "data": [{"id": "c"}], "last_id": "cursor-c", "has_more": False},
            },
        )
    )
    assert ids_and_sent(g, monkeypatch, "models", server, "after") == (["a", "b", "c"], [None, "cursor-b"])


def test_pagination_page_token_and_next_cursor_schemes(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("pagination.yaml")
    for op, resource, param, items, cursor in (
        ("listDocuments", "documents", "page_token", "documents", "next_page_token"),
        ("listEvents", "events", "cursor", "data", "next_cursor"),
    ):
        p = g.op(op).pagination
        assert p is not None and (p.request_param, p.items_field, p.next_cursor_field) == (param, items, cursor), op
        server = Server(
            pages(param, {None: {items: [{"id": "a"}], cursor: "t2"}, "t2": {items: [{"id": "b"}], cursor: None}})
        )
        assert ids_and_sent(g, monkeypatch, resource, server, param) == (["a", "b"], [None, "t2"]), op


def test_pagination_page_number_and_offset_schemes(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("pagination.yaml")
    users = g.op("listUsers").pagination
    assert users is not None and (users.style, users.request_param, users.items_field) == ("page", "page", "items")
    server = Server(
        pages(
            "page",
            {
                None: {"items": [{"id": "a"}, {"id": "b"}], "total": 3},
                "2": {"items": [{"id": "c"}], "total": 3},
                "3": {"items": [], "total": 3},
            },
        )
    )
    ids, sent = ids_and_sent(g, monkeypatch, "users", server, "page")
    assert ids == ["a", "b", "c"] and sent[:2] == [None, "2"]
    logs = g.op("listLogs").pagination
    assert logs is not None and (logs.style, logs.request_param, logs.items_field) == ("offset", "offset", "results")
    server = Server(
        pages(
            "offset",
            {
                None: {"results": [{"id": "a"}, {"id": "b"}], "count": 3},
                "2": {"results": [{"id": "c"}], "count": 3},
                "3": {"results": []},
            },
        )
    )
    ids, sent = ids_and_sent(g, monkeypatch, "logs", server, "offset")
    assert ids == ["a", "b", "c"] and sent[:2] == [None, "2"]


def test_pagination_next_link_scheme(gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch) -> None:
    g = gen("pagination.yaml")
    p = g.op("listRepos").pagination
    assert p is not None and (p.style, p.next_cursor_field) == ("next_link", "next")
    base = g.api.client.base_url
    server = Server(
        pages(
            "page",
            {None: {"data": [{"id": "a"}], "next": f"{base}/repos?page=2"}, "2": {"data": [{"id": "b"}], "next": None}},
        )
    )
    assert ids_and_sent(g, monkeypatch, "repos", server, "page") == (["a", "b"], [None, "2"])


def test_pagination_list_regions_returns_a_plain_list_and_is_not_paginated(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("pagination.yaml")
    op = g.op("listRegions")
    assert op.pagination is None and op.returns.type == ArrayType(NamedRef("Item"))
    server = Server(json_response([{"id": "eu"}, {"id": "us"}]))
    regions = g.client(server, monkeypatch).regions.list(limit=2)
    assert type(regions) is list and [r.id for r in regions] == ["eu", "us"] and len(server.requests) == 1


# ---------------------------------------------------------------------------
# auth.yaml


def test_auth_client_accepts_the_credentials_of_all_seven_schemes(gen: Callable[[str], Generated]) -> None:
    g = gen("auth.yaml")
    declared = g.spec_data()["components"]["securitySchemes"]
    schemes = {s.name: s for s in g.api.client.security_schemes}
    assert set(schemes) == set(declared) and len(schemes) == 7
    assert {n: (s.kind, s.location) for n, s in schemes.items()} == {
        "bearerAuth": ("bearer", "header"),
        "basicAuth": ("basic", "header"),
        "apiKeyHeader": ("api_key", "header"),
        "apiKeyQuery": ("api_key", "query"),
        "cookieAuth": ("api_key", "cookie"),
        "oauth2": ("bearer", "header"),
        "openId": ("bearer", "header"),
    }
    options = [o for s in g.api.client.security_schemes for o in s.options]
    constructor = inspect.signature(getattr(g.module(), g.api.client.class_name)).parameters
    assert len(set(options)) == len(options) and set(options) <= set(constructor)


def auth_server() -> Server:
    return Server(
        lambda request: (
            httpx.Response(200, text="ok", headers={"content-type": "text/plain"})
            if request.url.path == "/status"
            else httpx.Response(200, json=[] if "admin" in request.url.path else {})
        )
    )


def test_auth_get_me_uses_the_global_bearer(gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch) -> None:
    g = gen("auth.yaml")
    assert g.op("getMe").security is None and g.api.client.default_security == (("bearerAuth",),)
    server = auth_server()
    g.client(server, monkeypatch, api_key="tok").me.retrieve()
    assert server.last.headers["authorization"] == "Bearer tok"


def test_auth_list_admin_users_accepts_basic_or_header_and_query_key_or_oauth2(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("auth.yaml")
    assert g.op("listAdminUsers").security == (("basicAuth",), ("apiKeyHeader", "apiKeyQuery"), ("oauth2",))
    server = auth_server()
    g.client(server, monkeypatch, username="u", password="p").admin.users.list()
    assert server.last.headers["authorization"] == "Basic " + base64.b64encode(b"u:p").decode()
    g.client(server, monkeypatch, api_key_header="hk", api_key_query="qk").admin.users.list()
    assert server.last.headers["x-api-key"] == "hk" and server.last.url.params["api_key"] == "qk"
    g.client(server, monkeypatch, oauth2="ot").admin.users.list()
    assert server.last.headers["authorization"] == "Bearer ot"


def test_auth_get_session_accepts_cookie_or_oidc(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("auth.yaml")
    assert g.op("getSession").security == (("cookieAuth",), ("openId",))
    server = auth_server()
    g.client(server, monkeypatch, cookie_auth="sess").session.retrieve()
    assert server.last.headers["cookie"] == "session_id=sess" and "authorization" not in server.last.headers
    g.client(server, monkeypatch, open_id="oidc").session.retrieve()
    assert server.last.headers["authorization"] == "Bearer oidc"


def test_auth_get_status_sends_no_auth(gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch) -> None:
    g = gen("auth.yaml")
    assert g.op("getStatus").security == ()
    server = auth_server()
    every = {o: "secret" for s in g.api.client.security_schemes for o in s.options}
    assert g.client(server, monkeypatch, **every).status.retrieve() == "ok"
    sent = server.last
    assert "secret" not in json.dumps({**dict(sent.headers), "url": str(sent.url)}), dict(sent.headers)


# ---------------------------------------------------------------------------
# names.yaml


def test_names_reserved_and_non_identifier_property_names_become_valid_attributes_aliasing_wire_names(
    gen: Callable[[str], Generated],
) -> None:
    g = gen("names.yaml")
    wire = list(g.spec_data()["components"]["schemas"]["Weird"]["properties"])
    weird = g.object("Weird")
    assert [f.name for f in weird.fields] == wire
    attrs = [f.py_name for f in weird.fields]
    assert len(set(attrs)) == len(attrs)
    reserved = set(dir(pydantic.BaseModel)) | {"model_config"}
    for f in weird.fields:
        assert f.py_name.isidentifier() and not keyword.iskeyword(f.py_name) and f.py_name not in reserved, (
            f.name,
            f.py_name,
        )
    Weird = g.type("Weird")
    data = {name: (True if name == "true" else 7 if name in ("id", "HTTPStatus") else f"v-{name}") for name in wire}
    m = Weird.model_validate(data)
    assert {f.name: getattr(m, f.py_name) for f in weird.fields} == data
    assert m.model_dump(by_alias=True) == data and m.to_dict() == data


def test_names_identifier_property_names_are_snake_case_aliasing_the_wire_names(gen: Callable[[str], Generated]) -> None:
    """The default ``names.style: pep8``: a camelCase or PascalCase property is a snake_case attribute,
    its wire name the alias (read, dumped and sent); a lower-case name keeps its spelling."""
    g = gen("names.yaml")
    py = {f.name: f.py_name for f in g.object("Weird").fields}
    assert [py[n] for n in ("camelCaseProp", "PascalCaseProp", "HTTPStatus", "id")] == [
        "camel_case_prop",
        "pascal_case_prop",
        "http_status",
        "id",
    ]
    m = g.type("Weird").model_construct(**{"camelCaseProp": "a", "HTTPStatus": 7})
    assert (m.camel_case_prop, m.http_status) == ("a", 7)
    by_python_name = g.type("Weird").model_construct(camel_case_prop="a", http_status=7)
    assert by_python_name.model_dump(by_alias=True, exclude_unset=True) == {"camelCaseProp": "a", "HTTPStatus": 7}


def test_names_my_model_v2_gets_a_valid_class_name(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("names.yaml")
    t = g.by_source("/components/schemas/my-model.v2")
    assert t.name.isidentifier() and t.name[0].isupper() and not HASH_SUFFIX.search(t.name)
    items = g.client(Server(json_response([{"name": "n"}])), monkeypatch).items.list()
    assert [type(i) for i in items] == [g.type(t.name)]


def test_names_foo_bar_spellings_get_four_distinct_stable_names(gen: Callable[[str], Generated]) -> None:
    g = gen("names.yaml")
    spellings = ("Foo_Bar", "FooBar", "foo-bar", "foo_bar")
    defs = [g.by_source(f"/components/schemas/{s}") for s in spellings]
    assert len({d.name for d in defs}) == 4 and len({d.module for d in defs}) == 4
    assert all(d.name.isidentifier() for d in defs)
    again = run(g.spec, load_config(None), Options(validate=False, formatter="none")).api
    assert [next(t.name for t in again.types if t.source == d.source) for d in defs] == [d.name for d in defs]
    for d in defs:
        name = d.name if d.usage.response else d.param_name
        assert g.type(name).__name__ == name
    collisions = [f.py_name for f in g.object("Collisions").fields]
    assert len(set(collisions)) == 4


def test_names_typing_and_pydantic_names_are_not_shadowed(gen: Callable[[str], Generated]) -> None:
    g = gen("names.yaml")
    import pkgutil

    import typing_extensions

    names = ("List", "Dict", "Optional", "Any", "Literal", "BaseModel", "str")
    for source in names:
        assert g.by_source(f"/components/schemas/{source}").name not in names, source
    meant = {
        name: {getattr(typing, name), getattr(typing_extensions, name)}
        for name in ("List", "Dict", "Optional", "Any", "Literal")
    }
    meant["BaseModel"] = {g.module("_models").BaseModel, pydantic.BaseModel}
    meant["str"] = {str}
    for info in pkgutil.walk_packages(g.module().__path__, g.package + "."):
        module = {k: v for k, v in vars(importlib.import_module(info.name)).items() if not isinstance(v, ModuleType)}
        for name, allowed in meant.items():
            assert name not in module or module[name] in allowed, f"{info.name}.{name} is {module[name]!r}"
    m = g.type("Builtins").model_validate(
        {
            "list": ["a"],
            "dict": {"a": 1},
            "optional": None,
            "any": [1],
            "literal": "a",
            "base_model": {"value": "v"},
            "str": "s",
        }
    )
    assert (m.list, m.dict_, m.optional, m.any, m.literal, m.str) == (["a"], {"a": 1}, None, [1], "a", "s")
    assert type(m.base_model).__name__ == g.by_source("/components/schemas/BaseModel").name


def test_names_odd_parameter_names_are_handled(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("names.yaml")
    params = {p.name: p.py_name for p in g.op("get-item").parameters}
    assert params == {
        "item-id": "item_id",
        "from": "from_",
        "type": "type",
        "filter[name]": "filter_name",
        "X-Request-ID": "x_request_id",
    }
    server = Server(json_response({"class": "c", "123abc": "x", "@type": "t"}))
    weird = g.client(server, monkeypatch).items.retrieve(
        "a/b c", from_="f", type="t", filter_name="n", x_request_id="rid"
    )
    sent = server.last
    assert sent.url.raw_path.split(b"?")[0] == b"/items/a%2Fb%20c"
    assert (
        dict(sent.url.params) == {"from": "f", "type": "t", "filter[name]": "n"}
        and sent.headers["x-request-id"] == "rid"
    )
    assert (weird.class_, weird.n_123abc, weird.type_) == ("c", "x", "t")


def test_names_operation_ids_are_normalised_and_a_missing_one_is_derived_from_method_and_path(
    gen: Callable[[str], Generated],
) -> None:
    g = gen("names.yaml")
    assert {o.operation_id: (o.resource, o.method_name) for o in g.api.operations} == {
        "get-item": (("items",), "retrieve"),
        "Items_List": (("items",), "list"),
        "post_items": (("items",), "create"),
        "getBuiltins": (("builtins",), "retrieve"),
    }
    [missing] = g.found("missing-operation-id")
    assert missing.pointer == "/paths/~1items/post" and "post_items" in missing.message
    items = g.module("resources.items").Items
    assert all(callable(getattr(items, m)) for m in ("retrieve", "list", "create"))


def test_names_tags_with_spaces_or_slashes_never_reach_resource_or_module_names(
    gen: Callable[[str], Generated],
) -> None:
    g = gen("names.yaml")
    paths = g.spec_data()["paths"]

    def nodes(r: Any) -> Iterator[Any]:
        yield r
        for child in r.children:
            yield from nodes(child)

    for node in list(nodes(g.api.resources))[1:]:
        assert node.attr_name.isidentifier() and node.class_name.isidentifier(), node
        assert all(part.isidentifier() for part in node.module.split(".")), node.module
    assert {c.attr_name for c in g.api.resources.children} == {p.split("/")[1] for p in paths}, (
        "resources come from paths, not tags"
    )
    assert all(
        part.isidentifier() for rel in g.files if rel.endswith(".py") for part in Path(rel).with_suffix("").parts
    )


# ---------------------------------------------------------------------------
# params.yaml


def test_params_path_query_header_and_cookie_params_and_each_query_style(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("params.yaml")
    where = {p.name: (p.location, p.style, p.explode) for p in g.op("listTasks").parameters}
    assert where["project_id"][0] == "path" and where["X-Trace"][0] == "header" and where["session"][0] == "cookie"
    assert where["fields"] == ("query", "form", False) and where["filter"] == ("query", "deepObject", True)
    assert where["tags"] == ("query", "spaceDelimited", False) and where["labels"] == ("query", "pipeDelimited", False)
    server = Server(json_response([]))
    g.client(server, monkeypatch).projects.tasks.list(
        "p 1",
        limit=25,
        fields=["a", "b"],
        filter={"status": "open", "owner": "me"},
        tags=["x", "y"],
        labels=[1, 2],
        x_trace="t",
        session="s1",
    )
    sent = server.last
    assert sent.url.raw_path.startswith(b"/projects/p%201/tasks?")
    query = urllib.parse.parse_qsl(sent.url.query.decode())
    assert ("fields", "a,b") in query
    assert ("filter[status]", "open") in query and ("filter[owner]", "me") in query
    assert ("tags", "x y") in query and ("labels", "1|2") in query
    assert sent.headers["x-trace"] == "t" and sent.headers["cookie"] == "session=s1"


def test_params_form_explode_array_repeats_the_key(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("params.yaml")
    ids = next(
        p for p in g.spec_data()["paths"]["/projects/{project_id}/tasks"]["get"]["parameters"] if p.get("name") == "ids"
    )
    assert (ids["style"], ids["explode"]) == ("form", True)
    server = Server(json_response([]))
    g.client(server, monkeypatch).projects.tasks.list("p1", limit=25, ids=["a", "b"])
    assert [kv for kv in urllib.parse.parse_qsl(server.last.url.query.decode()) if kv[0].startswith("ids")] == [
        ("ids", "a"),
        ("ids", "b"),
    ]


def test_params_path_level_limit_is_replaced_in_list_tasks_and_inherited_in_create_task(
    gen: Callable[[str], Generated],
) -> None:
    g = gen("params.yaml")
    path_item = g.spec_data()["paths"]["/projects/{project_id}/tasks"]
    listed = {p.name: p for p in g.op("listTasks").parameters}
    created = {p.name: p for p in g.op("createTask").parameters}
    op_limit = next(p for p in path_item["get"]["parameters"] if p.get("name") == "limit")
    path_limit = next(p for p in path_item["parameters"] if p.get("name") == "limit")
    assert listed["limit"].required and listed["limit"].examples[-1] == op_limit["schema"]["default"] == 25
    assert listed["limit"].description == op_limit["description"]
    assert not created["limit"].required and created["limit"].examples[-1] == path_limit["schema"]["default"] == 10
    assert [n for n in created] == ["project_id", "limit", "X-Trace"]
    assert sum(p.name == "limit" for p in g.op("listTasks").parameters) == 1


def test_params_ref_params_are_resolved(gen: Callable[[str], Generated]) -> None:
    g = gen("params.yaml")
    components = g.spec_data()["components"]["parameters"]
    for op in ("listTasks", "createTask", "getTask"):
        project = next(p for p in g.op(op).parameters if p.name == components["ProjectId"]["name"])
        assert (project.location, project.required, project.type) == ("path", True, PrimitiveType("str", "uuid")), op
    request_id = next(p for p in g.op("listTasks").parameters if p.name == components["RequestId"]["name"])
    assert (request_id.location, request_id.required, request_id.py_name) == ("header", False, "x_request_id")


def test_params_defaults_and_enums_are_kept(gen: Callable[[str], Generated]) -> None:
    g = gen("params.yaml")
    listed = {p.name: p for p in g.op("listTasks").parameters}
    assert (
        listed["sort"].type == LiteralType(("created", "-created", "priority"))
        and listed["sort"].examples[-1] == "created"
    )
    assert listed["include_archived"].examples[-1] is False
    assert listed["Accept-Language"].type == LiteralType(("en", "de", "fr"))
    version = next(p for p in g.op("getTask").parameters if p.name == "version")
    assert version.examples[-1] == 1.5
    sort = inspect.signature(g.module("resources.projects.tasks").Tasks.list).parameters["sort"]
    assert "-created" in str(sort.annotation)
    calls = [
        c
        for c in generated_calls(g.source("tests/api_resources/projects/test_tasks.py"), "test_method_list")
        if c.keywords
    ]
    assert literal_kwargs(calls[0])["limit"] == 25, "the default is the generated test's value"


# ---------------------------------------------------------------------------
# split_operations.yaml


def test_split_operations_refs_are_followed_with_one_located_warning_each(gen: Callable[[str], Generated]) -> None:
    g = gen("split_operations.yaml")
    warned = sorted((Path(d.file).name, d.pointer) for d in g.found("ref-not-allowed"))
    assert warned == sorted(
        [
            ("split_operations.yaml", "/paths/~1droplets/get"),
            ("split_operations.yaml", "/paths/~1droplets/post"),
            ("droplet_item.yaml", "/get"),
            ("droplet_create.yaml", "/properties"),
        ]
    )
    assert g.found("unresolved-ref") == [] and all(o.dropped == () for o in g.api.operations)


def test_split_operations_every_method_keeps_its_parameters_body_and_return_type(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("split_operations.yaml")
    ops = {o.operation_id: o for o in g.api.operations}
    assert set(ops) == {"droplets_list", "droplets_create", "droplets_get", "droplets_destroy"}
    assert [(p.name, p.location) for p in ops["droplets_list"].parameters] == [
        ("per_page", "query"),
        ("page", "query"),
        ("tag_name", "query"),
    ]
    assert ops["droplets_list"].parameters[2].examples == ("web",), "an example $ref is resolved from its file"
    assert ops["droplets_get"].parameters[0].type == INT and ops["droplets_destroy"].parameters[0].name == "droplet_id"
    body = ops["droplets_create"].body
    assert (
        body is not None
        and body.required
        and [f.name for f in body.fields] == ["name", "size"]
        and body.body_type == NamedRef("DropletCreate")
    )
    assert ops["droplets_get"].returns.type == NamedRef("Droplet") and ops["droplets_destroy"].returns.kind == "empty"
    listed = ops["droplets_list"].returns.type
    assert isinstance(listed, NamedRef) and fields_of(g.object(listed.name))["droplets"].type == ArrayType(
        NamedRef("Droplet")
    )
    server = Server(json_response({"id": 7, "name": "web-1", "region": {"slug": "ams3"}}))
    droplet = g.client(server, monkeypatch).droplets.retrieve(7)
    assert server.last.url.path == "/droplets/7" and type(droplet.region) is g.type("Region")


def test_split_operations_models_are_named_after_their_files(gen: Callable[[str], Generated]) -> None:
    g = gen("split_operations.yaml")
    models = {t.name for t in g.api.types}
    assert {"Droplet", "Region", "Error", "DropletCreate"} <= models
    assert all(not HASH_SUFFIX.search(name) for name in models), models
    assert [f.name for f in g.object("DropletCreate").fields] == ["name", "size"]
    assert {f.name for f in g.object("DropletCreate").fields if f.required} == {"name", "size"}


# ---------------------------------------------------------------------------
# reserved_headers.yaml


def test_reserved_headers_are_ignored_with_an_info_each_and_other_headers_stay(gen: Callable[[str], Generated]) -> None:
    g = gen("reserved_headers.yaml")
    ignored = g.found("reserved-header-ignored")
    assert sorted((d.severity.value, d.pointer) for d in ignored) == [
        ("info", "/paths/~1messages/post/parameters/0"),
        ("info", "/paths/~1messages/post/parameters/1"),
        ("info", "/paths/~1messages~1{message_id}/get/parameters/1"),
    ]
    assert [p.name for p in g.op("createMessage").parameters] == ["X-Request-Id"]
    assert [p.name for p in g.op("getMessage").parameters] == ["message_id"]
    messages = g.module("resources.messages").Messages
    for method in (messages.create, messages.retrieve):
        names = {n.lower() for n in inspect.signature(method).parameters}
        assert not names & {"content_type", "authorization", "accept"}, names


def test_reserved_headers_declared_authorization_becomes_bearer_client_auth(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("reserved_headers.yaml")
    assert g.spec_data()["paths"]["/messages"]["post"]["security"] == []
    [scheme] = g.api.client.security_schemes
    assert (scheme.kind, scheme.param_name, scheme.options) == ("bearer", "Authorization", ("api_key",))
    server = Server(json_response({"id": "m", "text": "hi"}))
    client = g.client(server, monkeypatch, api_key="k1")
    message = client.messages.create(text="hi", x_request_id="r1")
    sent = server.last
    assert sent.headers["authorization"] == "Bearer k1" and sent.headers["x-request-id"] == "r1"
    assert sent.headers["content-type"] == "application/json" and server.last_json() == {"text": "hi"}
    assert message.text == "hi"
    client.messages.retrieve("m")
    assert server.last.headers["accept"] == "application/json"


# ---------------------------------------------------------------------------
# synthesis.yaml


def test_synthesis_unique_pattern_items_get_distinct_matching_values(gen: Callable[[str], Generated]) -> None:
    from email_validator import validate_email

    g = gen("synthesis.yaml")
    props = g.spec_data()["paths"]["/resources/tags"]["post"]["requestBody"]["content"]["application/json"]["schema"][
        "properties"
    ]
    source = g.source("tests/api_resources/resources/test_tags.py")
    [required_only] = [literal_kwargs(c) for c in generated_calls(source, "test_method_create") if c.keywords]
    [every] = [literal_kwargs(c) for c in generated_calls(source, "test_method_create_with_all_params") if c.keywords]
    for sent in (required_only, every):
        urns = sent["urns"]
        assert len(urns) >= props["urns"]["minItems"] and len(set(urns)) == len(urns)
        assert all(re.search(props["urns"]["items"]["pattern"], u) for u in urns), urns
    emails = every["emails"]
    assert len(emails) >= props["emails"]["minItems"] and len(set(emails)) == len(emails)
    for address in emails:
        validate_email(address, check_deliverability=False)


def test_synthesis_impossible_values_skip_that_one_test_with_the_reason_and_a_warning(
    gen: Callable[[str], Generated],
) -> None:
    g = gen("synthesis.yaml")
    [warning] = g.found("test-skipped")
    assert warning.pointer == "/paths/~1versions~1pins/post" and Path(warning.file).name == "synthesis.yaml"
    tree = ast.parse(g.source("tests/api_resources/versions/test_pins.py"))
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef)]
    assert len(classes) == 2  # sync and async
    for cls in classes:
        tests = [n for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        assert len(tests) == 1, [t.name for t in tests]
        [decorator] = tests[0].decorator_list
        assert isinstance(decorator, ast.Call) and ast.unparse(decorator.func) == "pytest.mark.skip"
        reason = literal_kwargs(decorator)["reason"]
        assert reason == warning.message and "2 unique items" in reason
    assert "test_method_create_with_all_params" in g.source("tests/api_resources/resources/test_tags.py")


# ---------------------------------------------------------------------------
# human_names.yaml


def test_human_names_an_empty_title_names_the_package_after_the_server_host(gen: Callable[[str], Generated]) -> None:
    g = gen("human_names.yaml")
    doc = g.spec_data()
    assert doc["info"]["title"] == "" and urllib.parse.urlsplit(doc["servers"][0]["url"]).hostname == "api.acme.com"
    assert (g.api.package.name, g.api.client.class_name) == ("acme_client", "AcmeClient")
    assert callable(g.module().AcmeClient)


def test_human_names_version_prefixes_actions_and_literal_ids_are_no_resources(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("human_names.yaml")
    assert {o.operation_id: (o.resource, o.method_name) for o in g.api.operations} == {
        "getFile": (("files",), "retrieve"),
        "shareFile": (("files",), "share"),
        "cancelJob": (("jobs",), "cancel"),
        "cancel_job_v3_jobs_job_id_cancel_post": (("jobs",), "cancel_job"),
        "recordClick": (("accounts",), "clicks"),
    }
    [clash] = g.found("method-name-clash")
    assert "cancel_job" in clash.message and "v3_jobs" not in clash.message.split("named")[-1]

    def respond(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            return httpx.Response(200, json={"用户名": "u"})
        return (
            httpx.Response(204)
            if "share" in str(request.url)
            else httpx.Response(200, json={"id": "j"} if "jobs" in request.url.path else {"accepted": True})
        )

    server = Server(respond)
    client = g.client(server, monkeypatch, api_key="k")
    base = urllib.parse.urlsplit(g.api.client.base_url).path
    client.files.retrieve("f1")
    assert server.last.url.raw_path == f"{base}/rest/api/3/files/f1".encode()
    client.files.share("f1")
    assert server.last.url.raw_path == f"{base}/rest/api/3/files/f1".encode(), "a #fragment is never sent"
    client.jobs.cancel("j1")
    assert server.last.url.raw_path == f"{base}/rest/api/3/jobs/j1/cancel".encode()
    client.jobs.cancel_job("j1")
    assert server.last.url.raw_path == f"{base}/rest/api/3/jobs/j1:cancel".encode()
    client.accounts.clicks(x=1, y=2)
    assert server.last.url.raw_path == f"{base}/rest/api/3/accounts/1234567/clicks".encode() and server.last_json() == {
        "x": 1,
        "y": 2,
    }


def test_human_names_oauth2_is_the_option_oauth2(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("human_names.yaml")
    assert {s.name: s.options for s in g.api.client.security_schemes}["OAuth2"] == ("oauth2",)
    server = Server(lambda request: httpx.Response(204))
    g.client(server, monkeypatch, oauth2="tok").files.share("f1")
    assert server.last.headers["authorization"] == "Bearer tok"


def test_human_names_chinese_names_are_transliterated_and_wire_names_kept(
    gen: Callable[[str], Generated], monkeypatch: pytest.MonkeyPatch
) -> None:
    g = gen("human_names.yaml")
    order = g.by_source("/components/schemas/订单")
    assert order.name == "DingDan"
    assert {f.name: f.py_name for f in order.fields} == {"用户名": "yong_hu_ming", "金额": "jin_e"}  # type: ignore[union-attr]
    m = g.client(Server(json_response({"用户名": "u", "金额": 2.5})), monkeypatch, api_key="k").files.retrieve("f1")
    assert (m.yong_hu_ming, m.jin_e) == ("u", 2.5) and m.to_dict() == {"用户名": "u", "金额": 2.5}
    assert all(rel.isascii() for rel in g.files), "the Chinese tag and schema names reach no file name"
    assert {c.attr_name for c in g.api.resources.children} == {"files", "jobs", "accounts"}


def test_human_names_job_is_its_one_allof_part_and_variants_say_what_differs(gen: Callable[[str], Generated]) -> None:
    g = gen("human_names.yaml")
    assert [f.name for f in g.object("Job").fields] == ["id", "state"]
    assert [t.name for t in g.api.types if t.name.startswith("Job")] == ["Job"]
    assert not [t.name for t in g.api.types if HASH_SUFFIX.search(t.name)]
    outcome = g.typedef("Outcome")
    assert isinstance(outcome, UnionDef) and outcome.union.variants == (
        NamedRef("OutcomeBooleanAccepted"),
        NamedRef("OutcomeStringAccepted"),
    )


def test_human_names_click_param_typeddict_is_never_click_param_param(gen: Callable[[str], Generated]) -> None:
    g = gen("human_names.yaml")
    click = g.object("ClickParam")
    assert click.param_name == "ClickParam" and not [rel for rel, text in g.files.items() if "ParamParam" in text]
    assert required_keys(g.module(f"types.{click.module}").ClickParam) == {"x", "y"}
    assert hasattr(g.module("types"), "ClickParam"), (
        f"`from {g.package}.types import ClickParam` fails: the TypedDict is not exported"
    )


# ---------------------------------------------------------------------------
# external/main.yaml

ONE_FILE_EXTERNAL = """\
openapi: 3.0.3
info: {title: External Refs API, version: 1.0.0}
servers: [{url: 'https://api.external.example.com'}]
paths:
  /pets/{pet_id}:
    get:
      operationId: getPet
      parameters: [{name: pet_id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: A pet, content: {application/json: {schema: {$ref: '#/x-fragments/Pet'}}}}
        default: {description: Error, content: {application/json: {schema: {$ref: '#/components/schemas/Error'}}}}
  /pets:
    post:
      operationId: createPet
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/NewPet'}}}}
      responses:
        '201': {description: Created, content: {application/json: {schema: {$ref: '#/x-fragments/Pet'}}}}
components:
  schemas:
    NewPet:
      type: object
      required: [name]
      properties: {name: {type: string}, category: {$ref: '#/components/schemas/Category'}}
    Category:
      type: object
      properties: {name: {type: string}, parent: {$ref: '#/components/schemas/Category'}}
    Error:
      type: object
      required: [code, message]
      properties: {code: {type: integer}, message: {type: string}, at: {$ref: '#/x-fragments/Timestamp'}}
    Owner:
      type: object
      properties: {name: {type: string}, since: {$ref: '#/x-fragments/Timestamp'}}
x-fragments:
  Pet:
    type: object
    required: [id, name]
    properties:
      id: {type: string}
      name: {type: string}
      category: {$ref: '#/components/schemas/Category'}
      created_at: {$ref: '#/x-fragments/Timestamp'}
      owner: {$ref: '#/components/schemas/Owner'}
  Timestamp: {type: string, format: date-time, description: RFC 3339 timestamp.}
"""
"""external/ in one file: each schema where its file had it (components stay components, the bare
``Pet`` and ``Timestamp`` keys become bare keys of one extension object)."""


def test_external_refs_resolve_against_the_file_that_holds_them(gen: Callable[[str], Generated]) -> None:
    g = gen("external/main.yaml")
    assert {t.name for t in g.api.types} == {"Pet", "Category", "Error", "Owner", "NewPet"}
    assert g.op("getPet").returns.type == NamedRef("Pet")
    assert fields_of(g.object("Category"))["parent"].type == NamedRef("Category")
    assert fields_of(g.object("NewPet"))["category"].type == NamedRef("Category")
    assert fields_of(g.object("Owner"))["since"].type == PrimitiveType("str", "date-time")
    errors = [r for r in g.op("getPet").responses if r.status == "default"]
    assert errors and errors[0].contents[0].type == NamedRef("Error")
    assert g.found("unresolved-ref") == []
    pet = g.type("Pet").model_validate(
        {
            "id": "p",
            "name": "n",
            "category": {"name": "c", "parent": {"name": "root"}},
            "created_at": "2024-01-02T03:04:05Z",
            "owner": {"since": "2020-01-01T00:00:00Z"},
        }
    )
    assert type(pet.category.parent) is g.type("Category")
    assert pet.owner.since == datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)


def test_external_output_is_the_same_as_for_one_file(gen: Callable[[str], Generated], tmp_path: Path) -> None:
    g = gen("external/main.yaml")
    one_file = tmp_path / "one_file.yaml"
    one_file.write_text(ONE_FILE_EXTERNAL)
    single = run(one_file, load_config(None), Options(validate=False))
    stamp = f"{g.package}/_version.py"  # records the sha256 of the entry file's bytes
    assert {k: v for k, v in single.files.items() if k != stamp} == {k: v for k, v in g.files.items() if k != stamp}


def test_external_timestamp_is_a_datetime_with_its_format_in_the_ir(gen: Callable[[str], Generated]) -> None:
    """The IR keeps the wire type and its format; the emission makes ``date-time`` a ``datetime``
    (the default of config ``types.formats``): ``Optional[datetime]`` in the model."""
    g = gen("external/main.yaml")
    created = fields_of(g.object("Pet"))["created_at"]
    assert created.type == PrimitiveType("str", "date-time") and created.description == "RFC 3339 timestamp."
    assert hints(g.type("Pet"))["created_at"] == typing.Optional[datetime.datetime]


# ---------------------------------------------------------------------------
# broken/


@dataclass
class CliRun:
    spec: str
    """The spec path as given on the command line."""
    returncode: int
    stdout: str
    stderr: str
    out: Path
    before: dict[str, bytes] = field(default_factory=dict)


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> dict[str, CliRun]:
    """``generate`` on every broken fixture, as a user runs it (validation on), through the CLI's
    ``main`` in-process: its exit code and what it prints; an exception escaping ``main`` fails here."""
    from generator import cli

    base = tmp_path_factory.mktemp("broken")
    runs: dict[str, CliRun] = {}
    for spec in sorted(BROKEN.glob("*.yaml")):
        out = base / spec.stem
        out.mkdir()
        (out / "mine.txt").write_text("a file the generator did not write")
        before = {p.name: p.read_bytes() for p in out.iterdir()}
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = cli.main(["generate", str(spec), "-o", str(out)])
        runs[spec.name] = CliRun(str(spec), code, stdout.getvalue(), stderr.getvalue(), out, before)
    return runs


def assert_clean_failure(run_: CliRun) -> str:
    assert run_.returncode != 0, run_.stderr
    assert "Traceback" not in run_.stderr and "NoneType" not in run_.stderr, run_.stderr
    assert run_.stderr.startswith(f"error: {run_.spec}"), run_.stderr
    assert {p.name: p.read_bytes() for p in run_.out.iterdir()} == run_.before, "the output folder stays as it was"
    return run_.stderr


def test_broken_swagger2_says_swagger_2_is_not_supported_and_to_convert(broken: dict[str, CliRun]) -> None:
    from openapi_spec_validator import OpenAPIV2SpecValidator

    document = yaml.safe_load((BROKEN / "swagger2.yaml").read_text())
    OpenAPIV2SpecValidator(document).validate()  # it is a valid Swagger 2.0 document
    stderr = assert_clean_failure(broken["swagger2.yaml"])
    assert (
        "Swagger 2.0" in stderr
        and "only OpenAPI 3.0 and 3.1 are supported" in stderr
        and "convert it to OpenAPI 3" in stderr
    )


def test_broken_bad_yaml_names_the_file_and_line_11_column_25(broken: dict[str, CliRun]) -> None:
    stderr = assert_clean_failure(broken["bad-yaml.yaml"])
    assert stderr.startswith(f"error: {broken['bad-yaml.yaml'].spec}:11:")
    assert "mapping values are not allowed" in stderr and "line 11, column 25" in stderr


def test_broken_dangling_ref_warns_at_the_ref_and_generation_continues(
    broken: dict[str, CliRun], gen: Callable[[str], Generated]
) -> None:
    result = broken["dangling-ref.yaml"]
    assert result.returncode == 0, result.stderr
    assert "#/paths/~1things~1{id}/get/responses/200/content/application~1json/schema" in result.stderr
    assert "/components/schemas/Missing" in result.stderr
    g = gen("broken/dangling-ref.yaml")
    [warning] = g.found("unresolved-ref")
    assert (
        warning.pointer == "/paths/~1things~1{id}/get/responses/200/content/application~1json/schema"
        and "Missing" in warning.message
    )
    assert g.op("listThings").returns.type == ArrayType(NamedRef("Thing")) and isinstance(g.typedef("Thing"), ObjectDef)
    assert g.op("getThing").returns.type == AnyType() and g.op("getThing").dropped


def test_broken_not_openapi_says_the_top_level_must_be_a_mapping(broken: dict[str, CliRun]) -> None:
    stderr = assert_clean_failure(broken["not-openapi.yaml"])
    assert "the top level is list, not a mapping" in stderr


def test_broken_duplicate_required_is_reported_and_widget_has_name_required_once(
    broken: dict[str, CliRun], gen: Callable[[str], Generated]
) -> None:
    result = broken["duplicate-required.yaml"]
    assert result.returncode == 0 and "error" not in result.stderr.lower(), result.stderr
    assert (
        "'required' lists 'name' more than once" in result.stderr
        and "#/components/schemas/Widget/required" in result.stderr
    )
    g = gen("broken/duplicate-required.yaml")
    widget = g.object("Widget")
    assert [f.name for f in widget.fields] == ["name", "size", "color"]
    assert [f.name for f in widget.fields if f.required] == ["name", "size"]
    assert required_keys(g.type("WidgetParam")) == {"name", "size"}


def test_broken_content_loss_exits_0_records_each_loss_and_warns_last(
    broken: dict[str, CliRun], gen: Callable[[str], Generated]
) -> None:
    result = broken["content-loss.yaml"]
    assert result.returncode == 0, result.stderr
    warning_lines = [line for line in result.stderr.splitlines() if line.startswith("WARNING:")]
    assert warning_lines and warning_lines[-1].startswith(
        "WARNING: 4 of 5 operations (80%) lost parameters, bodies or responses (2 skipped whole); the client is incomplete."
    )
    assert "operations/create_thing.yaml" in warning_lines[-1], "it names the first loss"
    tail = result.stderr.splitlines()[result.stderr.splitlines().index(warning_lines[-1]) :]
    assert all(line.startswith(("WARNING:", "  hint:")) for line in tail), tail
    g = gen("broken/content-loss.yaml")
    assert {o.operation_id for o in g.api.operations} == {"listThings", "getThing", "getThingOwner"}
    assert g.op("listThings").dropped == ()
    assert "MissingId" in " ".join(g.op("getThing").dropped) and "MissingOwner" in " ".join(
        g.op("getThingOwner").dropped
    )


def test_broken_missing_openapi_names_the_missing_field_and_guesses_no_version(broken: dict[str, CliRun]) -> None:
    stderr = assert_clean_failure(broken["missing-openapi.yaml"])
    assert "missing the 'openapi' field" in stderr and "version is unknown" in stderr


def test_broken_empty_says_the_document_is_empty(broken: dict[str, CliRun]) -> None:
    assert (BROKEN / "empty.yaml").stat().st_size == 0
    stderr = assert_clean_failure(broken["empty.yaml"])
    assert "empty" in stderr.splitlines()[0]


def test_every_broken_fixture_has_a_promise_here(broken: dict[str, CliRun]) -> None:
    readme = (FIXTURES / "README.md").read_text()
    for name in broken:
        assert f"`broken/{name}`" in readme, name
        assert f"test_broken_{name.removesuffix('.yaml').replace('-', '_')}" in Path(__file__).read_text(), name


def test_every_fixture_has_a_readme_row_and_promise_tests_here() -> None:
    readme = (FIXTURES / "README.md").read_text()
    rows = {name for line in readme.splitlines() if line.startswith("| `") for name in re.findall(r"`([^`]+)`", line.split("|")[1])}
    here = Path(__file__).read_text()
    for spec in non_broken_fixtures():
        rel = spec.relative_to(FIXTURES).as_posix()
        assert rel in rows, f"{rel} has no row in tests/fixtures/README.md saying what it must show"
        stem = rel.split("/")[0].removesuffix(".yaml").removesuffix("30").removesuffix("31")
        assert f"def test_{stem}_" in here or (Path(__file__).parent / f"test_{stem}.py").is_file(), (
            f"{rel}: no promise tests (here, or in tests/test_{stem}.py)"
        )
