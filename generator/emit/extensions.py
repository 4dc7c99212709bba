"""Emission of the client's extensions: Azure subclasses, realtime websockets and webhooks.

Each is switched on by the IR (``Api.azure``, ``Api.realtime``, ``Api.webhooks``, see
:mod:`generator.normalize.extensions`) and adds files from ``templates/extensions/``:

* ``_azure.py`` (rendered from :class:`AzureEmission`), exported from the package;
* ``_realtime.py`` and ``_webhooks.py``: runtime bases that the generated resource at the configured
  path subclasses (:func:`resource_bases`), with the typed events as type arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from generator.emit.code import Code, ident, py_str, py_value
from generator.emit.expr import Expr, Name, Sub, render
from generator.emit.scope import ModuleScope, Symbol
from generator.ir.model import Api, Resource, TypeExpr

EXTENSION_TEMPLATES = "extensions"
"""Folder below ``templates/`` (and a user's template folder) holding the extension files."""

REALTIME_EXTRA = "realtime"
"""The optional-dependency group (``pip install pkg[realtime]``) that brings ``websockets``."""
REALTIME_REQUIREMENT = "websockets>=13,<18"


@dataclass(frozen=True)
class AzureEmission:
    class_name: Code
    async_class_name: Code
    base: Code
    async_base: Code
    base_error: Code
    deployment_paths: Code
    """A ``frozenset({...})`` literal."""
    api_version: Code
    """Default ``api-version`` literal or ``None``."""
    api_version_env: Code
    endpoint_env: Code
    api_key_env: Code
    ad_token_env: Code
    api_version_env_text: Code
    endpoint_env_text: Code
    api_key_env_text: Code
    ad_token_env_text: Code
    placeholder: Code
    """The base client's credential option given a placeholder (its constructor requires one), or empty."""
    credentials: tuple[Code, ...] = ()
    """The base client's other credential options, cleared (Azure sends its own)."""
    headers: tuple[Code, ...] = field(default_factory=tuple)
    """Non-credential options of the base client, passed through."""


def azure_emission(api: Api) -> AzureEmission | None:
    a = api.azure
    if a is None:
        return None
    c = api.client
    options = [o for s in c.security_schemes for o in s.options]
    literal = "frozenset({" + ", ".join(str(py_str(p)) for p in sorted(set(a.deployment_paths))) + "})" if a.deployment_paths else "frozenset()"
    return AzureEmission(
        class_name=ident(a.class_name),
        async_class_name=ident(a.async_class_name),
        base=ident(c.class_name),
        async_base=ident(c.async_class_name),
        base_error=ident(c.base_error),
        deployment_paths=Code(literal),
        api_version=py_str(a.api_version) if a.api_version else Code("None"),
        api_version_env=py_str(a.api_version_env),
        endpoint_env=py_str(a.endpoint_env),
        api_key_env=py_str(a.api_key_env),
        ad_token_env=py_str(a.ad_token_env),
        api_version_env_text=ident(a.api_version_env),
        endpoint_env_text=ident(a.endpoint_env),
        api_key_env_text=ident(a.api_key_env),
        ad_token_env_text=ident(a.ad_token_env),
        placeholder=ident(options[0]) if options and c.credentials_required else Code(""),
        credentials=tuple(ident(o) for o in options if o != "api_key"),
        headers=tuple(ident(o) for o in client_option_names(api)),
    )


def client_option_names(api: Api) -> list[str]:
    """The client's constructor options that are not credentials: header options, then extension options."""
    names = [h.option for h in api.client.header_options]
    names += [o for o, _ in extra_client_options(api)]
    return names


def extra_client_options(api: Api) -> list[tuple[str, str]]:
    """``(option, env var)`` the extensions add to the client (``webhook_secret``)."""
    w = api.webhooks
    if w is None or not w.signature:
        return []
    return [(w.secret_option, w.secret_env)]


def resource_bases(api: Api, node: Resource, scope: ModuleScope, model: Callable[[TypeExpr | None], Expr]) -> dict[str, Code] | None:
    """Base classes (with class keywords) of the resource at ``node`` when an extension lives there."""
    pkg = api.package.name
    w = api.webhooks
    if w is not None and node.path == w.resource:
        from generator.ir.model import NamedRef

        event = render(model(NamedRef(w.union)), scope)
        keywords = (
            f"event_type={event}, signature={py_str(w.signature)}, secret_option={py_str(w.secret_option)},"
            f" secret_env={py_str(w.secret_env)}, tolerance={py_value(w.tolerance)}"
        )
        return {
            prefix: Code(f"{render(Sub(Name(Symbol(f'{pkg}._webhooks', f'{cls}WebhooksResource')), (model(NamedRef(w.union)),)), scope)}, {keywords}")
            for prefix, cls in (("", "Sync"), ("Async", "Async"))
        }
    r = api.realtime
    if r is not None and node.path == r.resource:
        fallback = Name(Symbol(f"{pkg}._realtime", "RealtimeEvent"))
        server = model(r.server_events) if r.server_events is not None else fallback
        client = model(r.client_events) if r.client_events is not None else fallback
        event = render(server, scope)
        headers = "{" + ", ".join(f"{py_str(k)}: {py_str(v)}" for k, v in r.headers) + "}"
        required = "(" + "".join(f"{py_str(q)}, " for q in r.query) + ")"
        keywords = f"event_type={event}, path={py_str(r.path)}, required={required}, headers={headers}"
        return {
            prefix: Code(f"{render(Sub(Name(Symbol(f'{pkg}._realtime', f'{cls}RealtimeResource')), (server, client)), scope)}, {keywords}")
            for prefix, cls in (("", "Sync"), ("Async", "Async"))
        }
    return None


def extension_files(api: Api) -> dict[str, tuple[str, dict[str, object]]]:
    """``{path in the package: (template below templates/extensions, variables)}``."""
    out: dict[str, tuple[str, dict[str, object]]] = {}
    azure = azure_emission(api)
    if azure is not None:
        out["_azure.py"] = ("_azure.py.j2", {"azure": azure})
    if api.realtime is not None:
        out["_realtime.py"] = ("_realtime.py.j2", {"install_hint": py_str(f"pip install '{api.package.distribution}[{REALTIME_EXTRA}]'")})
    if api.webhooks is not None:
        out["_webhooks.py"] = ("_webhooks.py", {})
    return out


def package_exports(api: Api) -> list[tuple[Code, Code]]:
    """``(module, name)`` re-exported from the package's ``__init__``."""
    a = api.azure
    if a is None:
        return []
    return [(Code("._azure"), ident(a.class_name)), (Code("._azure"), ident(a.async_class_name))]


def optional_dependencies(api: Api) -> dict[str, list[str]]:
    return {REALTIME_EXTRA: [REALTIME_REQUIREMENT]} if api.realtime is not None else {}
