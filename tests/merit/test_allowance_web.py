"""Officer pages of the merit allowance: each decision is confirmed before it is saved, the record page shows
this month's amount as the cycle computes it, and a record out of scope is not found."""

from __future__ import annotations

import pytest

from ansinh.benefits.models import Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def hero(make_person, make_record):
    person = make_person(birth_date="1940-02-02", sex="M", bank_code="VCB", bank_account="7711223355")
    return make_record(person, category="hero")


FIELDS = {
    "number": "21/QĐ-SNV",
    "signed_on": "20/09/2025",
    "signer": "Giám đốc Sở Nội vụ",
    "basis": "Pháp lệnh 02/2020/UBTVQH14",
    "effective_month": "10/2025",
    "channel": "bank",
}


def test_the_allowance_is_decided_after_a_confirmation(client, commune_officer, hero):
    client.force_login(commune_officer)
    page = client.get(f"/merit/{hero.pk}/allowance/enrol/")
    assert page.status_code == 200 and "Căn cứ" in page.content.decode()
    asked = client.post(f"/merit/{hero.pk}/allowance/enrol/", FIELDS)
    text = asked.content.decode()
    assert asked.status_code == 200 and "10/2025" in text and hero.person.full_name in text
    assert not Enrolment.objects.exists()
    done = client.post(f"/merit/{hero.pk}/allowance/enrol/", {**FIELDS, "confirmed": "1"})
    assert done.status_code == 302 and done["Location"] == f"/merit/{hero.pk}/"
    enrolment = Enrolment.objects.get()
    assert enrolment.regime == "merit" and enrolment.start_month.isoformat() == "2025-10-01"
    record_page = client.get(f"/merit/{hero.pk}/").content.decode()
    # Phụ lục I item 5 (Decree 77/2024): 2.337.000 đ until the 2026 standard, then adjusted to 3.012.000 đ.
    assert "Trợ cấp hằng tháng" in record_page and ("2.337.000" in record_page or "2.524.000" in record_page)


def test_bad_fields_are_named_and_nothing_is_saved(client, province_officer, hero):
    client.force_login(province_officer)
    answer = client.post(
        f"/merit/{hero.pk}/allowance/enrol/", {**FIELDS, "effective_month": "13/2025", "basis": ""}
    )
    assert answer.status_code == 422
    assert not Enrolment.objects.exists()


def test_an_unknown_decision_or_a_record_out_of_scope_is_not_found(
    client, other_commune_officer, commune_officer, hero
):
    client.force_login(commune_officer)
    assert client.get(f"/merit/{hero.pk}/allowance/whatever/").status_code == 404
    client.force_login(other_commune_officer)
    assert client.get(f"/merit/{hero.pk}/allowance/enrol/").status_code == 404
    assert client.post(f"/merit/{hero.pk}/allowance/death/", {**FIELDS, "confirmed": "1"}).status_code == 404
