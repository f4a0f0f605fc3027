"""Role × benefits endpoint × in scope / out of scope, through the API.

The persons under test live in `commune_a` of Điện Biên (11). Out of scope answers exactly like a
record that does not exist (404, same body); read-only roles get 403 on every write.
"""

from __future__ import annotations

import json

import pytest

from ansinh.benefits import services
from tests.benefits.test_enrolment_helpers import BANK, ELDERLY_POOR, decision, decision_raw

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
READ = [200, 404, 200, 404, 403, 200, 200, 403, 401]
WRITE = [200, 404, 200, 404, 403, 403, 403, 403, 401]

# Expected status per endpoint, in the order of ROLES.
MATRIX = {
    "enrolment_list": [200, 200, 200, 200, 403, 200, 200, 403, 401],
    "enrolment_detail": READ,
    "person_history": READ,
    "enrolment_create": [201, 404, 201, 404, 403, 403, 403, 403, 401],
    "enrolment_adjust": WRITE,
    "enrolment_suspend": WRITE,
    "enrolment_resume": WRITE,
    "enrolment_stop": WRITE,
    "person_death": WRITE,
    "person_move": WRITE,
}
NOT_FOUND = {"enrolment": "enrolment.not_found", "person": "person.not_found"}


@pytest.fixture
def world(make_person, province_officer, commune_b):
    person = make_person(full_name="Lò Văn Thắng", sex="M", birth_date="1955-05-01", **BANK)
    suspended_person = make_person(birth_date="1956-05-01", **BANK)
    newcomer = make_person(birth_date="1957-05-01", **BANK)
    common = {"actor": province_officer, "regime": "social_assistance", "facts": ELDERLY_POOR}
    enrolment = services.enrolment_create(person=person, decision=decision(), **common)
    suspended = services.enrolment_create(person=suspended_person, decision=decision(), **common)
    services.enrolment_suspend(
        actor=province_officer, enrolment=suspended, decision=decision(), reason="Đi vắng"
    )
    return {
        "person": person,
        "enrolment": enrolment,
        "suspended": suspended,
        "newcomer": newcomer,
        "commune_b": commune_b,
    }


def _call(client, endpoint: str, world) -> tuple[int, dict]:
    base = "/api/v1/benefits"
    person, enrolment = world["person"], world["enrolment"]

    def post(url, body):
        return client.post(f"{base}{url}", data=json.dumps(body), content_type="application/json")

    calls = {
        "enrolment_list": lambda: client.get(f"{base}/enrolments"),
        "enrolment_detail": lambda: client.get(f"{base}/enrolments/{enrolment.pk}"),
        "person_history": lambda: client.get(f"{base}/persons/{person.pk}/history"),
        "enrolment_create": lambda: post(
            "/enrolments",
            decision_raw(
                person_id=world["newcomer"].pk, regime="social_assistance", clauses=["5a"], household="poor"
            ),
        ),
        "enrolment_adjust": lambda: post(
            f"/enrolments/{enrolment.pk}/adjust", {**decision_raw(), **ELDERLY_POOR, "clauses": ["5d"]}
        ),
        "enrolment_suspend": lambda: post(
            f"/enrolments/{enrolment.pk}/suspend", {**decision_raw(), "reason": "x"}
        ),
        "enrolment_resume": lambda: post(
            f"/enrolments/{world['suspended'].pk}/resume", decision_raw(effective="2026-09")
        ),
        "enrolment_stop": lambda: post(
            f"/enrolments/{enrolment.pk}/stop", {**decision_raw(), "reason": "x", "last_month": "2026-09"}
        ),
        "person_death": lambda: post(
            f"/persons/{person.pk}/death", {**decision_raw(), "death_date": "2026-09-14"}
        ),
        "person_move": lambda: post(
            f"/persons/{person.pk}/move",
            {**decision_raw(), "from_month": "2026-10", "to_commune_id": world["commune_b"].pk},
        ),
    }
    response = calls[endpoint]()
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
    if status >= 400:
        assert "code" in body and "message" in body
    if status == 404:
        what = "person" if endpoint.startswith("person") or endpoint == "enrolment_create" else "enrolment"
        assert body == {"code": NOT_FOUND[what], "message": "Không tìm thấy."}


@pytest.mark.django_db
def test_lists_never_show_out_of_scope(client, world, other_commune_officer, other_province_officer):
    for actor in (other_commune_officer, other_province_officer):
        client.force_login(actor)
        body = client.get("/api/v1/benefits/enrolments").json()
        assert body["count"] == 0 and body["items"] == []


@pytest.mark.django_db
def test_out_of_scope_reads_like_missing(client, world, other_province_officer):
    client.force_login(other_province_officer)
    out_of_scope = client.get(f"/api/v1/benefits/enrolments/{world['enrolment'].pk}")
    missing = client.get("/api/v1/benefits/enrolments/987654321")
    assert out_of_scope.status_code == missing.status_code == 404
    assert out_of_scope.json() == missing.json()


@pytest.mark.django_db
def test_csrf_enforced_for_session_writes(world, commune_officer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(commune_officer)
    response = client.post(
        f"/api/v1/benefits/enrolments/{world['enrolment'].pk}/suspend",
        data=json.dumps({**decision_raw(), "reason": "x"}),
        content_type="application/json",
    )
    assert response.status_code == 403
