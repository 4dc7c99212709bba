"""The closed world a run reads its input from: which folders, how big, how deep.

Every spec is hostile input. A run reads the spec and the files its ``$ref``s name, and
nothing else: no network, no file outside the spec's folder tree (unless the user allows
more folders), no device, FIFO or socket, no document past a size cap, no nesting or
alias expansion past a bound. The limits live here, in one value, so the loader, the
``$ref`` resolver and the validator's resolver apply the same rules.

The pipeline sets the policy for a run with :func:`use_policy`; code deeper down (the
resolver, made by the normalizer) reads it with :func:`current_policy`, so no signature
in between has to carry it.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

MB = 1024 * 1024

#: The CLI flags that raise the limits; messages name them so a user knows what to do.
ALLOW_DIR_FLAG = "--allow-ref-dir"
MAX_SIZE_FLAG = "--max-document-mb"


@dataclass(frozen=True)
class InputPolicy:
    """Limits on what a run may read. The defaults are far above any real spec seen so far
    (the largest shared spec, Stripe, is 4 MB, nests 24 levels and has no aliases)."""

    allowed_dirs: tuple[Path, ...] = field(default=())
    """Folders besides the spec's own folder tree that ``$ref``s may reach."""
    max_bytes: int = 64 * MB
    """Largest document read, in bytes."""
    max_depth: int = 100
    """Deepest nesting of mappings and sequences (the normalizer recurses on it)."""
    max_nodes: int = 2_000_000
    """Most nodes a YAML document may have once its aliases are expanded (billion laughs)."""

    def roots_for(self, spec_file: str) -> tuple[Path, ...]:
        """The folders ``$ref``s of the spec at ``spec_file`` may reach, resolved."""
        own = Path(spec_file).resolve().parent
        return (own, *(Path(d).resolve() for d in self.allowed_dirs))


_CURRENT: contextvars.ContextVar[InputPolicy] = contextvars.ContextVar("oasgen_input_policy", default=InputPolicy())


def current_policy() -> InputPolicy:
    return _CURRENT.get()


@contextlib.contextmanager
def use_policy(policy: InputPolicy) -> Iterator[InputPolicy]:
    """Apply ``policy`` to everything read inside the ``with`` block."""
    token = _CURRENT.set(policy)
    try:
        yield policy
    finally:
        _CURRENT.reset(token)


def is_inside(path: Path, roots: tuple[Path, ...]) -> bool:
    """Whether the resolved ``path`` lies in one of ``roots`` (symbolic links already followed)."""
    return any(path == root or path.is_relative_to(root) for root in roots)
