"""Every paginated API list bounds its page (and offset): a page past 2**63 is a 422 naming the field."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

HUGE = str(2**63)
PAGED = [
    "/api/v1/registry/persons",
    "/api/v1/registry/households",
    "/api/v1/benefits/enrolments",
    "/api/v1/payments/cycles",
    "/api/v1/payments/cycles/1/lines",
    "/api/v1/labour/seekers",
    "/api/v1/labour/employers",
    "/api/v1/labour/vacancies",
    "/api/v1/labour/fairs",
    "/api/v1/labour/fairs/1/seekers",
    "/api/v1/labour/referrals",
    "/api/v1/labour/referrals/placements",
    "/api/v1/unemployment/claims",
    "/api/v1/board/interests",
    "/api/v1/board/submissions",
    "/api/v1/audit/events",
]


@pytest.mark.parametrize("url", PAGED)
@pytest.mark.parametrize("page", [HUGE, "-1", "0"])
def test_absurd_page_is_a_field_error(client, admin_user, url, page):
    client.force_login(admin_user)
    response = client.get(url, {"page": page})
    assert response.status_code == 422, response.content[:300]
    assert response.json()["errors"][0]["field"] == "page"


@pytest.mark.parametrize("url", PAGED)
def test_huge_page_size_is_a_field_error(client, admin_user, url):
    client.force_login(admin_user)
    response = client.get(url, {"page_size": HUGE})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "page_size"


def test_far_page_within_bounds_is_empty(client, counsellor):
    client.force_login(counsellor)
    response = client.get("/api/v1/labour/vacancies", {"page": "1000000"})
    assert response.status_code == 200 and response.json()["items"] == []


def test_unit_list_offset_is_bounded(client):
    response = client.get("/api/v1/geo/units", {"level": "province", "offset": HUGE})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "offset"
    assert client.get("/api/v1/geo/units", {"level": "province", "offset": "0"}).status_code == 200
