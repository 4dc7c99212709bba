"""generator.validate: version detection, located spec violations, cache, background run."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import GeneratorError, Severity
from generator.validate import (
    SPEC_VIOLATION,
    VALIDATOR_CRASH,
    background,
    cache_dir,
    cache_key,
    detect_version,
    engine,
    start_validation,
    validate_document,
)
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


def test_a_default_the_validator_cannot_check_is_a_local_crash() -> None:
    doc = _doc30()
    doc["components"]["schemas"]["Tag"]["maxLength"] = "ten"  # jsonschema then compares len("a") > "ten"
    diags = validate_document(doc, file="spec.yaml", version="3.0")
    assert [(d.kind, d.pointer) for d in diags] == [
        (SPEC_VIOLATION, "/components/schemas/Tag/maxLength"),
        (VALIDATOR_CRASH, "/components/schemas/Tag/default"),
    ]
    assert "TypeError" in diags[1].message


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


def test_yaml_int_keys_and_dates_do_not_crash_the_validator() -> None:
    import yaml

    text = """
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        200:
          description: ok
          content:
            application/json:
              schema: {type: object, required: [a, a], properties: {d: {type: string, example: 2024-01-02}}}
"""
    doc = yaml.safe_load(text)
    (d,) = validate_document(doc, file="spec.yaml", version="3.0")
    assert d.kind == SPEC_VIOLATION
    assert d.pointer == "/paths/~1a/get/responses/200/content/application~1json/schema/required"
    assert resolves(doc, d.pointer)


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


def test_validator_crash_becomes_one_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(engine._SchemaMixin, "compute_meta_records", boom)
    doc = _doc30()
    doc["paths"]["/pets/{petId}"]["get"]["responses"]["404"] = {"content": {}}  # still found by the other pass
    diags = validate_document(doc, file="spec.yaml", version="3.0", jobs=1)
    crashes = [d for d in diags if d.kind == VALIDATOR_CRASH]
    assert len(crashes) == 1
    assert "kaboom" in crashes[0].message and crashes[0].severity is Severity.WARNING
    assert any(d.pointer.endswith("/responses/404") for d in diags)


def test_crash_of_the_whole_structure_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def iter_errors(self, instance: Any) -> Any:
            raise TypeError("unhashable thing")

    monkeypatch.setattr(engine, "_structure_validator", lambda version: Broken())
    diags = validate_document(_doc31(), file="spec.yaml", version="3.1", jobs=1)
    assert [d.kind for d in diags] == [VALIDATOR_CRASH]
    assert "TypeError" in diags[0].message


def _many_schemas(n: int = 80) -> dict[str, Any]:
    doc = _doc31()
    schemas = doc["components"]["schemas"]
    for i in range(n):
        schemas[f"S{i}"] = {"type": "object", "properties": {"v": {"type": "integer", "minimum": 1}}}
        if i % 9 == 0:
            schemas[f"S{i}"]["required"] = ["v", "v"]
        if i % 13 == 0:
            schemas[f"S{i}"]["properties"]["v"]["default"] = "x"
        doc["paths"][f"/s{i}"] = {
            "get": {
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/S{(i * 7) % n}"}}},
                    }
                }
            }
        }
    doc["paths"]["/s1"]["get"]["responses"]["200"]["description"] = 5
    return doc


@pytest.mark.skipif(not engine.fork_available(), reason="needs the fork start method")
def test_helper_process_gives_the_same_result() -> None:
    doc = _many_schemas()
    assert len(doc["components"]["schemas"]) >= engine.HELPER_MIN_SCHEMAS
    alone = validate_document(doc, file="spec.yaml", version="3.1", jobs=1)
    shared = validate_document(doc, file="spec.yaml", version="3.1", jobs=2)
    assert shared == alone
    assert len(alone) == 9 + 7 + 1


# ----------------------------------------------------------------------------- cache and background


def _start(doc: dict[str, Any], tmp_path: Path, **kwargs: Any) -> Any:
    raw = json.dumps(doc).encode()
    kwargs.setdefault("cache_dir", tmp_path / "cache")
    return start_validation(doc, file=str(tmp_path / "spec.json"), version="3.1", raw_bytes=raw, **kwargs)


def _bad_doc() -> dict[str, Any]:
    doc = _doc31()
    doc["components"]["schemas"]["Pet"]["required"] = ["id", "id"]
    return doc


def test_cache_hit_does_not_run_the_validator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _bad_doc()
    first = _start(doc, tmp_path)
    expected = first.result()
    assert first.source in ("process", "inline")
    assert [d.pointer for d in expected] == ["/components/schemas/Pet/required"]
    assert list((tmp_path / "cache" / "validation").glob("*.json"))

    def must_not_run(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the validator ran on a cache hit")

    monkeypatch.setattr(background, "collect_findings", must_not_run)
    monkeypatch.setattr(engine, "collect_findings", must_not_run)
    second = _start(doc, tmp_path)
    assert second.cached and second.done()
    assert second.result() == expected


def test_cache_key_depends_on_content_version_and_external_files(tmp_path: Path) -> None:
    doc = _doc30()
    key = cache_key(doc, file=str(tmp_path / "a.yaml"), version="3.0", raw_bytes=b"abc")
    assert key == cache_key(doc, file=str(tmp_path / "a.yaml"), version="3.0", raw_bytes=b"abc")
    assert key != cache_key(doc, file=str(tmp_path / "a.yaml"), version="3.0", raw_bytes=b"abd")
    assert key != cache_key(doc, file=str(tmp_path / "a.yaml"), version="3.1", raw_bytes=b"abc")
    dumped = cache_key(doc, file="a.yaml", version="3.0")
    changed = copy.deepcopy(doc)
    changed["info"]["title"] = "Other"
    assert dumped != cache_key(changed, file="a.yaml", version="3.0")

    raw = b"components:\n  schemas:\n    Pet: {$ref: './models/pet.yaml#/Pet'}\n"
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "pet.yaml").write_text("Pet: {type: object}\n")
    before = cache_key(doc, file=str(tmp_path / "a.yaml"), version="3.0", raw_bytes=raw)
    (tmp_path / "models" / "pet.yaml").write_text("Pet: {type: string}\n")
    assert before != cache_key(doc, file=str(tmp_path / "a.yaml"), version="3.0", raw_bytes=raw)


def test_corrupt_cache_entry_is_ignored(tmp_path: Path) -> None:
    doc = _bad_doc()
    expected = _start(doc, tmp_path, cache_dir=False).result()
    raw = json.dumps(doc).encode()
    key = cache_key(doc, file=str(tmp_path / "spec.json"), version="3.1", raw_bytes=raw)
    entry = tmp_path / "cache" / "validation" / f"{key}.json"
    entry.parent.mkdir(parents=True)
    for garbage in (
        b"\x00not json",
        b'{"format": 1, "key": "other", "findings": []}',
        b'{"format": 1, "key": "%s", "findings": [[1]]}' % key.encode(),
    ):
        entry.write_bytes(garbage)
        pending = _start(doc, tmp_path)
        assert not pending.cached
        assert pending.result() == expected
    again = _start(doc, tmp_path)  # the bad entry was replaced by a good one
    assert again.cached and again.result() == expected


def test_unwritable_cache_does_not_break_validation(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    doc = _bad_doc()
    for _ in range(2):
        pending = _start(doc, tmp_path)
        assert not pending.cached
        assert _pointers(pending.result()) == ["/components/schemas/Pet/required"]


def test_cache_dir_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("OASGEN_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "oasgen" / "validation"
    monkeypatch.setenv("OASGEN_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine" / "validation"
    assert cache_dir(tmp_path / "arg") == tmp_path / "arg" / "validation"


@pytest.mark.skipif(not engine.fork_available(), reason="needs the fork start method")
def test_forked_validation_matches_in_process(tmp_path: Path) -> None:
    doc = _bad_doc()
    doc["components"]["schemas"]["Pet"]["properties"]["id"]["default"] = "one"
    forked = _start(doc, tmp_path, cache_dir=False, fork=True)
    assert forked.source == "process"
    inline = _start(doc, tmp_path, cache_dir=False, fork=False)
    assert inline.source == "inline"
    direct = validate_document(doc, file=str(tmp_path / "spec.json"), version="3.1")
    assert forked.result() == inline.result() == direct
    assert len(direct) == 2


@pytest.mark.skipif(not engine.fork_available(), reason="needs the fork start method")
def test_dead_validation_process_becomes_a_crash_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(background, "collect_findings", lambda *a, **k: os._exit(3))
    diags = _start(_bad_doc(), tmp_path, fork=True).result()
    assert [d.kind for d in diags] == [VALIDATOR_CRASH]
    assert "exit code 3" in diags[0].message
    assert not list((tmp_path / "cache").glob("validation/*.json"))  # crashes are not cached


@pytest.mark.skipif(not engine.fork_available(), reason="needs the fork start method")
def test_cancel_stops_the_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setattr(background, "collect_findings", lambda *a, **k: time.sleep(60))
    pending = _start(_bad_doc(), tmp_path, fork=True)
    process = pending._process
    pending.cancel()
    assert not process.is_alive()
    assert pending.result() == []


# ----------------------------------------------------------------------------- the real OpenAI spec


@pytest.mark.slow
@pytest.mark.skipif(not OPENAI.is_file(), reason=f"{OPENAI} not found (shared/ specs are not next to the repo)")
def test_openai_spec(tmp_path: Path) -> None:
    import yaml

    raw = OPENAI.read_bytes()
    doc = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    version = detect_version(doc, file=str(OPENAI))
    assert version == "3.1"
    diags = start_validation(doc, file=str(OPENAI), version=version, raw_bytes=raw, cache_dir=tmp_path).result()
    assert diags, "the OpenAI spec has known violations"
    assert all(d.kind == SPEC_VIOLATION for d in diags), [d.render() for d in diags if d.kind != SPEC_VIOLATION]
    for d in diags:
        assert d.file == str(OPENAI)
        assert d.pointer.startswith("/components/") or d.pointer.startswith("/paths/"), d.render()
        assert resolves(doc, d.pointer), d.render()
        assert len(d.message) <= MAX_MESSAGE
    pointers = {d.pointer for d in diags}
    assert "/components/schemas/ContainerResource/required" in pointers
    duplicate_required = [d for d in diags if d.pointer.endswith("/required") and "more than once" in d.message]
    assert duplicate_required
    assert any(d.pointer.endswith("/exclusiveMinimum") for d in diags)
    assert any(d.pointer.endswith("/$recursiveAnchor") for d in diags)
    # the second run is served from the cache, with the same diagnostics
    again = start_validation(doc, file=str(OPENAI), version=version, raw_bytes=raw, cache_dir=tmp_path)
    assert again.cached and again.result() == diags
