"""The validator's closed world: every document it reads comes through the generator's loader.

Left alone, openapi-spec-validator fetches ``$ref: http://...`` over the network and reads
any file a ``$ref`` names (``/dev/zero`` included). Here the document is validated under a
base URI on a host that cannot exist (``https://oasgen.invalid/<absolute path>``), so every
reference it meets, relative or remote, reaches :func:`Closed.fetch` and nothing else:

* URLs on that host map back to local paths, which are read by
  :class:`generator.load.refs.Resolver`'s rules (inside the spec's folder tree or an allowed
  folder, regular files under the size cap, parsed strictly and cached);
* everything else (other hosts, ``file:`` URLs) is refused without a connection or a read.

A refused or dangling reference stops both validators. :func:`patch_refs` then finds every
such reference (the loader's own resolver decides), reports each one at its location with
the loader's wording, and replaces it by ``{}`` in a copy, so one bad ``$ref`` does not hide
the rest of the document's problems.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from generator.diagnostics import escape_pointer_token
from generator.load.refs import Location, RefError, Resolver, remote_ref_message

HOST = "oasgen.invalid"


class Refused(Exception):
    """A document the validator may not read; the validator reports the reference as unresolvable."""


def base_uri(file: str) -> str:
    return f"https://{HOST}{quote(Path(file).resolve().as_posix())}"


def path_of(uri: str) -> Path | None:
    """The local file behind one of our URIs, or None for any other URI."""
    parts = urlsplit(uri)
    if parts.scheme != "https" or parts.netloc != HOST:
        return None
    return Path(unquote(parts.path))


@dataclass
class Closed:
    """Serves the validator the documents of one run, from the loader only."""

    resolver: Resolver
    replaced: dict[str, Any] = field(default_factory=dict)
    """Documents with refused references replaced (by :func:`patch_refs`), by file."""

    def document(self, uri: str) -> Any:
        path = path_of(uri.partition("#")[0])
        if path is None:
            raise Refused(remote_ref_message(uri))
        file = str(path)
        if file in self.replaced:
            return self.replaced[file]
        root = Path(self.resolver.root_file).resolve()
        if path == root:
            return self.resolver.documents[self.resolver.root_file]
        try:
            target = self.resolver.contained_file(path.name, str(path), ref=uri, where=Location(file, ""))
            return self.resolver.document(str(target))
        except RefError as exc:
            raise Refused(exc.message) from None
        except Exception as exc:  # noqa: BLE001 - GeneratorError from the loader: not readable
            raise Refused(str(getattr(exc, "message", exc))) from None

    def fetch(self, uri: str) -> bytes:
        """The retriever openapi-spec-validator-rs calls: JSON bytes of the document."""
        return json.dumps(self.document(uri), ensure_ascii=False).encode("utf-8", "surrogatepass")


def _refs(node: Any, pointer: str = "") -> list[tuple[str, dict[str, Any]]]:
    """``(pointer, node)`` of every mapping with a string ``$ref``, iteratively, in document order."""
    found: list[tuple[str, dict[str, Any]]] = []
    stack: list[tuple[Any, str]] = [(node, pointer)]
    seen: set[int] = set()
    while stack:
        current, at = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, dict):
            if isinstance(current.get("$ref"), str):
                found.append((at, current))
            children = [(f"{at}/{escape_pointer_token(k)}", v) for k, v in current.items()]
        elif isinstance(current, list):
            children = [(f"{at}/{i}", v) for i, v in enumerate(current)]
        else:
            continue
        stack.extend((v, p) for p, v in reversed(children) if isinstance(v, (dict, list)))
    return found


@dataclass(frozen=True)
class BrokenRef:
    file: str
    pointer: str
    ref: str
    reason: str


def patch_refs(closed: Closed) -> list[BrokenRef]:
    """Every reference the loader cannot follow, in the root and every file reachable from it.

    Fills ``closed.replaced`` with copies of the documents in which each such ``$ref`` node is
    ``{}``. Local references are checked by walking to their target; file references by the
    containment, kind and size rules of the loader.
    """
    resolver = closed.resolver
    broken: list[BrokenRef] = []
    queue = [resolver.root_file]
    done: set[str] = set()
    while queue:
        file = queue.pop(0)
        if file in done:
            continue
        done.add(file)
        try:
            document = resolver.document(file)
        except Exception:  # noqa: BLE001 - reported where it is referenced
            continue
        bad: list[str] = []
        for pointer, node in _refs(document):
            ref = node["$ref"]
            location = Location(file, pointer)
            try:
                target = resolver.target_of(ref, location)
                resolver.lookup(target)
            except RefError as exc:
                broken.append(BrokenRef(file, pointer, ref, exc.message))
                bad.append(pointer)
                continue
            if _in_ref_cycle(resolver, node, location):
                broken.append(BrokenRef(file, pointer, ref, f"$ref {ref!r} is part of a cycle of $refs that never reaches a schema"))
                bad.append(pointer)
                continue
            if target.file != file:
                queue.append(target.file)
        for pointer, ref, names in composition_cycles(resolver, file):
            if pointer not in bad:
                cycle = " -> ".join(names)
                broken.append(BrokenRef(file, pointer, ref, f"$ref {ref!r} closes a cycle of allOf/anyOf/oneOf ({cycle}): the schema includes itself"))
                bad.append(pointer)
        if bad:
            closed.replaced[str(Path(file).resolve())] = _without(document, bad)
    return broken


def _in_ref_cycle(resolver: Resolver, node: dict[str, Any], location: Location) -> bool:
    """Whether following ``node``'s chain of pure ``$ref``s comes back to ``location`` itself (A -> B -> A).
    A ref that only leads into such a cycle is not part of it, and is not reported."""
    seen = {location}
    current, at = node, location
    while isinstance(current, dict) and isinstance(current.get("$ref"), str):
        try:
            target = resolver.target_of(current["$ref"], at)
            current = resolver.lookup(target)
        except RefError:
            return False
        if target == location:
            return True
        if target in seen:
            return False
        seen.add(target)
        at = target
    return False


_COMPOSITION = ("allOf", "anyOf", "oneOf")


def composition_cycles(resolver: Resolver, file: str) -> list[tuple[str, str, list[str]]]:
    """``(pointer of the $ref, ref, the cycle's schema pointers)`` for each $ref in ``file`` that leads
    back, through allOf/anyOf/oneOf and $refs only, to a schema that includes it (A allOf B allOf A):
    no instance can be laid out for such a schema, and both validators recurse on it until they stop.

    One iterative depth-first walk from every component schema; each schema location once.
    """
    document = resolver.document(file)
    components = document.get("components") if isinstance(document, dict) else None
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if not isinstance(schemas, dict):
        return []
    done: set[Location] = set()
    found: list[tuple[str, str, list[str]]] = []
    for name in schemas:
        start = Location(file, f"/components/schemas/{escape_pointer_token(name)}")
        if start in done:
            continue
        path: list[Location] = []
        on_path: set[Location] = set()
        stack: list[tuple[Any, Location, bool]] = [(schemas[name], start, False)]
        while stack:
            node, location, leaving = stack.pop()
            if leaving:
                path.pop()
                on_path.discard(location)
                done.add(location)
                continue
            if location in done:
                continue
            if location in on_path:
                continue
            path.append(location)
            on_path.add(location)
            stack.append((node, location, True))
            if not isinstance(node, dict):
                continue
            if isinstance(node.get("$ref"), str):
                try:
                    target_node, target = resolver.resolve(node, location)
                except RefError:
                    continue
                if target in on_path:
                    if location.file == file:
                        cycle = [p.pointer.rsplit("/", 1)[-1] for p in path[path.index(target) :] if p.pointer.count("/") == 3]
                        found.append((location.pointer, node["$ref"], [*cycle, cycle[0]] if cycle else [target.pointer]))
                    continue
                stack.append((target_node, target, False))
                continue
            for keyword in _COMPOSITION:
                items = node.get(keyword)
                if isinstance(items, list):
                    stack.extend((item, location.child(keyword, i), False) for i, item in enumerate(items))
    return found


def _without(document: Any, pointers: list[str]) -> Any:
    """A deep copy of ``document`` with the nodes at ``pointers`` replaced by ``{}``."""
    from generator.load.refs import split_pointer

    patched = copy.deepcopy(document)
    for pointer in pointers:
        tokens = split_pointer(pointer)
        if not tokens:
            return {}
        parent = patched
        for token in tokens[:-1]:
            parent = parent[int(token)] if isinstance(parent, list) else parent[token]
        last = tokens[-1]
        if isinstance(parent, list):
            parent[int(last)] = {}
        else:
            parent[last] = {}
    return patched
