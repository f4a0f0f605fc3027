"""The benefit pages through Django's test client, in Vietnamese (the default language)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ansinh.benefits.models import Enrolment, EnrolmentStatus, OneOffEntitlement
from tests.benefits.test_enrolment_helpers import (
    BANK,
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


def _form(**extra) -> dict:
    data = {
        **decision_raw(effective="07/2026"),
        "signed_on": "10/07/2026",
        "regime": "social_assistance",
        "clauses": ["5a"],
        "household": "poor",
        "children": "0",
        "pension_monthly": "0",
        "channel": "bank",
    }
    data.update(extra)
    return data


def test_the_person_page_offers_benefits(client, commune_officer, elder):
    client.force_login(commune_officer)
    body = client.get(f"/persons/{elder.pk}/").content.decode()
    assert f"/benefits/persons/{elder.pk}/enrol/" in body
    assert f"/benefits/persons/{elder.pk}/death/" in body and f"/benefits/persons/{elder.pk}/move/" in body


def test_enrol_form_renders_in_vietnamese_with_the_clauses(client, commune_officer, elder):
    client.force_login(commune_officer)
    response = client.get(f"/benefits/persons/{elder.pk}/enrol/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert 'type="checkbox" name="clauses" value="5a"' in body
    assert "Số quyết định" in body and "Khoản 5a" in body


def test_enrol_form_shows_field_errors_and_keeps_values(client, commune_officer, elder):
    client.force_login(commune_officer)
    response = client.post(
        f"/benefits/persons/{elder.pk}/enrol/",
        {**_form(number="12/QĐ UBND!", signed_on="01/01/2099"), "confirmed": "1"},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Số quyết định gồm tối đa 40" in body and "Ngày ký ở tương lai." in body
    assert 'value="Lò Văn Minh"' in body
    assert not Enrolment.objects.exists()


def test_enrol_form_refusal_on_top(client, commune_officer, elder):
    client.force_login(commune_officer)
    response = client.post(
        f"/benefits/persons/{elder.pk}/enrol/", {**_form(household="none"), "confirmed": "1"}
    )
    assert response.status_code == 422
    assert "Không đủ điều kiện" in response.content.decode()


def test_enrol_then_see_the_enrolment(client, commune_officer, elder):
    client.force_login(commune_officer)
    response = client.post(
        f"/benefits/persons/{elder.pk}/enrol/", {**_form(number="44/QĐ-UBND"), "confirmed": "1"}
    )
    enrolment = Enrolment.objects.get(person=elder)
    assert response.status_code == 302 and response.url == f"/benefits/{enrolment.pk}/"
    page = client.get(response.url).content.decode()
    assert "44/QĐ-UBND" in page and "810.000 đ" in page and "07/2026" in page
    assert "Điều chỉnh" in page  # the actions are offered to an officer who may decide


def test_live_preview_of_the_amount(client, commune_officer, elder):
    client.force_login(commune_officer)
    url = f"/benefits/persons/{elder.pk}/enrol/preview/"
    body = client.post(url, _form(), HTTP_HX_REQUEST="true").content.decode()
    assert 'id="preview"' in body and "810.000 đ" in body and "× 1,5" in body
    contradiction = client.post(url, _form(clauses=["1"]), HTTP_HX_REQUEST="true").content.decode()
    assert 'class="errorlist"' in contradiction
    empty = client.post(url, {"regime": ""}, HTTP_HX_REQUEST="true").content.decode()
    assert "810.000" not in empty


def test_list_with_filters_and_constant_queries(client, province_officer, make_person, enrol):
    for year in (1940, 1941, 1942):
        enrol(make_person(birth_date=f"{year}-01-01", **BANK))
    client.force_login(province_officer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/benefits/?regime=social_assistance&clause=5a")
    assert response.status_code == 200
    assert response.content.decode().count('href="/benefits/') >= 3
    many = len(queries)
    enrol(make_person(birth_date="1943-01-01", **BANK))
    with CaptureQueriesContext(connection) as queries:
        client.get("/benefits/?regime=social_assistance&clause=5a")
    assert len(queries) == many  # not one query per row
    assert "Không tìm thấy" in client.get("/benefits/?status=stopped").content.decode()


def test_actions_from_the_enrolment_page(client, commune_officer, elder, enrol):
    enrolment = enrol(elder, actor=commune_officer)
    client.force_login(commune_officer)
    url = f"/benefits/{enrolment.pk}/"
    assert client.get(f"{url}suspend/").status_code == 200
    stale = client.post(
        f"{url}suspend/",
        {**decision_raw(effective="09/2026"), "reason": "Đi vắng", "version": "0", "confirmed": "1"},
    )
    assert stale.status_code == 409
    done = client.post(
        f"{url}suspend/",
        {
            **decision_raw(effective="09/2026"),
            "reason": "Đi vắng",
            "version": str(enrolment.version),
            "confirmed": "1",
        },
    )
    assert done.status_code == 302
    assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.SUSPENDED
    adjust = client.get(f"{url}adjust/").content.decode()
    # The adjust form starts from the facts in force.
    assert re.search(r'value="5a" id="id_clauses_\d+" checked', adjust)
    assert not re.search(r'value="5d" id="id_clauses_\d+" checked', adjust)
    assert client.get(f"{url}unknown/").status_code == 404


def test_record_death_from_the_person_page(client, commune_officer, elder, enrol):
    enrol(elder, actor=commune_officer)
    client.force_login(commune_officer)
    url = f"/benefits/persons/{elder.pk}/death/"
    assert client.get(url).status_code == 200
    missing = client.post(url, {"death_date": "14/09/2026", "confirmed": "1"})
    assert missing.status_code == 422  # a beneficiary's death needs the decision
    response = client.post(
        url, {**decision_raw(), "death_date": "14/09/2026", "payee_name": "Lò Văn Hùng", "confirmed": "1"}
    )
    assert response.status_code == 302
    assert OneOffEntitlement.objects.get(person=elder).amount == 10_800_000
    person_page = client.get(f"/persons/{elder.pk}/").content.decode()
    assert "10.800.000 đ" in person_page and "Lò Văn Hùng" in person_page


def test_record_a_move(client, province_officer, elder, enrol, commune_b):
    enrolment = enrol(elder)
    client.force_login(province_officer)
    url = f"/benefits/persons/{elder.pk}/move/"
    form = client.get(url).content.decode()
    assert f'value="{commune_b.pk}"' in form
    response = client.post(
        url,
        {
            **decision_raw(),
            "to_commune": str(commune_b.pk),
            "from_month": "10/2026",
            "version": str(elder.version),
            "confirmed": "1",
        },
    )
    assert response.status_code == 302
    assert Enrolment.objects.get(pk=enrolment.pk).commune_id == commune_b.pk


def test_benefit_history_page(client, commune_officer, elder, enrol):
    enrol(elder, actor=commune_officer)
    client.force_login(commune_officer)
    body = client.get(f"/benefits/persons/{elder.pk}/").content.decode()
    assert "810.000 đ" in body and "Khoản 5a" in body and "07/2026" in body


def test_pages_refuse_out_of_scope_and_roles(
    client, elder, enrol, other_commune_officer, analyst, counsellor
):
    enrolment = enrol(elder)
    client.force_login(other_commune_officer)
    assert client.get(f"/benefits/{enrolment.pk}/").status_code == 404
    assert client.get(f"/benefits/persons/{elder.pk}/enrol/").status_code == 404
    client.force_login(analyst)
    assert client.get(f"/benefits/{enrolment.pk}/").status_code == 200
    assert client.get(f"/benefits/persons/{elder.pk}/enrol/").status_code == 403
    client.force_login(counsellor)
    assert client.get("/benefits/").status_code == 403
    client.logout()
    assert client.get("/benefits/").status_code == 302
