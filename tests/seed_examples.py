"""The Python examples of a seed (``../shared/seeds/003_6e3e25c0eed72563.txt``, a reference for
openai-python v2.36), extracted from its text and run against Steady serving the official spec,
with our client and with openai-python.

**Extraction.** The seed is prose (Chinese) with code blocks whose fences were lost. A line is code
when it has no non-ASCII character outside its string literals and comments; a block is a run of
such lines (blank lines included) that compiles as Python (top-level ``await`` allowed), trimmed
from the front until it does. A block is an example when it uses ``client`` or ``openai`` (or is the
seed's list of ``response.`` fields).

**Running.** Each example runs as written except its import lines (``from openai`` -> ``from
openai_client``, as tests/oai_examples.py does). A block that uses ``client`` or ``OpenAI`` without making or importing
it runs after the seed's own set-up lines (``from openai import OpenAI`` / ``client = OpenAI()``, its
section 1); a block with top-level ``await`` runs in ``asyncio.run``. Both are the harness's, not
edits of the example. Files it opens are small dummies; ``OPENAI_BASE_URL`` points at Steady.

    .venv/bin/python -m tests.seed_examples          # the table, both clients
"""

from __future__ import annotations

import ast
import io
import json
import re
import sys
import tokenize
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tests import oai_examples

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "003_6e3e25c0eed72563.txt"
RESULTS = ROOT / "tests" / "data" / "seed_examples_results.json"

_FLAGS = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT | ast.PyCF_ONLY_AST
_RUNNER = """import ast, asyncio, sys
source = open(sys.argv[1]).read()
code = compile(source, sys.argv[1], "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
result = eval(code, {"__name__": "__main__"})
if asyncio.iscoroutine(result):
    asyncio.run(result)
"""


@dataclass
class SeedExample:
    line: int
    """1-based line of the seed where the example starts."""
    title: str
    """The nearest heading-like prose line above it."""
    code: str

    @property
    def name(self) -> str:
        return f"L{self.line}"


def _is_code_line(line: str) -> bool:
    """No non-ASCII text outside string literals and comments (prose here is Chinese)."""
    if line.isascii():
        return True
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(line).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        # an unfinished string (a multi-line call) still counts when the non-ASCII part is quoted
        stripped = re.sub(r"(\"[^\"]*\"|'[^']*'|#.*$)", "", line)
        return stripped.isascii()
    for tok in tokens:
        if tok.type in (tokenize.STRING, tokenize.COMMENT) or tok.type == getattr(tokenize, "FSTRING_MIDDLE", -1):
            continue
        if not tok.string.isascii():
            return False
    return True


def _compiles(lines: list[str]) -> bool:
    text = "\n".join(lines).strip("\n")
    if not text.strip():
        return False
    try:
        compile(text, "<seed>", "exec", flags=_FLAGS)
    except (SyntaxError, ValueError):
        return False
    return True


_HEADING = re.compile(r"^(\d+\.\s.*|[A-Z][A-Za-z0-9 /-]*)$")
"""A heading in ASCII (``Files API``, ``Moderations``, ``7. Function Calling / Tools``): prose, though
some would compile as a bare name."""


def _is_prose(line: str) -> bool:
    return bool(line.strip()) and (not _is_code_line(line) or _HEADING.match(line.strip()) is not None)


def extract(text: str) -> list[SeedExample]:
    lines = text.splitlines()
    found: list[SeedExample] = []
    title = ""
    i = 0
    while i < len(lines):
        if _is_prose(lines[i]) or not lines[i].strip():
            if lines[i].strip():
                title = lines[i].strip()
            i += 1
            continue
        j = i
        while j < len(lines) and not _is_prose(lines[j]):
            j += 1
        # the run lines[i:j]: take the earliest start with the longest part that compiles, then go on after it
        start = i
        while start < j:
            end = next((e for e in range(j, start, -1) if _compiles(lines[start:e])), None)
            if end is None:
                start += 1
                continue
            first = start
            while not lines[first].strip():
                first += 1
            code = "\n".join(lines[first:end]).strip("\n") + "\n"
            if re.search(r"\bclient\b|\bopenai\b|^response\.", code, re.MULTILINE):
                found.append(SeedExample(first + 1, title, code))
            start = end
        i = j
    return found


def _top_level_await(code: str) -> bool:
    tree = compile(code, "<seed>", "exec", flags=_FLAGS)
    assert isinstance(tree, ast.Module)
    for node in tree.body:
        if isinstance(node, (ast.AsyncFunctionDef, ast.FunctionDef, ast.ClassDef)):
            continue
        if any(isinstance(n, (ast.Await, ast.AsyncWith, ast.AsyncFor)) for n in ast.walk(node)):
            return True
    return False


def program(example: SeedExample) -> str:
    """What runs: the example, after the lines of the seed's set-up it relies on without writing them
    (``from openai import OpenAI`` when it calls ``OpenAI`` it does not import, ``client = OpenAI()``
    when it uses a ``client`` it does not make)."""
    code = example.code
    makes_client = re.search(r"^\s*client\s*=", code, re.MULTILINE) is not None
    uses_client = re.search(r"\bclient\b", code) is not None
    imports_openai = re.search(r"^\s*from openai import[^\n]*\bOpenAI\b", code, re.MULTILINE) is not None
    uses_openai = re.search(r"\bOpenAI\(", code) is not None or (uses_client and not makes_client)
    setup = ""
    if uses_openai and not imports_openai:
        setup += "from openai import OpenAI\n"
    if uses_client and not makes_client:
        setup += "\nclient = OpenAI()\n"
    return (setup + "\n" if setup else "") + code


@dataclass
class SeedOutcome:
    name: str
    title: str
    client: str
    passed: bool
    reason: str


def run_one(example: SeedExample, *, package: str, base_url: str, pythonpath: str | None, workdir: Path, python: str = sys.executable) -> SeedOutcome:
    code = program(example)
    runner = None
    if _top_level_await(code):
        runner = workdir / "_top_level_await.py"
        runner.write_text(_RUNNER)
    case = oai_examples.Example("seed", example.line, "", "", code)
    outcome = oai_examples.run_one(case, python=python, package=package, base_url=base_url, pythonpath=pythonpath, workdir=workdir / package, runner=runner)
    return SeedOutcome(example.name, example.title, package, outcome.passed, outcome.reason)


def run_all(package: str, pythonpath: str | None, workdir: Path, base_url: str) -> list[SeedOutcome]:
    examples = extract(SEED.read_text())
    (workdir / package / "_hook").mkdir(parents=True, exist_ok=True)
    (workdir / package / "_hook" / "sitecustomize.py").write_text(oai_examples.HOOK)
    return [run_one(e, package=package, base_url=base_url, pythonpath=pythonpath, workdir=workdir) for e in examples]


def table(examples: list[SeedExample], ours: dict[str, SeedOutcome], theirs: dict[str, SeedOutcome], notes: dict[str, str]) -> str:
    out = ["| example | seed section | openai-python | ours | note |", "|---|---|---|---|---|"]
    for e in examples:
        o, t = ours[e.name], theirs[e.name]
        cell = lambda r: "pass" if r.passed else "FAIL: " + r.reason.replace("|", "/")[:160]
        first = e.code.strip().splitlines()[0][:60].replace("|", "/")
        out.append(f"| {e.name} `{first}` | {e.title[:40]} | {cell(t)} | {cell(o)} | {notes.get(e.name, '')} |")
    return "\n".join(out)


def write_results(rows: list[dict[str, Any]], path: Path = RESULTS) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[\n" + ",\n".join("  " + json.dumps(r, ensure_ascii=False) for r in rows) + "\n]\n")


def main() -> int:
    import tempfile

    examples = extract(SEED.read_text())
    with tempfile.TemporaryDirectory() as tmp:
        package = oai_examples.generate_client(oai_examples.ROOT.parent / "shared" / "specs" / "openai.yaml", Path(tmp) / "client")
        with oai_examples.steady(oai_examples.ROOT.parent / "shared" / "specs" / "openai.yaml", extra_args=oai_examples.STEADY_FORM_ARGS) as url:
            ours = {o.name: o for o in run_all(package, str(Path(tmp) / "client"), Path(tmp) / "run", url)}
            theirs = {o.name: o for o in run_all("openai", None, Path(tmp) / "run", url)}
    print(table(examples, ours, theirs, {}))
    write_results([{**asdict(ours[e.name]), "openai_python": asdict(theirs[e.name])} for e in examples])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
