"""String formats as Python types and PEP 8 names (issue 9 item 5), on tests/fixtures/formats.yaml.

Promises of the fixture's README row:

- ``date-time``, ``date`` and ``uuid`` strings are ``datetime``, ``date`` and ``UUID`` in response
  models (parsed from the wire), and requests take the type or the wire string (``Union[datetime,
  str]``) and send the wire form: ISO 8601 in a query, a header, a path, a JSON body and a form body;
- camelCase wire names are snake_case keyword arguments and model attributes aliasing them: requests
  send the wire names, models read both spellings and dump the wire names by alias;
- ``fooBar`` next to ``foo_bar`` keeps its own spelling (with a ``name-collision`` warning), whatever
  their order; ``names.style: wire`` keeps the spec's names;
- ``types.formats`` maps other formats (``ipv4`` -> ``ipaddress:IPv4Address``, ``duration`` ->
  ``timedelta``) and switches a default off (``date-time: str``);
- the generated package imports, builds every model and passes ``mypy --strict``, with and without
  a custom mapping.

Round trips run against a real local HTTP server (every byte of the request is checked) and
against Steady serving the fixture (which validates formats and wire names of each request).
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import subprocess
import sys
import threading
import urllib.parse
import uuid
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import IPv4Address
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.acceptance.harness import inspect_package, run_mypy
from tests.support import FIXTURES, ROOT

SPEC = FIXTURES / "formats.yaml"
STARTS = dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.timezone.utc)
DAY = dt.date(2024, 5, 2)
EVENT_ID = uuid.UUID("6f1c8c3e-8a4e-4d1b-9a7e-0f1d2c3b4a59")
EVENT = {
    "eventId": str(EVENT_ID),
    "eventDescription": "launch",
    "startsAt": "2024-05-01T12:30:00Z",
    "day": "2024-05-02",
    "lastModified": None,
    "length": "PT1H30M",
    "hostIp": "10.0.0.7",
    "fooBar": "camel",
    "foo_bar": "snake",
}


def _generate(out: Path, config: dict[str, Any] | None = None, spec: Path = SPEC) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out), "--no-validate", "-v"]
    if config is not None:
        path = out.parent / f"{out.name}.config.json"
        path.write_text(json.dumps(config))
        cmd += ["--config", str(path)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def _import(out: Path, package: str) -> ModuleType:
    sys.path.insert(0, str(out))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(out))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("formats") / "default"
    proc = _generate(out)
    return out, proc.stderr


@pytest.fixture(scope="module")
def events(generated: tuple[Path, str]) -> ModuleType:
    return _import(generated[0], "events_client")


@pytest.fixture(scope="module")
def custom(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ModuleType]:
    out = tmp_path_factory.mktemp("formats") / "custom"
    config = {
        "package": {"name": "events_custom"},
        "types": {"formats": {"ipv4": "ipaddress:IPv4Address", "duration": "timedelta", "date-time": "str"}},
    }
    _generate(out, config)
    return out, _import(out, "events_custom")


# ---------------------------------------------------------------------------
# A real HTTP server that records each request and answers with canned JSON


class Recorder:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                recorder.requests.append({"method": self.command, "target": self.path, "headers": dict(self.headers), "body": body})
                path = urllib.parse.urlsplit(self.path).path
                if path == "/events" and self.command == "GET":
                    answer: Any = {"items": [EVENT], "totalCount": 1}
                elif path == "/reminders":
                    answer = {"reminderId": str(EVENT_ID), "remindAt": "2024-05-01T12:30:00+00:00"}
                else:
                    answer = EVENT
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def last(self) -> dict[str, Any]:
        return self.requests[-1]


@pytest.fixture()
def server() -> Iterator[Recorder]:
    rec = Recorder()
    thread = threading.Thread(target=rec.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield rec
    finally:
        rec.server.shutdown()
        rec.server.server_close()


def _client(pkg: ModuleType, url: str) -> Any:
    return pkg.EventsClient(api_key="k", base_url=url, max_retries=0) if "api_key" in pkg.EventsClient.__init__.__code__.co_varnames else pkg.EventsClient(base_url=url, max_retries=0)


# ---------------------------------------------------------------------------
# The IR and the emission


def test_formats_ir_keeps_wire_types_and_records_the_mapping() -> None:
    from generator.config import load_config
    from generator.diagnostics import Diagnostics
    from generator.ir.model import FormatType, PrimitiveType
    from generator.pipeline import Options, build_ir

    api = build_ir(SPEC, load_config(None), Options(validate=False), Diagnostics())
    event = next(t for t in api.types if t.name == "Event")
    fields = {f.name: f for f in event.fields}  # type: ignore[union-attr]
    assert fields["startsAt"].type == PrimitiveType("str", "date-time")
    assert api.formats == (FormatType("date", "datetime", "date"), FormatType("date-time", "datetime", "datetime"), FormatType("uuid", "uuid", "UUID"))
    assert {f.name: f.py_name for f in event.fields} == {  # type: ignore[union-attr]
        "eventId": "event_id", "eventDescription": "event_description", "startsAt": "starts_at", "day": "day",
        "lastModified": "last_modified", "length": "length", "hostIp": "host_ip", "fooBar": "fooBar", "foo_bar": "foo_bar",
    }
    listing = next(op for op in api.operations if op.operation_id == "listEvents")
    assert [(p.name, p.py_name) for p in listing.parameters] == [("startIndex", "start_index"), ("since", "since"), ("onDay", "on_day"), ("X-Trace-Id", "x_trace_id")]


def test_formats_annotations_are_the_type_in_models_and_type_or_str_in_requests(events: ModuleType) -> None:
    import typing

    from events_client.resources.events import Events  # type: ignore[import-not-found]
    from events_client.types import Event  # type: ignore[import-not-found]
    from events_client.types.event_create import EventCreateParam  # type: ignore[import-not-found]

    hints = typing.get_type_hints(Event)
    assert hints["starts_at"] is dt.datetime and hints["event_id"] is uuid.UUID
    assert hints["day"] == typing.Optional[dt.date] and hints["length"] == typing.Optional[str]
    params = typing.get_type_hints(EventCreateParam)
    assert params["startsAt"] == typing.Union[dt.datetime, str]  # get_type_hints drops Required
    assert params["attendeeIds"] == typing.Sequence[typing.Union[uuid.UUID, str]]
    create = typing.get_type_hints(Events.create)
    assert create["starts_at"] == typing.Union[dt.datetime, str]


def test_formats_name_collision_is_warned_and_independent_of_order(generated: tuple[Path, str], tmp_path: Path) -> None:
    import yaml

    assert "name-collision: properties 'fooBar' and 'foo_bar' of Event are both 'foo_bar' in Python; 'fooBar' is 'fooBar'" in generated[1]
    assert "#/components/schemas/Event/properties/fooBar" in generated[1]
    doc = yaml.safe_load(SPEC.read_text())
    props = doc["components"]["schemas"]["Event"]["properties"]
    doc["components"]["schemas"]["Event"]["properties"] = dict(reversed(list(props.items())))
    swapped = tmp_path / "swapped.yaml"
    swapped.write_text(yaml.safe_dump(doc, sort_keys=False))
    from generator.config import load_config
    from generator.diagnostics import Diagnostics
    from generator.pipeline import Options, build_ir

    api = build_ir(swapped, load_config(None), Options(validate=False), Diagnostics())
    event = next(t for t in api.types if t.name == "Event")
    names = {f.name: f.py_name for f in event.fields}  # type: ignore[union-attr]
    assert (names["fooBar"], names["foo_bar"]) == ("fooBar", "foo_bar")


# ---------------------------------------------------------------------------
# On the wire: a real HTTP server


def test_formats_round_trip_on_a_real_server(events: ModuleType, server: Recorder) -> None:
    client = _client(events, server.url)
    page = client.events.list(start_index=3, since=STARTS, on_day=DAY, x_trace_id=EVENT_ID)
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(server.last["target"]).query)
    assert query == {"startIndex": ["3"], "since": ["2024-05-01T12:30:00+00:00"], "onDay": ["2024-05-02"]}
    assert server.last["headers"]["X-Trace-Id"] == str(EVENT_ID)
    event = page.items[0]
    assert event.starts_at == STARTS and isinstance(event.starts_at, dt.datetime)
    assert event.event_id == EVENT_ID and isinstance(event.event_id, uuid.UUID)
    assert event.day == DAY and type(event.day) is dt.date
    assert event.length == "PT1H30M" and event.host_ip == "10.0.0.7"  # formats that are not mapped stay str
    assert (event.fooBar, event.foo_bar, event.event_description) == ("camel", "snake", "launch")
    assert event.model_dump(mode="json", by_alias=True)["startsAt"] == "2024-05-01T12:30:00Z"
    assert set(event.model_dump(by_alias=True)) == set(EVENT)
    assert page.total_count == 1

    created = client.events.create(starts_at=STARTS, day=DAY, attendee_ids=[EVENT_ID, "0f0e0d0c-0b0a-4908-8706-050403020100"], event_description="x",
                                   venue={"streetName": "Main", "opensAt": STARTS})
    sent = json.loads(server.last["body"])
    assert sent == {
        "startsAt": "2024-05-01T12:30:00+00:00",
        "day": "2024-05-02",
        "attendeeIds": [str(EVENT_ID), "0f0e0d0c-0b0a-4908-8706-050403020100"],
        "eventDescription": "x",
        "venue": {"streetName": "Main", "opensAt": "2024-05-01T12:30:00+00:00"},
    }
    assert created.starts_at == STARTS

    client.events.create(starts_at="2024-05-01T12:30:00Z")  # the wire string is accepted as it is
    assert json.loads(server.last["body"]) == {"startsAt": "2024-05-01T12:30:00Z"}

    client.events.retrieve(EVENT_ID)
    assert urllib.parse.urlsplit(server.last["target"]).path == f"/events/{EVENT_ID}"

    reminder = client.reminders.create(event_id=EVENT_ID, remind_at=STARTS)
    assert server.last["headers"]["Content-Type"].startswith("application/x-www-form-urlencoded")
    assert urllib.parse.parse_qs(server.last["body"].decode()) == {"eventId": [str(EVENT_ID)], "remindAt": ["2024-05-01T12:30:00+00:00"]}
    assert reminder.remind_at == STARTS and reminder.reminder_id == EVENT_ID


def test_formats_models_accept_both_spellings_and_dump_wire_names(events: ModuleType) -> None:
    from events_client.types import Event

    by_wire = Event.model_validate(EVENT)
    by_python = Event(event_id=EVENT_ID, starts_at=STARTS, event_description="launch")
    assert by_wire.event_id == by_python.event_id == EVENT_ID
    assert by_python.model_dump(by_alias=True, exclude_unset=True) == {"eventId": EVENT_ID, "startsAt": STARTS, "eventDescription": "launch"}
    assert by_python.to_dict(mode="json") == {"eventId": str(EVENT_ID), "startsAt": "2024-05-01T12:30:00Z", "eventDescription": "launch"}


# ---------------------------------------------------------------------------
# On the wire: Steady validates every request against the fixture


@pytest.mark.slow
def test_formats_and_pep8_names_against_steady(events: ModuleType) -> None:
    """Steady counts what it finds wrong with each request (``x-steady-error-count``): an unknown
    query parameter (``start_index``) or a query value that is no date-time counts, and a body
    without its required ``startsAt`` is refused. Our requests must be spotless."""
    import httpx

    from tests.oai_examples import STEADY, steady

    if not STEADY.exists():
        pytest.skip(f"Steady is not installed ({STEADY}): run `make node` (npm ci)")
    with steady(SPEC, extra_args=("--validator-form-array-format=brackets",)) as url:
        # The controls: what Steady reports for the mistakes this test is about.
        assert httpx.get(url + "/events?start_index=1").headers["x-steady-error-count"] == "1"
        assert httpx.get(url + "/events?since=next-tuesday").headers["x-steady-error-count"] == "1"
        assert httpx.post(url + "/events", json={"starts_at": "2024-05-01T12:30:00Z"}).status_code == 400

        client = _client(events, url)
        calls = [
            lambda: client.events.with_raw_response.list(start_index=0, since=STARTS, on_day=DAY, x_trace_id=EVENT_ID),
            lambda: client.events.with_raw_response.create(starts_at=STARTS, day=DAY, attendee_ids=[EVENT_ID], event_description="launch", venue={"streetName": "Main", "opensAt": STARTS}),
            lambda: client.events.with_raw_response.retrieve(EVENT_ID),
            lambda: client.reminders.with_raw_response.create(event_id=EVENT_ID, remind_at=STARTS),
        ]
        parsed = []
        for call in calls:
            response = call()
            assert response.status_code == 200 and response.headers["x-steady-error-count"] == "0", response.http_response.text
            parsed.append(response.parse())
        page, created, got, reminder = parsed
        assert page.items and all(isinstance(e.starts_at, dt.datetime) and isinstance(e.event_id, uuid.UUID) for e in page.items)
        assert isinstance(created.starts_at, dt.datetime) and isinstance(created.event_id, uuid.UUID)
        assert "startsAt" in created.model_dump(by_alias=True) and "starts_at" in created.model_dump()
        assert isinstance(got.event_id, uuid.UUID)
        assert isinstance(reminder.remind_at, dt.datetime) and isinstance(reminder.reminder_id, uuid.UUID)


# ---------------------------------------------------------------------------
# Configured mappings


def test_formats_configured_types_parse_and_send(custom: tuple[Path, ModuleType], server: Recorder) -> None:
    import typing

    from events_custom.types import Event as CustomEvent  # type: ignore[import-not-found]

    hints = typing.get_type_hints(CustomEvent)
    assert hints["host_ip"] == typing.Optional[IPv4Address] and hints["length"] == typing.Optional[dt.timedelta]
    assert hints["starts_at"] is str  # date-time: str switches the default off
    assert hints["event_id"] is uuid.UUID  # the other defaults stay
    source = (custom[0] / "events_custom" / "types" / "event.py").read_text()
    assert "from ipaddress import IPv4Address" in source and "from datetime import date, timedelta" in source

    client = _client(custom[1], server.url)
    event = client.events.retrieve(EVENT_ID)
    assert event.host_ip == IPv4Address("10.0.0.7") and event.length == dt.timedelta(hours=1, minutes=30)
    assert event.starts_at == "2024-05-01T12:30:00Z"


def test_formats_runtime_sends_every_mapped_type_as_its_wire_string(events: ModuleType) -> None:
    from events_client import _qs  # type: ignore[import-not-found]
    from events_client._base_client import _dumps  # type: ignore[import-not-found]

    values = {"u": EVENT_ID, "t": dt.time(9, 5), "d": dt.timedelta(hours=1, minutes=30), "m": Decimal("1.50"), "ip": IPv4Address("10.0.0.7"), "dt": STARTS}
    assert json.loads(_dumps(values)) == {"u": str(EVENT_ID), "t": "09:05:00", "d": "PT1H30M", "m": "1.50", "ip": "10.0.0.7", "dt": "2024-05-01T12:30:00+00:00"}
    assert [_qs.primitive_to_str(v) for v in values.values()] == [str(EVENT_ID), "09:05:00", "PT1H30M", "1.50", "10.0.0.7", "2024-05-01T12:30:00+00:00"]
    with pytest.raises(TypeError):
        _dumps({"x": object()})


def test_formats_generated_packages_build_and_pass_mypy_strict(generated: tuple[Path, str], custom: tuple[Path, ModuleType], tmp_path: Path) -> None:
    for out, package in ((generated[0], "events_client"), (custom[0], "events_custom")):
        found = inspect_package(out, package)
        assert found["import_failures"] == [] and found["rebuild_failures"] == [] and found["models"] >= 3, found
        errors, output = run_mypy(out, package, tmp_path / f"mypy-{package}")
        assert errors == 0, output


# ---------------------------------------------------------------------------
# names.style: wire, and config errors


def test_formats_names_style_wire_keeps_the_spec_names(tmp_path: Path) -> None:
    from generator.config import load_config
    from generator.diagnostics import Diagnostics
    from generator.pipeline import Options, build_ir

    config = tmp_path / "wire.yaml"
    config.write_text("names: {style: wire}\n")
    api = build_ir(SPEC, load_config(config), Options(validate=False), Diagnostics())
    event = next(t for t in api.types if t.name == "Event")
    assert [f.py_name for f in event.fields] == [f.name for f in event.fields]  # type: ignore[union-attr]
    listing = next(op for op in api.operations if op.operation_id == "listEvents")
    assert [p.py_name for p in listing.parameters] == ["startIndex", "since", "onDay", "x_trace_id"]


def test_formats_names_style_wire_keeps_a_field_named_like_its_model_working(tmp_path: Path) -> None:
    """emission.yaml's class 4 (``Team.Member: Member``) exists only with wire names: the field
    refers to the model through a private alias."""
    out = tmp_path / "wire"
    _generate(out, {"names": {"style": "wire"}}, FIXTURES / "emission.yaml")
    source = (out / "emission_client" / "types" / "org.py").read_text()
    assert "Member: Optional[_Member] = None" in source
    code = 'from emission_client.types import Team; print(Team.model_validate({"Member": {"login": "x"}}).Member)'
    proc = subprocess.run([sys.executable, "-c", code], cwd=out, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "login='x'" in proc.stdout, proc.stderr


@pytest.mark.parametrize(
    "config, pointer, says",
    [
        ("types: {formats: {ipv4: 'not a type'}}", "/types/formats/ipv4", "invalid value 'not a type'"),
        ("types: {formats: {ipv4: 'class.net:Address'}}", "/types/formats/ipv4", "'class' is a Python keyword"),
        ("types: {formats: [date-time]}", "/types/formats", "expected a mapping"),
        ("names: {style: camel}", "/names/style", "unknown value 'camel'"),
    ],
)
def test_formats_bad_config_is_one_located_error(config: str, pointer: str, says: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(config + "\n")
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(SPEC), "-o", str(tmp_path / "out"), "--config", str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    assert says in proc.stderr and pointer in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    assert not (tmp_path / "out").exists()


def test_formats_entry_that_no_schema_uses_is_an_unmatched_override(tmp_path: Path) -> None:
    from generator.config import load_config
    from generator.diagnostics import Diagnostics
    from generator.pipeline import Options, build_ir

    config = tmp_path / "typo.yaml"
    config.write_text("types: {formats: {date-tme: str, ipv4: 'ipaddress:IPv4Address'}}\n")
    diagnostics = Diagnostics()
    api = build_ir(SPEC, load_config(config), Options(validate=False), diagnostics)
    found = [d for d in diagnostics.items if d.kind == "unmatched-override"]
    assert [(d.pointer, d.file) for d in found] == [("/types/formats/date-tme", str(config))]
    assert "did you mean 'date-time'?" in found[0].hint
    assert ("date-time", "datetime", "datetime") in {(f.format, f.module, f.name) for f in api.formats}, "a typo switches nothing off"


def test_formats_keyword_in_a_type_path_is_located_in_a_pyproject_too(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.pyoasgen.types.formats]\nipv4 = "net.class:Address"\n')
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(SPEC), "-o", str(tmp_path / "out"), "--config", str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2 and "/tool/pyoasgen/types/formats/ipv4" in proc.stderr and "'class' is a Python keyword" in proc.stderr, proc.stderr
