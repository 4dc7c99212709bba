"""The user's template folder (``templates:`` / ``--templates``) as hostile input (issue 8, item 4).

* :func:`template_error` turns an exception raised while rendering into one located message when
  it comes from a *user* template: a syntax error, an undefined attribute or an exception the
  template raised names the template file, the line and the message. An error inside a built-in
  template stays a bug (the caller re-raises it, so the traceback reaches the maintainers).
* :func:`unused_templates` warns about user files that shadow no built-in template and that no
  template includes, imports or extends: almost always a misnamed override, which would otherwise
  be ignored without a word.
"""

from __future__ import annotations

import difflib
import os
import traceback
from collections import Counter
from pathlib import Path

import jinja2
import jinja2.meta

from generator.builtin import TEMPLATE_DIR as BUILTIN
from generator.diagnostics import Diagnostic, GeneratorError, Severity

__all__ = ["blame_user_templates", "check_readable", "template_error", "unused_templates"]

_TEMPLATE_SUFFIXES = (".j2", ".jinja", ".jinja2")


def template_error(exc: BaseException, user_dir: Path | None) -> GeneratorError | None:
    """A located GeneratorError if ``exc`` was raised by a template in ``user_dir``, else None."""
    if user_dir is None:
        return None
    root = os.path.realpath(user_dir)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        filename = exc.filename or ""
        if _inside(filename, root):
            return GeneratorError(
                f"template syntax error: {exc.message}", file=filename, pointer=f"line {exc.lineno}",
                hint="fix the template (Jinja2 syntax: https://jinja.palletsprojects.com/templates/)",
            )  # fmt: skip
        return None
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if _inside(f.filename, root)]
    if not frames:
        return None
    frame = frames[-1]  # the innermost line of the user's template that was running
    if isinstance(exc, RecursionError):
        # The line that calls again, the one the recursion repeats: the innermost frame may instead
        # be a macro just entered (at its first line), as the limit can fall on any call of a round.
        counts = Counter((f.filename, f.lineno) for f in frames)
        frame = max(reversed(frames), key=lambda f: counts[(f.filename, f.lineno)])
    if isinstance(exc, jinja2.UndefinedError):
        what, hint = "undefined name or attribute", "check the spelling against the built-in template this one replaces"
    elif isinstance(exc, RecursionError):
        what = "a macro calls itself without end"
        hint = ('to call the built-in macro you replace, import it by its stable name: {% import "builtin/types/macros.j2" as base %} '
                "and call base.<name>(...); macros(\"...\") gives your own macro back (docs/templates.md)")
    elif isinstance(exc, jinja2.TemplateNotFound):
        what, hint = "template not found", "built-in templates are named by their path under templates/, or builtin/<path> (docs/templates.md)"
    elif isinstance(exc, jinja2.TemplateError):
        what, hint = "template error", "fix the template"
    else:
        what, hint = f"the template raised {type(exc).__name__}", "fix the template"
    return GeneratorError(f"{what}: {exc}", file=frame.filename, pointer=f"line {frame.lineno}", hint=hint)


def check_readable(user_dir: Path | None) -> None:
    """Refuse, before rendering, a template folder entry Jinja could not read safely: a FIFO or
    device (opening it would block or never end), a symbolic link out of the folder, or a file
    that is not UTF-8 text. Jinja itself would hang or raise from deep inside its loader."""
    import stat

    if user_dir is None:
        return
    root = os.path.realpath(user_dir)
    for dirpath, dirnames, filenames in os.walk(user_dir):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "__pycache__"]
        for filename in filenames:
            path = os.path.join(dirpath, filename)
            try:
                st = os.stat(path)
            except OSError as exc:
                raise GeneratorError(f"cannot read this template: {exc.strerror}", file=path, hint="fix or remove the entry") from None
            if not stat.S_ISREG(st.st_mode):
                raise GeneratorError("this template entry is not a regular file (a FIFO, socket or device)",
                                     file=path, hint="remove it from the templates folder")  # fmt: skip
            if not _inside(path, root):
                raise GeneratorError("this template is a symbolic link to a file outside the templates folder",
                                     file=path, hint="copy the file into the folder instead")  # fmt: skip
            if not filename.endswith(_TEMPLATE_SUFFIXES) and not _referencable(filename):
                continue
            try:
                with open(path, "rb") as fh:
                    fh.read(1 << 22).decode("utf-8")
            except UnicodeDecodeError as exc:
                raise GeneratorError(f"this template is not UTF-8 text ({exc.reason} at byte {exc.start})",
                                     file=path, hint="save it as UTF-8")  # fmt: skip
            except OSError as exc:
                raise GeneratorError(f"cannot read this template: {exc.strerror}", file=path, hint="fix or remove the entry") from None


def _referencable(filename: str) -> bool:
    """Files templates commonly include verbatim (examples, snippets)."""
    return filename.endswith((".py", ".md", ".txt", ".toml", ".json", ".yaml", ".yml"))


def unused_templates(user_dir: Path | None) -> list[Diagnostic]:
    """One warning per user file that replaces no built-in template and that no template refers to."""
    if user_dir is None or not user_dir.is_dir():
        return []
    import json

    from generator import cache

    builtin = _names(BUILTIN)
    user = _names(user_dir)
    # Parsing every template costs ~50 ms; the answer only changes when a file does.
    entry = cache.key("unused-templates", str(user_dir), _signature(BUILTIN, builtin), _signature(user_dir, user))
    hit = cache.get("unused-templates", entry)
    if hit is not None:
        try:
            return [Diagnostic(**{**d, "severity": Severity(d["severity"])}) for d in json.loads(hit)]
        except (ValueError, TypeError, KeyError):
            cache.forget("unused-templates", entry)
    found = _unused(user_dir, builtin, user)
    cache.put("unused-templates", entry, json.dumps([{**_as_dict(d), "severity": d.severity.value} for d in found]).encode())
    return found


def _as_dict(d: Diagnostic) -> dict[str, object]:
    return {"kind": d.kind, "message": d.message, "pointer": d.pointer, "file": d.file, "hint": d.hint}


def _signature(folder: Path, names: set[str]) -> str:
    parts = []
    for name in sorted(names):
        try:
            st = os.stat(folder / name)
        except OSError:
            continue
        parts.append(f"{name}\0{st.st_size}\0{st.st_mtime_ns}")
    return "\n".join(parts)


def _unused(user_dir: Path, builtin: set[str], user: set[str]) -> list[Diagnostic]:
    environment = jinja2.Environment()  # parsing only: no loader, nothing is rendered
    referenced: set[str] = set()
    for folder, names in ((BUILTIN, builtin), (user_dir, user)):
        for name in names:
            if name.endswith(_TEMPLATE_SUFFIXES):
                referenced |= _references(environment, folder / name)
    found: list[Diagnostic] = []
    for name in sorted(user - builtin - referenced):
        if name.startswith("runtime/") and name[len("runtime/") :] in _names(BUILTIN / "runtime"):
            continue
        close = difflib.get_close_matches(name, sorted(builtin), n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        found.append(
            Diagnostic(
                "template-unused",
                f"{name} replaces no built-in template and no template includes it, so it is never used",
                file=str(user_dir / name),
                severity=Severity.WARNING,
                hint=hint + "overrides must have the path of a built-in template under templates/",
            )
        )
    return found


def _names(folder: Path) -> set[str]:
    names: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "__pycache__"]
        for filename in filenames:
            if not filename.startswith(".") and not filename.endswith((".pyc", ".md")):  # docs are not templates
                names.add(Path(dirpath, filename).relative_to(folder).as_posix())
    return names


def _references(environment: jinja2.Environment, path: Path) -> set[str]:
    """Templates ``path`` imports, includes or extends, and macro files it reaches with ``macros("...")``."""
    from jinja2 import nodes

    try:
        source = path.read_text(encoding="utf-8")
        tree = environment.parse(source)
    except (OSError, UnicodeDecodeError, jinja2.TemplateSyntaxError):
        return set()  # a broken file is reported when it is rendered
    found = {n for n in jinja2.meta.find_referenced_templates(tree) if n}
    for call in tree.find_all(nodes.Call):
        first = call.args[0] if call.args else None
        if isinstance(call.node, nodes.Name) and call.node.name == "macros" and isinstance(first, nodes.Const) and isinstance(first.value, str):
            found.add(first.value)
    return {n.removeprefix("builtin/") for n in found}


def _inside(filename: str, root: str) -> bool:
    if not filename:
        return False
    real = os.path.realpath(filename)
    return real == root or real.startswith(root + os.sep)


def blame_user_templates(exc: GeneratorError, user_dir: Path | None) -> GeneratorError:
    """A formatter's rejection of a generated file, reworded when user templates took part: the
    likely cause is the user's template, not a generator bug."""
    if user_dir is None:
        return exc
    overrides = sorted(_names(user_dir) & _names(BUILTIN))
    shown = ", ".join(overrides[:5]) + (" ..." if len(overrides) > 5 else "")
    exc.message = f"your templates produced invalid Python: {exc.message}"
    exc.hint = (
        f"this file was rendered with the templates in {user_dir}"
        + (f" (overriding {shown})" if shown else "")
        + "; check them first (rerun with `--formatter none` to see the raw output). "
        "Without --templates it would be a generator bug"
    )
    return exc
