from __future__ import annotations

import ast
import importlib.util
import os
import sys
from pathlib import Path

import black
import pytest

import generator.format as F
from generator.diagnostics import GeneratorError
from generator.format import format_files

UGLY = """\
import sys
import os
from typing import Optional,List
def create_chat_completion(client,model:str,messages:List[dict],temperature:Optional[float]=None,top_p:Optional[float]=None,stream:bool=False):
    return client.post('/chat/completions',json={'model':model,'messages':messages,'temperature':temperature,'top_p':top_p,'stream':stream})
class Pet( object ):
  name : str = 'x'
"""

STUB = "class Pet:\n    name: str\n\n\n    def bark(self) -> None:\n        ...\n"

TREE = {
    "pkg/__init__.py": "from .api import create_chat_completion\n",
    "pkg/api.py": UGLY,
    "pkg/types.pyi": STUB,
    "README.md": "x  =  1\n",
    "pkg/py.typed": "",
    "setup.cfg": "[x]\n",
}


def _ruff_reference(tmp_path: Path, text: str, line_length: int = 120, suffix: str = ".py") -> str:
    """What a plain `ruff format` run with our settings produces, for comparison."""
    import subprocess

    (tmp_path / "ref").mkdir(exist_ok=True)
    f = tmp_path / "ref" / f"x{suffix}"
    f.write_text(text)
    ruff = F.find_ruff()
    assert ruff is not None
    subprocess.run(
        [*ruff, "format", "--isolated", "--line-length", str(line_length), "--target-version", "py38", str(f)],
        check=True,
        capture_output=True,
    )
    return f.read_text()


@pytest.mark.parametrize("formatter", ["ruff", "black"])
def test_formats_python_files_only_and_keeps_order(formatter: str) -> None:
    out = format_files(TREE, formatter)  # type: ignore[arg-type]
    assert list(out) == list(TREE)
    for path in ("README.md", "pkg/py.typed", "setup.cfg", "pkg/__init__.py"):
        assert out[path] == TREE[path]
    assert out["pkg/api.py"] != UGLY
    ast.parse(out["pkg/api.py"])
    assert ast.dump(ast.parse(out["pkg/api.py"])) == ast.dump(ast.parse(UGLY))
    assert "'" not in out["pkg/api.py"]  # double quotes everywhere
    assert max(len(line) for line in out["pkg/api.py"].splitlines()) <= 120
    assert out["pkg/types.pyi"] == "class Pet:\n    name: str\n\n    def bark(self) -> None: ...\n"  # stub style


@pytest.mark.parametrize("formatter", ["ruff", "black"])
def test_formatting_is_idempotent_and_deterministic(formatter: str) -> None:
    once = format_files(TREE, formatter)  # type: ignore[arg-type]
    assert format_files(once, formatter) == once  # type: ignore[arg-type]
    assert format_files(TREE, formatter) == once  # type: ignore[arg-type]


def test_ruff_output_matches_a_plain_ruff_run(tmp_path: Path) -> None:
    out = format_files({"a.py": UGLY, "b.pyi": STUB}, "ruff", line_length=88)
    assert out["a.py"] == _ruff_reference(tmp_path, UGLY, 88)
    assert out["b.pyi"] == _ruff_reference(tmp_path, STUB, 88, ".pyi")


def test_black_output_matches_black_api() -> None:
    out = format_files({"a.py": UGLY}, "black", line_length=88)
    assert out["a.py"] == black.format_str(UGLY, mode=black.Mode(line_length=88))


@pytest.mark.parametrize("formatter", ["ruff", "black"])
def test_line_length_is_respected(formatter: str) -> None:
    wide = format_files({"a.py": UGLY}, formatter, line_length=200)["a.py"]  # type: ignore[arg-type]
    narrow = format_files({"a.py": UGLY}, formatter, line_length=60)["a.py"]  # type: ignore[arg-type]
    assert max(len(line) for line in narrow.splitlines()) <= 60
    assert len(wide.splitlines()) < len(narrow.splitlines())


def test_none_returns_input_unchanged() -> None:
    broken = {**TREE, "bad.py": "def f(:\n"}
    out = format_files(broken, "none")
    assert out == broken and list(out) == list(broken) and out is not broken


def test_empty_and_python_free_trees() -> None:
    assert format_files({}, "ruff") == {}
    assert format_files({"a.md": "x"}, "black") == {"a.md": "x"}
    assert format_files({"empty.py": ""}, "ruff") == {"empty.py": ""}


@pytest.mark.parametrize("formatter", ["ruff", "black"])
def test_syntax_error_names_the_file_and_suggests_formatter_none(formatter: str) -> None:
    tree = {"pkg/ok.py": "x = 1\n", "pkg/models/broken.py": "x = 1\n\ndef f(:\n    pass\n"}
    with pytest.raises(GeneratorError) as info:
        format_files(tree, formatter)  # type: ignore[arg-type]
    err = info.value
    assert err.file == "pkg/models/broken.py"
    assert err.pointer == "line 3"
    assert formatter in err.message
    assert "--formatter none" in err.hint
    rendered = err.render()
    assert rendered.startswith("error: pkg/models/broken.py:3: ")
    assert "\n" not in rendered.split("\n  hint:")[0]  # one line, then the hint
    assert "oasgen-format" not in rendered and "00001" not in rendered  # no temporary names leak


@pytest.mark.parametrize("formatter", ["ruff", "black"])
def test_several_broken_files_report_the_first_and_count_the_rest(formatter: str) -> None:
    tree = {"z.py": "(\n", "a.py": "x = = 1\n", "m.py": "ok = 1\n"}
    with pytest.raises(GeneratorError) as info:
        format_files(tree, formatter)  # type: ignore[arg-type]
    assert info.value.file == "a.py"
    assert "1 other generated files failed too" in info.value.message


def test_users_ruff_configuration_and_environment_are_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = format_files({"a.py": UGLY}, "ruff")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.ruff]\nline-length = 40\n[tool.ruff.format]\nquote-style = "single"\n'
    )
    (tmp_path / "ruff.toml").write_text('line-length = 40\n[format]\nquote-style = "single"\n')
    (tmp_path / "xdg" / "ruff").mkdir(parents=True)
    (tmp_path / "xdg" / "ruff" / "ruff.toml").write_text("line-length = 40\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("RUFF_OUTPUT_FORMAT", "json")
    monkeypatch.setenv("RUFF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert format_files({"a.py": UGLY}, "ruff") == expected
    with pytest.raises(GeneratorError) as info:
        format_files({"pkg/x.py": "def f(:\n"}, "ruff")
    assert info.value.file == "pkg/x.py" and "\x1b[" not in info.value.message
    assert not (tmp_path / "cache").exists() and not (tmp_path / ".ruff_cache").exists()


def test_paths_ruff_would_normally_exclude_are_formatted() -> None:
    paths = ["build/a.py", ".venv/b.py", "node_modules/c.py", ".hidden/d.py", "dist/e.pyi", "site-packages/f.py"]
    out = format_files({p: "x  =  'a'\n" for p in paths}, "ruff")
    assert out == {p: 'x = "a"\n' for p in paths}


def test_crlf_and_unicode_survive() -> None:
    out = format_files({"a.py": "x  =  'é'\r\ny = '名前'\r\n"}, "ruff")
    assert out["a.py"] == 'x = "é"\ny = "名前"\n'


def test_sort_imports_groups_the_trees_own_package_as_first_party() -> None:
    src = "import pkg.models\nimport httpx\nimport os\nfrom . import api\nimport zlib\n"
    out = format_files({"pkg/a.py": src, "pkg/models.py": ""}, "ruff", sort_imports=True)
    assert out["pkg/a.py"] == "import os\nimport zlib\n\nimport httpx\n\nimport pkg.models\n\nfrom . import api\n"
    assert format_files({"pkg/a.py": src}, "ruff")["pkg/a.py"] == src  # off by default


def test_large_tree_maps_every_file_back_to_its_own_path() -> None:
    tree = {f"pkg/m{i // 100}/f{i}.py": f"value  =  {i}\n" for i in range(3000)}
    out = format_files(tree, "ruff")
    assert out == {p: f"value = {i}\n" for i, p in enumerate(tree)}


def test_black_parallel_and_serial_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    tree = {f"m{i}.py": UGLY.replace("Pet", f"Pet{i}") for i in range(40)}
    tree["broken.py"] = "def f(:\n"
    monkeypatch.setattr(F, "_BLACK_PARALLEL_MIN_FILES", 10**9)
    with pytest.raises(GeneratorError) as serial_err:
        format_files(tree, "black")
    del tree["broken.py"]
    serial = format_files(tree, "black")
    monkeypatch.setattr(F, "_BLACK_PARALLEL_MIN_FILES", 2)
    monkeypatch.setattr(F.os, "cpu_count", lambda: 2)
    assert format_files(tree, "black") == serial
    with pytest.raises(GeneratorError) as parallel_err:
        format_files({**tree, "broken.py": "def f(:\n"}, "black")
    assert parallel_err.value.render() == serial_err.value.render()


def test_missing_ruff_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(F, "find_ruff", lambda: None)
    with pytest.raises(GeneratorError) as info:
        format_files({"a.py": "x=1\n"}, "ruff")
    assert "not installed" in info.value.message and "--formatter none" in info.value.hint
    assert format_files({"a.md": "x"}, "ruff") == {"a.md": "x"}  # nothing to format, nothing needed


def test_missing_black_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(F.importlib.util, "find_spec", lambda name, *a: None if name == "black" else real(name, *a))
    with pytest.raises(GeneratorError) as info:
        format_files({"a.py": "x=1\n"}, "black")
    assert "not installed" in info.value.message and "--formatter none" in info.value.hint


def test_broken_ruff_binary_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "ruff"
    fake.write_text("#!/bin/sh\necho 'ruff crashed: boom' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setattr(F, "find_ruff", lambda: [str(fake)])
    with pytest.raises(GeneratorError, match="ruff format failed: ruff crashed: boom"):
        format_files({"a.py": "x=1\n"}, "ruff")
    monkeypatch.setattr(F, "find_ruff", lambda: [str(tmp_path / "does-not-exist")])
    with pytest.raises(GeneratorError, match="could not run ruff"):
        format_files({"a.py": "x=1\n"}, "ruff")


def test_find_ruff_prefers_the_interpreters_own_then_path_then_module(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    own = Path(sys.executable).parent / "ruff"
    if own.is_file():
        assert F.find_ruff() == [str(own)]
    monkeypatch.setattr(F.sys, "executable", str(tmp_path / "python"))
    monkeypatch.setattr(F.sys, "prefix", str(tmp_path))
    on_path = tmp_path / "bin-on-path"
    on_path.mkdir()
    (on_path / "ruff").write_text("#!/bin/sh\n")
    (on_path / "ruff").chmod(0o755)
    monkeypatch.setenv("PATH", str(on_path))
    assert F.find_ruff() == [str(on_path / "ruff")]
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert F.find_ruff() == [str(tmp_path / "python"), "-m", "ruff"]


def test_python_m_ruff_fallback_formats(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(F, "find_ruff", lambda: [sys.executable, "-m", "ruff"])
    assert format_files({"a.py": "x  =  1\n"}, "ruff") == {"a.py": "x = 1\n"}


@pytest.mark.parametrize(("formatter", "line_length"), [("yapf", 120), ("ruff", 0), ("ruff", True), ("black", "88")])
def test_bad_arguments(formatter: str, line_length: object) -> None:
    with pytest.raises(GeneratorError):
        format_files({"a.py": ""}, formatter, line_length=line_length)  # type: ignore[arg-type]


def test_scratch_space_prefers_tmpfs_unless_tmpdir_is_set(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    assert F._scratch_dir(10) is None
    monkeypatch.delenv("TMPDIR")
    expected = "/dev/shm" if sys.platform.startswith("linux") and os.access("/dev/shm", os.W_OK) else None
    assert F._scratch_dir(10) in (expected, None)
    assert F._scratch_dir(1 << 60) is None


def test_a_killed_runs_temporary_tree_is_removed_by_the_next_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run killed while ruff ran leaves its tree (on /dev/shm: RAM until a reboot); the next run
    removes trees whose process is gone and that are old, never a live process's or a fresh one."""
    import subprocess

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    dead_pid = int(dead.stdout)
    old, fresh, alive, other = (tmp_path / f"oasgen-format-{dead_pid}-a", tmp_path / f"oasgen-format-{dead_pid}-b",
                                tmp_path / f"oasgen-format-{os.getppid()}-c", tmp_path / "oasgen-format-xyz")  # fmt: skip
    for d in (old, fresh, alive, other):
        (d / "src").mkdir(parents=True)
    for d in (old, alive, other):
        os.utime(d, (0, 0))
    F._remove_orphans(str(tmp_path))
    assert not old.exists(), "a dead process's old tree is removed"
    assert fresh.exists() and alive.exists() and other.exists()
