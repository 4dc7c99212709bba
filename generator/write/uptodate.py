"""The no-op fast path of ``generate``: nothing changed since the last run into this folder, so skip it.

After every successful ``generate`` the CLI records, in the one cache (:mod:`generator.cache`,
kind ``uptodate``), a *state* for the output folder:

* the **inputs** of the run, each with the sha256 of the bytes read: every file the run read
  through :func:`generator.load.files.read_input_bytes` (the spec, every file its ``$ref``\\ s
  named, the config), and a digest of each templates folder (the built-in ``templates/`` and the user's:
  every file name and its bytes);
* the **outputs**: every generated path with ``lstat`` facts (size, mtime and ctime in ns, inode,
  file type) taken right after the write, the manifest included;
* what the run said: its diagnostics and the numbers of its summary line.

The state is keyed by :func:`generator.cache.key`, so by the generator's version and a digest of
its own source, plus the output folder (resolved), the current folder, the command-line options,
the environment variables that change the output, the formatter binary (path, size, mtime) and
the mtime of the interpreter's ``site-packages`` (:func:`generator.cache.installed_packages`:
an install or upgrade changes it).

A later run with the same key is a no-op when every input still hashes the same and every output
still has the recorded ``lstat`` facts: the pipeline would write exactly these files again. A hand
edit, a deleted or replaced file, a changed spec/config/template or another generator version
fails one of these checks and the run goes the whole way (which then reports edits, restores
deleted files and so on). ``ctime`` cannot be set from user space, so an edit that puts the old
size and mtime back is still seen. Costs: one hash of each input (~10 ms for the OpenAI spec) and
one ``lstat`` per output file (~10 ms for 1,700 files).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import cache

_KIND = "uptodate"
_FORMAT = "uptodate-1"
#: Environment variables that can change what a run writes or reports.
_ENV = ("OASGEN_VALIDATOR", "OASGEN_CACHE_MAX_MB")


@dataclass(frozen=True)
class Summary:
    """What a skipped run prints: the numbers of the last full run's summary line."""

    package: str
    operations: int
    models: int
    files: int
    diagnostics: tuple[dict[str, str], ...]
    loud: tuple[tuple[str, str], ...] = ()
    """(message, hint) of the warnings said last and loud (a large share of operations lost content)."""


def _digest_file(path: str) -> str | None:
    try:
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        return None


def _digest_folder(folder: str) -> str | None:
    """Every file name under ``folder`` (sorted) and its bytes; None if it cannot be read."""
    digest = hashlib.sha256()
    try:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                with open(path, "rb") as fh:
                    data = fh.read()
                rel = os.path.relpath(path, folder).encode("utf-8", "surrogateescape")
                digest.update(len(rel).to_bytes(4, "little") + rel + len(data).to_bytes(8, "little") + data)
    except OSError:
        return None
    return digest.hexdigest()


def _fact(path: str) -> list[int] | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, stat.S_IFMT(st.st_mode)]


def _tool_fact(path: str | None) -> str:
    if not path:
        return ""
    try:
        st = os.stat(path)
    except OSError:
        return f"{path};missing"
    return f"{path};{st.st_size};{st.st_mtime_ns}"


def state_key(out_dir: Path, options: Sequence[object], formatter_binary: str | None) -> str:
    """The cache key of one output folder's state under these options."""
    env = ";".join(f"{k}={os.environ.get(k, '')}" for k in _ENV)
    return cache.key(
        _KIND,
        _FORMAT,
        os.path.realpath(out_dir),
        os.getcwd(),
        json.dumps([str(o) for o in options]),
        env,
        _tool_fact(formatter_binary),
        cache.installed_packages(),
        sys.version,
    )


def record(
    key: str,
    out_dir: Path,
    generated: Iterable[str],
    manifest_name: str,
    inputs: Mapping[str, str],
    template_dirs: Iterable[Path],
    summary: Summary,
) -> None:
    """Store the state of ``out_dir`` right after a successful write (errors are ignored: it is only speed)."""
    if not cache.enabled():
        return
    root = os.path.abspath(out_dir)
    outputs: dict[str, list[int]] = {}
    for rel in [*generated, manifest_name]:
        fact = _fact(os.path.join(root, rel))
        if fact is None:
            return  # not all there (a preserved file the user removed meanwhile): nothing to promise
        outputs[rel] = fact
    files = dict(inputs)
    folders = {}
    for folder in template_dirs:
        digest = _digest_folder(str(folder))
        if digest is None:
            return
        folders[str(folder)] = digest
    doc = {
        "inputs": files,
        "folders": folders,
        "outputs": outputs,
        "summary": {
            "package": summary.package,
            "operations": summary.operations,
            "models": summary.models,
            "files": summary.files,
            "diagnostics": list(summary.diagnostics),
            "loud": [list(x) for x in summary.loud],
        },
    }
    cache.put(_KIND, key, json.dumps(doc, ensure_ascii=False).encode("utf-8", "surrogatepass"))


def check(key: str, out_dir: Path) -> Summary | None:
    """The last run's summary when nothing changed since it (the run can be skipped), else None."""
    data = cache.get(_KIND, key)
    if data is None:
        return None
    try:
        doc = json.loads(data.decode("utf-8", "surrogatepass"))
        root = os.path.abspath(out_dir)
        for rel, fact in doc["outputs"].items():
            if _fact(os.path.join(root, rel)) != fact:
                return None
        for path, digest in doc["inputs"].items():
            if _digest_file(path) != digest:
                return None
        for folder, digest in doc["folders"].items():
            if _digest_folder(folder) != digest:
                return None
        s = doc["summary"]
        loud = tuple((str(m), str(h)) for m, h in s["loud"])
        return Summary(s["package"], int(s["operations"]), int(s["models"]), int(s["files"]), tuple(s["diagnostics"]), loud)
    except (ValueError, KeyError, TypeError, AttributeError):
        cache.forget(_KIND, key)
        return None


def diagnostics_data(items: Iterable[Any]) -> tuple[dict[str, str], ...]:
    return tuple(
        {"kind": d.kind, "message": d.message, "pointer": d.pointer, "file": d.file, "severity": d.severity.value, "hint": d.hint}
        for d in items
    )


def diagnostics_from(data: Iterable[Mapping[str, str]]) -> Any:
    from generator.diagnostics import Diagnostic, Diagnostics, Severity

    out = Diagnostics()
    out.extend(Diagnostic(d["kind"], d["message"], d["pointer"], d["file"], Severity(d["severity"]), d["hint"]) for d in data)
    return out
