"""End to end: generate a client, then run the test suite it ships (tests/) against Steady.

Steady (npm ``@stdy/cli``, installed by ``make node``) validates every request
against the spec, so a wrong path, query string, body encoding or type in the
generated client fails a generated test with a 400. The generated suite must
pass with no failures, and it must run exactly the tests the IR implies (a
suite that silently collects nothing fails here too).

Tests that fail because Steady rejects a request the spec allows are listed,
with the Steady error code, in ``tests/steady_known_failures/<case>.json``;
the generated conftest marks them ``xfail(strict=True)``, so a fixed Steady
(or a changed spec) shows up as an unexpected pass.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import OPENAI_SPEC, ROOT, SHARED_SPECS

pytestmark = pytest.mark.slow

STEADY = ROOT / "node_modules" / ".bin" / "steady"
KNOWN_FAILURES = ROOT / "tests" / "steady_known_failures"
# Shared specs Steady can serve (twilio is refused: an operation without a 2xx response;
# webhook-example has no operations; stripe takes a minute and a half, so it is opt-in).
SHARED = ["petstore.yaml", "petstore-expanded.yaml", "uspto.yaml", "link-example.yaml", "callback-example.yaml",
          "tictactoe.yaml", "museum.yaml", "scalar-galaxy.json", "kubernetes-apps-v1.json"]
CASES = [
    pytest.param("own", ROOT / "spec" / "openai.yaml", id="own-openai"),
    pytest.param("official", OPENAI_SPEC, id="official-openai"),
    *(pytest.param(Path(name).stem, SHARED_SPECS / name, id=Path(name).stem) for name in SHARED),
    pytest.param("stripe", SHARED_SPECS / "stripe.yaml", id="stripe",
                 marks=pytest.mark.skipif(not os.environ.get("OASGEN_E2E_STRIPE"), reason="stripe (4,366 tests, ~90 s) runs with OASGEN_E2E_STRIPE=1")),
]


def expected_tests(spec: Path, config: Path | None) -> tuple[int, int]:
    """(tests the suite must run, a floor implied by the operations alone) for ``spec``."""
    from generator.config import load_config
    from generator.diagnostics import Diagnostics
    from generator.pipeline import Options, build_ir
    from generator.render.tests_view import SuiteRenderer

    api = build_ir(spec, load_config(config), Options(validate=False), Diagnostics())
    planned = 2 * sum(len(m.tests) for m in SuiteRenderer(api).modules())  # sync and async classes
    floor = 0
    for op in api.operations:
        groups = 2 if op.returns.stream_flag and op.returns.stream_event is not None and op.returns.kind == "json" else 1
        floor += 2 * (3 * groups + any(p.location == "path" for p in op.parameters))  # method, raw, streaming (+ path params)
    return planned, floor


def summary(output: str) -> dict[str, int]:
    last = [line for line in output.splitlines() if re.search(r"\b(passed|failed|error|no tests ran)\b", line)]
    counts = {k: 0 for k in ("passed", "failed", "xfailed", "xpassed", "skipped", "error")}
    for number, word in re.findall(r"(\d+) (passed|failed|xfailed|xpassed|skipped|errors?)\b", last[-1] if last else ""):
        counts[word.rstrip("s") if word.startswith("error") else word] += int(number)
    return counts


@pytest.mark.parametrize("case, spec", CASES)
def test_generated_suite_passes_against_steady(case: str, spec: Path, tmp_path: Path) -> None:
    if not STEADY.exists():
        pytest.skip(f"Steady is not installed ({STEADY}): run `make node` (npm ci)")
    if not spec.exists():
        pytest.skip(f"{spec} is absent: the shared real-world specs exist only in the project workspace and CI")
    config = ROOT / "spec" / "openai.config.yaml" if case == "own" else None
    config = config if config is not None and config.exists() else None
    out = tmp_path / "client"
    generate = [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out), "--no-validate"]
    if config is not None:
        generate += ["--config", str(config)]
    proc = subprocess.run(generate, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]

    env = {k: v for k, v in os.environ.items() if not k.startswith("TEST_")}
    env.update(TEST_SPEC_PATH=str(spec), TEST_STEADY=str(STEADY))
    known = KNOWN_FAILURES / f"{case}.json"
    if known.exists():
        env["TEST_KNOWN_FAILURES"] = str(known)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "tests"],
        cwd=out, env=env, capture_output=True, text=True, timeout=900, check=False,
    )
    output = run.stdout + run.stderr
    counts = summary(output)
    planned, floor = expected_tests(spec, config)
    assert counts["failed"] == 0 and counts["error"] == 0 and counts["xpassed"] == 0, output[-8000:]
    assert counts["skipped"] == 0, output[-3000:]
    assert run.returncode == 0, output[-3000:]
    assert planned >= floor > 0
    assert counts["passed"] + counts["xfailed"] == planned, (counts, planned, output[-2000:])
