"""The one escaping path (generator/emit/code.py) and the template regime that enforces it."""

from __future__ import annotations

import ast
import io
import tokenize
import tomllib

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.emit.code import (
    Code,
    RawValueError,
    ident,
    md_code,
    md_text,
    py_comment,
    py_docstring,
    py_str,
    py_value,
    template_environment,
    toml_document,
)

# Every code point, lone surrogates included (they reach us through JSON \ud800 escapes).
any_text = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()), max_size=60)
nasty = st.sampled_from(['"', "'", '"""', "'''", "\\", "\x00", "\r", "\n", "\r\n", "\u2028", "\ud800", "\udfff", "{", "}", "#", "`", "|", "<script>"])
texts = st.one_of(any_text, st.lists(st.one_of(nasty, any_text), max_size=8).map("".join))


def _tokens(source: str) -> list[tokenize.TokenInfo]:
    return list(tokenize.generate_tokens(io.StringIO(source).readline))


@settings(max_examples=400)
@given(texts)
def test_py_str_is_one_string_token_that_evaluates_to_the_text(text: str) -> None:
    literal = py_str(text)
    assert isinstance(literal, Code)
    assert ast.literal_eval(literal) == text
    tokens = [t for t in _tokens(f"x = {literal}\n") if t.type not in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER)]
    assert [t.type for t in tokens] == [tokenize.NAME, tokenize.OP, tokenize.STRING]
    literal.encode("utf-8")  # writable as UTF-8: no lone surrogate left raw


@settings(max_examples=400)
@given(texts, st.sampled_from([0, 4, 8]))
def test_py_docstring_is_one_string_token_keeping_the_words(text: str, indent: int) -> None:
    doc = py_docstring(text, indent)
    doc.encode("utf-8")
    if not doc:
        assert text.replace("\r", "\n").strip() == ""
        return
    source = "def f():\n" + " " * 4 + doc + "\n    return 1\n"
    tree = ast.parse(source)  # compiles: no break-out, no NUL, no stray quote
    value = ast.get_docstring(tree.body[0], clean=False)  # type: ignore[arg-type]
    assert value is not None
    value.encode("utf-8")  # a class's __doc__ must encode: CPython fails to make the class otherwise
    type("WithDoc", (), {"__doc__": value})
    normalized = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    for word in normalized.split():
        if all(c.isprintable() and not ("\ud800" <= c <= "\udfff") for c in word) and '"' not in word and "\\" not in word:
            assert word in value


@settings(max_examples=200)
@given(texts)
def test_py_comment_is_one_line(text: str) -> None:
    comment = py_comment(text)
    tokens = [t for t in _tokens(f"# {comment}\nx = 1\n") if t.type == tokenize.COMMENT]
    assert len(tokens) == 1
    comment.encode("utf-8")


@settings(max_examples=200)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | texts, lambda c: st.lists(c, max_size=3) | st.dictionaries(texts, c, max_size=3), max_leaves=12))
def test_py_value_round_trips_json_values(value: object) -> None:
    literal = py_value(value)
    evaluated = eval(literal, {"__builtins__": {"float": float}})  # noqa: S307 - generated literal, no names but float
    assert repr(evaluated) == repr(value) or (value != value)  # NaN is not equal to itself


@settings(max_examples=200)
@given(texts, texts)
def test_toml_document_round_trips_strings(name: str, description: str) -> None:
    doc = toml_document({"project": {"name": name, "description": description}})
    parsed = tomllib.loads(doc)
    surrogate_free = lambda s: s.encode("utf-8", "surrogatepass").decode("utf-8", "replace")  # noqa: E731
    assert parsed["project"]["name"] == surrogate_free(name)
    assert parsed["project"]["description"] == surrogate_free(description)


@settings(max_examples=200)
@given(texts)
def test_markdown_text_cannot_open_markup(text: str) -> None:
    out = md_text(text)
    assert "\n" not in out
    for special in "<>`|[]*_":
        assert out.count(special) == out.count("\\" + special)


@settings(max_examples=200)
@given(texts)
def test_markdown_code_stays_one_code_span_in_a_table_cell(text: str) -> None:
    out = md_code(text)
    assert "\n" not in out
    assert out.replace("\\|", "").count("|") == 0


@pytest.mark.parametrize("name", ["class", "a b", "x-y", "", "名前", "1abc", "None"])
def test_ident_refuses_what_is_not_an_identifier(name: str) -> None:
    with pytest.raises(ValueError):
        ident(name)


def test_templates_print_only_code() -> None:
    env = template_environment(jinja2.DictLoader({"raw.j2": "x = {{ value }}", "ok.j2": "x = {{ value | pystr }}", "macro.j2": "{% macro m(v) %}{{ v | pystr }}{% endmacro %}y = {{ m(value) }}"}))
    hostile = '"; import os; os.system("touch /tmp/pwned") #'
    with pytest.raises(RawValueError):
        env.get_template("raw.j2").render(value=hostile)
    assert env.get_template("ok.j2").render(value=hostile) == "x = " + py_str(hostile)
    assert env.get_template("macro.j2").render(value=hostile) == "y = " + py_str(hostile)
    assert "safe" not in env.filters and "tojson" not in env.filters, "no filter may mark raw text safe"
    assert env.get_template("ok.j2").render(value="<&>") == 'x = "<&>"', "code is never HTML-escaped"
