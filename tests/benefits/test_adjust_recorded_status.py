"""The adjust form of an existing enrolment reads the household's poverty as the enrol form does: the
commune's recorded decision for the adjustment's effective month, read-only with its decision, a
contradicting typed value ignored; typed (with the hint) where no decision covers the month, and asked for
when the month typed has none after a recorded status was shown."""

from __future__ import annotations

import datetime as dt

import pytest

from ansinh.benefits.models import Enrolment
from tests.benefits.test_enrol_recorded_status import HINT, _household_select, household, record  # noqa: F401
from tests.benefits.test_enrolment_helpers import decision_raw, enroller, make_elder

pytestmark = pytest.mark.django_db


@pytest.fixture
def elder(make_person):
    return make_elder(make_person)


@pytest.fixture
def enrolment(elder, household, commune_officer):  # noqa: F811
    """Enrolled from 07/2026 under clause 5a, the household typed poor (no decision recorded then)."""
    return enroller(commune_officer)(elder, actor=commune_officer)


def _adjust(enrolment, **extra) -> dict:
    return {
        **decision_raw(effective="10/2026"),
        "clauses": ["5a"],
        "household": "poor",
        "children": "0",
        "pension_monthly": "0",
        "version": str(enrolment.version),
        "confirmed": "1",
        **extra,
    }


def test_without_a_recorded_status_the_household_is_typed_with_a_hint(client, commune_officer, enrolment):
    client.force_login(commune_officer)
    body = client.get(f"/benefits/{enrolment.pk}/adjust/").content.decode()
    select = _household_select(body)
    assert "disabled" not in select and '<option value="poor" selected>' in select
    assert HINT in body


def test_the_recorded_status_of_the_effective_month_is_shown_read_only(
    client,
    commune_officer,
    enrolment,
    household,  # noqa: F811
):
    record(household, "near_poor", dt.date(2026, 9, 1))
    client.force_login(commune_officer)
    url = f"/benefits/{enrolment.pk}/adjust/"
    body = client.get(url, {"effective_month": "10/2026"}).content.decode()
    select = _household_select(body)
    assert "disabled" in select and '<option value="near_poor" selected>' in select
    assert "Hộ cận nghèo theo Quyết định số 30/QĐ-UBND ngày 01/09/2026" in body
    assert HINT not in body
    # An effective month before the decision: typed, as when nothing is recorded.
    august = client.get(url, {"effective_month": "08/2026"}).content.decode()
    assert "disabled" not in _household_select(august) and HINT in august


def test_a_contradicting_typed_value_is_ignored(client, commune_officer, enrolment, household):  # noqa: F811
    """Typed "poor" against a household the commune recorded as escaped from 01/09/2026: clause 5a no longer
    applies from 10/2026, so the adjustment is refused, whatever was typed."""
    record(household, "escaped", dt.date(2026, 9, 1))
    client.force_login(commune_officer)
    response = client.post(f"/benefits/{enrolment.pk}/adjust/", _adjust(enrolment, household="poor"))
    assert response.status_code == 422
    assert "Không đủ điều kiện" in response.content.decode()
    assert Enrolment.objects.get(pk=enrolment.pk).version == enrolment.version


def test_the_recorded_status_is_what_is_recorded(client, commune_officer, enrolment, household):  # noqa: F811
    record(household, "poor", dt.date(2026, 9, 1))
    client.force_login(commune_officer)
    response = client.post(
        f"/benefits/{enrolment.pk}/adjust/", _adjust(enrolment, household="none", children="0")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    enrolment.refresh_from_db()
    assert enrolment.facts["household"] == "poor"


def test_a_month_without_a_decision_asks_for_the_household(
    client,
    commune_officer,
    enrolment,
    household,  # noqa: F811
):
    """Shown read-only for this month, then an effective month before the decision typed with nothing
    posted for the household: asked for, not taken as "none"."""
    record(household, "poor", dt.date(2026, 9, 1))
    client.force_login(commune_officer)
    data = _adjust(enrolment, effective_month="08/2026")
    del data["household"]
    response = client.post(f"/benefits/{enrolment.pk}/adjust/", data)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Không có quyết định nào của UBND xã áp dụng cho tháng hiệu lực" in body
    assert "disabled" not in _household_select(body)
    assert Enrolment.objects.get(pk=enrolment.pk).version == enrolment.version
