"""The CI gate as CI meets it: ``check`` exits 0 up to date, 1 on drift, 2 on bad input or usage;
``--fail-on-warnings`` for generate and check; ``diff --fail-on-breaking``; hints that name the command that was run.

In-process calls of :func:`generator.cli.main` (the same code as ``python -m generator``)
keep these fast; one subprocess run checks the real process exit code and the hint.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from tests.support import FIXTURES, ROOT, SHARED_SPECS, require_shared

CLEAN = FIXTURES / "params.yaml"
WARNS = FIXTURES / "broken" / "dangling-ref.yaml"
"""Generates, with an ``unresolved-ref`` warning."""


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()} if folder.exists() else {}


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in args])
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.fixture
def generated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    out = tmp_path / "out"
    code, _, err = run(capsys, "generate", CLEAN, "-o", out, "--no-validate")
    assert code == 0, err
    return out


def test_check_exits_0_when_up_to_date(generated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", CLEAN, "-o", generated, "--no-validate")
    assert code == 0 and "up to date" in out


def test_check_exits_1_on_drift_and_names_the_command_that_was_run(generated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edited = next(generated.rglob("_client.py"))
    edited.write_text(edited.read_text() + "\n# drift\n")
    code, _, err = run(capsys, "check", CLEAN, "-o", generated, "--no-validate")
    assert code == 1
    assert f"generate {CLEAN} -o {generated} --no-validate" in err
    assert "make generate" not in err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["check", FIXTURES / "missing.yaml", "-o", "{out}"], "file not found"),
        (["check", FIXTURES / "broken" / "bad-yaml.yaml", "-o", "{out}"], "bad-yaml.yaml:"),
        (["check", FIXTURES / "broken" / "swagger2.yaml", "-o", "{out}"], "Swagger 2.0"),
        (["check", CLEAN, "-o", "{out}", "--config", FIXTURES / "no-such-config.yaml"], "no-such-config.yaml"),
        (["check", CLEAN, "-o", "{out}", "--templates", FIXTURES / "no-such-templates"], "templates folder does not exist"),
        (["check", CLEAN], "-o/--output"),
        (["check", CLEAN, "-o", "{out}", "--formatter", "gofmt"], "invalid choice"),
    ],
    ids=["missing-spec", "bad-yaml", "swagger2", "missing-config", "missing-templates", "no-output", "bad-option"],
)
def test_check_exits_2_on_bad_input_or_usage_and_leaves_the_output_alone(generated: Path, capsys: pytest.CaptureFixture[str], args: list[str | Path], needle: str) -> None:
    before = snapshot(generated)
    code, _, err = run(capsys, *[str(generated) if a == "{out}" else a for a in args])
    assert code == 2, err
    assert needle in err
    assert snapshot(generated) == before


def test_check_fail_on_warnings_fails_an_up_to_date_tree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert run(capsys, "generate", WARNS, "-o", out, "--no-validate")[0] == 0
    assert run(capsys, "check", WARNS, "-o", out, "--no-validate")[0] == 0
    code, _, err = run(capsys, "check", WARNS, "-o", out, "--no-validate", "--fail-on-warnings")
    assert code == 1
    assert "unresolved-ref" in err and "--fail-on-warnings" in err


def test_check_fail_on_warnings_passes_a_clean_spec(generated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", CLEAN, "-o", generated, "--no-validate", "--fail-on-warnings")[0] == 0


def test_generate_fail_on_warnings_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.md").write_text("mine")
    before = snapshot(out)
    code, _, err = run(capsys, "generate", WARNS, "-o", out, "--no-validate", "--fail-on-warnings")
    assert code == 1 and "unresolved-ref" in err
    assert snapshot(out) == before
    assert run(capsys, "generate", WARNS, "-o", out, "--no-validate")[0] == 0
    assert len(snapshot(out)) > 1


def test_check_drift_exit_code_and_hint_as_a_process(tmp_path: Path) -> None:
    """The spec changed, the SDK was not regenerated: check fails with a hint that is a command that works."""
    spec = tmp_path / "params.yaml"
    spec.write_text(CLEAN.read_text())
    out = tmp_path / "out"
    assert main(["generate", str(spec), "-o", str(out), "--no-validate"]) == 0
    spec.write_text(CLEAN.read_text().replace("version: 1.0.0", "version: 1.0.1", 1))  # only the stamp in _version.py changes
    proc = subprocess.run([sys.executable, "-m", "generator", "check", str(spec), "-o", str(out), "--no-validate"], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 1, proc.stderr
    hint = re.search(r"hint: run '(.+)' and commit the result", proc.stderr)
    assert hint is not None, proc.stderr
    command = shlex.split(hint.group(1))
    assert command[1:] == ["-m", "generator", "generate", str(spec), "-o", str(out), "--no-validate"]
    regenerate = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert regenerate.returncode == 0, regenerate.stderr
    assert main(["check", str(spec), "-o", str(out), "--no-validate"]) == 0


# ---------------------------------------------------------------------------
# diff on the command line


def _changed_museum(tmp_path: Path, *, breaking: bool) -> Path:
    from tests.diff_support import read_spec, schema, write_spec

    document = read_spec(SHARED_SPECS / "museum.yaml")
    if breaking:
        schema(document, "MuseumDailyHours")["required"].remove("timeOpen")
    else:
        schema(document, "TicketType")["enum"].append("vip")
    return write_spec(document, tmp_path, "museum-breaking" if breaking else "museum-compatible")


def test_diff_fail_on_breaking_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    require_shared()
    museum = SHARED_SPECS / "museum.yaml"
    breaking, compatible = _changed_museum(tmp_path, breaking=True), _changed_museum(tmp_path, breaking=False)
    assert run(capsys, "diff", museum, breaking)[0] == 0
    code, out, err = run(capsys, "diff", museum, breaking, "--fail-on-breaking")
    assert code == 1 and "BREAKING" in out and "MuseumDailyHours.time_open" in out and "1 breaking change" in err
    code, out, _ = run(capsys, "diff", museum, compatible, "--fail-on-breaking")
    assert code == 0 and "0 breaking" in out and "'vip'" in out


def test_diff_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    require_shared()
    museum = SHARED_SPECS / "museum.yaml"
    changed = _changed_museum(tmp_path, breaking=True)
    _, out, _ = run(capsys, "diff", museum, changed, "--format", "json")
    data = json.loads(out)
    assert data["breaking"] == 1 and data["old"]["version"] == "1.2.1"
    (change,) = [c for c in data["changes"] if c["label"] == "breaking"]
    assert change["old"] == {"file": str(museum), "pointer": "/components/schemas/MuseumDailyHours/properties/timeOpen", "detail": ""}
    assert change["new"]["file"] == str(changed)
    _, out, _ = run(capsys, "diff", museum, changed, "--format", "markdown")
    assert out.startswith("## SDK changes: Redocly Museum API 1.2.1")
    assert "### Breaking changes" in out and "- **`MuseumDailyHours.time_open`**" in out
    assert f"old `{museum}#/components/schemas/MuseumDailyHours/properties/timeOpen`" in out


def test_diff_reads_an_ir_dump(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    require_shared()
    museum = SHARED_SPECS / "museum.yaml"
    code, dump, _ = run(capsys, "ir", museum, "--no-validate")
    assert code == 0
    saved = tmp_path / "museum.ir.json"
    saved.write_text(dump)
    code, out, _ = run(capsys, "diff", saved, museum, "--fail-on-breaking")
    assert code == 0 and "0 breaking, 0 non-breaking" in out
    code, out, _ = run(capsys, "diff", saved, _changed_museum(tmp_path, breaking=True), "--fail-on-breaking")
    assert code == 1 and f"old: {museum}#/components/schemas/MuseumDailyHours/properties/timeOpen" in out


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (None, "file not found"),
        ("openapi: 3.1.0\ninfo: [unclosed\n", "invalid YAML"),
        ('{"ir_version": 1, "package": {}, "operations": []}', "IR dump does not match"),
        ('{"ir_version": 1, "package": {"name": 3}, ', "invalid JSON"),
    ],
    ids=["missing", "bad-yaml", "bad-ir-dump", "truncated-json"],
)
def test_diff_bad_input_exits_2_with_one_located_message(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, needle: str) -> None:
    bad = tmp_path / ("bad.json" if content and content.startswith("{") else "bad.yaml")
    if content is not None:
        bad.write_text(content)
    code, out, err = run(capsys, "diff", CLEAN, bad)
    assert code == 2 and out == ""
    assert needle in err and str(bad) in err
    assert err.count("error:") == 1


def test_diff_applies_the_input_limits_to_specs_and_ir_dumps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, dump, _ = run(capsys, "ir", CLEAN, "--no-validate")
    saved = tmp_path / "params.ir.json"
    saved.write_text(dump)
    assert run(capsys, "diff", saved, CLEAN, "--fail-on-breaking")[0] == 0
    for side in (saved, CLEAN):
        code, out, err = run(capsys, "diff", side, CLEAN, "--max-document-mb", "0.0001")
        assert code == 2 and out == "" and str(side) in err and err.count("error:") == 1


def test_diff_reports_keep_hostile_spec_text_as_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Spec keys end up in locations and messages: no terminal escapes, no Markdown or HTML injection."""
    from tests.diff_support import read_spec, write_spec

    document = read_spec(CLEAN)
    hostile = "/evil`<b>x</b>|\x1b[31m\n## injected"
    document["paths"][hostile] = {"get": {"operationId": "evilOp", "responses": {"200": {"description": "ok"}}}}
    changed = write_spec(document, tmp_path, "hostile")
    _, text, _ = run(capsys, "diff", CLEAN, changed)
    assert "\x1b" not in text and "evil" in text
    _, markdown, _ = run(capsys, "diff", CLEAN, changed, "--format", "markdown")
    assert "\x1b" not in markdown and "\n## injected" not in markdown
    for line in markdown.splitlines():  # raw spec text only inside code spans, escaped everywhere else
        outside_code = re.sub(r"``.*?``|`[^`]*`", "", line)
        assert "<b>" not in outside_code and "</b>" not in outside_code, line
    _, raw, _ = run(capsys, "diff", CLEAN, changed, "--format", "json")
    (added,) = [c for c in json.loads(raw)["changes"] if c["area"] == "method"]
    assert added["new"]["pointer"] == "/paths/" + hostile.replace("~", "~0").replace("/", "~1") + "/get"


@pytest.mark.parametrize("kind", ["directory", "fifo", "list-json"])
def test_diff_refuses_special_or_wrong_shaped_inputs_with_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    import os

    bad = tmp_path / f"{kind}.json"
    if kind == "directory":
        bad.mkdir()
    elif kind == "fifo":
        os.mkfifo(bad)
    else:
        bad.write_text("[1, 2]")
    for args in ([bad, CLEAN], [CLEAN, bad]):
        code, out, err = run(capsys, "diff", *args)
        assert code == 2 and out == "" and str(bad) in err and err.count("error:") == 1
