"""Bad API requests kept as files (tests/corpus/api/*.json): each is refused with its code, never a 500,
and nothing is saved.

A case: method, url, role (a fixture of tests/conftest.py, or null for anonymous), body (JSON, or null),
status, code, field (the field the refusal names, or null). `commune_id: 0` in a body stands for a
commune in the role's scope.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ansinh.core.models import AuditEvent
from ansinh.registry.models import Person

pytestmark = pytest.mark.django_db

CASES = sorted((Path(__file__).parent / "api").glob("*.json"))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_bad_request_is_refused_with_its_code(client, request, commune_a, path):
    case = json.loads(path.read_text(encoding="utf-8"))
    if case["role"]:
        client.force_login(request.getfixturevalue(case["role"]))
    body = case["body"]
    if isinstance(body, dict) and body.get("commune_id") == 0:
        body["commune_id"] = commune_a.pk
    persons, events = Person.objects.count(), AuditEvent.objects.count()
    send = getattr(client, case["method"])
    if body is None:
        response = send(case["url"])
    else:
        response = send(case["url"], data=json.dumps(body), content_type="application/json")
    assert response.status_code == case["status"], response.content[:400]
    answer = response.json()
    assert answer["code"] == case["code"], answer
    if case["field"]:
        fields = [answer.get("field"), *(e.get("field") for e in answer.get("errors", []))]
        assert case["field"] in fields, answer
    assert Person.objects.count() == persons and AuditEvent.objects.count() == events
