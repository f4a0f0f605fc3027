"""The /api/v1/merit API: records, assessments, caregivers, martyrs and relatives."""

from __future__ import annotations

import json

import pytest

from ansinh.core.models import AuditAction, AuditEvent
from ansinh.merit.models import MartyrRelative, MeritRecord
from ansinh.registry.models import Person
from tests.merit.conftest import martyr_raw, record_raw

pytestmark = pytest.mark.django_db

BASE = "/api/v1/merit"


def _post(client, url, body, method="post"):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_create_read_and_list_a_record(client, commune_officer, veteran):
    client.force_login(commune_officer)
    response = _post(
        client, f"{BASE}/records", {"person_id": veteran.pk, **record_raw(dossier_number="HS-9")}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["category"] == "war_invalid" and body["managing_province"]["code"] == "11"
    assert body["personal_id"] == veteran.personal_id and body["assessments"] == []
    listed = client.get(f"{BASE}/records", {"category": "war_invalid"}).json()
    item = listed["items"][0]
    assert item["id"] == body["id"] and item["personal_id_masked"] != veteran.personal_id
    assert "personal_id" not in item
    assert client.get(f"{BASE}/records", {"category": "hero"}).json()["items"] == []
    before = AuditEvent.objects.filter(action=AuditAction.VIEW).count()
    assert client.get(f"{BASE}/records/{body['id']}").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == before + 1


def test_bad_input_names_every_field(client, province_officer, veteran):
    client.force_login(province_officer)
    response = _post(
        client, f"{BASE}/records", {"person_id": veteran.pk, "category": "x", "decision_date": "hôm qua"}
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"category", "decision_number", "decision_date", "decision_body"}
    assert not MeritRecord.objects.exists()


def test_a_new_person_goes_through_the_registrys_check_at_entry(client, province_officer, veteran, commune_a):
    client.force_login(province_officer)
    typed = {
        "full_name": veteran.full_name,
        "birth_date": veteran.birth_date.isoformat(),
        "sex": "M",
        "commune_id": commune_a.pk,
        "phone": "0912345678",
    }
    body = {"person": typed, **record_raw(category="hero")}
    response = _post(client, f"{BASE}/records", body)
    assert response.status_code == 409
    answer = response.json()
    assert answer["code"] == "person.possible_duplicate"
    assert [c["id"] for c in answer["candidates"]] == [veteran.pk]
    assert not MeritRecord.objects.exists()
    # The officer says it is the same person: the record goes to the existing one, no second person.
    count = Person.objects.count()
    response = _post(client, f"{BASE}/records", {**body, "person": {**typed, "link_to": veteran.pk}})
    assert response.status_code == 201, response.content
    assert response.json()["person_id"] == veteran.pk and Person.objects.count() == count


def test_a_person_typed_by_personal_id_is_reused(client, province_officer, veteran):
    client.force_login(province_officer)
    typed = {"personal_id": veteran.personal_id, "full_name": veteran.full_name, "sex": "M"}
    response = _post(client, f"{BASE}/records", {"person": typed, **record_raw()})
    assert response.status_code == 201, response.content
    assert response.json()["person_id"] == veteran.pk


def test_edit_with_a_stale_version_is_a_conflict(client, province_officer, make_record, veteran):
    record = make_record(veteran)
    client.force_login(province_officer)
    fields = {**record_raw(), "status": "suspended", "status_from": "2024-02-01"}
    response = _post(client, f"{BASE}/records/{record.pk}", {**fields, "version": 1}, method="put")
    assert response.status_code == 200 and response.json()["version"] == 2
    response = _post(
        client, f"{BASE}/records/{record.pk}", {**fields, "note": "x", "version": 1}, method="put"
    )
    assert response.status_code == 409


def test_assessments_and_caregivers(client, province_officer, make_record, veteran, make_person):
    record = make_record(veteran)
    client.force_login(province_officer)
    url = f"{BASE}/records/{record.pk}"
    for rate, day in ((41, "2010-03-01"), (81, "2022-06-15")):
        response = _post(
            client, f"{url}/assessments", {"rate": rate, "assessed_on": day, "medical_council": "HĐ"}
        )
        assert response.status_code == 201, response.content
    detail = client.get(url).json()
    assert detail["assessment_in_force"]["rate"] == 81
    assert [a["rate"] for a in detail["assessments"]] == [81, 41]
    response = _post(
        client, f"{url}/assessments", {"rate": 130, "assessed_on": "2023-01-01", "medical_council": "HĐ"}
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "rate"
    son = make_person(sex="M", birth_date="1975-01-01")
    response = _post(client, f"{url}/caregivers", {"person_id": son.pk, "valid_from": "2021-07-01"})
    assert response.status_code == 201, response.content
    assert client.get(url).json()["caregivers"][0]["person_id"] == son.pk


def test_martyrs_and_relatives(client, commune_officer, commune_a, make_person):
    client.force_login(commune_officer)
    response = _post(client, f"{BASE}/martyrs", martyr_raw(commune_a, certificate_number="TQ-77"))
    assert response.status_code == 201, response.content
    martyr_id = response.json()["id"]
    widow = make_person(sex="F", birth_date="1952-01-01")
    response = _post(
        client, f"{BASE}/martyrs/{martyr_id}/relatives", {"person_id": widow.pk, "relation": "spouse"}
    )
    assert response.status_code == 201, response.content
    detail = client.get(f"{BASE}/martyrs/{martyr_id}").json()
    assert detail["relative_count"] == 1 and detail["relatives"][0]["relation"] == "spouse"
    assert MartyrRelative.objects.get().person == widow
    # Now the widow's relatives' allowance record may be opened.
    response = _post(
        client, f"{BASE}/records", {"person_id": widow.pk, **record_raw(category="martyr_relative")}
    )
    assert response.status_code == 201, response.content
    assert (
        client.get(f"{BASE}/records/{response.json()['id']}").json()["martyrs"][0]["martyr_id"] == martyr_id
    )
    assert client.get(f"{BASE}/martyrs", {"q": "lo van binh"}).json()["count"] == 1


def test_out_of_scope_answers_like_missing(client, other_province_officer, make_record, veteran):
    record = make_record(veteran)
    client.force_login(other_province_officer)
    out = client.get(f"{BASE}/records/{record.pk}")
    missing = client.get(f"{BASE}/records/987654")
    assert out.status_code == missing.status_code == 404
    assert out.json() == missing.json()
    body = {"person_id": veteran.pk, **record_raw()}
    out = _post(client, f"{BASE}/records", body)
    missing = _post(client, f"{BASE}/records", {**body, "person_id": 987654})
    assert out.status_code == missing.status_code == 422
    assert out.json() == missing.json()
