from __future__ import annotations

from datetime import date
from urllib.parse import unquote

import pytest
from rtpkg._qs import flatten, primitive_to_str, stringify
from rtpkg._types import omit


def test_default_flavour_brackets_nested_booleans() -> None:
    qs = stringify({"a": [1, 2], "m": {"k": "v", "n": {"x": True}}, "b": False, "skip": None, "o": omit, "s": "x y"})
    assert unquote(qs) == "a[]=1&a[]=2&m[k]=v&m[n][x]=true&b=false&s=x y"
    assert qs == "a%5B%5D=1&a%5B%5D=2&m%5Bk%5D=v&m%5Bn%5D%5Bx%5D=true&b=false&s=x%20y"


@pytest.mark.parametrize(
    "fmt,expected",
    [
        ("brackets", "a[]=1&a[]=2"),
        ("repeat", "a=1&a=2"),
        ("indices", "a[0]=1&a[1]=2"),
        ("comma", "a=1,2"),
    ],
)
def test_array_formats(fmt: str, expected: str) -> None:
    assert unquote(stringify({"a": [1, 2]}, array_format=fmt)) == expected  # type: ignore[arg-type]


def test_a_name_ending_in_brackets_is_not_bracketed_twice() -> None:
    assert unquote(stringify({"project_ids[]": ["a", "b"], "ids": ["c"]})) == "project_ids[]=a&project_ids[]=b&ids[]=c"


def test_objects_in_an_array_get_their_index() -> None:
    qs = stringify({"a": [{"k": 1, "j": 2}, {"k": 3}], "n": [[1, 2]], "s": ["x"]})
    assert unquote(qs) == "a[0][k]=1&a[0][j]=2&a[1][k]=3&n[0][]=1&n[0][]=2&s[]=x"


def test_reserved_characters_are_encoded() -> None:
    assert stringify({"q": "a&b=c/d?e+f#g"}) == "q=a%26b%3Dc%2Fd%3Fe%2Bf%23g"
    assert stringify({"é": "ü"}) == "%C3%A9=%C3%BC"


def test_form_explode_and_not() -> None:
    assert stringify({"ids": [1, 2, 3]}, styles={"ids": ("form", True)}) == "ids=1&ids=2&ids=3"
    assert stringify({"ids": [1, 2, 3]}, styles={"ids": ("form", False)}) == "ids=1,2,3"
    assert stringify({"ids": ["a,b", "c"]}, styles={"ids": ("form", False)}) == "ids=a%2Cb,c"
    assert stringify({"o": {"x": 1, "y": "z"}}, styles={"o": ("form", True)}) == "x=1&y=z"
    assert stringify({"o": {"x": 1, "y": "z"}}, styles={"o": ("form", False)}) == "o=x,1,y,z"
    assert stringify({"p": "v", "flag": True}, styles={"p": ("form", True), "flag": ("form", False)}) == "p=v&flag=true"


def test_delimited_and_deep_object() -> None:
    assert stringify({"ids": [1, 2]}, styles={"ids": ("spaceDelimited", False)}) == "ids=1%202"
    assert stringify({"ids": [1, 2]}, styles={"ids": ("pipeDelimited", False)}) == "ids=1%7C2"
    assert (
        stringify({"f": {"a": 1, "b": {"c": 2}}}, styles={"f": ("deepObject", True)}) == "f%5Ba%5D=1&f%5Bb%5D%5Bc%5D=2"
    )


def test_styles_mixed_with_defaults_keep_order() -> None:
    qs = stringify({"a": [1], "ids": [1, 2], "z": "last"}, styles={"ids": ("form", False)})
    assert unquote(qs) == "a[]=1&ids=1,2&z=last"


def test_flatten_and_primitives() -> None:
    # an object inside an array gets its index (a[b][][d] would be ambiguous)
    assert flatten({"a": {"b": [1, {"c": None, "d": 2}]}}) == [("a[b][]", "1"), ("a[b][1][d]", "2")]
    assert primitive_to_str(date(2024, 1, 2)) == "2024-01-02"
    assert primitive_to_str(1.5) == "1.5"
    assert stringify({}) == ""
