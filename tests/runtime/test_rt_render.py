from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jinja2

from generator.emit.code import RawValueError
import pytest
from rt_helpers import CTX, write_package

from generator.render.runtime import DEFAULT_ERROR_NAMES, RUNTIME_TEMPLATE_DIR, RuntimeContext, render_runtime

HERE = Path(__file__).resolve().parent


def test_render_is_deterministic_and_complete() -> None:
    a = render_runtime(CTX)
    b = render_runtime(CTX)
    assert a == b
    assert list(a) == sorted(a)
    expected = {
        "_base_client.py",
        "_constants.py",
        "_exceptions.py",
        "_files.py",
        "_models.py",
        "_pagination.py",
        "_qs.py",
        "_resource.py",
        "_response.py",
        "_streaming.py",
        "_types.py",
        "_version.py",
        "py.typed",
    }
    assert set(a) == expected
    assert "CONTRACT.md" not in a
    for name, text in a.items():
        assert "{{" not in text and "{%" not in text, name
        if name.endswith(".py"):
            assert "import rtpkg" not in text and "from rtpkg" not in text
    assert 'LOG_ENV_VAR: Final = "PETSTORE_LOG"' in a["_constants.py"]
    assert 'USER_AGENT: Final = "Petstore/Python 1.2.3"' in a["_constants.py"]
    assert '__version__ = "1.2.3"' in a["_version.py"]


def test_static_modules_are_verbatim() -> None:
    out = render_runtime(CTX)
    for p in RUNTIME_TEMPLATE_DIR.glob("*.py"):
        assert out[p.name] == p.read_text()


def test_error_names_are_configurable(tmp_path: Path) -> None:
    ctx = RuntimeContext(
        package_name="renamed_pkg",
        package_version="0.1.0",
        sdk_title="Acme",
        base_error_name="AcmeError",
        error_names={"APIError": "AcmeAPIError", "NotFoundError": "AcmeNotFound"},
        log_env_var="ACME_LOG",
        platform_header_prefix="X-Acme",
    )
    write_package(tmp_path / "renamed_pkg", ctx)
    (tmp_path / "renamed_pkg" / "_example_client.py").unlink()
    code = (
        "import httpx, renamed_pkg._exceptions as e, renamed_pkg._base_client as b\n"
        "assert issubclass(e.AcmeNotFound, e.APIStatusError) and issubclass(e.AcmeAPIError, e.AcmeError)\n"
        "assert not hasattr(e, 'NotFoundError') and not hasattr(e, 'APIError')\n"
        "req = httpx.Request('GET', 'https://x')\n"
        "err = e.make_status_error(httpx.Response(404, request=req), None)\n"
        "assert type(err) is e.AcmeNotFound\n"
        "c = b.SyncAPIClient(base_url='https://x')\n"
        "assert 'X-Acme-Lang' in c.default_headers\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=tmp_path)


def test_invalid_error_names() -> None:
    with pytest.raises(ValueError):
        RuntimeContext("p", "1", "T", error_names={"Nope": "X"}).resolved_error_names()
    with pytest.raises(ValueError):
        RuntimeContext("p", "1", "T", error_names={"APIError": "not valid"}).resolved_error_names()
    with pytest.raises(ValueError):
        RuntimeContext("p", "1", "T", base_error_name="APIError").resolved_error_names()
    assert set(DEFAULT_ERROR_NAMES) <= set(RuntimeContext("p", "1", "T").resolved_error_names())


def test_user_template_dir_overrides(tmp_path: Path) -> None:
    (tmp_path / "_qs.py").write_text("# custom qs\n")
    (tmp_path / "_version.py.j2").write_text("VERSION = {{ package_version | pystr }}\n")
    (tmp_path / "_extra.py.j2").write_text("NAME = '{{ package_name }}'\n")
    (tmp_path / "README.md").write_text("not emitted")
    out = render_runtime(CTX, extra_template_dir=tmp_path)
    assert out["_qs.py"] == "# custom qs\n"
    assert out["_version.py"] == 'VERSION = "1.2.3"\n'
    assert out["_extra.py"] == "NAME = 'rtpkg'\n"
    assert "README.md" not in out
    (tmp_path / "_raw.py.j2").write_text("VERSION = '{{ sdk_title }}'\n")
    with pytest.raises(RawValueError):  # text reaches a file only through an escaping filter
        render_runtime(CTX, extra_template_dir=tmp_path)
    (tmp_path / "_raw.py.j2").unlink()
    (tmp_path / "_bad.py.j2").write_text("{{ undefined_variable }}\n")
    with pytest.raises(jinja2.UndefinedError):
        render_runtime(CTX, extra_template_dir=tmp_path)
