"""Operation keys in the config (``pagination.pages``, ``responses.binary``): an operationId, or
``"METHOD /path"`` (``"GET /files/{file_id}/content"``; the method in any case)."""

from __future__ import annotations

from collections.abc import Iterable


def matches(key: str, operation_id: str, method: str, path: str) -> bool:
    """Whether the op key names this operation."""
    key = key.strip()
    if key == operation_id:
        return True
    verb, _, rest = key.partition(" ")
    return bool(rest) and verb.lower() == method.lower() and rest.strip().rstrip("/") == path.rstrip("/")


def any_matches(keys: Iterable[str], operation_id: str, method: str, path: str) -> bool:
    return any(matches(k, operation_id, method, path) for k in keys)
