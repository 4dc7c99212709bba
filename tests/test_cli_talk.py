"""The CLI talks like its peers' (issue 9, item 10): --version, complete --help, -q, stage progress."""

from __future__ import annotations

import argparse
import io
import re
from pathlib import Path

import pytest

import generator
from generator import progress
from generator.cli import _parser, main

FIXTURES = Path(__file__).parent / "fixtures"
WARNS = FIXTURES / "enums.yaml"  # has warnings (enum-not-literal)
STAGES = ["load", "validate", "normalize", "emit", "render", "format", "write"]


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found = {"": parser}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


def test_every_option_of_every_command_has_help() -> None:
    parsers = _subparsers(_parser())
    assert {"generate", "check", "diff", "ir", "validate", "config-docs"} <= set(parsers)
    blank = [
        f"{name or '(top)'} {action.option_strings or action.dest}"
        for name, p in parsers.items()
        for action in p._actions
        if not (action.help and action.help.strip() and action.help is not argparse.SUPPRESS)
    ]
    assert blank == []
    check_help = parsers["check"].format_help()
    assert re.search(r"--formatter \{ruff,black,none\}\s+code formatter", check_help) and re.search(r"--templates TEMPLATES\s+folder of templates", check_help)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out == f"{generator.DISTRIBUTION} {generator.__version__}\n"


def test_quiet_prints_only_the_summary_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", str(WARNS), "-o", str(tmp_path / "loud"), "--no-validate"]) == 0
    loud = capsys.readouterr()
    assert "warning" in loud.err  # the same run without -q reports its warnings
    assert main(["generate", str(WARNS), "-o", str(tmp_path / "out"), "--no-validate", "-q"]) == 0
    quiet = capsys.readouterr()
    assert quiet.err == "" and len(quiet.out.splitlines()) == 1 and quiet.out.startswith("generated enums_client: ")
    (tmp_path / "out" / "README.md").write_text("edited\n")
    assert main(["check", str(WARNS), "-o", str(tmp_path / "out"), "--no-validate", "-q"]) == 1
    drift = capsys.readouterr()
    assert drift.out == "" and drift.err.startswith("error: ") and "---" not in drift.err  # no diff, just the verdict
    with pytest.raises(SystemExit):
        main(["generate", str(WARNS), "-o", str(tmp_path / "x"), "-q", "-v"])  # exclusive


def test_progress_prints_each_stage_with_its_time_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", str(WARNS), "-o", str(tmp_path / "out"), "--progress"]) == 0
    lines = capsys.readouterr().err.splitlines()
    shown = [m.group(1) for line in lines if (m := re.fullmatch(r"  (\w+) +\.\.\. \d+\.\d\ds", line))]
    assert shown == STAGES
    # not a terminal (pytest's capture): quiet by default
    assert main(["generate", str(WARNS), "-o", str(tmp_path / "out2")]) == 0
    assert " ... " not in capsys.readouterr().err
    assert main(["validate", str(WARNS), "--progress", "-q"]) in (0, 1)
    assert " ... " not in capsys.readouterr().err  # -q wins


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_on_for_a_terminal_and_off_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert progress.wanted(None, stream=_Tty()) and not progress.wanted(None, stream=io.StringIO())
    assert not progress.wanted(False, stream=_Tty()) and progress.wanted(True, stream=io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted(None, stream=_Tty()) and not progress.wanted(True, quiet=True)
    stream = _Tty()
    printer = progress.Printer(stream)
    timings: dict[str, float] = {}
    with progress.stage("load", timings, printer):
        assert stream.getvalue() == "  load       ..."  # shown while it runs
    with pytest.raises(ValueError), progress.stage("render", timings, printer):
        raise ValueError
    assert stream.getvalue().endswith("  render     ... failed\n") and set(timings) == {"load"}
