"""Op keys and path globs: how configuration names operations.

An **op key** names one operation, in one of two spellings:

* its ``operationId`` (``createPet``), matched exactly;
* ``"METHOD /path"`` (``"GET /pets/{petId}"``): an HTTP method (any case), one space, and the
  path template exactly as the spec's ``paths`` spells it. This spelling survives an upstream
  rename of the operationId, so it is the one to use for overrides that must not silently stop
  applying.

Every config key that names operations (``resources.overrides``, ``select.*.operations``,
``names.parameters``, ...) goes through :func:`matches`/:func:`find`, so the two spellings mean the
same everywhere. ``operation`` is anything with ``operation_id``, ``method`` and ``path``
attributes (an IR :class:`~generator.ir.model.Operation`, or :class:`OpRef`).

A **path glob** (``select.*.paths``) matches a path template segment by segment, as
:meth:`pathlib.PurePath.full_match` does: ``*``, ``?`` and ``[abc]`` match within one segment (they
never cross ``/``), and a segment that is exactly ``**`` matches any number of segments, none
included. ``/pets/*`` matches ``/pets/{petId}`` but not ``/pets`` or ``/pets/{petId}/photos``;
``/admin/**`` matches ``/admin``, ``/admin/users`` and ``/admin/users/{id}``. A ``{param}`` in a
glob is literal text, so ``/pets/{petId}`` matches only that template.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_METHOD_PATH = re.compile(r"(?P<method>[A-Za-z]+) (?P<path>/\S*)")


class Operated(Protocol):
    @property
    def operation_id(self) -> str: ...

    @property
    def method(self) -> str: ...

    @property
    def path(self) -> str: ...


@dataclass(frozen=True, slots=True)
class OpRef:
    """An operation as configuration sees it: its operationId, HTTP method (lower case), path template and tags."""

    operation_id: str
    method: str
    path: str
    tags: tuple[str, ...] = ()

    @property
    def method_path(self) -> str:
        return method_path(self.method, self.path)


def method_path(method: str, path: str) -> str:
    """The ``"METHOD /path"`` op key of an operation (``"GET /pets/{petId}"``)."""
    return f"{method.upper()} {path}"


def split_method_path(key: str) -> tuple[str, str] | None:
    """``("get", "/pets/{petId}")`` for ``"GET /pets/{petId}"`` (method in any case); ``None`` for an operationId."""
    found = _METHOD_PATH.fullmatch(key)
    if found is None or found.group("method").lower() not in HTTP_METHODS:
        return None
    return found.group("method").lower(), found.group("path")


def is_method_path(key: str) -> bool:
    return split_method_path(key) is not None


def matches(key: str, operation: Operated) -> bool:
    """Whether the op key ``key`` (an operationId or ``"METHOD /path"``) names ``operation``."""
    split = split_method_path(key)
    if split is not None:
        return split == (operation.method.lower(), operation.path)
    return key == operation.operation_id


def keys_of(operation: Operated) -> tuple[str, str]:
    """Both op keys of an operation: its operationId and its ``"METHOD /path"``."""
    return operation.operation_id, method_path(operation.method, operation.path)


V = TypeVar("V")


def find(mapping: Mapping[str, V], operation: Operated) -> tuple[str, V] | None:
    """The entry of ``mapping`` (keyed by op keys) that names ``operation``: ``(key, value)``, or ``None``.

    ``"METHOD /path"`` is looked at first: it names the operation whatever its operationId is.
    Two entries naming one operation are refused earlier (:func:`duplicate_keys`).
    """
    for key, value in mapping.items():
        if is_method_path(key) and matches(key, operation):
            return key, value
    if operation.operation_id in mapping and not is_method_path(operation.operation_id):
        return operation.operation_id, mapping[operation.operation_id]
    return None


def duplicate_keys(keys: Iterable[str], operations: Iterable[Operated]) -> list[tuple[str, str, Operated]]:
    """Pairs of configured op keys that name the same operation (an operationId and its ``"METHOD /path"``)."""
    keys = list(keys)
    found: list[tuple[str, str, Operated]] = []
    for op in operations:
        naming = [k for k in keys if matches(k, op)]
        if len(naming) > 1:
            found.append((naming[0], naming[1], op))
    return found


def known_keys(operations: Iterable[Operated]) -> list[str]:
    """Every op key the operations answer to, for a did-you-mean."""
    return sorted({k for op in operations for k in keys_of(op)})


# -- path globs ---------------------------------------------------------------------------------


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def path_matches(glob: str, path: str) -> bool:
    """Whether the path template ``path`` matches ``glob`` (see the module docstring for the rules).

    Dynamic programming over (glob segment, path segment), so a glob of many ``**`` stays linear in
    each (a config is input like any other)."""
    pattern, parts = _segments(glob), _segments(path)
    # reach[j]: the first i glob segments can match the first j path segments
    reach = [True] + [False] * len(parts)
    for head in pattern:
        if head == "**":
            for j in range(1, len(parts) + 1):
                reach[j] = reach[j] or reach[j - 1]
        else:
            reach = [False] + [reach[j - 1] and fnmatch.fnmatchcase(parts[j - 1], head) for j in range(1, len(parts) + 1)]
    return reach[len(parts)]
