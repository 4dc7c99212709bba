"""The switch from the old generation to the new one: one atomic rename, then a replayable journal.

Why a journal and not a folder swap: swapping ``out_dir`` wholesale would have to carry the
user's foreign files (a ``.git``, a venv) across, fails when ``out_dir`` is a mount point or its
parent is read-only, and strands shells and file watchers sitting in the old folder. Instead every
change is prepared inside ``out_dir`` and the *decision* to switch is a single ``rename``:

1. *stage* into ``out_dir/.oasgen-txn.tmp/``: the new bytes (``n/<key>``) and ``journal.json``, the
   list of operations that turn the old tree into the new one. A kill here leaves the old tree
   plus a ``.tmp`` folder that the next run deletes (roll back).
2. *commit*: ``rename(.oasgen-txn.tmp, .oasgen-txn)``. From this instant the new generation is
   decided: a kill at any later moment is completed by the next run (roll forward).
3. *apply* the journal: every operation is idempotent, so replaying it after a kill at any point
   (even inside an operation, or inside an earlier replay) converges on the new tree. Old versions
   are kept in ``o/<key>`` so an I/O error in this phase can still be undone in-process.
4. *finish*: ``rename(.oasgen-txn, .oasgen-txn.tmp)`` (the journal stops counting), then delete it.

SIGINT and SIGTERM are held back between commit and finish (a few milliseconds of renames), so a
Ctrl-C never lands in the middle; only SIGKILL or power loss can, and :func:`recover` (run first by
every write) rolls forward. Files are not fsync'ed: a process kill never loses written data, a
power loss may.

A brand-new ``out_dir`` is simpler: the whole tree is staged in a hidden sibling and renamed into
place in one step (:func:`create_fresh`).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import GeneratorError, os_error

__all__ = ["COMMITTED", "STAGING", "InterruptedAfterSwitch", "Operation", "PartialSwitch", "apply_journal", "create_fresh", "recover", "signals_held"]

COMMITTED = ".oasgen-txn"
STAGING = ".oasgen-txn.tmp"
_JOURNAL = "journal.json"
_FRESH_TAG = ".oasgen-new-"
_LEGACY_TAG = ".oasgen-tmp-"
_FORMAT = 1


@dataclass(frozen=True)
class Operation:
    """One step of the switch. ``kind``: ``unlink`` (a stale file), ``rmdir``, ``mkdir``,
    ``create`` or ``replace`` (put staged ``n/<key>`` at ``path``)."""

    kind: str
    path: str
    key: str = ""
    mode: int = 0o755


# ------------------------------------------------------------------------------------------ signals


class InterruptedAfterSwitch(KeyboardInterrupt):
    """Ctrl-C or SIGTERM arrived while the switch ran; it completed, so out_dir holds the new tree."""


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT/SIGTERM back while the block switches generations.

    A signal that arrived meanwhile is raised when the block ends: as :class:`InterruptedAfterSwitch`
    if the block completed (so the caller can say truthfully that the new tree is in place), as
    whatever the block raised otherwise. CPython runs pending handlers inside ``pthread_sigmask``.
    """
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    except BaseException:
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        except KeyboardInterrupt:
            pass  # the block's own failure is the more useful report
        raise
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    except KeyboardInterrupt:
        raise InterruptedAfterSwitch() from None


# ------------------------------------------------------------------------------------------ staging


def stage(out_dir: Path, ops: list[Operation], content: dict[str, tuple[bytes, int | None]]) -> Path:
    """Write ``.oasgen-txn.tmp`` (staged bytes by key, and the journal); out_dir's entries are not touched."""
    root = out_dir / STAGING
    try:
        _remove_tree(root)
        os.mkdir(root, 0o700)
        os.mkdir(root / "n")
        os.mkdir(root / "o")
        for key, (data, mode) in content.items():
            with open(root / "n" / key, "xb") as fh:  # honours the umask, like any new file
                fh.write(data)
            if mode is not None:
                os.chmod(root / "n" / key, mode)
        doc = {"format": _FORMAT, "ops": [[op.kind, op.path, op.key, op.mode] for op in ops]}
        (root / _JOURNAL).write_text(json.dumps(doc), encoding="utf-8")
    except BaseException as exc:
        _remove_tree(root)
        if isinstance(exc, OSError):
            raise os_error(exc, "could not stage the generated files", path=str(out_dir),
                           tail="the output folder was left unchanged", name_file=False) from None  # fmt: skip
        raise
    return root


def commit(out_dir: Path) -> None:
    """The one atomic step: from here on the new generation is decided."""
    os.rename(out_dir / STAGING, out_dir / COMMITTED)


def finish(out_dir: Path) -> None:
    os.rename(out_dir / COMMITTED, out_dir / STAGING)
    _remove_tree(out_dir / STAGING)


# -------------------------------------------------------------------------------------------- apply


def _load(txn: Path) -> list[Operation]:
    doc = json.loads((txn / _JOURNAL).read_text(encoding="utf-8"))
    if doc.get("format") != _FORMAT:
        raise ValueError(f"unknown journal format {doc.get('format')!r}")
    from generator.write import check_relative_path  # the writer's own path rules; imported late (cycle)

    ops = [Operation(str(k), str(p), str(key), int(mode)) for k, p, key, mode in doc["ops"]]
    for op in ops:  # a tampered journal must not move files outside out_dir either
        check_relative_path(op.path, what="journal entry")
        if op.key and ("/" in op.key or op.key in (".", "..")):
            raise ValueError(f"malformed journal key {op.key!r}")
    return ops


class PartialSwitch(OSError):
    """The replay failed and could not be fully undone: out_dir is between generations until the
    committed journal is replayed again (by the next run)."""


def apply_journal(out_dir: Path) -> None:
    """Replay the committed journal; every step is idempotent. On an OSError the steps done in this
    call are undone in reverse (the journal stays committed, so a kill during the undo still
    converges on the new tree) and the error propagates; :class:`PartialSwitch` if the undo failed."""
    txn = out_dir / COMMITTED
    done: list[Operation] = []
    try:
        for op in _load(txn):
            _forward(out_dir, txn, op)
            done.append(op)
    except OSError as exc:
        undone = [_backward(out_dir, txn, op) for op in reversed(done)]
        if not all(undone):
            raise PartialSwitch(exc.errno, exc.strerror, exc.filename) from exc
        raise


def _forward(out: Path, txn: Path, op: Operation) -> None:
    target, new, old = out / op.path, txn / "n" / op.key, txn / "o" / op.key
    if op.kind == "unlink":
        if os.path.lexists(target) and not os.path.lexists(old):
            os.replace(target, old)
    elif op.kind == "rmdir":
        if os.path.isdir(target) and not os.path.islink(target):
            try:
                os.rmdir(target)
            except OSError as exc:
                if not os.listdir(target):
                    raise
                del exc  # something appeared in it since planning: it is not ours to delete
    elif op.kind == "mkdir":
        if not os.path.isdir(target):
            os.mkdir(target)
    elif op.kind == "replace":
        if not os.path.lexists(new):
            return  # already in place
        if os.path.lexists(target) and not os.path.lexists(old):
            try:
                os.link(target, old)  # the old version stays reachable for an undo; target never vanishes
            except OSError:
                os.replace(target, old)  # file systems without hard links
        os.replace(new, target)
    elif op.kind == "create":
        if not os.path.lexists(new):
            return
        try:
            os.link(new, target)  # never clobbers a file that appeared meanwhile
        except FileExistsError:
            if not os.path.samefile(new, target):
                raise
        except OSError:
            if os.path.lexists(target):
                raise FileExistsError(17, "File exists", str(target)) from None
            os.replace(new, target)
            return
        os.unlink(new)
    else:
        raise ValueError(f"unknown journal operation {op.kind!r}")


def _backward(out: Path, txn: Path, op: Operation) -> bool:
    """Undo a completed :func:`_forward` (in-process, after an I/O error); False if it failed."""
    target, new, old = out / op.path, txn / "n" / op.key, txn / "o" / op.key
    try:
        if op.kind == "unlink":
            if os.path.lexists(old):
                os.replace(old, target)
        elif op.kind == "rmdir":
            os.mkdir(target)
            os.chmod(target, op.mode)
        elif op.kind == "mkdir":
            os.rmdir(target)
        elif op.kind in ("replace", "create"):
            os.replace(target, new)
            if op.kind == "replace" and os.path.lexists(old):
                os.replace(old, target)
    except OSError:
        return False  # the journal is still committed: the next run completes the new tree instead
    return True


# ----------------------------------------------------------------------------------------- recovery


def recover(out_dir: Path) -> list[str]:
    """Bring out_dir to a clean old-or-new state after a killed run; return what was done.

    A committed journal is rolled forward; uncommitted staging and the hidden sibling folders of
    an interrupted first write (or of earlier generator versions) are deleted.
    """
    notes: list[str] = []
    out_dir = Path(os.path.abspath(out_dir))
    for debris in _sibling_debris(out_dir):
        _remove_tree(debris)
        notes.append(f"removed {debris} left by an interrupted run")
    if not _is_real_dir(out_dir):
        return notes
    for entry in _legacy_inner_debris(out_dir):
        _remove_tree(entry)
        notes.append(f"removed {entry} left by an interrupted run")
    if _is_real_dir(out_dir / COMMITTED):
        try:
            with signals_held():  # a Ctrl-C lands before or after the roll-forward, never inside
                apply_journal(out_dir)
                finish(out_dir)
        except (OSError, ValueError, KeyError, TypeError, GeneratorError) as exc:
            raise GeneratorError(
                f"could not complete the interrupted write recorded in {out_dir / COMMITTED}: "
                f"{exc.strerror if isinstance(exc, OSError) and exc.strerror else exc}",
                file=str(out_dir),
                hint="fix the cause (permissions, free space) and rerun; the journal is kept until the write completes",
            ) from None
        notes.append(f"completed the interrupted write into {out_dir}")
    if os.path.lexists(out_dir / STAGING):
        _remove_tree(out_dir / STAGING)
        notes.append(f"removed the unfinished staging folder {out_dir / STAGING}")
    return notes


def pending(out_dir: Path) -> bool:
    """True if an interrupted write into out_dir is waiting to be completed."""
    return _is_real_dir(Path(out_dir) / COMMITTED)


def _sibling_debris(out_dir: Path) -> list[Path]:
    """Hidden siblings of out_dir (and of its missing ancestors) that a killed first write left."""
    found: list[Path] = []
    node = out_dir
    while True:
        parent = node.parent
        if _is_real_dir(parent):
            try:
                names = os.listdir(parent)
            except OSError:
                names = []
            for name in names:
                ours = name.startswith((f".{node.name}{_FRESH_TAG}", f".{node.name}{_LEGACY_TAG}"))
                if ours and _is_real_dir(parent / name):
                    found.append(parent / name)
        if _is_real_dir(parent) or parent == node:
            return found
        node = parent


def _legacy_inner_debris(out_dir: Path) -> list[Path]:
    try:
        names = os.listdir(out_dir)
    except OSError:
        return []
    return [out_dir / n for n in names if n.startswith(_LEGACY_TAG) and _is_real_dir(out_dir / n)]


def _is_real_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _remove_tree(path: Path) -> None:
    if _is_real_dir(path):
        shutil.rmtree(path, ignore_errors=True)
    elif os.path.lexists(path):
        try:
            os.unlink(path)
        except OSError:
            pass


# ------------------------------------------------------------------------------------ a first write


def create_fresh(out_dir: Path, files: dict[str, bytes], dirs: list[str]) -> None:
    """Create out_dir (which does not exist) with ``files`` in one rename.

    The tree is built in a hidden sibling of the topmost missing folder (``.b.oasgen-new-*`` for
    ``a/b/c`` when only ``a`` exists), then renamed into place, so a kill leaves either nothing or
    the whole tree, plus at worst a hidden folder that the next run deletes.
    """
    top = out_dir
    while not os.path.lexists(top.parent) and top.parent != top:
        top = top.parent
    parent = top.parent
    if not _is_real_dir(parent):
        raise GeneratorError("the output folder's parent is not a folder", file=str(parent),
                             hint="choose an output folder inside an existing folder")  # fmt: skip
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{top.name}{_FRESH_TAG}", dir=parent))
    except OSError as exc:
        raise os_error(exc, f"cannot create the output folder {out_dir}", path=str(parent), name_file=False) from None
    try:
        os.chmod(staging, 0o777 & ~_umask())
        inner = staging / out_dir.relative_to(top)
        os.makedirs(inner, exist_ok=True)
        for d in dirs:
            os.makedirs(inner / d, exist_ok=True)
        for rel, data in files.items():
            with open(inner / rel, "xb") as fh:
                fh.write(data)
    except BaseException as exc:
        _remove_tree(staging)
        if isinstance(exc, OSError):
            raise os_error(exc, "could not write the output folder", path=str(out_dir),
                           tail="nothing was created", name_file=False) from None  # fmt: skip
        raise
    try:
        with signals_held():
            os.rename(staging, top)  # the one atomic step
    except OSError as exc:
        _remove_tree(staging)
        raise os_error(exc, "could not move the new output folder into place", path=str(top),
                       tail="nothing was created", name_file=False) from None  # fmt: skip


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
