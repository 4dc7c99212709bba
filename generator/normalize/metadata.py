"""The generated distribution's metadata from the spec's ``info`` (issue 9, item 6), config first.

* version: ``package.version``, else ``info.version`` normalised to PEP 440 (``v1.2`` -> ``1.2``,
  ``1.0.0-beta.1`` -> ``1.0.0b1``, a date ``2024-01-05`` -> ``2024.1.5``); what cannot be (``latest``)
  gives ``0.1.0`` and a ``package-metadata`` warning at ``/info/version``;
* license: ``package.license``, else ``info.license.identifier``, else ``info.license.name`` when it is
  an SPDX expression once spaces become dashes (``Apache 2.0`` -> ``Apache-2.0``, ``MIT License`` -> ``MIT``);
* URLs: ``package.urls``, else Homepage (``info.contact.url``), Terms of Service, Documentation
  (``externalDocs.url``) and License (``info.license.url``): only absolute http(s) URLs;
* authors: ``package.authors``, else ``info.contact``'s name and email.

Spec text that would not be valid package metadata is left out with a warning naming its pointer.
The values reach the generated ``pyproject.toml`` only through tomli-w (:func:`generator.emit.code.toml_document`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator.config import Config, pointer
from generator.diagnostics import Diagnostics, GeneratorError

KIND = "package-metadata"
DEFAULT_VERSION = "0.1.0"
_URL = re.compile(r"^https?://[^\s\"'\\<>`{}|^]+$")
_EMAIL = re.compile(r"^[^\s@<>,\"]+@[^\s@<>,\"]+\.[^\s@<>,\"]+$")
_NAME_UNSAFE = re.compile(r"[\x00-\x1f\x7f,]")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def version(info: Mapping[str, Any], config: Config, diagnostics: Diagnostics, file: str) -> str:
    if config.version:
        return config.version
    from packaging.version import InvalidVersion, Version

    raw = info.get("version")
    text = str(raw).strip() if isinstance(raw, (str, int, float)) and not isinstance(raw, bool) else ""
    if not text:
        return DEFAULT_VERSION
    date = _DATE.match(text)
    candidate = ".".join(date.groups()) if date else text
    try:
        return str(Version(candidate))
    except InvalidVersion:
        diagnostics.warn(
            KIND, f"info.version {text!r} is not a PEP 440 version; the package version is {DEFAULT_VERSION}", "/info/version",
            file=file, hint="set package.version in the config (for example 1.0.0)",
        )  # fmt: skip
        return DEFAULT_VERSION


def canonical_license(text: str) -> str | None:
    """The SPDX expression ``text`` names, or None (tries it as written, then with dashes for spaces
    and without a trailing 'License')."""
    from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression

    stripped = re.sub(r"\s+licen[cs]e$", "", text.strip(), flags=re.IGNORECASE)
    for candidate in (text.strip(), stripped, re.sub(r"\s+", "-", stripped)):
        if not candidate:
            continue
        try:
            return str(canonicalize_license_expression(candidate))
        except InvalidLicenseExpression:
            continue
    return None


def license_expression(info: Mapping[str, Any], config: Config, diagnostics: Diagnostics, file: str) -> str:
    if config.license:
        found = canonical_license(config.license)
        if found is None:
            raise GeneratorError(
                f"{config.license!r} is not an SPDX license expression", file=config.source, pointer=pointer(config, "package", "license"),
                hint="use an identifier from https://spdx.org/licenses/ (MIT, Apache-2.0, BSD-3-Clause ...) or an expression of them",
                exit_code=2,
            )  # fmt: skip
        return found
    lic = _mapping(info.get("license"))
    for key in ("identifier", "name"):
        value = lic.get(key)
        if isinstance(value, str) and value.strip():
            found = canonical_license(value)
            if found is not None:
                return found
            diagnostics.warn(
                KIND, f"info.license.{key} {value!r} is not an SPDX license expression, so the generated pyproject.toml names no license",
                f"/info/license/{key}", file=file, hint="set package.license in the config (for example Apache-2.0)",
            )  # fmt: skip
            return ""
    return ""


def urls(document: Mapping[str, Any], config: Config, diagnostics: Diagnostics, file: str) -> tuple[tuple[str, str], ...]:
    if config.urls is not None:
        return tuple(config.urls.items())
    info = _mapping(document.get("info"))
    found: list[tuple[str, str]] = []
    for label, value, where in (
        ("Homepage", _mapping(info.get("contact")).get("url"), "/info/contact/url"),
        ("Documentation", _mapping(document.get("externalDocs")).get("url"), "/externalDocs/url"),
        ("Terms of Service", info.get("termsOfService"), "/info/termsOfService"),
        ("License", _mapping(info.get("license")).get("url"), "/info/license/url"),
    ):
        if not isinstance(value, str) or not value.strip():
            continue
        if _URL.match(value.strip()):
            found.append((label, value.strip()))
        else:
            diagnostics.warn(KIND, f"{value!r} is not an absolute http(s) URL, so it is not in the generated pyproject.toml", where, file=file,
                             hint="fix the URL in the spec, or set package.urls in the config")  # fmt: skip
    return tuple(found)


def authors(info: Mapping[str, Any], config: Config, diagnostics: Diagnostics, file: str) -> tuple[tuple[str, str], ...]:
    """``(name, email)`` pairs; either may be empty."""
    if config.authors is not None:
        return config.authors
    contact = _mapping(info.get("contact"))
    name, email = contact.get("name"), contact.get("email")
    name = name.strip() if isinstance(name, str) else ""
    email = email.strip() if isinstance(email, str) else ""
    if name and _NAME_UNSAFE.search(name):
        diagnostics.warn(KIND, f"info.contact.name {name!r} has a comma or a control character, so it is not an author of the package",
                         "/info/contact/name", file=file, hint="set package.authors in the config")  # fmt: skip
        name = ""
    if email and not _EMAIL.match(email):
        diagnostics.warn(KIND, f"info.contact.email {email!r} is not an e-mail address, so it is not in the generated pyproject.toml",
                         "/info/contact/email", file=file, hint="set package.authors in the config")  # fmt: skip
        email = ""
    return ((name, email),) if name or email else ()


def summary(title: str, config: Config) -> str:
    """The one-line ``description`` of the generated pyproject.toml."""
    return config.description or " ".join(f"Typed Python client for {title}".split())
