"""generator.cache: one cache for parsed documents, validation results and compiled templates."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from generator import cache
from generator.load import read_document


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OASGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("OASGEN_CACHE", raising=False)
    monkeypatch.delenv("OASGEN_CACHE_MAX_MB", raising=False)
    return tmp_path / "cache"


def test_round_trip_and_keys(_own_cache: Path) -> None:
    key = cache.key("parsed", b"abc")
    assert key == cache.key("parsed", b"abc") and key != cache.key("parsed", b"abd") and key != cache.key("validation", b"abc")
    assert cache.key("parsed", b"ab", b"c") != cache.key("parsed", b"a", b"bc")  # parts are length-prefixed
    assert cache.get("parsed", key) is None
    cache.put("parsed", key, b"data")
    assert cache.get("parsed", key) == b"data"
    assert [p.name for p in (_own_cache / "parsed").iterdir()] == [key]  # no temporary files left


def test_the_generator_version_is_in_every_key(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import __version__

    assert cache.generator_version().startswith(__version__ + "+")  # the package version and a source digest
    before = cache.key("parsed", b"abc")
    monkeypatch.setattr(cache, "generator_version", lambda: "9.9.9+other")
    assert cache.key("parsed", b"abc") != before


@pytest.mark.parametrize("off", ["0", "off", "false", "no"])
def test_one_switch_turns_every_cache_off(off: str, monkeypatch: pytest.MonkeyPatch, _own_cache: Path, tmp_path: Path) -> None:
    monkeypatch.setenv("OASGEN_CACHE", off)
    cache.put("parsed", "k", b"x")
    assert cache.get("parsed", "k") is None and not _own_cache.exists()
    assert cache.template_bytecode_cache() is None
    spec = tmp_path / "a.yaml"
    spec.write_text("openapi: 3.1.0\n")
    assert read_document(spec)[0] == {"openapi": "3.1.0"} and not _own_cache.exists()


def test_pruned_by_size_oldest_first(monkeypatch: pytest.MonkeyPatch, _own_cache: Path) -> None:
    monkeypatch.setenv("OASGEN_CACHE_MAX_MB", str(2.5 / 1024))  # 2.5 KB
    for i, kind in enumerate(["parsed", "validation", "templates", "parsed"]):
        cache.put(kind, f"k{i}", b"x" * 1024)
        os.utime(_own_cache / kind / f"k{i}", (time.time() - 100 + i, time.time() - 100 + i))
    cache.prune()
    left = sorted(p.name for p in _own_cache.rglob("k*"))
    assert left == ["k2", "k3"]


def test_unwritable_or_corrupt_cache_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("OASGEN_CACHE_DIR", str(blocker))
    cache.put("parsed", "k", b"x")
    assert cache.get("parsed", "k") is None
    spec = tmp_path / "a.yaml"
    spec.write_text("openapi: 3.1.0\nx: 1e-08\n")
    assert read_document(spec)[0] == {"openapi": "3.1.0", "x": 1e-08}


def test_parse_cache_is_served_and_survives_corruption(_own_cache: Path, tmp_path: Path) -> None:
    spec = tmp_path / "a.yaml"
    spec.write_text("openapi: 3.1.0\nr: {200: {d: 1e-08}}\n")
    first = read_document(spec)[0]
    (entry,) = (_own_cache / "parsed").iterdir()
    assert read_document(spec)[0] == first == {"openapi": "3.1.0", "r": {"200": {"d": 1e-08}}}
    entry.write_bytes(b"\x00garbage")
    assert read_document(spec)[0] == first


def test_compiled_templates_go_through_the_cache(_own_cache: Path) -> None:
    import jinja2

    env = jinja2.Environment(loader=jinja2.DictLoader({"t.j2": "{{ 1 + 2 }}"}), bytecode_cache=cache.template_bytecode_cache())
    assert env.get_template("t.j2").render() == "3"
    assert len(list((_own_cache / "templates").iterdir())) == 1
    again = jinja2.Environment(loader=jinja2.DictLoader({"t.j2": "{{ 1 + 2 }}"}), bytecode_cache=cache.template_bytecode_cache())
    assert again.get_template("t.j2").render() == "3"


def test_builtin_templates_are_compiled_once_next_to_them(_own_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Like .pyc files: a run with an empty cache does not compile the built-in templates again;
    a user's template never lands in the generator's folder; nothing is written there when Python
    writes no bytecode."""
    import shutil
    import sys

    import jinja2

    builtin = tmp_path / "templates"
    builtin.mkdir()
    (builtin / "t.j2").write_text("{{ 1 + 2 }}")
    user = tmp_path / "user"
    user.mkdir()
    (user / "u.j2").write_text("{{ 2 + 2 }}")
    monkeypatch.setattr(cache, "_BUILTIN_TEMPLATES", builtin)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)

    def env() -> jinja2.Environment:
        loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(user)), jinja2.FileSystemLoader(str(builtin))])
        return jinja2.Environment(loader=loader, bytecode_cache=cache.template_bytecode_cache())

    assert env().get_template("t.j2").render() == "3" and env().get_template("u.j2").render() == "4"
    stored = list((builtin / "__pycache__").iterdir())
    assert len(stored) == 1 and stored[0].name.endswith(".jinja")  # the built-in one only
    shutil.rmtree(_own_cache)  # an empty cache: the compiled template comes from next to the source
    compiled: list[str] = []
    real = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile", lambda self, source, name=None, filename=None, *a, **k: compiled.append(name) or real(self, source, name, filename, *a, **k))
    assert env().get_template("t.j2").render() == "3"
    assert compiled == []
    # an edited template is compiled again (Jinja checks the source checksum)
    (builtin / "t.j2").write_text("{{ 1 + 3 }}")
    assert env().get_template("t.j2").render() == "4" and compiled == ["t.j2"]
    # no bytecode written when Python writes none
    shutil.rmtree(builtin / "__pycache__")
    shutil.rmtree(_own_cache)
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert env().get_template("t.j2").render() == "4"
    assert not (builtin / "__pycache__").exists()


@pytest.mark.parametrize(
    "text",
    [
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-n: [1, 1.5, 1e-08, .inf, -0.0, null, true, 'é']\n",
        # an alias: the careful path shares the node; the cache's text does not, and neither may a miss
        "openapi: 3.1.0\ninfo: &i {title: t, version: '1'}\npaths: {}\nx-copy: *i\n",
    ],
    ids=["a tree", "an alias"],
)
def test_a_parse_cache_miss_gives_what_a_hit_gives(text: str, _own_cache: Path, tmp_path: Path) -> None:
    from generator.load.document import parse_cached

    raw = text.encode()
    missed = parse_cached(raw, file=str(tmp_path / "s.yaml"))
    hit = parse_cached(raw, file=str(tmp_path / "s.yaml"))
    assert missed == hit and repr(missed) == repr(hit)
    if "x-copy" in missed:
        assert missed["x-copy"] is not missed["info"] and hit["x-copy"] is not hit["info"]
