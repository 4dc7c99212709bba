"""JSON Schema (OpenAPI 3.0 and 3.1 dialects) to IR types.

One pass, location by location: every schema that deserves a name (objects,
named enums, named unions, component aliases) is registered under its location
``(file, pointer)`` the first time it is met, so recursion simply produces a
:class:`NamedRef` to a type that is still being built. There is no fixed-point
loop over all schemas, and a broken ``$ref`` degrades only the field that uses
it (to ``Any``, with a warning), not everything that depends on it.

The dialect differences disappear here:

* ``nullable: true`` (3.0), ``type: [X, "null"]``, ``anyOf``/``oneOf`` with a
  ``{type: "null"}`` branch and ``null`` in an ``enum`` all become a union with
  :class:`NullType` as its last variant;
* ``const``, a single-value ``enum`` and ``x-stainless-const`` become a
  one-value :class:`LiteralType`;
* ``allOf`` of objects is merged into one object when that is sound.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Iterable, Mapping

from generator.diagnostics import Diagnostics
from generator.ir.model import (
    AliasDef,
    AnyType,
    ArrayType,
    Constraints,
    Discriminator,
    EnumDef,
    Field,
    FileType,
    JsonScalar,
    LiteralType,
    MapType,
    NamedRef,
    NullType,
    ObjectDef,
    PrimitiveType,
    TypeExpr,
    UnionDef,
    UnionType,
    Usage,
)
from generator.load.refs import Location, RefError, Resolver
from generator.normalize.naming import RESERVED_FIELD_NAMES, Naming, NameTable, Renames, check_renames, class_name, param_name_for, pascal_case, singular

_PRIMITIVES: dict[str, PrimitiveType] = {
    "string": PrimitiveType("str"),
    "integer": PrimitiveType("int"),
    "number": PrimitiveType("float"),
    "boolean": PrimitiveType("bool"),
}
_ANY = AnyType()
_NULL = NullType()
_COMPOUND_KEYS = frozenset({"allOf", "oneOf", "anyOf", "enum", "const"})
"""Keywords that make a schema more than what its ``type`` says."""
_UNDECIDED = Usage(response=False, request=False)
"""A named type's usage until :func:`generator.normalize.modules.usage_of` decides it."""
_DESCRIPTIVE_KEYS = frozenset(
    {"description", "title", "example", "examples", "deprecated", "readOnly", "writeOnly", "default", "externalDocs", "xml"}
)


@dataclass(frozen=True, slots=True)
class NameContext:
    """Where an inline schema sits, for naming it: owner type plus the words of its path."""

    owner: str
    """Name of the named type (or operation role) whose name prefixes this position's name."""
    parts: tuple[str, ...] = ()
    home: str = ""
    """Top-level type whose module inline types found here live in (defaults to ``owner``)."""

    alternative: str = ""
    """Another word for the last part, tried when the name it gives is taken (``with b and c``)."""

    def child(self, *parts: str) -> "NameContext":
        return NameContext(self.owner, self.parts + tuple(filter(None, parts)), self.home)

    def candidates(self) -> list[str]:
        joined = self.owner + "".join(pascal_case(p) for p in self.parts)
        if not self.alternative or not self.parts:
            return [joined]
        return [joined, self.owner + "".join(pascal_case(p) for p in self.parts[:-1]) + pascal_case(self.alternative)]


@dataclass
class _Pending:
    """A named type under construction (its name is fixed before its body is built)."""

    name: str
    owner: str
    """Top-level name whose module this type lives in."""
    location: Location
    definition: Any = None
    started: bool = False


@dataclass
class SchemaNormalizer:
    resolver: Resolver
    diagnostics: Diagnostics
    version: str
    names: NameTable = field(default_factory=lambda: NameTable())
    by_location: dict[Location, _Pending] = field(default_factory=dict)
    order: list[_Pending] = field(default_factory=list)
    component_names: dict[str, str] = field(default_factory=dict)
    """Spec component name -> Python name."""
    owner_names: set[str] = field(default_factory=set)
    """Names of types that own a module (components and top-level operation types)."""
    by_name: dict[str, _Pending] = field(default_factory=dict)
    naming: Naming = field(default_factory=Naming)
    """Python names of properties (config ``names.style``)."""
    string_formats: set[str] = field(default_factory=set)
    """Every ``format`` of a string schema seen (for the config's unmatched ``types.formats``)."""
    renames: Renames = field(default_factory=Renames)
    """``names.properties`` from the configuration (explicit attribute names come before any style)."""
    _candidates_by_wire: dict[str, list[str]] = field(default_factory=dict)
    """Wire name -> its attribute name candidates (see :meth:`_field_candidates`)."""
    _structural: dict[Location, TypeExpr] = field(default_factory=dict)
    """Location -> type of the unnamed schema there, once worked out (see :meth:`_structural_type`)."""
    _named_refs: dict[tuple[str, str], TypeExpr] = field(default_factory=dict)
    """``($ref, file it is in)`` -> the type of a ref to a named type: the same wherever it is written
    (most refs name a component; resolving each anew was a good part of the work)."""

    # -- public --------------------------------------------------------------------

    def register_components(self, schemas: Mapping[str, Any], renames: Mapping[str, str] | None = None) -> None:
        """Claim the clean names of all component schemas before any inline schema is named.

        ``renames`` (component -> class name, from the config's ``models``, checked by
        :mod:`generator.normalize.model_names`) are claimed first, as they are: nothing else can take them.
        Inline types inside a renamed schema are named after its new name."""
        root = Location(self.resolver.root_file, "/components/schemas")
        renames = renames or {}
        # Renamed keys first; then keys already spelled as their class name claim it (``Fields`` before
        # ``fields``); a key that still clashes takes its shape as a word (``FieldsUnion``), never a hash.
        keys = sorted(schemas, key=lambda k: (str(k) not in renames, class_name(str(k)) != str(k)))
        for key in keys:
            loc = root.child(str(key))
            base = renames.get(str(key)) or class_name(str(key))
            origin = f"component:{key}"
            if str(key) in renames or self.names.available(base, origin):
                candidates = [base]
            else:  # the shape's word only when it is needed (working it out follows the schema's refs)
                node = schemas[key]
                word = _SHAPE_WORDS.get(self._shape(node, loc), "Schema") if isinstance(node, dict) else "Schema"
                candidates = [base, base + word, base + "Schema"]
            name = self.names.claim(candidates, origin=origin)
            pending = _Pending(name, name, loc)
            self.by_location[loc] = pending
            self.by_name[name] = pending
            self.owner_names.add(name)
            self.component_names[str(key)] = name

    def build_components(self, schemas: Mapping[str, Any]) -> None:
        root = Location(self.resolver.root_file, "/components/schemas")
        for key, node in schemas.items():
            pending = self.by_location[root.child(str(key))]
            if not pending.started:
                self._build_named(pending, node, named_component=True)

    def type_of(self, node: Any, loc: Location, ctx: NameContext) -> TypeExpr:
        """The type expression for the schema ``node`` found at ``loc``."""
        if isinstance(node, bool):
            return _ANY if node else _NULL
        if not isinstance(node, dict):
            self.diagnostics.warn("invalid-schema", f"schema must be an object, got {type(node).__name__}", loc.pointer, file=self._file(loc))
            return _ANY
        if "$ref" in node and isinstance(node["$ref"], str):
            return self._ref_type(node, loc, ctx)
        return self._inline_type(node, loc, ctx)

    def definitions(self) -> list[tuple[_Pending, Any]]:
        return [(p, p.definition) for p in self.order if p.definition is not None]

    # -- references ------------------------------------------------------------------

    def _ref_type(self, node: Mapping[str, Any], loc: Location, ctx: NameContext) -> TypeExpr:
        key = (node["$ref"], loc.file)
        result = self._named_refs.get(key)
        if result is None:
            try:
                target = self.resolver.target_of(node["$ref"], loc)
                target_node = self.resolver.lookup(target)
                target_node, target = self.resolver.resolve(target_node, target)
            except RefError as exc:
                self.diagnostics.warn("unresolved-ref", exc.message, loc.pointer, file=self._file(loc), hint="the field is typed as Any; fix the $ref")
                return _ANY
            result = self._located_type(target_node, target)
            if target in self.by_location:
                self._named_refs[key] = result
        # 3.1 allows siblings next to $ref; 3.0 documents often use `nullable` there anyway.
        if node.get("nullable") is True and not isinstance(result, NullType):
            result = _with_null(result)
        return result

    def _located_type(self, node: Any, loc: Location) -> TypeExpr:
        """Type for a schema reached by reference: named if it deserves a name, inline otherwise."""
        pending = self.by_location.get(loc)
        if pending is None:
            if not isinstance(node, dict) or not self._deserves_name(node, loc, referenced=True):
                return self.type_of(node, loc, self._context_from_location(loc))
            ctx = self._context_from_location(loc)
            pending = self._claim(ctx, loc)
            if self._shape(node, loc) != "object":
                # An enum or union is named only when referenced: one typed in place until now (a ref into
                # the middle of a schema) is a named type from here on, and types remembered with it in
                # place are not what a new visit gives.
                self._structural.clear()
        if not pending.started:
            self._build_named(pending, node, named_component=pending.name == pending.owner)
        ref: TypeExpr = NamedRef(pending.name)
        if _is_nullable(node):
            ref = _with_null(ref)
        return ref

    def _context_from_location(self, loc: Location) -> NameContext:
        """Name a schema reached by a ref into the middle of another one (``#/components/schemas/A/properties/b``)."""
        tokens = [t for t in loc.pointer.split("/") if t]
        if len(tokens) >= 3 and tokens[0] == "components" and tokens[1] == "schemas":
            owner_loc = Location(loc.file, "/components/schemas/" + tokens[2])
            owner = self.by_location.get(owner_loc)
            owner_name = owner.name if owner else class_name(tokens[2])
            words = [t for t in tokens[3:] if t not in {"properties", "items", "$defs", "definitions", "allOf", "anyOf", "oneOf", "additionalProperties"} and not t.isdigit()]
            return NameContext(owner_name, tuple(words))
        # A schema in another file, or elsewhere: named after its last meaningful token; a whole file
        # (``$ref: models/ssh_key.yml``, common in multi-file specs) after the file's name.
        words = [t for t in tokens if t not in {"components", "schemas", "properties", "items", "$defs", "definitions"} and not t.isdigit()]
        if words:
            return NameContext(class_name(words[-1]))
        stem = PurePath(loc.file).name.split(".", 1)[0]
        return NameContext(class_name(stem) if stem and loc.file != self.resolver.root_file else "Schema")

    # -- inline schemas ----------------------------------------------------------------

    def _inline_type(self, node: Mapping[str, Any], loc: Location, ctx: NameContext) -> TypeExpr:
        pending = self.by_location.get(loc)
        if pending is not None:
            # A component or an already named inline schema reached directly.
            if not pending.started:
                self._build_named(pending, node, named_component=pending.name == pending.owner)
            ref: TypeExpr = NamedRef(pending.name)
            return _with_null(ref) if _is_nullable(node) else ref
        t = node.get("type")
        if isinstance(t, str) and t != "object" and t != "null" and _COMPOUND_KEYS.isdisjoint(node):
            # Most schemas are such a leaf (``{type: string, format: ...}``, an array): typed by the one
            # keyword, as the general path below would after its shape and nullability checks.
            expr = self._type_for_keyword(t, node, loc, ctx)
            return _with_null(expr) if node.get("nullable") is True else expr
        if self._deserves_name(node, loc, referenced=False):
            pending = self._claim(ctx, loc)
            self._build_named(pending, node, named_component=False)
            ref = NamedRef(pending.name)
            return _with_null(ref) if _is_nullable(node) else ref
        return self._structural_type(node, loc, ctx)

    def _deserves_name(self, node: Mapping[str, Any], loc: Location, *, referenced: bool) -> bool:
        """Objects with properties always get a class; enums and unions only when referenced by location."""
        shape = self._shape(node, loc)
        if shape == "object":
            return True
        if referenced and shape in {"enum", "union"}:
            return True
        return False

    def _shape(self, node: Mapping[str, Any], loc: Location) -> str:
        """The kind of type ``node`` (found at ``loc``; refs inside it are relative to ``loc.file``) becomes."""
        if "allOf" in node:
            return "object" if self._allof_is_object(node, loc) else "allof"
        if _alternatives(node):
            variants = [v for v in (node.get("oneOf") or node.get("anyOf") or []) if not _is_null_schema(v)]
            if len(variants) == 1:
                inner = variants[0]
                return "ref-or-inline" if isinstance(inner, dict) else "any"
            return "union"
        if "enum" in node:
            values = [v for v in node["enum"] if v is not None] if isinstance(node["enum"], list) else []
            return "enum" if len(values) > 1 else "literal"
        if "const" in node:
            return "literal"
        types = _types_of(node)
        if "object" in types or (not types and ("properties" in node)):
            if node.get("properties"):
                return "object"
            if node.get("additionalProperties") is False:
                return "object"
            return "map"
        return "other"

    def _allof_is_object(self, node: Mapping[str, Any], loc: Location, seen: frozenset[Location] = frozenset()) -> bool:
        parts = node.get("allOf") or []
        if not isinstance(parts, list):
            return False
        has_props = bool(node.get("properties"))
        for part in parts:
            target, target_loc = self._peek_located(part, loc)
            if not isinstance(target, dict):
                return False
            if _alternatives(target):
                return False
            if target_loc in seen or target_loc == loc:  # A allOf [A, ...]: the cycle adds nothing
                continue
            if target.get("properties") or ("allOf" in target and self._allof_is_object(target, target_loc, seen | {loc})):
                has_props = True
        # Own properties next to allOf, or at least two parts of which one has properties: a merged object.
        # A lone part with no own properties is just that part (an alias), handled by _allof_type.
        return bool(parts) and (bool(node.get("properties")) or (has_props and len(parts) > 1))

    def _peek(self, node: Any, base: Location) -> Any:
        """Resolve a ref without building anything (for shape decisions); ``base`` is where ``node`` is,
        so a relative file ref is followed from the file that contains it."""
        return self._peek_located(node, base)[0]

    def _peek_located(self, node: Any, base: Location) -> tuple[Any, Location]:
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            try:
                return self.resolver.resolve(node, base)
            except RefError:
                return None, base
        return node, base

    def _claim(self, ctx: NameContext, loc: Location) -> _Pending:
        name = self.names.claim(ctx.candidates(), origin=str(loc))
        home = ctx.home or ctx.owner
        owner = home if home in self.owner_names else name
        if owner == name:
            self.owner_names.add(name)
        pending = _Pending(name, owner, loc)
        self.by_location[loc] = pending
        self.by_name[name] = pending
        return pending

    def definition_of(self, name: str) -> Any:
        pending = self.by_name.get(name)
        return pending.definition if pending is not None else None

    def _structural_type(self, node: Mapping[str, Any], loc: Location, ctx: NameContext) -> TypeExpr:
        """Types that need no name: primitives, arrays, maps, literals, inline unions.

        A schema met again (a property an allOf part gives every object that includes it) is the
        same type, so it is worked out once; unless that warned, as each visit then reports again."""
        known = self._structural.get(loc)
        if known is not None:
            return known
        warned = len(self.diagnostics.items)
        base = self._structural_base(node, loc, ctx)
        result = _with_null(base) if _is_nullable(node) else base
        if len(self.diagnostics.items) == warned:
            self._structural[loc] = result
        return result

    def _structural_base(self, node: Mapping[str, Any], loc: Location, ctx: NameContext) -> TypeExpr:
        if "allOf" in node:
            return self._allof_type(node, loc, ctx)
        for key in ("oneOf", "anyOf"):
            if key in node and isinstance(node[key], list) and _alternatives(node):
                return self._union(node, key, loc, ctx)
        if "const" in node:
            return LiteralType((node["const"],)) if _is_scalar(node["const"]) else _ANY
        if isinstance(node.get("enum"), list):
            values = _wire_values(node, node["enum"])
            if not values:
                return _NULL if None in node["enum"] else _ANY
            return LiteralType(_unique(values))
        types = [t for t in _types_of(node) if t != "null"]
        if not types:
            if "properties" in node or "additionalProperties" in node:
                types = ["object"]
            elif "items" in node:
                types = ["array"]
            else:
                return _ANY if not _types_of(node) else _NULL
        variants = [self._type_for_keyword(t, node, loc, ctx) for t in types]
        return variants[0] if len(variants) == 1 else UnionType(tuple(_unique(variants)))

    def _type_for_keyword(self, type_name: str, node: Mapping[str, Any], loc: Location, ctx: NameContext) -> TypeExpr:
        if type_name == "string":
            fmt = node.get("format")
            if fmt == "binary" or (node.get("contentMediaType") and not str(node.get("contentMediaType")).startswith("text/") and node.get("contentEncoding") != "base64"):
                return FileType()
            if isinstance(fmt, str):
                self.string_formats.add(fmt)
        if type_name in _PRIMITIVES:
            fmt = node.get("format")
            base = _PRIMITIVES[type_name]
            constraints = constraints_of(node)
            if not isinstance(fmt, str) and constraints is None:
                return base  # most primitives: no new (equal) instance
            return PrimitiveType(base.name, fmt if isinstance(fmt, str) else None, constraints=constraints)
        if type_name == "array":
            items = node.get("items")
            if items is None or isinstance(items, list):  # no items, or tuple-style items (pre-2020-12): any of them
                return ArrayType(_ANY, constraints=constraints_of(node))
            return ArrayType(self.type_of(items, loc.child("items"), _item_context(ctx)), constraints=constraints_of(node))
        if type_name == "object":
            extra = node.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                return MapType(self.type_of(extra, loc.child("additionalProperties"), ctx.child("value")))
            if isinstance(node.get("patternProperties"), dict) and len(node["patternProperties"]) == 1:
                (pattern, schema), = node["patternProperties"].items()
                return MapType(self.type_of(schema, loc.child("patternProperties", pattern), ctx.child("value")))
            return MapType(_ANY)
        return _ANY

    # -- unions ----------------------------------------------------------------------

    def _union(self, node: Mapping[str, Any], key: str, loc: Location, ctx: NameContext) -> TypeExpr:
        raw_variants = node[key]
        variants: list[TypeExpr] = []
        has_null = False
        # A lone non-null variant is the type itself (a 3.1 spelling of `nullable`): it takes no variant
        # word, so it is named as the 3.0 spelling would name it.
        single = sum(1 for v in raw_variants if not _is_null_schema(v)) == 1
        tag_prop = None if single else self._tag_property(node, raw_variants, loc)
        tags = [] if single else self._variant_tags(raw_variants, loc, tag_prop)
        for index, variant in enumerate(raw_variants):
            if _is_null_schema(variant):
                has_null = True
                continue
            if single:
                vctx = ctx
            elif tags[index]:
                vctx = ctx.child(tags[index])
            else:
                child = ctx.child(self._variant_word(variant, index, raw_variants, loc))
                vctx = NameContext(child.owner, child.parts, child.home, alternative=self._variant_properties_word(variant, loc))
            variants.append(self.type_of(variant, loc.child(key, index), vctx))
        flat = _flatten_union(variants)
        if has_null:
            flat = [v for v in flat if not isinstance(v, NullType)] + [_NULL]
        if not flat:
            return _ANY
        if len(flat) == 1:
            return flat[0]
        if single:
            tag_prop = self._tag_property(node, raw_variants, loc)
        disc = self._discriminator(node, raw_variants, flat, loc, tag_prop)
        return UnionType(tuple(flat), disc)

    def _tag_property(self, node: Mapping[str, Any], raw: list[Any], loc: Location) -> str | None:
        """The property that tells the variants apart: the discriminator's, else one every object variant has as a distinct literal."""
        disc = node.get("discriminator")
        prop = disc.get("propertyName") if isinstance(disc, dict) else None
        return prop or _common_tag_property(raw, lambda n: self._peek(n, loc))

    def _variant_tags(self, raw: list[Any], loc: Location, tag_prop: str | None) -> list[str]:
        """A readable word per variant: its title, else its value of the tag property."""
        tags: list[str] = []
        for variant in raw:
            word = ""
            target = self._peek(variant, loc) if isinstance(variant, dict) and "$ref" in variant else variant
            if isinstance(target, dict):
                if isinstance(target.get("title"), str):
                    word = target["title"]
                else:
                    if tag_prop:
                        value = _literal_of((target.get("properties") or {}).get(tag_prop))
                        if isinstance(value, str):
                            word = value
            tags.append(word)
        # Words must be distinct to be useful.
        if len(set(t for t in tags if t)) != len([t for t in tags if t]):
            return [""] * len(raw)
        return tags

    def _variant_word(self, variant: Any, index: int, raw: list[Any], loc: Location) -> str:
        """Last-resort word for an untitled, untagged inline variant: a property only it has, else what it
        holds (``object array``, ``string``). A clash left after that is settled by the name table."""
        target, target_loc = self._peek_located(variant, loc)
        if not isinstance(target, dict):
            return "variant"
        props = list((target.get("properties") or {}).keys())
        others: set[str] = set()
        for j, other in enumerate(raw):
            if j != index:
                o = self._peek(other, loc)
                if isinstance(o, dict):
                    others |= set((o.get("properties") or {}).keys())
        unique = [p for p in props if p not in others]
        if unique:
            return "with " + unique[0]
        # Same property names: a property typed differently from every other variant's
        # (``{a: string}`` / ``{a: integer}`` -> ``StringA`` / ``IntegerA``), else a required one.
        raw_props = target.get("properties")
        own_props: dict[str, Any] = raw_props if isinstance(raw_props, dict) else {}
        for prop, schema in own_props.items():
            mine = self._property_kind(schema, target_loc)
            theirs = [self._property_kind(o["properties"][prop], loc) for j, o in enumerate(self._peek(v, loc) for v in raw)
                      if j != index and isinstance(o, dict) and isinstance(o.get("properties"), dict) and prop in o["properties"]]
            if theirs and mine not in theirs:
                return f"{mine} {prop}"
        required = set(target.get("required") or []) if isinstance(target.get("required"), list) else set()
        for j, other in enumerate(raw):
            o = self._peek(other, loc) if j != index else None
            if isinstance(o, dict):
                required -= set(o.get("required") or []) if isinstance(o.get("required"), list) else set()
        if required:
            return f"{min(required)} required"
        return self._kind_word(target, target_loc)

    def _variant_properties_word(self, variant: Any, loc: Location) -> str:
        """``with b and c``: all of an inline variant's properties, for when its other word is taken."""
        target = self._peek(variant, loc)
        props = list(target.get("properties") or {}) if isinstance(target, dict) and isinstance(target.get("properties"), dict) else []
        return "with " + " and ".join(str(p) for p in props[:4]) if props else ""

    def _property_kind(self, schema: Any, loc: Location) -> str:
        target, target_loc = self._peek_located(schema, loc)
        return self._kind_word(target, target_loc) if isinstance(target, dict) else "any"

    def _kind_word(self, node: dict[str, Any], loc: Location, _seen: frozenset[Location] = frozenset()) -> str:
        """``string``, ``object array``...: a word for a variant's kind; a self-referencing array
        (``A: {type: array, items: {$ref: A}}``) is a plain ``array``."""
        types = [t for t in _types_of(node) if t != "null"]
        if "oneOf" in node or "anyOf" in node:
            kind = "union"
        else:
            kind = types[0] if types else ("object" if "properties" in node else "variant")
        if kind == "array" and isinstance(node.get("items"), dict) and loc not in _seen:
            item, item_loc = self._peek_located(node["items"], loc)
            return (self._kind_word(item, item_loc, _seen | {loc}) if isinstance(item, dict) else "any") + " array"
        return kind

    def _discriminator(self, node: Mapping[str, Any], raw: list[Any], variants: list[TypeExpr], loc: Location, prop: str | None) -> Discriminator | None:
        """``prop``: the union's :meth:`_tag_property`."""
        disc = node.get("discriminator")
        if not prop:
            return None
        named = [v for v in variants if isinstance(v, NamedRef)]
        if len(named) != len([v for v in variants if not isinstance(v, NullType)]):
            return Discriminator(prop) if isinstance(disc, dict) else None
        mapping: list[tuple[str, str]] = []
        explicit = disc.get("mapping") if isinstance(disc, dict) else None
        if isinstance(explicit, dict):
            for tag, ref in explicit.items():
                text = str(ref)
                try:
                    if text.startswith("#") or "/" in text or text.endswith((".yaml", ".yml", ".json")):
                        target = self.resolver.target_of(text, loc)  # a reference, relative to the file holding it
                    else:  # a bare schema name: a component of the root document
                        target = Location(self.resolver.root_file, f"/components/schemas/{text}")
                except RefError:
                    continue
                pending = self.by_location.get(target)
                if pending is not None:
                    mapping.append((str(tag), pending.name))
        for variant, ref in zip([v for v in raw if not _is_null_schema(v)], named):
            target = self._peek(variant, loc)
            value = _literal_of(((target or {}).get("properties") or {}).get(prop)) if isinstance(target, dict) else None
            if isinstance(value, str) and all(t != value for t, _ in mapping):
                mapping.append((value, ref.name))
            elif value is None and not isinstance(explicit, dict) and isinstance(variant, dict) and "$ref" in variant:
                implicit = str(variant["$ref"]).rsplit("/", 1)[-1]
                if all(t != implicit for t, _ in mapping):
                    mapping.append((implicit, ref.name))
        return Discriminator(prop, tuple(mapping))

    # -- allOf -------------------------------------------------------------------------

    def _allof_type(self, node: Mapping[str, Any], loc: Location, ctx: NameContext) -> TypeExpr:
        parts = [p for p in node.get("allOf") or []]
        if len(parts) == 1 and not node.get("properties"):
            return self.type_of(parts[0], loc.child("allOf", 0), ctx)
        # Not mergeable into one object (a union or primitive inside): keep the first constraining part.
        for index, part in enumerate(parts):
            target = self._peek(part, loc)
            if isinstance(target, dict) and _alternatives(target):
                self.diagnostics.warn(
                    "allof-not-merged",
                    "allOf mixes a union with other schemas; typed as the union",
                    loc.pointer,
                    file=self._file(loc),
                )
                return self.type_of(part, loc.child("allOf", index), ctx)
        return self.type_of(parts[0], loc.child("allOf", 0), ctx) if parts else _ANY

    def _collect_object(
        self, node: Mapping[str, Any], loc: Location, ctx: NameContext, seen: set[Location]
    ) -> tuple[dict[str, tuple[Any, Location]], list[str], tuple[Any, Location]]:
        """Properties, required names and additionalProperties of an object, merging allOf parts.

        Each schema comes with the location it was found at, also ``additionalProperties`` taken from
        an allOf part: typing it at the merged object's location instead would make a new inline model
        on every visit (``A: {additionalProperties: {allOf: [A, {...}]}}`` recursed without end)."""
        props: dict[str, tuple[Any, Location]] = {}
        required: list[str] = []
        additional: tuple[Any, Location] = (node.get("additionalProperties"), loc.child("additionalProperties") if "additionalProperties" in node else loc)
        for index, part in enumerate(node.get("allOf") or []):
            part_loc = loc.child("allOf", index)
            try:
                target, target_loc = self.resolver.resolve(part, part_loc)
            except RefError as exc:
                self.diagnostics.warn("unresolved-ref", exc.message, part_loc.pointer, file=self._file(part_loc))
                continue
            if target_loc in seen or not isinstance(target, dict):
                continue
            sub_props, sub_required, sub_additional = self._collect_object(target, target_loc, ctx, seen | {target_loc})
            for name, value in sub_props.items():
                if name in props and props[name][0] != value[0]:
                    self.diagnostics.warn(
                        "allof-conflict",
                        f"property {name!r} is defined differently by two allOf parts; the later one wins",
                        target_loc.pointer,
                        file=self._file(target_loc),
                    )
                props[name] = value
            required.extend(sub_required)
            if additional[0] is None and sub_additional[0] is not None:
                additional = sub_additional
        own, own_loc = self._properties_of(node, loc)
        for name, schema in own.items():
            props[str(name)] = (schema, own_loc.child(str(name)))
        if isinstance(node.get("required"), list):
            required.extend(str(r) for r in node["required"])
        return props, required, additional

    def _properties_of(self, node: Mapping[str, Any], loc: Location) -> tuple[Mapping[str, Any], Location]:
        """``properties`` and where it is; a ``$ref`` in place of the whole map (DigitalOcean's
        ``properties: {$ref: attributes.yml#/ids}``, not allowed by JSON Schema) is followed, with a warning."""
        own = node.get("properties")
        own_loc = loc.child("properties")
        if not isinstance(own, dict):
            return {}, own_loc
        if set(own) == {"$ref"} and isinstance(own["$ref"], str):
            try:
                target, target_loc = self.resolver.resolve(own, own_loc)
            except RefError as exc:
                self.diagnostics.warn("unresolved-ref", exc.message, own_loc.pointer, file=own_loc.file, hint="the properties are skipped")
                return {}, own_loc
            self.diagnostics.warn(
                "ref-not-allowed",
                f"'properties' is a $ref ({own['$ref']!r}); JSON Schema allows a $ref only in place of a schema; followed",
                own_loc.pointer,
                file=own_loc.file,
                hint="list the properties, each with its own $ref",
            )
            return (target, target_loc) if isinstance(target, dict) else ({}, own_loc)
        return own, own_loc

    # -- named definitions ---------------------------------------------------------------

    def _build_named(self, pending: _Pending, node: Any, *, named_component: bool) -> None:
        pending.started = True
        self.order.append(pending)
        loc = pending.location
        ctx = NameContext(pending.name, home=pending.owner)
        usage = _UNDECIDED
        description = _description(node)
        module = ""  # assigned later by the module planner
        if not isinstance(node, dict):
            pending.definition = AliasDef(pending.name, param_name_for(pending.name), module, self.type_of(node, loc, ctx), usage, description, loc.pointer)
            return
        inner = _lone_inline_variant(node, loc) or _lone_inline_allof_part(node, loc)
        if inner is not None and self._shape(inner[0], inner[1]) == "object":
            # `anyOf: [{object}, {type: null}]` is the 3.1 spelling of a nullable object: the named type *is*
            # that object (nullability applies where it is used), exactly as `nullable: true` in 3.0. So is
            # `{type: object, allOf: [{object}]}`: one inline part and nothing else is that part, named
            # as the component (not `SignTemplate` plus a hashed `SignTemplate7b095d`).
            node, loc = inner
            self.by_location.setdefault(loc, pending)
            description = description or _description(node)
        shape = self._shape(node, loc)
        if shape == "object":
            pending.definition = self._object_def(pending, node, loc, ctx, usage, description)
        elif shape == "enum" or (shape == "literal" and named_component):
            values = _enum_values(node)
            pending.definition = EnumDef(pending.name, pending.name, module, values, usage, description, loc.pointer)
        elif shape == "union":
            expr = self._structural_base(node, loc, ctx)
            if isinstance(expr, UnionType):
                pending.definition = UnionDef(pending.name, param_name_for(pending.name), module, expr, usage, description, loc.pointer)
            else:
                pending.definition = AliasDef(pending.name, param_name_for(pending.name), module, expr, usage, description, loc.pointer)
        else:
            expr = self._structural_base(node, loc, ctx)
            if isinstance(expr, NullType):
                expr = _ANY
            pending.definition = AliasDef(pending.name, param_name_for(pending.name), module, expr, usage, description, loc.pointer)

    def _field_names(self, type_name: str, props: Mapping[str, tuple[Any, Location]], explicit: Mapping[str, str]) -> dict[str, str]:
        """Python attribute per property wire name, distinct: the ``explicit`` names (``names.properties``,
        checked by :func:`check_renames`) first, then the style's; a clash that snake_casing made
        (``fooBar`` and ``foo_bar``) is warned about, at the property that lost its name."""
        if not explicit:
            first = {wire: self._field_candidates(wire)[0] for wire in props}
            if len(set(first.values())) == len(first):
                return first  # no two want one name (most types): each has its first candidate
        table = NameTable()
        for wire, name in explicit.items():
            table.claim([name], origin=f"property:{wire}")
        wanted = [(f"property:{wire}", self._field_candidates(wire)) for wire in props if wire not in explicit]
        names, clashes = Naming.allocate(table, wanted)
        names.update({f"property:{wire}": name for wire, name in explicit.items()})
        for origin, holder, wanted_name, given in clashes:
            wire = origin.partition(":")[2]
            loc = props[wire][1]
            self.diagnostics.warn(
                "name-collision",
                f"properties {wire!r} and {holder.partition(':')[2]!r} of {type_name} are both {wanted_name!r} in Python; {wire!r} is {given!r}",
                loc.pointer,
                file=loc.file,
                hint="rename one in the spec, or set names.style: wire in the config",
            )
        return {o.partition(":")[2]: n for o, n in names.items()}

    def _field_candidates(self, wire: str) -> list[str]:
        """:meth:`Naming.field_candidates`, worked out once per wire name (``id``, ``type`` and
        ``created_at`` are properties of hundreds of types); the lists are only read."""
        candidates = self._candidates_by_wire.get(wire)
        if candidates is None:
            candidates = self._candidates_by_wire[wire] = self.naming.field_candidates(wire)
        return candidates

    def _object_def(self, pending: _Pending, node: Mapping[str, Any], loc: Location, ctx: NameContext, usage: Usage, description: str) -> ObjectDef:
        props, required, (additional, additional_loc) = self._collect_object(node, loc, ctx, {loc})
        required_set = set(required)
        fields: list[Field] = []
        # An explicit name (names.properties) comes before the naming style.
        explicit = self._renamed_properties(pending, props)
        py_names = self._field_names(pending.name, props, {wire: name for wire, (_key, name) in explicit.items()})
        for wire, (schema, prop_loc) in props.items():
            ftype = self.type_of(schema, prop_loc, ctx.child(wire))
            # A property's default and flags are those of the schema its $ref names (an inline one is its own).
            target = self._peek_at(schema, prop_loc) if isinstance(schema, dict) and "$ref" in schema else schema
            facts: Mapping[str, Any] = target if isinstance(target, dict) else {}
            default = facts.get("default")
            fields.append(
                Field(
                    name=wire,
                    py_name=py_names[wire],
                    type=ftype,
                    required=wire in required_set,
                    description=_description(schema) or (_description(target) if schema is not target else ""),
                    default=default if _is_json(default) else None,
                    has_default="default" in facts,
                    read_only=bool(facts.get("readOnly")),
                    write_only=bool(facts.get("writeOnly")),
                    deprecated=bool(isinstance(schema, dict) and schema.get("deprecated")),
                    examples=examples_of(schema, target),
                )
            )
        extra: TypeExpr | None = None
        if isinstance(additional, dict) and additional:
            extra = self.type_of(additional, additional_loc, ctx.child("extra"))
        elif additional is True:
            extra = _ANY
        return ObjectDef(
            name=pending.name,
            param_name=param_name_for(pending.name),
            module="",
            fields=tuple(fields),
            usage=usage,
            description=description,
            additional=extra,
            source=loc.pointer,
            deprecated=bool(node.get("deprecated")),
        )

    def _renamed_properties(self, pending: _Pending, props: Mapping[str, tuple[Any, Location]]) -> dict[str, tuple[str, str]]:
        """Wire name -> ``(config key, attribute name)`` of the ``names.properties`` entries for this type,
        checked for collisions. The type answers to its Python name and its component key; a property
        it has from an ``allOf`` part also to the component that declares it (``Pet.petName`` names
        ``Dog.petName`` too when ``Dog`` is ``allOf: [Pet, ...]``), its own entry first."""
        if not self.renames.properties:
            return {}  # and no key to record: ``renames.known`` only serves the did-you-mean of stale entries
        owners = [pending.name, *self._component_keys(pending.location)]
        explicit: dict[str, tuple[str, str]] = {}
        for wire, (_schema, prop_loc) in props.items():
            declared = [k for k in self._component_keys(Location(prop_loc.file, prop_loc.pointer.rsplit("/", 2)[0])) if k not in owners] if prop_loc.pointer.rsplit("/", 2)[-2:-1] == ["properties"] else []
            candidates = tuple(dict.fromkeys([*owners, *declared]))
            name = self.renames.property(candidates, wire)
            if name is not None:
                key = next(k for k in (f"{o}.{wire}" for o in candidates) if k in self.renames.properties)
                explicit[wire] = (key, name)
        if explicit:
            check_renames("properties", self.renames, explicit, {w: self.naming.field(w) for w in props}, RESERVED_FIELD_NAMES, pending.name)
        return explicit

    def _component_keys(self, loc: Location) -> list[str]:
        """``[key, python name]`` of the component schema at ``loc`` (``/components/schemas/<key>`` of the spec), else ``[]``."""
        tokens = loc.pointer.split("/")
        if loc.file != self.resolver.root_file or len(tokens) != 4 or tokens[1:3] != ["components", "schemas"]:
            return []
        key = tokens[3].replace("~1", "/").replace("~0", "~")
        return list(dict.fromkeys([key, self.component_names.get(key, key)]))

    def _peek_at(self, node: Any, loc: Location) -> Any:
        try:
            resolved, _ = self.resolver.resolve(node, loc)
            return resolved
        except RefError:
            return None

    def _file(self, loc: Location) -> str:
        return loc.file


# ---------------------------------------------------------------------------
# helpers


_SHAPE_KEYS = frozenset({"type", "properties", "$ref", "items", "enum", "const", "allOf", "oneOf", "anyOf", "additionalProperties", "format"})


def _alternatives(node: Mapping[str, Any]) -> bool:
    """Whether ``oneOf``/``anyOf`` lists alternative shapes, not only alternative constraints.

    ``anyOf: [{required: [file_ids]}, {required: [files]}]`` next to ``properties`` says which
    properties must be present; the object stays one object (a class, flattened into kwargs).
    """
    for key in ("oneOf", "anyOf"):
        variants = node.get(key)
        if isinstance(variants, list):
            for v in variants:
                if not isinstance(v, dict) or not _SHAPE_KEYS.isdisjoint(v):
                    return True
    return False


def _types_of(node: Mapping[str, Any]) -> list[str]:
    t = node.get("type")
    if isinstance(t, str):
        return [t]
    if isinstance(t, list):
        return [str(x) for x in t]
    return []


def _is_null_schema(node: Any) -> bool:
    if not isinstance(node, dict):
        return False
    t = node.get("type")
    if t == "null" or (isinstance(t, list) and len(t) == 1 and str(t[0]) == "null"):  # _types_of(node) == ["null"]
        return True
    if node.get("enum") == [None]:
        return True
    return "const" in node and node["const"] is None


def _is_nullable(node: Any) -> bool:
    """Whether a schema admits ``null`` besides its type: ``nullable: true`` (3.0), ``null`` among
    several types or enum values, a null ``oneOf``/``anyOf`` branch. A few dictionary look-ups, so
    worked out at each use (a cache keyed by location cost more than it saved)."""
    if not isinstance(node, dict):
        return False
    if node.get("nullable") is True:
        return True
    t = node.get("type")
    if isinstance(t, list) and len(t) > 1 and "null" in _types_of(node):
        return True
    enum = node.get("enum")
    if isinstance(enum, list) and None in enum and len(enum) > 1:
        return True
    for key in ("oneOf", "anyOf"):
        variants = node.get(key)
        if isinstance(variants, list) and any(_is_null_schema(v) for v in variants):
            return True
    return False


def _lone_inline_variant(node: Mapping[str, Any], loc: Location) -> tuple[dict[str, Any], Location] | None:
    """The only non-null ``oneOf``/``anyOf`` variant when it is written inline (not a ``$ref``)."""
    for key in ("oneOf", "anyOf"):
        variants = node.get(key)
        if isinstance(variants, list):
            rest = [(i, v) for i, v in enumerate(variants) if not _is_null_schema(v)]
            if len(rest) == 1 and isinstance(rest[0][1], dict) and "$ref" not in rest[0][1]:
                return rest[0][1], loc.child(key, rest[0][0])
    return None


_SHAPE_WORDS = {"object": "Object", "enum": "Enum", "literal": "Enum", "union": "Union", "map": "Map", "allof": "Schema", "other": "Value"}
"""A word for a component named like another but for case (``Fields`` and ``fields``)."""
_WRAPPER_KEYS = frozenset({"type", "allOf", "nullable"}) | _DESCRIPTIVE_KEYS


def _lone_inline_allof_part(node: Mapping[str, Any], loc: Location) -> tuple[dict[str, Any], Location] | None:
    """The only ``allOf`` part when it is inline and the node adds nothing else (at most ``type: object``)."""
    parts = node.get("allOf")
    if not isinstance(parts, list) or len(parts) != 1 or not isinstance(parts[0], dict) or "$ref" in parts[0]:
        return None
    if not set(node) <= _WRAPPER_KEYS or node.get("type", "object") != "object":
        return None
    return parts[0], loc.child("allOf", 0)


def _is_json(value: Any) -> bool:
    """A JSON value (defaults such as ``[]`` or ``{"a": 1}`` are kept, not only scalars)."""
    if isinstance(value, list):
        return all(_is_json(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_json(v) for k, v in value.items())
    return _is_scalar(value)


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _unique(values: Iterable[Any]) -> tuple[Any, ...]:
    """The values (JSON scalars or type expressions, all hashable) without repeats, first one first;
    ``1``, ``1.0`` and ``True`` are three values. Kept as ``(type, value)`` in a set rather than
    compared pairwise: the pairwise scan was quadratic in Stripe's enums of hundreds of values."""
    seen: set[tuple[type, Any]] = set()
    unique: list[Any] = []
    for v in values:
        if isinstance(v, float) and math.isnan(v):  # NaN equals nothing, itself included: never a repeat
            unique.append(v)
            continue
        key = (type(v), v)
        if key not in seen:
            seen.add(key)
            unique.append(v)
    return tuple(unique)


def _with_null(expr: TypeExpr) -> TypeExpr:
    if isinstance(expr, (NullType, AnyType)):
        return expr
    if isinstance(expr, UnionType):
        if any(isinstance(v, NullType) for v in expr.variants):
            return expr
        return UnionType(expr.variants + (_NULL,), expr.discriminator)
    return UnionType((expr, _NULL))


def _flatten_union(variants: list[TypeExpr]) -> list[TypeExpr]:
    flat: list[TypeExpr] = []
    for v in variants:
        if isinstance(v, UnionType) and v.discriminator is None:
            for inner in v.variants:
                if inner not in flat:
                    flat.append(inner)
        elif v not in flat:
            flat.append(v)
    if any(isinstance(v, AnyType) for v in flat):
        return [_ANY]
    nulls = [v for v in flat if isinstance(v, NullType)]
    return [v for v in flat if not isinstance(v, NullType)] + nulls[:1]


def _literal_of(node: Any) -> JsonScalar | None:
    if not isinstance(node, dict):
        return None
    if "const" in node:
        return node["const"]
    enum = node.get("enum")
    if isinstance(enum, list):
        values = [v for v in enum if v is not None]
        if len(values) == 1:
            return values[0]
    return None


def _common_tag_property(raw: list[Any], peek: Any) -> str | None:
    """A property every object variant has as a distinct single literal (``type``), if any."""
    candidates: list[str] | None = None
    values: dict[str, set[Any]] = {}
    count = 0
    for variant in raw:
        if _is_null_schema(variant):
            continue
        target = peek(variant)
        if not isinstance(target, dict) or not isinstance(target.get("properties"), dict):
            return None
        count += 1
        here = [p for p, s in target["properties"].items() if isinstance(_literal_of(s), str)]
        candidates = here if candidates is None else [p for p in candidates if p in here]
        for p in here:
            values.setdefault(p, set()).add(_literal_of(target["properties"][p]))
    if not candidates or count < 2:
        return None
    for prop in ("type", "object", "role", "event", "kind"):
        if prop in candidates and len(values[prop]) == count:
            return prop
    for prop in candidates:
        if len(values[prop]) == count:
            return prop
    return None


def _item_context(ctx: NameContext) -> NameContext:
    """Array items are named after the singular of their property (``choices`` -> ``Choice``)."""
    if not ctx.parts:
        return ctx.child("item")
    last = ctx.parts[-1]
    one = singular(last)
    return NameContext(ctx.owner, ctx.parts[:-1] + ((one if one != last else last + " item"),), ctx.home)


def constraints_of(node: Mapping[str, Any]) -> Constraints | None:
    """The validation keywords of a primitive or array schema, or ``None`` when it has none.

    ``exclusiveMinimum``/``exclusiveMaximum`` are numbers in 3.1 and booleans next to
    ``minimum``/``maximum`` in 3.0; both become the exclusive bound here.
    """
    if _CONSTRAINT_KEYS.isdisjoint(node):  # most schemas: nothing to read (every keyword below is one of these)
        return None
    get = node.get
    minimum, maximum = _number(get("minimum")), _number(get("maximum"))
    exclusive_minimum, exclusive_maximum = _number(get("exclusiveMinimum")), _number(get("exclusiveMaximum"))
    if get("exclusiveMinimum") is True and minimum is not None:
        minimum, exclusive_minimum = None, minimum
    if get("exclusiveMaximum") is True and maximum is not None:
        maximum, exclusive_maximum = None, maximum
    pattern = get("pattern")
    found = Constraints(
        minimum=minimum,
        maximum=maximum,
        exclusive_minimum=exclusive_minimum,
        exclusive_maximum=exclusive_maximum,
        multiple_of=_number(get("multipleOf")),
        min_length=_count(get("minLength")),
        max_length=_count(get("maxLength")),
        pattern=pattern if isinstance(pattern, str) else None,
        min_items=_count(get("minItems")),
        max_items=_count(get("maxItems")),
        unique_items=get("uniqueItems") is True,
    )
    return None if found == _NO_CONSTRAINTS else found


def _number(value: Any) -> float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


_NO_CONSTRAINTS = Constraints()
_CONSTRAINT_KEYS = frozenset(
    {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems"}
)


def examples_of(*nodes: Any) -> tuple[Any, ...]:
    """Example values of a schema (``example``, then 3.1 ``examples``, then ``default``), first node first.

    Several nodes: a property's own schema (with ``$ref`` siblings) and the schema it refers to.
    """
    found: list[Any] = []
    defaults: list[Any] = []
    for node in nodes:
        if not isinstance(node, dict):
            continue
        if "example" in node:
            found.append(node["example"])
        if isinstance(node.get("examples"), list):
            found.extend(node["examples"])
        if "default" in node:
            defaults.append(node["default"])
    if not found and not defaults:
        return ()  # most schemas
    result: list[Any] = []
    for value in found + defaults:
        if not any(value == seen and type(value) is type(seen) for seen in result):
            result.append(value)
    return tuple(result)


def _description(node: Any) -> str:
    if isinstance(node, dict):
        text = node.get("description")
        if isinstance(text, str):
            return text.strip()
    return ""


def _enum_values(node: Mapping[str, Any]) -> tuple[JsonScalar, ...]:
    if "const" in node:
        return (node["const"],)
    values = node.get("enum")
    if isinstance(values, list):
        return _unique(_wire_values(node, values))
    return ()


def _wire_values(node: Mapping[str, Any], values: list[Any]) -> list[Any]:
    """The enum's scalar values but ``null``, as the schema's ``type`` says they are on the wire:
    ``type: string`` with ``enum: [1, 2]`` (YAML reads them as numbers) means the strings ``"1"``
    and ``"2"``; an integer enum written ``2.0`` is the integer 2."""
    kept = [v for v in values if v is not None and _is_scalar(v)]
    if not kept:
        return kept
    declared = node.get("type")
    types = {declared} if isinstance(declared, str) else set(declared) - {"null"} if isinstance(declared, list) else set()
    if types == {"string"}:
        return [v if isinstance(v, str) else json.dumps(v) if isinstance(v, bool) else str(v) for v in kept]
    if types == {"integer"}:
        return [int(v) if isinstance(v, float) and v.is_integer() else v for v in kept]
    return kept
