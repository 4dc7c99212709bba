"""``python -m generator diff OLD NEW``: what changes for a Python caller of the generated SDK.

Pipeline: each side -> IR (:mod:`generator.diff.inputs`) -> surface
(:mod:`generator.diff.surface`, the one reader of the IR) -> changes
(:mod:`generator.diff.compare`, labelled by :mod:`generator.diff.classify`) ->
report (:mod:`generator.diff.report`).
"""

from __future__ import annotations

from pathlib import Path

from generator.config import Config
from generator.diff.compare import compare
from generator.diff.inputs import load_surface
from generator.diff.model import Change, Surface
from generator.diff.report import Format, Side, render
from generator.pipeline import Options


def diff_surfaces(old: Surface, new: Surface) -> list[Change]:
    return compare(old, new)


def diff_files(old: Path, new: Path, config: Config, options: Options | None = None) -> tuple[list[Change], Side, Side]:
    """Changes from ``old`` to ``new`` (specs or IR dumps), both read with ``config`` and the input ``options``."""
    before, after = load_surface(old, config, options), load_surface(new, config, options)
    return compare(before, after), Side.of(before), Side.of(after)


__all__ = ["Change", "Format", "Side", "Surface", "diff_files", "diff_surfaces", "render"]
