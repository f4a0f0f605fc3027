"""The merit allowance decisions under /api/v1/merit/records/{id}/…: scope (a commune officer acts on the
commune's records only; an out-of-scope record is 404 whatever the body), every bad field named."""

from __future__ import annotations

import json

import pytest

from ansinh.benefits.models import Decision, Enrolment
from ansinh.merit.models import RecordStatus

pytestmark = pytest.mark.django_db

BASE = "/api/v1/merit/records"


def _post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def decision(**extra):
    return {
        "number": "15/QĐ-SNV",
        "signed_on": "2025-09-20",
        "signer": "Giám đốc Sở Nội vụ",
        "basis": "Pháp lệnh 02/2020/UBTVQH14; Nghị định 131/2021/NĐ-CP",
        **extra,
    }


@pytest.fixture
def hero(make_person, make_record):
    person = make_person(birth_date="1940-02-02", sex="M", bank_code="VCB", bank_account="7711223344")
    return make_record(person, category="hero")


def test_a_commune_officer_decides_the_allowance_of_a_record_of_the_commune(client, commune_officer, hero):
    client.force_login(commune_officer)
    response = _post(client, f"{BASE}/{hero.pk}/allowance", decision(effective_month="2025-10"))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["enrolment_status"] == "active" and body["start_month"] == "2025-10-01"
    enrolment = Enrolment.objects.get(pk=body["enrolment"])
    assert enrolment.regime == "merit" and enrolment.facts == {"category": "hero"}
    signed = Decision.objects.get(pk=body["decision"])
    assert signed.facts["basis"].startswith("Pháp lệnh") and signed.facts["monthly_amount"] == 2_337_000


def test_a_record_out_of_scope_is_not_found_whatever_the_body(
    client, other_commune_officer, other_province_officer, hero
):
    for officer in (other_commune_officer, other_province_officer):
        client.force_login(officer)
        for path in ("allowance", "death", "termination", "transfer", "remarriage", "suspension"):
            response = _post(client, f"{BASE}/{hero.pk}/{path}", decision(effective_month="2025-10"))
            assert response.status_code == 404, (officer, path)
    assert not Enrolment.objects.exists()


def test_bad_input_names_every_field(client, province_officer, hero):
    client.force_login(province_officer)
    response = _post(
        client,
        f"{BASE}/{hero.pk}/allowance",
        {"number": "", "signed_on": "hôm qua", "effective_month": "13/2025", "lives_at_home": None},
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"number", "signed_on", "effective_month", "signer", "basis"} <= fields
    response = _post(client, f"{BASE}/{hero.pk}/transfer", decision(slip_month="2025-09", to_commune="abc"))
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"to_commune"}


def test_a_category_the_law_does_not_fit_is_refused_naming_the_fact(client, province_officer, hero):
    client.force_login(province_officer)
    response = _post(
        client, f"{BASE}/{hero.pk}/allowance", decision(effective_month="2025-10", lives_alone=True)
    )
    assert response.status_code == 422
    assert response.json()["field"] == "lives_alone"


def test_death_and_suspension_through_the_api(client, province_officer, hero):
    client.force_login(province_officer)
    assert (
        _post(client, f"{BASE}/{hero.pk}/allowance", decision(effective_month="2025-08")).status_code == 201
    )
    response = _post(
        client,
        f"{BASE}/{hero.pk}/suspension",
        decision(number="16/QĐ-SNV", effective_month="2025-09", reason="Không lĩnh trợ cấp"),
    )
    assert response.status_code == 201 and response.json()["status"] == RecordStatus.SUSPENDED
    response = _post(
        client,
        f"{BASE}/{hero.pk}/death",
        decision(number="17/QĐ-SNV", death_date="2025-09-10", payee_name="Lò Thị Hoa"),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == RecordStatus.DECEASED and body["end_month"] == "2025-09-01"
    assert body["funeral_amount"] == 23_400_000 and body["notes"]
