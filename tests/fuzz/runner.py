"""Generate one document in-process and check its output; the import half runs in a long-lived worker.

Generation goes through the CLI's ``main`` (the same path as ``oasgen generate``)
without a subprocess, with ``--formatter none`` for speed: ``compile()`` checks
the code instead. Importing the output runs in :mod:`tests.acceptance.inspector`
in ``--serve`` mode, one interpreter for many examples, never in the test process.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.acceptance import source_scan
from tests.acceptance.harness import INSPECTOR, package_of
from tests.fixtures.hostile.build import CANARY, MARKER_ENV


class Worker:
    """One inspector interpreter; restarted when it dies (a crash is reported, not hidden)."""

    def __init__(self, marker_dir: Path) -> None:
        self.marker_dir = marker_dir
        self._proc: subprocess.Popen[str] | None = None

    def _start(self) -> subprocess.Popen[str]:
        env = {**os.environ, MARKER_ENV: str(self.marker_dir)}
        return subprocess.Popen(
            [sys.executable, str(INSPECTOR), "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )

    def inspect(self, folder: Path, package: str) -> dict[str, Any]:
        if self._proc is None or self._proc.poll() is not None:
            self._proc = self._start()
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._proc.stdin.write(json.dumps({"folder": str(folder), "package": package}) + "\n")
        self._proc.stdin.flush()
        line = self._proc.stdout.readline()
        if not line:
            code = self._proc.wait(timeout=10)
            self._proc = None
            return {
                "import_failures": [f"the interpreter importing {package} died (exit {code})"],
                "rebuild_failures": [],
                "models": 0,
                "notes": [],
                "methods": -1,
                "async_methods": -1,
            }
        return json.loads(line)

    def close(self) -> None:
        if self._proc is not None:
            self._proc.stdin.close()  # type: ignore[union-attr]
            self._proc.wait(timeout=10)
            self._proc = None


@dataclass
class Outcome:
    exit_code: int
    stderr: str
    package: str = ""
    compile_errors: dict[str, str] = field(default_factory=dict)
    canary_in_code: dict[str, list[str]] = field(default_factory=dict)
    inspected: dict[str, Any] = field(default_factory=dict)


def generate_in_process(spec: Path, out: Path) -> tuple[int, str]:
    """``oasgen generate SPEC -o OUT --no-validate --formatter none`` in this process: (exit code, stderr)."""
    from generator.cli import main

    stderr = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(stderr):
        code = main(["generate", str(spec), "-o", str(out), "--no-validate", "--formatter", "none"])
    return code, stderr.getvalue()


def run_document(document: dict[str, Any], folder: Path, worker: Worker) -> Outcome:
    """Write ``document`` as JSON (its escapes carry lone surrogates), generate, compile, scan, import."""
    folder.mkdir(parents=True)
    spec = folder / "spec.json"
    spec.write_text(json.dumps(document, ensure_ascii=True), encoding="ascii")
    out = folder / "out"
    code, stderr = generate_in_process(spec, out)
    outcome = Outcome(code, stderr)
    if code != 0:
        return outcome
    outcome.package = package_of(out)
    outcome.compile_errors = source_scan.compile_tree(out)
    if outcome.compile_errors:
        return outcome
    outcome.canary_in_code = source_scan.scan_tree(out, CANARY)
    outcome.inspected = worker.inspect(out, outcome.package)
    return outcome
