"""Dump the IR as JSON (``python -m generator ir SPEC``)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any


def to_data(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    return value


def to_json(value: Any, *, indent: int | None = 2) -> str:
    return json.dumps(to_data(value), indent=indent, ensure_ascii=False, default=str)
