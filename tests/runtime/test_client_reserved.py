"""A client option never collides with what the generated client class already has.

Credentials and header options become keyword arguments *and* attributes of the client; the
normalizer keeps them clear of ``generator.normalize.naming.RESERVED_CLIENT_ATTRS``. These tests
check that list against the runtime's real classes (so a new runtime member cannot slip past it)
and generate a spec whose security schemes are named like the client's own keywords.
"""

from __future__ import annotations

import importlib
import inspect
import json
import sys
from pathlib import Path

import pytest
from rtpkg import _base_client

from generator.cli import main
from generator.normalize.naming import RESERVED_CLIENT_ATTRS


@pytest.mark.parametrize("cls", [_base_client.SyncAPIClient, _base_client.AsyncAPIClient])
def test_every_public_member_of_the_runtime_client_is_reserved(cls: type) -> None:
    public = {name for name in dir(cls) if not name.startswith("_")}
    assert public - RESERVED_CLIENT_ATTRS == set()


def test_schemes_named_like_client_keywords_get_their_own_arguments(tmp_path: Path) -> None:
    schemes = {name: {"type": "apiKey", "in": "query", "name": f"{name}_param"} for name in ("timeout", "copy", "base_url")}
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Reserved", "version": "1.0.0"},
        "servers": [{"url": "http://localhost:1"}],
        "paths": {"/": {"get": {"operationId": "ping", "responses": {"204": {"description": "ok"}}}}},
        "components": {"securitySchemes": schemes},
        "security": [{name: []} for name in schemes],
    }
    (tmp_path / "spec.json").write_text(json.dumps(spec))
    assert main(["generate", str(tmp_path / "spec.json"), "-o", str(tmp_path / "out"), "--formatter", "none", "-q"]) == 0
    sys.path.insert(0, str(tmp_path / "out"))
    try:
        package = importlib.import_module("reserved_client")
        init = inspect.signature(package.ReservedClient.__init__).parameters
        # The client's own keywords keep their meaning; each scheme got an argument of its own.
        assert init["timeout"].annotation != "str | None"
        options = [n for n, p in init.items() if p.annotation == "str | None"]
        assert sorted(options) == ["base_url_key", "copy_key", "timeout_key"]
        client = package.ReservedClient(timeout_key="t", copy_key="c", base_url_key="b", timeout=3.0)
        assert client.timeout == 3.0 and callable(client.copy)
    finally:
        sys.path.remove(str(tmp_path / "out"))
        for name in [m for m in sys.modules if m == "reserved_client" or m.startswith("reserved_client.")]:
            del sys.modules[name]
