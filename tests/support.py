"""Shared helpers for the test suite."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
GOLDEN = ROOT / "tests" / "golden"
SHARED = ROOT.parent / "shared"
SHARED_SPECS = SHARED / "specs"
OPENAI_SPEC = SHARED_SPECS / "openai.yaml"


def require_shared() -> None:
    if not SHARED_SPECS.is_dir():
        pytest.skip(f"../shared/specs is absent ({SHARED_SPECS}): the real-world specs are only in the project workspace and CI")


def golden_fixtures() -> list[Path]:
    """Every fixture spec that gets a golden tree (broken inputs and helper files excluded)."""
    specs = sorted(p for p in FIXTURES.glob("*.yaml"))
    specs.append(FIXTURES / "external" / "main.yaml")
    return specs


def configured_goldens() -> list[tuple[str, Path, Path]]:
    """Golden trees generated with a config: ``(golden name, spec, config)``."""
    return [
        ("select", FIXTURES / "select" / "petstore.yaml", FIXTURES / "select" / "oasgen.yaml"),
        ("models", FIXTURES / "models" / "zoo.yaml", FIXTURES / "models" / "oasgen.yaml"),
    ]


def golden_name(spec: Path) -> str:
    return spec.parent.name if spec.name == "main.yaml" else spec.stem


def generate_files(spec: Path, *, config: Path | None = None, formatter: str = "ruff") -> dict[str, str]:
    """The generated tree for ``spec`` minus the static runtime (tested on its own)."""
    from generator.config import load_config
    from generator.pipeline import Options, run
    from generator.render.runtime import render_runtime, RuntimeContext

    result = run(spec, load_config(config), Options(validate=False, formatter=formatter))
    runtime = set(render_runtime(RuntimeContext(package_name="x", package_version="0", sdk_title="x")))
    pkg = result.api.package.name
    return {rel: text for rel, text in result.files.items() if rel.removeprefix(pkg + "/") not in runtime}


def tree_diff(expected: dict[str, str], actual: dict[str, str], *, limit: int = 200) -> str:
    lines: list[str] = []
    for rel in sorted(set(expected) | set(actual)):
        if rel not in actual:
            lines.append(f"missing file: {rel}")
        elif rel not in expected:
            lines.append(f"unexpected file: {rel}")
        elif expected[rel] != actual[rel]:
            lines.extend(difflib.unified_diff(expected[rel].splitlines(), actual[rel].splitlines(), f"golden/{rel}", f"generated/{rel}", lineterm=""))
    if len(lines) > limit:
        lines = lines[:limit] + [f"... {len(lines) - limit} more lines"]
    return "\n".join(lines)


def read_tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}
