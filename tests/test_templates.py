"""Templates as an extension point (issue 9, item 8).

* a user macro file that defines one macro changes only what that macro lays out: every other
  macro comes from the built-ins, and the built-in macros use the user's one;
* built-in templates are reachable as ``builtin/<path>`` from a user's override (no recursion);
* method macros see the operation and the API, as escaped values only;
* an error in a user template is one message naming its file and line;
* ``python -m generator context`` shows what templates receive, the table behind it matches what
  the renderer really passes, and docs/templates.md is current.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import FIXTURES, ROOT

SPEC = FIXTURES / "docs.yaml"  # models, TypedDicts, enums, documented and deprecated arguments


def _render(spec: Path, templates: Path | None) -> dict[str, str]:
    from generator.config import load_config
    from generator.pipeline import Options, run

    return run(spec, load_config(None), Options(validate=False, formatter="none", templates=templates)).files


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _generate(spec: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out), "--no-validate", "--formatter", "none", *extra],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)  # fmt: skip


@pytest.fixture(scope="module")
def baseline() -> dict[str, str]:
    return _render(SPEC, None)


def _api():  # type: ignore[no-untyped-def]
    from generator.config import load_config
    from generator.diagnostics import Diagnostics
    from generator.pipeline import Options, build_ir

    return build_ir(SPEC, load_config(None), Options(validate=False), Diagnostics())


def _model_modules(files: dict[str, str]) -> set[str]:
    return {rel for rel, text in files.items() if "/types/" in rel and re.search(r"^class \w+\(BaseModel\):", text, re.MULTILINE)}


MARKER = "    # model laid out by the user's macro"


def test_single_macro_override_changes_models_only(baseline: dict[str, str], tmp_path: Path) -> None:
    """Only ``model`` is overridden (wrapping the built-in one): every model gets the marker line,
    and removing it gives the built-in output byte for byte. Nothing else changes."""
    user = _write(tmp_path, {"types/macros.j2": '{% import "builtin/types/macros.j2" as base %}\n'
                                                 "{%- macro model(d) -%}\n{{ base.model(d) }}\n" + MARKER + "\n{%- endmacro -%}\n"})  # fmt: skip
    files = _render(SPEC, user)
    assert set(files) == set(baseline)
    changed = {rel for rel in files if files[rel] != baseline[rel]}
    assert changed == _model_modules(baseline) and changed
    for rel in changed:
        models = len(re.findall(r"^class \w+\(BaseModel\):", baseline[rel], re.MULTILINE))
        assert files[rel].count(MARKER) == models, rel
        assert files[rel].replace("\n" + MARKER, "") == baseline[rel], rel


def test_single_macro_override_without_import_is_used_by_the_builtin_dispatch(baseline: dict[str, str], tmp_path: Path) -> None:
    """A file with just ``model`` (no import): TypedDicts, enums and aliases still come from the
    built-ins (``definition``, ``typeddict``, ``doc_in`` ...) and the models are the user's."""
    user = _write(tmp_path, {"types/macros.j2": "{%- macro model(d) -%}\nclass {{ d.name }}({{ d.base }}):\n"
                                                "    {{ (d.doc_text ~ '\\n\\nPart of ' ~ api.title) | docstring(4) }}\n"
                                                "{%- for f in d.fields %}\n    {{ f.name }}: {{ f.annotation }}{% if f.default %} = {{ f.default }}{% endif %}\n{%- endfor %}\n"
                                                "{%- endmacro -%}\n"})  # fmt: skip
    files = _render(SPEC, user)
    changed = {rel for rel in files if files[rel] != baseline[rel]}
    assert changed == _model_modules(baseline)
    title = _api().package.title
    for rel in changed:
        assert f"Part of {title}" in files[rel]
        # the TypedDicts of the same module (built-in macro) keep their field docstrings
        ours = [line for line in files[rel].splitlines() if "TypedDict" in line and line.startswith("class ")]
        theirs = [line for line in baseline[rel].splitlines() if "TypedDict" in line and line.startswith("class ")]
        assert ours == theirs


def test_builtin_macros_call_the_users_helpers(tmp_path: Path) -> None:
    """Overriding the helper ``doc_in`` changes every class docstring the built-in macros print
    (field docstrings are written inline, for speed)."""
    user = _write(tmp_path, {"types/macros.j2": "{%- macro doc_in(text) -%}\n{%- if text %}\n    {{ text }}  # doc\n{%- endif -%}\n{%- endmacro -%}\n"})
    spec = FIXTURES / "objects.yaml"  # documented schemas
    baseline, files = _render(spec, None), _render(spec, user)
    class_doc = re.compile(r'^class \w+\(.*\):\n    """', re.MULTILINE)
    documented = [rel for rel in baseline if "/types/" in rel and class_doc.search(baseline[rel])]
    assert documented
    for rel in documented:
        assert files[rel].count('"""  # doc') == len(class_doc.findall(baseline[rel])), rel


def test_method_macro_sees_the_operation_and_the_api(baseline: dict[str, str], tmp_path: Path) -> None:
    user = _write(tmp_path, {"resources/macros.j2": (
        '{% import "builtin/resources/macros.j2" as base %}\n'
        "{%- macro method(r, m, is_async) %}\n"
        "    # {{ m.operation.http_method }} {{ m.operation.path.comment }} id={{ m.operation.id.comment }} tags={{ m.operation.tags | map(attribute='comment') | join(',') }}"
        " deprecated={{ m.operation.deprecated }} api={{ api.title.comment }} {{ api.version.comment }} pkg={{ api.package }}\n"
        "{%- for p in m.operation.params %}\n    # arg {{ p.name }} ({{ p.location }}, wire {{ p.wire_name.comment }}): {{ p.doc.comment }}\n{%- endfor %}"
        "{{ base.method(r, m, is_async) }}\n"
        "{%- endmacro -%}\n")})  # fmt: skip
    api = _api()
    files = _render(SPEC, user)
    text = "\n".join(files[rel] for rel in files if "/resources/" in rel)
    for op in api.operations:
        line = f"    # {op.method.upper()} {op.path} id={op.operation_id} tags={','.join(op.tags)} deprecated={op.deprecated} api={api.package.title} {api.spec.version} pkg={api.package.name}"
        assert text.count(line) == 2, line  # the sync and the async method
    deprecated = [op for op in api.operations if op.deprecated]
    assert deprecated, "the fixture must have a deprecated operation"
    documented = [p for op in api.operations for p in op.parameters if p.description]
    assert documented
    for p in documented:
        assert re.search(rf"# arg {p.py_name} \({p.location}, wire {re.escape(p.name)}\): .*{re.escape(p.description.split()[0])}", text), p.name
    # without the override, nothing of it
    assert "# arg " not in "\n".join(baseline.values())


def test_spec_text_does_not_print_unescaped_from_a_user_template(tmp_path: Path) -> None:
    user = _write(tmp_path / "tpl", {"resources/macros.j2": "{%- macro method(r, m, is_async) %}\n    # {{ m.operation.summary }}\n{%- endmacro -%}\n"})
    proc = _generate(SPEC, tmp_path / "out", "--templates", str(user))
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert f"{user / 'resources' / 'macros.j2'}:2" in proc.stderr
    assert "without saying where it goes" in proc.stderr and ".comment" in proc.stderr


@pytest.mark.parametrize(
    "source, line, words",
    [
        pytest.param("{%- macro model(d) -%}\nclass {{ d.name }}:\n{% for f in d.fields %}\n{%- endmacro -%}\n", 4, "syntax error", id="syntax"),
        pytest.param("{%- macro model(d) -%}\nclass {{ d.name }}:\n    x: {{ d.no_such_field }}\n{%- endmacro -%}\n", 3, "undefined", id="undefined-attribute"),
        pytest.param("{%- macro model(d) -%}\nclass {{ d.name }}:\n    {{ macros('types/macros.j2').no_such_macro(d) }}\n{%- endmacro -%}\n", 3, "no_such_macro", id="undefined-macro"),
        pytest.param("{%- macro model(d) -%}\n{{ macros('types/macros.j2').model(d) }}\n{%- endmacro -%}\n", 2, "builtin/types/macros.j2", id="calls-itself"),
        pytest.param("{%- macro model(d) -%}\n\n{{ macros('../../etc/passwd').model(d) }}\n{%- endmacro -%}\n", 3, "template not found", id="outside-the-folders"),
    ],
)
def test_error_in_a_user_macro_names_file_and_line(tmp_path: Path, source: str, line: int, words: str) -> None:
    user = _write(tmp_path / "tpl", {"types/macros.j2": source})
    proc = _generate(SPEC, tmp_path / "out", "--templates", str(user))
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    assert f"{user / 'types' / 'macros.j2'}:{line}:" in proc.stderr, proc.stderr
    assert words in proc.stderr, proc.stderr
    assert len([x for x in proc.stderr.splitlines() if x.startswith("error:")]) == 1, proc.stderr
    assert not (tmp_path / "out").exists()


def test_importing_the_builtin_from_an_override_does_not_recurse(tmp_path: Path) -> None:
    """The issue's RecursionError: an override importing "types/macros.j2" imported itself."""
    user = _write(tmp_path, {"types/macros.j2": '{% import "builtin/types/macros.j2" as base %}{% macro model(d) %}{{ base.model(d) }}{% endmacro %}'})
    assert _render(SPEC, user)


def test_context_command_shows_operation_and_api(tmp_path: Path) -> None:
    api = _api()
    op = next(o for o in api.operations if o.deprecated)
    module = ".".join(op.resource)
    proc = subprocess.run([sys.executable, "-m", "generator", "context", str(SPEC), "--no-validate", "--template", "resources/module.py.j2", "--module", module],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    dump = json.loads(proc.stdout)
    assert dump["globals"]["api"]["title"] == api.package.title
    assert dump["globals"]["api"]["version"] == api.spec.version
    assert dump["globals"]["api"]["package"] == api.package.name
    [render] = dump["renders"]
    assert render["template"] == "resources/module.py.j2" and render["module"] == module
    methods = {m["operation"]["id"]: m for m in render["context"]["r"]["methods"]}
    got = methods[op.operation_id]["operation"]
    assert got["http_method"] == op.method.upper() and got["path"] == op.path
    assert got["summary"] == op.summary.strip() and got["description"] == op.description.strip()
    assert got["deprecated"] is True and got["tags"] == list(op.tags)
    assert [p["wire_name"] for p in got["params"] if p["location"] != "body"] == [p.name for p in sorted(op.parameters, key=lambda p: (p.location != "path", not p.required))]
    assert all("doc" in p and "description" in p for p in got["params"])
    # a template name that is not rendered: one message, exit 2
    bad = subprocess.run([sys.executable, "-m", "generator", "context", str(SPEC), "--no-validate", "--template", "resources/modul.py.j2"], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert bad.returncode == 2 and "did you mean resources/module.py.j2" in bad.stderr and "Traceback" not in bad.stderr


def test_context_table_matches_what_the_renderer_passes() -> None:
    """Every built-in template renders with exactly the variables docs/templates.md lists, of those types."""
    import typing

    from generator.config import load_config
    from generator.diagnostics import Diagnostics
    from generator.pipeline import Options, build_ir
    from generator.render.context import COMMON, TEMPLATE_CONTEXT, record

    api = build_ir(SPEC, load_config(None), Options(validate=False), Diagnostics())
    seen: dict[str, dict[str, object]] = {}
    for name, context in record(api):
        seen.setdefault(name, context)
        expected = {**COMMON, **TEMPLATE_CONTEXT[name]}
        assert set(context) == set(expected), name
        for key, t in expected.items():
            origin = typing.get_origin(t)
            if origin is tuple:
                assert isinstance(context[key], tuple), (name, key)
            elif origin is list:
                (item,) = typing.get_args(t)
                assert isinstance(context[key], list) and all(isinstance(v, item) for v in context[key]), (name, key)  # type: ignore[union-attr]
            else:
                assert isinstance(context[key], t), (name, key)  # type: ignore[arg-type]
    assert set(seen) == set(TEMPLATE_CONTEXT)


def test_docs_page_is_current() -> None:
    from generator.render.context import DOCS_PAGE, reference

    assert DOCS_PAGE.read_text(encoding="utf-8") == reference(), "docs/templates.md is stale: run `make template-docs`"
    # it documents what the method macros see
    page = DOCS_PAGE.read_text(encoding="utf-8")
    for name in ("### OperationInfo", "### ParamInfo", "### ApiInfo", "`builtin/types/macros.j2`", "`model(d)`", "`method(r, m, is_async)`"):
        assert name in page, name


def test_whole_template_extends_the_builtin_and_replaces_one_block(baseline: dict[str, str], tmp_path: Path) -> None:
    """``{% extends "builtin/resources/module.py.j2" %}`` with one block: every resource module gets
    the extra import after the built-in ones, and is otherwise the built-in output."""
    extra = "import logging  # added by the user's block"
    user = _write(tmp_path, {"resources/module.py.j2": '{% extends "builtin/resources/module.py.j2" %}\n{% block imports %}{{ super() }}\n' + extra + "{% endblock %}\n"})
    files = _render(SPEC, user)
    modules = [rel for rel in baseline if "/resources/" in rel and not rel.endswith("__init__.py")]
    assert modules
    assert {rel for rel in files if files[rel] != baseline[rel]} == set(modules)
    for rel in modules:
        head, _, tail = baseline[rel].partition("\n\n__all__")
        assert files[rel] == f"{head}\n{extra}\n\n__all__{tail}", rel


def test_a_macro_file_of_the_users_own_reached_through_macros_is_not_unused(tmp_path: Path) -> None:
    from generator.render.user_templates import unused_templates

    user = _write(tmp_path, {
        "types/macros.j2": '{%- macro model(d) -%}{{ macros("types/mine.j2").model(d) }}{%- endmacro -%}\n',
        "types/mine.j2": '{% import "builtin/types/macros.j2" as base %}{%- macro model(d) -%}{{ base.model(d) }}{%- endmacro -%}\n',
        "types/stray.j2": "x\n",
    })  # fmt: skip
    assert [d.file for d in unused_templates(user)] == [str(user / "types" / "stray.j2")]
    assert _render(SPEC, user) == _render(SPEC, None)


def test_a_runtime_template_can_include_the_builtin_one(baseline: dict[str, str], tmp_path: Path) -> None:
    user = _write(tmp_path, {"runtime/_version.py.j2": '{% include "builtin/runtime/_version.py.j2" %}__flavour__ = {{ "notes" | pystr }}\n'})
    files = _render(SPEC, user)
    [rel] = [rel for rel in files if rel.endswith("/_version.py")]
    assert files[rel] == baseline[rel] + '__flavour__ = "notes"\n'
    assert {r for r in files if files[r] != baseline[r]} == {rel}


def test_mixin_and_extension_templates_get_the_documented_variables() -> None:
    """The flagship config's mixins (a model's and a resource's) and extensions (azure, realtime) are
    rendered with what MIXIN_CONTEXT and EXTENSION_CONTEXT say."""
    from generator.config import load_config
    from generator.diagnostics import Diagnostics
    from generator.pipeline import Options, build_ir
    from generator.render.context import COMMON, EXTENSION_CONTEXT, MIXIN_CONTEXT, record

    config = load_config(ROOT / "spec" / "openai.config.yaml")
    api = build_ir(ROOT / "spec" / "openai.yaml", config, Options(validate=False), Diagnostics())
    by_variables = {frozenset(v): v for v in MIXIN_CONTEXT.values()}
    seen = set()
    extensions = set()
    for name, context in record(api, user_templates=config.templates, tests=False):
        if name in EXTENSION_CONTEXT:
            extensions.add(name)
            assert set(context) == set(COMMON) | set(EXTENSION_CONTEXT[name]), name
            assert all(isinstance(context[k], t) for k, t in EXTENSION_CONTEXT[name].items()), name  # type: ignore[arg-type]
        if not name.startswith("mixins/"):
            continue
        expected = by_variables[frozenset(set(context) - set(COMMON))]
        for key, t in expected.items():
            assert isinstance(context[key], dict if key == "methods" else t), (name, key)  # type: ignore[arg-type]
        seen.add(frozenset(expected))
    assert seen == set(by_variables), "both kinds of mixin are rendered by the flagship config"
    assert extensions == set(EXTENSION_CONTEXT), "the flagship config turns on azure and realtime"
