"""Golden-record tests: each fixture spec generates exactly the tree in tests/golden/<name>/ (run `make golden` to accept changes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import FIXTURES, GOLDEN, configured_goldens, generate_files, golden_fixtures, golden_name, read_tree, tree_diff


@pytest.mark.parametrize("spec", golden_fixtures(), ids=golden_name)
def test_fixture_matches_golden_tree(spec: Path) -> None:
    expected_dir = GOLDEN / golden_name(spec)
    assert expected_dir.is_dir(), f"no golden tree for {spec.name}; run `make golden` and review it"
    diff = tree_diff(read_tree(expected_dir), generate_files(spec))
    assert not diff, f"generated output differs from {expected_dir} (run `make golden` if the change is intended):\n{diff}"


@pytest.mark.parametrize(("name", "spec", "config"), configured_goldens(), ids=[g[0] for g in configured_goldens()])
def test_configured_fixture_matches_golden_tree(name: str, spec: Path, config: Path) -> None:
    expected_dir = GOLDEN / name
    assert expected_dir.is_dir(), f"no golden tree for {spec} with {config.name}; run `make golden` and review it"
    diff = tree_diff(read_tree(expected_dir), generate_files(spec, config=config))
    assert not diff, f"generated output differs from {expected_dir} (run `make golden` if the change is intended):\n{diff}"


def test_nullable_in_30_and_31_give_identical_output() -> None:
    tree30 = generate_files(FIXTURES / "nullable30.yaml")
    tree31 = generate_files(FIXTURES / "nullable31.yaml")
    assert tree30, "nothing generated"
    assert not tree_diff(tree30, tree31), tree_diff(tree30, tree31)


def test_two_runs_are_byte_identical() -> None:
    spec = FIXTURES / "unions.yaml"
    assert generate_files(spec) == generate_files(spec)


def test_macro_shortcut_renders_what_jinjas_own_path_renders(monkeypatch: pytest.MonkeyPatch) -> None:
    """The renderer's shortcut for macro calls (``_Context.call``) repeats Jinja 3.1 internals; with
    it off (as for another Jinja version) every file is the same."""
    from generator.render import renderer

    spec = FIXTURES / "unions.yaml"
    fast = generate_files(spec)
    monkeypatch.setattr(renderer, "_MACRO_INTERNALS_KNOWN", False)
    assert not tree_diff(fast, generate_files(spec)), tree_diff(fast, generate_files(spec))
