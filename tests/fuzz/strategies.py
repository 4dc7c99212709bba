"""Hypothesis strategies for random OpenAPI 3.0 and 3.1 documents.

Names come from every Unicode category (lone surrogates included: documents are
written as JSON, whose escapes carry them), plus quotes, backslashes, NUL, CR/LF,
Python keywords, builtins and the generated runtime's own names. Every text
position (titles, descriptions, summaries, examples, server URLs and variables)
carries one of the hostile payloads of tests/fixtures/hostile/build.py, which
would create the marker file if it ever ran. Schema trees are random: unions
(oneOf/anyOf), recursion through ``$ref``, maps (additionalProperties), enums
of mixed values, allOf, nullable in both the 3.0 and the 3.1 spelling.

Documents stay small (a few components, paths and parameters) so that hundreds
of them generate in a test run; variety comes from the number of examples.
"""

from __future__ import annotations

import builtins
import functools
import json
import keyword
import re
from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st

from tests.fixtures.hostile.build import CANARY, RUNTIME_NAMES, variants

PAYLOADS = variants("fuzz", surrogates=True)
KEYWORDS = sorted(set(keyword.kwlist) | set(keyword.softkwlist))
BUILTINS = sorted(n for n in dir(builtins) if not n.startswith("__")) + [
    "__import__",
    "__name__",
    "__file__",
    "__builtins__",
]
TRICKY = [
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "\x00",
    "\r\n",
    "\n",
    "\r",
    "\t",
    "\ud800",
    "\udfff",
    "#",
    "$",
    "`",
    " ",
    "-",
    ".",
    "0",
    "9",
    "1e-08",
    "_",
    "__",
    "é",
    "中文",
    "ǅ",
    "٣",
    "𝔘",
    "ß",
    "İ",
    "ﬁ",
    "\u200b",
    "\u2028",
    "\ufeff",
    "%22",
    "~1",
    "[",
    "]",
    "<",
    ">",
    "@",
    "a",
    "B",
]
# Every Unicode category, surrogates (Cs) included.
ANY_CHARACTER = st.characters(codec=None, exclude_categories=())
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def names() -> st.SearchStrategy[str]:
    """Something a spec author (or an attacker) could use as a name."""
    return st.one_of(
        st.sampled_from(KEYWORDS + BUILTINS + RUNTIME_NAMES),
        st.text(ANY_CHARACTER, min_size=1, max_size=10),
        st.lists(st.sampled_from(TRICKY + KEYWORDS[:6] + RUNTIME_NAMES[:6]), min_size=1, max_size=4).map("".join),
        st.from_regex(r"[A-Za-z][A-Za-z0-9_ -]{0,12}", fullmatch=True),
        st.sampled_from(PAYLOADS),
    )


def prose() -> st.SearchStrategy[str]:
    """Text for a description, summary or title: random characters and one hostile payload."""
    return st.builds(
        lambda head, payload, tail: head + payload + tail,
        st.text(ANY_CHARACTER, max_size=8),
        st.sampled_from(PAYLOADS),
        st.text(ANY_CHARACTER, max_size=4),
    )


NAMES = names()
PROSE = prose()
ENUM_VALUES = st.one_of(
    st.text(ANY_CHARACTER, max_size=6),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
    st.sampled_from(
        [
            "1e-08",
            "9e+07",
            "2.592e+06",
            "inf",
            ".inf",
            "-Infinity",
            "NaN",
            "0x1F",
            "1_000",
            "-0",
            "007",
            "true",
            "null",
            "None",
            "",
        ]
    ),
    st.sampled_from(PAYLOADS),
)
JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**6), 10**6),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(ANY_CHARACTER, max_size=6),
        st.sampled_from(PAYLOADS),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(NAMES, inner, max_size=3)),
    max_leaves=5,
)


def ref_to(name: str) -> str:
    """A JSON reference to ``#/components/schemas/<name>``: pointer-escaped, then percent-encoded (RFC 6901 section 6).

    A name with a lone surrogate has no UTF-8 form to percent-encode; such refs are written raw, as hand-written specs do.
    """
    token = name.replace("~", "~0").replace("/", "~1")
    try:
        return "#/components/schemas/" + quote(token, safe="")
    except UnicodeEncodeError:
        return "#/components/schemas/" + token


def _referable(name: str) -> bool:
    """Whether a ref can name this schema unambiguously (a raw ref holding '%' would be percent-decoded)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "%" not in name
    return True


def _unique_key(value: Any) -> str:
    return type(value).__name__ + json.dumps(value)


@st.composite
def _leaf(draw: st.DrawFn, v31: bool, refs: tuple[str, ...]) -> dict[str, Any]:
    kinds = (
        ["string", "integer", "number", "boolean", "any", "enum", "object"]
        + (["ref", "ref"] if refs else [])
        + (["const", "null"] if v31 else [])
    )
    kind = draw(st.sampled_from(kinds))
    schema: dict[str, Any]
    if kind == "ref":
        return {"$ref": draw(st.sampled_from(refs))}
    if kind == "any":
        schema = {}
    elif kind == "enum":
        values = draw(st.lists(ENUM_VALUES, min_size=1, max_size=5, unique_by=_unique_key))
        schema = {"enum": values}
        if draw(st.booleans()):
            schema["type"] = draw(st.sampled_from(["string", "integer", "number", "boolean"]))
    elif kind == "const":
        schema = {"const": draw(ENUM_VALUES)}
    elif kind == "null":
        schema = {"type": "null"}
    elif kind == "object":
        schema = {"type": "object"}
    else:
        schema = {"type": kind}
        if kind == "string" and draw(st.booleans()):
            schema["format"] = draw(
                st.one_of(
                    st.sampled_from(
                        ["date-time", "date", "time", "uuid", "email", "uri", "binary", "byte", "password"]
                    ),
                    NAMES,
                )
            )
        if kind == "string" and draw(st.integers(0, 4)) == 0:
            schema["pattern"] = draw(st.sampled_from(["^[a-z]+$", "\\d{3}", "^\"'\\\\$", ".*"]))
        if kind in ("integer", "number") and draw(st.booleans()):
            schema["minimum"] = draw(st.sampled_from([0, 1, -5, 1e-08, 2.5]))
    if draw(st.booleans()) and kind not in ("null", "const"):
        if v31 and "type" in schema:
            schema["type"] = [schema["type"], "null"]
        elif not v31:
            schema["nullable"] = True
    if draw(st.booleans()):
        schema["description"] = draw(PROSE)
    if draw(st.integers(0, 3)) == 0:
        schema["default"] = draw(JSON_VALUES)
    if draw(st.integers(0, 3)) == 0:
        schema["example"] = draw(JSON_VALUES)
    if draw(st.integers(0, 3)) == 0:
        schema["title"] = draw(PROSE)
    return schema


@st.composite
def _objects(draw: st.DrawFn, children: st.SearchStrategy[dict[str, Any]]) -> dict[str, Any]:
    properties = draw(st.dictionaries(NAMES, children, max_size=4))
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if properties:
        required = draw(st.lists(st.sampled_from(sorted(properties)), unique=True, max_size=len(properties)))
        if required:
            schema["required"] = required
    extra = draw(st.integers(0, 3))
    if extra == 1:
        schema["additionalProperties"] = draw(st.booleans())
    elif extra == 2:
        schema["additionalProperties"] = draw(children)
    if draw(st.booleans()):
        schema["description"] = draw(PROSE)
    return schema


def _composites(
    children: st.SearchStrategy[dict[str, Any]], refs: tuple[str, ...]
) -> st.SearchStrategy[dict[str, Any]]:
    variants_of = st.lists(children, min_size=1, max_size=4)
    union = st.builds(lambda key, items: {key: items}, st.sampled_from(["oneOf", "anyOf"]), variants_of)
    all_of = st.builds(
        lambda items, obj: {"allOf": [*items, obj]},
        st.lists(st.sampled_from(refs), max_size=2).map(lambda rs: [{"$ref": r} for r in rs]) if refs else st.just([]),
        _objects(children),
    )
    return st.one_of(
        _objects(children),
        st.builds(lambda items: {"type": "array", "items": items}, children),
        st.builds(lambda values: {"type": "object", "additionalProperties": values}, children),
        union,
        all_of,
    )


@functools.lru_cache(maxsize=256)
def schemas(v31: bool, refs: tuple[str, ...]) -> st.SearchStrategy[dict[str, Any]]:
    """A random schema tree; ``refs`` are the component schemas it may point to (recursion).

    Cached: building a recursive strategy costs more than drawing from it."""
    return st.recursive(_leaf(v31, refs), lambda children: _composites(children, refs), max_leaves=6)


PATH_SEGMENT_FORBIDDEN = re.compile(r"[/{}?]")


def _segments() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(
            [
                "stream",
                "Stream",
                "v1",
                "api",
                "rest",
                "3",
                "files",
                "type",
                "class",
                "items:cancel",
                "x#frag",
                "client",
                "omit",
            ]
        ),
        NAMES.map(lambda n: PATH_SEGMENT_FORBIDDEN.sub("", n)).filter(bool),
    )


@st.composite
def _parameter(draw: st.DrawFn, v31: bool, refs: tuple[str, ...]) -> dict[str, Any]:
    location = draw(st.sampled_from(["query", "query", "header", "cookie"]))
    name = draw(
        st.one_of(
            NAMES,
            st.sampled_from(["Accept", "Content-Type", "Authorization", "type", "self", "extra_headers", "timeout"]),
        )
    )
    parameter: dict[str, Any] = {"name": name, "in": location, "schema": draw(schemas(v31, refs))}
    if draw(st.booleans()):
        parameter["required"] = True
    if draw(st.booleans()):
        parameter["description"] = draw(PROSE)
    if draw(st.integers(0, 3)) == 0:
        parameter["example"] = draw(JSON_VALUES)
    return parameter


@st.composite
def _operation(
    draw: st.DrawFn,
    v31: bool,
    refs: tuple[str, ...],
    method: str,
    path_params: list[str],
    operation_id: str | None,
    security: list[str],
) -> dict[str, Any]:
    parameters = [
        {"name": p, "in": "path", "required": True, "schema": draw(schemas(v31, refs)), "description": draw(PROSE)}
        for p in path_params
    ]
    parameters += draw(st.lists(_parameter(v31, refs), max_size=3, unique_by=lambda p: (p["name"], p["in"])))
    parameters = list({(p["name"], p["in"]): p for p in parameters}.values())
    operation: dict[str, Any] = {"parameters": parameters, "responses": {}}
    if operation_id is not None:
        operation["operationId"] = operation_id
    if draw(st.booleans()):
        operation["summary"] = draw(PROSE)
    if draw(st.booleans()):
        operation["description"] = draw(PROSE)
    if draw(st.booleans()):
        operation["tags"] = draw(st.lists(NAMES, min_size=1, max_size=2, unique=True))
    if method in ("post", "put", "patch") and draw(st.booleans()):
        media = draw(
            st.lists(
                st.sampled_from(
                    [
                        "application/json",
                        "application/x-www-form-urlencoded",
                        "multipart/form-data",
                        "text/plain",
                        "application/octet-stream",
                        "application/vnd.x+json",
                        PAYLOADS[0],
                    ]
                ),
                min_size=1,
                max_size=3,
                unique=True,
            )
        )
        content = {}
        for media_type in media:
            form = media_type in ("application/x-www-form-urlencoded", "multipart/form-data")
            content[media_type] = {"schema": draw(_objects(schemas(v31, refs)) if form else schemas(v31, refs))}
        operation["requestBody"] = {"content": content, "required": draw(st.booleans()), "description": draw(PROSE)}
    statuses = draw(
        st.lists(
            st.sampled_from(["200", "201", "204", "2XX", "400", "404", "default"]), min_size=1, max_size=3, unique=True
        )
    )
    for status in statuses:
        response: dict[str, Any] = {"description": draw(PROSE)}
        if status != "204" and draw(st.booleans()):
            media_type = draw(
                st.sampled_from(
                    [
                        "application/json",
                        "application/json",
                        "text/event-stream",
                        "text/plain",
                        "application/problem+json",
                    ]
                )
            )
            response["content"] = {media_type: {"schema": draw(schemas(v31, refs))}}
            if draw(st.integers(0, 3)) == 0:
                response["content"][media_type]["example"] = draw(JSON_VALUES)
        if draw(st.integers(0, 3)) == 0:
            response["headers"] = draw(
                st.dictionaries(
                    NAMES, st.builds(lambda d: {"description": d, "schema": {"type": "string"}}, PROSE), max_size=2
                )
            )
        operation["responses"][status] = response
    if security and draw(st.booleans()):
        operation["security"] = [{draw(st.sampled_from(security)): []}]
    return operation


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """A random OpenAPI document (3.0.3 or 3.1.0), JSON-serialisable."""
    version = draw(st.sampled_from(["3.0.3", "3.1.0"]))
    v31 = version == "3.1.0"
    component_names = draw(st.lists(NAMES.filter(_referable), max_size=4, unique=True))
    refs = tuple(ref_to(n) for n in component_names)
    components = {name: draw(schemas(v31, refs)) for name in component_names}
    security_names = draw(st.lists(NAMES, max_size=2, unique=True))
    security_schemes = {}
    for name in security_names:
        security_schemes[name] = draw(
            st.one_of(
                st.builds(
                    lambda header, d: {"type": "apiKey", "in": "header", "name": header, "description": d},
                    NAMES,
                    PROSE,
                ),
                st.builds(lambda d: {"type": "http", "scheme": "bearer", "description": d}, PROSE),
                st.just({"type": "apiKey", "in": "query", "name": "api_key"}),
            )
        )
    operation_ids = iter(draw(st.lists(NAMES, unique=True, max_size=8)))
    paths: dict[str, Any] = {}
    for _ in range(draw(st.integers(1, 3))):
        segments = draw(st.lists(_segments(), min_size=0, max_size=3))
        path_params = draw(
            st.lists(NAMES.map(lambda n: PATH_SEGMENT_FORBIDDEN.sub("", n)).filter(bool), max_size=2, unique=True)
        )
        path = "/" + "/".join(segments + [f"{{{p}}}" for p in path_params])
        if path in paths:
            continue
        methods = draw(st.lists(st.sampled_from(HTTP_METHODS), min_size=1, max_size=2, unique=True))
        item: dict[str, Any] = {}
        for method in methods:
            operation_id = next(operation_ids, None) if draw(st.booleans()) else None
            item[method] = draw(_operation(v31, refs, method, path_params, operation_id, security_names))
        paths[path] = item
    document: dict[str, Any] = {
        "openapi": version,
        "info": {
            "title": draw(st.one_of(PROSE, NAMES, st.just(""))),
            "version": draw(st.one_of(st.just("1.0.0"), NAMES)),
            "description": draw(PROSE),
        },
        "paths": paths,
        "components": {"schemas": components, "securitySchemes": security_schemes},
    }
    if security_names and draw(st.booleans()):
        document["security"] = [{name: []} for name in security_names]
    if draw(st.booleans()):
        variable = draw(NAMES.map(lambda n: PATH_SEGMENT_FORBIDDEN.sub("", n)).filter(bool))
        default = draw(PROSE)
        document["servers"] = [
            {
                "url": draw(st.sampled_from(["https://api.example.com", "http://localhost:8080/v1", ""]))
                + "/"
                + draw(PROSE)
                + f"/{{{variable}}}",
                "description": draw(PROSE),
                "variables": {
                    variable: {
                        "default": default,
                        "enum": [default, *draw(st.lists(PROSE, max_size=2))],
                        "description": draw(PROSE),
                    }
                },
            }
        ]
    if draw(st.booleans()):
        document["tags"] = [
            {"name": n, "description": draw(PROSE)} for n in draw(st.lists(NAMES, max_size=2, unique=True))
        ]
    if v31 and draw(st.booleans()):
        document["info"]["summary"] = draw(PROSE)
    return document


def operation_count(document: dict[str, Any]) -> int:
    return sum(1 for item in document["paths"].values() for key in item if key in HTTP_METHODS)


__all__ = ["CANARY", "PAYLOADS", "documents", "names", "operation_count", "prose", "schemas"]
