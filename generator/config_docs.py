"""``docs/configuration.md``, the configuration reference, generated from ``generator/config.schema.json``.

``python -m generator config-docs > docs/configuration.md`` writes it; ``tests/test_config_docs.py``
fails when the committed page is not what the schema gives. The schema is walked generically: every
property (nested objects, ``{name: ...}`` maps, lists of mappings) becomes one entry with its
``description``, the rule from its ``x-hint`` (or enum) and its ``x-example`` shown as YAML and as the
``[tool.pyoasgen]`` table of a pyproject.toml. A key added to the schema is documented without
touching this module.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import tomli_w
import yaml

from generator.config import SCHEMA_PATH, TOML_TABLE

MAP_KEY = "<name>"
"""How a free key (a security scheme's name, an operationId ...) is written in an entry's path."""

_MISSING = object()


@dataclass(frozen=True)
class Entry:
    path: tuple[str, ...]
    """Keys from the top (``("client", "auth", "<name>")``); ``[]`` marks a list item."""
    node: dict[str, Any]

    @property
    def dotted(self) -> str:
        return ".".join(self.path).replace(".[]", "[]")

    @property
    def is_group(self) -> bool:
        """An object with named properties (``client``): documented through its keys."""
        return self.node.get("type") == "object" and bool(self.node.get("properties"))

    def example(self) -> Any:
        """The ``x-example``, else what the enum or a boolean gives, else the placeholder ``_MISSING``."""
        if "x-example" in self.node:
            return self.node["x-example"]
        if self.node.get("enum"):
            return self.node["enum"][0]
        if self.node.get("type") == "boolean":
            return True
        return _MISSING


def load_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text("utf-8"))  # type: ignore[no-any-return]


def entries(schema: dict[str, Any]) -> Iterator[Entry]:
    """Every key of the schema, depth first, in the schema's order."""

    def walk(node: dict[str, Any], path: tuple[str, ...]) -> Iterator[Entry]:
        for name, child in (node.get("properties") or {}).items():
            entry = Entry((*path, name), child)
            yield entry
            if entry.is_group:
                yield from walk(child, entry.path)
            items = child.get("items")
            if child.get("type") == "array" and isinstance(items, dict) and items.get("properties"):
                yield from walk(items, (*entry.path, "[]"))
            values = child.get("additionalProperties")
            if isinstance(values, dict) and values.get("properties"):
                yield from walk(values, (*entry.path, MAP_KEY))

    yield from walk(schema, ())


def undocumented(schema: dict[str, Any]) -> list[str]:
    """Keys without a description or an example (a schema change the page cannot describe)."""
    missing = []
    for e in entries(schema):
        if e.is_group or "[]" in e.path or MAP_KEY in e.path:
            if not e.node.get("description") and not e.is_group:
                missing.append(f"{e.dotted}: description")
            continue
        if not e.node.get("description"):
            missing.append(f"{e.dotted}: description")
        if e.example() is _MISSING:
            missing.append(f"{e.dotted}: x-example")
    return missing


def _nest(path: tuple[str, ...], value: Any) -> Any:
    for key in reversed(path):
        value = [value] if key == "[]" else {key: value}
    return value


def _type(node: dict[str, Any]) -> str:
    if "enum" in node:
        return "one of " + ", ".join(f"`{v}`" for v in node["enum"])
    kind = node.get("type", "")
    if kind == "object" and isinstance(node.get("additionalProperties"), dict) and not node.get("properties"):
        return "mapping of name to " + (_type(node["additionalProperties"]) or "value")
    if kind == "array":
        return "list of " + (_type(node.get("items") or {}) or "values") + "s"
    return {"string": "string", "boolean": "boolean", "integer": "integer", "number": "number", "object": "mapping"}.get(kind, kind)


def _examples(path: tuple[str, ...], value: Any) -> list[str]:
    nested = _nest(path, value)
    lines = ["```yaml", yaml.safe_dump(nested, sort_keys=False, allow_unicode=True, default_flow_style=False).rstrip(), "```"]
    table: Any = nested
    for key in reversed(TOML_TABLE):
        table = {key: table}
    if isinstance(nested, dict):
        lines += ["", "```toml", tomli_w.dumps(table).rstrip(), "```"]
    return lines


INTRO = """\
# Configuration reference

<!-- Generated from generator/config.schema.json by `python -m generator config-docs > docs/configuration.md`.
     Do not edit: change the schema's description / x-hint / x-example and regenerate
     (tests/test_config_docs.py fails while this page is out of date). -->

Every key is optional: what is left out is derived from the spec. The configuration is either

* a YAML (or JSON) file: `pyoasgen generate SPEC -o OUT --config sdk.yaml`, or
* the `[tool.pyoasgen]` table of a `pyproject.toml`: `pyoasgen generate SPEC -o OUT --config pyproject.toml`
  (any `*.toml` file given to `--config` is read this way). A `pyproject.toml` is never read unless it is
  named, because the generator often runs in a repository whose `pyproject.toml` belongs to another project;
  `generate` and `check` print a note when `./pyproject.toml` has a `[tool.pyoasgen]` table that is not used.

Both forms are checked against the same JSON Schema, `generator/config.schema.json` (point an editor's
YAML or TOML schema support at it). An unknown key, a wrong type or a value that could not become valid
Python, TOML or an HTTP header stops the run with the file, the key's JSON pointer (and in a
`pyproject.toml` its line) and a hint. Paths in the configuration (`templates`) are relative to the file.
Overrides that match nothing in the spec are `unmatched-override` warnings (errors under `--strict`).

`<name>` in a key stands for a name you choose (a security scheme, an operationId ...); `[]` for each item of a list.
"""


def render(schema: dict[str, Any] | None = None) -> str:
    schema = schema if schema is not None else load_schema()
    all_entries = list(entries(schema))
    out = [INTRO, "## Keys", ""]
    for e in all_entries:
        out.append(f"- [`{e.dotted}`](#{_anchor(e.dotted)})")
    out.append("")
    for e in all_entries:
        level = "#" * min(2 + len([p for p in e.path if p not in ("[]",)]) - 1, 4)
        out += [f"{level} `{e.dotted}`", "", f'<a id="{_anchor(e.dotted)}"></a>', ""]
        if e.node.get("description"):
            out += [e.node["description"], ""]
        facts = []
        kind = _type(e.node)
        if kind and not e.is_group:
            facts.append(f"- type: {kind}")
        if e.node.get("x-hint") and not e.is_group:
            facts.append(f"- value: {e.node['x-hint']}")
        if e.is_group:
            facts.append("- keys: " + ", ".join(f"[`{k}`](#{_anchor(e.dotted + '.' + k)})" for k in e.node["properties"]))
        if facts:
            out += [*facts, ""]
        example = e.example()
        if example is not _MISSING and not e.is_group:
            out += ["Example:", "", *_examples(e.path, example), ""]
    return "\n".join(out).rstrip() + "\n"


def _anchor(dotted: str) -> str:
    return "key-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in dotted.replace("<name>", "name").replace("[]", "-item")).strip("-").lower()
