"""Generate a spec through the CLI and measure what a user would meet.

One place for the checks the acceptance tests (and the per-spec table for the
issue's closing note) need: the exit code, methods on the client against
operations in the spec, modules that fail to import, pydantic models that fail
``model_rebuild(force=True)``, and ``mypy --strict`` errors. Everything runs in
subprocesses, as a user would run it, so a generated package can never touch
the test process.

Run ``python -m tests.acceptance.harness [--mypy] SPEC...`` for the table.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.acceptance import source_scan
from tests.support import ROOT

HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    return yaml.load(text, Loader=_YAML_LOADER)


class _Documents:
    """Files of a (possibly multi-file) spec, each read once."""

    def __init__(self) -> None:
        self._cache: dict[Path, Any] = {}

    def get(self, path: Path) -> Any:
        path = path.resolve()
        if path not in self._cache:
            self._cache[path] = _read(path)
        return self._cache[path]

    def resolve(self, base: Path, node: Any, *, depth: int = 0) -> tuple[Path, Any]:
        """Follow ``$ref`` (local or into another file) until a node without one."""
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and depth < 32:
            ref = node["$ref"]
            file_part, _, pointer = ref.partition("#")
            target = (base.parent / file_part).resolve() if file_part else base
            node = self.get(target)
            for token in (t for t in pointer.split("/") if t):
                node = node[token.replace("~1", "/").replace("~0", "~")]
            base, depth = target, depth + 1
        return base, node


def count_operations(spec: Path) -> int:
    """Operations in ``paths``, the way the spec defines them (path items behind ``$ref`` followed)."""
    docs = _Documents()
    root = docs.get(spec)
    total = 0
    for item in (root.get("paths") or {}).values():
        _, resolved = docs.resolve(spec.resolve(), item)
        if isinstance(resolved, dict):
            total += sum(1 for key in resolved if key in HTTP_METHODS)
    return total


RESERVED_HEADERS = frozenset({"accept", "content-type", "authorization"})


def operation_shapes(spec: Path) -> tuple[int, int]:
    """(operations without any input, operations without any 2xx content), ``$ref``s followed wherever they are.

    Inputs are parameters (path-item and operation level; the reserved headers Accept, Content-Type
    and Authorization do not count, as the Parameter Object says) and request bodies.
    """
    docs = _Documents()
    root_file = spec.resolve()
    without_input = without_output = 0
    for item in (docs.get(root_file).get("paths") or {}).values():
        item_file, item = docs.resolve(root_file, item)
        if not isinstance(item, dict):
            continue
        shared = [docs.resolve(item_file, p)[1] for p in item.get("parameters") or []]
        for method in HTTP_METHODS & set(item):
            op_file, op = docs.resolve(item_file, item[method])
            params = shared + [docs.resolve(op_file, p)[1] for p in op.get("parameters") or []]
            real = [
                p
                for p in params
                if isinstance(p, dict)
                and not (p.get("in") == "header" and str(p.get("name", "")).lower() in RESERVED_HEADERS)
            ]
            if not real and "requestBody" not in op:
                without_input += 1
            outputs = []
            for code, response in (op.get("responses") or {}).items():
                if str(code).startswith("2"):
                    outputs.append(docs.resolve(op_file, response)[1])
            if not any(isinstance(r, dict) and r.get("content") for r in outputs):
                without_output += 1
    return without_input, without_output


@dataclass
class Report:
    """What one spec's generated client looks like to a user."""

    spec: str
    exit_code: int = -1
    operations: int = 0
    methods: int = -1
    async_methods: int = -1
    operations_without_input: int = 0
    operations_without_output: int = 0
    methods_without_parameters: int = -1
    methods_returning_none: int = -1
    package: str = ""
    compile_errors: dict[str, str] = field(default_factory=dict)
    import_failures: list[str] = field(default_factory=list)
    rebuild_failures: list[str] = field(default_factory=list)
    models: int = 0
    mypy_errors: int = -1
    mypy_output: str = ""
    stderr: str = ""
    notes: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def generate(spec: Path, out: Path, *extra: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    """``python -m generator generate SPEC -o OUT --no-validate`` with default settings otherwise."""
    return subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out), "--no-validate", *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def package_of(out: Path) -> str:
    """The generated top-level package (the folder with ``__init__.py`` that is not ``tests``)."""
    found = sorted(p.name for p in out.iterdir() if p.is_dir() and p.name != "tests" and (p / "__init__.py").is_file())
    if len(found) != 1:
        raise AssertionError(f"expected one package in {out}, found {found}")
    return found[0]


INSPECTOR = Path(__file__).with_name("inspector.py")


def inspect_package(
    out: Path, package: str, *, timeout: float = 900, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """Import every module, rebuild every model in ``<pkg>.types``, count client methods (sync and async)."""
    proc = subprocess.run(
        [sys.executable, str(INSPECTOR), str(out), package],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
    if proc.returncode != 0 or not proc.stdout.strip():
        raise AssertionError(f"inspecting {package} crashed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


_MYPY_FOUND = re.compile(r"Found (\d+) errors? in")


def run_mypy(out: Path, package: str, cache: Path, *, timeout: float = 3600) -> tuple[int, str]:
    """``mypy --strict -p PACKAGE`` with its own cache dir: (number of errors, tail of output)."""
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), "-p", package],
        cwd=out,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    text = proc.stdout + proc.stderr
    if "Success: no issues found" in text:
        return 0, ""
    found = _MYPY_FOUND.search(text)
    errors = int(found.group(1)) if found else max(1, text.count(": error:"))
    return errors, text[-4000:]


def assess(spec: Path, workdir: Path, *, mypy: bool = True) -> Report:
    """The whole acceptance measurement of one spec, in ``workdir``."""
    report = Report(spec=spec.relative_to(spec.parents[1] if spec.parent.name != "specs" else spec.parent).as_posix())
    report.operations = count_operations(spec)
    report.operations_without_input, report.operations_without_output = operation_shapes(spec)
    out = workdir / "out"
    t = time.perf_counter()
    proc = generate(spec, out)
    report.seconds["generate"] = round(time.perf_counter() - t, 2)
    report.exit_code = proc.returncode
    report.stderr = proc.stderr[-3000:]
    if proc.returncode != 0:
        return report
    report.package = package_of(out)
    report.compile_errors = source_scan.compile_tree(out)
    t = time.perf_counter()
    found = inspect_package(out, report.package)
    report.seconds["inspect"] = round(time.perf_counter() - t, 2)
    report.import_failures = found["import_failures"]
    report.rebuild_failures = found["rebuild_failures"]
    report.models = found["models"]
    report.methods = found["methods"]
    report.async_methods = found["async_methods"]
    report.methods_without_parameters = found.get("methods_without_parameters", -1)
    report.methods_returning_none = found.get("methods_returning_none", -1)
    report.notes = found["notes"]
    if mypy:
        t = time.perf_counter()
        report.mypy_errors, report.mypy_output = run_mypy(out, report.package, workdir / "mypy-cache")
        report.seconds["mypy"] = round(time.perf_counter() - t, 2)
    return report


def table(reports: list[Report]) -> str:
    rows = [
        "| spec | exit | methods/ops (async) | files not compiling | import failures | model_rebuild failures (of models) | no-arg methods/ops w/o input | None-returning methods/ops w/o 2xx content | mypy errors | seconds gen/inspect/mypy |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in reports:
        secs = "/".join(f"{r.seconds[k]:.1f}" if k in r.seconds else "-" for k in ("generate", "inspect", "mypy"))
        mypy = "-" if r.mypy_errors < 0 else str(r.mypy_errors)
        rows.append(
            f"| {r.spec} | {r.exit_code} | {r.methods}/{r.operations} ({r.async_methods}) | {len(r.compile_errors)} | {len(r.import_failures)} | "
            f"{len(r.rebuild_failures)} ({r.models}) | {r.methods_without_parameters}/{r.operations_without_input} | "
            f"{r.methods_returning_none}/{r.operations_without_output} | {mypy} | {secs} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("specs", nargs="+", type=Path)
    parser.add_argument("--no-mypy", action="store_true")
    parser.add_argument("--json", type=Path, help="also write every report as JSON here")
    args = parser.parse_args(argv)
    reports = []
    for spec in args.specs:
        with tempfile.TemporaryDirectory(prefix="oasgen-accept-") as tmp:
            report = assess(spec.resolve(), Path(tmp), mypy=not args.no_mypy)
        reports.append(report)
        print(table([report]).splitlines()[-1], flush=True)
        if args.json:
            args.json.write_text(json.dumps([asdict(r) for r in reports], indent=1))
    print(table(reports))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
