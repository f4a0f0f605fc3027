"""Person search filters become full-text tokens: a negative or absurd number is refused, never a 500."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "nguyen", "commune": "-5"}, "commune"),
        ({"q": "nguyen", "birth_year": "-1990"}, "birth_year"),
        ({"birth_year": "-1"}, "birth_year"),
        ({"commune": "-5"}, "commune"),
        ({"q": "nguyen", "birth_year": "99999"}, "birth_year"),
    ],
)
def test_api_refuses_bad_filters_naming_them(client, province_officer, params, field):
    client.force_login(province_officer)
    response = client.get("/api/v1/registry/persons", params)
    assert response.status_code == 400, response.content[:300]
    assert response.json()["field"] == field and response.json()["code"] == "field.out_of_range"


@pytest.mark.parametrize("params", [{"q": "nguyen", "commune": "-5"}, {"q": "lo", "birth_year": "-1990"}])
def test_web_search_ignores_bad_filters(client, province_officer, params):
    client.force_login(province_officer)
    assert client.get("/persons/", params).status_code == 200
