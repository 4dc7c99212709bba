"""The Rust extensions' allocator setting (:mod:`generator.native`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

_PROBE = """
import json, os
from generator.load import read_document
from generator.validate import validate_document
from generator.format import _ruff_env
doc, raw = read_document(__import__("pathlib").Path("tests/fixtures/enums.yaml"))
validate_document(doc, file="tests/fixtures/enums.yaml", version="3.1", raw_bytes=raw, use_cache=False)
print(json.dumps({"ours": os.environ.get("MIMALLOC_PURGE_DELAY"), "ruff": _ruff_env().get("MIMALLOC_PURGE_DELAY")}))
"""


def _probe(env: dict[str, str]) -> dict[str, str | None]:
    out = subprocess.run([sys.executable, "-c", _PROBE], cwd=REPO, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_the_rust_allocator_returns_freed_memory_and_ruff_does_not_inherit_it() -> None:
    env = {k: v for k, v in os.environ.items() if k != "MIMALLOC_PURGE_DELAY"}
    assert _probe(env) == {"ours": "0", "ruff": None}


def test_a_value_the_user_set_is_kept_for_both() -> None:
    env = dict(os.environ, MIMALLOC_PURGE_DELAY="25")
    assert _probe(env) == {"ours": "25", "ruff": "25"}
