"""The generated ``_version.py`` records which generator and which spec (title, version, content hash) made the package."""

from __future__ import annotations

import hashlib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import generator
from generator.config import load_config
from generator.pipeline import Options, run
from generator.render.runtime import RuntimeContext, render_runtime

SPEC = """\
openapi: 3.1.0
info:
  title: {title}
  version: {version}
servers: [{{url: "https://api.example.com"}}]
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {{type: array, items: {{type: string}}}}
"""


def stamp_of(text: str) -> dict[str, object]:
    namespace: dict[str, object] = {}
    exec(compile(text, "_version.py", "exec"), namespace)  # noqa: S102 - the generated module, on purpose
    return {k: v for k, v in namespace.items() if k.startswith("__") and k != "__builtins__"}


def generate_version_file(spec: Path) -> str:
    result = run(spec, load_config(None), Options(validate=False, formatter="none"))
    return result.files[f"{result.api.package.name}/_version.py"]


def test_version_file_records_generator_spec_title_version_and_hash(tmp_path: Path) -> None:
    spec = tmp_path / "things.yaml"
    spec.write_text(SPEC.format(title="Things API", version="2.4.1"))
    stamp = stamp_of(generate_version_file(spec))
    assert stamp["__generator__"] == f"oasgen {generator.__version__}"
    assert stamp["__spec_title__"] == "Things API"
    assert stamp["__spec_version__"] == "2.4.1"
    assert stamp["__spec_sha256__"] == hashlib.sha256(spec.read_bytes()).hexdigest()


def test_any_byte_of_the_spec_changes_the_hash_and_nothing_else(tmp_path: Path) -> None:
    spec = tmp_path / "things.yaml"
    spec.write_text(SPEC.format(title="Things API", version="2.4.1"))
    before = stamp_of(generate_version_file(spec))
    spec.write_text(spec.read_text() + "# a comment only\n")
    after = stamp_of(generate_version_file(spec))
    assert after["__spec_sha256__"] != before["__spec_sha256__"]
    assert after["__spec_sha256__"] == hashlib.sha256(spec.read_bytes()).hexdigest()
    assert {k: v for k, v in after.items() if k != "__spec_sha256__"} == {k: v for k, v in before.items() if k != "__spec_sha256__"}


@settings(max_examples=60, deadline=None)
@given(title=st.text(max_size=40), version=st.text(max_size=20), digest=st.text(alphabet="0123456789abcdef", min_size=64, max_size=64))
def test_any_title_and_version_round_trip_through_the_version_file(title: str, version: str, digest: str) -> None:
    """Spec text is hostile input: quotes, backslashes, newlines and control characters must stay data."""
    files = render_runtime(RuntimeContext(package_name="pkg", package_version="1.0.0", sdk_title="x", spec_title=title, spec_version=version, spec_sha256=digest))
    stamp = stamp_of(files["_version.py"])
    assert stamp["__spec_title__"] == title
    assert stamp["__spec_version__"] == version
    assert stamp["__spec_sha256__"] == digest
