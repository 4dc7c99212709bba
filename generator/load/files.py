"""Reading one input file's bytes, refusing what is not a regular file or is too big.

``/dev/zero`` as a spec once ate gigabytes, and a FIFO blocked forever: the kind of file
is checked with ``stat`` before it is opened, and again on the open descriptor (opened
non-blocking, so even a FIFO swapped in between cannot block), and no more than the size
cap plus one byte is ever read.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from generator.diagnostics import GeneratorError
from generator.load.policy import MAX_SIZE_FLAG, MB, current_policy

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str | None:
    """What the file is when it is not a regular file."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "not a regular file"


def _refuse_kind(path: Path, mode: int) -> None:
    kind = _kind(mode)
    if kind is not None:
        raise GeneratorError(
            f"is {kind}, not a regular file; it was not read",
            file=str(path),
            hint="pass (or $ref) a YAML or JSON file",
        )


def _too_big(path: Path, size: int, limit: int) -> GeneratorError:
    return GeneratorError(
        f"the document is {size / MB:.1f} MB, over the {limit / MB:.0f} MB limit; it was not read",
        file=str(path),
        hint=f"raise the limit with {MAX_SIZE_FLAG} N if the file is really meant to be that big",
    )


_READ: dict[str, str] = {}


def files_read() -> dict[str, str]:
    """Every input file this process read so far (absolute path -> sha256 of the bytes read): what
    the no-op fast path of ``generate`` checks next time (:mod:`generator.write.uptodate`)."""
    return dict(_READ)


def forget_reads() -> None:
    """Start a new record (each ``generate`` in one process records only its own inputs)."""
    _READ.clear()


_SCOPES: list[dict[str, str]] = []


@contextlib.contextmanager
def reads() -> Iterator[dict[str, str]]:
    """Every input file read inside the ``with`` block (absolute path -> sha256), whatever was read
    before it: what a result made in the block depends on (the normalized-IR cache checks them)."""
    scope: dict[str, str] = {}
    _SCOPES.append(scope)
    try:
        yield scope
    finally:
        # by identity: list.remove compares by value, and an enclosing scope may hold the same reads
        del _SCOPES[next(i for i, s in enumerate(_SCOPES) if s is scope)]


def read_input_bytes(path: Path) -> bytes:
    """The bytes of ``path``, or a located :class:`GeneratorError` saying why not."""
    data = _read_input_bytes(path)
    absolute, digest = os.path.abspath(path), hashlib.sha256(data).hexdigest()
    _READ[absolute] = digest
    for scope in _SCOPES:
        scope[absolute] = digest
    return data


def _read_input_bytes(path: Path) -> bytes:
    limit = current_policy().max_bytes
    try:
        info = os.stat(path)
        _refuse_kind(path, info.st_mode)
        if info.st_size > limit:
            raise _too_big(path, info.st_size, limit)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            _refuse_kind(path, os.fstat(fd).st_mode)  # swapped for something else since the stat
            chunks: list[bytes] = []
            total = 0
            while chunk := os.read(fd, min(1 * MB, limit + 1 - total)):
                chunks.append(chunk)
                total += len(chunk)
                if total > limit:  # the file grew while we read it
                    raise _too_big(path, total, limit)
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise GeneratorError("file not found", file=str(path), hint="check the path to the OpenAPI document") from None
    except PermissionError:
        raise GeneratorError("permission denied", file=str(path), hint="make the file readable, or pass another one") from None
    except OSError as exc:
        raise GeneratorError(f"cannot read: {exc.strerror or exc}", file=str(path), hint="check the path") from None
    return b"".join(chunks)
