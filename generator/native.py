"""What the Rust extension modules (yaml-rs, openapi-spec-validator-rs) need before they load.

Both link the mimalloc allocator, which by default keeps the memory it frees for ten
milliseconds of later activity. A run of ours frees it once and allocates in Python from then on,
so the validator's working memory (~35 MB for the OpenAI spec) and the parser's would stay in the
process until it exits, on top of everything after them. ``MIMALLOC_PURGE_DELAY=0`` gives it back
at once (measured: no slower). mimalloc reads its options when the module loads, so
:func:`before_loading` runs before each import; a value the user set is kept, and ruff (which
the formatter starts) does not inherit ours.
"""

from __future__ import annotations

import os

PURGE = "MIMALLOC_PURGE_DELAY"
_set_here = False


def before_loading() -> None:
    """Call before importing a Rust extension module (idempotent)."""
    global _set_here
    if PURGE not in os.environ:
        os.environ[PURGE] = "0"
        _set_here = True


def child_environment(env: dict[str, str]) -> dict[str, str]:
    """``env`` (a copy of ``os.environ`` for a child process) without what :func:`before_loading` set."""
    if _set_here:
        env.pop(PURGE, None)
    return env
