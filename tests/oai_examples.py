"""Run the official spec's openai-python examples (``x-oaiMeta.examples[].request.python``) against Steady.

Each example runs unchanged except its import lines (``from openai import OpenAI`` -> ``from
openai_client import OpenAI``; ``import openai`` -> ``import openai_client as openai``), in its own
subprocess (30 s limit), in a folder holding a small dummy file for every file name it mentions,
with ``OPENAI_BASE_URL`` pointing at Steady (reading form and multipart arrays and objects with
brackets, as both SDKs send them: :data:`STEADY_FORM_ARGS`) and ``OPENAI_API_KEY=test``. It passes
when it exits 0.

Used by tests/test_oai_examples.py, and on its own::

    .venv/bin/python -m tests.oai_examples                       # our client, generated into a temp folder
    .venv/bin/python -m tests.oai_examples --python /tmp/oai/bin/python --package openai   # openai-python itself
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterator

import yaml

ROOT = Path(__file__).resolve().parents[1]
STEADY = ROOT / "node_modules" / ".bin" / "steady"
CONFIG = ROOT / "spec" / "openai.config.yaml"
RESULTS = ROOT / "tests" / "data" / "oai_examples_results.json"
TIMEOUT = 30.0

# A 1x1 transparent PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
# 0.01 s of silence as a WAV file.
WAV = b"RIFF" + (36 + 160).to_bytes(4, "little") + b"WAVEfmt " + (16).to_bytes(4, "little") + bytes.fromhex("01000100401f0000803e000002001000") + b"data" + (160).to_bytes(4, "little") + bytes(160)
_FILE_NAME = re.compile(r"""["']([\w\-./]+\.(png|jpe?g|webp|gif|mp3|mp4|mpeg|mpga|m4a|wav|webm|ogg|flac|jsonl|json|txt|md|pdf|csv|zip|py))["']""", re.I)


@dataclass
class Example:
    operation_id: str
    index: int
    method: str
    path: str
    code: str

    @property
    def name(self) -> str:
        return f"{self.operation_id}[{self.index}]"


@dataclass
class Outcome:
    name: str
    operation_id: str
    passed: bool
    reason: str


def collect(spec: Path) -> list[Example]:
    """Every Python example of the spec, in document order."""
    document = yaml.load(spec.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    found: list[Example] = []
    for path, item in (document.get("paths") or {}).items():
        for method, op in (item or {}).items():
            if not isinstance(op, dict):
                continue
            examples = (op.get("x-oaiMeta") or {}).get("examples")
            examples = examples if isinstance(examples, list) else [examples] if examples else []
            index = 0
            for example in examples:
                code = ((example or {}).get("request") or {}).get("python") if isinstance(example, dict) else None
                if isinstance(code, str) and code.strip():
                    found.append(Example(str(op.get("operationId")), index, method, path, code))
                    index += 1
    return found


def rewrite_imports(code: str, package: str) -> str:
    """Point the example's ``openai`` imports at ``package``; nothing else changes."""
    if package == "openai":
        return code
    code = re.sub(r"^(\s*)from openai(?=[.\s])", rf"\1from {package}", code, flags=re.M)
    return re.sub(r"^(\s*)import openai\b(?!\.)(?! as)", rf"\1import {package} as openai", code, flags=re.M)


def dummy_files(code: str, folder: Path) -> list[str]:
    """Create a small file for every file name the example mentions (``open("speech.mp3", "rb")``)."""
    made: list[str] = []
    for name, ext in _FILE_NAME.findall(code):
        target = folder / name
        if ".." in Path(name).parts or target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        ext = ext.lower()
        if ext == "png":
            target.write_bytes(PNG)
        elif ext in ("wav", "mp3", "mp4", "mpeg", "mpga", "m4a", "webm", "ogg", "flac"):
            target.write_bytes(WAV)
        elif ext == "jsonl":
            target.write_text('{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]}\n')
        elif ext == "json":
            target.write_text("{}\n")
        else:
            target.write_bytes(b"dummy\n")
        made.append(name)
    return made


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def steady(spec: Path, *, extra_args: tuple[str, ...] = (), ready_timeout: float = 60.0) -> Iterator[str]:
    """Serve ``spec`` with Steady on 127.0.0.1; yields the base URL."""
    port = free_port()
    proc = subprocess.Popen(
        [str(STEADY), "--host", "127.0.0.1", "-p", str(port), "--log-format=text", "--validator-query-array-format=brackets", "-q", *extra_args, str(spec)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    ready = threading.Event()
    log: list[str] = []

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            log.append(line)
            if "Ready to accept requests" in line:
                ready.set()

    threading.Thread(target=pump, daemon=True).start()
    try:
        deadline = time.monotonic() + ready_timeout
        while not ready.wait(0.1):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Steady did not start:\n" + "".join(log[-30:]))
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


# Installed as sitecustomize for the example's interpreter: on an uncaught API error, print what
# Steady said (its ``steady.errors``) so the failure reason names the rule. The example is untouched.
_HOOK = """
import json, sys
_previous = sys.excepthook
def _hook(kind, exc, tb):
    body = getattr(exc, "body", None)
    errors = body.get("steady", {}).get("errors") if isinstance(body, dict) and isinstance(body.get("steady"), dict) else None
    if not errors and getattr(exc, "response", None) is not None:
        try:
            errors = exc.response.json().get("steady", {}).get("errors")
        except Exception:
            errors = None
    if errors:
        print("STEADY-ERRORS: " + json.dumps([{k: e.get(k) for k in ("code", "path", "message")} for e in errors][:3]), file=sys.stderr)
    _previous(kind, exc, tb)
sys.excepthook = _hook
"""
HOOK = _HOOK

STEADY_FORM_ARGS = ("--validator-form-array-format=brackets", "--validator-form-object-format=brackets")
"""How Steady reads arrays and objects in form and multipart bodies: with brackets (``include[]=a``,
``expires_after[anchor]=x``), as openai-python and our client send them and the OpenAI API reads them.
Steady's default takes the spec's ``style: form`` (``include=a&include=b``), which neither SDK sends."""


def _reason(stderr: str) -> str:
    """The exception line of a traceback, with Steady's validation errors when it sent some."""
    lines = [line for line in stderr.strip().splitlines() if line.strip() and not line.startswith("STEADY-ERRORS: ")]
    if not lines:
        return "exit status != 0 without output"
    last = next((line for line in reversed(lines) if re.match(r"^[\w.]+(Error|Exception|Exit|Interrupt)\b|^[\w.]+: ", line)), lines[-1])
    text = last.strip()
    steady_errors = re.search(r"^STEADY-ERRORS: (.*)$", stderr, re.M)
    if steady_errors:
        found = json.loads(steady_errors.group(1))
        text += " [steady " + "; ".join(f"{e.get('code')} {e.get('path')}: {e.get('message')}" for e in found) + "]"
    return text[:500]


def run_one(example: Example, *, python: str, package: str, base_url: str, pythonpath: str | None, workdir: Path, runner: Path | None = None) -> Outcome:
    folder = workdir / example.name.replace("[", "_").replace("]", "")
    folder.mkdir(parents=True, exist_ok=True)
    code = rewrite_imports(example.code, package)
    dummy_files(code, folder)
    script = folder / "example.py"
    script.write_text(code)
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    env.update({"OPENAI_BASE_URL": base_url, "OPENAI_API_KEY": "test", "PYTHONDONTWRITEBYTECODE": "1"})
    hook = workdir / "_hook"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(hook), pythonpath) if p)
    try:
        command = [python, str(runner), str(script)] if runner is not None else [python, str(script)]
        proc = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return Outcome(example.name, example.operation_id, False, f"timed out after {TIMEOUT:.0f} s")
    if proc.returncode == 0:
        return Outcome(example.name, example.operation_id, True, "")
    return Outcome(example.name, example.operation_id, False, _reason(proc.stderr))


def generate_client(spec: Path, out: Path, config: Path = CONFIG) -> str:
    """Generate our client; returns its package name."""
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out), "--config", str(config), "--no-validate"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-3000:])
    from generator.config import load_config

    return load_config(config).package_name


def run_all(
    spec: Path, *, python: str, package: str, pythonpath: str | None, workdir: Path, workers: int = 4, steady_args: tuple[str, ...] | None = None
) -> list[Outcome]:
    examples = collect(spec)
    (workdir / "_hook").mkdir(parents=True, exist_ok=True)
    (workdir / "_hook" / "sitecustomize.py").write_text(_HOOK)
    with steady(spec, extra_args=STEADY_FORM_ARGS if steady_args is None else steady_args) as base_url, ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda e: run_one(e, python=python, package=package, base_url=base_url, pythonpath=pythonpath, workdir=workdir), examples))


def summary(outcomes: list[Outcome], *, client: str) -> dict[str, Any]:
    passed = [o for o in outcomes if o.passed]
    return {
        "client": client,
        "passed": len(passed),
        "total": len(outcomes),
        "operations": len({o.operation_id for o in outcomes}),
        "results": [asdict(o) for o in outcomes],
    }


def write_results(data: dict[str, Any], path: Path = RESULTS) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["{"] + [f" {json.dumps(k)}: {json.dumps(v)}," for k, v in data.items() if k != "results"]
    lines.append(' "results": [')
    lines += [f"  {json.dumps(r)}," for r in data["results"]]
    lines[-1] = lines[-1].rstrip(",")
    lines += [" ]", "}"]
    path.write_text("\n".join(lines) + "\n")


def report(data: dict[str, Any]) -> str:
    out = [f"{data['client']}: {data['passed']} of {data['total']} examples pass ({data['operations']} operations)"]
    for r in data["results"]:
        if not r["passed"]:
            out.append(f"  FAIL {r['name']}: {r['reason']}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--spec", type=Path, default=ROOT.parent / "shared" / "specs" / "openai.yaml")
    parser.add_argument("--python", default=sys.executable, help="interpreter that runs the examples")
    parser.add_argument("--package", default="", help="'openai' runs openai-python as installed for --python; default: generate ours")
    parser.add_argument("--output", type=Path, default=None, help=f"results file (default for our client: {RESULTS.relative_to(ROOT)})")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--steady-arg", action="append", default=[], help="extra Steady option, e.g. --steady-arg=--validator-form-array-format=brackets")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        if args.package == "openai":
            package, pythonpath, client = "openai", None, "openai-python"
        else:
            package = generate_client(args.spec, Path(tmp) / "client")
            pythonpath, client = str(Path(tmp) / "client"), f"{package} (generated)"
        outcomes = run_all(
            args.spec, python=args.python, package=package, pythonpath=pythonpath, workdir=Path(tmp) / "run", workers=args.workers, steady_args=tuple(args.steady_arg) or None
        )
    data = summary(outcomes, client=client)
    output = args.output or (RESULTS if package != "openai" else None)
    if output:
        write_results(data, output)
    print(report(data))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
