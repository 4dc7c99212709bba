"""The normalized IR of a spec, kept in the one cache (kind ``ir``, see :mod:`generator.cache`).

Normalizing is a function of the spec's bytes, the files its ``$ref``s read, the config, the input
policy and the generator itself. A run over the same inputs as an earlier one (the drift check in
CI with a kept cache, a new output folder, a change to templates only) takes the IR from here and
skips parsing and normalizing: ~0.3 s of a warm OpenAI run, and the parsed document's memory.

* **Key:** the generator version and source digest (in every cache key), the spec's bytes, its path
  as given and absolute (messages and the IR name files), the config (its ``repr``: every setting),
  the input policy, and the installed-packages fact (:func:`generator.cache.installed_packages`: the
  YAML parsers and anyascii are third-party code the IR depends on).
* **Entry:** the IR with its spec stamp, what normalizing reported (``Diagnostic`` objects), the
  OpenAPI version, and the sha256 of every other file normalizing read (a multi-file spec's
  documents). Those files are hashed again on lookup: one that changed, or is gone, is a miss.
* **Not stored:** a run that raised.
* **Format:** pickle, read back by an unpickler that builds nothing but the classes of
  :mod:`generator.ir.model` and :class:`~generator.diagnostics.Diagnostic` / ``Severity``. A cache
  folder someone else could write to (a CI cache restored from another branch) can make a wrong
  IR at worst, never run code; an entry that fails to load is dropped and the run normalizes.
"""

from __future__ import annotations

import io
import os
import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import cache
from generator.config import Config
from generator.diagnostics import Diagnostic, GeneratorError
from generator.ir.model import Api
from generator.load.files import read_input_bytes, reads
from generator.load.policy import current_policy

KIND = "ir"
_FORMAT = "ir-1"
_ALLOWED_MODULES = frozenset({"generator.ir.model", "generator.diagnostics"})
_ALLOWED_DIAGNOSTICS = frozenset({"Diagnostic", "Severity"})


@dataclass(frozen=True)
class Normalized:
    """What normalizing one spec gave: the IR (with its spec stamp) and what it reported."""

    api: Api
    diagnostics: tuple[Diagnostic, ...]
    version: str
    """``3.0`` / ``3.1``, as :func:`generator.validate.detect_version` read it."""


def entry_key(raw: bytes, file: str, config: Config) -> str | None:
    """The key for the spec ``raw`` at ``file`` under ``config`` (None: the cache is off)."""
    if not cache.enabled():
        return None
    policy = current_policy()
    where = f"{file};{os.path.abspath(file)};{[str(d) for d in policy.roots_for(file)]};{policy.max_bytes};{policy.max_depth};{policy.max_nodes}"
    # The parsers and anyascii (names) are third-party code normalizing depends on: the installed-packages fact.
    return cache.key(KIND, _FORMAT, where, repr(config), cache.installed_packages(), raw)


def lookup(key: str | None) -> Normalized | None:
    """The entry under ``key`` if every file it depends on is as it was; None otherwise."""
    if key is None:
        return None
    data = cache.get(KIND, key)
    if data is None:
        return None
    try:
        stored = _Unpickler(io.BytesIO(data)).load()
        normalized, files = stored
        if not isinstance(normalized, Normalized) or not isinstance(files, dict):
            raise pickle.UnpicklingError("not an IR entry")
    except Exception:  # noqa: BLE001 - corrupt, from another format, or refused: a miss
        cache.forget(KIND, key)
        return None
    try:
        with reads() as now:  # read_input_bytes hashes what it reads (and records it for the no-op check)
            for path in files:
                read_input_bytes(Path(path))
    except GeneratorError:  # a file it read is gone or refused now: normalize, which says why
        return None
    return normalized if now == files else None


def store(key: str | None, normalized: Normalized, files: Mapping[str, str], spec: str) -> None:
    """Keep ``normalized``; ``files`` are the inputs read while making it (the spec itself is in the key)."""
    if key is None:
        return
    others = {path: digest for path, digest in files.items() if path != os.path.abspath(spec)}
    try:
        data = pickle.dumps((normalized, others), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - something in the IR pickle cannot hold: not cached
        return
    cache.put(KIND, key, data)


class _Unpickler(pickle.Unpickler):
    """Builds only the IR's classes: any other global in the data refuses the whole entry."""

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name == "Normalized":
            return Normalized
        if module in _ALLOWED_MODULES and (module != "generator.diagnostics" or name in _ALLOWED_DIAGNOSTICS):
            found = super().find_class(module, name)
            if isinstance(found, type) and found.__module__ == module:  # defined there, not imported into it
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of the IR")
