"""Issue 7, class 12: a client with no base URL (no servers, no base_url=, no environment variable)
fails when it is constructed, saying what to do, instead of retrying into a bare connection error."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from generator.cli import main

SPEC = """\
openapi: 3.0.3
info: {title: No Base, version: 1.0.0}
paths:
  /ping:
    get:
      operationId: ping
      responses: {'204': {description: ok}}
"""


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> object:
    root = tmp_path_factory.mktemp("nobase")
    (root / "nobase.yaml").write_text(SPEC)
    assert main(["generate", str(root / "nobase.yaml"), "-o", str(root / "out"), "--no-validate"]) == 0
    sys.path.insert(0, str(root / "out"))
    try:
        yield importlib.import_module("no_base_client")
    finally:
        sys.path.remove(str(root / "out"))


@pytest.mark.parametrize("cls", ["NoBaseClient", "AsyncNoBaseClient"])
def test_construction_without_a_base_url_says_to_pass_it_or_set_the_variable(
    package: object, cls: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_BASE_BASE_URL", raising=False)
    with pytest.raises(package.NoBaseError) as exc:  # type: ignore[attr-defined]
        getattr(package, cls)()
    assert "base_url=" in str(exc.value) and "NO_BASE_BASE_URL" in str(exc.value)


def test_an_empty_base_url_is_refused_too(package: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_BASE_BASE_URL", "")
    with pytest.raises(package.NoBaseError, match="base_url="):  # type: ignore[attr-defined]
        package.NoBaseClient(base_url="")  # type: ignore[attr-defined]


def test_the_environment_variable_or_the_argument_is_enough(package: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_BASE_BASE_URL", "http://127.0.0.1:9/v1")
    assert str(package.NoBaseClient().base_url) == "http://127.0.0.1:9/v1/"  # type: ignore[attr-defined]
    monkeypatch.delenv("NO_BASE_BASE_URL")
    assert str(package.NoBaseClient(base_url="http://h/").base_url) == "http://h/"  # type: ignore[attr-defined]
