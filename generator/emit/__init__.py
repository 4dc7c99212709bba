"""Stage 4, emission: the IR's last layer, holding every decision the templates print.

Per module it holds the imports (computed from the symbols the code refers to, see
:mod:`generator.emit.scope`), the local names with their clashes resolved, and an
order of definitions in which nothing is used before it exists. Per method it holds
the parameters and the runtime call as data. Every printed piece is
:class:`~generator.emit.code.Code`: spec text reaches it only through the escaping
functions in :mod:`generator.emit.code`. Templates only lay this out.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.diagnostics import Diagnostics
from generator.emit import extensions
from generator.emit.code import Code, Text, dotted, ident, py_docstring, py_str, text
from generator.emit.package import ClientEmission, Export, ReadmeEmission, TypesPackageEmission, client_emission, pyproject, readme, type_packages
from generator.emit.resources import ResourceEmission, ResourcesEmitter
from generator.emit.typeexpr import TypeBuilder
from generator.emit.types_module import TypesEmitter, TypesModuleEmission
from generator.flavours import policy_for
from generator.ir.model import Api


@dataclass(frozen=True)
class InitEmission:
    doc: Code
    """The package's module docstring."""
    resources: tuple[Code, ...]
    """The client's top-level resource attributes, as string literals."""
    exports: tuple[tuple[Code, Code], ...] = ()
    """``(module, name)`` of the extensions' public classes (``AzureOpenAI``)."""
    flavour_imports: tuple[Code, ...] = ()
    """``from ._openai import LengthFinishReasonError``: the flavour's public runtime names."""
    flavour_names: tuple[Code, ...] = ()
    """Those names as strings, for ``__all__``."""


@dataclass(frozen=True)
class ApiInfo:
    """The API and the package made for it: the ``api`` every template and macro sees."""

    title: Text
    """The SDK's title (``info.title`` unless the config names it)."""
    description: Text
    """``info.description``."""
    version: Text
    """The spec's ``info.version``."""
    openapi: Text
    """The OpenAPI version of the document (``3.1.0``)."""
    package: Code
    """The import name (``museum_sdk``)."""
    distribution: Text
    """The pip name (``museum-sdk``)."""
    package_version: Text
    """The generated package's version."""
    client_class: Code
    """The sync client class name (``Museum``)."""
    async_client_class: Code
    """The async client class name (``AsyncMuseum``)."""


def api_info(api: Api) -> ApiInfo:
    return ApiInfo(
        title=text(api.package.title), description=text(api.package.description), version=text(api.spec.version),
        openapi=text(api.spec_version), package=dotted(api.package.name), distribution=text(api.package.distribution),
        package_version=text(api.package.version), client_class=ident(api.client.class_name), async_client_class=ident(api.client.async_class_name),
    )  # fmt: skip


@dataclass
class Emission:
    types: list[TypesModuleEmission]
    exports: list[Export]
    type_packages: list[TypesPackageEmission]
    """``types/__init__.py`` and the ``__init__.py`` of each sub-package of ``types`` (first: ``types`` itself)."""
    resources: list[ResourceEmission]
    children: list[tuple[str, str, str]]
    client: ClientEmission
    init: InitEmission
    pyproject: Code
    readme: ReadmeEmission
    api: ApiInfo


def emit(api: Api, diagnostics: Diagnostics | None = None) -> Emission:
    defs = {t.name: t for t in api.types}
    types = TypeBuilder(api.package.name, defs, diagnostics, api.formats)
    type_modules = TypesEmitter(api.package.name, defs, diagnostics, api.formats)
    resources = ResourcesEmitter(api, types)
    children = [(c.attr_name, c.class_name, resources.module_path(c)) for c in api.resources.children]
    c = api.client
    init_doc = py_docstring(f"{api.package.title}: a typed Python client.\n\nfrom {api.package.name} import {c.class_name}\n\nclient = {c.class_name}()")
    packages = type_packages(api.types)
    return Emission(
        types=[type_modules.module(m) for m in api.type_modules],
        exports=list(packages[0].exports),  # ``types`` itself comes first: every type, as type_exports(api.types)
        type_packages=packages,
        resources=resources.all(),
        children=children,
        client=client_emission(api, children),
        init=InitEmission(
            init_doc,
            tuple(py_str(ch.attr_name) for ch in api.resources.children),
            flavour_imports=tuple(Code(f"from .{ident(module)} import {ident(name)}") for module, name in policy_for(api.flavour).exports),
            flavour_names=tuple(py_str(name) for _, name in policy_for(api.flavour).exports),
            exports=tuple(extensions.package_exports(api)),
        ),
        pyproject=pyproject(api),
        readme=readme(api),
        api=api_info(api),
    )


def to_data(emission: Emission) -> dict[str, object]:
    """The emission as JSON-friendly data, for ``python -m generator ir``."""
    return {
        "types": {
            m.name: {
                "imports": m.imported,
                "definitions": [{"name": str(d.name), "kind": d.kind, **({"recursive": True} if d.recursive else {})} for d in m.definitions],
            }
            for m in emission.types
        },
        "resources": {
            r.module: {
                "imports": r.imported,
                "methods": {str(m.name): {"operation_id": m.operation_id, "call": m.call_data} for m in r.methods},
            }
            for r in emission.resources
        },
    }
