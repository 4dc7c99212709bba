"""Validating a document with openapi-spec-validator(-rs) and locating every problem absolutely.

``openapi-spec-validator-rs`` (Rust, the same checks and the same error objects as
openapi-spec-validator) validates the OpenAI spec in ~0.1 s; stock openapi-spec-validator,
the user's named dependency, needs ~9 s. The Rust wheel is used when it is installed, the
stock validator otherwise (``OASGEN_VALIDATOR=stock`` forces it); ``tests/test_validator_
equivalence.py`` holds the two to the same findings.

Either validator reads referenced documents only through :mod:`.closed` (no network, no
file outside the allowed folders). Findings are cached by content in the one cache
(:mod:`generator.cache`), with the digests of every other file the validator read.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import cache
from generator.diagnostics import Diagnostic, Severity, join_pointer
from generator.load.files import read_input_bytes
from generator.load.policy import current_policy
from generator.load.refs import Resolver
from generator.validate.closed import BrokenRef, Closed, Refused, base_uri, patch_refs
from generator.validate.describe import describe
from generator.validate.locate import SchemaIndex, has_value, pointer_from_parts, short_value, shorten_message, value_at
from generator.validate.meta import meta_problems, schema_accepts

VERSIONS = ("3.0", "3.1")
SPEC_VIOLATION = "spec-violation"
VALIDATOR_CRASH = "validator-crash"
ENV_VALIDATOR = "OASGEN_VALIDATOR"
_CACHE_KIND = "validation"
_FORMAT = "validation-2"
_CYCLE_HINT = "break the cycle: a schema cannot include itself (a property or array item may refer back)"
_BROKEN_HINT = "point the $ref at an existing target inside the spec's folder (nothing is fetched or read outside it)"


@dataclass(frozen=True, slots=True)
class Finding:
    """One violation, located. ``file`` is ``""`` for the document being validated."""

    pointer: str
    message: str
    hint: str = ""
    file: str = ""
    kind: str = SPEC_VIOLATION


def validator_name() -> str:
    """``openapi-spec-validator-rs X`` or ``openapi-spec-validator X``: which one runs."""
    if os.environ.get(ENV_VALIDATOR, "") != "stock":
        from generator.native import before_loading

        before_loading()
        try:
            import openapi_spec_validator_rs

            return f"openapi-spec-validator-rs {openapi_spec_validator_rs.__version__}"
        except ImportError:
            pass
    from importlib.metadata import version

    return f"openapi-spec-validator {version('openapi-spec-validator')}"


# --------------------------------------------------------------------------- public


def validate_document(
    document: Mapping[str, Any] | Callable[[], Mapping[str, Any]], *, file: str, version: str, raw_bytes: bytes | None = None, use_cache: bool = True
) -> list[Diagnostic]:
    """Every violation in ``document`` as a located ``spec-violation`` warning; never raises.

    ``raw_bytes`` (the bytes the document was parsed from) key the cache; without them the
    cache is not used. A crash of the validator becomes one ``validator-crash`` warning.
    ``document`` may be a function that gives it: it is called only when the cache has no answer
    (a run whose IR comes from the cache does not parse the spec at all).
    """
    if version not in VERSIONS:
        raise ValueError(f"version must be one of {VERSIONS}, not {version!r}")
    entry = None
    if raw_bytes is not None and use_cache:
        policy = current_policy()
        # Messages name absolute paths, and what may be read depends on the policy: both are in the key.
        where = f"{Path(file).resolve()};{[str(d) for d in policy.roots_for(file)]};{policy.max_bytes};{policy.max_depth}"
        # Which validator runs is the switch plus what is installed: naming its version would import it.
        validators = f"{os.environ.get(ENV_VALIDATOR, '')};{cache.installed_packages()}"
        entry = cache.key(_CACHE_KIND, _FORMAT, validators, version, where, raw_bytes)
    findings = _cached(entry, file) if entry is not None else None
    if findings is None:
        findings, read = collect_findings(document() if callable(document) else document, file=file, version=version)
        # Not cached: crashes (may be transient) and refs that could not be followed (the file may appear).
        if entry is not None and all(f.kind == SPEC_VIOLATION and f.hint not in (_BROKEN_HINT, _CYCLE_HINT) for f in findings):
            _store(entry, file, findings, read)
    return to_diagnostics(findings, file=file)


def collect_findings(document: Mapping[str, Any], *, file: str, version: str) -> tuple[list[Finding], list[str]]:
    """The located findings, and the other files the validator read (for the cache)."""
    resolver = Resolver(document, file)
    closed = Closed(resolver)
    broken: list[BrokenRef] = []
    try:
        errors = run_validator(document, file=file, version=version, closed=closed)
    except Exception:  # noqa: BLE001 - a reference it could not follow stopped it: patch them out, run again
        broken = patch_refs(closed)
        root = closed.replaced.get(str(Path(file).resolve()), document)
        try:
            errors = run_validator(root, file=file, version=version, closed=closed)
        except Exception as exc:  # noqa: BLE001
            return [*_broken_findings(broken, file), crash_finding(exc, "validating")], []
    try:
        findings = Locator(document, file, version, resolver).findings(errors)
    except Exception as exc:  # noqa: BLE001 - a bug in locating must not lose the run
        findings = [crash_finding(exc, "locating its findings")]
    read = [f for f in resolver.documents if f != resolver.root_file]
    return [*_broken_findings(broken, file), *findings], read


def run_validator(document: Any, *, file: str, version: str, closed: Closed) -> list[Any]:
    """The validator's errors (jsonschema-style objects), in its order. Raises when it had to stop."""
    uri = base_uri(file)
    if validator_name().startswith("openapi-spec-validator-rs"):
        # The public classes hard-wire a retriever that downloads; `_core.validate` takes ours.
        from openapi_spec_validator_rs import _core
        from openapi_spec_validator_rs.exceptions import _from_core

        from generator.load.parse import import_parsers

        # Our retriever parses the other files of a multi-file spec on the validator's own thread,
        # where importing the YAML parser (an extension module) for the first time crashes the process.
        import_parsers()

        return [_from_core(e) for e in _core.validate(document, version, uri, True, closed.fetch, None, None)]
    import openapi_spec_validator as stock

    base = stock.OpenAPIV30SpecValidator if version == "3.0" else stock.OpenAPIV31SpecValidator

    def refuse(url: str) -> Any:
        raise Refused(f"remote reference {url!r} is not supported")

    handlers = {"<all_urls>": refuse, "http": refuse, "file": refuse, "https": closed.document}
    closed_cls = type(f"Closed{base.__name__}", (base,), {"resolver_handlers": handlers, "schema_validator": _stock_schema_validator(version)})
    return list(closed_cls(document, base_uri=uri).iter_errors())


@functools.cache
def _stock_schema_validator(version: str) -> Any:
    """The stock validator's document-level check on pure-Python jsonschema, the reference: from 0.9
    openapi-spec-validator switches to jsonschema-rs when that is installed (it is, for
    :mod:`.meta`), which words every message differently."""
    from openapi_spec_validator import schemas
    from openapi_spec_validator.schemas.backend.jsonschema import create_validator

    return create_validator(schemas.schema_v30 if version == "3.0" else schemas.schema_v31)


def to_diagnostics(findings: list[Finding], *, file: str) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: set[tuple[str, str, str, str]] = set()
    for f in findings:
        key = (f.kind, f.file, f.pointer, f.message)
        if key not in seen:
            seen.add(key)
            out.append(Diagnostic(f.kind, f.message, f.pointer, f.file or file, Severity.WARNING, f.hint))
    return out


def crash_finding(exc: BaseException, doing: str, pointer: str = "", file: str = "") -> Finding:
    what = shorten_message(f"{type(exc).__name__}: {exc}", limit=120) if str(exc) else type(exc).__name__
    return Finding(
        pointer=pointer,
        message=shorten_message(f"the spec validator crashed while {doing} ({what}); the checks it had left were skipped"),
        hint="generation goes on; the spec may have problems the validator did not get to report",
        file=file,
        kind=VALIDATOR_CRASH,
    )


def _broken_findings(broken: list[BrokenRef], root_file: str) -> list[Finding]:
    root = str(Path(root_file).resolve())
    return [
        Finding(
            b.pointer,
            shorten_message(f"{b.reason if repr(b.ref) in b.reason else f'$ref {b.ref!r}: {b.reason}'}; the validator skipped what is behind it"),
            _CYCLE_HINT if "cycle" in b.reason else _BROKEN_HINT,
            "" if str(Path(b.file).resolve()) == root else b.file,
        )
        for b in broken
    ]


# --------------------------------------------------------------------------- cache


def _cached(entry: str, file: str) -> list[Finding] | None:
    data = cache.get(_CACHE_KIND, entry)
    if data is None:
        return None
    try:
        stored = json.loads(data)
        folder = Path(file).resolve().parent
        for relative, digest in stored["files"]:
            if hashlib.sha256(read_input_bytes(folder / relative)).hexdigest() != digest:
                return None  # a referenced file changed since
        return [Finding(p, m, h, str(folder / f) if f else "", k) for k, p, m, h, f in stored["findings"]]
    except Exception:  # noqa: BLE001 - corrupt, or a file gone: a miss
        cache.forget(_CACHE_KIND, entry)
        return None


def _store(entry: str, file: str, findings: list[Finding], read: list[str]) -> None:
    folder = Path(file).resolve().parent
    try:
        files = [(os.path.relpath(f, folder), hashlib.sha256(read_input_bytes(Path(f))).hexdigest()) for f in read]
        rows = [(f.kind, f.pointer, f.message, f.hint, os.path.relpath(f.file, folder) if f.file else "") for f in findings]
    except Exception:  # noqa: BLE001 - not cacheable; fine
        return
    cache.put(_CACHE_KIND, entry, json.dumps({"files": files, "findings": rows}, ensure_ascii=False).encode())


# --------------------------------------------------------------------------- locating


_OPERATION_ID = re.compile(r"Operation ID '(.*)' for '(\w+)' in '(.*)' is not unique")
_PATH_PARAMETER = re.compile(r"Path parameter '(.*)' for '(\w+)' operation in '(.*)' was not resolved")
_DUPLICATE_PARAMETER = re.compile(r"Duplicate parameter [`'](.*)[`']")
_DUPLICATE_TAG = re.compile(r"Duplicate tag name '(.*)'")
_EXTRA_REQUIRED = re.compile(r"Required list has not defined properties: (.*)")
_NOT_A_SCHEMA = "is not of type 'object', 'boolean'"


class Locator:
    """Turns the validator's errors into findings at absolute pointers (see :class:`SchemaIndex`)."""

    def __init__(self, document: Any, file: str, version: str, resolver: Resolver) -> None:
        self.document = document
        self.file = file
        self.version = version
        self.resolver = resolver
        self._index: SchemaIndex | None = None
        self._taken: set[tuple[str, str, str]] = set()
        self._fully_checked: set[tuple[str, str]] = set()

    @property
    def index(self) -> SchemaIndex:
        if self._index is None:
            others = [(f, d) for f, d in self.resolver.documents.items() if f != self.resolver.root_file]
            self._index = SchemaIndex([("", self.document), *others])
        return self._index

    def findings(self, errors: list[Any]) -> list[Finding]:
        """One finding per located problem; the reasons one ``default`` fails for are joined into one."""
        out: list[Finding] = []
        reasons: dict[tuple[str, str], list[str]] = {}
        for err in errors:
            for finding in self.locate(err):
                if isinstance(finding, _DefaultFinding):
                    key = (finding.file, finding.pointer)
                    if key in reasons:
                        if finding.reason not in reasons[key]:
                            reasons[key].append(finding.reason)
                        continue
                    reasons[key] = [finding.reason]
                out.append(finding)
        return [f.joined(reasons[(f.file, f.pointer)]) if isinstance(f, _DefaultFinding) else f for f in out]

    def locate(self, err: Any) -> Iterator[Finding]:
        message = str(err.message)
        kind = type(err).__name__
        if kind == "DuplicateOperationIDError" and (m := _OPERATION_ID.match(message)):
            yield Finding(join_pointer("/paths", m[3], m[2], "operationId"), shorten_message(message), "operationIds must be unique across the document")
        elif kind == "UnresolvableParameterError" and (m := _PATH_PARAMETER.match(message)):
            yield Finding(
                join_pointer("/paths", m[3], m[2]),
                shorten_message(message),
                "every {name} in the path needs an `in: path` parameter, and every path parameter a {name} in the path",
            )
        elif kind == "ParameterDuplicateError" and (m := _DUPLICATE_PARAMETER.match(message)):
            yield self._duplicate_parameter(m[1])
        elif (m := _DUPLICATE_TAG.match(message)) is not None:
            yield self._duplicate_tag(m[1])
        elif kind == "ExtraParametersError" and (m := _EXTRA_REQUIRED.match(message)):
            yield self._extra_required(message, [n.strip() for n in m[1].split(",")])
        elif not _has_details(err):
            if not message.endswith(_NOT_A_SCHEMA):  # that one the document pass reports at its place
                yield Finding("", shorten_message(message))
        elif has_value(self.document, list(err.absolute_path), err.instance):
            path, text, hint = describe(err, self.version)
            yield Finding(pointer_from_parts(path), text, hint)
        else:
            yield from self._in_schema(err)

    # ---- inside a Schema Object

    def _pick(self, signature: str, candidates: list[tuple[str, str, Any]]) -> tuple[str, str, Any] | None:
        """The first candidate not yet used for an error of the same kind (equal schemas, one error each)."""
        for file, pointer, node in candidates:
            if (signature, file, pointer) not in self._taken:
                self._taken.add((signature, file, pointer))
                return file, pointer, node
        return candidates[0] if candidates else None

    def _in_schema(self, err: Any) -> tuple[Finding, ...]:
        path = list(err.absolute_path)
        schema_path = list(err.relative_schema_path)[:-1]
        instance = err.instance
        defaults = [
            (file, pointer, node)
            for file, pointer, node in self.index.find(lambda n: has_value(n["default"], path, instance), key="default")
            if self._schema_at(file, node, schema_path, err.schema)
        ]
        if defaults:  # equal (default, schema) pairs fail alike: each is reported
            return tuple(self._default_finding(err, file, pointer, node, path) for file, pointer, node in defaults)
        metas = self.index.find(lambda n: has_value(n, path, instance), key=path[0] if path else None)
        leaf_path, text, hint = describe(err, self.version)
        if not metas:
            return (Finding("", text, hint),)
        # Equal schemas with the same bad value are indistinguishable in the error; each is a
        # Schema Object with that problem, so each is reported (the stricter reading).
        out: list[Finding] = []
        for file, pointer, node in metas:
            out.append(Finding(pointer + pointer_from_parts(leaf_path), text, hint, file))
            out.extend(self._all_meta_findings(file, pointer, node))
        return tuple(out)

    def _all_meta_findings(self, file: str, pointer: str, node: Any) -> list[Finding]:
        """Every meta-schema problem of a schema the validator found one in: both validators stop at the
        first problem of each schema, which hides the rest (the stricter finding is kept)."""
        if (file, pointer) in self._fully_checked or not isinstance(node, dict) or "$schema" in node:
            return []
        self._fully_checked.add((file, pointer))
        try:
            return [Finding(pointer + pointer_from_parts(p), m, h, file) for p, m, h in meta_problems(node, self.version)]
        except Exception:  # noqa: BLE001 - the extra check is a bonus; the validator's finding stands
            return []

    def _schema_at(self, file: str, node: Any, schema_path: list[Any], schema: Any) -> bool:
        """Whether ``schema`` is at ``schema_path`` in ``node``, following ``$ref``s as the validator did."""
        location = self.resolver_location(file, "")
        for part in [*schema_path, None]:
            if isinstance(node, dict) and isinstance(node.get("$ref"), str) and (part is None or part not in node):
                try:
                    node, location = self.resolver.resolve(node, location)
                except Exception:  # noqa: BLE001 - a broken ref: not this one
                    return False
            if part is not None:
                node = value_at(node, [part])
        return bool(node == schema)

    def _default_finding(self, err: Any, file: str, pointer: str, node: Mapping[str, Any], path: list[Any]) -> Finding:
        _, reason, _ = describe(err, self.version)
        value = node["default"]
        union = re.search(r"/(anyOf|oneOf)/(\d+)$", pointer)
        if union is not None and self._sibling_accepts(file, pointer[: union.start()], union[1], int(union[2]), value):
            template = (
                f"default {short_value(value, 40)} does not match this {union[1]} branch ({{reason}}), "
                f"though another branch of the enclosing {union[1]} accepts it"
            )
            hint = (
                f"move the default up to the schema that has the {union[1]}; the validator checks a default "
                "against the branch it sits in, not against the whole union"
            )
        else:
            template = f"default {short_value(value, 40)} does not match its schema: {{reason}}"
            if value is None:
                hint = "allow null with `nullable: true`, or drop the default" if self.version == "3.0" else (
                    "allow null (add 'null' to `type`, or anyOf with {type: 'null'}), or drop the default"
                )
            elif isinstance(value, list) and pointer.endswith("/items"):
                hint = "this default is a list on an `items` schema: it probably belongs on the enclosing array schema"
            else:
                hint = "fix the default or the schema"
        return _DefaultFinding(f"{pointer}/default", template, hint, file, reason=reason, sub_path=pointer_from_parts(path))

    def _sibling_accepts(self, file: str, owner: str, keyword: str, index: int, value: Any) -> bool:
        document = self.document if not file else self.resolver.documents.get(file)
        branches = value_at(document, [t.replace("~1", "/").replace("~0", "~") for t in owner.split("/")[1:]] + [keyword])
        if not isinstance(branches, list):
            return False
        for i, branch in enumerate(branches):
            if i == index or not isinstance(branch, dict) or "$ref" in json.dumps(branch):
                continue
            if schema_accepts(branch, value):
                return True
        return False

    # ---- document-level checks that name no location

    def _duplicate_parameter(self, name: str) -> Finding:
        for file, pointer, node in self.index.find(lambda n: isinstance(n["parameters"], list), key="parameters", schemas_only=False):
            seen: set[tuple[Any, Any]] = set()
            for i, parameter in enumerate(node["parameters"]):
                try:
                    value, _ = self.resolver.resolve(parameter, self.resolver_location(file, f"{pointer}/parameters/{i}"))
                except Exception:  # noqa: BLE001, S112
                    continue
                if not isinstance(value, Mapping):
                    continue
                key = (value.get("name"), value.get("in"))
                where = ("dup-param", file, f"{pointer}/parameters/{i}")
                if key in seen and key[0] == name and where not in self._taken:
                    self._taken.add(where)
                    return Finding(
                        where[2],
                        shorten_message(f"duplicate parameter {name!r} in {key[1]}"),
                        "each (name, in) pair may appear only once per operation",
                        file,
                    )
                seen.add(key)
        return Finding("", shorten_message(f"duplicate parameter {name!r}"), "each (name, in) pair may appear only once per operation")

    def resolver_location(self, file: str, pointer: str) -> Any:
        from generator.load.refs import Location

        return Location(file or self.resolver.root_file, pointer)

    def _duplicate_tag(self, name: str) -> Finding:
        tags = self.document.get("tags") if isinstance(self.document, Mapping) else None
        seen = 0
        for i, tag in enumerate(tags if isinstance(tags, list) else []):
            if isinstance(tag, Mapping) and tag.get("name") == name:
                seen += 1
                if seen == 2:
                    return Finding(f"/tags/{i}", shorten_message(f"duplicate tag name {name!r}"), "tag names must be unique")
        return Finding("/tags", shorten_message(f"duplicate tag name {name!r}"), "tag names must be unique")

    def _extra_required(self, message: str, names: list[str]) -> Finding:
        def lists_them(node: Mapping[str, Any]) -> bool:
            required = node.get("required")
            return isinstance(required, list) and all(n in required for n in names)

        picked = self._pick("extra" + ",".join(names), self.index.find(lists_them, key="required"))
        hint = "define these properties (or remove them from required)"
        if picked is None:
            return Finding("", shorten_message(message), hint)
        file, pointer, _ = picked
        return Finding(pointer + "/required", shorten_message(message), hint, file)


@dataclass(frozen=True, slots=True)
class _DefaultFinding(Finding):
    """A ``default`` that fails its schema; the reasons of one default are joined (see ``Locator.findings``)."""

    reason: str = ""
    sub_path: str = ""

    def joined(self, reasons: list[str]) -> Finding:
        reason = "; ".join(reasons[:3]) + (f" (+{len(reasons) - 3} more)" if len(reasons) > 3 else "")
        pointer = self.pointer + (self.sub_path if len(reasons) == 1 else "")
        return Finding(pointer, shorten_message(self.message.replace("{reason}", reason)), self.hint, self.file)


def _has_details(err: Any) -> bool:
    validator = getattr(err, "validator", None)
    return validator is not None and type(validator).__name__ != "_Unset" and repr(validator) != "<unset>"
