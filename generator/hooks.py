"""Post-generation hooks (config ``hooks.post``, issue 9 item 7): commands run in the output folder
after a successful ``generate``, such as ``ruff check --fix .``.

* Each entry is one command line, split like a shell would (:func:`shlex.split`) and run **without a
  shell** (no pipes, globs or ``$VARS``: write a script for those), in the output folder, one after
  another, with the generator's environment and no standard input.
* They run only when the write changed something (a new generation, or a changed list of hooks), and
  always on the plain generation (files they changed last time are first put back as rendered), so what
  they leave depends only on the generation, never on an earlier run.
* Their edits become part of the generation. The manifest records what they left and, for each file
  they changed, what the templates rendered (:func:`generator.write.record_hooks`). While the spec,
  config, templates and hooks stay the same, the next ``generate`` rewrites nothing and ``check``
  passes **without running the hooks** (so CI needs none of their tools). A hook whose output changes
  with no input changing (a new ruff version) is not noticed until the next ``generate``.
* Files a hook creates are not the generator's: they are left alone, like any foreign file.
* A failing hook (non-zero exit, or a command that cannot be started) stops ``generate`` with exit 1,
  naming the command, its exit code and its output. The output folder is then put back to the plain
  generation (every generated file as the templates rendered it, atomically, hook edits undone), and
  its manifest records no hooks, so ``check`` reports drift until a ``generate`` whose hooks pass.
"""

from __future__ import annotations

import shlex
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import GeneratorError

OUTPUT_LIMIT = 4000
"""Characters of a failing hook's output shown (its end, where the error usually is)."""


@dataclass
class HookFailure(Exception):
    command: str
    exit_code: int | None
    """None: the command could not be started."""
    output: str

    def describe(self) -> str:
        how = f"exited with code {self.exit_code}" if self.exit_code is not None else "could not be started"
        return f"post-generation hook {self.command!r} {how}"


def argv(command: str) -> list[str]:
    """The command line split like a shell would; a GeneratorError for one that cannot be."""
    try:
        parts = shlex.split(command)
    except ValueError as exc:
        raise GeneratorError(f"hook {command!r} cannot be split into arguments: {exc}", hint="check its quotes", exit_code=2) from None
    if not parts:
        raise GeneratorError(f"hook {command!r} is empty", hint="remove it from hooks.post", exit_code=2)
    return parts


def run_hooks(commands: Sequence[str], out_dir: Path, on_done: Callable[[str, float], None] | None = None) -> None:
    """Run each command in ``out_dir``; raise :class:`HookFailure` at the first that fails."""
    for command in commands:
        parts = argv(command)
        start = time.perf_counter()
        try:
            done = subprocess.run(parts, cwd=out_dir, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
        except OSError as exc:
            raise HookFailure(command, None, f"{parts[0]}: {exc.strerror or exc}") from None
        output = done.stdout.decode("utf-8", "replace")
        if done.returncode != 0:
            raise HookFailure(command, done.returncode, output)
        if on_done is not None:
            on_done(command, time.perf_counter() - start)


def failure_error(failure: HookFailure, out_dir: Path) -> GeneratorError:
    output = failure.output.rstrip()
    if len(output) > OUTPUT_LIMIT:
        output = "...\n" + output[-OUTPUT_LIMIT:]
    shown = "\n".join("  | " + line for line in output.splitlines()) if output else "  | (no output)"
    return GeneratorError(
        f"{failure.describe()}; its output:\n{shown}\n",
        file=str(out_dir),
        hint="fix the command or the code it complains about, then rerun generate. The output folder holds the plain "
        "generation (the hooks' edits were undone), so 'check' reports drift until the hooks pass",
        exit_code=1,
    )
