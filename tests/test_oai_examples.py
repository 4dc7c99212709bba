"""openai-python's own examples (``x-oaiMeta.examples[].request.python`` in the official spec) run on our client.

The client is generated from the official spec with spec/openai.config.yaml; every example runs
unchanged except its import lines, against the Steady mock server (see tests/oai_examples.py).
openai-python 3.57 itself passes 136 of the 155 examples this way (130 when Steady reads form arrays
by the spec's default style, which neither SDK sends: see oai_examples.STEADY_FORM_ARGS); we must not
do worse, and our own figure (146) must not drop. The per-example results are written to
tests/data/oai_examples_results.json.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import oai_examples
from tests.support import OPENAI_SPEC, require_shared

pytestmark = pytest.mark.slow

OPENAI_PYTHON_PASSES = 136
OURS = 146
"""Measured with ``.venv/bin/python -m tests.oai_examples`` (and ``--package openai`` for openai-python)."""


def test_openai_python_examples_run_on_our_client(tmp_path: Path) -> None:
    require_shared()
    if not oai_examples.STEADY.exists():
        pytest.skip("Steady is not installed (run `npm ci`)")
    package = oai_examples.generate_client(OPENAI_SPEC, tmp_path / "client")
    outcomes = oai_examples.run_all(OPENAI_SPEC, python=oai_examples.sys.executable, package=package, pythonpath=str(tmp_path / "client"), workdir=tmp_path / "run")
    data = oai_examples.summary(outcomes, client=f"{package} (generated)")
    oai_examples.write_results(data)
    print("\n" + oai_examples.report(data))
    assert data["total"] >= 150, "the spec lost its examples?"
    assert data["passed"] >= max(OPENAI_PYTHON_PASSES, OURS), oai_examples.report(data)
