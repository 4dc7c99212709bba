"""Flavours: the vendor-specific rules of normalization behind one interface.

The generic normalizer (:mod:`generator.normalize`) decides from the spec's shape alone. Where a
decision needs to know an API's habits (a vendor extension such as ``x-oaiMeta``, the field names
its cursors use, a ``stream`` flag that promises server-sent events in prose) it asks the
:class:`Policy` the config selects (``flavour: openai``; default ``generic``):

- **resource placement**: :meth:`Policy.operation_meta` (a name, a method path, a group and a
  namespace the spec gives an operation besides its path and operationId), :attr:`Policy.verb_hints`
  and :attr:`Policy.item_actions` (the operationId verbs that name a method);
- **pagination**: :attr:`Policy.cursor_params`, :attr:`Policy.next_cursor_fields`,
  :attr:`Policy.items_fields`, and :attr:`Policy.list_shape` (literal fields that make a response
  with an items array a page even without a cursor: OpenAI's ``{"object": "list", "data": [...]}``);
- **streaming**: :meth:`Policy.stream_flag_means_sse` (a ``stream`` body flag whose description
  promises server-sent events where the spec declares no ``text/event-stream``);
- **runtime extras**: :attr:`Policy.platform_header_prefix` (``X-SDK-Lang`` ...; OpenAI:
  ``X-Stainless-Lang`` ...), :attr:`Policy.runtime_dir` (runtime modules shipped in the package besides
  the generic runtime) and :meth:`Policy.method_wrapper` (a runtime function a method's request
  goes through, e.g. OpenAI's base64 embeddings).

A new flavour is a :class:`GenericPolicy` subclass registered in :data:`FLAVOURS`; every rule
it changes is tested in ``tests/unit/test_flavours.py`` with a table for each policy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Protocol

from generator.ir.model import Field, Operation


@dataclass(frozen=True)
class OperationMeta:
    """What a vendor extension says about where an operation goes (all optional)."""

    name: str = ""
    """A human name (``"Cancel a run"``): its first word may say the method's verb."""
    path: str = ""
    """A method path relative to :attr:`group` (``completions/messages/list``); see :mod:`generator.normalize.resources`."""
    group: str = ""
    """The resource the method path starts below (``chat``)."""
    namespace: str = ""
    """A namespace the resource goes under (``beta``)."""


class Policy(Protocol):
    """The decisions a flavour makes (see the module docstring)."""

    name: str
    verb_hints: Mapping[str, str]
    item_actions: frozenset[str]
    cursor_params: tuple[str, ...]
    next_cursor_fields: tuple[str, ...]
    items_fields: tuple[str, ...]
    list_shape: Mapping[str, str]
    runtime_dir: Path | None
    exports: tuple[tuple[str, str], ...]
    platform_header_prefix: str

    def operation_meta(self, raw: Mapping[str, Any]) -> OperationMeta: ...

    def stream_flag_means_sse(self, flag: Field) -> bool: ...

    def method_wrapper(self, op: Operation) -> str: ...


_VERB_HINTS: Mapping[str, str] = {
    "get": "retrieve", "retrieve": "retrieve", "fetch": "retrieve", "read": "retrieve", "show": "retrieve",
    "list": "list", "create": "create", "add": "create",
    "update": "update", "modify": "update", "delete": "delete", "remove": "delete",
}
_ITEM_ACTIONS = frozenset(
    {"cancel", "pause", "resume", "archive", "unarchive", "activate", "deactivate", "enable", "disable",
     "start", "stop", "restart", "approve", "reject", "publish", "unpublish", "complete", "close", "reopen", "retry", "restore"}
)


@dataclass(frozen=True)
class GenericPolicy:
    """The rules for any API: English verbs, the cursor names common across APIs, no vendor extension."""

    name: str = "generic"
    verb_hints: Mapping[str, str] = field(default_factory=lambda: dict(_VERB_HINTS))
    """The first word of an operationId -> the method name it asks for."""
    item_actions: frozenset[str] = _ITEM_ACTIONS
    """Verbs that name an action on one item (``POST /evals/{id}/runs/{run_id}`` ``cancelEvalRun``)."""
    cursor_params: tuple[str, ...] = ("after", "starting_after", "cursor", "page_token", "next_token", "continuation_token", "page_after")
    """Query parameters that carry a cursor, best first."""
    next_cursor_fields: tuple[str, ...] = ("next_cursor", "next_page_token", "next_token", "last_id", "cursor", "continuation_token")
    """Response fields that carry the next cursor, best first (none: the last item's ``id``)."""
    items_fields: tuple[str, ...] = ("data", "items", "results", "entries", "records", "values")
    """Response fields that hold a page's items, best first (else the only array field)."""
    list_shape: Mapping[str, str] = field(default_factory=dict)
    """Literal fields (``{"object": "list"}``) that make a response with an items array a page even
    without a cursor; empty: only ``pagination.pages`` in the config does."""
    runtime_dir: Path | None = None
    """A folder of runtime modules shipped in the package besides the generic runtime (searched after
    the user's ``runtime/`` templates, before the built-in ones)."""
    exports: tuple[tuple[str, str], ...] = ()
    """``(runtime module, name)`` the package's ``__init__`` re-exports (``("_openai", "LengthFinishReasonError")``)."""
    platform_header_prefix: str = "X-SDK"
    """Prefix of the platform headers every request sends (``X-SDK-Lang``, ``-OS``, ``-Arch``, ``-Retry-Count`` ...)."""

    def operation_meta(self, raw: Mapping[str, Any]) -> OperationMeta:
        """No vendor extension: placement comes from the path and the operationId alone."""
        return OperationMeta()

    def stream_flag_means_sse(self, flag: Field) -> bool:
        """A ``stream`` flag streams only where the spec declares ``text/event-stream``."""
        return False

    def method_wrapper(self, op: Operation) -> str:
        """``"module:function"`` of :attr:`runtime_dir` the method's request goes through (see
        ``Operation.wrapper``); ``""``: the method calls the runtime client directly."""
        return ""


FLAVOURS: dict[str, Policy] = {}
"""Registered flavours by config name."""


def register(policy: Policy) -> Policy:
    FLAVOURS[policy.name] = policy
    return policy


GENERIC: Policy = register(GenericPolicy())


def policy_for(name: str) -> Policy:
    """The policy the config's ``flavour`` names (``""``: generic); the config schema allows only registered names."""
    _load_builtin()
    return FLAVOURS.get(name or "generic", GENERIC)


def _load_builtin() -> None:
    from generator.flavours.openai import policy as _openai  # noqa: F401  (registers itself)


__all__ = ["FLAVOURS", "GENERIC", "GenericPolicy", "OperationMeta", "Policy", "policy_for", "register"]
