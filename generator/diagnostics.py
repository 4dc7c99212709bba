"""Problems found while generating, as values rather than exceptions.

Every stage reports what it finds through a :class:`Diagnostics` collector. A
warning lets generation go on (the bad piece is skipped or degraded), an error
stops the run before anything is written. Only :class:`GeneratorError` is ever
raised for user-facing failures; the CLI turns it into a one-line message and a
non-zero exit code, never a traceback.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field


CONTENT_LOSS_KIND = "content-dropped"
"""Operations generated with less than the spec says: said prominently, not only in the warning list."""


class Severity(str, enum.Enum):
    INFO = "info"
    """Something the generator did on purpose that a reader may wonder about (not counted as a warning)."""
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem, located by file and JSON pointer (``#/paths/~1pets/get``)."""

    kind: str
    """Short, stable category used for grouping, e.g. ``spec-violation``."""
    message: str
    pointer: str = ""
    file: str = ""
    severity: Severity = Severity.WARNING
    hint: str = ""
    """What the user can do about it."""

    def location(self) -> str:
        where = self.file
        if self.pointer:
            where = f"{where}#{self.pointer}" if where else f"#{self.pointer}"
        return where

    def render(self) -> str:
        loc = self.location()
        text = f"{self.severity.value}: {self.kind}: {self.message}"
        if loc:
            text += f" (at {loc})"
        if self.hint:
            text += f"; {self.hint}"
        return text


@dataclass
class Diagnostics:
    """Collects diagnostics from every stage of one run.

    ``default_file`` (the spec) is filled in for any diagnostic that names no file, so every
    message a user sees has a file as well as a pointer, whichever stage reported it.
    """

    items: list[Diagnostic] = field(default_factory=list)
    default_file: str = ""

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(self._located(diagnostic))

    def warn(self, kind: str, message: str, pointer: str = "", *, file: str = "", hint: str = "") -> None:
        self.items.append(Diagnostic(kind, message, pointer, file or self.default_file, Severity.WARNING, hint))

    def info(self, kind: str, message: str, pointer: str = "", *, file: str = "", hint: str = "") -> None:
        self.items.append(Diagnostic(kind, message, pointer, file or self.default_file, Severity.INFO, hint))

    def error(self, kind: str, message: str, pointer: str = "", *, file: str = "", hint: str = "") -> None:
        self.items.append(Diagnostic(kind, message, pointer, file or self.default_file, Severity.ERROR, hint))

    def extend(self, items: Iterable[Diagnostic]) -> None:
        self.items.extend(self._located(d) for d in items)

    def _located(self, diagnostic: Diagnostic) -> Diagnostic:
        if diagnostic.file or not self.default_file:
            return diagnostic
        from dataclasses import replace

        return replace(diagnostic, file=self.default_file)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def counts_by_kind(self) -> list[tuple[str, Severity, int]]:
        counts = Counter((d.kind, d.severity) for d in self.items)
        return sorted(((k, s, n) for (k, s), n in counts.items()), key=lambda t: (t[1] != Severity.ERROR, -t[2], t[0]))


class GeneratorError(Exception):
    """A failure the user can act on: reported as one message, exit code ``exit_code``.

    ``file`` and ``pointer`` (a JSON pointer or ``line N``) say where; ``hint`` says what to do.
    """

    def __init__(self, message: str, *, file: str = "", pointer: str = "", hint: str = "", exit_code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.pointer = pointer
        self.hint = hint
        self.exit_code = exit_code

    def render(self) -> str:
        loc = self.file
        if self.pointer:
            loc = f"{loc}#{self.pointer}" if not self.pointer.startswith("line") else f"{loc}:{self.pointer[5:]}"
        text = f"error: {loc}: {self.message}" if loc else f"error: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


def escape_pointer_token(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def join_pointer(base: str, *tokens: str | int) -> str:
    """``join_pointer("/paths", "/pets", "get") == "/paths/~1pets/get"``."""
    return base + "".join("/" + escape_pointer_token(t) for t in tokens)


_ERRNO_HINTS: dict[str, str] = {
    "EACCES": "check the permissions of the folder (or pick an output folder you can write to)",
    "EPERM": "check the permissions of the folder (or pick an output folder you can write to)",
    "EROFS": "the file system is read-only: pick an output folder on a writable file system",
    "ENOSPC": "free some disk space, then rerun",
    "EDQUOT": "you are over your disk quota: free some space, then rerun",
    "ENAMETOOLONG": "a file or folder name is too long for this file system: choose a shorter path",
    "ENOTDIR": "a part of the path is a file, not a folder: choose another path",
    "ENOENT": "a folder on the path does not exist: create it or choose another path",
    "EEXIST": "something appeared at this path while the generator ran: check what created it, then rerun",
    "ELOOP": "the path goes through too many symbolic links: choose another path",
    "EIO": "the disk reported an I/O error: check the device, then rerun",
    "EBUSY": "the path is in use (a mount point?): choose another path",
}


def os_error(exc: OSError, action: str, *, path: str = "", tail: str = "", name_file: bool = True) -> GeneratorError:
    """One located message for an OSError: what we were doing, the path, the system's reason, what to do.

    ``tail`` states what happened to the output (for example "the output folder was left unchanged")
    and is only passed where that is true. ``name_file=False`` names ``path`` rather than the file
    the system call failed on (when that is a private temporary name the user never chose).
    """
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    where = exc.filename if name_file and isinstance(exc.filename, str) and exc.filename else path
    reason = exc.strerror or str(exc) or type(exc).__name__
    message = f"{action}: {reason}" + (f"; {tail}" if tail else "")
    return GeneratorError(message, file=where or path, hint=_ERRNO_HINTS.get(name, "check the path and rerun"))
