"""Format the generated Python sources (pipeline stage ``format``).

:func:`format_files` takes the rendered tree (relative path -> text) and returns it with every
``.py``/``.pyi`` file formatted; other files pass through unchanged. The result depends only on the
input and the formatter's version: never on the user's own ruff/black configuration, the current
directory, ``RUFF_*`` environment variables or caches.

``ruff`` (the default)
    The whole tree is formatted by **one** ``ruff`` process (spawning one per file is far too slow
    for a ~3,000 file client). Python files are written into a private temporary directory under
    neutral numbered names (``00042.py``), so nothing about the path can affect discovery
    (ruff's default excludes such as ``build/`` or ``.venv/``, ``.gitignore`` files, hidden
    folders, case-insensitive file systems). Ruff gets a generated ``ruff.toml`` through
    ``--config`` (which makes it ignore every other configuration file) and ``--no-cache``.
    With ``sort_imports=True``, ``ruff check --select I --fix`` sorts imports first; the packages
    of the tree (its top-level folders / modules) are declared first-party so the grouping does
    not depend on the temporary layout. The ruff binary is the one installed next to the running interpreter
    (the version pinned with the generator), else ``ruff`` on ``PATH``, else ``python -m ruff``.

``black``
    ``black.format_str`` in-process (no import sorting). Large trees are split over a process pool
    of at most two workers (only where ``fork`` is available, so the CLI's ``__main__`` is never
    re-imported); small trees are formatted serially because starting workers costs more.

``none``
    Returns the input unchanged (``--formatter none`` lets a user inspect the raw renderer output).

A file the formatter rejects (a syntax error in generated code: a generator bug) or a missing
formatter raises :class:`~generator.diagnostics.GeneratorError` naming the file and quoting the
formatter's message, with a hint to rerun with ``--formatter none``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from generator.children import die_with_parent, dying_with_parent
from generator.diagnostics import GeneratorError
from generator.native import child_environment

__all__ = ["FORMATTERS", "PYTHON_SUFFIXES", "Formatter", "find_ruff", "format_files"]

Formatter = Literal["ruff", "black", "none"]
FORMATTERS: tuple[str, ...] = ("ruff", "black", "none")
PYTHON_SUFFIXES: tuple[str, ...] = (".py", ".pyi")

TARGET_VERSION = "py38"
"""Oldest Python the generated code supports; fixes ruff's stdlib list and syntax choices."""


_HINT = "rerun with `--formatter none` to inspect the unformatted output; this is a generator bug, please report it"
_BLACK_PARALLEL_MIN_FILES = 200
_BLACK_MAX_WORKERS = 2
_RUFF_TIMEOUT_S = 600


def format_files(
    files: Mapping[str, str], formatter: Formatter = "ruff", *, line_length: int = 120, sort_imports: bool = False
) -> dict[str, str]:
    """Return ``files`` with every ``.py``/``.pyi`` value formatted; other values are unchanged.

    Keys keep their order. Deterministic: the same input (and formatter version) gives the same output.
    ``sort_imports`` (ruff only) also runs ``ruff check --select I --fix`` first. It is off by default:
    on a 3,000 file / 150k line tree it costs 0.4-0.75 s when most files need sorting (0.2 s when
    none do), more than the format itself, so templates should emit imports in order instead.
    """
    if formatter not in FORMATTERS:
        raise GeneratorError(
            f"unknown formatter {formatter!r}", hint="choose one of: " + ", ".join(FORMATTERS), exit_code=2
        )
    if isinstance(line_length, bool) or not isinstance(line_length, int) or not 1 <= line_length <= 320:
        raise GeneratorError(f"line length must be an integer between 1 and 320, got {line_length!r}", exit_code=2)
    result = dict(files)
    py_paths = [p for p in result if _is_python(p)]
    if formatter == "none" or not py_paths:
        return result
    sources = {p: result[p] for p in py_paths}
    if formatter == "ruff":
        formatted = _format_with_ruff(sources, line_length, sort_imports=sort_imports)
    else:
        formatted = _format_with_black(sources, line_length)
    result.update(formatted)
    return result


def _is_python(path: str) -> bool:
    return path.endswith(PYTHON_SUFFIXES)


# --------------------------------------------------------------------------------------------- ruff


def find_ruff() -> list[str] | None:
    """The command that runs ruff, or None: ruff next to the interpreter, on PATH, or ``python -m ruff``."""
    exe = "ruff.exe" if os.name == "nt" else "ruff"
    for candidate in (
        Path(sys.executable).parent / exe,
        Path(sys.prefix) / ("Scripts" if os.name == "nt" else "bin") / exe,
    ):
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return [str(candidate)]
    on_path = shutil.which("ruff")
    if on_path:
        return [on_path]
    if importlib.util.find_spec("ruff") is not None:
        return [sys.executable, "-m", "ruff"]
    return None


def _ruff_config(line_length: int, first_party: list[str]) -> str:
    known = ", ".join(_toml_str(name) for name in first_party)
    return f"""\
# Generated by the SDK generator for one formatting run; nothing else is read.
line-length = {line_length}
indent-width = 4
target-version = "{TARGET_VERSION}"
preview = false
exclude = []
extend-exclude = []
respect-gitignore = false
force-exclude = false
src = ["."]

[format]
quote-style = "double"
indent-style = "space"
skip-magic-trailing-comma = false
line-ending = "lf"
docstring-code-format = false

[lint]
select = ["I"]
ignore = []

[lint.isort]
known-first-party = [{known}]
detect-same-package = false
"""


def _toml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _first_party(paths: list[str]) -> list[str]:
    """Top-level package / module names of the tree: imports of these are first-party."""
    names: set[str] = set()
    for path in paths:
        head, sep, _ = path.partition("/")
        name = head if sep else head.rsplit(".", 1)[0]
        if name.isidentifier():
            names.add(name)
    return sorted(names)


def _scratch_dir(size: int) -> str | None:
    """Where to put the temporary copy: RAM-backed ``/dev/shm`` if usable and roomy, else the default.

    Creating 3,000 small files on a disk-backed ``/tmp`` can take seconds on slow (virtual) disks;
    on tmpfs it takes ~0.2 s. An explicit ``TMPDIR`` always wins.
    """
    if os.environ.get("TMPDIR") or not sys.platform.startswith("linux"):
        return None
    shm = "/dev/shm"
    try:
        st = os.statvfs(shm)
        if (
            os.path.isdir(shm)
            and os.access(shm, os.W_OK | os.X_OK)
            and st.f_bavail * st.f_frsize > 4 * size + (64 << 20)
        ):
            return shm
    except OSError:
        pass
    return None


_SCRATCH_PREFIX = "oasgen-format-"
_ORPHAN_AGE_S = 600


def _remove_orphans(folder: str) -> None:
    """Delete the temporary trees of runs that were killed (SIGKILL, a power cut): the name holds the
    process id, and a tree whose process is gone is nobody's. On ``/dev/shm`` such a tree would hold
    RAM until the next reboot. Trees of live processes, and names without an id, are left alone."""
    try:
        entries = os.listdir(folder)
    except OSError:
        return
    for entry in entries:
        if not entry.startswith(_SCRATCH_PREFIX):
            continue
        pid_text = entry[len(_SCRATCH_PREFIX) :].split("-", 1)[0]
        if not pid_text.isdigit() or int(pid_text) == os.getpid():
            continue
        path = os.path.join(folder, entry)
        try:
            os.kill(int(pid_text), 0)
        except ProcessLookupError:
            try:  # and old: a process of another PID namespace sharing the folder is not seen
                if time.time() - os.lstat(path).st_mtime > _ORPHAN_AGE_S:
                    shutil.rmtree(path, ignore_errors=True)
            except OSError:
                pass
        except OSError:  # alive under another user (EPERM), or cannot tell: not ours to delete
            continue


def _ruff_env() -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("RUFF_") and k not in ("FORCE_COLOR", "CLICOLOR_FORCE")
    }
    env["NO_COLOR"] = "1"
    return child_environment(env)


def _format_with_ruff(sources: dict[str, str], line_length: int, *, sort_imports: bool) -> dict[str, str]:
    ruff = find_ruff()
    if ruff is None:
        raise GeneratorError(
            "the ruff formatter is not installed",
            hint="install it (`pip install ruff`), or use `--formatter black` / `--formatter none`",
        )
    config_text = _ruff_config(line_length, _first_party(list(sources)))
    remembered = _Remembered(ruff, config_text, sort_imports)
    digests = {p: remembered.digest(t) for p, t in sources.items()}
    done = {p: text for p in sources if (text := remembered.get(digests[p])) is not None}
    todo = {p: t for p, t in sources.items() if p not in done}
    if todo:
        done.update(_run_ruff_tree(ruff, todo, config_text, sort_imports=sort_imports))
    remembered.store({digests[p]: done[p] for p in sources})
    return {p: done[p] for p in sources}


class _Remembered:
    """What ruff made of each source last time (the one cache, kind ``format``): one entry per
    ruff binary and configuration, mapping a digest of each unformatted file to its formatted
    text. Files whose source is unchanged since the last run skip ruff (the whole tree on a warm
    run: ~0.2 s for the OpenAI spec); the entry then holds this run's files only."""

    def __init__(self, ruff: list[str], config_text: str, sort_imports: bool) -> None:
        from generator import cache

        self._cache = cache
        try:
            st = os.stat(ruff[-1])
            binary = f"{ruff};{st.st_size};{st.st_mtime_ns}"
        except OSError:
            binary = str(ruff)
        self.key = cache.key("format", binary, config_text, str(sort_imports))
        self.known: dict[str, str] = {}
        raw = cache.get("format", self.key)
        if raw is not None:
            try:
                # marshal, like the compiled templates in the same cache: plain str -> str data, written
                # without the 5 MB intermediate text JSON needs (the cold run's memory peak is here)
                known = marshal.loads(raw)
                if isinstance(known, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in known.items()):
                    self.known = known
                else:
                    cache.forget("format", self.key)
            except (ValueError, EOFError, TypeError):
                cache.forget("format", self.key)

    @staticmethod
    def digest(text: str) -> str:
        return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def get(self, digest: str) -> str | None:
        value = self.known.get(digest)
        return value if isinstance(value, str) else None

    def store(self, table: dict[str, str]) -> None:
        if table != self.known and self._cache.enabled():
            self._cache.put("format", self.key, marshal.dumps(table))


def _return_free_memory() -> None:
    """Hand the C heap's free pages back to the system before ruff starts (glibc only): what the
    parser and the Rust validator freed is still counted in our RSS, and ruff's own memory comes
    on top of it (~8 MB of a cold OpenAI run's process-tree peak)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _run_ruff_tree(ruff: list[str], sources: dict[str, str], config_text: str, *, sort_imports: bool) -> dict[str, str]:
    _return_free_memory()
    paths = list(sources)
    names = {p: f"{i:05d}{'.pyi' if p.endswith('.pyi') else '.py'}" for i, p in enumerate(paths)}  # 00042.py
    size = sum(len(t) for t in sources.values())
    scratch = _scratch_dir(size)
    _remove_orphans(scratch or tempfile.gettempdir())
    with tempfile.TemporaryDirectory(prefix=f"{_SCRATCH_PREFIX}{os.getpid()}-", dir=scratch) as tmp:
        root = Path(tmp)
        config = root / "ruff.toml"
        config.write_text(config_text, encoding="utf-8")
        src = root / "src"
        src.mkdir()
        folder = f"{src}{os.sep}"
        for p in paths:  # os-level calls: half the cost of Path.write_bytes over 1,700 files
            fd = os.open(folder + names[p], os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                data = memoryview(_encode(p, sources[p]))
                while data:
                    data = data[os.write(fd, data) :]
            finally:
                os.close(fd)
        common = ["--no-cache", "--config", str(config)]
        if sort_imports:
            # --exit-zero: leftover diagnostics (syntax errors) are reported by `ruff format` below.
            _run_ruff(ruff + ["check", *common, "--fix", "--exit-zero", "."], src, names, "ruff check --select I")
        _run_ruff(ruff + ["format", *common, "."], src, names, "ruff format")
        out: dict[str, str] = {}
        for p in paths:
            with open(src / names[p], encoding="utf-8", newline="") as fh:
                out[p] = fh.read()
        return out


def _run_ruff(cmd: list[str], cwd: Path, names: dict[str, str], what: str) -> None:
    try:
        proc = subprocess.run(
            dying_with_parent(cmd), cwd=cwd, env=_ruff_env(), capture_output=True, text=True, encoding="utf-8",
            errors="replace", timeout=_RUFF_TIMEOUT_S, check=False,
        )  # fmt: skip
    except OSError as exc:
        raise GeneratorError(f"could not run ruff ({cmd[0]}): {exc}", hint=_HINT) from None
    except subprocess.TimeoutExpired:
        raise GeneratorError(f"{what} did not finish within {_RUFF_TIMEOUT_S} s", hint=_HINT) from None
    if proc.returncode == 0:
        return
    by_name = {name: p for p, name in names.items()}
    message = (proc.stderr.strip() or proc.stdout.strip() or f"exit code {proc.returncode}").replace(
        str(cwd) + os.sep, ""
    )
    # Ruff names our temporary files (`00042.py`); put the generated paths back.
    temp_name = re.compile(r"(?<![\w.])(\d{5,}\.pyi?)(?![\w.])")
    failed = sorted({by_name[n] for n in temp_name.findall(message) if n in by_name})
    message = temp_name.sub(lambda m: by_name.get(m.group(1), m.group(1)), message)
    lines = [ln.strip() for ln in message.splitlines() if ln.strip()]
    if failed:
        path = failed[0]
        first = next((ln for ln in lines if path in ln), lines[0])
        # "error: Failed to parse pkg/a.py:1:7: Expected ..." -> "Expected ..." at line 1
        detail = re.sub(r"^(error:\s*)?(Failed to \w+\s+)?" + re.escape(path) + r"(:\d+)*:?\s*", "", first)
        line_match = re.search(re.escape(path) + r":(\d+)", first)
        more = f" ({len(failed) - 1} other generated files failed too)" if len(failed) > 1 else ""
        raise GeneratorError(
            f"{what} rejected this generated file: {detail}{more}",
            file=path, pointer=f"line {line_match.group(1)}" if line_match else "", hint=_HINT,
        )  # fmt: skip
    detail = re.sub(r"^error:\s*", "", " ".join(lines[:3]))
    raise GeneratorError(f"{what} failed: {detail}", hint=_HINT)


# -------------------------------------------------------------------------------------------- black


def _black_one(item: tuple[str, str, int]) -> tuple[str, str, bool]:
    """Format one file; returns (path, text or error message, ok). Module-level so workers can run it."""
    path, text, line_length = item
    import black

    mode = black.Mode(line_length=line_length, is_pyi=path.endswith(".pyi"))
    try:
        return path, black.format_str(text, mode=mode), True
    except Exception as exc:  # noqa: BLE001  # InvalidInput = syntax error; anything else is a black bug
        return path, f"{type(exc).__name__}: {exc}" if not isinstance(exc, black.InvalidInput) else str(exc), False


def _black_chunk(items: list[tuple[str, str, int]]) -> list[tuple[str, str, bool]]:
    return [_black_one(item) for item in items]


def _format_with_black(sources: dict[str, str], line_length: int) -> dict[str, str]:
    if importlib.util.find_spec("black") is None:
        raise GeneratorError(
            "the black formatter is not installed",
            hint="install it (`pip install black`), or use `--formatter ruff` / `--formatter none`",
        )
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    items = [(p, text, line_length) for p, text in sources.items()]
    workers = min(_BLACK_MAX_WORKERS, os.cpu_count() or 1)
    results: list[tuple[str, str, bool]]
    if workers > 1 and len(items) >= _BLACK_PARALLEL_MIN_FILES and "fork" in multiprocessing.get_all_start_methods():
        # Interleaved chunks balance the load; results are re-keyed by path, so order is irrelevant.
        n_chunks = workers * 8
        chunks = [items[i::n_chunks] for i in range(n_chunks)]
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("fork"),
            initializer=die_with_parent, initargs=(os.getpid(),),
        ) as pool:  # fmt: skip
            results = [r for chunk in pool.map(_black_chunk, chunks) for r in chunk]
    else:
        results = _black_chunk(items)
    out: dict[str, str] = {}
    errors: list[tuple[str, str]] = []
    for path, text, ok in results:
        if ok:
            out[path] = text
        else:
            errors.append((path, text))
    if errors:
        errors.sort()
        path, msg = errors[0]
        lines = [ln.strip() for ln in msg.splitlines() if ln.strip()]
        # black: "cannot parse: 1:6" + the offending source line + caret; keep it on one line.
        detail = lines[0] + (f": {lines[1]}" if len(lines) > 1 and lines[1] != "^" else "") if lines else msg
        more = f" ({len(errors) - 1} other generated files failed too)" if len(errors) > 1 else ""
        m = re.search(r"\b(\d+):\d+\b", lines[0] if lines else msg)
        raise GeneratorError(
            f"black rejected this generated file: {detail}{more}",
            file=path, pointer=f"line {m.group(1)}" if m else "", hint=_HINT,
        )  # fmt: skip
    return {p: out[p] for p in sources}


def _encode(path: str, text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise GeneratorError(f"generated file is not valid UTF-8 text: {exc}", file=path, hint=_HINT) from None
