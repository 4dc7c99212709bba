"""The flavour policies (generator/flavours), rule by rule: a table per rule for the generic and the
OpenAI policy (input -> decision), then the config keys the flavour work added, on the IR."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.config import Config, load_config
from generator.diagnostics import Diagnostics, GeneratorError
from generator.flavours import FLAVOURS, GENERIC, OperationMeta, policy_for
from generator.flavours.openai.policy import OPENAI
from generator.ir.model import Field, PrimitiveType
from generator.normalize import build_api
from generator.normalize.resources import verb_hint

OPENAI_CONFIG = Config(flavour="openai")
OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "string"}}}}}}}


def test_the_registry_has_both_flavours_and_generic_is_the_default() -> None:
    assert policy_for("") is GENERIC and policy_for("generic") is GENERIC and policy_for("openai") is OPENAI
    assert {"generic", "openai"} <= set(FLAVOURS)


def test_platform_headers_are_the_flavours() -> None:
    assert (GENERIC.platform_header_prefix, OPENAI.platform_header_prefix) == ("X-SDK", "X-Stainless")


def test_the_runtime_gets_the_flavours_platform_prefix_and_extras() -> None:
    from generator.render.renderer import render

    doc = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://x.test"}], "paths": {"/a": {"get": {"operationId": "a", "responses": OK}}}}
    for config, prefix, extras in ((Config(), "X-SDK", False), (OPENAI_CONFIG, "X-Stainless", True)):
        api = build_api(doc, file="spec.yaml", version="3.1", config=config, diagnostics=Diagnostics())
        files = render(api, tests=False)
        pkg = api.package.name
        assert f'PLATFORM_HEADER_PREFIX: Final = "{prefix}"' in files[f"{pkg}/_constants.py"]
        assert (f"{pkg}/_openai.py" in files) is extras
        assert ("LengthFinishReasonError" in files[f"{pkg}/__init__.py"]) is extras


# --- resource placement: the operation's meta ---------------------------------------------------

META_CASES = [
    ({}, OperationMeta(), OperationMeta()),
    ({"x-oaiMeta": {"name": "Cancel a run", "group": "threads", "path": "runs/cancel", "beta": True}},
     OperationMeta(), OperationMeta(name="Cancel a run", path="runs/cancel", group="threads", namespace="beta")),
    ({"x-oaiMeta": {"beta": False, "path": 3}}, OperationMeta(), OperationMeta()),
    ({"x-oaiMeta": "not a mapping"}, OperationMeta(), OperationMeta()),
    ({"x-other-vendor": {"name": "Delete"}}, OperationMeta(), OperationMeta()),
]


@pytest.mark.parametrize(("raw", "generic", "openai"), META_CASES)
def test_operation_meta(raw: dict[str, Any], generic: OperationMeta, openai: OperationMeta) -> None:
    assert GENERIC.operation_meta(raw) == generic
    assert OPENAI.operation_meta(raw) == openai


@pytest.mark.parametrize(
    ("op_id", "meta_name", "generic", "openai"),
    [
        ("createImageEdit", "", "create", "create"),
        ("cancelEvalRun", "", "cancel", "cancel"),
        ("usage-costs", "Cancel a run", "cancel", "cancel"),  # the meta name is whatever the flavour read
        ("submitToolOutputs", "", "", ""),
    ],
)
def test_verb_hints(op_id: str, meta_name: str, generic: str, openai: str) -> None:
    assert verb_hint(op_id, meta_name, GENERIC) == generic
    assert verb_hint(op_id, meta_name, OPENAI) == openai


def _names(paths: dict[str, dict[str, Any]], config: Config) -> dict[str, str]:
    for path, item in paths.items():
        params = [{"name": p.strip("{}"), "in": "path", "required": True, "schema": {"type": "string"}} for p in path.split("/") if p.startswith("{")]
        if params:
            item["parameters"] = params
    doc = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://x.test"}], "paths": paths}
    api = build_api(doc, file="spec.yaml", version="3.1", config=config, diagnostics=Diagnostics())
    return {o.operation_id: ".".join((*o.resource, o.method_name)) for o in api.operations}


OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "string"}}}}}}}

PLACEMENT_CASES = [
    # (path, method, x-oaiMeta, generic placement, OpenAI placement)
    ("/images/generations", "post", {"group": "images", "path": "generate"}, "images.generations.create", "images.generate"),
    ("/threads", "post", {"group": "threads", "beta": True}, "threads.create", "beta.threads.create"),
    ("/chat/completions/{id}/messages", "get", {"group": "chat", "path": "completions/messages/list"}, "chat.completions.messages", "chat.completions.messages.list"),
    ("/batches/{id}/cancel", "post", {"name": "Cancel batch"}, "batches.cancel", "batches.cancel"),
]


@pytest.mark.parametrize(("path", "method", "meta", "generic", "openai"), PLACEMENT_CASES)
def test_x_oai_meta_places_operations_only_in_the_openai_flavour(path: str, method: str, meta: dict[str, Any], generic: str, openai: str) -> None:
    def paths() -> dict[str, dict[str, Any]]:
        return {path: {method: {"operationId": "op", "responses": OK, "x-oaiMeta": dict(meta)}}}

    assert _names(paths(), Config())["op"] == generic
    assert _names(paths(), OPENAI_CONFIG)["op"] == openai


# --- streaming: a stream flag whose prose promises server-sent events -----------------------------


@pytest.mark.parametrize(
    ("description", "generic", "openai"),
    [
        ("If set, partial message deltas will be sent as data-only server-sent events.", False, True),
        ("Stream back partial progress (server sent event).", False, True),
        ("Whether to stream.", False, False),
        ("", False, False),
    ],
)
def test_stream_flag_means_sse(description: str, generic: bool, openai: bool) -> None:
    flag = Field(name="stream", py_name="stream", type=PrimitiveType("bool"), required=False, description=description)
    assert GENERIC.stream_flag_means_sse(flag) is generic
    assert OPENAI.stream_flag_means_sse(flag) is openai


# --- pagination ---------------------------------------------------------------------------------


def _schema(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "required": required or list(props), "properties": props}


ITEM = {"type": "object", "properties": {"id": {"type": "string"}}}
LIST_OBJECT = {"type": "string", "enum": ["list"]}


def _paging(response: dict[str, Any], config: Config, *, method: str = "get", query: tuple[str, ...] = (), op_id: str = "op") -> str:
    params = [{"name": q, "in": "query", "schema": {"type": "string"}} for q in query]
    op: dict[str, Any] = {"operationId": op_id, "parameters": params, "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": response}}}}}
    doc = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://x.test"}], "paths": {"/things": {method: op}}}
    api = build_api(doc, file="spec.yaml", version="3.1", config=config, diagnostics=Diagnostics())
    pg = api.operations[0].pagination
    return "-" if pg is None else f"{pg.style}:{pg.items_field}" + (f":{pg.next_cursor_field}" if pg.next_cursor_field else "")


PAGING_CASES = [
    # (response schema, method, query parameters, generic, OpenAI)
    (_schema({"object": LIST_OBJECT, "data": {"type": "array", "items": ITEM}}), "get", (), "-", "single:data"),
    (_schema({"object": {"type": "string", "const": "list"}, "data": {"type": "array", "items": ITEM}}), "get", (), "-", "single:data"),
    (_schema({"object": LIST_OBJECT, "data": {"type": "array", "items": ITEM}, "model": {"type": "string"}}), "post", (), "-", "-"),  # POST /embeddings
    (_schema({"object": {"type": "string", "enum": ["page"]}, "data": {"type": "array", "items": ITEM}}), "get", (), "-", "-"),
    (_schema({"data": {"type": "array", "items": ITEM}, "has_more": {"type": "boolean"}, "last_id": {"type": "string"}}), "get", ("after",), "cursor:data:last_id", "cursor:data:last_id"),
    (_schema({"object": LIST_OBJECT, "data": {"type": "array", "items": {"type": "string"}}, "next": {"type": "string"}}), "get", ("after",), "-", "cursor:data:next"),  # generic: a `next` beside `after` is no cursor it knows
    (_schema({"object": LIST_OBJECT, "data": {"type": "array", "items": {"type": "string"}}}), "get", ("after",), "-", "single:data"),  # a cursor parameter but no cursor
]


@pytest.mark.parametrize(("response", "method", "query", "generic", "openai"), PAGING_CASES)
def test_pagination_rules(response: dict[str, Any], method: str, query: tuple[str, ...], generic: str, openai: str) -> None:
    assert _paging(response, Config(), method=method, query=query) == generic
    assert _paging(response, OPENAI_CONFIG, method=method, query=query) == openai


def test_pagination_pages_and_list_shape_from_the_config() -> None:
    search = _schema({"object": {"type": "string", "enum": ["search.page"]}, "data": {"type": "array", "items": ITEM}})
    assert _paging(search, Config(), method="post") == "-"
    assert _paging(search, Config(pages=("op",)), method="post") == "single:data"
    assert _paging(search, Config(pages=("POST /things",)), method="post") == "single:data"
    assert _paging(search, Config(pages=("GET /things",)), method="post") == "-"
    listing = _schema({"kind": {"type": "string", "enum": ["collection"]}, "items": {"type": "array", "items": ITEM}})
    assert _paging(listing, Config(list_shape={"kind": "collection"})) == "single:items"
    assert _paging(_schema({"object": LIST_OBJECT, "data": {"type": "array", "items": ITEM}}), Config(flavour="openai", list_shape={})) == "-"


def test_a_single_page_does_not_change_resource_placement() -> None:
    """``GET /vector_stores/{id}/files/{file_id}/content`` stays ``files.content``: a page by config is no collection."""
    response = _schema({"object": LIST_OBJECT, "data": {"type": "array", "items": ITEM}})
    op = {"operationId": "content", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": response}}}}}
    paths = {"/files/{file_id}/content": {"get": op}}
    assert _names(paths, Config(flavour="openai", pages=("content",))) == {"content": "files.content"}


# --- the other config keys, on the IR -------------------------------------------------------------


def _api(config: Config, paths: dict[str, Any]) -> Any:
    for path, item in paths.items():
        params = [{"name": p.strip("{}"), "in": "path", "required": True, "schema": {"type": "string"}} for p in path.split("/") if p.startswith("{")]
        if params:
            item["parameters"] = params
    doc = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://x.test"}], "paths": paths}
    diagnostics = Diagnostics()
    return build_api(doc, file="spec.yaml", version="3.1", config=config, diagnostics=diagnostics), diagnostics


def test_responses_binary_and_resource_headers_on_the_ir() -> None:
    text = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "string"}}}}}
    api, diagnostics = _api(
        Config(binary=("GET /files/{file_id}/content", "nope"), resource_headers={"threads": {"X-Beta": "v2"}, "threads.runs": {"X-Run": "1"}, "ghost": {"A": "b"}}),
        {
            "/files/{file_id}/content": {"get": {"operationId": "downloadFile", "responses": text}},
            "/threads": {"post": {"operationId": "createThread", "responses": OK}},
            "/threads/{thread_id}/runs": {"post": {"operationId": "createRun", "responses": OK}},
            "/files": {"post": {"operationId": "createFile", "responses": OK}},
        },
    )
    ops = {o.operation_id: o for o in api.operations}
    assert ops["downloadFile"].returns.kind == "binary"
    assert ops["createThread"].headers == (("X-Beta", "v2"),)
    assert ops["createRun"].headers == (("X-Beta", "v2"), ("X-Run", "1"))  # the resource's and its parent's
    assert ops["createFile"].headers == ()
    unmatched = sorted(d.pointer for d in diagnostics if d.kind == "unmatched-override")
    assert unmatched == ["/resources/headers/ghost", "/responses/binary/1"]


def test_openai_flavour_wraps_embeddings_and_generic_does_not() -> None:
    body = {"required": True, "content": {"application/json": {"schema": _schema({"input": {"type": "string"}, "encoding_format": {"type": "string", "enum": ["float", "base64"]}}, ["input"])}}}
    paths = {"/embeddings": {"post": {"operationId": "createEmbedding", "requestBody": body, "responses": OK}}}
    api, _ = _api(OPENAI_CONFIG, paths)
    assert api.operations[0].wrapper == "_openai:create_embeddings" and api.flavour == "openai"
    paths = {"/embeddings": {"post": {"operationId": "createEmbedding", "requestBody": body, "responses": OK}}}
    api, _ = _api(Config(), paths)
    assert api.operations[0].wrapper == "" and api.flavour == "generic"


def test_config_keys_are_validated(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    for text, pointer in [
        ("flavour: azure\n", "/flavour"),
        ("pagination: {pages: listModels}\n", "/pagination/pages"),
        ("responses: {binary: [1]}\n", "/responses/binary/0"),
        ("resources: {headers: {beta.assistants: {'Bad Header': x}}}\n", "/resources/headers/beta.assistants"),
        ("resources: {headers: {beta.assistants: {OpenAI-Beta: \"a\\nb\"}}}\n", "/resources/headers/beta.assistants/OpenAI-Beta"),
        ("errors: {envelope: ''}\n", "/errors/envelope"),
        ("mixins: {Response: x.j2}\n", "/mixins/Response"),  # no templates folder
    ]:
        config.write_text(text)
        with pytest.raises(GeneratorError) as info:
            load_config(config)
        assert info.value.pointer == pointer, (text, info.value.pointer, info.value.message)
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "m.py.j2").write_text("def hello(self) -> str:\n    return 'hi'\n")
    config.write_text("templates: t\nmixins: {Response: m.py.j2, Other: missing.j2}\n")
    with pytest.raises(GeneratorError) as info:
        load_config(config)
    assert info.value.pointer == "/mixins/Other"
    config.write_text("templates: t\nflavour: openai\nmixins: {Response: m.py.j2}\npagination: {pages: [a, 'GET /b']}\nerrors: {envelope: error}\n")
    loaded = load_config(config)
    assert (loaded.flavour, loaded.mixins, loaded.pages, loaded.error_envelope) == ("openai", {"Response": "m.py.j2"}, ("a", "GET /b"), "error")


# --- mixins: members added to models and resources ------------------------------------------------

MIXIN_SPEC = """
openapi: 3.1.0
info: {title: T, version: '1'}
servers: [{url: 'https://x.test'}]
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}
components:
  schemas:
    Thing:
      type: object
      required: [id]
      properties:
        id: {type: string}
        label: {type: string, description: 'the server may send it; the mixin computes it'}
"""


def _generate(tmp_path: Path, config_text: str, templates: dict[str, str]) -> dict[str, str]:
    from generator.pipeline import Options, run

    (tmp_path / "t").mkdir(exist_ok=True)
    for name, text in templates.items():
        (tmp_path / "t" / name).write_text(text)
    (tmp_path / "spec.yaml").write_text(MIXIN_SPEC)
    (tmp_path / "c.yaml").write_text("templates: t\n" + config_text)
    return run(tmp_path / "spec.yaml", load_config(tmp_path / "c.yaml"), Options(validate=False, formatter="none")).files


def test_a_model_mixin_adds_members_hoists_imports_and_replaces_the_field_it_defines(tmp_path: Path) -> None:
    mixin = "import textwrap\n\n@property\ndef label(self) -> str:\n    return textwrap.shorten('{{ model.name }} ' + self.id, 40)\n"
    files = _generate(tmp_path, "mixins: {Thing: m.py.j2}\n", {"m.py.j2": mixin})
    module = files["t_client/types/thing.py"]
    assert "import textwrap\n" in module and "    @property\n    def label(self) -> str:\n        return textwrap.shorten('Thing ' + self.id, 40)" in module
    assert "label: Optional[str]" not in module and "    id: str" in module
    namespace: dict[str, Any] = {}
    exec(compile("class BaseModel:\n    pass\n" + "\n".join(line for line in module.splitlines() if not line.startswith(("from ", "__all__"))), "thing", "exec"), namespace)
    thing = namespace["Thing"]()
    thing.id = "t1"
    assert thing.label == "Thing t1"


def test_a_resource_mixin_goes_into_the_sync_and_the_async_class(tmp_path: Path) -> None:
    mixin = "{% if is_async %}async {% endif %}def first(self) -> str:\n    return {% if is_async %}'async'{% else %}'sync'{% endif %}\n"
    files = _generate(tmp_path, "resources: {mixins: {things: r.py.j2, nowhere: r.py.j2}}\n", {"r.py.j2": mixin})
    module = files["t_client/resources/things.py"]
    sync_class, async_class = module.split("class AsyncThings(")[0], module.split("class AsyncThings(")[1]
    assert "    def first(self) -> str:\n        return 'sync'" in sync_class
    assert "    async def first(self) -> str:\n        return 'async'" in async_class


def test_a_mixin_that_is_no_python_is_one_located_error(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError) as info:
        _generate(tmp_path, "mixins: {Thing: bad.py.j2}\n", {"bad.py.j2": "def broken(self:\n"})
    assert "bad.py.j2" in info.value.message and "not valid Python" in info.value.message and info.value.pointer == "line 1"


def test_mixins_for_unknown_schemas_and_resources_are_unmatched_overrides(tmp_path: Path) -> None:
    from generator.pipeline import Options, run

    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "m.py.j2").write_text("x = 1\n")
    (tmp_path / "spec.yaml").write_text(MIXIN_SPEC)
    (tmp_path / "c.yaml").write_text("templates: t\nmixins: {Ghost: m.py.j2}\nresources: {mixins: {ghosts: m.py.j2}}\n")
    result = run(tmp_path / "spec.yaml", load_config(tmp_path / "c.yaml"), Options(validate=False, formatter="none"))
    pointers = sorted(d.pointer for d in result.diagnostics if d.kind == "unmatched-override")
    assert pointers == ["/mixins/Ghost", "/resources/mixins/ghosts"]
