"""Look at a generated package from the inside, in a fresh interpreter (never the test process).

``python inspector.py FOLDER PACKAGE`` prints one JSON object: modules that fail
to import, pydantic models in ``<PACKAGE>.types`` that fail
``model_rebuild(force=True)``, and the number of public methods reachable from
the sync and the async client (resources followed through their cached
properties). ``python inspector.py --serve`` reads ``{"folder", "package"}``
lines on stdin and answers each with such a line, forgetting the package after
each one, so a fuzz run pays the interpreter's start-up (pydantic, httpx) once.

This file imports only the standard library and pydantic: it must not import
the generator or the test suite.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import sys
from functools import cached_property
from typing import Any


def _short(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:300]}"


def _generated(package: str, module: str) -> bool:
    return module == package + "._client" or module.startswith(package + ".resources")


def _public_methods(package: str, cls: type) -> set[str]:
    found = set()
    for klass in cls.__mro__:
        if _generated(package, klass.__module__ or ""):
            for key, value in vars(klass).items():
                if (
                    not key.startswith("_")
                    and inspect.isfunction(value)
                    and _generated(package, value.__module__ or "")
                ):
                    found.add(key)
    return found


def _children(package: str, cls: type) -> set[str]:
    found = set()
    for klass in cls.__mro__:
        if _generated(package, klass.__module__ or ""):
            found.update(
                k
                for k, v in vars(klass).items()
                if isinstance(v, cached_property) and k not in ("with_raw_response", "with_streaming_response")
            )
    return found


_STANDARD_PARAMETERS = frozenset({"self", "extra_headers", "extra_query", "extra_body", "timeout"})


def _shape(fn: Any) -> tuple[bool, bool]:
    """(takes parameters of its own, returns None) for a generated method."""
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return True, False
    own = [p for p in signature.parameters.values() if p.name not in _STANDARD_PARAMETERS]
    returns = signature.return_annotation
    return bool(own), returns is None or returns == "None"


def _count(
    package: str, obj: object, path: list[str], notes: list[str], shapes: list[tuple[bool, bool]] | None = None
) -> int:
    methods = _public_methods(package, type(obj))
    if shapes is not None:
        shapes.extend(_shape(getattr(type(obj), name)) for name in sorted(methods))
    total = len(methods)
    if len(path) > 16:
        notes.append(f"{'.'.join(path)}: resources nest deeper than 16 levels")
        return total
    for key in sorted(_children(package, type(obj))):
        try:
            child = getattr(obj, key)
        except BaseException as exc:  # noqa: BLE001 - any failure is a finding
            notes.append(f"{'.'.join(path + [key])}: {_short(exc)}")
            continue
        total += _count(package, child, path + [key], notes, shapes)
    return total


def _client(cls: type, notes: list[str]) -> object:
    try:
        return cls(base_url="http://127.0.0.1:9")
    except BaseException as exc:  # noqa: BLE001
        notes.append(f"{cls.__name__}(base_url=...): {_short(exc)}")
        return cls.__new__(cls)


def inspect_package(package: str) -> dict[str, Any]:
    """Import, rebuild and count; every failure is recorded, none is raised."""
    import pydantic

    result: dict[str, Any] = {
        "import_failures": [],
        "rebuild_failures": [],
        "models": 0,
        "notes": [],
        "methods": -1,
        "async_methods": -1,
    }
    try:
        root = importlib.import_module(package)
    except BaseException as exc:  # noqa: BLE001
        result["import_failures"].append(f"{package}: {_short(exc)}")
        return result
    modules = {package: root}

    def failed(name: str) -> None:
        result["import_failures"].append(f"{name}: import failed during package walk")

    for info in pkgutil.walk_packages(root.__path__, package + ".", onerror=failed):
        try:
            modules[info.name] = importlib.import_module(info.name)
        except BaseException as exc:  # noqa: BLE001
            result["import_failures"].append(f"{info.name}: {_short(exc)}")
    for name, module in sorted(modules.items()):
        if name != package + ".types" and not name.startswith(package + ".types."):
            continue
        for attr, value in sorted(vars(module).items()):
            if inspect.isclass(value) and issubclass(value, pydantic.BaseModel) and value.__module__ == name:
                result["models"] += 1
                try:
                    value.model_rebuild(force=True)
                except BaseException as exc:  # noqa: BLE001
                    result["rebuild_failures"].append(f"{name}.{attr}: {_short(exc)}")
    client_module = modules.get(package + "._client")
    if client_module is None:
        result["notes"].append("no _client module")
        return result
    names = list(getattr(client_module, "__all__", []))[:2]
    if len(names) != 2:
        result["notes"].append(f"_client.__all__ should name the sync and async clients, got {names}")
        return result
    sync_cls, async_cls = (getattr(client_module, n) for n in names)
    shapes: list[tuple[bool, bool]] = []
    result["methods"] = _count(package, _client(sync_cls, result["notes"]), [], result["notes"], shapes)
    result["methods_without_parameters"] = sum(1 for takes, _ in shapes if not takes)
    result["methods_returning_none"] = sum(1 for _, none in shapes if none)
    result["async_methods"] = _count(package, _client(async_cls, result["notes"]), [], result["notes"])
    return result


def _forget(folder: str, package: str) -> None:
    for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
        del sys.modules[name]
    while folder in sys.path:
        sys.path.remove(folder)
    importlib.invalidate_caches()


def inspect_folder(folder: str, package: str) -> dict[str, Any]:
    if package in sys.modules:
        spec = getattr(sys.modules[package], "__file__", "") or ""
        if not spec.startswith(folder):
            return {
                "import_failures": [f"{package}: the package name is already taken by an installed module ({spec})"],
                "rebuild_failures": [],
                "models": 0,
                "notes": [],
                "methods": -1,
                "async_methods": -1,
            }
    sys.path.insert(0, folder)
    try:
        return inspect_package(package)
    finally:
        _forget(folder, package)


def serve() -> None:
    for line in sys.stdin:
        request = json.loads(line)
        try:
            answer = inspect_folder(request["folder"], request["package"])
        except BaseException as exc:  # noqa: BLE001 - the worker must keep answering
            answer = {
                "import_failures": [f"inspector crashed: {_short(exc)}"],
                "rebuild_failures": [],
                "models": 0,
                "notes": [],
                "methods": -1,
                "async_methods": -1,
            }
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    sys.setrecursionlimit(5000)
    if sys.argv[1:] == ["--serve"]:
        serve()
    else:
        folder, package = sys.argv[1:3]
        print(json.dumps(inspect_folder(folder, package)))
