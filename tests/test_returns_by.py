"""``returns:``: the response type an operation parses, picked by an argument's value
(generator/normalize/returns_by.py), on the IR, on the generated client's behaviour, and its errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import load_config
from generator.diagnostics import Diagnostics, GeneratorError
from generator.ir.model import NamedRef
from generator.pipeline import Options, build_ir
from tests.support import ROOT

SPEC = """\
openapi: 3.1.0
info: {title: Audio, version: 1.0.0}
servers: [{url: https://audio.example.com}]
paths:
  /transcriptions:
    post:
      operationId: transcribe
      parameters:
        - {name: detail, in: query, schema: {type: string, enum: [short, long]}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [text]
              properties:
                text: {type: string}
                format: {type: string, enum: [plain, verbose]}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                oneOf:
                  - {$ref: "#/components/schemas/Plain"}
                  - {$ref: "#/components/schemas/Verbose"}
components:
  schemas:
    Plain:
      type: object
      required: [text]
      properties: {text: {type: string}}
    Verbose:
      type: object
      required: [text, language]
      properties:
        text: {type: string}
        language: {type: string}
        words: {type: array, items: {type: string}}
"""
CONFIG = "returns:\n  transcribe: {by: format, types: {verbose: Verbose}}\n"


def _write(tmp_path: Path, config: str) -> tuple[Path, Path]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC)
    cfg = tmp_path / "config.yaml"
    cfg.write_text(config)
    return spec, cfg


def test_returns_by_argument_on_the_ir(tmp_path: Path) -> None:
    spec, cfg = _write(tmp_path, CONFIG)
    api = build_ir(spec, load_config(cfg), Options(validate=False), Diagnostics())
    op = api.operations[0]
    assert (op.returns.by_argument, op.returns.by_value) == ("format", (("verbose", NamedRef("Verbose")),))


def test_returns_by_argument_parses_the_chosen_variant(tmp_path: Path) -> None:
    spec, cfg = _write(tmp_path, CONFIG)
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "generator", "generate", str(spec), "--config", str(cfg), "-o", str(out), "--no-validate"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    check = (
        "import httpx, audio_client as a\n"
        "c = a.AudioClient(base_url='https://x', http_client=httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, json={'text': 'hi'}))))\n"
        "v = c.transcriptions.create(text='x', format='verbose')\n"
        "assert type(v).__name__ == 'Verbose' and v.words is None and v.text == 'hi', type(v)\n"
        "p = c.transcriptions.create(text='x', format='plain')\n"
        "assert type(p).__name__ == 'Plain', type(p)\n"
        "assert type(c.transcriptions.create(text='x')).__name__ == 'Plain'\n"
        "print('ok')\n"
    )
    run = subprocess.run([sys.executable, "-c", check], cwd=out, capture_output=True, text=True, timeout=60)
    assert run.stdout.strip() == "ok", run.stderr
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mypy"), "-p", "audio_client"], cwd=out, capture_output=True, text=True, timeout=600)
    assert "Success" in mypy.stdout, mypy.stdout[-3000:]


@pytest.mark.parametrize(
    ("config", "pointer", "words"),
    [
        ("returns:\n  transcribe: {by: fmt, types: {verbose: Verbose}}\n", "/returns/transcribe/by", "no argument 'fmt'"),
        ("returns:\n  transcribe: {by: format, types: {verbose: Nope}}\n", "/returns/transcribe/types/verbose", "'Nope' is not one of the types"),
    ],
)
def test_returns_by_argument_errors_name_the_entry(tmp_path: Path, config: str, pointer: str, words: str) -> None:
    spec, cfg = _write(tmp_path, config)
    with pytest.raises(GeneratorError) as info:
        build_ir(spec, load_config(cfg), Options(validate=False), Diagnostics())
    assert info.value.pointer == pointer and words in info.value.message, (info.value.pointer, info.value.message)


def test_returns_by_argument_unmatched_operation_warns(tmp_path: Path) -> None:
    spec, cfg = _write(tmp_path, "returns:\n  transcrib: {by: format, types: {verbose: Verbose}}\n")
    diagnostics = Diagnostics()
    build_ir(spec, load_config(cfg), Options(validate=False), diagnostics)
    found = [d for d in diagnostics.items if d.kind == "unmatched-override"]
    assert [d.pointer for d in found] == ["/returns/transcrib"] and "'transcribe'" in found[0].hint
