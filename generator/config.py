"""The generator's configuration (``--config FILE``): a YAML file, or the ``[tool.pyoasgen]`` table of
a ``pyproject.toml`` (``--config pyproject.toml``; any ``*.toml`` file is read that way). Both are
checked against the same schema; the reference page ``docs/configuration.md`` is generated from it
(``python -m generator config-docs``). A ``pyproject.toml`` is never read unless it is named: the
generator often runs in a repository whose ``pyproject.toml`` is another project's.

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
    errors: {base: OpenAIError, envelope: error}   # envelope: the error object's key in error bodies
    resources:
      headers: {beta.assistants: {OpenAI-Beta: assistants=v2}}   # sent by a resource and its children
      mixins: {chat.completions: mixins/chat_completions_parse.py.j2}   # rendered into the resource's classes
      prefixes: {organization: admin.organization}   # resource-path prefix -> replacement
      overrides: {createImageVariation: images.create_variation}   # op key -> full method path
    select:                      # which operations the client has (generator/normalize/select.py)
      include: {tags: [pets]}    # operations, tags, paths (globs), methods; empty: all
      exclude: {paths: ['/admin/**']}
    names:                       # Python names (generator/normalize/naming.py Naming, Renames)
      style: pep8                # pep8 (default): snake_case parameters and fields; wire: keep the spec's names
      properties: {Pet.petName: name}
      parameters: {listPets.startIndex: offset, "GET /pets/{petId} petId": pet_id}
    models:                      # component schema -> class name and module below types/
      CreateChatCompletionResponse: {name: ChatCompletion, module: chat.chat_completion}
    types:
      formats: {date-time: datetime, uuid: str, decimal: "decimal:Decimal"}   # string format -> Python type
    templates: templates/        # searched before the built-in templates
    flavour: openai              # generic (default) | openai: the normalization policy (generator/flavours)
    pagination: {pages: [listModels]}            # op keys (operationId or "METHOD /path") returning a page
    responses: {binary: [downloadFile]}          # op keys returning the binary response
    mixins: {Response: mixins/response_output_text.py.j2}   # schema -> template added to its class
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
class ModelOverride:
    """``models: {Schema: ...}``: a component schema's class name, request ``TypedDict`` name and module
    below ``types/`` (each empty when not configured)."""

    name: str = ""
    param: str = ""
    module: str = ""


@dataclass(frozen=True)
class ReturnsBy:
    """``returns: {opKey: {by: field, types: {value: Schema}}}``: the response type chosen by an argument."""

    by: str
    types: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AzureConfig:
    """``azure: {...}``: emit ``AzureOpenAI``-style subclasses of the client (see :class:`generator.ir.model.Azure`)."""

    class_name: str = ""
    async_class_name: str = ""
    deployment_paths: tuple[str, ...] = ()
    api_version: str = ""
    api_version_env: str = "OPENAI_API_VERSION"
    endpoint_env: str = "AZURE_OPENAI_ENDPOINT"
    api_key_env: str = "AZURE_OPENAI_API_KEY"
    ad_token_env: str = "AZURE_OPENAI_AD_TOKEN"


@dataclass(frozen=True)
class WebhooksConfig:
    """``webhooks: {...}``: the signature scheme of the spec's webhooks and where the secret comes from."""

    signature: str = ""
    secret_env: str = ""
    tolerance: int = 300
    union: str = ""


@dataclass(frozen=True)
class RealtimeConfig:
    """``realtime: {...}``: a websocket endpoint with typed events."""

    path: str = "/realtime"
    resource: str = "realtime"
    server_events: tuple[str, ...] = ()
    client_events: tuple[str, ...] = ()
    query: tuple[str, ...] = ("model",)
    headers: Mapping[str, str] = field(default_factory=dict)


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
    models: Mapping[str, ModelOverride] = field(default_factory=dict)
    returns: Mapping[str, ReturnsBy] = field(default_factory=dict)
    """Op key -> the argument whose value picks the response type (see :mod:`generator.normalize.returns_by`)."""
    """Component schema name -> its configured names and module (see :mod:`generator.normalize.model_names`)."""
    templates: Path | None = None
    formatter: str = ""
    tests: bool = True
    preserve: tuple[str, ...] = ()
    """Globs (relative to the output folder) the writer never overwrites or deletes."""
    azure: AzureConfig | None = None
    webhooks: WebhooksConfig | None = None
    realtime: RealtimeConfig | None = None
    name_style: str = "pep8"
    """``names.style``: ``pep8`` (snake_case parameters and fields, the wire name as alias) or ``wire``."""
    formats: Mapping[str, str] = field(default_factory=dict)
    """``types.formats``: string ``format`` -> Python type (``datetime``, ``date``, ``uuid``, ``str``, or
    ``"package.module:Type"``), over the defaults of :data:`generator.ir.model.DEFAULT_FORMATS`."""
    # -- the flavour and what it turns on (generator/flavours) --------------------------------
    flavour: str = ""
    """``generic`` (``""``) or ``openai``: the normalization policy (:func:`generator.flavours.policy_for`)."""
    pages: tuple[str, ...] = ()
    """``pagination.pages``: op keys (operationId or ``"METHOD /path"``) of operations that return a page."""
    list_shape: Mapping[str, str] | None = None
    """``pagination.list_shape``; ``None``: the flavour's."""
    binary: tuple[str, ...] = ()
    """``responses.binary``: op keys of operations that return the binary response."""
    resource_headers: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """``resources.headers``: resource path -> headers its methods and its children's send."""
    error_envelope: str = ""
    """``errors.envelope``: the error body's key holding the error object (``error``)."""
    resource_mixins: Mapping[str, str] = field(default_factory=dict)
    """``resources.mixins``: resource path -> template name (relative to :attr:`templates`) rendered into
    the resource's sync and async classes."""
    mixins: Mapping[str, str] = field(default_factory=dict)
    """``mixins``: schema name -> template name (relative to :attr:`templates`, checked to exist) whose
    rendered text is added to that model's class."""
    description: str = ""
    license: str = ""
    urls: Mapping[str, str] | None = None
    """``package.urls``: replaces the URLs taken from the spec when given (even empty)."""
    authors: tuple[tuple[str, str], ...] | None = None
    """``package.authors`` as ``(name, email)`` pairs: replaces ``info.contact`` when given."""
    default_headers: Mapping[str, str] = field(default_factory=dict)
    """``client.default_headers``: fixed headers sent on every request."""
    hooks_post: tuple[str, ...] = ()
    """``hooks.post``: command lines run in the output folder after a successful generate."""
    source: str = ""
    pointer_root: str = ""
    """JSON pointer of the configuration inside ``source``: ``/tool/pyoasgen`` in a pyproject.toml, else empty.
    Code that reports a config key writes its pointer from the top of the configuration (``/select/...``);
    :func:`rooted` puts this prefix in front, once, where the pipeline hands diagnostics on."""


def pointer(config: Config, *tokens: str | int) -> str:
    """The JSON pointer of a config key in its file (``/resources/overrides/x``, or under ``/tool/pyoasgen``)."""
    from generator.diagnostics import join_pointer

    return join_pointer(config.pointer_root, *tokens)


def rooted(config: Config, file: str, pointer_: str) -> str:
    """``pointer_`` of a diagnostic or error about ``file``, inside the file (``/tool/pyoasgen/...`` for a pyproject.toml)."""
    root = config.pointer_root
    if not root or not config.source or file != config.source or pointer_.startswith(root + "/") or pointer_ == root:
        return pointer_
    return root + pointer_ if pointer_.startswith("/") or not pointer_ else pointer_


TOML_TABLE = ("tool", "pyoasgen")
"""Where a pyproject.toml holds the configuration (``[tool.pyoasgen]``, named after the distribution)."""


SCHEMA_PATH = Path(__file__).with_name("config.schema.json")
"""The published JSON Schema of this file (point an editor's YAML/JSON schema support at it)."""


def _schema_bytes() -> bytes:
    return SCHEMA_PATH.read_bytes()


def _validate(data: Any, file: str, root: str = "", lines: list[str] | None = None) -> None:
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
        raise _as_generator_error(error, file, root, lines) from None
    cache.put("config", entry, b"ok")


def _as_generator_error(error: Any, file: str, root: str = "", lines: list[str] | None = None) -> GeneratorError:
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
    if lines is not None:
        line = toml_line(lines, [*TOML_TABLE, *map(str, path)])
        message += f" (line {line})" if line else ""
    pointer = join_pointer(root, *path) or "/"
    return GeneratorError(message, file=file, pointer=pointer, hint=hint, exit_code=2)


def _describe(value: object) -> str:
    name = {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}.get(type(value), type(value).__name__)
    return f"{name} {value!r}" if not isinstance(value, (dict, list)) else name


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    file = str(path)
    root = ""
    lines: list[str] | None = None
    if path.suffix.lower() == ".toml":
        data, lines = _read_toml_table(path)
        root = "/" + "/".join(TOML_TABLE)
    else:
        data, _ = read_document(path)
    if data is None:
        return Config(source=file)
    _validate(data, file, root, lines)
    _check_format_types(data.get("types", {}).get("formats", {}), file, root)
    package = data.get("package", {})
    client = data.get("client", {})
    templates = data.get("templates")
    templates_path = (path.parent / templates).resolve() if templates else None
    if templates_path is not None and not templates_path.is_dir():
        raise GeneratorError(f"templates folder {templates_path} does not exist", file=file, pointer=root + "/templates", hint="give a folder relative to the config file", exit_code=2)
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
        models={str(k): _model_override(v) for k, v in data.get("models", {}).items()},
        returns={str(k): ReturnsBy(str(v["by"]), {str(a): str(b) for a, b in v["types"].items()}) for k, v in data.get("returns", {}).items()},
        templates=templates_path,
        formatter=data.get("formatter", ""),
        tests=data.get("tests", True),
        preserve=tuple(data.get("preserve", ())),
        azure=_azure(data.get("azure")),
        webhooks=_webhooks(data.get("webhooks")),
        realtime=_realtime(data.get("realtime")),
        name_style=data.get("names", {}).get("style", "pep8"),
        formats=dict(data.get("types", {}).get("formats", {})),
        flavour=data.get("flavour", ""),
        pages=tuple(data.get("pagination", {}).get("pages", ())),
        list_shape=dict(data["pagination"]["list_shape"]) if "list_shape" in data.get("pagination", {}) else None,
        binary=tuple(data.get("responses", {}).get("binary", ())),
        resource_headers={k: dict(v) for k, v in data.get("resources", {}).get("headers", {}).items()},
        error_envelope=data.get("errors", {}).get("envelope", ""),
        mixins=_mixins(data.get("mixins", {}), templates_path, file),
        resource_mixins=_mixins(data.get("resources", {}).get("mixins", {}), templates_path, file, "/resources/mixins/"),
        description=package.get("description", ""),
        license=package.get("license", ""),
        urls=dict(package["urls"]) if "urls" in package else None,
        authors=tuple((a.get("name", ""), a.get("email", "")) for a in package["authors"]) if "authors" in package else None,
        default_headers=dict(client.get("default_headers", {})),
        hooks_post=tuple(data.get("hooks", {}).get("post", ())),
        source=file,
        pointer_root=root,
    )


def _model_override(value: str | Mapping[str, str]) -> ModelOverride:
    if isinstance(value, str):
        return ModelOverride(name=value)
    return ModelOverride(name=value.get("name", ""), param=value.get("param", ""), module=value.get("module", ""))


def _names(value: Any) -> tuple[str, ...]:
    """A schema name or a list of them."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _azure(data: Any) -> AzureConfig | None:
    if data is None:
        return None
    defaults = AzureConfig()
    return AzureConfig(
        class_name=data.get("class_name", ""),
        async_class_name=data.get("async_class_name", ""),
        deployment_paths=tuple(data.get("deployment_paths", ())),
        api_version=data.get("api_version", ""),
        api_version_env=data.get("api_version_env", defaults.api_version_env),
        endpoint_env=data.get("endpoint_env", defaults.endpoint_env),
        api_key_env=data.get("api_key_env", defaults.api_key_env),
        ad_token_env=data.get("ad_token_env", defaults.ad_token_env),
    )


def _webhooks(data: Any) -> WebhooksConfig | None:
    if data is None:
        return None
    return WebhooksConfig(
        signature=data.get("signature", ""),
        secret_env=data.get("secret_env", ""),
        tolerance=int(data.get("tolerance", 300)),
        union=data.get("union", ""),
    )


def _realtime(data: Any) -> RealtimeConfig | None:
    if data is None:
        return None
    return RealtimeConfig(
        path=data.get("path", "/realtime"),
        resource=data.get("resource", "realtime"),
        server_events=_names(data.get("server_events")),
        client_events=_names(data.get("client_events")),
        query=tuple(data.get("query", ("model",))),
        headers=dict(data.get("headers", {})),
    )


def _check_format_types(formats: Mapping[str, str], file: str, root: str = "") -> None:
    """``package.module:Name`` values must be importable spellings: no part may be a Python keyword."""
    import keyword

    from generator.diagnostics import join_pointer

    for fmt, target in formats.items():
        parts = target.replace(":", ".").split(".")
        bad = next((p for p in parts if keyword.iskeyword(p)), None) if ":" in target else None
        if bad is not None:
            raise GeneratorError(
                f"{target!r} cannot be imported: {bad!r} is a Python keyword",
                file=file,
                pointer=join_pointer(root, "types", "formats", fmt),
                hint="give the type as package.module:Name, each part a Python identifier (e.g. ipaddress:IPv4Address)",
                exit_code=2,
            )


def _mixins(raw: Mapping[str, str], templates: Path | None, file: str, where: str = "/mixins/") -> dict[str, str]:
    """``mixins`` / ``resources.mixins`` entries as template names inside the config's templates folder (checked to exist)."""
    result: dict[str, str] = {}
    for schema, rel in raw.items():
        pointer = where + str(schema).replace("~", "~0").replace("/", "~1")
        if templates is None:
            raise GeneratorError("mixins need a templates folder", file=file, pointer=pointer, hint="set templates: FOLDER in the config; mixin paths are relative to it", exit_code=2)
        path = (templates / rel).resolve()
        if not path.is_relative_to(templates) or not path.is_file():
            raise GeneratorError(f"mixin template {rel!r} is not a file in {templates}", file=file, pointer=pointer, hint="give a template path relative to the templates folder", exit_code=2)
        result[str(schema)] = path.relative_to(templates).as_posix()
    return result


def toml_reader() -> Any:
    """``tomllib`` (Python 3.11+), else ``tomli`` (the same API, a dependency on 3.10)."""
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    return tomllib


def _read_toml_table(path: Path) -> tuple[Any, list[str]]:
    """The ``[tool.pyoasgen]`` table of a TOML file (None if the table is empty) and the file's lines."""
    from generator.load.files import read_input_bytes

    tomllib = toml_reader()

    raw = read_input_bytes(path)
    try:
        text = raw.decode("utf-8")
        document = tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise GeneratorError(f"not UTF-8 text: {exc.reason}", file=str(path), hint="save the file as UTF-8", exit_code=2) from None
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_of(str(exc))
        raise GeneratorError(
            f"invalid TOML: {str(exc).split(' (at ')[0]}", file=str(path), pointer=f"line {line}" if line else "",
            hint="fix the TOML syntax (https://toml.io)", exit_code=2,
        ) from None  # fmt: skip
    table: Any = document
    for key in TOML_TABLE:
        if not isinstance(table, dict) or key not in table:
            name = ".".join(TOML_TABLE)
            raise GeneratorError(
                f"no [{name}] table in this file", file=str(path),
                hint=f"put the configuration under [{name}] (the same keys as the YAML file; see docs/configuration.md)", exit_code=2,
            )  # fmt: skip
        table = table[key]
    return (table or None), text.splitlines()


def _line_of(message: str) -> int | None:
    import re

    found = re.search(r"line (\d+)", message)
    return int(found.group(1)) if found else None


def toml_line(lines: list[str], path: list[str]) -> int | None:
    """Best-effort line (1-based) of the key ``path`` in a TOML text: the line of the deepest table
    header or key that is a prefix of ``path`` (inline tables and arrays report their key's line)."""
    import re

    def keys(text: str) -> list[str]:
        return [k.strip().strip("\"'") for k in re.findall(r"""(?:"[^"]*"|'[^']*'|[^.]+)""", text)]

    best, best_len = None, 0
    table: list[str] = []
    arrays: dict[tuple[str, ...], int] = {}
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        header = re.match(r"^\[\[(.+?)\]\]|^\[(.+?)\]", line)
        if header:
            if header.group(1):
                table = keys(header.group(1))
                index = arrays[tuple(table)] = arrays.get(tuple(table), -1) + 1
                table = [*table, str(index)]
            else:
                table = keys(header.group(2))
            full = table
        else:
            assignment = re.match(r"""^((?:"[^"]*"|'[^']*'|[A-Za-z0-9_.\- ]+?))\s*=""", line)
            if not assignment:
                continue
            full = [*table, *keys(assignment.group(1))]
        matched = len(full) if full == path[: len(full)] else 0
        if matched > best_len:
            best, best_len = number, matched
    return best if best_len > len(TOML_TABLE) or best_len == len(path) else None


def _selection(raw: Mapping[str, Any]) -> Selection:
    def criteria(side: Mapping[str, Any]) -> Criteria:
        return Criteria(*(tuple(str(v) for v in side.get(key, ())) for key in ("operations", "tags", "paths", "methods")))

    return Selection(criteria(raw.get("include", {})), criteria(raw.get("exclude", {})))


def stale_entries(where: str, configured: Iterable[str], known: Iterable[str], what: str, source: str, *, pointer_of: Any = None) -> list[Diagnostic]:
    """``unmatched-override`` warnings for ``configured`` keys (under the config pointer ``where``,
    ``/``-separated) that are not in ``known``, each with the closest known key as a did-you-mean.

    ``pointer_of(key)`` gives the last pointer tokens of a key when they are not the key itself
    (list entries: their index)."""
    from generator.close_matches import CloseMatcher
    from generator.diagnostics import join_pointer

    known_set = set(known)
    matcher: CloseMatcher | None = None
    found: list[Diagnostic] = []
    for key in configured:
        if key in known_set:
            continue
        if matcher is None:  # built once, and only when some entry is stale
            matcher = CloseMatcher(known_set)
        close = matcher.closest(str(key))
        tokens = pointer_of(key) if pointer_of is not None else (str(key),)
        found.append(
            Diagnostic(
                "unmatched-override",
                f"no {what} {key!r}, so this entry changes nothing",
                pointer=join_pointer("", *where.split("/"), *tokens),
                file=source,
                hint=(f"did you mean {close!r}? " if close is not None else "")
                + "remove the entry if it is meant for another version of the spec",
            )
        )
    return found


def unmatched_overrides(config: Config, scheme_names: Iterable[str]) -> list[Diagnostic]:
    """Warnings for ``client.auth`` entries that name no security scheme of the spec, each with the
    config file, the key's pointer and the closest real name.

    Entries keyed by operations (``resources.overrides``, ``resources.prefixes``, ``select``,
    ``names.*``) are checked by the normalizer, which sees every operation of the spec, selected or
    not (:func:`generator.normalize.select.unmatched`)."""
    return stale_entries("client/auth", config.auth, scheme_names, "security scheme is named", config.source)
