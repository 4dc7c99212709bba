"""Child processes (ruff, black workers) never outlive the generator, even after SIGKILL.

On Linux each child asks the kernel for SIGKILL when its parent dies (``PR_SET_PDEATHSIG``), and
exits at once if the parent is already gone. Elsewhere this is a no-op: there ``subprocess.run``
still kills its child on Ctrl-C/SIGTERM (they raise KeyboardInterrupt in the parent), and only a
SIGKILL of the generator can strand a formatter for the second it takes to finish.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1


def _load_prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None


_PRCTL = _load_prctl()  # looked up in the parent: the forked child only makes the call


def die_with_parent(parent: int) -> None:
    """Pool ``initializer`` (``initargs=(os.getpid(),)``): make this child die with ``parent``."""
    if _PRCTL is None:
        return
    _PRCTL(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def preexec() -> Callable[[], None] | None:
    """What to pass as ``subprocess`` ``preexec_fn`` (None where it would do nothing)."""
    if _PRCTL is None:
        return None
    parent = os.getpid()
    return lambda: die_with_parent(parent)
