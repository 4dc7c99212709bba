from __future__ import annotations

import keyword

from hypothesis import given, strategies as st

from generator.normalize.naming import NameTable, class_name, field_name, kwarg_name, pascal_case, singular, snake_case


def test_pascal_and_snake_case_split_every_spelling() -> None:
    assert pascal_case("chat.completion-chunk v2") == "ChatCompletionChunkV2"
    assert pascal_case("createChatCompletion") == "CreateChatCompletion"
    assert snake_case("createChatCompletion") == "create_chat_completion"
    assert snake_case("HTTPStatus") == "http_status"
    assert snake_case("with space") == "with_space"
    assert snake_case("123abc") == "n_123abc"


def test_class_names_keep_good_spellings_and_fix_bad_ones() -> None:
    assert class_name("ChatCompletion") == "ChatCompletion"
    assert class_name("my-model.v2") == "MyModelV2"
    assert class_name("List") == "ListModel"
    assert class_name("BaseModel") == "BaseModelModel"
    assert class_name("str") == "Str"


def test_field_and_kwarg_names_avoid_keywords_and_reserved_attributes() -> None:
    assert field_name("class") == "class_"
    assert field_name("model_config") == "model_config_"
    assert field_name("json") == "json_"
    assert field_name("with-dash") == "with_dash"
    assert field_name("@type") == "type"
    assert kwarg_name("timeout") == "timeout_"
    assert kwarg_name("from") == "from_"
    assert kwarg_name("camelCase") == "camelCase"


def test_singular() -> None:
    assert [singular(w) for w in ("choices", "entries", "boxes", "status", "data", "children", "tools")] == [
        "choice", "entry", "box", "status", "data", "child", "tool"
    ]


def test_name_table_is_order_independent_for_the_winner_of_a_clash() -> None:
    a = NameTable()
    assert a.claim(["Foo"], "x") == "Foo"
    assert a.claim(["Foo"], "x") == "Foo", "the same origin gets its name back"
    clash = a.claim(["Foo"], "y")
    assert clash != "Foo" and clash.startswith("Foo")
    b = NameTable()
    b.claim(["Foo"], "z")
    assert b.claim(["Foo"], "y") == clash, "the fallback depends only on the origin, never on a counter"


@given(st.text(min_size=0, max_size=30))
def test_any_spec_name_becomes_a_valid_python_name(raw: str) -> None:
    for name in (class_name(raw), field_name(raw), kwarg_name(raw), snake_case(raw), pascal_case(raw)):
        assert name.isidentifier(), (raw, name)
        assert not keyword.iskeyword(name), (raw, name)
    assert class_name(raw) == class_name(raw)
