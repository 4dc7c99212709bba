"""The rendered runtime plus the example client pass `mypy --strict`, and import fast."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from rt_helpers import PKG_DIR


def test_mypy_strict_on_rendered_runtime(tmp_path: Path) -> None:
    cache = Path(os.environ.get("RT_MYPY_CACHE", tmp_path / "mypy-cache"))
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir", str(cache), "-p", "rtpkg"],
        cwd=PKG_DIR.parent,
        env={**os.environ, "MYPYPATH": str(PKG_DIR.parent)},
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == ""


def test_runtime_import_time(tmp_path: Path) -> None:
    """The runtime's own modules (beyond httpx and pydantic themselves) import in well under 100 ms."""
    code = (
        "import time, httpx, pydantic\n"
        "from pydantic import BaseModel\n"
        "import pydantic.fields\n"
        "t = time.perf_counter()\n"
        "import rtpkg._base_client, rtpkg._example_client\n"
        "c = rtpkg._example_client.Petstore(api_key='k')\n"
        "print(time.perf_counter() - t)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(PKG_DIR.parent)
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "pycache")
    subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True)  # warm the bytecode cache
    best = min(
        float(subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True, text=True).stdout)
        for _ in range(3)
    )
    assert best < 0.1, f"runtime import + client construction took {best * 1000:.1f} ms"
