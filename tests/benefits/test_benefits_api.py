"""The benefits API: enrol, act on an enrolment, record life events, read the history."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ansinh.benefits.models import Enrolment
from ansinh.core.models import AuditAction, AuditEvent
from tests.benefits.test_enrolment_helpers import (
    BANK,
    ELDERLY_POOR,
    STANDARD,
    decision_raw,
    enroller,
    make_elder,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def elder(make_person):
    return make_elder(make_person)


@pytest.fixture
def enrol(province_officer):
    return enroller(province_officer)


BASE = "/api/v1/benefits"


def _post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def _enrol_body(person, **extra):
    return decision_raw(
        person_id=person.pk, regime="social_assistance", clauses=["5a"], household="poor", **extra
    )


def test_enrol_through_the_api(client, commune_officer, elder):
    client.force_login(commune_officer)
    response = _post(client, f"{BASE}/enrolments", _enrol_body(elder, number="31/QĐ-UBND"))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["regime"], body["clause"], body["status"], body["start_month"]) == (
        "social_assistance",
        "5a",
        "active",
        "2026-07-01",
    )
    assert body["person_name"] == elder.full_name and body["personal_id_masked"] != elder.personal_id
    assert elder.personal_id not in response.content.decode()
    assert [d["number"] for d in body["decisions"]] == ["31/QĐ-UBND"]

    again = _post(client, f"{BASE}/enrolments", _enrol_body(elder, effective="2026-08"))
    assert again.status_code == 409 and again.json()["code"] == "enrolment.double"


def test_every_field_error_at_once_in_vietnamese(client, commune_officer, elder):
    client.force_login(commune_officer)
    body = {"person_id": elder.pk, "regime": "social_assistance", "signed_on": "2099-01-01", "clauses": []}
    response = _post(client, f"{BASE}/enrolments", body)
    assert response.status_code == 422
    errors = {e["field"]: e for e in response.json()["errors"]}
    # no number: the commune's register gives it when the decision is printed
    assert set(errors) == {"signed_on", "signer", "effective_month", "clauses"}
    assert errors["signer"]["message"] == "Nhập người ký quyết định."


def test_not_eligible_is_a_422_with_the_reason(client, commune_officer, elder):
    client.force_login(commune_officer)
    response = _post(client, f"{BASE}/enrolments", {**_enrol_body(elder), "household": "none"})
    assert response.status_code == 422 and response.json()["code"] == "enrolment.not_eligible"


def test_list_filters_and_query_count(client, province_officer, make_person, enrol):
    people = [make_person(birth_date=f"194{i}-01-01", **BANK) for i in range(3)]
    for person in people[:2]:
        enrol(person)
    enrol(people[2], regime="social_pension", facts={"household": "none", "pension_monthly": 0})
    client.force_login(province_officer)
    with CaptureQueriesContext(connection) as queries:
        body = client.get(f"{BASE}/enrolments?regime=social_assistance").json()
    assert body["count"] == 2 and {i["clause"] for i in body["items"]} == {"5a"}
    assert len(queries) <= 6  # session, user, count, page: not one query per row
    assert client.get(f"{BASE}/enrolments?clause=5a&status=stopped").json()["count"] == 0
    assert (
        client.get(f"{BASE}/enrolments?person={people[2].pk}").json()["items"][0]["regime"]
        == "social_pension"
    )


def test_actions_and_optimistic_locking(client, commune_officer, elder, enrol):
    enrolment = enrol(elder, actor=commune_officer)
    client.force_login(commune_officer)
    url = f"{BASE}/enrolments/{enrolment.pk}"
    adjusted = _post(
        client,
        f"{url}/adjust",
        {
            **decision_raw(effective="2026-09"),
            **ELDERLY_POOR,
            "clauses": ["5d"],
            "version": enrolment.version,
        },
    )
    assert adjusted.status_code == 200, adjusted.json()
    assert adjusted.json()["clause"] == "5d" and adjusted.json()["facts_from"] == "2026-09-01"
    stale = _post(
        client,
        f"{url}/suspend",
        {**decision_raw(effective="2026-10"), "reason": "x", "version": enrolment.version},
    )
    assert stale.status_code == 409 and stale.json()["code"] == "enrolment.stale"
    suspended = _post(client, f"{url}/suspend", {**decision_raw(effective="2026-10"), "reason": "Đi vắng"})
    assert suspended.json()["status"] == "suspended"
    assert suspended.json()["suspensions"] == [
        {"from_month": "2026-10-01", "to_month": None, "reason": "Đi vắng"}
    ]
    resumed = _post(client, f"{url}/resume", decision_raw(effective="2026-11"))
    assert resumed.json()["suspensions"][0]["to_month"] == "2026-10-01"
    no_last_month = _post(client, f"{url}/stop", {**decision_raw(), "reason": "Chuyển đi"})
    assert no_last_month.status_code == 422 and no_last_month.json()["errors"][0]["field"] == "last_month"
    stopped = _post(client, f"{url}/stop", {**decision_raw(), "reason": "Chuyển đi", "last_month": "2026-11"})
    assert (stopped.json()["status"], stopped.json()["end_month"]) == ("stopped", "2026-11-01")


def test_death_and_history(client, commune_officer, elder, enrol):
    enrolment = enrol(elder, actor=commune_officer)
    client.force_login(commune_officer)
    death = _post(
        client,
        f"{BASE}/persons/{elder.pk}/death",
        {**decision_raw(effective=""), "death_date": "14/09/2026", "payee_name": "Lò Văn Hùng"},
    )
    assert death.status_code == 200, death.json()
    body = death.json()
    assert body["stopped"] == [enrolment.pk] and body["funeral"]["amount"] == 20 * STANDARD
    assert body["funeral"]["due_month"] == "2026-10-01" and body["decision"]["kind"] == "funeral"
    twice = _post(client, f"{BASE}/persons/{elder.pk}/death", {"death_date": "2026-09-14"})
    assert (
        twice.status_code == 200
        and twice.json()["stopped"] == []
        and twice.json()["funeral"]["id"] == body["funeral"]["id"]
    )

    history = client.get(f"{BASE}/persons/{elder.pk}/history?until=2026-12").json()
    (entry,) = history["enrolments"]
    assert [m["month"] for m in entry["timeline"]] == ["2026-07-01", "2026-08-01", "2026-09-01", "2026-10-01"]
    assert [m["state"] for m in entry["timeline"]][-2:] == ["payable", "ended"]
    assert entry["timeline"][0]["lines"][0]["amount"] == STANDARD * 3 // 2
    assert history["one_offs"][0]["amount"] == 20 * STANDARD and history["payment_lines"] == []
    assert AuditEvent.objects.filter(
        actor=commune_officer, action=AuditAction.VIEW, object_id=str(elder.pk)
    ).exists()


def test_move_through_the_api(client, province_officer, other_province_officer, elder, enrol, ha_noi_commune):
    enrolment = enrol(elder)
    client.force_login(province_officer)
    moved = _post(
        client,
        f"{BASE}/persons/{elder.pk}/move",
        {**decision_raw(effective=""), "to_commune_id": ha_noi_commune.pk, "from_month": "2026-10"},
    )
    assert moved.status_code == 200, moved.json()
    assert moved.json()["moved"] == [enrolment.pk] and moved.json()["province_code"] == "01"
    assert client.get(f"{BASE}/enrolments/{enrolment.pk}").status_code == 404
    client.force_login(other_province_officer)
    assert client.get(f"{BASE}/enrolments/{enrolment.pk}").json()["province_code"] == "01"
    assert Enrolment.objects.get(pk=enrolment.pk).commune_id == ha_noi_commune.pk
