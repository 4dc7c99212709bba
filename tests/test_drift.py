"""The drift check behind `make check`: generated/ must be exactly what spec/ and the templates produce."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.support import ROOT

SPEC = ROOT / "spec" / "openai.yaml"
CONFIG = ROOT / "spec" / "openai.config.yaml"
GENERATED = ROOT / "generated"


def check(spec: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "check", str(spec), "-o", str(GENERATED), "--config", str(CONFIG), "--no-validate", *extra],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )


def test_generated_is_what_make_generate_produces() -> None:
    proc = check(SPEC)
    assert proc.returncode == 0, proc.stderr[-3000:]


def test_a_spec_change_without_regeneration_fails_the_check(tmp_path: Path) -> None:
    changed = tmp_path / "openai.yaml"
    text = SPEC.read_text()
    assert "title: OpenAI API" in text
    changed.write_text(text.replace("title: OpenAI API", "title: OpenAI API (edited)", 1))
    proc = check(changed)
    assert proc.returncode == 1
    assert "out of date" in proc.stderr and "README.md" in proc.stderr


def test_a_template_change_without_regeneration_fails_the_check(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "spec" / "templates", templates)  # keep the flavour's own templates
    (templates / "types").mkdir()
    macros = (ROOT / "templates" / "types" / "macros.j2").read_text()
    assert "class {{ d.name }}({{ d.base }}):" in macros
    (templates / "types" / "macros.j2").write_text(macros.replace("class {{ d.name }}({{ d.base }}):", "class {{ d.name }}({{ d.base }}):  # edited"))
    proc = check(SPEC, "--templates", str(templates))
    assert proc.returncode == 1
    assert "out of date" in proc.stderr and "openai_client/types/" in proc.stderr
