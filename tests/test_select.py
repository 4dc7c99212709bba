"""Selection (``select``), renames (``resources.overrides`` by op key, ``names.properties``,
``names.parameters``) and stale overrides (issue 9, items 3 and 4).

Intent is asserted on the IR (which operations, which types, which Python names); the generated
files for what a selection leaves out; the generated client's behaviour (wire names sent and read)
in a subprocess; and the acceptance checks (imports, models build, ``mypy --strict``) on a
selected client. The spec is ``tests/fixtures/select/petstore.yaml``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.config import load_config
from generator.diagnostics import Diagnostics, GeneratorError
from generator.ir.model import Api
from generator.normalize.selectors import OpRef, find, is_method_path, matches, path_matches
from generator.pipeline import Options, build_ir
from tests.acceptance import harness
from tests.support import FIXTURES, ROOT

SPEC = FIXTURES / "select" / "petstore.yaml"
SPEC_V2 = FIXTURES / "select" / "petstore.v2.yaml"
"""The same API with two operationIds renamed (``showPetById`` -> ``getPet``, ``listPets`` -> ``findPets``)."""
ALL_OPS = {"listPets", "createPet", "showPetById", "deletePet", "listPetPhotos", "listDogs", "getInventory", "listAdminUsers", "deleteAdminUser"}


def config_file(tmp_path: Path, data: dict[str, Any], name: str = "oasgen.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def ir(tmp_path: Path, data: dict[str, Any], spec: Path = SPEC, *, strict: bool = False) -> tuple[Api, Diagnostics]:
    diagnostics = Diagnostics(default_file=str(spec))
    api = build_ir(spec, load_config(config_file(tmp_path, data)), Options(validate=False, strict=strict), diagnostics)
    return api, diagnostics


def op_ids(api: Api) -> set[str]:
    return {op.operation_id for op in api.operations}


def type_names(api: Api) -> set[str]:
    return {t.name for t in api.types}


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


# -- op keys and globs --------------------------------------------------------------------------


def test_an_op_key_is_an_operation_id_or_method_and_path_in_any_case() -> None:
    op = OpRef("showPetById", "get", "/pets/{petId}")
    assert matches("showPetById", op)
    assert matches("GET /pets/{petId}", op) and matches("get /pets/{petId}", op) and matches("Get /pets/{petId}", op)
    assert not matches("POST /pets/{petId}", op)
    assert not matches("GET /pets/{petid}", op)  # the path template is exact
    assert not matches("showpetbyid", op)
    assert not is_method_path("showPetById") and not is_method_path("FETCH /pets") and is_method_path("delete /x")
    # "METHOD /path" wins over the operationId, so an upstream operationId rename cannot undo it
    assert find({"showPetById": "a", "GET /pets/{petId}": "b"}, op) == ("GET /pets/{petId}", "b")
    assert find({"showPetById": "a"}, op) == ("showPetById", "a")
    assert find({"listPets": "a"}, op) is None


@pytest.mark.parametrize(
    ("glob", "path", "expected"),
    [
        ("/pets/*", "/pets/{petId}", True),
        ("/pets/*", "/pets", False),
        ("/pets/*", "/pets/{petId}/photos", False),  # * stays within one segment
        ("/pets/**", "/pets", True),  # ** matches no segment too
        ("/pets/**", "/pets/{petId}/photos", True),
        ("/admin/**", "/administrators", False),
        ("/**/photos", "/pets/{petId}/photos", True),
        ("/pets/{petId}", "/pets/{petId}", True),  # braces are literal
        ("/pets/{petId}", "/pets/x", False),
        ("/p?ts", "/pets", True),
        ("/pets/*/photos", "/pets/{petId}/photos", True),
    ],
)
def test_path_globs_match_segment_by_segment(glob: str, path: str, expected: bool) -> None:
    assert path_matches(glob, path) is expected


# -- selection on the IR ------------------------------------------------------------------------


def test_select_by_tag_keeps_only_those_operations_and_the_types_they_reach(tmp_path: Path) -> None:
    api, _ = ir(tmp_path, {"select": {"include": {"tags": ["store"]}}})
    assert op_ids(api) == {"getInventory"}
    assert type_names(api) == {"Inventory"}
    assert [r.attr_name for r in api.resources.children] == ["store"]


def test_select_by_operation_id_and_by_method_and_path(tmp_path: Path) -> None:
    api, diagnostics = ir(tmp_path, {"select": {"include": {"operations": ["showPetById", "post /pets"]}}})
    assert op_ids(api) == {"showPetById", "createPet"}
    # Pet reaches Category and its inline owner, transitively; createPet's body is NewPet
    assert type_names(api) == {"Pet", "Category", "PetOwner", "NewPet"}
    assert not [d for d in diagnostics if d.kind == "unmatched-override"]


def test_select_by_path_glob(tmp_path: Path) -> None:
    api, _ = ir(tmp_path, {"select": {"include": {"paths": ["/admin/**"]}}})
    assert op_ids(api) == {"listAdminUsers", "deleteAdminUser"}
    assert type_names(api) == {"AdminUser"}
    api, _ = ir(tmp_path, {"select": {"include": {"paths": ["/pets/*"]}}})
    assert op_ids(api) == {"showPetById", "deletePet"}


def test_select_by_method(tmp_path: Path) -> None:
    api, _ = ir(tmp_path, {"select": {"include": {"methods": ["DELETE"]}}})
    assert op_ids(api) == {"deletePet", "deleteAdminUser"}
    assert type_names(api) == set()


def test_include_is_a_union_and_exclude_wins(tmp_path: Path) -> None:
    api, _ = ir(tmp_path, {"select": {"include": {"tags": ["pets"], "operations": ["getInventory"]}, "exclude": {"paths": ["/pets/*/photos"], "methods": ["delete"], "operations": ["getInventory"]}}})
    assert op_ids(api) == {"listPets", "createPet", "showPetById"}
    # Photo and Photographer are reached only by the excluded listPetPhotos; Unused by nothing
    assert type_names(api) == {"Pet", "Category", "PetOwner", "NewPet"}


def test_exclude_alone_keeps_the_rest(tmp_path: Path) -> None:
    api, _ = ir(tmp_path, {"select": {"exclude": {"tags": ["admin"]}}})
    assert op_ids(api) == ALL_OPS - {"listAdminUsers", "deleteAdminUser"}
    assert "AdminUser" not in type_names(api) and "Unused" not in type_names(api)
    assert {"Photo", "Photographer", "Inventory"} <= type_names(api)


def test_without_select_every_component_is_a_type(tmp_path: Path) -> None:
    api, _ = ir(tmp_path, {})
    assert op_ids(api) == ALL_OPS
    assert {"Unused", "Photo", "AdminUser"} <= type_names(api)


def test_a_selection_that_selects_nothing_is_an_error_with_a_pointer(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError) as raised:
        ir(tmp_path, {"select": {"include": {"tags": ["store"]}, "exclude": {"paths": ["/store/**"]}}})
    assert raised.value.exit_code == 2 and raised.value.pointer == "/select/exclude" and raised.value.file.endswith("oasgen.yaml")
    assert "no operation" in raised.value.message and "exclude removes them all" in raised.value.hint
    proc = cli("generate", SPEC, "-o", tmp_path / "out", "--no-validate", "--config", config_file(tmp_path, {"select": {"include": {"tags": ["nothing"]}}}))
    assert proc.returncode == 2, proc.stderr
    assert "oasgen.yaml#/select/include" in proc.stderr and "hint:" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


def test_a_selector_that_matches_nothing_is_an_unmatched_override_warning(tmp_path: Path) -> None:
    api, diagnostics = ir(tmp_path, {"select": {"include": {"tags": ["pets", "pest"], "paths": ["/petz/**"]}, "exclude": {"operations": ["listPetPhoto"]}}})
    assert op_ids(api) == {"listPets", "createPet", "showPetById", "deletePet", "listPetPhotos"}
    stale = {d.pointer: d for d in diagnostics if d.kind == "unmatched-override"}
    assert set(stale) == {"/select/include/tags/1", "/select/include/paths/0", "/select/exclude/operations/0"}
    assert "did you mean 'pets'" in stale["/select/include/tags/1"].hint
    assert "did you mean 'listPetPhotos'" in stale["/select/exclude/operations/0"].hint
    assert all(d.file.endswith("oasgen.yaml") for d in stale.values())


def test_select_keys_are_validated_by_the_schema(tmp_path: Path) -> None:
    for data, pointer in (
        ({"select": {"include": {"method": ["GET"]}}}, "/select/include/method"),
        ({"select": {"include": {"methods": ["FETCH"]}}}, "/select/include/methods/0"),
        ({"select": {"include": {"paths": ["pets/*"]}}}, "/select/include/paths/0"),
        ({"select": {"include": {"tags": "pets"}}}, "/select/include/tags"),
    ):
        with pytest.raises(GeneratorError) as raised:
            load_config(config_file(tmp_path, data))
        assert raised.value.pointer == pointer and raised.value.exit_code == 2, (data, raised.value.render())


# -- selection in the files, and the acceptance checks -----------------------------------------


def test_a_selected_client_holds_only_what_it_selects_and_passes_the_acceptance_checks(tmp_path: Path) -> None:
    config = config_file(tmp_path, {"package": {"name": "select_pets"}, "select": {"include": {"tags": ["pets"]}, "exclude": {"paths": ["/pets/*/photos"]}}})
    out = tmp_path / "out"
    proc = harness.generate(SPEC, out, "--config", str(config))
    assert proc.returncode == 0, proc.stderr
    package = out / "select_pets"
    modules = {p.stem for p in (package / "types").glob("*.py")} - {"__init__"}
    assert modules == {"pet", "category", "new_pet"}  # no photo, photographer, inventory, admin_user, unused
    assert sorted(p.name for p in (package / "resources").iterdir() if not p.name.startswith("__")) == ["pets.py"]
    tests = {p.name for p in (out / "tests" / "api_resources").rglob("test_*.py")}
    assert tests == {"test_pets.py"}
    for doc in ("api.md", "README.md"):
        text = (out / doc).read_text()
        for absent in ("photos", "Photo", "inventory", "Inventory", "admin", "AdminUser", "Unused"):
            assert absent not in text, (doc, absent)
    assert "pets.list" in (out / "api.md").read_text() or "list(" in (out / "api.md").read_text()
    found = harness.inspect_package(out, "select_pets")
    assert found["import_failures"] == [] and found["rebuild_failures"] == []
    assert found["methods"] == 4  # list, create, retrieve, delete
    errors, output = harness.run_mypy(out, "select_pets", tmp_path / "mypy-cache")
    assert errors == 0, output


# -- resources.overrides by op key --------------------------------------------------------------


def _method_paths(api: Api) -> dict[str, str]:
    return {op.operation_id: ".".join((*op.resource, op.method_name)) for op in api.operations}


def test_a_method_path_override_survives_an_operation_id_rename(tmp_path: Path) -> None:
    data = {"resources": {"overrides": {"GET /pets/{petId}": "pets.fetch", "listPets": "pets.all"}}}
    v1, d1 = ir(tmp_path, data, SPEC)
    v2, d2 = ir(tmp_path, data, SPEC_V2)
    assert _method_paths(v1)["showPetById"] == "pets.fetch" and _method_paths(v1)["listPets"] == "pets.all"
    assert _method_paths(v2)["getPet"] == "pets.fetch"  # the operationId changed, the override still applies
    assert "pets.all" not in _method_paths(v2).values()  # keyed by the old operationId: stale ...
    assert not [d for d in d1 if d.kind == "unmatched-override"]
    (stale,) = [d for d in d2 if d.kind == "unmatched-override"]  # ... and said so, with a pointer
    assert stale.pointer == "/resources/overrides/listPets" and stale.file.endswith("oasgen.yaml")
    assert "remove the entry" in stale.hint


def test_two_override_keys_for_one_operation_are_an_error(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError) as raised:
        ir(tmp_path, {"resources": {"overrides": {"showPetById": "pets.a", "get /pets/{petId}": "pets.b"}}})
    assert raised.value.exit_code == 2 and raised.value.pointer in ("/resources/overrides/showPetById", "/resources/overrides/get ~1pets~1{petId}")
    assert "both name GET /pets/{petId}" in raised.value.message


@pytest.mark.parametrize(
    ("overrides", "pointer", "says"),
    [
        ({"showPetById": "pets.fetch", "GET /store/inventory": "pets.fetch"}, "/resources/overrides/", "puts both"),
        ({"createPet": "pets.list"}, "/resources/overrides/createPet", "where listPets (GET /pets) is by default"),
        ({"getInventory": "pets.photos"}, "/resources/overrides/getInventory", "sub-resource"),
    ],
)
def test_overrides_that_collide_are_an_error_with_a_pointer(tmp_path: Path, overrides: dict[str, str], pointer: str, says: str) -> None:
    with pytest.raises(GeneratorError) as raised:
        ir(tmp_path, {"resources": {"overrides": overrides}})
    assert raised.value.exit_code == 2 and raised.value.file.endswith("oasgen.yaml")
    assert raised.value.pointer.startswith(pointer) and says in raised.value.message, raised.value.render()


def test_an_override_for_an_excluded_operation_is_not_stale(tmp_path: Path) -> None:
    _, diagnostics = ir(tmp_path, {"select": {"include": {"tags": ["store"]}}, "resources": {"overrides": {"listPets": "pets.all"}}})
    assert not [d for d in diagnostics if d.kind == "unmatched-override"]


# -- names.properties and names.parameters -----------------------------------------------------

RENAMES = {
    "package": {"name": "renamed_pets"},
    "names": {
        "properties": {"Pet.petName": "name", "NewPet.petName": "name", "PetOwner.fullName": "full_name"},
        "parameters": {"listPets.startIndex": "offset", "get /pets/{petId} petId": "pet_id"},
    },
}


def test_property_and_parameter_renames_on_the_ir_keep_the_wire_names(tmp_path: Path) -> None:
    api, diagnostics = ir(tmp_path, RENAMES)
    fields = {(t.name, f.name): f.py_name for t in api.types for f in getattr(t, "fields", ())}
    assert fields[("Pet", "petName")] == "name" and fields[("NewPet", "petName")] == "name" and fields[("PetOwner", "fullName")] == "full_name"
    assert fields[("Pet", "tag")] == "tag"  # untouched
    assert fields[("Dog", "petName")] == "name"  # Dog has Pet's properties (allOf): Pet's entry names them too
    assert fields[("Dog", "breed")] == "breed"
    ops = {op.operation_id: op for op in api.operations}
    assert [(p.name, p.py_name) for p in ops["listPets"].parameters] == [("startIndex", "offset"), ("limit", "limit")]
    assert [(p.name, p.py_name) for p in ops["showPetById"].parameters] == [("petId", "pet_id")]
    # Another operation: the entry does not apply; the default style (pep8) gives it the same name.
    assert [(p.name, p.py_name) for p in ops["deletePet"].parameters] == [("petId", "pet_id")]
    # Under names.style: wire the entry still wins over the style, and only where it applies.
    wire, _ = ir(tmp_path, {**RENAMES, "names": {**RENAMES["names"], "style": "wire"}})
    wire_ops = {op.operation_id: op for op in wire.operations}
    assert [(p.name, p.py_name) for p in wire_ops["showPetById"].parameters] == [("petId", "pet_id")]
    assert [(p.name, p.py_name) for p in wire_ops["deletePet"].parameters] == [("petId", "petId")]
    assert {(t.name, f.name): f.py_name for t in wire.types for f in getattr(t, "fields", ())}[("Pet", "petName")] == "name"
    body = ops["createPet"].body
    assert body is not None and [(f.name, f.py_name) for f in body.fields] == [("petName", "name"), ("tag", "tag")]
    assert not [d for d in diagnostics if d.kind == "unmatched-override"]


def test_renamed_names_work_on_the_wire(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = harness.generate(SPEC, out, "--config", str(config_file(tmp_path, RENAMES)))
    assert proc.returncode == 0, proc.stderr
    script = textwrap.dedent(
        """
        import json, httpx
        from renamed_pets import PetstoreClient
        from renamed_pets.types import Pet, NewPetParam
        seen = []
        def server(request):
            seen.append({"path": request.url.path, "query": dict(request.url.params), "body": json.loads(request.content) if request.content else None})
            pet = {"id": "1", "petName": "Rex", "owner": {"fullName": "Ann"}}
            return httpx.Response(200, json=[pet] if request.url.path == "/pets" and request.method == "GET" else pet)
        client = PetstoreClient(http_client=httpx.Client(transport=httpx.MockTransport(server)), max_retries=0)
        pets = client.pets.list(offset=5, limit=2)
        created = client.pets.create(name="Rex", tag="dog")
        fetched = client.pets.retrieve(pet_id="1")
        pet = Pet(name="Bo", id="2")
        param: NewPetParam = {"petName": "Bo"}
        print(json.dumps({"seen": seen, "list": [p.name for p in pets], "created": created.name, "owner": fetched.owner.full_name,
                          "dumped": pet.model_dump(by_alias=True, exclude_none=True), "param": dict(param)}))
        """
    )
    run = subprocess.run([sys.executable, "-c", script], cwd=out, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout.strip().splitlines()[-1])
    assert got["seen"][0]["query"] == {"startIndex": "5", "limit": "2"}
    assert got["seen"][1]["body"] == {"petName": "Rex", "tag": "dog"}
    assert got["seen"][2]["path"] == "/pets/1"
    assert got["list"] == ["Rex"] and got["created"] == "Rex" and got["owner"] == "Ann"
    assert got["dumped"] == {"id": "2", "petName": "Bo"}  # the wire name is the alias
    assert got["param"] == {"petName": "Bo"}  # a TypedDict's keys are the wire keys
    errors, output = harness.run_mypy(out, "renamed_pets", tmp_path / "mypy-cache")
    assert errors == 0, output


@pytest.mark.parametrize(
    ("names", "pointer", "says"),
    [
        ({"properties": {"Pet.tag": "id"}}, "/names/properties/Pet.tag", "already has 'id'"),
        ({"properties": {"Pet.tag": "label", "Pet.category": "label"}}, "/names/properties/Pet.category", "both renamed to 'label'"),
        ({"properties": {"Pet.tag": "model_dump"}}, "/names/properties/Pet.tag", "reserved"),
        ({"parameters": {"listPets.startIndex": "limit"}}, "/names/parameters/listPets.startIndex", "already has the argument 'limit'"),
        ({"parameters": {"listPets.startIndex": "timeout"}}, "/names/parameters/listPets.startIndex", "every method has that argument"),
        ({"parameters": {"listPets.startIndex": "n", "GET /pets limit": "n"}}, "/names/parameters/GET ~1pets limit", "both renamed to 'n'"),
        ({"properties": {"NewPet.tag": "given"}, "parameters": {"createPet.petName": "given"}}, "/names/properties/NewPet.tag", "already an argument"),
        ({"parameters": {"listPets.limit": "n", "get /pets limit": "m"}}, "/names/parameters/get ~1pets limit", "both name parameter 'limit'"),
    ],
)
def test_renames_that_collide_are_an_error_with_a_pointer(tmp_path: Path, names: dict[str, Any], pointer: str, says: str) -> None:
    with pytest.raises(GeneratorError) as raised:
        ir(tmp_path, {"names": names})
    assert raised.value.exit_code == 2 and raised.value.file.endswith("oasgen.yaml")
    assert raised.value.pointer == pointer and says in raised.value.message, raised.value.render()


def test_rename_keys_and_names_are_validated_by_the_schema(tmp_path: Path) -> None:
    for data, pointer in (
        ({"names": {"properties": {"Pet.petName": "class"}}}, "/names/properties/Pet.petName"),
        ({"names": {"properties": {"Pet.petName": "pet-name"}}}, "/names/properties/Pet.petName"),
        ({"names": {"properties": {"petName": "name"}}}, "/names/properties"),
        ({"names": {"parameters": {"startIndex": "offset"}}}, "/names/parameters"),
    ):
        with pytest.raises(GeneratorError) as raised:
            load_config(config_file(tmp_path, data))
        assert raised.value.pointer == pointer and raised.value.exit_code == 2, (data, raised.value.render())


# -- stale overrides ----------------------------------------------------------------------------

STALE = {
    "resources": {"overrides": {"showPetByID": "pets.fetch"}, "prefixes": {"pet": "animals.pets"}},
    "names": {"properties": {"Pet.petNam": "name"}, "parameters": {"listPets.startIndx": "offset", "GET /pets/{petId} petID": "pid"}},
    "select": {"exclude": {"tags": ["admn"]}},
}


def test_every_stale_override_is_a_warning_with_pointer_and_did_you_mean(tmp_path: Path) -> None:
    _, diagnostics = ir(tmp_path, STALE)
    stale = {d.pointer: d for d in diagnostics if d.kind == "unmatched-override"}
    assert set(stale) == {
        "/resources/overrides/showPetByID",
        "/resources/prefixes/pet",
        "/names/properties/Pet.petNam",
        "/names/parameters/listPets.startIndx",
        "/names/parameters/GET ~1pets~1{petId} petID",  # did you mean "GET /pets/{petId} petId"
        "/select/exclude/tags/0",
    }
    assert "did you mean 'showPetById'" in stale["/resources/overrides/showPetByID"].hint
    assert "did you mean 'pets'" in stale["/resources/prefixes/pet"].hint
    assert "did you mean 'Pet.petName'" in stale["/names/properties/Pet.petNam"].hint
    assert "did you mean 'listPets.startIndex'" in stale["/names/parameters/listPets.startIndx"].hint
    assert "did you mean 'GET /pets/{petId} petId'" in stale["/names/parameters/GET ~1pets~1{petId} petID"].hint
    assert "did you mean 'admin'" in stale["/select/exclude/tags/0"].hint
    assert all(d.file.endswith("oasgen.yaml") for d in stale.values())


def test_stale_overrides_are_errors_under_strict(tmp_path: Path) -> None:
    config = config_file(tmp_path, STALE)
    out = tmp_path / "out"
    warned = cli("generate", SPEC, "-o", out, "--no-validate", "-v", "--config", config)
    assert warned.returncode == 0, warned.stderr
    assert warned.stderr.count("unmatched-override") == 6 and f"{config}#/names/properties/Pet.petNam" in warned.stderr
    strict = cli("generate", SPEC, "-o", tmp_path / "strict", "--no-validate", "--strict", "--config", config)
    assert strict.returncode == 2, strict.stderr
    assert "6 config entries match nothing" in strict.stderr and f"{config}#/resources/overrides/showPetByID" in strict.stderr
    assert "did you mean 'showPetById'" in strict.stderr and "Traceback" not in strict.stderr
    assert not (tmp_path / "strict").exists()
    assert cli("ir", SPEC, "--no-validate", "--strict", "--config", config).returncode == 2


def test_entries_about_what_a_selection_leaves_out_are_not_stale(tmp_path: Path) -> None:
    _, diagnostics = ir(tmp_path, {
        "select": {"include": {"tags": ["store"]}},
        "names": {"properties": {"Pet.petName": "name"}, "parameters": {"listPets.startIndex": "offset"}},
    })
    assert not [d for d in diagnostics if d.kind == "unmatched-override"]


# -- path globs, property-based -----------------------------------------------------------------

_SEGMENT = st.one_of(st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True), st.from_regex(r"\{[a-zA-Z]{1,6}\}", fullmatch=True))
_PATHS = st.lists(_SEGMENT, min_size=0, max_size=5)


@given(_PATHS, st.data())
def test_a_glob_made_from_a_path_matches_it_and_star_never_crosses_a_slash(segments: list[str], data: st.DataObject) -> None:
    path = "/" + "/".join(segments)
    assert path_matches(path, path)
    starred = [("*" if data.draw(st.booleans()) else s) for s in segments]
    assert path_matches("/" + "/".join(starred), path)
    assert path_matches("/**", path) and path_matches("/" + "/".join([*segments, "**"]), path)
    if segments:
        cut = data.draw(st.integers(0, len(segments) - 1))
        assert path_matches("/" + "/".join([*segments[:cut], "**", *segments[cut + 1 :]]), path)
        # one segment fewer: * stands for exactly one segment, so the glob is one segment short
        assert not path_matches("/" + "/".join(["*"] * (len(segments) - 1)), path)
        assert not path_matches("/" + "/".join(["*"] * (len(segments) + 1)), path)


def test_a_glob_of_many_double_stars_stays_fast() -> None:
    """A config is input like any other: a backtracking matcher would take exponential time here."""
    import time

    start = time.perf_counter()
    assert not path_matches("/" + "/".join(["**"] * 300) + "/x", "/" + "/".join(["a"] * 300))
    assert path_matches("/" + "/".join(["**"] * 300) + "/x", "/" + "/".join(["a"] * 300) + "/x")
    assert time.perf_counter() - start < 2


@pytest.mark.slow
def test_a_selected_and_renamed_client_passes_its_generated_suite_against_steady(tmp_path: Path) -> None:
    """Selection, a ``METHOD /path`` override and renames together, as a user would configure them:
    the generated endpoint tests (only the selected operations', calling the renamed arguments) pass
    against the Steady mock server serving the whole spec."""
    import os

    steady = ROOT / "node_modules" / ".bin" / "steady"
    if not steady.exists():
        pytest.skip(f"Steady is not installed ({steady}): run `make node` (npm ci)")
    config = config_file(tmp_path, {
        "package": {"name": "combo_pets"},
        "select": {"include": {"tags": ["pets", "dogs"]}, "exclude": {"paths": ["/pets/*/photos"]}},
        "resources": {"overrides": {"GET /pets/{petId}": "pets.fetch"}},
        "names": RENAMES["names"],
    })
    out = tmp_path / "out"
    proc = harness.generate(SPEC, out, "--config", str(config))
    assert proc.returncode == 0, proc.stderr
    suite = (out / "tests" / "api_resources" / "test_pets.py").read_text()
    assert "pets.fetch(" in suite and "list(offset=" in suite and "create(name=" in suite and "photos" not in suite
    env = {k: v for k, v in os.environ.items() if not k.startswith("TEST_")}
    env.update(TEST_SPEC_PATH=str(SPEC), TEST_STEADY=str(steady))
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "tests"], cwd=out, env=env, capture_output=True, text=True, timeout=600, check=False)
    output = run.stdout + run.stderr
    assert run.returncode == 0 and " passed" in output and "failed" not in output and "skipped" not in output, output[-4000:]


# -- selection, property-based ------------------------------------------------------------------

_SPEC_DOC = yaml.safe_load(SPEC.read_text())
_SPEC_OPS = [
    (op["operationId"], method, path, tuple(op.get("tags", ())))
    for path, item in _SPEC_DOC["paths"].items()
    for method, op in item.items()
    if method in ("get", "put", "post", "delete", "patch")
]
_TAGS = sorted({t for *_, tags in _SPEC_OPS for t in tags})
_IDS = [op_id for op_id, *_ in _SPEC_OPS]
_GLOBS = ["/pets", "/pets/*", "/pets/**", "/admin/**", "/**/photos", "/store/*", "/nowhere/**"]
_CRITERIA = st.fixed_dictionaries(
    {},
    optional={
        "operations": st.lists(st.sampled_from(_IDS), max_size=2, unique=True),
        "tags": st.lists(st.sampled_from(_TAGS), max_size=2, unique=True),
        "paths": st.lists(st.sampled_from(_GLOBS), max_size=2, unique=True),
        "methods": st.lists(st.sampled_from(["GET", "post", "Delete"]), max_size=2, unique=True),
    },
)


def _oracle(criteria: dict[str, list[str]], op: tuple[str, str, str, tuple[str, ...]]) -> bool:
    op_id, method, path, tags = op
    return (
        op_id in criteria.get("operations", ())
        or bool(set(tags) & set(criteria.get("tags", ())))
        or any(path_matches(g, path) for g in criteria.get("paths", ()))
        or method in {m.lower() for m in criteria.get("methods", ())}
    )


@given(include=_CRITERIA, exclude=_CRITERIA)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_selection_is_include_union_minus_exclude_and_types_are_what_the_operations_reach(tmp_path: Path, include: dict[str, list[str]], exclude: dict[str, list[str]]) -> None:
    from generator.normalize.modules import operation_roots, references

    expected = {op[0] for op in _SPEC_OPS if (not any(include.values()) or _oracle(include, op)) and not _oracle(exclude, op)}
    data: dict[str, Any] = {"select": {"include": include, "exclude": exclude}}
    if not expected and (any(include.values()) or any(exclude.values())):
        with pytest.raises(GeneratorError):
            ir(tmp_path, data)
        return
    api, _ = ir(tmp_path, data)
    assert op_ids(api) == expected
    # every type is reached from a selected operation, and everything reached is a type
    defs = {t.name: t for t in api.types}
    graph = references(defs)
    reached, stack = set(), list(operation_roots(api.operations))
    while stack:
        name = stack.pop()
        if name not in reached and name in defs:
            reached.add(name)
            stack.extend(graph[name])
    assert set(defs) == reached or not (any(include.values()) or any(exclude.values()))
