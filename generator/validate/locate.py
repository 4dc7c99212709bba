"""Turning validator locations into absolute JSON pointers, and keeping messages short.

openapi-spec-validator walks the document through ``jsonschema_path.SchemaPath``
objects. Their ``parts`` are *logical*: they run through ``$ref``s
(``paths/~1pets/get/.../schema/properties/owner/properties/name`` where ``owner`` is
a ``$ref``), so they often do not exist as written in the document. What the paths
resolve to, however, are the document's own dict and list objects (the resolver
never copies them). :class:`NodeIndex` maps ``id()`` of every container in a
document to its pointer, which gives the *physical* location of any resolved node,
whichever way the validator reached it.
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable
from typing import Any

from generator.diagnostics import escape_pointer_token

MAX_MESSAGE = 240
MAX_VALUE = 60


class NodeIndex:
    """``id(node) -> JSON pointer`` for every dict and list in one document.

    Built on first use. A node shared between two places (a YAML alias) keeps its
    first pointer, which still names an existing node. The document must stay alive
    (and unmodified) while the index is used, or ids could be reused.
    """

    def __init__(self, document: Any) -> None:
        self._document = document
        self._pointers: dict[int, str] | None = None

    def _build(self) -> dict[int, str]:
        pointers: dict[int, str] = {}
        stack: list[tuple[Any, str]] = [(self._document, "")]
        while stack:
            node, pointer = stack.pop()
            if isinstance(node, dict):
                if id(node) in pointers:
                    continue
                pointers[id(node)] = pointer
                for key, value in node.items():
                    if isinstance(value, (dict, list)):
                        stack.append((value, pointer + "/" + escape_pointer_token(key)))
            elif isinstance(node, list):
                if id(node) in pointers:
                    continue
                pointers[id(node)] = pointer
                for i, value in enumerate(node):
                    if isinstance(value, (dict, list)):
                        stack.append((value, f"{pointer}/{i}"))
        return pointers

    def pointer_of(self, node: Any) -> str | None:
        if not isinstance(node, (dict, list)):
            return None
        if self._pointers is None:
            self._pointers = self._build()
        return self._pointers.get(id(node))


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
