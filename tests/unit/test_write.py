from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import generator.write as W
import generator.write.journal as J
from generator.diagnostics import GeneratorError
from generator.write import MANIFEST_NAME, check_relative_path, diff_tree, write_tree

V = "1.2.3"


def write(files: Mapping[str, str | bytes], out: Path, **kw: object) -> W.WriteReport:
    return write_tree(files, out, generator_version=V, **kw)  # type: ignore[arg-type]


def snapshot(root: Path) -> dict[str, tuple]:
    """Every entry under root (not following links): kind, bytes, mode and mtime."""
    snap: dict[str, tuple] = {}
    if not root.exists():
        return snap
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            st_ = os.lstat(path)
            rel = path.relative_to(root).as_posix()
            if stat.S_ISLNK(st_.st_mode):
                snap[rel] = ("link", os.readlink(path))
            elif stat.S_ISDIR(st_.st_mode):
                snap[rel] = ("dir", stat.S_IMODE(st_.st_mode), st_.st_mtime_ns)
            else:
                snap[rel] = ("file", path.read_bytes(), stat.S_IMODE(st_.st_mode), st_.st_mtime_ns, st_.st_ino)
    return snap


def contents(root: Path) -> dict[str, bytes]:
    return {p: s[1] for p, s in snapshot(root).items() if s[0] == "file"}


def manifest(root: Path) -> dict:
    return json.loads((root / MANIFEST_NAME).read_text())


def age(root: Path) -> None:
    """Push every mtime into the past so that any rewrite is visible."""
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            os.utime(Path(dirpath) / name, ns=(1_000_000_000, 1_000_000_000), follow_symlinks=False)
    os.utime(root, ns=(1_000_000_000, 1_000_000_000))


def leftovers(parent: Path) -> list[str]:
    return [p.name for p in parent.rglob("*") if ".oasgen-tmp-" in p.name or ".oasgen-new-" in p.name or p.name.startswith(".oasgen-txn")]


TREE: dict[str, str | bytes] = {
    "pkg/__init__.py": "from .client import Client\n",
    "pkg/client.py": "class Client: ...\n",
    "pkg/models/__init__.py": "",
    "pkg/models/pet.py": "class Pet: ...\n",
    "README.md": "# SDK\n",
    "data.bin": b"\x00\xff\x01",
}


# ------------------------------------------------------------------------------------ basic writes


def test_fresh_write_creates_tree_and_sorted_manifest(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "out"
    report = write(TREE, out)
    assert report == W.WriteReport(written=6, unchanged=0, removed=0, out_dir=out, kept=())
    expected = {k: v if isinstance(v, bytes) else v.encode() for k, v in TREE.items()}
    got = contents(out)
    raw_manifest = got.pop(MANIFEST_NAME)
    assert got == expected
    doc = json.loads(raw_manifest)
    assert doc["version"] == V and doc["generator"] == "oasgen" and doc["format"] == 1
    assert list(doc["files"]) == sorted(TREE)
    assert doc["files"] == {p: hashlib.sha256(b).hexdigest() for p, b in sorted(expected.items())}
    assert doc["dirs"] == ["pkg", "pkg/models"]
    assert raw_manifest == (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode()
    assert leftovers(tmp_path) == []


def test_two_runs_give_byte_identical_trees(tmp_path: Path) -> None:
    write(TREE, tmp_path / "a")
    write(dict(reversed(list(TREE.items()))), tmp_path / "b")
    assert contents(tmp_path / "a") == contents(tmp_path / "b")


def test_text_is_written_as_utf8_without_newline_translation(tmp_path: Path) -> None:
    write({"a.py": "é = 'ü'\r\nx\n"}, tmp_path)
    assert (tmp_path / "a.py").read_bytes() == "é = 'ü'\r\nx\n".encode()


def test_unchanged_files_are_not_rewritten(tmp_path: Path) -> None:
    write(TREE, tmp_path / "out")
    age(tmp_path / "out")
    before = snapshot(tmp_path / "out")
    report = write(TREE, tmp_path / "out")
    assert (report.written, report.unchanged, report.removed) == (0, 6, 0)
    assert snapshot(tmp_path / "out") == before  # mtimes, inodes and the manifest untouched


def test_changed_file_is_replaced_others_keep_mtime_and_mode_is_preserved(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(TREE, out)
    os.chmod(out / "pkg/client.py", 0o755)
    age(out)
    before = snapshot(out)
    report = write({**TREE, "pkg/client.py": "class Client:\n    pass\n"}, out)
    assert (report.written, report.unchanged) == (1, 5)
    after = snapshot(out)
    assert after["pkg/client.py"][1] == b"class Client:\n    pass\n"
    assert after["pkg/client.py"][2] == 0o755
    for p in TREE:
        if p != "pkg/client.py":
            assert after[p] == before[p]
    assert manifest(out)["files"]["pkg/client.py"] != json.loads(before[MANIFEST_NAME][1])["files"]["pkg/client.py"]


def test_version_change_rewrites_only_the_manifest(tmp_path: Path) -> None:
    write(TREE, tmp_path)
    report = write_tree(TREE, tmp_path, generator_version="2.0")
    assert report.written == 0 and manifest(tmp_path)["version"] == "2.0"


def test_default_version_is_a_string(tmp_path: Path) -> None:
    write_tree({"a": "x"}, tmp_path)
    assert isinstance(manifest(tmp_path)["version"], str)


# ----------------------------------------------------------------------------------- stale files


def test_stale_files_and_emptied_generated_dirs_are_removed(tmp_path: Path) -> None:
    write(TREE, tmp_path)
    report = write({"pkg/__init__.py": TREE["pkg/__init__.py"]}, tmp_path)
    assert (report.written, report.unchanged, report.removed) == (0, 1, 5)
    assert set(contents(tmp_path)) == {"pkg/__init__.py", MANIFEST_NAME}
    assert not (tmp_path / "pkg/models").exists()
    assert manifest(tmp_path)["dirs"] == ["pkg"]


def test_preexisting_and_foreign_holding_dirs_are_kept(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()  # the user's folder, not ours
    write(TREE, tmp_path)
    assert manifest(tmp_path)["dirs"] == ["pkg/models"]
    (tmp_path / "pkg/models/NOTES.md").write_text("mine")
    write({"other.py": "x = 1\n"}, tmp_path)
    assert set(contents(tmp_path)) == {"other.py", "pkg/models/NOTES.md", MANIFEST_NAME}
    assert (tmp_path / "pkg").is_dir()
    assert manifest(tmp_path)["dirs"] == ["pkg/models"]  # still ours: removed once it is empty
    (tmp_path / "pkg/models/NOTES.md").unlink()
    write({"other.py": "x = 1\n"}, tmp_path)
    assert not (tmp_path / "pkg/models").exists() and (tmp_path / "pkg").is_dir()
    assert manifest(tmp_path)["dirs"] == []


def test_edited_stale_file_is_kept_and_disowned(tmp_path: Path) -> None:
    write(TREE, tmp_path)
    (tmp_path / "pkg/models/pet.py").write_text("# my changes\n")
    tree = {k: v for k, v in TREE.items() if k != "pkg/models/pet.py"}
    report = write(tree, tmp_path)
    assert report.kept == ("pkg/models/pet.py",) and report.removed == 0
    assert (tmp_path / "pkg/models/pet.py").read_text() == "# my changes\n"
    assert "pkg/models/pet.py" not in manifest(tmp_path)["files"]
    write({}, tmp_path)  # now foreign for good
    assert (tmp_path / "pkg/models/pet.py").read_text() == "# my changes\n"


def test_edited_generated_file_is_refused_by_name_and_force_overwrites_it(tmp_path: Path) -> None:
    write(TREE, tmp_path)
    (tmp_path / "pkg/client.py").write_text("edited")
    (tmp_path / "README.md").write_text("edited too")
    changed = {**TREE, "pkg/__init__.py": "new\n"}
    before = snapshot(tmp_path)
    with pytest.raises(GeneratorError) as exc:
        write(changed, tmp_path)
    assert "2 generated file(s) edited" in exc.value.message
    assert "README.md" in exc.value.message and "pkg/client.py" in exc.value.message
    assert "--force" in exc.value.hint
    assert snapshot(tmp_path) == before  # nothing at all was written, not even pkg/__init__.py
    assert set(diff_tree(changed, tmp_path, generator_version=V).changed) == {MANIFEST_NAME, "README.md", "pkg/__init__.py", "pkg/client.py"}
    assert write(changed, tmp_path, force=True).written == 3
    assert (tmp_path / "pkg/client.py").read_text() == TREE["pkg/client.py"]


def test_a_file_edited_back_to_its_generated_content_is_not_an_edit(tmp_path: Path) -> None:
    write(TREE, tmp_path)
    (tmp_path / "pkg/client.py").write_text("edited")
    (tmp_path / "pkg/client.py").write_text(str(TREE["pkg/client.py"]))
    assert write(TREE, tmp_path).unchanged == len(TREE)


def test_preserved_globs_are_written_once_then_never_overwritten_or_deleted(tmp_path: Path) -> None:
    globs = ["README.md", "pkg/models/*"]
    first = write(TREE, tmp_path, preserve=globs)
    assert first.preserved == () and (tmp_path / "README.md").read_text() == "# SDK\n"  # missing: written once
    assert "README.md" not in manifest(tmp_path)["files"] and "pkg/models/pet.py" not in manifest(tmp_path)["files"]
    (tmp_path / "README.md").write_text("my readme")
    changed = {**TREE, "README.md": "# SDK v2\n", "pkg/models/pet.py": "class Pet2: ...\n"}
    report = write(changed, tmp_path, preserve=globs)
    assert report.preserved == ("README.md", "pkg/models/__init__.py", "pkg/models/pet.py")
    assert (tmp_path / "README.md").read_text() == "my readme"
    assert (tmp_path / "pkg/models/pet.py").read_text() == "class Pet: ..."+"\n"
    gone = {k: v for k, v in TREE.items() if not k.startswith("pkg/models/") and k != "README.md"}
    write(gone, tmp_path, preserve=globs)  # no longer generated: still never deleted
    assert (tmp_path / "README.md").exists() and (tmp_path / "pkg/models/pet.py").exists()
    assert not diff_tree(changed, tmp_path, generator_version=V, preserve=globs).has_changes
    assert W.preserved("a/b/c.py", ["a/**"]) and W.preserved("a/b", ["a/"]) and not W.preserved("ab", ["a"])


def test_deleted_generated_file_is_recreated(tmp_path: Path) -> None:
    write(TREE, tmp_path)
    (tmp_path / "pkg/models/pet.py").unlink()
    (tmp_path / "pkg/models/__init__.py").unlink()
    (tmp_path / "pkg/models").rmdir()
    assert write(TREE, tmp_path).written == 2
    assert contents(tmp_path)["pkg/models/pet.py"] == b"class Pet: ...\n"


def test_stale_file_becomes_folder_and_folder_becomes_file(tmp_path: Path) -> None:
    write({"a": "file", "b/c": "x"}, tmp_path)
    write({"a/inner": "now a folder", "b": "now a file"}, tmp_path)
    assert contents(tmp_path) == {
        "a/inner": b"now a folder",
        "b": b"now a file",
        MANIFEST_NAME: (tmp_path / MANIFEST_NAME).read_bytes(),
    }
    assert manifest(tmp_path)["dirs"] == ["a"]


# ------------------------------------------------------------------------------- foreign content


def test_foreign_files_are_never_touched(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git/HEAD").write_text("ref: main\n")
    (tmp_path / "notes.md").write_text("mine")
    write(TREE, tmp_path)
    (tmp_path / "pkg/models/local.py").write_text("mine too")
    age(tmp_path)
    foreign = {
        p: s for p, s in snapshot(tmp_path).items() if p in (".git", ".git/HEAD", "notes.md", "pkg/models/local.py")
    }
    write({"x.py": ""}, tmp_path)
    after = snapshot(tmp_path)
    assert {p: after[p] for p in foreign if after[p][0] == "file"} == {
        p: s for p, s in foreign.items() if s[0] == "file"
    }
    assert set(contents(tmp_path)) == {".git/HEAD", "notes.md", "pkg/models/local.py", "x.py", MANIFEST_NAME}


def test_nonempty_dir_without_manifest_is_accepted_when_nothing_would_be_overwritten(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("the user's readme")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg/__init__.py").write_text("from .client import Client\n")  # identical: adopted
    with pytest.raises(GeneratorError) as exc:
        write(TREE, tmp_path)
    assert exc.value.exit_code == 1
    assert "README.md" in exc.value.message and "pkg/__init__.py" not in exc.value.message
    assert "Nothing was written" in exc.value.hint
    assert set(contents(tmp_path)) == {"README.md", "pkg/__init__.py"}  # nothing written

    tree = {k: v for k, v in TREE.items() if k != "README.md"}
    report = write(tree, tmp_path)
    assert (report.written, report.unchanged) == (4, 1)
    assert (tmp_path / "README.md").read_text() == "the user's readme"
    assert "pkg/__init__.py" in manifest(tmp_path)["files"]
    assert "pkg" not in manifest(tmp_path)["dirs"]  # existed before: not ours


@pytest.mark.parametrize(
    ("setup", "path"),
    [
        (lambda d: (d / "pkg/client.py").mkdir(parents=True), "pkg/client.py"),
        (lambda d: (d / "pkg").write_text("a file"), "pkg"),
        (lambda d: (d / "pkg").mkdir() or (d / "pkg/client.py").symlink_to(d / "elsewhere"), "pkg/client.py"),
        (lambda d: (d / "real").mkdir() or (d / "pkg").symlink_to(d / "real", target_is_directory=True), "pkg"),
    ],
    ids=["folder-at-file", "file-at-folder", "symlink-at-file", "symlinked-folder"],
)
def test_paths_occupied_by_foreign_entries_are_conflicts(tmp_path: Path, setup, path: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    setup(out)
    before = snapshot(tmp_path)
    with pytest.raises(GeneratorError) as exc:
        write(TREE, out)
    assert path in exc.value.message
    assert snapshot(tmp_path) == before


def test_stale_file_behind_symlinked_folder_is_not_deleted(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write({"pkg/a.py": "x"}, out)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/a.py").write_text("x")  # same content and hash as the generated file
    (out / "pkg/a.py").unlink()
    (out / "pkg").rmdir()
    (out / "pkg").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    write({"b.py": "y"}, out)
    assert (tmp_path / "elsewhere/a.py").read_text() == "x"
    assert (out / "pkg").is_symlink()


def test_symlink_replacing_a_generated_file_is_left_alone_when_stale(tmp_path: Path) -> None:
    write({"a.py": "x"}, tmp_path / "out")
    (tmp_path / "target").write_text("x")
    (tmp_path / "out/a.py").unlink()
    (tmp_path / "out/a.py").symlink_to(tmp_path / "target")
    write({}, tmp_path / "out")
    assert (tmp_path / "out/a.py").is_symlink() and (tmp_path / "target").read_text() == "x"


# ------------------------------------------------------------------------------------ validation


@pytest.mark.parametrize(
    "path",
    ["", "/etc/passwd", "../x", "a/../../x", "a/./b", "a//b", "a/", ".", "..", "a\\..\\b", "C:/x", "a/b\x00", "a\nb"],
)
def test_unsafe_paths_are_rejected_before_anything_is_written(tmp_path: Path, path: str) -> None:
    with pytest.raises(GeneratorError) as exc:
        write({"ok.py": "", path: "evil"}, tmp_path / "out")
    assert "refusing to write" in exc.value.message
    assert not (tmp_path / "out").exists()
    assert list(tmp_path.iterdir()) == []


def test_check_relative_path_accepts_ordinary_paths() -> None:
    for p in ["a", "a/b/c.py", ".github/workflows/ci.yml", "..foo", "a/.b", "ünïcode/名前.py", "a b/c d.txt"]:
        assert check_relative_path(p) == p


@pytest.mark.parametrize(
    "tree",
    [
        {"pkg/Pet.py": "", "pkg/pet.py": ""},
        {"Pkg/a.py": "", "pkg/b.py": ""},
        {"caf\u00e9.py": "", "cafe\u0301.py": ""},
        {"a": "", "a/b": ""},
        {MANIFEST_NAME: "{}"},
        {MANIFEST_NAME + "/x": ""},
    ],
    ids=["case", "case-folder", "unicode-normalisation", "file-and-folder", "manifest", "manifest-folder"],
)
def test_clashing_paths_are_rejected(tmp_path: Path, tree: dict[str, str]) -> None:
    with pytest.raises(GeneratorError):
        write(tree, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_output_path_that_is_a_file_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("x")
    with pytest.raises(GeneratorError, match="not a folder"):
        write(TREE, tmp_path / "out")


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b"[]",
        b'{"generator": "other", "format": 1, "files": {}}',
        b'{"generator": "oasgen", "format": 99, "files": {}}',
        b'{"generator": "oasgen", "format": 1, "files": []}',
        b'{"generator": "oasgen", "format": 1, "files": {"../../victim": "00"}}',
        b'{"generator": "oasgen", "format": 1, "files": {"/etc/passwd": "00"}}',
        b'{"generator": "oasgen", "format": 1, "files": {}, "dirs": [".."]}',
    ],
)
def test_bad_manifest_is_refused_and_nothing_changes(tmp_path: Path, raw: bytes) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST_NAME).write_bytes(raw)
    (tmp_path / "victim").write_text("x")
    before = snapshot(tmp_path)
    with pytest.raises(GeneratorError) as exc:
        write(TREE, out)
    assert exc.value.file.endswith(MANIFEST_NAME) and exc.value.hint
    assert snapshot(tmp_path) == before


def test_custom_manifest_name(tmp_path: Path) -> None:
    write(TREE, tmp_path, manifest_name=".gen.json")
    assert (tmp_path / ".gen.json").is_file() and not (tmp_path / MANIFEST_NAME).exists()
    with pytest.raises(GeneratorError):
        write(TREE, tmp_path, manifest_name="sub/.gen.json")


def test_lazy_mapping_is_fully_rendered_before_any_io(tmp_path: Path) -> None:
    class Exploding(Mapping[str, str]):
        def __init__(self, n_ok: int) -> None:
            self.keys_ = [f"m{i}.py" for i in range(10)]
            self.n_ok = n_ok

        def __getitem__(self, key: str) -> str:
            if self.keys_.index(key) >= self.n_ok:
                raise RuntimeError("renderer crashed")
            return "x\n"

        def __iter__(self) -> Iterator[str]:
            return iter(self.keys_)

        def __len__(self) -> int:
            return len(self.keys_)

    write(TREE, tmp_path)
    before = snapshot(tmp_path)
    with pytest.raises(RuntimeError):
        write(Exploding(5), tmp_path)
    assert snapshot(tmp_path) == before


# ------------------------------------------------------------------------------------- atomicity


NEXT: dict[str, str | bytes] = {
    "pkg/__init__.py": "changed\n",  # replace
    "pkg/client.py": TREE["pkg/client.py"],  # unchanged
    "pkg/api/__init__.py": "",  # new folder
    "pkg/api/pets.py": "new\n",  # new file
    "README.md": "# SDK v2\n",  # replace
}  # removes pkg/models/* (and the folder) and data.bin


def _prepared(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    write(TREE, out)
    (out / "notes.md").write_text("mine")
    (out / "pkg/models/mine.py").write_text("mine")
    age(out)
    return out


class FaultyOs:
    """Stands in for ``os`` inside generator.write.journal only: call ``n`` of ``os.<name>`` raises ``exc``."""

    def __init__(self, name: str, n: int, exc: BaseException) -> None:
        self.calls = 0
        real = getattr(os, name)

        def fake(*args, **kwargs):
            self.calls += 1
            if self.calls == n:
                raise exc
            return real(*args, **kwargs)

        setattr(self, name, fake)

    def __getattr__(self, attr: str):
        return getattr(os, attr)


def _fail_on_call(monkeypatch: pytest.MonkeyPatch, name: str, n: int, exc: BaseException) -> FaultyOs:
    faulty = FaultyOs(name, n, exc)
    monkeypatch.setattr(J, "os", faulty)
    return faulty


def debris(out: Path) -> list[str]:
    """Anything the writer leaves behind besides the tree: staging, journal, hidden siblings."""
    inside = [p.name for p in out.iterdir() if p.name.startswith(".oasgen-txn")] if out.is_dir() else []
    mine = (f".{out.name}.oasgen-new-", f".{out.name}.oasgen-tmp-")
    beside = [p.name for p in out.parent.iterdir() if p.name.startswith(mine)]
    return inside + beside


@pytest.mark.parametrize("n", [1, 2, 3, 4, 6])
def test_failure_while_staging_leaves_out_dir_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, n: int
) -> None:
    out = _prepared(tmp_path)
    before = snapshot(out)
    real_open = open
    calls = [0]

    def fake_open(file, mode="r", *args, **kwargs):
        if mode == "xb":
            calls[0] += 1
            if calls[0] == n:
                raise OSError(28, "No space left on device")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", fake_open)
    if n > len(NEXT):
        write(NEXT, out)  # fewer files than n: nothing fails
        return
    with pytest.raises(GeneratorError) as exc:
        write(NEXT, out)
    assert "No space left on device" in exc.value.message and "left unchanged" in exc.value.message
    assert exc.value.file and "disk space" in exc.value.hint
    assert snapshot(out) == before
    assert debris(out) == []


def test_interrupt_while_staging_leaves_out_dir_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = _prepared(tmp_path)
    before = snapshot(out)
    _fail_on_call(monkeypatch, "chmod", 1, KeyboardInterrupt())  # staging keeps modes of replaced files
    real_open = open
    calls = [0]

    def fake_open(file, mode="r", *args, **kwargs):
        if mode == "xb":
            calls[0] += 1
            if calls[0] == 2:
                raise KeyboardInterrupt
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", fake_open)
    with pytest.raises(KeyboardInterrupt) as exc:
        write(NEXT, out)
    assert not isinstance(exc.value, J.InterruptedAfterSwitch)
    monkeypatch.undo()
    assert snapshot(out) == before
    assert debris(out) == []


@pytest.mark.parametrize("op", ["replace", "link", "mkdir", "rmdir"])
@pytest.mark.parametrize("n", [1, 2, 3, 5, 8])
def test_failure_while_switching_restores_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, op: str, n: int
) -> None:
    out = _prepared(tmp_path)
    before = snapshot(out)
    faulty = _fail_on_call(monkeypatch, op, n, OSError(5, "Input/output error"))
    try:
        report = write(NEXT, out)
    except GeneratorError as exc:
        assert "Input/output error" in exc.message and "left unchanged" in exc.message
        monkeypatch.undo()
        assert snapshot(out) == before  # contents, modes, inodes, file and folder mtimes
    else:
        # Either the operation was not called that often, or (os.link) its failure has a fallback.
        assert faulty.calls < n or op == "link"
        monkeypatch.undo()
        assert report.written == 4 and contents(out)["README.md"] == b"# SDK v2\n"
    assert debris(out) == []
    monkeypatch.undo()
    write(NEXT, out)  # and a later run goes through
    assert contents(out)["pkg/api/pets.py"] == b"new\n" and (out / "pkg/models/mine.py").exists()


def test_a_failed_switch_that_cannot_be_undone_says_so_and_the_next_run_completes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _prepared(tmp_path)
    _fail_on_call(monkeypatch, "replace", 3, OSError(5, "Input/output error"))
    monkeypatch.setattr(J, "_backward", lambda *args: False)  # the undo fails too
    with pytest.raises(GeneratorError) as exc:
        write(NEXT, out)
    assert "could not put every old file back" in exc.value.message and "left unchanged" not in exc.value.message
    assert exc.value.file.endswith(J.COMMITTED) and "next run completes" in exc.value.hint
    monkeypatch.undo()
    assert J.pending(out)
    report = write(NEXT, out)
    assert any("completed" in n for n in report.recovered)
    assert contents(out)["README.md"] == b"# SDK v2\n" and contents(out)["notes.md"] == b"mine"
    assert debris(out) == []


def test_signal_during_the_switch_is_held_until_it_completes(tmp_path: Path) -> None:
    """SIGINT right after the decisive rename: the switch completes first. Run in a process of its own,
    so that no signal handler another test (or pytest) installed in this one can take the SIGINT."""
    import subprocess
    import sys

    script = f"""
import os, signal
from pathlib import Path
import pytest
from tests.unit import test_write as t
J = t.J
out = t._prepared(Path({str(tmp_path)!r}))
real_commit = J.commit
def commit_then_signal(out_dir):
    real_commit(out_dir)
    os.kill(os.getpid(), signal.SIGINT)  # arrives right after the decisive rename
J.commit = commit_then_signal
with pytest.raises(J.InterruptedAfterSwitch):
    t.write(t.NEXT, out)
J.commit = real_commit
assert t.contents(out)["README.md"] == b"# SDK v2\\n" and t.contents(out)["notes.md"] == b"mine"
assert t.debris(out) == []
assert not t.diff_tree(t.NEXT, out, generator_version=t.V).has_changes
print("OK")
"""
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip() == "OK", proc.stderr[-3000:]


def test_first_write_is_one_rename_and_cleans_up_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = open
    calls = [0]

    def fake_open(file, mode="r", *args, **kwargs):
        if mode == "xb":
            calls[0] += 1
            if calls[0] == 3:
                raise OSError(5, "Input/output error")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", fake_open)
    with pytest.raises(GeneratorError, match="nothing was created"):
        write(TREE, tmp_path / "a" / "b")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []
    write(TREE, tmp_path / "a" / "b")
    assert contents(tmp_path / "a" / "b").keys() == {*TREE, MANIFEST_NAME}
    assert [p.name for p in tmp_path.iterdir()] == ["a"]


def test_hard_link_free_file_systems_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_link(*args, **kwargs):
        raise OSError(1, "Operation not permitted")

    write(TREE, tmp_path / "o")
    faulty = FaultyOs("link", 1, OSError(1, "Operation not permitted"))
    faulty.link = no_link  # type: ignore[attr-defined]
    monkeypatch.setattr(J, "os", faulty)
    write(NEXT, tmp_path / "o")
    assert contents(tmp_path / "o")["README.md"] == b"# SDK v2\n"


def _killed_switch(out: Path, monkeypatch: pytest.MonkeyPatch, after_ops: int) -> None:
    """Simulate SIGKILL inside the switch: the journal is committed, then only ``after_ops`` steps run."""
    real_forward = J._forward
    count = [0]

    class Killed(BaseException):
        pass

    def forward(*args):
        if count[0] == after_ops:
            raise Killed
        count[0] += 1
        real_forward(*args)

    monkeypatch.setattr(J, "_forward", forward)
    with pytest.raises(Killed):
        write(NEXT, out)
    monkeypatch.undo()


@pytest.mark.parametrize("after_ops", [0, 1, 3, 5, 7])
def test_next_run_completes_a_killed_switch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after_ops: int) -> None:
    out = _prepared(tmp_path)
    _killed_switch(out, monkeypatch, after_ops)
    assert J.pending(out)
    with pytest.raises(GeneratorError, match="interrupted"):
        diff_tree(NEXT, out, generator_version=V)  # check refuses to judge a half-switched folder
    notes = J.recover(out)
    assert any("completed" in n for n in notes)
    after = contents(out)
    assert after.pop("notes.md") == b"mine" and after.pop("pkg/models/mine.py") == b"mine"
    assert after.pop(MANIFEST_NAME)
    assert after == {k: v.encode() if isinstance(v, str) else v for k, v in NEXT.items()}
    assert debris(out) == []


def test_debris_of_killed_runs_is_removed_by_the_next_write(tmp_path: Path) -> None:
    out = _prepared(tmp_path)
    before = contents(out)
    (out / J.STAGING / "n").mkdir(parents=True)
    (out / J.STAGING / "n" / "0").write_text("half staged")
    (tmp_path / ".out.oasgen-tmp-abc" / "n").mkdir(parents=True)  # left by earlier generator versions
    (tmp_path / ".out.oasgen-new-xyz").mkdir()
    (out / ".oasgen-tmp-old").mkdir()
    (tmp_path / ".outer.oasgen-new-keep").mkdir()  # belongs to another output folder
    report = write(TREE, out)
    assert len(report.recovered) == 4
    assert debris(out) == [] and (tmp_path / ".outer.oasgen-new-keep").is_dir()
    assert contents(out) == before


def test_a_tampered_journal_cannot_move_files_outside_the_folder(tmp_path: Path) -> None:
    out = _prepared(tmp_path)
    (tmp_path / "victim.txt").write_text("keep")
    txn = out / J.COMMITTED
    (txn / "n").mkdir(parents=True)
    (txn / "o").mkdir()
    (txn / "n" / "0").write_text("evil")
    (txn / "journal.json").write_text(json.dumps({"format": 1, "ops": [["replace", "../victim.txt", "0", 420]]}))
    with pytest.raises(GeneratorError, match="could not complete the interrupted write"):
        write(NEXT, out)
    assert (tmp_path / "victim.txt").read_text() == "keep"


def test_a_second_concurrent_run_is_refused(tmp_path: Path) -> None:
    import fcntl

    out = tmp_path / "out"
    write(TREE, out)
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(GeneratorError, match="another oasgen run"):
            write(NEXT, out)
    finally:
        os.close(fd)
    write(NEXT, out)


def test_read_only_package_folder_is_refused_before_anything_changes(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can write to read-only folders")
    out = _prepared(tmp_path)
    before = snapshot(out)
    os.chmod(out / "pkg", 0o555)
    try:
        with pytest.raises(GeneratorError, match="cannot write"):
            write(NEXT, out)
    finally:
        os.chmod(out / "pkg", 0o755)
    assert snapshot(out) == before


# ------------------------------------------------------------------------------------------ diff


def test_diff_tree_reports_added_changed_removed(tmp_path: Path) -> None:
    write(TREE, tmp_path)
    (tmp_path / "notes.md").write_text("foreign")
    before = snapshot(tmp_path)
    d = diff_tree(NEXT, tmp_path, generator_version=V)
    assert d.added == ("pkg/api/__init__.py", "pkg/api/pets.py")
    assert d.changed == (MANIFEST_NAME, "README.md", "pkg/__init__.py")
    assert d.removed == ("data.bin", "pkg/models/__init__.py", "pkg/models/pet.py")
    assert d.has_changes
    assert d.summary.startswith("2 added, 3 changed, 3 removed\n")
    assert "A pkg/api/pets.py\n" in d.summary and "D data.bin\n" in d.summary
    assert "--- a/README.md\n+++ b/README.md\n" in d.summary and "-# SDK\n+# SDK v2\n" in d.summary
    assert "notes.md" not in d.summary
    assert snapshot(tmp_path) == before  # nothing was written


def test_diff_tree_is_clean_after_write(tmp_path: Path) -> None:
    assert diff_tree(TREE, tmp_path / "missing", generator_version=V).added == tuple(sorted([*TREE, MANIFEST_NAME]))
    write(TREE, tmp_path)
    d = diff_tree(TREE, tmp_path, generator_version=V)
    assert not d.has_changes and d.summary == "0 added, 0 changed, 0 removed\n"


def test_diff_tree_truncates_and_handles_binary_and_conflicts(tmp_path: Path) -> None:
    big_old = "".join(f"line {i}\n" for i in range(500))
    big_new = "".join(f"LINE {i}\n" for i in range(500))
    write({"big.txt": big_old, "b.bin": b"\xff\x00"}, tmp_path)
    (tmp_path / "foreign.py").write_text("mine")
    d = diff_tree(
        {"big.txt": big_new, "b.bin": b"\xfe\x00", "foreign.py": "x"}, tmp_path, generator_version=V, max_lines=50
    )
    lines = d.summary.splitlines()
    assert len(lines) == 50 and lines[-1] == "... (truncated to 50 lines)"
    assert "M foreign.py" in lines  # write_tree would refuse; the drift check shows it as a change
    d = diff_tree({"b.bin": b"\xfe\x00"}, tmp_path, generator_version=V)
    assert "Binary files a/b.bin and b/b.bin differ" in d.summary


# ------------------------------------------------------------------------------------ properties

NAMES = st.sampled_from(["a", "b", "c.py", "d.txt"])
PATHS = st.lists(NAMES, min_size=1, max_size=3).map("/".join)


def _drop_file_folder_clashes(tree: dict[str, str]) -> dict[str, str]:
    dirs = {"/".join(p.split("/")[:i]) for p in tree for i in range(1, p.count("/") + 1)}
    return {p: v for p, v in tree.items() if p not in dirs}


TREES = st.dictionaries(PATHS, st.sampled_from(["", "x\n", "y\n", "zz"]), max_size=6).map(_drop_file_folder_clashes)
STEPS = st.lists(st.one_of(st.tuples(st.just("gen"), TREES), st.tuples(st.just("foreign"), PATHS)), max_size=8)


def _conflicts(tree: dict[str, str], foreign: dict[str, str]) -> bool:
    for f in foreign:
        for p in tree:
            if p == f or p.startswith(f + "/") or f.startswith(p + "/"):
                return True
    return False


def _no_empty_dirs(root: Path) -> bool:
    return all(filenames or dirnames for dirpath, dirnames, filenames in os.walk(root) if Path(dirpath) != root)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=STEPS)
def test_foreign_files_survive_and_tree_matches_last_generation(steps: list) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        out.mkdir()
        foreign: dict[str, str] = {}
        generated: dict[str, str] = {}
        for kind, arg in steps:
            if kind == "foreign":
                path = out / arg
                parts = arg.split("/")
                blocked = any((out / "/".join(parts[:i])).is_file() for i in range(1, len(parts)))
                if blocked or path.exists() or arg == MANIFEST_NAME:
                    continue
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(f"foreign {arg}")
                foreign[arg] = f"foreign {arg}"
                continue
            before = snapshot(out)
            if _conflicts(arg, foreign):
                event("conflict refused")
                with pytest.raises(GeneratorError):
                    write(arg, out)
                assert snapshot(out) == before
                continue
            report = write(arg, out)
            event(f"removed>0: {report.removed > 0}; with foreign: {bool(foreign)}")
            generated = arg
            got = contents(out)
            assert got.pop(MANIFEST_NAME)
            assert got == {
                **{k: v.encode() for k, v in foreign.items()},
                **{k: v.encode() for k, v in generated.items()},
            }
            assert _no_empty_dirs(out)
            assert not diff_tree(arg, out, generator_version=V).has_changes
        assert leftovers(Path(tmp)) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=TREES, second=TREES, op=st.sampled_from(["replace", "link", "mkdir", "rmdir"]), n=st.integers(1, 6))
def test_failed_commit_always_restores_the_previous_tree(first, second, op: str, n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        write(first, out)
        (out / "zz-foreign").write_text("mine")
        age(out)
        before = snapshot(out)
        J.os = FaultyOs(op, n, OSError(5, "Input/output error"))  # type: ignore[assignment]
        try:
            write(second, out)
            failed = False
        except GeneratorError:
            failed = True
        finally:
            J.os = os  # type: ignore[assignment]
        event(f"failed: {failed}")
        if failed:
            assert snapshot(out) == before
        else:
            got = contents(out)
            got.pop(MANIFEST_NAME)
            assert got == {"zz-foreign": b"mine", **{k: v.encode() for k, v in second.items()}}
        assert leftovers(Path(tmp)) == []
