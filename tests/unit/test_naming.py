from __future__ import annotations

import keyword

from hypothesis import example, given, settings, strategies as st

from generator.normalize.naming import (
    RESERVED_FIELD_NAMES,
    RESERVED_KWARGS,
    Naming,
    NameTable,
    class_name,
    field_name,
    kwarg_name,
    pascal_case,
    singular,
    snake_case,
)


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


# -- issue 7, class 10 ------------------------------------------------------------------------------


def test_non_ascii_names_are_transliterated_not_dropped() -> None:
    assert snake_case("模型调用/会话(chat)") == "mo_xing_diao_yong_hui_hua_chat"
    assert pascal_case("用户名") == "YongHuMing"
    assert field_name("用户名") == "yong_hu_ming"
    assert class_name("订单") == "DingDan"
    assert snake_case("Привет мир") == "privet_mir" and snake_case("naïve") == "naive"


def test_a_lone_capital_belongs_to_the_word_after_it() -> None:
    assert snake_case("OAuth2") == "oauth2" and snake_case("IPv4") == "ipv4" and snake_case("MyOAuthToken") == "my_oauth_token"
    assert snake_case("XMLHttpRequest") == "xml_http_request" and snake_case("getAPIKey") == "get_api_key"


def test_a_lone_leading_digit_is_spelled_out() -> None:
    assert snake_case("1-clicks") == "one_clicks" and pascal_case("1-clicks") == "OneClicks"
    assert snake_case("123abc") == "n_123abc"


def test_param_names_never_double_the_suffix() -> None:
    from generator.normalize.naming import param_name_for

    assert param_name_for("Click") == "ClickParam"
    assert param_name_for("ClickParam") == "ClickParam" and param_name_for("CreateSpeechParams") == "CreateSpeechParams"


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=8))
def test_cjk_names_always_give_readable_ascii_identifiers(raw: str) -> None:
    name = snake_case(raw)
    assert name.isidentifier() and name.isascii() and name != "unnamed"


# -- issue 9 item 5: names.style (pep8 by default) ------------------------------------------------


_WIRE = st.one_of(
    st.text(min_size=0, max_size=24),
    st.from_regex(r"[a-zA-Z_][a-zA-Z0-9_]{0,15}", fullmatch=True),  # identifiers: camelCase, PascalCase, snake
    st.sampled_from(["fooBar", "foo_bar", "FooBar", "FOO_BAR", "foo-bar", "class", "None", "model_config", "_private", "Authorization", "X-Request-ID"]),
)


def test_pep8_names_snake_case_capitals_and_keep_lower_case_spellings() -> None:
    pep8 = Naming("pep8")
    assert [pep8.kwarg(w) for w in ("eventDescription", "startIndex", "Authorization", "X-Request-ID", "gpt_4o", "timeout")] == [
        "event_description", "start_index", "authorization", "x_request_id", "gpt_4o", "timeout_"
    ]
    assert [pep8.field(w) for w in ("HTTPStatus", "userIDs", "URLs", "None", "_private", "json", "fooBar")] == [
        "http_status", "user_ids", "urls", "none", "private_", "json_", "foo_bar"
    ]
    assert pep8.field("eventDescription", explicit="what") == "what", "a configured rename wins over the style"
    wire = Naming("wire")
    assert [wire.kwarg(w) for w in ("eventDescription", "X-Request-ID", "from")] == ["eventDescription", "x_request_id", "from_"]


@settings(deadline=None)  # a loaded CI machine (anyascii's first table load) is no failure
@given(_WIRE, st.sampled_from(["pep8", "wire"]))
@example("_0", "pep8")  # once "0_": the digit came first when the underscore went
@example("__0", "wire")  # once "0"
def test_every_wire_name_gets_a_usable_python_name_in_either_style(wire: str, style: str) -> None:
    naming = Naming(style)  # type: ignore[arg-type]
    field, kwarg = naming.field(wire), naming.kwarg(wire)
    for name in (field, kwarg):
        assert name.isidentifier() and name.isascii() and not keyword.iskeyword(name), (wire, name)
    assert field not in RESERVED_FIELD_NAMES and not field.startswith("_"), (wire, field)
    assert kwarg not in RESERVED_KWARGS, (wire, kwarg)
    assert (naming.field(wire), naming.kwarg(wire)) == (field, kwarg), "deterministic"
    if style == "pep8":
        assert field == field.lower() and kwarg == kwarg.lower(), "PEP 8: no capitals"
        assert naming.field(field) == field, "a PEP 8 name is its own PEP 8 name"


@settings(deadline=None)
@given(st.lists(_WIRE, min_size=1, max_size=8, unique=True), st.randoms(use_true_random=False))
def test_allocation_gives_distinct_names_and_spelled_names_keep_theirs_in_any_order(wires: list[str], rnd: object) -> None:
    import random

    assert isinstance(rnd, random.Random)
    naming = Naming("pep8")

    def allocate(order: list[str]) -> dict[str, str]:
        names, _ = Naming.allocate(NameTable(), [(f"property:{w}", naming.field_candidates(w)) for w in order])
        return {o.partition(":")[2]: n for o, n in names.items()}

    first = allocate(wires)
    assert len(set(first.values())) == len(wires), first
    assert allocate(wires) == first, "deterministic"
    shuffled = list(wires)
    rnd.shuffle(shuffled)
    again = allocate(shuffled)
    assert len(set(again.values())) == len(wires)
    for w in wires:
        if naming.field(w) == w:  # spelled as its own PEP 8 name: nothing takes it away, whatever the order
            assert first[w] == again[w] == w


def test_allocation_reports_the_clashes_that_snake_casing_made() -> None:
    naming = Naming("pep8")
    wanted = [(f"property:{w}", naming.field_candidates(w)) for w in ("fooBar", "foo_bar", "FOO_BAR", "foo-bar")]
    names, clashes = Naming.allocate(NameTable(), wanted)
    assert names == {"property:fooBar": "fooBar", "property:foo_bar": "foo_bar", "property:FOO_BAR": "FOO_BAR", "property:foo-bar": "foo_bar_"}
    assert [(o, h, w) for o, h, w, _ in clashes] == [(f"property:{x}", "property:foo_bar", "foo_bar") for x in ("fooBar", "FOO_BAR", "foo-bar")]
