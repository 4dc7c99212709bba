"""Shared helpers of the runtime tests.

Importing this module renders the runtime into a temporary package ``rtpkg``
(plus the hand-written ``example_client.py`` as ``rtpkg/_example_client.py``)
and puts it on ``sys.path``.
"""

from __future__ import annotations

import atexit
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable, List

import httpx

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from generator.render.runtime import RuntimeContext, render_runtime  # noqa: E402

CTX = RuntimeContext(
    package_name="rtpkg",
    package_version="1.2.3",
    sdk_title="Petstore",
    base_error_name="PetstoreError",
    log_env_var="PETSTORE_LOG",
)

_TMP = Path(tempfile.mkdtemp(prefix="rtpkg-"))
atexit.register(shutil.rmtree, _TMP, True)
PKG_DIR = _TMP / "rtpkg"


def write_package(dest: Path, ctx: RuntimeContext = CTX) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for rel, text in render_runtime(ctx).items():
        (dest / rel).write_text(text)
    (dest / "__init__.py").write_text('"""Rendered runtime under test."""\n')
    shutil.copy(Path(__file__).with_name("example_client.py"), dest / "_example_client.py")
    return dest


write_package(PKG_DIR)
sys.path.insert(0, str(_TMP))

Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """A MockTransport handler that records requests and replays queued responses."""

    def __init__(self) -> None:
        self.requests: List[httpx.Request] = []
        self.responses: List[Any] = []
        self.default: Handler | None = None

    def queue(self, *responses: Any) -> None:
        self.responses.extend(responses)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        if self.responses:
            item = self.responses.pop(0)
        elif self.default is not None:
            item = self.default
        else:
            item = httpx.Response(200, json={})
        if isinstance(item, BaseException):
            raise item
        if callable(item):
            return item(request)  # type: ignore[no-any-return]
        return item  # type: ignore[no-any-return]

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]
