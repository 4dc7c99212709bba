"""Write the generated tree to disk (pipeline stage ``write``), safely and atomically.

Ownership
    ``out_dir/.oasgen-manifest.json`` records every file the generator wrote (with its sha256),
    the folders it created, and the generator version. Sorted JSON, no timestamps: the same
    input always gives a byte-identical tree, manifest included. Only paths in the manifest are
    *owned*; everything else in ``out_dir`` (a ``.git`` folder, a venv, the user's ``notes.md``,
    even inside generated packages) is *foreign* and is never modified, moved or deleted.

Regeneration
    * a generated file whose bytes are already on disk is not rewritten (mtime kept, ``make`` and
      editors stay quiet); changed owned files are replaced; new files are created;
    * owned files that the new tree no longer contains ("stale") are deleted, but only if they
      still have the content we wrote; a stale file the user edited is left in place, dropped
      from the manifest (it is the user's now) and listed in :attr:`WriteReport.kept`;
    * folders the generator created that end up empty are removed; folders that were already
      there, or that still hold foreign files, stay;
    * a generated path that is already occupied by something we do not own (a foreign file with
      different content, a folder, a symbolic link) is a **conflict**: nothing at all is written
      and :class:`~generator.diagnostics.GeneratorError` (exit 1) lists the paths. A foreign
      file with exactly the generated content is simply adopted.

    So a non-empty ``out_dir`` without a manifest (first run into an existing git repository,
    or a folder produced by another generator) is accepted exactly when that would overwrite
    nothing; otherwise the run refuses, and the user decides what to delete. Unlike
    openapi-python-client's ``--overwrite`` there is no mode that deletes the folder wholesale.
    A manifest that cannot be read is an error too (we could no longer tell our files from the
    user's); deleting it makes every existing file foreign.

Atomicity
    All content is taken from ``files`` (which may render lazily) and validated, and the whole
    plan is computed, before the disk is touched. Then:

    1. *stage*: every new or changed file is written into a private temporary folder next to
       ``out_dir`` (on the same file system; inside ``out_dir`` if the parent is not writable or
       is a different file system, e.g. ``out_dir`` is a mount point). All the slow and
       failure-prone I/O (disk full, permissions, encoding) happens here; a failure deletes the
       staging folder and leaves ``out_dir`` untouched.
    2. *commit*: renames only, in an undo journal: stale files are moved into the staging folder,
       emptied generated folders removed, new folders created, changed files swapped in with
       ``os.replace`` (the old version kept as a hard link or moved aside), new files linked in,
       and the manifest last. If anything fails (or the run is interrupted) the journal is undone
       in reverse, which restores every file with its original inode, mode and mtime (and the
       touched folders' mtimes), and GeneratorError is raised.

    Swapping the whole folder (``out_dir`` -> backup, staging -> ``out_dir``) was rejected: it
    fails when ``out_dir`` is a mount point (common with Docker) or its parent is read-only,
    would have to move the user's ``.git``/venv across, leaves a window where ``out_dir`` does not
    exist, and invalidates shells and file watchers that sit in ``out_dir``. Per-file swaps keep
    ``out_dir`` itself, never touch foreign entries, and leave unchanged files alone.

    Limits: the commit is a sequence of renames, not one atomic step, so a hard kill or power
    loss during it (milliseconds) can leave a mix of old and new files plus a hidden
    ``.<name>.oasgen-tmp-*`` folder next to ``out_dir`` (or ``.oasgen-tmp-*`` inside it); rerunning
    the generator converges (files it placed have the generated content and are adopted) and the
    leftover folder can be deleted. Files are not
    fsync'ed. Two runs into the same ``out_dir`` at the same time are not supported.

Paths
    Keys of ``files`` are relative POSIX paths. Absolute paths, ``..``/``.``/empty components,
    backslashes, colons (drive letters, NTFS streams) and control characters are rejected, as
    are two paths that differ only in case or Unicode normalisation (they would overwrite each
    other on macOS/Windows) and a path that is both a file and a folder, so no spec can make us
    write outside ``out_dir``. Nothing is ever written through a symbolic link inside ``out_dir``.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import shutil
import stat
import tempfile
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.diagnostics import GeneratorError

__all__ = ["MANIFEST_NAME", "TreeDiff", "WriteReport", "check_relative_path", "diff_tree", "write_tree"]

MANIFEST_NAME = ".oasgen-manifest.json"
MANIFEST_FORMAT = 1
_TOOL = "oasgen"
_LIST_LIMIT = 10


@dataclass(frozen=True)
class WriteReport:
    written: int
    """Files created or replaced."""
    unchanged: int
    """Generated files already on disk with the right content (not rewritten)."""
    removed: int
    """Stale generated files deleted."""
    out_dir: Path
    kept: tuple[str, ...] = ()
    """Stale generated files left in place because they were edited since we wrote them."""


@dataclass(frozen=True)
class TreeDiff:
    """What :func:`write_tree` would change (for drift checks). Paths are sorted, relative to out_dir."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    summary: str
    """Counts, one ``A``/``M``/``D`` line per path, then unified diffs of changed files; truncated."""

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.removed)


# ------------------------------------------------------------------------------------------- paths

_FORBIDDEN_CHARS = frozenset('\\:*?"<>|') | frozenset(chr(c) for c in range(32)) | {"\x7f"}


def check_relative_path(path: object, *, what: str = "generated file") -> str:
    """Return ``path`` if it is a safe, canonical relative POSIX path, else raise GeneratorError."""
    if not isinstance(path, str):
        raise GeneratorError(f"{what} path must be a string, got {type(path).__name__}", hint=_BUG_HINT)
    problem = ""
    if not path:
        problem = "is empty"
    elif path.startswith("/"):
        problem = "is absolute"
    elif bad := sorted(set(path) & _FORBIDDEN_CHARS):
        problem = "contains " + ", ".join(repr(c) for c in bad)
    else:
        parts = path.split("/")
        if any(p == "" for p in parts):
            problem = "has an empty component (`//` or a trailing `/`)"
        elif any(p in (".", "..") for p in parts):
            problem = "contains a `.` or `..` component"
    if problem:
        raise GeneratorError(
            f"refusing to write {what} {path!r}: the path {problem}; "
            "only relative paths inside the output folder are allowed",
            hint="a name in the spec produced an unsafe file name; " + _BUG_HINT,
        )
    return path


_BUG_HINT = "this is a generator bug, please report it"


def _fold(path: str) -> str:
    return unicodedata.normalize("NFC", path).casefold()


def _parents(path: str) -> list[str]:
    """``a/b/c.py`` -> ``["a", "a/b"]``."""
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def _depth(path: str) -> int:
    return path.count("/")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _encode(path: str, content: object) -> bytes:
    if isinstance(content, str):
        try:
            return content.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise GeneratorError(f"generated text is not valid UTF-8: {exc}", file=path, hint=_BUG_HINT) from None
    if isinstance(content, (bytes, bytearray, memoryview)):
        return bytes(content)
    raise TypeError(f"content of {path!r} must be str or bytes, not {type(content).__name__}")


def _collect(files: Mapping[str, str | bytes], manifest_name: str) -> dict[str, bytes]:
    check_relative_path(manifest_name, what="manifest")
    if "/" in manifest_name:
        raise GeneratorError(f"the manifest name {manifest_name!r} must be a plain file name", hint=_BUG_HINT)
    new: dict[str, bytes] = {}
    folded: dict[str, str] = {_fold(manifest_name): manifest_name}
    for path, content in files.items():  # materialises lazily rendered content before any I/O
        check_relative_path(path)
        key = _fold(path)
        if key in folded:
            other = folded[key]
            reason = "is reserved for the manifest" if other == manifest_name else f"clashes with {other!r}"
            if other != manifest_name and other != path:
                reason += " (they differ only in case or Unicode normalisation)"
            raise GeneratorError(f"generated file {path!r} {reason}", file=path, hint=_BUG_HINT)
        folded[key] = path
        new[path] = _encode(path, content)
    dir_keys: dict[str, str] = {}
    for path in new:
        for d in _parents(path):
            other = dir_keys.setdefault(_fold(d), d)
            if other != d:
                raise GeneratorError(
                    f"generated folders {other!r} and {d!r} differ only in case or Unicode normalisation",
                    file=path,
                    hint=_BUG_HINT,
                )
    if _fold(manifest_name) in dir_keys:
        raise GeneratorError(f"a generated folder is named like the manifest {manifest_name!r}", hint=_BUG_HINT)
    for path in new:
        if _fold(path) in dir_keys:
            raise GeneratorError(f"{path!r} is generated both as a file and as a folder", file=path, hint=_BUG_HINT)
    return dict(sorted(new.items()))


# ---------------------------------------------------------------------------------------- manifest


@dataclass
class _Manifest:
    files: dict[str, str] = field(default_factory=dict)
    dirs: set[str] = field(default_factory=set)
    raw: bytes | None = None


def _manifest_bytes(files: dict[str, str], dirs: set[str], version: str) -> bytes:
    doc = {
        "format": MANIFEST_FORMAT,
        "generator": _TOOL,
        "version": version,
        "files": dict(sorted(files.items())),
        "dirs": sorted(dirs),
    }
    return (json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _read_manifest(out_dir: Path, manifest_name: str) -> _Manifest:
    path = out_dir / manifest_name
    hint = (
        f"fix or delete {path}; without a manifest every existing file counts as the user's, so files "
        "it used to list are neither replaced nor removed"
    )
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return _Manifest()
    except OSError as exc:
        raise GeneratorError(f"cannot read the generator manifest: {exc.strerror}", file=str(path), hint=hint) from None
    if not stat.S_ISREG(st.st_mode):
        raise GeneratorError("the generator manifest is not a regular file", file=str(path), hint=hint)
    try:
        raw = path.read_bytes()
        doc = json.loads(raw.decode("utf-8"))
    except OSError as exc:
        raise GeneratorError(f"cannot read the generator manifest: {exc.strerror}", file=str(path), hint=hint) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GeneratorError(f"the generator manifest is not valid JSON: {exc}", file=str(path), hint=hint) from None
    if not isinstance(doc, dict) or doc.get("generator") != _TOOL:
        raise GeneratorError("the file is not a manifest written by this generator", file=str(path), hint=hint)
    if doc.get("format") != MANIFEST_FORMAT:
        raise GeneratorError(
            f"unsupported manifest format {doc.get('format')!r} (this generator writes format {MANIFEST_FORMAT})",
            file=str(path),
            hint="use the generator version that wrote this folder, or " + hint[0].lower() + hint[1:],
        )
    files, dirs = doc.get("files"), doc.get("dirs", [])
    if not isinstance(files, dict) or not isinstance(dirs, list):
        raise GeneratorError("the generator manifest is malformed ('files' or 'dirs')", file=str(path), hint=hint)
    for p, digest in files.items():
        if not isinstance(digest, str):
            raise GeneratorError(f"the manifest entry for {p!r} is malformed", file=str(path), hint=hint)
        _manifest_path(p, path, hint)
    for d in dirs:
        _manifest_path(d, path, hint)
    return _Manifest(dict(files), set(dirs), raw)


def _manifest_path(p: object, path: Path, hint: str) -> None:
    try:
        check_relative_path(p, what="manifest entry")
    except GeneratorError as exc:
        raise GeneratorError(
            f"the generator manifest lists an unsafe path: {exc.message}", file=str(path), hint=hint
        ) from None


def _default_version() -> str:
    """``generator.__version__`` if set, else the installed ``oasgen`` distribution's, else ``0+unknown``."""
    import generator

    version = getattr(generator, "__version__", None)
    if isinstance(version, str):
        return version
    try:
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as dist_version

        return dist_version("oasgen")
    except (ImportError, PackageNotFoundError):
        return "0+unknown"


# -------------------------------------------------------------------------------------------- plan


@dataclass
class _Plan:
    out_dir: Path
    out_exists: bool
    new: dict[str, bytes]
    create: list[str] = field(default_factory=list)
    replace: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    stale_remove: list[str] = field(default_factory=list)
    stale_kept: list[str] = field(default_factory=list)
    mkdirs: list[str] = field(default_factory=list)
    rmdirs: list[str] = field(default_factory=list)
    current: dict[str, bytes] = field(default_factory=dict)
    """On-disk bytes of replaced and conflicting files (for diffs)."""
    modes: dict[str, int] = field(default_factory=dict)
    """Permission bits of replaced files, kept on the new version."""
    manifest_name: str = MANIFEST_NAME
    manifest_old: bytes | None = None
    manifest_new: bytes = b""

    @property
    def manifest_changed(self) -> bool:
        return self.manifest_old != self.manifest_new


class _Disk:
    """Cached ``lstat`` of paths relative to out_dir; a path below a non-folder is ``"blocked"``."""

    def __init__(self, root: Path, exists: bool) -> None:
        self.root = root
        self.exists = exists
        self._kind: dict[str, str] = {}
        self._stat: dict[str, os.stat_result] = {}

    def kind(self, rel: str) -> str:
        if not self.exists:
            return "missing"
        if rel in self._kind:
            return self._kind[rel]
        parent = rel.rpartition("/")[0]
        pk = self.kind(parent) if parent else "dir"
        if pk != "dir":
            k = "missing" if pk == "missing" else "blocked"
        else:
            try:
                st = os.lstat(self.root / rel)
            except FileNotFoundError:
                k = "missing"
            except OSError:
                k = "other"
            else:
                self._stat[rel] = st
                m = st.st_mode
                k = "file" if stat.S_ISREG(m) else "dir" if stat.S_ISDIR(m) else "link" if stat.S_ISLNK(m) else "other"
        self._kind[rel] = k
        return k

    def stat(self, rel: str) -> os.stat_result:
        return self._stat[rel]

    def read(self, rel: str) -> bytes:
        return (self.root / rel).read_bytes()


def _describe(kind: str) -> str:
    return {"dir": "a folder", "link": "a symbolic link", "file": "a file"}.get(kind, "a special file")


def _plan(files: Mapping[str, str | bytes], out_dir: Path, manifest_name: str, version: str) -> _Plan:
    new = _collect(files, manifest_name)
    out_dir = Path(os.path.abspath(out_dir))
    if out_dir.exists() and not out_dir.is_dir():
        raise GeneratorError(
            "the output path exists and is not a folder", file=str(out_dir), hint="choose another output folder"
        )
    if not out_dir.exists() and os.path.lexists(out_dir):
        raise GeneratorError(
            "the output path is a broken symbolic link", file=str(out_dir), hint="choose another output folder"
        )
    exists = out_dir.is_dir()
    old = _read_manifest(out_dir, manifest_name) if exists else _Manifest()
    plan = _Plan(out_dir, exists, new, manifest_name=manifest_name, manifest_old=old.raw)
    disk = _Disk(out_dir, exists)

    def reachable_file(rel: str) -> bool:
        return disk.kind(rel) == "file"

    # Stale owned files: removed only if unmodified; never through a symlinked or replaced folder.
    for p in sorted(set(old.files) - set(new)):
        if not reachable_file(p):
            continue  # already gone, or no longer a plain file of ours
        try:
            same = _sha256(disk.read(p)) == old.files[p]
        except OSError:
            same = False
        (plan.stale_remove if same else plan.stale_kept).append(p)
    gone = set(plan.stale_remove)

    needed = {d for p in new for d in _parents(p)}
    # Generated folders no longer needed: removed if nothing else will be left in them.
    for d in sorted(old.dirs - needed, key=lambda d: (-_depth(d), d)):
        if disk.kind(d) != "dir":
            continue
        try:
            entries = os.listdir(out_dir / d)
        except OSError:
            continue
        if all(f"{d}/{e}" in gone for e in entries):
            plan.rmdirs.append(d)
            gone.add(d)

    # Folders the new tree needs.
    state: dict[str, str] = {"": "exists" if exists else "create"}
    for d in sorted(needed, key=lambda d: (_depth(d), d)):
        parent = state[d.rpartition("/")[0]]
        k = parent if parent != "exists" else disk.kind(d)
        if k == "dir":
            state[d] = "exists"
        elif k in ("create", "missing") or (k == "file" and d in gone):
            state[d] = "create"
        elif k == "blocked":
            state[d] = "blocked"  # a parent folder is already reported
        else:
            state[d] = "blocked"
            plan.conflicts.append((d, f"is {_describe(k)}, but the generated tree needs a folder here"))
        if state[d] == "create":
            plan.mkdirs.append(d)

    # Files.
    for p, data in new.items():
        parent = state[p.rpartition("/")[0]]
        if parent == "blocked":
            continue
        k = "missing" if parent == "create" else disk.kind(p)
        if k == "missing" or (k == "dir" and p in gone):
            plan.create.append(p)
        elif k == "file":
            try:
                current = disk.read(p)
            except OSError as exc:
                raise GeneratorError(f"cannot read existing file: {exc.strerror}", file=str(out_dir / p)) from None
            if current == data:
                plan.unchanged.append(p)
            elif p in old.files:
                plan.replace.append(p)
                plan.current[p] = current
                plan.modes[p] = stat.S_IMODE(disk.stat(p).st_mode)
            else:
                plan.current[p] = current
                plan.conflicts.append((p, "exists with different content and was not written by the generator"))
        else:
            plan.conflicts.append((p, f"is {_describe(k)} that was not written by the generator"))

    owned_dirs = set(plan.mkdirs)
    for d in old.dirs:
        if d in needed:
            if state.get(d) == "exists":
                owned_dirs.add(d)
        elif d not in gone and disk.kind(d) == "dir":
            owned_dirs.add(d)
    plan.manifest_new = _manifest_bytes({p: _sha256(b) for p, b in new.items()}, owned_dirs, version)
    return plan


# ------------------------------------------------------------------------------------------- write


def write_tree(
    files: Mapping[str, str | bytes],
    out_dir: Path,
    *,
    manifest_name: str = MANIFEST_NAME,
    generator_version: str | None = None,
) -> WriteReport:
    """Make ``out_dir`` contain exactly the generated ``files`` plus whatever foreign files it had.

    See the module docstring for ownership, conflict and atomicity rules. Raises GeneratorError
    (exit 1) on unsafe paths, conflicts with foreign files, an unreadable manifest or an I/O
    error; in every such case ``out_dir`` is left as it was.
    """
    version = generator_version if generator_version is not None else _default_version()
    plan = _plan(files, out_dir, manifest_name, version)
    if plan.conflicts:
        shown = [f"{p} ({why})" for p, why in plan.conflicts[:_LIST_LIMIT]]
        more = f"; and {len(plan.conflicts) - _LIST_LIMIT} more" if len(plan.conflicts) > _LIST_LIMIT else ""
        raise GeneratorError(
            f"refusing to overwrite {len(plan.conflicts)} path(s) in {plan.out_dir} that the generator does not own: "
            + "; ".join(shown) + more,
            file=str(plan.out_dir / plan.conflicts[0][0]),
            hint=f"only files listed in {manifest_name} are ever replaced or deleted; move these away (or pick "
            "another output folder) and rerun. Nothing was written",
            exit_code=1,
        )  # fmt: skip
    report = WriteReport(
        written=len(plan.create) + len(plan.replace),
        unchanged=len(plan.unchanged),
        removed=len(plan.stale_remove),
        out_dir=plan.out_dir,
        kept=tuple(plan.stale_kept),
    )
    if plan.create or plan.replace or plan.stale_remove or plan.rmdirs or plan.mkdirs or plan.manifest_changed:
        _apply(plan)
    return report


def _staging_root(out_dir: Path) -> Path:
    """A fresh private folder on out_dir's file system: next to out_dir if possible, else inside it."""
    prefix = f".{out_dir.name or 'out'}.oasgen-tmp-"
    base = out_dir.parent
    while not base.is_dir():  # out_dir and some parents will be created
        base = base.parent
    if out_dir.is_dir():
        try:
            root = Path(tempfile.mkdtemp(prefix=prefix, dir=base))
        except OSError:
            return Path(tempfile.mkdtemp(prefix=".oasgen-tmp-", dir=out_dir))
        if os.stat(root).st_dev == os.stat(out_dir).st_dev:
            return root
        os.rmdir(root)
        return Path(tempfile.mkdtemp(prefix=".oasgen-tmp-", dir=out_dir))
    return Path(tempfile.mkdtemp(prefix=prefix, dir=base))


class _Journal:
    def __init__(self) -> None:
        self.undo: list[tuple] = []

    def rollback(self) -> list[str]:
        failures: list[str] = []
        for op in reversed(self.undo):
            try:
                if op[0] == "restore":  # ("restore", backup, target)
                    os.replace(op[1], op[2])
                elif op[0] == "unlink":
                    os.unlink(op[1])
                elif op[0] == "rmdir":
                    os.rmdir(op[1])
                elif op[0] == "mkdir":  # ("mkdir", path, mode)
                    os.mkdir(op[1])
                    os.chmod(op[1], op[2])
            except OSError as exc:
                failures.append(f"{op[-1] if op[0] == 'restore' else op[1]}: {exc.strerror or exc}")
        self.undo.clear()
        return failures


def _apply(plan: _Plan) -> None:
    out = plan.out_dir
    # Folders whose mtime a rollback should put back (entries get added/removed in them).
    touched = {""} | {
        p.rpartition("/")[0] for p in plan.stale_remove + plan.rmdirs + plan.mkdirs + plan.create + plan.replace
    }
    dir_times: dict[Path, tuple[int, int]] = {}
    if plan.out_exists:
        for rel in touched:
            try:
                st = os.stat(out / rel)
                dir_times[out / rel] = (st.st_atime_ns, st.st_mtime_ns)
            except OSError:
                pass

    def restore_dir_times() -> None:
        for path, ns in dir_times.items():
            try:
                os.utime(path, ns=ns)
            except OSError:
                pass

    # ---- phase 1: stage every new byte; out_dir is not touched.
    root = _staging_root(out)
    new_dir, old_dir = root / "n", root / "o"
    staged: dict[str, Path] = {}
    try:
        new_dir.mkdir()
        old_dir.mkdir()
        for i, p in enumerate(plan.create + plan.replace):
            staged[p] = _stage(new_dir / str(i), plan.new[p], plan.modes.get(p), p)
        if plan.manifest_changed:
            staged[plan.manifest_name] = _stage(new_dir / "manifest", plan.manifest_new, None, plan.manifest_name)
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        restore_dir_times()
        raise

    # ---- phase 2: renames, journaled.
    journal = _Journal()
    backups = iter(range(1 << 62))
    current = ""
    try:
        if not plan.out_exists:
            missing: list[Path] = []
            ancestor = out
            while not ancestor.exists():
                missing.append(ancestor)
                ancestor = ancestor.parent
            for folder in reversed(missing):
                current = str(folder)
                os.mkdir(folder)
                journal.undo.append(("rmdir", folder))
        for p in plan.stale_remove:
            current = p
            backup = old_dir / str(next(backups))
            os.replace(out / p, backup)
            journal.undo.append(("restore", backup, out / p))
        for d in plan.rmdirs:
            current = d
            mode = stat.S_IMODE(os.stat(out / d).st_mode)
            os.rmdir(out / d)
            journal.undo.append(("mkdir", out / d, mode))
        for d in plan.mkdirs:
            current = d
            os.mkdir(out / d)
            journal.undo.append(("rmdir", out / d))
        for p in plan.replace:
            current = p
            _swap(out / p, staged[p], old_dir / str(next(backups)), journal)
        for p in plan.create:
            current = p
            _place(out / p, staged[p], journal)
        if plan.manifest_changed:
            current = plan.manifest_name
            if plan.manifest_old is None:
                _place(out / plan.manifest_name, staged[plan.manifest_name], journal)
            else:
                _swap(out / plan.manifest_name, staged[plan.manifest_name], old_dir / str(next(backups)), journal)
    except BaseException as exc:
        failures = journal.rollback()
        restore_dir_times()
        if failures:
            raise GeneratorError(
                f"writing {current} failed ({_why(exc)}) and the output folder could not be fully restored: "
                + "; ".join(failures[:_LIST_LIMIT]),
                file=str(out),
                hint=f"the previous versions of replaced or removed files are kept in {root / 'o'}",
            ) from None
        shutil.rmtree(root, ignore_errors=True)
        if isinstance(exc, OSError):
            raise GeneratorError(
                f"writing {current} failed: {_why(exc)}; the output folder was left unchanged",
                file=str(out),
                hint="check permissions and free disk space, then rerun",
            ) from None
        raise
    shutil.rmtree(root, ignore_errors=True)


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _stage(path: Path, data: bytes, mode: int | None, rel: str) -> Path:
    try:
        with open(path, "xb") as fh:  # honours the umask, like any newly created file
            fh.write(data)
        if mode is not None:
            os.chmod(path, mode)
    except OSError as exc:
        raise GeneratorError(
            f"could not write generated file {rel}: {_why(exc)}; the output folder was left unchanged",
            file=rel,
            hint="check permissions and free disk space, then rerun",
        ) from None
    return path


def _swap(target: Path, staged: Path, backup: Path, journal: _Journal) -> None:
    """Replace target by staged; the old inode stays reachable at backup for a rollback."""
    try:
        os.link(target, backup)  # target never disappears, even briefly
    except OSError:
        os.replace(target, backup)
        journal.undo.append(("restore", backup, target))
        os.replace(staged, target)
        return
    journal.undo.append(("restore", backup, target))
    os.replace(staged, target)


def _place(target: Path, staged: Path, journal: _Journal) -> None:
    """Move staged to a target that must not exist (never clobbers a file that appeared meanwhile)."""
    try:
        os.link(staged, target)
    except FileExistsError:
        raise
    except OSError:
        if os.path.lexists(target):
            raise FileExistsError(17, "File exists", str(target)) from None
        os.replace(staged, target)
    journal.undo.append(("unlink", target))


# -------------------------------------------------------------------------------------------- diff


def diff_tree(
    files: Mapping[str, str | bytes],
    out_dir: Path,
    *,
    manifest_name: str = MANIFEST_NAME,
    generator_version: str | None = None,
    max_lines: int = 200,
) -> TreeDiff:
    """Compare the generated ``files`` with ``out_dir`` without writing anything.

    ``added``: would be created; ``changed``: would be replaced (including paths occupied by
    foreign files, where :func:`write_tree` would refuse, and the manifest itself); ``removed``:
    owned files the new tree no longer has. ``summary`` is at most ``max_lines`` lines (the last one
    says so when it was truncated).
    """
    version = generator_version if generator_version is not None else _default_version()
    plan = _plan(files, out_dir, manifest_name, version)
    added = set(plan.create)
    changed = set(plan.replace) | {p for p, _ in plan.conflicts}
    if plan.manifest_changed:
        (changed if plan.manifest_old is not None else added).add(manifest_name)
    removed = set(plan.stale_remove) | set(plan.stale_kept)
    lines = [f"{len(added)} added, {len(changed)} changed, {len(removed)} removed"]
    for p in sorted(added | changed | removed):
        lines.append(f"{'A' if p in added else 'M' if p in changed else 'D'} {p}")
    reasons = dict(plan.conflicts)
    for p in sorted(changed - {manifest_name}):  # the manifest's own diff is just hashes
        if len(lines) > max_lines:
            break  # diffs are produced lazily: a drift of 3,000 files costs no more than a small one
        old, new = plan.current.get(p), plan.new[p]
        if old is None:
            lines.append(f"{p}: {reasons.get(p, 'differs')}")
            continue
        try:
            a, b = old.decode("utf-8").splitlines(keepends=True), new.decode("utf-8").splitlines(keepends=True)
        except UnicodeDecodeError:
            lines.append(f"Binary files a/{p} and b/{p} differ")
            continue
        for line in difflib.unified_diff(a, b, f"a/{p}", f"b/{p}", n=2):
            lines.append(line.rstrip("\r\n"))
            if not line.endswith("\n"):
                lines.append("\\ No newline at end of file")
            if len(lines) > max_lines:
                break
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [f"... (truncated to {max_lines} lines)"]
    return TreeDiff(tuple(sorted(added)), tuple(sorted(changed)), tuple(sorted(removed)), "\n".join(lines) + "\n")
