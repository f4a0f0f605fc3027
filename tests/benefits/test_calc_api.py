"""POST /api/v1/calc/{regime}: anonymous, no CSRF token, 200 / 422 / 404."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reset_language():
    """LocaleMiddleware leaves the request's language active in this thread: put the default back."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


URL = "/api/v1/calc/"
SA_FACTS = {"on": "2025-08-01", "birth_date": "1950-05-01", "clauses": ["5a"], "household": "poor"}


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=True)  # an anonymous citizen with no CSRF cookie


def post(client, regime, body, **headers):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(URL + regime, data, content_type="application/json", **headers)


def test_200_same_object_as_the_cli(client):
    response = post(client, "social-assistance", SA_FACTS)
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"regime", "eligible", "monthly_amount", "lines", "notes", "provisional"}
    assert (data["eligible"], data["monthly_amount"]) == (True, 750_000)
    assert data["lines"][0]["basis"].startswith("500.000 đ × 1,5")


def test_social_pension(client):
    body = {"on": "2025-08-01", "birth_date": "1953-01-01", "household": "near_poor", "pension_monthly": 0}
    data = post(client, "social-pension", body).json()
    assert (data["eligible"], data["monthly_amount"]) == (True, 500_000)


def test_not_eligible_is_200(client):
    response = post(client, "social-assistance", {**SA_FACTS, "household": "none"})
    assert response.status_code == 200 and response.json()["eligible"] is False


def test_422_for_contradictions(client):
    response = post(
        client, "social-assistance", {**SA_FACTS, "birth_date": "1980-01-01"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    data = response.json()
    assert data["code"] == "facts.age_outside_clause" and data["field"] == "clauses"
    assert "5a" in data["message"]


@pytest.mark.parametrize(
    ("body", "code"),
    [("{oops", "facts.bad_json"), ("[]", "facts.not_an_object"), ({"on": "2025-08-01"}, "facts.missing")],
)
def test_422_for_malformed_bodies(client, body, code):
    response = post(client, "social-assistance", body)
    assert response.status_code == 422 and response.json()["code"] == code


def test_404_for_an_unknown_regime(client):
    response = post(client, "unemployment", SA_FACTS)
    assert response.status_code == 404
    assert response.json()["code"] == "regime.not_found"
    assert post(client, "social_assistance", SA_FACTS).status_code == 404  # the URL takes hyphenated names
