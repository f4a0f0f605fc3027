"""Every payment step that moves money asks first, in the cycle's own figures; without `confirmed` nothing
changes. The confirmation is not offered to whom the step is refused anyway, nor outside the scope."""

from __future__ import annotations

import pytest

from ansinh.payments import services
from ansinh.payments.models import CycleStatus, LineStatus, PaymentLine
from tests.payments.conftest import MONTH

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(enrol, generated):
    enrol(start_month=MONTH)
    enrol(start_month=MONTH, account=False)
    return generated()


def _summary(response) -> str:
    html = response.content.decode()
    assert response.status_code == 200 and "data-confirm-content" in html, html[:300]
    return html.split('class="confirm-summary"><strong>')[1].split("</strong>")[0]


def test_approval_asks_with_the_count_and_the_total(client, cycle, province_officer, approver):
    services.cycle_submit(actor=province_officer, cycle=cycle)
    cycle.refresh_from_db()
    client.force_login(approver)
    response = client.post(f"/payments/cycles/{cycle.pk}/approve/")
    lines = f"{cycle.line_count:,}".replace(",", ".")
    total = f"{cycle.total_amount:,}".replace(",", ".")
    assert _summary(response) == f"Duyệt {lines} dòng, {total} đ."
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.SUBMITTED


@pytest.mark.parametrize("step", ["generate", "submit"])
def test_maker_steps_ask_first(client, cycle, province_officer, step):
    client.force_login(province_officer)
    before = (cycle.status, cycle.job_id, cycle.line_count)
    response = client.post(f"/payments/cycles/{cycle.pk}/{step}/")
    assert "dòng" in _summary(response) or "Lập" in _summary(response)
    cycle.refresh_from_db()
    assert (cycle.status, cycle.job_id, cycle.line_count) == before


def test_sending_back_asks_first_and_names_the_reason(client, cycle, province_officer, approver):
    services.cycle_submit(actor=province_officer, cycle=cycle)
    client.force_login(approver)
    response = client.post(f"/payments/cycles/{cycle.pk}/reject/", {"reason": "Sai số tài khoản"})
    assert "Lý do: Sai số tài khoản" in response.content.decode()
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.SUBMITTED


def test_bank_batch_and_cash_ask_first(client, cycle, province_officer, approver):
    client.force_login(province_officer)
    bank_line = cycle.lines.get(channel="bank")
    response = client.post(f"/payments/lines/{bank_line.pk}/cash/", {"reason": "Ốm nặng"})
    assert bank_line.payee_name in _summary(response)
    assert PaymentLine.objects.get(pk=bank_line.pk).channel == "bank"
    services.cycle_submit(actor=province_officer, cycle=cycle)
    services.cycle_approve(actor=approver, cycle=cycle)
    response = client.post(f"/payments/cycles/{cycle.pk}/export/", {"fmt": "csv"})
    assert "data-confirm-content" in response.content.decode()
    assert not cycle.batches.exists()
    cash_line = cycle.lines.get(channel="cash")
    response = client.post(f"/payments/lines/{cash_line.pk}/cash-paid/")
    assert cash_line.payee_name in _summary(response)
    assert PaymentLine.objects.get(pk=cash_line.pk).status == LineStatus.PENDING


def test_no_question_for_whom_the_step_is_refused(client, cycle, province_officer, commune_officer):
    services.cycle_submit(actor=province_officer, cycle=cycle)
    client.force_login(province_officer)  # the maker may not approve: refused as before, no figures asked
    response = client.post(f"/payments/cycles/{cycle.pk}/approve/")
    assert response.status_code == 302
    client.force_login(commune_officer)
    response = client.post(f"/payments/cycles/{cycle.pk}/approve/")
    assert "data-confirm-content" not in response.content.decode()


def test_out_of_scope_is_404_before_any_question(client, cycle, other_province_officer):
    client.force_login(other_province_officer)
    assert client.post(f"/payments/cycles/{cycle.pk}/generate/").status_code == 404
