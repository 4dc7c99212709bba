"""Wall time and peak memory of a command and every process it starts.

Two memory figures:

* ``peak_tree_mb``: the highest *sum* of RSS over the whole process tree, sampled
  every ~10 ms from ``/proc`` (new descendants are picked up every ~50 ms).  A
  forked child shares copy-on-write pages with its parent, so this counts them
  twice: it is an upper bound, and the figure the memory target is checked on.
* ``max_proc_mb``: the kernel's ``ru_maxrss`` from ``wait4`` (what
  ``/usr/bin/time -f %M`` prints): the largest single process in the tree, exact.

Without ``/proc`` (not Linux) only ``max_proc_mb`` is measured.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024 if hasattr(os, "sysconf") else 4
_HAVE_PROC = Path("/proc/self/statm").exists()


@dataclass
class RunResult:
    cmd: Sequence[str]
    returncode: int
    wall_s: float
    peak_tree_mb: float | None
    max_proc_mb: float | None
    max_procs: int
    log: str
    timed_out: bool = False


def _ppid_map() -> dict[int, int]:
    out: dict[int, int] = {}
    try:
        entries = os.scandir("/proc")
    except OSError:
        return out
    with entries:
        for e in entries:
            if not e.name.isdigit():
                continue
            try:
                with open(f"/proc/{e.name}/stat", "rb") as f:
                    s = f.read()
            except OSError:
                continue
            r = s.rfind(b")")
            try:
                out[int(e.name)] = int(s[r + 2 :].split(b" ", 2)[1])
            except (ValueError, IndexError):
                continue
    return out


def _descendants(root: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for pid, ppid in _ppid_map().items():
        children.setdefault(ppid, []).append(pid)
    found, todo = {root}, [root]
    while todo:
        for c in children.get(todo.pop(), ()):
            if c not in found:
                found.add(c)
                todo.append(c)
    return found


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE_KB
    except (OSError, ValueError, IndexError):
        return 0


class _Sampler(threading.Thread):
    def __init__(self, pid: int, interval: float = 0.01, rescan: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.rescan = pid, interval, rescan
        self.peak_kb = 0
        self.max_procs = 0
        self.stop = threading.Event()

    def run(self) -> None:
        pids = {self.pid}
        last_scan = 0.0
        while not self.stop.is_set():
            now = time.monotonic()
            if now - last_scan >= self.rescan:
                pids = _descendants(self.pid) | pids
                last_scan = now
            live = 0
            total = 0
            for p in list(pids):
                kb = _rss_kb(p)
                if kb:
                    total += kb
                    live += 1
                else:
                    pids.discard(p)
            pids.add(self.pid)
            self.peak_kb = max(self.peak_kb, total)
            self.max_procs = max(self.max_procs, live)
            self.stop.wait(self.interval)


def run_measured(
    cmd: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    log_path: Path | None = None,
    timeout: float = 600,
) -> RunResult:
    """Run ``cmd`` to completion, its output to ``log_path``; measure wall time and memory."""
    log_file = open(log_path, "wb") if log_path else subprocess.DEVNULL  # noqa: SIM115 - closed in finally
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd),
            env=dict(env) if env is not None else None,
            cwd=cwd,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        sampler = _Sampler(proc.pid) if _HAVE_PROC else None
        if sampler:
            sampler.start()
        timed_out = False
        deadline = start + timeout
        status, ru = 0, None
        while True:
            pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                timed_out = True
                try:
                    os.killpg(proc.pid, signal.SIGKILL)  # our own session: the command and its children
                except OSError:
                    pass
                _, status, ru = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped above: keep Popen from waiting again
        if sampler:
            sampler.stop.set()
            sampler.join()
    finally:
        if log_path:
            log_file.close()  # type: ignore[union-attr]
    log = log_path.read_text(errors="replace") if log_path and log_path.exists() else ""
    return RunResult(
        cmd=list(cmd),
        returncode=proc.returncode,
        wall_s=wall,
        peak_tree_mb=(sampler.peak_kb / 1024 if sampler else None),
        max_proc_mb=(ru.ru_maxrss / 1024 if ru is not None else None),
        max_procs=sampler.max_procs if sampler else 0,
        log=log,
        timed_out=timed_out,
    )
