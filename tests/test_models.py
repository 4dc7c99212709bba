"""Model renames and module layout by config (``models:``): tests/fixtures/models/zoo.yaml with
tests/fixtures/models/oasgen.yaml (its golden tree tests/golden/models/ is checked by tests/test_golden.py), the
``unmatched-override`` warning, the collisions, and the OpenAI flavour's type names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import load_config
from generator.diagnostics import Diagnostics, GeneratorError
from generator.ir.model import Api
from generator.pipeline import Options, build_ir
from tests.acceptance.harness import inspect_package, run_mypy
from tests.support import FIXTURES, OPENAI_SPEC, ROOT, require_shared

SPEC = FIXTURES / "models" / "zoo.yaml"
CONFIG = FIXTURES / "models" / "oasgen.yaml"


def _ir(spec: Path, config_text: str | None, tmp_path: Path, *, config: Path | None = None) -> tuple[Api, Diagnostics]:
    if config_text is not None:
        config = tmp_path / "config.yaml"
        config.write_text(config_text)
    diagnostics = Diagnostics()
    api = build_ir(spec, load_config(config), Options(validate=False), diagnostics)
    return api, diagnostics


def _types(api: Api) -> dict[str, tuple[str, str, str]]:
    """Class name -> (param name, module, source pointer)."""
    return {t.name: (t.param_name, t.module, t.source) for t in api.types}


def test_models_rename_and_module_placement_on_the_ir(tmp_path: Path) -> None:
    api, diagnostics = _ir(SPEC, None, tmp_path, config=CONFIG)
    types = _types(api)
    assert types["Animal"] == ("AnimalParam", "zoo.animal", "/components/schemas/Pet")
    assert "Pet" not in types and "Error" not in types
    # the request-only schema: its TypedDict takes the configured name, in the configured module
    new_pet = next(t for t in api.types if t.source == "/components/schemas/NewPet")
    assert (new_pet.name, new_pet.param_name, new_pet.module) == ("NewPet", "AnimalCreateParam", "zoo.animal_create_param")
    assert (new_pet.usage.request, new_pet.usage.response) == (True, False)
    # inline types are named after the new name and live with their owner
    assert types["AnimalTag"][1] == "zoo.animal"
    # a string value renames only; the module follows the new name
    assert types["ErrorModel"][1] == "error_model"
    assert types["Owner"][1] == "owner" and types["Toy"][1] == "toy"
    assert {m.name: m.types for m in api.type_modules}["zoo.animal"] == ("Animal", "AnimalTag")
    # every operation refers to the new names
    create = next(op for op in api.operations if op.operation_id == "createPet")
    assert {c.type.name for r in create.responses for c in r.contents if c.type is not None and c.type.kind == "ref"} == {"Animal", "ErrorModel"}  # type: ignore[union-attr]
    assert not [d for d in diagnostics.items if d.kind in ("unmatched-override", "module-merged")]


def test_models_imports_are_symbols_and_sub_packages_re_export(tmp_path: Path) -> None:
    """The generated package imports, builds every model and is mypy --strict clean; types.zoo re-exports
    what lives below it, types re-exports everything, lazily, and the resources import the new modules."""
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(SPEC), "--config", str(CONFIG), "-o", str(out), "--no-validate"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    report = inspect_package(out, "zoo_client")
    assert not report["import_failures"] and not report["rebuild_failures"], report
    assert report["models"] >= 5
    pets = (out / "zoo_client" / "resources" / "pets.py").read_text()
    assert "from zoo_client.types.zoo.animal import Animal" in pets
    assert "from ..toy import ToyParam" in (out / "zoo_client" / "types" / "zoo" / "animal_create_param.py").read_text()
    check = (
        "import zoo_client.types as t\n"
        "from zoo_client.types.zoo import Animal, AnimalCreateParam, AnimalTag\n"
        "from zoo_client.types import Animal as A2, ErrorModel\n"
        "import zoo_client.types.zoo as zoo\n"
        "assert t.zoo is zoo and A2 is Animal and t.Animal is Animal\n"
        "assert sorted(zoo.__all__) == ['Animal', 'AnimalCreateParam', 'AnimalTag'], zoo.__all__\n"
        "assert 'zoo' in t.__all__ and 'ErrorModel' in t.__all__\n"
        "a = Animal.model_validate({'id': 1, 'name': 'Rex', 'tag': {'label': 'good'}})\n"
        "assert isinstance(a.tag, AnimalTag) and Animal.__module__ == 'zoo_client.types.zoo.animal'\n"
        "try:\n    zoo.Nope\nexcept AttributeError:\n    pass\nelse:\n    raise SystemExit('no AttributeError')\n"
        "print('ok')\n"
    )
    run = subprocess.run([sys.executable, "-c", check], cwd=out, capture_output=True, text=True, timeout=60)
    assert run.stdout.strip() == "ok", run.stderr
    errors, text = run_mypy(out, "zoo_client", tmp_path / "mypy")
    assert errors == 0, text


def test_models_unmatched_key_warns_with_a_pointer_and_a_suggestion(tmp_path: Path) -> None:
    api, diagnostics = _ir(SPEC, "models:\n  Pett: Animal\n  Toy: {module: toys.toy}\n", tmp_path)
    found = [d for d in diagnostics.items if d.kind == "unmatched-override"]
    assert len(found) == 1
    assert found[0].pointer == "/models/Pett" and found[0].file.endswith("config.yaml")
    assert "'Pet'" in found[0].hint
    assert _types(api)["Toy"][1] == "toys.toy" and "Pet" in _types(api)


@pytest.mark.parametrize(
    ("config", "pointer", "words"),
    [
        ("models:\n  Pet: Animal\n  Toy: Animal\n", "/models/Toy", "both named 'Animal'"),
        ("models:\n  Pet: Owner\n", "/models/Pet", "the name of the schema 'Owner'"),
        ("models:\n  Pet: {param: ToyParam}\n  Toy: {param: ToyParam}\n", "/models/Toy", "both named 'ToyParam'"),
        ("models:\n  Pet: {module: zoo}\n  Toy: {module: zoo.toy}\n", "/models/Pet/module", "also the package"),
        ("models:\n  Pet: {module: zoo.class}\n", "/models/Pet/module", "'class'"),
        ("models:\n  Pet: List\n", "/models/Pet", "cannot be a generated class name"),
    ],
)
def test_models_collisions_are_errors_naming_the_entry(tmp_path: Path, config: str, pointer: str, words: str) -> None:
    with pytest.raises(GeneratorError) as info:
        _ir(SPEC, config, tmp_path)
    assert info.value.pointer == pointer and words in info.value.message, (info.value.pointer, info.value.message)
    assert str(info.value.file).endswith("config.yaml")


def test_models_swap_is_no_collision(tmp_path: Path) -> None:
    api, _ = _ir(SPEC, "models:\n  Pet: Toy\n  Toy: Pet\n", tmp_path)
    by_source = {t.source: t.name for t in api.types}
    assert by_source["/components/schemas/Pet"] == "Toy" and by_source["/components/schemas/Toy"] == "Pet"


def test_models_bad_config_values_are_rejected_with_a_pointer(tmp_path: Path) -> None:
    for text, pointer in (("models:\n  Pet: 3\n", "/models/Pet"), ("models:\n  Pet: {nme: X}\n", "/models/Pet"), ("models:\n  Pet: {module: Zoo.Animal}\n", "/models/Pet")):
        config = tmp_path / "c.yaml"
        config.write_text(text)
        with pytest.raises(GeneratorError) as info:
            load_config(config)
        assert info.value.pointer.startswith(pointer), (text, info.value.pointer)


def test_models_a_default_module_gives_way_to_a_configured_package(tmp_path: Path) -> None:
    """``Zoo`` would live in ``zoo``, but ``zoo`` is the package of a configured module."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.read_text().replace("    Error:\n", "    Zoo:\n      type: object\n      properties: {a: {type: string}}\n    Error:\n"))
    api, _ = _ir(spec, None, tmp_path, config=CONFIG)
    assert _types(api)["Zoo"][1] == "zoo_type"


# -- the OpenAI flavour (spec/openai.config.yaml) ---------------------------------------------

OPENAI_CONFIG = ROOT / "spec" / "openai.config.yaml"
# What people import from openai-python (its README, the x-oaiMeta examples, the issue): name -> module below types.
OPENAI_NAMES = {
    "ChatCompletion": "chat.chat_completion",
    "ChatCompletionChunk": "chat.chat_completion_chunk",
    "ChatCompletionMessage": "chat.chat_completion_message",
    "ChatCompletionMessageParam": "chat.chat_completion_message_param",
    "ChatCompletionToolParam": "chat.chat_completion_tool_param",
    "Embedding": "embedding",
    "CreateEmbeddingResponse": "create_embedding_response",
    "Response": "responses.response",
    "DpoMethod": "fine_tuning.dpo_method",
    "DpoHyperparameters": "fine_tuning.dpo_hyperparameters",
    "SupervisedMethod": "fine_tuning.supervised_method",
    "SupervisedHyperparameters": "fine_tuning.supervised_hyperparameters",
    "ReinforcementMethod": "fine_tuning.reinforcement_method",
    "ReinforcementHyperparameters": "fine_tuning.reinforcement_hyperparameters",
    "StringCheckGrader": "graders.string_check_grader",
}


def _public(api: Api) -> dict[str, str]:
    out: dict[str, str] = {}
    for t in api.types:
        if t.usage.response or t.kind == "enum":
            out[t.name] = t.module
        if t.usage.request and t.kind != "enum":
            out[t.param_name] = t.module
    return out


@pytest.mark.parametrize("spec", ["official", "own"])
def test_openai_flavour_type_names_and_modules(spec: str, tmp_path: Path) -> None:
    if spec == "official":
        require_shared()
    path = OPENAI_SPEC if spec == "official" else ROOT / "spec" / "openai.yaml"
    api, diagnostics = _ir(path, None, tmp_path, config=OPENAI_CONFIG)
    public = _public(api)
    wrong = {name: (public.get(name), module) for name, module in OPENAI_NAMES.items() if public.get(name) != module}
    assert not wrong, wrong
    assert not [n for n in public if n.endswith(("ParamParam", "ParamsParam"))]
    assert not [d for d in diagnostics.items if d.kind == "module-merged"], [d.render() for d in diagnostics.items if d.kind == "module-merged"]


def test_models_unmatched_key_is_an_error_under_strict(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("models:\n  Pett: Animal\n")
    with pytest.raises(GeneratorError) as info:
        build_ir(SPEC, load_config(config), Options(validate=False, strict=True), Diagnostics())
    assert info.value.pointer == "/models/Pett" and info.value.exit_code == 2


def test_models_a_reference_cycle_across_configured_modules_merges_them_with_a_warning(tmp_path: Path) -> None:
    """Pet and Owner refer to each other; configured into two modules they share the first one (imports never cycle)."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.read_text().replace("        toy: {$ref: \"#/components/schemas/Toy\"}\n    NewPet:", "        toy: {$ref: \"#/components/schemas/Toy\"}\n        owner: {$ref: \"#/components/schemas/Owner\"}\n    NewPet:", 1))
    api, diagnostics = _ir(spec, "models:\n  Pet: {module: zoo.animal}\n  Owner: {module: people.owner}\n", tmp_path)
    types = _types(api)
    assert types["Pet"][1] == types["Owner"][1] == "zoo.animal"
    merged = [d for d in diagnostics.items if d.kind == "module-merged"]
    assert len(merged) == 1 and "'people.owner'" in merged[0].message and merged[0].pointer == "/models"
