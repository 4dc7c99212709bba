"""Stage 3: the whole spec to one :class:`~generator.ir.model.Api`."""

from __future__ import annotations

import dataclasses
import re
from pathlib import PurePath
from typing import Any, Mapping
from urllib.parse import urlsplit

from anyascii import anyascii

from generator.config import Config, stale_entries
from generator.diagnostics import CONTENT_LOSS_KIND, Diagnostics, GeneratorError
from generator.flavours import Policy, policy_for
from generator.ir.model import Api, ClientDef, EnumDef, FormatType, HeaderOption, ObjectDef, Operation, PackageDef, SecurityScheme, TypeDef, Usage
from generator.load.refs import Location, RefError, Resolver
from generator.normalize import extensions, model_names, modules, resources, returns_by, select, selectors
from generator.normalize.naming import RESERVED_CLIENT_ATTRS, Naming, NameTable, Renames, pascal_case, snake_case
from generator.normalize.operations import OperationNormalizer, security_alternatives
from generator.normalize.schemas import SchemaNormalizer
from generator.normalize.selectors import OpRef


def build_api(document: Mapping[str, Any], *, file: str, version: str, config: Config, diagnostics: Diagnostics) -> Api:
    resolver = Resolver(document, file)
    schemas = SchemaNormalizer(
        resolver,
        diagnostics,
        version,
        naming=Naming("wire" if config.name_style == "wire" else "pep8"),
        renames=Renames(config.property_names, config.parameter_names, config.source),
    )
    components = document.get("components") if isinstance(document.get("components"), dict) else {}
    component_schemas = components.get("schemas") if isinstance(components.get("schemas"), dict) else {}
    model_plan = model_names.plan(config, component_schemas, diagnostics)
    schemas.register_components(component_schemas, model_plan.names)
    if not config.selection:
        # Without a selection every component is a type of the client; with one, a component is
        # built only when a selected operation reaches it (below, through the operations).
        schemas.build_components(component_schemas)

    policy = _policy(config)
    op_normalizer = OperationNormalizer(
        resolver,
        schemas,
        diagnostics,
        version,
        policy=policy,
        pages=lambda op_id, method, path: any(selectors.matches(k, selectors.OpRef(op_id, method, path)) for k in config.pages),
        binary=lambda op_id, method, path: any(selectors.matches(k, selectors.OpRef(op_id, method, path)) for k in config.binary),
    )
    paths = document.get("paths") if isinstance(document.get("paths"), dict) else {}
    raw_ops = op_normalizer.operations(paths, keep=select.predicate(config.selection))
    spec_ops = op_normalizer.seen
    select.require_some(config.selection, len(raw_ops), spec_ops, config.source)
    select.refuse_duplicates("resources/overrides", config.overrides, spec_ops, config.source)
    used_prefixes: set[str] = set()
    operations, tree = resources.assign(raw_ops, config.overrides, diagnostics, config.prefixes, used_prefixes, source=config.source, policy=policy)
    operations = _flavoured(operations, config, policy)
    _unmatched_keys(operations, spec_ops, config, diagnostics)
    _report_content_loss(operations, op_normalizer.lost, diagnostics, file)
    _report_unmatched(config, spec_ops, operations, used_prefixes, schemas, diagnostics)
    webhook_events = extensions.webhook_events(document, schemas, file, diagnostics)
    realtime = extensions.realtime_ir(config, schemas, diagnostics)

    _unmatched_formats(config, schemas.string_formats, diagnostics)
    definitions = schemas.definitions()
    defs: dict[str, TypeDef] = {p.name: d for p, d in definitions}
    operations = returns_by.apply(config, operations, schemas.component_names, defs, spec_ops, diagnostics)
    if config.selection:
        # Webhook payloads and realtime events are no operation's, but the client keeps them.
        defs = modules.reachable(defs, operations, extensions.type_roots(webhook_events, realtime))
        definitions = [(p, d) for p, d in definitions if p.name in defs]
    owners = {p.name: p.owner for p, _ in definitions}
    order = [p.name for p, _ in definitions]
    webhooks = extensions.webhooks_ir(webhook_events, defs, owners, order, schemas, config, diagnostics)
    graph = modules.references(defs)
    usage = modules.usage_of(graph, operations)
    configured_modules, configured_params = model_plan.by_class(schemas.component_names)
    param_names = _param_names(defs, order, usage, schemas.names, configured_params, config.source)
    module_of, type_modules = modules.plan_modules(graph, owners, order, configured_modules, diagnostics, config.source)
    # One new definition per type with all three decisions (each of the three passes copied them all).
    defs = {name: dataclasses.replace(defs[name], usage=usage[name], param_name=param_names[name], module=module_of[name]) for name in order}

    info = document.get("info") if isinstance(document.get("info"), dict) else {}
    package = _package(info, config, document.get("servers"), file, document, diagnostics)
    client = _client(document, resolver, package, config, diagnostics, file, bool(op_normalizer.authorization_headers))
    if webhooks is not None:
        tree = extensions.ensure_resource(tree, webhooks.resource)
    if realtime is not None:
        tree = extensions.ensure_resource(tree, realtime.resource)
    client = _options_clear_of(client, {c.attr_name for c in tree.children})
    if any(s.name == _AUTHORIZATION_SCHEME for s in client.security_schemes) and not _declared_schemes(document):
        # The spec's only word on auth is the Authorization header its operations declare (Apifox
        # exports add `security: []` next to it): those operations send the client's credential.
        operations = [
            dataclasses.replace(op, security=((_AUTHORIZATION_SCHEME,),)) if op.operation_id in op_normalizer.authorization_ops else op for op in operations
        ]
    return Api(
        package=package,
        client=client,
        types=tuple(defs[name] for name in order),
        type_modules=type_modules,
        operations=tuple(operations),
        resources=tree,
        spec_version=version,
        source_file=file,
        webhooks=webhooks,
        realtime=realtime,
        azure=extensions.azure_ir(config, client.class_name, client.async_class_name),
        formats=format_types(config.formats),
        flavour=policy.name,
        mixins=_mixins(defs, order, config, diagnostics),
        resource_mixins=tuple(config.resource_mixins.items()),
    )


def _policy(config: Config) -> Policy:
    """The config's flavour, with ``pagination.list_shape`` when the config sets one."""
    policy = policy_for(config.flavour)
    if config.list_shape is not None and dataclasses.is_dataclass(policy) and not isinstance(policy, type):
        policy = dataclasses.replace(policy, list_shape=dict(config.list_shape))
    return policy


def _flavoured(operations: list[Operation], config: Config, policy: Policy) -> list[Operation]:
    """Per-operation headers (``resources.headers`` of the resource and its ancestors, the deeper
    resource's winning) and the flavour's method wrapper."""
    result = []
    for op in operations:
        headers: dict[str, str] = {}
        for depth in range(1, len(op.resource) + 1):
            headers.update(config.resource_headers.get(".".join(op.resource[:depth]), {}))
        wrapper = policy.method_wrapper(op)
        if headers or wrapper:
            op = dataclasses.replace(op, headers=tuple(headers.items()), wrapper=wrapper)
        result.append(op)
    return result


def _unmatched_keys(operations: list[Operation], spec_ops: list[OpRef], config: Config, diagnostics: Diagnostics) -> None:
    """``unmatched-override`` for op keys (``pagination.pages``, ``responses.binary``: any operation of
    the spec, selected or not) and resource paths (``resources.headers``, ``resources.mixins``: of the
    client) that name nothing."""
    from generator.diagnostics import Diagnostic, join_pointer

    resource_paths = {".".join(op.resource[:i]) for op in operations for i in range(1, len(op.resource) + 1)}
    checks = [
        (("pagination", "pages", str(i)), key, any(selectors.matches(key, op) for op in spec_ops), "operation")
        for i, key in enumerate(config.pages)
    ] + [
        (("responses", "binary", str(i)), key, any(selectors.matches(key, op) for op in spec_ops), "operation")
        for i, key in enumerate(config.binary)
    ] + [(("resources", "headers", key), key, key in resource_paths, "resource") for key in config.resource_headers] + [
        (("resources", "mixins", key), key, key in resource_paths, "resource") for key in config.resource_mixins
    ]
    for where, key, found, what in checks:
        if not found:
            diagnostics.add(
                Diagnostic(
                    "unmatched-override",
                    f"no {what} {key!r}, so this entry changes nothing",
                    pointer=join_pointer("", *where),
                    file=config.source,
                    hint="an operationId or \"METHOD /path\" of the spec" if what == "operation" else "a resource path of the client, e.g. beta.assistants",
                )
            )


def _mixins(defs: Mapping[str, TypeDef], order: list[str], config: Config, diagnostics: Diagnostics) -> tuple[tuple[str, str], ...]:
    """Config ``mixins`` as ``(model class, template file)``; a schema that is no model class is warned about."""
    from generator.diagnostics import Diagnostic, join_pointer

    result: list[tuple[str, str]] = []
    for schema, template in config.mixins.items():
        d = defs.get(schema)
        if d is None or not isinstance(d, ObjectDef):
            diagnostics.add(
                Diagnostic(
                    "unmatched-override",
                    f"no object schema {schema!r}, so this mixin changes nothing" if d is None else f"schema {schema!r} is no model class, so this mixin changes nothing",
                    pointer=join_pointer("", "mixins", schema),
                    file=config.source,
                    hint="name a component schema that becomes a model class",
                )
            )
            continue
        result.append((d.name, str(template)))
    return tuple(result)


def _unmatched_formats(config: Config, seen: set[str], diagnostics: Diagnostics) -> None:
    """A configured ``types.formats`` entry that no string schema of the spec uses changes nothing:
    an ``unmatched-override`` warning with its pointer and the closest format of the spec."""
    diagnostics.extend(stale_entries("types/formats", config.formats, seen, "string schema has format", config.source))


def _report_unmatched(
    config: Config, spec_ops: list[OpRef], operations: list[Operation], used_prefixes: set[str], schemas: SchemaNormalizer, diagnostics: Diagnostics
) -> None:
    """``unmatched-override`` warnings for config entries that changed nothing: ``select`` entries and
    ``resources.overrides`` keys matching no operation of the spec, ``resources.prefixes`` no
    resource path of the client had, ``names.*`` entries naming no property or parameter.

    Entries about what a selection left out are not stale: a ``names.parameters`` entry for an
    excluded operation, a ``names.properties`` entry for a component no selected operation reaches."""
    found = select.unmatched(config, spec_ops)
    unselected = config.selection and len(spec_ops)
    found += stale_entries(
        "resources/prefixes",
        [p for p in config.prefixes if p not in used_prefixes],
        used_prefixes | {".".join(op.resource[:i]) for op in operations for i in range(1, len(op.resource) + 1)},
        "resource path" + (" of the selected operations" if unselected else "") + " starts with",
        config.source,
    )
    renames = schemas.renames
    built = {p.name for p, _ in schemas.definitions()}
    left_out_types = ({name for name in schemas.component_names.values() if name not in built} | {k for k, v in schemas.component_names.items() if v not in built}) if unselected else set()
    found += stale_entries(
        "names/properties",
        [k for k in config.property_names if ("properties", k) not in renames.used and not any(k.startswith(t + ".") for t in left_out_types)],
        renames.known["properties"],
        "type has the property",
        config.source,
    )
    keep = select.predicate(config.selection)
    left_out_ops = [ref for ref in spec_ops if keep is not None and not keep(ref)]
    found += stale_entries(
        "names/parameters",
        [k for k in config.parameter_names if ("parameters", k) not in renames.used and not any(_names_operation(k, ref) for ref in left_out_ops)],
        renames.known["parameters"],
        "operation has the parameter",
        config.source,
    )
    diagnostics.extend(found)


def _names_operation(key: str, ref: OpRef) -> bool:
    """Whether a ``names.parameters`` key is about the operation ``ref`` (``opId.x`` or ``METHOD /path x``)."""
    parts = key.split(" ", 2)
    return key.startswith(ref.operation_id + ".") or (len(parts) == 3 and parts[0].lower() == ref.method and parts[1] == ref.path)


def _options_clear_of(client: ClientDef, resource_attrs: set[str]) -> ClientDef:
    """A client option is an attribute and a keyword argument of the client (``self.files = files``):
    one named like a top-level resource would hide it, and two schemes whose names sanitise alike
    (``unnamed``) would be one argument twice, and one named like the client's own keywords and
    members (a scheme called ``timeout``) would be a duplicate argument or hide them. Such an option
    takes ``_key``."""
    taken = set(resource_attrs) | RESERVED_CLIENT_ATTRS

    def free(name: str) -> str:
        while name in taken:
            name += "_key"
        taken.add(name)
        return name

    schemes = tuple(dataclasses.replace(s, options=tuple(free(o) for o in s.options)) for s in client.security_schemes)
    headers = tuple(dataclasses.replace(h, option=free(h.option)) for h in client.header_options)
    if schemes == client.security_schemes and headers == client.header_options:
        return client
    return dataclasses.replace(client, security_schemes=schemes, header_options=headers)


LARGE_SHARE = 0.1
"""A generation in which at least this share of operations lost content says so prominently (issue 7, class 14)."""


BUILTIN_FORMAT_TYPES: Mapping[str, tuple[str, str]] = {
    "datetime": ("datetime", "datetime"),
    "date": ("datetime", "date"),
    "time": ("datetime", "time"),
    "timedelta": ("datetime", "timedelta"),
    "uuid": ("uuid", "UUID"),
    "decimal": ("decimal", "Decimal"),
}
"""Short names of ``types.formats`` values -> (module, type)."""

DEFAULT_FORMATS: Mapping[str, str] = {"date-time": "datetime", "date": "date", "uuid": "uuid"}
"""String formats typed as Python types unless the config says otherwise (pydantic round-trips each)."""


def format_types(configured: Mapping[str, str]) -> tuple[FormatType, ...]:
    """The string formats that are Python types: the defaults, then the config's ``types.formats``
    (``str`` switches one off; ``package.module:Name`` names any other type), sorted by format."""
    merged = {**DEFAULT_FORMATS, **configured}
    out: list[FormatType] = []
    for fmt, target in sorted(merged.items()):
        if target == "str":
            continue
        module, name = BUILTIN_FORMAT_TYPES[target] if target in BUILTIN_FORMAT_TYPES else target.split(":", 1)
        out.append(FormatType(fmt, module, name))
    return tuple(out)


def _report_content_loss(operations: list[Operation], lost: list[str], diagnostics: Diagnostics, file: str) -> None:
    """One ``content-dropped`` warning when a large share of the API's operations lost parameters,
    bodies or responses (``Operation.dropped``) or were skipped whole; the CLI prints it prominently."""
    degraded = [op for op in operations if op.dropped]
    total = len(operations) + len(lost)
    if not total or (len(degraded) + len(lost)) / total < LARGE_SHARE:
        return
    first = lost[0] if lost else degraded[0].dropped[0]
    diagnostics.warn(
        CONTENT_LOSS_KIND,
        f"{len(degraded) + len(lost)} of {total} operations ({(len(degraded) + len(lost)) / total:.0%}) lost parameters, bodies or responses"
        f" ({len(lost)} skipped whole); the client is incomplete. First: {first}",
        "/paths",
        file=file,
        hint="fix the $refs the warnings name (run with -v to list each one)",
    )


_AUTHORIZATION_SCHEME = "Authorization"
"""Name of the bearer scheme made from declared ``Authorization`` header parameters when the spec has none."""


def _declared_schemes(document: Mapping[str, Any]) -> bool:
    components = document.get("components")
    return isinstance(components, dict) and isinstance(components.get("securitySchemes"), dict) and bool(components["securitySchemes"])


def _param_names(
    defs: Mapping[str, TypeDef], order: list[str], usage: Mapping[str, Usage], names: NameTable, configured: Mapping[str, str] | None = None, source: str = ""
) -> dict[str, str]:
    """Each type's ``TypedDict`` name (type name -> name, in ``order``): ``{Name}Param`` for request
    types unless the spec already uses that name; an enum's is its own name.

    A name that already ends in ``Param``/``Params`` (OpenAI's ``ClickParam``) takes no second one: it is
    the ``TypedDict``'s name when the type is only sent, else the ``TypedDict`` is ``ClickRequestParam``.
    ``configured`` (class name -> ``TypedDict`` name, the config's ``models.<Schema>.param``) are claimed
    first, as they are (:mod:`generator.normalize.model_names` checked that no schema has such a name).
    """
    result = {name: defs[name].name if isinstance(defs[name], EnumDef) else defs[name].param_name for name in order}
    configured = configured or {}
    for name, param in configured.items():
        d = defs.get(name)
        if d is not None and not isinstance(d, EnumDef):
            if names.claim([param], origin=f"param:{name}") != param:
                raise GeneratorError(
                    f"the TypedDict name {param!r} configured for {name} is the name of another generated type",
                    file=source, pointer="/models", hint="choose another param name", exit_code=2,
                )
            result[name] = param
    for name in order:
        d = defs[name]
        if usage[name].request and not isinstance(d, EnumDef) and name not in configured:
            suffix = next((s for s in ("Params", "Param") if name.endswith(s) and len(name) > len(s)), "")
            if suffix and not usage[name].response:
                param = name  # only a TypedDict is rendered: it keeps the spec's name
            elif suffix:
                base = name[: -len(suffix)]
                param = names.claim([f"{base}Request{suffix}", f"{base}Input{suffix}"], origin=f"param:{name}")
            else:
                param = names.claim([f"{name}Param", f"{name}RequestParam", f"{name}InputParam"], origin=f"param:{name}")
            result[name] = param
    return result


def _primary_scheme(schemes: Mapping[str, Any], default_security: tuple[tuple[str, ...], ...]) -> str | None:
    """The token scheme that gets the conventional ``api_key`` option: the one the API uses by default,
    else the only token scheme there is."""
    def is_token(name: str) -> bool:
        s = schemes.get(name)
        return isinstance(s, dict) and (s.get("type") in ("apiKey", "oauth2", "openIdConnect") or (s.get("type") == "http" and str(s.get("scheme", "")).lower() == "bearer"))

    used = [name for alt in default_security for name in alt if is_token(name)]
    if len(set(used)) == 1:
        return used[0]
    tokens = [name for name in schemes if is_token(str(name))]
    return str(tokens[0]) if len(tokens) == 1 else None


_GENERIC_TITLE_WORDS = frozenset(
    {"api", "apis", "rest", "http", "openapi", "swagger", "spec", "specification", "reference", "documentation", "docs", "service", "the", "for", "and"}
)
"""Words that say nothing about which API a title names (``API Reference``)."""
_GENERIC_HOST_LABELS = frozenset({"api", "apis", "www", "rest", "gateway", "public", "app", "v1", "v2", "v3"})
_PLACEHOLDER_HOSTS = frozenset({"localhost", "example", "your-domain", "yourdomain", "host", "server", "127.0.0.1"})
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu"})


def package_base(title: str, servers: Any, file: str) -> str:
    """The words of the default package name, snake_cased (``OpenAI`` -> ``openai``).

    Each word of the title is kept whole, as a person spells the brand (``OpenAI``, ``DigitalOcean``,
    ``GitHub``), not split at capitals. A title with nothing specific in it (empty, ``API Reference``)
    gives way to the first server's host (``api.cohere.com`` -> ``cohere``), then to the spec file's name.
    """
    title_words = [w for w in re.split(r"[^0-9A-Za-z]+", anyascii(title) if not title.isascii() else title) if w and w.lower() not in _GENERIC_TITLE_WORDS]
    if title_words:
        return snake_case("_".join(w.lower() for w in title_words))
    host = _server_host(servers)
    if host:
        return snake_case(host)
    stem = PurePath(file).name.split(".", 1)[0]
    if stem and stem.lower() not in _GENERIC_TITLE_WORDS:
        return snake_case(stem)
    return "api"


def _server_host(servers: Any) -> str:
    """The registrable name in the first server's host (``api.digitalocean.com`` -> ``digitalocean``), or ``""``."""
    if not isinstance(servers, list) or not servers or not isinstance(servers[0], dict) or not isinstance(servers[0].get("url"), str):
        return ""
    url = servers[0]["url"]
    raw_variables = servers[0].get("variables")
    variables: dict[str, Any] = raw_variables if isinstance(raw_variables, dict) else {}
    for key, var in variables.items():
        default = var.get("default") if isinstance(var, dict) else None
        url = url.replace("{" + str(key) + "}", str(default) if default is not None else "")
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    labels = [label for label in host.split(".") if label]
    if not labels or re.fullmatch(r"[0-9.]+", host):
        return ""
    if len(labels) >= 2:
        labels = labels[:-1]  # the top-level domain
        if len(labels) >= 2 and labels[-1] in _SECOND_LEVEL:
            labels = labels[:-1]
    name = labels[-1] if labels else ""
    if name in _GENERIC_HOST_LABELS or name in _PLACEHOLDER_HOSTS or "{" in name:
        return ""
    return name


def _class_base(package: PackageDef) -> str:
    """``OpenAI`` for the title "OpenAI API": the title's specific words with their capitals kept; for a
    generic title, the package name's (``cohere_client`` -> ``Cohere``)."""
    title = anyascii(package.title) if not package.title.isascii() else package.title
    title_words = [w for w in re.split(r"[^0-9A-Za-z]+", title) if w and w.lower() not in _GENERIC_TITLE_WORDS]
    name = "".join(w[:1].upper() + w[1:] for w in title_words) or pascal_case(package.name.removesuffix("_client"))
    if name[:1].isdigit():
        name = "N" + name
    return name or "Api"


def _package(
    info: Mapping[str, Any], config: Config, servers: Any = None, file: str = "", document: Mapping[str, Any] | None = None, diagnostics: Diagnostics | None = None
) -> PackageDef:
    from generator.normalize import metadata

    raw_title = str(info.get("title") or "").strip()
    title = raw_title or "API"
    name = config.package_name or package_base(raw_title, servers, file) + "_client"
    name = name.strip("_") or "api_client"
    diagnostics = diagnostics if diagnostics is not None else Diagnostics(default_file=file)
    return PackageDef(
        name=name,
        distribution=config.distribution or name.replace("_", "-"),
        version=metadata.version(info, config, diagnostics, file),
        title=title,
        description=str(info.get("description") or "").strip(),
        summary=metadata.summary(title, config),
        license=metadata.license_expression(info, config, diagnostics, file),
        urls=metadata.urls(document if document is not None else {"info": info}, config, diagnostics, file),
        authors=metadata.authors(info, config, diagnostics, file),
    )


def _base_url(document: Mapping[str, Any], config: Config, diagnostics: Diagnostics, file: str) -> str:
    if config.base_url:
        return config.base_url
    servers = document.get("servers")
    if not isinstance(servers, list) or not servers or not isinstance(servers[0], dict):
        diagnostics.warn("no-server", "the spec has no servers; the client needs base_url", "/servers", file=file, hint="pass base_url= or set client.base_url in the config")
        return ""
    server = servers[0]
    url = str(server.get("url", ""))
    variables = server.get("variables") if isinstance(server.get("variables"), dict) else {}
    for key, var in variables.items():
        default = var.get("default") if isinstance(var, dict) else None
        url = url.replace("{" + str(key) + "}", str(default if default is not None else ""))
    if not re.match(r"^[a-z]+://", url):
        diagnostics.warn("relative-server", f"server URL {url!r} is relative; clients need base_url", "/servers/0/url", file=file, hint="pass base_url= when constructing the client")
    return url.rstrip("/")


def _client(
    document: Mapping[str, Any], resolver: Resolver, package: PackageDef, config: Config, diagnostics: Diagnostics, file: str, authorization_header: bool = False
) -> ClientDef:
    """The client; ``authorization_header``: some operation declares an ``Authorization`` header parameter
    (ignored as a parameter, see :mod:`operations`), so with no security scheme in the spec the client
    takes that credential as a bearer ``api_key`` option."""
    prefix = config.env_prefix or package.name.upper().removesuffix("_CLIENT") or "API"
    title_class = _class_base(package)
    class_name = config.class_name or title_class + "Client"
    components = document.get("components") if isinstance(document.get("components"), dict) else {}
    raw_schemes = components.get("securitySchemes") if isinstance(components.get("securitySchemes"), dict) else {}
    schemes: list[SecurityScheme] = []
    default_security = security_alternatives(document.get("security"))
    primary = _primary_scheme(raw_schemes, default_security)
    for key, raw in raw_schemes.items():
        loc = Location(file, "/components/securitySchemes/" + str(key))
        try:
            scheme, loc = resolver.resolve(raw, loc)
        except RefError as exc:
            diagnostics.warn("unresolved-ref", exc.message, loc.pointer, file=file)
            continue
        if not isinstance(scheme, dict):
            continue
        override = config.auth.get(str(key))
        kind = scheme.get("type")
        option = "api_key" if key == primary else snake_case(str(key))
        env = f"{prefix}_API_KEY" if key == primary else f"{prefix}_{snake_case(str(key)).upper()}"
        description = str(scheme.get("description") or "").strip()
        if kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
            made = SecurityScheme(str(key), "basic", "header", "Authorization", ("username", "password"), (f"{prefix}_USERNAME", f"{prefix}_PASSWORD"), description)
        elif kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer" or kind in ("oauth2", "openIdConnect"):
            made = SecurityScheme(str(key), "bearer", "header", "Authorization", (option,), (env,), description)
        elif kind == "apiKey" and scheme.get("in") in ("header", "query", "cookie"):
            made = SecurityScheme(str(key), "api_key", scheme["in"], str(scheme.get("name", "")), (option,), (env,), description)
        else:
            diagnostics.warn("unsupported-security", f"security scheme {key!r} of type {kind!r} is not supported; pass credentials with default_headers", loc.pointer, file=file)
            continue
        if override is not None:
            made = SecurityScheme(made.name, made.kind, made.location, made.param_name, override.options or made.options, override.env or made.env_vars, made.description)
        schemes.append(made)
    if authorization_header and not raw_schemes:
        made = SecurityScheme(_AUTHORIZATION_SCHEME, "bearer", "header", "Authorization", ("api_key",), (f"{prefix}_API_KEY",), "Sent as the Authorization header the spec's operations declare.")
        override = config.auth.get(_AUTHORIZATION_SCHEME)
        if override is not None:
            made = dataclasses.replace(made, options=override.options or made.options, env_vars=override.env or made.env_vars)
        schemes.append(made)
        default_security = default_security or ((_AUTHORIZATION_SCHEME,),)
    headers = tuple(HeaderOption(h.option, h.header, h.env) for h in config.headers)
    credentials_required = config.credentials_required
    if credentials_required is None:
        credentials_required = bool(default_security) and all(alt for alt in default_security)
    return ClientDef(
        class_name=class_name,
        async_class_name=config.async_class_name or "Async" + class_name,
        base_url=_base_url(document, config, diagnostics, file),
        base_url_env=config.base_url_env or f"{prefix}_BASE_URL",
        security_schemes=tuple(schemes),
        default_security=default_security,
        header_options=headers,
        base_error=config.base_error or title_class + "Error",
        log_env=config.log_env or f"{prefix}_LOG",
        credentials_required=credentials_required,
        error_envelope=config.error_envelope,
        fixed_headers=tuple(config.default_headers.items()),
    )
