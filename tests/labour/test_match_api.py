"""The matching endpoints (router `labour.api_match`, mounted by the lead at /api/v1/labour/match)."""

from __future__ import annotations

import pytest
from django.utils import translation
from ninja.testing import TestClient

from ansinh.core.errors import NotFound
from ansinh.labour.matching import selectors
from ansinh.labour.matching.api import router

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_and_cold_indexes():
    selectors.clear_indexes()
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return TestClient(router)


@pytest.fixture
def welder(make_seeker, commune_a):
    return make_seeker(commune=commune_a, title="Thợ hàn", occupation_codes=["7212"], skills="Hàn MIG")


@pytest.fixture
def job(make_vacancy, make_employer, commune_a):
    return make_vacancy(
        employer=make_employer(commune=commune_a), title="Thợ hàn", occupation_code="7212", skills="Hàn MIG"
    )


def test_vacancies_for_a_seeker(client, counsellor, welder, job):
    response = client.get(f"/seekers/{welder.pk}/vacancies?top=5", user=counsellor)
    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body["items"]] == [job.pk]
    assert "same occupation 7212" in body["items"][0]["reasons"]
    assert {"code", "points", "text"} <= set(body["items"][0]["factors"][0])
    assert body["engine"] == "sql"


def test_seekers_for_a_vacancy_and_scope(client, counsellor, other_counsellor, welder, job):
    body = client.get(f"/vacancies/{job.pk}/seekers", user=counsellor).json()
    assert [item["id"] for item in body["items"]] == [welder.pk]
    assert client.get(f"/vacancies/{job.pk}/seekers", user=other_counsellor).json()["items"] == []
    with pytest.raises(NotFound):  # api.py renders it as 404 {code, message}
        client.get(f"/seekers/{welder.pk}/vacancies", user=other_counsellor)
