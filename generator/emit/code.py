"""The one way spec text becomes generated text.

Everything a template prints is a :class:`Code` value: a ``str`` that one of the
functions here made safe for the spot it goes into. The template environment
refuses anything else (:func:`require_code`), so a template cannot paste raw spec
text into a file, and a spec cannot break out of a string literal, a docstring,
a comment, a TOML string or a Markdown table.

* :func:`py_str` - a Python string literal (valid for NUL, CR/LF, lone
  surrogates, backslashes and quotes: ``repr`` escapes all of them).
* :func:`py_docstring` - a complete triple-quoted docstring.
* :func:`py_value` - a Python literal of a JSON value (non-finite floats as
  ``float("inf")``).
* :func:`ident` - an identifier the IR decided; anything else is a generator bug.
* :func:`py_comment` - the text of a ``#`` comment (one line, no control characters).
* :func:`toml_document` - a TOML document, written by tomli-w.
* :func:`md_text` / :func:`md_code` - Markdown text and inline code.
"""

from __future__ import annotations

import functools
import keyword
import math
import re
from typing import Any, Iterable, Mapping

import tomli_w
from markupsafe import Markup


class Code(str):
    """Text that is safe to print where it was made for. Only this module and the
    emission stage make it; templates print nothing else."""

    __slots__ = ()

    def __html__(self) -> str:
        # The template environment runs with autoescape on, so that a macro's output (which
        # Jinja marks as Markup) can be told from a raw value; code is printed as it is.
        return self


class Text:
    """Spec or config text handed to templates for them to place (an operation's summary, a
    parameter's description, the API's title). It is not :class:`Code`: printing it as it is
    fails the render. A template picks the spot it goes into, and the escaping with it:

    * ``.py`` a Python string literal, ``.doc`` text safe inside a docstring, ``.comment`` one
      line of a ``#`` comment, ``.md`` Markdown text, ``.mdcode`` inline Markdown code;
    * or compose it first and escape the result with a filter:
      ``{{ (m.doc_text ~ "\\n\\nSee the museum guide.") | docstring(8) }}``.

    ``str(text)`` (and Jinja's ``~``) gives the raw text, which again prints only through a filter.
    """

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"Text({self.value!r})"

    def __bool__(self) -> bool:
        return bool(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)

    @property
    def py(self) -> Code:
        return py_str(self.value)

    @property
    def doc(self) -> Code:
        return py_doc_text(self.value)

    @property
    def comment(self) -> Code:
        return py_comment(self.value)

    @property
    def md(self) -> Code:
        return md_text(self.value)

    @property
    def mdcode(self) -> Code:
        return md_code(self.value, in_table=False)


def text(value: str | None) -> Text:
    """Spec or config text for a template to place (see :class:`Text`)."""
    return Text(value or "")


class RawValueError(TypeError):
    """A template tried to print a value that did not come through this module."""


def code(text: str) -> Code:
    """Mark generator-written text (keywords, punctuation, fixed names) as code.
    Never call this on text from a spec, a config or a template."""
    return Code(text)


def require_code(value: object) -> object:
    """Jinja ``finalize`` hook: let through only :class:`Code`, the output of a macro (made of
    template text and code), ints and bools; ``None`` prints nothing."""
    if isinstance(value, (Code, Markup)):
        return value
    if value is None:
        return Code("")
    if isinstance(value, (bool, int)) and not isinstance(value, float):
        return Code(str(value))
    if isinstance(value, Text):
        raise RawValueError(
            f"a template printed spec text ({value.value[:60]!r}) without saying where it goes; "
            "print .py, .doc, .comment, .md or .mdcode of it, or pass it through a filter (pystr, docstring, comment, md, mdcode)"
        )
    raise RawValueError(
        f"a template printed a raw {type(value).__name__} ({str(value)[:60]!r}); "
        "values reach generated files only through the escaping filters "
        "(pystr, docstring, pyvalue, comment, md, mdcode) or the emission stage"
    )


def template_environment(loader: Any, **options: Any) -> Any:
    """A Jinja environment whose templates print only :class:`Code`.

    ``finalize`` rejects any other value (a raw spec string fails the render instead of
    reaching a file), and only the filters below exist: none that could mark raw text safe
    (``safe``, ``tojson``) or that escape for HTML.
    """
    import jinja2

    env = jinja2.Environment(
        loader=loader,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=require_code,
        **options,
    )
    env.code_generator_class = _code_generator()
    keep = {"length", "count", "first", "last", "list", "sort", "selectattr", "rejectattr", "map", "select", "reject", "unique", "default", "d", "batch", "groupby", "dictsort", "reverse", "min", "max", "sum", "attr", "items"}
    env.filters = {k: v for k, v in env.filters.items() if k in keep}
    env.filters.update(
        {name: _unwrapping(f) for name, f in {"pystr": py_str, "docstring": py_docstring, "pyvalue": py_value, "comment": py_comment, "md": md_text, "mdcode": md_code}.items()}
    )
    env.filters["join"] = join
    env.oasgen_concat = concat  # type: ignore[attr-defined]  # what `~` compiles to (see concat)
    return env


def concat(parts: Iterable[object]) -> str:
    """Jinja's ``~``: code joined to code is code; anything else joined is raw text again, which
    prints only through a filter. (Jinja's own ``~`` under autoescape returns markup and HTML-escapes
    the raw parts, so ``summary ~ name`` would print spec text as it is, newlines included.)"""
    items = list(parts)
    if all(isinstance(p, (Code, Markup)) or (isinstance(p, int) and not isinstance(p, float)) for p in items):
        return Code("".join(str(p) for p in items))
    return "".join(str(p) for p in items)


@functools.cache
def _code_generator() -> Any:
    """Jinja's code generator with these changes:

    * it prints ``finalize(value)`` where autoescape prints ``escape(finalize(value))``:
      :func:`require_code` lets only code through, and code needs no HTML escaping (``escape`` would
      only copy it into a ``Markup``: 116k copies for the OpenAI spec). Macro output stays ``Markup``,
      which is how ``finalize`` tells it from a raw value. A value that is :class:`Code` or a
      macro's output (nearly every one) is printed without calling ``finalize`` at all: the test is inline;
    * ``obj.attr`` tries ``getattr(obj, "attr")`` inline and calls ``environment.getattr`` (an item,
      else undefined) only when there is no such attribute: the same answer as Jinja's, without a
      Python call per attribute (~150k for the OpenAI spec, a fifth of the render);
    * ``~`` is :func:`concat` (code only from code).

    The inline forms bind two temporaries with ``:=``; each is read right after it is bound, so
    nested uses cannot clobber one another.
    """
    from jinja2 import nodes
    from jinja2.compiler import CodeGenerator, Frame, optimizeconst

    def inline_finalize(frame: Frame, finalize: Any) -> bool:
        return not frame.eval_ctx.volatile and frame.eval_ctx.autoescape and finalize.src == "environment.finalize("

    class CodeOnly(CodeGenerator):
        def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
            self.writeline("from generator.emit.code import Code as _oasgen_Code")
            super().visit_Template(node, frame)

        def _output_child_pre(self, node: Any, frame: Frame, finalize: Any) -> None:
            if not inline_finalize(frame, finalize):
                super()._output_child_pre(node, frame, finalize)
                return
            self.write("(_oasgen_out if type(_oasgen_out := ")

        def _output_child_post(self, node: Any, frame: Frame, finalize: Any) -> None:
            if not inline_finalize(frame, finalize):
                super()._output_child_post(node, frame, finalize)
                return
            self.write(") is _oasgen_Code or type(_oasgen_out) is Markup else environment.finalize(_oasgen_out))")

        @optimizeconst
        def visit_Getattr(self, node: nodes.Getattr, frame: Frame) -> None:
            if self.environment.is_async:
                super().visit_Getattr(node, frame)
                return
            self.write("(_oasgen_attr if (_oasgen_attr := getattr(_oasgen_obj := ")
            self.visit(node.node, frame)
            self.write(f", {node.attr!r}, missing)) is not missing else environment.getattr(_oasgen_obj, {node.attr!r}))")

        def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
            self.write("environment.oasgen_concat((")
            for arg in node.nodes:
                self.visit(arg, frame)
                self.write(", ")
            self.write("))")

    return CodeOnly


def _unwrapping(escape: Any) -> Any:
    """A filter that takes :class:`Text` as well as ``str`` (``{{ op.summary | comment }}``)."""

    def filter_(value: object, *args: Any, **kwargs: Any) -> Code:
        return escape(value.value if isinstance(value, Text) else value, *args, **kwargs)  # type: ignore[no-any-return]

    filter_.__name__ = escape.__name__
    filter_.__doc__ = escape.__doc__
    return filter_


def join(items: Iterable[object], sep: str = ", ") -> Code:
    """Join code pieces (a Jinja filter too): every item must already be code."""
    parts = []
    for item in items:
        require_code(item)
        parts.append(str(item))
    return Code(sep.join(parts))


# ---------------------------------------------------------------------------- Python


def py_str(text: str) -> Code:
    """A Python string literal for ``text``.

    ``repr`` escapes quotes, backslashes, every non-printable character (NUL, CR,
    LF, U+2028, ...) and lone surrogates, so the literal is valid whatever the input;
    printable non-ASCII text stays readable. Double quotes are preferred (ruff's style).
    """
    if not isinstance(text, str):
        raise TypeError(f"py_str takes str, not {type(text).__name__}")
    if text.isascii() and text.isidentifier():  # names and most enum values: nothing to escape
        return Code(f'"{text}"')
    r = repr(text)
    if r[0] == "'" and '"' not in text:
        r = '"' + r[1:-1] + '"'
    return Code(r)


_DOC_UNSAFE = re.compile(r'[\\\x00-\x08\x0b-\x1f\x7f\u2028\u2029\ud800-\udfff]|"""')


def _doc_escape(match: re.Match[str]) -> str:
    s = match.group(0)
    if s == '"""':
        return '\\"\\"\\"'
    if s == "\\":
        return "\\\\"
    n = ord(s)
    if 0xD800 <= n <= 0xDFFF:
        # A lone surrogate cannot be in a class's ``__doc__`` (CPython encodes it as UTF-8 when it
        # makes the class): keep it visible as the text ``\\udXXX`` instead.
        return f"\\\\u{n:04x}"
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"


def _doc_body(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\\" not in text and '"""' not in text and text.replace("\n", "").replace("\t", "").isprintable():
        # Nothing _DOC_UNSAFE matches (every character it does is a backslash or not printable): the
        # common case, and a scan in C instead of the regular expression's (~0.5M characters for OpenAI).
        return text.strip()
    return _DOC_UNSAFE.sub(_doc_escape, text).strip()


def py_docstring(text: str, indent: int = 0) -> Code:
    """A complete ``\"\"\"...\"\"\"`` docstring for ``text`` (empty text gives empty code).

    Continuation lines are indented by ``indent`` spaces (the docstring's column), so
    the result can stand in a class or function body. Backslashes, triple quotes,
    control characters and lone surrogates are escaped; a trailing quote gets a space.
    """
    body = _doc_body(text) if text else ""
    if not body:
        return Code("")
    if body.endswith('"'):
        body += " "
    pad = " " * indent
    body = "\n".join((pad + line if line.strip() else "") if i else line for i, line in enumerate(body.split("\n")))
    return Code(f'"""{body}"""')


def py_doc_text(text: str) -> Code:
    """Text that can stand inside a docstring a template writes (backslashes, triple quotes and
    control characters escaped, like :func:`py_docstring`, without the quotes around it)."""
    body = _doc_body(text)
    return Code(body + " " if body.endswith('"') else body)


def py_value(value: object) -> Code:
    """A Python literal of a JSON value (str, int, float, bool, None, lists, dicts)."""
    if value is None or isinstance(value, bool):
        return Code(repr(value))
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, int):
        return Code(repr(value))
    if isinstance(value, float):
        return Code(repr(value) if math.isfinite(value) else f'float("{value}")')
    if isinstance(value, (list, tuple)):
        return Code("[" + ", ".join(py_value(v) for v in value) + "]")
    if isinstance(value, Mapping):
        return Code("{" + ", ".join(f"{py_str(str(k))}: {py_value(v)}" for k, v in value.items()) + "}")
    if isinstance(value, bytes):
        return Code(repr(value))
    raise TypeError(f"not a JSON-like value: {value!r}")


def is_unicode(text: str) -> bool:
    """Whether ``text`` is valid Unicode (no lone surrogate): what pydantic and UTF-8 files can hold."""
    if text.isascii():  # known without looking at the characters
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def is_identifier(name: str) -> bool:
    return name.isidentifier() and name.isascii() and not keyword.iskeyword(name) and not keyword.issoftkeyword(name)


_IDENTS: dict[str, Code] = {}


def ident(name: str) -> Code:
    """An identifier chosen by the IR or the emission stage. The normalizer sanitises every
    name, so anything else reaching here is a generator bug, not a spec problem."""
    known = _IDENTS.get(name)  # ~58k calls for the OpenAI spec, most of them for a few thousand names
    if known is not None and type(name) is str:
        return known
    if not (name.isidentifier() and name.isascii()) or keyword.iskeyword(name):
        raise ValueError(f"not a Python identifier: {name!r} (a naming bug in the generator)")
    made = _IDENTS[name] = Code(name)
    return made


def dotted(name: str) -> Code:
    """A dotted module path whose parts are identifiers."""
    for part in name.split("."):
        ident(part)
    return Code(name)


_COMMENT_UNSAFE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85\ud800-\udfff]+")


def _flat(text: str) -> str:
    """``text`` with each run of control characters and line breaks made one space. Every character
    _COMMENT_UNSAFE matches is unprintable, so printable text (most of it) needs no regex."""
    return text if text.isprintable() else _COMMENT_UNSAFE.sub(" ", text)


def py_comment(text: str) -> Code:
    """One line of text for a ``#`` comment: control characters and line breaks become spaces."""
    return Code(_flat(text).strip())


# ---------------------------------------------------------------------------- TOML and Markdown


def toml_document(data: Mapping[str, Any]) -> Code:
    """A TOML document written by tomli-w (its strings are escaped by the library)."""
    return Code(tomli_w.dumps(_toml_safe(data)))


def _toml_safe(value: Any) -> Any:
    # tomli-w rejects lone surrogates only when the file is encoded; replace them here.
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace") if not is_unicode(value) else value
    if isinstance(value, Mapping):
        return {k: _toml_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_toml_safe(v) for v in value]
    return value



_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


_UNSAFE_LINK = re.compile(r"\]\((?!\s*(?:https?://|mailto:|#|/|\./|\.\./))")


def md_block(text: str) -> Code:
    """Markdown prose from the spec (descriptions are CommonMark): kept as Markdown, but raw HTML
    is shown as text and control characters are dropped."""
    flat = _COMMENT_UNSAFE.sub(lambda m: "\n" if "\n" in m.group(0) else " ", text.replace("\r\n", "\n")).strip()
    flat = flat.replace("&", "&amp;").replace("<", "&lt;")
    # A link may point only somewhere ordinary: `[x](javascript:...)` stays text.
    return Code(_UNSAFE_LINK.sub(r"]\\(", flat))


def md_fence(code_text: str) -> Code:
    """A code fence longer than any run of backticks in ``code_text``, so the block cannot end early."""
    longest = max((len(run) for run in re.findall(r"`+", code_text)), default=0)
    return Code("`" * max(3, longest + 1))


def md_text(text: str) -> Code:
    """Markdown text: one line, Markdown and HTML syntax characters escaped."""
    flat = " ".join(_flat(text).split())
    return Code(_MD_SPECIAL.sub(r"\\\1", flat))


def md_code(text: str, *, in_table: bool = True) -> Code:
    """Inline Markdown code: backticks (and, in a table cell, pipes) cannot end it early."""
    flat = " ".join(_flat(text).split())
    if in_table:
        flat = flat.replace("|", "\\|")
    fence = "``" if "`" in flat else "`"
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return Code(f"{fence}{pad}{flat}{pad}{fence}")
