"""The SDK surface: what a Python caller of the generated package sees, as plain values.

Why a model of its own rather than the IR: the IR records every decision the
generator makes (modules, wire details, emission), most of which a caller never
touches, and it is changing. The surface keeps only what callers write against
(names, signatures, types, models, enum values, client options), so the
comparison and its rules never look at the IR; :mod:`generator.diff.surface` is
the one place that reads the IR.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Scalar = str | int | float | bool | None
Position = Literal["request", "response"]


@dataclass(frozen=True, slots=True)
class Location:
    """Where something comes from: the spec (or IR dump) file and a JSON pointer into it."""

    file: str
    pointer: str = ""
    detail: str = ""
    """What inside the pointed-to value, when the pointer cannot say (``parameter 'limit'``)."""

    def render(self) -> str:
        text = f"{self.file}#{self.pointer}" if self.pointer else self.file
        return f"{text} ({self.detail})" if self.detail else text


@dataclass(frozen=True, slots=True)
class Shape:
    """A type as a caller sees it.

    ``kind`` is one of ``str int float bool any null file literal array map union ref``.
    ``literal`` carries ``values`` (and ``name`` when it is a named enum, ``open`` when
    other strings are allowed too); ``array``/``map`` carry one item in ``args``;
    ``union`` carries its variants; ``ref`` names a model.
    """

    kind: str
    name: str = ""
    values: tuple[Scalar, ...] = ()
    args: tuple[Shape, ...] = ()
    open: bool = False

    def key(self) -> Shape:
        """What identifies the type for a caller: a named enum is its name (its values are compared on the enum)."""
        if self.kind == "literal" and self.name:
            return Shape("literal", name=self.name)
        if self.args:
            return Shape(self.kind, self.name, self.values, tuple(a.key() for a in self.args), self.open)
        return self

    def render(self) -> str:
        if self.kind == "literal":
            if self.name:
                return self.name
            return "Literal[" + ", ".join(repr(v) for v in self.values) + "]"
        if self.kind == "array":
            return f"list[{self.args[0].render()}]"
        if self.kind == "map":
            return f"dict[str, {self.args[0].render()}]"
        if self.kind == "union":
            return " | ".join(a.render() for a in self.args)
        if self.kind == "ref":
            return self.name
        if self.kind == "null":
            return "None"
        return {"any": "object", "file": "FileTypes"}.get(self.kind, self.kind)


@dataclass(frozen=True, slots=True)
class Param:
    """A keyword (or positional) argument of a method; flattened body fields included."""

    name: str
    """Python name."""
    wire_name: str
    where: str
    """``path``, ``query``, ``header``, ``cookie`` or ``body``."""
    shape: Shape
    required: bool
    default: str | None
    """``repr`` of the default the spec gives, if any."""
    deprecated: bool
    location: Location


@dataclass(frozen=True, slots=True)
class Pagination:
    style: str
    items: Shape


@dataclass(frozen=True, slots=True)
class Method:
    path: str
    """Attribute path from the client: ``chat.completions.create``."""
    operation_id: str
    http: str
    """``GET /pets/{id}``: shown, never compared for breaking-ness (callers do not see it)."""
    params: dict[str, Param]
    positional: tuple[str, ...]
    """Python names of the positional arguments, in order."""
    returns_kind: str
    returns: Shape | None
    stream: Shape | None
    stream_flag: str | None
    pagination: Pagination | None
    security: tuple[tuple[str, ...], ...] | None
    deprecated: bool
    location: Location


@dataclass(frozen=True, slots=True)
class FieldSurface:
    name: str
    wire_name: str
    shape: Shape
    required: bool
    default: str | None
    positions: frozenset[Position]
    """Where a caller meets this field: reading a response model, building a request."""
    deprecated: bool
    location: Location


@dataclass(frozen=True, slots=True)
class Model:
    """A named type callers may import: object model, union or alias."""

    name: str
    kind: Literal["object", "union", "alias"]
    positions: frozenset[Position]
    fields: dict[str, FieldSurface]
    shape: Shape | None
    """The union or aliased type (``None`` for objects)."""
    deprecated: bool
    location: Location


@dataclass(frozen=True, slots=True)
class Enum:
    name: str
    values: tuple[Scalar, ...]
    positions: frozenset[Position]
    open: bool
    location: Location


@dataclass(frozen=True, slots=True)
class Credential:
    """One client constructor option that carries a credential (``api_key``)."""

    option: str
    scheme: str
    env_vars: tuple[str, ...]
    transport: str
    """``bearer in header Authorization``: shown, not breaking when it changes."""
    location: Location


@dataclass(frozen=True, slots=True)
class HeaderOption:
    option: str
    header: str
    env_var: str
    location: Location


@dataclass(frozen=True, slots=True)
class Client:
    package: str
    class_name: str
    async_class_name: str
    base_url: str
    base_url_env: str
    credentials: dict[str, Credential]
    headers: dict[str, HeaderOption]
    default_auth: tuple[frozenset[str], ...]
    """Alternatives of credential options a client needs by default."""
    credentials_required: bool
    location: Location
    """``/servers``: where the base URL comes from."""
    names_location: Location
    """``/info``: where the package and class names are derived from (unless the config sets them)."""


@dataclass(frozen=True, slots=True)
class Surface:
    file: str
    title: str
    version: str
    client: Client
    resources: frozenset[str]
    methods: dict[str, Method]
    models: dict[str, Model]
    enums: dict[str, Enum]


Label = Literal["breaking", "non-breaking"]


@dataclass(frozen=True, slots=True)
class Change:
    """One difference a caller may notice, labelled for a Python caller."""

    area: str
    """``client``, ``resource``, ``method``, ``parameter``, ``model``, ``field``, ``enum``."""
    subject: str
    """What changed, by its Python name (``pets.list(limit)``, ``Pet.tag``)."""
    action: str
    """``added``, ``removed``, ``renamed``, ``changed``."""
    label: Label
    message: str
    old: Location | None = None
    new: Location | None = None
    tags: tuple[str, ...] = field(default=())
    """Finer kinds used by tests and filters: ``required``, ``type``, ``default``, ``pagination`` ..."""

    @property
    def breaking(self) -> bool:
        return self.label == "breaking"
