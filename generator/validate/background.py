"""Validation beside the rest of the pipeline: cache first, else a forked process.

    pending = start_validation(document, file=..., version=..., raw_bytes=raw)
    ...  # normalise, render
    diagnostics.extend(pending.result())

On a cache hit ``result()`` is immediate. On a miss a child process is forked
(``fork`` start method, so the parsed document is shared copy-on-write rather than
pickled); it validates, writes the cache entry itself and sends the findings back.
Where ``fork`` does not exist, validation runs in-process inside ``result()``.

The child is killed if the caller exits without asking for the result (an error
elsewhere, Ctrl-C), so a failed run never hangs waiting for the validator.
"""

from __future__ import annotations

import atexit
import multiprocessing
import multiprocessing.util
import os
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from generator.diagnostics import Diagnostic
from generator.validate import cache as _cache
from generator.validate.engine import Finding, collect_findings, crash_finding, fork_available, to_diagnostics

Source = Literal["cache", "process", "inline"]


class PendingValidation:
    """The findings of one validation, now or later. ``result()`` never raises."""

    def __init__(self, *, file: str, source: Source) -> None:
        self.file = file
        self.source: Source = source
        self.started = time.perf_counter()
        self.elapsed: float | None = None
        self._findings: list[Finding] | None = None
        self._process: Any = None
        self._reader: Any = None
        self._inline: Any = None
        self._lock = threading.Lock()

    # ---- construction

    @classmethod
    def _ready(cls, findings: list[Finding], *, file: str, source: Source) -> PendingValidation:
        pending = cls(file=file, source=source)
        pending._findings = findings
        pending.elapsed = 0.0
        return pending

    # ---- queries

    @property
    def cached(self) -> bool:
        return self.source == "cache"

    def done(self) -> bool:
        if self._findings is not None:
            return True
        if self._reader is not None:
            try:
                return bool(self._reader.poll())
            except (OSError, EOFError):
                return True
        return False

    def result(self) -> list[Diagnostic]:
        """Wait for the validation (if it is still running) and return its diagnostics."""
        with self._lock:
            if self._findings is None:
                if self._inline is not None:
                    try:
                        self._findings = self._inline()
                    except Exception as exc:  # noqa: BLE001 - result() never raises
                        self._findings = [crash_finding(exc, "validating")]
                    self._inline = None
                else:
                    self._findings = self._join()
                self.elapsed = time.perf_counter() - self.started
        return to_diagnostics(self._findings, file=self.file)

    def cancel(self) -> None:
        """Stop a validation still running in its process (its result is then not needed)."""
        process, self._process = self._process, None
        if self._reader is not None:
            try:
                self._reader.close()
            except OSError:
                pass
        if process is not None and process.is_alive():
            process.terminate()
            process.join(timeout=5)
        if self._findings is None:
            self._findings = []
        _running.discard(self)

    # ---- child process

    def _join(self) -> list[Finding]:
        process, reader = self._process, self._reader
        findings: list[Finding]
        try:
            status, payload = reader.recv()  # before join(): a big payload must not fill the pipe
            if status == "ok":
                findings = [Finding.from_tuple(t) for t in payload]
            else:
                findings = [crash_finding(RuntimeError(payload), "running in its own process")]
        except (EOFError, OSError):
            process.join(timeout=5)
            code = process.exitcode
            why = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            findings = [
                crash_finding(
                    RuntimeError(f"the validation process ended without a result ({why})"), "running in its own process"
                )
            ]
        finally:
            try:
                reader.close()
            except OSError:
                pass
        process.join(timeout=5)
        self._process = None
        _running.discard(self)
        return findings


def start_validation(
    document: Mapping[str, Any],
    file: str,
    version: str,
    raw_bytes: bytes | None = None,
    *,
    cache_dir: str | os.PathLike[str] | None | Literal[False] = None,
    jobs: int | None = None,
    fork: bool | None = None,
) -> PendingValidation:
    """Start validating ``document``; ``.result()`` of the returned object gives the diagnostics.

    ``raw_bytes`` are the bytes ``document`` was parsed from (the cache key; without
    them a JSON dump of the document is hashed, which costs ~0.3 s on large specs).
    ``cache_dir`` overrides the cache location (see :func:`generator.validate.cache.cache_dir`);
    ``False`` disables the cache. ``fork=False`` validates in-process, inside ``result()``.
    The document must not be modified until ``result()`` returned.
    """
    directory: Path | None = None
    key: str | None = None
    if cache_dir is not False:
        try:
            directory = _cache.cache_dir(cache_dir)
            key = _cache.cache_key(document, file=file, version=version, raw_bytes=raw_bytes)
            hit = _cache.load(key, directory, file=file)
        except Exception:  # noqa: BLE001 - the cache must never break validation
            directory, key, hit = None, None, None
        if hit is not None:
            return PendingValidation._ready(hit, file=file, source="cache")

    def work() -> list[Finding]:
        findings = collect_findings(document, file=file, version=version, jobs=jobs)
        if key is not None and directory is not None and not any(f.kind != "spec-violation" for f in findings):
            _cache.store(key, directory, findings, file=file)  # crashes may be transient: not cached
        return findings

    use_fork = fork_available() if fork is None else (fork and fork_available())
    if use_fork:
        try:
            return _start_process(work, file=file)
        except Exception:  # noqa: BLE001, S110 - e.g. started from a daemonic process: do it in-process
            pass
    pending = PendingValidation(file=file, source="inline")
    pending._inline = work
    return pending


def _start_process(work: Any, *, file: str) -> PendingValidation:
    ctx = multiprocessing.get_context("fork")
    reader, writer = ctx.Pipe(duplex=False)
    # Not a daemon: daemonic processes may not fork the engine's helper. The atexit
    # hook below stops it instead when the caller exits without waiting.
    process = ctx.Process(target=_child, args=(work, writer), daemon=False, name="oasgen-validate")
    process.start()
    writer.close()
    pending = PendingValidation(file=file, source="process")
    pending._process = process
    pending._reader = reader
    _running.add(pending)
    return pending


def _child(work: Any, writer: Any) -> None:
    try:
        try:
            payload: tuple[str, Any] = ("ok", [f.as_tuple() for f in work()])
        except BaseException as exc:  # noqa: BLE001 - reported to the parent as a crash
            payload = ("crash", f"{type(exc).__name__}: {exc}")
        writer.send(payload)
    except (BrokenPipeError, OSError):
        pass  # the parent is gone or stopped listening
    finally:
        try:
            writer.close()
        except OSError:
            pass


_running: set[PendingValidation] = set()


@atexit.register
def _stop_running() -> None:
    # Registered after multiprocessing's own exit hook (imported above), so it runs
    # first: the children are stopped before multiprocessing would join them.
    for pending in list(_running):
        pending.cancel()
