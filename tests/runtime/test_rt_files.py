from __future__ import annotations

import io
from pathlib import Path
from typing import Any, List

import httpx
import pytest
from rt_helpers import Recorder
from rtpkg._example_client import Petstore
from rtpkg._files import build_multipart, is_file_input, to_httpx_file
from rtpkg._types import omit


def _parts(request: httpx.Request) -> List[dict[str, Any]]:
    """Parse a multipart body into [{name, filename, content_type, data}]."""
    ctype = request.headers["content-type"]
    assert ctype.startswith("multipart/form-data; boundary=")
    boundary = ctype.split("boundary=", 1)[1].encode()
    out = []
    for chunk in request.content.split(b"--" + boundary)[1:-1]:
        head, _, data = chunk.strip(b"\r\n").partition(b"\r\n\r\n")
        info: dict[str, Any] = {"data": data, "filename": None, "content_type": None}
        for line in head.decode().split("\r\n"):
            k, _, v = line.partition(":")
            if k.lower() == "content-disposition":
                for piece in v.split(";")[1:]:
                    pk, _, pv = piece.strip().partition("=")
                    info[pk] = pv.strip('"')
            elif k.lower() == "content-type":
                info["content_type"] = v.strip()
        out.append(info)
    return out


def test_file_input_detection(tmp_path: Path) -> None:
    assert is_file_input(b"x")
    assert is_file_input(tmp_path)
    assert is_file_input(io.BytesIO(b"x"))
    assert is_file_input(("a.txt", b"x"))
    assert is_file_input(("a.txt", b"x", "text/plain"))
    assert is_file_input((None, b"x", "text/plain", {"X-A": "b"}))
    assert not is_file_input("x")
    assert not is_file_input(("a", "b"))
    assert not is_file_input([b"x"])


@pytest.mark.parametrize("kind", ["bytes", "path", "io", "tuple2", "tuple3", "tuple4"])
def test_upload_every_file_input_kind(kind: str, client: Petstore, recorder: Recorder, tmp_path: Path) -> None:
    recorder.default = lambda r: httpx.Response(200, json={"id": "p1", "object": "pet", "name": "n"})
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG data")
    f: Any = {
        "bytes": b"\x89PNG data",
        "path": path,
        "io": open(path, "rb"),
        "tuple2": ("photo.png", b"\x89PNG data"),
        "tuple3": ("photo.png", io.BytesIO(b"\x89PNG data"), "image/png"),
        "tuple4": ("photo.png", b"\x89PNG data", "image/x-custom", {"X-Extra": "1"}),
    }[kind]
    pet = client.pets.upload_photo("p1", file=f, caption="hi", tags=["a", "b"])
    assert pet.id == "p1"
    parts = _parts(recorder.last)
    files = [p for p in parts if p["filename"] is not None]
    fields = [(p["name"], p["data"]) for p in parts if p["filename"] is None]
    assert len(files) == 1 and files[0]["name"] == "file" and files[0]["data"] == b"\x89PNG data"
    expected_name = "upload" if kind == "bytes" else "photo.png"
    assert files[0]["filename"] == expected_name
    if kind == "tuple3":
        assert files[0]["content_type"] == "image/png"
    if kind == "tuple4":
        assert files[0]["content_type"] == "image/x-custom"
    assert fields == [("caption", b"hi"), ("tags[]", b"a"), ("tags[]", b"b")]
    if kind == "io":
        f.close()


def test_multipart_shapes() -> None:
    data, files = build_multipart(
        {
            "s": "x",
            "n": 1,
            "f": 1.5,
            "b": True,
            "none": None,
            "o": omit,
            "arr": [1, 2],
            "obj": {"k": "v", "deep": {"z": False}},
            "objs": [{"a": 1}],
            "docs": [b"one", ("two.txt", b"two")],
            "nested": {"file": b"n"},
        }
    )
    assert data == {
        "s": "x",
        "n": "1",
        "f": "1.5",
        "b": "true",
        "arr[]": ["1", "2"],
        "obj[k]": "v",
        "obj[deep][z]": "false",
        "objs[][a]": "1",
    }
    assert [(k, f[0], f[1]) for k, f in files] == [
        ("docs[]", "upload", b"one"),
        ("docs[]", "two.txt", b"two"),
        ("nested[file]", "upload", b"n"),
    ]


def test_multipart_without_files_is_still_multipart(client: Petstore, recorder: Recorder) -> None:
    client.request("post", "/form", cast_to=object, body={"a": "1", "b": [True, False]}, body_kind="multipart")
    parts = _parts(recorder.last)
    assert [(p["name"], p["data"]) for p in parts] == [("a", b"1"), ("b[]", b"true"), ("b[]", b"false")]


def test_repeat_array_format() -> None:
    data, files = build_multipart({"arr": [1, 2], "fs": [b"a", b"b"]}, array_format="repeat")
    assert data == {"arr": ["1", "2"]}
    assert [k for k, _ in files] == ["fs", "fs"]


def test_to_httpx_file_reads_paths(tmp_path: Path) -> None:
    p = tmp_path / "a.bin"
    p.write_bytes(b"abc")
    assert to_httpx_file(p) == ("a.bin", b"abc")
    assert to_httpx_file(("renamed", p)) == ("renamed", b"abc")
    assert to_httpx_file(bytearray(b"x")) == ("upload", b"x")
