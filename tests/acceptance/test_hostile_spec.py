"""A hostile spec (code-like text in every string position) generates a safe, valid package.

tests/fixtures/hostile/hostile.yaml is OpenAPI 3.1; hostile30.json is its 3.0
twin and adds lone surrogates. Every payload would create ``$OASGEN_CANARY/PWNED``
if it ever ran, and carries a canary that must only ever sit in string literals,
docstrings or comments of the generated Python.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import tomllib

from tests.acceptance import harness, source_scan
from tests.fixtures.hostile import build as hostile
from tests.support import FIXTURES

SPECS = [FIXTURES / "hostile" / "hostile.yaml", FIXTURES / "hostile" / "hostile30.json"]
# PEP 508 / packaging's rule for a distribution name.
DISTRIBUTION_NAME = re.compile(r"^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", re.IGNORECASE)


def test_fixture_files_are_what_the_builder_writes() -> None:
    for path, content in hostile.write().items():
        assert path.read_text(encoding="ascii") == content, (
            f"{path.name} is stale: run python -m tests.fixtures.hostile.build"
        )


@pytest.fixture(scope="module", params=SPECS, ids=lambda p: p.name)
def generated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    spec: Path = request.param
    out = tmp_path_factory.mktemp(spec.stem) / "out"
    return spec, out, harness.generate(spec, out, timeout=300)


def _ok(generated: tuple[Path, Path, subprocess.CompletedProcess[str]]) -> tuple[Path, Path]:
    spec, out, proc = generated
    assert proc.returncode == 0, f"generation of {spec.name} failed:\n{proc.stderr[-3000:]}"
    return spec, out


def test_generates_without_a_traceback(generated: tuple[Path, Path, subprocess.CompletedProcess[str]]) -> None:
    _, _, proc = generated
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    _ok(generated)


def test_every_python_file_compiles(generated: tuple[Path, Path, subprocess.CompletedProcess[str]]) -> None:
    _, out = _ok(generated)
    assert source_scan.compile_tree(out) == {}


def test_no_raw_carriage_return_or_nul_in_python_files(
    generated: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    _, out = _ok(generated)
    bad = [
        p.relative_to(out).as_posix() for p in out.rglob("*.py") if b"\r" in p.read_bytes() or b"\0" in p.read_bytes()
    ]
    assert bad == []


def test_hostile_text_sits_only_in_strings_and_comments(
    generated: tuple[Path, Path, subprocess.CompletedProcess[str]],
) -> None:
    _, out = _ok(generated)
    assert source_scan.scan_tree(out, hostile.CANARY) == {}
    assert any(hostile.CANARY in p.read_text(encoding="utf-8") for p in out.rglob("*.py")), (
        "the spec text should reach the code (docstrings, aliases)"
    )


def test_nothing_runs_on_import_model_build_or_test_collection(
    generated: tuple[Path, Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    spec, out = _ok(generated)
    env = {**os.environ, hostile.MARKER_ENV: str(tmp_path)}
    package = harness.package_of(out)
    found = harness.inspect_package(out, package, timeout=300, env=env)
    collect = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert not (tmp_path / "PWNED").exists(), "a payload from the spec executed"
    assert found["import_failures"] == []
    assert found["rebuild_failures"] == []
    assert found["models"] > 0
    assert found["methods"] == harness.count_operations(spec), found["notes"]
    assert found["async_methods"] == found["methods"]
    assert collect.returncode == 0, collect.stdout[-3000:] + collect.stderr[-2000:]


def test_pyproject_parses_and_keeps_the_title(generated: tuple[Path, Path, subprocess.CompletedProcess[str]]) -> None:
    spec, out = _ok(generated)
    document = harness._read(spec)
    data = tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    assert DISTRIBUTION_NAME.match(project["name"]), project["name"]
    assert harness.package_of(out).isidentifier()
    # The summary is one line (core metadata), so the title's whitespace runs become single spaces.
    assert " ".join(document["info"]["title"].split()) in project["description"]
    assert "\n" not in project["description"] and "\r" not in project["description"]
    assert "pwned" not in data.get("tool", {})
    assert set(data) <= {"build-system", "project", "tool"}


def test_readme_escapes_markdown_and_html(generated: tuple[Path, Path, subprocess.CompletedProcess[str]]) -> None:
    _, out = _ok(generated)
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "</script>" not in readme
    assert "](javascript:" not in readme


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("OASGEN_ACCEPT_ALL") != "1",
    reason="mypy on the hostile packages takes 15-25 s: set OASGEN_ACCEPT_ALL=1",
)
def test_mypy_strict_is_clean(generated: tuple[Path, Path, subprocess.CompletedProcess[str]], tmp_path: Path) -> None:
    _, out = _ok(generated)
    errors, output = harness.run_mypy(out, harness.package_of(out), tmp_path / "mypy-cache", timeout=300)
    assert errors == 0, output
