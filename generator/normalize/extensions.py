"""Normalization of the parts of an API that are not HTTP operations of its own client.

* **Webhooks** (generic, OpenAPI 3.1 top-level ``webhooks``): every event's payload becomes a named
  type, and one union of them all (``UnwrapWebhookEvent``), discriminated by ``type`` when every
  payload has a constant ``type``. ``client.webhooks.unwrap()`` parses into it; the ``webhooks``
  config key adds a signature scheme (``standard-webhooks``) and the secret's env var.
* **Realtime** (config ``realtime``): a websocket endpoint with typed server events, from the
  component schemas the config names.
* **Azure** (config ``azure``): subclasses of the client with Azure's endpoint, deployment routing,
  ``api-version`` and Azure AD tokens.

Nothing here knows a vendor: the OpenAI config (``spec/openai.config.yaml``) turns the last two on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from generator.config import Config
from generator.diagnostics import Diagnostic, Diagnostics
from generator.ir.model import (
    Azure,
    Discriminator,
    LiteralType,
    NamedRef,
    ObjectDef,
    Realtime,
    Resource,
    TypeDef,
    TypeExpr,
    UnionDef,
    UnionType,
    Usage,
    WebhookEvent,
    Webhooks,
)
from generator.load.refs import Location, RefError
from generator.normalize.naming import pascal_case, snake_case
from generator.normalize.schemas import NameContext, SchemaNormalizer

WEBHOOK_UNION = "UnwrapWebhookEvent"
"""Default name of the union of every webhook payload (openai-python's name)."""

_METHODS = ("post", "put", "patch", "get", "delete")


def webhook_events(document: Mapping[str, Any], schemas: SchemaNormalizer, file: str, diagnostics: Diagnostics) -> list[WebhookEvent]:
    """The payload type of every entry of ``webhooks`` (called before the schema definitions are
    collected, so inline payloads become named types ``<Name>WebhookEvent``)."""
    raw = document.get("webhooks")
    if not isinstance(raw, dict):
        return []
    events: list[WebhookEvent] = []
    root = Location(file, "/webhooks")
    for key, item in raw.items():
        if not isinstance(item, dict):
            continue
        for method in _METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            loc = root.child(str(key), method)
            body = op.get("requestBody")
            body_loc = loc.child("requestBody")
            if isinstance(body, dict) and isinstance(body.get("$ref"), str):
                try:
                    body, body_loc = schemas.resolver.resolve(body, body_loc)
                except RefError as exc:
                    diagnostics.warn("unresolved-ref", exc.message, exc.location.pointer, file=exc.location.file)
                    continue
            content = body.get("content") if isinstance(body, dict) else None
            if not isinstance(content, dict):
                continue
            media = next((m for t, m in content.items() if str(t).split(";")[0].strip().endswith("json")), None)
            media_type = next((str(t) for t, m in content.items() if m is media), "")
            schema = media.get("schema") if isinstance(media, dict) else None
            if schema is None:
                continue
            owner = pascal_case(str(key)) + "WebhookEvent"
            payload = schemas.type_of(schema, body_loc.child("content", media_type, "schema"), NameContext(owner))
            description = str(op.get("description") or op.get("summary") or "").strip()
            events.append(WebhookEvent(str(key), method, payload, None, description, loc.pointer))
    return events


def _type_tag(expr: TypeExpr, defs: Mapping[str, TypeDef]) -> str | None:
    """The one constant value of the payload's ``type`` property, if it has one."""
    if not isinstance(expr, NamedRef):
        return None
    d = defs.get(expr.name)
    if not isinstance(d, ObjectDef):
        return None
    for f in d.fields:
        t = f.type
        if isinstance(t, NamedRef):
            target = defs.get(t.name)
            t = LiteralType(target.values) if target is not None and target.kind == "enum" else t  # type: ignore[union-attr]
        if f.name == "type" and isinstance(t, LiteralType) and len(t.values) == 1 and isinstance(t.values[0], str):
            return t.values[0]
    return None


def webhooks_ir(
    events: list[WebhookEvent],
    defs: dict[str, TypeDef],
    owners: dict[str, str],
    order: list[str],
    schemas: SchemaNormalizer,
    config: Config,
    diagnostics: Diagnostics,
) -> Webhooks | None:
    """The union of the payloads (added to ``defs``/``owners``/``order``) and the webhooks' IR."""
    if not events:
        if config.webhooks is not None:
            diagnostics.add(
                Diagnostic(
                    "unmatched-override",
                    "the spec has no webhooks (a 3.1 top-level 'webhooks' with JSON payloads), so this key adds nothing",
                    pointer="/webhooks",
                    file=config.source,
                    hint="remove the key if it is meant for another spec",
                )
            )
        return None
    events = [dataclasses.replace(e, type_value=_type_tag(e.payload, defs)) for e in events]
    wanted = (config.webhooks.union if config.webhooks else "") or WEBHOOK_UNION
    name = schemas.names.claim([wanted, wanted + "Union"], origin="webhooks:union")
    variants: list[TypeExpr] = []
    for e in events:
        if e.payload not in variants:
            variants.append(e.payload)
    tags = [e.type_value for e in events]
    discriminator = None
    if all(tags) and len(set(tags)) == len(tags) and all(isinstance(v, NamedRef) for v in variants) and len(variants) == len(events):
        discriminator = Discriminator("type", tuple((str(e.type_value), e.payload.name) for e in events if isinstance(e.payload, NamedRef)))
    union = UnionDef(
        name=name,
        param_name=name,
        module=snake_case(name),
        union=UnionType(tuple(variants), discriminator),
        usage=Usage(response=True, request=False),
        description="Every event the API's webhooks deliver" + (", told apart by their `type`." if discriminator else "."),
        source="/webhooks",
    )
    defs[name] = union
    owners[name] = name
    order.append(name)
    w = config.webhooks
    return Webhooks(
        events=tuple(events),
        union=name,
        signature="standard-webhooks" if w is not None and w.signature == "standard-webhooks" else "",
        secret_env=w.secret_env if w is not None else "",
        tolerance=w.tolerance if w is not None else 300,
    )


def realtime_ir(config: Config, schemas: SchemaNormalizer, diagnostics: Diagnostics) -> Realtime | None:
    """The websocket endpoint the config describes; event schemas that the spec lacks are warned about
    (``unmatched-override``) and leave the events untyped, so one config serves several specs."""
    r = config.realtime
    if r is None:
        return None

    def events(names: tuple[str, ...], key: str) -> TypeExpr | None:
        found: list[TypeExpr] = []
        for n in names:
            py = schemas.component_names.get(n)
            if py is None:
                diagnostics.add(
                    Diagnostic(
                        "unmatched-override",
                        f"no component schema {n!r}, so the realtime events stay untyped JSON models",
                        pointer=f"/realtime/{key}",
                        file=config.source,
                        hint="name a schema of components/schemas (a union of the events), or remove the key if it is meant for another spec",
                    )
                )
                continue
            # Built on demand: under a ``select`` the components are built only when something reaches them.
            ref = {"$ref": "#/components/schemas/" + n.replace("~", "~0").replace("/", "~1")}
            found.append(schemas.type_of(ref, Location(schemas.resolver.root_file, "/components/schemas"), NameContext(py)))
        if not found:
            return None
        return found[0] if len(found) == 1 else UnionType(tuple(found), Discriminator("type"))

    return Realtime(
        path=r.path,
        resource=tuple(r.resource.split(".")),
        server_events=events(r.server_events, "server_events"),
        client_events=events(r.client_events, "client_events"),
        query=r.query,
        headers=tuple(sorted(r.headers.items())),
    )


def azure_ir(config: Config, class_name: str, async_class_name: str) -> Azure | None:
    a = config.azure
    if a is None:
        return None
    bare = async_class_name.removeprefix("Async") if async_class_name.startswith("Async") else class_name
    return Azure(
        class_name=a.class_name or "Azure" + class_name,
        async_class_name=a.async_class_name or "AsyncAzure" + bare,
        deployment_paths=a.deployment_paths,  # none unless the config lists them (the OpenAI config has openai-python's list)
        api_version_env=a.api_version_env,
        endpoint_env=a.endpoint_env,
        api_key_env=a.api_key_env,
        ad_token_env=a.ad_token_env,
        api_version=a.api_version,
    )


def type_roots(events: list[WebhookEvent], realtime: Realtime | None) -> list[str]:
    """Names of the named types the extensions use directly (kept by a ``select``)."""
    from generator.normalize.modules import refs_in

    roots: list[str] = []
    for e in events:
        roots.extend(refs_in(e.payload))
    if realtime is not None:
        roots.extend(refs_in(realtime.server_events))
        roots.extend(refs_in(realtime.client_events))
    return roots


def ensure_resource(tree: Resource, path: tuple[str, ...]) -> Resource:
    """``tree`` with a (possibly empty) resource at ``path``: ``client.webhooks`` and
    ``client.realtime`` exist even when no operation of the spec lives there."""
    if not path:
        return tree
    head, rest = path[0], path[1:]
    for i, child in enumerate(tree.children):
        if child.attr_name == head:
            new_child = ensure_resource(child, rest)
            if new_child is child:
                return tree
            children = tree.children[:i] + (new_child,) + tree.children[i + 1 :]
            return dataclasses.replace(tree, children=children)
    full = tree.path + (head,)
    module = ".".join(full)
    node = Resource(path=full, attr_name=head, class_name="".join(pascal_case(p) for p in full), module=module, operations=())
    node = ensure_resource(node, rest)
    at = next((i for i, c in enumerate(tree.children) if c.attr_name > head), len(tree.children))
    return dataclasses.replace(tree, children=tree.children[:at] + (node,) + tree.children[at:])
