"""Runtime benchmarks: our generated client vs openai-python (issue: per-call overhead, SSE throughput, import time).

Our client is generated from ``spec/openai.yaml`` into ``.bench/own-client`` and
put on PYTHONPATH; openai-python is installed (pinned) in ``.bench/peers-venv``
together with our client's dependencies, so both run under the same interpreter
and pydantic.  Each measurement runs in its own subprocess (``bench._worker``),
alternating implementations between repeats; figures are medians.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import envs
from bench._worker import MARKER

OWN_SPEC = envs.ROOT / "spec" / "openai.yaml"
OWN_DIR = envs.BENCH_DIR / "own-client"

IMPORT_SNIPPET = r"""
import json, time
t0 = time.perf_counter()
{import_stmt}
t1 = time.perf_counter()
client = {construct}
t2 = time.perf_counter()
ready = None
try:
    {ready}
    ready = time.perf_counter() - t2
except Exception:
    pass
print("{marker}" + json.dumps({{"import_s": t1 - t0, "construct_s": t2 - t1, "http_client_s": ready}}))
"""


class RuntimeBench:
    def __init__(
        self, *, log: Callable[[str], None], percall_reps: int = 2, import_runs: int = 7, sse_chunks: int = 20_000
    ) -> None:
        self.log = log
        self.percall_reps = max(1, percall_reps)
        self.import_runs = max(1, import_runs)
        self.sse_chunks = sse_chunks
        self.results: dict[str, Any] = {}
        self.versions: dict[str, Any] = {}
        self.notes: list[str] = []
        self.errors: list[str] = []
        self.own_pkg: str | None = None
        self.py_ours: Path | None = None
        self.py_openai: Path | None = None

    # -- setup -----------------------------------------------------------------------------------------------------

    def _generate_own(self) -> bool:
        cmd = [sys.executable, "-m", "generator", "generate", str(OWN_SPEC), "-o", str(OWN_DIR), "--no-validate"]
        proc = subprocess.run(cmd, check=False, cwd=envs.ROOT, capture_output=True, text=True)
        if proc.returncode != 0:
            self.errors.append(
                "could not generate our client from spec/openai.yaml:\n" + (proc.stdout + proc.stderr)[-2000:]
            )
            return False
        pkgs = sorted(p.parent.name for p in OWN_DIR.glob("*/_client.py"))
        if not pkgs:
            self.errors.append(f"no package with _client.py in {OWN_DIR}")
            return False
        self.own_pkg = pkgs[0]
        self.log(
            f"  our client: {OWN_DIR.relative_to(envs.ROOT)}/{self.own_pkg} ({proc.stdout.strip().splitlines()[-1]})"
        )
        return True

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "OPEN_AI_"))}
        env["PYTHONPATH"] = os.pathsep.join([str(OWN_DIR), str(envs.ROOT)])
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        return env

    def _run(self, python: Path, args: list[str], timeout: float = 300, *, peer: bool = False) -> dict[str, Any] | None:
        """Run a worker; its result, or None after recording why (a peer's failure is a note, ours an error)."""
        sink = self.notes if peer else self.errors
        try:
            proc = subprocess.run(
                [str(python), *args],
                check=False,
                cwd=envs.BENCH_DIR,
                env=self._env(),
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            sink.append(f"timed out after {timeout}s: {' '.join(args[:4])}")
            return None
        for line in proc.stdout.splitlines():
            if line.startswith(MARKER):
                return json.loads(line[len(MARKER) :])
        sink.append(
            f"worker failed ({' '.join(args[:4])}), exit {proc.returncode}:\n"
            + "\n".join("      " + ln for ln in (proc.stderr or proc.stdout).strip().splitlines()[-12:])
        )
        return None

    def _worker(self, python: Path, cmd: str, impl: str, *args: str, timeout: float = 300) -> dict[str, Any] | None:
        return self._run(
            python,
            ["-m", "bench._worker", cmd, impl, *args, "--own-pkg", self.own_pkg or ""],
            timeout,
            peer=impl in ("openai", "raw-httpx2"),
        )

    def setup(self) -> bool:
        OWN_DIR.parent.mkdir(parents=True, exist_ok=True)
        if not self._generate_own():
            return False
        venv = envs.ensure_venv("peers-venv", envs.peers_requirements(), log=self.log)
        if venv.ok:
            self.py_ours = self.py_openai = venv.python
        else:
            self.py_ours = Path(sys.executable)  # the project venv has our client's dependencies
            note = f"openai-python could not be installed, so it is not measured: {venv.reason}"
            self.notes.append(note)
            self.log(f"  SKIP openai-python: {note}")
        v = self._run(self.py_ours, ["-m", "bench._worker", "versions"])
        if v:
            self.versions = v
            http = v.get("openai_http_lib")
            httpver = v.get(http) if http else None
            self.log(
                f"  python {v['python']}; ours: httpx {v.get('httpx')}, pydantic {v.get('pydantic')}; "
                + (f"openai-python {v['openai']} (HTTP: {http} {httpver})" if v.get("openai") else "openai-python: n/a")
            )
        return True

    # -- measurements ----------------------------------------------------------------------------------------------

    def _impls(self) -> list[tuple[str, Path]]:
        out: list[tuple[str, Path]] = []
        assert self.py_ours is not None
        out.append(("ours", self.py_ours))
        if self.py_openai:
            out.append(("openai", self.py_openai))
        out.append(("raw-httpx", self.py_ours))
        if self.py_openai and self.versions.get("openai_http_lib") == "httpx2":
            out.append(("raw-httpx2", self.py_openai))
        return out

    def per_call(self) -> None:
        samples: dict[str, list[float]] = {}
        for rep in range(self.percall_reps):
            for impl, py in self._impls():
                r = self._worker(py, "percall", impl)
                if r:
                    samples.setdefault(impl, []).append(r["us_per_call"])
                    self.log(
                        f"  per-call {impl:<11} rep {rep + 1}: {r['us_per_call']:8.1f} µs "
                        f"({r['batches']} batches of {r['batch_size']})"
                    )
        self.results["per_call_us"] = {k: statistics.median(v) for k, v in samples.items()}
        self.results["per_call_us_samples"] = samples

    def sse(self) -> None:
        for key, read_size, impls, repeats in (
            ("sse_chunks_per_s", 0, None, 3),  # one read per event (live stream)
            ("sse_chunks_per_s_64k", 65536, ("ours", "openai"), 1),  # a backlog read 64 KiB at a time
        ):
            res: dict[str, float] = {}
            for impl, py in self._impls():
                if impls and impl not in impls:
                    continue
                r = self._worker(
                    py,
                    "sse",
                    impl,
                    "--chunks",
                    str(self.sse_chunks),
                    "--read-size",
                    str(read_size),
                    "--repeats",
                    str(repeats),
                )
                if r:
                    res[impl] = r["chunks_per_s"]
                    self.log(
                        f"  SSE {'64 KiB reads' if read_size else 'event reads '} {impl:<11}: "
                        f"{r['chunks_per_s']:10,.0f} chunks/s ({r['chunks']} chunks, {r['bytes'] / 1e6:.1f} MB, "
                        f"{r['reads']} reads, runs: {', '.join(f'{x:,.0f}' for x in r['runs'])})"
                    )
            self.results[key] = res

    def _own_client_name(self) -> str:
        text = (OWN_DIR / str(self.own_pkg) / "_client.py").read_text()
        found = re.findall(r"^class (\w+)\(SyncAPIClient\)", text, flags=re.MULTILINE)
        if not found:
            raise RuntimeError(f"no 'class X(SyncAPIClient)' in {self.own_pkg}/_client.py")
        return found[0]

    def imports(self) -> None:
        assert self.own_pkg
        specs: list[tuple[str, Path, str, str, str]] = []
        assert self.py_ours is not None
        cls = self._own_client_name()
        specs.append(
            (
                "ours",
                self.py_ours,
                f"import {self.own_pkg}; from {self.own_pkg}._client import {cls}",
                f"{cls}(api_key='sk-bench')",
                "client._client  # our HTTP client is created lazily, on the first request",
            )
        )
        if self.py_openai:
            specs.append(
                (
                    "openai",
                    self.py_openai,
                    "import openai",
                    "openai.OpenAI(api_key='sk-bench')",
                    "client._client  # already created by the constructor",
                )
            )
        runs: dict[str, list[dict[str, Any]]] = {}
        for i in range(self.import_runs + 1):  # run 0 warms the bytecode cache and the OS file cache
            for impl, py, imp, construct, ready in specs:
                code = IMPORT_SNIPPET.format(import_stmt=imp, construct=construct, ready=ready, marker=MARKER)
                r = self._run(py, ["-c", code], timeout=120, peer=impl != "ours")
                if r and i > 0:
                    runs.setdefault(impl, []).append(r)
        out: dict[str, Any] = {}
        for impl, rs in runs.items():
            imp = statistics.median(r["import_s"] for r in rs)
            total = statistics.median(r["import_s"] + r["construct_s"] for r in rs)
            ready_vals = [r["import_s"] + r["construct_s"] + (r["http_client_s"] or 0.0) for r in rs]
            out[impl] = {
                "import_ms": imp * 1e3,
                "construct_ms": statistics.median(r["construct_s"] for r in rs) * 1e3,
                "import_construct_ms": total * 1e3,
                "ready_ms": statistics.median(ready_vals) * 1e3,
                "runs": len(rs),
            }
            self.log(
                f"  import+construct {impl:<7}: {total * 1e3:7.1f} ms (import {imp * 1e3:.1f} ms; "
                f"+ HTTP client ready {out[impl]['ready_ms']:.1f} ms; median of {len(rs)} fresh processes)"
            )
        self.results["import"] = out

    def run(self) -> None:
        if not self.setup():
            return
        for name, fn in (
            ("per-call overhead", self.per_call),
            ("SSE throughput", self.sse),
            ("import time", self.imports),
        ):
            self.log(f" {name}:")
            fn()
