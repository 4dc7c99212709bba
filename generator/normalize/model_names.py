"""Configured model names and modules (``models:`` in the config), checked against the spec.

``models: {Schema: NewName}`` or ``{Schema: {name: NewName, param: NewNameParam, module: chat.chat_completion}}``
is keyed by the component schema's name under ``components/schemas``. This module only checks the
entries and says what they ask for; the names are claimed by the schema normalizer (the renamed
components first, so nothing else can take them), the ``TypedDict`` names in ``api._param_names``
and the modules by :func:`generator.normalize.modules.plan_modules`, the one place deciding modules.

* A key that names no schema is an ``unmatched-override`` warning (a typo, or a schema of another
  version of the spec: one config may serve several), with the closest real name.
* Two entries asking for one name, a name that another schema already has, a name the generated
  modules import themselves (``List``, ``BaseModel``), a keyword in a module path or a module that is
  also a package of another module are errors naming the config entry.
"""

from __future__ import annotations

import keyword
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from generator.config import Config, stale_entries
from generator.diagnostics import Diagnostics, GeneratorError, join_pointer
from generator.normalize.naming import RESERVED_CLASS_NAMES, class_name


@dataclass(frozen=True)
class ModelPlan:
    """What the config asks for, keyed by spec component name (only the matched entries)."""

    names: Mapping[str, str] = field(default_factory=dict)
    """Component -> class name."""
    params: Mapping[str, str] = field(default_factory=dict)
    """Component -> ``TypedDict`` name of its request form."""
    modules: Mapping[str, str] = field(default_factory=dict)
    """Component -> dotted module below ``types``."""

    def by_class(self, component_names: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
        """``(class name -> module, class name -> param name)`` once the normalizer has named the components."""
        modules = {component_names[k]: m for k, m in self.modules.items() if k in component_names}
        params = {component_names[k]: p for k, p in self.params.items() if k in component_names}
        return modules, params


def plan(config: Config, component_keys: Iterable[str], diagnostics: Diagnostics) -> ModelPlan:
    keys = [str(k) for k in component_keys]
    known = set(keys)
    file = config.source
    names: dict[str, str] = {}
    params: dict[str, str] = {}
    modules: dict[str, str] = {}
    diagnostics.extend(stale_entries("models", config.models, keys, "component schema is named", file))
    for key, override in config.models.items():
        pointer = join_pointer("", "models", key)
        if key not in known:
            continue
        for what, value in (("name", override.name), ("param", override.param)):
            if value and (value in RESERVED_CLASS_NAMES or keyword.iskeyword(value) or not value.isidentifier()):
                raise GeneratorError(
                    f"{value!r} cannot be a generated class name (the generated modules use it themselves)",
                    file=file,
                    pointer=pointer,
                    hint="choose another name, for example with a Model suffix",
                    exit_code=2,
                )
        if override.name:
            names[key] = override.name
        if override.param:
            params[key] = override.param
        if override.module:
            bad = [part for part in override.module.split(".") if keyword.iskeyword(part) or part == "__init__"]
            if bad:
                raise GeneratorError(
                    f"module path {override.module!r} has {bad[0]!r} in it, which cannot be imported",
                    file=file, pointer=join_pointer(pointer, "module"), hint="choose another module name (for example add _)", exit_code=2,
                )
            modules[key] = override.module
    _check_names(names, params, keys, file)
    _check_modules(modules, file)
    return ModelPlan(names, params, modules)


def _check_names(names: Mapping[str, str], params: Mapping[str, str], keys: list[str], file: str) -> None:
    final = {k: names.get(k, class_name(k)) for k in keys}
    held: dict[str, str] = {}
    for key in keys:
        if key not in names:
            held.setdefault(final[key], key)
    claimed: dict[str, tuple[str, str]] = {}
    for what, entries in (("name", names), ("param", params)):
        for key, value in entries.items():
            pointer = join_pointer("", "models", key)
            other = claimed.get(value)
            if other is not None:
                raise GeneratorError(
                    f"{key!r} and {other[0]!r} are both named {value!r}",
                    file=file, pointer=pointer, hint="give each schema a name of its own: class names are unique in the package", exit_code=2,
                )
            owner = held.get(value)
            if owner is not None and owner != key:
                raise GeneratorError(
                    f"{key!r} is renamed to {value!r}, the name of the schema {owner!r}",
                    file=file, pointer=pointer, hint=f"choose another name, or rename {owner!r} too", exit_code=2,
                )
            claimed[value] = (key, what)


def _check_modules(modules: Mapping[str, str], file: str) -> None:
    packages: dict[str, str] = {}
    for key, module in modules.items():
        parts = module.split(".")
        for i in range(1, len(parts)):
            packages.setdefault(".".join(parts[:i]).lower(), key)
    for key, module in modules.items():
        other = packages.get(module.lower())
        if other is not None:
            raise GeneratorError(
                f"module {module!r} is also the package of {other!r}'s module {modules[other]!r}",
                file=file, pointer=join_pointer("", "models", key, "module"), hint=f"name the module differently, for example {module}_", exit_code=2,
            )


def module_packages(modules: Iterable[str]) -> set[str]:
    """Every package a dotted module path implies (``chat.completions.x`` -> ``chat``, ``chat.completions``)."""
    out: set[str] = set()
    for module in modules:
        parts = module.split(".")
        out.update(".".join(parts[:i]) for i in range(1, len(parts)))
    return out
