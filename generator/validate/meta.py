"""Every meta-schema problem of one Schema Object: the full check of a schema the validator flagged.

Both spec validators stop at the first problem of each Schema Object, which hides the rest, so
the engine checks a flagged schema against the OpenAPI dialect in full (the stricter finding is
kept). The reference for that check is pure-Python ``jsonschema`` (the library
openapi-spec-validator is built on). On the OpenAI spec it costs ~0.12 s of a cold run (its
import, its registry and its ``$dynamicRef`` lookups), so for OpenAPI 3.1 the check runs first
in ``jsonschema-rs`` (Rust, ~1 ms) and its errors are worded exactly as jsonschema words them.

That is only done where the wording is known: one ``type``, ``uniqueItems``, ``minItems``,
``required``, ``const``, ``enum``. Any other kind of problem (a union's branches, a pattern, a
list of types whose order jsonschema-rs does not keep ...), a schema jsonschema-rs cannot
take (integer keys, NaN), a schema it finds nothing in although the validator flagged it, or a
missing wheel, and the reference runs instead. ``tests/unit/test_meta.py`` holds the two to
the same findings on every shared spec, the fixtures and generated schemas.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from generator.validate.describe import describe
from generator.validate.locate import MISSING, value_at

Problem = tuple[tuple[Any, ...], str, str]
"""``(path inside the schema, message, hint)``, as :func:`generator.validate.describe.describe` gives."""


def meta_problems(schema: Any, version: str) -> list[Problem]:
    """Every problem of ``schema`` against the Schema Object dialect of ``version`` (``3.0``/``3.1``)."""
    if version == "3.1":
        fast = _fast_problems(schema)
        if fast is not None:
            return fast
    return reference_problems(schema, version)


def reference_problems(schema: Any, version: str) -> list[Problem]:
    """The check done by pure-Python jsonschema (the reference)."""
    return [describe(e, version) for e in _reference_validator(version).iter_errors(schema)]


def schema_accepts(schema: dict[str, Any], value: Any) -> bool:
    """Whether JSON Schema 2020-12 ``schema`` (no ``$ref`` in it) accepts ``value``; False for a schema
    neither library can read (not evidence). Asked of the other branches of a union whose branch
    rejects its ``default`` (the hint then says to move the default up): jsonschema-rs first, and
    jsonschema where it cannot take the schema or the value, or is not installed. Importing
    jsonschema for this alone was ~70 ms of a cold OpenAI run."""
    try:
        import jsonschema_rs

        return bool(jsonschema_rs.Draft202012Validator(schema, validate_formats=False).is_valid(value))
    except Exception:  # noqa: BLE001, S110 - ImportError, or what jsonschema-rs cannot take: the reference decides
        pass
    try:
        from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

        return bool(Draft202012Validator(schema).is_valid(value))
    except Exception:  # noqa: BLE001 - a schema jsonschema cannot read either
        return False


# ------------------------------------------------------------------------------------------ fast path


class _Leaf:
    """A jsonschema-rs error dressed as the jsonschema ``ValidationError`` :func:`describe` reads."""

    __slots__ = ("absolute_path", "instance", "message", "validator", "validator_value")
    context = ()
    relative_schema_path = ()

    def __init__(self, path: tuple[Any, ...], instance: Any, message: str, keyword: str, value: Any) -> None:
        self.absolute_path = path
        self.instance = instance
        self.message = message
        self.validator = keyword
        self.validator_value = value


def _worded(keyword: str, value: Any, instance: Any, kind: Any) -> str | None:
    """jsonschema's message for this problem (``jsonschema/_keywords.py``), or None: not known here."""
    if keyword == "type":
        if isinstance(value, str):
            return f"{instance!r} is not of type {value!r}"
        if isinstance(value, list) and len(value) == 1:
            return f"{instance!r} is not of type {value[0]!r}"
        return None  # jsonschema-rs sorts a list of types; jsonschema names them in the schema's order
    if keyword == "uniqueItems" and isinstance(instance, list):
        return f"{instance!r} has non-unique elements"
    if keyword == "minItems" and isinstance(instance, list) and isinstance(value, int):
        return f"{instance!r} {'should be non-empty' if value == 1 else 'is too short'}"
    if keyword == "required" and isinstance(instance, dict):
        return f"{kind.property!r} is a required property"
    if keyword == "const":
        return f"{value!r} was expected"
    if keyword == "enum" and isinstance(value, list):
        return f"{instance!r} is not one of {value!r}"
    return None


def _fast_problems(schema: Any) -> list[Problem] | None:
    validator = _fast_validator()
    if validator is None or not isinstance(schema, dict):
        return None
    out: list[Problem] = []
    try:
        errors = list(validator.iter_errors(schema))
        for err in errors:
            kind = err.kind
            path = tuple(err.instance_path)
            # The instance as the document has it (jsonschema-rs gives a converted copy).
            instance = value_at(schema, path)
            if instance is MISSING:
                return None
            message = _worded(kind.name, kind.value, instance, kind)
            if message is None:
                return None
            out.append(describe(_Leaf(path, instance, message, kind.name, kind.value), "3.1"))
    except Exception:  # noqa: BLE001 - a schema jsonschema-rs cannot take: the reference decides
        return None
    return out or None  # the validator flagged this schema: finding nothing is not trusted


@functools.cache
def _fast_validator() -> Any:
    try:
        import jsonschema_rs
    except ImportError:
        return None
    dialect, vocabulary = _dialect_31()
    registry = jsonschema_rs.Registry([(dialect["$id"], dialect), (vocabulary["$id"], vocabulary)])
    # formats are annotations in 2020-12, as in the reference (no format checker)
    return jsonschema_rs.Draft202012Validator(dialect, registry=registry, validate_formats=False)


# ------------------------------------------------------------------------------------------ reference


def _dialect_31() -> tuple[dict[str, Any], dict[str, Any]]:
    """The OAS 3.1 dialect, read from openapi-schema-validator's files without importing that
    package (its import pulls in pydantic settings: ~0.3 s of a cold run). Its OAS vocabulary
    (``discriminator``, ``xml`` ...) stands in as "any schema": the validator's own finding
    still reports a problem there, only the extra findings of the full check leave it out."""
    import importlib.util

    spec = importlib.util.find_spec("openapi_schema_validator")
    assert spec is not None and spec.submodule_search_locations
    dialect = json.loads((Path(spec.submodule_search_locations[0]) / "schemas" / "oas3.1" / "metaschema.json").read_text())
    vocabulary = {
        "$id": "https://spec.openapis.org/oas/3.1/meta/base",
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$dynamicAnchor": "meta",
        "type": ["object", "boolean"],
    }
    return dialect, vocabulary


@functools.cache
def _reference_validator(version: str) -> Any:
    """The meta-schema validator for Schema Objects (the OAS dialect; JSON Schema 2020-12 for 3.1)."""
    from jsonschema.validators import validator_for  # type: ignore[import-untyped]

    if version == "3.0":
        from openapi_schema_validator import OAS30Validator
        from openapi_schema_validator._specifications import REGISTRY

        return validator_for(OAS30Validator.META_SCHEMA, default=OAS30Validator)(OAS30Validator.META_SCHEMA, registry=REGISTRY)
    from jsonschema_specifications import REGISTRY as JSON_SCHEMA  # type: ignore[import-untyped]
    from referencing import Resource

    dialect, vocabulary = _dialect_31()
    registry = ([Resource.from_contents(dialect), Resource.from_contents(vocabulary)] @ JSON_SCHEMA).crawl()
    return validator_for(dialect)(dialect, registry=registry)
