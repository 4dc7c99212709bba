"""IR type expressions to Python annotation text.

Two flavours, as in openai-python: **model** annotations describe parsed
responses (pydantic models, ``List``, ``Dict``); **param** annotations describe
what callers pass (``TypedDict`` params, ``Sequence``, ``Mapping``, file inputs).
"""

from __future__ import annotations

from dataclasses import dataclass
import builtins
from typing import Callable

from generator.ir.model import (
    AnyType,
    ArrayType,
    FileType,
    LiteralType,
    MapType,
    NamedRef,
    NullType,
    PrimitiveType,
    TypeExpr,
    UnionType,
)


@dataclass(frozen=True)
class Annotator:
    """Writes annotations; ``name_of`` maps a named type to the name to use in this flavour and module."""

    param: bool
    name_of: Callable[[str], str]
    shadowed: frozenset[str] = frozenset()
    """Builtin names hidden by a field of the class being rendered; written as ``builtins.X``."""

    def builtin(self, name: str) -> str:
        return f"builtins.{name}" if name in self.shadowed else name

    def __call__(self, expr: TypeExpr | None) -> str:
        return self.render(expr)

    def render(self, expr: TypeExpr | None) -> str:
        if expr is None:
            return "None"
        if isinstance(expr, PrimitiveType):
            return self.builtin(expr.name)
        if isinstance(expr, FileType):
            return "FileTypes" if self.param else self.builtin("str")
        if isinstance(expr, AnyType):
            return self.builtin("object")
        if isinstance(expr, NullType):
            return "None"
        if isinstance(expr, LiteralType):
            return "Literal[" + ", ".join(literal(v) for v in expr.values) + "]"
        if isinstance(expr, ArrayType):
            return ("Sequence[" if self.param else "List[") + self.render(expr.items) + "]"
        if isinstance(expr, MapType):
            return ("Mapping[" if self.param else "Dict[") + self.builtin("str") + ", " + self.render(expr.values) + "]"
        if isinstance(expr, NamedRef):
            return self.name_of(expr.name)
        if isinstance(expr, UnionType):
            return self.union(expr)
        raise TypeError(f"unknown type expression {expr!r}")

    def union(self, expr: UnionType) -> str:
        non_null = [v for v in expr.variants if not isinstance(v, NullType)]
        nullable = len(non_null) != len(expr.variants)
        parts = _dedupe([self.render(v) for v in non_null])
        inner = parts[0] if len(parts) == 1 else "Union[" + ", ".join(parts) + "]"
        if expr.discriminator is not None and not self.param and len(parts) > 1:
            inner = f'Annotated[{inner}, PropertyInfo(discriminator="{expr.discriminator.property}")]'
        return f"Optional[{inner}]" if nullable else inner


BUILTIN_NAMES = frozenset(n for n in ("object", "str", "int", "float", "bool", "bytes") if hasattr(builtins, n))


def _dedupe(parts: list[str]) -> list[str]:
    seen: list[str] = []
    for p in parts:
        if p not in seen:
            seen.append(p)
    return seen


def literal(value: object) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'
    return repr(value)


def is_nullable(expr: TypeExpr) -> bool:
    return isinstance(expr, NullType) or (isinstance(expr, UnionType) and any(isinstance(v, NullType) for v in expr.variants))
