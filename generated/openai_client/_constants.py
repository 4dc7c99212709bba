# Runtime constants; the values come from the generator's RuntimeContext.
from __future__ import annotations

from typing import Final

import httpx

PACKAGE_NAME: Final = "openai_client"
SDK_TITLE: Final = "OpenAI API"
USER_AGENT: Final = "OpenAI API/Python 1.0.0"
LOG_ENV_VAR: Final = "OPENAI_LOG"
PLATFORM_HEADER_PREFIX: Final = "X-Stainless"

DEFAULT_TIMEOUT: Final = httpx.Timeout(timeout=600.0, connect=5.0)
DEFAULT_MAX_RETRIES: Final = 2
DEFAULT_CONNECTION_LIMITS: Final = httpx.Limits(max_connections=1000, max_keepalive_connections=100)
DEFAULT_ARRAY_FORMAT: Final = "brackets"

INITIAL_RETRY_DELAY: Final = 0.5
MAX_RETRY_DELAY: Final = 8.0
MAX_RETRY_AFTER_DELAY: Final = 120.0

#: Internal header set by `.with_raw_response` / `.with_streaming_response`; never sent.
RAW_RESPONSE_HEADER: Final = "X-Runtime-Raw-Response"
