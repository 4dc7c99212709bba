"""Python names from spec names: valid, stable, readable, never numbered.

All functions here are pure: the same input always gives the same name. Name
*allocation* (making a name unique within a namespace) lives in
:class:`NameTable`, which resolves clashes by adding meaning (a context word),
and only as a last resort a short hash of the original spelling, never a counter.
"""

from __future__ import annotations

import hashlib
import keyword
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from anyascii import anyascii

_WORD_RE = re.compile(r"[A-Z]{2,}s(?![a-z])|(?<![A-Z])[A-Z][A-Z][a-z][a-z0-9]*|[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+|[0-9]+")
"""Words of a spelling. A lone capital before a capitalised word belongs to it (``OAuth2`` -> ``oauth2``,
``IPv4`` -> ``ipv4``, not ``o_auth2``); longer capital runs are acronyms (``XMLHttp`` -> ``xml``, ``http``),
also in the plural (``URLs`` -> ``urls``, ``userIDs`` -> ``user``, ``ids``)."""

# Names a generated module or class body must not shadow.
RESERVED_CLASS_NAMES = frozenset(
    {
        # typing / runtime names imported into generated modules
        "Any", "Dict", "List", "Optional", "Union", "Literal", "Annotated", "TypedDict", "Required",
        "NotRequired", "Iterable", "Sequence", "Mapping", "BaseModel", "Field", "PropertyInfo",
        "FileTypes", "TYPE_CHECKING", "annotations",
        # builtins that would confuse readers and checkers
        "str", "int", "float", "bool", "bytes", "object", "type", "list", "dict", "set", "tuple", "None",
    }
)
"""Component names that clash with what generated modules import; they get a ``Model`` suffix."""

# Attributes of pydantic's BaseModel (and ours) that a field must not shadow.
RESERVED_FIELD_NAMES = frozenset(
    {
        "model_config", "model_fields", "model_computed_fields", "model_extra", "model_fields_set",
        "model_construct", "model_copy", "model_dump", "model_dump_json", "model_json_schema",
        "model_parametrized_name", "model_post_init", "model_rebuild", "model_validate",
        "model_validate_json", "model_validate_strings", "dict", "json", "copy", "parse_obj",
        "parse_raw", "parse_file", "from_orm", "construct", "schema", "schema_json", "validate",
        "update_forward_refs", "to_dict", "to_json", "fields", "register", "self",
    }
)

# What the generated client class itself has (constructor keywords, attributes and methods of the
# runtime's SyncAPIClient/AsyncAPIClient): a client option (a credential or header keyword, also an
# attribute) named like one would be a duplicate argument or hide it. The runtime test
# tests/runtime/test_client_reserved.py checks this list against the generated classes.
RESERVED_CLIENT_ATTRS = frozenset(
    {
        "base_url", "timeout", "max_retries", "default_headers", "default_query", "http_client",
        "array_format", "client_options", "close", "copy", "default_security", "header_options",
        "idempotency_header", "is_closed", "package_version", "request", "request_page", "root",
        "security_schemes", "with_options", "fixed_headers", "self", "cls",
    }
)

# Keyword names every generated method reserves for itself.
RESERVED_KWARGS = frozenset({"extra_headers", "extra_query", "extra_body", "timeout", "self", "cls"})


def words(text: str) -> list[str]:
    """Split any spelling (camelCase, snake_case, kebab, dotted, spaces) into words.

    Non-ASCII text is transliterated first (anyascii: ``会话`` -> ``HuiHua``, ``naïve`` -> ``naive``,
    ``Привет`` -> ``Privet``), so a Chinese tag or property name gives a readable identifier instead of
    nothing; the wire name is kept as the alias wherever it differs.
    """
    if not text.isascii():
        text = anyascii(text)
    return _WORD_RE.findall(text)


_DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _spelled(parts: list[str]) -> list[str]:
    """A lone leading digit is spelled out (``1-clicks`` -> ``one``, ``clicks``) as a person would name it."""
    if len(parts) > 1 and len(parts[0]) == 1 and parts[0].isdigit():
        return [_DIGIT_WORDS[int(parts[0])], *parts[1:]]
    return parts


def pascal_case(text: str) -> str:
    parts = _spelled(words(text))
    name = "".join(w[:1].upper() + w[1:] for w in parts)
    if not name:
        return "Unnamed"
    if name[0].isdigit():
        name = "N" + name
    if keyword.iskeyword(name):  # None, True, False
        name += "_"
    return name


def snake_case(text: str) -> str:
    name = "_".join(w.lower() for w in _spelled(words(text)))
    if not name:
        return "unnamed"
    if name[0].isdigit():
        name = "n_" + name
    if keyword.iskeyword(name):
        name += "_"
    return name


def class_name(spec_name: str) -> str:
    """A class name for a component schema: kept as written when it is already a good class name."""
    if spec_name.isidentifier() and spec_name.isascii() and spec_name[:1].isupper() and not keyword.iskeyword(spec_name):
        name = spec_name
    else:
        name = pascal_case(spec_name)
    if name in RESERVED_CLASS_NAMES or keyword.iskeyword(name):
        name += "Model"
    return name


NameStyle = Literal["pep8", "wire"]
"""How wire names of parameters and properties become Python names (config ``names.style``):
``pep8`` snake_cases them (``eventDescription`` -> ``event_description``), ``wire`` keeps every
name that is already a Python identifier as it is."""

NAME_STYLES: tuple[NameStyle, ...] = ("pep8", "wire")


def _without_leading_underscores(py: str) -> str:
    """``py`` without its leading ``_``: still an identifier (``_0`` is ``n_0``, ``_`` is ``field``)."""
    bare = py.lstrip("_")
    if not bare:
        return "field"
    return "n_" + bare if bare[0].isdigit() else bare


def identifier(name: str, *, reserved: frozenset[str] = frozenset(), style: NameStyle = "wire") -> str:
    """A Python identifier for a wire name; keywords and ``reserved`` names get ``_``.

    ``wire``: kept as is when it is an identifier, else snake_cased. ``pep8``: also snake_cased when
    it has capitals (a name that is lower case already is never changed, so ``gpt_4o`` stays).
    """
    if name.isidentifier() and name.isascii() and (style == "wire" or name == name.lower()):
        py = name
    else:
        py = snake_case(name)  # sigils such as "$" or "@" carry no meaning in Python
    if py.startswith("__"):
        py = _without_leading_underscores(py)
    if keyword.iskeyword(py) or py in reserved:
        py += "_"
    return py


def field_name(wire_name: str, style: NameStyle = "wire", *, explicit: str | None = None) -> str:
    """A model attribute for a wire name. pydantic treats any name with a leading underscore as a
    private attribute (never read from or written to the wire), so ``_private`` is ``private_``.
    ``explicit`` (a configured rename) wins over the style."""
    if explicit:
        return explicit
    py = identifier(wire_name, reserved=RESERVED_FIELD_NAMES, style=style)
    if py.startswith("_"):
        py = _without_leading_underscores(py) + "_"
        if keyword.iskeyword(py.rstrip("_")) or py in RESERVED_FIELD_NAMES:
            py += "_"
    return py


def kwarg_name(wire_name: str, style: NameStyle = "wire", *, explicit: str | None = None) -> str:
    """A keyword argument for a parameter's or a flattened body field's wire name; ``explicit``
    (a configured rename) wins over the style."""
    if explicit:
        return explicit
    return identifier(wire_name, reserved=RESERVED_KWARGS, style=style)


@dataclass(frozen=True)
class Naming:
    """The one place where a parameter's or property's Python name is decided.

    The normalizer asks it for every name; configured renames (``explicit``) win over the style,
    and :meth:`allocate` makes the names of one namespace distinct.
    """

    style: NameStyle = "pep8"

    def field(self, wire: str, *, explicit: str | None = None) -> str:
        return field_name(wire, self.style, explicit=explicit)

    def kwarg(self, wire: str, *, explicit: str | None = None) -> str:
        return kwarg_name(wire, self.style, explicit=explicit)

    def field_candidates(self, wire: str, *, explicit: str | None = None) -> list[str]:
        """Names to try for a property, best first: the style's name, then (when snake_casing made
        it clash with another property) the spec's own spelling, then a trailing ``_``."""
        return _unique([self.field(wire, explicit=explicit), field_name(wire, "wire"), self.field(wire, explicit=explicit) + "_"])

    def kwarg_candidates(self, wire: str, context: str, *, explicit: str | None = None) -> list[str]:
        """Names to try for a keyword argument, best first: the style's name, the spec's own spelling,
        then the name with its ``context`` (``_query``, ``_body``)."""
        return _unique([self.kwarg(wire, explicit=explicit), kwarg_name(wire, "wire"), f"{self.kwarg(wire, explicit=explicit)}_{context}"])

    @staticmethod
    def allocate(table: NameTable, wanted: list[tuple[str, list[str]]]) -> tuple[dict[str, str], list[tuple[str, str, str, str]]]:
        """Claim names for ``(origin, candidates)`` pairs in ``table``, independently of order where it
        matters: an origin whose first candidate is its own wire spelling (see :func:`wire_of`) claims
        first, so ``foo_bar`` keeps ``foo_bar`` and
        ``fooBar`` gets the next candidate whichever comes first in the spec.

        Returns ``{origin: name}`` and the clashes that the conversion made: ``(origin, other origin,
        name wanted, name given)`` for each origin whose name another wire name took."""
        names: dict[str, str] = {}
        clashes: list[tuple[str, str, str, str]] = []
        first: list[tuple[str, list[str]]] = []
        rest: list[tuple[str, list[str]]] = []
        for o, c in wanted:
            (first if wire_of(o) == c[0] else rest).append((o, c))
        for origin, candidates in first + rest:
            holder = table.owner(candidates[0])
            name = table.claim(candidates, origin)
            names[origin] = name
            if name != candidates[0] and holder is not None and not holder.startswith("\0") and wire_of(holder) != wire_of(origin):
                clashes.append((origin, holder, candidates[0], name))
        return {o: names[o] for o, _ in wanted}, clashes


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def wire_of(origin: str) -> str:
    """The wire name in an allocation origin: ``query:startIndex`` -> ``startIndex``; an origin
    without a ``kind:`` prefix is the wire name itself (a property may be called ``a:b``)."""
    kind, sep, rest = origin.partition(":")
    return rest if sep and kind in _ORIGIN_KINDS else origin


_ORIGIN_KINDS = frozenset({"path", "query", "header", "cookie", "body", "property"})


_IRREGULAR_SINGULAR = {"children": "child", "people": "person", "indices": "index", "data": "data", "metadata": "metadata", "status": "status", "alias": "alias"}


def singular(word: str) -> str:
    """English singular for array item names: ``choices`` -> ``choice``. Conservative."""
    lower = word.lower()
    if lower in _IRREGULAR_SINGULAR:
        return _match_case(word, _IRREGULAR_SINGULAR[lower])
    if lower.endswith("ies") and len(word) > 4:
        return word[:-3] + ("Y" if word[-3].isupper() else "y")
    if lower.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def _match_case(original: str, replacement: str) -> str:
    return replacement.capitalize() if original[:1].isupper() else replacement


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:6]


class NameTable:
    """Allocates unique names in one namespace, deterministically.

    ``claim(candidates, origin)`` takes the first candidate that is free (or
    already held by the same origin); when all are taken it appends a short
    hash of ``origin``, which is stable across runs and independent of order.
    """

    def __init__(self, taken: frozenset[str] | set[str] = frozenset(), *, casefold: bool = False) -> None:
        self._owner: dict[str, str] = {}
        self._casefold = casefold
        for name in taken:
            self._owner[self._key(name)] = "\0reserved"

    def _key(self, name: str) -> str:
        return name.lower() if self._casefold else name

    def __contains__(self, name: str) -> bool:
        return self._key(name) in self._owner

    def owner(self, name: str) -> str | None:
        """The origin holding ``name`` (``"\\0reserved"`` for a reserved name), or ``None``."""
        return self._owner.get(self._key(name))

    def available(self, name: str, origin: str) -> bool:
        """Whether :meth:`claim` would give ``origin`` the candidate ``name`` (free, or already its own)."""
        owner = self._owner.get(self._key(name))
        return owner is None or owner == origin

    def claim(self, candidates: list[str] | tuple[str, ...], origin: str) -> str:
        for candidate in candidates:
            key = self._key(candidate)
            owner = self._owner.get(key)
            if owner is None or owner == origin:
                self._owner[key] = origin
                return candidate
        base = candidates[0]
        sep = "_" if base.islower() or "_" in base else ""
        name = f"{base}{sep}{short_hash(origin).capitalize() if not sep else short_hash(origin)}"
        self._owner[self._key(name)] = origin
        return name


def param_name_for(type_name: str) -> str:
    """The ``TypedDict`` name for a request type: ``{Name}Param``, or the name itself when it already
    ends in ``Param``/``Params`` (never ``ClickParamParam``). Clashes are settled in ``api._param_names``."""
    return type_name if type_name.endswith(("Param", "Params")) else type_name + "Param"


# -- explicit names from the configuration --------------------------------------------------------


class Renames:
    """``names.properties`` and ``names.parameters``: which entries applied, which keys exist.

    An explicit name always comes before the naming style (which makes the default names:
    :func:`field_name`, :func:`kwarg_name`); the normalizer asks here first.

    * ``names.properties``: ``"Schema.wireName": python_name``. ``Schema`` is the component's key in
      ``components.schemas``, or a type's name as ``python -m generator ir`` shows it (inline objects:
      ``PetOwner``); a component's entry also names the property in types that have it through
      ``allOf``. The model attribute takes the name, the wire name stays its alias; a request
      body flattened into keyword arguments uses it for that keyword too. A ``TypedDict`` (the
      ``...Param`` request types) keeps the wire name as its key: a ``TypedDict``'s keys are what is
      sent.
    * ``names.parameters``: ``"operationId.param": python_name`` or ``"METHOD /path param":
      python_name`` (an op key, then the parameter's wire name). It names the keyword argument of a
      path, query, header or cookie parameter, or of a field of a flattened request body; the
      request still sends the wire name.
    """

    def __init__(self, properties: Mapping[str, str] | None = None, parameters: Mapping[str, str] | None = None, source: str = "") -> None:
        self.source = source
        """The config file (for located errors)."""
        self.properties: Mapping[str, str] = properties or {}
        self.parameters: Mapping[str, str] = parameters or {}
        self.used: set[tuple[str, str]] = set()
        """``(table, key)`` of the entries that applied."""
        self.known: dict[str, set[str]] = {"properties": set(), "parameters": set()}
        """Keys that would have named something (for a did-you-mean)."""
        self.fields: dict[tuple[str, str], tuple[str, str]] = {}
        """``(type name, wire name)`` -> ``(config key, attribute name)``, for the flattened body's keywords."""

    def __bool__(self) -> bool:
        return bool(self.properties or self.parameters)

    def property(self, owners: tuple[str, ...], wire: str) -> str | None:
        """The configured name of property ``wire`` of the type known as any of ``owners`` (its Python name first)."""
        for owner in owners:
            key = f"{owner}.{wire}"
            self.known["properties"].add(key)
            if key in self.properties:
                self.used.add(("properties", key))
                self.fields[(owners[0], wire)] = (key, self.properties[key])
                return self.properties[key]
        return None

    def parameters_of(self, operation_id: str, method: str, path: str) -> dict[str, tuple[str, str]]:
        """Wire name -> ``(key, python_name)`` of the ``names.parameters`` entries for one operation."""
        found: dict[str, tuple[str, str]] = {}
        for key, name in self.parameters.items():
            parts = key.split(" ", 2)
            if key.startswith(operation_id + ".") and len(key) > len(operation_id) + 1:
                wire = key[len(operation_id) + 1 :]
            elif len(parts) == 3 and parts[0].lower() == method.lower() and parts[1] == path and parts[2]:
                wire = parts[2]
            else:
                continue
            if wire in found:
                raise self.collision("parameters", key, f"{found[wire][0]!r} and {key!r} both name parameter {wire!r} of {method.upper()} {path}", "keep one of the two entries (\"METHOD /path param\" survives an upstream operationId rename)")
            found[wire] = (key, name)
        return found

    def note_parameter(self, operation_id: str, method: str, path: str, wire: str) -> None:
        """``wire`` is a parameter (or flattened body field) of the operation: both keys for it exist."""
        self.known["parameters"].update((f"{operation_id}.{wire}", f"{method.upper()} {path} {wire}"))

    def collision(self, table: str, key: str, message: str, hint: str) -> Exception:
        """The error for a rename that collides (exit 2, naming the config entry)."""
        from generator.diagnostics import GeneratorError, join_pointer

        return GeneratorError(message, file=self.source, pointer=join_pointer("", "names", table, key), hint=hint, exit_code=2)


def check_renames(table: str, renames: Renames, explicit: Mapping[str, tuple[str, str]], defaults: Mapping[str, str], reserved: frozenset[str], where: str) -> None:
    """Refuse renames in one namespace (a model's attributes, a method's keyword arguments) that
    collide: two entries giving one name, or a name another member already has, or a reserved one.

    ``explicit``: wire name -> ``(config key, python name)``; ``defaults``: wire name -> the name it
    gets without a rename, for every member."""
    taken: dict[str, str] = {}
    for wire, (key, name) in explicit.items():
        if name in reserved or name.startswith("_"):
            raise renames.collision(table, key, f"{name!r} cannot name {wire!r} of {where}: it is reserved there", "choose another name (no leading underscore, not a pydantic or generated-method name)")
        if name in taken:
            raise renames.collision(table, key, f"{wire!r} and {taken[name]!r} of {where} are both renamed to {name!r}", "give each its own name")
        taken[name] = wire
    for wire, default in defaults.items():
        if wire not in explicit and default in taken:
            key, name = explicit[taken[default]]
            raise renames.collision(table, key, f"{where} already has {name!r} (for {wire!r}); renaming {taken[default]!r} to it would collide", f"choose another name, or rename {wire!r} too")
