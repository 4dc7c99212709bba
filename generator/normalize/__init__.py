"""Stage 3: normalize the spec into the IR (see :mod:`generator.ir.model`)."""

from generator.normalize.api import build_api

__all__ = ["build_api"]
