"""On-disk cache of validation results, keyed by content.

Validating the OpenAI spec costs seconds; the same bytes always give the same
findings, so they are stored under ``<cache>/validation/<sha256>.json`` where
``<cache>`` is ``$OASGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/oasgen``, else
``~/.cache/oasgen``. The key covers:

* the document: its raw bytes when given (else a JSON dump of the parsed document),
  plus the bytes of every file it reaches through relative ``$ref``s, found by a
  regex over the bytes and followed recursively;
* the OpenAPI version it is validated as;
* the versions of the validator libraries and the source of this package (so a
  change to how findings are worded never serves stale text).

The cache is an optimisation only: a missing, corrupt or unwritable cache is
ignored, never an error. Files of the document itself are stored with ``file`` =
``""`` and other files relative to the document's folder, so a moved project still
gets correct file names.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from generator.cache import cache_root
from generator.validate.engine import Finding

FORMAT = 1
MAX_ENTRIES = 256

_LIBRARIES = (
    "openapi-spec-validator",
    "openapi-schema-validator",
    "jsonschema",
    "jsonschema-path",
    "jsonschema-specifications",
    "referencing",
    "pathable",
)

# `$ref: other.yaml#/x`, `"$ref": "./a/b.json"`, ... : values that do not start with '#'.
_EXTERNAL_REF = re.compile(rb"""\$ref["']?\s*:\s*["']?([^"'\s#{}\[\],][^"'\s,}\]]*)""")  # starts with a literal: fast
_MAX_EXTERNAL_FILES = 1000


def cache_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The folder holding validation results (it may not exist yet)."""
    return cache_root(override) / "validation"


@functools.cache
def fingerprint() -> str:
    """Versions of the validator stack and a digest of this package's source."""
    from importlib import metadata

    h = hashlib.sha256()
    h.update(f"format={FORMAT};python={sys.version_info[0]}.{sys.version_info[1]}".encode())
    found = _dist_info_versions()
    for name in _LIBRARIES:
        version = found.get(_normalise(name))
        if version is None:
            try:
                version = metadata.version(name)
            except metadata.PackageNotFoundError:
                version = "-"
        h.update(f";{name}={version}".encode())
    here = Path(__file__).resolve().parent
    for source in sorted(here.glob("*.py")):
        try:
            h.update(source.name.encode() + b"\0" + source.read_bytes())
        except OSError:
            h.update(source.name.encode() + b"\0?")
    return h.hexdigest()


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _dist_info_versions() -> dict[str, str]:
    """``{normalised name: version}`` from ``*.dist-info`` folder names on ``sys.path``.

    One directory listing per path entry: ~30x cheaper than ``importlib.metadata.version``
    for each library, which matters on the warm (cached) path.
    """
    wanted = {_normalise(n) for n in _LIBRARIES}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for folder in names:
            if not folder.endswith(".dist-info"):
                continue
            dist, _, version = folder[: -len(".dist-info")].partition("-")
            key = _normalise(dist)
            if key in wanted and key not in found and version:
                found[key] = version
        if len(found) == len(wanted):
            break
    return found


def document_bytes(document: Mapping[str, Any], raw_bytes: bytes | None) -> bytes:
    if raw_bytes is not None:
        return raw_bytes
    return json.dumps(document, ensure_ascii=False, default=repr, separators=(",", ":")).encode("utf-8")


def cache_key(document: Mapping[str, Any], *, file: str, version: str, raw_bytes: bytes | None = None) -> str:
    h = hashlib.sha256()
    h.update(b"oasgen-validation\0" + fingerprint().encode() + b"\0" + version.encode() + b"\0")
    content = document_bytes(document, raw_bytes)
    h.update(hashlib.sha256(content).digest())
    for relative, digest in _external_files(content, file):
        h.update(b"\0" + relative.encode() + b"\0" + digest)
    return h.hexdigest()


def _external_files(content: bytes, file: str) -> list[tuple[str, bytes]]:
    """``(path relative to the document's folder, sha256)`` of files reached by relative ``$ref``s."""
    if b"$ref" not in content:
        return []
    root = Path(file).resolve().parent if file else Path.cwd()
    out: list[tuple[str, bytes]] = []
    seen: set[Path] = set()
    queue: list[tuple[bytes, Path]] = [(content, root)]
    while queue and len(seen) < _MAX_EXTERNAL_FILES:
        data, folder = queue.pop()
        for match in _EXTERNAL_REF.finditer(data):
            target = match.group(1).split(b"#", 1)[0]
            if not target:
                continue
            text = target.decode("utf-8", "replace")
            if "://" in text:
                out.append((text, b"url"))
                continue
            path = (folder / text).resolve()
            if path in seen:
                continue
            seen.add(path)
            relative = os.path.relpath(path, root)
            try:
                other = path.read_bytes()
            except OSError:
                out.append((relative, b"missing"))
                continue
            out.append((relative, hashlib.sha256(other).digest()))
            queue.append((other, path.parent))
    return sorted(out)


def load(key: str, directory: Path, *, file: str) -> list[Finding] | None:
    """The cached findings for ``key``, with other files' paths made absolute again; None on a miss."""
    path = directory / f"{key}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
            raise ValueError("not a cache entry for this key")
        rows = data["findings"]
        if not isinstance(rows, list):
            raise TypeError("findings is not a list")
        findings: list[Finding] = []
        root = Path(file).resolve().parent if file else Path.cwd()
        for row in rows:
            if not (isinstance(row, list) and len(row) == 5 and all(isinstance(x, str) for x in row)):
                raise ValueError("bad row")
            finding = Finding.from_tuple(row)
            if finding.file:
                finding = Finding(
                    finding.pointer, finding.message, finding.hint, str(root / finding.file), finding.kind
                )
            findings.append(finding)
        return findings
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - corrupt or unreadable: a miss (and drop it if we can)
        try:
            path.unlink()
        except OSError:
            pass
        return None


def store(key: str, directory: Path, findings: list[Finding], *, file: str) -> bool:
    """Write the entry atomically; False (and no exception) when the cache is not writable."""
    try:
        root = Path(file).resolve().parent if file else Path.cwd()
        rows = []
        for f in findings:
            other = f.file
            if other and os.path.isabs(other):
                other = os.path.relpath(other, root)
            rows.append([f.kind, f.pointer, f.message, f.hint, other])
        text = json.dumps({"format": FORMAT, "key": key, "findings": rows}, ensure_ascii=False)
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(tmp, directory / f"{key}.json")
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        _prune(directory)
        return True
    except Exception:  # noqa: BLE001
        return False


def _prune(directory: Path) -> None:
    """Keep the newest :data:`MAX_ENTRIES` entries."""
    try:
        entries = [e for e in os.scandir(directory) if e.name.endswith(".json") and not e.name.startswith(".")]
        if len(entries) <= MAX_ENTRIES:
            return
        entries.sort(key=lambda e: e.stat().st_mtime)
        for e in entries[: len(entries) - MAX_ENTRIES]:
            try:
                os.unlink(e.path)
            except OSError:
                pass
    except OSError:
        pass
