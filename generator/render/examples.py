"""Example values for the generated tests: IR type expression -> a value, and a value -> Python literal text.

A value is what a caller would pass: JSON-like Python data (``dict`` with API
names as keys, ``list``, ``str``, ``int``, ``float``, ``bool``, ``None``) plus
:data:`FILE` for file contents. The spec's own values (``example``,
``examples``, ``default``, carried in the IR as ``Field.examples`` and
``Parameter.examples``) are used when they fit the type; otherwise a value is
synthesized from the type expression, respecting the constraints the IR keeps
(bounds, lengths, patterns, item counts) so that a validating mock server
accepts the request. Everything here is deterministic: same IR, same text.

Two modes: ``full=False`` fills required properties only, ``full=True`` fills
every property the caller may send (read-only ones excluded), recursively, with
named types already being filled on the current path falling back to required
properties only (recursive schemas terminate).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

from generator.ir.model import (
    AliasDef,
    AnyType,
    Api,
    ArrayType,
    Constraints,
    EnumDef,
    Field,
    FileType,
    LiteralType,
    MapType,
    NamedRef,
    NullType,
    ObjectDef,
    PrimitiveType,
    TypeDef,
    TypeExpr,
    UnionDef,
    UnionType,
)


class _File:
    """File contents in a request (multipart part or binary body)."""

    def __repr__(self) -> str:
        return "FILE"


FILE = _File()
FILE_CONTENT = b"raw file contents"
MAP_KEY = "foo"
_MAX_DEPTH = 8
"""Deeper than this, objects get their required properties only."""
_GIVE_UP_DEPTH = 24
"""Deeper than this (required-only recursion), a value cannot be synthesized."""

# Canonical strings for ``format`` values a validator checks (or a reader expects).
_FORMATS: dict[str, str] = {
    "date-time": "2019-12-27T18:11:19.117Z",
    "date": "2019-12-27",
    "time": "18:11:19.117Z",
    "duration": "P1D",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "127.0.0.1",
    "ipv6": "::1",
    "uri": "https://example.com",
    "url": "https://example.com",
    "iri": "https://example.com",
    "uri-reference": "https://example.com",
    "iri-reference": "https://example.com",
    "uri-template": "https://example.com/{id}",
    "uuid": "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e",
    "byte": "U3RhaW5sZXNzIHJvY2tz",
    "json-pointer": "/foo",
    "relative-json-pointer": "0/foo",
    "regex": "^foo$",
    "decimal": "1.5",
    "password": "password",
}


class CannotSynthesize(Exception):
    """No value fits (e.g. a recursion of required properties); callers try another branch."""


class Synthesizer:
    def __init__(self, api: Api) -> None:
        self.defs: dict[str, TypeDef] = {t.name: t for t in api.types}

    # -- entry points ----------------------------------------------------------------------

    def value(self, expr: TypeExpr, *, full: bool, hint: str = "", examples: Sequence[object] = ()) -> object:
        """A value for ``expr``: the first spec example that fits, else a synthesized one."""
        return self._value(expr, full, hint, examples, ())

    def fits(self, value: object, expr: TypeExpr) -> bool:
        """Whether ``value`` is valid for ``expr`` (structure, literals and the constraints in the IR)."""
        return self._fits(value, expr, 0)

    # -- synthesis -------------------------------------------------------------------------

    def _value(self, expr: TypeExpr, full: bool, hint: str, examples: Sequence[object], stack: tuple[str, ...]) -> object:
        # A ``null`` example (typically ``default: null``) is the last resort: a real value tests more.
        for example in sorted(examples, key=lambda e: e is None):
            if example is None and not isinstance(expr, NullType):
                break
            if self._fits(example, expr, 0):
                return _copy(example)
        return self._synthesize(expr, full, hint, stack)

    def _synthesize(self, expr: TypeExpr, full: bool, hint: str, stack: tuple[str, ...]) -> object:
        if len(stack) > _GIVE_UP_DEPTH:
            raise CannotSynthesize(" -> ".join(stack))
        if isinstance(expr, PrimitiveType):
            return _primitive(expr, hint)
        if isinstance(expr, FileType):
            return FILE
        if isinstance(expr, AnyType):
            return {}
        if isinstance(expr, NullType):
            return None
        if isinstance(expr, LiteralType):
            return expr.values[0]
        if isinstance(expr, ArrayType):
            return self._array(expr, full, hint, stack)
        if isinstance(expr, MapType):
            return {MAP_KEY: self._synthesize(expr.values, full, hint, stack)}
        if isinstance(expr, UnionType):
            return self._union(expr, full, hint, stack)
        if isinstance(expr, NamedRef):
            return self._named(expr.name, full, hint, stack)
        raise TypeError(f"unknown type expression {expr!r}")

    def _array(self, expr: ArrayType, full: bool, hint: str, stack: tuple[str, ...]) -> list[object]:
        c = expr.constraints or Constraints()
        count = max(1, c.min_items or 0)
        if c.max_items is not None:
            count = min(count, c.max_items)
        if count == 0 or (not c.min_items and self._recurses(expr.items, stack)):
            return []  # a recursive array ends here (``children: [Node]``)
        try:
            first = self._synthesize(expr.items, full, _singular(hint), stack)
        except CannotSynthesize:
            if not c.min_items:
                return []
            raise
        items = [first]
        alternatives = list(self._alternatives(expr.items, full, _singular(hint), stack)) if c.unique_items else []
        for index in range(1, count):
            if c.unique_items:
                fresh = next((a for a in alternatives if a not in items), None)
                if fresh is None:
                    raise CannotSynthesize(f"{count} unique items")
                items.append(fresh)
            else:
                items.append(_copy(first))
        return items

    def _recurses(self, expr: TypeExpr, stack: tuple[str, ...]) -> bool:
        """Whether ``expr`` is (an alias or nullable of) a named type already being filled."""
        seen: set[str] = set()
        while True:
            if isinstance(expr, UnionType):
                rest = [v for v in expr.variants if not isinstance(v, NullType)]
                if len(rest) != 1:
                    return False
                expr = rest[0]
            if not isinstance(expr, NamedRef) or expr.name in seen:
                return False
            if expr.name in stack:
                return True
            seen.add(expr.name)
            d = self.defs.get(expr.name)
            if not isinstance(d, AliasDef):
                return False
            expr = d.target

    def _alternatives(self, expr: TypeExpr, full: bool, hint: str, stack: tuple[str, ...]) -> Iterable[object]:
        """Distinct values of ``expr`` (for ``uniqueItems``)."""
        target = self._resolve(expr)
        if isinstance(target, (LiteralType, EnumDef)):
            yield from target.values
        elif isinstance(target, PrimitiveType) and target.name == "str":
            yield from _distinct_strings(target, _primitive(target, hint))
        elif isinstance(target, PrimitiveType) and target.name in ("int", "float"):
            base = _primitive(target, hint)
            step = (target.constraints.multiple_of if target.constraints and target.constraints.multiple_of else 1)
            for index in range(16):
                candidate = base + index * step  # type: ignore[operator]
                if _number_fits(candidate, target.constraints):
                    yield candidate
        else:
            yield self._synthesize(expr, full, hint, stack)

    def _union(self, expr: UnionType, full: bool, hint: str, stack: tuple[str, ...]) -> object:
        """The first variant that can be synthesized; a discriminated variant gets its tag."""
        variants = [v for v in expr.variants if not isinstance(v, NullType)]
        if not variants:
            return None
        last: CannotSynthesize | None = None
        for variant in variants:
            try:
                value = self._synthesize(variant, full, hint, stack)
            except CannotSynthesize as exc:
                last = exc
                continue
            tag = self._tag(expr, variant)
            if tag is not None and isinstance(value, dict):
                value = {expr.discriminator.property: tag, **{k: v for k, v in value.items() if k != expr.discriminator.property}}  # type: ignore[union-attr]
            return value
        assert last is not None
        raise last

    def _tag(self, expr: UnionType, variant: TypeExpr) -> object:
        """The discriminator value that selects ``variant``, when the union has a discriminator."""
        disc = expr.discriminator
        if disc is None or not isinstance(variant, NamedRef):
            return None
        for tag, name in disc.mapping:
            if name == variant.name:
                return tag
        return None

    def _named(self, name: str, full: bool, hint: str, stack: tuple[str, ...]) -> object:
        d = self.defs.get(name)
        if d is None:
            return {}
        if isinstance(d, EnumDef):
            return d.values[0] if d.values else hint or "string"
        if isinstance(d, UnionDef):
            return self._union(d.union, full, hint, stack + (name,))
        if isinstance(d, AliasDef):
            return self._synthesize(d.target, full, hint, stack + (name,))
        return self._object(d, full and name not in stack and len(stack) < _MAX_DEPTH, stack + (name,))

    def _object(self, d: ObjectDef, full: bool, stack: tuple[str, ...]) -> dict[str, object]:
        result: dict[str, object] = {}
        for f in d.fields:
            if f.read_only or not (f.required or full):
                continue
            try:
                result[f.name] = self._value(f.type, full, f.py_name, f.examples, stack)
            except CannotSynthesize:
                if f.required:
                    raise
        if not result:
            # Never an empty object: in a form or multipart body ``{}`` is no field at all, so a
            # required object would go missing. The first optional property that can be filled fills it.
            for f in d.fields:
                if f.read_only:
                    continue
                try:
                    result[f.name] = self._value(f.type, False, f.py_name, f.examples, stack)
                    break
                except CannotSynthesize:
                    continue
        return result

    def field_value(self, f: Field, *, full: bool) -> object:
        return self.value(f.type, full=full, hint=f.py_name, examples=f.examples)

    def _resolve(self, expr: TypeExpr) -> TypeExpr | TypeDef:
        seen: set[str] = set()
        while isinstance(expr, NamedRef) and expr.name not in seen:
            seen.add(expr.name)
            d = self.defs.get(expr.name)
            if isinstance(d, AliasDef):
                expr = d.target
                continue
            if isinstance(d, UnionDef):
                expr = d.union
                continue
            return d if d is not None else AnyType()
        return expr

    # -- checking examples -----------------------------------------------------------------

    def _fits(self, value: object, expr: TypeExpr, depth: int) -> bool:
        if depth > _GIVE_UP_DEPTH:
            return False
        if isinstance(expr, AnyType):
            return True
        if isinstance(expr, NullType):
            return value is None
        if isinstance(expr, FileType):
            return False
        if isinstance(expr, PrimitiveType):
            if expr.name == "str":
                return isinstance(value, str) and _string_fits(value, expr.constraints) and _format_fits(value, expr.format)
            if expr.name == "bool":
                return isinstance(value, bool)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return False
            if expr.name == "int" and not (isinstance(value, int) or float(value).is_integer()):
                return False
            return _number_fits(value, expr.constraints)
        if isinstance(expr, LiteralType):
            return any(value == v and type(value) is type(v) for v in expr.values)
        if isinstance(expr, ArrayType):
            if not isinstance(value, list):
                return False
            c = expr.constraints
            if c is not None and ((c.min_items is not None and len(value) < c.min_items) or (c.max_items is not None and len(value) > c.max_items)):
                return False
            return all(self._fits(v, expr.items, depth + 1) for v in value)
        if isinstance(expr, MapType):
            return isinstance(value, dict) and all(isinstance(k, str) and self._fits(v, expr.values, depth + 1) for k, v in value.items())
        if isinstance(expr, UnionType):
            return any(self._fits(value, v, depth + 1) for v in expr.variants)
        if isinstance(expr, NamedRef):
            d = self.defs.get(expr.name)
            if d is None:
                return True
            if isinstance(d, EnumDef):
                return any(value == v and type(value) is type(v) for v in d.values) or (d.open and isinstance(value, str))
            if isinstance(d, UnionDef):
                return self._fits(value, d.union, depth + 1)
            if isinstance(d, AliasDef):
                return self._fits(value, d.target, depth + 1)
            return self._object_fits(value, d, depth)
        return False

    def _object_fits(self, value: object, d: ObjectDef, depth: int) -> bool:
        if not isinstance(value, dict):
            return False
        fields = {f.name: f for f in d.fields}
        for key, item in value.items():
            f = fields.get(key)
            if f is None:
                if d.additional is None or not self._fits(item, d.additional, depth + 1):
                    return False
            elif f.read_only or not self._fits(item, f.type, depth + 1):
                return False
        return all(f.name in value for f in d.fields if f.required and not f.read_only)


# ---------------------------------------------------------------------------
# primitives


def _primitive(expr: PrimitiveType, hint: str) -> object:
    c = expr.constraints
    if expr.name == "bool":
        return True
    if expr.name == "int":
        return _integer(c)
    if expr.name == "float":
        return _float(c)
    return _string(expr.format, c, hint)


def _integer(c: Constraints | None) -> int:
    """0 when allowed, else the bound nearest to it."""
    if c is None or _number_fits(0, c):
        return 0
    low = _low(c, 1)
    high = _high(c, 1)
    value = math.ceil(low) if low is not None else (min(0, math.floor(high)) if high is not None else 0)
    if c.multiple_of:
        step = c.multiple_of
        value = int(math.ceil(value / step) * step) if float(step).is_integer() else value
    return value


def _float(c: Constraints | None) -> float:
    """0.0 when allowed, else a value at or just inside the bound nearest to it."""
    if c is None or _number_fits(0.0, c):
        return 0.0
    low, high = c.minimum, c.maximum
    if c.exclusive_minimum is not None:
        low = c.exclusive_minimum if low is None else max(low, c.exclusive_minimum)
    if c.exclusive_maximum is not None:
        high = c.exclusive_maximum if high is None else min(high, c.exclusive_maximum)
    if low is not None and high is not None:
        value = float(low) if _number_fits(low, c) else (low + high) / 2
    elif low is not None:
        value = float(low) if _number_fits(low, c) else float(low) + 1
    elif high is not None:
        value = min(0.0, float(high)) if _number_fits(min(0.0, float(high)), c) else float(high) - 1
    else:
        value = 0.0
    if c.multiple_of and not _number_fits(value, c):
        value = math.ceil(value / c.multiple_of) * c.multiple_of
    return float(value)


def _low(c: Constraints, step: float) -> float | None:
    candidates = [c.minimum] if c.minimum is not None else []
    if c.exclusive_minimum is not None:
        candidates.append(math.floor(c.exclusive_minimum) + step)
    return max(candidates) if candidates else None


def _high(c: Constraints, step: float) -> float | None:
    candidates = [c.maximum] if c.maximum is not None else []
    if c.exclusive_maximum is not None:
        candidates.append(math.ceil(c.exclusive_maximum) - step)
    return min(candidates) if candidates else None


def _number_fits(value: float, c: Constraints | None) -> bool:
    if c is None:
        return True
    if c.minimum is not None and value < c.minimum:
        return False
    if c.maximum is not None and value > c.maximum:
        return False
    if c.exclusive_minimum is not None and value <= c.exclusive_minimum:
        return False
    if c.exclusive_maximum is not None and value >= c.exclusive_maximum:
        return False
    if c.multiple_of:
        ratio = value / c.multiple_of
        if abs(ratio - round(ratio)) > 1e-9:
            return False
    return True


def _string(fmt: str | None, c: Constraints | None, hint: str) -> str:
    base = _FORMATS.get(fmt or "") or hint or "string"
    if c is None:
        return base
    if c.pattern is not None and not _matches(base, c.pattern):
        generated = from_pattern(c.pattern, c.min_length or 0)
        if generated is not None:
            base = generated
    if c.min_length is not None and len(base) < c.min_length:
        padded = (base * (c.min_length // max(len(base), 1) + 1))[: max(c.min_length, len(base))]
        if c.pattern is None or _matches(padded, c.pattern):
            base = padded
    if c.max_length is not None and len(base) > c.max_length:
        cut = base[: c.max_length]
        if c.pattern is None or _matches(cut, c.pattern):
            base = cut
    return base


def _string_fits(value: str, c: Constraints | None) -> bool:
    if c is None:
        return True
    if c.min_length is not None and len(value) < c.min_length:
        return False
    if c.max_length is not None and len(value) > c.max_length:
        return False
    return c.pattern is None or _matches(value, c.pattern)


def _format_fits(value: str, fmt: str | None) -> bool:
    """A light check of the formats a validator rejects most often (spec examples are sometimes prose)."""
    if fmt in ("uri", "url", "iri"):
        return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value))
    if fmt == "date-time":
        return bool(re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", value))
    if fmt == "date":
        return bool(re.fullmatch(r"\d{4}-\d\d-\d\d", value))
    if fmt == "email":
        return "@" in value
    if fmt == "uuid":
        return bool(re.fullmatch(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}", value))
    return True


def _matches(value: str, pattern: str) -> bool:
    """JSON Schema patterns are unanchored ECMA-262 regexes; ones Python cannot compile are not checked."""
    try:
        return re.search(pattern, value) is not None
    except re.error:
        return True


_DISTINCT_TRIES = 24
"""How many candidates are tried for each further distinct string (``uniqueItems``)."""


def _distinct_strings(expr: PrimitiveType, base: str) -> Iterable[str]:
    """Distinct strings valid for ``expr``, ``base`` first: variants of the format's canonical value,
    strings the pattern generates with other choices (another class member, branch or length), or
    ``base`` with a counter. Each one is checked against the constraints and the format."""
    c = expr.constraints
    seen: set[str] = set()
    for candidate in _string_candidates(expr, base):
        if candidate not in seen and _string_fits(candidate, c) and _format_fits(candidate, expr.format):
            seen.add(candidate)
            yield candidate


def _string_candidates(expr: PrimitiveType, base: str) -> Iterable[str]:
    c = expr.constraints
    yield base
    formatted = bool(_format_variants(expr.format, 1))
    for index in range(1, _DISTINCT_TRIES):
        yield from _format_variants(expr.format, index)
        if c is not None and c.pattern is not None:
            for generated in (from_pattern(c.pattern, c.min_length or 0, variant=index), from_pattern(c.pattern, (c.min_length or 0) + index)):
                if generated is not None:
                    yield generated
        if formatted:  # a counter glued to a formatted value (user@example.com_1) breaks the format
            continue
        tail = str(index)
        yield from (f"{base}_{index}", f"{base}{index}", base[: max(len(base) - len(tail), 0)] + tail)


def _format_variants(fmt: str | None, index: int) -> list[str]:
    """The ``index``-th variant of a format's canonical string (``user2@example.com``), if the format has variants."""
    n = index % 100
    variants = {
        "uuid": f"182bd5e5-6e1a-4fe4-a799-aa6d9a6a{n:04x}",
        "date": f"2019-12-{n % 28 + 1:02d}",
        "date-time": f"2019-12-27T18:11:{n % 60:02d}.117Z",
        "time": f"18:11:{n % 60:02d}.117Z",
        "email": f"user{index}@example.com",
        "idn-email": f"user{index}@example.com",
        "hostname": f"host{index}.example.com",
        "idn-hostname": f"host{index}.example.com",
        "ipv4": f"127.0.0.{n + 1}",
        "ipv6": f"::{n + 2:x}",
        "uri": f"https://example.com/{index}",
        "url": f"https://example.com/{index}",
        "iri": f"https://example.com/{index}",
        "uri-reference": f"https://example.com/{index}",
        "iri-reference": f"https://example.com/{index}",
        "duration": f"P{index + 1}D",
        "byte": ["U3RhaW5sZXNzIHJvY2tz", "Zm9v", "YmFy", "YmF6", "cXV4"][index % 5],
        "decimal": f"{index}.5",
    }
    value = variants.get(fmt or "")
    return [value] if value is not None else []


def from_pattern(pattern: str, min_length: int = 0, *, variant: int = 0) -> str | None:
    """A short string matching ``pattern`` (literals, classes, groups, alternations, repeats), or ``None``.

    ``variant`` picks other members of classes and other branches (0 is the first choice everywhere),
    so ``variant=1, 2 ...`` give further strings for ``uniqueItems``.
    """
    try:
        import re._parser as sre_parse  # type: ignore[import-not-found]
    except ImportError:  # Python < 3.11
        import sre_parse  # type: ignore[no-redef]
    try:
        parsed = sre_parse.parse(pattern)
    except Exception:  # noqa: BLE001 - an ECMA-only construct: give up, the caller keeps its value
        return None
    try:
        text = _generate(list(parsed), sre_parse, extra=max(0, min_length), choices=_Choices(variant))
    except _Unsupported:
        return None
    return text if _matches(text, pattern) else None


class _Unsupported(Exception):
    pass


class _Choices:
    """A variant number read as mixed-radix digits, one per choice point met (class, branch, any)."""

    def __init__(self, variant: int) -> None:
        self.rest = variant

    def pick(self, count: int) -> int:
        if count <= 1 or not self.rest:
            return 0
        index = self.rest % count
        self.rest //= count
        return index


_ANY_CHARS = "abcdefghijklmnopqrstuvwxyz"


def _generate(items: list[Any], sre: Any, *, extra: int, choices: _Choices | None = None) -> str:
    c = sre  # constants live on the parser module in 3.11+ (re._constants re-exported)
    choices = choices or _Choices(0)
    out: list[str] = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "NOT_LITERAL":
            allowed = [ch for ch in _ANY_CHARS if ch != chr(arg)]
            out.append(allowed[choices.pick(len(allowed))])
        elif name == "ANY":
            out.append(_ANY_CHARS[choices.pick(len(_ANY_CHARS))])
        elif name == "IN":
            members = _class_chars(arg)
            out.append(members[choices.pick(len(members))])
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, sub = arg
            count = low
            unbounded = high == c.MAXREPEAT
            if extra and (unbounded or high > low):
                grow = extra if unbounded else min(extra, high - low)
                count += grow
                extra -= grow
            out.append("".join(_generate(list(sub), sre, extra=0, choices=choices) for _ in range(count)))
        elif name == "SUBPATTERN":
            out.append(_generate(list(arg[-1]), sre, extra=0, choices=choices))
        elif name == "BRANCH":
            branches = arg[1]
            out.append(_generate(list(branches[choices.pick(len(branches))]), sre, extra=0, choices=choices))
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue
        elif name == "CATEGORY":
            members = _category_chars(str(arg))
            out.append(members[choices.pick(len(members))])
        else:
            raise _Unsupported(name)
    return "".join(out)


def _class_chars(items: list[Any]) -> str:
    """Members of a character class, the preferred one first (``a``, ``0`` or ``A`` inside a range)."""
    negate = any(str(op) == "NEGATE" for op, _ in items)
    if negate:
        excluded = {chr(a) for op, a in items if str(op) == "LITERAL"}
        allowed = "".join(ch for ch in "abcxyz0" + _ANY_CHARS if ch not in excluded)
        return "".join(dict.fromkeys(allowed))
    members: list[str] = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            members.append(chr(arg))
        elif name == "RANGE":
            low, high = arg
            preferred = next((p for p in "a0A" if low <= ord(p) <= high), chr(low))
            members.append(preferred)
            members.extend(chr(code) for code in range(low, min(high, low + 25) + 1))
        elif name == "CATEGORY":
            members.extend(_category_chars(str(arg)))
    if not members:
        raise _Unsupported("IN")
    return "".join(dict.fromkeys(members))


def _category_chars(name: str) -> str:
    """Members of a ``\\d``-style category, the conventional one first."""
    return {
        "CATEGORY_DIGIT": "0123456789",
        "CATEGORY_SPACE": " ",
        "CATEGORY_WORD": _ANY_CHARS + "0123456789",
        "CATEGORY_NOT_DIGIT": _ANY_CHARS,
        "CATEGORY_NOT_SPACE": _ANY_CHARS,
        "CATEGORY_NOT_WORD": "-.~",
    }.get(name, _ANY_CHARS)


def _singular(hint: str) -> str:
    if hint.endswith("ies") and len(hint) > 3:
        return hint[:-3] + "y"
    if hint.endswith("s") and not hint.endswith("ss") and len(hint) > 1:
        return hint[:-1]
    return hint


def _copy(value: object) -> object:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
