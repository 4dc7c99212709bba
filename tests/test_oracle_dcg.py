"""datamodel-code-generator as an independent oracle: its pydantic models and ours must accept and reject
the same instances of each component schema.

Valid instances are drawn from the schema itself (tests/jsonschema_strategy.py); invalid ones are type-level
mutations of them (a required property removed, a value of another JSON type, a value outside an enum).
Constraint keywords (``maxLength`` ...) are out of scope: like openai-python, our models do not enforce them.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pydantic
import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from tests.jsonschema_strategy import instances
from tests.support import FIXTURES, ROOT

pytestmark = pytest.mark.slow

ORACLE_FIXTURES = ["objects.yaml", "enums.yaml", "unions.yaml", "nullable31.yaml", "maps.yaml"]
_CACHE: dict[str, tuple[dict[str, Any], dict[str, type[pydantic.BaseModel]], dict[str, type[pydantic.BaseModel]]]] = {}


def _import_file(name: str, path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _json_schema(document: dict[str, Any], name: str) -> dict[str, Any]:
    """A self-contained JSON Schema for one component (refs rewritten to ``$defs``).

    A schema named in a discriminator mapping gets its tag pinned to the mapped value: that is what
    the API sends, and datamodel-code-generator types the tag as that literal.
    """
    text = json.dumps(document["components"]["schemas"]).replace("#/components/schemas/", "#/$defs/")
    defs = json.loads(text)
    for schema in list(defs.values()):
        disc = schema.get("discriminator") if isinstance(schema, dict) else None
        if isinstance(disc, dict) and disc.get("propertyName"):
            mapping = disc.get("mapping") or {
                str(v["$ref"]).rsplit("/", 1)[-1]: v["$ref"] for v in schema.get("oneOf", []) + schema.get("anyOf", []) if "$ref" in v
            }
            for tag, ref in mapping.items():
                target = defs.get(str(ref).rsplit("/", 1)[-1])
                if isinstance(target, dict) and disc["propertyName"] in target.get("properties", {}):
                    target["properties"][disc["propertyName"]] = {"const": tag}
    for schema in defs.values():
        _drop_openapi_keywords(schema)
    return {"$defs": defs, **defs[name]}


def _drop_openapi_keywords(node: Any) -> None:
    if isinstance(node, dict):
        for key in ("discriminator", "x-stainless-const", "readOnly", "writeOnly", "example", "examples"):
            node.pop(key, None)
        for value in node.values():
            _drop_openapi_keywords(value)
    elif isinstance(node, list):
        for value in node:
            _drop_openapi_keywords(value)


def models_for(fixture: str, tmp: Path) -> tuple[dict[str, Any], dict[str, type[pydantic.BaseModel]], dict[str, type[pydantic.BaseModel]]]:
    if fixture in _CACHE:
        return _CACHE[fixture]
    spec = FIXTURES / fixture
    document = yaml.safe_load(spec.read_text())
    theirs_file = tmp / f"dcg_{spec.stem}.py"
    subprocess.run(
        [str(Path(sys.executable).parent / "datamodel-codegen"), "--input", str(spec), "--input-file-type", "openapi",
         "--output-model-type", "pydantic_v2.BaseModel", "--output", str(theirs_file)],
        check=True, capture_output=True, timeout=300,
    )
    theirs_module = _import_file(f"dcg_{spec.stem}", theirs_file)
    out = tmp / f"ours_{spec.stem}"
    proc = subprocess.run([sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out), "--no-validate", "--formatter", "none"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    package = next(p.name for p in out.iterdir() if (p / "_client.py").exists())
    sys.path.insert(0, str(out))
    types = importlib.import_module(f"{package}.types")
    ours: dict[str, type[pydantic.BaseModel]] = {}
    theirs: dict[str, type[pydantic.BaseModel]] = {}
    for name in document["components"]["schemas"]:
        mine = getattr(types, name, None) if name in types.__all__ else None
        other = getattr(theirs_module, name, None)
        if isinstance(mine, type) and issubclass(mine, pydantic.BaseModel) and isinstance(other, type) and issubclass(other, pydantic.BaseModel):
            mine.model_rebuild()
            other.model_rebuild()
            ours[name], theirs[name] = mine, other
    _CACHE[fixture] = (document, ours, theirs)
    return _CACHE[fixture]


def accepts(model: type[pydantic.BaseModel], value: Any) -> bool:
    try:
        model.model_validate(value)
    except pydantic.ValidationError:
        return False
    return True


def mutations(value: Any, schema: dict[str, Any], defs: dict[str, Any], skip: frozenset[str] = frozenset()) -> list[tuple[str, Any]]:
    """Type-level breakages of a valid object instance; ``skip``: write-only properties, which response
    models leave out by design (they are never sent back), so both verdicts are not comparable there."""
    if "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[-1]]
    if not isinstance(value, dict) or not isinstance(schema.get("properties"), dict):
        return []
    found: list[tuple[str, Any]] = []
    for key in schema.get("required", []):
        if key in value and key not in skip:
            broken = copy.deepcopy(value)
            del broken[key]
            found.append((f"without required {key!r}", broken))
    for key, prop in schema["properties"].items():
        if key not in value or not isinstance(prop, dict) or key in skip:
            continue
        types = prop.get("type")
        if types in ("string", "integer", "number", "boolean"):
            broken = copy.deepcopy(value)
            broken[key] = [{"not": "a " + types}]
            found.append((f"{key!r} as a list", broken))
        if isinstance(prop.get("enum"), list) and None not in prop["enum"]:
            broken = copy.deepcopy(value)
            broken[key] = "definitely-not-a-member"
            found.append((f"{key!r} outside its enum", broken))
    return found


CASES = [(fixture, name) for fixture in ORACLE_FIXTURES for name in yaml.safe_load((FIXTURES / fixture).read_text())["components"]["schemas"]]


@pytest.mark.parametrize(("fixture", "name"), CASES, ids=[f"{f.removesuffix('.yaml')}-{n}" for f, n in CASES])
def test_same_verdicts_as_datamodel_code_generator(fixture: str, name: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    document, ours, theirs = models_for(fixture, tmp_path_factory.mktemp("oracle"))
    if name not in ours:
        pytest.skip(f"{name} is not a response model in both outputs (a request-only TypedDict or an alias here)")
    schema = _json_schema(document, name)
    defs = schema["$defs"]
    original = document["components"]["schemas"][name]
    write_only = frozenset(k for k, p in original.get("properties", {}).items() if isinstance(p, dict) and p.get("writeOnly"))

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(instances(schema, defs))
    def check(instance: Any) -> None:
        if instance is None:
            return  # a nullable schema admits null; nullability applies where a model is used, not to the class
        assert accepts(ours[name], instance) == accepts(theirs[name], instance) == True, instance  # noqa: E712
        for label, broken in mutations(instance, schema, defs, write_only):
            verdict_ours, verdict_theirs = accepts(ours[name], broken), accepts(theirs[name], broken)
            assert verdict_ours == verdict_theirs, f"{label}: ours={verdict_ours} theirs={verdict_theirs} for {broken!r}"

    check()


def test_the_oracle_compares_a_real_number_of_models(tmp_path_factory: pytest.TempPathFactory) -> None:
    compared = sum(len(models_for(f, tmp_path_factory.mktemp("oracle"))[1]) for f in ORACLE_FIXTURES)
    assert compared >= 12
