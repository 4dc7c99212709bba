"""Which output folders the generator agrees to write into (issue 8, item 3).

A generated package next to a user's own files is fine (foreign files are never touched), but some
folders are almost always a slip of the keyboard: ``-o ''`` (the current folder), ``/``, the home
folder, or the folder that holds the spec itself. Those are refused unless they already carry a
manifest written by this generator, i.e. the user deliberately generated there before.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from generator.diagnostics import GeneratorError, os_error

__all__ = ["check_output_dir"]


def check_output_dir(raw: str, spec: Path | None, manifest_name: str) -> Path:
    """Return the output folder for ``-o raw``, or raise GeneratorError (exit 2) naming the rule."""
    if raw.strip() == "":
        raise GeneratorError(
            "the output folder is empty", file=repr(raw),
            hint="pass the folder to generate into, e.g. `-o sdk` (use `-o .` to mean the current folder)",
            exit_code=2,
        )  # fmt: skip
    if "\x00" in raw:
        raise GeneratorError("the output folder contains a NUL character", file=repr(raw), hint="choose another output folder", exit_code=2)
    out = Path(raw)
    try:
        os.lstat(out)
    except (FileNotFoundError, NotADirectoryError):
        pass  # created later, or reported by the writer with the part that is a file
    except OSError as exc:  # name too long, permission denied on a parent, a symlink loop ...
        raise os_error(exc, "cannot use this output folder", path=raw) from None
    resolved = Path(os.path.realpath(out))
    reason = ""
    if resolved == Path(resolved.anchor):
        reason = "is the root of the file system"
    elif resolved == Path(os.path.realpath(Path.home())):
        reason = "is your home folder"
    elif spec is not None and resolved == Path(os.path.realpath(spec)).parent:
        reason = "is the folder that holds the spec"
    if reason and not _owned(resolved / manifest_name):
        raise GeneratorError(
            f"refusing to generate into {resolved}: it {reason}", file=raw,
            hint="pass a dedicated folder for the package, e.g. `-o sdk`; a folder that already holds a "
            f"{manifest_name} from an earlier run is accepted",
            exit_code=2,
        )  # fmt: skip
    return out


def _owned(manifest: Path) -> bool:
    import stat

    from generator.write import TOOL

    try:
        if not stat.S_ISREG(os.lstat(manifest).st_mode):
            return False  # never open a FIFO or device that merely has the manifest's name
        with open(manifest, "rb") as fh:
            doc = json.loads(fh.read(1 << 24))
    except (OSError, ValueError):
        return False
    return isinstance(doc, dict) and doc.get("generator") == TOOL
