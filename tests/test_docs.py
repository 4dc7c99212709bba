"""Docs users read (issue 10, item 4): Args sections, deprecation marks, api.md and the README.

tests/fixtures/docs.yaml documents its arguments, limits, defaults and deprecations; the
generated package must carry them where a user looks: ``help()``, warnings, api.md, README.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import FIXTURES, OPENAI_SPEC, ROOT, require_shared

SPEC = FIXTURES / "docs.yaml"


def _generate(spec: Path, out: Path, *extra: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "generator", "generate", str(spec), "-o", str(out), "--no-validate", *extra], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs") / "out"
    _generate(SPEC, out)
    return out


def _run(package: Path, code: str) -> str:
    proc = subprocess.run([sys.executable, "-W", "always", "-c", code], cwd=package, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout + proc.stderr


def test_method_docstrings_have_an_args_section_with_descriptions_limits_and_defaults(package: Path) -> None:
    out = _run(package, "from notes_client.resources.notes import Notes; import inspect; print(inspect.getdoc(Notes.list)); print('---'); print(inspect.getdoc(Notes.create))")
    listing, create = out.split("---")
    assert "Notes are returned newest first." in listing
    args = listing.split("Args:", 1)[1]
    assert re.search(r"limit: How many notes to return\. Must be >= 1, <= 100\.", args)
    assert re.search(r"tag: Deprecated\. Filter by one tag", args)
    assert "timeout:" in args
    assert "text: The note's text. Must be at most 280 characters." in create
    assert "pinned: Keep the note on top. Defaults to `false` on the server." in create
    assert "color: Deprecated." in create


def test_deprecated_operation_warns_and_says_so(package: Path) -> None:
    source = (package / "notes_client" / "resources" / "notes.py").read_text()
    assert '@deprecated("deprecated by the API")' in source
    out = _run(package, "from notes_client.resources.notes import Notes; import inspect; print(inspect.getdoc(Notes.archive))")
    assert out.startswith("Deprecated:")


def test_deprecated_model_field_warns_when_read(package: Path) -> None:
    out = _run(package, "from notes_client.types import Note; n = Note.model_validate({'id': 'a', 'text': 't', 'color': 'red'}); print(n.color)")
    assert "DeprecationWarning" in out and "red" in out
    source = (package / "notes_client" / "types" / "note.py").read_text()
    assert "deprecated=True" in source and "Deprecated. Ignored since 2.0." in source


def test_api_md_lists_every_method_with_its_route(package: Path) -> None:
    api = (package / "api.md").read_text()
    assert "## `client.notes`" in api
    for line in ("`client.notes.list(**params) -> List[Note]`: GET `/notes`", "`client.notes.create(**params) -> Note`: POST `/notes`", "`client.notes.archive(note_id) -> None`: POST `/notes/{note_id}/archive`"):
        assert line in api
    assert "from notes_client.types import Note" in api


def test_readme_is_for_users(package: Path) -> None:
    readme = (package / "README.md").read_text()
    for heading in ("## Installation", "## Usage", "## Async usage", "## Errors", "## Retries and timeouts", "## Regenerating"):
        assert heading in readme
    assert "Do not edit" not in readme, "the README is for the SDK's users, not its maintainer"
    assert "client.notes.archive(" in readme, "one usage example per resource"
    assert "Notes API 2.1.0" in readme, "the README says which spec the package came from"


def test_api_md_of_the_official_openai_spec_lists_every_operation(tmp_path: Path) -> None:
    require_shared()
    out = tmp_path / "oai"
    _generate(OPENAI_SPEC, out, "--config", str(ROOT / "spec" / "openai.config.yaml"))
    api = (out / "api.md").read_text()
    methods = re.findall(r"^- `client\.[\w.]+\(", api, flags=re.M)
    import yaml

    spec = yaml.load(OPENAI_SPEC.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    operations = sum(1 for item in spec["paths"].values() for m in item if m in {"get", "put", "post", "delete", "patch", "head", "options", "trace"})
    assert len(methods) == operations == 288
