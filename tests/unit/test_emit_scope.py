"""Module scopes: imports follow from the symbols code uses; clashes are resolved where they happen."""

from __future__ import annotations

import builtins
import keyword

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.emit.expr import Call, Const, Name, Quoted, Sub, Var, render
from generator.emit.scope import ModuleScope, Symbol, builtin

STREAM = Symbol("pkg._streaming", "Stream")
CAST = Symbol("typing", "cast")


def test_a_local_class_keeps_its_name_and_the_runtime_name_is_aliased() -> None:
    scope = ModuleScope("pkg.resources.stream", locals=frozenset({"Stream", "AsyncStream"}))
    assert render(Sub(Name(STREAM), (Name(builtin("int")),)), scope) == "_Stream[int]"
    assert render(Name(Symbol("pkg.resources.stream", "Stream")), scope) == "Stream"
    _, _, local = scope.import_lines()
    assert local == ("from pkg._streaming import Stream as _Stream",)


def test_reserved_parameter_names_never_go_to_imports() -> None:
    scope = ModuleScope("pkg.resources.lookup", reserved=frozenset({"cast", "omit"}))
    text = render(Call(Name(CAST), (Quoted(Sub(Name(builtin("type")), (Name(builtin("int")),))), Name(builtin("int")))), scope, hidden=frozenset({"type", "cast"}))
    assert text == '_cast("builtins.type[int]", int)'
    stdlib, _, _ = scope.import_lines()
    assert "import builtins" in stdlib and "from typing import cast as _cast" in stdlib


def test_imports_are_exactly_what_was_used() -> None:
    scope = ModuleScope("pkg.types.a", relative=True)
    render(Sub(Name(Symbol("typing", "List")), (Name(Symbol("pkg.types.b", "B")),)), scope)
    render(Name(Symbol("pkg._models", "BaseModel")), scope)
    stdlib, third, local = scope.import_lines()
    assert stdlib == ("from typing import List",)
    assert third == ()
    assert local == ("from .._models import BaseModel", "from .b import B")


def test_pending_local_names_are_forward_references() -> None:
    scope = ModuleScope("pkg.types.a", locals=frozenset({"A", "B"}))
    b = Symbol("pkg.types.a", "B")
    assert render(Sub(Name(Symbol("typing", "List")), (Name(b),)), scope, pending=frozenset({b})) == 'List["B"]'


def test_two_symbols_of_one_name_get_two_names() -> None:
    scope = ModuleScope("pkg.x")
    first = render(Name(Symbol("pkg.types.a", "Item")), scope)
    second = render(Name(Symbol("pkg.types.b", "Item")), scope)
    assert first == "Item" and second == "_Item"


identifiers = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,8}", fullmatch=True).filter(lambda s: not keyword.iskeyword(s))


@settings(max_examples=200)
@given(st.frozensets(identifiers, max_size=6), st.frozensets(identifiers, max_size=6), st.lists(st.tuples(st.sampled_from(["typing", "pkg._types", "pkg.types.m"]), identifiers), max_size=8))
def test_no_import_takes_a_local_or_reserved_name_and_each_symbol_has_one(locals_: frozenset[str], reserved: frozenset[str], uses: list[tuple[str, str]]) -> None:
    scope = ModuleScope("pkg.here", locals=locals_, reserved=reserved)
    names = {}
    for module, name in uses:
        sym = Symbol(module, name)
        names[sym] = render(Name(sym), scope)
    assert not (set(names.values()) & (locals_ | reserved))
    assert len(set(names.values())) == len(names), "two symbols never share a local name"
    again = {sym: render(Name(sym), scope) for sym in names}
    assert again == names, "a symbol keeps its name"


@given(st.sampled_from(sorted(n for n in ("str", "int", "float", "bool", "object", "type", "list", "dict") if hasattr(builtins, n))))
def test_a_hidden_builtin_is_written_through_builtins(name: str) -> None:
    scope = ModuleScope("pkg.x")
    assert render(Name(builtin(name)), scope, hidden=frozenset({name})) == f"builtins.{name}"
    assert render(Name(builtin(name)), scope) == name
    assert render(Var(name), scope) == name
    assert render(Const(name), scope) == repr(name).replace("'", '"')
