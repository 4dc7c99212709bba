"""The OpenAI flavour's rules (``flavour: openai`` in the config; spec/openai.config.yaml sets it).

Everything here is a habit of the OpenAI description and of openai-python, kept out of the
generic normalizer (see :mod:`generator.flavours`):

- ``x-oaiMeta`` (``name``, ``path``, ``group``, ``beta``) places operations
  (:meth:`OpenAIPolicy.operation_meta`; the generic rules that use it are in
  :mod:`generator.normalize.resources`);
- a response ``{"object": "list", "data": [...]}`` is a page even without a cursor
  (``models.list()``), as openai-python's ``SyncPage``;
- a ``stream`` body flag whose description promises server-sent events streams even where the spec
  declares only JSON (``POST /completions``);
- the platform headers are openai-python's ``X-Stainless-*``;
- ``POST /embeddings`` asks for base64 when the caller gives no ``encoding_format`` and decodes the
  vectors into ``list[float]`` (``runtime/_openai.py``: ``create_embeddings``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from generator.flavours import GenericPolicy, OperationMeta, register
from generator.ir.model import Field, Operation

_SSE_PROSE = re.compile(r"server[- ]sent events?", re.IGNORECASE)
RUNTIME_DIR = Path(__file__).with_name("runtime")


@dataclass(frozen=True)
class OpenAIPolicy(GenericPolicy):
    name: str = "openai"
    list_shape: Mapping[str, str] = field(default_factory=lambda: {"object": "list"})
    next_cursor_fields: tuple[str, ...] = GenericPolicy.next_cursor_fields + ("next",)
    """``next``: the cursor of the next page beside an ``after`` parameter (``GET /organization/projects/{id}/groups``)."""
    runtime_dir: Path | None = RUNTIME_DIR
    platform_header_prefix: str = "X-Stainless"
    """openai-python's platform headers (``X-Stainless-Lang``, ``X-Stainless-Retry-Count`` ...)."""
    exports: tuple[tuple[str, str], ...] = (("_openai", "LengthFinishReasonError"), ("_openai", "ContentFilterFinishReasonError"))

    def operation_meta(self, raw: Mapping[str, Any]) -> OperationMeta:
        """``x-oaiMeta``: ``name`` ("Cancel a run"), ``path`` (``completions/messages/list``),
        ``group`` (``chat``) and ``beta: true`` (the ``beta`` namespace)."""
        meta = raw.get("x-oaiMeta")
        if not isinstance(meta, dict):
            return OperationMeta()

        def text(key: str) -> str:
            value = meta.get(key)
            return value if isinstance(value, str) else ""

        return OperationMeta(name=text("name"), path=text("path"), group=text("group"), namespace="beta" if meta.get("beta") is True else "")

    def stream_flag_means_sse(self, flag: Field) -> bool:
        """``stream``: "... sent as data-only server-sent events ..." (``POST /completions`` declares no event stream)."""
        return bool(_SSE_PROSE.search(flag.description))

    def method_wrapper(self, op: Operation) -> str:
        """``POST /embeddings`` goes through ``_openai.create_embeddings`` (base64 by default, decoded)."""
        if op.method == "post" and op.path.split("?", 1)[0].rstrip("/") == "/embeddings" and op.body is not None and any(f.name == "encoding_format" for f in op.body.fields):
            return "_openai:create_embeddings"
        return ""


OPENAI = register(OpenAIPolicy())
