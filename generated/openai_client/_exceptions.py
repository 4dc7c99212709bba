"""Exceptions raised by the client."""

from __future__ import annotations

from typing import Any, Mapping, Optional

import httpx

__all__ = [
    "OpenAIError",
    "APIError",
    "APIStatusError",
    "APIConnectionError",
    "APITimeoutError",
    "APIResponseValidationError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "make_status_error",
    "InvalidWebhookSignatureError",
    "ERROR_ENVELOPE",
]


ERROR_ENVELOPE: Optional[str] = "error"
"""The error body's key holding the error object (config ``errors.envelope``). When set, an
exception's ``body`` is that object, its message ``Error code: <status> - <the object's message>``
(as openai-python); ``None``: the body as decoded."""


class OpenAIError(Exception):
    """Root of every exception raised by this package."""


class APIError(OpenAIError):
    """An error tied to an HTTP request.

    ``body`` is the decoded JSON body if it was JSON, else the raw text, else ``None``.
    ``code``, ``param`` and ``type`` come from the body's ``error`` object (or a flat body).
    """

    message: str
    request: httpx.Request
    body: object | None
    code: Optional[str]
    param: Optional[str]
    type: Optional[str]

    def __init__(self, message: str, request: httpx.Request, *, body: object | None) -> None:
        super().__init__(message)
        self.request = request
        self.message = message
        self.body = body
        err: Mapping[str, Any] | None = None
        if isinstance(body, Mapping):
            inner = body.get("error")
            err = inner if isinstance(inner, Mapping) else body
        self.code = _opt_str(err.get("code")) if err is not None else None
        self.param = _opt_str(err.get("param")) if err is not None else None
        self.type = _opt_str(err.get("type")) if err is not None else None

    def __str__(self) -> str:
        return self.message


class APIResponseValidationError(APIError):
    """The response did not match the expected schema (strict mode) or was not decodable."""

    response: httpx.Response
    status_code: int

    def __init__(self, response: httpx.Response, body: object | None, *, message: str | None = None) -> None:
        super().__init__(message or "Data returned by API invalid for expected schema.", response.request, body=body)
        self.response = response
        self.status_code = response.status_code


class APIStatusError(APIError):
    """The API answered with a 4xx or 5xx status code."""

    response: httpx.Response
    status_code: int
    request_id: str | None

    def __init__(self, message: str, *, response: httpx.Response, body: object | None) -> None:
        super().__init__(message, response.request, body=body)
        self.response = response
        self.status_code = response.status_code
        self.request_id = response.headers.get("x-request-id")


class APIConnectionError(APIError):
    """The request could not reach the server (DNS, TCP, TLS, protocol error)."""

    def __init__(self, *, message: str = "Connection error.", request: httpx.Request) -> None:
        super().__init__(message, request, body=None)


class APITimeoutError(APIConnectionError):
    """The request timed out."""

    def __init__(self, request: httpx.Request) -> None:
        super().__init__(message="Request timed out.", request=request)


class BadRequestError(APIStatusError):
    status_code: int = 400


class AuthenticationError(APIStatusError):
    status_code: int = 401


class PermissionDeniedError(APIStatusError):
    status_code: int = 403


class NotFoundError(APIStatusError):
    status_code: int = 404


class ConflictError(APIStatusError):
    status_code: int = 409


class UnprocessableEntityError(APIStatusError):
    status_code: int = 422


class RateLimitError(APIStatusError):
    status_code: int = 429


class InternalServerError(APIStatusError):
    pass


_STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def _opt_str(value: object) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def error_message(body: object | None, response: httpx.Response) -> str:
    """Build ``"Error code: 404 - {...}"`` from a decoded error body, like openai-python.

    With :data:`ERROR_ENVELOPE`: ``"Error code: 404 - <message>"`` where the error object has a
    non-empty string message, else ``"Error code: 404"``."""
    if ERROR_ENVELOPE is not None:
        error = body.get(ERROR_ENVELOPE, body) if isinstance(body, Mapping) else None
        message = error.get("message") if isinstance(error, Mapping) else None
        suffix = f" - {message}" if isinstance(message, str) and message else ""
        return f"Error code: {response.status_code}{suffix}"
    text: object = body
    if isinstance(body, Mapping):
        inner = body.get("error")
        if isinstance(inner, Mapping) and inner.get("message"):
            text = inner
        elif isinstance(inner, str) and inner:
            text = inner
        elif body.get("message"):
            text = body
    elif body is None:
        text = response.reason_phrase or "(no body)"
    return f"Error code: {response.status_code} - {text}"


def make_status_error(response: httpx.Response, body: object | None, message: str | None = None) -> APIStatusError:
    """Map a >= 400 response to the matching exception class."""
    status = response.status_code
    cls = _STATUS_ERRORS.get(status)
    if cls is None:
        cls = InternalServerError if status >= 500 else APIStatusError
    data = body.get(ERROR_ENVELOPE, body) if ERROR_ENVELOPE is not None and isinstance(body, Mapping) else body
    return cls(message or error_message(body, response), response=response, body=data)


# Canonical aliases used by the static runtime modules (names may differ above).
_BaseError = OpenAIError
_APIError = APIError
_APIStatusError = APIStatusError
_APIConnectionError = APIConnectionError
_APITimeoutError = APITimeoutError
_APIResponseValidationError = APIResponseValidationError


class InvalidWebhookSignatureError(OpenAIError, ValueError):
    """A webhook delivery whose signature, or timestamp, does not check out (``client.webhooks.verify_signature``)."""
