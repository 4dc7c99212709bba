"""Read one side of a diff: a spec (built into the IR with the user's config) or a saved IR dump."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.config import Config
from generator.diagnostics import Diagnostics, GeneratorError
from generator.diff.model import Surface
from generator.diff.surface import extract
from generator.ir.model import Api


def load_api(path: Path, config: Config) -> Api:
    """The IR of ``path``. A ``.json`` file holding an IR dump is read back as it is (the config
    shaped it when it was dumped); anything else goes through the pipeline, without the
    spec validator: the diff needs the surface, and ``generate`` reports spec violations."""
    from generator.pipeline import Options, build_ir

    if path.suffix.lower() == ".json" and path.is_file():
        from generator.ir.restore import api_from_data, is_ir_dump
        from generator.load import parse_text

        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise GeneratorError(f"cannot read: {exc.strerror}", file=str(path)) from None
        data = parse_text(raw, file=str(path))
        if is_ir_dump(data):
            return api_from_data(data, file=str(path))
    return build_ir(path, config, Options(validate=False), Diagnostics())


def load_surface(path: Path, config: Config) -> Surface:
    """The surface of ``path``. Locations name the spec the IR was built from (for a dump: the
    spec recorded in it), since that is what the JSON pointers point into."""
    api = load_api(path, config)
    surface = extract(api, file=api.source_file or str(path), spec_version=api.spec.version)
    return replace(surface, file=str(path))
