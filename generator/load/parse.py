"""Text -> document: YAML 1.2 or JSON, strict about duplicate keys, depth and aliases.

Two YAML parsers, one behaviour (see the README's parser benchmark):

* **fast:** ``yaml-rs`` (Rust, YAML 1.2, duplicate keys an error) parses the 3 MB OpenAI
  spec in ~0.08 s, against ~0.7-1.3 s for PyYAML's C loader. It is used for every
  document without anchors.
* **careful:** :mod:`generator.load.yaml_strict` (PyYAML's C loader with YAML 1.2
  resolvers) parses documents with anchors, whose expansion it bounds and whose cycles
  it refuses, and it finds the line and column of what the fast parser reports without
  one (duplicate keys). It is also the whole path when the ``yaml-rs`` wheel is missing.

JSON goes through the stdlib parser, with a hook that refuses duplicate keys.

After parsing, one walk checks the nesting depth and turns non-string keys (YAML's
``200:``) into strings, as JSON and OpenAPI have them.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import re
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

from generator import cache
from generator.diagnostics import GeneratorError, escape_pointer_token
from generator.load.policy import InputPolicy

# Neither parser is imported until a document is parsed: a run whose document comes from the
# parse cache needs neither (~20 ms of a warm run's start).


@functools.cache
def _fast_parser() -> ModuleType | None:
    from generator.native import before_loading

    before_loading()
    try:
        import yaml_rs
    except ImportError:  # pragma: no cover - a platform without the wheel: the careful path does everything
        return None
    return yaml_rs


def import_parsers() -> None:
    """Import both parsers now, on this thread: callers about to hand parsing to another thread
    (the Rust validator calls back into the loader from a thread of its own) must not leave the
    first import of an extension module to it."""
    _fast_parser()
    from generator.load import yaml_strict  # noqa: F401


def cache_format() -> str:
    """What the parse-cache key holds besides the text: it changes whenever parsing could give a
    different document. The parsers' own versions are covered by the installed packages' fact
    (:func:`generator.cache.installed_packages`), so finding them imports neither parser."""
    return f"parse-3;{cache.installed_packages()}"

_BEFORE_NODE = frozenset(" \t\r\n[{,")
_NOT_ANCHOR_NAME = frozenset(" \t\r\n[]{},")


def needs_careful_path(text: str) -> bool:
    """Whether ``text`` may hold an anchor (``&name``) or a tag (``!foo``, ``!!str``) at the start of a node.

    The fast parser expands aliases without a cycle check and drops tags silently, so such
    documents take the careful path. A false positive (``&amp;`` or `` !important`` in prose)
    only costs speed. ``str.find`` over the ~100 ``&``/``!`` of a big spec is ~50x faster
    than a regular expression scan of its 3 MB.
    """
    for mark in "&!":
        at = text.find(mark)
        while at != -1:
            before = text[at - 1] if at else "\n"
            after = text[at + 1 : at + 2]
            if before in _BEFORE_NODE and after and (
                after not in _NOT_ANCHOR_NAME if mark == "&" else (after in "!<" or after.isalpha())
            ):
                return True
            at = text.find(mark, at + 1)
    return False


_DOCUMENT_MARKER = re.compile(r"^(?:---|\.\.\.)(?:\s|$)", re.MULTILINE)
_POSITION = re.compile(r"line (\d+), column (\d+)")


class _DuplicateJsonKey(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateJsonKey(key)
            seen.add(key)
    return mapping


def decode(raw: bytes, *, file: str) -> str:
    """The text of a document: UTF-8 (with or without a BOM) or UTF-16/32 with a BOM, as YAML allows."""
    encoding = "utf-8-sig"
    if raw[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        encoding = "utf-32"
    elif raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding = "utf-16"
    if encoding == "utf-8-sig":
        _refuse_control_characters(raw, file=file)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise GeneratorError(
            f"the file is not valid {encoding.upper().replace('-SIG', '')} text (byte {exc.start}, line {line})",
            file=file,
            pointer=f"line {line}",
            hint="save the file as UTF-8; a binary or device file cannot be an OpenAPI description",
        ) from None
    if encoding != "utf-8-sig":
        _refuse_control_characters(text.encode("utf-8", "surrogatepass"), file=file)
    return text


# Every byte but the C0 controls (tab, LF and CR excepted): what YAML and JSON texts may hold raw.
_ALLOWED_BYTES = bytes([9, 10, 13]) + bytes(range(0x20, 0x100))


def _refuse_control_characters(raw: bytes, *, file: str) -> None:
    """YAML and JSON forbid raw control characters; one parser stops reading at a NUL without a word,
    so the rest of the document would vanish. ``bytes.translate`` finds them in ~1 ms per 3 MB."""
    found = raw.translate(None, _ALLOWED_BYTES)
    if not found:
        return
    at = raw.index(found[:1])
    line = raw[:at].count(b"\n") + 1
    column = at - (raw.rfind(b"\n", 0, at) + 1) + 1
    raise GeneratorError(
        f"control character {found[:1]!r} at line {line}, column {column}; YAML and JSON do not allow it raw",
        file=file,
        pointer=f"line {line}",
        hint="remove it, or write it escaped inside a double-quoted string (\\u0000)",
    )


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cycle collector off while a parser builds ~10^5 containers (no cycles among them:
    recursive aliases are refused): its repeated passes over the growing heap cost ~0.1 s of the
    OpenAI spec's parse."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_text(text: str | bytes, *, file: str, policy: InputPolicy) -> Any:
    """Parse ``text`` as JSON when it looks like JSON, YAML 1.2 otherwise; errors are located."""
    return parse_document(text, file=file, policy=policy)[0]


def parse_document(text: str | bytes, *, file: str, policy: InputPolicy) -> tuple[Any, bool]:
    """:func:`parse_text`, and whether some node of the document is reached twice (a YAML alias)."""
    with gc_paused():
        return _parse_text(text, file=file, policy=policy)


def _parse_text(text: str | bytes, *, file: str, policy: InputPolicy) -> tuple[Any, bool]:
    if isinstance(text, bytes):
        text = decode(text, file=file)
    else:
        _refuse_control_characters(text.encode("utf-8", "surrogatepass"), file=file)
    if text.lstrip()[:1] == "{" and file.endswith(".json"):
        document = _parse_json(text, file=file, policy=policy)
    else:
        document = _parse_yaml(text, file=file, policy=policy)
    try:
        return _normalise(document, file=file, policy=policy)
    except GeneratorError as exc:
        if "nesting deeper" in exc.message:  # a line says more than a hundred-token pointer
            from generator.load import yaml_strict

            try:
                yaml_strict.check_depth(text, policy.max_depth)
            except yaml_strict.LocatedYamlError as located:
                raise yaml_strict.located_error(located, file=file) from None
            except Exception:  # noqa: BLE001, S110 - keep the pointer
                pass
        raise


def _parse_json(text: str, *, file: str, policy: InputPolicy) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_unique_pairs)
    except json.JSONDecodeError as exc:
        raise GeneratorError(
            f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
            file=file,
            pointer=f"line {exc.lineno}",
            hint="fix the syntax error at that line and column",
        ) from None
    except (_DuplicateJsonKey, RecursionError) as exc:
        # JSON is YAML 1.2: the careful parser finds the line and column of the duplicate or of the depth.
        _raise_located(text, file=file, policy=policy)
        if isinstance(exc, _DuplicateJsonKey):
            raise GeneratorError(f"duplicate key {exc.key!r} in a JSON object", file=file, hint="remove or rename one of the two keys") from None
        raise GeneratorError(f"nesting deeper than {policy.max_depth} levels", file=file, hint="check the file for runaway brackets") from None


def _parse_yaml(text: str, *, file: str, policy: InputPolicy) -> Any:
    fast = _fast_parser()
    if fast is None or needs_careful_path(text):
        return _careful(text, file=file, policy=policy)
    try:
        document = fast.loads(text, parse_datetime=False)
    except RecursionError:
        _raise_located(text, file=file, policy=policy)
        raise GeneratorError(f"nesting deeper than {policy.max_depth} levels", file=file) from None
    except Exception as exc:  # noqa: BLE001 - yaml_rs.YAMLDecodeError and whatever else the parser raises
        _raise_located(text, file=file, policy=policy)
        raise _fast_error(exc, file=file) from None
    if isinstance(document, list) and _DOCUMENT_MARKER.search(text):
        return _careful(text, file=file, policy=policy)  # several documents, or one that is a list: let it tell
    return document


def _careful(text: str, *, file: str, policy: InputPolicy) -> Any:
    from generator.load import yaml_strict

    try:
        return yaml_strict.load_strict(text, policy)
    except RecursionError:
        raise GeneratorError(f"nesting deeper than {policy.max_depth} levels", file=file, hint="check the file for runaway brackets or indentation") from None
    except Exception as exc:  # noqa: BLE001 - yaml.YAMLError or LocatedYamlError, located
        raise yaml_strict.located_error(exc, file=file) from None


def _raise_located(text: str, *, file: str, policy: InputPolicy) -> None:
    """Raise the careful parser's located error for ``text``; return if it finds nothing wrong."""
    _careful(text, file=file, policy=policy)


def _fast_error(exc: Exception, *, file: str) -> GeneratorError:
    """The fast parser's own message, when the careful one accepts what it refused."""
    message = str(exc).strip().splitlines()
    found = _POSITION.search(str(exc))
    problem = message[-1] if message else type(exc).__name__
    if found is None:
        return GeneratorError(f"invalid YAML: {problem}", file=file, hint="fix the YAML syntax")
    line, column = found.groups()
    return GeneratorError(
        f"invalid YAML: {problem} (line {line}, column {column})", file=file, pointer=f"line {line}", hint="fix the YAML at that line and column"
    )


_KEY_WORDS = {True: "true", False: "false", None: "null"}


def _string_key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, bool):
        return _KEY_WORDS[key]
    return json.dumps(key) if isinstance(key, float) else str(key)


def normalise(document: Any, *, file: str, policy: InputPolicy) -> Any:
    """Check the nesting depth and make every mapping key a string, in place; one iterative walk.

    Shared nodes (YAML aliases, careful path only) are visited once (:func:`parse_document` says
    whether there were any). Two keys that become the same string (``200`` and ``"200"``) are a
    duplicate, as they would be in JSON.
    Pointers are only worked out for an error (building them for every node would double
    the walk's cost).
    """
    return _normalise(document, file=file, policy=policy)[0]


def _normalise(document: Any, *, file: str, policy: InputPolicy) -> tuple[Any, bool]:
    if not isinstance(document, (dict, list)):
        return document, False
    shared = False
    seen: set[int] = set()
    limit = policy.max_depth
    stack: list[tuple[Any, int]] = [(document, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        node, depth = pop()
        if depth > limit:
            raise GeneratorError(
                f"nesting deeper than {limit} levels",
                file=file,
                pointer=_pointer_to(document, node),
                hint="no real API nests that deep: check the file for runaway brackets or indentation",
            )
        if type(node) is dict:
            for key in node:
                if type(key) is not str:
                    _stringify_keys(node, file=file, pointer=lambda n=node: _pointer_to(document, n))
                    break
            children: Any = node.values()
        else:
            children = node
        below = depth + 1
        for child in children:
            kind = type(child)
            if kind is dict or kind is list:
                if id(child) in seen:
                    shared = True
                    continue
                seen.add(id(child))
                push((child, below))
    return document, shared


def _pointer_to(document: Any, target: Any) -> str:
    """The JSON pointer of the container ``target`` inside ``document`` (first found; error path only)."""
    stack: list[tuple[Any, str]] = [(document, "")]
    seen: set[int] = set()
    while stack:
        node, pointer = stack.pop()
        if node is target:
            return pointer
        if id(node) in seen:
            continue
        seen.add(id(node))
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            if isinstance(value, (dict, list)):
                stack.append((value, f"{pointer}/{escape_pointer_token(key)}"))
    return ""


def _stringify_keys(node: dict[Any, Any], *, file: str, pointer: Callable[[], str]) -> None:
    items = list(node.items())
    node.clear()
    written: dict[str, Any] = {}
    for key, value in items:
        text = _string_key(key)
        if text in node:
            raise GeneratorError(
                f"duplicate key {text!r} (written once as {written[text]!r} and once as {key!r})",
                file=file,
                pointer=pointer(),
                hint="remove or rename one of the two keys",
            )
        node[text] = value
        written[text] = key
