"""``diff`` on the big real specs (Stripe, the official OpenAI spec) and on two real versions of our own spec.

The big specs take about a second each to build into the IR, so each gets ONE
mutated copy carrying several independent upstream-style changes, built once per
session (module-scoped fixture); every change is then checked on its own. Subjects
are looked up in the base surface by HTTP route or schema pointer rather than
spelled out, so naming work in the normalizer does not break these tests.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from generator.diff.compare import compare
from generator.diff.model import Change, Surface
from tests.diff_support import Doc, op, read_spec, schema, surface_of, write_spec
from tests.support import OPENAI_SPEC, ROOT, SHARED_SPECS, require_shared

STRIPE = SHARED_SPECS / "stripe.yaml"
OWN_SPEC = "spec/openai.yaml"
OWN_CONFIG = ROOT / "spec" / "openai.config.yaml"
EARLIER_OWN_SPEC = "dcf87c2"
"""The first commit of spec/openai.yaml (before the example in the chat completion response and the flavour config)."""
LATER_OWN_SPEC = "4514724"
"""The latest commit that changed spec/openai.yaml when these tests were written (a fixed commit, so later spec edits do not move the expectation)."""


def method_at(surface: Surface, http: str) -> str:
    return next(m.path for m in surface.methods.values() if m.http == http)


def model_at(surface: Surface, pointer: str) -> str:
    return next(m.name for m in surface.models.values() if m.location.pointer == pointer)


@dataclass
class Pair:
    old: Surface
    new: Surface
    changes: list[Change]

    def find(self, subject: str, action: str) -> Change:
        found = [c for c in self.changes if c.subject == subject and c.action == action]
        assert found, f"{subject} {action} not reported:\n" + "\n".join(f"  {c.label} {c.subject} {c.action}: {c.message}" for c in self.changes)
        return found[0]

    def breaking(self) -> set[tuple[str, str]]:
        return {(c.subject, c.action) for c in self.changes if c.breaking}


def _pair(base: Path, folder: Path, mutate: Callable[[Doc], None]) -> Pair:
    old = surface_of(base)
    document = read_spec(base)
    mutate(document)
    new = surface_of(write_spec(document, folder, base.stem + "-changed"))
    return Pair(old, new, compare(old, new))


# ---------------------------------------------------------------------------
# Stripe


def _mutate_stripe(document: Doc) -> None:
    schema(document, "charge")["properties"]["status"]["enum"].append("disputed")  # response enum value added
    form = op(document, "/v1/customers", "post")["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
    form["properties"]["tax_exempt"]["enum"].remove("reverse")  # request enum value removed
    accounts = op(document, "/v1/accounts", "get")
    accounts["parameters"] = [p for p in accounts["parameters"] if p["name"] not in ("starting_after", "ending_before")]  # pagination gone
    del document["paths"]["/v1/customers/{customer}"]["delete"]  # operation removed
    op(document, "/v1/charges", "get")["parameters"].append({"name": "region", "in": "query", "required": False, "schema": {"type": "string"}})


@pytest.fixture(scope="module")
def stripe(tmp_path_factory: pytest.TempPathFactory) -> Pair:
    require_shared()
    return _pair(STRIPE, tmp_path_factory.mktemp("stripe"), _mutate_stripe)


def test_stripe_response_enum_value_added_is_not_breaking(stripe: Pair) -> None:
    charge = model_at(stripe.old, "/components/schemas/charge")
    change = stripe.find(f"{charge}.status", "changed")
    assert not change.breaking and "enum" in change.tags and "'disputed'" in change.message


def test_stripe_request_enum_value_removed_is_breaking(stripe: Pair) -> None:
    create = method_at(stripe.old, "POST /v1/customers")
    change = stripe.find(f"{create}(tax_exempt)", "changed")
    assert change.breaking and "'reverse'" in change.message
    assert change.old is not None and change.old.pointer == "/paths/~1v1~1customers/post/requestBody"


def test_stripe_lost_pagination_and_removed_operation_are_breaking(stripe: Pair) -> None:
    accounts = method_at(stripe.old, "GET /v1/accounts")
    assert stripe.find(accounts, "changed").breaking and "pagination" in stripe.find(accounts, "changed").tags
    deleted = method_at(stripe.old, "DELETE /v1/customers/{customer}")
    assert stripe.find(deleted, "removed").breaking


def test_stripe_optional_param_added_is_not_breaking(stripe: Pair) -> None:
    charges = method_at(stripe.old, "GET /v1/charges")
    assert not stripe.find(f"{charges}(region)", "added").breaking


def test_stripe_flags_exactly_the_breaking_changes(stripe: Pair) -> None:
    accounts = method_at(stripe.old, "GET /v1/accounts")
    expected = {
        (f"{method_at(stripe.old, 'POST /v1/customers')}(tax_exempt)", "changed"),
        (accounts, "changed"),
        (f"{accounts}(starting_after)", "removed"),
        (f"{accounts}(ending_before)", "removed"),
        (method_at(stripe.old, "DELETE /v1/customers/{customer}"), "removed"),
        # The generated request models (TypedDicts callers may import) change with them.
        (f"{model_at(stripe.old, '/paths/~1v1~1customers/post/requestBody/content/application~1x-www-form-urlencoded/schema')}.tax_exempt", "changed"),
        (model_at(stripe.old, "/paths/~1v1~1customers~1{customer}/delete/requestBody/content/application~1x-www-form-urlencoded/schema"), "removed"),
    }
    assert stripe.breaking() == expected


# ---------------------------------------------------------------------------
# The official OpenAI spec


def _mutate_openai(document: Doc) -> None:
    own = schema(document, "CreateChatCompletionRequest")["allOf"][1]
    own["required"].append("seed")  # optional request field made required
    del own["properties"]["stream"]  # streaming switch removed
    schema(document, "ChatCompletionRole")["enum"].append("critic")  # response-only enum value added
    schema(document, "AudioResponseFormat")["enum"].remove("srt")  # request-only enum value removed
    assistants = op(document, "/assistants", "get")
    assistants["parameters"] = [p for p in assistants["parameters"] if p.get("name") != "after"]  # cursor pagination gone
    document["paths"]["/widgets"] = {"get": {"operationId": "listWidgets", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "string"}}}}}}}}}
    document["servers"] = [{"url": "https://eu.api.openai.com/v1"}]


@pytest.fixture(scope="module")
def openai(tmp_path_factory: pytest.TempPathFactory) -> Pair:
    require_shared()
    return _pair(OPENAI_SPEC, tmp_path_factory.mktemp("openai"), _mutate_openai)


def test_openai_required_field_and_lost_stream_are_breaking(openai: Pair) -> None:
    create = method_at(openai.old, "POST /chat/completions")
    request = model_at(openai.old, "/components/schemas/CreateChatCompletionRequest")
    assert openai.find(f"{create}(seed)", "changed").breaking
    assert openai.find(f"{request}.seed", "changed").breaking
    streams = openai.find(create, "changed")
    assert streams.breaking and "stream" in streams.tags


def test_openai_enum_values_added_in_responses_removed_in_requests(openai: Pair) -> None:
    added = openai.find("ChatCompletionRole", "changed")
    assert not added.breaking and "values-added" in added.tags
    removed = openai.find("AudioResponseFormat", "changed")
    assert removed.breaking and "values-removed" in removed.tags
    assert removed.new is not None and removed.new.pointer == "/components/schemas/AudioResponseFormat"


def test_openai_new_operation_and_base_url_are_not_breaking(openai: Pair) -> None:
    added = [c for c in openai.changes if c.area == "method" and c.action == "added"]
    assert len(added) == 1 and not added[0].breaking and "GET /widgets" in added[0].message
    base_url = openai.find("base_url", "changed")
    assert not base_url.breaking and "https://eu.api.openai.com/v1" in base_url.message


def test_openai_flags_exactly_the_breaking_changes(openai: Pair) -> None:
    create = method_at(openai.old, "POST /chat/completions")
    request = model_at(openai.old, "/components/schemas/CreateChatCompletionRequest")
    assistants = method_at(openai.old, "GET /assistants")
    expected = {
        (f"{create}(seed)", "changed"),
        (f"{request}.seed", "changed"),
        (f"{request}.stream", "removed"),
        (create, "changed"),
        ("AudioResponseFormat", "changed"),
        (assistants, "changed"),
        (f"{assistants}(after)", "removed"),
    }
    assert openai.breaking() == expected
    # Nothing else but the five compatible changes: base URL, the new resource, its method and model, the enum value.
    assert len([c for c in openai.changes if not c.breaking]) == 5, [c.message for c in openai.changes if not c.breaking]


# ---------------------------------------------------------------------------
# Two real versions of our own spec


def _own_spec_at(commit: str, folder: Path) -> Path:
    try:
        text = subprocess.run(["git", "show", f"{commit}:{OWN_SPEC}"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"git history with {commit} is not available here ({exc}); a shallow clone lacks it")
    path = folder / f"openai-{commit}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _earlier_own_spec(folder: Path) -> Path:
    return _own_spec_at(EARLIER_OWN_SPEC, folder)


def test_own_spec_two_real_versions_change_nothing_callers_see(tmp_path: Path) -> None:
    """Between the two versions only a response example was added (23 lines): no SDK change to report."""
    earlier, later = _earlier_own_spec(tmp_path), _own_spec_at(LATER_OWN_SPEC, tmp_path)
    assert earlier.read_bytes() != later.read_bytes()
    changes = compare(surface_of(earlier, OWN_CONFIG), surface_of(later, OWN_CONFIG))
    assert changes == []


def test_own_spec_as_first_shipped_against_the_flavoured_sdk_now(tmp_path: Path) -> None:
    """The SDK first generated (no flavour config, kept as an IR dump) against the flavoured one of 4514724: the renames break callers."""
    from generator.config import load_config
    from generator.diagnostics import Diagnostics
    from generator.ir import to_json
    from generator.pipeline import Options, build_ir

    earlier = _earlier_own_spec(tmp_path)
    dump = tmp_path / "shipped.ir.json"
    dump.write_text(to_json(build_ir(earlier, load_config(None), Options(validate=False), Diagnostics())), encoding="utf-8")
    flavour = yaml.safe_load(subprocess.run(["git", "show", f"{LATER_OWN_SPEC}:spec/openai.config.yaml"], cwd=ROOT, capture_output=True, text=True, check=True).stdout)
    flavour.pop("templates", None)  # README example templates, next to the config in the repo; no part of the surface
    config = tmp_path / "openai.config.yaml"
    config.write_text(yaml.safe_dump(flavour))
    old, new = surface_of(dump), surface_of(_own_spec_at(LATER_OWN_SPEC, tmp_path), config)
    changes = compare(old, new)
    breaking = {(c.subject, c.action) for c in changes if c.breaking}
    # What the flavour config renames depends on the default naming of the day; each rename must break.
    renamed = {attr for attr in ("package", "class_name", "async_class_name", "base_url_env") if getattr(old.client, attr) != getattr(new.client, attr)}
    assert {"class_name", "async_class_name"} <= renamed  # OpenAIClient -> OpenAI, as openai-python names it
    assert {(attr, "renamed") for attr in renamed} <= breaking
    assert ("organization=", "added") in {(c.subject, c.action) for c in changes if not c.breaking}
    assert all(c.breaking for c in changes if c.action in ("renamed", "removed")), [c.message for c in changes]
    assert all(not c.breaking for c in changes if c.action == "added")
    assert all(c.old is None or c.old.file == str(earlier) for c in changes)
