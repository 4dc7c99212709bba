"""When a change breaks a Python caller: the rules, in one place.

A caller meets a type in one of two positions:

* **request** (an argument, a field of a ``TypedDict`` param): the change breaks
  when a value the caller could pass before is no longer accepted, i.e. the old
  type is not assignable to the new one;
* **response** (a return value, a field of a response model): the change breaks
  when the SDK may now hand back a value the caller's code was not typed for,
  i.e. the new type is not assignable to the old one.

Enum values follow one rule in both positions (issue 10): an added value is
non-breaking (response models read unknown values leniently, and a request
accepts more), a removed value is breaking (code that passes or compares it no
longer type-checks). Named models are compared by name; their own changes are
reported where they are defined, so a field typed ``Pet`` does not change
because ``Pet`` gained a field.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.diff.model import Label, Position, Shape

_NUMERIC_WIDENING = {("int", "float"), ("bool", "int"), ("bool", "float")}


def assignable(value: Shape, target: Shape, *, value_is_old: bool) -> bool:
    """Whether every value of ``value`` is a ``target`` (with the enum rule above).

    ``value_is_old`` says which side is the old surface, so that enum value sets
    always compare old-against-new whatever the direction.
    """
    if target.kind == "any" or value == target:
        return True
    if value.kind == "union":
        return all(assignable(v, target, value_is_old=value_is_old) for v in value.args)
    if target.kind == "union":
        return any(assignable(value, t, value_is_old=value_is_old) for t in target.args)
    if value.kind == "literal" and target.kind == "literal":
        if value.name and value.name == target.name:
            return True  # the enum's own change is reported on the enum
        old, new = (value, target) if value_is_old else (target, value)
        return new.open or set(old.values) <= set(new.values)
    if value.kind == "literal":
        return all(_scalar_kind(v) == target.kind or (_scalar_kind(v), target.kind) in _NUMERIC_WIDENING for v in value.values)
    if target.kind == "literal" and target.open and value.kind == "str":
        return True
    if (value.kind, target.kind) in _NUMERIC_WIDENING:
        return True
    if value.kind == target.kind and value.kind in ("array", "map"):
        return assignable(value.args[0], target.args[0], value_is_old=value_is_old)
    if value.kind == target.kind == "ref":
        return value.name == target.name
    return False


def _scalar_kind(value: object) -> str:
    if value is None:
        return "null"
    return {bool: "bool", int: "int", float: "float", str: "str"}.get(type(value), "any")


def type_change(old: Shape, new: Shape, positions: Iterable[Position]) -> Label:
    """Breaking when the change breaks the caller in any position it is met in."""
    for position in positions:
        if position == "request" and not assignable(old, new, value_is_old=True):
            return "breaking"
        if position == "response" and not assignable(new, old, value_is_old=False):
            return "breaking"
    return "non-breaking"


def field_added(required: bool, positions: Iterable[Position]) -> Label:
    """A new required field or argument breaks the caller who builds the request; reading a new field breaks no one."""
    return "breaking" if required and "request" in positions else "non-breaking"


def required_change(now_required: bool, positions: Iterable[Position]) -> Label:
    """Made required: breaks request builders. Made optional: breaks response readers (the value may now be missing)."""
    positions = set(positions)
    if now_required:
        return "breaking" if "request" in positions else "non-breaking"
    return "breaking" if "response" in positions else "non-breaking"


def enum_values(removed: Iterable[object]) -> Label:
    return "breaking" if any(True for _ in removed) else "non-breaking"


def auth_alternatives(old: tuple[frozenset[str], ...], new: tuple[frozenset[str], ...], required: bool) -> Label:
    """Breaking when some set of credentials that satisfied the old client no longer satisfies the new one."""
    if not required or not new:
        return "non-breaking"
    for given in old or (frozenset(),):
        if not any(needed <= given for needed in new):
            return "breaking"
    return "non-breaking"

