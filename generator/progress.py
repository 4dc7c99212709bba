"""Stage progress of a run (issue 9, item 10): ``load``, ``validate``, ``normalize``, ``emit``, ``render``,
``format``, ``write``, ``hooks``, each printed on stderr as it starts and with its time when it ends.

On by default only where a person watches: stderr is a terminal and ``CI`` is not set. ``--progress``
turns it on anywhere (tests, logs), ``--no-progress`` or ``-q`` off.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

Listener = Callable[[str, "float | None"], None]
"""Called with (stage, None) when a stage starts and (stage, seconds) when it ends."""


def wanted(flag: bool | None, *, quiet: bool = False, stream: TextIO | None = None) -> bool:
    if quiet:
        return False
    if flag is not None:
        return flag
    stream = stream if stream is not None else sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("CI")


class Printer:
    """Writes ``  load ... 0.02s`` lines; a stage that raises ends its line with ``failed``."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.open = ""

    def __call__(self, stage: str, seconds: float | None) -> None:
        if seconds is None:
            self.stream.write(f"  {stage:<10} ...")
            self.open = stage
        else:
            self.stream.write(f" {seconds:.2f}s\n" if self.open == stage else f"  {stage:<10} ... {seconds:.2f}s\n")
            self.open = ""
        self.stream.flush()

    def fail(self) -> None:
        if self.open:
            self.stream.write(" failed\n")
            self.stream.flush()
            self.open = ""


@contextmanager
def stage(name: str, timings: dict[str, float], listener: Listener | None) -> Iterator[None]:
    """Time ``name`` into ``timings`` (added to an earlier time of the same stage) and tell ``listener``."""
    if listener is not None:
        listener(name, None)
    start = time.perf_counter()
    try:
        yield
    except BaseException:
        fail = getattr(listener, "fail", None)
        if fail is not None:
            fail()
        raise
    elapsed = time.perf_counter() - start
    timings[name] = timings.get(name, 0.0) + elapsed
    if listener is not None:
        listener(name, elapsed)
