"""The enrol form takes the household's poverty from the commune's decision where one is recorded for the
decision's effective month: shown read-only, pre-filled, a contradicting typed value ignored; where none is
recorded the officer types it, with a hint that it counts until the commune's review decides."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from ansinh.benefits.models import Enrolment
from ansinh.poverty.models import PovertyStatus
from ansinh.poverty.selectors import person_status_on
from ansinh.registry.models import HouseholdMember
from tests.benefits.test_enrolment_helpers import decision_raw, make_elder

pytestmark = pytest.mark.django_db

HINT = "Dùng cho đến khi UBND xã có quyết định rà soát hộ nghèo, hộ cận nghèo."


@pytest.fixture
def elder(make_person):
    return make_elder(make_person)


@pytest.fixture
def household(elder, commune_officer):
    """The elder heads a household of commune A."""
    from ansinh.registry.inputs import HouseholdData
    from ansinh.registry.services import household_create

    data = HouseholdData(commune_id=elder.commune_id, address_detail="Bản Noong Bua")
    return household_create(actor=commune_officer, data=data, head_id=elder.pk)


def record(household, value: str, valid_from: dt.date, valid_to: dt.date | None = None) -> PovertyStatus:
    return PovertyStatus.objects.create(
        household=household,
        status=value,
        transition="newly_poor" if value == "poor" else "none",
        valid_from=valid_from,
        valid_to=valid_to,
        decision_number="30/QĐ-UBND",
        decision_date=valid_from,
        commune_id=household.commune_id,
        province_code=household.province_code,
    )


def _form(**extra) -> dict:
    return {
        **decision_raw(effective="07/2026"),
        "signed_on": "10/07/2026",
        "regime": "social_assistance",
        "clauses": ["5a"],
        "household": "poor",
        "children": "0",
        "pension_monthly": "0",
        "channel": "bank",
        "confirmed": "1",
        **extra,
    }


def _household_select(body: str) -> str:
    match = re.search(r'<select name="household"[^>]*>.*?</select>', body, re.S)
    assert match, "the household field is on the form"
    return match.group(0)


def test_without_a_recorded_status_the_household_is_typed_with_a_hint(client, commune_officer, household):
    client.force_login(commune_officer)
    body = client.get(f"/benefits/persons/{household.head_id}/enrol/").content.decode()
    select = _household_select(body)
    assert "disabled" not in select
    assert '<option value="none" selected>' in select
    assert HINT in body and "theo Quyết định số" not in body


def test_a_recorded_status_is_shown_read_only_and_pre_filled(client, commune_officer, household):
    record(household, "poor", dt.date(2026, 1, 5))
    client.force_login(commune_officer)
    body = client.get(f"/benefits/persons/{household.head_id}/enrol/").content.decode()
    select = _household_select(body)
    assert "disabled" in select and '<option value="poor" selected>' in select
    commune = household.commune.name
    commune = commune[:1].lower() + commune[1:]  # "xã …" inside the sentence
    sentence = f"Hộ nghèo theo Quyết định số 30/QĐ-UBND ngày 05/01/2026 của UBND {commune}."
    assert sentence in body
    assert "Số tiền hằng tháng theo tình trạng hộ đã ghi nhận của từng tháng." in body
    assert HINT not in body


def test_escaped_poverty_reads_as_neither_poor_nor_near_poor(client, commune_officer, household):
    record(household, "escaped", dt.date(2026, 1, 5))
    client.force_login(commune_officer)
    body = client.get(f"/benefits/persons/{household.head_id}/enrol/").content.decode()
    select = _household_select(body)
    assert "disabled" in select and '<option value="none" selected>' in select
    assert "Thoát nghèo hoặc thoát cận nghèo theo Quyết định số 30/QĐ-UBND" in body


def test_a_contradicting_typed_value_is_ignored(client, commune_officer, household):
    """Typed "none" against a recorded poor household: the recorded status is what is enrolled (5a)."""
    record(household, "poor", dt.date(2026, 1, 5))
    client.force_login(commune_officer)
    response = client.post(f"/benefits/persons/{household.head_id}/enrol/", _form(household="none"))
    assert response.status_code == 302
    assert Enrolment.objects.get(person_id=household.head_id).facts["household"] == "poor"


def test_a_contradicting_typed_value_cannot_enrol_against_the_status(client, commune_officer, household):
    """Typed "poor" against a household recorded as having escaped: refused as not eligible, not enrolled."""
    record(household, "escaped", dt.date(2026, 1, 5))
    client.force_login(commune_officer)
    response = client.post(f"/benefits/persons/{household.head_id}/enrol/", _form(household="poor"))
    assert response.status_code == 422
    assert "Không đủ điều kiện" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_the_status_is_read_on_the_decisions_effective_month(client, commune_officer, household):
    """Recorded only from September: for a decision effective in July the value is typed, as for a
    household never reviewed."""
    record(household, "poor", dt.date(2026, 9, 1))
    client.force_login(commune_officer)
    url = f"/benefits/persons/{household.head_id}/enrol/"
    july = client.get(url, {"effective_month": "07/2026"}).content.decode()
    assert "disabled" not in _household_select(july) and HINT in july
    response = client.post(url, _form(household="near_poor", clauses=["5a"], effective_month="07/2026"))
    assert response.status_code == 422  # 5a needs a poor household: the typed value counts here
    response = client.post(url, _form(household="poor"))
    assert response.status_code == 302
    assert Enrolment.objects.get(person_id=household.head_id).facts["household"] == "poor"


def test_an_effective_month_before_the_first_decision_asks_for_the_household(
    client, commune_officer, household
):
    """Shown read-only for this month (nothing posted for it), then an earlier effective month typed: no
    decision covers it, so the household is asked for, not taken as "none"."""
    record(household, "poor", dt.date(2026, 9, 1))
    client.force_login(commune_officer)
    url = f"/benefits/persons/{household.head_id}/enrol/"
    assert "disabled" in _household_select(client.get(url).content.decode())
    data = _form(effective_month="07/2026")
    del data["household"]
    response = client.post(url, data)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Không có quyết định nào của UBND xã áp dụng cho tháng hiệu lực" in body
    assert "disabled" not in _household_select(body)
    assert not Enrolment.objects.exists()


def test_the_live_preview_uses_the_recorded_status(client, commune_officer, household):
    record(household, "poor", dt.date(2026, 1, 5))
    client.force_login(commune_officer)
    url = f"/benefits/persons/{household.head_id}/enrol/preview/"
    body = client.post(url, _form(household="none"), HTTP_HX_REQUEST="true").content.decode()
    assert "810.000 đ" in body


def test_the_status_is_read_in_one_query(household, make_person, django_assert_num_queries):
    record(household, "near_poor", dt.date(2026, 1, 5), dt.date(2026, 6, 30))
    record(household, "poor", dt.date(2026, 7, 1))
    with django_assert_num_queries(1):
        found = person_status_on(household.head_id, dt.date(2026, 3, 1))
    assert found is not None and found.status == "near_poor" and found.decision_number == "30/QĐ-UBND"
    assert person_status_on(household.head_id, dt.date(2025, 12, 31)) is None
    assert person_status_on(make_person().pk, dt.date(2026, 3, 1)) is None  # in no household


def test_a_member_who_left_the_household_has_no_status_from_then(household):
    record(household, "poor", dt.date(2026, 1, 5))
    HouseholdMember.objects.filter(household=household).update(left_on=dt.date(2026, 5, 1))
    assert person_status_on(household.head_id, dt.date(2026, 4, 30)).status == "poor"
    assert person_status_on(household.head_id, dt.date(2026, 5, 1)) is None
