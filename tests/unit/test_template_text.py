"""Text (spec text handed to templates) and Jinja's ``~``: property tests over arbitrary strings."""

from __future__ import annotations

import ast

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.emit.code import Code, RawValueError, Text, concat, template_environment

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_every_rendering_of_text_is_safe_where_it_goes(value: str) -> None:
    t = Text(value)
    assert ast.literal_eval(t.py) == value
    assert "\n" not in t.comment and "\r" not in t.comment
    # .doc stands inside a docstring the template writes: the module still parses to one docstring
    module = ast.parse(f'def f():\n    """{t.doc}"""\n')
    fn = module.body[0]
    assert isinstance(fn, ast.FunctionDef) and len(fn.body) == 1 and isinstance(fn.body[0], ast.Expr)


@settings(max_examples=200, deadline=None)
@given(texts, st.text(alphabet="abc_", min_size=1, max_size=5))
def test_joining_text_and_code_never_gives_code(value: str, name: str) -> None:
    joined = concat([Text(value), Code(name)])
    assert not isinstance(joined, Code) and joined == value + name
    assert isinstance(concat([Code(name), Code(name)]), Code)


def test_templates_refuse_text_and_joined_text_but_escape_it_through_filters() -> None:
    env = template_environment(jinja2.DictLoader({"raw": "{{ t }}", "joined": "{{ t ~ c }}", "filtered": "{{ (t ~ c) | pystr }}|{{ t | comment }}|{{ t.md }}"}))
    t, c = Text('x"""\nimport os'), Code("Name")
    for name in ("raw", "joined"):
        with pytest.raises(RawValueError):
            env.get_template(name).render(t=t, c=c)
    assert env.get_template("filtered").render(t=t, c=c) == "'x\"\"\"\\nimport osName'|x\"\"\" import os|x\"\"\" import os"
