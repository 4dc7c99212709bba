"""The pipeline: load -> validate -> normalize -> render -> format (-> write, by the caller).

A spec whose normalized IR is in the cache (same bytes, config and generator: see
:mod:`generator.normalize.memo`) is neither parsed nor normalized; the validator parses it only
when its own cache has no answer.

Everything read (the spec, the files its ``$ref``s name, what the validator resolves) is
read under one :class:`generator.load.policy.InputPolicy`, made from the options.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.config import Config, rooted, unmatched_overrides
from generator.diagnostics import Diagnostics, GeneratorError, Severity
from generator.ir.model import Api, SpecStamp
from generator.load import read_document
from generator.load.policy import MB, InputPolicy, use_policy
from generator.progress import Listener, stage
from generator.render.renderer import render


@dataclass
class Options:
    validate: bool = True
    strict: bool = False
    formatter: str = "ruff"
    templates: Path | None = None
    allowed_ref_dirs: tuple[Path, ...] = ()
    """Folders besides the spec's own folder tree that ``$ref``s may read (``--allow-ref-dir``)."""
    max_document_mb: float | None = None
    """Size cap of every document read, in MB (``--max-document-mb``); None: the default."""
    progress: Listener | None = None
    """Told as each stage starts and ends (see :mod:`generator.progress`)."""

    def input_policy(self) -> InputPolicy:
        policy = InputPolicy(allowed_dirs=tuple(self.allowed_ref_dirs))
        if self.max_document_mb is not None:
            policy = replace(policy, max_bytes=int(self.max_document_mb * MB))
        return policy


@dataclass
class Result:
    api: Api
    files: dict[str, str]
    diagnostics: Diagnostics
    timings: dict[str, float] = field(default_factory=dict)


def load(spec: Path) -> tuple[Mapping[str, Any], bytes, str]:
    document, raw = read_document(spec)
    return document, raw, _version_of(document, spec)


def _version_of(document: Any, spec: Path) -> str:
    from generator.validate import detect_version

    if not isinstance(document, dict):
        kind = "empty" if document is None else type(document).__name__
        raise GeneratorError(
            f"not an OpenAPI document: the top level is {kind}, not a mapping",
            file=str(spec),
            hint="an OpenAPI description starts with 'openapi: 3.x' at the top level",
        )
    return detect_version(document, file=str(spec))


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


def _start(spec: Path, config: Config, options: Options, diagnostics: Diagnostics, timings: dict[str, float]) -> tuple[Api, list[Any] | None]:
    with use_policy(options.input_policy()):
        return _load_validate_normalize(spec, config, options, diagnostics, timings)


def _load_validate_normalize(
    spec: Path, config: Config, options: Options, diagnostics: Diagnostics, timings: dict[str, float]
) -> tuple[Api, list[Any] | None]:
    from generator.load.document import parse_cached
    from generator.load.files import read_input_bytes, reads
    from generator.normalize import memo
    from generator.validate import validate_document

    with stage("load", timings, options.progress):
        raw = read_input_bytes(spec)
        key = memo.entry_key(raw, str(spec), config)
        # The same spec, config and generator as a run before: its IR, without parsing or normalizing.
        known = memo.lookup(key)
        document: Any = None
        if known is None:
            document = parse_cached(raw, file=str(spec))
            version = _version_of(document, spec)
        else:
            version = known.version

    def parsed() -> Mapping[str, Any]:  # what the validator reads on a miss of its own cache
        return document if document is not None else parse_cached(raw, file=str(spec))

    found: list[Any] | None = None
    if not options.validate:
        timings["validate"] = 0.0
    else:
        # In this thread, before normalizing: run in a thread of its own next to the normalizer (the
        # Rust validator releases the GIL, ~0.3 s of a cold OpenAI run) it crashed the process with a
        # segmentation fault under CI load, so the overlap is not worth it.
        with stage("validate", timings, options.progress):
            found = validate_document(parsed, file=str(spec), version=version, raw_bytes=raw)
    with stage("normalize", timings, options.progress):
        if known is not None:
            api = known.api
            diagnostics.extend(known.diagnostics)
        else:
            from generator.normalize import build_api

            before = len(diagnostics.items)
            try:
                with reads() as read:
                    api = build_api(document, file=str(spec), version=version, config=config, diagnostics=diagnostics)
            except RecursionError as exc:
                raise _too_deep(exc, spec) from None
            except GeneratorError as exc:
                exc.pointer = rooted(config, exc.file, exc.pointer)  # a config key of a pyproject.toml: under /tool/pyoasgen
                raise
            api = replace(api, spec=stamp(document, raw))
            memo.store(key, memo.Normalized(api, tuple(diagnostics.items[before:]), version), read, str(spec))
        diagnostics.extend(unmatched_overrides(config, (s.name for s in api.client.security_schemes)))
        if config.pointer_root:
            diagnostics.items[:] = [replace(d, pointer=rooted(config, d.file, d.pointer)) for d in diagnostics.items]
        if options.strict:
            _refuse_unmatched(diagnostics)
    return api, found


def _refuse_unmatched(diagnostics: Diagnostics) -> None:
    """``--strict``: a config entry that matches nothing (``unmatched-override``) is an error (exit 2),
    before anything is generated; every such entry is listed with its pointer."""
    stale = [d for d in diagnostics if d.kind == "unmatched-override"]
    if not stale:
        return
    first = stale[0]
    more = "".join(f"\n  also: {d.message} (at {d.location()}); {d.hint}" for d in stale[1:])
    raise GeneratorError(
        f"{len(stale)} config entr{'y matches' if len(stale) == 1 else 'ies match'} nothing in the spec (--strict); first: {first.message}{more}",
        file=first.file,
        pointer=first.pointer,
        hint=first.hint + "; or drop --strict to only warn",
        exit_code=2,
    )


def _too_deep(exc: RecursionError, spec: Path) -> GeneratorError:
    """A located message for a RecursionError in the normalizer (an allOf cycle, say): the innermost
    frame that holds a spec ``Location`` says where it was."""
    from generator.load.refs import Location

    where: Location | None = None
    tb = exc.__traceback__
    while tb is not None:
        for value in tb.tb_frame.f_locals.values():
            # A Location whose construction the RecursionError interrupted has no fields yet.
            if isinstance(value, Location) and hasattr(value, "pointer") and hasattr(value, "file"):
                where = value
        tb = tb.tb_next
    return GeneratorError(
        "the schemas refer to each other in a cycle the generator cannot lay out (for example A allOf B allOf A), "
        "or nest too deep",
        file=where.file if where is not None else str(spec),
        pointer=where.pointer if where is not None else "",
        hint="break the cycle (an allOf of itself adds nothing), or flatten the nesting",
    )


def _join(pending: list[Any] | None, options: Options, diagnostics: Diagnostics, timings: dict[str, float]) -> None:
    if pending is None:
        return
    found = pending
    if options.strict:
        found = [_as_error(d) for d in found]
    diagnostics.extend(found)


def _as_error(d: Any) -> Any:
    from dataclasses import replace

    return replace(d, severity=Severity.ERROR)


def run(spec: Path, config: Config, options: Options) -> Result:
    """The whole pipeline but writing; validation findings join the diagnostics at the end.

    Python's cycle collector is paused for the run: the pipeline builds millions of long-lived
    objects (document, IR, emission, files) and almost no cyclic garbage, so its passes over the
    growing heap only cost time (~0.3 s of a warm OpenAI run, ~0.4 s of stripe's; +2 MB peak)."""
    from generator.load.parse import gc_paused

    with gc_paused():
        return _run(spec, config, options)


def _run(spec: Path, config: Config, options: Options) -> Result:
    from generator.format import format_files
    from generator.render.user_templates import blame_user_templates, check_readable, template_error, unused_templates

    diagnostics = Diagnostics(default_file=str(spec))
    timings: dict[str, float] = {}
    api, pending = _start(spec, config, options, diagnostics, timings)
    user_templates = options.templates or config.templates
    check_readable(user_templates)
    from generator.emit import emit

    with stage("emit", timings, options.progress):
        emission = emit(api, diagnostics)
    with stage("render", timings, options.progress):
        try:
            files = render(api, user_templates=user_templates, tests=config.tests, diagnostics=diagnostics, emission=emission)
        except Exception as exc:
            located = template_error(exc, user_templates)
            if located is None:
                raise
            raise located from None
        mixins = {str((user_templates / name).resolve()) for _, name in (*api.mixins, *api.resource_mixins)} if user_templates is not None else set()
        diagnostics.extend(d for d in unused_templates(user_templates) if str(Path(d.file).resolve()) not in mixins)  # config mixins use theirs
    with stage("format", timings, options.progress):
        try:
            files = format_files(files, options.formatter)  # type: ignore[arg-type]
        except GeneratorError as exc:
            raise blame_user_templates(exc, user_templates) from None
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
