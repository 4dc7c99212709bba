"""The tool as a user installs it (issue 9, item 1): a non-editable ``pip install`` into a fresh
virtualenv, then the installed command, with no access to this repository's ``templates/`` folder.

Fast and offline: the fresh virtualenv gets no pip and no copies of the dependencies; a ``.pth``
file lets it see this project's site-packages (jinja2, ruff ...), while the tool itself is
installed into the fresh environment's own site-packages, which comes first on ``sys.path``. The
build runs without isolation (setuptools and wheel from this environment), so nothing is fetched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

import generator

ROOT = Path(__file__).resolve().parents[1]
MUSEUM = ROOT.parent / "shared" / "specs" / "museum.yaml"
SOURCES = ("generator", "templates", "pyproject.toml", "setup.py", "README.md")


def _copy_sources(dest: Path) -> Path:
    """The files a build reads, copied, so an in-tree build leaves nothing in the repository."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SOURCES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore)
        else:
            shutil.copy2(src, dest / name)
    return dest


def _run(argv: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=300, check=False, **kw)  # type: ignore[call-overload, no-any-return]


def _pip(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    return _run([sys.executable, "-m", "pip", *args], env=env)


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy_sources(tmp_path_factory.mktemp("src"))


def test_wheel_carries_templates_runtime_and_schema(sources: Path, tmp_path: Path) -> None:
    done = _pip("wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(sources))
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("*.whl")
    assert wheel.name.startswith(f"{generator.DISTRIBUTION}-{generator.__version__}-")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "generator/templates/" + p.relative_to(ROOT / "templates").as_posix()
        for p in (ROOT / "templates").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert "generator/templates/runtime/_base_client.py" in expected and "generator/templates/types/module.py.j2" in expected
    assert expected <= names, sorted(expected - names)
    assert "generator/config.schema.json" in names
    assert not [n for n in names if n.startswith("templates/")]  # inside the package, not a stray top-level folder
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert f"{generator.DISTRIBUTION} = generator.cli:run" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_installed_tool_generates_an_importable_package(sources: Path, tmp_path: Path) -> None:
    if not MUSEUM.is_file():
        pytest.skip(f"{MUSEUM} is absent (the shared specs live in ../shared)")
    venv = tmp_path / "venv"
    done = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    assert done.returncode == 0, done.stderr
    py = venv / "bin" / "python"
    site = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).stdout.strip())
    (site / "_project_deps.pth").write_text(sysconfig.get_path("purelib") + "\n")  # jinja2, ruff ... from this venv
    done = _pip("--python", str(py), "install", "--no-deps", "--no-build-isolation", "-q", str(sources))
    assert done.returncode == 0, done.stderr
    shutil.rmtree(sources / "build", ignore_errors=True)

    work = tmp_path / "elsewhere"  # not the repository: nothing may be read from its templates/
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["OASGEN_CACHE_DIR"] = str(tmp_path / "cache")
    where = _run([str(py), "-c", "import generator.builtin as b; print(b.TEMPLATE_DIR)"], cwd=work, env=env)
    assert Path(where.stdout.strip()).is_relative_to(site), where  # the package data, not ../templates of a checkout
    tool = venv / "bin" / generator.DISTRIBUTION
    version = _run([str(tool), "--version"], cwd=work, env=env)
    assert version.returncode == 0 and version.stdout.strip() == f"{generator.DISTRIBUTION} {generator.__version__}", version
    out = work / "museum_sdk"
    gen = _run([str(tool), "generate", str(MUSEUM), "-o", str(out)], cwd=work, env=env)
    assert gen.returncode == 0, gen.stderr
    assert "Traceback" not in gen.stderr and gen.stdout.startswith("generated ")
    packages = [p.parent.name for p in out.glob("*/__init__.py") if p.parent.name != "tests"]
    assert len(packages) == 1, packages
    importer = (
        "import importlib, pathlib, sys\n"
        f"root = pathlib.Path({str(out)!r}); pkg = {packages[0]!r}\n"
        "mods = [p.relative_to(root).with_suffix('').as_posix().replace('/', '.').removesuffix('.__init__') for p in (root / pkg).rglob('*.py')]\n"
        "for m in sorted(mods): importlib.import_module(m)\n"
        "client = importlib.import_module(pkg)\n"
        "print(len(mods))\n"
    )
    imported = _run([sys.executable, "-c", importer], cwd=out, env={**env, "PYTHONPATH": str(out)})
    assert imported.returncode == 0, imported.stderr
    assert int(imported.stdout) > 10
