"""Example values for the generated tests (generator.render.examples) and the test suite's layout (tests_view)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.config import Config, load_config
from generator.diagnostics import Diagnostics, GeneratorError
from generator.ir.model import Api, Constraints, PrimitiveType
from generator.normalize import build_api
from generator.render.examples import FILE, Synthesizer, from_pattern, python_literal
from generator.render.renderer import render
from generator.render.tests_view import SuiteRenderer


def ir(text: str) -> Api:
    return build_api(yaml.safe_load(text), file="spec.yaml", version="3.1", config=Config(), diagnostics=Diagnostics())


SPEC = """
openapi: 3.1.0
info: {title: Shop, version: '1'}
servers: [{url: 'https://x.test'}]
paths:
  /items/{item_id}:
    get:
      operationId: getItem
      parameters:
        - {name: item_id, in: path, required: true, schema: {type: string}, example: it_123}
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 100, default: 20}}
        - {name: since, in: query, schema: {type: string, format: date-time}}
      responses:
        '200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}
  /items:
    post:
      operationId: createItem
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name, shape]
              properties:
                name: {type: string, pattern: '^[a-z]{3}_[0-9]+$'}
                code: {type: string, minLength: 5, maxLength: 5}
                ratio: {type: number, exclusiveMinimum: 0, maximum: 1}
                tags: {type: array, minItems: 2, uniqueItems: true, items: {type: string, enum: [a, b, c]}}
                shape: {$ref: '#/components/schemas/Shape'}
                tree: {$ref: '#/components/schemas/Node'}
                note: {type: [string, 'null'], default: null}
                email: {type: string, format: email, example: not an email}
                stream: {type: boolean}
      responses:
        '200':
          description: OK
          content:
            application/json: {schema: {$ref: '#/components/schemas/Item'}}
            text/event-stream: {schema: {$ref: '#/components/schemas/Item'}}
components:
  schemas:
    Item: {type: object, properties: {id: {type: string}}}
    Circle: {type: object, required: [kind, r], properties: {kind: {type: string}, r: {type: integer}}}
    Square: {type: object, required: [kind, side], properties: {kind: {type: string}, side: {type: integer}}}
    Shape:
      oneOf: [{$ref: '#/components/schemas/Circle'}, {$ref: '#/components/schemas/Square'}]
      discriminator: {propertyName: kind, mapping: {circle: '#/components/schemas/Circle', square: '#/components/schemas/Square'}}
    Node:
      type: object
      required: [children]
      properties:
        label: {type: string}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
"""


@pytest.fixture(scope="module")
def api() -> Api:
    return ir(SPEC)


def body_values(api: Api, *, full: bool) -> dict[str, object]:
    op = next(o for o in api.operations if o.operation_id == "createItem")
    synth = Synthesizer(api)
    assert op.body is not None
    return {f.name: synth.field_value(f, full=full) for f in op.body.fields if f.required or full}


def test_required_only_and_every_property(api: Api) -> None:
    assert set(body_values(api, full=False)) == {"name", "shape"}
    assert set(body_values(api, full=True)) == {"name", "code", "ratio", "tags", "shape", "tree", "note", "email", "stream"}


def test_values_respect_the_constraints_in_the_ir(api: Api) -> None:
    values = body_values(api, full=True)
    assert re.search(r"^[a-z]{3}_[0-9]+$", str(values["name"]))
    assert len(str(values["code"])) == 5
    assert 0 < float(values["ratio"]) <= 1  # type: ignore[arg-type]
    assert values["tags"] == ["a", "b"]  # two unique items
    assert values["note"] == "note"  # a real value rather than the `null` default
    assert values["email"] == "user@example.com"  # the spec's example does not fit the format


def test_a_discriminated_union_gets_its_first_variant_and_tag(api: Api) -> None:
    assert body_values(api, full=False)["shape"] == {"kind": "circle", "r": 0}


def test_recursive_types_terminate(api: Api) -> None:
    assert body_values(api, full=True)["tree"] == {"label": "label", "children": []}


def test_parameter_examples_and_defaults_are_used(api: Api) -> None:
    op = next(o for o in api.operations if o.operation_id == "getItem")
    renderer = SuiteRenderer(api)
    assert renderer.arguments(op, full=False) == ['"it_123"']
    assert renderer.arguments(op, full=True) == ['"it_123"', "limit=20", 'since="2019-12-27T18:11:19.117Z"']


def test_primitives_without_examples() -> None:
    synth = Synthesizer(ir(SPEC))
    assert synth.value(PrimitiveType("int", constraints=Constraints(minimum=-(2**63), maximum=2**63)), full=False) == 0
    assert synth.value(PrimitiveType("int", constraints=Constraints(exclusive_minimum=3)), full=False) == 4
    assert synth.value(PrimitiveType("float", constraints=Constraints(minimum=0.5, maximum=2)), full=False) == 0.5
    assert synth.value(PrimitiveType("str", "uuid"), full=False, hint="id") == "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e"
    assert synth.value(PrimitiveType("str"), full=False, hint="file_id") == "file_id"


def test_from_pattern() -> None:
    assert from_pattern("^tunnel_[a-z0-9]{32}$") == "tunnel_" + "a" * 32
    assert from_pattern("^(foo|bar)-\\d+$") == "foo-0"
    assert from_pattern("[A-Z]+", 4) == "AAAAA"


def test_python_literal() -> None:
    assert python_literal({"a": [1, 2.5, True, None], "f": FILE, "s": 'q"\n'}) == '{"a": [1, 2.5, True, None], "f": b"raw file contents", "s": "q\\"\\n"}'


def test_the_suite_layout(api: Api) -> None:
    modules = {m.path: m for m in SuiteRenderer(api).modules()}
    assert set(modules) == {"tests/api_resources/test_items.py"}
    names = [t.name for t in modules["tests/api_resources/test_items.py"].tests]
    assert names == [
        "method_create", "method_create_with_all_params", "raw_response_create", "streaming_response_create",
        "method_create_streaming", "method_create_streaming_with_all_params", "raw_response_create_streaming", "streaming_response_create_streaming",
        "method_retrieve", "method_retrieve_with_all_params", "raw_response_retrieve", "streaming_response_retrieve", "path_params_retrieve",
    ]


def test_tests_can_be_switched_off(api: Api, tmp_path: Path) -> None:
    assert "tests/conftest.py" in render(api)
    assert not [p for p in render(api, tests=False) if p.startswith("tests/")]
    config = tmp_path / "c.yaml"
    config.write_text("tests: false\n")
    assert load_config(config).tests is False
    config.write_text("tests: 'no'\n")
    with pytest.raises(GeneratorError, match="expected bool"):
        load_config(config)
