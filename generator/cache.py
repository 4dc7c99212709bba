"""The one on-disk cache: parsed documents, validation results, normalized IRs, compiled templates.

A cache is an optimisation only: a missing, corrupt, unwritable or switched-off cache
changes nothing but speed, and never raises.

* **Where:** ``$OASGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/oasgen``, else ``~/.cache/oasgen``;
  one sub-folder per kind (``parsed``, ``validation``, ``ir``, ``templates``, ``format``, ``uptodate``).
* **Off:** ``OASGEN_CACHE=0`` (or ``off``, ``false``, ``no``) switches every cache off.
* **Keys:** :func:`key` hashes the caller's content together with :func:`generator_version`,
  the package version plus a digest of the generator's own source, so a changed generator
  never reads what an older one wrote.
* **Writes** are atomic (a temporary file in the same folder, then ``os.replace``).
* **Size:** on a process's first write, unless the last prune was less than
  :data:`PRUNE_INTERVAL_S` (10 minutes) ago, the oldest entries (by modification time; a hit
  refreshes it) are removed until the whole cache is under ``$OASGEN_CACHE_MAX_MB`` (default
  256), so the cache exceeds the limit by at most ten minutes' worth of runs' entries.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

ENV_DIR = "OASGEN_CACHE_DIR"
ENV_SWITCH = "OASGEN_CACHE"
ENV_MAX_MB = "OASGEN_CACHE_MAX_MB"
DEFAULT_MAX_MB = 256
_OFF = {"0", "off", "false", "no"}
_PACKAGE = Path(__file__).resolve().parent


def enabled() -> bool:
    return os.environ.get(ENV_SWITCH, "").strip().lower() not in _OFF


def cache_root(override: str | os.PathLike[str] | None = None) -> Path:
    if override is not None and str(override):
        return Path(override)
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "oasgen"


@functools.cache
def generator_version() -> str:
    """The package version and a digest of every module of the generator (~1 ms, once per process)."""
    from generator import __version__

    digest = hashlib.sha256(__version__.encode())
    for source in sorted(_PACKAGE.rglob("*.py")):
        try:
            digest.update(str(source.relative_to(_PACKAGE)).encode() + b"\0" + source.read_bytes())
        except OSError:
            digest.update(b"?")
    return f"{__version__}+{digest.hexdigest()[:16]}"


@functools.cache
def installed_packages() -> str:
    """A fact that changes when a package is installed, upgraded or removed: the modification time
    of every ``site-packages`` / ``dist-packages`` folder on ``sys.path`` (~0.1 ms).

    Keys whose results depend on third-party code (a parser, a validator, the formatter) include it
    instead of those libraries' versions, which would mean importing them (tens of milliseconds) on
    runs that only read the cache. It is coarse, on purpose: any install invalidates those entries,
    which costs one slower run and never a wrong result."""
    import sys

    facts = []
    for entry in sys.path:
        if entry.endswith(("site-packages", "dist-packages")):
            try:
                facts.append(f"{entry};{os.stat(entry).st_mtime_ns}")
            except OSError:
                pass
    return "|".join(facts)


def key(kind: str, *parts: str | bytes) -> str:
    """A content key for ``kind``: sha256 over the generator version and ``parts``."""
    digest = hashlib.sha256(f"{kind}\0{generator_version()}".encode())
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def _entry(kind: str, entry_key: str) -> Path:
    return cache_root() / kind / entry_key


def get(kind: str, entry_key: str) -> bytes | None:
    """The bytes stored under ``entry_key``, or None (miss, cache off, unreadable)."""
    if not enabled():
        return None
    path = _entry(kind, entry_key)
    try:
        data = path.read_bytes()
        os.utime(path)  # a hit keeps the entry young for pruning
    except OSError:
        return None
    return data


_pruned = False


def put(kind: str, entry_key: str, data: bytes) -> None:
    """Store ``data`` atomically (and, once a process, prune the cache to its size limit). Errors are ignored."""
    if not enabled():
        return
    folder = cache_root() / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, folder / entry_key)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        global _pruned
        if not _pruned:
            # Once a process: a scan of the whole cache per entry made a multi-file spec (2,850 files,
            # one parse entry each) quadratic - minutes of stat() calls. And at most once in
            # PRUNE_INTERVAL_S: a full cache holds ~30k entries, 0.15 s of stat() calls per run.
            _pruned = True
            if _prune_due():
                prune()
    except OSError:
        pass


PRUNE_INTERVAL_S = 600
_PRUNE_STAMP = ".pruned"


def _prune_due() -> bool:
    """Whether the last prune (the mtime of ``.pruned`` in the cache root) is over PRUNE_INTERVAL_S ago; if so, restamp."""
    import time

    stamp = cache_root() / _PRUNE_STAMP
    try:
        if time.time() - os.stat(stamp).st_mtime < PRUNE_INTERVAL_S:
            return False
    except OSError:
        pass
    try:
        stamp.touch()
    except OSError:
        pass
    return True


def forget(kind: str, entry_key: str) -> None:
    """Drop an entry its reader found corrupt."""
    try:
        _entry(kind, entry_key).unlink(missing_ok=True)
    except OSError:
        pass


def max_bytes() -> int:
    try:
        return max(0, int(float(os.environ.get(ENV_MAX_MB, DEFAULT_MAX_MB)) * 1024 * 1024))
    except ValueError:
        return DEFAULT_MAX_MB * 1024 * 1024


def prune(limit: int | None = None) -> None:
    """Remove the oldest entries (and stale temporary files) until the cache fits in ``limit`` bytes."""
    limit = max_bytes() if limit is None else limit
    root = cache_root()
    entries: list[tuple[float, int, str]] = []
    try:
        kinds = [e for e in os.scandir(root) if e.is_dir(follow_symlinks=False)]
    except OSError:
        return
    for kind in kinds:
        try:
            for entry in os.scandir(kind.path):
                if entry.is_file(follow_symlinks=False):
                    info = entry.stat(follow_symlinks=False)
                    entries.append((info.st_mtime, info.st_size, entry.path))
        except OSError:
            continue
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        try:
            os.unlink(path)
            total -= size
        except OSError:
            pass


def template_bytecode_cache() -> Any:
    """A Jinja ``BytecodeCache`` that keeps compiled templates in this cache (None when it is off).

    Compiling the templates costs ~0.35 s a run, loading them ~0.01 s. Jinja checks each
    entry against its template's source checksum, so an edited template is recompiled.
    """
    if not enabled():
        return None
    import jinja2

    class TemplateBytecodeCache(jinja2.BytecodeCache):
        def get_bucket(self, environment: Any, name: str, filename: str | None, source: str) -> Any:
            bucket = jinja2.bccache.Bucket(environment, self.get_cache_key(name, filename), self.get_source_checksum(source))
            bucket.oasgen_builtin = _builtin_template(filename)  # type: ignore[attr-defined]
            self.load_bytecode(bucket)
            return bucket

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            data = get("templates", key("templates", bucket.key))
            if data is None and getattr(bucket, "oasgen_builtin", False):
                data = _builtin_compiled(bucket.key)
            if data is not None:
                bucket.bytecode_from_string(data)

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            data = bucket.bytecode_to_string()
            put("templates", key("templates", bucket.key), data)
            if getattr(bucket, "oasgen_builtin", False):
                _store_builtin_compiled(bucket.key, data)

    return TemplateBytecodeCache()


# The built-in templates are part of the generator, like its modules: compiled once, next to them, in
# ``templates/__pycache__`` (as Python keeps ``.pyc`` files), so that a run with an empty cache does
# not compile them again (~0.1-0.3 s). Only files of the built-in folder go there (never a user's
# template), never when Python itself does not write bytecode (``PYTHONDONTWRITEBYTECODE``), and a
# read-only install simply skips it. Jinja checks each entry against its template's source checksum;
# the name holds the generator version, and older versions' entries are removed when one is written.

def _builtin_templates() -> Path:
    from generator.builtin import TEMPLATE_DIR  # the repository's templates/, or generator/templates in a wheel

    return Path(TEMPLATE_DIR).resolve()


_BUILTIN_TEMPLATES = _builtin_templates()


def _builtin_template(filename: str | None) -> bool:
    if not filename:
        return False
    try:
        return Path(filename).resolve().is_relative_to(_BUILTIN_TEMPLATES)
    except (OSError, ValueError):
        return False


def _builtin_entry(bucket_key: str) -> Path:
    version = hashlib.sha256(generator_version().encode()).hexdigest()[:16]
    return _BUILTIN_TEMPLATES / "__pycache__" / f"{bucket_key}.{version}.jinja"


def _builtin_compiled(bucket_key: str) -> bytes | None:
    try:
        return _builtin_entry(bucket_key).read_bytes()
    except OSError:
        return None


def _store_builtin_compiled(bucket_key: str, data: bytes) -> None:
    import sys

    if sys.dont_write_bytecode:
        return
    entry = _builtin_entry(bucket_key)
    try:
        entry.parent.mkdir(exist_ok=True)
        for old in entry.parent.glob(f"{bucket_key}.*.jinja"):
            if old != entry:
                old.unlink(missing_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, entry)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
