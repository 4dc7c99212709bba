"""Webhooks: typed events (``unwrap``) and Standard Webhooks signatures (``verify_signature``).

Shipped in packages whose API description has ``webhooks``. A generated resource subclasses
:class:`SyncWebhooksResource` / :class:`AsyncWebhooksResource` with the event union as the type
argument and the class keywords ``event_type`` (the same union, for parsing), ``signature``
(``"standard-webhooks"`` or ``""``), ``secret_option`` (the client attribute holding the secret),
``secret_env`` (its env var) and ``tolerance`` (seconds).

Standard Webhooks (https://www.standardwebhooks.com): the signed content is
``{webhook-id}.{webhook-timestamp}.{body}``; ``webhook-signature`` holds space-separated
``v1,<base64 HMAC-SHA256>`` values (any one may match); a secret ``whsec_<base64>`` is the
base64-decoded key, any other secret is used as its UTF-8 bytes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import time
from typing import Any, ClassVar, Generic, Mapping, Optional, TypeVar, Union, cast

from ._exceptions import InvalidWebhookSignatureError
from ._models import construct_type
from ._resource import AsyncAPIResource, SyncAPIResource

__all__ = ["SyncWebhooksResource", "AsyncWebhooksResource", "verify_standard_webhook", "HeadersLike"]

_EventT = TypeVar("_EventT")

HeadersLike = Union[Mapping[str, str], Any]
"""A mapping of header names to values (``dict``, ``httpx.Headers``, a framework's headers object)."""


def _header(headers: HeadersLike, name: str) -> str:
    getter = getattr(headers, "get", None)
    if getter is not None:
        value = getter(name)
        if value is None:
            value = getter(name.title())
        if value is None and isinstance(headers, Mapping):
            value = next((v for k, v in headers.items() if isinstance(k, str) and k.lower() == name), None)
        if isinstance(value, bytes):
            value = value.decode("latin-1")
        if isinstance(value, str) and value:
            return value
    raise InvalidWebhookSignatureError(f"Missing required header: {name}")


def _key(secret: str) -> bytes:
    if secret.startswith("whsec_"):
        try:
            return base64.b64decode(secret[len("whsec_") :], validate=True)
        except (binascii.Error, ValueError):
            raise InvalidWebhookSignatureError(
                "The webhook secret is not valid base64 after its whsec_ prefix"
            ) from None
    return secret.encode("utf-8")


def verify_standard_webhook(
    payload: Union[str, bytes], headers: HeadersLike, *, secret: str, tolerance: int = 300
) -> None:
    """Raise :class:`InvalidWebhookSignatureError` unless one ``v1`` signature of ``headers`` signs
    ``payload`` with ``secret`` and ``webhook-timestamp`` lies within ``tolerance`` seconds of now."""
    signature_header = _header(headers, "webhook-signature")
    timestamp = _header(headers, "webhook-timestamp")
    webhook_id = _header(headers, "webhook-id")
    try:
        seconds = int(timestamp)
    except ValueError:
        raise InvalidWebhookSignatureError("Invalid webhook timestamp format") from None
    now = int(time.time())
    if now - seconds > tolerance:
        raise InvalidWebhookSignatureError("Webhook timestamp is too old")
    if seconds - now > tolerance:
        raise InvalidWebhookSignatureError("Webhook timestamp is too new")
    body = payload if isinstance(payload, bytes) else payload.encode("utf-8")
    signed = webhook_id.encode("utf-8") + b"." + timestamp.encode("utf-8") + b"." + body
    expected = base64.b64encode(hmac.new(_key(secret), signed, hashlib.sha256).digest()).decode("ascii")
    candidates = []
    for part in signature_header.split():
        version, sep, value = part.partition(",")
        if sep and version == "v1":
            candidates.append(value)
    if not any(hmac.compare_digest(expected, c) for c in candidates):
        raise InvalidWebhookSignatureError("The given webhook signature does not match the expected signature")


class _WebhooksBase(Generic[_EventT]):
    _event_type: ClassVar[Any] = None
    _signature: ClassVar[str] = ""
    _secret_option: ClassVar[str] = "webhook_secret"
    _secret_env: ClassVar[str] = ""
    _tolerance: ClassVar[int] = 300
    _client: Any

    def __init_subclass__(
        cls,
        *,
        event_type: Any = None,
        signature: str = "",
        secret_option: str = "webhook_secret",
        secret_env: str = "",
        tolerance: int = 300,
        **kwargs: Any,
    ) -> None:
        super().__init_subclass__(**kwargs)
        if event_type is not None:
            cls._event_type = event_type
            cls._signature = signature
            cls._secret_option = secret_option
            cls._secret_env = secret_env
            cls._tolerance = tolerance

    def _secret(self, secret: Optional[str]) -> Optional[str]:
        if secret is not None:
            return secret
        value = getattr(self._client, self._secret_option, None)
        if isinstance(value, str) and value:
            return value
        return os.environ.get(self._secret_env) if self._secret_env else None

    def verify_signature(
        self,
        payload: Union[str, bytes],
        headers: HeadersLike,
        *,
        secret: Optional[str] = None,
        tolerance: Optional[int] = None,
    ) -> None:
        """Check the delivery's signature; raises ``InvalidWebhookSignatureError`` when it does not match,
        when a header is missing, or when ``webhook-timestamp`` is more than ``tolerance`` seconds from now.

        ``secret`` defaults to the client's secret option, then to its env var."""
        if not self._signature:
            raise InvalidWebhookSignatureError("No webhook signature scheme is configured for this client")
        key = self._secret(secret)
        if not key:
            where = f" or set {self._secret_env}" if self._secret_env else ""
            raise ValueError(
                f"The webhook secret must be passed as secret=, or as the client's {self._secret_option}={where}"
            )
        verify_standard_webhook(
            payload, headers, secret=key, tolerance=self._tolerance if tolerance is None else tolerance
        )

    def unwrap(self, payload: Union[str, bytes], headers: HeadersLike, *, secret: Optional[str] = None) -> _EventT:
        """Verify the delivery (when a signature scheme is configured) and parse it into the typed event."""
        if self._signature:
            self.verify_signature(payload, headers, secret=secret)
        data = json.loads(payload)
        return cast(_EventT, construct_type(self._event_type, data))


class SyncWebhooksResource(_WebhooksBase[_EventT], SyncAPIResource):
    """Base of a generated sync ``webhooks`` resource."""


class AsyncWebhooksResource(_WebhooksBase[_EventT], AsyncAPIResource):
    """Base of a generated async ``webhooks`` resource (verification is CPU-only: no ``await``)."""
