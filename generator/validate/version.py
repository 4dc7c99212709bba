"""Which OpenAPI version a document is, or a clear error saying why we cannot handle it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from generator.diagnostics import GeneratorError

_SUPPORTED = re.compile(r"^3\.([01])(?:\.\d+)?(?:[-+].*)?$")

_CONVERT_HINT = (
    "convert it to OpenAPI 3 first, e.g. `npx swagger2openapi spec.yaml -o openapi.yaml` "
    "or the Swagger Editor's 'Edit > Convert to OpenAPI 3'"
)


def detect_version(document: Mapping[str, Any], *, file: str) -> Literal["3.0", "3.1"]:
    """``"3.0"`` or ``"3.1"`` from the document's ``openapi`` field.

    Raises :class:`GeneratorError` (exit code 2) for Swagger 2.0, a missing ``openapi``
    field, or any other version. A YAML float such as ``openapi: 3.1`` (unquoted) is
    accepted; the spec validator then warns that it should be a string.
    """
    if document is None:
        raise GeneratorError(
            "the document is empty",
            file=file,
            exit_code=2,
            hint="an OpenAPI description starts with 'openapi: 3.1.0' (or 3.0.x) at the top level",
        )
    if not isinstance(document, Mapping):
        raise GeneratorError(
            f"not an OpenAPI document: the top level is a {type(document).__name__}, not a mapping",
            file=file,
            exit_code=2,
            hint="an OpenAPI description starts with 'openapi: 3.1.0' (or 3.0.x) at the top level",
        )
    if "openapi" not in document and "swagger" in document:
        found = document.get("swagger")
        raise GeneratorError(
            f"this is a Swagger {found} document (swagger: {found!r}); only OpenAPI 3.0 and 3.1 are supported"
            if str(found).startswith("2")
            else f"this is a Swagger document (swagger: {found!r}); only OpenAPI 3.0 and 3.1 are supported",
            file=file,
            pointer="/swagger",
            exit_code=2,
            hint=_CONVERT_HINT,
        )
    if "openapi" not in document:
        raise GeneratorError(
            "missing the 'openapi' field, so the OpenAPI version is unknown; only OpenAPI 3.0 and 3.1 are supported",
            file=file,
            pointer="/openapi",
            exit_code=2,
            hint="add the version at the top level, e.g. `openapi: 3.1.0`",
        )
    raw = document["openapi"]
    text = _version_text(raw)
    match = _SUPPORTED.match(text) if text is not None else None
    if match is None:
        shown = repr(raw) if not isinstance(raw, str) else f"'{raw}'"
        if text is not None and text.startswith("2"):
            hint = _CONVERT_HINT
        else:
            hint = "set `openapi:` to a 3.0.x or 3.1.x version (3.2 and later are not supported yet)"
        raise GeneratorError(
            f"unsupported OpenAPI version {shown}; only OpenAPI 3.0 and 3.1 are supported",
            file=file,
            pointer="/openapi",
            exit_code=2,
            hint=hint,
        )
    return "3.0" if match.group(1) == "0" else "3.1"


def _version_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # `openapi: 3.0` unquoted in YAML is a float
    return None
