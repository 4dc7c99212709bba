"""The breaking-ness rules (generator/diff/classify.py) as properties over drawn types, and IR dumps that read back exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config import load_config
from generator.diagnostics import Diagnostics
from generator.diff import classify
from generator.diff.compare import compare
from generator.diff.model import Shape
from generator.diff.surface import extract
from generator.ir import to_json
from generator.ir.restore import api_from_json
from generator.pipeline import Options, build_ir
from tests.support import golden_fixtures

NULL = Shape("null")
POSITIONS = st.sampled_from([("request",), ("response",), ("request", "response")])

leaves = st.one_of(
    st.sampled_from([Shape("str"), Shape("int"), Shape("float"), Shape("bool"), Shape("file"), Shape("ref", name="Pet"), Shape("ref", name="Order")]),
    st.lists(st.sampled_from(["a", "b", "c", "d"]), min_size=1, max_size=4, unique=True).map(lambda vs: Shape("literal", values=tuple(vs))),
)
shapes = st.recursive(
    leaves,
    lambda inner: st.one_of(
        inner.map(lambda s: Shape("array", args=(s,))),
        inner.map(lambda s: Shape("map", args=(s,))),
        st.lists(inner, min_size=2, max_size=3, unique=True).map(lambda vs: Shape("union", args=tuple(vs))),
    ),
    max_leaves=6,
)


def _has_null(shape: Shape) -> bool:
    return shape.kind == "null" or (shape.kind == "union" and any(_has_null(a) for a in shape.args))


@given(shapes, POSITIONS)
def test_an_unchanged_type_never_breaks(shape: Shape, positions: tuple[str, ...]) -> None:
    assert classify.type_change(shape, shape, positions) == "non-breaking"  # type: ignore[arg-type]


@given(shapes, shapes)
def test_widening_an_argument_never_breaks(shape: Shape, extra: Shape) -> None:
    wider = Shape("union", args=(shape, extra))
    assert classify.type_change(shape, wider, ("request",)) == "non-breaking"


@given(shapes)
def test_a_response_value_that_may_now_be_none_breaks_readers_but_not_writers(shape: Shape) -> None:
    if _has_null(shape):
        return
    nullable = Shape("union", args=(shape, NULL))
    assert classify.type_change(shape, nullable, ("response",)) == "breaking"
    assert classify.type_change(shape, nullable, ("request",)) == "non-breaking"
    assert classify.type_change(nullable, shape, ("response",)) == "non-breaking"
    assert classify.type_change(nullable, shape, ("request",)) == "breaking"


@given(
    st.lists(st.sampled_from("abcdef"), min_size=1, unique=True),
    st.lists(st.sampled_from("abcdef"), min_size=1, unique=True),
    POSITIONS,
)
def test_enum_values_removed_break_and_added_do_not_in_either_position(old: list[str], new: list[str], positions: tuple[str, ...]) -> None:
    label = classify.type_change(Shape("literal", values=tuple(old)), Shape("literal", values=tuple(new)), positions)  # type: ignore[arg-type]
    assert label == ("breaking" if set(old) - set(new) else "non-breaking")


@given(shapes, shapes, POSITIONS)
def test_containers_follow_their_items(old: Shape, new: Shape, positions: tuple[str, ...]) -> None:
    for kind in ("array", "map"):
        wrapped = classify.type_change(Shape(kind, args=(old,)), Shape(kind, args=(new,)), positions)  # type: ignore[arg-type]
        assert wrapped == classify.type_change(old, new, positions)  # type: ignore[arg-type]


@given(st.booleans(), POSITIONS)
def test_required_rules(now_required: bool, positions: tuple[str, ...]) -> None:
    label = classify.required_change(now_required, positions)  # type: ignore[arg-type]
    breaks = ("request" in positions) if now_required else ("response" in positions)
    assert label == ("breaking" if breaks else "non-breaking")


@settings(max_examples=30)
@given(st.lists(st.frozensets(st.sampled_from(["api_key", "username", "password", "token"]), min_size=1), min_size=1, max_size=3))
def test_auth_keeping_every_old_alternative_never_breaks(old: list[frozenset[str]]) -> None:
    extra = frozenset({"admin_key"})
    assert classify.auth_alternatives(tuple(old), (*old, extra), True) == "non-breaking"
    assert classify.auth_alternatives(tuple(old), (extra,), True) == "breaking"


_EXTRAS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout"})


def _arg_name(code: str) -> str:
    return code.split(":", 1)[0].strip().lstrip("*")


@pytest.mark.parametrize("spec", golden_fixtures(), ids=lambda p: p.stem)
def test_the_surface_has_exactly_the_emitted_signatures(spec: Path) -> None:
    """The surface re-derives signatures from the IR; it must agree with what the generator emits."""
    from generator.emit import emit

    api = build_ir(spec, load_config(None), Options(validate=False), Diagnostics())
    by_operation = {m.operation_id: m for m in extract(api, file=str(spec)).methods.values()}
    emitted = [m for r in emit(api).resources for m in r.methods]
    assert sorted(m.operation_id for m in emitted) == sorted(by_operation)
    for method in emitted:
        surface = by_operation[method.operation_id]
        assert method.name == surface.path.rsplit(".", 1)[-1]
        assert tuple(_arg_name(p) for p in method.positional) == surface.positional
        keyword = {_arg_name(k): "=" not in k for k in method.keyword} if not method.overloads else {_arg_name(k): "=" not in k for k in method.overloads[0].keyword}
        keyword = {name: required for name, required in keyword.items() if name not in _EXTRAS and name != ""}
        if surface.stream_flag:  # the stream flag is the overloads' switch, not an argument of the surface
            keyword.pop(surface.stream_flag, None)
        expected = {name: p.required for name, p in surface.params.items() if name not in surface.positional}
        assert keyword == expected, method.operation_id


@pytest.mark.parametrize("spec", golden_fixtures(), ids=lambda p: p.stem)
def test_a_spec_against_itself_and_its_ir_dump_shows_no_change(spec: Path, tmp_path: Path) -> None:
    api = build_ir(spec, load_config(None), Options(validate=False), Diagnostics())
    dump = to_json(api)
    assert api_from_json(dump, file="dump.json") == api
    surface = extract(api, file=str(spec))
    assert compare(surface, surface) == []
    assert compare(surface, extract(api_from_json(dump, file="dump.json"), file=str(spec))) == []
