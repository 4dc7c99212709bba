"""Render the static runtime that ships inside every generated package.

The runtime lives in ``templates/runtime``: ``*.py`` files are copied verbatim,
``*.py.j2`` files are rendered with Jinja2 (only where names vary: exception
class names, env var names, package name/version/user agent).  ``py.typed`` is
copied too.  Anything else in that folder (``CONTRACT.md``) is documentation
and is not emitted.

Users may override any runtime template by placing a file with the same name
in an extra template directory (searched first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import jinja2

from generator.builtin import RUNTIME_DIR as RUNTIME_TEMPLATE_DIR
from generator.emit.code import dotted, ident, py_value, template_environment


#: Canonical exception names (openai-python's) used by the static runtime modules.
DEFAULT_ERROR_NAMES: Mapping[str, str] = {
    "APIError": "APIError",
    "APIStatusError": "APIStatusError",
    "APIConnectionError": "APIConnectionError",
    "APITimeoutError": "APITimeoutError",
    "APIResponseValidationError": "APIResponseValidationError",
    "BadRequestError": "BadRequestError",
    "AuthenticationError": "AuthenticationError",
    "PermissionDeniedError": "PermissionDeniedError",
    "NotFoundError": "NotFoundError",
    "ConflictError": "ConflictError",
    "UnprocessableEntityError": "UnprocessableEntityError",
    "RateLimitError": "RateLimitError",
    "InternalServerError": "InternalServerError",
}

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_EMITTED_SUFFIXES = (".py", ".py.j2")
_EMITTED_NAMES = ("py.typed",)


@dataclass(frozen=True)
class RuntimeContext:
    """Everything the runtime templates may vary on."""

    package_name: str
    package_version: str
    sdk_title: str
    #: Root exception class of the package (openai-python: ``OpenAIError``).
    base_error_name: str = "APIClientError"
    #: Overrides for the other exception names, canonical name -> emitted name.
    error_names: Mapping[str, str] = field(default_factory=dict)
    #: Env var that turns on logging (``info`` or ``debug``).
    log_env_var: str = "SDK_LOG"
    #: Prefix of the platform headers (``X-Stainless`` -> ``X-Stainless-Lang`` ...).
    platform_header_prefix: str = "X-Stainless"
    #: User-Agent header; defaults to ``"{sdk_title}/Python {package_version}"``.
    user_agent: str | None = None
    default_timeout: float = 600.0
    default_connect_timeout: float = 5.0
    default_max_retries: int = 2
    #: Default serialisation of arrays in query strings / form bodies.
    array_format: str = "brackets"
    #: The stamp in ``_version.py``: which spec (title, ``info.version``, sha256 of its bytes) and generator made the package.
    spec_title: str = ""
    spec_version: str = ""
    spec_sha256: str = ""
    generator_version: str = ""
    #: The package ships webhooks (``_webhooks.py``): ``_exceptions.py`` defines ``InvalidWebhookSignatureError``.
    webhooks: bool = False
    #: The error body's key holding the error object (``error``), or ``""`` (config ``errors.envelope``).
    error_envelope: str = ""

    def resolved_error_names(self) -> dict[str, str]:
        names = dict(DEFAULT_ERROR_NAMES)
        for canonical, emitted in self.error_names.items():
            if canonical not in names:
                raise ValueError(f"unknown exception name {canonical!r}; expected one of {sorted(names)}")
            names[canonical] = emitted
        names["BaseError"] = self.base_error_name
        for emitted in names.values():
            if not _IDENT.match(emitted):
                raise ValueError(f"invalid exception class name {emitted!r}")
        if len(set(names.values())) != len(names):
            raise ValueError(f"exception names must be distinct: {names}")
        return names


def _environment(extra_template_dir: str | Path | None, flavour_dir: Path | None = None) -> jinja2.Environment:
    """The user's ``runtime/`` folder first, then the flavour's, then the built-in runtime;
    ``builtin/runtime/<name>`` is always the built-in file (the stable name every built-in template
    has, see docs/templates.md)."""
    loaders: list[jinja2.BaseLoader] = [jinja2.PrefixLoader({"builtin": jinja2.FileSystemLoader(str(RUNTIME_TEMPLATE_DIR.parent))})]
    if extra_template_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(extra_template_dir)))
    if flavour_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(flavour_dir)))
    loaders.append(jinja2.FileSystemLoader(str(RUNTIME_TEMPLATE_DIR)))
    from generator.cache import template_bytecode_cache

    # compiled once like the other templates (they were compiled on every run), never reloaded during one
    env: jinja2.Environment = template_environment(jinja2.ChoiceLoader(loaders), bytecode_cache=template_bytecode_cache(), auto_reload=False)
    return env


def _template_names(extra_template_dir: str | Path | None, flavour_dir: Path | None = None) -> list[str]:
    names: set[str] = set()
    dirs = [RUNTIME_TEMPLATE_DIR]
    if flavour_dir is not None:
        dirs.append(flavour_dir)
    if extra_template_dir is not None:
        dirs.append(Path(extra_template_dir))
    for d in dirs:
        if not d.is_dir():
            continue
        for p in d.iterdir():
            if p.is_file() and (p.name.endswith(_EMITTED_SUFFIXES) or p.name in _EMITTED_NAMES):
                names.add(p.name)
    return sorted(names)


def _generator_version() -> str:
    from generator import __version__

    return __version__


def render_runtime(ctx: RuntimeContext, extra_template_dir: str | Path | None = None, flavour_dir: Path | None = None) -> dict[str, str]:
    """Return ``{relative path inside the package: file text}`` for the runtime.

    Deterministic: same context and templates give byte-identical output.
    A user template named ``X.py.j2`` overrides the built-in ``X.py`` and vice versa.
    ``flavour_dir``: the flavour's runtime extras (:attr:`generator.flavours.Policy.runtime_dir`),
    searched after the user's folder and before the built-in runtime.
    """
    env = _environment(extra_template_dir, flavour_dir)
    names = ctx.resolved_error_names()
    # Names are identifiers (checked); text is printed through ``| pystr`` in the templates.
    variables = {
        "package_name": dotted(ctx.package_name),
        "package_version": ctx.package_version,
        "sdk_title": ctx.sdk_title,
        "base_error": ident(ctx.base_error_name),
        "errors": {k: ident(v) for k, v in names.items()},
        "log_env_var": ctx.log_env_var,
        "platform_header_prefix": ctx.platform_header_prefix,
        "user_agent": ctx.user_agent or f"{ctx.sdk_title}/Python {ctx.package_version}",
        "default_timeout": py_value(float(ctx.default_timeout)),
        "default_connect_timeout": py_value(float(ctx.default_connect_timeout)),
        "default_max_retries": int(ctx.default_max_retries),
        "array_format": ctx.array_format,
        "spec_title": ctx.spec_title,
        "spec_version": ctx.spec_version,
        "spec_sha256": ctx.spec_sha256,
        "generator_version": ctx.generator_version or _generator_version(),
        "webhooks": ctx.webhooks,
        "error_envelope": ctx.error_envelope,
    }
    out: dict[str, str] = {}
    user_dir = Path(extra_template_dir) if extra_template_dir is not None else None
    for name in _template_names(extra_template_dir, flavour_dir):
        target = name[: -len(".j2")] if name.endswith(".j2") else name
        if target in out:
            # Both X.py and X.py.j2 exist: the one in the user dir wins.
            if user_dir is None or not (user_dir / name).is_file():
                continue
        if name.endswith(".j2"):
            text = env.get_template(name).render(**variables)
        else:
            source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
            text = source
        out[target] = text
    return dict(sorted(out.items()))


__all__ = ["RuntimeContext", "render_runtime", "DEFAULT_ERROR_NAMES", "RUNTIME_TEMPLATE_DIR"]
