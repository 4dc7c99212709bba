from __future__ import annotations

import enum
from datetime import date, datetime, timezone
from typing import Any, Dict, List, Literal, Optional, Union

import pydantic
import pytest
from pydantic import Field
from rtpkg._example_client import Cat, Dog, Pet, PetKind
from rtpkg._models import BaseModel, PropertyInfo, construct_type, set_request_id, validate_type
from rtpkg._types import NOT_GIVEN, NotGiven, Omit, not_given, omit
from typing_extensions import Annotated


class Color(str, enum.Enum):
    red = "red"
    blue = "blue"


class Leaf(BaseModel):
    name: str
    size: float = 1.0
    color: Optional[Color] = None
    born: Optional[datetime] = None
    day: Optional[date] = None


class Tree(BaseModel):
    root: Leaf
    leaves: List[Leaf] = Field(default_factory=list)
    by_name: Dict[str, Leaf] = {}
    parent: Optional["Tree"] = None
    class_: Optional[str] = Field(default=None, alias="class")


class Circle(BaseModel):
    shape: Literal["circle"]
    radius: float


class Square(BaseModel):
    shape: Literal["square"]
    side: float


class Legacy(BaseModel):
    kind: str = "legacy"
    side: float


Shape = Annotated[Union[Circle, Square], PropertyInfo(discriminator="shape")]


class Drawing(BaseModel):
    shapes: List[Shape]
    main: Optional[Shape] = None
    pyd: Optional[Annotated[Union[Circle, Square], Field(discriminator="shape")]] = None


class Forward(BaseModel):
    child: Optional[Later] = None
    children: List[Later] = []


class Later(BaseModel):
    value: int


def test_sentinels() -> None:
    assert not not_given and not omit
    assert repr(not_given) == "NOT_GIVEN" and repr(omit) == "omit"
    assert NotGiven() is not_given is NOT_GIVEN and Omit() is omit
    import copy
    import pickle

    assert copy.deepcopy({"a": omit})["a"] is omit
    assert copy.copy(not_given) is not_given
    assert pickle.loads(pickle.dumps(omit)) is omit


def test_construct_nested_and_aliases() -> None:
    data = {
        "root": {"name": "r", "size": 2, "color": "red", "born": "2024-01-02T03:04:05Z", "day": "2024-02-03"},
        "leaves": [{"name": "a"}, {"name": "b", "size": 3.5}],
        "by_name": {"x": {"name": "x"}},
        "parent": {"root": {"name": "p"}},
        "class": "cls",
        "unknown": {"k": 1},
    }
    t = construct_type(Tree, data)
    assert isinstance(t, Tree)
    assert isinstance(t.root, Leaf) and t.root.size == 2.0 and isinstance(t.root.size, float)
    assert t.root.color is Color.red
    assert t.root.born == datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    assert t.root.day == date(2024, 2, 3)
    assert [type(x) for x in t.leaves] == [Leaf, Leaf] and t.leaves[1].size == 3.5
    assert isinstance(t.by_name["x"], Leaf)
    assert isinstance(t.parent, Tree) and t.parent.root.name == "p"
    assert t.class_ == "cls"
    assert t.unknown == {"k": 1}  # type: ignore[attr-defined]
    assert t.model_extra == {"unknown": {"k": 1}}
    assert t.leaves[0].size == 1.0  # default filled in
    assert "size" not in t.leaves[0].model_fields_set


def test_lenient_construction_keeps_wrong_data() -> None:
    t = construct_type(Leaf, {"size": "big", "color": "green", "born": "not a date"})
    assert t.size == "big"
    assert t.color == "green"  # unknown enum value kept
    assert t.born == "not a date"
    assert t.name is None  # a required field the server left out reads as None, as in openai-python
    assert "name" not in t.model_fields_set and "name" not in t.to_dict()
    assert construct_type(Leaf, "just a string") == "just a string"
    assert construct_type(List[Leaf], {"not": "a list"}) == {"not": "a list"}
    assert construct_type(Optional[Leaf], None) is None
    assert construct_type(datetime, 0) == datetime(1970, 1, 1, tzinfo=timezone.utc)


def test_forward_references_resolved_lazily() -> None:
    f = construct_type(Forward, {"child": {"value": 1}, "children": [{"value": 2}]})
    assert isinstance(f.child, Later) and isinstance(f.children[0], Later)


def test_discriminated_union_property_info() -> None:
    d = construct_type(
        Drawing,
        {
            "shapes": [{"shape": "circle", "radius": 1}, {"shape": "square", "side": 2}, {"shape": "hexagon", "n": 6}],
            "main": {"shape": "square", "side": 1},
            "pyd": {"shape": "circle", "radius": 3},
        },
    )
    assert type(d.shapes[0]) is Circle and type(d.shapes[1]) is Square
    assert d.shapes[0].radius == 1.0 and isinstance(d.shapes[0].radius, float)
    # unknown discriminator: falls back to the best-fitting variant, keeps the data
    assert isinstance(d.shapes[2], (Circle, Square))
    assert d.shapes[2].shape == "hexagon"
    assert type(d.main) is Square
    assert type(d.pyd) is Circle


def test_discriminator_mapping_and_top_level() -> None:
    Mapped = Annotated[Union[Circle, Legacy], PropertyInfo(discriminator="kind", mapping={"old": Legacy})]
    assert type(construct_type(Mapped, {"kind": "old", "side": 1})) is Legacy
    assert type(construct_type(Mapped, {"kind": "legacy", "side": 1})) is Legacy  # from the field default
    assert type(construct_type(PetKind, {"pet_type": "dog", "name": "d"})) is Dog
    assert type(construct_type(List[PetKind], [{"pet_type": "cat", "name": "c"}])[0]) is Cat


def test_union_without_discriminator_picks_first_fitting_variant() -> None:
    U = Union[Square, Circle]
    assert type(construct_type(U, {"shape": "circle", "radius": 1})) is Circle
    assert type(construct_type(U, {"shape": "square", "side": 1})) is Square
    assert type(construct_type(Union[Circle, Square], {"side": 1})) is Square  # best key overlap
    assert construct_type(Union[str, Circle], "x") == "x"
    assert construct_type(Union[int, List[Circle]], [{"shape": "circle", "radius": 1}])[0].radius == 1
    assert construct_type(Union[Circle, Dict[str, Any]], {"x": 1}) == {"x": 1}
    assert construct_type(Union[datetime, int], "2024-01-01T00:00:00") == datetime(2024, 1, 1)


def test_to_dict_and_to_json_use_api_names_and_exclude_unset() -> None:
    t = construct_type(Tree, {"root": {"name": "r"}, "class": "c"})
    assert t.to_dict() == {"root": {"name": "r"}, "class": "c"}
    assert t.to_dict(use_api_names=False) == {"root": {"name": "r"}, "class_": "c"}
    full = t.to_dict(exclude_unset=False)
    assert full["leaves"] == [] and full["parent"] is None
    assert t.to_json(indent=None) == '{"root":{"name":"r"},"class":"c"}'
    p = construct_type(Pet, {"id": "1", "object": "pet", "name": "n", "from": "x"})
    assert p.from_ == "x" and p.to_dict()["from"] == "x"


def test_validation_populates_by_name_and_alias() -> None:
    assert Tree.model_validate({"root": {"name": "r"}, "class_": "a"}).class_ == "a"
    assert Tree.model_validate({"root": {"name": "r"}, "class": "b"}).class_ == "b"


def test_strict_validate_type() -> None:
    assert isinstance(validate_type(Leaf, {"name": "x"}), Leaf)
    with pytest.raises(pydantic.ValidationError):
        validate_type(Leaf, {"size": "big"})
    assert validate_type(List[int], ["1", 2]) == [1, 2]
    with pytest.raises(pydantic.ValidationError):
        validate_type(Circle, {"shape": "square", "radius": 1})


def test_request_id() -> None:
    leaf = construct_type(Leaf, {"name": "x"})
    assert leaf._request_id is None
    set_request_id(leaf, "req_123")
    assert leaf._request_id == "req_123"
    assert "req_123" not in leaf.to_json()
    assert leaf.to_dict() == {"name": "x"}


def test_mutable_defaults_are_not_shared() -> None:
    a = construct_type(Tree, {"root": {"name": "a"}})
    b = construct_type(Tree, {"root": {"name": "b"}})
    a.by_name["x"] = Leaf.construct_lenient({"name": "x"})
    a.leaves.append(Leaf.construct_lenient({"name": "y"}))
    assert b.by_name == {} and b.leaves == []


def test_construct_lenient_classmethod_and_equality() -> None:
    a = Leaf.construct_lenient({"name": "x", "size": 2})
    b = Leaf.model_validate({"name": "x", "size": 2})
    assert a == b
    assert a.model_fields_set == {"name", "size"}
