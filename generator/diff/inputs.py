"""Read one side of a diff: a spec (built into the IR with the user's config) or a saved IR dump."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.config import Config
from generator.diagnostics import Diagnostics
from generator.diff.model import Surface
from generator.diff.surface import extract
from generator.ir.model import Api
from generator.pipeline import Options


def load_api(path: Path, config: Config, options: Options | None = None) -> Api:
    """The IR of ``path``. A ``.json`` file holding an IR dump is read back as it is (the config
    shaped it when it was dumped); anything else goes through the pipeline without the spec
    validator: the diff needs the surface, and ``generate`` reports spec violations. Both are
    read through the loader, so its limits (size, special files, depth) apply to dumps too."""
    from generator.load.policy import use_policy
    from generator.pipeline import build_ir

    options = replace(options or Options(), validate=False)
    if path.suffix.lower() == ".json":
        from generator.ir.restore import api_from_data, is_ir_dump
        from generator.load import read_document

        with use_policy(options.input_policy()):
            data, _ = read_document(path)
        if is_ir_dump(data):
            return api_from_data(data, file=str(path))
    return build_ir(path, config, options, Diagnostics())


def load_surface(path: Path, config: Config, options: Options | None = None) -> Surface:
    """The surface of ``path``. Locations name the spec the IR was built from (for a dump: the
    spec recorded in it), since that is what the JSON pointers point into."""
    api = load_api(path, config, options)
    surface = extract(api, file=api.source_file or str(path), spec_version=api.spec.version)
    return replace(surface, file=str(path))
