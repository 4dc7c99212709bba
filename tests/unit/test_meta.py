"""The full meta-schema check of a flagged Schema Object: jsonschema-rs worded as jsonschema (the fast
path) against pure-Python jsonschema (the reference), see :mod:`generator.validate.meta`.

Order is not compared: jsonschema visits a schema's extra keywords in set order (it varies with
the hash seed), jsonschema-rs in the document's order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.load import read_document
from generator.load.refs import Resolver
from generator.validate import engine, meta
from generator.validate.closed import Closed
from generator.validate.version import detect_version

SPECS = Path(__file__).resolve().parents[2].parent / "shared" / "specs"


def _same(schema: Any) -> list[meta.Problem] | None:
    """The fast path's problems, after checking they are the reference's (None: it deferred)."""
    fast = meta._fast_problems(schema)
    if fast is not None:
        assert sorted(map(repr, fast)) == sorted(map(repr, meta.reference_problems(schema, "3.1")))
    return fast


def test_the_fast_path_words_problems_as_jsonschema_does() -> None:
    schema = {
        "type": "object",
        "required": ["id", "name", "id"],
        "properties": {
            "a": {"type": "number", "exclusiveMinimum": True},
            "b": {"allOf": []},
            "c": {"$anchor": 5},
        },
    }
    fast = _same(schema)
    assert fast is not None
    assert {p for p, _, _ in fast} == {
        ("required",),
        ("properties", "a", "exclusiveMinimum"),
        ("properties", "b", "allOf"),
        ("properties", "c", "$anchor"),
    }
    by_path = {p: (m, h) for p, m, h in fast}
    assert by_path[("required",)][0] == "'required' lists 'id' more than once"
    assert by_path[("properties", "a", "exclusiveMinimum")] == (
        "exclusiveMinimum: true is not of type 'number'",
        "OpenAPI 3.1 uses JSON Schema 2020-12, where exclusiveMinimum is the bound itself (a number): "
        "write `exclusiveMinimum: N` instead of `minimum: N` plus `exclusiveMinimum: true` (the OpenAPI 3.0 form)",
    )
    assert by_path[("properties", "b", "allOf")][0] == "allOf: [] should be non-empty"


@pytest.mark.parametrize(
    "schema",
    [
        pytest.param({"type": "strng"}, id="a type name that is no type (an anyOf in the dialect)"),
        pytest.param({"pattern": 5, "items": {"type": ["string", 5]}}, id="a list of types"),
        pytest.param({"properties": {1: {"type": "string", "minLength": -1}}}, id="an integer key (YAML)"),
        pytest.param({"minimum": float("nan"), "maxLength": -1}, id="NaN"),
    ],
)
def test_what_the_fast_path_cannot_word_goes_to_the_reference(schema: dict[str, Any]) -> None:
    assert meta._fast_problems(schema) is None
    assert meta.meta_problems(schema, "3.1") == meta.reference_problems(schema, "3.1")


def test_a_flagged_schema_it_finds_nothing_in_goes_to_the_reference() -> None:
    assert meta._fast_problems({"type": "string"}) is None


def test_without_the_wheel_the_reference_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(meta, "_fast_validator", lambda: None)
    schema = {"required": ["a", "a"]}
    assert meta.meta_problems(schema, "3.1") == meta.reference_problems(schema, "3.1") != []


_bad_values = st.sampled_from([True, False, None, -1, 0, 1, 1.5, "x", "", [], ["a", "a"], ["a"], {}, [1, 1]])
_keywords = st.sampled_from(
    [
        "type", "exclusiveMinimum", "exclusiveMaximum", "minimum", "minLength", "maxItems", "required",
        "enum", "const", "allOf", "anyOf", "oneOf", "items", "description", "$anchor", "uniqueItems",
        "title", "readOnly", "deprecated", "minProperties", "dependentRequired", "format", "$comment",
    ]
)  # fmt: skip


def _schemas() -> st.SearchStrategy[dict[str, Any]]:
    leaf = st.dictionaries(_keywords, _bad_values, max_size=4)
    return st.recursive(
        leaf,
        lambda inner: st.fixed_dictionaries(
            {},
            optional={
                "properties": st.dictionaries(st.sampled_from(["a", "b", "c"]), inner, max_size=3),
                "items": inner,
                "allOf": st.lists(inner, max_size=2),
                "additionalProperties": inner,
                "required": st.lists(st.sampled_from(["a", "b"]), max_size=3),
                "type": st.sampled_from(["object", "string", ["string", "null"], ["string"], "strng", 5]),
            },
        ),
        max_leaves=8,
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_schemas())
@example({"required": ["a", "a"], "properties": {"a": {"exclusiveMaximum": True}}})
def test_fast_and_reference_agree_on_generated_schemas(schema: dict[str, Any]) -> None:
    _same(schema)


def _flagged(spec: Path) -> list[Any]:
    """The Schema Objects the validator flags in ``spec`` (the ones the engine checks in full)."""
    document, _ = read_document(spec)
    version = detect_version(document, file=str(spec))
    resolver = Resolver(document, str(spec))
    errors = engine.run_validator(document, file=str(spec), version=version, closed=Closed(resolver))
    seen: list[Any] = []
    locator = engine.Locator(document, str(spec), version, resolver)
    original = engine.meta_problems

    def spy(node: Any, v: str) -> list[meta.Problem]:
        if v == "3.1":
            seen.append(node)
        return original(node, v)

    engine.meta_problems = spy  # type: ignore[assignment]
    try:
        locator.findings(errors)
    finally:
        engine.meta_problems = original  # type: ignore[assignment]
    return seen


@pytest.mark.skipif(not SPECS.is_dir(), reason=f"{SPECS} not found (shared/ is not next to the repo)")
def test_fast_and_reference_agree_on_every_flagged_schema_of_the_shared_specs() -> None:
    specs = sorted(p for p in SPECS.iterdir() if p.suffix in (".yaml", ".json") and not p.name.startswith("swagger2"))
    used = 0
    for spec in specs:
        for node in _flagged(spec):
            used += _same(node) is not None
    # openai.yaml's ten flagged schemas are all worded by the fast path (types, duplicates, an empty list)
    assert used >= 10


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(-5, 5, allow_nan=False) | st.sampled_from(["", "a", "ab", "2024-01-01"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["a", "b"]), inner, max_size=2),
    max_leaves=6,
)
_branches = st.recursive(
    st.fixed_dictionaries(
        {},
        optional={
            "type": st.sampled_from(["string", "integer", "number", "boolean", "null", "array", "object", ["string", "null"]]),
            "enum": st.lists(_json_values, min_size=1, max_size=3),
            "const": _json_values,
            "minimum": st.integers(-3, 3),
            "exclusiveMaximum": st.floats(-3, 3, allow_nan=False),
            "maxLength": st.integers(0, 2),
            "format": st.sampled_from(["date", "email", "uuid"]),
            "required": st.lists(st.sampled_from(["a", "b"]), max_size=2, unique=True),
            "uniqueItems": st.booleans(),
        },
    ),
    lambda inner: st.fixed_dictionaries({}, optional={"items": inner, "properties": st.dictionaries(st.sampled_from(["a", "b"]), inner, max_size=2), "anyOf": st.lists(inner, min_size=1, max_size=2), "not": inner}),
    max_leaves=5,
)


@settings(max_examples=300, deadline=None)
@given(_branches, _json_values)
@example({"type": "integer"}, 1.0)
@example({"format": "date"}, "not a date")
def test_schema_accepts_agrees_with_jsonschema(schema: dict[str, Any], value: Any) -> None:
    """Formats are annotations in both; ``pattern`` is left out: a Rust ``$`` does not match before a
    final newline as Python's does (it only changes the wording of a hint)."""
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

    assert meta.schema_accepts(schema, value) is Draft202012Validator(schema).is_valid(value)
