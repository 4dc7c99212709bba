"""Emission of ``types/`` modules: every definition, its printed pieces, the imports and the order.

Order is decided here so that nothing is used before it exists at import time:

1. enums (``Literal`` aliases refer to nothing);
2. classes (pydantic models and class-syntax ``TypedDict``): their annotations are lazy
   (``from __future__ import annotations``), so they may refer to anything;
3. the definitions evaluated at import, aliases and functional ``TypedDict``s, after the
   same-module definitions they use (depth first); inside a cycle the not-yet-defined
   names are written as forward references.

An alias that reaches itself through other aliases (``X = Union[Dict[str, X], Y]``) is a
``TypeAliasType`` at run time, which pydantic validates without recursing forever, and a
plain ``TypeAlias`` for type checkers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from generator.diagnostics import Diagnostics
from generator.emit.code import Code, Text, ident, is_identifier, is_unicode, py_docstring, py_str, text
from generator.emit.expr import Call, Const, Expr, Name, Printer, Sub, render, symbols_in
from generator.emit.scope import ImportsMemo, ModuleScope, Symbol
from generator.emit.typeexpr import TypeBuilder, builtin_name, ext_name, is_nullable, typing_name
from generator.ir.model import AliasDef, EnumDef, Field, FormatType, ObjectDef, TypeDef, TypeModule, UnionDef

_TYPE_ALIAS = Symbol("typing_extensions", "TypeAlias")
_TYPED_DICT = Symbol("typing_extensions", "TypedDict")
_TYPE_ALIAS_TYPE = Symbol("typing_extensions", "TypeAliasType")
_TYPE_CHECKING = Symbol("typing", "TYPE_CHECKING")
_FIELD = Name(Symbol("pydantic", "Field"))
_OPTIONAL = typing_name("Optional")
_REQUIRED = ext_name("Required")
_EMPTY = Code("")
_NONE = Code("None")


@dataclass(frozen=True)
class FieldEmission:
    name: Code
    """The attribute name."""
    annotation: Code
    """The type annotation."""
    default: Code
    """Right-hand side without ``=`` (``None``, ``Field(alias="x")``) or empty."""
    doc: Code
    """Complete docstring (indented for a class body), or empty."""
    wire_name: str
    """The property's name on the wire (plain text: not printable)."""


@dataclass(frozen=True)
class Definition:
    kind: Literal["enum", "model", "typeddict", "alias"]
    """Which macro lays it out: ``enum``, ``model``, ``typeddict`` or ``alias``."""
    name: Code
    """The Python name defined (the model, the TypedDict ``...Param``, the alias)."""
    doc: Code
    """Complete docstring (indented for a class body), or empty."""
    value: Code = Code("")
    """Enums and aliases: the right-hand side."""
    fields: tuple[FieldEmission, ...] = ()
    """Models and TypedDicts: the fields, in the schema's order."""
    extra: Code = Code("")
    """Models: the annotation of ``__pydantic_extra__`` (typed ``additionalProperties``)."""
    functional: bool = False
    """TypedDicts whose keys are not identifiers: ``X = TypedDict("X", {...})``."""
    recursive: bool = False
    """Aliases: ``TypeAliasType`` at run time (see the module docstring)."""
    mixin: Code = Code("")
    """Models: the rendered mixin template (config ``mixins``), indented for the class body."""
    base: Code = Code("")
    """The local name of what the definition is made with: ``TypeAlias`` (enums, aliases),
    ``BaseModel`` (models) or ``TypedDict``."""
    checking: Code = Code("")
    """Recursive aliases: the local names of ``TYPE_CHECKING`` and ``TypeAliasType``."""
    alias_type: Code = Code("")
    symbols: frozenset[Symbol] = frozenset()
    """Symbols the definition refers to (not printed; for order and the dump)."""
    private: bool = False
    """A module-private alias (not exported): see :meth:`ModuleScope.local_alias`."""
    doc_text: Text = Text("")  # noqa: RUF009 (immutable)
    """The schema's description before quoting (compose it and print it with ``| docstring(4)``)."""
    source: Text = Text("")  # noqa: RUF009 (immutable)
    """The JSON pointer of the schema this definition comes from (``#/components/schemas/Pet``)."""


@dataclass
class TypesModuleEmission:
    name: str
    """Module path below ``types`` (``chat_completion``)."""
    definitions: list[Definition] = field(default_factory=list)
    stdlib_imports: tuple[Code, ...] = ()
    thirdparty_imports: tuple[Code, ...] = ()
    local_imports: tuple[Code, ...] = ()
    exports: tuple[Code, ...] = ()
    imported: dict[str, str] = field(default_factory=dict)
    """``symbol -> local name`` (the dump's view)."""


class TypesEmitter:
    def __init__(self, package: str, defs: dict[str, TypeDef], diagnostics: Diagnostics | None, formats: tuple[FormatType, ...] = ()) -> None:
        self.package = package
        self.defs = defs
        self.types = TypeBuilder(package, defs, diagnostics, formats)
        self.diagnostics = diagnostics
        self._docs: dict[tuple[str, int], Code] = {}
        self._imports: ImportsMemo = {}
        self._base_model = Symbol(f"{package}._models", "BaseModel")

    def _doc(self, text: str, indent: int) -> Code:
        """:func:`py_docstring`, once per text and indent: descriptions repeat (a model and its
        ``...Param`` share their fields' texts; shared properties repeat across schemas), and the
        OpenAI spec's 11k docstrings are 3.5k distinct ones."""
        key = (text, indent)
        doc = self._docs.get(key)
        if doc is None:
            doc = self._docs[key] = py_docstring(text, indent)
        return doc

    def module(self, module: TypeModule) -> TypesModuleEmission:
        members = [self.defs[n] for n in module.types]
        this = f"{self.package}.types.{module.name}"
        local_names: set[str] = set()
        reserved: set[str] = set()
        for d in members:
            local_names.add(d.name)
            if not isinstance(d, EnumDef) and d.usage.request:
                local_names.add(d.param_name)
            if isinstance(d, ObjectDef):
                reserved |= {f.py_name for f in d.fields}
        scope = ModuleScope(this, frozenset(local_names), frozenset(reserved), relative=True)

        enums: list[Definition] = []
        classes: list[Definition] = []
        eager: list[tuple[str, bool, TypeDef]] = []
        for d in members:
            if isinstance(d, EnumDef):
                enums.append(self._enum(d, scope))
            elif isinstance(d, ObjectDef):
                if d.usage.response:
                    classes.append(self._model(d, scope))
                if d.usage.request:
                    functional = any(not is_identifier(f.name) for f in d.fields if not f.read_only)
                    if functional:
                        eager.append((d.param_name, True, d))
                    else:
                        classes.append(self._typeddict(d, scope, functional=False, pending=frozenset()))
            else:
                if d.usage.response:
                    eager.append((d.name, False, d))
                if d.usage.request:
                    eager.append((d.param_name, True, d))

        view = TypesModuleEmission(module.name)
        view.definitions = enums + classes + self._eager(eager, scope, this)
        for name, alias in scope.local_aliases():
            target = render(Name(Symbol(this, name)), scope)
            view.definitions.append(Definition("alias", Code(alias), Code(""), value=target, base=scope.name(_TYPE_ALIAS), private=True))
        view.exports = tuple([py_str(d.name) for d in view.definitions if not d.private])
        (view.stdlib_imports, view.thirdparty_imports, view.local_imports), view.imported = scope.imports(self._imports)
        return view

    # -- definitions evaluated at import -------------------------------------------------------

    def _eager(self, items: list[tuple[str, bool, TypeDef]], scope: ModuleScope, this: str) -> list[Definition]:
        if not items:  # most modules hold only classes
            return []
        exprs: dict[str, Expr | None] = {}
        for name, is_param, d in items:
            exprs[name] = self._eager_expr(d, is_param)
        local = {name for name, _, _ in items}
        deps: dict[str, set[str]] = {}
        refs: dict[str, frozenset[Symbol]] = {}
        annotations: dict[str, list[Expr]] = {}
        """Functional TypedDicts: every field's annotation, built once for the order and the definition."""
        for name, is_param, d in items:
            e = exprs[name]
            if e is not None:
                refs[name] = symbols_in(e)
            else:
                assert isinstance(d, ObjectDef)
                annotations[name] = [self.types.build(f.type, param=True, where=d.source) for f in d.fields]
                refs[name] = frozenset().union(*map(symbols_in, annotations[name]))
            deps[name] = {s.name for s in refs[name] if s.module == this and s.name in local}
        recursive = _cyclic({n for n, p, d in items if not isinstance(d, ObjectDef)}, deps)
        # A cycle of aliases that are only names of each other (A allOf [A]) describes no value at all.
        hollow = {n for n in recursive if isinstance(exprs[n], Name) and exprs[n].symbol.name in recursive and isinstance(exprs[exprs[n].symbol.name], Name)}  # type: ignore[union-attr]
        for n in sorted(hollow):
            exprs[n] = Name(Symbol("builtins", "object"))
            refs[n] = frozenset({Symbol("builtins", "object")})
            deps[n] = set()
            d = next(d for name, _, d in items if name == n)
            self._warn("alias-cycle", f"{n} is defined only as itself (a cycle of references with no schema in it); typed as object", d.source, "give the schema a type or properties")
        recursive = _cyclic({n for n, p, d in items if not isinstance(d, ObjectDef)}, deps)
        order: list[str] = []
        state: dict[str, int] = {}

        def visit(n: str) -> None:
            if state.get(n):
                return
            state[n] = 1
            for m in sorted(deps[n]):
                visit(m)
            state[n] = 2
            order.append(n)

        for name, _, _ in items:
            visit(name)
        by_name = {name: (is_param, d) for name, is_param, d in items}
        defined: set[str] = set()
        out: list[Definition] = []
        for name in order:
            is_param, d = by_name[name]
            pending = frozenset(Symbol(this, n) for n in local - defined)
            if isinstance(d, ObjectDef):
                out.append(self._typeddict(d, scope, functional=True, pending=pending, annotations=annotations[name]))
            else:
                e = exprs[name]
                assert e is not None
                value = render(e, scope, pending=pending)
                rec = name in recursive
                out.append(
                    Definition(
                        "alias",
                        ident(name),
                        self._doc(d.description, 0),
                        value=value,
                        doc_text=text(d.description),
                        source=text(d.source),
                        recursive=rec,
                        base=scope.name(_TYPE_ALIAS),
                        checking=scope.name(_TYPE_CHECKING) if rec else _EMPTY,
                        alias_type=scope.name(_TYPE_ALIAS_TYPE) if rec else _EMPTY,
                        symbols=refs[name],
                    )
                )
            defined.add(name)
        return out

    def _eager_expr(self, d: TypeDef, is_param: bool) -> Expr | None:
        if isinstance(d, UnionDef):
            return self.types.union(d.union, param=is_param, where=d.source)
        if isinstance(d, AliasDef):
            return self.types.build(d.target, param=is_param, where=d.source)
        return None

    # -- one definition each ---------------------------------------------------------------------

    def _enum(self, d: EnumDef, scope: ModuleScope) -> Definition:
        base = scope.name(_TYPE_ALIAS)
        symbols: set[Symbol] = set()
        value = render(self.types.literal(d.values, d.source), scope, symbols=symbols)
        return Definition("enum", ident(d.name), self._doc(d.description, 0), value=value, base=base, symbols=frozenset(symbols), doc_text=text(d.description), source=text(d.source))

    def _model(self, d: ObjectDef, scope: ModuleScope) -> Definition:
        hidden = frozenset(f.py_name for f in d.fields)
        base = scope.name(self._base_model)
        fields: list[FieldEmission] = []
        symbols: set[Symbol] = set()
        printer = Printer(scope, hidden=hidden, symbols=symbols)
        for f in d.fields:
            if f.write_only:
                continue
            if not is_unicode(f.name):
                self._warn(
                    "field-not-unicode",
                    f"property name {f.name!r} is not valid Unicode (a lone surrogate): pydantic cannot read it, so {d.name} leaves it out",
                    d.source,
                    "rename the property in the spec",
                )
                continue
            e = self.types.build(f.type, param=False, where=d.source)
            if not f.required and not is_nullable(f.type):
                e = Sub(_OPTIONAL, (e,))
            annotation = printer.render(e)
            fields.append(FieldEmission(ident(f.py_name), annotation, self._model_default(f, scope), self._doc(_field_doc(f), 4), f.name))
        extra = _EMPTY
        if d.additional is not None and d.additional.kind != "any":
            e = Sub(typing_name("Dict"), (builtin_name("str"), self.types.build(d.additional, param=False, where=d.source)))
            extra = printer.render(e)
        return Definition("model", ident(d.name), self._doc(d.description, 4), fields=tuple(fields), extra=extra, base=base, symbols=frozenset(symbols), doc_text=text(d.description), source=text(d.source))

    def _warn(self, kind: str, message: str, pointer: str, hint: str) -> None:
        if self.diagnostics is not None:
            self.diagnostics.warn(kind, message, pointer, hint=hint)

    def _model_default(self, f: Field, scope: ModuleScope) -> Code:
        """``None``, or ``Field(...)`` for an alias or a deprecation (pydantic warns when a
        deprecated field is read)."""
        optional = not f.required
        if f.name == f.py_name and not f.deprecated:
            return _NONE if optional else _EMPTY
        kwargs: list[tuple[str, Expr]] = []
        if optional:
            kwargs.append(("default", Const(None)))
        if f.name != f.py_name:
            kwargs.append(("alias", Const(f.name)))
        if f.deprecated:
            kwargs.append(("deprecated", Const(True)))
        return render(Call(_FIELD, kwargs=tuple(kwargs)), scope)

    def _typeddict(self, d: ObjectDef, scope: ModuleScope, *, functional: bool, pending: frozenset[Symbol], annotations: list[Expr] | None = None) -> Definition:
        """``annotations``: every field's annotation when :meth:`_eager` has built them already."""
        base = scope.name(_TYPED_DICT)
        fields: list[FieldEmission] = []
        symbols: set[Symbol] = set()
        printer = Printer(scope, pending=pending, symbols=symbols)
        for i, f in enumerate(d.fields):
            if f.read_only:
                continue
            e = annotations[i] if annotations is not None else self.types.build(f.type, param=True, where=d.source)
            if f.required:
                e = Sub(_REQUIRED, (e,))
            key = py_str(f.name) if functional else ident(f.name)
            fields.append(FieldEmission(key, printer.render(e), _EMPTY, self._doc(_field_doc(f), 4), f.name))
        return Definition("typeddict", ident(d.param_name), self._doc(d.description, 0 if functional else 4), fields=tuple(fields), functional=functional, base=base, symbols=frozenset(symbols), doc_text=text(d.description), source=text(d.source))



def _field_doc(f: Field) -> str:
    return ("Deprecated. " + f.description) if f.deprecated else f.description


def _cyclic(nodes: set[str], deps: dict[str, set[str]]) -> set[str]:
    """Nodes of ``nodes`` that lie on a cycle of ``deps`` edges between members of ``nodes``."""
    out: set[str] = set()
    for start in nodes:
        stack = [m for m in deps.get(start, ()) if m in nodes]
        seen: set[str] = set()
        while stack:
            n = stack.pop()
            if n == start:
                out.add(start)
                break
            if n in seen:
                continue
            seen.add(n)
            stack.extend(m for m in deps.get(n, ()) if m in nodes)
    return out
