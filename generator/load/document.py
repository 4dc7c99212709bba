"""Reading OpenAPI documents (and configs) from disk: checked, parsed, cached by content.

:func:`read_document` reads through :mod:`generator.load.files` (regular files under the
size cap only), parses through :mod:`generator.load.parse` (YAML 1.2 or JSON, strict) and
keeps the result in the one cache (:mod:`generator.cache`) as JSON: ``json.loads`` of the
OpenAI spec costs ~0.03 s against ~0.1 s to parse and check it. A cold parse round-trips
through JSON too, so cold and warm runs see exactly the same document.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator import cache
from generator.load import parse
from generator.load.files import read_input_bytes
from generator.load.policy import current_policy

_KIND = "parsed"


def parse_text(text: str | bytes, *, file: str) -> Any:
    """Parse ``text`` (YAML 1.2, or JSON for a ``.json`` file) under the current input policy."""
    return parse.parse_text(text, file=file, policy=current_policy())


def read_document(path: Path) -> tuple[Any, bytes]:
    """Return the parsed document at ``path`` and its raw bytes; a located GeneratorError if it cannot be."""
    raw = read_input_bytes(path)
    return parse_cached(raw, file=str(path)), raw


def parse_cached(raw: bytes, *, file: str) -> Any:
    policy = current_policy()
    entry = cache.key(_KIND, parse.cache_format(), f"{policy.max_depth};{policy.max_nodes};{file.endswith('.json')}", raw)
    cached = cache.get(_KIND, entry)
    if cached is not None:
        try:
            with parse.gc_paused():
                return json.loads(cached)
        except ValueError:
            cache.forget(_KIND, entry)
    document, shared = parse.parse_document(raw, file=file, policy=policy)
    try:
        text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=True)
    except (TypeError, ValueError):  # something JSON cannot hold: use the parsed result as it is
        return document
    data = text.encode("utf-8", "surrogatepass")
    del text
    if cache.enabled():
        cache.put(_KIND, entry, data)
    if not shared:
        # A tree already, as the cache gives it back: the same document without decoding the text
        # again (~25 ms of a cold OpenAI run, and 4 MB less than the decoded copy).
        return document
    # Aliases share nodes, which the text (and so a cache hit) does not: the copy replaces the parse.
    del document
    with parse.gc_paused():
        return json.loads(data)
