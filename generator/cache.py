"""Where the generator keeps content-keyed caches (parsed documents, validation results).

``$OASGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/oasgen``, else ``~/.cache/oasgen``.
A cache is an optimisation only: a missing, corrupt or unwritable one is ignored.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

ENV_DIR = "OASGEN_CACHE_DIR"


def cache_root(override: str | os.PathLike[str] | None = None) -> Path:
    if override is not None and str(override):
        return Path(override)
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "oasgen"


def read_entry(folder: Path, key: str, suffix: str) -> bytes | None:
    try:
        return (folder / f"{key}{suffix}").read_bytes()
    except OSError:
        return None


def write_entry(folder: Path, key: str, suffix: str, data: bytes, *, keep: int = 32) -> None:
    """Write atomically (temp file + rename); keep only the ``keep`` newest entries."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, folder / f"{key}{suffix}")
        entries = sorted(folder.glob(f"*{suffix}"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
