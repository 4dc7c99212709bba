"""Random OpenAPI documents (hypothesis) generate code that compiles, imports and builds, and never runs spec text.

200 examples by default (derandomized, so CI sees the same documents every run, and not shrunk, so a
failure costs seconds, not minutes); ``OASGEN_FUZZ_EXAMPLES=5000`` (``make fuzz``) runs more, with fresh
randomness, the example database and shrinking to a minimal failing document.
The strategies are in tests/fuzz/strategies.py.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings

from tests.fuzz import strategies
from tests.fuzz.runner import Worker, run_document

EXAMPLES = int(os.environ.get("OASGEN_FUZZ_EXAMPLES", "200"))
FUZZING = "OASGEN_FUZZ_EXAMPLES" in os.environ
_counter = itertools.count()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, Worker]]:
    root = tmp_path_factory.mktemp("fuzz")
    marker_dir = root / "marker"
    marker_dir.mkdir()
    worker = Worker(marker_dir)
    # Thousands of one-off documents must not fill the user's generator cache (parsed specs).
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OASGEN_CACHE_DIR", str(root / "cache"))
        try:
            yield root, marker_dir, worker
        finally:
            worker.close()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not FUZZING,
    database=None if not FUZZING else settings.default.database,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.filter_too_much,
    ],
    # CI fails fast on the first failing document; `make fuzz` also shrinks it to a minimal one (which can take minutes).
    phases=tuple(Phase) if FUZZING else (Phase.explicit, Phase.reuse, Phase.generate),
    print_blob=True,
)
@given(document=strategies.documents())
# Found by `make fuzz` (5,000 examples): additionalProperties that are allOf [the object itself, ...]
# recursed without end (each visit typed the merged additionalProperties at a new location).
@example(
    document={
        "openapi": "3.0.3",
        "info": {"title": "False", "version": "1.0.0"},
        "paths": {"/": {"get": {"parameters": [], "responses": {"200": {"description": "ok", "headers": {}}}}}},
        "components": {
            "schemas": {
                "False": {
                    "type": "object",
                    "properties": {"False": {"type": "array", "items": {"type": "boolean"}}},
                    "additionalProperties": {
                        "allOf": [{"$ref": "#/components/schemas/False"}, {"type": "object", "properties": {}}]
                    },
                }
            },
            "securitySchemes": {},
        },
    }
)
# Found by `make fuzz`: a union variant that is a self-referencing array (A: {type: array, items: {$ref: A}})
# recursed without end while naming the variant.
@example(
    document={
        "openapi": "3.1.0",
        "info": {"title": "F", "version": "1.0.0"},
        "paths": {
            "/": {
                "get": {
                    "operationId": "x",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "schema": {
                                "type": "object",
                                "additionalProperties": {
                                    "oneOf": [{"type": "string"}, {"$ref": "#/components/schemas/finally"}]
                                },
                            },
                        }
                    ],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
        "components": {"schemas": {"finally": {"type": "array", "items": {"$ref": "#/components/schemas/finally"}}}},
    }
)
def test_random_documents_generate_safe_importable_code(
    document: dict[str, Any], workspace: tuple[Path, Path, Worker]
) -> None:
    root, marker_dir, worker = workspace
    folder = root / f"ex{next(_counter)}"
    try:
        outcome = run_document(document, folder, worker)
        marker = marker_dir / "PWNED"
        executed = marker.exists()
        marker.unlink(missing_ok=True)
        assert not executed, "text from the spec was executed as code"
        assert outcome.exit_code == 0, outcome.stderr[-2000:]
        assert "Traceback" not in outcome.stderr
        assert outcome.compile_errors == {}
        assert outcome.canary_in_code == {}
        assert outcome.inspected["import_failures"] == []
        assert outcome.inspected["rebuild_failures"] == []
        operations = strategies.operation_count(document)
        assert (outcome.inspected["methods"], outcome.inspected["async_methods"]) == (operations, operations), (
            outcome.inspected["notes"]
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
