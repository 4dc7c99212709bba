"""Python expressions as data, and the one function that prints them.

Annotations, defaults and runtime calls are built from these nodes, which refer to
:class:`~generator.emit.scope.Symbol` values instead of names. :func:`render` asks the
module's scope for each symbol's local name (recording the import) and prints
constants through :mod:`generator.emit.code`, so no text is pasted together anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union

from generator.emit.code import Code, ident, py_str, py_value
from generator.emit.scope import ModuleScope, Symbol


@dataclass(frozen=True, slots=True)
class Name:
    """A reference to a symbol (a class, alias, function or module attribute)."""

    symbol: Symbol


@dataclass(frozen=True, slots=True)
class Var:
    """A local variable or parameter of the function being written."""

    name: str


@dataclass(frozen=True, slots=True)
class Const:
    """A constant: str, int, float, bool, None, or a JSON list/dict."""

    value: object


@dataclass(frozen=True, slots=True)
class Sub:
    """``head[arg, ...]``."""

    head: Expr
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Pipe:
    """``a | b | c`` (annotations in signatures)."""

    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Quoted:
    """A forward reference: the printed expression as a string."""

    expr: Expr


@dataclass(frozen=True, slots=True)
class Attr:
    obj: Expr
    attr: str


@dataclass(frozen=True, slots=True)
class Call:
    func: Expr
    args: tuple[Expr, ...] = ()
    kwargs: tuple[tuple[str, Expr], ...] = ()


@dataclass(frozen=True, slots=True)
class DictOf:
    items: tuple[tuple[Expr, Expr], ...]
    rest: Expr | None = None
    """Merged in after the items: ``{..., **(rest or {})}``."""


@dataclass(frozen=True, slots=True)
class TupleOf:
    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Is:
    """``left is right`` (``stream is True``)."""

    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Await:
    value: Expr


Expr = Union[Name, Var, Const, Sub, Pipe, Quoted, Attr, Call, DictOf, TupleOf, Is, Await]


def render(
    expr: Expr,
    scope: ModuleScope,
    *,
    hidden: frozenset[str] = frozenset(),
    pending: frozenset[Symbol] = frozenset(),
    symbols: set[Symbol] | None = None,
) -> Code:
    """Print ``expr`` in ``scope``.

    ``hidden``: names bound by the enclosing class or function at the point of use.
    ``pending``: local symbols not defined yet where the expression is evaluated (module-level
    aliases, functional TypedDicts): they are written as forward references.
    ``symbols``: when given, every symbol ``expr`` refers to is added to it (what
    :func:`symbols_in` gives, collected on the same walk instead of a second one).
    """
    return Printer(scope, hidden=hidden, pending=pending, symbols=symbols).render(expr)


class Printer:
    """:func:`render` with its arguments fixed, for the many expressions of one definition (the
    annotations of a class's fields: one printer each, not one per field)."""

    __slots__ = ("scope", "hidden", "pending", "symbols", "_dicts")

    def __init__(
        self, scope: ModuleScope, *, hidden: frozenset[str] = frozenset(), pending: frozenset[Symbol] = frozenset(), symbols: set[Symbol] | None = None
    ) -> None:
        self.scope = scope
        self.hidden = hidden
        self.pending = pending
        self.symbols = symbols
        self._dicts: dict[int, tuple[DictOf, str]] = {}
        """``id(dict node)`` -> ``(node, text)``: a method's sync and async calls share their argument
        dicts (the body's can be long); printed once (the node is kept, so the id stays its own)."""

    def render(self, expr: Expr) -> Code:
        text = self.print(expr)
        return text if type(text) is Code else Code(text)  # a name is code already

    def print(self, e: Any) -> str:
        # ``e`` is an Expr. Dispatch is on its exact class, the commonest first (the OpenAI spec
        # prints ~80k nodes): ``type(e) is`` tests cost no call, but mypy cannot narrow by them, hence Any.
        kind = type(e)
        if kind is Name:
            symbol = e.symbol
            if self.symbols is not None:
                self.symbols.add(symbol)
            text = self.scope.name(symbol, hidden=self.hidden)
            return py_str(text) if self.pending and symbol in self.pending else text
        if kind is Sub:
            return f"{self.print(e.head)}[{', '.join([self.print(a) for a in e.args])}]"
        if kind is Const:
            value = e.value
            return py_str(value) if type(value) is str else py_value(value)
        if kind is Var:
            return ident(e.name)
        if kind is DictOf:
            known = self._dicts.get(id(e))
            if known is not None:
                return known[1]
            parts = [f"{self.print(k)}: {self.print(v)}" for k, v in e.items]
            if e.rest is not None:
                parts.append(f"**({self.print(e.rest)} or {{}})")
            printed = "{" + ", ".join(parts) + "}"
            self._dicts[id(e)] = (e, printed)
            return printed
        if kind is Call:
            parts = [self.print(a) for a in e.args] + [f"{ident(k)}={self.print(v)}" for k, v in e.kwargs]
            return f"{self.print(e.func)}({', '.join(parts)})"
        if kind is Pipe:
            return " | ".join([self.print(a) for a in e.items])
        if kind is Attr:
            return f"{self.print(e.obj)}.{ident(e.attr)}"
        if kind is TupleOf:
            inner = ", ".join([self.print(a) for a in e.items])
            return f"({inner},)" if len(e.items) == 1 else f"({inner})"
        if kind is Quoted:
            return py_str(Printer(self.scope, hidden=self.hidden, symbols=self.symbols).print(e.expr))
        if kind is Is:
            return f"{self.print(e.left)} is {self.print(e.right)}"
        if kind is Await:
            return f"await {self.print(e.value)}"
        raise TypeError(f"not an expression: {e!r}")


def symbols_in(e: Expr) -> frozenset[Symbol]:
    """Every symbol ``e`` refers to (for definition order)."""
    out: set[Symbol] = set()
    stack: list[Expr] = [e]
    while stack:
        x = stack.pop()
        if isinstance(x, Name):
            out.add(x.symbol)
        elif isinstance(x, Sub):
            stack.append(x.head)
            stack.extend(x.args)
        elif isinstance(x, (Pipe, TupleOf)):
            stack.extend(x.items)
        elif isinstance(x, Quoted):
            stack.append(x.expr)
        elif isinstance(x, Attr):
            stack.append(x.obj)
        elif isinstance(x, Call):
            stack.append(x.func)
            stack.extend(x.args)
            stack.extend(v for _, v in x.kwargs)
        elif isinstance(x, DictOf):
            for k, v in x.items:
                stack += [k, v]
            if x.rest is not None:
                stack.append(x.rest)
        elif isinstance(x, Is):
            stack += [x.left, x.right]
        elif isinstance(x, Await):
            stack.append(x.value)
    return frozenset(out)


def to_data(e: Expr) -> object:
    """A JSON-friendly form of ``e`` for ``python -m generator ir``."""
    if isinstance(e, Name):
        return {"symbol": f"{e.symbol.module}.{e.symbol.name}"}
    if isinstance(e, Var):
        return {"var": e.name}
    if isinstance(e, Const):
        return {"const": e.value if isinstance(e.value, (str, int, bool, type(None))) else repr(e.value)}
    if isinstance(e, Sub):
        return {"subscript": to_data(e.head), "args": [to_data(a) for a in e.args]}
    if isinstance(e, Pipe):
        return {"union": [to_data(a) for a in e.items]}
    if isinstance(e, Quoted):
        return {"forward": to_data(e.expr)}
    if isinstance(e, Attr):
        return {"attr": e.attr, "of": to_data(e.obj)}
    if isinstance(e, Call):
        return {"call": to_data(e.func), "args": [to_data(a) for a in e.args], "kwargs": {k: to_data(v) for k, v in e.kwargs}}
    if isinstance(e, DictOf):
        return {"dict": [[to_data(k), to_data(v)] for k, v in e.items], **({"rest": to_data(e.rest)} if e.rest is not None else {})}
    if isinstance(e, TupleOf):
        return {"tuple": [to_data(a) for a in e.items]}
    if isinstance(e, Is):
        return {"is": [to_data(e.left), to_data(e.right)]}
    if isinstance(e, Await):
        return {"await": to_data(e.value)}
    raise TypeError(f"not an expression: {e!r}")
