"""Where spec text may sit in generated Python: inside string literals and comments only.

The check tokenizes each file with :mod:`tokenize` and asks, for every occurrence
of a canary substring, whether it lies inside a STRING or COMMENT token. A
payload that broke out of a literal would leave the canary in code.
"""

from __future__ import annotations

import hashlib
import io
import tokenize
from pathlib import Path

SAFE_TOKENS = frozenset({tokenize.STRING, tokenize.COMMENT})


def _line_offsets(text: str) -> list[int]:
    """Offset of each line's start, split on LF only (as ``io.StringIO.readline`` feeds tokenize)."""
    offsets = [0]
    for index, char in enumerate(text):
        if char == "\n":
            offsets.append(index + 1)
    return offsets


def safe_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of every string and comment token of ``text``."""
    offsets = _line_offsets(text)
    spans = []
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type in SAFE_TOKENS:
            (srow, scol), (erow, ecol) = token.start, token.end
            spans.append((offsets[srow - 1] + scol, offsets[erow - 1] + ecol))
    return spans


def canary_outside_strings(text: str, canary: str) -> list[str]:
    """Lines (numbered) where ``canary`` occurs outside string literals and comments."""
    spans = safe_spans(text)
    found = []
    start = text.find(canary)
    while start != -1:
        end = start + len(canary)
        if not any(s <= start and end <= e for s, e in spans):
            line = text.count("\n", 0, start) + 1
            found.append(f"line {line}: {text.splitlines()[line - 1][:200]!r}")
        start = text.find(canary, end)
    return found


def scan_tree(folder: Path, canary: str) -> dict[str, list[str]]:
    """Every ``.py`` file under ``folder`` with canaries in code (or a tokenize error)."""
    problems: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if canary not in text:
            continue
        try:
            bad = canary_outside_strings(text, canary)
        except (tokenize.TokenError, SyntaxError, IndentationError) as exc:
            bad = [f"does not tokenize: {exc}"]
        if bad:
            problems[path.relative_to(folder).as_posix()] = bad
    return problems


_COMPILED: set[bytes] = set()


def compile_tree(folder: Path) -> dict[str, str]:
    """Every ``.py`` file under ``folder`` that is not valid Python, with the error.

    Sources that compiled before (the static runtime, the same in every package) are not compiled again.
    """
    failures: dict[str, str] = {}
    for path in sorted(folder.rglob("*.py")):
        source = path.read_bytes()
        digest = hashlib.sha256(source).digest()
        if digest in _COMPILED:
            continue
        try:
            compile(source, str(path), "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as exc:
            failures[path.relative_to(folder).as_posix()] = f"{type(exc).__name__}: {exc}"
        else:
            _COMPILED.add(digest)
    return failures
