"""The example flavours in examples/ (issue 9, item 9): proof that the template seam is real.

Each example is a config plus template overrides over a shared spec. Here each one is generated
into a temporary folder and must be a finished client: every module imports, every model builds,
``mypy --strict`` is clean, its template override shows where (and only where) it was meant to,
and its calls work against Steady serving the spec.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import ROOT, SHARED_SPECS

EXAMPLES = ROOT / "examples"
STEADY = ROOT / "node_modules" / ".bin" / "steady"


@dataclasses.dataclass(frozen=True)
class Example:
    name: str
    spec: Path
    config: Path
    package: str
    override: str
    """A regular expression of what the template override adds; removing it gives the built-in output."""
    changed: str
    """A regular expression of the files the override changes (every one of them, and no other)."""
    calls: str
    """A script run against Steady, with BASE_URL set; prints OK."""


MUSEUM = Example(
    "museum", SHARED_SPECS / "museum.yaml", EXAMPLES / "museum" / "museum.config.yaml", "museum_sdk",
    override=r"\n\n        HTTP: (GET|POST|PATCH|PUT|DELETE) /[^\n]* \(operationId \w+, Redocly Museum API 1\.2\.1\)(?=\"\"\")",
    changed=r"museum_sdk/resources/(events|tickets)\.py",
    calls="""
import datetime, inspect, os, uuid
from museum_sdk import Museum, AsyncMuseum
from museum_sdk.types import Event as SpecialEvent
from museum_sdk.types.events.event import Event
assert Event is SpecialEvent
client = Museum(base_url=os.environ["BASE_URL"], username="visitor", password="secret")
events = client.events.list(page=1, limit=2)
assert events and all(isinstance(e, SpecialEvent) for e in events), events
event = client.events.retrieve("dad4bce8-f5cb-4078-a211-995864315e39")
assert isinstance(event, SpecialEvent)
# types.formats: dates and ids parsed from the wire, and sent back as the types
assert event.dates and all(isinstance(d, datetime.date) for d in event.dates), event.dates
assert isinstance(event.event_id, uuid.UUID), event.event_id
created = client.events.create(name="Night at the museum", location="Main hall", event_description="After hours.",
                               dates=[datetime.date(2026, 1, 2)], price=25, event_id=uuid.UUID("dad4bce8-f5cb-4078-a211-995864315e39"))
assert isinstance(created, SpecialEvent)
qr = client.tickets.qr_code("a54a57ca-36f8-421b-a6b4-2e8f26858a4c")
assert qr.content, "the QR code image"
assert not hasattr(client, "hours") and not hasattr(client, "museum_hours"), "the Operations tag is excluded"
assert "HTTP: GET /special-events (operationId listSpecialEvents" in inspect.getdoc(client.events.list)
async_client = AsyncMuseum(base_url=os.environ["BASE_URL"], username="visitor", password="secret")
assert "HTTP: GET /special-events (operationId listSpecialEvents" in inspect.getdoc(async_client.events.list)
print("OK")
""",
)

GALAXY = Example(
    "galaxy", SHARED_SPECS / "scalar-galaxy.json", EXAMPLES / "galaxy" / "galaxy.config.yaml", "galaxy_sdk",
    override=r"\n    \"\"\"Scalar Galaxy 1\.0\.0 model \(schema [^\s\"]+\)\.\"\"\"|\n\n    Scalar Galaxy 1\.0\.0 model \(schema [^\s\"]+\)\.(?=\"\"\")",
    changed=r"galaxy_sdk/types/\w+\.py",
    calls="""
import os, inspect
from galaxy_sdk import Galaxy
from galaxy_sdk.types import Planet
client = Galaxy(base_url=os.environ["BASE_URL"], api_token="token")
page = client.planets.list(limit=2)
assert all(isinstance(p, Planet) for p in page.data), page
planet = client.planets.retrieve(1)
assert isinstance(planet, Planet)
assert "Scalar Galaxy 1.0.0 model (schema /components/schemas/Planet)." in inspect.getdoc(Planet)
me = client.account.retrieve()
print("OK")
""",
)

EXAMPLE_LIST = [pytest.param(MUSEUM, id="museum"), pytest.param(GALAXY, id="galaxy")]


def _require(example: Example) -> None:
    if not example.spec.exists():
        pytest.skip(f"{example.spec} is absent: the shared specs exist only in the project workspace and CI")


@pytest.fixture(scope="module", params=EXAMPLE_LIST)
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Example, Path]:
    example: Example = request.param
    _require(example)
    out = tmp_path_factory.mktemp(example.name) / "out"
    proc = subprocess.run([sys.executable, "-m", "generator", "generate", str(example.spec), "--config", str(example.config), "-o", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "0 warnings" in proc.stdout, proc.stdout + proc.stderr
    return example, out


def _run(folder: Path, code: str, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, timeout=120, env=env, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def test_every_module_imports_and_every_model_builds(generated: tuple[Example, Path]) -> None:
    example, out = generated
    built = _run(out, f"""
import importlib, inspect, pkgutil, {example.package} as pkg
from pydantic import BaseModel
built = 0
for info in pkgutil.walk_packages(pkg.__path__, "{example.package}."):
    module = importlib.import_module(info.name)
    for value in vars(module).values():
        if inspect.isclass(value) and issubclass(value, BaseModel) and value.__module__ == module.__name__:
            value.model_rebuild(force=True)
            built += 1
print(built)
""")
    declared = sum(len(re.findall(r"^class \w+\(BaseModel\):", p.read_text(), re.MULTILINE)) for p in (out / example.package / "types").rglob("*.py")) + 1  # and the runtime BaseModel
    assert int(built) == declared >= 3


def test_mypy_strict_is_clean(generated: tuple[Example, Path], tmp_path: Path) -> None:
    example, out = generated
    proc = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mypy"), "-p", example.package],
                          cwd=out, capture_output=True, text=True, timeout=600, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-4000:]


def test_the_override_changes_only_what_it_means_to(generated: tuple[Example, Path]) -> None:
    """The same config without its templates gives the built-in output; the example's output is
    that output plus the override's additions, in exactly the files the override is about."""
    from generator.config import load_config
    from generator.pipeline import Options, run

    example, _ = generated
    config = load_config(example.config)
    assert config.templates is not None and config.templates.is_dir()
    ours = run(example.spec, config, Options(validate=False, formatter="none")).files
    builtin = run(example.spec, dataclasses.replace(config, templates=None), Options(validate=False, formatter="none")).files
    assert set(ours) == set(builtin)
    changed = sorted(rel for rel in ours if ours[rel] != builtin[rel])
    assert changed, "the override changed nothing"
    expected = sorted(rel for rel in builtin if re.fullmatch(example.changed, rel) and re.search(example.override, ours[rel]))
    assert changed == expected
    for rel in changed:
        assert re.sub(example.override, "", ours[rel]) == builtin[rel], rel


def test_calls_work_against_steady(generated: tuple[Example, Path]) -> None:
    if not STEADY.exists():
        pytest.skip(f"Steady is not installed ({STEADY}): run `make node` (npm ci)")
    from tests.oai_examples import steady

    example, out = generated
    with steady(example.spec) as base_url:
        env = {**os.environ, "BASE_URL": base_url}
        assert _run(out, example.calls, env).strip().endswith("OK")
