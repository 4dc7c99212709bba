"""``select``: which operations the generated client has, and config keys that name operations.

An operation is **included** when ``select.include`` is empty or missing, or when any of its
entries matches it (the union of ``operations``, ``tags``, ``paths`` and ``methods``); an included
operation is then dropped when any entry of ``select.exclude`` matches it, so exclude wins.

Selection happens before operations are normalized (:meth:`OperationNormalizer.operations` with a
``keep`` predicate): an operation left out is never looked at, and the types only it reaches are
never built nor emitted (:func:`generator.normalize.modules.reachable` keeps only what the selected
operations reach, transitively). Everything downstream (resources, ``types/``, ``api.md``, the
README's examples, the generated tests) is made from the IR, so it holds only what is selected.

Keys that name operations (``select.*.operations``, ``resources.overrides``) are checked against
every operation of the spec, selected or not: an override for an excluded operation is not stale.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from generator.config import Config, Criteria, Selection, stale_entries
from generator.diagnostics import Diagnostic, GeneratorError, join_pointer
from generator.normalize.selectors import OpRef, duplicate_keys, known_keys, matches, path_matches


def meets(criteria: Criteria, op: OpRef) -> bool:
    """Whether any entry of ``criteria`` matches ``op``."""
    return (
        any(matches(key, op) for key in criteria.operations)
        or any(tag in op.tags for tag in criteria.tags)
        or any(path_matches(glob, op.path) for glob in criteria.paths)
        or any(method.lower() == op.method.lower() for method in criteria.methods)
    )


def predicate(selection: Selection) -> Callable[[OpRef], bool] | None:
    """The ``keep`` test for :meth:`OperationNormalizer.operations`, or ``None`` without a selection."""
    if not selection:
        return None

    def keep(op: OpRef) -> bool:
        return (not selection.include or meets(selection.include, op)) and not meets(selection.exclude, op)

    return keep


def require_some(selection: Selection, selected: int, spec_ops: Sequence[OpRef], source: str) -> None:
    """A selection that leaves no operation is an error (exit 2): the client would be empty."""
    if not selection or selected or not spec_ops:
        return
    included = [op for op in spec_ops if not selection.include or meets(selection.include, op)]
    if not included:
        pointer, hint = "/select/include", "no operation meets any include entry; check the tags, paths and operationIds against the spec (`python -m generator ir SPEC` lists them)"
    else:
        pointer, hint = "/select/exclude", f"the include entries select {len(included)} operation(s) and exclude removes them all; narrow the exclude entries"
    raise GeneratorError(f"select leaves no operation of the spec's {len(spec_ops)}: the client would be empty", file=source, pointer=pointer, hint=hint, exit_code=2)


def unmatched(config: Config, spec_ops: Sequence[OpRef]) -> list[Diagnostic]:
    """``unmatched-override`` warnings for ``select`` entries and ``resources.overrides`` keys that
    match no operation of the spec (each with its pointer and a did-you-mean)."""
    found: list[Diagnostic] = []
    op_keys = known_keys(spec_ops)
    tags = sorted({t for op in spec_ops for t in op.tags})
    paths = sorted({op.path for op in spec_ops})
    methods = sorted({op.method.upper() for op in spec_ops})
    for side in ("include", "exclude"):
        criteria: Criteria = getattr(config.selection, side)
        checks: tuple[tuple[str, tuple[str, ...], Callable[[str, OpRef], bool], list[str], str], ...] = (
            ("operations", criteria.operations, matches, op_keys, "operation has the op key"),
            ("tags", criteria.tags, lambda tag, op: tag in op.tags, tags, "operation has the tag"),
            ("paths", criteria.paths, lambda glob, op: path_matches(glob, op.path), paths, "path matches the glob"),
            ("methods", criteria.methods, lambda m, op: m.lower() == op.method.lower(), methods, "operation has the HTTP method"),
        )
        for key, entries, test, known, what in checks:
            for index, entry in enumerate(entries):
                if any(test(entry, op) for op in spec_ops):
                    continue
                found.extend(stale_entries(f"select/{side}/{key}", [entry], known, what, config.source, pointer_of=lambda _e, i=index: (str(i),)))
    found.extend(
        stale_entries(
            "resources/overrides",
            [k for k in config.overrides if not any(matches(k, op) for op in spec_ops)],
            op_keys,
            "operation answers to the op key (operationId or \"METHOD /path\")",
            config.source,
        )
    )
    return found


def refuse_duplicates(where: str, mapping: Mapping[str, object], spec_ops: Iterable[OpRef], source: str) -> None:
    """Two entries that name one operation (its operationId and its ``"METHOD /path"``) are an error."""
    for first, second, op in duplicate_keys(mapping, spec_ops):
        raise GeneratorError(
            f"{first!r} and {second!r} both name {op.method.upper()} {op.path}",
            file=source,
            pointer=join_pointer("", *where.split("/"), second),
            hint="keep one of the two entries (\"METHOD /path\" survives an upstream operationId rename)",
            exit_code=2,
        )
