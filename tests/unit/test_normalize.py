"""The normalizer's decisions, asserted on the IR."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.config import Config
from generator.diagnostics import Diagnostics
from generator.ir.model import Api, ArrayType, EnumDef, LiteralType, NamedRef, NullType, ObjectDef, UnionType
from generator.normalize import build_api


def ir(text: str, version: str = "3.1") -> tuple[Api, Diagnostics]:
    doc = yaml.safe_load(text)
    diagnostics = Diagnostics()
    return build_api(doc, file="spec.yaml", version=version, config=Config(), diagnostics=diagnostics), diagnostics


def types(api: Api) -> dict[str, Any]:
    return {t.name: t for t in api.types}


HEAD = "openapi: {v}\ninfo: {{title: T, version: '1'}}\nservers: [{{url: 'https://x.test'}}]\npaths: {{}}\ncomponents:\n  schemas:\n"


def test_nullable_30_and_31_spellings_give_the_same_ir() -> None:
    s30 = HEAD.format(v="3.0.3") + """
    A: {type: object, properties: {n: {type: string, nullable: true}, r: {allOf: [{$ref: '#/components/schemas/B'}], nullable: true}}}
    B: {type: object, properties: {x: {type: integer}}}
"""
    s31 = HEAD.format(v="3.1.0") + """
    A: {type: object, properties: {n: {type: [string, 'null']}, r: {anyOf: [{$ref: '#/components/schemas/B'}, {type: 'null'}]}}}
    B: {type: object, properties: {x: {type: integer}}}
"""
    a30, _ = ir(s30, "3.0")
    a31, _ = ir(s31, "3.1")
    strip = lambda api: [(t.name, t.fields) for t in api.types if isinstance(t, ObjectDef)]  # noqa: E731
    assert strip(a30) == strip(a31)
    field_r = next(f for f in types(a31)["A"].fields if f.name == "r")
    assert field_r.type == UnionType((NamedRef("B"), NullType()))


def test_const_single_enum_and_stainless_const_are_one_literal() -> None:
    api, _ = ir(HEAD.format(v="3.1.0") + """
    A:
      type: object
      properties:
        a: {const: list}
        b: {type: string, enum: [list]}
        c: {type: string, enum: [list], x-stainless-const: true}
""")
    fields = {f.name: f.type for f in types(api)["A"].fields}
    assert fields["a"] == fields["b"] == fields["c"] == LiteralType(("list",))


def test_allof_of_objects_merges_into_one_class_with_both_required_lists() -> None:
    api, _ = ir(HEAD.format(v="3.1.0") + """
    Base: {type: object, required: [id], properties: {id: {type: string}}}
    Pet:
      allOf:
        - $ref: '#/components/schemas/Base'
        - {type: object, required: [name], properties: {name: {type: string}, tag: {type: string}}}
""")
    pet = types(api)["Pet"]
    assert isinstance(pet, ObjectDef)
    assert [(f.name, f.required) for f in pet.fields] == [("id", True), ("name", True), ("tag", False)]


def test_inline_objects_are_named_from_context_never_numbered() -> None:
    api, _ = ir(HEAD.format(v="3.1.0") + """
    Completion:
      type: object
      properties:
        choices:
          type: array
          items: {type: object, properties: {message: {type: object, properties: {content: {type: string}}}}}
""")
    assert {"Completion", "CompletionChoice", "CompletionChoiceMessage"} <= set(types(api))


def test_recursion_produces_refs_to_the_type_being_built() -> None:
    api, _ = ir(HEAD.format(v="3.1.0") + """
    Node: {type: object, properties: {children: {type: array, items: {$ref: '#/components/schemas/Node'}}}}
""")
    node = types(api)["Node"]
    assert node.fields[0].type.items == NamedRef("Node")


def test_a_dangling_ref_degrades_one_field_and_warns_with_its_pointer() -> None:
    api, diagnostics = ir(HEAD.format(v="3.1.0") + """
    A: {type: object, properties: {ok: {type: string}, bad: {$ref: '#/components/schemas/Missing'}}}
    B: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}
""")
    assert {"A", "B"} <= set(types(api))
    [warning] = [d for d in diagnostics if d.kind == "unresolved-ref"]
    assert warning.pointer == "/components/schemas/A/properties/bad"


def test_discriminator_mapping_is_resolved_to_type_names() -> None:
    api, _ = ir(HEAD.format(v="3.1.0") + """
    Cat: {type: object, required: [kind], properties: {kind: {const: cat}}}
    Dog: {type: object, required: [kind], properties: {kind: {const: dog}}}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind}
""")
    pet = types(api)["Pet"]
    assert pet.union.discriminator.property == "kind"
    assert dict(pet.union.discriminator.mapping) == {"cat": "Cat", "dog": "Dog"}


def test_named_enums_become_enum_defs_and_mutual_recursion_shares_a_module() -> None:
    api, _ = ir(HEAD.format(v="3.1.0") + """
    Color: {type: string, enum: [red, green]}
    A: {type: object, properties: {b: {$ref: '#/components/schemas/B'}, c: {$ref: '#/components/schemas/Color'}}}
    B: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}
""")
    t = types(api)
    assert isinstance(t["Color"], EnumDef) and t["Color"].values == ("red", "green")
    assert t["A"].module == t["B"].module
    assert t["Color"].module != t["A"].module


def test_a_nullable_inline_array_is_named_alike_in_30_and_31() -> None:
    items = "items: {type: object, properties: {file_id: {type: string}}}"
    a30, _ = ir(HEAD.format(v="3.0.3") + "    Call: {type: object, properties: {results: {type: array, nullable: true, " + items + "}}}\n", "3.0")
    a31, _ = ir(HEAD.format(v="3.1.0") + "    Call: {type: object, properties: {results: {anyOf: [{type: array, " + items + "}, {type: 'null'}]}}}\n", "3.1")
    assert sorted(types(a30)) == sorted(types(a31)) == ["Call", "CallResult"]


def test_a_nullable_object_component_is_the_object_in_30_and_31() -> None:
    props = "properties: {tokens: {type: integer}}"
    a30, _ = ir(HEAD.format(v="3.0.3") + "    Usage: {type: object, nullable: true, " + props + "}\n", "3.0")
    a31, _ = ir(HEAD.format(v="3.1.0") + "    Usage: {anyOf: [{type: object, " + props + "}, {type: 'null'}]}\n", "3.1")
    u30, u31 = types(a30), types(a31)
    assert sorted(u30) == sorted(u31) == ["Usage"]
    assert isinstance(u31["Usage"], ObjectDef) and u30["Usage"].fields == u31["Usage"].fields


# -- class 13 of issue 7: refs where real multi-file specs put them ---------------------------------

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DIGITALOCEAN = Path(__file__).resolve().parents[2].parent / "shared" / "specs" / "digitalocean" / "DigitalOcean-public.v2.yaml"


def ir_of_file(spec: Path) -> tuple[Api, Diagnostics]:
    from generator.pipeline import Options, build_ir

    diagnostics = Diagnostics()
    return build_ir(spec, Config(), Options(validate=False), diagnostics), diagnostics


def test_operation_refs_into_other_files_keep_parameters_bodies_and_returns() -> None:
    api, diagnostics = ir_of_file(FIXTURES / "split_operations.yaml")
    ops = {o.operation_id: o for o in api.operations}
    assert [p.name for p in ops["droplets_list"].parameters] == ["per_page", "page", "tag_name"]
    assert ops["droplets_list"].parameters[2].examples[:1] == ("web",)  # an Example Object behind a $ref
    assert ops["droplets_list"].returns.type == NamedRef("DropletsListResponse")
    assert [p.name for p in ops["droplets_get"].parameters] == ["droplet_id"]  # from a $ref'd path item
    assert ops["droplets_get"].returns.type == NamedRef("Droplet")
    body = ops["droplets_create"].body
    assert body is not None and [f.name for f in body.fields] == ["name", "size"]  # `properties: {$ref}` followed
    assert [f.required for f in body.fields] == [True, True]
    assert ops["droplets_destroy"].returns.kind == "empty"
    # Models are named after the files that define them, never hashes.
    assert {"Droplet", "Region", "Error", "DropletCreate"} <= set(types(api))
    # Operation $refs are not allowed by 3.0: one located warning each (the three in paths and the one in the path item).
    not_allowed = [d for d in diagnostics if d.kind == "ref-not-allowed"]
    assert sorted((Path(d.file).name, d.pointer) for d in not_allowed if "operation object" in d.message) == [
        ("droplet_item.yaml", "/get"), ("split_operations.yaml", "/paths/~1droplets/get"), ("split_operations.yaml", "/paths/~1droplets/post")
    ]
    assert any(d.pointer.endswith("/properties") and d.file.endswith("droplet_create.yaml") for d in not_allowed)
    assert not [d for d in diagnostics if d.kind == "unresolved-ref"]
    # The operation's source stays its place in the root document's paths.
    assert ops["droplets_list"].source == "/paths/~1droplets/get"
    assert ops["droplets_get"].source == "/paths/~1droplets~1{droplet_id}/get"


def _digitalocean_schema_objects() -> int:
    """Object schemas with properties the DigitalOcean spec's files define (examples excluded)."""
    count = 0
    stack: list[Any] = []
    for file in DIGITALOCEAN.parent.rglob("*.y*ml"):
        if "examples" not in file.parts:
            stack.append(yaml.load(file.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if isinstance(node.get("properties"), dict) and node["properties"]:
                count += 1
            stack.extend(v for k, v in node.items() if k not in ("example", "examples", "x-codeSamples"))
        elif isinstance(node, list):
            stack.extend(node)
    return count


@pytest.mark.skipif(not DIGITALOCEAN.is_file(), reason="../shared/specs/digitalocean is absent: the real-world specs are only in the project workspace and CI")
def test_digitalocean_methods_have_their_parameters_and_return_types() -> None:
    from generator.load.refs import Location, Resolver

    api, diagnostics = ir_of_file(DIGITALOCEAN)
    assert len(api.operations) == 659
    resolver = Resolver(yaml.safe_load(DIGITALOCEAN.read_text()), str(DIGITALOCEAN))
    by_place = {o.source: o for o in api.operations}
    for path, item in resolver.documents[str(DIGITALOCEAN)]["paths"].items():
        for method, raw in item.items():
            if method not in ("get", "put", "post", "delete", "patch"):
                continue
            op = by_place[Location(str(DIGITALOCEAN), "/paths").child(path, method).pointer]
            spec_op, op_loc = resolver.resolve(raw, Location(str(DIGITALOCEAN), ""))
            declared = {resolver.resolve(p, op_loc)[0]["name"] for p in spec_op.get("parameters", [])}
            declared |= {resolver.resolve(p, op_loc)[0]["name"] for p in item.get("parameters", [])}
            declared = {n for n in declared if n.lower() not in ("accept", "content-type", "authorization")}  # class 11: ignored
            assert {p.name for p in op.parameters} == declared, (method, path)
            success = [resolver.resolve(r, op_loc)[0] for s, r in spec_op["responses"].items() if str(s).startswith("2")]
            if any("application/json" in (r.get("content") or {}) for r in success):
                assert op.returns.type is not None, (method, path)
            if "requestBody" in spec_op:
                assert op.body is not None, (method, path)
    objects = sum(1 for t in api.types if isinstance(t, ObjectDef))
    defined = _digitalocean_schema_objects()
    # allOf parts merge into one model, and a few files define the same object twice; never far from the files' count.
    assert 0.75 * defined <= objects <= 1.05 * defined, (objects, defined)
    assert not [d for d in diagnostics if d.kind in ("unresolved-ref", "invalid-schema")]


# -- class 11 of issue 7: reserved header parameters ----------------------------------------------


def test_reserved_header_parameters_are_ignored_and_authorization_is_client_auth() -> None:
    api, diagnostics = ir_of_file(FIXTURES / "reserved_headers.yaml")
    ops = {o.operation_id: o for o in api.operations}
    assert [p.name for p in ops["createMessage"].parameters] == ["X-Request-Id"]
    assert [p.name for p in ops["getMessage"].parameters] == ["message_id"]
    infos = [d for d in diagnostics if d.kind == "reserved-header-ignored"]
    assert [d.pointer for d in infos] == [
        "/paths/~1messages/post/parameters/0", "/paths/~1messages/post/parameters/1", "/paths/~1messages~1{message_id}/get/parameters/1"
    ]
    assert all(d.severity.value == "info" for d in infos) and not diagnostics.warnings
    (scheme,) = api.client.security_schemes
    assert (scheme.kind, scheme.param_name, scheme.options) == ("bearer", "Authorization", ("api_key",))
    # The operation that declared Authorization sends it, although the export says `security: []`.
    assert ops["createMessage"].security == (("Authorization",),)
    assert ops["getMessage"].security is None and api.client.default_security == (("Authorization",),)


def test_reserved_headers_are_ignored_but_declared_security_schemes_win() -> None:
    api, diagnostics = ir(HEAD.format(v="3.1.0").replace("paths: {}\n", """paths:
  /x:
    get:
      operationId: getX
      parameters: [{name: Authorization, in: header, required: true, schema: {type: string}}, {name: q, in: query, schema: {type: string}}]
      responses: {'204': {description: none}}
""") + "    A: {type: string}\n  securitySchemes: {key: {type: apiKey, in: header, name: X-Key}}\n")
    assert [p.name for p in api.operations[0].parameters] == ["q"]
    assert [s.name for s in api.client.security_schemes] == ["key"]
    assert api.operations[0].security is None


# -- class 14 of issue 7: silent emptiness ------------------------------------------------------------


def test_a_generation_that_drops_most_content_says_so_with_the_share() -> None:
    api, diagnostics = ir_of_file(FIXTURES / "broken" / "content-loss.yaml")
    ops = {o.operation_id: o for o in api.operations}
    assert sorted(ops) == ["getThing", "getThingOwner", "listThings"]  # the two $ref'd operations are skipped whole
    assert ops["listThings"].dropped == ()
    (param_loss,) = ops["getThing"].dropped
    assert "/components/parameters/MissingId does not exist" in param_loss and param_loss.endswith("#/paths/~1things~1{thing_id}/get/parameters/0)")
    assert ops["getThing"].parameters == ()
    assert "#/paths/~1things~1{thing_id}~1owner/get/responses/200" in ops["getThingOwner"].dropped[0]
    (loss,) = [d for d in diagnostics if d.kind == "content-dropped"]
    assert loss.message.startswith("4 of 5 operations (80%) lost parameters, bodies or responses (2 skipped whole)")
    assert "operations/create_thing.yaml" in loss.message  # names the first loss


def test_a_small_loss_is_reported_per_operation_but_not_as_a_large_share() -> None:
    paths = "".join(
        f"  /t{i}:\n    get:\n      operationId: t{i}\n      responses: {{'200': {{description: ok}}}}\n" for i in range(10)
    ) + "  /broken:\n    get:\n      operationId: broken\n      parameters: [{$ref: '#/components/parameters/Nope'}]\n      responses: {'200': {description: ok}}\n"
    api, diagnostics = ir(HEAD.format(v="3.1.0").replace("paths: {}\n", "paths:\n" + paths) + "    A: {type: string}\n")
    assert [o.operation_id for o in api.operations if o.dropped] == ["broken"]
    assert not [d for d in diagnostics if d.kind == "content-dropped"]  # 1 of 11 is below the 10% share


def test_the_cli_says_prominently_that_the_client_is_incomplete(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main

    assert main(["generate", str(FIXTURES / "broken" / "content-loss.yaml"), "-o", str(tmp_path / "out"), "--no-validate"]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-2].startswith("WARNING: 4 of 5 operations (80%) lost parameters, bodies or responses (2 skipped whole); the client is incomplete.")
    assert err[-1] == "  hint: fix the $refs the warnings name (run with -v to list each one)"


# -- class 10 of issue 7: names a person would write ----------------------------------------------


def test_a_type_object_wrapping_one_inline_allof_part_is_that_object() -> None:
    api, _ = ir(HEAD.format(v="3.1.0") + "    SignTemplate: {type: object, description: A template., allOf: [{type: object, required: [a], properties: {a: {type: string}}}]}\n")
    (sign,) = api.types
    assert isinstance(sign, ObjectDef) and sign.name == "SignTemplate" and [f.name for f in sign.fields] == ["a"]


def test_untitled_object_variants_are_named_by_what_tells_them_apart() -> None:
    api, _ = ir(HEAD.format(v="3.1.0") + """
    Result:
      oneOf:
        - {type: object, properties: {a: {type: string}}, required: [a]}
        - {type: object, properties: {a: {type: integer}}}
        - {type: object, properties: {b: {type: string}}}
        - {type: object, properties: {b: {type: string}, c: {type: string}}, required: [c]}
        - {type: object, properties: {b: {type: string}, c: {type: string}}}
""")
    assert [t.name for t in api.types] == ["Result", "ResultStringA", "ResultIntegerA", "ResultObject", "ResultCRequired", "ResultWithBAndC"]


def test_components_that_differ_only_in_case_get_a_shape_word_not_a_hash() -> None:
    api, _ = ir(HEAD.format(v="3.1.0") + "    fields: {oneOf: [{type: string}, {type: integer}]}\n    Fields: {type: object, properties: {x: {type: string}}}\n")
    assert sorted(t.name for t in api.types) == ["Fields", "FieldsUnion"]
    assert next(t for t in api.types if t.name == "Fields").source == "/components/schemas/Fields"


def test_chinese_schema_property_and_tag_names_are_transliterated_and_keep_their_wire_names() -> None:
    api, _ = ir("""
openapi: 3.0.1
info: {title: '', version: '1'}
servers: [{url: 'https://api.apifox-demo.cn/v1'}]
paths:
  /:
    get:
      tags: [模型调用/会话(chat)]
      operationId: 获取订单
      responses: {'200': {description: 成功, content: {application/json: {schema: {$ref: '#/components/schemas/订单'}}}}}
components:
  schemas:
    订单: {type: object, properties: {用户名: {type: string}, 金额: {type: number}}}
""", "3.0")
    (order,) = api.types
    assert order.name == "DingDan" and [(f.name, f.py_name) for f in order.fields] == [("用户名", "yong_hu_ming"), ("金额", "jin_e")]
    (op,) = api.operations
    assert op.resource == ("mo_xing_diao_yong_hui_hua_chat",) and op.method_name == "list"
    assert api.package.name == "apifox_demo_client"  # an empty title: the server's host names the package


def test_package_and_security_names_are_spelled_as_people_do() -> None:
    api, _ = ir(HEAD.format(v="3.1.0").replace("title: T", "title: OpenAI API") + "    A: {type: string}\n  securitySchemes: {OAuth2: {type: oauth2, flows: {}}, ApiKey: {type: apiKey, in: header, name: X-Key}}\n")
    assert api.package.name == "openai_client" and api.client.class_name == "OpenAIClient"
    assert sorted(o for s in api.client.security_schemes for o in s.options) == ["api_key", "oauth2"]


def test_request_types_never_get_param_param_names() -> None:
    api, _ = ir(HEAD.format(v="3.1.0").replace("paths: {}\n", """paths:
  /c:
    post:
      operationId: click
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/ClickParam'}}}}
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/DragParam'}}}}}
  /d:
    post:
      operationId: drag
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/DragParam'}}}}
      responses: {'204': {description: ok}}
""") + "    ClickParam: {type: object, properties: {x: {type: integer}}}\n    DragParam: {type: object, properties: {y: {type: integer}}}\n")
    t = types(api)
    assert t["ClickParam"].param_name == "ClickParam"  # only sent: the TypedDict keeps the spec's name
    assert t["DragParam"].param_name == "DragRequestParam"  # sent and received: the model keeps it
    assert not [x.param_name for x in api.types if x.param_name.endswith(("ParamParam", "ParamsParam"))]


def test_the_human_names_fixture() -> None:
    api, diagnostics = ir_of_file(FIXTURES / "human_names.yaml")
    assert (api.package.name, api.client.class_name) == ("acme_client", "AcmeClient")
    assert [s.options for s in api.client.security_schemes] == [("api_key",), ("oauth2",)]
    placed = {o.operation_id: (".".join(o.resource), o.method_name, o.path) for o in api.operations}
    assert placed == {
        "getFile": ("files", "retrieve", "/rest/api/3/files/{file_id}"),
        "shareFile": ("files", "share", "/rest/api/3/files/{file_id}#share"),
        "cancel_job_v3_jobs_job_id_cancel_post": ("jobs", "cancel_job", "/rest/api/3/jobs/{job_id}:cancel"),
        "cancelJob": ("jobs", "cancel", "/rest/api/3/jobs/{job_id}/cancel"),
        "recordClick": ("accounts", "clicks", "/rest/api/3/accounts/1234567/clicks"),
    }
    t = types(api)
    assert sorted(t) == ["ClickParam", "DingDan", "Job", "Outcome", "OutcomeBooleanAccepted", "OutcomeStringAccepted"]
    assert [(f.name, f.py_name) for f in t["DingDan"].fields] == [("用户名", "yong_hu_ming"), ("金额", "jin_e")]
    assert t["ClickParam"].param_name == "ClickParam" and [f.name for f in t["Job"].fields] == ["id", "state"]
    assert [d.kind for d in diagnostics] == ["method-name-clash"]


def test_operations_without_responses_count_as_lost_content() -> None:
    # What DigitalOcean's spec gave before operation $refs were followed: methods with nothing in them.
    paths = "".join(f"  /t{i}:\n    get:\n      operationId: t{i}\n" for i in range(3))
    api, diagnostics = ir(HEAD.format(v="3.0.3").replace("paths: {}\n", "paths:\n" + paths) + "    A: {type: string}\n", "3.0")
    assert all(o.dropped == (f"GET /t{i} declares no responses (at spec.yaml#/paths/~1t{i}/get)",) for i, o in enumerate(api.operations))
    (loss,) = [d for d in diagnostics if d.kind == "content-dropped"]
    assert loss.message.startswith("3 of 3 operations (100%) lost parameters, bodies or responses (0 skipped whole)")


def test_a_schema_met_again_after_a_ref_named_part_of_it_sees_the_named_type() -> None:
    # A's `tags` is typed in place for A and B (its enum inline); C's ref into its items makes that enum
    # a named type, so D, which meets `tags` again through allOf, has it by name: a type remembered
    # from an earlier visit of a schema must not outlive such a claim.
    api, _ = ir(HEAD.format(v="3.1.0") + """
    A:
      type: object
      properties:
        tags: {type: [array, 'null'], items: {type: string, enum: [x, y]}}
    B:
      allOf: [{$ref: '#/components/schemas/A'}, {type: object, properties: {z: {type: string}}}]
    C:
      type: object
      properties:
        t: {$ref: '#/components/schemas/A/properties/tags/items'}
    D:
      allOf: [{$ref: '#/components/schemas/A'}, {type: object, properties: {w: {type: string}}}]
""")
    assert next(f.type for f in types(api)["C"].fields if f.name == "t") == NamedRef("ATags")
    tags = next(f.type for f in types(api)["D"].fields if f.name == "tags")
    assert isinstance(tags, UnionType) and tags.variants[0] == ArrayType(NamedRef("ATags"))
