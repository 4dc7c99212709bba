"""Template context for ``types/`` modules: what each class, alias and field looks like.

All decisions about names and types were made in the IR; this module only turns
them into text pieces (annotations, defaults, docstrings) and orders the
definitions so that module-level aliases never use a name before it exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.ir.model import AliasDef, Api, EnumDef, Field, ObjectDef, TypeDef, TypeModule, UnionDef
from generator.normalize.modules import refs_of_def
from generator.render.annotations import BUILTIN_NAMES, Annotator, is_nullable, literal

_TYPING_NAMES = ("Dict", "List", "Mapping", "Optional", "Sequence", "Union")
_SUBSCRIPTED = re.compile(r"\b(Dict|List|Mapping|Optional|Sequence|Union|Annotated|Literal|Required)\[")


def docstring(text: str) -> str:
    """Body of a triple-quoted docstring: backslashes and quotes escaped, no trailing quote."""
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').strip()
    if text.endswith('"'):
        text += " "
    return text


@dataclass(frozen=True)
class FieldView:
    name: str
    annotation: str
    default: str
    """Right-hand side (``= None``, ``= Field(alias="x")``) or empty."""
    description: str


@dataclass(frozen=True)
class ModelView:
    name: str
    description: str
    fields: tuple[FieldView, ...]
    extra_annotation: str = ""


@dataclass(frozen=True)
class ParamField:
    key: str
    annotation: str
    description: str


@dataclass(frozen=True)
class ParamView:
    name: str
    description: str
    fields: tuple[ParamField, ...]
    functional: bool
    """Keys that are not identifiers need the ``TypedDict("Name", {...})`` form."""


@dataclass(frozen=True)
class AliasView:
    name: str
    value: str
    description: str


@dataclass
class ModuleView:
    name: str
    enums: list[AliasView] = field(default_factory=list)
    models: list[ModelView] = field(default_factory=list)
    params: list[ParamView] = field(default_factory=list)
    aliases: list[AliasView] = field(default_factory=list)
    imports: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    typing_names: tuple[str, ...] = ()
    extension_names: tuple[str, ...] = ()
    uses_models: bool = False
    uses_property_info: bool = False
    uses_field: bool = False
    uses_files: bool = False
    uses_builtins: bool = False
    exports: tuple[str, ...] = ()


class TypesRenderer:
    def __init__(self, api: Api) -> None:
        self.defs: dict[str, TypeDef] = {t.name: t for t in api.types}

    # -- per module ----------------------------------------------------------------------

    def module(self, module: TypeModule) -> ModuleView:
        view = ModuleView(module.name)
        here = set(module.types)
        members = [self.defs[n] for n in module.types]
        defined: set[str] = set()
        # Classes are annotated lazily (``from __future__ import annotations``); aliases are
        # evaluated at import, so a same-module alias that is not defined yet is quoted.
        pending_aliases: list[tuple[TypeDef, bool]] = []
        for d in members:
            if isinstance(d, EnumDef):
                values = ", ".join(literal(v) for v in d.values)
                view.enums.append(AliasView(d.name, f"Literal[{values}]", docstring(d.description)))
                defined.add(d.name)
        for d in members:
            if isinstance(d, ObjectDef):
                if d.usage.response:
                    view.models.append(self._model(d))
                    defined.add(d.name)
                if d.usage.request:
                    view.params.append(self._param(d))
                    defined.add(d.param_name)
            elif isinstance(d, (UnionDef, AliasDef)):
                if d.usage.response:
                    pending_aliases.append((d, False))
                if d.usage.request:
                    pending_aliases.append((d, True))
        for d, is_param in self._alias_order(pending_aliases, here):
            name = d.param_name if is_param else d.name
            annotate = Annotator(is_param, self._namer(is_param, here, defined, quote_pending=True))
            expr = d.union if isinstance(d, UnionDef) else d.target
            view.aliases.append(AliasView(name, annotate(expr), docstring(d.description)))
            defined.add(name)
        self._imports(view, module, members)
        return view

    def _alias_order(self, aliases: list[tuple[TypeDef, bool]], here: set[str]) -> list[tuple[TypeDef, bool]]:
        """Aliases after the same-module aliases they use, where there is no cycle."""
        names = {(d.name, p) for d, p in aliases}
        done: set[tuple[str, bool]] = set()
        ordered: list[tuple[TypeDef, bool]] = []
        visiting: set[tuple[str, bool]] = set()
        by_key = {(d.name, p): (d, p) for d, p in aliases}

        def visit(key: tuple[str, bool]) -> None:
            if key in done or key in visiting:
                return
            visiting.add(key)
            d, p = by_key[key]
            for ref in refs_of_def(d):
                if ref in here and (ref, p) in names:
                    visit((ref, p))
            visiting.discard(key)
            done.add(key)
            ordered.append((d, p))

        for d, p in aliases:
            visit((d.name, p))
        return ordered

    def _namer(self, is_param: bool, here: set[str], defined: set[str], *, quote_pending: bool = False):  # type: ignore[no-untyped-def]
        def name_of(ref: str) -> str:
            d = self.defs.get(ref)
            if d is None:
                return "object"
            name = d.param_name if is_param else d.name
            if quote_pending and ref in here and name not in defined and not isinstance(d, ObjectDef):
                return f'"{name}"'
            return name

        return name_of

    def _model(self, d: ObjectDef) -> ModelView:
        shadowed = BUILTIN_NAMES & {f.py_name for f in d.fields}
        annotate = Annotator(False, self._namer(False, set(), set()), shadowed)
        fields = []
        for f in d.fields:
            if f.write_only:
                continue
            annotation = annotate(f.type)
            optional = not f.required
            if optional and not is_nullable(f.type):
                annotation = f"Optional[{annotation}]"
            default = _model_default(f, optional)
            fields.append(FieldView(f.py_name, annotation, default, docstring(f.description)))
        extra = annotate(d.additional) if d.additional is not None and d.additional.kind != "any" else ""
        return ModelView(d.name, docstring(d.description), tuple(fields), extra)

    def _param(self, d: ObjectDef) -> ParamView:
        shadowed = BUILTIN_NAMES & {f.name for f in d.fields}
        annotate = Annotator(True, self._namer(True, set(), set()), shadowed)
        fields = []
        functional = False
        for f in d.fields:
            if f.read_only:
                continue
            annotation = annotate(f.type)
            if f.required:
                annotation = f"Required[{annotation}]"
            if not f.name.isidentifier() or _is_keyword(f.name):
                functional = True
            fields.append(ParamField(f.name, annotation, docstring(f.description)))
        return ParamView(d.param_name, docstring(d.description), tuple(fields), functional)

    def _imports(self, view: ModuleView, module: TypeModule, members: list[TypeDef]) -> None:
        wanted: dict[str, set[str]] = {}
        for d in members:
            forms = []
            if d.usage.response or isinstance(d, EnumDef):
                forms.append(False)
            if d.usage.request and not isinstance(d, EnumDef):
                forms.append(True)
            for is_param in forms:
                for ref in refs_of_def(d):
                    target = self.defs.get(ref)
                    if target is None or target.module == module.name:
                        continue
                    wanted.setdefault(target.module, set()).add(target.param_name if is_param else target.name)
        view.imports = [(m, tuple(sorted(names))) for m, names in sorted(wanted.items())]
        text = "\n".join(
            [a.value for a in view.enums + view.aliases]
            + [f.annotation + f.default for m in view.models for f in m.fields]
            + [m.extra_annotation for m in view.models]
            + [f.annotation for p in view.params for f in p.fields]
        )
        used = set(_SUBSCRIPTED.findall(text))
        view.typing_names = tuple(n for n in _TYPING_NAMES if n in used)
        ext = [n for n in ("Annotated", "Literal", "Required") if n in used]
        if view.params:
            ext.append("TypedDict")
        if view.enums or view.aliases:
            ext.append("TypeAlias")
        view.extension_names = tuple(sorted(ext))
        view.uses_models = bool(view.models)
        view.uses_property_info = "PropertyInfo(" in text
        view.uses_field = "Field(" in text
        view.uses_files = "FileTypes" in text
        view.uses_builtins = "builtins." in text
        exports = [a.name for a in view.enums] + [m.name for m in view.models] + [p.name for p in view.params] + [a.name for a in view.aliases]
        view.exports = tuple(exports)

    # -- package index ---------------------------------------------------------------------

    def exports(self) -> list[tuple[str, str]]:
        """``(name, module)`` for every public name in ``types``, sorted by name."""
        result: list[tuple[str, str]] = []
        for d in self.defs.values():
            if d.usage.response or isinstance(d, EnumDef):
                result.append((d.name, d.module))
            if d.usage.request and d.param_name != d.name:
                result.append((d.param_name, d.module))
        return sorted(set(result))


def _model_default(f: Field, optional: bool) -> str:
    alias = f.name != f.py_name
    if alias:
        return f' = Field(default=None, alias="{f.name}")' if optional else f' = Field(alias="{f.name}")'
    return " = None" if optional else ""


def _is_keyword(name: str) -> bool:
    import keyword

    return keyword.iskeyword(name)


def module_views(api: Api) -> tuple[TypesRenderer, list[ModuleView]]:
    renderer = TypesRenderer(api)
    return renderer, [renderer.module(m) for m in api.type_modules]
