"""Running openapi-spec-validator and turning every violation into a located Diagnostic.

The validator checks a document in two passes, which we run ourselves rather than
through ``SpecValidator.iter_errors`` (that method is ``lru_cache``-d on the
validator instance and would keep every document alive):

* the **structure pass** validates the whole document against the official OpenAPI
  JSON Schema. Its errors carry instance paths from the document root, which are
  already absolute. We build the validator with a pre-crawled ``referencing``
  registry: the library's own validator re-crawls the OpenAPI schema on every
  ``$dynamicRef`` lookup, which made this pass ~5x slower (8 s -> 1.5 s on the
  OpenAI spec, same results).
* the **keyword pass** walks paths and components with ``jsonschema_path.SchemaPath``
  objects: each Schema Object is checked against its JSON Schema meta-schema,
  defaults against their schema, parameters and operationIds for duplicates. These
  errors are reported *relative* to the node being checked (``$.required``). We
  plug subclasses of the library's keyword validators in through the
  ``keyword_validators`` class attribute; they attach to each error the absolute
  location of the node being checked (see :mod:`generator.validate.locate`), turn
  it into :class:`Finding` values, report *all* meta-schema errors of a schema (the
  library stops at the first), dedupe visited schemas with sets instead of lists
  (the list scans were ~1.5 s of the pass), and survive crashes of one node without
  losing the rest.

With ``jobs >= 2`` a forked helper process runs the structure pass and then takes
meta-schema checks of ``components/schemas`` off the main walk (work stealing
through a shared claim array), so the two cores split the ~8 s of meta-schema
checks.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

from generator.diagnostics import Diagnostic, Severity, escape_pointer_token
from generator.validate.locate import NodeIndex, pointer_from_parts, short_value, shorten_message

VERSIONS = ("3.0", "3.1")

SPEC_VIOLATION = "spec-violation"
VALIDATOR_CRASH = "validator-crash"

# Run the helper process only for documents with at least this many component
# schemas: for small documents the fork costs more than it saves.
HELPER_MIN_SCHEMAS = 64


@dataclass(frozen=True, slots=True)
class Finding:
    """One violation, located. ``file`` is ``""`` for the document being validated."""

    pointer: str
    message: str
    hint: str = ""
    file: str = ""
    kind: str = SPEC_VIOLATION

    def as_tuple(self) -> tuple[str, str, str, str, str]:
        return (self.kind, self.pointer, self.message, self.hint, self.file)

    @classmethod
    def from_tuple(cls, t: Any) -> Finding:
        kind, pointer, message, hint, file = t
        return cls(pointer=pointer, message=message, hint=hint, file=file, kind=kind)


# --------------------------------------------------------------------------- public


def validate_document(
    document: Mapping[str, Any], *, file: str, version: str, jobs: int | None = None
) -> list[Diagnostic]:
    """Run openapi-spec-validator on ``document``; every violation becomes a warning.

    ``version`` is ``"3.0"`` or ``"3.1"`` (see :func:`detect_version`). Pointers are
    absolute JSON pointers into ``document`` (or into the external file named by
    the diagnostic's ``file``). A crash of the validator becomes one
    ``validator-crash`` warning, never an exception. ``jobs`` (default: 2 when the
    machine has 2+ CPUs and ``fork`` is available) lets a forked helper share the work.
    """
    return to_diagnostics(collect_findings(document, file=file, version=version, jobs=jobs), file=file)


def to_diagnostics(findings: list[Finding], *, file: str) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: set[tuple[str, str, str, str]] = set()
    crashes: list[Finding] = []
    for f in findings:
        if f.kind == VALIDATOR_CRASH:
            crashes.append(f)
            continue
        key = (f.kind, f.file, f.pointer, f.message)
        if key in seen:
            continue
        seen.add(key)
        out.append(Diagnostic(f.kind, f.message, f.pointer, f.file or file, Severity.WARNING, f.hint))
    if crashes:
        first = crashes[0]
        message = first.message
        if len(crashes) > 1:
            message += f" (and {len(crashes) - 1} more crash(es) elsewhere in the document)"
        out.append(
            Diagnostic(VALIDATOR_CRASH, message, first.pointer, first.file or file, Severity.WARNING, first.hint)
        )
    return out


def collect_findings(document: Mapping[str, Any], *, file: str, version: str, jobs: int | None = None) -> list[Finding]:
    if version not in VERSIONS:
        raise ValueError(f"version must be one of {VERSIONS}, not {version!r}")
    try:
        run = _Run(json_view(document), file=file, version=version)
    except Exception as exc:  # noqa: BLE001 - the validator library failed to even start
        return [crash_finding(exc, "setting up")]
    helper = _Helper.start(run) if _want_helper(run, jobs) else None
    try:
        keyword = _keyword_pass(run)
        structure = helper.structure_findings() if helper is not None else None
        if structure is None:
            structure = _structure_pass(run)
    finally:
        if helper is not None:
            helper.close()
    return structure + keyword


def crash_finding(exc: BaseException, doing: str, pointer: str = "", file: str = "") -> Finding:
    what = shorten_message(f"{type(exc).__name__}: {exc}", limit=120) if str(exc) else type(exc).__name__
    return Finding(
        pointer=pointer,
        message=shorten_message(
            f"openapi-spec-validator crashed while {doing} ({what}); the checks it had left were skipped"
        ),
        hint="generation goes on; the spec may have problems the validator did not get to report",
        file=file,
        kind=VALIDATOR_CRASH,
    )


def fork_available() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def default_jobs() -> int:
    return 2 if (os.cpu_count() or 1) >= 2 and fork_available() else 1


# --------------------------------------------------------------------------- run state

_JSON_SCALARS = (str, int, float, bool, type(None))


def json_view(document: Any) -> Any:
    """``document`` as JSON would see it: the validator chokes on YAML's int keys (``200:``)
    and dates (``2024-01-01``), which are strings in the JSON data model. The document
    itself is returned when it is already clean (the common case), else a converted copy;
    pointers are the same either way.
    """
    try:
        if _is_json(document):
            return document
        return _to_json(document)
    except RecursionError:  # a recursive YAML alias: leave it to the validator
        return document


def _is_json(node: Any) -> bool:
    if isinstance(node, dict):
        return all(isinstance(k, str) and _is_json(v) for k, v in node.items())
    if isinstance(node, list):
        return all(_is_json(v) for v in node)
    return isinstance(node, _JSON_SCALARS)


def _to_json(node: Any) -> Any:
    if isinstance(node, dict):
        return {_json_key(k): _to_json(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_to_json(v) for v in node]
    if isinstance(node, _JSON_SCALARS):
        return node
    if hasattr(node, "isoformat"):  # date / datetime from YAML
        return node.isoformat()
    return str(node)


def _json_key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, bool) or key is None:
        return {True: "true", False: "false", None: "null"}[key]
    if hasattr(key, "isoformat"):
        return key.isoformat()
    return str(key)


class _Run:
    """What the keyword validators of one validation share: the document, locator, helper."""

    def __init__(self, document: Mapping[str, Any], *, file: str, version: str) -> None:
        from jsonschema_path import SchemaPath

        self.document = document
        self.file = file
        self.version = version
        self.base_uri = _base_uri(file)
        self.spec_validator_cls = _spec_validator_class(version)
        self.schema_path = SchemaPath.from_dict(
            document,
            base_uri=self.base_uri,
            handlers=self.spec_validator_cls.resolver_handlers,
            resolved_cache_maxsize=65536,
        )
        self.spec_validator = self.spec_validator_cls(self.schema_path, base_uri=self.base_uri)
        self.spec_validator.keyword_validators_registry.oasgen_run = self  # type: ignore[attr-defined]
        self._indexes: dict[str, tuple[str, NodeIndex] | None] = {self.base_uri.rstrip("#"): ("", NodeIndex(document))}
        self.helper: _Helper | None = None

    # ---- locations

    def locate(self, path: Any) -> tuple[str, str]:
        """``(file, pointer)`` of the node a ``SchemaPath`` resolves to; ``file`` is ``""`` for the root."""
        value: Any = None
        uri = None
        resolver = None
        try:
            with path.resolve() as resolved:
                value = resolved.contents
                resolver = resolved.resolver
                uri = getattr(resolver, "_base_uri", None)
        except Exception:  # noqa: BLE001, S110 - a broken $ref: fall back to the logical path
            pass
        if isinstance(value, (dict, list)):
            found = self._index_for(uri, resolver)
            if found is not None:
                file, index = found
                pointer = index.pointer_of(value)
                if pointer is not None:
                    return file, pointer
        parts = path.parts
        if parts:
            file, parent = self.locate(path.parent)
            return file, parent + "/" + escape_pointer_token(parts[-1])
        return "", ""

    def _index_for(self, uri: str | None, resolver: Any) -> tuple[str, NodeIndex] | None:
        if uri is None:
            return self._indexes[self.base_uri.rstrip("#")]
        uri = uri.rstrip("#")
        if uri not in self._indexes:
            entry: tuple[str, NodeIndex] | None = None
            try:
                contents = resolver._registry.contents(uri)
                parsed = urlparse(uri)
                file = url2pathname(unquote(parsed.path)) if parsed.scheme == "file" else uri
                entry = (file, NodeIndex(contents))
            except Exception:  # noqa: BLE001
                entry = None
            self._indexes[uri] = entry
        return self._indexes[uri]

    # ---- meta-schema checks, possibly done by the helper

    def meta_records(self, value: Any, compute: Callable[[], list[tuple]]) -> list[tuple]:
        helper = self.helper
        if helper is not None:
            records = helper.records_for(value)
            if records is not None:
                return records
        return compute()


def _base_uri(file: str) -> str:
    try:
        if file and os.path.isfile(file):
            return Path(os.path.abspath(file)).as_uri()
    except (OSError, ValueError):
        pass
    return ""


# --------------------------------------------------------------------------- describing errors


def _is_ref_alternative(err: Any) -> bool:
    """``'$ref' is a required property`` from the Reference branch of a oneOf: never the useful one."""
    return (
        err.validator == "required"
        and isinstance(err.validator_value, list)
        and "$ref" in err.validator_value
        and isinstance(err.instance, dict)
        and "$ref" not in err.instance
    )


def closest_error(err: Any) -> tuple[Any, list[Any]]:
    """The most specific error below a oneOf/anyOf error, and the tied alternatives if there is no single one.

    Branches made only of the Reference alternative (``'$ref' is a required
    property``) are ignored. Of the others, the branch with the fewest errors is the
    one the author most likely meant (ties: the one whose errors go deepest into the
    instance); its deepest error is followed down. When several branches tie with
    one error each (``schema`` or ``content`` missing), those errors are returned as
    alternatives and ``err`` itself is kept.
    """
    while getattr(err, "context", None):
        branches: dict[Any, list[Any]] = {}
        for sub in err.context:
            key = sub.relative_schema_path[0] if sub.relative_schema_path else None
            branches.setdefault(key, []).append(sub)
        candidates = [errs for errs in branches.values() if not all(_is_ref_alternative(e) for e in errs)]
        if not candidates:
            return err, []

        def score(errs: list[Any]) -> tuple[int, int]:
            return (len(errs), -max(len(e.absolute_path) for e in errs))

        best_score = min(score(errs) for errs in candidates)
        best = [errs for errs in candidates if score(errs) == best_score]
        if len(best) > 1:
            if all(len(errs) == 1 and not errs[0].context for errs in best):
                return err, [errs[0] for errs in best]
            return err, []
        err = max(best[0], key=lambda e: len(e.absolute_path))
    return err, []


def _duplicates(items: list[Any]) -> list[Any]:
    seen: list[Any] = []
    dups: list[Any] = []
    for item in items:
        if item in seen:
            if item not in dups:
                dups.append(item)
        else:
            seen.append(item)
    return dups


def describe(err: Any, version: str) -> tuple[tuple[Any, ...], str, str]:
    """``(path, message, hint)`` for a jsonschema error; ``path`` is relative to the validated instance."""
    leaf, alternatives = closest_error(err)
    path = tuple(leaf.absolute_path)
    key = path[-1] if path else None
    instance = leaf.instance
    message = shorten_message(str(leaf.message), instance, has_instance=True)
    hint = ""
    if alternatives:
        options = "; or ".join(shorten_message(str(a.message), a.instance, has_instance=True) for a in alternatives[:4])
        message = shorten_message(f"matches none of the {len(alternatives)} allowed forms: {options}")
    if leaf.validator == "uniqueItems" and isinstance(instance, list):
        dups = _duplicates(instance)
        name = f"'{key}'" if isinstance(key, str) else "the list"
        message = shorten_message(f"{name} lists {', '.join(short_value(d, 30) for d in dups)} more than once")
        hint = "remove the duplicate entries"
    elif isinstance(key, str) and not isinstance(instance, dict):
        message = shorten_message(f"{key}: {message}")
    if key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(instance, bool) and version == "3.1":
        bound = "minimum" if key == "exclusiveMinimum" else "maximum"
        hint = (
            f"OpenAPI 3.1 uses JSON Schema 2020-12, where {key} is the bound itself (a number): "
            f"write `{key}: N` instead of `{bound}: N` plus `{key}: true` (the OpenAPI 3.0 form)"
        )
    elif key == "$recursiveAnchor":
        hint = "$recursiveAnchor is JSON Schema 2019-09; OpenAPI 3.1 uses 2020-12, which replaced it with $dynamicAnchor (a name)"
    elif key == "type" and version == "3.0" and isinstance(instance, list):
        hint = "OpenAPI 3.0 allows one type per schema: use `nullable: true` for null, or oneOf for several types"
    return path, message, hint


# --------------------------------------------------------------------------- structure pass


@functools.cache
def _structure_validator(version: str) -> Any:
    """A validator for the OpenAPI schema whose ``referencing`` registry is crawled once, up front."""
    from jsonschema.validators import validator_for  # type: ignore[import-untyped]
    from jsonschema_specifications import REGISTRY as JSONSCHEMA_REGISTRY  # type: ignore[import-untyped]
    from openapi_spec_validator import schemas
    from referencing.jsonschema import DRAFT202012, specification_with

    schema = dict(schemas.schema_v30 if version == "3.0" else schemas.schema_v31)
    try:
        cls = validator_for(schema)
        specification = specification_with(str(schema.get("$schema", "")), default=DRAFT202012)
        resource = specification.create_resource(schema)
        uri = resource.id() or ""
        registry = JSONSCHEMA_REGISTRY.with_resource(uri, resource).crawl()
        return cls(schema, _resolver=registry.resolver(base_uri=uri))
    except Exception:  # noqa: BLE001 - library internals changed: use its own (slower) validator
        return _spec_validator_class(version).schema_validator


def _structure_pass(run: _Run) -> list[Finding]:
    findings: list[Finding] = []
    try:
        validator = _structure_validator(run.version)
        for err in validator.iter_errors(run.document):
            path, message, hint = describe(err, run.version)
            findings.append(Finding(pointer_from_parts(path), message, hint))
    except Exception as exc:  # noqa: BLE001
        findings.append(crash_finding(exc, "checking the document against the OpenAPI schema"))
    return findings


# --------------------------------------------------------------------------- keyword pass


def _keyword_pass(run: _Run) -> list[Finding]:
    findings: list[Finding] = []
    try:
        for err in run.spec_validator.root_validator(run.schema_path):
            located = getattr(err, "oasgen_findings", None)
            if located is None:  # an error none of our hooks saw: report it unlocated
                located = [Finding("", shorten_message(str(getattr(err, "message", err))))]
            findings.extend(located)
    except Exception as exc:  # noqa: BLE001
        findings.append(crash_finding(exc, "walking paths and components"))
    return findings


class _IdSet(set):
    """The library keeps visited schema ids in lists (``in`` is O(n)); same interface, O(1)."""

    append = set.add


def _run_of(keyword_validator: Any) -> _Run:
    return keyword_validator.registry.oasgen_run


def _first_schema_path(args: tuple[Any, ...]) -> Any:
    from jsonschema_path import SchemaPath

    for a in args:
        if isinstance(a, SchemaPath):
            return a
    return None


def _tag(err: Any, findings: list[Finding]) -> Any:
    err.oasgen_findings = findings
    return err


class _LocatedMixin:
    """Puts every error it sees at an absolute location; a crash loses only this node.

    ``_iter_errors`` yields the library's errors for one call, ``_findings_for``
    locates one that no inner validator located yet (default: at the first
    ``SchemaPath`` argument, the node this validator checks).
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        subject = _first_schema_path(args)
        run = _run_of(self)
        try:
            for err in self._iter_errors(*args, **kwargs):
                if getattr(err, "oasgen_findings", None) is None:
                    _tag(err, self._findings_for(err, run, subject))
                yield err
        except Exception as exc:  # noqa: BLE001
            file, pointer = _safe_locate(run, subject)
            yield _located_error([_exception_finding(exc, pointer, file)])

    def _iter_errors(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        return super().__call__(*args, **kwargs)  # type: ignore[misc]

    def _findings_for(self, err: Any, run: _Run, subject: Any) -> list[Finding]:
        file, pointer = run.locate(subject) if subject is not None else ("", "")
        return [Finding(pointer, shorten_message(str(err.message)), "", file)]


def _exception_finding(exc: Exception, pointer: str, file: str) -> Finding:
    """A ``$ref`` that leads nowhere is the document's problem; anything else is the validator's."""
    ref = getattr(exc, "ref", None)
    if isinstance(ref, str) and type(exc).__module__.startswith("referencing"):
        if ref.startswith("/"):  # PointerToNowhere gives the fragment only
            ref = "#" + ref
        return Finding(
            pointer,
            shorten_message(f"cannot resolve $ref {ref!r}: the validator skipped what is behind it"),
            "point the $ref at an existing target",
            file,
        )
    return crash_finding(exc, f"checking {pointer or 'the document root'}", pointer, file)


def _safe_locate(run: _Run, path: Any) -> tuple[str, str]:
    if path is None:
        return "", ""
    try:
        return run.locate(path)
    except Exception:  # noqa: BLE001
        return "", pointer_from_parts(getattr(path, "parts", ()))


@functools.cache
def _error_classes() -> tuple[type, type]:
    """``(LocatedError, MetaErrors)``, made on first use so importing this module stays cheap."""
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    class LocatedError(OpenAPIValidationError):  # type: ignore[misc]
        """A synthetic error whose ``oasgen_findings`` say everything."""

    class MetaErrors(OpenAPIValidationError):  # type: ignore[misc]
        """All meta-schema errors of one schema, as ``(relative path, message, hint)`` records."""

        def __init__(self, message: str, records: list[tuple[Any, ...]]) -> None:
            super().__init__(message)
            self.records = records

    return LocatedError, MetaErrors


def _located_error(findings: list[Finding]) -> Any:
    return _tag(_error_classes()[0]("located"), findings)


def _read(path: Any) -> Any:
    try:
        return path.read_value()
    except Exception:  # noqa: BLE001
        return None


class _SchemaMixin(_LocatedMixin):
    """Schema Objects: all meta-schema errors, absolute pointers, set-based dedupe."""

    def __init__(self, registry: Any) -> None:
        super().__init__(registry)  # type: ignore[call-arg]
        self.visited_schema_ids = _IdSet()
        self.meta_checked_schema_ids = _IdSet()
        self._meta_validators: dict[tuple[int, int], Any] = {}

    def _findings_for(self, err: Any, run: _Run, subject: Any) -> list[Finding]:
        from openapi_spec_validator.validation.exceptions import ExtraParametersError

        file, base = run.locate(subject)
        if isinstance(err, _error_classes()[1]):
            records: list[tuple[Any, ...]] = err.records  # type: ignore[attr-defined]
            return [Finding(base + pointer_from_parts(p), m, h, file) for p, m, h in records]
        if isinstance(err, ExtraParametersError):
            return [
                Finding(
                    base + "/required",
                    shorten_message(str(err.message)),
                    "define these properties (or remove them from required)",
                    file,
                )
            ]
        if str(err.message).endswith("is not of type 'object', 'boolean'"):
            return [
                Finding(base, f"a schema must be an object or a boolean, not {short_value(_read(subject))}", "", file)
            ]
        return [Finding(base, shorten_message(str(err.message)), "", file)]

    # ---- meta-schema

    def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
        run = _run_of(self)
        records = run.meta_records(schema_value, lambda: self.compute_meta_records(schema, schema_value))
        if not records:
            return None
        return _error_classes()[1]("schema does not match its meta-schema", records)

    def compute_meta_records(self, schema: Any, schema_value: Any) -> list[tuple]:
        """All meta-schema errors of ``schema_value`` as ``(relative path, message, hint)``."""
        run = _run_of(self)
        try:
            validator = self._meta_validator(schema, schema_value)
        except ValueError as exc:  # unknown $schema dialect, as the library reports it
            return [((), shorten_message(str(exc)), "")]
        except Exception:  # noqa: BLE001 - library internals changed: first error only, its way
            err = super()._validate_schema_meta(schema, schema_value)  # type: ignore[misc]
            return [] if err is None else [describe(err, run.version)]
        return [describe(e, run.version) for e in validator.iter_errors(schema_value)]

    def _meta_validator(self, schema: Any, schema_value: Any) -> Any:
        """What the library's ``check_schema`` builds on every call, built once per (class, format checker)."""
        from jsonschema.validators import validator_for
        from openapi_schema_validator._specifications import REGISTRY as OPENAPI_SPECIFICATIONS

        if hasattr(self, "_get_validator_class_for_dialect"):  # 3.1: `$schema` / `jsonSchemaDialect` decide
            dialect_id = self._get_schema_dialect_id(schema, schema_value)  # type: ignore[attr-defined]
            cls = self._get_validator_class_for_dialect(dialect_id)  # type: ignore[attr-defined]
            if cls is None:
                raise ValueError(f"Unknown JSON Schema dialect: {dialect_id!r}")
            format_checker = self.schema_validator_format_checker  # type: ignore[attr-defined]
        else:
            cls = self.schema_validator_cls  # type: ignore[attr-defined]
            format_checker = cls.FORMAT_CHECKER
        key = (id(cls), id(format_checker))
        validator = self._meta_validators.get(key)
        if validator is None:
            meta_cls = validator_for(cls.META_SCHEMA, default=cls)
            validator = meta_cls(cls.META_SCHEMA, format_checker=format_checker, registry=OPENAPI_SPECIFICATIONS)
            self._meta_validators[key] = validator
        return validator

    # ---- defaults

    @property
    def default_validator(self) -> Any:
        return _DefaultChecker(super().default_validator, _run_of(self))  # type: ignore[misc]


class _DefaultChecker:
    """Wraps the ``default`` value validator: locates at ``.../default`` and explains the mismatch."""

    def __init__(self, inner: Any, run: _Run) -> None:
        self.inner = inner
        self.run = run

    def __call__(self, schema: Any, value: Any) -> Iterator[Any]:
        try:
            errors = list(self.inner(schema, value))
        except Exception as exc:  # noqa: BLE001 - e.g. `maxLength: "ten"` makes jsonschema compare int and str
            file, base = _safe_locate(self.run, schema)
            yield _located_error([_exception_finding(exc, base + "/default", file)])
            return
        if not errors:
            return
        # One default, one finding: its reasons (often several `required` misses) are listed together.
        file, base = self.run.locate(schema)
        described = [describe(err, self.run.version) for err in errors]
        reasons: list[str] = []
        for _, message, _ in described:
            if message not in reasons:
                reasons.append(message)
        reason = "; ".join(reasons[:3]) + (f" (+{len(reasons) - 3} more)" if len(reasons) > 3 else "")
        # Point at the offending part of the default when there is exactly one.
        paths = {path for path, _, _ in described}
        pointer = base + "/default" + (pointer_from_parts(next(iter(paths))) if len(paths) == 1 else "")
        shown = short_value(value, 40)
        union = self._union_accepting(schema, value)
        if union is not None:
            keyword, union_file, union_pointer = union
            if union_file == file and base == f"{union_pointer}/{keyword}/{schema.parts[-1]}":
                text = (
                    f"default {shown} does not match this {keyword} branch ({reason}), "
                    f"though another branch of the enclosing {keyword} accepts it"
                )
            else:  # a $ref'd schema used as a branch elsewhere
                text = (
                    f"default {shown} does not match its schema ({reason}), though the {keyword} "
                    f"at {union_pointer or '/'} that uses this schema as a branch accepts it"
                )
            hint = (
                f"move the default up to the schema that has the {keyword}; the validator checks a default "
                "against the branch it sits in, not against the whole union"
            )
        else:
            text = f"default {shown} does not match its schema: {reason}"
            if value is None and self.run.version == "3.0":
                hint = "allow null with `nullable: true`, or drop the default"
            elif value is None:
                hint = "allow null (add 'null' to `type`, or anyOf with {type: 'null'}), or drop the default"
            elif isinstance(value, list) and base.endswith("/items"):
                hint = "this default is a list on an `items` schema: it probably belongs on the enclosing array schema"
            else:
                hint = "fix the default or the schema"
        yield _tag(errors[0], [Finding(pointer, shorten_message(text), hint, file)])

    def _union_accepting(self, schema: Any, value: Any) -> tuple[str, str, str] | None:
        """When ``schema`` was reached as a branch of an anyOf/oneOf and a sibling branch accepts
        ``value``: ``(keyword, file, pointer of the schema holding the keyword)``."""
        parts = schema.parts
        if len(parts) < 2 or parts[-2] not in ("anyOf", "oneOf") or not isinstance(parts[-1], int):
            return None
        try:
            union = schema.parent
            for i in range(len(union)):
                if i != parts[-1] and next(iter(self.inner(union / i, value)), None) is None:
                    file, pointer = self.run.locate(union.parent)
                    return str(parts[-2]), file, pointer
        except Exception:  # noqa: BLE001
            return None
        return None


class _ParametersMixin(_LocatedMixin):
    """Duplicate parameters located at the duplicate; parameters missing name/in are left to the structure pass."""

    def _iter_errors(self, parameters: Any) -> Iterator[Any]:
        from openapi_spec_validator.validation.exceptions import ParameterDuplicateError

        run = _run_of(self)
        seen: set[tuple[Any, Any]] = set()
        for parameter in parameters:
            yield from self.parameter_validator(parameter)  # type: ignore[attr-defined]
            value = _read(parameter)
            if not isinstance(value, Mapping) or "name" not in value or "in" not in value:
                continue
            key = (value["name"], value["in"])
            if key in seen:
                file, pointer = run.locate(parameter)
                err = ParameterDuplicateError(f"Duplicate parameter '{value['name']}'")
                yield _tag(
                    err,
                    [
                        Finding(
                            pointer,
                            shorten_message(f"duplicate parameter {value['name']!r} in {value['in']}"),
                            "each (name, in) pair may appear only once per operation",
                            file,
                        )
                    ],
                )
            seen.add(key)


class _OperationMixin(_LocatedMixin):
    def _findings_for(self, err: Any, run: _Run, subject: Any) -> list[Finding]:
        from openapi_spec_validator.validation.exceptions import DuplicateOperationIDError, UnresolvableParameterError

        file, pointer = run.locate(subject)
        hint = ""
        if isinstance(err, DuplicateOperationIDError):
            pointer += "/operationId"
            hint = "operationIds must be unique across the document"
        elif isinstance(err, UnresolvableParameterError):
            hint = (
                "every {name} in the path needs an `in: path` parameter, and every path parameter a {name} in the path"
            )
        return [Finding(pointer, shorten_message(str(err.message)), hint, file)]

    def _get_path_param_names(self, params: Any) -> Iterator[str]:
        for param in params:
            value = _read(param)
            if isinstance(value, Mapping) and value.get("in") == "path" and isinstance(value.get("name"), str):
                yield value["name"]


class _TagsMixin(_LocatedMixin):
    def _iter_errors(self, tags: Any) -> Iterator[Any]:
        from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

        run = _run_of(self)
        seen: set[str] = set()
        for tag in tags:
            value = _read(tag)
            name = value.get("name") if isinstance(value, Mapping) else None
            if not isinstance(name, str):
                continue
            if name in seen:
                file, pointer = run.locate(tag)
                yield _tag(
                    OpenAPIValidationError(f"Duplicate tag name '{name}'"),
                    [
                        Finding(
                            pointer, shorten_message(f"duplicate tag name {name!r}"), "tag names must be unique", file
                        )
                    ],
                )
            seen.add(name)


_MIXINS: dict[str, type] = {
    "schema": _SchemaMixin,
    "parameters": _ParametersMixin,
    "operation": _OperationMixin,
    "tags": _TagsMixin,
}


@functools.cache
def _spec_validator_class(version: str) -> Any:
    """The library's spec validator with every keyword validator swapped for a located subclass."""
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    base = OpenAPIV30SpecValidator if version == "3.0" else OpenAPIV31SpecValidator
    keyword_validators: dict[str, type] = {}
    for name, cls in base.keyword_validators.items():
        if name == "default":  # the value validator: wrapped by _SchemaMixin.default_validator instead
            keyword_validators[name] = cls
            continue
        mixin = _MIXINS.get(name, _LocatedMixin)
        keyword_validators[name] = type(f"Located{cls.__name__}", (mixin, cls), {})
    return type(f"Located{base.__name__}", (base,), {"keyword_validators": keyword_validators})


# --------------------------------------------------------------------------- helper process


def _want_helper(run: _Run, jobs: int | None) -> bool:
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 2 or not fork_available():
        return False
    components = run.document.get("components") if isinstance(run.document, Mapping) else None
    schemas = components.get("schemas") if isinstance(components, Mapping) else None
    return isinstance(schemas, Mapping) and len(schemas) >= HELPER_MIN_SCHEMAS


_FREE, _MAIN, _HELPER = 0, 1, 2


class _Helper:
    """A forked process that runs the structure pass, then steals meta-schema checks.

    ``claims[i]`` says who checks component schema ``i``: whoever sets it first
    (under its lock). The helper works from the last component backwards while the
    main process walks the document; when the walk needs a schema the helper
    claimed, it waits for that one result. If the helper dies, the main process
    does the work itself.
    """

    def __init__(self, run: _Run, candidates: list[tuple[Any, Any]], ctx: Any) -> None:
        self.run = run
        self.candidates = candidates
        self.index = {id(value): i for i, (_, value) in reversed(list(enumerate(candidates)))}
        self.claims = ctx.Array("b", len(candidates))
        self.results: dict[int, list[tuple]] = {}
        self.structure: list[Finding] | None = None
        self.dead = False  # the pipe is closed: no more messages
        self.broken = False  # the claim lock is unusable: stop asking
        self.reader, writer = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=self._main, args=(writer,), daemon=True, name="oasgen-validate-helper")
        self.process.start()
        writer.close()

    @classmethod
    def start(cls, run: _Run) -> _Helper | None:
        try:
            ctx = multiprocessing.get_context("fork")
            candidates: list[tuple[Any, Any]] = []
            seen: set[int] = set()
            schemas = run.schema_path / "components" / "schemas"
            for path in schemas:  # SchemaPath iterates child paths
                value = _read(path)
                if isinstance(value, Mapping) and id(value) not in seen:
                    seen.add(id(value))
                    candidates.append((path, value))
            helper = cls(run, candidates, ctx)
        except Exception:  # noqa: BLE001 - e.g. inside a daemonic process, or no fork: go on alone
            return None
        run.helper = helper
        return helper

    # ---- in the helper process

    def _main(self, writer: Any) -> None:
        parent = os.getppid()
        try:
            writer.send(("structure", [f.as_tuple() for f in _structure_pass(self.run)]))
            checker = self.run.spec_validator.keyword_validators_registry["schema"]
            for i in range(len(self.candidates) - 1, -1, -1):
                if os.getppid() != parent:
                    return  # the main process is gone
                with self.claims.get_lock():
                    if self.claims[i] != _FREE:
                        continue
                    self.claims[i] = _HELPER
                path, value = self.candidates[i]
                try:
                    records = checker.compute_meta_records(path, value)
                except Exception:  # noqa: BLE001 - let the main process find (and report) it
                    records = None
                writer.send(("meta", i, records))
            writer.send(("done",))
        except (BrokenPipeError, EOFError, OSError):
            pass
        finally:
            try:
                writer.close()
            except OSError:
                pass

    # ---- in the main process

    def _receive(self, block: bool) -> bool:
        """Take one message; False when there is none (non-blocking) or the helper is gone."""
        if self.dead:
            return False
        try:
            if not block and not self.reader.poll():
                return False
            message = self.reader.recv()
        except (EOFError, OSError):
            self.dead = True
            return False
        if message[0] == "structure":
            self.structure = [Finding.from_tuple(t) for t in message[1]]
        elif message[0] == "meta":
            self.results[message[1]] = message[2]
        return True

    def records_for(self, value: Any) -> list[tuple] | None:
        i = self.index.get(id(value))
        if i is None or self.broken:
            return None
        while self._receive(block=False):  # keep the pipe drained so the helper never blocks
            pass
        lock = self.claims.get_lock()
        if not lock.acquire(timeout=10):  # only if the helper died holding it: go on alone
            self.broken = True
            return None
        try:
            owner = self.claims[i]
            if owner == _FREE:
                self.claims[i] = _MAIN
        finally:
            lock.release()
        if owner != _HELPER:
            return None
        while i not in self.results and self._receive(block=True):
            pass
        return self.results.get(i)

    def structure_findings(self) -> list[Finding] | None:
        try:
            while self.structure is None and self._receive(block=True):
                pass
        except Exception:  # noqa: BLE001 - e.g. a garbled message: do the pass here instead
            return None
        return self.structure

    def close(self) -> None:
        self.run.helper = None
        try:
            self.reader.close()
        except OSError:
            pass
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(timeout=5)
