"""Shared by the diff tests: spec mutations the way upstreams change their specs, and the checks on a diff's labels.

A case mutates a copy of a real spec (never a committed copy of a big spec), runs the
diff through the same code as ``python -m generator diff``, and states exactly which
changes are breaking; every other change must be labelled non-breaking.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.config import load_config
from generator.diff.compare import compare
from generator.diff.inputs import load_surface
from generator.diff.model import Change, Surface

Doc = dict[str, Any]
Key = tuple[str, str]
"""``(subject, action)`` of a change, e.g. ``("pets.list(limit)", "changed")``."""


@dataclass(frozen=True)
class Case:
    id: str
    mutate: Callable[[Doc], None]
    breaking: frozenset[Key]
    """Exactly the changes that must be labelled breaking."""
    non_breaking: frozenset[Key] = frozenset()
    """Changes that must be reported and labelled non-breaking (others may be too)."""
    config: Doc | None = None
    no_changes: bool = False
    """The SDK surface must not change at all."""
    tags: dict[Key, str] = field(default_factory=dict)
    """A tag some change must carry (``pagination``, ``enum`` ...)."""


def read_spec(path: Path) -> Doc:
    """A fresh, mutable copy of the spec (parsed through the generator's loader)."""
    from generator.load import read_document

    document, _ = read_document(path)
    copied: Doc = json.loads(json.dumps(document))
    return copied


def write_spec(document: Doc, folder: Path, name: str) -> Path:
    path = folder / f"{name}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def write_config(config: Doc | None, folder: Path, name: str) -> Path | None:
    if config is None:
        return None
    path = folder / f"{name}.config.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def surface_of(spec: Path, config: Path | None = None) -> Surface:
    return load_surface(spec, load_config(config))


def run_case(case: Case, base: Path, folder: Path, base_surface: Callable[[Path | None], Surface]) -> list[Change]:
    document = read_spec(base)
    case.mutate(document)
    new = write_spec(document, folder, case.id)
    config = write_config(case.config, folder, case.id)
    return compare(base_surface(config), surface_of(new, config))


def check_labels(case: Case, changes: list[Change]) -> None:
    listing = "\n".join(f"  {c.label:12} {c.subject} {c.action}: {c.message}" for c in changes)
    if case.no_changes:
        assert changes == [], f"{case.id}: expected no change, got\n{listing}"
        return
    breaking = {(c.subject, c.action) for c in changes if c.breaking}
    assert breaking == set(case.breaking), f"{case.id}: breaking changes differ\n  missed: {set(case.breaking) - breaking}\n  extra: {breaking - set(case.breaking)}\n{listing}"
    found = {(c.subject, c.action): c for c in changes}
    for key in case.non_breaking:
        assert key in found, f"{case.id}: {key} not reported\n{listing}"
        assert not found[key].breaking, f"{case.id}: {key} labelled breaking\n{listing}"
    for key, tag in case.tags.items():
        assert key in found and tag in found[key].tags, f"{case.id}: {key} lacks tag {tag}\n{listing}"
    for c in changes:
        assert not re.search(r"type (\S+) -> \1$", c.message), f"{case.id}: a change that changes nothing: {c.message}"
        assert c.old is not None or c.new is not None, c
        for where in (c.old, c.new):
            if where is not None:
                assert where.file, c


def op(document: Doc, path: str, method: str) -> Doc:
    found: Doc = document["paths"][path][method]
    return found


def schema(document: Doc, name: str) -> Doc:
    found: Doc = document["components"]["schemas"][name]
    return found
