"""Hostile input to the loader: every case is one located GeneratorError (or a correct parse), never a
traceback, a hang or a memory blow-up. Bombs run in a child process whose peak RSS is measured."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.diagnostics import GeneratorError
from generator.load import parse, read_document
from generator.load.policy import InputPolicy, use_policy

REPO = Path(__file__).resolve().parents[2]
POLICY = InputPolicy()
MEMORY_CAP_MB = 500


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OASGEN_CACHE_DIR", str(tmp_path / "cache"))


def _parse(text: str, file: str = "spec.yaml", policy: InputPolicy = POLICY) -> Any:
    return parse.parse_text(text, file=file, policy=policy)


def _error(text: str, file: str = "spec.yaml", policy: InputPolicy = POLICY) -> GeneratorError:
    with pytest.raises(GeneratorError) as info:
        _parse(text, file, policy)
    return info.value


BILLION_LAUGHS = "openapi: 3.1.0\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip([None, "a", "b", "c", "d", "e", "f", "g", "h"], ["a", "b", "c", "d", "e", "f", "g", "h", "i"])
)


# ----------------------------------------------------------------------------- YAML 1.2 scalars


def test_yaml_12_numbers_and_strings() -> None:
    doc = _parse("a: 1e-08\nb: 9e+07\nc: 1.5E3\nd: yes\ne: on\nf: 017\ng: 0x1F\nh: 0o17\ni: 2024-01-02\nj: 18:00\nk: .inf\nl: ~\n")
    assert doc == {"a": 1e-08, "b": 9e07, "c": 1500.0, "d": "yes", "e": "on", "f": 17, "g": 31, "h": 15, "i": "2024-01-02", "j": "18:00", "k": float("inf"), "l": None}
    assert isinstance(doc["a"], float) and isinstance(doc["b"], float)


def test_the_careful_path_reads_scalars_the_same_way() -> None:
    """Documents with anchors take the PyYAML path; it must agree with the fast one."""
    text = "a: 1e-08\nb: 9e+07\nd: yes\nf: 017\ni: 2024-01-02\nj: 18:00\nk: !!binary aGk=\n"
    fast = _parse(text.replace("k: !!binary aGk=\n", ""))
    careful = _parse("x: &x 1\n" + text)
    assert {k: careful[k] for k in fast} == fast
    assert careful["k"] == "aGk="


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False) | st.integers(min_value=-(2**63), max_value=2**63))
def test_numbers_round_trip_on_both_paths(number: float | int) -> None:
    text = json.dumps(number)
    assert _parse(f"v: {text}\n") == {"v": number}
    assert _parse(f"a: &a 1\nv: {text}\n")["v"] == number


def test_non_string_keys_become_strings_and_a_clash_is_a_duplicate() -> None:
    assert _parse("r:\n  200: {d: 1}\n  true: x\n") == {"r": {"200": {"d": 1}, "true": "x"}}
    err = _error("r:\n  200: a\n  '200': b\n")
    assert err.pointer == "/r" and "duplicate key '200'" in err.message


# ----------------------------------------------------------------------------- duplicates, tags, documents


@pytest.mark.parametrize(
    ("text", "file", "line", "column"),
    [
        ("a: 1\nb:\n  c: 1\n  c: 2\n", "spec.yaml", 4, 3),
        ("a: {x: 1, x: 2}\n", "spec.yaml", 1, 11),
        ("x: &x 1\npaths:\n  /a: {}\n  /a: {}\n", "spec.yaml", 4, 3),
        ('{"a": 1,\n "b": {"c": 1,\n  "c": 2}}', "spec.json", 3, 3),
    ],
)
def test_duplicate_keys_are_errors_with_line_and_column(text: str, file: str, line: int, column: int) -> None:
    err = _error(text, file)
    assert "duplicate key" in err.message
    assert err.pointer == f"line {line}" and f"line {line}, column {column}" in err.message
    assert err.file == file and err.hint


def test_tags_never_run() -> None:
    for text in ("a: !!python/object/apply:os.system ['touch /tmp/oasgen-pwned']\n", "a: !custom 1\n"):
        err = _error(text)
        assert "unknown tag" in err.message and err.pointer == "line 1"
    assert not Path("/tmp/oasgen-pwned").exists()


def test_several_documents_in_one_file() -> None:
    err = _error("openapi: 3.1.0\n---\nopenapi: 3.0.0\n")
    assert "more than one YAML document" in err.message and err.pointer == "line 2"
    assert _parse("---\nopenapi: 3.1.0\n") == {"openapi": "3.1.0"}


def test_syntax_errors_are_located() -> None:
    err = _error("a: [1, 2\nb: 3\n")
    assert err.pointer == "line 2" and "invalid YAML" in err.message
    err = _error('{\n "a": 1,\n oops\n}', "spec.json")
    assert err.pointer == "line 3" and "invalid JSON" in err.message


def test_undecodable_bytes_are_located() -> None:
    with pytest.raises(GeneratorError) as info:
        parse.parse_text(b"a: 1\nb: \xff\xfe\xfd\n", file="spec.yaml", policy=POLICY)
    assert info.value.pointer == "line 2" and "UTF-8" in info.value.message


# ----------------------------------------------------------------------------- bounds


def test_alias_bomb_is_refused_at_its_line() -> None:
    err = _error(BILLION_LAUGHS)
    assert "alias" in err.message and err.pointer.startswith("line ")


def test_recursive_alias_is_refused() -> None:
    err = _error("a: &a [*a]\n")
    assert "recursive alias" in err.message and err.pointer == "line 1"


def test_small_aliases_are_fine() -> None:
    assert _parse("base: &b {type: string}\nother: *b\n") == {"base": {"type": "string"}, "other": {"type": "string"}}


@pytest.mark.parametrize(
    ("text", "file"),
    [
        ("a: " + "[" * 150 + "]" * 150 + "\n", "spec.yaml"),
        ("a: " + "[" * 5000 + "]" * 5000 + "\n", "spec.yaml"),
        ("".join("  " * i + f"k{i}:\n" for i in range(150)) + "  " * 150 + "v\n", "spec.yaml"),
        ('{"a": ' + "[" * 5000 + "]" * 5000 + "}", "spec.json"),
        ('{"a": ' + "[" * 150 + "]" * 150 + "}", "spec.json"),
    ],
)
def test_nesting_is_bounded_with_a_line(text: str, file: str) -> None:
    err = _error(text, file)
    assert "nesting" in err.message and err.pointer.startswith("line ")


def test_the_depth_limit_is_the_policy() -> None:
    text = "a: " + "[" * 30 + "]" * 30 + "\n"
    assert _parse(text)
    assert "nesting deeper than 20" in _error(text, policy=InputPolicy(max_depth=20)).message


# ----------------------------------------------------------------------------- files


def test_special_files_are_refused_before_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "spec.yaml"
    os.mkfifo(fifo)  # reading it would block forever
    for path, kind in ((fifo, "FIFO"), (Path("/dev/zero"), "character device"), (tmp_path, "directory")):
        with pytest.raises(GeneratorError) as info:
            read_document(path)
        assert kind in info.value.message and info.value.file == str(path)


def test_size_cap_and_its_option(tmp_path: Path) -> None:
    spec = tmp_path / "big.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n" + "# padding\n" * 120_000)
    with use_policy(InputPolicy(max_bytes=1024 * 1024)):
        with pytest.raises(GeneratorError) as info:
            read_document(spec)
    assert "over the 1 MB limit" in info.value.message and "--max-document-mb" in info.value.hint
    with use_policy(InputPolicy(max_bytes=2 * 1024 * 1024)):
        assert read_document(spec)[0]["openapi"] == "3.1.0"


def test_a_sparse_file_past_the_cap_is_not_read(tmp_path: Path) -> None:
    spec = tmp_path / "huge.yaml"
    with spec.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # 200 MB of zeros, no disk used
    with pytest.raises(GeneratorError, match="over the 64 MB limit"):
        read_document(spec)


# ----------------------------------------------------------------------------- the whole CLI, peak memory


_MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def _run_measured(args: list[str], timeout: float = 60) -> tuple[int, str, float]:
    """Exit code, stderr and peak RSS (MB) of ``python -m generator ARGS``, measured by a wrapper
    process whose only child it is (so no other test's children count)."""
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURE, sys.executable, "-m", "generator", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    code, peak_kb = proc.stdout.split()
    return int(code), proc.stderr, int(peak_kb) / 1024


BOMBS = {
    "billion-laughs.yaml": BILLION_LAUGHS,
    "recursive-alias.yaml": "openapi: 3.1.0\na: &a [*a]\n",
    "deep-flow.yaml": "openapi: 3.1.0\na: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "deep-json.json": '{"openapi": "3.1.0", "a": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "duplicate.json": '{"openapi": "3.1.0", "openapi": "3.0.0"}',
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_bombs_fail_cleanly_and_stay_small(tmp_path: Path, name: str) -> None:
    spec = tmp_path / name
    spec.write_text(BOMBS[name])
    out = tmp_path / "out"
    code, stderr, peak = _run_measured(["generate", str(spec), "-o", str(out)])
    assert code != 0 and "Traceback" not in stderr, stderr
    assert str(spec) in stderr and ("line " in stderr or f"{spec}:" in stderr), stderr
    assert not out.exists()
    assert peak < MEMORY_CAP_MB, f"{name}: peak RSS {peak:.0f} MB"


def test_a_fifo_spec_does_not_block_the_cli(tmp_path: Path) -> None:
    fifo = tmp_path / "spec.yaml"
    os.mkfifo(fifo)
    code, stderr, _ = _run_measured(["generate", str(fifo), "-o", str(tmp_path / "out")], timeout=30)
    assert code != 0 and "FIFO" in stderr and "Traceback" not in stderr


def test_an_allof_cycle_is_located_and_never_a_traceback(tmp_path: Path) -> None:
    spec = tmp_path / "cycle.yaml"
    spec.write_text(
        textwrap.dedent(
            """\
            openapi: 3.1.0
            info: {title: Cycle, version: '1'}
            paths:
              /a:
                get:
                  operationId: getA
                  responses:
                    '200':
                      description: ok
                      content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}
            components:
              schemas:
                A: {allOf: [{$ref: '#/components/schemas/B'}, {type: object, properties: {a: {type: string}}}]}
                B: {allOf: [{$ref: '#/components/schemas/A'}, {type: object, properties: {b: {type: string}}}]}
            """
        )
    )
    code, stderr, _ = _run_measured(["generate", str(spec), "-o", str(tmp_path / "out"), "-v"])
    assert "Traceback" not in stderr, stderr
    assert f"{spec}#/components/schemas/B/allOf/0" in stderr and "cycle" in stderr, stderr  # the validator's finding


def test_a_recursion_error_in_the_normalizer_is_a_located_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The net under the normalizer: a RecursionError names the innermost spec location on the stack."""
    from generator import pipeline
    from generator.config import Config
    from generator.diagnostics import Diagnostics
    from generator.load.refs import Location

    def recurse(location: Location, depth: int = 0) -> None:
        recurse(location.child("allOf", 0) if depth < 3 else location, depth + 1)

    def build_api(document: Any, *, file: str, **kwargs: Any) -> Any:
        recurse(Location(file, "/components/schemas/A"))

    spec = tmp_path / "spec.yaml"
    spec.write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
    monkeypatch.setattr("generator.normalize.api.build_api", build_api)
    with pytest.raises(GeneratorError) as info:
        pipeline.build_ir(spec, Config(), pipeline.Options(validate=False), Diagnostics())
    assert info.value.file == str(spec) and info.value.pointer == "/components/schemas/A/allOf/0/allOf/0/allOf/0"
    assert "cycle" in info.value.message and info.value.hint


def test_control_characters_are_located() -> None:
    err = _error("openapi: 3.0.3\x00\ninfo: {title: x}\n")
    assert err.pointer == "line 1" and "control character" in err.message and "column 15" in err.message
    with pytest.raises(GeneratorError, match="control character"):
        parse.parse_text(b'{"a": "x\x01"}', file="spec.json", policy=POLICY)


# ----------------------------------------------------------------------------- both paths agree, on any document

# NEL, LS and PS are line breaks in YAML 1.1 (the careful path's PyYAML scanner) but not in 1.2: the
# one known difference between the two paths (found by this test), left out here.
_ONE_ONE_BREAKS = ("\x85", "\u2028", "\u2029")
_TEXT = st.text(max_size=30).filter(lambda t: not any(c in t for c in ("\x00", "\ufeff", *_ONE_ONE_BREAKS)))
_KEYS = _TEXT.filter(lambda k: bool(k) and k.strip() == k)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | _TEXT
)
_DOCUMENTS = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4), max_leaves=25)


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(_KEYS, _DOCUMENTS, min_size=1, max_size=5))
def test_fast_and_careful_paths_read_any_document_alike(document: dict[str, Any]) -> None:
    """Dumped as YAML (block and flow), a document reads the same on the fast and the careful path; as JSON,
    it reads back as itself. (PyYAML's YAML 1.1 emitter writes strings such as ``0E0`` plain, which
    YAML 1.2 reads as numbers: found by this test, so the YAML form is only compared across paths.)"""
    import yaml

    block = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    flow = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, default_flow_style=True)
    for text in (block, flow):
        assert not parse.needs_careful_path(text) or "&" in text or "!" in text
        fast = _parse(text)
        careful = parse.normalise(__import__("generator.load.yaml_strict", fromlist=["x"]).load_strict(text, POLICY), file="s.yaml", policy=POLICY)
        assert fast == careful
    assert _parse(json.dumps(document), "spec.json") == document
