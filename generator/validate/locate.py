"""Absolute JSON pointers for validator errors, and short messages.

Errors of the document-level pass carry paths from the document root, which are
absolute already. Errors inside a Schema Object are relative to that schema; the
:class:`SchemaIndex` finds the schema by its content (see there).
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable
from typing import Any

from generator.diagnostics import escape_pointer_token

MAX_MESSAGE = 240
MAX_VALUE = 60


def pointer_from_parts(parts: Iterable[Any]) -> str:
    return "".join("/" + escape_pointer_token(p) for p in parts)


def resolves(document: Any, pointer: str) -> bool:
    """Whether ``pointer`` names an existing node of ``document`` (keys compared as written)."""
    node = document
    if not pointer:
        return True
    for raw in pointer[1:].split("/"):
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict):
            if token in node:
                node = node[token]
            elif token.lstrip("-").isdigit() and int(token) in node:  # YAML int keys (response codes)
                node = node[int(token)]
            else:
                return False
        elif isinstance(node, list):
            if not token.isdigit() or int(token) >= len(node):
                return False
            node = node[int(token)]
        else:
            return False
    return True


_repr = reprlib.Repr()
_repr.maxstring = 40
_repr.maxother = 40
_repr.maxlist = 6
_repr.maxdict = 4
_repr.maxlevel = 2


_JSON_WORDS = {None: "null", True: "true", False: "false"}


def short_value(value: Any, limit: int = MAX_VALUE) -> str:
    """A repr of ``value`` that fits in ``limit`` characters (``null``/``true``/``false`` as in the document)."""
    if value is None or isinstance(value, bool):
        return _JSON_WORDS[value]
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001  # pragma: no cover - exotic objects
        text = object.__repr__(value)
    if len(text) <= limit:
        return text
    text = _repr.repr(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def shorten_message(message: str, instance: Any = None, *, has_instance: bool = False, limit: int = MAX_MESSAGE) -> str:
    """Replace a long repr of ``instance`` inside a jsonschema message, then cap the length."""
    message = " ".join(message.split())
    if has_instance and (instance is None or isinstance(instance, bool)):
        # jsonschema says "None is not of type 'object'"; the document says null.
        word = repr(instance)
        if message.startswith(word + " "):
            message = _JSON_WORDS[instance] + message[len(word) :]
    elif has_instance:
        try:
            full = " ".join(repr(instance).split())
        except Exception:  # noqa: BLE001  # pragma: no cover
            full = ""
        if len(full) > MAX_VALUE and full in message:
            message = message.replace(full, short_value(instance))
    if len(message) > limit:
        message = message[: limit - 1] + "…"
    return message


# --------------------------------------------------------------------------- finding schemas by content

_SCHEMA_KEYS = frozenset(
    {"schema", "items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames",
     "unevaluatedProperties", "unevaluatedItems", "additionalItems", "contentSchema"}
)
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "schemas"})
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_DATA_KEYS = frozenset({"example", "examples"})
_SCHEMA_DATA_KEYS = frozenset({"default", "enum", "const"})


class SchemaIndex:
    """The mappings of a set of documents that can be Schema Objects, in document order, with their pointers.

    The validator reports a problem inside a Schema Object relative to that schema
    (``required``, not ``/components/schemas/Pet/required``), and it hands back copies of
    the values, not the document's own objects. So the schema is found by its content: the
    mappings whose value at the relative path equals the reported instance. Values under
    ``example``/``default``/``enum``/``const`` and ``x-`` extensions are data, never schemas.

    Pointers are built only for the mappings a search returns (from parent links), and the
    mappings holding a given key are listed once per key: building either for all of the
    OpenAI spec's ~100k mappings cost more than the validation itself.
    """

    def __init__(self, documents: list[tuple[str, Any]]) -> None:
        self.files: list[str] = []
        self.nodes: list[Any] = []
        self.parents: list[tuple[int, str | int]] = []
        self.positions: list[bool] = []
        self._with_key: dict[Any, list[int]] = {}
        for file, document in documents:
            self._walk(file, document, external=bool(file))

    def _walk(self, file: str, document: Any, *, external: bool) -> None:
        # (node, parent entry, token from the parent entry, key, parent key); data is never pushed.
        # The hot loop of a cold run's locating (~18k mappings in the OpenAI spec): names are local.
        files, nodes, parents, positions = self.files, self.nodes, self.parents, self.positions
        schema_keys, schema_maps, schema_lists = _SCHEMA_KEYS, _SCHEMA_MAPS, _SCHEMA_LISTS
        data_keys, schema_data_keys = _DATA_KEYS, _SCHEMA_DATA_KEYS
        stack: list[tuple[Any, int, tuple[Any, ...], Any, Any]] = [(document, -1, (), None, None)]
        pop, extend = stack.pop, stack.extend
        seen: set[int] = set()
        while stack:
            node, parent, tokens, key, parent_key = pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, dict):
                index = len(nodes)
                files.append(file)
                nodes.append(node)
                parents.append((parent, tokens))
                positions.append(external or key in schema_keys or parent_key in schema_maps or parent_key in schema_lists)
                if key in schema_maps:  # a map of schemas: every value is one, whatever its name
                    children = [(v, index, (k,), k, key) for k, v in node.items() if isinstance(v, (dict, list))]
                else:
                    data_here = key != "responses"  # `default` under responses is a response, not data
                    children = []
                    for k, v in node.items():
                        if not isinstance(v, (dict, list)):
                            continue
                        text = k if isinstance(k, str) else str(k)
                        if text in data_keys or text.startswith("x-") or (data_here and text in schema_data_keys):
                            continue  # data: an example, a default value, an extension, never a schema
                        children.append((v, index, (k,), k, key))
            elif isinstance(node, list):
                children = [(v, parent, (*tokens, i), i, key) for i, v in enumerate(node) if isinstance(v, (dict, list))]
            else:
                continue
            extend(reversed(children))

    def pointer(self, index: int) -> str:
        parts: list[str] = []
        while index >= 0:
            parent, tokens = self.parents[index]
            parts.extend("/" + escape_pointer_token(t) for t in reversed(tokens))
            index = parent
        return "".join(reversed(parts))

    def find(self, test: Any, *, key: Any = None, schemas_only: bool = True) -> list[tuple[str, str, Any]]:
        """``(file, pointer, node)`` of the mappings passing ``test``; ``key``: only among those holding it."""
        if key is None:
            candidates: Iterable[int] = range(len(self.nodes))
        else:
            if key not in self._with_key:
                self._with_key[key] = [i for i, n in enumerate(self.nodes) if key in n]
            candidates = self._with_key[key]
        return [
            (self.files[i], self.pointer(i), self.nodes[i])
            for i in candidates
            if (self.positions[i] or not schemas_only) and test(self.nodes[i])
        ]


MISSING = object()
"""What :func:`value_at` returns for a path that is not there."""


def value_at(node: Any, path: Iterable[Any]) -> Any:
    """The value at a relative ``path`` of keys and indexes inside ``node``, or a sentinel."""
    for part in path:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return MISSING
    return node


def has_value(node: Any, path: Iterable[Any], expected: Any) -> bool:
    found = value_at(node, path)
    return found is not MISSING and found == expected and type(found) is type(expected)
