"""Role × endpoint × in scope / out of scope, through the API.

The person under test lives in `commune_a` of Điện Biên (11). Out of scope must answer exactly
like a record that does not exist (404 with the same body).
"""

from __future__ import annotations

import json

import pytest

ROLES = [
    "commune_officer",
    "other_commune_officer",
    "province_officer",
    "other_province_officer",
    "counsellor",
    "analyst",
    "auditor",
    "admin_user",
    "anonymous",
]

# Expected status per endpoint, in the order of ROLES.
MATRIX = {
    "person_detail": [200, 404, 200, 404, 200, 200, 200, 403, 401],
    "person_list": [200, 200, 200, 200, 200, 200, 200, 403, 401],
    "person_update": [200, 404, 200, 404, 200, 403, 403, 403, 401],
    "person_history": [200, 404, 200, 404, 403, 403, 200, 403, 401],
    "household_detail": [200, 404, 200, 404, 200, 200, 200, 403, 401],
    "household_create": [201, 422, 201, 422, 201, 403, 403, 403, 401],
    "audit_events": [403, 403, 403, 403, 403, 403, 200, 200, 401],
}


@pytest.fixture
def world(make_person, commune_a, province_officer):
    from ansinh.registry.inputs import HouseholdData
    from ansinh.registry.services import household_create

    person = make_person(full_name="Lò Văn Thắng", sex="M", birth_date="1980-05-01")
    household = household_create(
        actor=province_officer, data=HouseholdData(commune_id=commune_a.pk), head_id=person.pk
    )
    return {"person": person, "household": household, "commune": commune_a}


def _call(client, endpoint: str, world) -> tuple[int, dict]:
    person, household = world["person"], world["household"]
    base = "/api/v1"
    if endpoint == "person_detail":
        response = client.get(f"{base}/registry/persons/{person.pk}")
    elif endpoint == "person_list":
        response = client.get(f"{base}/registry/persons?q=lo+van+thang")
    elif endpoint == "person_update":
        body = {
            "full_name": "Lò Văn Thắng",
            "personal_id": person.personal_id,
            "birth_date": "1980-05-01",
            "sex": "M",
            "ethnicity": "03",
            "commune_id": world["commune"].pk,
            "phone": "0987654321",
        }
        response = client.put(
            f"{base}/registry/persons/{person.pk}", data=json.dumps(body), content_type="application/json"
        )
    elif endpoint == "person_history":
        response = client.get(f"{base}/registry/persons/{person.pk}/history")
    elif endpoint == "household_detail":
        response = client.get(f"{base}/registry/households/{household.pk}")
    elif endpoint == "household_create":
        body = {"commune_id": world["commune"].pk, "address_detail": "Bản Mường"}
        response = client.post(
            f"{base}/registry/households", data=json.dumps(body), content_type="application/json"
        )
    elif endpoint == "audit_events":
        response = client.get(f"{base}/audit/events")
    else:  # pragma: no cover
        raise AssertionError(endpoint)
    return response.status_code, response.json()


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", list(MATRIX))
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_permission_matrix(request, client, world, endpoint, role_index):
    role = ROLES[role_index]
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    status, body = _call(client, endpoint, world)
    assert status == MATRIX[endpoint][role_index], body
    assert "code" in body and "message" in body if status >= 400 else True
    if status == 404:
        assert body == {"code": f"{endpoint.split('_')[0]}.not_found", "message": "Không tìm thấy."}


@pytest.mark.django_db
def test_out_of_scope_reads_like_missing(client, world, other_province_officer):
    client.force_login(other_province_officer)
    out_of_scope = client.get(f"/api/v1/registry/persons/{world['person'].pk}")
    missing = client.get("/api/v1/registry/persons/987654321")
    assert out_of_scope.status_code == missing.status_code == 404
    assert out_of_scope.json() == missing.json()


@pytest.mark.django_db
def test_search_never_returns_out_of_scope(client, world, other_commune_officer, other_province_officer):
    for actor in (other_commune_officer, other_province_officer):
        client.force_login(actor)
        body = client.get("/api/v1/registry/persons?q=lo+van+thang").json()
        assert body["count"] == 0 and body["items"] == []


@pytest.mark.django_db
def test_csrf_enforced_for_session_writes(world, commune_officer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(commune_officer)
    body = {"commune_id": world["commune"].pk}
    response = client.post(
        "/api/v1/registry/households", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 403
