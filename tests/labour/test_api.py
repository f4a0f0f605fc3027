"""/api/v1/labour: role × endpoint × scope, and the shapes of lists, imports and exports."""

from __future__ import annotations

import io
import json

import pytest

from tests.labour.conftest import person_raw, seeker_raw
from tests.labour.test_imports_exports import _csv, _seeker_row

BASE = "/api/v1/labour"
ROLES = [
    "counsellor",
    "other_counsellor",
    "province_officer",
    "commune_officer",
    "analyst",
    "auditor",
    "anonymous",
]

# Expected status per endpoint, in the order of ROLES.
MATRIX = {
    "seeker_list": [200, 200, 200, 403, 200, 200, 401],
    "seeker_detail": [200, 404, 200, 403, 200, 200, 401],
    "seeker_create": [201, 422, 403, 403, 403, 403, 401],
    "seeker_update": [200, 404, 403, 403, 403, 403, 401],
    "seeker_close": [200, 404, 403, 403, 403, 403, 401],
    "seekers_import": [201, 422, 403, 403, 403, 403, 401],
    "seekers_export": [200, 200, 200, 403, 200, 200, 401],
    "employer_detail": [200, 404, 200, 403, 200, 200, 401],
    "employer_create": [201, 422, 403, 403, 403, 403, 401],
    "vacancy_detail": [200, 404, 200, 403, 200, 200, 401],
    "vacancy_update": [200, 404, 403, 403, 403, 403, 401],
    "vacancy_close": [200, 404, 403, 403, 403, 403, 401],
    "vacancies_export": [200, 200, 200, 403, 200, 200, 401],
    "dashboard": [200, 200, 200, 403, 200, 200, 401],
    "occupations": [200, 200, 200, 403, 200, 200, 401],
    "template": [200, 200, 200, 403, 200, 200, 401],
}


@pytest.fixture
def world(make_seeker, make_vacancy, commune_a):
    seeker = make_seeker()
    vacancy = make_vacancy()
    return {"seeker": seeker, "vacancy": vacancy, "employer": vacancy.employer, "commune": commune_a}


def _json(client, method, url, body):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def _call(client, endpoint: str, world):
    seeker, vacancy, employer, commune = (
        world["seeker"],
        world["vacancy"],
        world["employer"],
        world["commune"],
    )
    if endpoint == "seeker_list":
        return client.get(f"{BASE}/seekers?q=han")
    if endpoint == "seeker_detail":
        return client.get(f"{BASE}/seekers/{seeker.pk}")
    if endpoint == "seeker_create":
        body = {**seeker_raw(commune), "person": person_raw()}
        return _json(client, "post", f"{BASE}/seekers", body)
    if endpoint == "seeker_update":
        return _json(client, "put", f"{BASE}/seekers/{seeker.pk}", {**seeker_raw(commune), "version": 1})
    if endpoint == "seeker_close":
        return _json(client, "post", f"{BASE}/seekers/{seeker.pk}/close", {"reason": "withdrawn"})
    if endpoint == "seekers_import":
        upload = io.BytesIO(_csv([_seeker_row(commune)]))
        upload.name = "ds.csv"
        return client.post(f"{BASE}/seekers/import", {"file": upload})
    if endpoint == "seekers_export":
        return client.get(f"{BASE}/seekers/export?format=csv")
    if endpoint == "employer_detail":
        return client.get(f"{BASE}/employers/{employer.pk}")
    if endpoint == "employer_create":
        body = {"tax_code": "0100233488", "name": "Công ty TNHH Hòa Bình", "commune_id": commune.pk}
        return _json(client, "post", f"{BASE}/employers", body)
    if endpoint == "vacancy_detail":
        return client.get(f"{BASE}/vacancies/{vacancy.pk}")
    if endpoint == "vacancy_update":
        body = {"employer_id": employer.pk, "title": "Công nhân may", "posts": 5, "wage_min": 6_000_000}
        return _json(client, "put", f"{BASE}/vacancies/{vacancy.pk}", body)
    if endpoint == "vacancy_close":
        return _json(client, "post", f"{BASE}/vacancies/{vacancy.pk}/close", {"reason": "filled"})
    if endpoint == "vacancies_export":
        return client.get(f"{BASE}/vacancies/export?format=xlsx")
    if endpoint == "dashboard":
        return client.get(f"{BASE}/dashboard")
    if endpoint == "occupations":
        return client.get(f"{BASE}/occupations?q=tai+xe")
    if endpoint == "template":
        return client.get(f"{BASE}/import-templates/seekers")
    raise AssertionError(endpoint)  # pragma: no cover


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", list(MATRIX))
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_permission_matrix(request, client, world, endpoint, role_index):
    role = ROLES[role_index]
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = _call(client, endpoint, world)
    expected = MATRIX[endpoint][role_index]
    assert response.status_code == expected, response.content[:500]
    if expected >= 400:
        body = response.json()
        assert body["code"] and body["message"]
        if expected == 404:
            assert body == {"code": f"{endpoint.split('_')[0]}.not_found", "message": "Không tìm thấy."}


@pytest.mark.django_db
def test_other_province_sees_an_empty_list(client, world, other_counsellor):
    client.force_login(other_counsellor)
    assert client.get(f"{BASE}/seekers").json() == {"items": [], "count": 0}
    assert client.get(f"{BASE}/vacancies").json()["count"] == 0
    assert client.get(f"{BASE}/dashboard").json()["active_seekers"] == 0


@pytest.mark.django_db
def test_list_is_masked_and_paginated(client, world, counsellor):
    client.force_login(counsellor)
    body = client.get(f"{BASE}/seekers?q=THO+HAN").json()
    assert body["count"] == 1
    item = body["items"][0]
    person = world["seeker"].person
    assert item["personal_id_masked"] == person.personal_id[:3] + "******" + person.personal_id[-3:]
    assert "personal_id" not in item and "phone" not in item
    assert item["occupation_code"] == "7212" and item["commune"]["id"] == world["commune"].pk
    assert client.get(f"{BASE}/seekers?q=khong+co").json()["count"] == 0


@pytest.mark.django_db
def test_detail_is_full_and_audited(client, world, counsellor):
    from ansinh.core.models import AuditEvent

    client.force_login(counsellor)
    body = client.get(f"{BASE}/seekers/{world['seeker'].pk}").json()
    assert body["person"]["personal_id"] == world["seeker"].person.personal_id
    assert body["occupation_codes"] == ["7212"] and body["desired_provinces"] == ["11"]
    assert AuditEvent.objects.filter(action="view", object_type="labour.jobseeker").count() == 1


@pytest.mark.django_db
def test_create_reports_every_field_error(client, world, counsellor):
    client.force_login(counsellor)
    body = {
        **seeker_raw(world["commune"], title="", general_education=9),
        "person": {"full_name": "", "sex": "M"},
    }
    response = _json(client, "post", f"{BASE}/seekers", body)
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"title", "general_education", "full_name", "birth_date"} <= fields


@pytest.mark.django_db
def test_stale_update_is_409(client, world, counsellor):
    client.force_login(counsellor)
    body = {**seeker_raw(world["commune"]), "version": 99}
    response = _json(client, "put", f"{BASE}/seekers/{world['seeker'].pk}", body)
    assert response.status_code == 409 and response.json()["code"] == "seeker.stale"


@pytest.mark.django_db
def test_refused_import_lists_rows(client, world, counsellor):
    client.force_login(counsellor)
    rows = [_seeker_row(world["commune"]), _seeker_row(world["commune"], **{"Họ và tên": ""})]
    upload = io.BytesIO(_csv(rows))
    upload.name = "ds.csv"
    response = client.post(f"{BASE}/seekers/import", {"file": upload})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "import.refused"
    assert [(e["row"], e["column"], e["field"], e["code"]) for e in body["errors"]] == [
        (3, "Họ và tên", "full_name", "full_name.required")
    ]
    assert body["errors"][0]["message"]


@pytest.mark.django_db
def test_long_import_answers_202_with_a_job_to_poll(
    client, world, counsellor, analyst, monkeypatch, django_capture_on_commit_callbacks
):
    from ansinh.labour.registration import imports

    monkeypatch.setattr(imports, "MAX_ROWS", 1)
    client.force_login(counsellor)
    upload = io.BytesIO(_csv([_seeker_row(world["commune"]), _seeker_row(world["commune"])]))
    upload.name = "ds.csv"
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"{BASE}/seekers/import", {"file": upload})
    assert started.status_code == 202
    polled = client.get(f"{BASE}/import-jobs/{started.json()['id']}").json()
    assert polled["status"] == "succeeded" and polled["result"]["created"] == 2
    client.force_login(analyst)  # reads the labour market, imports nothing
    assert client.get(f"{BASE}/import-jobs/{started.json()['id']}").status_code == 403


@pytest.mark.django_db
def test_export_download(client, world, counsellor):
    client.force_login(counsellor)
    response = client.get(f"{BASE}/seekers/export?format=csv")
    assert response["Content-Disposition"].startswith('attachment; filename="Nguoi-tim-viec-')
    assert world["seeker"].person.personal_id not in response.content.decode("utf-8-sig")
    assert client.get(f"{BASE}/seekers/export?format=pdf").status_code == 400


@pytest.mark.django_db
def test_occupation_lookup(client, counsellor):
    client.force_login(counsellor)
    assert client.get(f"{BASE}/occupations?q=tai+xe").json()[0]["code"] == "8322"
    codes = [o["code"] for o in client.get(f"{BASE}/occupations?q=721&level=4").json()]
    assert codes == ["7211", "7212", "7213", "7214", "7215"]
