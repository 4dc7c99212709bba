"""The intermediate representation: every decision the generator makes, as data.

The normalizer builds it from the spec; the renderer lays it out with templates
and never looks at the spec. Everything is immutable and JSON-dumpable
(:func:`generator.ir.dump.to_json`), so a decision can be inspected with
``python -m generator ir SPEC`` and asserted in tests.

Types come in two layers:

* **type expressions** (:data:`TypeExpr`) describe the type of a field, a
  parameter or a response: primitives, literals, arrays, maps, unions and
  :class:`NamedRef` references to named types;
* **named types** (:data:`TypeDef`) are what gets a class or alias of its own:
  objects, enums, unions and aliases. Each has a stable Python name, the module
  it lives in, and whether it is needed as a response model, a request
  parameter type (``TypedDict``), or both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

JsonScalar = Union[str, int, float, bool, None]

# ---------------------------------------------------------------------------
# Type expressions


@dataclass(frozen=True, slots=True)
class Constraints:
    """Validation keywords of a primitive or array schema.

    Not part of a type's identity (``compare=False`` where attached): two strings
    are the same Python type whatever their bounds. Used to synthesize valid values
    for the generated tests (:mod:`generator.render.examples`).
    """

    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    multiple_of: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    min_items: int | None = None
    max_items: int | None = None
    unique_items: bool = False


@dataclass(frozen=True, slots=True)
class PrimitiveType:
    """``str``, ``int``, ``float``, ``bool``; a string's ``format`` may make it a Python type of its own
    (``Api.formats``, decided in :mod:`generator.emit.typeexpr`)."""

    name: Literal["str", "int", "float", "bool"]
    format: str | None = None
    kind: Literal["primitive"] = "primitive"
    constraints: Constraints | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class FileType:
    """Binary content: an upload in a request, raw bytes elsewhere."""

    kind: Literal["file"] = "file"


@dataclass(frozen=True, slots=True)
class AnyType:
    """No constraint (``{}``, ``true``, or something the generator could not type)."""

    kind: Literal["any"] = "any"


@dataclass(frozen=True, slots=True)
class NullType:
    kind: Literal["null"] = "null"


@dataclass(frozen=True, slots=True)
class LiteralType:
    """An inline enum or const: ``Literal["a", "b"]``."""

    values: tuple[JsonScalar, ...]
    kind: Literal["literal"] = "literal"


@dataclass(frozen=True, slots=True)
class ArrayType:
    items: TypeExpr
    kind: Literal["array"] = "array"
    constraints: Constraints | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class MapType:
    """``additionalProperties`` without fixed properties: ``Dict[str, values]``."""

    values: TypeExpr
    kind: Literal["map"] = "map"


@dataclass(frozen=True, slots=True)
class Discriminator:
    property: str
    """Wire name of the tag property, e.g. ``type``."""
    mapping: tuple[tuple[str, str], ...] = ()
    """Tag value -> name of the variant's named type."""


@dataclass(frozen=True, slots=True)
class UnionType:
    """Variants in spec order; a ``NullType`` variant, if any, comes last."""

    variants: tuple[TypeExpr, ...]
    discriminator: Discriminator | None = None
    kind: Literal["union"] = "union"


@dataclass(frozen=True, slots=True)
class NamedRef:
    """A reference to a named type by its Python name (unique in the package)."""

    name: str
    kind: Literal["ref"] = "ref"


TypeExpr = Union[PrimitiveType, FileType, AnyType, NullType, LiteralType, ArrayType, MapType, UnionType, NamedRef]

# ---------------------------------------------------------------------------
# Named types


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    """Name on the wire."""
    py_name: str
    """Python attribute / keyword name (``class`` -> ``class_``; ``eventDescription`` ->
    ``event_description`` under the default ``names.style: pep8``): decided by
    :class:`generator.normalize.naming.Naming`, the wire name stays the alias."""
    type: TypeExpr
    required: bool
    description: str = ""
    default: JsonScalar | list[object] | dict[str, object] = None
    has_default: bool = False
    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False
    examples: tuple[object, ...] = field(default=(), compare=False)
    """Values the spec gives for this property (``example``, ``examples``, then ``default``), in that order."""


@dataclass(frozen=True, slots=True)
class Usage:
    """Where a named type is needed; decides which Python forms are rendered."""

    response: bool
    """Rendered as a pydantic model / plain alias."""
    request: bool
    """Rendered as a ``TypedDict`` (objects) or alias with a ``Param`` name."""


@dataclass(frozen=True, slots=True)
class ObjectDef:
    name: str
    param_name: str
    module: str
    """Dotted module path below the package's ``types`` package, e.g. ``chat_completion``."""
    fields: tuple[Field, ...]
    usage: Usage
    description: str = ""
    additional: TypeExpr | None = None
    """Type of ``additionalProperties`` values kept next to the fixed fields, if any."""
    source: str = ""
    """JSON pointer of the schema this type comes from."""
    deprecated: bool = False
    kind: Literal["object"] = "object"


@dataclass(frozen=True, slots=True)
class EnumDef:
    """A named enum or const, rendered as ``Name = Literal[...]``."""

    name: str
    param_name: str
    module: str
    values: tuple[JsonScalar, ...]
    usage: Usage
    description: str = ""
    source: str = ""
    open: bool = False
    """True when the spec allows other values too (``anyOf: [enum, string]``)."""
    kind: Literal["enum"] = "enum"


@dataclass(frozen=True, slots=True)
class UnionDef:
    name: str
    param_name: str
    module: str
    union: UnionType
    usage: Usage
    description: str = ""
    source: str = ""
    kind: Literal["union"] = "union"


@dataclass(frozen=True, slots=True)
class AliasDef:
    """A named schema that is just another type (``type: string``, an array, a map)."""

    name: str
    param_name: str
    module: str
    target: TypeExpr
    usage: Usage
    description: str = ""
    source: str = ""
    kind: Literal["alias"] = "alias"


TypeDef = Union[ObjectDef, EnumDef, UnionDef, AliasDef]


@dataclass(frozen=True, slots=True)
class TypeModule:
    """One ``types/`` module. Mutually recursive named types share a module so imports never cycle."""

    name: str
    types: tuple[str, ...]
    """Names of the named types defined here. What the module imports, and the order its
    definitions are printed in, are emission decisions (``generator.emit``)."""


# ---------------------------------------------------------------------------
# Operations

ParamLocation = Literal["path", "query", "header", "cookie"]
BodyKind = Literal["json", "form", "multipart", "binary", "text"]
ResponseKind = Literal["json", "text", "binary", "empty", "sse"]


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    py_name: str
    location: ParamLocation
    type: TypeExpr
    required: bool
    description: str = ""
    style: str = ""
    """Serialisation style when it differs from the default for its location."""
    explode: bool = True
    deprecated: bool = False
    examples: tuple[object, ...] = field(default=(), compare=False)
    """Values the spec gives for this parameter (its ``example``/``examples``, its schema's, then ``default``)."""


@dataclass(frozen=True, slots=True)
class RequestBody:
    media_type: str
    kind: BodyKind
    required: bool
    fields: tuple[Field, ...] = ()
    """When the body is an object: its properties, flattened into keyword arguments."""
    body_type: TypeExpr | None = None
    """When the body is not a flattenable object: the type of a single ``body`` argument."""
    description: str = ""
    json_fields: tuple[str, ...] = ()
    """Multipart fields whose ``encoding`` says ``contentType: application/json``: each is one JSON part."""
    arg_name: str = "body"
    """The keyword argument of a body that is not flattened (``request_body`` when a parameter is ``body``)."""


@dataclass(frozen=True, slots=True)
class ResponseContent:
    media_type: str
    kind: ResponseKind
    type: TypeExpr | None


@dataclass(frozen=True, slots=True)
class Response:
    status: str
    description: str
    contents: tuple[ResponseContent, ...]


@dataclass(frozen=True, slots=True)
class Returns:
    """What the generated method returns."""

    kind: ResponseKind
    type: TypeExpr | None
    """Parsed body type for ``json``; ``None`` for empty, text and binary."""
    stream_event: TypeExpr | None = None
    """For SSE: the type of each event's data."""
    stream_flag: str | None = None
    """Body field that switches between ``type`` and an SSE stream (``stream``), if any."""
    by_argument: str = ""
    """Python name of the argument whose value picks the parsed type (config ``returns``), or ``""``."""
    by_value: tuple[tuple[str, TypeExpr], ...] = ()
    """``(argument value, type)``: the type parsed for that value; ``type`` for any other."""


@dataclass(frozen=True, slots=True)
class Pagination:
    style: Literal["cursor", "page", "offset", "next_link", "single"]
    """``single``: one page without a cursor (a list the API returns whole); iterating it sends no more requests."""
    request_param: str
    """Wire name of the query parameter carrying the cursor / page / offset (or '' for next_link)."""
    items_field: str
    item_type: TypeExpr
    has_more_field: str | None = None
    next_cursor_field: str | None = None
    """Body field with the next cursor or URL; ``None`` for cursor pages: use the last item's id."""
    item_id_field: str = "id"


@dataclass(frozen=True, slots=True)
class Operation:
    operation_id: str
    method: str
    path: str
    resource: tuple[str, ...]
    """Attribute path of the resource from the client, e.g. ``("chat", "completions")``."""
    method_name: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    body: RequestBody | None
    responses: tuple[Response, ...]
    returns: Returns
    security: tuple[tuple[str, ...], ...] | None
    """Alternatives of scheme-name sets; ``()`` means none; ``None`` means the API default."""
    pagination: Pagination | None = None
    deprecated: bool = False
    source: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    """Headers the method always sends (config ``resources.headers`` of its resource and its
    ancestors); the caller's ``extra_headers`` win."""
    wrapper: str = ""
    """``"module:function"`` of the flavour's runtime (``_openai:create_embeddings``) the request goes
    through: called with the client's ``request`` and the request's arguments (the async method calls
    ``async_<function>``); ``""``: none (see :meth:`generator.flavours.Policy.method_wrapper`)."""
    dropped: tuple[str, ...] = ()
    """What of the spec's operation did not make it into the method (a parameter, body or response
    behind an unresolvable ``$ref``, no responses at all), as located messages; ``()`` when nothing."""
    tags: tuple[str, ...] = ()
    """The operation's ``tags``, as the spec lists them."""


@dataclass(frozen=True, slots=True)
class Resource:
    """A node of the client's resource tree (``client.chat.completions``)."""

    path: tuple[str, ...]
    attr_name: str
    class_name: str
    module: str
    """Dotted module path below the package's ``resources`` package."""
    operations: tuple[str, ...]
    """Operation ids, in method-name order."""
    children: tuple[Resource, ...] = ()


# ---------------------------------------------------------------------------
# Client and package


@dataclass(frozen=True, slots=True)
class SecurityScheme:
    name: str
    kind: Literal["bearer", "basic", "api_key"]
    location: Literal["header", "query", "cookie"] = "header"
    param_name: str = "Authorization"
    """Header, query or cookie name that carries the credential."""
    options: tuple[str, ...] = ("api_key",)
    """Client constructor option(s): one for bearer/api key, ``(username, password)`` for basic."""
    env_vars: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class HeaderOption:
    """A client option sent as a header on every request (e.g. ``organization``)."""

    option: str
    header: str
    env_var: str = ""


@dataclass(frozen=True, slots=True)
class ClientDef:
    class_name: str
    async_class_name: str
    base_url: str
    base_url_env: str
    security_schemes: tuple[SecurityScheme, ...]
    default_security: tuple[tuple[str, ...], ...]
    header_options: tuple[HeaderOption, ...] = ()
    base_error: str = "APIError"
    log_env: str = ""
    credentials_required: bool = True
    """Whether constructing a client without any credential raises."""
    error_envelope: str = ""
    """The error body's key holding the error object (``error``): the exceptions' ``body`` is that
    object and ``message`` its message (config ``errors.envelope``); ``""``: the body as it is."""
    fixed_headers: tuple[tuple[str, str], ...] = ()
    """``client.default_headers``: (header, value) sent on every request, before the client options."""


@dataclass(frozen=True, slots=True)
class PackageDef:
    name: str
    """Import name."""
    distribution: str
    """pip name."""
    version: str
    title: str
    description: str
    summary: str = ""
    """One line for the generated pyproject's ``description``."""
    license: str = ""
    """An SPDX license expression, or empty."""
    urls: tuple[tuple[str, str], ...] = ()
    """(label, URL) of ``[project.urls]``."""
    authors: tuple[tuple[str, str], ...] = ()
    """(name, email) pairs; either may be empty."""


@dataclass(frozen=True, slots=True)
class FormatType:
    """A string ``format`` that is a Python type of its own (config ``types.formats``): responses
    parse the wire string into ``module.name``, requests take the type or the wire string."""

    format: str
    """The ``format`` as the spec writes it (``date-time``)."""
    module: str
    """Module to import the type from (``datetime``)."""
    name: str
    """The type's name in that module (``datetime``)."""


@dataclass(frozen=True, slots=True)
class SpecStamp:
    """Which spec a package came from: recorded in the generated ``_version.py`` and shown by ``diff``."""

    title: str = ""
    version: str = ""
    """The spec's ``info.version``."""
    sha256: str = ""
    """Hex digest of the spec file's bytes."""


@dataclass(frozen=True, slots=True)
class WebhookEvent:
    """One entry of a 3.1 spec's top-level ``webhooks``: a request the API sends to the user's server."""

    name: str
    """The key in ``webhooks`` (``batch_completed``)."""
    method: str
    payload: TypeExpr
    """Type of the JSON request body (a :class:`NamedRef` when the payload is an object)."""
    type_value: str | None = None
    """The payload's constant ``type`` (``batch.completed``), when it has one: the union's tag."""
    description: str = ""
    source: str = ""


@dataclass(frozen=True, slots=True)
class Webhooks:
    """Typed webhook events (generic: any spec with ``webhooks``) and, by config, a signature scheme."""

    events: tuple[WebhookEvent, ...]
    union: str
    """Name of the union of every event payload (``UnwrapWebhookEvent``), a named type in ``Api.types``."""
    resource: tuple[str, ...] = ("webhooks",)
    """Resource path of ``client.webhooks`` (``unwrap``, ``verify_signature``)."""
    signature: Literal["", "standard-webhooks"] = ""
    """Signature scheme ``verify_signature`` checks; ``""``: none configured (``unwrap`` only parses)."""
    secret_option: str = "webhook_secret"
    """Client option holding the signing secret."""
    secret_env: str = ""
    """Env var the secret falls back to."""
    tolerance: int = 300
    """Seconds a ``webhook-timestamp`` may differ from now."""


@dataclass(frozen=True, slots=True)
class Realtime:
    """A websocket endpoint (``client.realtime.connect(model=...)``), switched on by config."""

    path: str
    """Path below the base URL (``/realtime``); the scheme becomes ``ws``/``wss``."""
    resource: tuple[str, ...] = ("realtime",)
    server_events: TypeExpr | None = None
    """Type of each message the server sends (a discriminated union); ``None``: untyped JSON."""
    client_events: TypeExpr | None = None
    """Type of the messages ``send`` takes (as a ``Param``); ``None``: any mapping."""
    query: tuple[str, ...] = ("model",)
    """Keyword arguments of ``connect`` sent as query parameters."""
    headers: tuple[tuple[str, str], ...] = ()
    """Fixed headers sent with the upgrade request (``OpenAI-Beta``...)."""


@dataclass(frozen=True, slots=True)
class Azure:
    """``AzureOpenAI``-style subclasses of the client: Azure endpoint, deployments, ``api-version``, Azure AD tokens."""

    class_name: str
    async_class_name: str
    deployment_paths: tuple[str, ...]
    """Operation paths routed to ``/deployments/{model}/...`` (model from the JSON body)."""
    api_version_env: str = "OPENAI_API_VERSION"
    endpoint_env: str = "AZURE_OPENAI_ENDPOINT"
    api_key_env: str = "AZURE_OPENAI_API_KEY"
    ad_token_env: str = "AZURE_OPENAI_AD_TOKEN"
    api_version: str = ""
    """Default ``api-version`` when neither the argument nor the env var gives one (``""``: required)."""


@dataclass(frozen=True, slots=True)
class Api:
    package: PackageDef
    client: ClientDef
    types: tuple[TypeDef, ...]
    type_modules: tuple[TypeModule, ...]
    operations: tuple[Operation, ...]
    resources: Resource
    spec_version: str
    source_file: str = ""
    ir_version: int = field(default=1)
    spec: SpecStamp = field(default_factory=SpecStamp)
    """Set by the pipeline from the spec's bytes (the normalizer never sees them)."""
    webhooks: Webhooks | None = None
    """Typed webhook events, when the spec has ``webhooks`` (3.1)."""
    realtime: Realtime | None = None
    azure: Azure | None = None
    formats: tuple[FormatType, ...] = ()
    """String formats typed as Python types (``date-time`` -> ``datetime.datetime``); any other
    string format is ``str``."""
    flavour: str = "generic"
    """The config's ``flavour``: its runtime extras ship in the package (:mod:`generator.flavours`)."""
    mixins: tuple[tuple[str, str], ...] = ()
    """``(model class name, template name)``: config ``mixins``; the template (in the config's templates
    folder) is rendered into that model's class, and replaces fields of the names it defines."""
    resource_mixins: tuple[tuple[str, str], ...] = ()
    """``(resource path, template name)``: config ``resources.mixins``, rendered into the resource's
    sync (``is_async`` false) and async classes."""


# ---------------------------------------------------------------------------
# Pickling (the IR cache, :mod:`generator.normalize.memo`)


def _pickled_by_position(cls: type) -> None:
    """Pickle ``cls`` as the tuple of its field values: the ``__getstate__``/``__setstate__`` that
    ``dataclass(slots=True)`` writes look the fields up again for every object, which made storing
    and loading the OpenAI spec's IR twice as slow (~0.07 s each way against ~0.035 s)."""
    import operator
    from dataclasses import fields

    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    values = operator.attrgetter(*names)
    set_field = object.__setattr__

    def __getstate__(self: object) -> tuple[object, ...]:
        got = values(self)
        return got if len(names) > 1 else (got,)

    def __setstate__(self: object, state: tuple[object, ...]) -> None:
        for name, value in zip(names, state):
            set_field(self, name, value)

    cls.__getstate__ = __getstate__  # type: ignore[attr-defined]
    cls.__setstate__ = __setstate__  # type: ignore[attr-defined]


for _cls in list(globals().values()):
    if isinstance(_cls, type) and _cls.__module__ == __name__ and "__dataclass_fields__" in vars(_cls):
        _pickled_by_position(_cls)
del _cls
