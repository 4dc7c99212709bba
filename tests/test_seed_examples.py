"""The seeds' examples, rewritten for our client (spec/templates/examples/, shown in generated/README.md),
run unchanged against Steady serving spec/openai.yaml with the committed client in generated/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from tests.oai_examples import STEADY, steady
from tests.support import ROOT

EXAMPLES = ROOT / "spec" / "templates" / "examples"
SPEC = ROOT / "spec" / "openai.yaml"
# What each example must print: proof that the interesting part ran (not only that it did not crash).
EXPECTED = {
    "chat_tools.py": "tool round trip: ['user', 'assistant', 'tool'] -> ",
    "vision.py": "vision: assistant",
    "streaming_tools.py": "streamed ",
    "json_schema.py": "structured output:",
    "embeddings.py": "batch: ",
    "images.py": "image:",
    "transcription.py": "translation:",
    "speech.py": "speech saved:",
    "files.py": "content:",
}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    if not STEADY.exists():
        pytest.skip(f"Steady is not installed ({STEADY}): run `make node` (npm ci)")
    # Our client sends arrays and objects in forms and multipart bodies with brackets (openai-python's format).
    with steady(SPEC, extra_args=("--validator-form-array-format=brackets", "--validator-form-object-format=brackets")) as url:
        yield url


def test_every_example_has_an_expectation() -> None:
    assert sorted(EXPECTED) == sorted(p.name for p in EXAMPLES.glob("*.py"))


def test_examples_are_in_the_generated_readme() -> None:
    readme = (ROOT / "generated" / "README.md").read_text()
    for example in EXAMPLES.glob("*.py"):
        assert example.read_text().strip() in readme, example.name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_example_runs_against_steady(name: str, base_url: str, tmp_path: Path) -> None:
    (tmp_path / "audio.mp3").write_bytes(b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 64)
    (tmp_path / "data.jsonl").write_text('{"custom_id": "r1", "method": "POST", "url": "/v1/chat/completions", "body": {}}\n')
    env = {
        **os.environ,
        "OPENAI_API_KEY": "sk-test",
        "OPENAI_BASE_URL": base_url,
        "PYTHONPATH": str(ROOT / "generated"),
        "OPENAI_MAX_RETRIES": "0",
    }
    proc = subprocess.run([sys.executable, str(EXAMPLES / name)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert EXPECTED[name] in proc.stdout, proc.stdout
