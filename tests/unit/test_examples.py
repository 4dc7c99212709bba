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
from generator.render.examples import FILE, Synthesizer, from_pattern
from generator.render.tests_view import python_literal
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
    value = {"a": [1, 2.5, True, None], "f": FILE, "s": 'q"\n\x00\ud800', "inf": float("inf")}
    text = python_literal(value)
    assert eval(text) == {"a": [1, 2.5, True, None], "f": b"raw file contents", "s": 'q"\n\x00\ud800', "inf": float("inf")}  # noqa: S307


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


# -- class 9 of issue 7: synthesis never fails generation ------------------------------------------

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _fixture_ir(name: str) -> Api:
    from generator.pipeline import Options, build_ir

    return build_ir(FIXTURES / name, Config(), Options(validate=False), Diagnostics())


def test_unique_items_of_a_patterned_custom_format_get_distinct_matching_strings() -> None:
    api = _fixture_ir("synthesis.yaml")
    op = next(o for o in api.operations if o.operation_id == "tagResources")
    assert op.body is not None
    synth = Synthesizer(api)
    urns_field, emails_field = op.body.fields
    urns = synth.field_value(urns_field, full=False)
    assert isinstance(urns, list) and len(urns) == 2 and len(set(urns)) == 2
    assert all(re.fullmatch(r"do:(droplet|volume):[0-9a-f]{4}", u) for u in urns)
    emails = synth.field_value(emails_field, full=True)
    assert isinstance(emails, list) and len(set(emails)) == 3 and all("@" in e for e in emails)


def test_an_operation_without_valid_values_gets_one_skipped_test_and_a_warning() -> None:
    api = _fixture_ir("synthesis.yaml")
    renderer = SuiteRenderer(api)
    cases = [(m.resource, t) for m in renderer.modules() for t in m.tests]
    pinned = next(o for o in api.operations if o.operation_id == "pinVersions")
    tagged = next(o for o in api.operations if o.operation_id == "tagResources")
    pinned_cases = [t for r, t in cases if r == ".".join(pinned.resource) and t.method == pinned.method_name]
    assert [t.kind for t in pinned_cases] == ["skipped"]
    reason = eval(pinned_cases[0].skip_reason)  # a Python string literal, as the template prints it
    assert "POST /versions/pins" in reason and "2 unique items" in reason
    # tagResources still gets its full set of tests.
    assert {t.kind for r, t in cases if r == ".".join(tagged.resource) and t.method == tagged.method_name} == {"method", "raw", "streaming"}
    (warning,) = renderer.skipped
    assert warning.kind == "test-skipped" and warning.severity.value == "warning"
    assert warning.pointer == "/paths/~1versions~1pins/post" and warning.file.endswith("synthesis.yaml") and warning.message == reason


@pytest.mark.parametrize("pattern", [r"^[A-Z]{2}-\d{4}$", r"^(foo|bar)_[a-c]+$", r"^x+$", r"^\w{3,5}\.v[0-9]$"])
def test_from_pattern_variants_are_distinct_matches(pattern: str) -> None:
    values = {from_pattern(pattern, variant=i) for i in range(3)} | {from_pattern(pattern, 1 + i) for i in range(3)}
    values.discard(None)
    assert len(values) >= 3 and all(re.search(pattern, v) for v in values if v is not None)
    assert from_pattern(pattern) == from_pattern(pattern, variant=0)  # the first choice is unchanged


def test_the_pipeline_reports_the_skipped_test_as_a_warning() -> None:
    from generator.pipeline import Options, run

    result = run(FIXTURES / "synthesis.yaml", Config(), Options(validate=False))
    (warning,) = [d for d in result.diagnostics if d.kind == "test-skipped"]
    assert warning.pointer == "/paths/~1versions~1pins/post"
    suite = next(text for path, text in result.files.items() if path.endswith("test_pins.py"))
    assert suite.count("@pytest.mark.skip(reason=") == 2  # the sync and the async test
    compile(suite, "test_pins.py", "exec")
