"""PyYAML's C loader made strict: YAML 1.2 scalars, no duplicate keys, bounded aliases.

This is the careful path (:mod:`generator.load.parse` takes the fast one first). It
parses documents that use anchors and aliases, and it locates (line and column) the
problems the fast parser reports without a position, such as duplicate keys.

* **YAML 1.2 core schema.** PyYAML resolves scalars by YAML 1.1: ``1e-08`` and ``9e+07``
  (no dot) stay strings, ``yes``/``on`` become booleans, ``017`` is octal and dates
  become ``date`` objects. The resolvers here follow the 1.2 core schema instead, and
  ``<<`` is an ordinary key (merge keys are YAML 1.1 only).
* **Safe.** The constructor is PyYAML's ``SafeConstructor``: no tag runs code; an unknown
  tag is an error.
* **Bounded.** Before anything is constructed, the node graph is checked: nesting depth
  (on the event stream, which the C parser produces without recursion), alias cycles, and
  the number of nodes once aliases are expanded ("billion laughs" stops here, in
  milliseconds, instead of after gigabytes).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.diagnostics import GeneratorError
from generator.load.policy import InputPolicy

_BASE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_C_PARSER = _BASE is not yaml.SafeLoader

_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"

# The YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_CORE_RESOLVERS: list[tuple[str, re.Pattern[str], str]] = [
    (_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), "~nN"),
    (_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    (_INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), "-+0123456789"),
    (
        _FLOAT,
        re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
        "-+0123456789.",
    ),
]


class LocatedYamlError(Exception):
    """A problem at a known place in the text (1-based line and column)."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(f"{message} (line {line}, column {column})")
        self.message = message
        self.line = line
        self.column = column


class _StrictLoader(_BASE):  # type: ignore[misc,valid-type]
    """The C parser, the 1.2 resolvers above and a constructor that refuses duplicate keys."""

    yaml_implicit_resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, MappingNode):
            raise ConstructorError(None, None, f"expected a mapping node, but found {node.id}", node.start_mark)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                seen = key in mapping
            except TypeError:
                raise LocatedYamlError(
                    "a mapping key must be a scalar, not a list or mapping", key_node.start_mark.line + 1, key_node.start_mark.column + 1
                ) from None
            if seen:
                raise LocatedYamlError(
                    f"duplicate key {key!r} in a mapping (the earlier value would be lost)",
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_map(self, node: Node) -> Any:
        data: dict[Any, Any] = {}
        yield data
        data.update(self.construct_mapping(node))

    def construct_yaml_int(self, node: Node) -> int:
        text = str(self.construct_scalar(node))
        return int(text, 0) if text[:2] in ("0o", "0x") else int(text)  # "017" is 17 in YAML 1.2


for _tag, _regexp, _first in _CORE_RESOLVERS:
    _StrictLoader.add_implicit_resolver(_tag, _regexp, list(_first) + ([""] if _tag == _NULL else []))
_StrictLoader.add_constructor("tag:yaml.org,2002:map", _StrictLoader.construct_yaml_map)
_StrictLoader.add_constructor(_INT, _StrictLoader.construct_yaml_int)
# Dates and binary stay text, as in JSON (and as the fast parser gives them).
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
_StrictLoader.add_constructor("tag:yaml.org,2002:binary", yaml.SafeLoader.construct_yaml_str)

FORMAT = f"strict-1-pyyaml{yaml.__version__}-{_BASE.__name__}"


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [child for pair in node.value for child in pair]
    return []


def _at(node: Node, message: str) -> LocatedYamlError:
    return LocatedYamlError(message, node.start_mark.line + 1, node.start_mark.column + 1)


def check_depth(text: str, max_depth: int) -> None:
    """Raise at the first collection nested deeper than ``max_depth`` (iterative, on parser events)."""
    depth = 0
    for event in yaml.parse(text, Loader=_BASE):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > max_depth:
                mark = event.start_mark
                raise LocatedYamlError(
                    f"nesting deeper than {max_depth} levels", mark.line + 1, mark.column + 1
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def check_graph(root: Node, policy: InputPolicy) -> None:
    """Refuse alias cycles and documents that expand to more than ``policy.max_nodes`` nodes.

    One post-order walk over the node graph, each node once (sizes are memoised by node),
    so the check costs as much as the document as written, not as expanded.
    """
    sizes: dict[int, int] = {}
    entered: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            size = 1 + sum(sizes[id(child)] for child in _children(node))
            if size > policy.max_nodes:
                raise _at(
                    node,
                    f"aliases expand this node to more than {policy.max_nodes:,} nodes (an alias bomb?)",
                )
            sizes[key] = size
            continue
        if key in sizes:
            continue
        if key in entered:  # entered, not finished: an ancestor of itself
            raise _at(node, "an alias refers to a node that contains it (a recursive alias); JSON cannot hold that")
        entered.add(key)
        stack.append((node, True))
        for child in _children(node):
            if isinstance(child, ScalarNode):
                sizes[id(child)] = 1
            elif id(child) not in sizes:
                stack.append((child, False))


def load_strict(text: str, policy: InputPolicy) -> Any:
    """The single document in ``text``; :class:`LocatedYamlError` or ``yaml.YAMLError`` on bad input."""
    check_depth(text, policy.max_depth)
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        check_graph(node, policy)
        try:
            return loader.construct_document(node)
        except ConstructorError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or "cannot construct this node"
            if "could not determine a constructor" in problem:
                problem = f"unknown tag {problem.split('tag', 1)[-1].strip()}; the generator runs no YAML tags"
            if mark is None:
                raise
            raise LocatedYamlError(problem, mark.line + 1, mark.column + 1) from None
    finally:
        loader.dispose()


def located_error(exc: BaseException, *, file: str) -> GeneratorError:
    """A :class:`GeneratorError` with line and column for any error this module raises."""
    if isinstance(exc, LocatedYamlError):
        line, column, problem = exc.line, exc.column, exc.message
    elif isinstance(exc, yaml.MarkedYAMLError) and (exc.problem_mark or exc.context_mark) is not None:
        mark = exc.problem_mark or exc.context_mark
        line, column = mark.line + 1, mark.column + 1  # type: ignore[union-attr]
        problem = exc.problem or exc.context or "syntax error"
        if "expected a single document" in f"{exc.context} {problem}":
            problem = "the file holds more than one YAML document; an OpenAPI description is one"
    else:
        return GeneratorError(f"invalid YAML: {exc}", file=file, hint="fix the YAML syntax")
    hint = "fix the YAML at that line and column"
    if "duplicate key" in problem:
        hint = "remove or rename one of the two keys (YAML and JSON keep only the last, silently)"
    elif "alias" in problem:
        hint = "write the repeated part out, or $ref it; anchors may not expand without bound"
    elif "nesting deeper" in problem or "nesting depth" in problem:
        hint = "no real API nests that deep: check the file for runaway brackets or indentation"
    language = "JSON" if file.endswith(".json") else "YAML"
    return GeneratorError(f"invalid {language}: {problem} (line {line}, column {column})", file=file, pointer=f"line {line}", hint=hint)
