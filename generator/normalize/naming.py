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

from anyascii import anyascii

_WORD_RE = re.compile(r"(?<![A-Z])[A-Z][A-Z][a-z][a-z0-9]*|[A-Z]+(?=[A-Z][a-z0-9])|[A-Z]?[a-z0-9]+|[A-Z]+|[0-9]+")
"""Words of a spelling. A lone capital before a capitalised word belongs to it (``OAuth2`` -> ``oauth2``,
``IPv4`` -> ``ipv4``, not ``o_auth2``); longer capital runs are acronyms (``XMLHttp`` -> ``xml``, ``http``)."""

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


def identifier(name: str, *, reserved: frozenset[str] = frozenset()) -> str:
    """A Python identifier for a wire name: kept as is when possible, else snake_cased; keywords get ``_``."""
    if name.isidentifier() and name.isascii():
        py = name
    else:
        py = snake_case(name)  # sigils such as "$" or "@" carry no meaning in Python
    if py.startswith("__"):
        py = py.lstrip("_") or "field"
    if keyword.iskeyword(py) or py in reserved:
        py += "_"
    return py


def field_name(wire_name: str) -> str:
    """A model attribute for a wire name. pydantic treats any name with a leading underscore as a
    private attribute (never read from or written to the wire), so ``_private`` is ``private_``."""
    py = identifier(wire_name, reserved=RESERVED_FIELD_NAMES)
    if py.startswith("_"):
        py = (py.lstrip("_") or "field") + "_"
        if keyword.iskeyword(py.rstrip("_")) or py in RESERVED_FIELD_NAMES:
            py += "_"
    return py


def kwarg_name(wire_name: str) -> str:
    return identifier(wire_name, reserved=RESERVED_KWARGS)


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

    def claim(self, candidates: list[str] | tuple[str, ...], origin: str) -> str:
        for candidate in candidates:
            owner = self._owner.get(self._key(candidate))
            if owner is None or owner == origin:
                self._owner[self._key(candidate)] = origin
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
