"""The resource tree (``client.chat.completions``) and method names (``create``, ``list``).

Derived from the spec, generically; each step may refine the one before it. Vendor habits come
from the flavour's :class:`generator.flavours.Policy` (the verbs of step 2, the meta of steps 2 to 4):

0. **The path as named** (:func:`naming_paths`): without leading generic words and the API's main
   version (``/rest/api/3/issue`` -> ``/issue``; other versions stay namespaces, ``v1``), with a
   ``#fragment`` or a ``:custom-verb`` as one more segment (``/batches/{id}:cancel`` ->
   ``batches.cancel``), ``<x>``/``:x`` and literal ids (``12345``, UUIDs) as parameters, and format
   suffixes dropped (``Calls.json``). Operations keep their real paths.
1. **The path's shape.** Static segments name the resource; the HTTP method and the shape name
   the method: collection ``GET`` -> ``list``, ``POST`` -> ``create``; item ``GET`` -> ``retrieve``,
   ``POST``/``PUT``/``PATCH`` -> ``update``, ``DELETE`` -> ``delete``. A trailing segment after an
   id that is not itself a collection is an action named after it (``POST /batches/{id}/cancel``
   -> ``batches.cancel``, ``GET /files/{id}/content`` -> ``files.content``), unless several HTTP
   methods share that path: then it is a resource of its own with item verbs.
2. **The operationId's verb** (``createX``, ``listX``, ``getX``/``retrieveX``, ``updateX``/``modifyX``,
   ``deleteX``, ``cancelX`` ...; a one-word id such as ``Getorganizationspendlimit`` counts; else
   the first word of the flavour's meta name, OpenAI's ``x-oaiMeta.name``), only where the path's shape agrees. On a path ending in
   a static segment that is no collection: ``GET`` saying ``get`` is ``retrieve`` and
   ``POST``/``PUT``/``PATCH`` saying ``update`` is ``update`` (a singleton:
   ``GET /organization/data_retention`` -> ``organization.data_retention.retrieve``); ``POST``
   whose operationId starts with that (singular) segment is an action on the parent
   (``POST /responses/compact`` ``Compactconversation`` -> ``responses.compact``). ``POST`` to a
   plural segment after an id whose operationId says ``create``/``add`` creates in a
   sub-collection (``POST /uploads/{id}/parts`` ``addUploadPart`` -> ``uploads.parts.create``).
   ``POST`` on an item whose operationId says ``cancel``/``pause``/``archive`` ... is that action.
3. **The meta path** (:class:`generator.flavours.OperationMeta`; the generic flavour has none, the
   OpenAI flavour reads ``x-oaiMeta.path`` and ``.group``) when it is a method path: lower-case identifiers joined by ``/``, the
   last one not an HTTP verb (``completions/messages/list`` with ``group: chat`` ->
   ``chat.completions.messages.list``). The group is found among the path's static segments
   (singular/plural and ``-``/``_`` tolerant: group ``batch`` is ``batches``); every resource the
   meta path names must be a static segment of the path after the group. A single name
   (``generate``) only renames the method; when it differs from step 1's collection verb it
   lifts the operation to the parent (``POST /images/generations`` -> ``images.generate``).
   Doc anchors (``list-items``, ``get``, ``post``, text with spaces) are ignored.
4. **Namespaces.** The meta namespace (OpenAI: ``x-oaiMeta.beta: true``) puts the resource under ``beta`` unless the path has
   a stage segment already (``/fine_tuning/alpha/...``); a path key with a query flag
   (``/responses?beta=true``) is a variant of the plain path under that flag's name
   (``beta.responses.create``). A path without static segments takes its first tag, else ``root``.
5. **Configuration.** ``resources.prefixes`` renames resource-path prefixes
   (``organization -> admin.organization``); ``resources.overrides`` (an op key: operationId or
   ``"METHOD /path"``, see :mod:`generator.normalize.selectors` -> ``"chat.completions.create"``)
   names one operation outright. Keys that name nothing in the spec change nothing (the normalizer
   reports them as ``unmatched-override``).
6. **Clashes** inside one resource: the operation whose operationId reads as verb + resource
   (``createRun`` for ``runs.create``) claims the name first; the other falls back to what its
   operationId says beyond the path (:func:`clash_candidates`), the whole operationId only last.

Resource classes are named after their last segment, shallow resources first (``realtime`` ->
``Realtime``, ``beta.realtime`` -> ``BetaRealtime``).
"""

from __future__ import annotations

import dataclasses
import keyword
import re
from collections import Counter
from typing import Any, Mapping

from generator.diagnostics import Diagnostics
from generator.flavours import GENERIC, OperationMeta, Policy
from generator.ir.model import Operation, Resource
from generator.normalize.naming import NameTable, pascal_case, singular, snake_case, words
from generator.normalize.selectors import OpRef, find

_ITEM_VERBS = {"get": "retrieve", "post": "update", "put": "update", "patch": "update", "delete": "delete", "head": "head", "options": "options", "trace": "trace"}
_COLLECTION_VERBS = {"get": "list", "post": "create", "put": "update", "patch": "update", "delete": "delete", "head": "head", "options": "options", "trace": "trace"}
_RESERVED_ATTRS = frozenset({"with_raw_response", "with_streaming_response", "_client", "_get", "_post", "client"})

_HTTP_WORDS = frozenset({"get", "post", "put", "patch", "head", "options", "trace"})
_STAGES = frozenset({"alpha", "beta"})
_META_PATH = re.compile(r"[a-z_][a-z0-9_]*(/[a-z_][a-z0-9_]*)*")


def _segments(path: str) -> list[tuple[str, bool]]:
    clean = path.split("?", 1)[0]
    return [(s, s.startswith("{") and s.endswith("}")) for s in clean.split("/") if s]


def _safe(name: str) -> str:
    name = snake_case(name)
    if keyword.iskeyword(name) or name in _RESERVED_ATTRS:
        name += "_"
    return name


def _norm(text: str) -> str:
    return "".join(w.lower() for w in words(text))


def same_noun(a: str, b: str) -> bool:
    """``batch`` ~ ``batches``, ``fine-tuning`` ~ ``fine_tuning``: equal up to number and separators."""
    x, y = _norm(a), _norm(b)
    return bool(x) and (x == y or _norm(singular(a)) == y or x == _norm(singular(b)) or _norm(singular(a)) == _norm(singular(b)))


def _query_flags(path: str) -> list[str]:
    """``/responses?beta=true`` -> ``["beta"]``: the flags a path key sets in its query string."""
    query = path.split("?", 1)[1] if "?" in path else ""
    pairs = [pair.split("=", 1) for pair in query.split("&") if "=" in pair]
    return [key for key, value in pairs if value.lower() == "true" and key.isidentifier()]


def _id_words(op: Operation) -> list[str]:
    """The operationId's words without a leading namespace word (``beta_createResponse`` -> create, response)."""
    parts = words(op.operation_id)
    drop = _STAGES | set(_query_flags(op.path))
    while len(parts) > 1 and parts[0].lower() in drop:
        parts = parts[1:]
    return parts


def verb_hint(op_id: str, meta_name: str = "", policy: Policy = GENERIC) -> str:
    """The verb an operationId starts with (``createImageEdit`` -> ``create``, ``Getorganizationspendlimit`` -> ``get``).

    A one-word id counts only when a known verb starts it and at least four letters follow.
    Falls back to the first word of the operation's meta name (the flavour's, e.g. OpenAI's
    ``x-oaiMeta.name``: ``"Cancel a run"``). The verbs are the policy's.
    """
    hints, actions = policy.verb_hints, policy.item_actions
    known = sorted({*hints, *actions}, key=len, reverse=True)
    for text in (op_id, meta_name):
        parts = [w.lower() for w in words(text)]
        if not parts:
            continue
        if parts[0] in hints or parts[0] in actions:
            return parts[0]
        if len(parts) == 1:
            for verb in known:
                if parts[0].startswith(verb) and len(parts[0]) >= len(verb) + 4:
                    return verb
    return ""


def _from_path(op: Operation, meta: OperationMeta, collections: frozenset[str], singletons: frozenset[str], policy: Policy) -> tuple[list[str], str, bool]:
    """Steps 1 and 2: ``(resource, method, lifted)``; ``lifted`` is true when the method is a
    collection verb standing for the last static segment (``images.generations.create``)."""
    segments = _segments(op.path)
    statics = [_safe(s) for s, is_param in segments if not is_param]
    last_is_param = bool(segments) and segments[-1][1]
    after_param = len(segments) >= 2 and segments[-2][1] and not segments[-1][1]
    clean = op.path.split("?", 1)[0].rstrip("/")
    id_words = _id_words(op)
    verb = verb_hint("_".join(id_words), meta.name, policy)
    hints = policy.verb_hints
    last = segments[-1][0] if segments else ""
    names_last = bool(last) and not last_is_param and _norm("".join(id_words)).startswith(_norm(last))
    if last_is_param:
        method = _ITEM_VERBS[op.method]
        if op.method == "post" and verb in policy.item_actions:
            method = verb
        return statics, method, False
    if after_param and statics and clean in singletons:
        return statics, _ITEM_VERBS[op.method], False
    if after_param and statics and clean not in collections:
        if op.method == "post" and hints.get(verb) == "create" and singular(last) != last and not names_last:
            return statics, "create", True
        resource, method = statics[:-1], statics[-1]
        if op.method == "get" and method in statics[:-1]:
            method = "retrieve_" + method
        return resource, method, False
    if clean not in collections:
        if op.method == "post" and len(statics) >= 2 and names_last and singular(last) == last:
            return statics[:-1], statics[-1], False
        if op.method == "get" and hints.get(verb) == "retrieve":
            return statics, "retrieve", False
        if op.method in ("post", "put", "patch") and hints.get(verb) == "update":
            return statics, "update", False
    return statics, _COLLECTION_VERBS[op.method], op.method in ("get", "post")


def _group_index(group: Any, statics: list[str]) -> int | None:
    if not isinstance(group, str) or not group.strip():
        return None
    return next((i for i, s in enumerate(statics) if same_noun(group, s)), None)


def meta_path(value: Any) -> list[str] | None:
    """A meta path (:attr:`OperationMeta.path`, OpenAI's ``x-oaiMeta.path``) split on ``/`` when it is
    a method path, else ``None`` (a doc anchor)."""
    if not isinstance(value, str) or not _META_PATH.fullmatch(value.strip()):
        return None
    parts = value.strip().split("/")
    return None if parts[-1] in _HTTP_WORDS else parts


def _from_meta(op: Operation, meta: OperationMeta, resource: list[str], method: str, lifted: bool) -> tuple[list[str], str]:
    """Step 3: the meta path relative to the meta group (OpenAI: ``x-oaiMeta.path`` and ``.group``)."""
    parts = meta_path(meta.path)
    if parts is None:
        return resource, method
    statics = [s for s, is_param in _segments(op.path) if not is_param]
    group_at = _group_index(meta.group, statics)
    name = _safe(parts[-1])
    if len(parts) == 1:
        floor = 1 if group_at is None else group_at + 1
        if name != method and lifted and len(resource) - 1 >= floor:
            resource = resource[:-1]
        return resource, name
    if group_at is None:
        return resource, method
    rest = statics[group_at + 1 :]
    j = 0
    for part in parts[:-1]:
        while j < len(rest) and not same_noun(part, rest[j]):
            j += 1
        if j == len(rest):
            return resource, method  # names a resource the path does not have
        j += 1
    return [_safe(s) for s in statics[: group_at + 1]] + [_safe(p) for p in parts[:-1]], name


def _namespaces(op: Operation, raw: Mapping[str, Any], meta: OperationMeta, resource: list[str]) -> list[str]:
    """Step 4: the meta namespace (OpenAI: ``beta`` from ``x-oaiMeta.beta``) or a query flag; the first
    tag for a path without static segments."""
    statics = {s.lower() for s, is_param in _segments(op.path) if not is_param}
    prefix: list[str] = []
    if meta.namespace and not statics & _STAGES:
        prefix.append(_safe(meta.namespace))
    for flag in _query_flags(op.path):
        if _safe(flag) not in prefix:
            prefix.append(_safe(flag))
    for name in reversed(prefix):
        if resource[:1] != [name]:
            resource = [name, *resource]
    if not resource:
        tags = raw.get("tags")
        tag = tags[0] if isinstance(tags, list) and tags and isinstance(tags[0], str) and tags[0].strip() else ""
        resource = [_safe(tag) if tag else "root"]
    return resource


def default_location(
    op: Operation,
    raw: Mapping[str, Any],
    collections: frozenset[str] = frozenset(),
    singletons: frozenset[str] = frozenset(),
    policy: Policy = GENERIC,
) -> tuple[tuple[str, ...], str]:
    """Resource path and method name from the spec alone (steps 1 to 4 of the module docstring).

    ``collections`` holds paths that are collections: some operation lives below them
    (``/threads/{id}/messages/{message_id}``) or they answer ``GET`` with a list. ``singletons``
    holds paths after an id that several HTTP methods share
    (``GET``/``POST /projects/{id}/data_retention`` -> ``retrieve``/``update``).
    """
    meta = policy.operation_meta(raw)
    resource, method, lifted = _from_path(op, meta, collections, singletons, policy)
    resource, method = _from_meta(op, meta, resource, method, lifted)
    return tuple(_namespaces(op, raw, meta, resource)), method


def collection_paths(operations: list[tuple[Operation, Mapping[str, Any]]]) -> frozenset[str]:
    """Paths that name a collection: something lives below them, or a GET on them lists."""
    result: set[str] = set()
    for op, _ in operations:
        clean = op.path.split("?", 1)[0].rstrip("/")
        parts = clean.split("/")
        for i in range(2, len(parts)):
            if parts[i].startswith("{"):
                result.add("/".join(parts[:i]))
        # A single page (a list returned whole, or one the config calls a page) says nothing about the
        # path's shape: ``GET /vector_stores/{id}/files/{file_id}/content`` stays ``files.content``.
        paged = op.pagination is not None and op.pagination.style != "single"
        listing = paged or (op.returns.type is not None and op.returns.type.kind == "array")
        if op.method == "get" and listing:
            result.add(clean)
    return frozenset(result)


def _with_prefix(resource: tuple[str, ...], prefixes: Mapping[str, str], used: set[str] | None = None) -> tuple[str, ...]:
    """Step 5: the longest configured prefix of ``resource`` replaced (``organization.users`` -> ``admin.organization.users``)."""
    for length in range(len(resource), 0, -1):
        target = prefixes.get(".".join(resource[:length]))
        if target:
            if used is not None:
                used.add(".".join(resource[:length]))
            return tuple(_safe(p) for p in target.split(".")) + resource[length:]
    return resource


def _reads_as_verb_and_resource(op: Operation, resource: tuple[str, ...], policy: Policy = GENERIC) -> bool:
    """``createRun`` for ``runs``: the operationId is one verb plus the resource's noun."""
    parts = _id_words(op)
    return len(parts) >= 2 and bool(verb_hint(parts[0], "", policy)) and same_noun("".join(parts[1:]), resource[-1])


# -- the path as named -------------------------------------------------------------------------------

_GENERIC_PREFIXES = frozenset({"api", "apis", "rest"})
"""Leading path words that name no resource (``/rest/api/3/issue`` is about issues)."""
_VERSION = re.compile(r"v\d+(?:[a-z]+\d*)?|\d{1,2}(?:\.\d+)*|\d{4}-\d\d-\d\d", re.IGNORECASE)
_LITERAL_ID = re.compile(r"\d{3,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?=[a-z]*\d)[0-9a-f]{12,}", re.IGNORECASE)
_CUSTOM_VERB = re.compile(r"(.+?):([A-Za-z][A-Za-z0-9_-]*)")
_FORMAT_SUFFIX = re.compile(r"\.(json|xml|csv|yaml|yml)$", re.IGNORECASE)


def _path_parts(path: str) -> tuple[list[str], str]:
    """Segments of a path as named, and its query string: a ``#fragment`` is one more segment
    (``/files/{id}#get_shared_link`` -> ``files``, ``{id}``, ``get_shared_link``), a custom verb is one
    more segment (``/batches/{id}:cancel`` -> ``batches``, ``{id}``, ``cancel``), ``<x>`` and ``:x`` are
    parameters, a format suffix is dropped (``Calls.json``) and a literal id (``12345``, a UUID) counts
    as a parameter: none of them becomes a resource."""
    clean, _, query = path.partition("?")
    clean, _, fragment = clean.partition("#")
    parts: list[str] = []
    for segment in clean.split("/"):
        if not segment:
            continue
        verb = ""
        match = _CUSTOM_VERB.fullmatch(segment)
        if match and not segment.startswith(":"):
            segment, verb = match.group(1), match.group(2)
        if (segment.startswith("<") and segment.endswith(">")) or (segment.startswith(":") and len(segment) > 1):
            segment = "{" + segment.strip("<>:") + "}"
        elif not segment.startswith("{"):
            segment = _FORMAT_SUFFIX.sub("", segment) or segment
            if _LITERAL_ID.fullmatch(segment) and not _VERSION.fullmatch(segment) and parts:
                segment = "{" + segment + "}"
        parts.append(segment)
        if verb:
            parts.append(verb)
    if fragment.strip("/"):
        parts.extend(p for p in fragment.split("/") if p)
    return parts, query


def _leading_version(parts: list[str]) -> tuple[int, str]:
    """How many leading segments are generic words or a version (``rest``, ``api``, ``3``), and the version."""
    count, version = 0, ""
    for part in parts:
        if part.lower() in _GENERIC_PREFIXES and not version:
            count += 1
        elif _VERSION.fullmatch(part) and not version:
            count += 1
            version = part
        else:
            break
    return count, version


def _version_word(version: str) -> str:
    """A version as a namespace attribute: ``v2`` stays, ``3`` is ``v3``, ``2010-04-01`` is ``v2010_04_01``."""
    return version if version[:1] in "vV" else "v" + version


def naming_paths(paths: list[str]) -> dict[str, str]:
    """Each path as named (see :func:`_path_parts`), without what names no resource.

    Leading generic words (``/rest/api``) go. The leading version most paths have goes (``/v2/apps`` ->
    ``apps``); any other stays a namespace (``/v1/chat`` beside many ``/v2`` paths -> ``v1.chat``, as
    cohere's client has ``chat`` and ``v2.chat``). A version after a resource (``/apis/apps/v1/...``) goes.
    """
    parsed = {path: _path_parts(path) for path in paths}
    counts = Counter(_version_word(v) for v in (_leading_version(parts)[1] for parts, _ in parsed.values()) if v)
    main = max(counts, key=lambda v: (counts[v], v)) if counts else ""
    result: dict[str, str] = {}
    for path, (parts, query) in parsed.items():
        count, version = _leading_version(parts)
        kept = ([_version_word(version)] if version and _version_word(version) != main else []) + [
            p for p in parts[count:] if p.startswith("{") or not _VERSION.fullmatch(p)
        ]
        result[path] = "/" + "/".join(kept) + ("?" + query if query else "")
    return result


def assign(
    operations: list[tuple[Operation, Mapping[str, Any]]],
    overrides: Mapping[str, str],
    diagnostics: Diagnostics,
    prefixes: Mapping[str, str] | None = None,
    used_prefixes: set[str] | None = None,
    source: str = "",
    policy: Policy = GENERIC,
) -> tuple[list[Operation], Resource]:
    """Give every operation its resource path and method name; build the tree.

    ``overrides`` (keyed by op keys) and ``prefixes`` come from the configuration; keys the spec does
    not have are ignored here. ``used_prefixes`` collects the prefixes that applied. An override
    whose method path another operation has, or that an override gives twice, is an error naming
    the entry (in the config file ``source``): an explicit name is never quietly changed.
    Names come from each path as named (:func:`naming_paths`); the operations keep their real paths.
    """
    real_paths = [op.path for op, _ in operations]
    named_as = naming_paths(real_paths)
    operations = [(dataclasses.replace(op, path=named_as[op.path]) if named_as[op.path] != op.path else op, raw) for op, raw in operations]
    located: list[tuple[Operation, tuple[str, ...], str]] = []
    override_keys: dict[int, str] = {}
    collections = collection_paths(operations)
    methods_per_path: dict[str, set[str]] = {}
    for op, _ in operations:
        methods_per_path.setdefault(op.path.split("?", 1)[0].rstrip("/"), set()).add(op.method)
    singletons = frozenset(p for p, methods in methods_per_path.items() if len(methods) > 1 and p not in collections)
    for i, (op, raw) in enumerate(operations):
        entry = find(overrides, OpRef(op.operation_id, op.method, real_paths[i])) if overrides else None
        override = entry[1] if entry is not None else ""
        if entry is not None and override:
            override_keys[i] = entry[0]
            *res, method = override.split(".")
            resource, method = tuple(_safe(r) for r in res) or ("root",), _safe(method)
        else:
            resource, method = default_location(op, raw, collections, singletons, policy)
            resource = _with_prefix(resource, prefixes or {}, used_prefixes)
        located.append((op, resource, method))
    # A method must not take the attribute name of a child resource.
    children: dict[tuple[str, ...], set[str]] = {}
    for _, resource, _ in located:
        for i in range(1, len(resource)):
            children.setdefault(resource[:i], set()).add(resource[i])
    # Overrides claim their names first, then operations that read as "verb + resource"; the rest keep spec order.
    order = sorted(range(len(located)), key=lambda i: (i not in override_keys, not _reads_as_verb_and_resource(located[i][0], located[i][1], policy)))
    named: dict[int, Operation] = {}
    tables: dict[tuple[str, ...], NameTable] = {}
    holders: dict[tuple[tuple[str, ...], str], int] = {}
    for i in order:
        op, resource, method = located[i]
        table = tables.setdefault(resource, NameTable(taken=_RESERVED_ATTRS | children.get(resource, set())))
        # The other candidates (worked out from the operationId's words) only when the method's own name is taken.
        candidates = [method] if table.available(method, op.operation_id) else clash_candidates(op, resource, method)
        name = table.claim(candidates, origin=op.operation_id)
        holder = holders.get((resource, method))
        if name != method and (i in override_keys or holder in override_keys):
            raise _override_clash(i if i in override_keys else holder, i, holder, located, real_paths, override_keys, source)  # type: ignore[arg-type]
        holders.setdefault((resource, name), i)
        if name != method:
            diagnostics.warn(
                "method-name-clash",
                f"{'.'.join(resource)}.{method} is taken; {op.method.upper()} {real_paths[i]} is named {name!r}",
                op.source,
                hint="name it in the config's resources.overrides",
            )
        named[i] = dataclasses.replace(op, resource=resource, method_name=name, path=real_paths[i])
    placed = [named[i] for i in range(len(located))]
    return placed, build_tree(placed)


def _override_clash(
    key_of: int, i: int, holder: int | None, located: list[tuple[Operation, tuple[str, ...], str]], real_paths: list[str], override_keys: Mapping[int, str], source: str
) -> Exception:
    """The error for an override that cannot have its method path: another override gives it too,
    another operation already has it, or it is a sub-resource or a reserved attribute there."""
    from generator.diagnostics import GeneratorError, join_pointer

    op, resource, method = located[i]
    target = ".".join((*resource, method))

    def who(j: int) -> str:
        return f"{located[j][0].operation_id} ({located[j][0].method.upper()} {real_paths[j]})"

    if holder is None:
        message = f"resources.overrides puts {who(i)} at {target}, which is a sub-resource or a name every resource has"
    elif holder in override_keys and i in override_keys:
        message = f"resources.overrides puts both {who(holder)} and {who(i)} at {target}"
    else:
        message = f"resources.overrides puts {who(key_of)} at {target}, where {who(i)} is by default"
    return GeneratorError(
        message,
        file=source,
        pointer=join_pointer("", "resources", "overrides", override_keys[key_of]),
        hint="give each operation its own method path (override the other operation too, to move it elsewhere)",
        exit_code=2,
    )


def _without_spelled_path(parts: list[str], path: str) -> list[str]:
    """``parts`` without a tail that spells out ``path`` (versions optional), as generated ids end."""
    spelled = [w.lower() for segment, _ in _segments(path) for w in words(segment)]
    i, j = len(parts), len(spelled)
    while i > 1 and j > 0:
        if parts[i - 1] == spelled[j - 1]:
            i, j = i - 1, j - 1
        elif _VERSION.fullmatch(parts[i - 1]):
            i -= 1
        else:
            break
    while i > 1 and _VERSION.fullmatch(parts[i - 1]):
        i -= 1
    return parts[:i] if j == 0 else parts


_CONNECTORS = frozenset({"and", "or", "for", "by", "with", "to", "from", "of", "in", "on", "at", "the", "a", "an"})


def _strip_resource_words(parts: list[str], resource: tuple[str, ...]) -> list[str]:
    """``parts`` without runs of words that spell a resource of the path (``issue type screen scheme``
    for ``issuetypescreenscheme``, ``controller revision`` for ``controllerrevisions``) and versions,
    and without connectors left dangling at either end."""
    names = {_norm(r) for r in resource} | {_norm(singular(r)) for r in resource}
    kept: list[str] = []
    i = 0
    while i < len(parts):
        width = next((n for n in (4, 3, 2, 1) if i + n <= len(parts) and _norm("".join(parts[i : i + n])) in names), 0)
        if width:
            i += width
            continue
        if not _VERSION.fullmatch(parts[i]):
            kept.append(parts[i])
        i += 1
    while kept and kept[-1] in _CONNECTORS:
        kept.pop()
    while kept and kept[0] in _CONNECTORS:
        kept.pop(0)
    return kept


def clash_candidates(op: Operation, resource: tuple[str, ...], method: str) -> list[str]:
    """Names for a method, best first: its own, then what its operationId says beyond the path.

    The operationId's own method part (``Resource.registerModules`` -> ``register_modules``); its
    words without the resource's (``deleteAppsV1NamespacedControllerRevision`` on
    ``apps.namespaces.controllerrevisions`` -> ``delete_namespaced``); without only a namespace it
    starts with (``apps_create_rollback`` -> ``create_rollback``, ``createThreadAndRun`` stays whole);
    and, when it ends in the HTTP method as generated ids do, without the path spelled out before it
    (``terminate_workflow_execution_v1_workflows_executions_execution_id_terminate_post`` ->
    ``terminate_workflow_execution``). The whole operationId comes only after all of those.
    """
    op_id = op.operation_id.rsplit(".", 1)[-1] if "." in op.operation_id.strip(".") else op.operation_id
    parts = [w.lower() for w in words(op_id)]
    if len(parts) > 1 and parts[-1] == op.method:
        parts = _without_spelled_path(parts[:-1], op.path)
    namespace = {_norm(r) for r in resource} | {_norm(singular(r)) for r in resource}
    prefixed = list(parts)
    while len(prefixed) > 1 and (prefixed[0] in namespace or _norm(singular(prefixed[0])) in namespace):
        prefixed = prefixed[1:]
    shorts = []
    for variant in (_strip_resource_words(parts, resource), prefixed):
        kept = [w for i, w in enumerate(variant) if i == 0 or w != variant[i - 1]]
        if kept and not all(w in namespace or _norm(singular(w)) in namespace for w in kept):
            shorts.append(_safe("_".join(kept)))
    if not shorts:
        shorts.append(op.method)  # ``projects_patch`` beside ``update``: ``patch``
    candidates = [method]
    for candidate in (*shorts, *(f"{short}_{op.method}" for short in shorts if short != op.method), f"{method}_{op.method}", _safe(op.operation_id)):
        if candidate and candidate not in candidates:
            candidates.append(candidate)
    return candidates


def build_tree(operations: list[Operation]) -> Resource:
    paths: set[tuple[str, ...]] = set()
    for op in operations:
        for i in range(1, len(op.resource) + 1):
            paths.add(op.resource[:i])
    by_parent: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for path in paths:
        by_parent.setdefault(path[:-1], []).append(path)
    ops_by_resource: dict[tuple[str, ...], list[Operation]] = {}
    for op in operations:
        ops_by_resource.setdefault(op.resource, []).append(op)
    # Shallow resources claim class names first: ``realtime`` is ``Realtime``, ``beta.realtime`` ``BetaRealtime``.
    class_names = NameTable()
    classes = {
        path: class_names.claim([pascal_case(path[-1]) if path else "Root", pascal_case("_".join(path))], origin="/".join(path))
        for path in sorted(paths | {()}, key=lambda p: (len(p), p))
    }

    def make(path: tuple[str, ...]) -> Resource:
        children = tuple(make(child) for child in sorted(by_parent.get(path, [])))
        ops = ops_by_resource.get(path, [])
        return Resource(
            path=path,
            attr_name=path[-1] if path else "",
            class_name=classes[path],
            module=".".join(path),
            operations=tuple(op.operation_id for op in sorted(ops, key=lambda o: o.method_name)),
            children=children,
        )

    return make(())
