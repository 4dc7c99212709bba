"""The no-op fast path of ``generate`` (issue 12): skipped only when nothing changed, and never past a change.

Each case generates once, changes one thing (or nothing), generates again, and checks both the
path taken (the summary line says ``up to date``) and the folder (what a full run must do).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import generator
from generator import cache
from generator.cli import main
from tests.support import FIXTURES

SPEC = FIXTURES / "params.yaml"
WARNS = FIXTURES / "broken" / "dangling-ref.yaml"
SKIPPED = "up to date: spec, config, templates, generator and files unchanged"


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OASGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("OASGEN_CACHE", raising=False)


def generate(capsys: pytest.CaptureFixture[str], spec: Path, out: Path, *extra: str) -> tuple[int, str, str]:
    code = main(["generate", str(spec), "-o", str(out), "--no-validate", *extra])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_spec(tmp_path: Path) -> Path:
    spec = tmp_path / "spec" / "api.yaml"
    spec.parent.mkdir()
    shutil.copy(SPEC, spec)
    return spec


def test_a_second_run_with_nothing_changed_is_skipped_and_says_the_same(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code, first, _ = generate(capsys, SPEC, out)
    assert code == 0 and SKIPPED not in first
    before = snapshot(out)
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    code, second, _ = generate(capsys, SPEC, out)
    assert code == 0 and SKIPPED in second
    # the same numbers as the full run's summary line
    assert second.split(", 0 files written")[0] == first.split(", ")[0] + ", " + first.split(", ")[1]
    assert snapshot(out) == before
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == mtimes


def test_a_hand_edit_is_still_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert generate(capsys, SPEC, out)[0] == 0
    edited = next(out.rglob("_client.py"))
    edited.write_text(edited.read_text() + "\n# mine\n")
    code, stdout, err = generate(capsys, SPEC, out)
    assert code == 1 and SKIPPED not in stdout
    assert "edited since the last run" in err and "_client.py" in err
    assert edited.read_text().endswith("# mine\n")


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """ctime is in the record too, and user space cannot set it back."""
    out = tmp_path / "out"
    assert generate(capsys, SPEC, out)[0] == 0
    edited = next(out.rglob("_client.py"))
    st = edited.stat()
    text = edited.read_text()
    edited.write_text(text.replace("import", "IMPORT", 1))
    os.utime(edited, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert edited.stat().st_size == st.st_size and edited.stat().st_mtime_ns == st.st_mtime_ns
    code, stdout, err = generate(capsys, SPEC, out)
    assert code == 1 and SKIPPED not in stdout and "edited since the last run" in err


def test_a_deleted_file_is_restored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert generate(capsys, SPEC, out)[0] == 0
    before = snapshot(out)
    gone = next(out.rglob("_client.py"))
    gone.unlink()
    code, stdout, _ = generate(capsys, SPEC, out)
    assert code == 0 and SKIPPED not in stdout and "1 files written" in stdout
    assert snapshot(out) == before
    # and the run after that is a no-op again
    assert SKIPPED in generate(capsys, SPEC, out)[1]


def test_a_deleted_manifest_or_folder_goes_the_whole_way(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert generate(capsys, SPEC, out)[0] == 0
    before = snapshot(out)
    shutil.rmtree(next(p for p in out.iterdir() if p.is_dir() and (p / "__init__.py").exists()) / "types")
    code, stdout, _ = generate(capsys, SPEC, out)
    assert code == 0 and SKIPPED not in stdout and snapshot(out) == before


def test_a_changed_spec_regenerates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = copy_spec(tmp_path)
    out = tmp_path / "out"
    assert generate(capsys, spec, out)[0] == 0
    before = snapshot(out)
    spec.write_text(spec.read_text().replace("version:", "version: 9.9.9\n  x-was:", 1))
    code, stdout, _ = generate(capsys, spec, out)
    assert code == 0 and SKIPPED not in stdout
    after = snapshot(out)
    assert after != before  # the stamp in _version.py and the manifest changed
    assert SKIPPED in generate(capsys, spec, out)[1]


def test_a_comment_in_the_spec_regenerates_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Any byte: the stamp records the spec's sha256, so even a comment changes the output."""
    spec = copy_spec(tmp_path)
    out = tmp_path / "out"
    assert generate(capsys, spec, out)[0] == 0
    spec.write_text(spec.read_text() + "# a comment\n")
    assert SKIPPED not in generate(capsys, spec, out)[1]


def test_another_generator_version_regenerates(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    assert generate(capsys, SPEC, out)[0] == 0
    monkeypatch.setattr(generator, "__version__", generator.__version__ + ".post1")
    cache.generator_version.cache_clear()
    try:
        code, stdout, _ = generate(capsys, SPEC, out)
        assert code == 0 and SKIPPED not in stdout
        assert ".post1" in (out / ".oasgen-manifest.json").read_text()
    finally:
        monkeypatch.undo()
        cache.generator_version.cache_clear()


def test_a_changed_config_or_template_regenerates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    templates = tmp_path / "templates"
    (templates / "package").mkdir(parents=True)
    config = tmp_path / "config.yaml"
    config.write_text("templates: templates\n")
    out = tmp_path / "out"
    assert generate(capsys, SPEC, out, "--config", str(config))[0] == 0
    assert SKIPPED in generate(capsys, SPEC, out, "--config", str(config))[1]
    # a new template in the user's folder
    builtin = Path(generator.__file__).resolve().parents[1] / "templates" / "package" / "api.md.j2"
    (templates / "package" / "api.md.j2").write_text(builtin.read_text() + "\nOne more line.\n")
    code, stdout, _ = generate(capsys, SPEC, out, "--config", str(config))
    assert code == 0 and SKIPPED not in stdout
    assert (out / "api.md").read_text().rstrip().endswith("One more line.")
    # a changed config
    config.write_text("templates: templates\npackage: {version: 7.0.0}\n")
    code, stdout, _ = generate(capsys, SPEC, out, "--config", str(config))
    assert code == 0 and SKIPPED not in stdout and "7.0.0" in (out / "pyproject.toml").read_text()


def test_other_options_are_another_state(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert generate(capsys, SPEC, out)[0] == 0
    code, stdout, _ = generate(capsys, SPEC, out, "--formatter", "none")
    assert code == 0 and SKIPPED not in stdout


def test_warnings_are_said_again_and_fail_on_warnings_still_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code, _, first_err = generate(capsys, WARNS, out)
    assert code == 0 and "unresolved-ref" in first_err
    code, stdout, err = generate(capsys, WARNS, out)
    assert code == 0 and SKIPPED in stdout and err == first_err
    code, stdout, err = generate(capsys, WARNS, out, "--fail-on-warnings")
    assert code == 1 and "unresolved-ref" in err and "--fail-on-warnings" in err


def test_no_fast_path_with_the_cache_off(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OASGEN_CACHE", "0")
    out = tmp_path / "out"
    assert generate(capsys, SPEC, out)[0] == 0
    assert SKIPPED not in generate(capsys, SPEC, out)[1]
