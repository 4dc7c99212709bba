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
    * an owned file whose bytes no longer match the manifest was edited by hand: the run refuses
      (naming the files, nothing written) unless ``force=True`` (``generate --force``);
    * paths matching a ``preserve`` glob (config ``preserve:``) are written once if missing and then
      never replaced, deleted or listed in the manifest (like openapi-generator's ignore file);
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
    plan is computed, before the disk is touched. The new bytes are then staged inside
    ``out_dir/.oasgen-txn.tmp`` with a journal of the renames to do, and the switch is decided by
    one atomic rename of that folder; the journal is then replayed. A kill before the rename leaves
    the old tree, a kill after it is completed by the next run (:func:`journal.recover`, run
    first by every write), so after a kill at any moment and the next run's recovery ``out_dir``
    is exactly the old or the new generation, foreign files intact either way. A first write
    builds the whole folder beside its final place and renames it in. SIGINT/SIGTERM are held
    back during the switch. See :mod:`generator.write.journal` for why this is not a folder swap.
    An I/O error during the replay is undone in-process (each file gets its old inode, mode and
    mtime back) and reported. Files are not fsync'ed (a power loss may lose them). A second run
    into the same folder at the same time fails with a clear message (``flock``).

Paths
    Keys of ``files`` are relative POSIX paths. Absolute paths, ``..``/``.``/empty components,
    backslashes, colons (drive letters, NTFS streams) and control characters are rejected, as
    are two paths that differ only in case or Unicode normalisation (they would overwrite each
    other on macOS/Windows) and a path that is both a file and a folder, so no spec can make us
    write outside ``out_dir``. Nothing is ever written through a symbolic link inside ``out_dir``.
"""

from __future__ import annotations

import contextlib
import difflib
import fnmatch
import hashlib
import json
import os
import shutil
import stat
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.diagnostics import GeneratorError, os_error
from generator.write import journal

__all__ = ["MANIFEST_NAME", "TreeDiff", "WriteReport", "check_relative_path", "diff_tree", "record_hooks", "write_tree"]

MANIFEST_NAME = ".oasgen-manifest.json"
MANIFEST_FORMAT = 1
TOOL = "oasgen"
"""The ``generator`` value of every manifest this tool writes."""
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
    preserved: tuple[str, ...] = ()
    """Generated paths not written because they match a ``preserve`` glob and already exist."""
    recovered: tuple[str, ...] = ()
    """What was cleaned up or completed after an earlier, killed run (see :func:`journal.recover`)."""
    switched: bool = field(default=False, compare=False)
    """Whether anything on disk changed (files or the manifest)."""


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
        if _fold(path.partition("/")[0]).startswith(journal.COMMITTED):
            raise GeneratorError(f"generated path {path!r} is reserved for the writer's journal", file=path, hint=_BUG_HINT)
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
    hooks: dict[str, object] | None = None
    """``{"commands": [...], "rendered": {path: sha256}}``: the post-generation hooks that ran last and, for each
    file they changed (or deleted), the hash of what the templates rendered (see :func:`_after_hooks`)."""


def _manifest_bytes(
    files: dict[str, str], dirs: set[str], version: str, spec: Mapping[str, str] | None = None, hooks: Mapping[str, object] | None = None
) -> bytes:
    doc: dict[str, object] = {
        "format": MANIFEST_FORMAT,
        "generator": TOOL,
        "version": version,
        "files": dict(sorted(files.items())),
        "dirs": sorted(dirs),
    }
    if spec:  # which spec the folder was generated from: title, info.version, sha256 of its bytes
        doc["spec"] = dict(spec)
    if hooks is not None:
        commands, rendered = hooks["commands"], hooks["rendered"]
        assert isinstance(commands, list) and isinstance(rendered, dict)
        doc["hooks"] = {"commands": list(commands), "rendered": dict(sorted(rendered.items()))}
    # backslashreplace: a lone surrogate in spec text becomes its JSON escape (\udXXX), still valid JSON
    return (json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace")


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
    if not isinstance(doc, dict) or doc.get("generator") != TOOL:
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
    hooks = doc.get("hooks")
    if hooks is not None:
        commands, rendered = (hooks.get("commands"), hooks.get("rendered")) if isinstance(hooks, dict) else (None, None)
        if not isinstance(commands, list) or not isinstance(rendered, dict) or not all(isinstance(c, str) for c in commands):
            raise GeneratorError("the generator manifest is malformed ('hooks')", file=str(path), hint=hint)
        for p, digest in rendered.items():
            if not isinstance(digest, str):
                raise GeneratorError(f"the manifest's hooks entry for {p!r} is malformed", file=str(path), hint=hint)
            _manifest_path(p, path, hint)
        hooks = {"commands": list(commands), "rendered": dict(rendered)}
    return _Manifest(dict(files), set(dirs), raw, hooks)


def _manifest_path(p: object, path: Path, hint: str) -> None:
    try:
        check_relative_path(p, what="manifest entry")
    except GeneratorError as exc:
        raise GeneratorError(
            f"the generator manifest lists an unsafe path: {exc.message}", file=str(path), hint=hint
        ) from None


def _default_version() -> str:
    """``generator.__version__`` if set, else the installed distribution's, else ``0+unknown``."""
    import generator

    version = getattr(generator, "__version__", None)
    if isinstance(version, str):
        return version
    try:
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as dist_version

        return dist_version(generator.DISTRIBUTION)
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
    edited: list[str] = field(default_factory=list)
    """Owned files to replace whose content no longer matches the manifest (hand edits)."""
    preserved: list[str] = field(default_factory=list)
    """Generated paths left alone because they match a ``preserve`` glob."""
    stale_remove: list[str] = field(default_factory=list)
    stale_kept: list[str] = field(default_factory=list)
    mkdirs: list[str] = field(default_factory=list)
    rmdirs: list[str] = field(default_factory=list)
    current: dict[str, bytes] = field(default_factory=dict)
    """On-disk bytes of replaced and conflicting files (for diffs)."""
    modes: dict[str, int] = field(default_factory=dict)
    """Permission bits of replaced files, kept on the new version."""
    dir_modes: dict[str, int] = field(default_factory=dict)
    """Permission bits of removed folders, for an undo."""
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


def preserved(path: str, globs: Sequence[str]) -> bool:
    """Whether ``path`` matches a ``preserve`` glob (``fnmatch``: ``*`` also crosses folders)."""
    return any(fnmatch.fnmatchcase(path, g) or fnmatch.fnmatchcase(path, g.rstrip("/") + "/*") for g in globs)


def _plan(
    files: Mapping[str, str | bytes], out_dir: Path, manifest_name: str, version: str, preserve: Sequence[str] = (), spec: Mapping[str, str] | None = None,
    hooks: Sequence[str] = (),
) -> _Plan:
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

    record = _after_hooks(new, old, disk, hooks, preserve) if hooks else None

    # Preserved paths are the user's: written once if missing, never replaced, deleted or owned.
    if preserve:
        for p in [p for p in new if preserved(p, preserve)]:
            if disk.kind(p) != "missing":
                del new[p]
                plan.preserved.append(p)
    # Stale owned files: removed only if unmodified; never through a symlinked or replaced folder.
    for p in sorted(set(old.files) - set(new)):
        if preserve and preserved(p, preserve):
            continue
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
            plan.dir_modes[d] = stat.S_IMODE(disk.stat(d).st_mode)
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
                if _sha256(current) != old.files[p]:
                    plan.edited.append(p)  # changed since we wrote it: a hand edit
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
    owned = {p: _sha256(b) for p, b in new.items() if not (preserve and preserved(p, preserve))}
    plan.manifest_new = _manifest_bytes(owned, owned_dirs, version, spec, record)
    return plan


def _after_hooks(new: dict[str, bytes], old: _Manifest, disk: _Disk, hooks: Sequence[str], preserve: Sequence[str]) -> dict[str, object]:
    """What the configured post-generation hooks made of ``new`` last time, where that still holds.

    The last run's manifest records, for each file the hooks changed or deleted, the hash of what the
    templates had rendered. Where the same hooks ran, the templates render the same bytes again and the
    file on disk is still what the hooks left (its hash is the manifest's), the hooks' version *is* the
    generation: ``new`` takes it (or loses the file the hooks deleted). So an unchanged spec rewrites
    nothing, and ``check`` compares against generate + hooks without running them. Returns the record
    for the new manifest (edited in place: ``new``).
    """
    rendered: dict[str, str] = {}
    previous = old.hooks if old.hooks is not None and old.hooks.get("commands") == list(hooks) else None
    before: Mapping[str, str] = previous["rendered"] if previous is not None else {}  # type: ignore[assignment]
    for p in list(new):
        digest = before.get(p)
        if digest is None or digest != _sha256(new[p]) or (preserve and preserved(p, preserve)):
            continue
        if p in old.files and disk.kind(p) == "file":
            try:
                current = disk.read(p)
            except OSError:
                continue
            if _sha256(current) == old.files[p]:
                new[p] = current
                rendered[p] = digest
        elif p not in old.files and disk.kind(p) == "missing":
            del new[p]
            rendered[p] = digest
    return {"commands": list(hooks), "rendered": rendered}


# ------------------------------------------------------------------------------------------- write


def write_tree(
    files: Mapping[str, str | bytes],
    out_dir: Path,
    *,
    manifest_name: str = MANIFEST_NAME,
    generator_version: str | None = None,
    force: bool = False,
    preserve: Sequence[str] = (),
    spec: Mapping[str, str] | None = None,
    hooks: Sequence[str] = (),
) -> WriteReport:
    """Make ``out_dir`` contain exactly the generated ``files`` plus whatever foreign files it had.

    ``hooks``: the configured post-generation commands; files they changed last time stay as they left
    them while the templates render the same bytes (see :func:`_after_hooks`, and :mod:`generator.hooks`).

    See the module docstring for ownership, conflict and atomicity rules. Raises GeneratorError
    (exit 1) on unsafe paths, conflicts with foreign files, an unreadable manifest or an I/O
    error; in every such case ``out_dir`` is left as it was.
    """
    version = generator_version if generator_version is not None else _default_version()
    try:
        with _exclusive(Path(os.path.abspath(out_dir))):
            recovered = tuple(journal.recover(out_dir))
            report = _write_locked(files, out_dir, manifest_name, version, force, preserve, spec, hooks)
    except OSError as exc:  # planning and recovery: nothing has been switched yet
        raise os_error(exc, "cannot write the output folder", path=str(out_dir)) from None
    return replace(report, recovered=recovered)


def _write_locked(
    files: Mapping[str, str | bytes], out_dir: Path, manifest_name: str, version: str, force: bool, preserve: Sequence[str], spec: Mapping[str, str] | None = None,
    hooks: Sequence[str] = (),
) -> WriteReport:
    plan = _plan(files, out_dir, manifest_name, version, preserve, spec, hooks)
    if plan.edited and not force:
        names = ", ".join(plan.edited[:_LIST_LIMIT])
        names += f" and {len(plan.edited) - _LIST_LIMIT} more" if len(plan.edited) > _LIST_LIMIT else ""
        raise GeneratorError(
            f"refusing to overwrite {len(plan.edited)} generated file(s) edited since the last run: {names}",
            file=str(plan.out_dir / plan.edited[0]),
            hint="move your changes elsewhere (or list the files under `preserve` in the config) and rerun; "
            "--force overwrites them. Nothing was written",
        )  # fmt: skip
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
        preserved=tuple(plan.preserved),
    )
    if plan.create or plan.replace or plan.stale_remove or plan.rmdirs or plan.mkdirs or plan.manifest_changed:
        _apply(plan)
        report = replace(report, switched=True)
    return report


@contextmanager
def _exclusive(out_dir: Path) -> Iterator[None]:
    """An advisory lock on out_dir (or its nearest existing ancestor) for the whole write, so two
    runs into one folder fail clearly instead of interleaving their switches."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; concurrent runs stay unsupported there
        yield
        return
    if not out_dir.is_dir():  # a first write is one rename; a concurrent one fails cleanly at it
        yield
        return
    node = out_dir
    try:
        fd = os.open(node, os.O_RDONLY)
    except OSError as exc:
        raise os_error(exc, "cannot open the output folder", path=str(node)) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise GeneratorError(
                "another oasgen run is writing into this folder", file=str(node),
                hint="wait for it to finish (or stop it), then rerun; nothing was written",
            ) from None  # fmt: skip
        except OSError:
            pass  # file systems without locks: proceed unlocked
        yield
    finally:
        os.close(fd)


def _apply(plan: _Plan) -> None:
    """Stage, switch in one rename, replay the journal (see :mod:`generator.write.journal`)."""
    if not plan.out_exists:
        tree = dict(plan.new)
        tree[plan.manifest_name] = plan.manifest_new
        journal.create_fresh(plan.out_dir, tree, plan.mkdirs)
        return
    _check_writable(plan)
    out = plan.out_dir
    ops: list[journal.Operation] = []
    content: dict[str, tuple[bytes, int | None]] = {}
    keys = iter(range(1 << 62))
    for p in plan.stale_remove:
        ops.append(journal.Operation("unlink", p, f"s{next(keys)}"))
    for d in plan.rmdirs:
        ops.append(journal.Operation("rmdir", d, mode=plan.dir_modes.get(d, 0o755)))
    for d in plan.mkdirs:
        ops.append(journal.Operation("mkdir", d))
    puts = [(p, "replace") for p in plan.replace] + [(p, "create") for p in plan.create]
    if plan.manifest_changed:
        puts.append((plan.manifest_name, "create" if plan.manifest_old is None else "replace"))
    for p, kind in puts:
        key = str(next(keys))
        data = plan.manifest_new if p == plan.manifest_name else plan.new[p]
        content[key] = (data, plan.modes.get(p))
        ops.append(journal.Operation(kind, p, key))

    times = _dir_times(plan)
    try:
        journal.stage(out, ops, content)
    except BaseException:
        _restore_times(times)
        raise
    try:
        with journal.signals_held():
            journal.commit(out)
            try:
                journal.apply_journal(out)
            except journal.PartialSwitch as exc:
                raise GeneratorError(
                    f"could not switch to the new files ({_why(exc)}), and could not put every old file back",
                    file=str(out / journal.COMMITTED),
                    hint="fix the cause (permissions, free space) and rerun: the next run completes the switch "
                    "recorded here before it does anything else",
                ) from None
            except OSError as exc:
                journal.finish(out)  # the undo ran: the old tree is back, the journal no longer counts
                _restore_times(times)
                raise os_error(exc, "could not switch to the new files", path=str(out),
                               tail="the output folder was left unchanged") from None  # fmt: skip
            journal.finish(out)
    except BaseException:
        if not journal.pending(out) and os.path.lexists(out / journal.STAGING):
            shutil.rmtree(out / journal.STAGING, ignore_errors=True)
            _restore_times(times)
        raise


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _dir_times(plan: _Plan) -> dict[Path, tuple[int, int]]:
    """Access/modification times of the folders a rolled-back switch should put back."""
    touched = {""} | {
        p.rpartition("/")[0] for p in plan.stale_remove + plan.rmdirs + plan.mkdirs + plan.create + plan.replace
    }
    times: dict[Path, tuple[int, int]] = {}
    for rel in touched:
        try:
            st = os.stat(plan.out_dir / rel)
        except OSError:
            continue
        times[plan.out_dir / rel] = (st.st_atime_ns, st.st_mtime_ns)
    return times


def _restore_times(times: dict[Path, tuple[int, int]]) -> None:
    for path, ns in times.items():
        try:
            os.utime(path, ns=ns)
        except OSError:
            pass


def _check_writable(plan: _Plan) -> None:
    """Refuse before staging if a folder the switch must change is not writable (a read-only
    package folder, a read-only mount), so such a run fails with nothing changed."""
    folders = {""} | {
        p.rpartition("/")[0] for p in plan.stale_remove + plan.rmdirs + plan.mkdirs + plan.create + plan.replace
    }
    for rel in sorted(folders - set(plan.mkdirs)):
        path = plan.out_dir / rel
        if not os.access(path, os.W_OK | os.X_OK):
            raise GeneratorError(
                "the generator needs to change this folder but cannot write to it; nothing was written",
                file=str(path),
                hint="make it writable (chmod u+w), or pick another output folder",
            )


# -------------------------------------------------------------------------------------------- diff


def diff_tree(
    files: Mapping[str, str | bytes],
    out_dir: Path,
    *,
    manifest_name: str = MANIFEST_NAME,
    generator_version: str | None = None,
    max_lines: int = 200,
    preserve: Sequence[str] = (),
    spec: Mapping[str, str] | None = None,
    hooks: Sequence[str] = (),
) -> TreeDiff:
    """Compare the generated ``files`` with ``out_dir`` without writing anything.

    ``added``: would be created; ``changed``: would be replaced (including paths occupied by
    foreign files, where :func:`write_tree` would refuse, and the manifest itself); ``removed``:
    owned files the new tree no longer has. ``summary`` is at most ``max_lines`` lines (the last one
    says so when it was truncated).
    """
    version = generator_version if generator_version is not None else _default_version()
    if journal.pending(Path(os.path.abspath(out_dir))):
        raise GeneratorError(
            "an interrupted generator run left an unfinished switch in this folder",
            file=str(Path(os.path.abspath(out_dir)) / journal.COMMITTED),
            hint="run `generate` once to complete it, then check again",
            exit_code=2,
        )
    plan = _plan(files, out_dir, manifest_name, version, preserve, spec, hooks)
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


# ------------------------------------------------------------------------------------------- hooks


def record_hooks(files: Mapping[str, str | bytes], out_dir: Path, hooks: Sequence[str], *, manifest_name: str = MANIFEST_NAME) -> None:
    """After the post-generation ``hooks`` ran in ``out_dir``: the manifest takes what they left (each owned
    file's hash on disk; a file they deleted is no longer owned) and, for each file they changed, the hash
    of what the templates rendered (``files``), so the next run and ``check`` know the hooks' version is
    the generation. The manifest is replaced atomically (a temporary file, then ``os.replace``)."""
    import tempfile

    out_dir = Path(os.path.abspath(out_dir))
    with _exclusive(out_dir):
        old = _read_manifest(out_dir, manifest_name)
        doc = json.loads(old.raw or b"{}")
        owned: dict[str, str] = {}
        rendered: dict[str, str] = {}
        for p, digest in old.files.items():
            content = files.get(p)
            expected = _sha256(_encode(p, content)) if content is not None else digest
            try:
                current = _sha256((out_dir / p).read_bytes()) if os.path.isfile(out_dir / p) and not os.path.islink(out_dir / p) else None
            except OSError:
                current = None
            if current is not None:
                owned[p] = current
            if current != expected and content is not None:
                rendered[p] = expected
        before = (old.hooks or {}).get("rendered", {})
        for p in before if isinstance(before, dict) else ():
            if p not in old.files and p in files:  # deleted by the hooks last time, and still
                rendered[p] = _sha256(_encode(p, files[p]))
        data = _manifest_bytes(owned, old.dirs, str(doc.get("version", "")), doc.get("spec"), {"commands": list(hooks), "rendered": rendered})
        fd, tmp = tempfile.mkstemp(prefix=f"{manifest_name}.", suffix=".tmp", dir=out_dir)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, out_dir / manifest_name)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
