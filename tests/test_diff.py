"""``diff`` on real specs changed the ways upstreams change them: every breaking change caught, nothing else flagged.

Each case mutates a copy of a shared spec (museum, petstore-expanded) and states
exactly which changes break a Python caller of the generated SDK. The Stripe and
OpenAI pairs and the two real versions of our own spec are in test_diff_real.py.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from generator.diff.model import Surface
from tests.diff_support import Case, Doc, check_labels, op, run_case, schema, surface_of
from tests.support import SHARED_SPECS, require_shared

MUSEUM = SHARED_SPECS / "museum.yaml"
PETSTORE = SHARED_SPECS / "petstore-expanded.yaml"
RENAMED_CONFIG: Doc = {"resources": {"overrides": {"getMuseumHours": "museum_hours.get_hours"}}}


def _set(path: list[str | int], value: object) -> Callable[[Doc], None]:
    def mutate(document: Doc) -> None:
        target = document
        for key in path[:-1]:
            target = target[key]  # type: ignore[index]
        target[path[-1]] = value  # type: ignore[index]

    return mutate


def _del(path: list[str | int]) -> Callable[[Doc], None]:
    def mutate(document: Doc) -> None:
        target = document
        for key in path[:-1]:
            target = target[key]  # type: ignore[index]
        del target[path[-1]]  # type: ignore[arg-type]

    return mutate


def _add_param(path: str, method: str, name: str, required: bool) -> Callable[[Doc], None]:
    def mutate(document: Doc) -> None:
        op(document, path, method).setdefault("parameters", []).append({"name": name, "in": "query", "required": required, "schema": {"type": "string"}})

    return mutate


def _rename_operation(document: Doc) -> None:
    op(document, "/museum-hours", "get")["operationId"] = "listMuseumHours"


def _rename_operation_keeping_its_verb(document: Doc) -> None:
    op(document, "/museum-hours", "get")["operationId"] = "getOpeningHours"


def _bearer_instead_of_basic(document: Doc) -> None:
    document["components"]["securitySchemes"] = {"BearerAuth": {"type": "http", "scheme": "bearer"}}
    document["security"] = [{"BearerAuth": []}]


def _api_key_as_alternative(document: Doc) -> None:
    document["components"]["securitySchemes"]["ApiKey"] = {"type": "apiKey", "in": "header", "name": "X-Api-Key"}
    document["security"] = [{"MuseumPlaceholderAuth": []}, {"ApiKey": []}]


def _email_required(document: Doc) -> None:
    schema(document, "BuyMuseumTickets")["allOf"][0]["required"] = ["email"]


def _optional_request_field(document: Doc) -> None:
    schema(document, "BuyMuseumTickets")["allOf"][0]["properties"]["phone"] = {"type": "string"}


def _enum_value(add: str | None = None, remove: str | None = None) -> Callable[[Doc], None]:
    def mutate(document: Doc) -> None:
        values = schema(document, "TicketType")["enum"]
        if add:
            values.append(add)
        if remove:
            values.remove(remove)

    return mutate


def _deprecate(document: Doc) -> None:
    op(document, "/special-events", "get")["deprecated"] = True


MUSEUM_CASES = [
    Case("request-field-made-required", _email_required, frozenset({("BuyMuseumTickets.email", "changed"), ("tickets.create(email)", "changed")})),
    Case("optional-request-field-added", _optional_request_field, frozenset(), frozenset({("BuyMuseumTickets.phone", "added"), ("tickets.create(phone)", "added")})),
    Case("response-field-made-required", lambda d: schema(d, "Ticket")["required"].append("ticketId"), frozenset({("BuyMuseumTickets.ticket_id", "changed"), ("tickets.create(ticket_id)", "changed")}), frozenset({("Ticket.ticket_id", "changed"), ("MuseumTicketsConfirmation.ticket_id", "changed")})),
    Case("response-field-made-optional", lambda d: schema(d, "MuseumDailyHours")["required"].remove("timeOpen"), frozenset({("MuseumDailyHours.time_open", "changed")})),
    Case("response-field-removed", _del(["components", "schemas", "MuseumDailyHours", "properties", "timeClose"]), frozenset({("MuseumDailyHours.time_close", "removed")})),
    Case("response-field-type-changed", _set(["components", "schemas", "MuseumDailyHours", "properties", "timeOpen"], {"type": "integer"}), frozenset({("MuseumDailyHours.time_open", "changed")}), tags={("MuseumDailyHours.time_open", "changed"): "type"}),
    Case("operation-removed", _del(["paths", "/tickets/{ticketId}/qr"]), frozenset({("tickets.qr", "removed")})),
    Case("operation-added", _set(["paths", "/museum-hours/today"], {"get": {"operationId": "getTodaysHours", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MuseumDailyHours"}}}}}}}), frozenset(), frozenset({("museum_hours.today.retrieve", "added")})),
    # The method name follows the operationId's verb: get -> retrieve, list -> list.
    Case("operation-id-renamed-new-verb", _rename_operation, frozenset({("museum_hours.retrieve", "renamed")})),
    Case("operation-id-renamed-same-verb", _rename_operation_keeping_its_verb, frozenset(), no_changes=True),
    Case("operation-id-renamed-override-stale", _rename_operation, frozenset({("museum_hours.get_hours", "renamed")}), config=RENAMED_CONFIG),
    Case("operation-id-renamed-override-updated", _rename_operation, frozenset(), config={"resources": {"overrides": {"getMuseumHours": "museum_hours.get_hours", "listMuseumHours": "museum_hours.get_hours"}}}, no_changes=True),
    Case("enum-value-added-request-and-response", _enum_value(add="vip"), frozenset(), frozenset({("TicketType", "changed")}), tags={("TicketType", "changed"): "values-added"}),
    Case("enum-value-removed", _enum_value(remove="event"), frozenset({("TicketType", "changed")}), tags={("TicketType", "changed"): "values-removed"}),
    Case("param-type-changed", _set(["components", "parameters", "PaginationPage", "schema"], {"type": "string"}), frozenset({("museum_hours.retrieve(page)", "changed"), ("special_events.list(page)", "changed")})),
    Case("param-type-widened", _set(["components", "parameters", "PaginationLimit", "schema"], {"type": "number"}), frozenset(), frozenset({("museum_hours.retrieve(limit)", "changed"), ("special_events.list(limit)", "changed")})),
    Case("param-renamed-on-the-wire", _set(["components", "parameters", "StartDate", "name"], "fromDate"), frozenset({("museum_hours.retrieve(start_date)", "removed"), ("special_events.list(start_date)", "removed")}), frozenset({("museum_hours.retrieve(from_date)", "added")})),
    Case("optional-param-added", _add_param("/special-events", "get", "sort", required=False), frozenset(), frozenset({("special_events.list(sort)", "added")})),
    Case("required-param-added", _add_param("/special-events", "get", "venue", required=True), frozenset({("special_events.list(venue)", "added")})),
    Case("auth-scheme-replaced", _bearer_instead_of_basic, frozenset({("username=", "removed"), ("password=", "removed"), ("auth", "changed")}), frozenset({("api_key=", "added")})),
    Case("auth-alternative-added", _api_key_as_alternative, frozenset(), frozenset({("api_key=", "added"), ("auth", "changed")})),
    Case("base-url-changed", _set(["servers"], [{"url": "https://museum.example.com/v2"}]), frozenset(), frozenset({("base_url", "changed")})),
    Case("base-url-removed", _del(["servers"]), frozenset({("base_url", "removed")})),
    Case("operation-deprecated", _deprecate, frozenset(), frozenset({("special_events.list", "changed")}), tags={("special_events.list", "changed"): "deprecated"}),
    Case("description-only", _set(["info", "description"], "A new description."), frozenset(), no_changes=True),
]


def _pet_id_string(document: Doc) -> None:
    schema(document, "Pet")["allOf"][1]["properties"]["id"] = {"type": "string"}


def _delete_id_string(document: Doc) -> None:
    op(document, "/pets/{id}", "delete")["parameters"][0]["schema"] = {"type": "string"}


PETSTORE_CASES = [
    Case("response-id-type-changed", _pet_id_string, frozenset({("Pet.id", "changed")})),
    Case("request-field-removed", _del(["components", "schemas", "NewPet", "properties", "tag"]), frozenset({("NewPet.tag", "removed"), ("Pet.tag", "removed"), ("pets.create(tag)", "removed")})),
    Case("path-param-type-changed", _delete_id_string, frozenset({("pets.delete(id)", "changed")})),
    Case("body-field-default-added", _set(["components", "schemas", "NewPet", "properties", "tag", "default"], "stray"), frozenset(), frozenset({("NewPet.tag", "changed"), ("pets.create(tag)", "changed")}), tags={("pets.create(tag)", "changed"): "default"}),
    Case("response-becomes-paginated-envelope", _set(["paths", "/pets", "get", "responses", "200", "content", "application/json", "schema"], {"type": "object", "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}}}), frozenset({("pets.list", "changed")})),
]


@cache
def _base(spec: Path, config: Path | None) -> Surface:
    return surface_of(spec, config)


@pytest.mark.parametrize("case", MUSEUM_CASES, ids=[c.id for c in MUSEUM_CASES])
def test_museum_changes_are_labelled_for_a_python_caller(case: Case, tmp_path: Path) -> None:
    require_shared()
    changes = run_case(case, MUSEUM, tmp_path, lambda config: _base(MUSEUM, config))
    check_labels(case, changes)


@pytest.mark.parametrize("case", PETSTORE_CASES, ids=[c.id for c in PETSTORE_CASES])
def test_petstore_changes_are_labelled_for_a_python_caller(case: Case, tmp_path: Path) -> None:
    require_shared()
    changes = run_case(case, PETSTORE, tmp_path, lambda config: _base(PETSTORE, config))
    check_labels(case, changes)
