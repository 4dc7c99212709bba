"""Stage 3: normalize the spec into the IR (see :mod:`generator.ir.model`).

The normalizer is imported when first used: a run whose IR comes from the cache
(:mod:`generator.normalize.memo`) never needs it (~15 ms of its start).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.normalize.api import build_api

__all__ = ["build_api"]


def __getattr__(name: str) -> Any:
    if name == "build_api":
        from generator.normalize.api import build_api

        return build_api
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
