"""A merit enrolment seen from the pages that show every enrolment: the person page (with this month's
amount), the benefit history and the enrolment page render it; the benefits forms do not change it (its
decisions are taken on the merit record)."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.benefits.inputs import DecisionData
from ansinh.merit.allowance import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolled(make_person, make_record, province_officer):
    person = make_person(birth_date="1940-02-02", sex="M", bank_code="VCB", bank_account="7711223366")
    record = make_record(person, category="hero")
    decision = DecisionData(
        number="31/QĐ-SNV", signed_on=dt.date(2025, 9, 20), signer="Giám đốc Sở Nội vụ",
        effective_month=dt.date(2025, 10, 1),
    )  # fmt: skip
    enrolment = services.allowance_enrol(
        actor=province_officer, record_id=record.pk, decision=decision, basis="Pháp lệnh 02/2020/UBTVQH14"
    )
    return record, enrolment


def test_the_pages_that_list_enrolments_show_a_merit_one(client, commune_officer, enrolled):
    record, enrolment = enrolled
    client.force_login(commune_officer)
    person_page = client.get(f"/persons/{record.person_id}/")
    assert person_page.status_code == 200
    text = person_page.content.decode()
    assert "trợ cấp tháng này: 2.524.000" in text or "trợ cấp tháng này: 2.337.000" in text
    assert client.get(f"/benefits/persons/{record.person_id}/").status_code == 200
    assert client.get(f"/benefits/{enrolment.pk}/").status_code == 200


def test_the_benefits_forms_do_not_change_a_merit_enrolment(client, commune_officer, enrolled):
    _, enrolment = enrolled
    client.force_login(commune_officer)
    answer = client.get(f"/benefits/{enrolment.pk}/adjust/")
    assert answer.status_code == 409
    answer = client.post(f"/benefits/{enrolment.pk}/stop/", {"confirmed": "1"})
    assert answer.status_code == 409
    enrolment.refresh_from_db()
    assert enrolment.status == "active"
