"""Documentation text decided at emission: method docstrings with an ``Args:`` section.

openai-python's methods document every argument (its description, default, limits and
deprecation) so that ``help(client.pets.list)`` and an editor's hover say what to pass.
The text here is plain; :func:`generator.emit.code.py_docstring` makes it a literal.
"""

from __future__ import annotations

from typing import Iterable

from generator.ir.model import ArrayType, Constraints, Field, Operation, Parameter, PrimitiveType, TypeExpr, UnionType

#: What every method takes besides the operation's own arguments (openai-python's wording).
EXTRA_ARGS = (
    ("extra_headers", "Send extra headers"),
    ("extra_query", "Add additional query parameters to the request"),
    ("extra_body", "Add additional JSON properties to the request"),
    ("timeout", "Override the client-level default timeout for this request, in seconds"),
)


def method_doc(op: Operation, args: Iterable[tuple[str, str]]) -> str:
    """Summary, description, then ``Args:`` for ``(python name, its documentation)``
    (:func:`describe` of each argument)."""
    head = "\n\n".join(t.strip() for t in (op.summary, op.description) if t and t.strip())
    lines: list[str] = []
    for name, text in args:
        if text:  # an argument the spec says nothing about gets no line (its annotation says it all)
            lines.append(f"  {name}: {_indent(text)}")
    for name, text in EXTRA_ARGS:
        lines.append(f"  {name}: {text}")
    body = "Args:\n" + "\n\n".join(lines)
    if op.deprecated:
        head = ("Deprecated: the API marks this operation as deprecated.\n\n" + head).strip()
    return f"{head}\n\n{body}" if head else body


def describe(item: Parameter | Field | None, fallback: str = "") -> str:
    """One argument's documentation: description, default, limits, deprecation."""
    if item is None:
        return fallback
    parts: list[str] = []
    if item.deprecated:
        parts.append("Deprecated.")
    if item.description.strip():
        parts.append(item.description.strip())
    elif fallback:
        parts.append(fallback)
    if isinstance(item, Field) and item.has_default:
        parts.append(f"Defaults to `{_json(item.default)}` on the server.")
    limits = constraint_text(item.type)
    if limits:
        parts.append(limits)
    return " ".join(parts)


def constraint_text(expr: TypeExpr) -> str:
    c = _constraints(expr)
    if c is None:
        return ""
    bits: list[str] = []
    for label, value in (
        (">=", c.minimum), (">", c.exclusive_minimum), ("<=", c.maximum), ("<", c.exclusive_maximum), ("a multiple of", c.multiple_of),
    ):
        if value is not None:
            bits.append(f"{label} {_number(value)}")
    if c.min_length is not None or c.max_length is not None:
        bits.append(_range("characters", c.min_length, c.max_length))
    if c.min_items is not None or c.max_items is not None:
        bits.append(_range("items", c.min_items, c.max_items))
    if c.unique_items:
        bits.append("items unique")
    if c.pattern:
        bits.append(f"matches `{c.pattern}`")
    return ("Must be " + ", ".join(bits) + ".") if bits else ""


def _constraints(expr: TypeExpr) -> Constraints | None:
    if isinstance(expr, (PrimitiveType, ArrayType)):
        return expr.constraints
    if isinstance(expr, UnionType):
        for v in expr.variants:
            found = _constraints(v)
            if found is not None:
                return found
    return None


def _range(unit: str, low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low} to {high} {unit}" if low != high else f"exactly {low} {unit}"
    return f"at least {low} {unit}" if low is not None else f"at most {high} {unit}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _json(value: object) -> str:
    import json

    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(value)


def _indent(text: str) -> str:
    return text.replace("\n", "\n      ")
