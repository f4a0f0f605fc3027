"""Enrolling, suspending, stopping, a death and a move ask first, in the server's words; without
`confirmed` nothing changes."""

from __future__ import annotations

import pytest

from ansinh.benefits.models import Enrolment, EnrolmentStatus
from tests.benefits.test_benefits_web import _form
from tests.benefits.test_enrolment_helpers import decision_raw, enroller, make_elder

pytestmark = pytest.mark.django_db


@pytest.fixture
def elder(make_person):
    return make_elder(make_person)


def _asked(response) -> str:
    html = response.content.decode()
    assert response.status_code == 200 and "data-confirm-content" in html, html[:300]
    return html


def test_enrolling_asks_with_the_monthly_amount(client, commune_officer, elder):
    client.force_login(commune_officer)
    html = _asked(client.post(f"/benefits/persons/{elder.pk}/enrol/", _form(number="44/QĐ-UBND")))
    assert "Lò Thị Mai" in html and "810.000 đ" in html and "07/2026" in html
    assert not Enrolment.objects.exists()


def test_suspending_and_stopping_ask_first(client, commune_officer, elder, province_officer):
    enrolment = enroller(province_officer)(elder, actor=commune_officer)
    client.force_login(commune_officer)
    for action in ("suspend", "stop"):
        data = {**decision_raw(effective="09/2026"), "reason": "Đi vắng", "last_month": "09/2026",
                "version": str(enrolment.version)}  # fmt: skip
        assert "Lò Thị Mai" in _asked(client.post(f"/benefits/{enrolment.pk}/{action}/", data))
    assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.ACTIVE


def test_a_death_asks_first_naming_what_stops(client, commune_officer, elder, province_officer):
    enroller(province_officer)(elder, actor=commune_officer)
    client.force_login(commune_officer)
    url = f"/benefits/persons/{elder.pk}/death/"
    html = _asked(
        client.post(url, {**decision_raw(), "death_date": "14/09/2026", "payee_name": "Lò Văn Hùng"})
    )
    assert "Lò Thị Mai" in html and "14/09/2026" in html and "1 chế độ" in html
    elder.refresh_from_db()
    assert Enrolment.objects.get(person=elder).end_month is None


def test_a_form_with_errors_is_not_asked_about(client, commune_officer, elder):
    client.force_login(commune_officer)
    response = client.post(f"/benefits/persons/{elder.pk}/death/", {"death_date": "31/02/2026"})
    assert response.status_code == 422 and "data-confirm-content" not in response.content.decode()
