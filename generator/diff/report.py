"""Lay out a diff for people (text), for a CHANGELOG or PR comment (markdown), and for tools (json)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Literal

from generator.diff.model import Change, Location, Surface
from generator.emit.code import md_code, md_text

Format = Literal["text", "markdown", "json"]


@dataclass(frozen=True, slots=True)
class Side:
    file: str
    title: str
    version: str

    @classmethod
    def of(cls, surface: Surface) -> Side:
        return cls(surface.file, surface.title, surface.version)

    def label(self) -> str:
        return f"{self.title} {self.version}".strip() or self.file


def render(changes: list[Change], old: Side, new: Side, fmt: Format) -> str:
    if fmt == "json":
        return _json(changes, old, new)
    if fmt == "markdown":
        return _markdown(changes, old, new)
    return _text(changes, old, new)


def _counts(changes: list[Change]) -> tuple[int, int]:
    breaking = sum(1 for c in changes if c.breaking)
    return breaking, len(changes) - breaking


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def _printable(text: str) -> str:
    """Spec text shown on a terminal: control characters (escape sequences) written as escapes."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


def _text(changes: list[Change], old: Side, new: Side) -> str:
    breaking, other = _counts(changes)
    lines = [f"SDK surface: {old.file} ({old.label()}) -> {new.file} ({new.label()})", f"{breaking} breaking, {other} non-breaking change(s)"]
    for c in sorted(changes, key=lambda c: not c.breaking):
        lines.append(f"{'BREAKING' if c.breaking else 'ok      '}  {c.message}")
        if c.old is not None:
            lines.append(f"          old: {c.old.render()}")
        if c.new is not None:
            lines.append(f"          new: {c.new.render()}")
    return "\n".join(_printable(line) for line in lines) + "\n"


def _md_location(c: Change) -> str:
    parts = []
    if c.old is not None:
        parts.append(f"old {md_code(c.old.render())}")
    if c.new is not None:
        parts.append(f"new {md_code(c.new.render())}")
    return " · ".join(parts)


def _markdown(changes: list[Change], old: Side, new: Side) -> str:
    breaking, other = _counts(changes)
    lines = [f"## SDK changes: {md_text(old.label())} → {md_text(new.label())}", ""]
    if not changes:
        return "\n".join(lines + ["No changes to the SDK surface.", ""])
    lines.append(f"{breaking} breaking, {other} non-breaking.")
    for title, group in (("Breaking changes", [c for c in changes if c.breaking]), ("Non-breaking changes", [c for c in changes if not c.breaking])):
        if not group:
            continue
        lines += ["", f"### {title}", ""]
        for c in group:
            lines.append(f"- **{md_code(c.subject)}**: {md_text(c.message)}  ")
            lines.append(f"  <sub>{_md_location(c)}</sub>")
    return "\n".join(lines) + "\n"


def _location(at: Location | None) -> dict[str, str] | None:
    return None if at is None else {"file": at.file, "pointer": at.pointer, "detail": at.detail}


def _json(changes: list[Change], old: Side, new: Side) -> str:
    breaking, other = _counts(changes)
    data = {
        "old": {"file": old.file, "title": old.title, "version": old.version},
        "new": {"file": new.file, "title": new.title, "version": new.version},
        "breaking": breaking,
        "non_breaking": other,
        "changes": [
            {
                "area": c.area,
                "subject": c.subject,
                "action": c.action,
                "label": c.label,
                "message": c.message,
                "old": _location(c.old),
                "new": _location(c.new),
                "tags": list(c.tags),
            }
            for c in changes
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
