"""Hypothesis strategies for instances of a JSON Schema subset (the keywords OpenAPI component schemas use).

Covers type (and type arrays), properties/required/additionalProperties, items/minItems/maxItems,
enum, const, anyOf/oneOf/allOf of objects, $ref into ``$defs``, string length and numeric bounds.
Recursion is cut off at a fixed depth by leaving optional properties out.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

_MAX_DEPTH = 4
_FORMATS: dict[str, st.SearchStrategy[Any]] = {
    "date-time": st.datetimes(timezones=st.just(__import__("datetime").timezone.utc)).map(lambda d: d.isoformat()),
    "date": st.dates().map(lambda d: d.isoformat()),
    "email": st.sampled_from(["a@example.com", "someone.else@example.org"]),
    "uri": st.sampled_from(["https://example.com/", "https://example.org/a/b?c=d"]),
    "uuid": st.uuids().map(str),
}


def instances(schema: dict[str, Any], defs: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    if "$ref" in schema:
        return instances(defs[schema["$ref"].rsplit("/", 1)[-1]], defs, depth + 1)
    if "const" in schema:
        return st.just(schema["const"])
    if isinstance(schema.get("enum"), list):
        return st.sampled_from(schema["enum"])
    for key in ("oneOf", "anyOf"):
        if isinstance(schema.get(key), list):
            return st.one_of([instances(s, defs, depth + 1) for s in schema[key]])
    if isinstance(schema.get("allOf"), list):
        merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
        for part in schema["allOf"]:
            part = defs[part["$ref"].rsplit("/", 1)[-1]] if "$ref" in part else part
            merged["properties"].update(part.get("properties", {}))
            merged["required"] += part.get("required", [])
        merged["properties"].update(schema.get("properties", {}))
        merged["required"] += schema.get("required", [])
        return instances(merged, defs, depth)
    types = schema.get("type")
    if isinstance(types, list):
        return st.one_of([instances({**schema, "type": t}, defs, depth) for t in types])
    if types is None:
        types = "object" if "properties" in schema else None
    if types == "null":
        return st.none()
    if types == "boolean":
        return st.booleans()
    if types == "integer":
        return st.integers(min_value=int(schema.get("minimum", -(2**31))), max_value=int(schema.get("maximum", 2**31)))
    if types == "number":
        return st.floats(min_value=schema.get("minimum", -1e9), max_value=schema.get("maximum", 1e9), allow_nan=False)
    if types == "string":
        fmt = schema.get("format")
        if fmt in _FORMATS:
            return _FORMATS[fmt]
        return st.text(min_size=schema.get("minLength", 0), max_size=min(schema.get("maxLength", 12), 12) or 0)
    if types == "array":
        items = schema.get("items", {})
        return st.lists(instances(items, defs, depth + 1), min_size=schema.get("minItems", 0), max_size=max(schema.get("minItems", 0), min(schema.get("maxItems", 3), 3)))
    if types == "object":
        props = schema.get("properties", {})
        required = [k for k in schema.get("required", []) if k in props]
        optional = [k for k in props if k not in required] if depth < _MAX_DEPTH else []
        fixed = st.fixed_dictionaries(
            {k: instances(props[k], defs, depth + 1) for k in required},
            optional={k: instances(props[k], defs, depth + 1) for k in optional},
        )
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and not props:
            return st.dictionaries(st.text(min_size=1, max_size=5), instances(extra, defs, depth + 1), max_size=3)
        return fixed
    return st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5))
