"""The generated distribution's metadata from the spec's ``info`` and fixed default headers (issue 9, item 6)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import httpx
import pytest
import tomllib
import yaml

from generator.cli import main
from generator.config import load_config
from generator.diagnostics import Diagnostics, GeneratorError
from generator.normalize import metadata
from generator.pipeline import Options, run

SPEC = {
    "openapi": "3.1.0",
    "info": {
        "title": "Gadget Store",
        "version": "2.0.0-beta.1",
        "termsOfService": "https://gadgets.example.com/terms",
        "contact": {"name": "Gadget API Team", "email": "api@gadgets.example.com", "url": "https://gadgets.example.com"},
        "license": {"name": "Apache 2.0", "url": "https://www.apache.org/licenses/LICENSE-2.0.html"},
    },
    "externalDocs": {"url": "https://docs.gadgets.example.com"},
    "servers": [{"url": "https://api.gadgets.example.com"}],
    "paths": {
        "/gadgets": {
            "get": {
                "operationId": "listGadgets",
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"count": {"type": "integer"}}}}}}},
            }
        }
    },
}


def _generate(tmp_path: Path, spec: dict, config: dict | None = None) -> tuple[dict, object]:
    (tmp_path / "spec.yaml").write_text(yaml.safe_dump(spec))
    cfg = None
    if config is not None:
        cfg = tmp_path / "cfg.yaml"
        cfg.write_text(yaml.safe_dump(config))
    result = run(tmp_path / "spec.yaml", load_config(cfg), Options(validate=False, formatter="none"))
    return tomllib.loads(result.files["pyproject.toml"]), result


def test_metadata_comes_from_info(tmp_path: Path) -> None:
    pyproject, result = _generate(tmp_path, SPEC)
    project = pyproject["project"]
    assert project["version"] == "2.0.0b1"  # info.version, normalised to PEP 440
    assert project["license"] == "Apache-2.0" and pyproject["build-system"]["requires"] == ["setuptools>=77"]
    assert project["authors"] == [{"name": "Gadget API Team", "email": "api@gadgets.example.com"}]
    assert project["urls"] == {
        "Homepage": "https://gadgets.example.com",
        "Documentation": "https://docs.gadgets.example.com",
        "Terms of Service": "https://gadgets.example.com/terms",
        "License": "https://www.apache.org/licenses/LICENSE-2.0.html",
    }
    assert project["description"] == "Typed Python client for Gadget Store"
    assert '__version__ = "2.0.0b1"' in result.files["gadget_store_client/_version.py"]  # type: ignore[attr-defined]
    assert not result.diagnostics.warnings  # type: ignore[attr-defined]


def test_config_overrides_the_metadata(tmp_path: Path) -> None:
    config = {
        "package": {
            "version": "3.1.0",
            "license": "MIT OR Apache-2.0",
            "description": "Gadgets, from Python",
            "urls": {"Source": "https://github.com/example/gadgets"},
            "authors": [{"name": "Jo Doe"}, {"email": "ops@example.com"}],
        }
    }
    project = _generate(tmp_path, SPEC, config)[0]["project"]
    assert project["version"] == "3.1.0" and project["license"] == "MIT OR Apache-2.0" and project["description"] == "Gadgets, from Python"
    assert project["urls"] == {"Source": "https://github.com/example/gadgets"}
    assert project["authors"] == [{"name": "Jo Doe"}, {"email": "ops@example.com"}]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1.0.0", "1.0.0"), ("v1.2", "1.2"), ("1.0.0-rc.1", "1.0.0rc1"), ("2024-01-05", "2024.1.5"), (3, "3"), ("latest", "0.1.0"), ("", "0.1.0")],
)
def test_info_version_is_normalised_or_warned_about(raw: object, expected: str) -> None:
    diagnostics = Diagnostics(default_file="spec.yaml")
    assert metadata.version({"version": raw}, load_config(None), diagnostics, "spec.yaml") == expected
    warned = [d for d in diagnostics if d.kind == metadata.KIND]
    assert bool(warned) == (raw == "latest")
    if warned:
        assert warned[0].pointer == "/info/version" and "package.version" in warned[0].hint


def test_hostile_info_text_stays_valid_metadata(tmp_path: Path) -> None:
    spec = {**SPEC, "info": {
        "title": 'Evil"""\n[tool.evil]\nx = 1',
        "version": "1.0",
        "contact": {"name": "A, B", "email": "not an email", "url": "javascript:alert(1)"},
        "license": {"name": "GPL v3 or whatever"},
    }, "externalDocs": {"url": "https://docs.example.com/a b"}}  # fmt: skip
    pyproject, result = _generate(tmp_path, spec)
    project = pyproject["project"]
    assert "evil" not in pyproject.get("tool", {}) and "\n" not in project["description"]
    assert "license" not in project and "authors" not in project and "urls" not in project
    pointers = {d.pointer for d in result.diagnostics if d.kind == metadata.KIND}  # type: ignore[attr-defined]
    assert pointers == {"/info/contact/name", "/info/contact/email", "/info/contact/url", "/info/license/name", "/externalDocs/url"}


def test_a_license_that_is_not_spdx_is_a_config_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "spec.yaml").write_text(yaml.safe_dump(SPEC))
    (tmp_path / "cfg.yaml").write_text("package: {license: Totally Free}\n")
    assert main(["generate", str(tmp_path / "spec.yaml"), "-o", str(tmp_path / "out"), "--config", str(tmp_path / "cfg.yaml"), "--no-validate"]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'cfg.yaml'}#/package/license" in err and "SPDX" in err and not (tmp_path / "out").exists()
    with pytest.raises(GeneratorError):
        (tmp_path / "bad.yaml").write_text("client: {default_headers: {'X-Bad Header': v}}\n")
        load_config(tmp_path / "bad.yaml")
    (tmp_path / "bad.yaml").write_text("client: {default_headers: {X-Ok: \"line\\r\\nInjected: 1\"}}\n")
    with pytest.raises(GeneratorError) as info:
        load_config(tmp_path / "bad.yaml")
    assert info.value.pointer == "/client/default_headers/X-Ok"


def test_default_headers_are_sent_on_every_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "spec.yaml").write_text(yaml.safe_dump(SPEC))
    (tmp_path / "cfg.yaml").write_text(yaml.safe_dump({"package": {"name": "gadgets_hdr"}, "client": {"default_headers": {"X-Client": 'gadgets "py" 1.0', "User-Agent": "gadgets/9"}}}))
    out = tmp_path / "out"
    assert main(["generate", str(tmp_path / "spec.yaml"), "-o", str(out), "--config", str(tmp_path / "cfg.yaml"), "--no-validate", "--formatter", "none"]) == 0
    monkeypatch.syspath_prepend(str(out))
    pkg = importlib.import_module("gadgets_hdr")
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"count": 1})

    client = pkg.GadgetStoreClient(http_client=httpx.Client(transport=httpx.MockTransport(handler)))
    assert client.gadgets.list().count == 1
    client.with_options(default_headers={"X-Client": "override"}).gadgets.list()
    client.gadgets.list(extra_headers={"X-Client": pkg.omit})  # the caller can drop a fixed header
    assert seen[0].headers["X-Client"] == 'gadgets "py" 1.0' and seen[0].headers["User-Agent"] == "gadgets/9"
    assert seen[1].headers["X-Client"] == "override" and seen[1].headers["User-Agent"] == "gadgets/9"
    assert "X-Client" not in seen[2].headers
    for name in [m for m in sys.modules if m == "gadgets_hdr" or m.startswith("gadgets_hdr.")]:
        del sys.modules[name]
