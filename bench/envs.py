"""Isolated virtualenvs for benchmark-only dependencies, under ``.bench/``.

Each venv is created on first use and installed from PyPI by pinned version; a
stamp file records what was installed, so later runs reuse it at no cost and a
changed pin reinstalls.  A failure (no network, no wheel, resolver conflict) is
reported as a reason string, never raised: the caller skips that peer.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / ".bench"

SCRATCH_ENV = "OASGEN_BENCH_SCRATCH"


def scratch_root() -> Path:
    """Where the generators under test write their output and caches: a RAM-backed folder
    (``/dev/shm``) when there is one with room, else ``.bench/``; ``$OASGEN_BENCH_SCRATCH`` (a
    folder, or ``disk`` for ``.bench/``) chooses.

    Why not the disk: on this project's CI machines the disk is ext4 *without a journal*, where
    creating a file scans the inodes deleted in the last minutes (the kernel's
    ``recently_deleted``) before it takes one. Right after a test run or a benchmark deleted a
    few thousand files, creating the 1,700 files of one generated client took 0.9-1.8 s instead
    of 0.05 s, so every generator's figure depended on what ran before it. On tmpfs, as on a
    journaled disk, writing the files costs ~0.05 s and the figures measure the generators."""
    chosen = os.environ.get(SCRATCH_ENV, "").strip()
    if chosen == "disk":
        return BENCH_DIR
    if chosen:
        return Path(chosen)
    shm = Path("/dev/shm")
    try:
        st = os.statvfs(shm)
        if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) and st.f_bavail * st.f_frsize > (1 << 30):
            return shm / f"oasgen-bench-{os.getuid()}"
    except (OSError, AttributeError):
        pass
    return BENCH_DIR


# Pinned peers.  openai: the newest release when this benchmark was written (3.54.0 uses httpx2, not httpx).
OPENAI_VERSION = "3.54.0"
OPENAPI_PYTHON_CLIENT_VERSION = "0.29.1"
OPENAPI_GENERATOR_CLI_VERSION = "7.26.0"  # the PyPI wheel ships openapi-generator's jar; needs a Java runtime


def _project_pin(name: str, fallback: str) -> str:
    """``name==<version in the project venv>`` so our generated client runs on the deps the tests use."""
    try:
        return f"{name}=={metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return fallback


def peers_requirements() -> list[str]:
    # openai-python plus what our generated client needs (pyproject.toml.j2: httpx, pydantic, typing-extensions, anyio)
    return [
        f"openai=={OPENAI_VERSION}",
        _project_pin("httpx", "httpx==0.28.1"),
        _project_pin("pydantic", "pydantic>=2.10,<3"),
        _project_pin("typing-extensions", "typing-extensions>=4.10"),
        _project_pin("anyio", "anyio>=4"),
    ]


@dataclass
class Venv:
    name: str
    path: Path
    ok: bool
    reason: str = ""  # why it is unusable
    installed_now: bool = False
    seconds: float = 0.0

    @property
    def python(self) -> Path:
        return self.path / "bin" / "python"

    @property
    def bin(self) -> Path:
        return self.path / "bin"


def _tail(text: str, lines: int = 6) -> str:
    kept = [ln for ln in text.strip().splitlines() if ln.strip() and not ln.startswith("WARNING: Location")]
    return "\n".join("      " + (ln if len(ln) <= 240 else ln[:240] + " ...") for ln in kept[-lines:])


def ensure_venv(name: str, requirements: Sequence[str], *, log=print, timeout: float = 900) -> Venv:  # type: ignore[no-untyped-def]
    """The venv ``.bench/<name>`` with ``requirements`` installed (created or refreshed when needed)."""
    path = BENCH_DIR / name
    stamp = path / ".bench-installed.json"
    want = {"python": sys.version.split()[0], "requirements": list(requirements)}
    venv = Venv(name=name, path=path, ok=False)
    try:
        if stamp.is_file() and json.loads(stamp.read_text()) == want and venv.python.exists():
            venv.ok = True
            return venv
    except (OSError, ValueError):
        pass
    start = time.perf_counter()
    log(f"  setting up .bench/{name}: {' '.join(requirements)} (first run only) ...")
    if path.exists():
        shutil.rmtree(path, ignore_errors=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1")
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "venv", str(path)], check=False, capture_output=True, text=True, timeout=300
        )
        if proc.returncode != 0:
            venv.reason = "could not create the virtualenv:\n" + _tail(proc.stdout + proc.stderr)
            return venv
        proc = subprocess.run(
            [str(venv.python), "-m", "pip", "install", "--quiet", *requirements],
            check=False,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
        )
    except subprocess.TimeoutExpired:
        venv.reason = f"pip install timed out after {timeout:.0f}s"
        return venv
    except OSError as exc:
        venv.reason = f"could not run pip: {exc}"
        return venv
    if proc.returncode != 0:
        venv.reason = "pip install failed (no network, or no matching release?):\n" + _tail(proc.stdout + proc.stderr)
        return venv
    stamp.write_text(json.dumps(want, indent=1))
    venv.ok = True
    venv.installed_now = True
    venv.seconds = time.perf_counter() - start
    log(f"  .bench/{name} ready ({venv.seconds:.0f}s)")
    return venv


def java_available() -> str | None:
    """``java -version``'s first line, or None when no working Java runtime is on PATH."""
    java = shutil.which("java")
    if not java:
        return None
    try:
        proc = subprocess.run([java, "-version"], check=False, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if proc.returncode != 0:
        return None
    lines = (proc.stderr or proc.stdout).strip().splitlines()
    return lines[0] if lines else "java"


def dist_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
