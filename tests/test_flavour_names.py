"""The OpenAI flavour names every operation like openai-python does.

Compares our IR (official spec + spec/openai.config.yaml, and our own spec/openai.yaml) with a
committed snapshot of openai-python's (HTTP method, path) -> resource path and method name table,
tests/data/openai_python_names.json. Refresh the snapshot after an openai-python release with
``scripts/openai_names.py snapshot`` (see its docstring); no extra install is needed here.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from tests.support import OPENAI_SPEC, ROOT, require_shared

SNAPSHOT = ROOT / "tests" / "data" / "openai_python_names.json"
CONFIG = ROOT / "spec" / "openai.config.yaml"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("openai_names", ROOT / "scripts" / "openai_names.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def theirs() -> dict:
    data = json.loads(SNAPSHOT.read_text())
    assert data["openai_version"], "the snapshot records the openai-python version it was taken from"
    return data


def _report(result: dict) -> str:
    return "\n".join(f"{m['endpoint']} ({m['operation_id']}): ours {m['ours']}, openai-python {m['openai_python']}" for m in result["mismatched"])


def test_official_spec_names_match_openai_python(theirs: dict) -> None:
    require_shared()
    script = _script()
    result = script.compare(script.our_operations(OPENAI_SPEC, CONFIG), theirs)
    common = len(result["matched"]) + len(result["mismatched"])
    assert common >= 280, f"only {common} endpoints in common: is the snapshot or the spec truncated?"
    assert len(result["matched"]) == common, f"{len(result['matched'])} of {common} match:\n{_report(result)}"


def test_own_spec_names_match_openai_python(theirs: dict) -> None:
    script = _script()
    result = script.compare(script.our_operations(ROOT / "spec" / "openai.yaml", CONFIG), theirs)
    common = len(result["matched"]) + len(result["mismatched"])
    assert common >= 100
    assert len(result["matched"]) == common, f"{len(result['matched'])} of {common} match:\n{_report(result)}"


def test_own_spec_names_need_no_overrides(theirs: dict, tmp_path: Path) -> None:
    """spec/openai.yaml says everything through x-oaiMeta: the OpenAI flavour alone (no prefixes, no
    overrides) gets its names right."""
    script = _script()
    flavour_only = tmp_path / "flavour.yaml"
    flavour_only.write_text("flavour: openai\n")
    result = script.compare(script.our_operations(ROOT / "spec" / "openai.yaml", flavour_only), theirs)
    assert result["mismatched"] == [], _report(result)
