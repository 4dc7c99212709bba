"""Template context for the generated test suite (``tests/``): one module per resource, like openai-python.

For every operation the suite calls the method with required arguments only,
with every argument (when that differs), through ``.with_raw_response`` and
``.with_streaming_response``, and with each path parameter empty (a
``ValueError`` before anything is sent). Operations with a ``stream`` flag get
the same calls again with ``stream=True``. The calls go to a mock server that
validates requests (Steady, started by the generated ``conftest.py``), except
binary downloads, which a mocked transport answers (a mock server cannot check
binary bodies).

Argument values come from :mod:`generator.render.examples`; this module only
decides which tests exist and writes their pieces of text. The templates in
``templates/tests/`` lay them out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from generator.diagnostics import Diagnostic, Diagnostics, Severity
from generator.ir.model import (
    AliasDef,
    Api,
    ArrayType,
    MapType,
    NamedRef,
    ObjectDef,
    Operation,
    PrimitiveType,
    Resource,
    TypeExpr,
)
from generator.emit.code import Code, py_str, py_value
from generator.render.examples import FILE, FILE_CONTENT, CannotSynthesize, Synthesizer

_V = TypeVar("_V")
CaseKind = Literal["method", "raw", "streaming", "path_params", "skipped"]
ENV_BASE_URL = "TEST_API_BASE_URL"
ENV_SPEC = "TEST_SPEC_PATH"
ENV_STEADY = "TEST_STEADY"
ENV_KNOWN_FAILURES = "TEST_KNOWN_FAILURES"
MOCK_BASE_URL = "http://mock.test"
ARRAY_FORMAT = "brackets"
"""The runtime's default array format (``RuntimeContext.array_format``): ``a[]=1``, ``m[k]=v``."""
STEADY_OPTIONS = (
    "--log-format=text",  # under CI=true Steady switches to a CI format without the "Ready" line we wait for
    f"--validator-query-array-format={ARRAY_FORMAT}",
    f"--validator-query-object-format={ARRAY_FORMAT}",
    f"--validator-form-array-format={ARRAY_FORMAT}",
    f"--validator-form-object-format={ARRAY_FORMAT}",
    "--stream-interval=0",
)
BINARY_BODY = b"raw binary response"


@dataclass
class PathCase:
    """One empty path parameter: the call's arguments and the error it must raise."""

    args: str
    match: str
    """Python literal of the regular expression the error message must match."""


@dataclass
class CaseView:
    name: str
    """Function name without ``test_``."""
    kind: CaseKind
    resource: str
    """Attribute path of the resource from the client (``chat.completions``)."""
    method: str
    args: str
    """Argument text of the call, without parentheses."""
    mocked: bool
    """Answered by the mocked transport instead of the mock server."""
    checks: tuple[str, ...] = ()
    """Statements about ``result`` (sync)."""
    async_checks: tuple[str, ...] = ()
    expected_path: str = ""
    """For mocked calls: Python literal of the request path the transport must see."""
    path_cases: tuple[PathCase, ...] = ()
    binds_result: bool = True
    """False when the method returns ``None`` (the call is a statement; type checkers reject binding it)."""
    skip_reason: str = ""
    """Python literal of why the test is skipped (no valid argument values could be made), or ``""``."""


@dataclass
class SuiteModuleView:
    path: str
    """File path relative to the output folder."""
    class_name: str
    resource: str
    tests: list[CaseView] = field(default_factory=list)
    imports: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    """``(module, names)``; a name may be ``"X as Y"``."""
    uses_mock: bool = False


@dataclass
class ConftestView:
    client_class: str
    async_client_class: str
    credentials: tuple[tuple[str, str], ...]
    """``(option, value)`` passed to every test client."""
    env_base_url: str = ENV_BASE_URL
    env_spec: str = ENV_SPEC
    env_steady: str = ENV_STEADY
    env_known_failures: str = ENV_KNOWN_FAILURES
    mock_base_url: str = MOCK_BASE_URL
    binary_body: str = ""
    """Python literal of the body the mocked transport answers with."""
    steady_options: tuple[str, ...] = ()
    client_fixture: str = "client"
    async_client_fixture: str = "async_client"
    mocked_fixture: str = "mocked"
    async_mocked_fixture: str = "async_mocked"
    mocked_annotation: str = ""
    async_mocked_annotation: str = ""


def _regex_literal(text: str) -> str:
    """A Python literal of a regular expression matching ``text`` exactly."""
    return py_str(re.sub(r"([.^$*+?{}\[\]|()\\])", r"\\\1", text))


def python_literal(value: object) -> str:
    """Python source for an example value; file contents become bytes."""
    return py_value(_files_as_bytes(value))


def _files_as_bytes(value: object) -> object:
    if value is FILE:
        return FILE_CONTENT
    if isinstance(value, list):
        return [_files_as_bytes(v) for v in value]
    if isinstance(value, dict):
        return {k: _files_as_bytes(v) for k, v in value.items()}
    return value


def python_literal_bytes(data: bytes) -> str:
    return py_value(data)


class SuiteRenderer:
    def __init__(self, api: Api) -> None:
        self.api = api
        self.package = api.package.name
        self.ops: dict[str, Operation] = {o.operation_id: o for o in api.operations}
        self.defs = {t.name: t for t in api.types}
        self.synth = Synthesizer(api)
        self.skipped: list[Diagnostic] = []
        """One warning per operation whose tests are skipped."""
        client = api.client
        self.reserved = {client.class_name, client.async_class_name, "Stream", "AsyncStream", "SyncPage", "AsyncPage",
                         "BinaryResponse", "AsyncBinaryResponse", "Mocked", "pytest", "httpx", "os", "Any", "cast"}

    # -- modules ---------------------------------------------------------------------------

    def modules(self) -> list[SuiteModuleView]:
        views: list[SuiteModuleView] = []

        def walk(node: Resource) -> None:
            if node.path and node.operations:
                views.append(self.module(node))
            for child in node.children:
                walk(child)

        walk(self.api.resources)
        return views

    def module(self, node: Resource) -> SuiteModuleView:
        folder = "/".join(("tests", "api_resources", *node.path[:-1]))
        view = SuiteModuleView(f"{folder}/test_{node.path[-1]}.py", node.class_name, ".".join(node.path))
        names: dict[str, set[str]] = {}
        runtime: dict[str, set[str]] = {}
        for op_id in node.operations:
            op = self.ops[op_id]
            view.tests.extend(self.tests(op, view.resource, names, runtime))
        view.uses_mock = any(t.mocked or t.kind == "path_params" for t in view.tests)
        imports = [(f"{self.package}.{m}", tuple(sorted(n))) for m, n in sorted(runtime.items())]
        imports += [(f"{self.package}.types.{m}", tuple(sorted(n))) for m, n in sorted(names.items())]
        view.imports = imports
        return view

    # -- tests of one operation --------------------------------------------------------------

    def tests(self, op: Operation, resource: str, names: dict[str, set[str]], runtime: dict[str, set[str]]) -> list[CaseView]:
        """The operation's tests; one skipped test, and a warning, when no valid argument values can be made."""
        try:
            return self._tests(op, resource, names, runtime)
        except CannotSynthesize as exc:
            reason = f"no valid test values for {op.method.upper()} {op.path}: {exc}"
            self.skipped.append(
                Diagnostic("test-skipped", reason, op.source, self.api.source_file, Severity.WARNING, "give the parameter or property an example the spec's constraints accept")
            )
            return [CaseView(f"method_{op.method_name}", "skipped", resource, op.method_name, "", False, skip_reason=py_str(reason))]

    def _tests(self, op: Operation, resource: str, names: dict[str, set[str]], runtime: dict[str, set[str]]) -> list[CaseView]:
        method = op.method_name
        mocked = op.returns.kind == "binary"
        required = self.arguments(op, full=False)
        full = self.arguments(op, full=True)
        stream_py = self._stream_kwarg(op)
        groups: list[tuple[str, list[str], list[str], bool]] = []
        if stream_py:
            groups.append(("", required, full + [f"{stream_py}=False"], False))
            groups.append(("_streaming", required + [f"{stream_py}=True"], full + [f"{stream_py}=True"], True))
        else:
            groups.append(("", required, full, op.returns.kind == "sse"))
        tests: list[CaseView] = []
        expected_path = self._expected_path(op) if mocked else ""
        for suffix, req, every, streams in groups:
            checks, async_checks = self._checks(op, streams, names, runtime)
            binds = op.returns.kind != "empty" or streams
            calls: list[tuple[str, CaseKind, list[str]]] = [(f"method_{method}{suffix}", "method", req)]
            if every != req:
                calls.append((f"method_{method}{suffix}_with_all_params", "method", every))
            calls += [(f"raw_response_{method}{suffix}", "raw", req), (f"streaming_response_{method}{suffix}", "streaming", req)]
            for name, kind, args in calls:
                tests.append(CaseView(name, kind, resource, method, ", ".join(args), mocked, checks, async_checks,
                                      expected_path=expected_path, binds_result=binds))
        path_params = [p for p in op.parameters if p.location == "path"]
        if path_params:
            cases = []
            for i, empty in enumerate(path_params):
                # The required call with this path argument (the i-th positional one) empty: the
                # values are the same, so they are not synthesized again.
                args = [*required[:i], '""', *required[i + 1 :]]
                if stream_py:
                    args = args + [f"{stream_py}=False"]
                message = f"Expected a non-empty value for `{empty.name}` but received ''"
                cases.append(PathCase(", ".join(args), _regex_literal(message)))
            tests.append(CaseView(f"path_params_{method}", "path_params", resource, method, "", True, path_cases=tuple(cases)))
        return tests

    def arguments(self, op: Operation, *, full: bool) -> list[str]:
        """``name=value`` texts (path parameters positional first, in their order) for a call."""
        args: list[str] = []
        for p in op.parameters:
            if p.location == "path":
                args.append(python_literal(self.synth.value(p.type, full=full, hint=p.py_name, examples=p.examples)))
        for p in op.parameters:
            if p.location != "path" and (p.required or full):
                args.append(f"{p.py_name}={python_literal(self.synth.value(p.type, full=full, hint=p.py_name, examples=p.examples))}")
        body = op.body
        if body is not None:
            if body.fields:
                for f in body.fields:
                    if f.name == op.returns.stream_flag and op.returns.stream_event is not None:
                        continue
                    if f.required or full:
                        args.append(f"{f.py_name}={python_literal(self.synth.field_value(f, full=full))}")
            elif body.required or full:
                value = self.synth.value(body.body_type, full=full, hint="body") if body.body_type is not None else {}
                args.append(f"{body.arg_name}={python_literal(value)}")
        return args

    def _stream_kwarg(self, op: Operation) -> str:
        r = op.returns
        if not (r.stream_flag and r.stream_event is not None and op.body is not None and r.kind == "json"):
            return ""
        return next(f.py_name for f in op.body.fields if f.name == r.stream_flag)

    def _expected_path(self, op: Operation) -> str:
        path = op.path.split("?", 1)[0]
        for p in op.parameters:
            if p.location == "path":
                value = self.synth.value(p.type, full=False, hint=p.py_name, examples=p.examples)
                text = "true" if value is True else "false" if value is False else str(value)
                path = path.replace("{" + p.name + "}", text)
        return py_str(path)

    # -- what a result must look like ---------------------------------------------------------

    def _checks(self, op: Operation, streams: bool, names: dict[str, set[str]], runtime: dict[str, set[str]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        r = op.returns
        if streams:
            runtime.setdefault("_streaming", set()).update({"Stream", "AsyncStream"})
            declared = any(c.kind == "sse" for resp in op.responses if resp.status.startswith("2") for c in resp.contents)
            # Events are expected only when the spec declares text/event-stream (a mock server streams
            # what the spec describes; an inferred stream gets the JSON response instead).
            expect = ('assert events, "the stream sent no events"',) if declared else ("# no text/event-stream response in the spec: a mock server may send none",)
            return (
                ("assert isinstance(result, Stream)", "events = [event for event in result]", *expect, "result.close()"),
                ("assert isinstance(result, AsyncStream)", "events = [event async for event in result]", *expect, "await result.close()"),
            )
        if op.pagination is not None:
            runtime.setdefault("_pagination", set()).update({"SyncPage", "AsyncPage"})
            return ("assert isinstance(result, SyncPage)",), ("assert isinstance(result, AsyncPage)",)
        if r.kind == "binary":
            runtime.setdefault("_response", set()).update({"BinaryResponse", "AsyncBinaryResponse"})
            body = python_literal_bytes(BINARY_BODY)
            return (
                ("assert isinstance(result, BinaryResponse)", f"assert result.read() == {body}"),
                ("assert isinstance(result, AsyncBinaryResponse)", f"assert await result.read() == {body}"),
            )
        if r.kind == "text":
            return ("assert isinstance(result, str)",), ("assert isinstance(result, str)",)
        if r.kind == "empty":
            return (), ()
        target = self._isinstance_target(r.type, names)
        line = (f"assert isinstance(result, {target})",) if target else ()
        return line, line

    def _isinstance_target(self, expr: TypeExpr | None, names: dict[str, set[str]]) -> str:
        seen: set[str] = set()
        while isinstance(expr, NamedRef) and expr.name not in seen:
            seen.add(expr.name)
            d = self.defs.get(expr.name)
            if isinstance(d, ObjectDef):
                local = d.name if d.name not in self.reserved else f"{d.name}Model"
                names.setdefault(d.module, set()).add(d.name if local == d.name else f"{d.name} as {local}")
                return local
            if not isinstance(d, AliasDef):
                return ""
            expr = d.target
        if isinstance(expr, ArrayType):
            return "list"
        if isinstance(expr, MapType):
            return "dict"
        if isinstance(expr, PrimitiveType):
            return {"str": "str", "int": "int", "float": "(int, float)", "bool": "bool"}[expr.name]
        return ""

    # -- conftest ------------------------------------------------------------------------------

    def conftest(self) -> ConftestView:
        credentials: list[tuple[str, str]] = []
        for scheme in self.api.client.security_schemes:
            for option in scheme.options:
                if all(option != o for o, _ in credentials):
                    credentials.append((option, py_str(f"My {option.replace('_', ' ').title()}")))
        client = self.api.client
        return ConftestView(client.class_name, client.async_class_name, tuple(credentials),
                            binary_body=python_literal_bytes(BINARY_BODY), steady_options=STEADY_OPTIONS,
                            mocked_annotation=f"Mocked[{client.class_name}]", async_mocked_annotation=f"Mocked[{client.async_class_name}]")


def render_tests(api: Api, env: object, common: dict[str, object], diagnostics: Diagnostics | None = None) -> dict[str, str]:
    """Every file of the generated test suite, keyed by path relative to the output folder.

    Operations whose tests are skipped (see :meth:`SuiteRenderer.tests`) are reported to ``diagnostics``.
    """
    renderer = SuiteRenderer(api)
    modules = [_as_code(m) for m in renderer.modules()]
    if diagnostics is not None:
        diagnostics.extend(renderer.skipped)
    conftest = _as_code(renderer.conftest())
    files: dict[str, str] = {}
    module_template = env.get_template("tests/test_resource.py.j2")  # type: ignore[attr-defined]
    for view in modules:
        files[view.path] = module_template.render(m=view, c=conftest, **common)
        folder = view.path.rsplit("/", 1)[0]
        parts = folder.split("/")
        for i in range(1, len(parts) + 1):
            files.setdefault("/".join(parts[:i]) + "/__init__.py", f"# {common['header']}\n")
    files["tests/__init__.py"] = f"# {common['header']}\n"
    files["tests/conftest.py"] = env.get_template("tests/conftest.py.j2").render(c=conftest, **common)  # type: ignore[attr-defined]
    return files


def _as_code(view: _V) -> _V:
    """Mark a view's text as code, in place (views are made for one render). Every piece was
    written above from IR identifiers and :mod:`generator.emit.code` literals, so this adds no
    spec text; it lets the templates, which print only code, lay the suite out."""
    import dataclasses

    fields_of: dict[type, tuple[str, ...]] = {}
    """Each view class's field names, looked up once."""
    done: dict[int, tuple[tuple[object, ...], tuple[object, ...]]] = {}
    """``id(tuple)`` -> ``(tuple, marked)``: the cases of one call share their checks (the tuple is
    kept, so its id stays its own)."""

    # ~20k values for the OpenAI spec: text and flags are handled where they are met, without a call.
    def conv(value: Any) -> Any:
        kind = type(value)
        if kind is str:
            return Code(value)
        if kind is tuple:
            known = done.get(id(value))
            if known is None:
                known = done[id(value)] = (value, tuple([Code(v) if type(v) is str else conv(v) for v in value]))
            return known[1]
        if kind is list:
            return [Code(v) if type(v) is str else conv(v) for v in value]
        names = fields_of.get(kind)
        if names is None:
            is_view = dataclasses.is_dataclass(value) and not isinstance(value, type)
            names = fields_of[kind] = tuple(f.name for f in dataclasses.fields(value)) if is_view else ()
        for name in names:
            v = getattr(value, name)
            t = type(v)
            if t is str:
                setattr(value, name, Code(v))
            elif t is not bool:
                setattr(value, name, conv(v))
        return value

    return conv(view)
