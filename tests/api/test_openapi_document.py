"""The OpenAPI document says what the API does: one name per schema, the bodies the handlers read, and the
error answers of every operation."""

from __future__ import annotations

import typing
from collections import defaultdict

import pytest
from pydantic import BaseModel

from ansinh.api import api

METHODS = {"get", "post", "put", "patch", "delete"}


def _operations():
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            yield from path_view.operations


def _models(annotation, found: set) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in found:
            found.add(annotation)
            for field in annotation.model_fields.values():
                _models(field.annotation, found)
        return
    for argument in typing.get_args(annotation):
        _models(argument, found)


def _documented_models() -> set[type[BaseModel]]:
    """The schemas that reach `components`: request bodies and responses with what they nest. The wrappers
    django-ninja builds per operation (and query or path parameters, flattened) are not components."""
    found: set[type[BaseModel]] = set()
    for operation in _operations():
        wrappers = [m for m in operation.models if m.__ninja_param_source__ in ("body", "form", "file")]
        wrappers += [m for m in operation.response_models.values() if isinstance(m, type)]
        for wrapper in wrappers:
            for field in wrapper.model_fields.values():
                _models(field.annotation, found)
    return found


def duplicate_schema_names(models) -> dict[str, list[str]]:
    by_name: dict[str, set[str]] = defaultdict(set)
    for model in models:
        by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    return {name: sorted(where) for name, where in by_name.items() if len(where) > 1}


def operations_missing_errors(document: dict) -> list[str]:
    missing = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            needed = {"400", "404", "409", "422"}
            if operation.get("security"):
                needed |= {"401", "403"}
            documented = {
                str(status)
                for status, answer in operation["responses"].items()
                if "ErrorOut" in str(answer.get("content", {}))
            }
            if needed - documented:
                missing.append(f"{method.upper()} {path}: {sorted(needed - documented)}")
    return missing


@pytest.fixture(scope="module")
def document(django_db_blocker):
    with django_db_blocker.unblock():
        from django.test import Client

        response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_no_two_schemas_share_a_name():
    assert duplicate_schema_names(_documented_models()) == {}


def test_the_duplicate_check_catches_a_collision():
    class MatchOut(BaseModel):
        x: int

    models = _documented_models() | {MatchOut}
    assert "MatchOut" in duplicate_schema_names(models)


def test_every_operation_documents_its_error_answers(document):
    assert operations_missing_errors(document) == []


def test_the_error_check_catches_an_undocumented_operation(document):
    path = "/api/v1/registry/persons/{person_id}"
    bare = {"paths": {path: {"get": {**document["paths"][path]["get"], "responses": {"200": {}}}}}}
    assert operations_missing_errors(bare) == [f"GET {path}: ['400', '401', '403', '404', '409', '422']"]


def test_error_schema_is_code_message_field_errors(document):
    error = document["components"]["schemas"]["ErrorOut"]
    assert set(error["properties"]) == {"code", "message", "field", "errors"}
    assert set(error["required"]) == {"code", "message"}
    public = document["paths"]["/api/v1/board/submissions"]["post"]["responses"]
    assert "401" not in public and "429" in public


def _body(document: dict, path: str) -> dict:
    operation = document["paths"][path]["post"]
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return document["components"]["schemas"][ref.rsplit("/", 1)[1]]


def test_enrolment_stop_documents_the_body_it_reads(document):
    body = _body(document, "/api/v1/benefits/enrolments/{enrolment_id}/stop")
    assert set(body["properties"]) == {"number", "signed_on", "signer", "reason", "last_month", "version"}


def test_fair_outcome_documents_the_body_it_reads(document):
    body = _body(document, "/api/v1/labour/fairs/{fair_id}/interviews/{interview_id}/outcome")
    assert set(body["properties"]) == {"outcome", "placed_on"}
    assert body["required"] == ["outcome"]


def test_every_reference_resolves(document):
    import json
    import re

    names = set(document["components"]["schemas"])
    refs = set(re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(document)))
    assert refs - names == set()
