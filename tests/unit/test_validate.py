"""generator.validate: version detection, located spec violations, the cache."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import GeneratorError, Severity
from generator.validate import SPEC_VIOLATION, VALIDATOR_CRASH, detect_version, engine, validate_document
from generator.validate.locate import MAX_MESSAGE, resolves

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
OPENAI = SHARED / "specs" / "openai.yaml"


def _doc30() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Pets", "version": "1.0"},
        "paths": {
            "/pets/{petId}": {
                "parameters": [{"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}],
                "get": {
                    "operationId": "getPet",
                    "parameters": [
                        {"name": "fields", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}}
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                        },
                        "default": {
                            "description": "error",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        },
                    },
                },
            }
        },
        "components": {
            "schemas": {
                "Pet": {
                    "type": "object",
                    "required": ["id", "name"],
                    "properties": {
                        "id": {"type": "integer", "format": "int64", "minimum": 0, "exclusiveMinimum": True},
                        "name": {"type": "string", "nullable": True, "default": None},
                        "tag": {"$ref": "#/components/schemas/Tag"},
                    },
                },
                "Tag": {"type": "string", "enum": ["a", "b"], "default": "a"},
            }
        },
    }


def _doc31() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Pets", "version": "1.0"},
        "paths": {
            "/pets": {
                "get": {
                    "operationId": "listPets",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}
                                }
                            },
                        }
                    },
                }
            }
        },
        "webhooks": {},
        "components": {
            "schemas": {
                "Pet": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "integer", "exclusiveMinimum": 0},
                        "name": {"type": ["string", "null"], "default": None},
                        "kind": {"anyOf": [{"const": "cat"}, {"type": "null"}]},
                    },
                }
            }
        },
    }


def _pointers(diags: list[Any]) -> list[str]:
    return [d.pointer for d in diags]


# ----------------------------------------------------------------------------- detect_version


def test_detect_version() -> None:
    assert detect_version({"openapi": "3.0.3"}, file="a.yaml") == "3.0"
    assert detect_version({"openapi": "3.1.0"}, file="a.yaml") == "3.1"
    assert detect_version({"openapi": 3.1}, file="a.yaml") == "3.1"  # unquoted YAML float


def test_swagger_2_is_a_clear_error() -> None:
    with pytest.raises(GeneratorError) as info:
        detect_version({"swagger": "2.0", "info": {}, "paths": {}}, file="old.yaml")
    err = info.value
    assert err.exit_code == 2
    assert "Swagger 2.0" in err.message
    assert "3.0" in err.message and "3.1" in err.message
    assert "swagger2openapi" in err.hint
    assert "\n" not in err.message


@pytest.mark.parametrize(
    ("document", "needle"),
    [
        ({"info": {}}, "missing the 'openapi' field"),
        ({"openapi": "3.2.0"}, "unsupported OpenAPI version '3.2.0'"),
        ({"openapi": "2.0"}, "unsupported"),
        ({"openapi": None}, "unsupported"),
    ],
)
def test_missing_or_unsupported_openapi_field(document: dict[str, Any], needle: str) -> None:
    with pytest.raises(GeneratorError) as info:
        detect_version(document, file="x.yaml")
    assert needle in info.value.message
    assert info.value.pointer == "/openapi"
    assert info.value.exit_code == 2


# ----------------------------------------------------------------------------- validate_document


def test_valid_documents_give_no_diagnostics() -> None:
    assert validate_document(_doc30(), file="a.yaml", version="3.0") == []
    assert validate_document(_doc31(), file="b.yaml", version="3.1") == []


def test_duplicate_required_is_located_absolutely() -> None:
    doc = _doc31()
    doc["components"]["schemas"]["X"] = {
        "type": "object",
        "required": ["a", "b", "a"],
        "properties": {"a": {}, "b": {}},
    }
    diags = validate_document(doc, file="spec.yaml", version="3.1")
    assert len(diags) == 1
    d = diags[0]
    assert d.kind == SPEC_VIOLATION and d.severity is Severity.WARNING
    assert d.pointer == "/components/schemas/X/required"
    assert d.file == "spec.yaml"
    assert "'a'" in d.message and "more than once" in d.message


def test_invalid_30_construct_deep_in_paths() -> None:
    doc = _doc30()
    op = doc["paths"]["/pets/{petId}"]["get"]
    # a meta-schema error inside an inline schema, three levels down
    op["responses"]["default"]["content"]["application/json"]["schema"] = {
        "type": "object",
        "properties": {"items": {"type": "array", "items": {"type": "string", "minLength": -1}}},
    }
    # a structural error: a response without a description
    op["responses"]["404"] = {"content": {}}
    diags = validate_document(doc, file="spec.yaml", version="3.0")
    by_pointer = {d.pointer: d for d in diags}
    base = "/paths/~1pets~1{petId}/get/responses"
    assert set(by_pointer) == {
        f"{base}/default/content/application~1json/schema/properties/items/items/minLength",
        f"{base}/404",
    }
    assert (
        "minimum of 0"
        in by_pointer[f"{base}/default/content/application~1json/schema/properties/items/items/minLength"].message
    )
    assert "'description' is a required property" in by_pointer[f"{base}/404"].message
    assert all(resolves(doc, p) for p in by_pointer)


def test_schema_reached_through_ref_is_reported_where_it_is_written() -> None:
    doc = _doc31()
    # Tag is reached as paths -> Pet (items $ref) -> properties/tag ($ref): reported at the component
    doc["components"]["schemas"]["Pet"]["properties"]["tag"] = {"$ref": "#/components/schemas/Tag"}
    doc["components"]["schemas"]["Tag"] = {"type": "string", "maxLength": "ten"}
    doc["components"]["schemas"]["Pet"]["properties"]["id"]["default"] = "one"
    diags = validate_document(doc, file="spec.yaml", version="3.1")
    assert sorted(_pointers(diags)) == [
        "/components/schemas/Pet/properties/id/default",
        "/components/schemas/Tag/maxLength",
    ]
    default = next(d for d in diags if d.pointer.endswith("/default"))
    assert default.message.startswith("default 'one' does not match its schema")


def test_parameters_operation_ids_and_tags() -> None:
    doc = _doc30()
    doc["tags"] = [{"name": "pets"}, {"name": "pets"}]
    get = doc["paths"]["/pets/{petId}"]["get"]
    get["parameters"].append({"name": "fields", "in": "query", "schema": {"type": "string"}})
    doc["paths"]["/other"] = {"get": {"operationId": "getPet", "responses": {"200": {"description": "ok"}}}}
    diags = validate_document(doc, file="spec.yaml", version="3.0")
    pointers = _pointers(diags)
    assert "/paths/~1pets~1{petId}/get/parameters/1" in pointers  # the duplicate, not the first one
    assert "/paths/~1other/get/operationId" in pointers
    assert "/tags/1" in pointers
    assert all(resolves(doc, p) for p in pointers)


def test_oneof_errors_name_the_likely_branch() -> None:
    doc = _doc31()
    doc["paths"]["/pets"]["get"]["parameters"] = [
        {"name": "q", "in": "query", "style": "bogus", "schema": {"type": "string"}},
        {"name": "r", "in": "query"},
    ]
    diags = validate_document(doc, file="spec.yaml", version="3.1")
    messages = {d.pointer: d.message for d in diags}
    assert "'bogus' is not one of" in messages["/paths/~1pets/get/parameters/0/style"]
    assert (
        "'schema' is a required property; or 'content' is a required property"
        in messages["/paths/~1pets/get/parameters/1"]
    )


def test_default_on_an_anyof_branch_is_explained() -> None:
    doc = _doc31()
    doc["components"]["schemas"]["Opts"] = {
        "anyOf": [{"type": "object", "default": None, "properties": {"x": {"type": "string"}}}, {"type": "null"}],
    }
    diags = validate_document(doc, file="spec.yaml", version="3.1")
    assert len(diags) == 1
    assert diags[0].pointer == "/components/schemas/Opts/anyOf/0/default"
    assert "another branch of the enclosing anyOf accepts it" in diags[0].message


def test_bool_exclusive_minimum_in_31_gets_a_hint() -> None:
    doc = _doc31()
    doc["components"]["schemas"]["Pet"]["properties"]["id"] = {"type": "number", "minimum": 0, "exclusiveMinimum": True}
    (d,) = validate_document(doc, file="spec.yaml", version="3.1")
    assert d.pointer == "/components/schemas/Pet/properties/id/exclusiveMinimum"
    assert "2020-12" in d.hint


def test_messages_stay_short() -> None:
    doc = _doc30()
    doc["components"]["schemas"]["Tag"]["default"] = [f"value-{i}" * 5 for i in range(500)]
    doc["paths"]["/pets/{petId}"]["get"]["responses"]["404"] = {"content": {f"x/y{i}": {} for i in range(300)}}
    diags = validate_document(doc, file="spec.yaml", version="3.0")
    assert len(diags) == 2
    assert all(len(d.message) <= MAX_MESSAGE for d in diags)


def test_dangling_ref_is_a_violation_not_a_crash() -> None:
    doc = _doc30()
    doc["paths"]["/pets/{petId}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/Missing"
    }
    diags = validate_document(doc, file="spec.yaml", version="3.0")
    assert [d.kind for d in diags] == [SPEC_VIOLATION]
    assert "#/components/schemas/Missing" in diags[0].message
    assert diags[0].pointer == "/paths/~1pets~1{petId}/get/responses/200/content/application~1json/schema"


def test_external_files_are_named_in_diagnostics(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "pet.yaml").write_text("Pet:\n  type: object\n  required: [id, id]\n")
    main = tmp_path / "main.yaml"
    doc = _doc30()
    doc["components"]["schemas"]["Pet"] = {"$ref": "./models/pet.yaml#/Pet"}
    main.write_text(json.dumps(doc))
    (d,) = validate_document(doc, file=str(main), version="3.0")
    assert Path(d.file) == tmp_path / "models" / "pet.yaml"
    assert d.pointer == "/Pet/required"


# ----------------------------------------------------------------------------- cache


# ----------------------------------------------------------------------------- the real OpenAI spec


def test_yaml_int_keys_are_strings_before_validation(tmp_path: Path) -> None:
    from generator.load import read_document

    spec = tmp_path / "spec.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: 5}\n")
    doc, _ = read_document(spec)
    (d,) = validate_document(doc, file=str(spec), version="3.0")
    assert d.pointer == "/paths/~1a/get/responses/200/description" and resolves(doc, d.pointer)


def test_validator_crash_becomes_one_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(engine, "run_validator", boom)
    diags = validate_document(_doc30(), file="spec.yaml", version="3.0")
    assert [d.kind for d in diags] == [VALIDATOR_CRASH]
    assert "kaboom" in diags[0].message and diags[0].severity is Severity.WARNING


def _bad_doc() -> dict[str, Any]:
    doc = _doc31()
    doc["components"]["schemas"]["Pet"]["required"] = ["id", "id"]
    return doc


def test_cache_hit_does_not_run_the_validator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OASGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("OASGEN_CACHE", raising=False)
    doc = _bad_doc()
    raw = json.dumps(doc).encode()
    spec = str(tmp_path / "spec.json")
    first = validate_document(doc, file=spec, version="3.1", raw_bytes=raw)
    assert [d.pointer for d in first] == ["/components/schemas/Pet/required"]
    assert list((tmp_path / "cache" / "validation").iterdir())

    def must_not_run(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the validator ran on a cache hit")

    monkeypatch.setattr(engine, "run_validator", must_not_run)
    assert validate_document(doc, file=spec, version="3.1", raw_bytes=raw) == first
    monkeypatch.setenv("OASGEN_CACHE", "0")  # the one switch: off means the validator runs again
    assert [d.kind for d in validate_document(doc, file=spec, version="3.1", raw_bytes=raw)] == [VALIDATOR_CRASH]


def test_cache_entry_is_dropped_when_a_referenced_file_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.load import read_document

    monkeypatch.setenv("OASGEN_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "pet.yaml").write_text("Pet: {type: object, required: [a, a]}\n")
    doc = _doc30()
    doc["components"]["schemas"]["Pet"] = {"$ref": "./pet.yaml#/Pet"}
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(doc))
    loaded, raw = read_document(spec)
    first = validate_document(loaded, file=str(spec), version="3.0", raw_bytes=raw)
    assert [(Path(d.file).name, d.pointer) for d in first] == [("pet.yaml", "/Pet/required")]
    (tmp_path / "pet.yaml").write_text("Pet: {type: object}\n")
    loaded, raw = read_document(spec)
    assert validate_document(loaded, file=str(spec), version="3.0", raw_bytes=raw) == []


def test_corrupt_cache_entry_is_a_miss(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OASGEN_CACHE_DIR", str(tmp_path / "cache"))
    doc = _bad_doc()
    raw = json.dumps(doc).encode()
    expected = validate_document(doc, file="spec.json", version="3.1", raw_bytes=raw)
    (entry,) = (tmp_path / "cache" / "validation").iterdir()
    for garbage in (b"\x00not json", b'{"files": 1}', b'{"files": [], "findings": [[1]]}'):
        entry.write_bytes(garbage)
        assert validate_document(doc, file="spec.json", version="3.1", raw_bytes=raw) == expected


@pytest.mark.slow
@pytest.mark.skipif(not OPENAI.is_file(), reason=f"{OPENAI} not found (shared/ specs are not next to the repo)")
def test_openai_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.load import read_document

    monkeypatch.setenv("OASGEN_CACHE_DIR", str(tmp_path))
    doc, raw = read_document(OPENAI)
    version = detect_version(doc, file=str(OPENAI))
    assert version == "3.1"
    diags = validate_document(doc, file=str(OPENAI), version=version, raw_bytes=raw)
    assert diags, "the OpenAI spec has known violations"
    assert all(d.kind == SPEC_VIOLATION for d in diags), [d.render() for d in diags if d.kind != SPEC_VIOLATION]
    for d in diags:
        assert d.file == str(OPENAI)
        assert d.pointer.startswith("/components/") or d.pointer.startswith("/paths/"), d.render()
        assert resolves(doc, d.pointer), d.render()
        assert len(d.message) <= MAX_MESSAGE
    pointers = {d.pointer for d in diags}
    assert "/components/schemas/ContainerResource/required" in pointers
    assert any(d.pointer.endswith("/required") and "more than once" in d.message for d in diags)
    assert any(d.pointer.endswith("/exclusiveMinimum") for d in diags)
    assert any(d.pointer.endswith("/$recursiveAnchor") for d in diags)
    assert validate_document(doc, file=str(OPENAI), version=version, raw_bytes=raw) == diags  # from the cache


def test_stock_validator_is_the_fallback_without_the_rust_wheel(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    doc = _bad_doc()
    with_rust = validate_document(doc, file="spec.json", version="3.1")
    assert engine.validator_name().startswith("openapi-spec-validator-rs ")
    monkeypatch.setitem(sys.modules, "openapi_spec_validator_rs", None)  # import fails, as without the wheel
    assert engine.validator_name().startswith("openapi-spec-validator ")
    assert validate_document(doc, file="spec.json", version="3.1") == with_rust
