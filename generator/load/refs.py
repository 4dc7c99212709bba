"""``$ref`` resolution across one or more documents.

A location is ``(file, pointer)``. The root document's file is its path as given;
other files are loaded lazily, relative to the document that refers to them, and
cached. Only files inside the spec's folder tree (or a folder the user allowed, see
:mod:`generator.load.policy`) are read; remote refs are refused, never fetched. Resolution follows chains of refs (``A -> B -> C``) and reports cycles of
pure refs as problems instead of looping. Recursive *schemas* are not a problem
here: the normalizer works location by location and never expands a ref eagerly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping
from urllib.parse import unquote

from generator.diagnostics import GeneratorError, escape_pointer_token
from generator.load.document import read_document
from generator.load.policy import ALLOW_DIR_FLAG, current_policy, is_inside


@dataclass(frozen=True, slots=True)
class Location:
    file: str
    pointer: str

    def child(self, *tokens: str | int) -> "Location":
        if len(tokens) == 1:  # most calls (~20k a run): no generator, no join
            return Location(self.file, f"{self.pointer}/{escape_pointer_token(tokens[0])}")
        return Location(self.file, self.pointer + "".join("/" + escape_pointer_token(t) for t in tokens))

    def __str__(self) -> str:
        return f"{self.file}#{self.pointer}"


class RefError(Exception):
    """A ``$ref`` that cannot be followed; the normalizer turns it into a warning."""

    def __init__(self, message: str, location: Location) -> None:
        super().__init__(message)
        self.message = message
        self.location = location


def split_pointer(pointer: str) -> list[str]:
    if not pointer:
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"JSON pointer must start with '/': {pointer!r}")
    return [unquote(t).replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def canonical_pointer(pointer: str) -> str:
    """One spelling per location: ``/components/schemas/%3E0`` and ``/components/schemas/>0`` are the
    same schema (URI fragments may percent-encode), so a named type is recognised however it is referred to."""
    if "%" not in pointer or not pointer.startswith("/"):
        return pointer
    return "".join("/" + escape_pointer_token(t) for t in split_pointer(pointer))


def walk_pointer(document: Any, pointer: str) -> Any:
    node = document
    for token in split_pointer(pointer):
        if isinstance(node, dict):
            if token in node:
                node = node[token]
            elif token.isdigit() and int(token) in node:  # YAML int keys such as response codes
                node = node[int(token)]
            else:
                raise KeyError(token)
        elif isinstance(node, list):
            if not token.isdigit() or int(token) >= len(node):
                raise KeyError(token)
            node = node[int(token)]
        else:
            raise KeyError(token)
    return node


class Resolver:
    """Follows ``$ref`` strings from a root document into itself and sibling files."""

    def __init__(self, root: Any, root_file: str) -> None:
        self.root_file = root_file
        self._documents: dict[str, Any] = {root_file: root}
        self.roots = current_policy().roots_for(root_file)
        # Documents do not change during a run: each ref string and each target is worked out once
        # (the OpenAI spec resolves ~17k refs to ~2k targets).
        self._targets: dict[tuple[str, str], Location] = {}
        self._nodes: dict[Location, Any] = {}

    @property
    def documents(self) -> Mapping[str, Any]:
        return self._documents

    def document(self, file: str) -> Any:
        doc = self._documents.get(file)
        if doc is None:
            doc, _ = read_document(Path(file))
            self._documents[file] = doc
        return doc

    def target_of(self, ref: str, base: Location) -> Location:
        """The location a ``$ref`` string points to, seen from ``base``; a RefError for what may not be read."""
        known = self._targets.get((ref, base.file))
        if known is not None:
            return known
        target = self._target_of(ref, base)
        self._targets[(ref, base.file)] = target
        return target

    def _target_of(self, ref: str, base: Location) -> Location:
        file_part, _, fragment = ref.partition("#")
        if file_part:
            file = str(self.contained_file(file_part, base.file, ref=ref, where=base))
        else:
            file = base.file
        return Location(file, canonical_pointer(fragment))

    def contained_file(self, file_part: str, base_file: str, *, ref: str, where: Location) -> Path:
        """The file ``file_part`` names, relative to ``base_file``, if a run may read it."""
        if is_remote(file_part):
            raise RefError(remote_ref_message(ref), where)
        path = (Path(base_file).parent / unquote(file_part)).resolve()
        if not is_inside(path, self.roots):
            raise RefError(outside_message(ref, path), where)
        if not path.exists():
            raise RefError(f"reference {ref!r}: file {path} not found", where)
        return path

    def lookup(self, location: Location) -> Any:
        if location in self._nodes:
            return self._nodes[location]
        node = self._lookup(location)
        self._nodes[location] = node
        return node

    def _lookup(self, location: Location) -> Any:
        try:
            document = self.document(location.file)
        except GeneratorError as exc:
            raise RefError(f"cannot load {location.file}: {exc.message}", location) from None
        try:
            return walk_pointer(document, location.pointer)
        except (KeyError, ValueError):
            raise RefError(f"reference target {location.pointer or '/'} does not exist in {location.file}", location) from None

    def resolve(self, node: Any, location: Location) -> tuple[Any, Location]:
        """Follow ``node``'s ``$ref`` chain; return the final node and its location."""
        seen: set[Location] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            target = self.target_of(node["$ref"], location)
            if target in seen:
                raise RefError(f"reference cycle through {node['$ref']!r}", location)
            seen.add(target)
            node, location = self.lookup(target), target
        return node, location


def is_remote(file_part: str) -> bool:
    """``http://...``, ``file:...``, ``//host/...``: anything with a URL scheme or authority."""
    head = file_part.split("/", 1)[0]
    return "://" in file_part or file_part.startswith("//") or (":" in head and len(head.split(":", 1)[0]) > 1)


def remote_ref_message(ref: str) -> str:
    """One wording for a remote ref, whoever meets it (the resolver or the validator)."""
    return f"remote reference {ref!r} is not supported (nothing is fetched over the network); download the file and refer to it by a relative path"


def outside_message(ref: str, path: Path) -> str:
    return f"reference {ref!r} leads outside the spec's folder (allow more with {ALLOW_DIR_FLAG} DIR): {path}; it was not read"
