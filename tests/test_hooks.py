"""Post-generation hooks (config ``hooks.post``, issue 9 item 7): run in the output folder after a
successful write; their edits are the generation (``check`` passes without running them); a failing
hook is reported with its command, exit code and output, and the folder is put back to the plain generation."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.write import MANIFEST_NAME

SPEC = Path(__file__).parent / "fixtures" / "params.yaml"

EDIT = "import pathlib; p = pathlib.Path('README.md'); p.write_text(p.read_text() + '\\nEdited by a hook.\\n')"
COUNT = "import pathlib, sys; p = pathlib.Path(sys.argv[1]); p.write_text(p.read_text() + 'x' if p.exists() else 'x')"
DELETE = "import pathlib; pathlib.Path('api.md').unlink()"


def _py(code: str, *args: str) -> str:
    return shlex.join([sys.executable, "-c", code, *args])


def _setup(tmp_path: Path, hooks: list[str], spec: Path = SPEC) -> list[str]:
    config = tmp_path / f"sdk{len(list(tmp_path.glob('sdk*.yaml')))}.yaml"  # one file per configuration
    config.write_text(yaml.safe_dump({"hooks": {"post": hooks}, "formatter": "none"}))
    return [str(spec), "-o", str(tmp_path / "out"), "--config", str(config), "--no-validate"]


def test_passing_hooks_edit_the_generation_and_check_agrees(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    runs = tmp_path / "runs.txt"
    args = _setup(tmp_path, [_py(EDIT), _py(DELETE), _py(COUNT, str(runs))])
    out = tmp_path / "out"
    assert main(["generate", *args]) == 0
    assert (out / "README.md").read_text().endswith("\nEdited by a hook.\n") and not (out / "api.md").exists()
    assert runs.read_text() == "x"  # hooks ran in order, once
    manifest = json.loads((out / MANIFEST_NAME).read_text())
    assert set(manifest["hooks"]["rendered"]) == {"README.md", "api.md"} and "api.md" not in manifest["files"]
    capsys.readouterr()
    # check compares against generate + hooks, without running them
    assert main(["check", *args]) == 0 and runs.read_text() == "x"
    # an unchanged input rewrites nothing and runs no hook
    assert main(["generate", *args]) == 0
    assert " 0 files written" in capsys.readouterr().out and runs.read_text() == "x"
    # a hand edit of a file the hook changed is drift, and generate refuses to overwrite it
    (out / "README.md").write_text("mine\n")
    assert main(["check", *args]) == 1
    assert main(["generate", *args]) == 1 and "edited since the last run" in capsys.readouterr().err
    assert main(["generate", *args, "--force"]) == 0 and runs.read_text() == "xx"
    assert (out / "README.md").read_text().endswith("\nEdited by a hook.\n") and main(["check", *args]) == 0


def test_changed_hooks_are_drift_until_generate_runs_them(tmp_path: Path) -> None:
    args = _setup(tmp_path, [])
    assert main(["generate", *args]) == 0
    args = _setup(tmp_path, [_py(EDIT)])
    assert main(["check", *args]) == 1  # the configured hook has not run on this folder
    assert main(["generate", *args]) == 0 and main(["check", *args]) == 0
    assert (tmp_path / "out" / "README.md").read_text().endswith("Edited by a hook.\n")


def test_a_failing_hook_is_reported_and_the_plain_generation_stays(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fail = _py("import sys; print('lint: 2 problems in api.md'); sys.exit(3)")
    args = _setup(tmp_path, [_py(EDIT), fail, _py(DELETE)])
    out = tmp_path / "out"
    assert main(["generate", *args]) == 1
    err = capsys.readouterr().err
    assert f"post-generation hook {fail!r} exited with code 3" in err and "| lint: 2 problems in api.md" in err and "Traceback" not in err
    # consistent: the full new generation, the first hook's edit undone, the third hook never ran
    assert (out / "api.md").exists() and not (out / "README.md").read_text().endswith("Edited by a hook.\n")
    assert "hooks" not in json.loads((out / MANIFEST_NAME).read_text())
    assert main(["check", *_setup(tmp_path, [])]) == 0  # it is exactly the generation without hooks
    assert main(["check", *args]) == 1  # and drift for the configured hooks
    missing = _setup(tmp_path, ["no-such-command-xyz --fix ."])
    assert main(["generate", *missing]) == 1
    assert "'no-such-command-xyz --fix .' could not be started" in capsys.readouterr().err


def test_hook_command_lines_are_not_run_by_a_shell(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    marker = tmp_path / "pwned"
    args = _setup(tmp_path, [_py("import sys; print(sys.argv[1:])", "a;", f"touch {marker}", "$(id)")])
    assert main(["generate", *args]) == 0 and not marker.exists()
    assert main(["generate", *_setup(tmp_path, ["ruff 'unclosed"])]) == 2
    assert "cannot be split" in capsys.readouterr().err
