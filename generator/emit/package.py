"""Emission of the package-level files: ``_client.py``, ``__init__.py``, the ``types`` index,
``pyproject.toml`` and ``README.md``.

Every piece of spec or config text here (title, server URL, scheme names, env vars,
descriptions) is turned into code by :mod:`generator.emit.code`, so a title such as
``x"; import os`` stays a string.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.emit.code import Code, dotted, ident, md_block, md_code, md_fence, md_text, py_docstring, py_str, toml_document
from generator.emit.expr import Attr, Call, Const, DictOf, Name, TupleOf, render
from generator.emit.scope import ModuleScope, Symbol
from generator.emit.extensions import ReadmeSection, readme_sections
from generator.ir.model import Api, ClientDef, EnumDef, SecurityScheme, TypeDef


@dataclass(frozen=True)
class Credential:
    option: Code
    env: Code
    """``py_str`` of the env var name, or empty."""


@dataclass(frozen=True)
class HeaderOptionEmission:
    option: Code
    env: Code


@dataclass(frozen=True)
class ChildResource:
    attr: Code
    cls: Code
    async_cls: Code
    module: Code


@dataclass
class ClientEmission:
    class_name: Code
    async_class_name: Code
    doc: Code
    async_doc: Code
    security_schemes: Code
    """The ``{name: SecurityScheme...}`` dict expression."""
    default_security: Code
    header_options: Code
    fixed_headers: Code
    """The ``{header: value}`` dict of ``client.default_headers``, or empty when there are none."""
    base_url: Code
    """The default base URL literal, or ``None`` when the spec has none."""
    base_url_env: Code
    no_base_url_message: Code
    credentials: list[Credential] = field(default_factory=list)
    headers: list[HeaderOptionEmission] = field(default_factory=list)
    options: list[HeaderOptionEmission] = field(default_factory=list)
    """Other options the extensions add (``webhook_secret``): attributes ``copy()`` may change (``client_options``)."""
    client_options: Code = Code("")
    """The ``client_options`` tuple literal when there are such options, else empty."""
    credential_check: Code = Code("")
    """``self.a is None and self.b is None`` when a credential is required, else empty."""
    credential_message: Code = Code("")
    children: list[ChildResource] = field(default_factory=list)
    names: dict[str, Code] = field(default_factory=dict)
    stdlib_imports: tuple[Code, ...] = ()
    thirdparty_imports: tuple[Code, ...] = ()
    local_imports: tuple[Code, ...] = ()


def credentials(c: ClientDef) -> list[tuple[SecurityScheme, str, str]]:
    """``(scheme, client option, env var or "")`` for every credential option of the client."""
    return [(s, opt, s.env_vars[i] if i < len(s.env_vars) else "") for s in c.security_schemes for i, opt in enumerate(s.options)]


def client_emission(api: Api, children: list[tuple[str, str, str]]) -> ClientEmission:
    c: ClientDef = api.client
    pkg = api.package.name
    scope = ModuleScope(f"{pkg}._client", frozenset({c.class_name, c.async_class_name}), frozenset(), relative=True)
    rt = lambda module, name: Name(Symbol(f"{pkg}.{module}", name))  # noqa: E731
    scheme = rt("_base_client", "SecurityScheme")
    entries = []
    for s in c.security_schemes:
        if s.kind == "bearer":
            call = Call(Attr(scheme, "bearer"), (Const(s.options[0]),))
        elif s.kind == "basic":
            call = Call(Attr(scheme, "basic"), (Const(s.options[0]), Const(s.options[1])))
        else:
            call = Call(Attr(scheme, "api_key"), (Const(s.options[0]),), (("name", Const(s.param_name)), ("location", Const(s.location))))
        entries.append((Const(s.name), call))
    names = {
        n: scope.name(sym)
        for n, sym in {
            "os": Symbol("os", "environ", as_module=True),
            "cached_property": Symbol("functools", "cached_property"),
            "TYPE_CHECKING": Symbol("typing", "TYPE_CHECKING"),
            "ClassVar": Symbol("typing", "ClassVar"),
            "Mapping": Symbol("typing", "Mapping"),
            "httpx.Timeout": Symbol("httpx", "Timeout", as_module=True),
            "httpx.URL": Symbol("httpx", "URL", as_module=True),
            "httpx.Client": Symbol("httpx", "Client", as_module=True),
            "httpx.AsyncClient": Symbol("httpx", "AsyncClient", as_module=True),
            "SyncAPIClient": Symbol(f"{pkg}._base_client", "SyncAPIClient"),
            "AsyncAPIClient": Symbol(f"{pkg}._base_client", "AsyncAPIClient"),
            "SecurityScheme": Symbol(f"{pkg}._base_client", "SecurityScheme"),
            "DEFAULT_MAX_RETRIES": Symbol(f"{pkg}._constants", "DEFAULT_MAX_RETRIES"),
            "NotGiven": Symbol(f"{pkg}._types", "NotGiven"),
            "not_given": Symbol(f"{pkg}._types", "not_given"),
            "__version__": Symbol(f"{pkg}._version", "__version__"),
            "BaseError": Symbol(f"{pkg}._exceptions", c.base_error),
        }.items()
    }
    title = api.package.title
    em = ClientEmission(
        class_name=ident(c.class_name),
        async_class_name=ident(c.async_class_name),
        doc=py_docstring(f"Client for {title}.", 4),
        async_doc=py_docstring(f"Asynchronous client for {title}.", 4),
        security_schemes=render(DictOf(tuple(entries)), scope),
        default_security=render(TupleOf(tuple(TupleOf(tuple(Const(s) for s in alt)) for alt in c.default_security)), scope),
        header_options=render(DictOf(tuple((Const(h.option), Const(h.header)) for h in c.header_options)), scope),
        fixed_headers=render(DictOf(tuple((Const(k), Const(v)) for k, v in c.fixed_headers)), scope) if c.fixed_headers else Code(""),
        base_url=py_str(c.base_url) if c.base_url else Code("None"),
        base_url_env=py_str(c.base_url_env),
        no_base_url_message=py_str(
            f"No base URL: the API description names no server; pass base_url= to the client, or set {c.base_url_env}"
        ),
        names=names,
    )
    options: list[str] = []
    for _, opt, env in credentials(c):
        em.credentials.append(Credential(ident(opt), py_str(env) if env else Code("")))
        options.append(opt)
    for h in c.header_options:
        em.headers.append(HeaderOptionEmission(ident(h.option), py_str(h.env_var) if h.env_var else Code("")))
    from generator.emit.extensions import extra_client_options

    for option, env in extra_client_options(api):
        em.options.append(HeaderOptionEmission(ident(option), py_str(env) if env else Code("")))
    if em.options:
        em.client_options = Code("(" + "".join(f"{py_str(o)}, " for o, _ in extra_client_options(api)) + ")")
    if c.credentials_required and c.security_schemes:
        em.credential_check = Code(" and ".join(f"self.{ident(o)} is None" for o in options))
        alternatives = " or ".join(" and ".join(s.options) for s in c.security_schemes)
        env_alternatives = " or ".join(" and ".join(s.env_vars) for s in c.security_schemes if s.env_vars)
        message = f"No credentials: pass {alternatives} to the client" + (f", or set {env_alternatives}" if env_alternatives else "")
        em.credential_message = py_str(message)
    for attr, cls, module in children:
        em.children.append(ChildResource(ident(attr), ident(cls), ident("Async" + cls), dotted(module)))
    em.stdlib_imports, em.thirdparty_imports, em.local_imports = scope.import_lines()
    return em


@dataclass(frozen=True)
class Export:
    name: Code
    name_str: Code
    module: Code
    module_str: Code


def type_exports(types: tuple[TypeDef, ...], package: str = "") -> list[Export]:
    """Every public name defined below the ``types`` sub-package ``package`` (``""``: all of them,
    ``"chat"``: those of ``types/chat/`` and its sub-packages), sorted by name; modules relative to it."""
    prefix = package + "." if package else ""
    pairs: set[tuple[str, str]] = set()
    for d in types:
        if not d.module.startswith(prefix):
            continue
        module = d.module[len(prefix) :]
        if d.usage.response or isinstance(d, EnumDef):
            pairs.add((d.name, module))
        if d.usage.request and not isinstance(d, EnumDef):
            pairs.add((d.param_name, module))
    modules: dict[str, tuple[Code, Code]] = {}
    """Module -> its path and its path as a literal: a module defines a few of the names."""
    out = []
    for n, m in sorted(pairs):
        path = modules.get(m)
        if path is None:
            path = modules[m] = (dotted(m), py_str(m))
        out.append(Export(ident(n), py_str(n), *path))
    return out


@dataclass(frozen=True)
class TypesPackageEmission:
    """A ``types`` package's ``__init__``: lazy re-exports of every type below it, and its sub-packages."""

    path: str
    """Dotted path below ``types`` (``""`` for ``types`` itself)."""
    exports: tuple[Export, ...]
    subpackages: tuple[tuple[Code, Code], ...]
    """``(name, name as a string literal)`` of the sub-packages directly below it."""


def type_packages(types: tuple[TypeDef, ...]) -> list[TypesPackageEmission]:
    """``types`` and every sub-package the modules' dotted paths imply (``chat.chat_completion`` -> ``chat``)."""
    packages = {""}
    for d in types:
        parts = d.module.split(".")
        packages.update(".".join(parts[:i]) for i in range(1, len(parts)))
    out = []
    for path in sorted(packages):
        prefix = path + "." if path else ""
        children = sorted({p[len(prefix) :].split(".")[0] for p in packages if p != path and p.startswith(prefix)})
        out.append(TypesPackageEmission(path, tuple(type_exports(types, path)), tuple((ident(c), py_str(c)) for c in children)))
    return out


def pyproject(api: Api) -> Code:
    """``pyproject.toml`` of the generated distribution, written by tomli-w."""
    from generator.emit.extensions import optional_dependencies

    p = api.package
    project: dict[str, object] = {
        "name": p.distribution,
        "version": p.version,
        "description": p.summary or f"Typed Python client for {p.title}",
        "readme": "README.md",
        "requires-python": ">=3.9",
        "dependencies": ["httpx>=0.23.0, <1", "pydantic>=2.7, <3", "typing-extensions>=4.10, <5", "anyio>=3.5.0, <5"],
    }
    if p.license:
        project["license"] = p.license  # PEP 639 SPDX expression (setuptools >= 77)
    if p.authors:
        project["authors"] = [{k: v for k, v in (("name", name), ("email", email)) if v} for name, email in p.authors]
    if p.urls:
        project["urls"] = dict(p.urls)
    extras = optional_dependencies(api)
    if extras:
        project["optional-dependencies"] = extras  # pip install pkg[realtime]
    data = {
        "build-system": {"requires": ["setuptools>=77" if p.license else "setuptools>=61"], "build-backend": "setuptools.build_meta"},
        "project": project,
        "tool": {
            "setuptools": {
                "packages": {"find": {"include": [f"{p.name}*"]}},
                "package-data": {p.name: ["py.typed"]},
            }
        },
    }
    return toml_document(data)


@dataclass(frozen=True)
class ReadmeRow:
    attr: Code
    method: Code
    http: Code


@dataclass(frozen=True)
class ReadmeExample:
    """One call per resource, with argument values from the spec's examples (or made to fit its schema)."""

    title: Code
    fence: Code
    code: Code


@dataclass
class ReadmeEmission:
    class_name: Code
    async_class_name: Code
    base_error: Code
    log_debug: Code
    title: Code
    description: Code
    distribution: Code
    construct: Code
    """``Client(api_key="...")`` as a Python line."""
    credential_rows: list[Code]
    base_url: Code
    base_url_env: Code
    rows: list[ReadmeRow]
    examples: list[ReadmeExample]
    paginated: Code
    """A paginated method to show iterating (``client.pets.list()``), or empty."""
    streaming: Code
    """A streaming call to show, or empty."""
    spec: Code
    """Which spec the package came from (title, version, sha256), for the regeneration note."""
    extensions: list[ReadmeSection] = field(default_factory=list)
    """Sections on webhooks, realtime and Azure (:func:`generator.emit.extensions.readme_sections`)."""


def readme(api: Api) -> ReadmeEmission:
    from generator.render.examples import CannotSynthesize
    from generator.render.tests_view import SuiteRenderer

    c = api.client
    first = c.security_schemes[0].options[0] if c.security_schemes else ""
    construct = Code(f'{ident(c.class_name)}({ident(first)}="...")' if first else f"{ident(c.class_name)}()")
    rows_cred: list[Code] = []
    for s, opt, env in credentials(c):
        where = f" in {s.location} {md_code(s.param_name)}" if s.kind == "api_key" else ""
        rows_cred.append(Code(f"- {md_code(opt)}: {md_code(env) if env else ''} ({md_text(s.kind)}{where})"))
    rows = [
        ReadmeRow(md_code("client." + ".".join(op.resource)), md_code(op.method_name), Code(f"{md_text(op.method.upper())} {md_code(op.path)}"))
        for op in sorted(api.operations, key=lambda o: o.resource)
    ]
    suite = SuiteRenderer(api)
    examples: list[ReadmeExample] = []
    paginated = streaming = ""
    seen: set[tuple[str, ...]] = set()
    for op in sorted(api.operations, key=lambda o: (o.resource, o.method_name)):
        sse = op.returns.kind == "sse"
        flagged = bool(op.returns.stream_flag and op.returns.stream_event is not None and op.body is not None)
        if op.resource in seen and not (op.pagination is not None and not paginated) and not ((sse or flagged) and not streaming):
            continue  # nothing left to show with this operation: its arguments are not made (the tests make them again)
        try:
            args = suite.arguments(op, full=False)
        except CannotSynthesize:  # no value fits the schema: that operation gets no example
            continue
        target = f"client.{'.'.join(op.resource)}.{op.method_name}"
        call = f"{target}({', '.join(args)})"
        if op.pagination is not None and not paginated:
            paginated = call
        if not streaming and sse:
            streaming = call
        elif not streaming and flagged:
            assert op.body is not None  # flagged says so
            flag = next((f.py_name for f in op.body.fields if f.name == op.returns.stream_flag), "")
            streaming = f"{target}({', '.join([*args, f'{flag}=True'])})" if flag else ""
        if op.resource in seen:
            continue
        seen.add(op.resource)
        bind = "" if op.returns.kind == "empty" else "result = "
        code = f"{bind}{call}" + ("\nprint(result)" if bind else "")
        examples.append(ReadmeExample(md_code("client." + ".".join(op.resource), in_table=False), md_fence(code), Code(code)))
    stamp = api.spec
    spec = " ".join(t for t in (stamp.title, stamp.version) if t)
    return ReadmeEmission(
        class_name=ident(c.class_name),
        async_class_name=ident(c.async_class_name),
        base_error=ident(c.base_error),
        log_debug=md_code(f"{c.log_env}=debug"),
        title=md_text(api.package.title),
        description=md_block(api.package.description),
        distribution=md_code(f"pip install {api.package.distribution}"),
        construct=construct,
        credential_rows=rows_cred,
        base_url=md_code(c.base_url) if c.base_url else Code("(none: the API description names no server)"),
        base_url_env=md_code(c.base_url_env),
        rows=rows,
        examples=examples,
        paginated=Code(paginated),
        streaming=Code(streaming),
        spec=md_text(spec) if spec else Code("its API description"),
        extensions=readme_sections(api),
    )
