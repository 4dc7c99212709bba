"""Compare our resource paths and method names with openai-python's.

Two steps, run by two interpreters:

``snapshot`` (needs the ``openai`` package; use a throwaway venv, never the project's)::

    python3 -m venv /tmp/oai && /tmp/oai/bin/pip install openai
    /tmp/oai/bin/python scripts/openai_names.py snapshot -o tests/data/openai_python_names.json

walks ``OpenAI()``'s resource tree (client attributes -> resource classes -> public methods, without
``with_raw_response`` / ``with_streaming_response``) and reads each method's source: the HTTP call it
makes itself (``self._post("/path", ...)``, ``path_template("/a/{id}", ...)``, ``self._get_api_list``)
gives its ``(HTTP method, path)``. Methods that make no call of their own (``create_and_poll``,
``stream``, ``connect`` ...) are helpers and are listed apart.

``compare`` (the project venv)::

    .venv/bin/python scripts/openai_names.py compare [--spec S] [--config C] [--snapshot J]

builds our IR for the spec with the flavour config and prints "N of M operations both have share the
same resource path and method name" and the mismatches. An operation matches when one of the
openai-python methods that call its endpoint has the same resource path and method name.

``types`` (needs the ``openai`` package, like ``snapshot``)::

    python scripts/openai_names.py types --spec ../shared/specs/openai.yaml --spec spec/openai.yaml

prints ``models:`` entries (``Name: {module: dotted.module}``) for the component schemas that already
have an openai-python type's name, placing each in the module openai-python defines it in (the second
part of ``models:`` in spec/openai.config.yaml; renames are written by hand in the first part).
"""

from __future__ import annotations

import argparse
import ast
import inspect
import json
import re
import sys
import textwrap
from pathlib import Path
from typing import Any, Iterable

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SNAPSHOT = ROOT / "tests" / "data" / "openai_python_names.json"
DEFAULT_SPEC = ROOT.parent / "shared" / "specs" / "openai.yaml"
DEFAULT_CONFIG = ROOT / "spec" / "openai.config.yaml"
_HTTP_HELPERS = {"_get": "get", "_post": "post", "_put": "put", "_patch": "patch", "_delete": "delete", "_get_api_list": "get"}


def endpoint_key(method: str, path: str) -> str:
    """``"POST /threads/{}/runs"``: placeholders are anonymous, since names differ between spec and SDK."""
    return f"{method.upper()} {re.sub(r'{[^}]*}', '{}', path)}"


# --- snapshot (runs where openai is installed) --------------------------------------------------


def _path_of(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "path_template" and node.args:
        return _path_of(node.args[0])
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)  # type: ignore[misc]
    return None


def direct_calls(func: Any) -> list[tuple[str, str]]:
    """The ``(http method, path)`` of every request the method's own body makes."""
    try:
        source = textwrap.dedent(inspect.getsource(func))
    except (OSError, TypeError):
        return []
    tree = ast.parse(source)
    found: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _HTTP_HELPERS):
            continue
        target = node.func.value
        if not (isinstance(target, ast.Name) and target.id == "self") or not node.args:
            continue
        path = _path_of(node.args[0])
        if path is None:
            continue
        method = _HTTP_HELPERS[node.func.attr]
        for kw in node.keywords:
            if kw.arg == "method" and isinstance(kw.value, ast.Constant):
                method = str(kw.value.value)
        if (method, path) not in found:
            found.append((method, path))
    return found


def snapshot() -> dict[str, Any]:
    from functools import cached_property

    import openai
    from openai._resource import SyncAPIResource

    client = openai.OpenAI(api_key="snapshot", base_url="http://127.0.0.1:9")
    methods: list[dict[str, Any]] = []
    helpers: list[str] = []

    def walk(obj: Any, prefix: list[str]) -> None:
        cls = type(obj)
        for name in sorted(dir(cls)):
            if name.startswith("_") or name in ("with_raw_response", "with_streaming_response"):
                continue
            attr = inspect.getattr_static(cls, name)
            if isinstance(attr, cached_property):
                child = getattr(obj, name)
                if isinstance(child, SyncAPIResource):
                    walk(child, [*prefix, name])
            elif inspect.isfunction(attr) and prefix:
                calls = direct_calls(attr)
                if not calls:
                    helpers.append(".".join([*prefix, name]))
                for method, path in calls:
                    methods.append({"resource": prefix, "name": name, "method": method, "path": path})

    walk(client, [])
    return {
        "openai_version": openai.__version__,
        "produced_by": "scripts/openai_names.py snapshot",
        "methods": methods,
        "helpers": helpers,
    }


# --- compare (runs in the project venv) ---------------------------------------------------------


def our_operations(spec: Path, config: Path | None) -> list[dict[str, Any]]:
    sys.path.insert(0, str(ROOT))
    from generator.config import load_config
    from generator.diagnostics import Diagnostics
    from generator.pipeline import Options, build_ir

    api = build_ir(spec, load_config(config), Options(validate=False), Diagnostics())
    return [{"operation_id": op.operation_id, "method": op.method, "path": op.path, "resource": list(op.resource), "name": op.method_name} for op in api.operations]


def compare(ours: Iterable[dict[str, Any]], theirs: dict[str, Any]) -> dict[str, Any]:
    """Match every endpoint both clients have; ``matched`` + ``mismatched`` = endpoints in common."""
    by_endpoint: dict[str, list[str]] = {}
    for m in theirs["methods"]:
        by_endpoint.setdefault(endpoint_key(m["method"], m["path"]), []).append(".".join([*m["resource"], m["name"]]))
    matched: list[str] = []
    mismatched: list[dict[str, Any]] = []
    only_ours: list[str] = []
    seen: set[str] = set()
    for op in ours:
        key = endpoint_key(op["method"], op["path"])
        seen.add(key)
        mine = ".".join([*op["resource"], op["name"]])
        names = by_endpoint.get(key)
        if names is None:
            only_ours.append(f"{key} ({op['operation_id']}) -> {mine}")
        elif mine in names:
            matched.append(key)
        else:
            mismatched.append({"endpoint": key, "operation_id": op["operation_id"], "ours": mine, "openai_python": sorted(names)})
    only_theirs = sorted(f"{k} -> {', '.join(v)}" for k, v in by_endpoint.items() if k not in seen)
    return {"matched": matched, "mismatched": mismatched, "only_ours": only_ours, "only_openai_python": only_theirs}


def _dump(data: dict[str, Any]) -> str:
    """JSON with one method per line, so a new openai-python release gives a readable diff."""
    head = {k: v for k, v in data.items() if k not in ("methods", "helpers")}
    lines = ["{"] + [f" {json.dumps(k)}: {json.dumps(v)}," for k, v in head.items()]
    lines.append(' "methods": [')
    lines += [f"  {json.dumps(m)}," for m in data["methods"]]
    lines[-1] = lines[-1].rstrip(",")
    lines.append(" ],")
    lines.append(f' "helpers": {json.dumps(data["helpers"])}')
    lines.append("}")
    return "\n".join(lines) + "\n"


GENERIC_NAMES = frozenset({"Annotation", "Error", "InputContent", "MessageContent"})
"""Names openai-python uses for a different concept than the spec's schema of that name."""


def type_modules(specs: list[Path], skip: Iterable[str] = ()) -> dict[str, str]:
    """Component schema -> openai-python's module (below ``openai.types``) of the type with the same
    name, where exactly one module is named after it and it is not the default module already."""
    import importlib
    import pkgutil

    import openai.types  # type: ignore[import-not-found]
    import yaml

    sys.path.insert(0, str(ROOT))
    from generator.normalize.naming import snake_case

    defined: dict[str, list[str]] = {}
    for info in pkgutil.walk_packages(openai.types.__path__, "openai.types."):
        if info.ispkg:
            continue
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", []):
            defined.setdefault(name, []).append(info.name.removeprefix("openai.types."))
    keys: list[str] = []
    for spec in specs:
        document = yaml.load(spec.read_text(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        keys += [k for k in (document.get("components") or {}).get("schemas") or {} if k not in keys]
    out: dict[str, str] = {}
    for key in sorted(keys):
        if key in skip or key in GENERIC_NAMES:
            continue
        modules = [m for m in defined.get(key, []) if m.rsplit(".", 1)[-1] == snake_case(key)]
        if len(modules) == 1 and modules[0] != snake_case(key):
            out[key] = modules[0]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot", help="write openai-python's (method, path) -> name table (needs `openai`)")
    snap.add_argument("-o", "--output", type=Path, default=DEFAULT_SNAPSHOT)
    cmp_ = sub.add_parser("compare", help="compare our IR with the snapshot")
    cmp_.add_argument("--spec", type=Path, default=DEFAULT_SPEC)
    cmp_.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    cmp_.add_argument("--snapshot", type=Path, default=DEFAULT_SNAPSHOT)
    cmp_.add_argument("-v", "--verbose", action="store_true", help="also list endpoints only one side has")
    types = sub.add_parser("types", help="print models: entries placing same-named schemas in openai-python's modules (needs `openai`)")
    types.add_argument("--spec", type=Path, action="append", default=[])
    types.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="its models: entries that rename are left out")
    args = parser.parse_args(argv)
    if args.command == "types":
        import yaml

        configured = (yaml.safe_load(args.config.read_text()) or {}).get("models", {}) if args.config.is_file() else {}
        renamed = {k for k, v in configured.items() if isinstance(v, str) or "name" in v or "param" in v}
        for key, module in type_modules(args.spec or [DEFAULT_SPEC, ROOT / "spec" / "openai.yaml"], renamed).items():
            print(f"  {key}: {{module: {module}}}")
        return 0
    if args.command == "snapshot":
        data = snapshot()
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(_dump(data))
        print(f"openai {data['openai_version']}: {len(data['methods'])} methods with an HTTP call, {len(data['helpers'])} helpers -> {args.output}")
        return 0
    theirs = json.loads(args.snapshot.read_text())
    result = compare(our_operations(args.spec, args.config if args.config.is_file() else None), theirs)
    total = len(result["matched"]) + len(result["mismatched"])
    print(f"{len(result['matched'])} of {total} operations both have share the same resource path and method name (openai {theirs['openai_version']})")
    for m in result["mismatched"]:
        print(f"  {m['endpoint']} ({m['operation_id']}): ours {m['ours']}; openai-python {' | '.join(m['openai_python'])}")
    if args.verbose:
        print(f"only ours ({len(result['only_ours'])}):", *result["only_ours"], sep="\n  ")
        print(f"only openai-python ({len(result['only_openai_python'])}):", *result["only_openai_python"], sep="\n  ")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
