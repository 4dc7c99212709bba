"""Acceptance on the official OpenAI spec (../shared/specs/openai.yaml): complete, named, importable, type-checked."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support import OPENAI_SPEC, ROOT, require_shared

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_shared()
    out = tmp_path_factory.mktemp("openai") / "client"
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(OPENAI_SPEC), "-o", str(out), "--no-validate"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "288 operations" in proc.stdout, proc.stdout
    return out


@pytest.fixture(scope="module")
def ir() -> dict:
    require_shared()
    proc = subprocess.run([sys.executable, "-m", "generator", "ir", str(OPENAI_SPEC), "--no-validate"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_every_operation_is_a_callable_method_sync_and_async(generated: Path, ir: dict) -> None:
    calls = [(op["resource"], op["method_name"]) for op in ir["operations"]]
    assert len(calls) == 288
    assert len(set(map(str, calls))) == 288, "two operations share a method"
    pkg = ir["package"]["name"]
    script = f"""
import json, sys, inspect
from {pkg} import {ir["client"]["class_name"]} as C, {ir["client"]["async_class_name"]} as A
calls = json.loads(sys.argv[1])
missing = []
for client in (C(api_key="k", base_url="http://127.0.0.1:9"), A(api_key="k", base_url="http://127.0.0.1:9")):
    for resource, method in calls:
        obj = client
        for attr in resource:
            obj = getattr(obj, attr)
        fn = getattr(obj, method, None)
        if not callable(fn):
            missing.append(".".join(resource + [method]))
print(json.dumps(missing))
"""
    proc = subprocess.run([sys.executable, "-c", script, json.dumps(calls)], cwd=generated, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert json.loads(proc.stdout) == []


def test_every_component_schema_is_a_named_type(generated: Path, ir: dict) -> None:
    spec = yaml.load(OPENAI_SPEC.read_text(), Loader=yaml.CSafeLoader)
    from generator.normalize.naming import class_name

    exported = set(re.findall(r'^    "(\w+)": "', (generated / ir["package"]["name"] / "types" / "__init__.py").read_text(), re.M))
    names = {t["name"] for t in ir["types"]}
    missing = [key for key in spec["components"]["schemas"] if class_name(key) not in names]
    assert missing == []
    unexported = [key for key in spec["components"]["schemas"] if class_name(key) not in exported and class_name(key) + "Param" not in exported]
    assert unexported == []


def test_no_numbered_collision_names(ir: dict) -> None:
    spec_names = set(yaml.load(OPENAI_SPEC.read_text(), Loader=yaml.CSafeLoader)["components"]["schemas"])
    from generator.normalize.naming import class_name

    own = {class_name(k) for k in spec_names}
    numbered = [t["name"] for t in ir["types"] if re.search(r"\d+$", t["name"]) and t["name"] not in own]
    # A trailing number is acceptable only when the spec itself wrote it (e.g. a property named `gpt4`).
    numbered = [n for n in numbered if not any(re.search(re.escape(m) + "$", n) for m in re.findall(r"\d+", " ".join(spec_names)))]
    assert numbered == []
    assert not [t["name"] for t in ir["types"] if re.fullmatch(r"(Type|Model|Schema|Item|Variant)\d+", t["name"])]


def test_every_generated_module_imports(generated: Path, ir: dict) -> None:
    pkg = ir["package"]["name"]
    script = f"""
import importlib, pkgutil, {pkg}
bad = []
for info in pkgutil.walk_packages({pkg}.__path__, "{pkg}."):
    try:
        importlib.import_module(info.name)
    except Exception as exc:
        bad.append(f"{{info.name}}: {{type(exc).__name__}}: {{exc}}")
print("\\n".join(bad))
"""
    proc = subprocess.run([sys.executable, "-c", script], cwd=generated, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip() == ""


def test_mypy_strict_reports_no_errors(generated: Path, ir: dict, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mypy"), "-p", ir["package"]["name"]],
        cwd=generated, capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 0, proc.stdout[-5000:]
    assert "Success: no issues found" in proc.stdout


def test_installs_into_a_fresh_virtualenv(generated: Path, ir: dict, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    py = venv / "bin" / "python"
    source = tmp_path / "src"
    shutil.copytree(generated, source)  # building leaves build/ and *.egg-info behind: keep the shared tree pristine
    proc = subprocess.run([str(py), "-m", "pip", "install", "--quiet", str(source)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    pkg = ir["package"]["name"]
    check = subprocess.run([str(py), "-c", f"import {pkg}, {pkg}.types as t; print({pkg}.__file__)"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr
    assert "site-packages" in check.stdout


def test_generation_is_byte_identical_across_runs(generated: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    proc = subprocess.run([sys.executable, "-m", "generator", "generate", str(OPENAI_SPEC), "-o", str(again), "--no-validate"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    first = {p.relative_to(generated): p.read_bytes() for p in generated.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [str(k) for k in first if first[k] != second[k]] == []
