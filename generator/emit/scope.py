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
    return Symbol("builtins", name)


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
    _names: dict[Symbol, str] = field(default_factory=dict)
    _taken: set[str] = field(default_factory=set)
    _local_aliases: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._taken = set(self.locals) | set(self.reserved)

    def name(self, symbol: Symbol, *, hidden: frozenset[str] = frozenset()) -> Code:
        """The text that refers to ``symbol`` here; ``hidden`` are names an enclosing class or
        function binds at the point of use (its fields or parameters)."""
        if symbol.module == self.module:
            if symbol.name in hidden:
                return Code(self.local_alias(symbol.name))
            return ident(symbol.name)
        if symbol.module == "builtins":
            if symbol.name in hidden or symbol.name in self.locals:
                return Code(f"{self._module_name('builtins')}.{symbol.name}")
            return ident(symbol.name)
        if symbol.as_module:
            return Code(f"{self._module_name(symbol.module)}.{symbol.name}")
        local = self._names.get(symbol)
        if local is None:
            local = self._free(symbol.name)
            self._names[symbol] = local
        return Code(local)

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
        return sorted(self._local_aliases.items())

    def _module_name(self, module: str) -> str:
        key = Symbol(module, "", as_module=True)
        local = self._names.get(key)
        if local is None:
            local = self._free(module.rsplit(".", 1)[-1])
            self._names[key] = local
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

    def import_lines(self) -> tuple[tuple[Code, ...], tuple[Code, ...], tuple[Code, ...]]:
        """``import`` statements in three groups (standard library, third party, this package),
        each sorted, as ruff's isort rules would order them."""
        groups: dict[int, dict[str, list[str]]] = {0: {}, 1: {}, 2: {}}
        plain: dict[int, list[str]] = {0: [], 1: [], 2: []}
        sources: dict[str, str] = {}
        for symbol, local in self._names.items():
            module = symbol.module
            group = self._group(module)
            if symbol.as_module:
                top = module.rsplit(".", 1)[-1]
                if "." in module:
                    parent, leaf = module.rsplit(".", 1)
                    entry = leaf if local == leaf else f"{leaf} as {local}"
                    source = sources.get(parent) or sources.setdefault(parent, self._from(parent))
                    groups[group].setdefault(source, []).append(entry)
                else:
                    plain[group].append(f"import {module}" if local == top else f"import {module} as {local}")
                continue
            entry = symbol.name if local == symbol.name else f"{symbol.name} as {local}"
            source = sources.get(module) or sources.setdefault(module, self._from(module))
            groups[group].setdefault(source, []).append(entry)
        out: list[tuple[Code, ...]] = []
        for group in (0, 1, 2):
            lines = sorted(plain[group])
            for source in sorted(groups[group], key=lambda m: (m.startswith("."), m)):
                names = sorted(set(groups[group][source]), key=_isort_key)
                lines.append(f"from {source} import {', '.join(names)}")
            out.append(tuple(Code(line) for line in lines))
        return out[0], out[1], out[2]

    def _from(self, module: str) -> str:
        dotted(module)
        here = self.module.split(".")[:-1]
        there = module.split(".")
        if not self.relative or there[0] != here[0]:
            return module
        common = 0
        while common < min(len(here), len(there)) and here[common] == there[common]:
            common += 1
        return "." * (len(here) - common + 1) + ".".join(there[common:])

    def _group(self, module: str) -> int:
        top = module.split(".")[0]
        if top in _STDLIB_TOP:
            return 0
        return 2 if self.module.split(".")[0] == top else 1

    def imported(self) -> dict[str, str]:
        """``{"module.name": local name}`` of every import: the dump's view of this scope."""
        return {f"{s.module}.{s.name}" if s.name else s.module: local for s, local in sorted(self._names.items())}


def _isort_key(entry: str) -> tuple[int, str]:
    # ruff's isort (force-sort-within-sections off, order-by-type on): CONSTANTS, Classes, functions.
    name = entry.split(" as ")[0]
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    return (kind, name)
