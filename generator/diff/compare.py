"""Compare two SDK surfaces: every difference a caller may notice, labelled by :mod:`generator.diff.classify`.

Things are matched by the Python name a caller writes (method path, argument,
model, field), so a config override that keeps a method name across an
operationId rename shows no change, and one that stops matching shows the
rename. A name that disappears while another appears for the same operation
(same operationId, or same HTTP method and path), the same wire name or the
same schema is reported once, as a rename.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from generator.diff import classify
from generator.diff.model import (
    Change,
    Client,
    Enum,
    FieldSurface,
    Label,
    Location,
    Method,
    Model,
    Param,
    Position,
    Shape,
    Surface,
)

T = TypeVar("T")


def compare(old: Surface, new: Surface) -> list[Change]:
    changes: list[Change] = []
    changes += _client(old.client, new.client)
    changes += _resources(old, new)
    changes += _methods(old.methods, new.methods)
    changes += _models(old.models, new.models)
    changes += _enums(old.enums, new.enums)
    return changes


def _match(old: dict[str, T], new: dict[str, T], same: Callable[[T, T], bool]) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """``(pairs, removed, added)``: common keys pair with themselves; a removed key pairs with an added one when ``same`` says so."""
    pairs = [(k, k) for k in old if k in new]
    removed = [k for k in old if k not in new]
    added = [k for k in new if k not in old]
    for r in list(removed):
        partner = next((a for a in added if same(old[r], new[a])), None)
        if partner is not None:
            pairs.append((r, partner))
            removed.remove(r)
            added.remove(partner)
    return pairs, removed, added


def _type_text(old: Shape, new: Shape) -> str:
    if old.kind == new.kind == "literal" and not (old.name and old.name == new.name):
        gained = [v for v in new.values if v not in old.values]
        lost = [v for v in old.values if v not in new.values]
        parts = []
        if gained:
            parts.append("enum values added: " + ", ".join(map(repr, gained)))
        if lost:
            parts.append("enum values removed: " + ", ".join(map(repr, lost)))
        if parts:
            return "; ".join(parts)
    return f"type {old.render()} -> {new.render()}"


def _type_tags(old: Shape, new: Shape) -> tuple[str, ...]:
    return ("type", "enum") if old.kind == new.kind == "literal" else ("type",)


# ---------------------------------------------------------------------------
# Client


def _client(old: Client, new: Client) -> list[Change]:
    out: list[Change] = []

    def add(subject: str, action: str, label: Label, message: str, *tags: str, old_at: Location | None = old.location, new_at: Location | None = new.location) -> None:
        out.append(Change("client", subject, action, label, message, old_at, new_at, tags))

    if old.package != new.package:
        add("package", "renamed", "breaking", f"package renamed {old.package} -> {new.package}: imports change", "rename", old_at=old.names_location, new_at=new.names_location)
    for attr in ("class_name", "async_class_name"):
        before, after = getattr(old, attr), getattr(new, attr)
        if before != after:
            add(attr, "renamed", "breaking", f"client class renamed {before} -> {after}", "rename", old_at=old.names_location, new_at=new.names_location)
    if old.base_url != new.base_url:
        if not new.base_url:
            add("base_url", "removed", "breaking", f"no default base URL any more (was {old.base_url}): constructing a client now needs base_url= or ${new.base_url_env}", "base_url")
        else:
            add("base_url", "changed", "non-breaking", f"default base URL {old.base_url or '(none)'} -> {new.base_url}: clients built without base_url= now call the new host", "base_url")
    if old.base_url_env != new.base_url_env and old.base_url_env:
        add("base_url_env", "renamed", "breaking", f"environment variable {old.base_url_env} -> {new.base_url_env or '(none)'}: ${old.base_url_env} is no longer read", "env")
    pairs, removed, added = _match(old.credentials, new.credentials, lambda a, b: a.scheme == b.scheme)
    for r in removed:
        c = old.credentials[r]
        add(f"{r}=", "removed", "breaking", f"client option {r}= removed (security scheme {c.scheme})", "auth", old_at=c.location, new_at=None)
    for a in added:
        c = new.credentials[a]
        add(f"{a}=", "added", "non-breaking", f"client option {a}= added (security scheme {c.scheme}, {c.transport})", "auth", old_at=None, new_at=c.location)
    for r, a in pairs:
        before, after = old.credentials[r], new.credentials[a]
        if r != a:
            add(f"{r}=", "renamed", "breaking", f"client option {r}= renamed {a}=", "auth", "rename", old_at=before.location, new_at=after.location)
        lost = [e for e in before.env_vars if e not in after.env_vars]
        gained = [e for e in after.env_vars if e not in before.env_vars]
        if lost:
            add(f"{a}=", "changed", "breaking", f"environment variable(s) {', '.join(lost)} no longer read for {a}=", "auth", "env", old_at=before.location, new_at=after.location)
        if gained:
            add(f"{a}=", "changed", "non-breaking", f"{a}= also read from {', '.join(gained)}", "auth", "env", old_at=before.location, new_at=after.location)
        if before.transport != after.transport:
            add(f"{a}=", "changed", "non-breaking", f"credential sent as {after.transport} (was {before.transport})", "auth", old_at=before.location, new_at=after.location)
    if old.default_auth != new.default_auth:
        label = classify.auth_alternatives(old.default_auth, new.default_auth, new.credentials_required)
        add("auth", "changed", label, f"credentials needed by default: {_alternatives(old.default_auth)} -> {_alternatives(new.default_auth)}", "auth")
    if new.credentials_required and not old.credentials_required:
        add("auth", "changed", "breaking", "constructing a client without credentials now raises", "auth")
    pairs, removed, added = _match(old.headers, new.headers, lambda a, b: a.header == b.header)
    for r in removed:
        add(f"{r}=", "removed", "breaking", f"client option {r}= (header {old.headers[r].header}) removed", "header")
    for a in added:
        add(f"{a}=", "added", "non-breaking", f"client option {a}= (header {new.headers[a].header}) added", "header")
    for r, a in pairs:
        before, after = old.headers[r], new.headers[a]
        if r != a:
            add(f"{r}=", "renamed", "breaking", f"client option {r}= renamed {a}=", "header", "rename")
        if before.env_var and before.env_var != after.env_var:
            add(f"{a}=", "changed", "breaking", f"environment variable {before.env_var} no longer read for {a}=", "header", "env")
        if before.header != after.header:
            add(f"{a}=", "changed", "non-breaking", f"sent as header {after.header} (was {before.header})", "header")
    return out


def _alternatives(alts: tuple[frozenset[str], ...]) -> str:
    return " or ".join("+".join(sorted(a)) or "nothing" for a in alts) or "nothing"


# ---------------------------------------------------------------------------
# Resources and methods


def _resources(old: Surface, new: Surface) -> list[Change]:
    out = [Change("resource", f"client.{r}", "removed", "breaking", f"resource client.{r} removed", _resource_at(old, r), None, ("resource",)) for r in sorted(old.resources - new.resources)]
    out += [Change("resource", f"client.{a}", "added", "non-breaking", f"resource client.{a} added", None, _resource_at(new, a), ("resource",)) for a in sorted(new.resources - old.resources)]
    return out


def _resource_at(surface: Surface, resource: str) -> Location:
    """A resource has no place of its own in the spec: point at its first operation."""
    return next((m.location for path, m in sorted(surface.methods.items()) if path.startswith(resource + ".")), surface.client.location)


def _methods(old: dict[str, Method], new: dict[str, Method]) -> list[Change]:
    out: list[Change] = []
    pairs, removed, added = _match(old, new, lambda a, b: a.operation_id == b.operation_id or a.http == b.http)
    for r in removed:
        m = old[r]
        out.append(Change("method", r, "removed", "breaking", f"method {r}() removed ({m.http})", m.location, None, ("method",)))
    for a in added:
        m = new[a]
        out.append(Change("method", a, "added", "non-breaking", f"method {a}() added ({m.http})", None, m.location, ("method",)))
    for r, a in pairs:
        out += _method(old[r], new[a])
    return out


def _method(old: Method, new: Method) -> list[Change]:
    out: list[Change] = []

    def add(subject: str, action: str, label: Label, message: str, *tags: str, old_at: Location | None = old.location, new_at: Location | None = new.location) -> None:
        out.append(Change("method", subject, action, label, message, old_at, new_at, tags))

    name = new.path
    if old.path != new.path:
        add(old.path, "renamed", "breaking", f"method {old.path}() renamed {new.path}() (operation {new.operation_id})", "method", "rename")
    if old.http != new.http:
        add(name, "changed", "non-breaking", f"{name}() now calls {new.http} (was {old.http})", "http")
    out += _params(old, new)
    out += _returns(old, new, add)
    if new.security != old.security:
        add(name, "changed", "non-breaking", f"{name}() security {_security(old.security)} -> {_security(new.security)}", "auth")
    if new.deprecated and not old.deprecated:
        add(name, "changed", "non-breaking", f"{name}() is now deprecated", "deprecated")
    return out


def _security(value: tuple[tuple[str, ...], ...] | None) -> str:
    if value is None:
        return "API default"
    return " or ".join("+".join(a) or "none" for a in value) or "none"


def _returns(old: Method, new: Method, add: Callable[..., None]) -> list[Change]:
    name = new.path
    if (old.pagination is None) != (new.pagination is None):
        if new.pagination is not None:
            add(name, "changed", "breaking", f"{name}() now returns a page of {new.pagination.items.render()} (was {_returned(old)})", "pagination")
        else:
            assert old.pagination is not None
            add(name, "changed", "breaking", f"{name}() no longer paginates: returns {_returned(new)} (was a page of {old.pagination.items.render()})", "pagination")
        return []
    if old.pagination is not None and new.pagination is not None:
        if old.pagination.style != new.pagination.style:
            add(name, "changed", "non-breaking", f"{name}() pagination {old.pagination.style} -> {new.pagination.style} (still a page; auto-paging unchanged)", "pagination")
        if old.pagination.items.key() != new.pagination.items.key():
            label = classify.type_change(old.pagination.items, new.pagination.items, ("response",))
            add(name, "changed", label, f"{name}() page items: {_type_text(old.pagination.items, new.pagination.items)}", "pagination", "type")
        return []
    if old.returns_kind != new.returns_kind:
        add(name, "changed", "breaking", f"{name}() returns {_returned(new)} (was {_returned(old)})", "returns")
    elif old.returns is not None and new.returns is not None and old.returns.key() != new.returns.key():
        label = classify.type_change(old.returns, new.returns, ("response",))
        add(name, "changed", label, f"{name}() return {_type_text(old.returns, new.returns)}", "returns", "type")
    if old.stream is None and new.stream is not None and new.stream_flag:
        add(name, "changed", "non-breaking", f"{name}() can now stream {new.stream.render()} events with {new.stream_flag}=True", "stream")
    elif old.stream is not None and new.stream is None:
        add(name, "changed", "breaking", f"{name}() no longer streams", "stream")
    elif old.stream is not None and new.stream is not None and old.stream_flag and old.stream_flag != new.stream_flag:
        add(name, "changed", "breaking", f"{name}() streams with {new.stream_flag or 'no flag'} (was {old.stream_flag}=True)", "stream")
    elif old.stream is not None and new.stream is not None and old.stream.key() != new.stream.key():
        label = classify.type_change(old.stream, new.stream, ("response",))
        add(name, "changed", label, f"{name}() stream events: {_type_text(old.stream, new.stream)}", "stream", "type")
    return []


def _returned(m: Method) -> str:
    if m.pagination is not None:
        return f"a page of {m.pagination.items.render()}"
    if m.returns_kind == "json":
        return m.returns.render() if m.returns is not None else "object"
    return {"sse": "a stream", "binary": "binary content", "text": "str", "empty": "None"}.get(m.returns_kind, m.returns_kind)


_REQUEST: tuple[Position, ...] = ("request",)


def _params(old: Method, new: Method) -> list[Change]:
    out: list[Change] = []
    name = new.path
    pairs, removed, added = _match(old.params, new.params, lambda a, b: bool(a.wire_name) and a.wire_name == b.wire_name and a.where == b.where)

    def add(subject: str, action: str, label: Label, message: str, before: Param | None, after: Param | None, *tags: str) -> None:
        out.append(Change("parameter", subject, action, label, message, before.location if before else None, after.location if after else None, ("parameter", *tags)))

    for r in removed:
        add(f"{name}({r})", "removed", "breaking", f"argument {r} of {name}() removed", old.params[r], None)
    for a in added:
        p = new.params[a]
        label = classify.field_added(p.required, _REQUEST)
        add(f"{name}({a})", "added", label, f"{'required' if p.required else 'optional'} argument {a}: {p.shape.render()} added to {name}()", None, p, "required" if p.required else "optional")
    for r, a in pairs:
        before, after = old.params[r], new.params[a]
        subject = f"{name}({a})"
        if r != a:
            add(subject, "renamed", "breaking", f"argument {r} of {name}() renamed {a}", before, after, "rename")
        if before.required != after.required:
            label = classify.required_change(after.required, _REQUEST)
            add(subject, "changed", label, f"argument {a} of {name}() is now {'required' if after.required else 'optional'}", before, after, "required")
        if before.shape.key() != after.shape.key():
            label = classify.type_change(before.shape, after.shape, _REQUEST)
            add(subject, "changed", label, f"argument {a} of {name}(): {_type_text(before.shape, after.shape)}", before, after, *_type_tags(before.shape, after.shape))
        if before.default != after.default:
            add(subject, "changed", "non-breaking", f"argument {a} of {name}(): default {before.default or '(none)'} -> {after.default or '(none)'}", before, after, "default")
        if after.deprecated and not before.deprecated:
            add(subject, "changed", "non-breaking", f"argument {a} of {name}() is now deprecated", before, after, "deprecated")
    renamed = {r: a for r, a in pairs}
    kept_old = [renamed[p] for p in old.positional if p in renamed]
    kept_new = [p for p in new.positional if p in kept_old]
    if kept_old != kept_new:
        out.append(Change("parameter", name, "changed", "breaking", f"positional arguments of {name}() {', '.join(old.positional)} -> {', '.join(new.positional)}", old.location, new.location, ("parameter", "positional")))
    return out


# ---------------------------------------------------------------------------
# Models and enums


def _models(old: dict[str, Model], new: dict[str, Model]) -> list[Change]:
    out: list[Change] = []
    pairs, removed, added = _match(old, new, lambda a, b: bool(a.location.pointer) and a.location.pointer == b.location.pointer)
    for r in removed:
        out.append(Change("model", r, "removed", "breaking", f"model {r} removed", old[r].location, None, ("model",)))
    for a in added:
        out.append(Change("model", a, "added", "non-breaking", f"model {a} added", None, new[a].location, ("model",)))
    for r, a in pairs:
        out += _model(old[r], new[a])
    return out


def _positions(old: frozenset[Position], new: frozenset[Position]) -> frozenset[Position]:
    """Positions an existing caller can be broken in: those the thing had before and still has."""
    return (old & new) or new


def _model(old: Model, new: Model) -> list[Change]:
    out: list[Change] = []
    name = new.name
    if old.name != new.name:
        out.append(Change("model", old.name, "renamed", "breaking", f"model {old.name} renamed {new.name}", old.location, new.location, ("model", "rename")))
    if old.kind != new.kind:
        out.append(Change("model", name, "changed", "breaking", f"model {name} is now a{'n' if new.kind[0] in 'aeiou' else ''} {new.kind} (was {old.kind})", old.location, new.location, ("model", "type")))
        return out
    positions = _positions(old.positions, new.positions)
    if old.shape is not None and new.shape is not None and old.shape.key() != new.shape.key():
        label = classify.type_change(old.shape, new.shape, positions)
        out.append(Change("model", name, "changed", label, f"{name}: {_type_text(old.shape, new.shape)}", old.location, new.location, ("model", *_type_tags(old.shape, new.shape))))
    if new.deprecated and not old.deprecated:
        out.append(Change("model", name, "changed", "non-breaking", f"model {name} is now deprecated", old.location, new.location, ("model", "deprecated")))
    out += _fields(name, old.fields, new.fields)
    return out


def _fields(model: str, old: dict[str, FieldSurface], new: dict[str, FieldSurface]) -> list[Change]:
    out: list[Change] = []
    pairs, removed, added = _match(old, new, lambda a, b: a.wire_name == b.wire_name)

    def add(subject: str, action: str, label: Label, message: str, before: FieldSurface | None, after: FieldSurface | None, *tags: str) -> None:
        out.append(Change("field", subject, action, label, message, before.location if before else None, after.location if after else None, ("field", *tags)))

    for r in removed:
        add(f"{model}.{r}", "removed", "breaking", f"field {model}.{r} removed", old[r], None)
    for a in added:
        f = new[a]
        label = classify.field_added(f.required, f.positions)
        add(f"{model}.{a}", "added", label, f"{'required' if f.required else 'optional'} field {model}.{a}: {f.shape.render()} added{_where(f.positions)}", None, f, "required" if f.required else "optional")
    for r, a in pairs:
        before, after = old[r], new[a]
        subject = f"{model}.{a}"
        positions = _positions(before.positions, after.positions)
        if r != a:
            add(subject, "renamed", "breaking", f"field {model}.{r} renamed {a}", before, after, "rename")
        if before.required != after.required:
            label = classify.required_change(after.required, positions)
            add(subject, "changed", label, f"field {subject} is now {'required' if after.required else 'optional'}{_where(positions)}", before, after, "required")
        if before.shape.key() != after.shape.key():
            label = classify.type_change(before.shape, after.shape, positions)
            add(subject, "changed", label, f"field {subject}: {_type_text(before.shape, after.shape)}{_where(positions)}", before, after, *_type_tags(before.shape, after.shape))
        if before.default != after.default:
            add(subject, "changed", "non-breaking", f"field {subject}: default {before.default or '(none)'} -> {after.default or '(none)'}", before, after, "default")
        if after.deprecated and not before.deprecated:
            add(subject, "changed", "non-breaking", f"field {subject} is now deprecated", before, after, "deprecated")
    return out


def _where(positions: Iterable[Position]) -> str:
    found = sorted(positions)
    return f" (in {' and '.join(found)}s)" if found else ""


def _enums(old: dict[str, Enum], new: dict[str, Enum]) -> list[Change]:
    out: list[Change] = []
    pairs, removed, added = _match(old, new, lambda a, b: bool(a.location.pointer) and a.location.pointer == b.location.pointer)
    for r in removed:
        out.append(Change("enum", r, "removed", "breaking", f"enum {r} removed", old[r].location, None, ("enum",)))
    for a in added:
        out.append(Change("enum", a, "added", "non-breaking", f"enum {a} added", None, new[a].location, ("enum",)))
    for r, a in pairs:
        before, after = old[r], new[a]
        if r != a:
            out.append(Change("enum", r, "renamed", "breaking", f"enum {r} renamed {a}", before.location, after.location, ("enum", "rename")))
        gained = [v for v in after.values if v not in before.values]
        lost = [v for v in before.values if v not in after.values]
        where = _where(_positions(before.positions, after.positions))
        if gained:
            out.append(Change("enum", a, "changed", "non-breaking", f"enum {a}: values added {', '.join(map(repr, gained))}{where}", before.location, after.location, ("enum", "values-added")))
        if lost:
            out.append(Change("enum", a, "changed", classify.enum_values(lost), f"enum {a}: values removed {', '.join(map(repr, lost))}{where}", before.location, after.location, ("enum", "values-removed")))
        if after.open and not before.open:
            out.append(Change("enum", a, "changed", "non-breaking", f"enum {a} now accepts other values too", before.location, after.location, ("enum",)))
        if before.open and not after.open:
            label: Label = "breaking" if "request" in before.positions else "non-breaking"
            out.append(Change("enum", a, "changed", label, f"enum {a} no longer accepts other values", before.location, after.location, ("enum",)))
    return out
