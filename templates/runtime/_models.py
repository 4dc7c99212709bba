"""Response models and the lenient, cached type constructor.

``construct_type(type_, value)`` builds typed objects from decoded JSON without
validating it: missing fields are allowed, unexpected types and unknown enum
values are kept as they came.  The per-type work (field maps, converters,
discriminator tables) is compiled once and cached, so that building a response
costs little more than allocating the objects.

``validate_type(type_, value)`` is the strict counterpart (pydantic validation).
"""

from __future__ import annotations

import copy
import enum
import functools
import types
import typing
import uuid
from datetime import date, datetime, timezone
from typing import (
    Any,
    Callable,
    Dict,
    List,
    Literal,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
    cast,
)

import pydantic
from pydantic.fields import FieldInfo
from typing_extensions import Annotated, Self, get_args, get_origin

__all__ = [
    "BaseModel",
    "PropertyInfo",
    "construct_type",
    "validate_type",
    "set_request_id",
]

_Conv = Callable[[Any], Any]
_NoneType = type(None)
_MISSING: Any = object()

_setattr = object.__setattr__
_UNION_ORIGINS: Tuple[Any, ...] = (Union, getattr(types, "UnionType", Union))


class PropertyInfo:
    """``Annotated`` metadata understood by the runtime.

    - ``alias``: the API name of a property (for TypedDict params; models use ``Field(alias=...)``).
    - ``discriminator``: API name of the property that tells the variants of a union apart.
    - ``mapping``: explicit discriminator value -> variant type (OpenAPI ``discriminator.mapping``);
      without it, each variant's ``Literal`` field gives its values.
    - ``format``: e.g. ``"iso8601"`` or ``"base64"`` (informational for params).
    """

    __slots__ = ("alias", "format", "discriminator", "mapping")

    def __init__(
        self,
        *,
        alias: str | None = None,
        format: str | None = None,
        discriminator: str | None = None,
        mapping: Mapping[str, Any] | None = None,
    ) -> None:
        self.alias = alias
        self.format = format
        self.discriminator = discriminator
        self.mapping = dict(mapping) if mapping is not None else None

    def __repr__(self) -> str:
        parts = [f"{k}={getattr(self, k)!r}" for k in self.__slots__ if getattr(self, k) is not None]
        return f"PropertyInfo({', '.join(parts)})"


class BaseModel(pydantic.BaseModel):
    """Base of every generated response model.

    Unknown properties are kept (``extra="allow"``); fields are populated by API
    name or Python name; schema building is deferred until first validation or
    serialisation so that importing thousands of models stays fast.
    """

    model_config = pydantic.ConfigDict(
        extra="allow",
        populate_by_name=True,
        defer_build=True,
        arbitrary_types_allowed=True,
        protected_namespaces=(),
    )

    @property
    def _request_id(self) -> str | None:
        """The ``x-request-id`` of the response this model was parsed from (top-level models only)."""
        private = self.__pydantic_private__
        if private:
            rid = private.get("_request_id")
            return rid if isinstance(rid, str) else None
        return None

    def to_dict(
        self,
        *,
        mode: Literal["json", "python"] = "python",
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> Dict[str, object]:
        """Dump to a dict keyed by API property names, leaving out unset fields by default."""
        return self.model_dump(
            mode=mode,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
            warnings=warnings,
        )

    def to_json(
        self,
        *,
        indent: int | None = 2,
        use_api_names: bool = True,
        exclude_unset: bool = True,
        exclude_defaults: bool = False,
        exclude_none: bool = False,
        warnings: bool = True,
    ) -> str:
        """Dump to a JSON string keyed by API property names, leaving out unset fields by default."""
        return self.model_dump_json(
            indent=indent,
            by_alias=use_api_names,
            exclude_unset=exclude_unset,
            exclude_defaults=exclude_defaults,
            exclude_none=exclude_none,
            warnings=warnings,
        )

    @classmethod
    def construct_lenient(cls, data: Mapping[str, object]) -> Self:
        """Build an instance from API data (by API names) without validation."""
        return cast(Self, _model_converter(cls)(dict(data)))


def set_request_id(obj: object, request_id: str | None) -> None:
    """Attach a request id to a parsed model (reachable as ``model._request_id``)."""
    if request_id is not None and isinstance(obj, pydantic.BaseModel):
        private = obj.__pydantic_private__
        if private is None:
            _setattr(obj, "__pydantic_private__", {"_request_id": request_id})
        else:
            private["_request_id"] = request_id


# ---------------------------------------------------------------------------
# converters


def type_by_value(value: object, types: Mapping[str, Any], default: Any) -> Any:
    """The type a response is parsed as when an argument's value picks it (the generator's ``returns``
    config): ``types[value]``, else ``default`` (the whole declared type)."""
    return types.get(value, default) if isinstance(value, str) else default


def construct_type(type_: Any, value: object) -> Any:
    """Leniently convert decoded JSON ``value`` to ``type_`` (no validation)."""
    conv = _converter(type_)
    return value if conv is None else conv(value)


def validate_type(type_: Any, value: object) -> Any:
    """Strictly validate ``value`` against ``type_`` with pydantic (raises ``pydantic.ValidationError``)."""
    if isinstance(type_, type) and issubclass(type_, pydantic.BaseModel):
        return type_.model_validate(value)
    adapter = _ADAPTERS.get(type_)
    if adapter is None:
        adapter = pydantic.TypeAdapter(type_)
        try:
            _ADAPTERS[type_] = adapter
        except TypeError:  # unhashable type expression
            pass
    return adapter.validate_python(value)


_ADAPTERS: Dict[Any, "pydantic.TypeAdapter[Any]"] = {}
_CONVERTERS: Dict[Any, Optional[_Conv]] = {}


def _converter(tp: Any) -> Optional[_Conv]:
    """Return a cached converter for ``tp``; ``None`` means "keep the value as is"."""
    try:
        return _CONVERTERS[tp]
    except KeyError:
        pass
    except TypeError:  # unhashable
        return _compile(tp)
    conv = _compile(tp)
    _CONVERTERS[tp] = conv
    return conv


def _to_float(v: Any) -> Any:
    if type(v) is int:
        return float(v)
    return v


def _to_datetime(v: Any) -> Any:
    if type(v) is str:
        try:
            return datetime.fromisoformat(v)
        except ValueError:  # ``Z`` before Python 3.11, or another RFC 3339 spelling: pydantic reads those
            return _lenient(datetime)(v)
    if type(v) is int or type(v) is float:
        try:
            return datetime.fromtimestamp(v, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return v
    return v


def _to_date(v: Any) -> Any:
    if type(v) is str:
        try:
            return date.fromisoformat(v)
        except ValueError:
            return v
    return v


def _to_uuid(v: Any) -> Any:
    if type(v) is str:
        try:
            return uuid.UUID(v)
        except ValueError:
            return v
    return v


@functools.lru_cache(maxsize=None)
def _lenient(tp: Any) -> _Conv:
    """Parse a wire value into ``tp`` with pydantic (``time``, ``timedelta``, ``Decimal``, a type
    configured for a string format); a value pydantic rejects is kept as it came, like every
    value ``construct_type`` cannot convert."""
    adapter = pydantic.TypeAdapter(tp)

    def conv(v: Any) -> Any:
        if isinstance(v, tp):
            return v
        try:
            return adapter.validate_python(v)
        except (pydantic.ValidationError, TypeError, ValueError):
            return v

    return conv


def _adapted(tp: type) -> Optional[_Conv]:
    """A lenient pydantic converter for a class pydantic knows how to validate, else ``None``."""
    if tp.__module__ == "builtins":
        return None
    try:
        return _lenient(tp)
    except (pydantic.PydanticSchemaGenerationError, pydantic.PydanticUserError, TypeError):
        return None


def _enum_converter(cls: type[enum.Enum]) -> _Conv:
    def conv(v: Any) -> Any:
        try:
            return cls(v)
        except (ValueError, TypeError):
            return v  # unknown enum value: keep it

    return conv


def _list_converter(item: Optional[_Conv]) -> Optional[_Conv]:
    if item is None:
        return None

    def conv(v: Any) -> Any:
        if type(v) is list:
            return [item(x) for x in v]
        return v

    return conv


def _dict_converter(item: Optional[_Conv]) -> Optional[_Conv]:
    if item is None:
        return None

    def conv(v: Any) -> Any:
        if type(v) is dict:
            return {k: item(x) for k, x in v.items()}
        return v

    return conv


def _tuple_converter(items: Sequence[Any]) -> Optional[_Conv]:
    if len(items) == 2 and items[1] is Ellipsis:
        inner = _converter(items[0])
        if inner is None:
            return None

        def conv_var(v: Any) -> Any:
            return [inner(x) for x in v] if type(v) is list else v

        return conv_var
    convs = [_converter(t) for t in items]
    if all(c is None for c in convs):
        return None

    def conv(v: Any) -> Any:
        if type(v) is list and len(v) == len(convs):
            return [x if c is None else c(x) for c, x in zip(convs, v)]
        return v

    return conv


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, pydantic.BaseModel)


def _discriminator_of(metadata: Sequence[Any]) -> tuple[str | None, Mapping[str, Any] | None]:
    for meta in metadata:
        if isinstance(meta, PropertyInfo) and meta.discriminator:
            return meta.discriminator, meta.mapping
        if isinstance(meta, FieldInfo) and isinstance(meta.discriminator, str):
            return meta.discriminator, None
    return None, None


def _compile(tp: Any) -> Optional[_Conv]:
    if tp is Any or tp is object or tp is str or tp is int or tp is bool or tp is bytes or tp is _NoneType:
        return None
    if tp is float:
        return _to_float
    if tp is datetime:
        return _to_datetime
    if tp is date:
        return _to_date
    if tp is uuid.UUID:
        return _to_uuid
    if isinstance(tp, type):
        if issubclass(tp, pydantic.BaseModel):
            return _model_converter(tp)
        if issubclass(tp, enum.Enum):
            return _enum_converter(tp)
        return _adapted(tp)
    origin = get_origin(tp)
    if origin is None:
        value = getattr(tp, "__value__", None)  # PEP 695 `type X = ...`
        if value is not None:
            return _compile(value)
        return None
    if origin is Annotated:
        args = get_args(tp)
        disc, mapping = _discriminator_of(tp.__metadata__)
        inner = args[0]
        if disc is not None:
            variants = _union_variants(inner)
            if variants:
                return _discriminated_converter(variants, disc, mapping)
        return _converter(inner)
    if origin is Literal:
        return None
    if origin in _UNION_ORIGINS:
        variants = [a for a in get_args(tp) if a is not _NoneType]
        if len(variants) == 1:
            return _converter(variants[0])
        return _union_converter(variants)
    if origin in (list, set, frozenset) or origin is Sequence or origin is typing.Sequence:
        args = get_args(tp)
        return _list_converter(_converter(args[0]) if args else None)
    if origin is tuple:
        return _tuple_converter(get_args(tp))
    if origin is dict or origin is Mapping or origin is typing.Mapping:
        args = get_args(tp)
        return _dict_converter(_converter(args[1]) if len(args) == 2 else None)
    if isinstance(origin, type) and issubclass(origin, pydantic.BaseModel):
        return _model_converter(cast("type[pydantic.BaseModel]", tp))
    return None


def _union_variants(tp: Any) -> list[Any]:
    origin = get_origin(tp)
    if origin is Annotated:
        return _union_variants(get_args(tp)[0])
    if origin in _UNION_ORIGINS:
        out: list[Any] = []
        for a in get_args(tp):
            if a is not _NoneType:
                out.extend(_union_variants(a) if get_origin(a) in _UNION_ORIGINS else [a])
        return out
    return [tp]


# ---------------------------------------------------------------------------
# models


class _ModelPlan:
    """Everything needed to construct one model class, computed once."""

    __slots__ = ("by_key", "defaults", "factories", "extra_allowed", "extra_conv", "required_keys", "required_names", "literal_checks")

    def __init__(self, cls: type[pydantic.BaseModel]) -> None:
        fields = cls.model_fields
        hints: Mapping[str, Any] | None = None
        if not getattr(cls, "__pydantic_fields_complete__", True) or any(
            _unresolved(info.annotation) for info in fields.values()
        ):
            hints = _type_hints(cls)
        by_key: Dict[str, Tuple[str, Optional[_Conv]]] = {}
        by_name: Dict[str, Tuple[str, Optional[_Conv]]] = {}
        defaults: Dict[str, Any] = {}
        factories: List[Tuple[str, Callable[[], Any]]] = []
        required: List[str] = []
        literal_checks: List[Tuple[str, frozenset[Any]]] = []
        for name, info in fields.items():
            annotation: Any = info.annotation
            metadata: list[Any] = list(info.metadata)
            if hints is not None and name in hints:
                annotation = hints[name]
                if get_origin(annotation) is Annotated:
                    metadata = list(annotation.__metadata__) + metadata
                    annotation = get_args(annotation)[0]
            if isinstance(info.discriminator, str):
                metadata.append(info)
            disc, disc_mapping = _discriminator_of(metadata) if metadata else (None, None)
            if disc is not None:
                conv: Optional[_Conv] = _discriminated_converter(_union_variants(annotation), disc, disc_mapping)
            else:
                conv = _converter(annotation)
            key = info.validation_alias if isinstance(info.validation_alias, str) else info.alias or name
            entry = (name, conv)
            by_key[key] = entry
            if key != name:
                by_name[name] = entry
            if info.is_required():
                required.append(key)
            elif info.default_factory is not None:
                factories.append((name, cast("Callable[[], Any]", info.default_factory)))
            elif _is_immutable(info.default):
                defaults[name] = info.default
            else:  # like pydantic, each instance gets its own copy of a mutable default
                factories.append((name, functools.partial(copy.deepcopy, info.default)))
            literal_values = _literal_values(annotation)
            if literal_values is not None:
                literal_checks.append((key, literal_values))
        for name, entry in by_name.items():
            by_key.setdefault(name, entry)
        self.by_key = by_key
        self.defaults = defaults
        self.factories = factories
        self.extra_allowed = cls.model_config.get("extra") == "allow"
        # Typed extra values (``__pydantic_extra__: Dict[str, X]``, from a typed additionalProperties)
        # are built like fields, so a lenient parse gives ``X`` instances, as model_validate does.
        self.extra_conv: Optional[_Conv] = None
        if self.extra_allowed and any("__pydantic_extra__" in vars(k).get("__annotations__", {}) for k in cls.__mro__):
            extra_hint = _type_hints(cls).get("__pydantic_extra__")
            extra_args = get_args(extra_hint) if get_origin(extra_hint) in (dict, Dict) else ()
            if len(extra_args) == 2:
                self.extra_conv = _converter(extra_args[1])
        self.required_keys = frozenset(required)
        # Left out by the server: read as None (as in openai-python), not AttributeError.
        self.required_names: Tuple[str, ...] = tuple(by_key[key][0] for key in required)
        self.literal_checks = literal_checks

    def fits(self, value: Mapping[str, Any]) -> bool:
        """Whether ``value`` has every required key and matching ``Literal`` fields."""
        if not self.required_keys.issubset(value.keys()):
            return False
        for key, allowed in self.literal_checks:
            v = value.get(key, _MISSING)
            if v is not _MISSING and v not in allowed:
                return False
        return True

    def score(self, value: Mapping[str, Any]) -> int:
        return sum(1 for k in value if k in self.by_key)


_IMMUTABLE_TYPES = (str, int, float, bool, bytes, type(None), tuple, frozenset, enum.Enum, date)


def _is_immutable(value: object) -> bool:
    return isinstance(value, _IMMUTABLE_TYPES)


def _literal_values(annotation: Any) -> frozenset[Any] | None:
    origin = get_origin(annotation)
    if origin is Literal:
        return frozenset(get_args(annotation))
    if origin in _UNION_ORIGINS:
        values: set[Any] = set()
        for a in get_args(annotation):
            if a is _NoneType:
                values.add(None)
                continue
            sub = _literal_values(a)
            if sub is None:
                return None
            values |= sub
        return frozenset(values)
    return None


def _unresolved(tp: Any) -> bool:
    """Whether an annotation still holds forward references (strings / ``ForwardRef``)."""
    if isinstance(tp, (str, typing.ForwardRef)):
        return True
    if get_origin(tp) is Literal:
        return False
    return any(_unresolved(a) for a in get_args(tp))


def _type_hints(cls: type) -> Mapping[str, Any]:
    try:
        return typing.get_type_hints(cls, include_extras=True)
    except Exception:
        # Unresolvable forward references: fall back to whatever can be resolved per class.
        out: Dict[str, Any] = {}
        for klass in reversed(cls.__mro__):
            try:
                out.update(typing.get_type_hints(klass, include_extras=True))
            except Exception:
                continue
        return out


_PLANS: Dict[type, _ModelPlan] = {}
_MODEL_CONVERTERS: Dict[type, _Conv] = {}


def _plan(cls: type[pydantic.BaseModel]) -> _ModelPlan:
    plan = _PLANS.get(cls)
    if plan is None:
        plan = _PLANS[cls] = _ModelPlan(cls)
    return plan


def _model_converter(cls: type[pydantic.BaseModel]) -> _Conv:
    existing = _MODEL_CONVERTERS.get(cls)
    if existing is not None:
        return existing
    new = cls.__new__
    state: list[_ModelPlan] = []

    def conv(value: Any) -> Any:
        if type(value) is not dict:
            return value
        if state:
            plan = state[0]
        else:
            plan = _plan(cls)
            state.append(plan)
        by_key = plan.by_key
        extra: Optional[Dict[str, Any]] = {} if plan.extra_allowed else None
        provided: Dict[str, Any] = {}
        for key, v in value.items():
            entry = by_key.get(key)
            if entry is None:
                if extra is not None:
                    extra[key] = v if plan.extra_conv is None else plan.extra_conv(v)
                continue
            name, c = entry
            provided[name] = v if c is None else c(v)
        fields_set = set(provided)
        if extra:
            fields_set.update(extra)
        fields = provided
        for name, default in plan.defaults.items():
            if name not in fields:
                fields[name] = default
        for name, factory in plan.factories:
            if name not in fields:
                fields[name] = factory()
        if len(provided) < len(by_key):
            for name in plan.required_names:
                if name not in fields:
                    fields[name] = None  # not in fields_set: to_dict() still leaves it out
        obj = new(cls)
        _setattr(obj, "__dict__", fields)
        _setattr(obj, "__pydantic_fields_set__", fields_set)
        _setattr(obj, "__pydantic_extra__", extra)
        _setattr(obj, "__pydantic_private__", None)
        return obj

    _MODEL_CONVERTERS[cls] = conv
    return conv


# ---------------------------------------------------------------------------
# unions


def _scalar_kind(tp: Any) -> str | None:
    if tp is str or tp is int or tp is bool or tp is float or tp is bytes:
        name: str = tp.__name__
        return name
    return None


def _union_converter(variants: Sequence[Any]) -> Optional[_Conv]:
    models: list[type[pydantic.BaseModel]] = [v for v in variants if _is_model(v)]
    list_convs: list[Optional[_Conv]] = []
    dict_like = False
    scalar_types: set[type] = set()
    scalar_convs: list[_Conv] = []
    literal_values: set[Any] = set()
    for v in variants:
        if _is_model(v):
            continue
        origin = get_origin(v)
        if origin in (list, set, frozenset, tuple) or origin is Sequence or origin is typing.Sequence or v is list:
            list_convs.append(_converter(v))
        elif origin in (dict,) or origin is Mapping or origin is typing.Mapping or v is dict or v is Any or v is object:
            dict_like = True
            if v is Any or v is object:
                scalar_types.update((str, int, float, bool))
        elif origin is Literal:
            literal_values.update(get_args(v))
        elif _scalar_kind(v) is not None:
            scalar_types.add(v)
            if v is float:
                scalar_types.add(int)
        else:
            c = _converter(v)
            if c is not None:
                scalar_convs.append(c)
            elif isinstance(v, type):
                scalar_types.add(v)
    if not models and all(c is None for c in list_convs) and not scalar_convs:
        return None
    model_convs = [(m, _model_converter(m)) for m in models]
    first_list = next((c for c in list_convs), None)

    def conv(v: Any) -> Any:
        tv = type(v)
        if tv is dict:
            if model_convs:
                return _pick_model(model_convs, v, fallback=not dict_like)
            return v
        if tv is list:
            return v if first_list is None else first_list(v)
        if tv in scalar_types or v in literal_values:
            return v
        for c in scalar_convs:
            out = c(v)
            if out is not v:
                return out
        return v

    return conv


def _pick_model(
    model_convs: Sequence[Tuple[type[pydantic.BaseModel], _Conv]], v: Dict[str, Any], fallback: bool = True
) -> Any:
    for m, c in model_convs:
        if _plan(m).fits(v):
            return c(v)
    if not fallback:
        return v
    best = max(model_convs, key=lambda mc: _plan(mc[0]).score(v))
    return best[1](v)


def _discriminated_converter(variants: Sequence[Any], disc: str, mapping: Mapping[str, Any] | None) -> _Conv:
    """Pick the variant from the discriminator property; fall back to the first variant that fits."""
    fallback = _union_converter(variants)
    state: Dict[str, Any] = {}

    def build() -> Tuple[str, Dict[Any, _Conv]]:
        key = disc
        tbl: Dict[Any, _Conv] = {}
        if mapping:
            for value, target in mapping.items():
                c = _converter(target)
                if c is not None:
                    tbl[value] = c
        for v in variants:
            if not _is_model(v):
                continue
            plan = _plan(v)
            entry = plan.by_key.get(disc)
            if entry is None:
                continue
            info = v.model_fields[entry[0]]
            # `disc` may be the Python name (pydantic's Field(discriminator=...)) or the API name.
            api_key = info.validation_alias if isinstance(info.validation_alias, str) else info.alias or entry[0]
            key = api_key
            values: frozenset[Any] | None = None
            for k, allowed in plan.literal_checks:
                if k == api_key:
                    values = allowed
            if values is None and isinstance(info.default, (str, int)) and not isinstance(info.default, bool):
                values = frozenset([info.default])
            c = _model_converter(v)
            for value in values or ():
                tbl.setdefault(value, c)
        state["built"] = (key, tbl)
        return key, tbl

    def conv(v: Any) -> Any:
        if type(v) is dict:
            built = state.get("built")
            key, tbl = built if built is not None else build()
            tag = v.get(key)
            if tag is not None:
                try:
                    c = tbl.get(tag)
                except TypeError:  # unhashable tag
                    c = None
                if c is not None:
                    return c(v)
        return v if fallback is None else fallback(v)

    return conv
