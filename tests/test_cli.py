"""The command line as a user meets it: messages, exit codes, and what happens to the output folder."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import FIXTURES, ROOT

BROKEN = FIXTURES / "broken"


def cli(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=300)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_clean_failure(proc: subprocess.CompletedProcess[str], code: int, *needles: str) -> None:
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in proc.stderr, proc.stderr


@pytest.mark.parametrize(
    ("name", "code", "needles"),
    [
        ("swagger2.yaml", 2, ["swagger2.yaml", "Swagger 2.0", "hint:"]),
        ("bad-yaml.yaml", 1, ["bad-yaml.yaml:11", "invalid YAML"]),
        ("missing-openapi.yaml", 2, ["missing-openapi.yaml", "openapi"]),
        ("not-openapi.yaml", 1, ["not-openapi.yaml", "not an OpenAPI document"]),
        ("empty.yaml", 1, ["empty.yaml"]),
    ],
)
def test_broken_specs_fail_clearly_and_leave_the_output_folder_alone(tmp_path: Path, name: str, code: int, needles: list[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.md").write_text("mine")
    before = snapshot(out)
    proc = cli("generate", BROKEN / name, "-o", out)
    assert_clean_failure(proc, code, *needles)
    assert snapshot(out) == before


def test_a_dangling_ref_warns_with_its_pointer_and_generation_goes_on(tmp_path: Path) -> None:
    proc = cli("generate", BROKEN / "dangling-ref.yaml", "-o", tmp_path / "out", "-v", "--no-validate")
    assert proc.returncode == 0, proc.stderr
    assert "unresolved-ref" in proc.stderr and "#/paths/" in proc.stderr
    assert "1 operations" in proc.stdout or "operations" in proc.stdout


def test_strict_turns_spec_violations_into_errors_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    relaxed = cli("generate", BROKEN / "duplicate-required.yaml", "-o", out)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "spec-violation" in relaxed.stderr
    before = snapshot(out)
    strict = cli("generate", BROKEN / "duplicate-required.yaml", "-o", out, "--strict", "--formatter", "none")
    assert_clean_failure(strict, 1, "duplicate-required.yaml#/components/schemas/")
    assert snapshot(out) == before


def test_bad_config_names_the_key_and_what_is_allowed(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("client:\n  clas_name: Foo\n")
    proc = cli("generate", FIXTURES / "objects.yaml", "-o", tmp_path / "out", "--config", config)
    assert_clean_failure(proc, 2, "c.yaml#/client/clas_name", "unknown key", "class_name")
    assert not (tmp_path / "out").exists()


def test_bad_arguments_print_usage_not_a_traceback(tmp_path: Path) -> None:
    proc = cli("generate", FIXTURES / "objects.yaml")
    assert_clean_failure(proc, 2, "-o/--output", "hint:")
    proc = cli("generate", tmp_path / "missing.yaml", "-o", tmp_path / "out")
    assert_clean_failure(proc, 1, "missing.yaml", "file not found")


def test_regeneration_keeps_foreign_files_and_removes_stale_generated_ones(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("generate", FIXTURES / "pagination.yaml", "-o", out, "--no-validate").returncode == 0
    package = next(p for p in out.iterdir() if p.is_dir())
    (package / "types" / "my_notes.txt").write_text("keep me")
    stale = sorted((package / "resources").glob("*.py"))
    assert len(stale) > 1
    proc = cli("generate", FIXTURES / "objects.yaml", "-o", out, "--no-validate")
    # A different API into the same folder: the old package is stale and goes, the user's file stays.
    assert proc.returncode == 0, proc.stderr
    assert (package / "types" / "my_notes.txt").read_text() == "keep me"
    assert not any(p.exists() for p in stale)


def test_check_detects_drift_and_passes_when_in_sync(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cli("generate", FIXTURES / "enums.yaml", "-o", out, "--no-validate").returncode == 0
    ok = cli("check", FIXTURES / "enums.yaml", "-o", out, "--no-validate")
    assert ok.returncode == 0, ok.stderr
    victim = next(out.rglob("_client.py"))
    victim.write_text(victim.read_text() + "\n# edited by hand\n")
    drift = cli("check", FIXTURES / "enums.yaml", "-o", out, "--no-validate")
    assert drift.returncode == 1
    assert "_client.py" in drift.stderr and "out of date" in drift.stderr


def test_ir_dumps_json_with_every_operation() -> None:
    proc = cli("ir", FIXTURES / "pagination.yaml", "--no-validate")
    assert proc.returncode == 0, proc.stderr
    ir = json.loads(proc.stdout)
    assert len(ir["operations"]) >= 7
    assert {op["pagination"]["style"] for op in ir["operations"] if op["pagination"]} >= {"cursor", "page", "offset", "next_link"}


def test_validate_reports_problems_with_pointers_and_exit_codes() -> None:
    bad = cli("validate", BROKEN / "duplicate-required.yaml", "--strict")
    assert bad.returncode == 1
    assert "#/components/schemas/" in bad.stdout
    good = cli("validate", FIXTURES / "objects.yaml")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "0 errors" in good.stdout


def test_summary_line_counts_operations_models_files_and_seconds(tmp_path: Path) -> None:
    proc = cli("generate", FIXTURES / "auth.yaml", "-o", tmp_path / "out", "--no-validate")
    assert proc.returncode == 0, proc.stderr
    line = proc.stdout.strip().splitlines()[-1]
    assert " operations, " in line and " models, " in line and " files written" in line and line.count("s ->") == 1
