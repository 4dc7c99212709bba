"""docs/configuration.md is generated from generator/config.schema.json and must be current (issue 9, item 2)."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from generator.config_docs import entries, load_schema, render, undocumented

PAGE = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"


def test_committed_page_is_what_the_schema_gives() -> None:
    assert PAGE.read_text("utf-8") == render(), "docs/configuration.md is stale: run 'python -m generator config-docs > docs/configuration.md'"


def test_every_key_has_a_description_and_an_example() -> None:
    assert undocumented(load_schema()) == []


def test_every_schema_key_is_on_the_page_with_its_example() -> None:
    page = render()
    keys = [e for e in entries(load_schema())]
    assert {"client.base_url", "package.version", "client.default_headers", "hooks.post"} <= {e.dotted for e in keys}
    for e in keys:
        assert f"`{e.dotted}`" in page
        if "x-example" in e.node:
            assert yaml.safe_dump(e.node["x-example"], sort_keys=False, allow_unicode=True).splitlines()[0].strip("- ") in page


def test_a_key_added_to_the_schema_is_documented_without_code_changes() -> None:
    schema = copy.deepcopy(load_schema())
    schema["properties"]["client"]["properties"]["brand_new"] = {
        "type": "object",
        "description": "A key another engineer adds.",
        "additionalProperties": {"type": "string"},
        "x-hint": "a mapping of names to strings",
        "x-example": {"alpha": "beta"},
    }
    schema["properties"]["widgets"] = {"type": "array", "items": {"type": "object", "properties": {"size": {"type": "integer", "description": "Widget size."}}}, "description": "Widgets."}
    page = render(schema)
    assert "### `client.brand_new`" in page and "A key another engineer adds." in page and "brand_new:\n    alpha: beta" in page
    assert '[tool.pyoasgen.client.brand_new]\nalpha = "beta"' in page
    assert "`widgets[].size`" in page
    assert undocumented(schema) == ["widgets: x-example"]  # the test above names keys added without an example
