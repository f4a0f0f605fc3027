"""schemathesis over the OpenAPI document, in-process through the WSGI application: no answer is a server
error, and every answer is one the document describes (status, content type, body schema).

Bounded for the suite (a fixed seed, a few examples per operation and role). A longer run:
ANSINH_FUZZ_EXAMPLES=200 .venv/bin/python -m pytest -q tests/api/test_fuzz.py -p no:logging
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from ansinh.wsgi import application

EXAMPLES = int(os.environ.get("ANSINH_FUZZ_EXAMPLES", "3"))
ROLES = {
    "province_officer": "11",
    "employment_counsellor": "11",
    "ministry_analyst": None,
}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def in_process(db):
    """Requests go straight to the WSGI application, which closes the database connection when a request
    ends; the test's transaction lives on that connection, so keep it open as Django's test client does."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(in_process, units):
    from ansinh.accounts.services import token_create, user_create
    from ansinh.geo.models import AdminUnit

    found = {}
    for role, province in ROLES.items():
        unit = AdminUnit.objects.get(structure="2025", level="province", code=province) if province else None
        user = user_create(
            actor=None, username=f"fuzz_{role}", password="Mat-khau-fuzz-2026", role=role, scope_unit=unit,
            validate=False,
        )  # fmt: skip
        found[role] = token_create(actor=None, user=user, name="fuzz")[1]
    return found


@pytest.mark.parametrize("role", list(ROLES))
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_document(case, role, tokens):
    case.call_and_validate(headers={"Authorization": f"Bearer {tokens[role]}"}, checks=CHECKS)


def _get(client, token: str, url: str):
    return client.get(url, headers={"Authorization": f"Bearer {token}"})


def test_a_negative_birth_year_filter_is_refused_not_a_crash(client, tokens):
    response = _get(client, tokens["province_officer"], "/api/v1/registry/persons?q=matches&birth_year=-5")
    assert response.status_code < 500


def test_a_page_past_2_63_is_refused_not_a_crash(client, tokens):
    response = _get(client, tokens["employment_counsellor"], f"/api/v1/labour/seekers?page={2**64}")
    assert response.status_code < 500
