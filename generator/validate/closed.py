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
from generator.load.refs import Location, RefError, Resolver, is_remote, remote_ref_message

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
                reason = exc.message if is_remote(ref.partition("#")[0]) or "outside" in exc.message else exc.message
                broken.append(BrokenRef(file, pointer, ref, reason))
                bad.append(pointer)
                continue
            if target.file != file:
                queue.append(target.file)
        if bad:
            closed.replaced[str(Path(file).resolve())] = _without(document, bad)
    return broken


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
