"""Generation benchmarks on the official OpenAI spec: oasgen (cold / warm / --no-validate) and peer generators.

Every run writes into a fresh output folder (so every variant writes the whole
tree) under :func:`bench.envs.scratch_root` (RAM-backed when possible) and is measured as a process tree (see :mod:`bench.proctree`).  The
validation cache is ``$OASGEN_CACHE_DIR``: *cold* runs get a fresh, empty one
each, *warm* runs reuse the one the last cold run filled (so they take the spec's normalized IR from
it), *after a spec edit* runs reuse it for a copy of the spec with one comment line appended (parse,
validation and IR entries miss, as after any edit of the spec), ``--no-validate`` runs get a fresh
one too (they must not touch it).
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import envs
from bench.proctree import RunResult, run_measured

DEFAULT_SPEC = envs.ROOT.parent / "shared" / "specs" / "openai.yaml"


@dataclass
class Variant:
    key: str
    label: str
    status: str = "ok"  # ok | skipped | error
    note: str = ""
    runs: list[dict[str, Any]] = field(default_factory=list)
    files: int | None = None
    version: str | None = None
    failed_runs: int = 0

    def finish(self) -> bool:
        """Status from the runs: ok when at least one run succeeded (a failed run is only a note)."""
        if self.status == "ok" and not self.runs:
            self.status = "error"
        return self.status == "ok"

    def _median(self, name: str) -> float | None:
        vals = [r[name] for r in self.runs if r.get(name) is not None]
        return statistics.median(vals) if vals else None

    @property
    def wall_s(self) -> float | None:
        return self._median("wall_s")

    @property
    def peak_tree_mb(self) -> float | None:
        return self._median("peak_tree_mb")

    @property
    def max_proc_mb(self) -> float | None:
        return self._median("max_proc_mb")

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "status": self.status,
            "note": self.note,
            "version": self.version,
            "wall_s": self.wall_s,
            "peak_tree_mb": self.peak_tree_mb,
            "max_proc_mb": self.max_proc_mb,
            "files": self.files,
            "runs": self.runs,
            "failed_runs": self.failed_runs,
        }


def _count_files(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder)) if folder.exists() else 0


def _tail(text: str, n: int = 8) -> str:
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return "\n".join("      " + ln[:200] for ln in lines[-n:])


class GenerationBench:
    def __init__(
        self,
        spec: Path,
        *,
        repeats: int,
        cold_repeats: int,
        peer_repeats: int,
        optional_peers: bool,
        log: Callable[[str], None],
    ):
        self.spec = spec.resolve()
        self.repeats = max(1, repeats)
        self.cold_repeats = max(1, cold_repeats)
        self.peer_repeats = max(1, peer_repeats)
        self.optional_peers = optional_peers
        self.log = log
        self.scratch = envs.scratch_root() / "gen"
        self.variants: list[Variant] = []
        self.errors: list[str] = []
        self._n = 0

    # -- helpers ---------------------------------------------------------------------------------------------------

    def _fresh(self, name: str) -> Path:
        self._n += 1
        path = self.scratch / f"{self._n:02d}-{name}"
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path

    def _measure(
        self,
        v: Variant,
        cmd: Sequence[str],
        *,
        env: dict[str, str],
        work: Path,
        out: Path,
        i: int,
        n: int,
        cwd: Path | None = None,
        timeout: float = 600,
    ) -> RunResult | None:
        res = run_measured(cmd, env=env, cwd=cwd or work, log_path=work / "log.txt", timeout=timeout)
        if res.returncode != 0 or res.timed_out:
            why = f"timed out after {timeout:.0f}s" if res.timed_out else f"exit code {res.returncode}"
            v.failed_runs += 1
            v.note = f"{v.failed_runs} run(s) failed, last: {why}; log: {work / 'log.txt'}\n{_tail(res.log)}"
            self.log(f"  {v.label} run {i}/{n}: FAILED ({why})\n{_tail(res.log)}")
            return None
        v.files = _count_files(out)
        v.runs.append(
            {
                "wall_s": res.wall_s,
                "peak_tree_mb": res.peak_tree_mb,
                "max_proc_mb": res.max_proc_mb,
                "max_procs": res.max_procs,
            }
        )
        peak = f"{res.peak_tree_mb:.0f} MB tree" if res.peak_tree_mb is not None else "n/a"
        self.log(
            f"  {v.label} run {i}/{n}: {res.wall_s:.2f} s, peak {peak} "
            f"(largest process {res.max_proc_mb:.0f} MB, {res.max_procs} process(es) at once)"
        )
        return res

    # -- oasgen ----------------------------------------------------------------------------------------------------

    def _ours_env(self, cache: Path) -> dict[str, str]:
        env = dict(os.environ, OASGEN_CACHE_DIR=str(cache))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        return env

    def _ours_cmd(self, out: Path, *extra: str, spec: Path | None = None) -> list[str]:
        return [sys.executable, "-m", "generator", "generate", str(spec or self.spec), "-o", str(out), *extra]

    def _prime(self) -> None:
        """One unmeasured run, with a cache of its own that nothing else uses: it writes the
        generator's ``.pyc`` files and its compiled built-in templates (``templates/__pycache__``),
        which an installed copy has from its first run on (pip compiles the ``.pyc`` files at install,
        as it did for the peers' venvs). Without it the first cold run after an edit of the generator
        also measured compiling the generator (4.8 s against 2.2 s for the second)."""
        work = self._fresh("oasgen-prime")
        run_measured(self._ours_cmd(work / "out"), env=self._ours_env(work / "cache"), cwd=envs.ROOT, log_path=work / "log.txt", timeout=600)

    def _repeat(self, v: Variant, n: int, run: Callable[[int], tuple[list[str], Path, Path, Path]]) -> Path | None:
        """``n`` measured runs of ours; ``run(i)`` gives the command, its cache, its work folder and its
        output folder. Returns the work folder of the last run that succeeded."""
        last: Path | None = None
        for i in range(1, n + 1):
            cmd, cache, work, out = run(i)
            if self._measure(v, cmd, env=self._ours_env(cache), work=work, out=out, i=i, n=n, cwd=envs.ROOT):
                last = work
        return last

    def _fresh_run(self, name: str, cache: Path | None = None, *extra: str) -> tuple[list[str], Path, Path, Path]:
        """A fresh work folder: the command into its ``out``, with ``cache`` (else a fresh one of its own)."""
        work = self._fresh(name)
        return self._ours_cmd(work / "out", *extra), cache or work / "cache", work, work / "out"

    def run_ours(self) -> None:
        cold = Variant("oasgen_cold", "oasgen cold (empty validation cache)")
        warm = Variant("oasgen_warm", "oasgen warm (second run, same cache)")
        noop = Variant("oasgen_noop", "oasgen again, nothing changed (same folder)")
        noval = Variant("oasgen_no_validate", "oasgen --no-validate")
        edited = Variant("oasgen_edited", "oasgen after a spec edit (same cache)")
        self.variants += [cold, warm, noop, edited, noval]
        self._prime()
        last_cold = self._repeat(cold, self.cold_repeats, lambda i: self._fresh_run("oasgen-cold"))
        cache = last_cold / "cache" if last_cold is not None else None
        last_warm: Path | None = None
        if cache is None:
            cold.finish()
            self.errors.append("oasgen failed to generate the OpenAI spec (cold): " + cold.note)
            for v in (warm, edited):
                v.status, v.note = "error", "not run: no cold run succeeded"
        else:
            last_warm = self._repeat(warm, self.repeats, lambda i: self._fresh_run("oasgen-warm", cache))

            def edit(i: int) -> tuple[list[str], Path, Path, Path]:
                # The spec changed (one comment line appended, a new one each run): the parse, validation and
                # IR entries miss, as after any edit; the generated files are the same, so ruff's entries still hit.
                assert cache is not None
                work = self._fresh("oasgen-edited")
                spec = work / self.spec.name
                spec.write_bytes(self.spec.read_bytes() + f"\n# edited {i}\n".encode())
                return self._ours_cmd(work / "out", spec=spec), cache, work, work / "out"

            if last_warm is not None:
                # Regeneration with nothing changed: the same command into the folder the last warm run wrote.
                done = last_warm
                self._repeat(noop, self.repeats, lambda i: (self._ours_cmd(done / "out"), cache, done, done / "out"))
            self._repeat(edited, self.repeats, edit)
        if last_warm is None:
            noop.status, noop.note = "error", "not run: no warm run succeeded"
        self._repeat(noval, self.repeats, lambda i: self._fresh_run("oasgen-novalidate", None, "--no-validate"))
        for v in (cold, warm, noop, edited, noval):
            if v.status == "ok" and not v.finish():
                self.errors.append(f"oasgen failed to generate the OpenAI spec ({v.label}): {v.note}")

    # -- peers -----------------------------------------------------------------------------------------------------

    def run_openapi_python_client(self) -> None:
        v = Variant(
            "openapi_python_client",
            f"openapi-python-client {envs.OPENAPI_PYTHON_CLIENT_VERSION}",
            version=envs.OPENAPI_PYTHON_CLIENT_VERSION,
        )
        self.variants.append(v)
        venv = envs.ensure_venv(
            "opc-venv", [f"openapi-python-client=={envs.OPENAPI_PYTHON_CLIENT_VERSION}"], log=self.log
        )
        if not venv.ok:
            v.status, v.note = "skipped", f"could not install openapi-python-client: {venv.reason}"
            self.log(f"  SKIP {v.label}: {v.note}")
            return
        exe = venv.bin / "openapi-python-client"
        # its post-generation hooks run `ruff` from PATH: give it its own (as a user's install would have)
        env = dict(os.environ, PATH=f"{venv.bin}{os.pathsep}{os.environ.get('PATH', '')}")
        extra: list[str] = []
        for i in range(1, self.peer_repeats + 1):
            work = self._fresh("opc")
            cmd = [str(exe), "generate", "--path", str(self.spec), "--output-path", str(work / "out"), "--overwrite", *extra]
            if self._measure(v, cmd, env=env, work=work, out=work / "out", i=i, n=self.peer_repeats) is None and not extra:
                # Its default class enums fail on some specs (stripe: "Duplicate key GMT0 in enum ...;
                # consider setting literal_enums in your config"): measure it the way it says it works.
                if "literal_enums" in (work / "log.txt").read_text(errors="replace"):
                    config = self.scratch / "opc-literal-enums.yaml"
                    config.write_text("literal_enums: true\n")
                    extra = ["--config", str(config)]
                    work = self._fresh("opc-literal-enums")
                    cmd = [str(exe), "generate", "--path", str(self.spec), "--output-path", str(work / "out"), "--overwrite", *extra]
                    if self._measure(v, cmd, env=env, work=work, out=work / "out", i=i, n=self.peer_repeats):
                        v.failed_runs -= 1
                        v.note = "with literal_enums: true (its default enums fail on this spec: 'Duplicate key ... consider setting literal_enums')"
        if not v.finish():
            return
        skipped = _opc_warned_operations(work / "log.txt")
        if skipped:
            partial = (
                f"generates a partial client: {skipped} operations skipped or degraded with warnings (see its log)"
            )
            v.note = f"{v.note}; {partial}" if v.note else partial

    def run_datamodel_codegen(self) -> None:
        ver = envs.dist_version("datamodel-code-generator")
        v = Variant(
            "datamodel_code_generator",
            f"datamodel-code-generator {ver or ''} (models only)".replace("  ", " "),
            version=ver,
        )
        self.variants.append(v)
        if not ver:
            v.status, v.note = "skipped", "datamodel-code-generator is not installed in the project venv"
            self.log(f"  SKIP {v.label}: {v.note}")
            return
        work = self._fresh("dmcg")
        (work / "out").mkdir()
        cmd = [
            sys.executable,
            "-m",
            "datamodel_code_generator",
            "--input",
            str(self.spec),
            "--input-file-type",
            "openapi",
            "--output",
            str(work / "out" / "models.py"),
            "--output-model-type",
            "pydantic_v2.BaseModel",
        ]
        self._measure(v, cmd, env=dict(os.environ), work=work, out=work / "out", i=1, n=1)
        v.finish()

    def run_openapi_generator(self) -> None:
        v = Variant(
            "openapi_generator",
            f"openapi-generator {envs.OPENAPI_GENERATOR_CLI_VERSION} (-g python, Java)",
            version=envs.OPENAPI_GENERATOR_CLI_VERSION,
        )
        self.variants.append(v)
        java = envs.java_available()
        if not java:
            v.status, v.note = "skipped", "no Java runtime on PATH (apt-get install default-jre-headless to include it)"
            self.log(f"  SKIP {v.label}: {v.note}")
            return
        venv = envs.ensure_venv(
            "oag-venv", [f"openapi-generator-cli=={envs.OPENAPI_GENERATOR_CLI_VERSION}"], log=self.log
        )
        if not venv.ok:
            v.status, v.note = "skipped", f"could not install openapi-generator-cli: {venv.reason}"
            self.log(f"  SKIP {v.label}: {v.note}")
            return
        v.note = java
        work = self._fresh("oag")
        cmd = [
            str(venv.bin / "openapi-generator-cli"),
            "generate",
            "-i",
            str(self.spec),
            "-g",
            "python",
            "-o",
            str(work / "out"),
            "--skip-validate-spec",
        ]
        self._measure(v, cmd, env=dict(os.environ), work=work, out=work / "out", i=1, n=1)
        v.finish()

    # -- all -------------------------------------------------------------------------------------------------------

    def run(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)
        self.scratch.mkdir(parents=True, exist_ok=True)
        self.run_ours()
        self.run_openapi_python_client()
        if self.optional_peers:
            self.run_datamodel_codegen()
            self.run_openapi_generator()
        # keep only the logs: the generated trees are tens of MB
        for sub in self.scratch.iterdir():
            shutil.rmtree(sub / "out", ignore_errors=True)
            shutil.rmtree(sub / "cache", ignore_errors=True)

    def get(self, key: str) -> Variant | None:
        return next((v for v in self.variants if v.key == key), None)


def _opc_warned_operations(log_path: Path) -> int:
    """How many ``WARNING parsing <METHOD> <path>`` blocks openapi-python-client printed."""
    try:
        text = log_path.read_text(errors="replace")
    except OSError:
        return 0
    return sum(1 for ln in text.splitlines() if ln.startswith("WARNING parsing "))
