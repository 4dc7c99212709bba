"""Emission of the client's extensions: Azure subclasses, realtime websockets and webhooks.

Each is switched on by the IR (``Api.azure``, ``Api.realtime``, ``Api.webhooks``, see
:mod:`generator.normalize.extensions`) and adds files from ``templates/extensions/``:

* ``_azure.py`` (rendered from :class:`AzureEmission`), exported from the package;
* ``_realtime.py`` and ``_webhooks.py``: runtime bases that the generated resource at the configured
  path subclasses (:func:`resource_bases`), with the typed events as type arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class ReadmeSection:
    """One section of the package README about an extension: a title, prose and a code example."""

    title: Code
    text: Code
    fence: Code
    code: Code


def readme_sections(api: Api) -> list[ReadmeSection]:
    """The generated README's sections on webhooks, realtime and Azure (each only when the IR has it)."""
    from generator.emit.code import dotted, md_code, md_fence, md_text

    c = api.client
    pkg = dotted(api.package.name)
    first = next((s.options[0] for s in c.security_schemes if s.options), "")
    cred = f'{ident(first)}="..."' if first else ""
    out: list[ReadmeSection] = []

    def section(title: str, text: str, code: str) -> None:
        out.append(ReadmeSection(md_text(title), Code(text), md_fence(code), Code(code)))

    w = api.webhooks
    if w is not None:
        tagged = next((e for e in w.events if e.type_value), None)
        lines = [f"from {pkg} import {ident(c.class_name)}" + (", InvalidWebhookSignatureError" if w.signature else ""), ""]
        args = ", ".join(a for a in (cred, f'{ident(w.secret_option)}="whsec_..."' if w.signature else "") if a)
        lines.append(f"client = {ident(c.class_name)}({args})")
        if w.signature:
            lines += ["try:", "    event = client.webhooks.unwrap(body, headers)  # verifies the signature, then parses", "except InvalidWebhookSignatureError:", "    ...  # reject the delivery"]
        else:
            lines.append("event = client.webhooks.unwrap(body, headers)")
        if tagged is not None:
            lines += [f"if event.type == {py_str(tagged.type_value or '')}:", "    print(event)"]
        text = (
            f"Deliveries of the API's {len(w.events)} webhook events parse into typed models: {md_code('client.webhooks.unwrap(body, headers)', in_table=False)} "
            f"returns {md_code(w.union, in_table=False)}"
            + (", told apart by their `type`." if tagged is not None else ".")
        )
        if w.signature:
            env = f" (default: the client's {md_code(w.secret_option, in_table=False)}" + (f", then {md_code(w.secret_env, in_table=False)})" if w.secret_env else ")")
            text += (
                f" It first checks the Standard Webhooks signature (`webhook-id`, `webhook-timestamp`, `webhook-signature`) with the secret{env};"
                f" {md_code('client.webhooks.verify_signature(body, headers, secret=None, tolerance=300)', in_table=False)} only checks,"
                " and both raise `InvalidWebhookSignatureError` for a tampered body, a wrong secret or a timestamp outside the tolerance."
            )
        section("Webhooks", text, "\n".join(lines))
    r = api.realtime
    if r is not None:
        attr = "client." + ".".join(str(ident(p)) for p in r.resource)
        kwargs = ", ".join(f'{ident(q)}="..."' for q in r.query)
        code = "\n".join(
            [
                f"with {attr}.connect({kwargs}) as connection:",
                '    connection.send({"type": "..."})  # a mapping or a model, sent as JSON',
                "    event = connection.recv()  # a typed server event",
                "    for event in connection:  # until the server closes the connection",
                "        print(event.type)",
                "",
                f"async with {'async_' + attr}.connect({kwargs}) as connection:",
                "    async for event in connection:",
                "        print(event.type)",
            ]
        )
        text = (
            f"{md_code(attr + '.connect()', in_table=False)} opens the websocket at {md_code(r.path, in_table=False)} (below the base URL, `wss://` for `https://`)"
            " with the client's credentials. It needs the optional `websockets` dependency: "
            + md_code(f"pip install '{api.package.distribution}[{REALTIME_EXTRA}]'", in_table=False)
            + "."
        )
        section("Realtime", text, code)
    a = api.azure
    if a is not None:
        code = "\n".join(
            [
                f"from {pkg} import {ident(a.class_name)}",
                "",
                f'client = {ident(a.class_name)}(azure_endpoint="https://example-resource.openai.azure.com", api_key="...", api_version="2024-10-21")',
            ]
        )
        text = (
            f"{md_code(a.class_name, in_table=False)} and {md_code(a.async_class_name, in_table=False)} are the clients for an Azure endpoint:"
            f" the base URL is `{{azure_endpoint}}/openai`, `api-version` is sent with every request, `api_key` as the `api-key` header"
            f" (or `azure_ad_token` / `azure_ad_token_provider` as `Authorization: Bearer`). Defaults come from {md_code(a.api_key_env, in_table=False)},"
            f" {md_code(a.ad_token_env, in_table=False)}, {md_code(a.endpoint_env, in_table=False)} and {md_code(a.api_version_env, in_table=False)}."
        )
        if a.deployment_paths:
            text += " Calls to " + ", ".join(md_code(p, in_table=False) for p in sorted(a.deployment_paths)) + " go to `/deployments/{model}/...`, the model taken from the request."
        section("Azure", text, code)
    return out
