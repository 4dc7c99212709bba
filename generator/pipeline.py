"""The pipeline: load -> validate -> normalize -> render -> format (-> write, by the caller).

Validation runs beside normalizing and rendering (in a forked process on a
cache miss, see :mod:`generator.validate`), so its cost overlaps the rest.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Mapping

from generator.config import Config
from generator.diagnostics import Diagnostics, GeneratorError, Severity
from generator.ir.model import Api, SpecStamp
from generator.load import read_document
from generator.normalize import build_api
from generator.render.renderer import render


@dataclass
class Options:
    validate: bool = True
    strict: bool = False
    formatter: str = "ruff"
    templates: Path | None = None


@dataclass
class Result:
    api: Api
    files: dict[str, str]
    diagnostics: Diagnostics
    timings: dict[str, float] = field(default_factory=dict)


def load(spec: Path) -> tuple[Mapping[str, Any], bytes, str]:
    from generator.validate import detect_version

    document, raw = read_document(spec)
    if not isinstance(document, dict):
        kind = "empty" if document is None else type(document).__name__
        raise GeneratorError(
            f"not an OpenAPI document: the top level is {kind}, not a mapping",
            file=str(spec),
            hint="an OpenAPI description starts with 'openapi: 3.x' at the top level",
        )
    version = detect_version(document, file=str(spec))
    return document, raw, version


def stamp(document: Mapping[str, Any], raw: bytes) -> SpecStamp:
    """Title, ``info.version`` and content hash of the spec, for the generated ``_version.py``."""
    info = document.get("info")
    info = info if isinstance(info, Mapping) else {}
    return SpecStamp(title=str(info.get("title") or ""), version=str(info.get("version") or ""), sha256=hashlib.sha256(raw).hexdigest())


def build_ir(spec: Path, config: Config, options: Options, diagnostics: Diagnostics, timings: dict[str, float] | None = None) -> Api:
    """Load, validate and normalize; validation findings are joined before returning."""
    api, pending = _start(spec, config, options, diagnostics, timings if timings is not None else {})
    _join(pending, options, diagnostics, timings if timings is not None else {})
    return api


def _start(spec: Path, config: Config, options: Options, diagnostics: Diagnostics, timings: dict[str, float]) -> tuple[Api, Any]:
    from generator.validate import start_validation

    t0 = time.perf_counter()
    document, raw, version = load(spec)
    timings["load"] = time.perf_counter() - t0
    pending = start_validation(document, file=str(spec), version=version, raw_bytes=raw) if options.validate else None
    t1 = time.perf_counter()
    api = build_api(document, file=str(spec), version=version, config=config, diagnostics=diagnostics)
    api = replace(api, spec=stamp(document, raw))
    timings["normalize"] = time.perf_counter() - t1
    return api, pending


def _join(pending: Any, options: Options, diagnostics: Diagnostics, timings: dict[str, float]) -> None:
    if pending is None:
        return
    t = time.perf_counter()
    found = pending.result()
    timings["validate-wait"] = time.perf_counter() - t
    if options.strict:
        found = [_as_error(d) for d in found]
    diagnostics.extend(found)


def _as_error(d: Any) -> Any:
    from dataclasses import replace

    return replace(d, severity=Severity.ERROR)


def run(spec: Path, config: Config, options: Options) -> Result:
    """The whole pipeline but writing. Validation (a forked process on a cache miss) overlaps
    normalizing, rendering and formatting, and is joined only at the end."""
    from generator.format import format_files

    diagnostics = Diagnostics()
    timings: dict[str, float] = {}
    api, pending = _start(spec, config, options, diagnostics, timings)
    t = time.perf_counter()
    files = render(api, user_templates=options.templates or config.templates, tests=config.tests, diagnostics=diagnostics)
    timings["render"] = time.perf_counter() - t
    t = time.perf_counter()
    files = format_files(files, options.formatter)  # type: ignore[arg-type]
    timings["format"] = time.perf_counter() - t
    _join(pending, options, diagnostics, timings)
    if diagnostics.errors:
        first = diagnostics.errors[0]
        raise GeneratorError(
            f"{len(diagnostics.errors)} error(s); first: {first.message}",
            file=first.file or str(spec),
            pointer=first.pointer,
            hint="fix the spec, or drop --strict to treat spec violations as warnings",
        )
    return Result(api, files, diagnostics, timings)
