"""Configuration from ``[tool.pyoasgen]`` in a pyproject.toml (issue 9, item 2): the same schema as the
YAML file, the same output, errors located in the pyproject.toml."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import tomli_w
import yaml

from generator.cli import main
from generator.config import TOML_TABLE, load_config
from generator.diagnostics import GeneratorError

FIXTURES = Path(__file__).parent / "fixtures"
SPEC = FIXTURES / "params.yaml"

CONFIG = {
    "package": {"name": "tasks_sdk", "distribution": "tasks-sdk", "version": "2.1.0"},
    "client": {
        "class_name": "Tasks",
        "async_class_name": "AsyncTasks",
        "base_url": "https://tasks.example.com/v2",
        "env_prefix": "TASKS",
        "headers": [{"option": "trace", "header": "X-Trace-Id", "env": "TASKS_TRACE"}],
    },
    "errors": {"base": "TasksError"},
    "resources": {"overrides": {"listTasks": "tasks.all"}},
    "templates": "tpl",
    "formatter": "none",
    "tests": False,
}


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _pyproject(table: dict, **extra: object) -> str:
    return tomli_w.dumps({"project": {"name": "my-app", "version": "1.0"}, **extra, "tool": {"ruff": {"line-length": 99}, TOML_TABLE[1]: table}})


def test_same_config_as_yaml_and_as_pyproject_gives_the_same_tree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "tpl" / "types").mkdir(parents=True)  # relative to the config file in both forms
    (tmp_path / "tpl" / "types" / "__init__.py.j2").write_text("# {{ header }}\n# custom index\n")
    (tmp_path / "sdk.yaml").write_text(yaml.safe_dump(CONFIG))
    (tmp_path / "pyproject.toml").write_text(_pyproject(CONFIG))
    from_toml = load_config(tmp_path / "pyproject.toml")
    assert from_toml.pointer_root == "/tool/pyoasgen"
    assert load_config(tmp_path / "sdk.yaml") == dataclasses.replace(from_toml, source=str(tmp_path / "sdk.yaml"), pointer_root="")
    for name, config in (("from_yaml", "sdk.yaml"), ("from_toml", "pyproject.toml")):
        assert main(["generate", str(SPEC), "-o", str(tmp_path / name), "--config", str(tmp_path / config)]) == 0
    yaml_tree, toml_tree = _tree(tmp_path / "from_yaml"), _tree(tmp_path / "from_toml")
    assert yaml_tree == toml_tree
    # The config was applied, not ignored: names, override, template and version are in the output.
    assert "tasks_sdk/types/__init__.py" in yaml_tree and b"# custom index" in yaml_tree["tasks_sdk/types/__init__.py"]
    assert b"class Tasks(" in yaml_tree["tasks_sdk/_client.py"] and b"def all(" in yaml_tree["tasks_sdk/resources/tasks.py"]
    assert b'version = "2.1.0"' in yaml_tree["pyproject.toml"] and not any(p.startswith("tests/") for p in yaml_tree)
    assert main(["check", str(SPEC), "-o", str(tmp_path / "from_yaml"), "--config", str(tmp_path / "pyproject.toml")]) == 0


def test_pyproject_errors_name_the_file_the_key_and_the_line(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n\n[tool.pyoasgen]\nformatter = "ruff"\n\n[tool.pyoasgen.client]\nclass_name = "Ok"\nbase_uri = "https://x"\n')
    with pytest.raises(GeneratorError) as info:
        load_config(path)
    rendered = info.value.render()
    assert f"{path}#/tool/pyoasgen/client/base_uri" in rendered and "unknown key 'base_uri' (line 9)" in rendered
    assert "base_url" in rendered  # the hint lists the allowed keys
    path.write_text('[tool.pyoasgen]\npackage = {name = "class"}\n')
    with pytest.raises(GeneratorError) as info:
        load_config(path)
    assert "#/tool/pyoasgen/package/name" in info.value.render() and "(line 2)" in info.value.render()
    path.write_text('[tool.pyoasgen\nformatter = "ruff"\n')
    with pytest.raises(GeneratorError) as info:
        load_config(path)
    assert info.value.render().startswith(f"error: {path}:1: invalid TOML")
    path.write_text('[project]\nname = "x"\n')
    with pytest.raises(GeneratorError, match=r"no \[tool.pyoasgen\] table"):
        load_config(path)


def test_unmatched_override_points_into_the_pyproject(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "pyproject.toml").write_text(_pyproject({"resources": {"overrides": {"listTaskz": "tasks.all"}}}))
    assert main(["generate", str(SPEC), "-o", str(tmp_path / "out"), "--config", str(tmp_path / "pyproject.toml"), "-v", "--no-validate"]) == 0
    assert f"{tmp_path / 'pyproject.toml'}#/tool/pyoasgen/resources/overrides/listTaskz" in capsys.readouterr().err


def test_a_pyproject_is_read_only_when_named(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(_pyproject({"package": {"name": "other_name"}}))
    monkeypatch.chdir(tmp_path)
    assert main(["generate", str(SPEC), "-o", "out", "--no-validate"]) == 0
    assert "not used without --config pyproject.toml" in capsys.readouterr().err
    assert not (tmp_path / "out" / "other_name").exists() and (tmp_path / "out" / "params_client").is_dir()


def test_findings_of_the_normalizer_point_into_the_pyproject(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Code that reports a config key writes its pointer from the top of the configuration; for a
    pyproject.toml the pipeline puts /tool/pyoasgen in front (warnings and errors alike)."""
    path = tmp_path / "pyproject.toml"
    path.write_text(_pyproject({"select": {"include": {"operations": ["listTasks", "listTaskz"]}}}))
    assert main(["generate", str(SPEC), "-o", str(tmp_path / "out"), "--config", str(path), "-v", "--no-validate"]) == 0
    assert f"{path}#/tool/pyoasgen/select/include/operations/1" in capsys.readouterr().err
    path.write_text(_pyproject({"select": {"include": {"tags": ["no-such-tag"]}}}))
    assert main(["generate", str(SPEC), "-o", str(tmp_path / "out2"), "--config", str(path), "--no-validate"]) == 2
    err = capsys.readouterr().err
    assert f"{path}#/tool/pyoasgen/select" in err and "Traceback" not in err
