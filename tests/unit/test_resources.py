"""Resource paths and method names (generator/normalize/resources.py), rule by rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.config import Config, load_config
from generator.diagnostics import Diagnostics, GeneratorError
from generator.normalize import build_api
from generator.normalize.resources import meta_path, same_noun, verb_hint

OBJ = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "string"}}}}}}}
LIST = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}}}


def op(op_id: str, *, meta: dict[str, Any] | None = None, tags: list[str] | None = None, responses: dict[str, Any] | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {"operationId": op_id, "responses": responses or OBJ}
    if meta is not None:
        result["x-oaiMeta"] = meta
    if tags:
        result["tags"] = tags
    return result


OPENAI = Config(flavour="openai")
"""The OpenAI flavour: ``x-oaiMeta`` places operations (generic: it is ignored, see tests/unit/test_flavours.py)."""


def names(paths: dict[str, dict[str, Any]], config: Config | None = None) -> tuple[dict[str, str], Diagnostics]:
    """operationId -> "resource.path.method" for a spec made of ``paths``."""
    for path, item in paths.items():
        params = [{"name": p.strip("{}"), "in": "path", "required": True, "schema": {"type": "string"}} for p in path.split("?")[0].split("/") if p.startswith("{")]
        if params:
            item["parameters"] = params
    doc = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://x.test"}], "paths": paths}
    diagnostics = Diagnostics()
    api = build_api(doc, file="spec.yaml", version="3.1", config=config or Config(), diagnostics=diagnostics)
    return {o.operation_id: ".".join((*o.resource, o.method_name)) for o in api.operations}, diagnostics


# --- step 1: the path's shape -------------------------------------------------------------------


def test_collection_item_and_action_shapes() -> None:
    got, _ = names({
        "/batches": {"get": op("a", responses=LIST), "post": op("b")},
        "/batches/{batch_id}": {"get": op("c"), "post": op("d"), "delete": op("e")},
        "/batches/{batch_id}/cancel": {"post": op("f")},
        "/files/{file_id}/content": {"get": op("g")},
    })
    assert got == {"a": "batches.list", "b": "batches.create", "c": "batches.retrieve", "d": "batches.update", "e": "batches.delete", "f": "batches.cancel", "g": "files.content"}


def test_a_path_after_an_id_with_several_methods_is_a_singleton_resource() -> None:
    got, _ = names({"/projects/{project_id}/data_retention": {"get": op("a"), "post": op("b")}})
    assert got == {"a": "projects.data_retention.retrieve", "b": "projects.data_retention.update"}


# --- step 2: the operationId's verb -------------------------------------------------------------


@pytest.mark.parametrize(
    ("op_id", "name", "verb"),
    [
        ("createImageEdit", "", "create"),
        ("list-project-users", "", "list"),
        ("getMe", "", "get"),
        ("retrieve_file", "", "retrieve"),
        ("modifyThread", "", "modify"),
        ("cancelEvalRun", "", "cancel"),
        ("Getorganizationspendlimit", "", "get"),  # one word: a verb and at least four more letters
        ("Createcontentprovenancecheck", "", "create"),
        ("getter", "", ""),
        ("listing", "", ""),
        ("usage-costs", "Costs", ""),
        ("usage-costs", "Cancel a run", "cancel"),  # falls back to the meta name (OpenAI: x-oaiMeta.name)
    ],
)
def test_verb_hint(op_id: str, name: str, verb: str) -> None:
    assert verb_hint(op_id, name) == verb


def test_get_verb_on_a_static_path_that_is_no_collection_is_retrieve() -> None:
    got, _ = names({
        "/me": {"get": op("getMe")},
        "/organization/spend_limit": {"get": op("Getorganizationspendlimit"), "post": op("Updateorganizationspendlimit"), "delete": op("Deleteorganizationspendlimit")},
        "/pets": {"get": op("getPets", responses=LIST)},  # answers with a list: a collection whatever its id says
        "/items": {"get": op("listItems")},
        "/items/{id}": {"get": op("getItem")},  # /items has something below it: a collection
        "/health": {"get": op("health")},  # no verb: the shape decides
    })
    assert got["getMe"] == "me.retrieve"
    assert got["Getorganizationspendlimit"] == "organization.spend_limit.retrieve"
    assert got["Updateorganizationspendlimit"] == "organization.spend_limit.update"
    assert got["Deleteorganizationspendlimit"] == "organization.spend_limit.delete"
    assert got["getPets"] == "pets.list"
    assert got["listItems"] == "items.list"
    assert got["health"] == "health.list"


def test_an_operation_id_that_starts_with_the_last_segment_makes_it_an_action_on_the_parent() -> None:
    got, _ = names({
        "/responses": {"post": op("createResponse")},
        "/responses/compact": {"post": op("Compactconversation")},
        "/fine_tuning/alpha/graders/run": {"post": op("runGrader")},
        "/certificates/activate": {"post": op("activateCertificates")},
        "/files/batches": {"post": op("batchesUpload")},  # a plural noun is no action
        "/reports/summary": {"get": op("summaryReport")},  # only POST makes an action
    })
    assert got["Compactconversation"] == "responses.compact"
    assert got["runGrader"] == "fine_tuning.alpha.graders.run"
    assert got["activateCertificates"] == "certificates.activate"
    assert got["batchesUpload"] == "files.batches.create"
    assert got["summaryReport"] == "reports.summary.list"


def test_create_verb_on_a_plural_segment_after_an_id_creates_in_a_sub_collection() -> None:
    got, _ = names({
        "/uploads/{upload_id}/parts": {"post": op("addUploadPart")},
        "/accounts/{id}/api_keys": {"post": op("CreateanAPIkeyforaserviceaccount", meta={"name": "Create service account API key"})},
        "/threads/{id}/submit_tool_outputs": {"post": op("submitToolOutputs")},  # plural, but the verb is "submit"
        "/videos/{id}/remix": {"post": op("CreateVideoRemix")},  # "create", but remix is no plural noun
    }, OPENAI)
    assert got["addUploadPart"] == "uploads.parts.create"
    assert got["CreateanAPIkeyforaserviceaccount"] == "accounts.api_keys.create"
    assert got["submitToolOutputs"] == "threads.submit_tool_outputs"
    assert got["CreateVideoRemix"] == "videos.remix"


def test_an_action_verb_on_an_item_names_the_method() -> None:
    got, _ = names({"/evals/{eval_id}/runs/{run_id}": {"post": op("cancelEvalRun"), "get": op("getEvalRun")}, "/evals/{eval_id}": {"post": op("updateEval")}})
    assert got == {"cancelEvalRun": "evals.runs.cancel", "getEvalRun": "evals.runs.retrieve", "updateEval": "evals.update"}


# --- step 3: the meta path (OpenAI flavour: x-oaiMeta.path) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "parts"),
    [
        ("completions/messages/list", ["completions", "messages", "list"]),
        ("create_variation", ["create_variation"]),
        ("delete", ["delete"]),
        ("list-items", None),  # doc anchors
        ("get", None),
        ("post", None),
        ("list for the organization.", None),
        ("sessions/create object.", None),
        ("Create", None),
        (3, None),
    ],
)
def test_meta_path_is_used_only_when_it_is_a_method_path(value: Any, parts: list[str] | None) -> None:
    assert meta_path(value) == parts


def test_same_noun_ignores_number_and_separators() -> None:
    assert same_noun("batch", "batches") and same_noun("fine-tuning", "fine_tuning") and same_noun("vector_stores", "vector_store")
    assert not same_noun("chat", "completions")


def test_meta_path_relative_to_its_group() -> None:
    got, _ = names({
        "/chat/completions/{completion_id}/messages": {"get": op("getChatCompletionMessages", meta={"group": "chat", "path": "completions/messages/list"})},
        "/batches": {"post": op("createBatch", meta={"group": "batch", "path": "create"})},
        "/fine_tuning/jobs/{id}/events": {"get": op("listFineTuningEvents", meta={"group": "fine-tuning", "path": "jobs/list_events"})},
        "/vector_stores/{id}/file_batches/{batch_id}/files": {"get": op("listFiles", meta={"group": "vector_stores", "path": "file_batches/list_files"})},
    }, OPENAI)
    assert got == {
        "getChatCompletionMessages": "chat.completions.messages.list",
        "createBatch": "batches.create",  # the group is found in the path: its spelling wins
        "listFineTuningEvents": "fine_tuning.jobs.list_events",
        "listFiles": "vector_stores.file_batches.list_files",
    }


def test_a_single_meta_name_renames_the_method_and_lifts_a_collection_verb_to_the_parent() -> None:
    got, _ = names({
        "/images/generations": {"post": op("createImage", meta={"group": "images", "path": "generate"})},
        "/images/variations": {"post": op("createImageVariation", meta={"group": "images", "path": "create_variation"})},
        "/chat/completions": {"get": op("listChatCompletions", meta={"group": "chat", "path": "list"}, responses=LIST)},
        "/models": {"get": op("listModels", meta={"group": "models", "path": "list"}, responses=LIST)},
        "/threads/runs": {"post": op("createThreadAndRun", meta={"group": "threads", "path": "create_and_run", "beta": True})},
        "/videos/{video_id}/content": {"get": op("RetrieveVideoContent", meta={"group": "videos", "path": "download_content"})},
    }, OPENAI)
    assert got == {
        "createImage": "images.generate",
        "createImageVariation": "images.create_variation",
        "listChatCompletions": "chat.completions.list",  # agrees with the path: the resource stays
        "listModels": "models.list",
        "createThreadAndRun": "beta.threads.create_and_run",
        "RetrieveVideoContent": "videos.download_content",
    }


def test_doc_anchors_and_meta_paths_the_path_does_not_support_are_ignored() -> None:
    got, _ = names({
        "/conversations/{id}/items": {"get": op("listConversationItems", meta={"group": "conversations", "path": "list-items"}, responses=LIST)},
        "/evals": {"post": op("createEval", meta={"group": "evals", "path": "post"})},
        "/videos": {"get": op("ListVideos", meta={"group": "videos", "path": "list for the organization."}, responses=LIST)},
        "/things/{id}": {"get": op("getThing", meta={"group": "things", "path": "widgets/retrieve"})},  # no "widgets" in the path
        "/organization/users": {"get": op("list-users", meta={"group": "administration", "path": "users/list"}, responses=LIST)},  # group not in the path
    }, OPENAI)
    assert got == {
        "listConversationItems": "conversations.items.list",
        "createEval": "evals.create",
        "ListVideos": "videos.list",
        "getThing": "things.retrieve",
        "list-users": "organization.users.list",
    }


# --- step 4: namespaces -------------------------------------------------------------------------


def test_beta_flag_query_flag_and_stage_segments() -> None:
    got, diagnostics = names({
        "/threads": {"post": op("createThread", meta={"group": "threads", "beta": True})},
        "/fine_tuning/alpha/graders/validate": {"post": op("validateGrader", meta={"group": "graders", "beta": True})},
        "/responses": {"post": op("createResponse")},
        "/responses?beta=true": {"post": op("beta_createResponse")},
        "/responses/{response_id}?beta=true": {"get": op("beta_getResponse")},
        "/responses/compact?beta=true": {"post": op("beta_Compactconversation")},
    }, OPENAI)
    assert got == {
        "createThread": "beta.threads.create",
        "validateGrader": "fine_tuning.alpha.graders.validate",  # the path names its stage already
        "createResponse": "responses.create",
        "beta_createResponse": "beta.responses.create",
        "beta_getResponse": "beta.responses.retrieve",
        "beta_Compactconversation": "beta.responses.compact",  # the flag word is not part of the verb
    }
    assert not [d for d in diagnostics if d.kind == "method-name-clash"]


def test_a_path_without_static_segments_takes_its_first_tag() -> None:
    got, _ = names({"/": {"get": op("list-data-sets", tags=["metadata"], responses=LIST)}, "/{dataset}": {"get": op("getDataset")}})
    assert got == {"list-data-sets": "metadata.list", "getDataset": "root.retrieve"}


# --- steps 5 and 6: configuration and clashes ---------------------------------------------------


def test_prefixes_and_overrides_from_the_config_and_unknown_keys_change_nothing_but_are_reported() -> None:
    config = Config(
        flavour="openai",
        prefixes={"organization": "admin.organization", "assistants": "beta.assistants", "nowhere": "x.y"},
        overrides={"usage-costs": "admin.organization.usage.costs", "absentOperation": "a.b"},
    )
    got, diagnostics = names({
        "/organization/users/{user_id}": {"get": op("retrieve-user")},
        "/organization/costs": {"get": op("usage-costs", responses=LIST)},
        "/assistants": {"post": op("createAssistant")},
        "/threads": {"post": op("createThread", meta={"group": "threads", "beta": True})},
    }, config)
    assert got == {
        "retrieve-user": "admin.organization.users.retrieve",
        "usage-costs": "admin.organization.usage.costs",  # an override wins over prefixes
        "createAssistant": "beta.assistants.create",
        "createThread": "beta.threads.create",
    }
    assert sorted((d.kind, d.pointer) for d in diagnostics) == [
        ("unmatched-override", "/resources/overrides/absentOperation"),
        ("unmatched-override", "/resources/prefixes/nowhere"),
    ]


def test_the_operation_that_reads_as_verb_plus_resource_wins_a_clash_whatever_the_order() -> None:
    got, diagnostics = names({
        "/threads/runs": {"post": op("createThreadAndRun")},
        "/threads/{thread_id}/runs": {"post": op("createRun")},
    })
    assert got == {"createThreadAndRun": "threads.runs.create_thread_and_run", "createRun": "threads.runs.create"}
    assert [d.kind for d in diagnostics] == ["method-name-clash"]


def test_config_rejects_a_prefix_that_is_no_dotted_path(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("resources:\n  prefixes: {organization: admin/organization}\n")
    with pytest.raises(GeneratorError, match="invalid value 'admin/organization'"):
        load_config(config)
    config.write_text("resources:\n  prefixes: {organization: admin.organization}\n")
    assert load_config(config).prefixes == {"organization": "admin.organization"}


# --- issue 7, class 10: names a person would write ------------------------------------------------


def located(paths: dict[str, dict[str, Any]], params: dict[str, list[str]] | None = None) -> dict[str, str]:
    """operationId -> "resource.path.method"; ``params`` lists each path's path parameters by name."""
    for path, item in paths.items():
        item["parameters"] = [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}} for n in (params or {}).get(path, [])]
    doc = {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://x.test"}], "paths": paths}
    api = build_api(doc, file="spec.yaml", version="3.1", config=Config(), diagnostics=Diagnostics())
    return {o.operation_id: ".".join((*o.resource, o.method_name)) for o in api.operations}


def test_a_fragment_is_an_action_not_part_of_a_resource_name() -> None:
    got = located(
        {"/files/{file_id}": {"get": op("getFile")}, "/files/{file_id}#get_shared_link": {"post": op("getSharedLink")}},
        {"/files/{file_id}": ["file_id"], "/files/{file_id}#get_shared_link": ["file_id"]},
    )
    assert got == {"getFile": "files.retrieve", "getSharedLink": "files.get_shared_link"}


def test_custom_verbs_become_methods() -> None:
    got = located(
        {"/batches/{batch_id}": {"get": op("getBatch")}, "/batches/{batch_id}:cancel": {"post": op("cancelBatch")}, "/batches:batchCreate": {"post": op("batchCreate")}},
        {"/batches/{batch_id}": ["batch_id"], "/batches/{batch_id}:cancel": ["batch_id"]},
    )
    assert got == {"getBatch": "batches.retrieve", "cancelBatch": "batches.cancel", "batchCreate": "batches.batch_create"}


def test_version_prefixes_and_generic_words_are_no_resources() -> None:
    got = located(
        {"/rest/api/3/issue/{key}": {"get": op("getIssue")}, "/rest/api/3/issue": {"post": op("createIssue")}, "/rest/atlassian-connect/1/app/module": {"get": op("getModules")}},
        {"/rest/api/3/issue/{key}": ["key"]},
    )
    assert got == {"getIssue": "issue.retrieve", "createIssue": "issue.create", "getModules": "atlassian_connect.app.module.retrieve"}


def test_the_main_version_goes_and_other_versions_stay_namespaces() -> None:
    got = located({"/v1/chat": {"post": op("chatV1")}, "/v1/models": {"get": op("listModels", responses=LIST)}, "/v1/files": {"get": op("listFiles", responses=LIST)},
                   "/v2/chat": {"post": op("chatV2")}, "/2/embed": {"post": op("embed")}})
    # Most paths are v1: those lose it; v2 (also spelled 2) stays a namespace, as cohere's client has chat and v2.chat.
    # POST /v2/chat "chatV2" is an action named after its segment, on the namespace.
    assert got == {"chatV1": "chat.create", "listModels": "models.list", "listFiles": "files.list", "chatV2": "v2.chat", "embed": "v2.embed"}


def test_literal_ids_in_paths_are_no_resources() -> None:
    got = located({"/accounts/1234567/users": {"get": op("listUsers", responses=LIST)}, "/accounts/1234567/users/{user_id}": {"get": op("getUser")}}, {"/accounts/1234567/users/{user_id}": ["user_id"]})
    assert got == {"listUsers": "accounts.users.list", "getUser": "accounts.users.retrieve"}


def test_leading_digits_are_spelled_and_format_suffixes_dropped() -> None:
    assert located({"/v2/1-clicks": {"get": op("oneClicksList", responses=LIST)}}) == {"oneClicksList": "one_clicks.list"}
    got = located({"/2010-04-01/Accounts/{Sid}/Calls.json": {"get": op("listCall", responses=LIST)}}, {"/2010-04-01/Accounts/{Sid}/Calls.json": ["Sid"]})
    assert got == {"listCall": "accounts.calls.list"}


def test_clash_fallbacks_say_what_differs_not_the_whole_operation_id() -> None:
    got = located(
        {
            "/v1/workflows/executions/{execution_id}/terminate": {"post": op("terminate_workflow_execution_v1_workflows_executions_execution_id_terminate_post")},
            "/v1/workflows/executions/{execution_id}/terminate#force": {"post": op("terminate")},
            "/projects/{project_id}": {"put": op("projects_update"), "patch": op("projects_patch")},
            "/apps/{app_id}/rollback": {"post": op("apps_create_rollback")},
            "/apps/{app_id}/rollback#x": {"post": op("rollback")},
        },
        {"/v1/workflows/executions/{execution_id}/terminate": ["execution_id"], "/v1/workflows/executions/{execution_id}/terminate#force": ["execution_id"],
         "/projects/{project_id}": ["project_id"], "/apps/{app_id}/rollback": ["app_id"], "/apps/{app_id}/rollback#x": ["app_id"]},
    )
    assert got["projects_update"] == "projects.update" and got["projects_patch"] == "projects.patch"
    assert got["terminate_workflow_execution_v1_workflows_executions_execution_id_terminate_post"] in (
        "workflows.executions.terminate", "workflows.executions.terminate_workflow_execution")
    assert all(len(name.rsplit(".", 1)[-1].split("_")) <= 3 for name in got.values()), got
    assert got["apps_create_rollback"] in ("apps.rollback", "apps.create_rollback")
