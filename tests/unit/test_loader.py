from __future__ import annotations

from pathlib import Path

import pytest

from generator.diagnostics import GeneratorError
from generator.load import Location, RefError, Resolver, read_document, walk_pointer
from tests.support import FIXTURES


def test_yaml_syntax_error_names_the_file_and_line() -> None:
    with pytest.raises(GeneratorError) as info:
        read_document(FIXTURES / "broken" / "bad-yaml.yaml")
    rendered = info.value.render()
    assert "bad-yaml.yaml:11" in rendered
    assert "invalid YAML" in rendered


def test_json_documents_load_and_errors_carry_lines(tmp_path: Path) -> None:
    good = tmp_path / "a.json"
    good.write_text('{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}}')
    assert read_document(good)[0]["openapi"] == "3.1.0"
    bad = tmp_path / "b.json"
    bad.write_text('{\n "openapi": "3.1.0",\n oops\n}')
    with pytest.raises(GeneratorError) as info:
        read_document(bad)
    assert info.value.pointer == "line 3"


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError, match="file not found"):
        read_document(tmp_path / "nope.yaml")


def test_pointers_unescape_and_reach_int_keys() -> None:
    doc = {"paths": {"/a/{b}": {"get": {"responses": {200: {"description": "ok"}}}}}}
    assert walk_pointer(doc, "/paths/~1a~1{b}/get/responses/200/description") == "ok"
    assert walk_pointer({"a~b": 1}, "/a~0b") == 1


def test_refs_into_other_files_resolve_relative_to_the_referring_file() -> None:
    main = FIXTURES / "external" / "main.yaml"
    doc, _ = read_document(main)
    resolver = Resolver(doc, str(main))
    target = resolver.target_of("./common/models.yaml#/Pet", Location(str(main), "/paths"))
    assert target.file.endswith("external/common/models.yaml")
    node = resolver.lookup(target)
    assert isinstance(node, dict)


def test_ref_cycles_and_dangling_refs_are_reported_not_looped() -> None:
    doc = {"a": {"$ref": "#/b"}, "b": {"$ref": "#/a"}}
    resolver = Resolver(doc, "spec.yaml")
    with pytest.raises(RefError, match="cycle"):
        resolver.resolve(doc["a"], Location("spec.yaml", "/a"))
    with pytest.raises(RefError, match="does not exist"):
        resolver.lookup(Location("spec.yaml", "/missing"))
