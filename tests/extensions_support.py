"""The client of tests/fixtures/webhooks.yaml with every extension on (tests/data/extensions.config.yaml),
generated once per test session and imported in-process as ``hooks``."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

from tests.support import FIXTURES, ROOT

SPEC = FIXTURES / "webhooks.yaml"
CONFIG = ROOT / "tests" / "data" / "extensions.config.yaml"
_generated: dict[str, Path] = {}


def generate(out: Path, spec: Path = SPEC, config: Path | None = CONFIG) -> Path:
    from generator.config import load_config
    from generator.pipeline import Options, run
    result = run(spec, load_config(config), Options(validate=False))
    for rel, text in result.files.items():
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return out


def hooks_package(tmp_root: Path) -> ModuleType:
    """Import the generated ``hooks`` package (generating it on first use)."""
    if "hooks" not in _generated:
        _generated["hooks"] = generate(tmp_root / "hooks_client")
    path = str(_generated["hooks"])
    if path not in sys.path:
        sys.path.insert(0, path)
    return importlib.import_module("hooks")
