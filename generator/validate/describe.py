"""Words for a validator error: the most specific cause, a short message and a hint.

Works on the errors of both validators (openapi-spec-validator-rs mirrors the
attributes of jsonschema's ``ValidationError``: ``context``, ``absolute_path``,
``validator``, ``instance`` ...).
"""

from __future__ import annotations

from typing import Any

from generator.validate.locate import short_value, shorten_message


def _is_ref_alternative(err: Any) -> bool:
    """``'$ref' is a required property`` from the Reference branch of a oneOf: never the useful one."""
    return (
        err.validator == "required"
        and isinstance(err.validator_value, list)
        and "$ref" in err.validator_value
        and isinstance(err.instance, dict)
        and "$ref" not in err.instance
    )


def closest_error(err: Any) -> tuple[Any, list[Any]]:
    """The most specific error below a oneOf/anyOf error, and the tied alternatives if there is no single one.

    Branches made only of the Reference alternative (``'$ref' is a required
    property``) are ignored. Of the others, the branch with the fewest errors is the
    one the author most likely meant (ties: the one whose errors go deepest into the
    instance); its deepest error is followed down. When several branches tie with
    one error each (``schema`` or ``content`` missing), those errors are returned as
    alternatives and ``err`` itself is kept.
    """
    while getattr(err, "context", None):
        branches: dict[Any, list[Any]] = {}
        for sub in err.context:
            key = sub.relative_schema_path[0] if sub.relative_schema_path else None
            branches.setdefault(key, []).append(sub)
        candidates = [errs for errs in branches.values() if not all(_is_ref_alternative(e) for e in errs)]
        if not candidates:
            return err, []

        def score(errs: list[Any]) -> tuple[int, int]:
            return (len(errs), -max(len(e.absolute_path) for e in errs))

        best_score = min(score(errs) for errs in candidates)
        best = [errs for errs in candidates if score(errs) == best_score]
        if len(best) > 1:
            if all(len(errs) == 1 and not errs[0].context for errs in best):
                return err, [errs[0] for errs in best]
            return err, []
        err = max(best[0], key=lambda e: len(e.absolute_path))
    return err, []


def _duplicates(items: list[Any]) -> list[Any]:
    seen: list[Any] = []
    dups: list[Any] = []
    for item in items:
        if item in seen:
            if item not in dups:
                dups.append(item)
        else:
            seen.append(item)
    return dups


def describe(err: Any, version: str) -> tuple[tuple[Any, ...], str, str]:
    """``(path, message, hint)`` for a jsonschema error; ``path`` is relative to the validated instance."""
    leaf, alternatives = closest_error(err)
    path = tuple(leaf.absolute_path)
    key = path[-1] if path else None
    instance = leaf.instance
    message = shorten_message(str(leaf.message), instance, has_instance=True)
    hint = ""
    if alternatives:
        options = "; or ".join(shorten_message(str(a.message), a.instance, has_instance=True) for a in alternatives[:4])
        message = shorten_message(f"matches none of the {len(alternatives)} allowed forms: {options}")
    if leaf.validator == "uniqueItems" and isinstance(instance, list):
        dups = _duplicates(instance)
        name = f"'{key}'" if isinstance(key, str) else "the list"
        message = shorten_message(f"{name} lists {', '.join(short_value(d, 30) for d in dups)} more than once")
        hint = "remove the duplicate entries"
    elif isinstance(key, str) and not isinstance(instance, dict):
        message = shorten_message(f"{key}: {message}")
    if key in ("exclusiveMinimum", "exclusiveMaximum") and isinstance(instance, bool) and version == "3.1":
        bound = "minimum" if key == "exclusiveMinimum" else "maximum"
        hint = (
            f"OpenAPI 3.1 uses JSON Schema 2020-12, where {key} is the bound itself (a number): "
            f"write `{key}: N` instead of `{bound}: N` plus `{key}: true` (the OpenAPI 3.0 form)"
        )
    elif key == "$recursiveAnchor":
        hint = "$recursiveAnchor is JSON Schema 2019-09; OpenAPI 3.1 uses 2020-12, which replaced it with $dynamicAnchor (a name)"
    elif key == "type" and version == "3.0" and isinstance(instance, list):
        hint = "OpenAPI 3.0 allows one type per schema: use `nullable: true` for null, or oneOf for several types"
    return path, message, hint


