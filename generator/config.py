"""The generator's configuration file (``--config FILE``, YAML).

Every key is optional; defaults are derived from the spec. An unknown key or a
value of the wrong type is an error that names the file, the key's JSON pointer
and the keys that are allowed, so a typo never passes silently.

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
      overrides: {createImageVariation: images.create_variation}   # operationId -> full method path
    templates: templates/        # searched before the built-in templates
    formatter: ruff              # ruff | black | none
    tests: true                  # emit tests/ (endpoint tests against a mock server); default true
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from generator.diagnostics import GeneratorError
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
    templates: Path | None = None
    formatter: str = ""
    tests: bool = True
    source: str = ""


_SCHEMA: dict[str, Any] = {
    "package": {"name": str, "distribution": str, "version": str},
    "client": {
        "class_name": str,
        "async_class_name": str,
        "base_url": str,
        "base_url_env": str,
        "env_prefix": str,
        "log_env": str,
        "credentials_required": bool,
        "auth": {"*": {"options": [str], "env": [str]}},
        "headers": [{"option": str, "header": str, "env": str}],
    },
    "errors": {"base": str},
    "resources": {"overrides": {"*": str}, "prefixes": {"*": str}},
    "templates": str,
    "formatter": str,
    "tests": bool,
}


def _check(value: Any, schema: Any, pointer: str, file: str) -> None:
    if isinstance(schema, dict):
        if not isinstance(value, Mapping):
            raise GeneratorError(f"expected a mapping, got {type(value).__name__}", file=file, pointer=pointer or "/")
        for key, sub in value.items():
            expected = schema.get(key, schema.get("*"))
            if expected is None:
                allowed = ", ".join(sorted(k for k in schema if k != "*"))
                raise GeneratorError(f"unknown key {key!r}", file=file, pointer=f"{pointer}/{key}", hint=f"allowed keys here: {allowed}")
            _check(sub, expected, f"{pointer}/{key}", file)
    elif isinstance(schema, list):
        if not isinstance(value, list):
            raise GeneratorError(f"expected a list, got {type(value).__name__}", file=file, pointer=pointer)
        for index, item in enumerate(value):
            _check(item, schema[0], f"{pointer}/{index}", file)
    elif not isinstance(value, schema) or (schema is str and isinstance(value, bool)):
        raise GeneratorError(f"expected {schema.__name__}, got {type(value).__name__} {value!r}", file=file, pointer=pointer)


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    data, _ = read_document(path)
    file = str(path)
    if data is None:
        return Config(source=file)
    _check(data, _SCHEMA, "", file)
    package = data.get("package", {})
    client = data.get("client", {})
    formatter = data.get("formatter", "")
    if formatter and formatter not in ("ruff", "black", "none"):
        raise GeneratorError(f"unknown formatter {formatter!r}", file=file, pointer="/formatter", hint="use ruff, black or none")
    for header in client.get("headers", []):
        for key in ("option", "header"):
            if key not in header:
                raise GeneratorError(f"a header option needs {key!r}", file=file, pointer="/client/headers", hint="write {option: NAME, header: HEADER, env: ENV_VAR}")
    templates = data.get("templates")
    templates_path = (path.parent / templates).resolve() if templates else None
    if templates_path is not None and not templates_path.is_dir():
        raise GeneratorError(f"templates folder {templates_path} does not exist", file=file, pointer="/templates", hint="give a folder relative to the config file")
    for op_id, target in data.get("resources", {}).get("overrides", {}).items():
        if not target or any(not part.isidentifier() for part in target.split(".")):
            raise GeneratorError(
                f"override {target!r} is not a dotted Python path", file=file, pointer=f"/resources/overrides/{op_id}", hint="write it like chat.completions.create"
            )
    for prefix, target in data.get("resources", {}).get("prefixes", {}).items():
        for value in (prefix, target):
            if not value or any(not part.isidentifier() for part in value.split(".")):
                raise GeneratorError(
                    f"prefix {value!r} is not a dotted resource path", file=file, pointer=f"/resources/prefixes/{prefix}", hint="write it like organization: admin.organization"
                )
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
        templates=templates_path,
        formatter=formatter,
        tests=data.get("tests", True),
        source=file,
    )
