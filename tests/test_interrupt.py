"""SIGKILL a real writer process at many moments of a Stripe-sized regeneration (issue 8, item 1).

Each time, after the next run's recovery step, the output folder must be exactly the old
generation or exactly the new one (never a mix), the user's foreign files must be intact, and no
staging folder, journal or hidden sibling may be left. Kills come two ways: at wall-clock offsets
spread over the whole write (found by timing an unkilled run), and by the child SIGKILLing itself at
chosen steps inside the switch (just before and after the decisive rename, at journal steps
0 .. n-1, before the journal is dropped), so the switch is hit for sure, not by luck.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.write import MANIFEST_NAME
from generator.write import journal as J

N_FILES = 1800
ROOT = Path(__file__).resolve().parents[1]

CHILD = textwrap.dedent(
    """
    import json, os, signal, sys
    sys.path.insert(0, {root!r})
    from pathlib import Path
    import generator.write as W
    import generator.write.journal as J

    out, which, kill_at = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    files = json.loads(Path(sys.argv[4]).read_text())[which]

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    if kill_at.startswith("op:"):
        n, real = int(kill_at[3:]), J._forward
        count = [0]
        def forward(*a):
            if count[0] == n:
                die()
            count[0] += 1
            real(*a)
        J._forward = forward
    elif kill_at in ("before-commit", "after-commit", "before-finish", "mid-finish"):
        real_commit, real_finish, real_rename = J.commit, J.finish, J.os.rename
        def commit(o):
            if kill_at == "before-commit":
                die()
            real_commit(o)
            if kill_at == "after-commit":
                die()
        def finish(o):
            if kill_at == "before-finish":
                die()
            if kill_at == "mid-finish":
                real_rename(o / J.COMMITTED, o / J.STAGING)
                die()
            real_finish(o)
        J.commit, J.finish = commit, finish
    print("ready", flush=True)
    sys.stdin.readline()
    W.write_tree(files, out, generator_version="1")
    print("done", flush=True)
    """
)


def _trees() -> dict[str, dict[str, str]]:
    """Old and new generations: ~1,800 files in a Stripe-like layout; the new one changes, adds and drops files."""
    old: dict[str, str] = {}
    new: dict[str, str] = {}
    for i in range(N_FILES):
        group = f"pkg/types/g{i % 40:02d}"
        old[f"{group}/m{i:04d}.py"] = f"# old {i}\n" + "x = 1\n" * 20
        if i % 10 != 3:  # a tenth are dropped
            new[f"{group}/m{i:04d}.py"] = f"# {'new' if i % 3 else 'old'} {i}\n" + "x = 1\n" * 20
    for i in range(150):  # new files, some in new folders
        new[f"pkg/resources/r{i % 15:02d}/m{i:04d}.py"] = f"# added {i}\n"
    for tree in (old, new):
        tree["pkg/__init__.py"] = "\n"
        tree["pyproject.toml"] = "[project]\n"
    return {"old": old, "new": new}


def _state(out: Path) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for dirpath, dirnames, filenames in os.walk(out):
        for name in filenames:
            path = Path(dirpath) / name
            found[path.relative_to(out).as_posix()] = path.read_bytes()
    return found


def _digest(tree: dict[str, str]) -> dict[str, bytes]:
    return {k: v.encode() for k, v in tree.items()}


def _debris(out: Path) -> list[str]:
    inside = [p.name for p in out.iterdir() if p.name.startswith(".oasgen-txn")]
    beside = [p.name for p in out.parent.iterdir() if p.name.startswith((f".{out.name}.oasgen-",))]
    return inside + beside


FOREIGN = {".git/HEAD": "ref: refs/heads/main\n", "notes.md": "mine\n", "pkg/types/g01/mine.py": "# mine\n"}


def _prepare(tmp: Path, trees_file: Path) -> Path:
    """A fresh copy of the old generation plus foreign files (hard-linked from a template: the
    writer never writes into an existing inode, so the template stays intact)."""
    import shutil

    template, out = tmp / "template", tmp / "out"
    if not template.exists():
        code, _ = _run(template, "old", "none", trees_file, delay=None)
        assert code == 0
        for rel, text in FOREIGN.items():
            (template / rel).parent.mkdir(parents=True, exist_ok=True)
            (template / rel).write_text(text)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(template, out, copy_function=os.link)
    return out


def _run(out: Path, which: str, kill_at: str, trees_file: Path, delay: float | None) -> tuple[int, float]:
    script = CHILD.format(root=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(out), which, kill_at, str(trees_file)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stdin is not None
    assert proc.stdout.readline().strip() == "ready"
    start = time.perf_counter()
    proc.stdin.write("\n")
    proc.stdin.flush()
    if delay is not None:
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
    else:
        proc.stdout.readline()  # "done" (or EOF when the child killed itself)
    elapsed = time.perf_counter() - start
    proc.wait(timeout=120)
    return proc.returncode, elapsed


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[Path]:
    """RAM-backed when possible: 50,000 file operations on a slow virtual disk take a minute."""
    import tempfile

    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        with tempfile.TemporaryDirectory(dir=shm, prefix="oasgen-interrupt-") as tmp:
            yield Path(tmp)
    else:
        yield tmp_path


@pytest.fixture(scope="module")
def trees_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("trees") / "trees.json"
    path.write_text(json.dumps(_trees()))
    return path


def _moments(tmp: Path, trees_file: Path) -> list[tuple[str, float | None]]:
    """Timed kills spread over an unkilled run's duration, plus self-kills at fixed steps of the switch."""
    out = _prepare(tmp, trees_file)
    code, duration = _run(out, "new", "none", trees_file, delay=None)
    assert code == 0
    print(f"\nunkilled write of {N_FILES} files: {duration * 1000:.0f} ms")
    n_ops = N_FILES  # journal steps are one per changed, added or removed file: well over 1,000 here
    timed: list[tuple[str, float | None]] = [("none", duration * f / 12) for f in range(1, 13)]
    steps = [0, 1, 50, 400, 900, 1300, n_ops - 300, n_ops - 5]
    inside: list[tuple[str, float | None]] = [(f"op:{n}", None) for n in steps]
    inside += [(point, None) for point in ("before-commit", "after-commit", "before-finish", "mid-finish")]
    return timed + inside


def test_sigkill_at_any_moment_leaves_old_or_new_and_no_debris(scratch: Path, trees_file: Path) -> None:
    tmp_path = scratch
    trees = _trees()
    old, new = _digest(trees["old"]), _digest(trees["new"])
    foreign = _digest(FOREIGN)
    seen: dict[str, int] = {"old": 0, "new": 0, "mixed before recovery": 0}
    moments = _moments(tmp_path, trees_file)
    assert len(moments) >= 20
    for kill_at, delay in moments:
        out = _prepare(tmp_path, trees_file)
        code, _ = _run(out, "new", kill_at, trees_file, delay=delay)
        assert code in (0, -signal.SIGKILL), (kill_at, delay, code)
        raw = {k: v for k, v in _state(out).items() if not k.startswith(".oasgen-txn") and k != MANIFEST_NAME}
        if raw != {**old, **foreign} and raw != {**new, **foreign}:
            seen["mixed before recovery"] += 1
        J.recover(out)  # what the next run does first
        state = _state(out)
        manifest = json.loads(state.pop(MANIFEST_NAME))
        for rel, text in foreign.items():
            assert state.pop(rel) == text, (kill_at, delay, rel)
        which = "old" if state == old else "new" if state == new else "mixed"
        assert which != "mixed", (kill_at, delay, sorted(set(state) ^ set(new))[:5])
        assert set(manifest["files"]) == set(state)
        assert all(hashlib.sha256(state[p]).hexdigest() == h for p, h in manifest["files"].items())
        assert _debris(out) == [], (kill_at, delay)
        seen[which] += 1
    assert seen["old"] and seen["new"], seen  # the kills really spread over both sides of the switch
    print(f"\n{len(moments)} kills: {seen}")
