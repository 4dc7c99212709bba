"""Symbols and module scopes: which name a symbol has in a module, and the imports that follow.

A :class:`Symbol` is a name where it is defined (``typing.List``, ``pkg._streaming.Stream``,
``pkg.types.pet.Pet``). Code refers to symbols, never to names; a :class:`ModuleScope`
turns each symbol into the name it has in one module and records the import that
binds that name. Imports are therefore exactly what the module's code uses, and a
clash is resolved where it happens:

* a local definition keeps its name; an imported symbol with the same name is
  imported under a private alias (``from pkg._streaming import Stream as _Stream``
  when a resource class is called ``Stream``);
* names that parameters or fields bind in an inner scope (``reserved``) are never
  taken by an import either, so ``cast`` stays ``cast`` even in a method with a
  parameter ``cast``... the import becomes ``_cast``;
* a builtin hidden where it is used is written ``builtins.X``.
"""

from __future__ import annotations

import builtins
import sys
from dataclasses import dataclass, field
from generator.emit.code import Code, dotted, ident

_BUILTINS = frozenset(dir(builtins))
_STDLIB_TOP = frozenset({"typing", "typing_extensions", "builtins", "functools", "os", "datetime", "uuid", "decimal", "importlib"}) | frozenset(sys.stdlib_module_names)
"""Import groups as isort orders them: a configured format type from ``ipaddress`` is standard library."""


@dataclass(frozen=True, slots=True, order=True)
class Symbol:
    module: str
    """Dotted module path; ``builtins`` for builtins; the module itself for local definitions."""
    name: str
    as_module: bool = False
    """Imported as ``import module`` and written ``module.name`` (``httpx.Timeout``)."""


def builtin(name: str) -> Symbol:
    return _BUILTIN_SYMBOLS.get(name) or Symbol("builtins", name)


_BUILTIN_SYMBOLS = {name: Symbol("builtins", name) for name in _BUILTINS}
"""Made once: annotations refer to ``str``, ``int``, ``object`` thousands of times (symbols are immutable)."""


ImportLines = tuple[tuple[Code, ...], tuple[Code, ...], tuple[Code, ...]]
ImportsMemo = dict[tuple[str, bool, frozenset[tuple[Symbol, Code]]], tuple[ImportLines, dict[str, str]]]
"""What :meth:`ModuleScope.imports` made, by package, relativity and the names imported."""


@dataclass
class ModuleScope:
    """The names of one generated module."""

    module: str
    """This module's dotted path (``pkg.types.pet``)."""
    locals: frozenset[str] = frozenset()
    """Names this module defines."""
    reserved: frozenset[str] = frozenset()
    """Names bound in inner scopes (parameters, fields) that an import must not take."""
    relative: bool = False
    """Modules of the same package are imported relatively (``from .pet import Pet``)."""
    _names: dict[Symbol, Code] = field(default_factory=dict)
    _taken: set[str] = field(default_factory=set)
    _local_aliases: dict[str, str] = field(default_factory=dict)
    _top: str = field(default="", init=False, repr=False, compare=False)
    _package: list[str] = field(default_factory=list, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._taken = set(self.locals) | set(self.reserved)
        # What every import of this module is grouped and made relative by (computed once, not per import).
        self._top = self.module.partition(".")[0]
        self._package = self.module.split(".")[:-1]

    def name(self, symbol: Symbol, *, hidden: frozenset[str] = frozenset()) -> Code:
        """The text that refers to ``symbol`` here; ``hidden`` are names an enclosing class or
        function binds at the point of use (its fields or parameters)."""
        module = symbol.module
        if module == self.module:
            if symbol.name in hidden:
                return Code(self.local_alias(symbol.name))
            return ident(symbol.name)
        if module == "builtins":
            if symbol.name in hidden or symbol.name in self.locals:
                return Code(f"{self._module_name('builtins')}.{symbol.name}")
            return ident(symbol.name)
        if symbol.as_module:
            return Code(f"{self._module_name(module)}.{symbol.name}")
        local = self._names.get(symbol)
        if local is None:
            local = self._names[symbol] = Code(self._free(symbol.name))
        return local

    def local_alias(self, name: str) -> str:
        """A second, private name for a local definition, for where a field of the same name hides
        it (pydantic evaluates ``Member: Optional[Member] = None`` with the field's default)."""
        alias = self._local_aliases.get(name)
        if alias is None:
            alias = self._free("_" + name)
            self._local_aliases[name] = alias
        return alias

    def local_aliases(self) -> list[tuple[str, str]]:
        """``(name, alias)`` of the local aliases to define after the module's definitions."""
        return sorted(self._local_aliases.items()) if self._local_aliases else []

    def _module_name(self, module: str) -> str:
        key = Symbol(module, "", as_module=True)
        local = self._names.get(key)
        if local is None:
            local = self._names[key] = Code(self._free(module.rsplit(".", 1)[-1]))
        return local

    def _free(self, wanted: str) -> str:
        name = wanted
        if name in self._taken or name in self.locals:
            name = "_" + wanted
            while name in self._taken:
                name += "_"
        self._taken.add(name)
        return name

    # -- import statements ------------------------------------------------------------------

    def imports(self, memo: ImportsMemo) -> tuple[ImportLines, dict[str, str]]:
        """:meth:`import_lines` and :meth:`imported`, made once for every scope of one package that
        imports the same names under the same local names (``memo``, kept by the caller for one
        emission): the OpenAI spec's 1.4k type modules have 630 different sets of imports."""
        key = (self.module.rpartition(".")[0], self.relative, frozenset(self._names.items()))
        made = memo.get(key)
        if made is None:
            made = memo[key] = (self.import_lines(), self.imported())
        return made[0], dict(made[1])

    def import_lines(self) -> ImportLines:
        """``import`` statements in three groups (standard library, third party, this package),
        each sorted, as ruff's isort rules would order them."""
        froms: tuple[dict[str, list[str]], ...] = ({}, {}, {})
        """Per group: ``from`` source -> imported names."""
        plain: tuple[list[str], ...] = ([], [], [])
        places: dict[str, tuple[int, str]] = {}
        """Module -> its group and ``from`` source (several names come from one module)."""
        for symbol, local in self._names.items():
            module = symbol.module
            if symbol.as_module:
                parent, dot, leaf = module.rpartition(".")
                if not dot:
                    plain[self._place(module)[0]].append(f"import {module}" if local == module else f"import {module} as {local}")
                    continue
                module, name = parent, leaf  # import a.b as c -> from a import b as c
            else:
                name = symbol.name
            place = places.get(module)
            if place is None:
                place = places[module] = self._place(module)
            group = froms[place[0]]
            entry = name if local == name else f"{name} as {local}"
            entries = group.get(place[1])
            if entries is None:
                group[place[1]] = [entry]
            else:
                entries.append(entry)
        out: list[tuple[Code, ...]] = []
        for lines, group in zip(plain, froms):
            lines.sort()
            sources = sorted(group, key=lambda m: (m.startswith("."), m)) if len(group) > 1 else group  # one source: no sort
            for source in sources:
                names = group[source]
                listed = names[0] if len(names) == 1 else ", ".join(sorted(set(names), key=_isort_key))
                lines.append(f"from {source} import {listed}")
            out.append(tuple(map(Code, lines)))
        return out[0], out[1], out[2]

    def _place(self, module: str) -> tuple[int, str]:
        """The import group of ``module`` (0 standard library, 1 third party, 2 this package) and
        the module as a ``from`` source here (relative within the package when :attr:`relative`)."""
        dotted(module)
        top = module.partition(".")[0]
        group = 0 if top in _STDLIB_TOP else 2 if top == self._top else 1
        if not self.relative or top != self._top:
            return group, module
        here = self._package
        there = module.split(".")
        common = 0
        while common < min(len(here), len(there)) and here[common] == there[common]:
            common += 1
        return group, "." * (len(here) - common + 1) + ".".join(there[common:])

    def imported(self) -> dict[str, str]:
        """``{"module.name": local name}`` of every import: the dump's view of this scope."""
        # Sorted by the symbol's fields as a tuple: Symbol's own ordering, without its generated __lt__.
        items = sorted(self._names.items(), key=lambda item: (item[0].module, item[0].name, item[0].as_module))
        return {f"{s.module}.{s.name}" if s.name else s.module: local for s, local in items}


def _isort_key(entry: str) -> tuple[int, str]:
    # ruff's isort (force-sort-within-sections off, order-by-type on): CONSTANTS, Classes, functions.
    name = entry.split(" as ")[0]
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return (kind, name)
