"""What each template is given: the one table of it, the ``context`` command and docs/templates.md.

:data:`TEMPLATE_CONTEXT` says which variables each built-in template receives and of which type;
:func:`record` renders a spec and returns what every template actually received (a test checks
the two agree, so the table cannot drift from :func:`generator.render.renderer.render`);
:func:`reference` writes docs/templates.md from the table, the dataclasses' fields and their
docstrings, and the macros of the built-in macro files (a test checks the committed page is current).
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import re
import sys
import textwrap
import typing
from pathlib import Path
from typing import Any

from generator.emit import ApiInfo, InitEmission
from generator.emit.code import Code, Text
from generator.emit.extensions import AzureEmission
from generator.emit.package import ClientEmission, Export, ReadmeEmission
from generator.emit.resources import ApiSection, MethodEmission, ResourceEmission
from generator.emit.types_module import Definition, TypesModuleEmission
from generator.render.renderer import TEMPLATE_DIR
from generator.render.tests_view import ConftestView, SuiteModuleView

__all__ = ["COMMON", "EXTENSION_CONTEXT", "GLOBALS", "MACRO_FILES", "MIXIN_CONTEXT", "TEMPLATE_CONTEXT", "main", "record", "reference", "to_data"]

GLOBALS: dict[str, object] = {
    "api": ApiInfo,
    "macros": "macros(name) -> the merged macros of the macro file `name`: yours where your file defines them, the built-in ones otherwise",
}
"""Names every template and every macro sees (macros imported without context too)."""

COMMON: dict[str, object] = {"header": Code, "package": Code}
"""Variables every template below is rendered with."""

TEMPLATE_CONTEXT: dict[str, dict[str, object]] = {
    "types/module.py.j2": {"m": TypesModuleEmission},
    "types/__init__.py.j2": {"exports": list[Export], "subpackages": tuple[tuple[Code, Code], ...], "is_subpackage": bool},
    "resources/module.py.j2": {"r": ResourceEmission},
    "resources/__init__.py.j2": {},
    "package/_client.py.j2": {"client": ClientEmission},
    "package/__init__.py.j2": {"client": ClientEmission, "init": InitEmission},
    "package/pyproject.toml.j2": {"pyproject": Code},
    "package/README.md.j2": {"readme": ReadmeEmission},
    "package/api.md.j2": {"sections": list[ApiSection]},
    "tests/test_resource.py.j2": {"m": SuiteModuleView, "c": ConftestView},
    "tests/conftest.py.j2": {"c": ConftestView},
}
"""The variables each built-in template is rendered with, besides :data:`COMMON`."""

EXTENSION_CONTEXT: dict[str, dict[str, object]] = {
    "extensions/_azure.py.j2": {"azure": AzureEmission},
    "extensions/_realtime.py.j2": {"install_hint": Code},
}
"""Templates of the extensions the config turns on (``azure``, ``realtime``), besides :data:`COMMON`."""

MIXIN_CONTEXT: dict[str, dict[str, object]] = {
    "mixins: {Schema: template}": {"model": Definition},
    "resources.mixins: {resource: template}": {"resource": ResourceEmission, "methods": dict[str, MethodEmission], "is_async": bool},
}
"""Mixin templates (config ``mixins`` and ``resources.mixins``): the variables each is rendered with,
besides :data:`COMMON`. Their text goes into the model's or the resource class's body."""

MACRO_FILES = ("types/macros.j2", "resources/macros.j2", "tests/macros.j2")


# ---------------------------------------------------------------------------- what templates receive


def record(api: Any, *, user_templates: Path | None = None, tests: bool = True) -> list[tuple[str, dict[str, Any]]]:
    """``(template name, context)`` of every template render for ``api``, in render order."""
    from generator.render.renderer import render

    seen: list[tuple[str, dict[str, Any]]] = []
    render(api, user_templates=user_templates, tests=tests, recorder=lambda name, ctx: seen.append((name, ctx)))
    return seen


def subject(context: dict[str, Any]) -> str:
    """The module a render is about (``--module``): a types module, a resource module, a test module."""
    for key in ("m", "r"):
        value = context.get(key)
        for attr in ("module", "name", "resource"):
            found = getattr(value, attr, None)
            if isinstance(found, str):
                return found
    return ""


def to_data(value: Any) -> Any:
    """Context values as JSON: dataclasses as objects, Code and Text as their text."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Text):
        return value.value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, (list, tuple, frozenset, set)):
        items = [to_data(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, (set, frozenset)) else items
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return repr(value)


# ---------------------------------------------------------------------------- the reference page


def _type_name(t: Any) -> str:
    if t is type(None):
        return "None"
    if isinstance(t, type):
        return t.__name__
    if isinstance(t, str):
        return t
    return re.sub(r"\b(?:[A-Za-z_]\w*\.)+([A-Za-z_]\w*)", r"\1", str(t))


def _hints(cls: type) -> dict[str, Any]:
    module = sys.modules[cls.__module__]
    return typing.get_type_hints(cls, vars(module))


def _field_docs(cls: type) -> tuple[str, dict[str, str]]:
    """The class docstring and ``{field: docstring}`` (the string literal after each field)."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError):
        return "", {}
    node = tree.body[0]
    assert isinstance(node, ast.ClassDef)
    docs: dict[str, str] = {}
    body = node.body
    for i, stmt in enumerate(body):
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and i + 1 < len(body):
            nxt = body[i + 1]
            if isinstance(nxt, ast.Expr) and isinstance(nxt.value, ast.Constant) and isinstance(nxt.value.value, str):
                docs[stmt.target.id] = inspect.cleandoc(nxt.value.value)
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str) and i > 0:
            prev = body[i - 1]
            if isinstance(prev, ast.Assign) and len(prev.targets) == 1 and isinstance(prev.targets[0], ast.Name):
                docs[prev.targets[0].id] = inspect.cleandoc(stmt.value.value)
    return ast.get_docstring(node) or "", docs


def _reachable(t: Any, out: dict[str, type]) -> None:
    if dataclasses.is_dataclass(t) and isinstance(t, type):
        if t.__name__ in out:
            return
        out[t.__name__] = t
        for hint in _hints(t).values():
            _reachable(hint, out)
        return
    for arg in typing.get_args(t):
        _reachable(arg, out)


def _one_line(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _blocks(name: str) -> list[str]:
    import jinja2
    from jinja2 import nodes

    tree = jinja2.Environment().parse((TEMPLATE_DIR / name).read_text(encoding="utf-8"))
    return [f"`{block.name}`" for block in tree.find_all(nodes.Block)]


def _macros(name: str) -> list[str]:
    import jinja2
    from jinja2 import nodes

    source = (TEMPLATE_DIR / name).read_text(encoding="utf-8")
    tree = jinja2.Environment().parse(source)
    found = []
    for macro in tree.find_all(nodes.Macro):
        args = [a.name for a in macro.args]
        found.append(f"`{macro.name}({', '.join(args)})`")
    return found


_INTRO = """\
# Templates: the context each one sees

<!-- Generated by `python -m generator.render.context` from generator/render/context.py, the emission
     dataclasses (generator/emit/*, generator/render/tests_view.py) and templates/. Do not edit:
     run `make template-docs`. tests/test_templates.py checks this page is current. -->

oasgen lays out every generated file with a Jinja2 template from `templates/`. A folder of your own
(`templates:` in the config, or `--templates DIR`) is searched first, so a file there with the path
of a built-in template replaces it. Everything a template prints was decided by the emission stage
(`generator/emit`): templates only lay it out. `python -m generator context SPEC` prints what each
template receives for your spec, as JSON (`--template NAME`, `--module NAME` narrow it down).

## Overriding part of a template

- **Every built-in template has a stable name**: `builtin/<path>` (`builtin/types/macros.j2`) is
  always the built-in file, even when your folder overrides `<path>`. Import from it, include it, or
  extend it.
- **Macro files are merged macro by macro.** Templates call macros through
  `macros("types/macros.j2")`, which gives *your* macro where your `types/macros.j2` defines one and
  the built-in macro otherwise. The built-in macros call each other the same way, so a file that
  defines only `model` changes every model class (the built-in `definition` dispatches to your
  `model`) and leaves enums, aliases and TypedDicts as they were. Write only what you change:

  ```jinja
  {#- my_templates/types/macros.j2 -#}
  {% import "builtin/types/macros.j2" as base %}
  {%- macro model(d) -%}
  {{ base.model(d) }}

      # from {{ d.source.comment }}
  {%- endmacro -%}
  ```

  Inside your macro, call the built-in version as `base.<name>` (not through `macros(...)`,
  which would call yours again). A macro file that `{% extends %}` another exports only the
  parent's macros, so use `import` for macro files.
- **Whole templates can extend the built-in one** and replace a block (the blocks are listed below):

  ```jinja
  {#- my_templates/resources/module.py.j2 -#}
  {% extends "builtin/resources/module.py.j2" %}
  {% block imports %}{{ super() }}
  import logging{% endblock %}
  ```
- **Errors name your file and line.** A syntax error, an undefined name or attribute, or an
  exception in your template stops the run with one message `your/file.j2:LINE` and exit code 1.

## What templates can print

Templates print only `Code`: text that `generator/emit/code.py` made safe for the place it goes.
Printing anything else fails the render (user templates included).

- `Code` values (names, annotations, literals, complete docstrings) print as they are.
- `Text` values are spec or config text (a summary, a description, the API title). They do not
  print as they are; choose where they go: `.py` (a string literal), `.doc` (inside a docstring),
  `.comment` (one `#` comment line), `.md` (Markdown text), `.mdcode` (inline Markdown code). Or
  compose first and escape the result with a filter: `{{ (m.doc_text ~ "\\n\\nSee the guide.") | docstring(8) }}`.
  `~` joining only code gives code; with any other part it gives plain text, which again prints
  only through a filter.
- Whitespace is yours to keep: `{%- ... -%}` strips the newline and indentation beside it. Copy the
  start of the built-in macro you replace (a method macro's output starts with a newline and is
  indented four spaces; a model macro's starts at `class`).
- Filters: `pystr`, `docstring(indent)`, `pyvalue`, `comment`, `md`, `mdcode`, `join(sep)`, and
  Jinja's list filters (`length`, `first`, `selectattr`, `map`, `sort`, ...). None marks raw text safe.
"""


def reference() -> str:
    lines = [_INTRO, "## Globals\n", "Every template and every macro sees these:\n", "| name | type |", "|---|---|"]
    for name, t in GLOBALS.items():
        lines.append(f"| `{name}` | {_one_line(_type_name(t)) if isinstance(t, type) else _one_line(str(t))} |")
    lines += ["", "## Templates\n", "Every template below is also given " + ", ".join(f"`{k}` ({_type_name(t)})" for k, t in COMMON.items())
              + ": the file header line and the package's import name. Blocks are what a template that "
              "`{% extends \"builtin/<path>\" %}` can replace (`{{ super() }}` is the built-in block).\n",
              "| template | variables | blocks |", "|---|---|---|"]  # fmt: skip
    reachable: dict[str, type] = {}
    _reachable(ApiInfo, reachable)
    for name, variables in TEMPLATE_CONTEXT.items():
        shown = ", ".join(f"`{k}`: {_type_name(t)}" for k, t in variables.items()) or "(only the common ones)"
        lines.append(f"| `{name}` | {shown} | {', '.join(_blocks(name))} |")
        for t in variables.values():
            _reachable(t, reachable)
    for name, variables in EXTENSION_CONTEXT.items():
        shown = ", ".join(f"`{k}`: {_type_name(t)}" for k, t in variables.items())
        lines.append(f"| `{name}` (when the config turns it on) | {shown} | {', '.join(_blocks(name))} |")
        for t in variables.values():
            _reachable(t, reachable)
    lines += ["", "Mixin templates (your own, named in the config) add methods and properties to a model or a resource "
              "class; their text goes into the class body, imports at its top. They are rendered with the common "
              "variables and:\n", "| config key | variables |", "|---|---|"]  # fmt: skip
    for key, variables in MIXIN_CONTEXT.items():
        lines.append(f"| `{key}` | " + ", ".join(f"`{k}`: {_one_line(_type_name(t))}" for k, t in variables.items()) + " |")
        for t in variables.values():
            _reachable(t, reachable)
    runtime = ("Runtime templates (`runtime/*.py.j2`) are rendered with variables of their own, made from "
               "`RuntimeContext` (generator/render/runtime.py): `package_name`, `package_version`, `sdk_title`, `base_error`, "
               "`errors`, `spec_title`, `spec_version`, ... (see `render_runtime`). An override in your `runtime/` folder can "
               "`{% include \"builtin/runtime/<name>\" %}` the built-in file and add to it.")
    lines += ["", runtime, ""]
    lines += ["## Macro files\n", "| file | macros |", "|---|---|"]
    for name in MACRO_FILES:
        lines.append(f"| `{name}` | {', '.join(_macros(name))} |")
    lines += ["", "## Types\n"]
    for name in sorted(reachable):
        cls = reachable[name]
        doc, field_docs = _field_docs(cls)
        lines.append(f"### {name}\n")
        lines.append(f"`{cls.__module__}.{name}`" + (f": {_one_line(doc)}" if doc else "") + "\n")
        lines += ["| field | type | description |", "|---|---|---|"]
        hints = _hints(cls)
        for f in dataclasses.fields(cls):
            lines.append(f"| `{f.name}` | `{_one_line(_type_name(hints.get(f.name, f.type)))}` | {_one_line(field_docs.get(f.name, ''))} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


DOCS_PAGE = Path(__file__).resolve().parents[2] / "docs" / "templates.md"


def main(argv: list[str] | None = None) -> int:
    """Write docs/templates.md (``--check``: exit 1 when the committed page is not current)."""
    args = sys.argv[1:] if argv is None else argv
    text = reference()
    if "--check" in args:
        current = DOCS_PAGE.read_text(encoding="utf-8") if DOCS_PAGE.exists() else ""
        if current != text:
            print(f"{DOCS_PAGE} is not current; run `make template-docs`", file=sys.stderr)
            return 1
        return 0
    DOCS_PAGE.parent.mkdir(exist_ok=True)
    DOCS_PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {DOCS_PAGE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
