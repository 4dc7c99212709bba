"""IR type expressions to annotation expressions, in two flavours as in openai-python.

**Model** annotations describe parsed responses (pydantic models, ``List``, ``Dict``);
**param** annotations describe what callers pass (``TypedDict`` params, ``Sequence``,
``Mapping``, file inputs). The result is an :class:`~generator.emit.expr.Expr` made of
symbols; :func:`generator.emit.expr.render` prints it in a module's scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from generator.diagnostics import Diagnostics
from generator.emit.code import is_unicode
from generator.emit.expr import Call, Const, DictOf, Expr, Name, Sub
from generator.emit.scope import Symbol, builtin
from generator.ir.model import (
    AnyType,
    ArrayType,
    FileType,
    FormatType,
    LiteralType,
    MapType,
    NamedRef,
    NullType,
    PrimitiveType,
    TypeDef,
    TypeExpr,
    UnionType,
)

T = "typing"
TX = "typing_extensions"
NONE = Const(None)


_COMMON = ("Optional", "Union", "List", "Dict", "Sequence", "Mapping", "Literal", "Required", "Annotated", "TypeAlias")
_TYPING = {n: Name(Symbol(T, n)) for n in _COMMON}
_TYPING_EXTENSIONS = {n: Name(Symbol(TX, n)) for n in _COMMON}
"""The names every annotation is made of, made once (nodes are immutable: they can be shared)."""


_BUILTIN_NAMES = {n: Name(builtin(n)) for n in ("str", "int", "float", "bool", "object")}


def builtin_name(name: str) -> Name:
    return _BUILTIN_NAMES.get(name) or Name(builtin(name))


def typing_name(name: str) -> Name:
    return _TYPING.get(name) or Name(Symbol(T, name))


def ext_name(name: str) -> Name:
    return _TYPING_EXTENSIONS.get(name) or Name(Symbol(TX, name))


def literal_values(values: tuple[object, ...]) -> tuple[tuple[object, ...], bool, tuple[object, ...]]:
    """Split enum values into what ``Literal`` may hold (str, int, bool), whether ``None`` is one
    of them, and the rest (floats, which ``Literal`` does not allow)."""
    ok: list[object] = []
    seen: set[object] = set()  # ``in ok`` in constant time (same equality: 1 == True here too)
    rest: list[object] = []
    nullable = False
    for v in values:
        if v is None:
            nullable = True
        elif isinstance(v, str) and not is_unicode(v):
            rest.append(v)  # a lone surrogate is no Unicode text: pydantic cannot hold it in a Literal
        elif isinstance(v, (str, bool, int)):
            if v not in seen or any(type(v) is not type(o) for o in ok if o == v):
                ok.append(v)
                seen.add(v)
        else:
            rest.append(v)
    return tuple(ok), nullable, tuple(rest)


def literal_expr(ok: tuple[object, ...], nullable: bool, rest: tuple[object, ...]) -> Expr:
    """The annotation of enum values as :func:`literal_values` splits them: ``Literal[...]`` for
    str/int/bool values; floats widen to ``float``; ``None`` makes it optional."""
    parts: list[Expr] = []
    if rest:  # the whole enum falls back to its base types
        every = ok + rest
        if any(isinstance(v, str) for v in every):
            parts.append(builtin_name("str"))
        if any(isinstance(v, bool) for v in every):
            parts.append(builtin_name("bool"))
        if any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in every):
            parts.append(builtin_name("float" if any(isinstance(v, float) for v in every) else "int"))
    elif ok:
        parts.append(Sub(ext_name("Literal"), tuple(Const(v) for v in ok)))
    if not parts:
        return NONE
    inner = parts[0] if len(parts) == 1 else Sub(typing_name("Union"), tuple(parts))
    return Sub(typing_name("Optional"), (inner,)) if nullable else inner


@dataclass
class TypeBuilder:
    """Builds annotation expressions for one package."""

    package: str
    defs: Mapping[str, TypeDef]
    diagnostics: Diagnostics | None = None
    formats: tuple[FormatType, ...] = ()
    """String formats that are Python types (``Api.formats``)."""
    _warned: set[str] = field(default_factory=set)
    _format_symbols: dict[str, Symbol] = field(default_factory=dict)
    _refs: dict[tuple[str, bool], Name] = field(default_factory=dict)
    """``(type name, param)`` -> the reference to its model or param class, made once per type."""
    _literals: dict[int, tuple[tuple[object, ...], Expr, tuple[object, ...]]] = field(default_factory=dict)
    """``id(values)`` -> ``(values, annotation, values Literal cannot hold)``: an enum's values are
    split once, though a model and its ``...Param`` both type them (the tuple is kept, so the id stays its own)."""

    def __post_init__(self) -> None:
        self._format_symbols = {f.format: Symbol(f.module, f.name) for f in self.formats}

    def primitive(self, expr: PrimitiveType, *, param: bool) -> Expr:
        """A primitive's annotation. A string whose ``format`` is a Python type (``date-time`` ->
        ``datetime``) is that type in a response; a request takes the type or the wire string
        (``Union[datetime, str]``: the runtime sends either as the wire string)."""
        symbol = self._format_symbols.get(expr.format or "") if expr.name == "str" else None
        if symbol is None:
            return builtin_name(expr.name)
        if param:
            return Sub(typing_name("Union"), (Name(symbol), builtin_name("str")))
        return Name(symbol)

    def ref(self, d: TypeDef, param: bool) -> Name:
        """The reference to ``d``'s model (or, ``param``, its ``...Param`` TypedDict)."""
        key = (d.name, param)
        ref = self._refs.get(key)
        if ref is None:
            ref = self._refs[key] = Name(Symbol(f"{self.package}.types.{d.module}", d.param_name if param else d.name))
        return ref

    def runtime(self, module: str, name: str) -> Name:
        return Name(Symbol(f"{self.package}.{module}", name))

    def build(self, expr: TypeExpr | None, *, param: bool, where: str = "") -> Expr:
        # The commonest kinds first: primitives and references are most of the ~15k built for OpenAI.
        if isinstance(expr, PrimitiveType):
            return self.primitive(expr, param=param)
        if isinstance(expr, NamedRef):
            d = self.defs.get(expr.name)
            return self.ref(d, param) if d is not None else builtin_name("object")
        if expr is None:
            return NONE
        if isinstance(expr, FileType):
            return self.runtime("_types", "FileTypes") if param else builtin_name("str")
        if isinstance(expr, AnyType):
            return builtin_name("object")
        if isinstance(expr, NullType):
            return NONE
        if isinstance(expr, LiteralType):
            return self.literal(expr.values, where)
        if isinstance(expr, ArrayType):
            return Sub(typing_name("Sequence" if param else "List"), (self.build(expr.items, param=param, where=where),))
        if isinstance(expr, MapType):
            return Sub(typing_name("Mapping" if param else "Dict"), (builtin_name("str"), self.build(expr.values, param=param, where=where)))
        if isinstance(expr, UnionType):
            return self.union(expr, param=param, where=where)
        raise TypeError(f"unknown type expression {expr!r}")

    def union(self, expr: UnionType, *, param: bool, where: str = "") -> Expr:
        nullable = any(isinstance(v, NullType) for v in expr.variants)
        parts: list[Expr] = []
        for v in expr.variants:
            if isinstance(v, NullType):
                continue
            built = self.build(v, param=param, where=where)
            if built not in parts:
                parts.append(built)
        if not parts:
            return NONE
        inner = parts[0] if len(parts) == 1 else Sub(typing_name("Union"), tuple(parts))
        if expr.discriminator is not None and not param and len(parts) > 1:
            kwargs: list[tuple[str, Expr]] = [("discriminator", Const(expr.discriminator.property))]
            # Tag value -> variant class, so a variant whose tag field is a plain ``str`` (implicit
            # mapping by schema name) is still picked by its tag.
            mapping = tuple((Const(tag), self.ref(self.defs[name], False)) for tag, name in expr.discriminator.mapping if name in self.defs)
            if mapping:
                kwargs.append(("mapping", DictOf(mapping)))
            info = Call(self.runtime("_models", "PropertyInfo"), kwargs=tuple(kwargs))
            inner = Sub(ext_name("Annotated"), (inner, info))
        return Sub(typing_name("Optional"), (inner,)) if nullable else inner

    def literal(self, values: tuple[object, ...], where: str) -> Expr:
        """The annotation of enum ``values`` (:func:`literal_expr`), warning once per ``where`` when
        some cannot be a ``Literal``."""
        known = self._literals.get(id(values))
        if known is None:
            ok, nullable, rest = literal_values(values)
            known = self._literals[id(values)] = (values, literal_expr(ok, nullable, rest), rest)
        _, expr, rest = known
        if rest:
            self._warn_enum(expr, rest, where)
        return expr

    def _warn_enum(self, expr: Expr, rest: tuple[object, ...], where: str) -> None:
        if self.diagnostics is not None and where not in self._warned:
            self._warned.add(where)
            base = " | ".join(render_names(expr))
            self.diagnostics.warn(
                "enum-not-literal",
                f"enum values {', '.join(repr(v) for v in rest[:3])} cannot be a typing.Literal; the enum is typed as {base}",
                where,
                hint="Literal holds only str, int and bool values (and only valid Unicode text)",
            )



def render_names(e: Expr) -> list[str]:
    """The builtin names an enum fell back to (``float``, ``str``), for messages."""
    from generator.emit.expr import symbols_in

    return sorted(s.name for s in symbols_in(e) if s.module == "builtins") or ["object"]


def is_nullable(expr: TypeExpr) -> bool:
    return isinstance(expr, NullType) or (isinstance(expr, UnionType) and any(isinstance(v, NullType) for v in expr.variants))
