"""The normalized-IR cache (:mod:`generator.normalize.memo`): a run over the same inputs takes the IR
from the cache, and only then; the entry is data, never code."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest

from generator import cache
from generator.config import Config, load_config
from generator.diagnostics import Diagnostics
from generator.normalize import memo
from generator.pipeline import Options, build_ir, run

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("OASGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("OASGEN_CACHE", raising=False)
    return tmp_path / "cache"


class _Counting:
    """Counts the normalizer's runs (what a cache hit skips)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import generator.normalize.api as normalizer

        self.calls = 0
        real = normalizer.build_api

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(normalizer, "build_api", counted)


def _ir(spec: Path, config: Config | None = None) -> tuple[Any, list[tuple[str, str, str]]]:
    diagnostics = Diagnostics(default_file=str(spec))
    api = build_ir(spec, config or Config(), Options(), diagnostics)
    return api, [(d.kind, d.pointer, d.message) for d in diagnostics]


def _copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / "spec"
    shutil.copytree(FIXTURES / name, target) if (FIXTURES / name).is_dir() else (target.mkdir(), shutil.copy(FIXTURES / name, target))
    return target


def test_a_second_run_over_the_same_inputs_takes_the_ir_and_its_warnings_from_the_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    spec = _copy(tmp_path, "allof.yaml") / "allof.yaml"
    counting = _Counting(monkeypatch)
    first, warned = _ir(spec)
    assert warned, "the fixture warns: what a hit must say again"
    second, warned_again = _ir(spec)
    assert counting.calls == 1
    assert second == first and warned_again == warned


def test_the_files_a_multi_file_spec_reads_are_checked_again(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    root = _copy(tmp_path, "external")
    spec = root / "main.yaml"
    counting = _Counting(monkeypatch)
    before, _ = _ir(spec)
    _ir(spec)
    assert counting.calls == 1
    types = root / "shared" / "types.yaml"  # two $refs away from main.yaml
    types.write_text(types.read_text().replace("RFC 3339 timestamp.", "When it happened."))
    after, _ = _ir(spec)
    assert counting.calls == 2 and after != before
    assert "When it happened." in repr(after)
    types.unlink()  # gone: a miss, and the normalizer says what is wrong
    _, warned = _ir(spec)
    assert counting.calls == 3
    assert any("types.yaml" in message for _, _, message in warned)


def test_another_config_spec_path_or_switched_off_cache_is_a_miss(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    spec = _copy(tmp_path, "names.yaml") / "names.yaml"
    counting = _Counting(monkeypatch)
    _ir(spec)
    config = tmp_path / "c.yaml"
    config.write_text("package:\n  name: other_sdk\n")
    renamed, _ = _ir(spec, load_config(config))
    assert counting.calls == 2 and renamed.package.name == "other_sdk"
    moved = tmp_path / "elsewhere.yaml"
    shutil.copy(spec, moved)
    _ir(moved)
    assert counting.calls == 3  # messages and the IR name the file
    monkeypatch.setattr(cache, "installed_packages", lambda: "a parser was upgraded")
    _ir(spec)
    assert counting.calls == 4  # the parsers and anyascii are third-party code the IR depends on
    monkeypatch.setenv("OASGEN_CACHE", "0")
    _ir(spec)
    _ir(spec)
    assert counting.calls == 6


def test_a_hit_gives_the_same_files(tmp_path: Path) -> None:
    spec = _copy(tmp_path, "unions.yaml") / "unions.yaml"
    miss = run(spec, Config(), Options(formatter="none"))
    hit = run(spec, Config(), Options(formatter="none"))
    assert hit.files == miss.files
    assert [d.message for d in hit.diagnostics] == [d.message for d in miss.diagnostics]


class _Boom:
    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, ("echo pwned > " + os.environ["OASGEN_TEST_MARK"],))


def test_an_entry_that_would_run_code_is_refused_and_the_run_normalizes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    spec = _copy(tmp_path, "names.yaml") / "names.yaml"
    counting = _Counting(monkeypatch)
    expected, _ = _ir(spec)
    mark = tmp_path / "mark"
    monkeypatch.setenv("OASGEN_TEST_MARK", str(mark))
    key = memo.entry_key(spec.read_bytes(), str(spec), Config())
    assert key is not None and cache.get(memo.KIND, key) is not None
    cache.put(memo.KIND, key, pickle.dumps((_Boom(), {})))
    again, _ = _ir(spec)
    assert not mark.exists()
    assert counting.calls == 2 and again == expected
    cache.put(memo.KIND, key, b"not a pickle")
    assert _ir(spec)[0] == expected and counting.calls == 3


@pytest.mark.parametrize("target", ["os.system", "builtins.eval", "generator.ir.model.dataclass", "generator.ir.model.Union", "generator.pipeline.run"])
def test_the_unpickler_builds_only_the_irs_classes(target: str) -> None:
    import io

    module, name = target.rsplit(".", 1)
    data = b"\x80\x04c" + module.encode() + b"\n" + name.encode() + b"\n."  # GLOBAL module name, STOP
    with pytest.raises(pickle.UnpicklingError):
        memo._Unpickler(io.BytesIO(data)).load()


def test_nested_read_scopes_each_get_what_was_read_inside_them(tmp_path: Path) -> None:
    from generator.load.files import read_input_bytes, reads

    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("a: 1\n")
    b.write_text("b: 2\n")
    with reads() as outer:
        with reads() as inner:  # both empty when the inner one ends: it must be the inner one removed
            pass
        read_input_bytes(a)
        with reads() as last:
            read_input_bytes(b)
    assert set(outer) == {str(a), str(b)} and set(last) == {str(b)} and inner == {}
