"""The generator's configuration file (``--config FILE``, YAML).

Every key is optional; defaults are derived from the spec. Every value is checked against the
published JSON Schema ``generator/config.schema.json`` (editors can complete and check the file
with it): an unknown key, a wrong type or a value that could not become valid Python, TOML or an
HTTP header (package ``../../evil_pkg`` or ``class``, class name ``my-sdk.v2``, a header name with
CR/LF ...) is an error (exit 2) naming the file, the key's JSON pointer and a hint, before any
code is generated. Overrides that match nothing in the spec are warned about once the IR exists
(:mod:`generator.normalize` reports them, see ``unmatched-override``).

Example (``spec/openai.config.yaml``)::

    package: {name: openai_client, distribution: openai-client, version: 1.0.0}
    client:
      class_name: OpenAI
      async_class_name: AsyncOpenAI
      env_prefix: OPENAI
      base_url_env: OPENAI_BASE_URL
      log_env: OPENAI_LOG
      auth: {ApiKeyAuth: {options: [api_key], env: [OPENAI_API_KEY]}}
      headers:
        - {option: organization, header: OpenAI-Organization, env: OPENAI_ORG_ID}
    errors: {base: OpenAIError}
    resources:
      prefixes: {organization: admin.organization}   # resource-path prefix -> replacement
      overrides: {createImageVariation: images.create_variation}   # op key -> full method path
    select:                      # which operations the client has (generator/normalize/select.py)
      include: {tags: [pets]}    # operations, tags, paths (globs), methods; empty: all
      exclude: {paths: ['/admin/**']}
    names:                       # explicit Python names (generator/normalize/naming.py Renames)
      properties: {Pet.petName: name}
      parameters: {listPets.startIndex: offset, "GET /pets/{petId} petId": pet_id}
    templates: templates/        # searched before the built-in templates
    formatter: ruff              # ruff | black | none
    tests: true                  # emit tests/ (endpoint tests against a mock server); default true
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostic, GeneratorError
from generator.load.document import read_document


@dataclass(frozen=True)
class AuthConfig:
    options: tuple[str, ...] = ()
    env: tuple[str, ...] = ()


@dataclass(frozen=True)
class HeaderConfig:
    option: str
    header: str
    env: str = ""


@dataclass(frozen=True)
class Criteria:
    """One side of ``select`` (``include`` or ``exclude``): an operation meets it when any entry matches."""

    operations: tuple[str, ...] = ()
    """Op keys: operationIds or ``"METHOD /path"`` (:mod:`generator.normalize.selectors`)."""
    tags: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    """Path globs (``/pets/*``, ``/admin/**``; see :func:`generator.normalize.selectors.path_matches`)."""
    methods: tuple[str, ...] = ()
    """HTTP methods, any case."""

    def __bool__(self) -> bool:
        return bool(self.operations or self.tags or self.paths or self.methods)


@dataclass(frozen=True)
class Selection:
    """``select``: which operations the client has (:mod:`generator.normalize.select`)."""

    include: Criteria = field(default_factory=Criteria)
    """Empty: every operation."""
    exclude: Criteria = field(default_factory=Criteria)

    def __bool__(self) -> bool:
        return bool(self.include or self.exclude)


@dataclass(frozen=True)
class Config:
    package_name: str = ""
    distribution: str = ""
    version: str = ""
    class_name: str = ""
    async_class_name: str = ""
    base_url: str = ""
    base_url_env: str = ""
    env_prefix: str = ""
    log_env: str = ""
    credentials_required: bool | None = None
    auth: Mapping[str, AuthConfig] = field(default_factory=dict)
    headers: tuple[HeaderConfig, ...] = ()
    base_error: str = ""
    overrides: Mapping[str, str] = field(default_factory=dict)
    prefixes: Mapping[str, str] = field(default_factory=dict)
    selection: Selection = field(default_factory=Selection)
    property_names: Mapping[str, str] = field(default_factory=dict)
    """``names.properties``: ``"Schema.wireName"`` -> Python attribute name."""
    parameter_names: Mapping[str, str] = field(default_factory=dict)
    """``names.parameters``: ``"operationId.param"`` or ``"METHOD /path param"`` -> keyword argument name."""
    templates: Path | None = None
    formatter: str = ""
    tests: bool = True
    preserve: tuple[str, ...] = ()
    """Globs (relative to the output folder) the writer never overwrites or deletes."""
    source: str = ""


SCHEMA_PATH = Path(__file__).with_name("config.schema.json")
"""The published JSON Schema of this file (point an editor's YAML/JSON schema support at it)."""


def _schema_bytes() -> bytes:
    return SCHEMA_PATH.read_bytes()


def _validate(data: Any, file: str) -> None:
    """Check ``data`` against :data:`SCHEMA_PATH`; raise GeneratorError naming the key's pointer and a hint.

    A config that passed once is remembered by content (``generator.cache``), so warm runs do not
    pay for importing jsonschema.
    """
    import json

    from generator import cache

    schema_raw = _schema_bytes()
    try:
        canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=repr)
    except (TypeError, ValueError):
        canonical = repr(data)
    entry = cache.key("config", schema_raw, canonical)
    if cache.get("config", entry) == b"ok":
        return
    import jsonschema  # type: ignore[import-untyped]

    schema = json.loads(schema_raw)
    validator = jsonschema.Draft202012Validator(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        raise _as_generator_error(error, file) from None
    cache.put("config", entry, b"ok")


def _as_generator_error(error: Any, file: str) -> GeneratorError:
    from generator.diagnostics import join_pointer

    path = list(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    hint = schema.get("x-hint", "")
    kind = error.validator
    if kind == "additionalProperties" and isinstance(value, Mapping):
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(k for k in value if k not in allowed)
        path.append(extra[0] if extra else "")
        message = f"unknown key {path[-1]!r}"
        hint = f"allowed keys here: {', '.join(allowed)}" if allowed else hint
    elif kind == "required":
        message = error.message.replace("is a required property", "is required here")
    elif kind == "type":
        expected = schema.get("type")
        message = f"expected {'a mapping' if expected == 'object' else 'a list' if expected == 'array' else expected}, got {_describe(value)}"
        if not hint:
            keys = ", ".join(sorted(schema.get("properties", {})))
            hint = f"write a mapping with the keys {keys}" if keys else f"write {'a mapping' if expected == 'object' else 'a list'} here"
            hint += "; the file's schema is generator/config.schema.json"
    elif kind == "not" or (kind == "allOf" and isinstance(value, str)):
        message = f"{value!r} is a Python keyword"
    elif kind == "enum":
        message = f"unknown value {value!r}"
    elif kind in ("pattern", "maxLength", "minLength"):
        message = f"invalid value {value!r}"
    elif kind == "propertyNames":
        message = f"invalid key {value!r}"
    else:
        message = error.message
    pointer = join_pointer("", *path) or "/"
    return GeneratorError(message, file=file, pointer=pointer, hint=hint, exit_code=2)


def _describe(value: object) -> str:
    name = {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(type(value), type(value).__name__)
    return f"{name} {value!r}" if not isinstance(value, (dict, list)) else name


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    data, _ = read_document(path)
    file = str(path)
    if data is None:
        return Config(source=file)
    _validate(data, file)
    package = data.get("package", {})
    client = data.get("client", {})
    templates = data.get("templates")
    templates_path = (path.parent / templates).resolve() if templates else None
    if templates_path is not None and not templates_path.is_dir():
        raise GeneratorError(f"templates folder {templates_path} does not exist", file=file, pointer="/templates", hint="give a folder relative to the config file", exit_code=2)
    return Config(
        package_name=package.get("name", ""),
        distribution=package.get("distribution", ""),
        version=package.get("version", ""),
        class_name=client.get("class_name", ""),
        async_class_name=client.get("async_class_name", ""),
        base_url=client.get("base_url", ""),
        base_url_env=client.get("base_url_env", ""),
        env_prefix=client.get("env_prefix", ""),
        log_env=client.get("log_env", ""),
        credentials_required=client.get("credentials_required"),
        auth={k: AuthConfig(tuple(v.get("options", ())), tuple(v.get("env", ()))) for k, v in client.get("auth", {}).items()},
        headers=tuple(HeaderConfig(h["option"], h["header"], h.get("env", "")) for h in client.get("headers", [])),
        base_error=data.get("errors", {}).get("base", ""),
        overrides=dict(data.get("resources", {}).get("overrides", {})),
        prefixes=dict(data.get("resources", {}).get("prefixes", {})),
        selection=_selection(data.get("select", {})),
        property_names=dict(data.get("names", {}).get("properties", {})),
        parameter_names=dict(data.get("names", {}).get("parameters", {})),
        templates=templates_path,
        formatter=data.get("formatter", ""),
        tests=data.get("tests", True),
        preserve=tuple(data.get("preserve", ())),
        source=file,
    )


def _selection(raw: Mapping[str, Any]) -> Selection:
    def criteria(side: Mapping[str, Any]) -> Criteria:
        return Criteria(*(tuple(str(v) for v in side.get(key, ())) for key in ("operations", "tags", "paths", "methods")))

    return Selection(criteria(raw.get("include", {})), criteria(raw.get("exclude", {})))


def stale_entries(where: str, configured: Iterable[str], known: Iterable[str], what: str, source: str, *, pointer_of: Any = None) -> list[Diagnostic]:
    """``unmatched-override`` warnings for ``configured`` keys (under the config pointer ``where``,
    ``/``-separated) that are not in ``known``, each with the closest known key as a did-you-mean.

    ``pointer_of(key)`` gives the last pointer tokens of a key when they are not the key itself
    (list entries: their index)."""
    import difflib

    from generator.diagnostics import join_pointer

    known_list = sorted(set(known))
    known_set = set(known_list)
    found: list[Diagnostic] = []
    for key in configured:
        if key in known_set:
            continue
        close = difflib.get_close_matches(str(key), known_list, n=1)
        tokens = pointer_of(key) if pointer_of is not None else (str(key),)
        found.append(
            Diagnostic(
                "unmatched-override",
                f"no {what} {key!r}, so this entry changes nothing",
                pointer=join_pointer("", *where.split("/"), *tokens),
                file=source,
                hint=(f"did you mean {close[0]!r}? " if close else "")
                + "remove the entry if it is meant for another version of the spec",
            )
        )
    return found


def unmatched_overrides(config: Config, operation_ids: Iterable[str], scheme_names: Iterable[str]) -> list[Diagnostic]:
    """Warnings for configured overrides that name nothing in the spec (a typo, or a renamed
    operationId), each with the config file, the key's pointer and the closest real name.

    Entries keyed by operations (``resources.overrides``, ``resources.prefixes``, ``select``,
    ``names.*``) are checked by the normalizer, which sees every operation of the spec, selected or
    not (:func:`generator.normalize.select.unmatched`); ``operation_ids`` is kept for callers."""
    del operation_ids
    return stale_entries("client/auth", config.auth, scheme_names, "security scheme is named", config.source)
